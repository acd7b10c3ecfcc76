/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * checksum.h: the values guests write and the way they fold what they read
 * back into a checksum. Included by the guests and by the host-side tests,
 * which recompute the expected checksum from the parameters alone.
 */
#ifndef GUEST_CHECKSUM_H
#define GUEST_CHECKSUM_H

#include <stdint.h>

/* splitmix64's finaliser: a bijection that spreads every input bit. */
static inline uint64_t hv_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static inline uint64_t hv_fold(uint64_t sum, uint64_t v)
{
	return hv_mix64(sum ^ v) + 0x9e3779b97f4a7c15ULL;
}

/* memtouch: the word page p of space s holds after round r. */
static inline uint64_t memtouch_value(uint64_t r, uint64_t s, uint64_t p)
{
	return hv_mix64(r << 44 ^ s << 32 ^ p);
}

/* dirty: word i of page p holds dirty_value(r, p) + i after round r. */
static inline uint64_t dirty_value(uint64_t r, uint64_t p)
{
	return hv_mix64(r << 40 ^ p ^ 0x6469727479ULL);
}

#endif

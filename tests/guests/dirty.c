// SPDX-License-Identifier: GPL-2.0-only
// dirty.c: rewrites every word of M MiB in rounds, so that a host with
// dirty logging on sees every page dirtied each round. After writing a
// round it reads one word per page back, folds it into that round's
// checksum and prints it; between rounds it pauses on the PIT.
#include <stddef.h>
#include "lib/checksum.h"
#include "lib/guest.h"
#include "lib/mem.h"
#include "lib/pit.h"
#include "lib/printf.h"
#include "lib/x86.h"

#define WORDS_PER_PAGE	(PAGE_SIZE / sizeof(uint64_t))

static uint64_t mib = 16, rounds = 20, pause_ms = 10;

static enum guest_exit dirty_main(void)
{
	uint64_t pages = mib * MIB / PAGE_SIZE, r, p, sum = 0, bad = 0;
	volatile uint64_t *mem = mem_alloc(mib * MIB, PAGE_SIZE);

	for (r = 0; r < rounds; r++) {
		for (p = 0; p < pages; p++) {
			uint64_t v = dirty_value(r, p), i;

			for (i = 0; i < WORDS_PER_PAGE; i++)
				mem[p * WORDS_PER_PAGE + i] = v + i;
		}
		sum = 0;
		for (p = 0; p < pages; p++) {
			uint64_t i = p % WORDS_PER_PAGE;
			uint64_t w = mem[p * WORDS_PER_PAGE + i];

			bad += w != dirty_value(r, p) + i;
			sum = hv_fold(sum, w);
		}
		kprintf("dirty: round %lu checksum=0x%016lx\n", r, sum);
		pit_sleep_ms(pause_ms);
	}
	kprintf("hv-test: dirty rounds=%lu mib=%lu checksum=0x%016lx bad=%lu\n",
		rounds, mib, sum, bad);
	return bad ? GUEST_CHECK_FAILED : GUEST_OK;
}

static const struct guest_param dirty_params[] = {
	{ "mib", &mib, 1, 1024 },
	{ "rounds", &rounds, 1, 1000000 },
	{ "pause_ms", &pause_ms, 0, 10000 },
	{ NULL },
};

const struct guest guest = {
	.name = "dirty",
	.params = dirty_params,
	.main = dirty_main,
};

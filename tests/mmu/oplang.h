/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * oplang.h: the operation language of the randomized differential runs and
 * of the fuzz target: a byte string decodes into a sequence of guest and
 * host events (page-table writes, CR3 loads, INVLPG, accesses, dirty-log
 * toggles, host evictions). Every byte string is valid, so the same decoder
 * serves a seeded random generator and libFuzzer.
 */
#ifndef HV_TESTS_MMU_OPLANG_H
#define HV_TESTS_MMU_OPLANG_H

#include <stddef.h>
#include <stdint.h>

enum op_kind {
	OP_ACCESS,	/* a: gva index, b: access (REF_ACC_* bits) */
	OP_PTE_WRITE,	/* a: table page, b: entry, c: target page, d: flags */
	OP_CR3,		/* a: root table page */
	OP_INVLPG,	/* a: gva index */
	OP_DIRTY_LOG,	/* a: 1 on, 0 off */
	OP_DIRTY_GET,	/* get-and-clear the dirty bitmap */
	OP_EVICT,	/* a: guest page whose host page goes away */
	OP_CONTROL,	/* a: bit 0 CR0.WP, bit 1 EFER.NXE, bit 2 CR4.SMEP */
	OP_NR_KINDS
};

struct op {
	enum op_kind kind;
	uint8_t a, b, c, d;
};

/*
 * Every operation takes this many bytes of input; a shorter tail is
 * ignored.
 */
#define OP_BYTES 5

/* Decodes the op at buf[*pos] and advances *pos; 0 at the end, else 1. */
int op_decode(const uint8_t *buf, size_t len, size_t *pos, struct op *op);

/* Writes a readable form of op into out (size bytes). */
void op_format(const struct op *op, char *out, size_t size);

#endif

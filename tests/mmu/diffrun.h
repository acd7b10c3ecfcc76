/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * diffrun.h: executes operation-language programs (oplang.h) on a 4-level
 * guest through the core and the hardware model, checking against the
 * reference model after every step: each access is compared, then every
 * address of a small universe is probed (a translation the hardware would
 * complete without an exit must be the reference's, with the guest's A/D
 * bits already set; a fault it would deliver to the guest must be the
 * reference's), and dirty bitmaps must hold every page written since the
 * previous get-and-clear. Shared by the seeded random test and the fuzzer.
 */
#ifndef HV_TESTS_MMU_DIFFRUN_H
#define HV_TESTS_MMU_DIFFRUN_H

#include "tests/mmu/harness.h"
#include "tests/mmu/oplang.h"

#define DIFF_RAM_PAGES	1024
#define DIFF_UNIVERSE	32	/* guest virtual addresses in play */

struct diffrun {
	struct harness h;
	bool dirty_log;
	uint64_t written[DIFF_RAM_PAGES / 64];	/* since the last get */
	unsigned long steps;
};

int diffrun_init(struct diffrun *d, const struct harness_setup *s);
void diffrun_fini(struct diffrun *d);

/* 0: agrees; 1: differs (why says how); negative: harness error. */
int diffrun_step(struct diffrun *d, const struct op *op, char *why,
		 size_t n);

#endif

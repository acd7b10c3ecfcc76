/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guestpt.h: builds a guest's own page tables in guest RAM for benchmarks
 * and tests (any paging mode), taking table pages from a range of frames.
 */
#ifndef HV_TESTS_MMU_GUESTPT_H
#define HV_TESTS_MMU_GUESTPT_H

#include "tests/mmu/harness.h"

struct guestpt {
	struct harness *h;
	enum ref_mode mode;
	uint64_t root;		/* gpa of the top table (CR3) */
	uint64_t next, end;	/* free table frames, as gpas */
};

/* Tables go to [first_gpa, end_gpa); the root is the first of them. */
int guestpt_init(struct guestpt *pt, struct harness *h, enum ref_mode mode,
		 uint64_t first_gpa, uint64_t end_gpa);

/*
 * The gpa of gva's leaf (4 KiB) entry, creating missing tables (entries
 * P, R/W, U/S, written behind the core's back: call before the core
 * shadows them). 0 when out of table frames.
 */
uint64_t guestpt_leaf(struct guestpt *pt, uint64_t gva);

/* Maps gva to the leaf value pte (address and flags). -ENOMEM: no room. */
int guestpt_map(struct guestpt *pt, uint64_t gva, uint64_t pte);

#endif

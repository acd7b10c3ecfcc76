// SPDX-License-Identifier: GPL-2.0-only
/*
 * guestpt.c: the guest page-table builder of guestpt.h, following the
 * table shapes refmodel describes.
 */
#include "tests/mmu/guestpt.h"

#define PAGE	4096ull
#define UPPER	(REF_PTE_P | REF_PTE_RW | REF_PTE_US)

int guestpt_init(struct guestpt *pt, struct harness *h, enum ref_mode mode,
		 uint64_t first_gpa, uint64_t end_gpa)
{
	if (!ref_mode_shape(mode) || first_gpa % PAGE ||
	    end_gpa <= first_gpa)
		return -EINVAL;
	pt->h = h;
	pt->mode = mode;
	pt->root = first_gpa;
	pt->next = first_gpa + PAGE;
	pt->end = end_gpa;
	return 0;
}

uint64_t guestpt_leaf(struct guestpt *pt, uint64_t gva)
{
	const struct ref_shape *s = ref_mode_shape(pt->mode);
	struct ref_mem gm = harness_guest_mem(pt->h);
	uint64_t table = pt->root;

	for (int lvl = 0; lvl < s->levels - 1; lvl++) {
		uint64_t idx = (gva >> s->shift[lvl]) &
			       ((1ull << s->bits[lvl]) - 1);
		uint64_t gpa = table + idx * s->entry_size;
		uint64_t e = ref_read_entry(&gm, gpa, s->entry_size);

		if (!(e & REF_PTE_P)) {
			if (pt->next >= pt->end)
				return 0;
			/* PAE PDPTEs carry P and the address only. */
			e = pt->next | (pt->mode == REF_MODE_PAE && !lvl ?
					REF_PTE_P : UPPER);
			pt->next += PAGE;
			harness_poke(pt->h, gpa, e, s->entry_size);
		}
		table = e & 0xffffffffff000ull;
	}
	return table + ((gva >> 12) & ((1ull << s->bits[s->levels - 1]) - 1)) *
		       s->entry_size;
}

int guestpt_map(struct guestpt *pt, uint64_t gva, uint64_t pte)
{
	uint64_t gpa = guestpt_leaf(pt, gva);

	if (!gpa)
		return -ENOMEM;
	harness_poke(pt->h, gpa, pte, ref_mode_shape(pt->mode)->entry_size);
	return 0;
}

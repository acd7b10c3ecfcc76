// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-refmodel.c: checks the reference walker against cases worked out by
 * hand from the SDM, so that the exhaustive and differential tests compare
 * the core with something known to be right.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tests/mmu/refmodel.h"

#define MEM_PAGES 16
static _Alignas(4096) uint8_t mem[MEM_PAGES * 4096];

static void *mem_ptr(void *opaque, uint64_t gpa)
{
	return gpa < sizeof(mem) ? mem + gpa : NULL;
}

static const struct ref_mem rmem = { mem_ptr, NULL };

static void put(uint64_t gpa, uint64_t v, int size)
{
	memcpy(mem + gpa, &v, size);
}

static uint64_t get(uint64_t gpa, int size)
{
	return ref_read_entry(&rmem, gpa, size);
}

#define ALL (REF_PTE_P | REF_PTE_RW | REF_PTE_US)
/* gva 0x40201000 in 4-level: PML4 0, PDPT 1, PD 1, PT 1. */
#define GVA 0x40201123ull

static struct ref_cpu cpu4 = {
	.mode = REF_MODE_4LEVEL, .cr3 = 0x1000, .maxphyaddr = 46,
};

/* Tables at pages 1..4, data page 5. */
static void setup4(uint64_t pde, uint64_t pte)
{
	memset(mem, 0, sizeof(mem));
	put(0x1000, 0x2000 | ALL, 8);
	put(0x2000 + 8, 0x3000 | ALL, 8);
	put(0x3000 + 8, pde, 8);
	put(0x4000 + 8, pte, 8);
}

static struct ref_walk walk(const struct ref_cpu *c, uint64_t gva,
			    unsigned int acc)
{
	struct ref_walk w;

	cr_assert_eq(ref_translate(c, &rmem, gva, acc, &w), 0);
	return w;
}

Test(refmodel, read_sets_accessed_everywhere)
{
	struct ref_walk w;

	setup4(0x4000 | ALL, 0x5000 | ALL);
	w = walk(&cpu4, GVA, 0);
	cr_assert(!w.fault);
	cr_assert_eq(w.gpa_out, 0x5123);
	cr_assert_eq(w.nr, 4);
	ref_commit(&rmem, &w);
	cr_assert_eq(get(0x1000, 8), 0x2000 | ALL | REF_PTE_A);
	cr_assert_eq(get(0x3008, 8), 0x4000 | ALL | REF_PTE_A);
	cr_assert_eq(get(0x4008, 8), 0x5000 | ALL | REF_PTE_A);
}

Test(refmodel, write_sets_dirty_on_leaf_only)
{
	struct ref_walk w;

	setup4(0x4000 | ALL, 0x5000 | ALL);
	w = walk(&cpu4, GVA, REF_ACC_WRITE | REF_ACC_USER);
	cr_assert(!w.fault);
	ref_commit(&rmem, &w);
	cr_assert_eq(get(0x3008, 8), 0x4000 | ALL | REF_PTE_A);
	cr_assert_eq(get(0x4008, 8),
		     0x5000 | ALL | REF_PTE_A | REF_PTE_D);
}

Test(refmodel, not_present_faults_without_touching_entries)
{
	struct ref_walk w;

	setup4(0x4000 | ALL, 0x5000 | REF_PTE_RW);
	w = walk(&cpu4, GVA, REF_ACC_WRITE | REF_ACC_USER);
	cr_assert(w.fault);
	cr_assert_eq(w.error_code, REF_PF_W | REF_PF_U);
	for (int i = 0; i < 4; i++)
		cr_assert_eq(w.set[i], 0);
}

Test(refmodel, reserved_bit_is_p_and_rsvd)
{
	struct ref_walk w;

	setup4(0x4000 | ALL | (1ull << 51), 0x5000 | ALL);
	w = walk(&cpu4, GVA, 0);
	cr_assert(w.fault);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_RSVD);
	cr_assert_eq(w.nr, 3, "the walk stops at the reserved entry");
	/* 2 MiB PDE: bits 20:13 are reserved too. */
	setup4(0x200000 | ALL | REF_PTE_PS | (1ull << 13), 0);
	w = walk(&cpu4, GVA, 0);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_RSVD);
}

Test(refmodel, xd_is_reserved_without_nxe)
{
	struct ref_cpu c = cpu4;
	struct ref_walk w;

	setup4(0x4000 | ALL, 0x5000 | ALL | REF_PTE_NX);
	w = walk(&c, GVA, 0);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_RSVD);
	c.nxe = true;
	w = walk(&c, GVA, 0);
	cr_assert(!w.fault, "reads ignore XD");
	w = walk(&c, GVA, REF_ACC_FETCH);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_ID);
}

Test(refmodel, cr0_wp_governs_supervisor_writes)
{
	struct ref_cpu c = cpu4;
	struct ref_walk w;

	setup4(0x4000 | ALL, 0x5000 | REF_PTE_P | REF_PTE_US);
	w = walk(&c, GVA, REF_ACC_WRITE);
	cr_assert(!w.fault);
	cr_assert_eq(w.set[3], REF_PTE_A | REF_PTE_D);
	c.wp = true;
	w = walk(&c, GVA, REF_ACC_WRITE);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_W);
	w = walk(&cpu4, GVA, REF_ACC_WRITE | REF_ACC_USER);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_W | REF_PF_U,
		     "user writes need R/W whatever CR0.WP says");
}

Test(refmodel, user_bit_needed_at_every_level)
{
	struct ref_walk w;

	setup4(0x4000 | REF_PTE_P | REF_PTE_RW, 0x5000 | ALL);
	w = walk(&cpu4, GVA, REF_ACC_USER);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_U);
	w = walk(&cpu4, GVA, 0);
	cr_assert(!w.fault);
}

Test(refmodel, smep_blocks_supervisor_fetch_from_user_pages)
{
	struct ref_cpu c = cpu4;
	struct ref_walk w;

	c.smep = true;
	setup4(0x4000 | ALL, 0x5000 | ALL);
	w = walk(&c, GVA, REF_ACC_FETCH);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_ID);
	w = walk(&c, GVA, REF_ACC_FETCH | REF_ACC_USER);
	cr_assert(!w.fault);
	/* Without SMEP and NXE the I/D bit stays clear. */
	setup4(0x4000 | ALL, 0x5000 | REF_PTE_RW);
	w = walk(&cpu4, GVA, REF_ACC_FETCH);
	cr_assert_eq(w.error_code, 0);
}

Test(refmodel, large_pages)
{
	struct ref_walk w;

	setup4(0x600000 | ALL | REF_PTE_PS, 0);
	w = walk(&cpu4, GVA, REF_ACC_WRITE);
	cr_assert(!w.fault);
	cr_assert_eq(w.gpa_out, 0x600000 | (GVA & 0x1fffff));
	cr_assert_eq(w.page_size, 2u << 20);
	cr_assert_eq(w.set[2], REF_PTE_A | REF_PTE_D);
	/* 1 GiB page at the PDPTE. */
	memset(mem, 0, sizeof(mem));
	put(0x1000, 0x2000 | ALL, 8);
	put(0x2008, 0x80000000ull | ALL | REF_PTE_PS, 8);
	w = walk(&cpu4, GVA, 0);
	cr_assert_eq(w.gpa_out, 0x80000000ull | (GVA & 0x3fffffff));
	cr_assert_eq(w.nr, 2);
}

Test(refmodel, pae_pdpte_has_no_accessed_bit)
{
	struct ref_cpu c = { .mode = REF_MODE_PAE, .cr3 = 0x1020,
			     .maxphyaddr = 36 };
	struct ref_walk w;

	memset(mem, 0, sizeof(mem));
	put(0x1020 + 8, 0x2000 | REF_PTE_P, 8);
	put(0x2000 + 8, 0x3000 | ALL, 8);
	put(0x3000 + 8, 0x5000 | ALL, 8);
	w = walk(&c, 0x40201010, REF_ACC_WRITE);
	cr_assert(!w.fault);
	cr_assert_eq(w.gpa_out, 0x5010);
	cr_assert_eq(w.set[0], 0);
	cr_assert_eq(w.set[1], REF_PTE_A);
	cr_assert_eq(w.set[2], REF_PTE_A | REF_PTE_D);
	/* PAE reserves bits 62:M: bit 40 with M=36. */
	put(0x3008, 0x5000 | ALL | (1ull << 40), 8);
	w = walk(&c, 0x40201010, 0);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_RSVD);
}

Test(refmodel, pse36_page_in_32bit_mode)
{
	struct ref_cpu c = { .mode = REF_MODE_32, .cr3 = 0x1000,
			     .pse = true, .maxphyaddr = 40 };
	struct ref_walk w;

	memset(mem, 0, sizeof(mem));
	/* PDE 1: 4 MiB page at 0x3_0040_0000 (bits 20:13 hold 39:32). */
	put(0x1004, 0x00400000 | (3u << 13) | ALL | REF_PTE_PS, 4);
	w = walk(&c, 0x00412345, REF_ACC_WRITE);
	cr_assert(!w.fault);
	cr_assert_eq(w.gpa_out, 0x300412345ull);
	cr_assert_eq(w.set[0], REF_PTE_A | REF_PTE_D);
	/* Bit 21 is reserved in a 4 MiB PDE. */
	put(0x1004, 0x00400000 | (1u << 21) | ALL | REF_PTE_PS, 4);
	w = walk(&c, 0x00412345, 0);
	cr_assert_eq(w.error_code, REF_PF_P | REF_PF_RSVD);
	/* Without CR4.PSE the PS bit is ignored: PDE points to a table. */
	c.pse = false;
	put(0x1004, 0x2000 | ALL | REF_PTE_PS, 4);
	put(0x2000 + 0x12 * 4, 0x5000 | ALL, 4);
	w = walk(&c, 0x00412345, 0);
	cr_assert_eq(w.gpa_out, 0x5345);
	cr_assert_eq(w.nr, 2);
}

Test(refmodel, paging_off_is_identity)
{
	struct ref_cpu c = { .mode = REF_MODE_NONE };
	struct ref_walk w = walk(&c, 0x12345678, REF_ACC_WRITE);

	cr_assert(!w.fault);
	cr_assert_eq(w.gpa_out, 0x12345678);
}

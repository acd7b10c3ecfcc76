// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-eptwalk.c: the EPT walk model against hand-built tables, so that
 * the differential tests in EPT mode rest on a checked processor model:
 * translation through 4 KiB and 2 MiB leaves, violations and their exit
 * qualification, each kind of misconfiguration, and A/D flags with and
 * without EPTP bit 6.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tests/mmu/eptwalk.h"

#define PAGE	4096ull
#define RWX	7ull
#define WB	((6ull << 3) | (1ull << 6))
#define EPTP	(6ull | (3ull << 3))
#define AD	(1ull << 6)

/* Host memory: 16 pages; tables at pages 1..4, data beyond. */
static uint64_t mem[16 * 512];

static void *ptr(void *opaque, uint64_t hpa)
{
	(void)opaque;
	return hpa && hpa < sizeof(mem) ? (char *)mem + hpa : NULL;
}

static const struct ref_mem host = { ptr, NULL };

static uint64_t *entry(int page, int idx)
{
	return &mem[page * 512 + idx];
}

/* PML4 (page 1) -> PDPT (2) -> PD (3) -> PT (4) for gpa 0. */
static void build(uint64_t pte)
{
	memset(mem, 0, sizeof(mem));
	*entry(1, 0) = 2 * PAGE | RWX;
	*entry(2, 0) = 3 * PAGE | RWX;
	*entry(3, 0) = 4 * PAGE | RWX;
	*entry(4, 0) = pte;
}

static struct ept_walk walk(uint64_t eptp, uint64_t gpa, unsigned int acc)
{
	struct ept_walk w;

	cr_assert_eq(ept_translate(&host, PAGE | eptp, 48, gpa, acc, &w), 0);
	return w;
}

Test(eptwalk, translates_4k_and_2m)
{
	struct ept_walk w;

	build(8 * PAGE | RWX | WB);
	w = walk(EPTP, 0x123, REF_ACC_WRITE);
	cr_assert(!w.violation && !w.misconfig);
	cr_assert_eq(w.hpa, 8 * PAGE + 0x123);
	cr_assert_eq(w.memtype, 6);
	cr_assert(w.ipat);
	cr_assert_eq(w.nr, 4);
	*entry(3, 1) = 0x400000 | RWX | WB | (1ull << 7);
	w = walk(EPTP, 0x200000 + 0x12345, 0);
	cr_assert(!w.violation && !w.misconfig);
	cr_assert_eq(w.hpa, 0x400000 + 0x12345);
	cr_assert_eq(w.nr, 3);
}

Test(eptwalk, violations_report_access_and_permissions)
{
	struct ept_walk w;

	build(0);
	w = walk(EPTP, 0, 0);
	cr_assert(w.violation);
	cr_assert_eq(w.qual, EPT_QUAL_READ);
	build(8 * PAGE | 5 | WB);	/* R and X: write-protected */
	w = walk(EPTP, 0, REF_ACC_WRITE);
	cr_assert(w.violation);
	cr_assert_eq(w.qual, EPT_QUAL_WRITE | EPT_QUAL_R | EPT_QUAL_X);
	build(8 * PAGE | 3 | WB);	/* R and W: not executable */
	w = walk(EPTP, 0, REF_ACC_FETCH);
	cr_assert_eq(w.qual, EPT_QUAL_FETCH | EPT_QUAL_R | EPT_QUAL_W);
	/* Permissions are the AND over the levels. */
	build(8 * PAGE | RWX | WB);
	*entry(2, 0) = 3 * PAGE | 1;
	w = walk(EPTP, 0, REF_ACC_WRITE);
	cr_assert_eq(w.qual, EPT_QUAL_WRITE | EPT_QUAL_R);
}

Test(eptwalk, misconfigurations)
{
	static const uint64_t bad[] = {
		8 * PAGE | 2 | WB,		/* write without read */
		8 * PAGE | 4 | WB,		/* execute-only */
		8 * PAGE | RWX | (2ull << 3),	/* memory type 2 */
		8 * PAGE | RWX | (7ull << 3),	/* memory type 7 */
		(1ull << 50) | RWX | WB,	/* above MAXPHYADDR */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build(bad[i]);
		cr_assert_not_null(walk(EPTP, 0, 0).misconfig, "case %zu", i);
	}
	build(8 * PAGE | RWX | WB);
	*entry(3, 0) |= 6ull << 3;	/* memory type in a table entry */
	cr_assert_not_null(walk(EPTP, 0, 0).misconfig);
	build(8 * PAGE | RWX | WB);
	*entry(3, 0) = 0x201000 | RWX | WB | (1ull << 7);  /* 2M, bit 12 */
	cr_assert_not_null(walk(EPTP, 0, 0).misconfig);
	/* An EPTP with a reserved memory type or a 5-level walk. */
	cr_assert_eq(ept_translate(&host, PAGE | 2 | (3 << 3), 48, 0, 0,
				   &(struct ept_walk){ 0 }), -1);
	cr_assert_eq(ept_translate(&host, PAGE | 6 | (4 << 3), 48, 0, 0,
				   &(struct ept_walk){ 0 }), -1);
}

Test(eptwalk, accessed_dirty_only_with_eptp_bit_6)
{
	struct ept_walk w;

	build(8 * PAGE | RWX | WB);
	w = walk(EPTP, 0, REF_ACC_WRITE);
	ept_commit(&host, &w);
	cr_assert_eq(*entry(4, 0) & (3ull << 8), 0);
	w = walk(EPTP | AD, 0, 0);
	ept_commit(&host, &w);
	cr_assert_eq(*entry(1, 0) & (3ull << 8), 1ull << 8);
	cr_assert_eq(*entry(4, 0) & (3ull << 8), 1ull << 8);
	w = walk(EPTP | AD, 0, REF_ACC_WRITE);
	ept_commit(&host, &w);
	cr_assert_eq(*entry(4, 0) & (3ull << 8), 3ull << 8);
	cr_assert_eq(*entry(3, 0) & (3ull << 8), 1ull << 8);
}

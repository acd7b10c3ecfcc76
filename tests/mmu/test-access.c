// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-access.c: the exhaustive permission test, in the manner of the
 * classic MMU access test. The PTE and PDE bits (P, R/W, U/S, A, D, NX, one
 * reserved bit; PS on the PDE) are varied with upper levels fully
 * permissive, against every access (read, write, fetch; user, supervisor;
 * each done twice, the second seeing the first's A/D bits) and CR0.WP,
 * EFER.NXE, CR4.SMEP, in 4-level and PAE paging, for shadow paging with the
 * bypass on and off and for direct mode (NPT, EPT, EPT with A/D flags).
 * Core + hardware model must agree with the reference model on the fault,
 * the error code, the guest's A/D bits and the physical address. HV_MMU_ACCESS_STRIDE=N runs every N-th
 * case (make check samples; make check-mmu-full runs all).
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/mmu/harness.h"

/* Case index fields, lowest first: access, PTE bits, PDE bits, CPU bits. */
enum {
	PTE_P, PTE_RW, PTE_US, PTE_A, PTE_D, PTE_NX, PTE_RSVD,
	PDE_P, PDE_RW, PDE_US, PDE_A, PDE_D, PDE_PS, PDE_NX, PDE_RSVD,
	CPU_WP, CPU_NXE, CPU_SMEP,
	NR_FLAGS
};

/* The entry bit each flag stands for (PTE and PDE alike). */
static const uint64_t entry_bit[7] = {
	REF_PTE_P, REF_PTE_RW, REF_PTE_US, REF_PTE_A, REF_PTE_D, REF_PTE_NX,
	1ull << 51,	/* reserved: above the guest's MAXPHYADDR of 46 */
};

static const unsigned int accesses[] = {
	0, REF_ACC_WRITE, REF_ACC_FETCH,
	REF_ACC_USER, REF_ACC_USER | REF_ACC_WRITE,
	REF_ACC_USER | REF_ACC_FETCH,
};
#define NR_ACCESSES (sizeof(accesses) / sizeof(accesses[0]))
#define NR_CASES ((1ull << NR_FLAGS) * NR_ACCESSES)

/* Guest layout: tables at gfn 1..4, a 4 KiB data page, a 2 MiB page. */
#define PML4		0x1000ull
#define PDPT		0x2000ull
#define PD		0x3000ull
#define PT		0x4000ull
#define DATA		0x5000ull
#define LARGE		0x200000ull
#define GVA		0x40201123ull	/* PDPT 1, PD 1, PT 1 */
#define RAM_PAGES	1024
#define UPPER		(REF_PTE_P | REF_PTE_RW | REF_PTE_US)

struct mode_run {
	struct harness h;
	enum ref_mode mode;
	const char *name;
	uint64_t upper_gpa[2];	/* entries whose A bit is reset per case */
	int nr_upper;
	uint64_t upper_val[2];
	unsigned int cpu;	/* CPU flags last loaded */
	unsigned long cases, failures;
};

static uint64_t entry(unsigned long flags, int first, uint64_t addr)
{
	uint64_t e = addr;

	for (int i = 0; i < 7; i++)
		if (flags & (1ul << (first + i)))
			e |= entry_bit[i];
	return e;
}

static void setup(struct mode_run *m, const struct harness_opts *o,
		  enum ref_mode mode)
{
	struct harness *h = &m->h;
	uint64_t cr3;

	cr_assert_eq(harness_init(h, o), 0);
	m->mode = mode;
	m->cpu = ~0u;
	if (mode == REF_MODE_4LEVEL) {
		m->upper_gpa[0] = PML4;
		m->upper_val[0] = PDPT | UPPER;
		m->upper_gpa[1] = PDPT + 8;
		m->upper_val[1] = PD | UPPER;
		m->nr_upper = 2;
		cr3 = PML4;
	} else {
		/* PAE PDPTEs have P and the address only (SDM 4.4.1). */
		harness_poke(h, PDPT + 8, PD | REF_PTE_P, 8);
		cr3 = PDPT;
	}
	for (int i = 0; i < m->nr_upper; i++)
		harness_poke(h, m->upper_gpa[i], m->upper_val[i], 8);
	cr_assert_eq(harness_set_paging(h, mode, cr3, false, false, false),
		     0);
	/*
	 * Direct mode logs dirty pages: 4 KiB mappings, writable only once
	 * written, so the guest's A/D updates take write faults of their own.
	 */
	if (o->mode == HV_MMU_DIRECT)
		cr_assert_eq(hv_mmu_set_slot_flags(h->vm, 0,
						   HV_SLOT_DIRTY_LOG), 0);
}

static void describe(const struct mode_run *m, unsigned long flags,
		     unsigned int acc, int round, const char *why)
{
	static const char *const names[NR_FLAGS] = {
		"pte.p", "pte.rw", "pte.us", "pte.a", "pte.d", "pte.nx",
		"pte.rsvd", "pde.p", "pde.rw", "pde.us", "pde.a", "pde.d",
		"pde.ps", "pde.nx", "pde.rsvd", "cr0.wp", "efer.nxe",
		"cr4.smep",
	};
	char buf[256] = "";

	for (int i = 0; i < NR_FLAGS; i++)
		if (flags & (1ul << i)) {
			strcat(buf, " ");
			strcat(buf, names[i]);
		}
	fprintf(stderr, "access: %s: FAIL %s %s, access %d:%s: %s\n",
		m->name, acc & REF_ACC_USER ? "user" : "supervisor",
		acc & REF_ACC_WRITE ? "write" :
		acc & REF_ACC_FETCH ? "fetch" : "read", round + 1, buf, why);
}

static void run_case(struct mode_run *m, uint64_t idx)
{
	struct harness *h = &m->h;
	unsigned int acc = accesses[idx % NR_ACCESSES];
	unsigned long flags = idx / NR_ACCESSES;
	unsigned int cpu = flags >> CPU_WP;
	uint64_t pde, pte;
	char why[256];
	int r;

	if ((flags & (1ul << PTE_RSVD)) && (flags & (1ul << PDE_RSVD)))
		return;		/* more than one reserved bit */
	if (cpu != m->cpu) {
		cr_assert_eq(harness_set_paging(h, m->mode, h->cpu.hw.guest.cr3,
						cpu & 1, cpu & 2, cpu & 4), 0);
		m->cpu = cpu;
	}
	pde = entry(flags, PDE_P, flags & (1ul << PDE_PS) ?
		    LARGE : PT) | (flags & (1ul << PDE_PS) ? REF_PTE_PS : 0);
	pte = entry(flags, PTE_P, DATA);
	/*
	 * Clearing the upper A bits (to see that a fault does not set
	 * them) drops the shadow path below; every fourth PTE value does
	 * it, the others keep the path and so exercise the bypass.
	 */
	for (int i = 0; i < m->nr_upper && !(flags & 3); i++)
		cr_assert_eq(harness_guest_write(h, m->upper_gpa[i],
						 m->upper_val[i], 8), 0);
	cr_assert_eq(harness_guest_write(h, PD + 8, pde, 8), 0);
	cr_assert_eq(harness_guest_write(h, PT + 8, pte, 8), 0);
	/*
	 * Shadow: the guest's INVLPG. Direct: drop the NPT mappings, so
	 * that the walk's table reads, A/D writes and the data access take
	 * nested faults through the core again.
	 */
	if (h->cpu.hw.mode == HV_MMU_SHADOW)
		hv_mmu_invlpg(h->cpu.vcpu, GVA);
	else
		hv_mmu_zap_gfn_range(h->vm, 0, RAM_PAGES);
	m->cases++;
	for (int round = 0; round < 2; round++) {
		r = harness_check_access(h, GVA, acc, why, sizeof(why));
		if (r < 0)
			snprintf(why, sizeof(why), "harness error %d", r);
		if (r) {
			if (m->failures++ < 10)
				describe(m, flags, acc, round, why);
			break;
		}
	}
}

static uint64_t stride(void)
{
	const char *s = getenv("HV_MMU_ACCESS_STRIDE");
	uint64_t n = s ? strtoull(s, NULL, 0) : 0;

	/* A prime, so that every field varies across the sample. */
	return n ? n : 61;
}

static void run_mode(int setup_id, enum ref_mode mode)
{
	const struct harness_setup *s = &harness_setups[setup_id];
	struct harness_opts o = {
		.mode = s->mode, .format = s->format,
		.bypass = s->bypass,
		.no_filter = s->no_filter, .no_emulator = s->no_emulator,
		.shadow_cache = true,
		.fast_pf = true, .ram_pages = RAM_PAGES,
	};
	char name[48];
	struct mode_run m = { .name = name };
	uint64_t step = stride();
	struct hv_mmu_stats st;

	snprintf(name, sizeof(name), "%s/%s",
		 mode == REF_MODE_PAE ? "pae" : "4level", s->name);
	setup(&m, &o, mode);
	for (uint64_t i = 0; i < NR_CASES; i += step)
		run_case(&m, i);
	hv_mmu_get_stats(m.h.vm, &st);
	printf("access: %-24s cases %8lu (stride %" PRIu64 ") failures %lu "
	       "exits %" PRIu64 " bypassed %" PRIu64 "\n", name, m.cases,
	       step, m.failures, m.h.cpu.exits, st.pf_bypassed);
	fflush(stdout);
	harness_fini(&m.h);
	cr_assert_eq(m.failures, 0, "%s: %lu of %lu cases differ", name,
		     m.failures, m.cases);
}

Test(access, pae_shadow_bypass)
{
	run_mode(SETUP_SHADOW_BYPASS, REF_MODE_PAE);
}

Test(access, pae_shadow_bypass_svm)
{
	run_mode(SETUP_SHADOW_BYPASS_SVM, REF_MODE_PAE);
}

Test(access, pae_shadow_nobypass)
{
	run_mode(SETUP_SHADOW_NOBYPASS, REF_MODE_PAE);
}

Test(access, pae_direct)
{
	run_mode(SETUP_DIRECT, REF_MODE_PAE);
}

Test(access, pae_direct_ept)
{
	run_mode(SETUP_DIRECT_EPT, REF_MODE_PAE);
}

Test(access, pae_direct_ept_ad)
{
	run_mode(SETUP_DIRECT_EPT_AD, REF_MODE_PAE);
}

Test(access, long4_shadow_bypass)
{
	run_mode(SETUP_SHADOW_BYPASS, REF_MODE_4LEVEL);
}

Test(access, long4_shadow_bypass_svm)
{
	run_mode(SETUP_SHADOW_BYPASS_SVM, REF_MODE_4LEVEL);
}

Test(access, long4_shadow_nobypass)
{
	run_mode(SETUP_SHADOW_NOBYPASS, REF_MODE_4LEVEL);
}

Test(access, long4_direct)
{
	run_mode(SETUP_DIRECT, REF_MODE_4LEVEL);
}

Test(access, long4_direct_ept)
{
	run_mode(SETUP_DIRECT_EPT, REF_MODE_4LEVEL);
}

Test(access, long4_direct_ept_ad)
{
	run_mode(SETUP_DIRECT_EPT_AD, REF_MODE_4LEVEL);
}

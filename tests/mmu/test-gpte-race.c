// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-gpte-race.c: the guest changes its page tables between the core's
 * unlocked guest walk and the install of the shadow entry (another vCPU's
 * store to a table not yet shadowed, so not yet write-protected). The
 * userspace platform's host-page hook, which runs in exactly that window,
 * plays the other vCPU. The core must re-check the entries it used under
 * the MMU lock (KVM's gpte_changed) and retry: afterwards the access, and
 * every later one, must go where the guest's tables now say, as the
 * reference model walking those tables says.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "kmod/platform/user/user_plat.h"
#include "tests/mmu/guestpt.h"

#define PAGE		4096ull
#define RAM_PAGES	512
#define TABLES		(16 * PAGE)	/* table frames [16, 64) */
#define TABLES_END	(64 * PAGE)
#define DATA(n)		((100 + (n)) * PAGE)
#define GVA		0x40123000ull
#define LEAF		(REF_PTE_P | REF_PTE_RW | REF_PTE_US)

struct race {
	struct harness h;
	struct guestpt pt;
	uint64_t gpa, val;	/* the store the other vCPU makes */
	int size;
	bool armed;
	unsigned int fired;
};

static void other_vcpu(void *opaque, uint64_t hva)
{
	struct race *r = opaque;

	(void)hva;
	if (!r->armed)
		return;
	r->armed = false;
	r->fired++;
	harness_poke(&r->h, r->gpa, r->val, r->size);
}

static void setup(struct race *r, int setup_id, enum ref_mode mode)
{
	const struct harness_setup *s = &harness_setups[setup_id];
	struct harness_opts o = {
		.mode = s->mode, .bypass = s->bypass,
		.no_filter = s->no_filter, .no_emulator = s->no_emulator,
		.shadow_cache = true,
		.fast_pf = true, .ram_pages = RAM_PAGES,
	};

	memset(r, 0, sizeof(*r));
	cr_assert_eq(harness_init(&r->h, &o), 0);
	cr_assert_eq(guestpt_init(&r->pt, &r->h, mode, TABLES, TABLES_END),
		     0);
	cr_assert_eq(guestpt_map(&r->pt, GVA, DATA(0) | LEAF), 0);
	cr_assert_eq(harness_set_paging(&r->h, mode, r->pt.root, true, true,
					false), 0);
	r->size = ref_mode_shape(mode)->entry_size;
	hvpu_set_host_page_hook(r->h.plat, other_vcpu, r);
}

/* The access now and a second one both agree with the reference. */
static void check(struct race *r, unsigned int access)
{
	struct ref_mem gm = harness_guest_mem(&r->h);
	struct harness_outcome out;
	struct ref_walk w;
	char why[160];

	r->armed = true;
	cr_assert_eq(harness_access(&r->h, GVA, access, &out), 0);
	cr_assert_eq(r->fired, 1, "the race window was never reached");
	cr_assert_eq(ref_translate(&r->h.cpu.hw.guest, &gm, GVA, access, &w),
		     0);
	cr_assert_eq(out.fault, w.fault, "core %s, the guest's tables %s",
		     out.fault ? "faults" : "maps", w.fault ? "fault" : "map");
	if (!w.fault)
		cr_assert_eq(out.gpa, w.gpa_out, "core reached gpa %#" PRIx64
			     ", the guest's tables say %#" PRIx64, out.gpa,
			     w.gpa_out);
	cr_assert_eq(harness_check_access(&r->h, GVA, access, why,
					  sizeof(why)), 0, "then: %s", why);
}

/* The leaf entry is pointed at another page. */
static void leaf_moved(int setup_id, enum ref_mode mode)
{
	struct race r;

	setup(&r, setup_id, mode);
	r.gpa = guestpt_leaf(&r.pt, GVA);
	r.val = DATA(1) | LEAF;
	check(&r, 0);
	harness_fini(&r.h);
}

/* The leaf entry is made not present. */
static void leaf_cleared(int setup_id)
{
	struct race r;

	setup(&r, setup_id, REF_MODE_4LEVEL);
	r.gpa = guestpt_leaf(&r.pt, GVA);
	r.val = 0;
	check(&r, REF_ACC_WRITE);
	harness_fini(&r.h);
}

/* A page-directory entry is pointed at another page table. */
static void table_moved(int setup_id)
{
	const uint64_t other = 0x7fe00000ull;
	struct ref_mem gm;
	struct ref_walk w;
	struct race r;
	uint64_t pt1_entry, pt2;
	char why[160];

	setup(&r, setup_id, REF_MODE_4LEVEL);
	/* A second page table (of another 2 MiB) that maps DATA(2). */
	cr_assert_eq(guestpt_map(&r.pt, other + (GVA & 0x1fffff),
				 DATA(2) | LEAF), 0);
	pt2 = guestpt_leaf(&r.pt, other) & ~(PAGE - 1);
	/* GVA's page-directory entry, from the reference walk. */
	gm = harness_guest_mem(&r.h);
	cr_assert_eq(ref_translate(&r.h.cpu.hw.guest, &gm, GVA, 0, &w), 0);
	r.gpa = w.gpa[2];
	r.val = pt2 | LEAF;
	pt1_entry = w.gpa[3];
	check(&r, 0);
	/*
	 * The old table is no longer the guest's for GVA: its writes there
	 * must not move GVA (through a stale shadow link, pte-write's
	 * prefetch of an accessed entry would).
	 */
	cr_assert_eq(harness_guest_write(&r.h, pt1_entry, DATA(3) | LEAF |
					 REF_PTE_A, 8), 0);
	cr_assert_eq(harness_check_access(&r.h, GVA, 0, why, sizeof(why)), 0,
		     "after a write to the old table: %s", why);
	harness_fini(&r.h);
}

Test(gpte_race, leaf_moved_4level)
{
	leaf_moved(SETUP_SHADOW_NOBYPASS, REF_MODE_4LEVEL);
}

Test(gpte_race, leaf_moved_4level_bypass)
{
	leaf_moved(SETUP_SHADOW_BYPASS, REF_MODE_4LEVEL);
}

Test(gpte_race, leaf_moved_pae)
{
	leaf_moved(SETUP_SHADOW_NOBYPASS, REF_MODE_PAE);
}

Test(gpte_race, leaf_moved_32)
{
	leaf_moved(SETUP_SHADOW_NOBYPASS, REF_MODE_32);
}

Test(gpte_race, leaf_cleared)
{
	leaf_cleared(SETUP_SHADOW_NOBYPASS);
}

Test(gpte_race, leaf_cleared_bypass_svm)
{
	leaf_cleared(SETUP_SHADOW_BYPASS_SVM);
}

Test(gpte_race, table_moved)
{
	table_moved(SETUP_SHADOW_NOBYPASS);
}

Test(gpte_race, table_moved_bypass)
{
	table_moved(SETUP_SHADOW_BYPASS);
}

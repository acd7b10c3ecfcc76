// SPDX-License-Identifier: GPL-2.0-only
/*
 * diffrun.c: the executor of diffrun.h. Guest layout: page-table pages at
 * gfn 1..16 (roots among the first four), data pages at gfn 32..47, a
 * 2 MiB page at 2 MiB; entries are written at indices 0..3 only, so the
 * 32 addresses of the universe alias heavily.
 */
#include "tests/mmu/diffrun.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kmod/platform/user/user_plat.h"

#define PAGE		4096ull
#define TABLE_GFN(i)	(1 + (i) % 16)
#define DATA_GFN(i)	(32 + (i) % 16)
#define RSVD_BIT	(1ull << 51)

static const unsigned int accesses[6] = {
	0, REF_ACC_WRITE, REF_ACC_FETCH,
	REF_ACC_USER, REF_ACC_USER | REF_ACC_WRITE,
	REF_ACC_USER | REF_ACC_FETCH,
};

/* Universe address i: PML4 and PDPT index 0/1, PD 0/1, PT 0..3. */
static uint64_t universe_gva(unsigned int i)
{
	i %= DIFF_UNIVERSE;
	return ((uint64_t)(i >> 4 & 1) << 39) | ((uint64_t)(i >> 3 & 1) << 30) |
	       ((uint64_t)(i >> 2 & 1) << 21) | ((uint64_t)(i & 3) << 12) |
	       (i * 8);
}

/* Flags byte: P RW US A D PS NX RSVD, low bit first. */
static const uint64_t flag_bits[8] = {
	REF_PTE_P, REF_PTE_RW, REF_PTE_US, REF_PTE_A, REF_PTE_D, REF_PTE_PS,
	REF_PTE_NX, RSVD_BIT,
};

static uint64_t make_entry(uint8_t target, uint8_t flags)
{
	uint64_t e;

	if (flags & 0x20)	/* PS: a 2 MiB (or 1 GiB at 0) page */
		e = target & 1 ? 0x200000 : 0;
	else if (target & 0x80)
		e = TABLE_GFN(target) * PAGE;
	else
		e = DATA_GFN(target) * PAGE;
	for (int i = 0; i < 8; i++)
		if (flags & (1u << i))
			e |= flag_bits[i];
	return e;
}

static void mark_written(struct diffrun *d, uint64_t gpa)
{
	uint64_t gfn = gpa / PAGE;

	if (d->dirty_log && gfn < DIFF_RAM_PAGES)
		d->written[gfn / 64] |= 1ull << (gfn % 64);
}

int diffrun_init(struct diffrun *d, const struct harness_setup *s)
{
	struct harness_opts o = {
		.mode = s->mode, .format = s->format,
		.bypass = s->bypass,
		.no_filter = s->no_filter, .no_emulator = s->no_emulator,
		.shadow_cache = true,
		.fast_pf = true, .ram_pages = DIFF_RAM_PAGES,
		.max_shadow_pages = 64,
	};
	struct harness *h = &d->h;
	const uint64_t all = REF_PTE_P | REF_PTE_RW | REF_PTE_US;
	int r;

	memset(d, 0, sizeof(*d));
	r = harness_init(h, &o);
	if (r)
		return r;
	/* A valid tree to start from: PML4 1 -> PDPT 2 -> PD 3 -> PT 4. */
	harness_poke(h, TABLE_GFN(0) * PAGE, TABLE_GFN(1) * PAGE | all, 8);
	harness_poke(h, TABLE_GFN(1) * PAGE, TABLE_GFN(2) * PAGE | all, 8);
	harness_poke(h, TABLE_GFN(2) * PAGE, TABLE_GFN(3) * PAGE | all, 8);
	for (int i = 0; i < 4; i++)
		harness_poke(h, TABLE_GFN(3) * PAGE + 8 * i,
			     DATA_GFN(i) * PAGE | all, 8);
	r = harness_set_paging(h, REF_MODE_4LEVEL, TABLE_GFN(0) * PAGE,
			       true, true, false);
	if (r)
		harness_fini(h);
	return r;
}

void diffrun_fini(struct diffrun *d)
{
	harness_fini(&d->h);
}

/* Every page the reference says this access writes, for the dirty log. */
static void note_access_writes(struct diffrun *d, const struct ref_walk *w,
			       unsigned int access)
{
	struct ref_mem gm = harness_guest_mem(&d->h);

	if (w->fault)
		return;
	for (int i = 0; i < w->nr; i++)
		if ((ref_read_entry(&gm, w->gpa[i], 8) & w->set[i]) !=
		    w->set[i])
			mark_written(d, w->gpa[i]);
	if (access & REF_ACC_WRITE)
		mark_written(d, w->gpa_out);
}

static int do_access(struct diffrun *d, const struct op *op, char *why,
		     size_t n)
{
	struct ref_mem gm = harness_guest_mem(&d->h);
	unsigned int acc = accesses[op->b % 6];
	uint64_t gva = universe_gva(op->a);
	struct ref_walk w;

	if (ref_translate(&d->h.cpu.hw.guest, &gm, gva, acc, &w))
		return -EINVAL;
	note_access_writes(d, &w, acc);
	return harness_check_access(&d->h, gva, acc, why, n);
}

static int do_dirty_get(struct diffrun *d, char *why, size_t n)
{
	uint64_t bm[DIFF_RAM_PAGES / 64];
	int r = hv_mmu_dirty_log_get_clear(d->h.vm, 0, bm);

	if (!d->dirty_log) {
		if (r != -EINVAL) {
			snprintf(why, n, "get-and-clear with logging off: %d",
				 r);
			return 1;
		}
		return 0;
	}
	if (r)
		return r;
	for (int i = 0; i < DIFF_RAM_PAGES / 64; i++) {
		uint64_t lost = d->written[i] & ~bm[i];

		if (lost) {
			snprintf(why, n, "dirty bit lost: gfn %d",
				 i * 64 + __builtin_ctzll(lost));
			return 1;
		}
	}
	memset(d->written, 0, sizeof(d->written));
	return 0;
}

static int do_op(struct diffrun *d, const struct op *op, char *why,
		 size_t n)
{
	struct harness *h = &d->h;
	struct ref_cpu *g = &h->cpu.hw.guest;
	uint64_t gpa;
	int r;

	switch (op->kind) {
	case OP_ACCESS:
		return do_access(d, op, why, n);
	case OP_PTE_WRITE:
		gpa = TABLE_GFN(op->a) * PAGE + 8 * (op->b % 4);
		mark_written(d, gpa);
		return harness_guest_write(h, gpa, make_entry(op->c, op->d),
					   8);
	case OP_CR3:
		return harness_load_cr3(h, TABLE_GFN(op->a % 4) * PAGE);
	case OP_INVLPG:
		if (h->cpu.hw.mode == HV_MMU_SHADOW)
			hv_mmu_invlpg(h->cpu.vcpu, universe_gva(op->a));
		return 0;
	case OP_DIRTY_LOG:
		r = hv_mmu_set_slot_flags(h->vm, 0, op->a & 1 ?
					  HV_SLOT_DIRTY_LOG : 0);
		if (r)
			return r;
		d->dirty_log = op->a & 1;
		memset(d->written, 0, sizeof(d->written));
		return 0;
	case OP_DIRTY_GET:
		return do_dirty_get(d, why, n);
	case OP_EVICT:
		gpa = (op->a & 1 ? TABLE_GFN(op->b) : DATA_GFN(op->b)) * PAGE;
		hvpu_evict(h->plat, h->ram_hva + gpa, 1);
		return 0;
	case OP_CONTROL:
		return harness_set_paging(h, REF_MODE_4LEVEL, g->cr3,
					  op->a & 1, op->a & 2, op->a & 4);
	default:
		return -EINVAL;
	}
}

/*
 * The invariant between steps, for one address and access: whatever the
 * hardware would do without asking the core must be what the reference
 * does, and a translation it completes must find the guest's A/D bits
 * already set (shadow mode: nobody else would set them).
 */
static int probe_one(struct diffrun *d, struct hv_mmu_root root,
		     uint64_t gva, unsigned int acc, char *why, size_t n)
{
	struct harness *h = &d->h;
	struct ref_mem gm = harness_guest_mem(h);
	struct hw_result hr = { 0 };
	struct ref_walk w;

	if (ref_translate(&h->cpu.hw.guest, &gm, gva, acc, &w) ||
	    hw_access(&h->cpu.hw, root, gva, acc, &hr))
		return -EIO;
	if (hr.outcome == HW_GUEST_PF) {
		if (w.fault && w.error_code == hr.error_code)
			return 0;
		snprintf(why, n, "probe gva %#" PRIx64 " access %u: guest "
			 "gets #PF %#x, reference %s %#x", gva, acc,
			 hr.error_code, w.fault ? "#PF" : "no fault",
			 w.error_code);
		return 1;
	}
	if (hr.outcome != HW_DONE)
		return 0;
	if (w.fault) {
		snprintf(why, n, "probe gva %#" PRIx64 " access %u: hardware "
			 "maps it, reference faults %#x", gva, acc,
			 w.error_code);
		return 1;
	}
	if (hr.hpa - h->ram_hva != w.gpa_out) {
		snprintf(why, n, "probe gva %#" PRIx64 ": hardware reaches "
			 "gpa %#" PRIx64 ", reference %#" PRIx64, gva,
			 hr.hpa - h->ram_hva, w.gpa_out);
		return 1;
	}
	for (int l = 0; l < w.nr && h->cpu.hw.mode == HV_MMU_SHADOW; l++)
		if ((ref_read_entry(&gm, w.gpa[l], 8) & w.set[l]) !=
		    w.set[l]) {
			snprintf(why, n, "probe gva %#" PRIx64 " access %u: "
				 "mapped but guest level %d lacks A/D", gva,
				 acc, l);
			return 1;
		}
	return 0;
}

static int probe_universe(struct diffrun *d, char *why, size_t n)
{
	struct hv_mmu_root root = hv_mmu_root(d->h.cpu.vcpu);
	int r = 0;

	d->h.cpu.hw.probe = true;
	for (unsigned int i = 0; i < DIFF_UNIVERSE && !r; i++)
		for (unsigned int a = 0; a < 6 && !r; a++)
			r = probe_one(d, root, universe_gva(i), accesses[a],
				      why, n);
	d->h.cpu.hw.probe = false;
	return r;
}

int diffrun_step(struct diffrun *d, const struct op *op, char *why,
		 size_t n)
{
	int r = do_op(d, op, why, n);

	d->steps++;
	if (r)
		return r;
	return probe_universe(d, why, n);
}

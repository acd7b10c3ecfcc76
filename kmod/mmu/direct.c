// SPDX-License-Identifier: GPL-2.0-only
/*
 * direct.c: direct (TDP, NPT-style) mode: one 4-level table per VM mapping
 * guest physical to host physical addresses, with 2 MiB and 1 GiB pages
 * where the slot and the host allow, and range walks for zapping and for
 * dirty-log write protection.
 */
#include "kmod/mmu/mmu_int.h"

static union sp_role direct_role(int level)
{
	union sp_role role = { .word = 0 };

	role.level = level;
	role.direct = 1;
	role.access = ACC_ALL;
	return role;
}

int direct_load_root(struct hv_mmu_vcpu *vcpu)
{
	int r = sp_get(vcpu->vm, 0, direct_role(4), &vcpu->root_sp);

	if (!r)
		vcpu->root_sp->root_count++;
	return r;
}

/* Largest level @gfn may be mapped at in its slot, given the host's. */
static int max_level(struct mmu_slot *s, uint64_t gfn, int host_level)
{
	int level;
	uint64_t n, first;

	if (hvp_load64(&s->log))
		return 1;
	for (level = host_level < 3 ? host_level : 3; level > 1; level--) {
		n = level_pages(level);
		first = gfn & ~(n - 1);
		if (first >= s->base_gfn && first + n <= s->base_gfn + s->npages &&
		    !(((s->hva >> PG_SHIFT) - s->base_gfn) & (n - 1)))
			break;
	}
	return level;
}

int direct_fault(struct hv_mmu_vcpu *vcpu, uint64_t gpa, uint32_t ec,
		 bool no_apf, struct hv_pf_result *res)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	const struct hv_spte_format *f = vm->f;
	bool write = ec & HV_PFERR_WRITE, hw, wr;
	uint64_t gfn = gpa >> PG_SHIFT, *sptep, spte, old, hpa;
	struct mmu_page *sp, *child;
	struct host_page hp;
	int level, want, r;

	r = host_page_get(vcpu, gfn, gpa, write, no_apf, &hp, res);
	if (r)
		return r < 0 ? r : 0;
	hw = hp.writable && !(hp.slot->flags & HV_SLOT_READONLY);
	if (write && !hw) {
		res->action = HV_PF_MMIO;
		res->gpa = gpa;
		return 0;
	}
	want = max_level(hp.slot, gfn, hp.level);

	r = fault_lock(vcpu, &hp);
	if (r) {
		r = r < 0 ? r : 0;	/* raced with an invalidation: retry */
		goto out;
	}
	sp = vcpu->root_sp;
	for (level = 4;; level--) {
		bool table;

		sptep = &sp->spt[level_index(gpa, level)];
		spte = hvp_load64(sptep);
		table = hv_spte_present(f, spte) && level > 1 &&
			!(spte & f->large);
		if (level == want && !table)
			break;
		if (table) {
			/* A table where a large leaf could go: use it. */
			if (level == want)
				want--;
			sp = sp_from_hpa(vm, hv_spte_addr(f, spte));
			continue;
		}
		/* Nothing, or a large leaf where a smaller one is wanted. */
		drop_spte(vm, sp, sptep, vm->trap);
		if (sp_get(vm, gfn & ~(level_pages(level) - 1),
			   direct_role(level - 1), &child) ||
		    link_child(vm, sptep, child)) {
			r = -ENOMEM;
			goto out;
		}
		sp = child;
	}
	hpa = hp.hpa - ((gfn & (level_pages(level) - 1)) << PG_SHIFT);
	wr = hw && (write || !hvp_load64(&hp.slot->log));
	spte = make_leaf(vm, hpa, wr ? ACC_ALL : ACC_ALL & ~ACC_WRITE, hw,
			 true, level);
	old = hvp_load64(sptep);
	if (old != spte) {
		drop_spte(vm, sp, sptep, vm->trap);
		hvp_store64(sptep, spte);
		/* No TLB caches a non-present entry. */
		if (hv_spte_present(f, old))
			hvp_flush_tlbs(vm->plat);
	}
	if (wr)
		mark_dirty(vm, gfn);
	stat_inc(vm, pf_fixed);
out:
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return r;
}

/*
 * Applies @op to the leaves of [start, end) under @sp: zap drops them,
 * protect clears R/W of 4 KiB leaves (keeping them MMU-writable for the
 * fast path) and drops large ones. Returns whether to flush.
 */
static bool range_op(struct hv_mmu_vm *vm, struct mmu_page *sp,
		     uint64_t start, uint64_t end, bool zap)
{
	const struct hv_spte_format *f = vm->f;
	uint64_t n = level_pages(sp->role.level), gfn, spte;
	bool flush = false;
	unsigned int i;

	for (i = 0; i < NENT; i++) {
		gfn = sp->gfn + i * n;
		if (gfn >= end || gfn + n <= start)
			continue;
		spte = hvp_load64(&sp->spt[i]);
		if (!hv_spte_present(f, spte))
			continue;
		if (sp->role.level > 1 && !(spte & f->large)) {
			flush |= range_op(vm, sp_from_hpa(vm,
						hv_spte_addr(f, spte)),
					  start, end, zap);
		} else if (zap || sp->role.level > 1) {
			drop_spte(vm, sp, &sp->spt[i], vm->trap);
			flush = true;
		} else {
			while ((spte & f->writable) &&
			       !hvp_cmpxchg64(&sp->spt[i], &spte,
					      spte & ~f->writable))
				;
			flush |= !!(spte & f->writable);
		}
	}
	return flush;
}

static struct mmu_page *direct_root(struct hv_mmu_vm *vm)
{
	return sp_lookup(vm, 0, direct_role(4));
}

void direct_zap_range(struct hv_mmu_vm *vm, uint64_t start, uint64_t end)
{
	struct mmu_page *root = direct_root(vm);

	if (root && range_op(vm, root, start, end, true))
		hvp_flush_tlbs(vm->plat);
}

bool direct_protect_range(struct hv_mmu_vm *vm, uint64_t start, uint64_t end)
{
	struct mmu_page *root = direct_root(vm);

	return root && range_op(vm, root, start, end, false);
}

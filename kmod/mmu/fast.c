// SPDX-License-Identifier: GPL-2.0-only
/*
 * fast.c: leaf entry construction, dirty marking, the lockless walk of the
 * current root, and seed 002's fast page fault: a write fault on an entry
 * that was write-protected only for dirty logging gets R/W back by one
 * compare-and-exchange, without the MMU lock.
 */
#include "kmod/mmu/mmu_int.h"

#define FAST_TRIES	4

uint64_t make_leaf(struct hv_mmu_vm *vm, uint64_t hpa, unsigned int access,
		   bool host_writable, bool mmu_writable, int level)
{
	const struct hv_spte_format *f = vm->f;
	uint64_t spte = f->present | f->accessed | f->memtype |
			(hpa & f->addr);

	if (access & ACC_WRITE)
		spte |= f->writable | f->dirty;
	if (access & ACC_USER)
		spte |= f->user;
	spte |= (access & ACC_EXEC) ? f->exec : f->nx;
	if (host_writable)
		spte |= f->host_writable;
	if (mmu_writable)
		spte |= f->mmu_writable;
	if (level > 1)
		spte |= f->large;
	return spte;
}

void mark_dirty(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct mmu_slot *s = slot_of_gfn(vm, gfn);
	uint64_t i;

	if (!s || !hvp_load64(&s->log))
		return;
	i = gfn - s->base_gfn;
	hvp_or64(&s->dirty[i / 64], 1ull << (i % 64));
}

/*
 * Walks the current root for @addr without the lock (the caller counts
 * itself in vm->lockless) down to the first entry that is not present or
 * is a leaf. Returns that entry's address, value, level and table.
 */
uint64_t *lockless_walk(struct hv_mmu_vcpu *vcpu, uint64_t addr,
			int *level, uint64_t *table, uint64_t *sptev)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	const struct hv_spte_format *f = vm->f;
	uint64_t *sptep, spte;
	unsigned int idx;
	int l;

	if (vcpu->root_sp) {
		l = 4;
		*table = vcpu->root_sp->hpa;
	} else {
		l = 3;
		*table = vcpu->pae_hpa;
	}
	for (;; l--) {
		idx = (l == 3 && !vcpu->root_sp) ? (addr >> 30) & 3 :
						   level_index(addr, l);
		sptep = (uint64_t *)hvp_va(vm->plat, *table) + idx;
		spte = hvp_load64(sptep);
		if (l == 1 || !hv_spte_present(f, spte) || (spte & f->large))
			break;
		*table = hv_spte_addr(f, spte);
	}
	*level = l;
	*sptev = spte;
	return sptep;
}

/* The leaf allows the access of error code @ec (U/S and fetch). */
static bool spte_allows(const struct hv_spte_format *f, uint64_t spte,
			uint32_t ec)
{
	if ((ec & HV_PFERR_USER) && f->user && !(spte & f->user))
		return false;
	if (ec & HV_PFERR_FETCH)
		return f->exec ? !!(spte & f->exec) : !(spte & f->nx);
	return true;
}

static bool fast_fix(struct hv_mmu_vcpu *vcpu, uint64_t addr, uint32_t ec)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	const struct hv_spte_format *f = vm->f;
	uint64_t *sptep, spte, table, gfn;
	struct mmu_page *sp;
	int level, i;

	sptep = lockless_walk(vcpu, addr, &level, &table, &spte);
	if (!hv_spte_present(f, spte) || (level > 1 && !(spte & f->large)))
		return false;
	for (i = 0; i < FAST_TRIES; i++) {
		if (!spte_allows(f, spte, ec))
			return false;
		if (spte & f->writable) {
			stat_inc(vm, pf_spurious);
			return true;
		}
		if (!hv_spte_can_fast_unprotect(f, spte))
			return false;
		if (hvp_cmpxchg64(sptep, &spte,
				  spte | f->writable | f->dirty)) {
			sp = sp_from_hpa(vm, table);
			gfn = hvp_load64(sp->gfns ? &sp->gfns[sptep - sp->spt] :
					 &sp->gfn);
			if (!sp->gfns)
				gfn += (sptep - sp->spt) * level_pages(level) +
				       ((addr >> PG_SHIFT) &
					(level_pages(level) - 1));
			mark_dirty(vm, gfn);
			stat_inc(vm, pf_fast);
			return true;
		}
		if (!hv_spte_present(f, spte))
			return false;
	}
	return false;
}

/*
 * Seed 002: a present write fault (P=1, W=1) may be an entry protected
 * only for dirty logging (fixed here) or one another vCPU already made
 * writable (spurious). Anything else goes to the locked path.
 */
bool fast_page_fault(struct hv_mmu_vcpu *vcpu, uint64_t addr, uint32_t ec)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	bool fixed;

	if (!vm->opt.fast_pf || (ec & HV_PFERR_RSVD) ||
	    (ec & (HV_PFERR_PRESENT | HV_PFERR_WRITE)) !=
	    (HV_PFERR_PRESENT | HV_PFERR_WRITE))
		return false;
	hvp_add64(&vm->lockless, 1);
	fixed = fast_fix(vcpu, addr, ec);
	hvp_add64(&vm->lockless, -1ull);
	return fixed;
}

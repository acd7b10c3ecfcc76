// SPDX-License-Identifier: GPL-2.0-only
/*
 * rmap.c: the shadow-mode reverse map from a guest frame to the leaf
 * shadow entries that map it, and what it is for: write-protecting a frame
 * (because it became a shadowed page table, or for dirty logging) and
 * zapping its mappings. MMU lock held.
 */
#include "kmod/mmu/mmu_int.h"

static struct pte_list *rmap_head(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct mmu_slot *s = slot_of_gfn(vm, gfn);

	return s && s->rmap ? &s->rmap[gfn - s->base_gfn] : NULL;
}

int rmap_add(struct hv_mmu_vm *vm, uint64_t gfn, uint64_t *sptep)
{
	struct pte_list *l = rmap_head(vm, gfn);

	return l ? pte_list_add(l, sptep) : -EFAULT;
}

void rmap_del(struct hv_mmu_vm *vm, uint64_t gfn, uint64_t *sptep)
{
	struct pte_list *l = rmap_head(vm, gfn);

	if (l)
		pte_list_del(l, sptep);
}

/*
 * Clears R/W in every leaf entry of @gfn. For dirty logging the entries
 * stay MMU-writable (the fast path may restore R/W and log the write); a
 * frame that became a shadowed page table loses MMU-writable too.
 * Returns whether a TLB flush is needed.
 */
bool rmap_write_protect(struct hv_mmu_vm *vm, uint64_t gfn, bool for_log)
{
	const struct hv_spte_format *f = vm->f;
	uint64_t clear = f->writable | (for_log ? 0 : f->mmu_writable);
	struct pte_list *l = rmap_head(vm, gfn);
	bool flush = false;
	uint64_t old;
	uint32_t i;

	for (i = 0; l && i < l->n; i++) {
		old = hvp_load64(l->v[i]);
		while ((old & clear) &&
		       !hvp_cmpxchg64(l->v[i], &old, old & ~clear))
			;
		flush |= !!(old & f->writable);
	}
	return flush;
}

void rmap_zap(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct pte_list *l = rmap_head(vm, gfn);

	while (l && l->n) {
		uint64_t *p = l->v[0];

		hvp_store64(p, vm->trap);
		pte_list_del(l, p);
	}
}

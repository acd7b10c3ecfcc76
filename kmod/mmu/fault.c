// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault.c: the page-fault entry point (notrap reinjection, fast path, then
 * the shadow or direct slow path), the host page lookup both slow paths
 * share (with the async-PF decision of seeds 001 and 000) and its check
 * against host invalidations that raced with it.
 */
#include "kmod/mmu/mmu_int.h"

/*
 * Looks up the host page of @gfn. Returns 0 (@hp filled), 1 (@res says
 * MMIO or ASYNC), or -errno. Never called with the MMU lock held.
 */
int host_page_get(struct hv_mmu_vcpu *vcpu, uint64_t gfn, uint64_t gpa,
		  bool write, bool no_apf, struct host_page *hp,
		  struct hv_pf_result *res)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	unsigned int flags = 0;
	uint64_t hva;
	int r;

	hp->slot = slot_of_gfn(vm, gfn);
	if (!hp->slot) {
		res->action = HV_PF_MMIO;
		res->gpa = gpa;
		return 1;
	}
	hp->gfn = gfn;
	hp->seq = hvp_load64(&vm->inv_seq);
	hva = hp->slot->hva + ((gfn - hp->slot->base_gfn) << PG_SHIFT);
	if (write && !(hp->slot->flags & HV_SLOT_READONLY))
		flags |= HVP_WRITE;
	r = hvp_host_page(vm->plat, hva, flags | HVP_NOWAIT, &hp->hpa,
			  &hp->writable, &hp->level);
	if (r == -EAGAIN && !no_apf && apf_can_queue(vcpu)) {
		int q = apf_queue(vcpu, gfn, gpa, hva, res);

		if (q)
			return q;
	}
	if (r == -EAGAIN)
		r = hvp_host_page(vm->plat, hva, flags, &hp->hpa,
				  &hp->writable, &hp->level);
	return r;
}

/*
 * Takes the MMU lock to install a mapping of @hp: 0 when ready, 1 when a
 * host invalidation ran (or runs) since host_page_get (retry the fault),
 * or -errno. The lock is held on return in every case.
 */
int fault_lock(struct hv_mmu_vcpu *vcpu, struct host_page *hp)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	int r;

	hvp_lock(&vm->lock);
	if (hvp_load64(&vm->inv_active) ||
	    hvp_load64(&vm->inv_seq) != hp->seq)
		return 1;
	r = ensure_roots(vcpu);
	if (!r)
		make_room(vm);
	return r;
}

int hv_mmu_page_fault(struct hv_mmu_vcpu *vcpu, uint64_t addr,
		      uint32_t error_code, struct hv_pf_result *res)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	uint32_t guest_ec;

	memset(res, 0, sizeof(*res));
	res->action = HV_PF_RETRY;
	stat_inc(vm, pf_taken);
	if (vm->opt.mode == HV_MMU_DIRECT) {
		if (fast_page_fault(vcpu, addr, error_code))
			return 0;
		return direct_fault(vcpu, addr, error_code, false, res);
	}
	if (vm->trap && !(error_code & HV_PFERR_PRESENT) &&
	    shadow_notrap_fault(vcpu, addr)) {
		guest_ec = error_code & (HV_PFERR_WRITE | HV_PFERR_USER |
					 HV_PFERR_FETCH);
		if (!vcpu->nxe && !vcpu->smep)
			guest_ec &= ~HV_PFERR_FETCH;
		stat_inc(vm, pf_guest);
		res->action = HV_PF_INJECT;
		res->error_code = guest_ec;
		res->cr2 = addr;
		return 0;
	}
	if (fast_page_fault(vcpu, addr, error_code))
		return 0;
	return shadow_fault(vcpu, addr, error_code, res);
}

#define EPT_QUAL_WRITE	(1ull << 1)
#define EPT_QUAL_FETCH	(1ull << 2)
#define EPT_QUAL_RWX	(7ull << 3)

uint32_t hv_mmu_ept_error_code(uint64_t exit_qual)
{
	return ((exit_qual & EPT_QUAL_WRITE) ? HV_PFERR_WRITE : 0) |
	       ((exit_qual & EPT_QUAL_FETCH) ? HV_PFERR_FETCH : 0) |
	       ((exit_qual & EPT_QUAL_RWX) ? HV_PFERR_PRESENT : 0);
}

void hv_mmu_pfec_filter(struct hv_mmu_vm *vm, uint32_t *mask,
			uint32_t *match)
{
	*mask = vm->trap ? HV_PFERR_PRESENT : 0;
	*match = *mask;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_shadow.c: shadow paging's control registers, for every backend. The
 * guest's CR0, CR3, CR4 and EFER are kept in the vCPU and given to the MMU
 * core; the backend maps them onto what the hardware runs (shadow_sync).
 * MOV to and from CR0/CR3/CR4 and INVLPG arrive here decoded.
 */
#include <asm/trapnr.h>
#include "kmod/hv.h"

int hv_shadow_set(struct hv_vcpu *v, u64 cr0, u64 cr3, u64 cr4, u64 efer)
{
	struct hv_paging_regs p = {
		.cr0 = cr0, .cr3 = cr3, .cr4 = cr4, .efer = efer,
	};
	int r;

	if (!(cr0 & X86_CR0_PE))
		return -EINVAL;	/* real mode is not run in shadow mode */
	r = hv_mmu_set_paging(v->mmu, &p);
	if (r)
		return r;
	v->cr0 = cr0;
	v->cr3 = cr3;
	v->cr4 = cr4;
	v->efer = efer;
	hv_be->shadow_sync(v);
	v->flush = true;
	return 0;
}

static int guest_write_cr0(struct hv_vcpu *v, u64 val)
{
	u64 efer = v->efer;

	if ((val >> 32) || ((val & X86_CR0_NW) && !(val & X86_CR0_CD)) ||
	    ((val & X86_CR0_PG) && !(val & X86_CR0_PE)))
		return -EINVAL;
	if (!(v->cr0 & X86_CR0_PG) && (val & X86_CR0_PG) &&
	    (efer & EFER_LME)) {
		if (!(v->cr4 & X86_CR4_PAE))
			return -EINVAL;
		efer |= HV_EFER_LMA;
	}
	if (!(val & X86_CR0_PG))
		efer &= ~HV_EFER_LMA;
	return hv_shadow_set(v, val, v->cr3, v->cr4, efer);
}

static int guest_write_cr4(struct hv_vcpu *v, u64 val)
{
	if ((val & ~HV_CR4_OK) ||
	    ((v->efer & HV_EFER_LMA) && !(val & X86_CR4_PAE)))
		return -EINVAL;
	return hv_shadow_set(v, v->cr0, v->cr3, val, v->efer);
}

static int guest_write_cr3(struct hv_vcpu *v, u64 val)
{
	int r = hv_mmu_load_cr3(v->mmu, val);

	if (r)
		return r;
	v->cr3 = val;
	v->flush = true;
	return 0;
}

int hv_exit_cr(struct hv_vcpu *v, bool write, unsigned int cr,
	       unsigned int gpr, unsigned int len)
{
	bool lm = v->efer & HV_EFER_LMA;
	u64 *reg = hv_be->gpr(v, gpr), val;
	int r = -EINVAL;

	if (!write) {
		if (cr == 0)
			val = v->cr0;
		else if (cr == 3)
			val = v->cr3;
		else if (cr == 4)
			val = v->cr4;
		else
			return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
		*reg = lm ? val : (u32)val;
		hv_be->skip(v, len);
		return 0;
	}
	val = lm ? *reg : (u32)*reg;
	if (cr == 0)
		r = guest_write_cr0(v, val);
	else if (cr == 3)
		r = guest_write_cr3(v, val);
	else if (cr == 4)
		r = guest_write_cr4(v, val);
	if (r)
		hv_inject(v, X86_TRAP_GP, true, 0, false);
	else
		hv_be->skip(v, len);
	return 0;
}

int hv_exit_invlpg(struct hv_vcpu *v, u64 addr, unsigned int len)
{
	hv_mmu_invlpg(v->mmu, addr);
	hv_be->skip(v, len);
	return 0;
}

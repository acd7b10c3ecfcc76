// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_shadow.c: shadow paging (npt=0) on SVM. The guest's CR0, CR3, CR4
 * and EFER are kept here and given to the MMU core; the VMCB holds what the
 * hardware runs: paging always on over the core's shadow root (PAE for
 * guests not in long mode, four levels in long mode), write protection
 * always on. Intercepts: CR0/CR3/CR4 reads and writes (decoded by
 * svm_insn.c), #PF (to the core), INVLPG.
 */
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"
#include "kmod/svm/svm_insn.h"

static const u8 shadow_intercepts[] = {
	INTERCEPT_CR0_READ, INTERCEPT_CR3_READ, INTERCEPT_CR4_READ,
	INTERCEPT_CR0_WRITE, INTERCEPT_CR3_WRITE, INTERCEPT_CR4_WRITE,
	INTERCEPT_EXCEPTION_OFFSET + X86_TRAP_PF, INTERCEPT_INVLPG,
};

void hv_svm_shadow_init(struct hv_vcpu *v)
{
	struct vmcb *vmcb = v->vcpu_svm.vmcb;
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(shadow_intercepts); i++) {
		bit = shadow_intercepts[i];
		vmcb->control.intercepts[bit / 32] |= 1u << (bit % 32);
	}
	v->vcpu_svm.cr0 = vmcb->save.cr0;
	hv_svm_shadow_sync(v);
}

/* The hardware's control registers for the guest's. */
void hv_svm_shadow_sync(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	struct vmcb_save_area *s = &svm->vmcb->save;
	bool lma = svm->efer & HV_EFER_LMA;

	s->cr0 = svm->cr0 | X86_CR0_PG | X86_CR0_WP;
	s->cr4 = (svm->cr4 | X86_CR4_PAE) & ~(u64)X86_CR4_PGE;
	s->efer = (svm->efer & (EFER_SCE | EFER_NX)) | EFER_SVME |
		  (lma ? EFER_LME | HV_EFER_LMA : 0);
	svm->flush = true;
}

static int set_paging(struct hv_vcpu *v, u64 cr0, u64 cr3, u64 cr4,
		      u64 efer)
{
	struct hv_paging_regs p = {
		.cr0 = cr0, .cr3 = cr3, .cr4 = cr4, .efer = efer,
	};

	return hv_mmu_set_paging(v->mmu, &p);
}

int hv_svm_shadow_set(struct hv_vcpu *v, u64 cr0, u64 cr3, u64 cr4,
		      u64 efer)
{
	struct hv_svm *svm = &v->vcpu_svm;
	int r;

	if (!(cr0 & X86_CR0_PE))
		return -EINVAL;	/* real mode is not run in shadow mode */
	r = set_paging(v, cr0, cr3, cr4, efer);
	if (r)
		return r;
	svm->cr0 = cr0;
	svm->cr3 = cr3;
	svm->cr4 = cr4;
	svm->efer = efer;
	hv_svm_shadow_sync(v);
	return 0;
}

static int guest_write_cr0(struct hv_vcpu *v, u64 val)
{
	struct hv_svm *svm = &v->vcpu_svm;
	u64 efer = svm->efer;

	if ((val >> 32) || ((val & X86_CR0_NW) && !(val & X86_CR0_CD)) ||
	    ((val & X86_CR0_PG) && !(val & X86_CR0_PE)))
		return -EINVAL;
	if (!(svm->cr0 & X86_CR0_PG) && (val & X86_CR0_PG) &&
	    (efer & EFER_LME)) {
		if (!(svm->cr4 & X86_CR4_PAE))
			return -EINVAL;
		efer |= HV_EFER_LMA;
	}
	if (!(val & X86_CR0_PG))
		efer &= ~HV_EFER_LMA;
	return hv_svm_shadow_set(v, val, svm->cr3, svm->cr4, efer);
}

static int guest_write_cr4(struct hv_vcpu *v, u64 val)
{
	struct hv_svm *svm = &v->vcpu_svm;

	if ((val & ~HV_CR4_OK) ||
	    ((svm->efer & HV_EFER_LMA) && !(val & X86_CR4_PAE)))
		return -EINVAL;
	return hv_svm_shadow_set(v, svm->cr0, svm->cr3, val, svm->efer);
}

static int guest_write_cr3(struct hv_vcpu *v, u64 val)
{
	struct hv_svm *svm = &v->vcpu_svm;
	int r = hv_mmu_load_cr3(v->mmu, val);

	if (r)
		return r;
	svm->cr3 = val;
	svm->flush = true;
	return 0;
}

int hv_svm_exit_cr(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	bool lm = svm->efer & HV_EFER_LMA;
	struct hv_insn in;
	u64 *reg, val;
	int r = -EINVAL;

	if (hv_svm_decode(v, &in) || in.opcode == 0x01)
		return hv_svm_internal(v, HV_INTERNAL_ERROR_EMULATION);
	reg = hv_svm_gpr(v, in.gpr);
	if (in.opcode == 0x20) {
		if (in.cr == 0)
			val = svm->cr0;
		else if (in.cr == 3)
			val = svm->cr3;
		else if (in.cr == 4)
			val = svm->cr4;
		else
			return hv_svm_internal(v, HV_INTERNAL_ERROR_EMULATION);
		*reg = lm ? val : (u32)val;
		svm->vmcb->save.rip += in.len;
		return 0;
	}
	val = lm ? *reg : (u32)*reg;
	if (in.cr == 0)
		r = guest_write_cr0(v, val);
	else if (in.cr == 3)
		r = guest_write_cr3(v, val);
	else if (in.cr == 4)
		r = guest_write_cr4(v, val);
	if (r)
		hv_svm_inject(v, X86_TRAP_GP, true, 0, false);
	else
		svm->vmcb->save.rip += in.len;
	return 0;
}

int hv_svm_exit_invlpg(struct hv_vcpu *v)
{
	struct hv_insn in;

	if (hv_svm_decode(v, &in) || in.opcode != 0x01)
		return hv_svm_internal(v, HV_INTERNAL_ERROR_EMULATION);
	hv_mmu_invlpg(v->mmu, in.addr);
	v->vcpu_svm.vmcb->save.rip += in.len;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_shadow.c: shadow paging (npt=0) on SVM. The guest's CR0, CR3, CR4
 * and EFER are the common code's (hv_shadow.c); the VMCB holds what the
 * hardware runs: paging always on over the core's shadow root (PAE for
 * guests not in long mode, four levels in long mode), write protection
 * always on. Intercepts: CR0/CR3/CR4 reads and writes (decoded by
 * hv_insn.c for hv_exit_cr), #PF (to the core), INVLPG.
 */
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/svm/svm.h"
#include "kmod/hv_insn.h"

static const u8 shadow_intercepts[] = {
	INTERCEPT_CR0_READ, INTERCEPT_CR3_READ, INTERCEPT_CR4_READ,
	INTERCEPT_CR0_WRITE, INTERCEPT_CR3_WRITE, INTERCEPT_CR4_WRITE,
	INTERCEPT_EXCEPTION_OFFSET + X86_TRAP_PF, INTERCEPT_INVLPG,
};

void hv_svm_shadow_init(struct hv_vcpu *v)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;
	unsigned int i, bit;

	for (i = 0; i < ARRAY_SIZE(shadow_intercepts); i++) {
		bit = shadow_intercepts[i];
		vmcb->control.intercepts[bit / 32] |= 1u << (bit % 32);
	}
	v->cr0 = vmcb->save.cr0;
	hv_svm_shadow_sync(v);
}

/* The hardware's control registers for the guest's. */
void hv_svm_shadow_sync(struct hv_vcpu *v)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;
	bool lma = v->efer & HV_EFER_LMA;

	s->cr0 = v->cr0 | X86_CR0_PG | X86_CR0_WP;
	s->cr4 = (v->cr4 | X86_CR4_PAE) & ~(u64)X86_CR4_PGE;
	s->efer = (v->efer & (EFER_SCE | EFER_NX)) | EFER_SVME |
		  (lma ? EFER_LME | HV_EFER_LMA : 0);
}

int hv_svm_exit_cr(struct hv_vcpu *v)
{
	struct hv_insn in;

	if (hv_decode(v, &in) || in.opcode == 0x01)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	return hv_exit_cr(v, in.opcode == 0x22, in.cr, in.gpr, in.len);
}

int hv_svm_exit_invlpg(struct hv_vcpu *v)
{
	struct hv_insn in;

	if (hv_decode(v, &in) || in.opcode != 0x01)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	return hv_exit_invlpg(v, in.addr, in.len);
}

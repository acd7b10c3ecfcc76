// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_cr.c: the control registers and EFER the hardware runs a guest with.
 * Shadow paging (npt=0): the guest's CR0/CR4/EFER are the common code's
 * (kmod/hv_shadow.c) and show through the read shadows; the hardware runs
 * paging always on over the MMU core's root (PAE below long mode), write
 * protection on, global pages off. EPT: the guest's own registers, but
 * for the bits VMX forces on (CR0.NE, CR4.VMXE), which the guest/host
 * masks hide; a guest write to one of those exits here.
 */
#include <asm/processor-flags.h>
#include "kmod/vmx/vmx.h"

static u64 cr0_forced(void)
{
	u64 f = hv_vmx_caps.cr0_fixed0;

	return hv_vmx_caps.unrestricted ?
		f & ~(u64)(X86_CR0_PE | X86_CR0_PG) : f;
}

void hv_vmx_set_efer(struct hv_vcpu *v, u64 efer)
{
	u32 entry = hv_vmx_caps.entry;

	hv_vmx_write(v, GUEST_IA32_EFER, efer);
	hv_vmx_write(v, VM_ENTRY_CONTROLS, efer & HV_EFER_LMA ?
		     entry | VM_ENTRY_IA32E_MODE : entry);
}

void hv_vmx_shadow_sync(struct hv_vcpu *v)
{
	bool lma = v->efer & HV_EFER_LMA;
	u64 cr4 = (v->cr4 | X86_CR4_PAE) & ~(u64)X86_CR4_PGE;

	hv_vmx_write(v, GUEST_CR0, v->cr0 | X86_CR0_PG | X86_CR0_WP |
		     cr0_forced());
	hv_vmx_write(v, CR0_READ_SHADOW, v->cr0);
	hv_vmx_write(v, GUEST_CR4, cr4 | hv_vmx_caps.cr4_fixed0);
	hv_vmx_write(v, CR4_READ_SHADOW, v->cr4);
	hv_vmx_set_efer(v, (v->efer & (EFER_SCE | EFER_NX)) |
			(lma ? EFER_LME | HV_EFER_LMA : 0));
}

void hv_vmx_set_cr0(struct hv_vcpu *v, u64 cr0)
{
	hv_vmx_write(v, GUEST_CR0, cr0 | cr0_forced());
	hv_vmx_write(v, CR0_READ_SHADOW, cr0);
}

void hv_vmx_set_cr4(struct hv_vcpu *v, u64 cr4)
{
	hv_vmx_write(v, GUEST_CR4, cr4 | hv_vmx_caps.cr4_fixed0);
	hv_vmx_write(v, CR4_READ_SHADOW, cr4);
}

int hv_vmx_exit_cr_ept(struct hv_vcpu *v, unsigned int cr, u64 val)
{
	u64 old = hv_vmx_read(v, GUEST_CR0);	/* PG is not forced */
	u64 efer = hv_vmx_read(v, GUEST_IA32_EFER);

	if (cr == 4) {
		hv_vmx_set_cr4(v, val);
		return 0;
	}
	if (cr != 0)
		return -EINVAL;
	/* The write did not happen: paging's switch to long mode is ours. */
	if (!(old & X86_CR0_PG) && (val & X86_CR0_PG) && (efer & EFER_LME))
		hv_vmx_set_efer(v, efer | HV_EFER_LMA);
	if (!(val & X86_CR0_PG))
		hv_vmx_set_efer(v, efer & ~(u64)HV_EFER_LMA);
	hv_vmx_set_cr0(v, val);
	return 0;
}

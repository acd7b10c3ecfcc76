// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_vmcs.c: a new VMCS: the controls hv_vmx_probe() chose, the guest's
 * reset state (as after INIT, CS:IP at f000:fff0, or where a start-up IPI
 * says), the MSR areas, and the
 * host state: the constant part once, the per-CPU and per-task part
 * (CR3, FS/GS/TR/GDT/IDT bases, SYSENTER stack) before every entry.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/trapnr.h>
#include "kmod/vmx/vmx.h"

/* Guest segment @i (ES, CS, SS, DS, FS, GS, LDTR, TR) at reset. */
static void seg_reset(unsigned int i, u16 sel, u64 base, u32 ar)
{
	hv_vmcs_write(GUEST_ES_SELECTOR + 2 * i, sel);
	hv_vmcs_write(GUEST_ES_BASE + 2 * i, base);
	hv_vmcs_write(GUEST_ES_LIMIT + 2 * i, 0xffff);
	hv_vmcs_write(GUEST_ES_AR_BYTES + 2 * i, ar);
}

void hv_vmx_guest_reset(struct hv_vcpu *v, u16 cs, u64 ip)
{
	struct hv_vmx *vmx = to_vmx(v);
	unsigned int i;

	for (i = 0; i < 6; i++)
		seg_reset(i, 0, 0, 0x93);
	/* At power-on CS's base is 0xffff0000, not 0xf000 << 4. */
	seg_reset(1, cs, cs == 0xf000 ? 0xffff0000 : (u64)cs << 4, 0x9b);
	seg_reset(6, 0, 0, 0x82);
	seg_reset(7, 0, 0, 0x8b);
	hv_vmcs_write(GUEST_GDTR_LIMIT, 0xffff);
	hv_vmcs_write(GUEST_IDTR_LIMIT, 0xffff);
	hv_vmcs_write(GUEST_DR7, 0x400);
	hv_vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	hv_vmcs_write(GUEST_ACTIVITY_STATE, 0);
	hv_vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	hv_vmcs_write(VMCS_LINK_POINTER, ~0ull);
	memset(vmx->gpr, 0, sizeof(vmx->gpr));
	vmx->rflags = 2;
	vmx->rip = ip;
	vmx->intr_state = 0;
	vmx->entry_intr = 0;
	v->efer = 0;
	vmx->pat = 0x0007040600070406ull;
	v->cr0 = X86_CR0_ET;
	if (v->vm->npt) {
		hv_vmx_set_cr0(v, X86_CR0_ET);
		hv_vmx_set_cr4(v, 0);
		hv_vmx_set_efer(v, 0);
	} else {
		hv_vmx_shadow_sync(v);
	}
}

/* The host state that stays: selectors, CR0, EFER, SYSENTER, RIP. */
static void host_constant(void)
{
	u64 val;

	hv_vmcs_write(HOST_CR0, read_cr0());
	hv_vmcs_write(HOST_CS_SELECTOR, __KERNEL_CS);
	hv_vmcs_write(HOST_SS_SELECTOR, __KERNEL_DS);
	hv_vmcs_write(HOST_DS_SELECTOR, 0);
	hv_vmcs_write(HOST_ES_SELECTOR, 0);
	hv_vmcs_write(HOST_FS_SELECTOR, 0);
	hv_vmcs_write(HOST_GS_SELECTOR, 0);
	hv_vmcs_write(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	rdmsrl(MSR_EFER, val);
	hv_vmcs_write(HOST_IA32_EFER, val);
	rdmsrl(MSR_IA32_SYSENTER_CS, val);
	hv_vmcs_write(HOST_IA32_SYSENTER_CS, val);
	rdmsrl(MSR_IA32_SYSENTER_EIP, val);
	hv_vmcs_write(HOST_IA32_SYSENTER_EIP, val);
	hv_vmcs_write(HOST_RIP, (unsigned long)hv_vmx_vmexit);
}

/* This CPU's TSS, from its descriptor in the GDT. */
static u64 tr_base(const struct desc_ptr *gdt)
{
	const struct ldttss_desc *d;
	u16 tr;

	asm volatile("str %0" : "=r" (tr));
	d = (const void *)(gdt->address + (tr & ~7));
	return d->base0 | ((u64)d->base1 << 16) | ((u64)d->base2 << 24) |
	       ((u64)d->base3 << 32);
}

/* Before each entry (interrupts off): what depends on CPU and task. */
void hv_vmx_host_state(void)
{
	struct desc_ptr gdt, idt;
	u64 val;

	native_store_gdt(&gdt);
	store_idt(&idt);
	hv_vmcs_write(HOST_CR3, __read_cr3());
	hv_vmcs_write(HOST_CR4, cr4_read_shadow());
	hv_vmcs_write(HOST_GDTR_BASE, gdt.address);
	hv_vmcs_write(HOST_IDTR_BASE, idt.address);
	hv_vmcs_write(HOST_TR_BASE, tr_base(&gdt));
	rdmsrl(MSR_FS_BASE, val);
	hv_vmcs_write(HOST_FS_BASE, val);
	rdmsrl(MSR_GS_BASE, val);
	hv_vmcs_write(HOST_GS_BASE, val);
	rdmsrl(MSR_IA32_SYSENTER_ESP, val);
	hv_vmcs_write(HOST_IA32_SYSENTER_ESP, val);
}

static void controls(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = to_vmx(v);
	u64 msrs = virt_to_phys(vmx->msrs);
	u32 mask = 0, match = 0;

	hv_vmcs_write(PIN_BASED_VM_EXEC_CONTROL, hv_vmx_caps.pin);
	vmx->proc = hv_vmx_caps.proc;
	hv_vmcs_write(CPU_BASED_VM_EXEC_CONTROL, vmx->proc);
	if (hv_vmx_caps.proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		hv_vmcs_write(SECONDARY_VM_EXEC_CONTROL, hv_vmx_caps.proc2);
	hv_vmcs_write(VM_EXIT_CONTROLS, hv_vmx_caps.exit);
	hv_vmcs_write(VM_ENTRY_CONTROLS, hv_vmx_caps.entry);
	hv_vmcs_write(CR3_TARGET_COUNT, 0);
	hv_vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	hv_vmcs_write(VM_ENTRY_MSR_LOAD_ADDR, msrs);
	hv_vmcs_write(VM_EXIT_MSR_STORE_ADDR, msrs);
	hv_vmcs_write(VM_EXIT_MSR_LOAD_ADDR,
		      msrs + HV_VMX_NR_AUTOLOAD * sizeof(*vmx->msrs));
	hv_vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, HV_VMX_NR_AUTOLOAD);
	hv_vmcs_write(VM_EXIT_MSR_STORE_COUNT, HV_VMX_NR_AUTOLOAD);
	hv_vmcs_write(VM_EXIT_MSR_LOAD_COUNT, HV_VMX_NR_AUTOLOAD);
	if (v->vm->npt) {
		/* Only the bits VMX forces on are the host's. */
		hv_vmcs_write(CR0_GUEST_HOST_MASK, hv_vmx_caps.cr0_fixed0 &
			      ~(u64)(X86_CR0_PE | X86_CR0_PG));
		hv_vmcs_write(CR4_GUEST_HOST_MASK, hv_vmx_caps.cr4_fixed0);
		hv_vmcs_write(EXCEPTION_BITMAP, 0);
	} else {
		/* Shadow paging: every CR0/CR4 bit and every #PF whose
		 * error code passes the MMU core's filter (seed 003). */
		hv_vmcs_write(CR0_GUEST_HOST_MASK, ~0ull);
		hv_vmcs_write(CR4_GUEST_HOST_MASK, ~0ull);
		hv_vmcs_write(EXCEPTION_BITMAP, 1u << X86_TRAP_PF);
		hv_mmu_pfec_filter(v->vm->mmu, &mask, &match);
	}
	hv_vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, mask);
	hv_vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, match);
}

/* The VMCS of @v is current on this CPU. */
void hv_vmx_vmcs_init(struct hv_vcpu *v)
{
	controls(v);
	host_constant();
	hv_vmx_guest_reset(v, 0xf000, 0xfff0);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_vcpu.c: a vCPU's VMCS and the registers kept beside it (GPRs, RIP,
 * RSP, RFLAGS, CR2, the event to inject), its registers as the ioctls see
 * them, one entry (interrupts off: a host interrupt exits the guest and is
 * taken after), the local APIC's hooks (interrupt shadow and window, the
 * state a start-up IPI gives), and the backend's table of operations
 * (kmod/backend.h).
 * What an exit left in the VMCS is read before preemption comes back, so
 * the exit handlers never need the VMCS current.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/special_insns.h>
#include "kmod/vmx/vmx.h"

#define AR_UNUSABLE	(1u << 16)
#define HV_VMX_VMFAIL	0xffffffffu	/* exit.reason: VMLAUNCH failed */

static int vmx_vcpu_init(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = kzalloc(sizeof(*vmx), GFP_KERNEL_ACCOUNT);

	if (!vmx)
		return -ENOMEM;
	vmx->vmcs = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vmx->msrs = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vmx->vmcs || !vmx->msrs) {
		free_page((unsigned long)vmx->vmcs);
		free_page((unsigned long)vmx->msrs);
		kfree(vmx);
		return -ENOMEM;
	}
	*(u32 *)vmx->vmcs = hv_vmx_caps.revision;
	vmx->vmcs_pa = virt_to_phys(vmx->vmcs);
	vmx->cpu = -1;
	v->arch = vmx;
	hv_vmx_msrs_init(vmx);
	preempt_disable();
	hv_vmx_load(vmx);
	hv_vmx_vmcs_init(v);
	preempt_enable();
	return 0;
}

static void vmx_vcpu_free(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = to_vmx(v);

	hv_vmx_clear(vmx);
	free_page((unsigned long)vmx->vmcs);
	free_page((unsigned long)vmx->msrs);
	kfree(vmx);
	v->arch = NULL;
}

static u64 *vmx_gpr(struct hv_vcpu *v, unsigned int n)
{
	struct hv_vmx *vmx = to_vmx(v);

	if (n == HV_RIP)
		return &vmx->rip;
	if (n == HV_RFLAGS)
		return &vmx->rflags;
	return &vmx->gpr[n];
}

/* Segments in VMCS order: ES, CS, SS, DS, FS, GS, LDTR, TR. */
static struct hv_segment *sreg_seg(struct hv_sregs *sr, unsigned int i)
{
	struct hv_segment *segs[] = { &sr->es, &sr->cs, &sr->ss, &sr->ds,
		&sr->fs, &sr->gs, &sr->ldt, &sr->tr };

	return segs[i];
}

static void seg_get(unsigned int i, struct hv_segment *s)
{
	u32 ar = hv_vmcs_read(GUEST_ES_AR_BYTES + 2 * i);

	s->base = hv_vmcs_read(GUEST_ES_BASE + 2 * i);
	s->limit = hv_vmcs_read(GUEST_ES_LIMIT + 2 * i);
	s->selector = hv_vmcs_read(GUEST_ES_SELECTOR + 2 * i);
	s->type = ar & 15;
	s->s = (ar >> 4) & 1;
	s->dpl = (ar >> 5) & 3;
	s->present = (ar >> 7) & 1;
	s->avl = (ar >> 12) & 1;
	s->l = (ar >> 13) & 1;
	s->db = (ar >> 14) & 1;
	s->g = (ar >> 15) & 1;
	s->unusable = !!(ar & AR_UNUSABLE);
}

static void seg_set(unsigned int i, const struct hv_segment *s)
{
	u32 ar = s->type | (s->s << 4) | (s->dpl << 5) | (s->present << 7) |
		 (s->avl << 12) | (s->l << 13) | (s->db << 14) | (s->g << 15);

	if (s->unusable || !s->present)
		ar = AR_UNUSABLE;
	hv_vmcs_write(GUEST_ES_BASE + 2 * i, s->base);
	hv_vmcs_write(GUEST_ES_LIMIT + 2 * i, s->limit);
	hv_vmcs_write(GUEST_ES_SELECTOR + 2 * i, s->selector);
	hv_vmcs_write(GUEST_ES_AR_BYTES + 2 * i, ar);
}

/* The guest's view of a CR whose masked bits show through @shadow. */
static u64 cr_view(unsigned long cr, unsigned long mask,
		   unsigned long shadow)
{
	u64 m = hv_vmcs_read(mask);

	return (hv_vmcs_read(cr) & ~m) | (hv_vmcs_read(shadow) & m);
}

static void vmx_get_sregs(struct hv_vcpu *v, struct hv_sregs *sr)
{
	unsigned int i;

	preempt_disable();
	hv_vmx_load(to_vmx(v));
	for (i = 0; i < 8; i++)
		seg_get(i, sreg_seg(sr, i));
	sr->gdt.base = hv_vmcs_read(GUEST_GDTR_BASE);
	sr->gdt.limit = hv_vmcs_read(GUEST_GDTR_LIMIT);
	sr->idt.base = hv_vmcs_read(GUEST_IDTR_BASE);
	sr->idt.limit = hv_vmcs_read(GUEST_IDTR_LIMIT);
	sr->cr0 = cr_view(GUEST_CR0, CR0_GUEST_HOST_MASK, CR0_READ_SHADOW);
	sr->cr3 = hv_vmcs_read(GUEST_CR3);
	sr->cr4 = cr_view(GUEST_CR4, CR4_GUEST_HOST_MASK, CR4_READ_SHADOW);
	sr->efer = hv_vmcs_read(GUEST_IA32_EFER);
	preempt_enable();
	sr->cr2 = to_vmx(v)->cr2;
}

/* Checked by the caller; in shadow mode the CRs are the common code's. */
static void vmx_set_sregs(struct hv_vcpu *v, const struct hv_sregs *sr)
{
	struct hv_sregs copy = *sr;
	unsigned int i;

	preempt_disable();
	hv_vmx_load(to_vmx(v));
	for (i = 0; i < 8; i++)
		seg_set(i, sreg_seg(&copy, i));
	hv_vmcs_write(GUEST_GDTR_BASE, sr->gdt.base);
	hv_vmcs_write(GUEST_GDTR_LIMIT, sr->gdt.limit);
	hv_vmcs_write(GUEST_IDTR_BASE, sr->idt.base);
	hv_vmcs_write(GUEST_IDTR_LIMIT, sr->idt.limit);
	if (v->vm->npt) {
		hv_vmx_set_cr0(v, sr->cr0);
		hv_vmcs_write(GUEST_CR3, sr->cr3);
		hv_vmx_set_cr4(v, sr->cr4);
		hv_vmx_set_efer(v, sr->efer);
		v->efer = sr->efer;
	}
	preempt_enable();
	to_vmx(v)->cpl = sr->cs.dpl;
	to_vmx(v)->cr2 = sr->cr2;
}

static void vmx_inject(struct hv_vcpu *v, u8 vector, bool has_error,
		       u32 error, bool is_irq)
{
	struct hv_vmx *vmx = to_vmx(v);

	vmx->entry_intr = vector | INTR_INFO_VALID_MASK |
		(is_irq ? INTR_TYPE_EXT_INTR : INTR_TYPE_HARD_EXCEPTION) |
		(has_error ? INTR_INFO_DELIVER_CODE_MASK : 0);
	vmx->entry_error = error;
	vmx->entry_len = 0;
}

static bool vmx_event_pending(struct hv_vcpu *v)
{
	return to_vmx(v)->entry_intr & INTR_INFO_VALID_MASK;
}

/* The CR3 (shadow paging) or EPT pointer of the next entry. */
static void vmx_set_root(struct hv_vcpu *v, struct hv_mmu_root root)
{
	to_vmx(v)->root = v->vm->npt ? hv_mmu_eptp(v->vm->mmu, root) :
				       root.hpa;
}

/* What the exit left, while the VMCS is still current here. */
static void read_exit(struct hv_vmx *vmx, int failed)
{
	struct hv_vmx_exit *e = &vmx->exit;

	vmx->entry_intr = 0;
	if (failed) {
		e->reason = HV_VMX_VMFAIL;
		e->qual = hv_vmcs_read(VM_INSTRUCTION_ERROR);
		return;
	}
	vmx->launched = true;
	vmx->intr_state = hv_vmcs_read(GUEST_INTERRUPTIBILITY_INFO);
	e->reason = hv_vmcs_read(VM_EXIT_REASON);
	e->qual = hv_vmcs_read(EXIT_QUALIFICATION);
	e->intr_info = hv_vmcs_read(VM_EXIT_INTR_INFO);
	e->intr_error = hv_vmcs_read(VM_EXIT_INTR_ERROR_CODE);
	e->idt_info = hv_vmcs_read(IDT_VECTORING_INFO_FIELD);
	e->idt_error = hv_vmcs_read(IDT_VECTORING_ERROR_CODE);
	e->insn_len = hv_vmcs_read(VM_EXIT_INSTRUCTION_LEN);
	e->gpa = hv_vmcs_read(GUEST_PHYSICAL_ADDRESS);
	vmx->rip = hv_vmcs_read(GUEST_RIP);
	vmx->gpr[HV_RSP] = hv_vmcs_read(GUEST_RSP);
	vmx->rflags = hv_vmcs_read(GUEST_RFLAGS);
	vmx->cpl = (hv_vmcs_read(GUEST_SS_AR_BYTES) >> 5) & 3;
}

/* The guest's state the common code may have changed since the exit. */
static void write_entry(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = to_vmx(v);

	hv_vmcs_write(GUEST_RIP, vmx->rip);
	hv_vmcs_write(GUEST_RSP, vmx->gpr[HV_RSP]);
	hv_vmcs_write(GUEST_RFLAGS, vmx->rflags);
	hv_vmcs_write(GUEST_INTERRUPTIBILITY_INFO, vmx->intr_state);
	hv_vmcs_write(CPU_BASED_VM_EXEC_CONTROL, vmx->proc);
	hv_vmcs_write(VM_ENTRY_INTR_INFO_FIELD, vmx->entry_intr);
	hv_vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, vmx->entry_error);
	hv_vmcs_write(VM_ENTRY_INSTRUCTION_LEN, vmx->entry_len);
	if (v->vm->npt)
		hv_vmcs_write(EPT_POINTER, vmx->root);
	else
		hv_vmcs_write(GUEST_CR3, vmx->root);
}

/* EPT: drop guest-physical translations after the tables changed. The
 * linear ones go at every entry and exit (no VPID is used). */
static void flush_ept(void)
{
	struct { u64 eptp, gpa; } desc = { 0, 0 };

	asm volatile("invept %0, %1"
		     :: "m" (desc), "r" ((u64)VMX_EPT_EXTENT_GLOBAL)
		     : "cc", "memory");
}

static bool vmx_enter(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = to_vmx(v);
	unsigned short ds, es;
	int cpu, failed;
	u64 gen;

	preempt_disable();
	hv_vmx_load(vmx);
	local_irq_disable();
	if (!hv_enter_begin(v)) {
		local_irq_enable();
		preempt_enable();
		return false;
	}
	cpu = smp_processor_id();
	gen = atomic64_read(&v->vm->tlb_gen);
	if (v->vm->npt && (vmx->tlb_gen != gen || v->flush))
		flush_ept();
	v->flush = false;
	vmx->tlb_gen = gen;
	hv_vmx_host_state();
	hv_vmx_msrs_host(vmx);
	write_entry(v);
	savesegment(ds, ds);
	savesegment(es, es);
	if (native_read_cr2() != vmx->cr2)
		native_write_cr2(vmx->cr2);
	failed = hv_vmx_vmenter(vmx->gpr, vmx->launched);
	vmx->cr2 = native_read_cr2();
	read_exit(vmx, failed);
	if (ds)
		loadsegment(ds, ds);
	if (es)
		loadsegment(es, es);
	invalidate_tss_limit();
	load_fixmap_gdt(cpu);
	if (vmx->exit.reason == EXIT_REASON_EXCEPTION_NMI &&
	    (vmx->exit.intr_info & INTR_INFO_INTR_TYPE_MASK) ==
	    INTR_TYPE_NMI_INTR)
		asm volatile("int $2");	/* the host's NMI, taken here */
	hv_enter_end(v);
	local_irq_enable();
	preempt_enable();
	return true;
}

/* An instruction done for the guest ends an interrupt shadow (STI; HLT). */
static void vmx_skip(struct hv_vcpu *v, unsigned int len)
{
	struct hv_vmx *vmx = to_vmx(v);

	vmx->rip += len;
	vmx->intr_state &= ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
}

static bool vmx_irq_shadow(struct hv_vcpu *v)
{
	return to_vmx(v)->intr_state &
	       (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
}

/* Interrupt-window exiting: an exit as soon as the guest can take one. */
static void vmx_irq_window(struct hv_vcpu *v, bool on)
{
	struct hv_vmx *vmx = to_vmx(v);

	if (on)
		vmx->proc |= CPU_BASED_INTR_WINDOW_EXITING;
	else
		vmx->proc &= ~CPU_BASED_INTR_WINDOW_EXITING;
}

/* Real mode after a start-up IPI: only with unrestricted guest (EPT). */
static int vmx_sipi_reset(struct hv_vcpu *v, u8 vector)
{
	if (!v->vm->npt)
		return -EOPNOTSUPP;
	preempt_disable();
	hv_vmx_load(to_vmx(v));
	hv_vmx_guest_reset(v, (u16)vector << 8, 0);
	preempt_enable();
	return 0;
}

static u64 vmx_rflags(struct hv_vcpu *v)
{
	return to_vmx(v)->rflags;
}

static unsigned int vmx_cpl(struct hv_vcpu *v)
{
	return to_vmx(v)->cpl;
}

static u64 vmx_cr0(struct hv_vcpu *v)
{
	u64 cr0;

	preempt_disable();
	hv_vmx_load(to_vmx(v));
	cr0 = cr_view(GUEST_CR0, CR0_GUEST_HOST_MASK, CR0_READ_SHADOW);
	preempt_enable();
	return cr0;
}

static u64 vmx_efer(struct hv_vcpu *v)
{
	return hv_vmx_read(v, GUEST_IA32_EFER);
}

static void vmx_set_cr2(struct hv_vcpu *v, u64 cr2)
{
	to_vmx(v)->cr2 = cr2;
}

static void vmx_exit_info(struct hv_vcpu *v, u64 data[4])
{
	struct hv_vmx *vmx = to_vmx(v);

	data[0] = vmx->exit.reason;
	data[1] = vmx->exit.qual;
	data[2] = vmx->exit.gpa;
	data[3] = vmx->rip;
}

const struct hv_backend hv_vmx_backend = {
	.name = "vmx",
	.feature = X86_FEATURE_VMX,
	.tdp_format = HV_MMU_FMT_EPT,
	.pfec_filter = true,
	.probe = hv_vmx_probe,
	.hw_alloc = hv_vmx_hw_alloc,
	.hw_free = hv_vmx_hw_free,
	.cpu_on = hv_vmx_cpu_on,
	.cpu_off = hv_vmx_cpu_off,
	.busy = "CR4.VMXE already set or VMXON failed",
	.vcpu_init = vmx_vcpu_init,
	.vcpu_free = vmx_vcpu_free,
	.enter = vmx_enter,
	.handle_exit = hv_vmx_handle_exit,
	.get_sregs = vmx_get_sregs,
	.set_sregs = vmx_set_sregs,
	.shadow_sync = hv_vmx_shadow_sync,
	.gpr = vmx_gpr,
	.skip = vmx_skip,
	.rflags = vmx_rflags,
	.cpl = vmx_cpl,
	.cr0 = vmx_cr0,
	.efer = vmx_efer,
	.set_efer = hv_vmx_set_efer,
	.msr_read = hv_vmx_msr_read,
	.msr_write = hv_vmx_msr_write,
	.set_root = vmx_set_root,
	.event_pending = vmx_event_pending,
	.inject = vmx_inject,
	.set_cr2 = vmx_set_cr2,
	.exit_info = vmx_exit_info,
	.irq_shadow = vmx_irq_shadow,
	.irq_window = vmx_irq_window,
	.sipi_reset = vmx_sipi_reset,
};

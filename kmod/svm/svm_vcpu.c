// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_vcpu.c: a vCPU's VMCB (reset state, intercepts, nested paging), its
 * registers as the ioctls see them, event injection and the interrupt
 * window, the INIT state a SIPI sets, one entry (VMRUN with GIF clear and
 * interrupts open, so a host interrupt exits the guest), and the
 * backend's table of operations (kmod/backend.h).
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/svm/svm.h"
#include "kmod/svm/svm_int.h"

#define GUEST_PAT	0x0007040600070406ull

static void set_intercept(struct vmcb *vmcb, unsigned int bit)
{
	vmcb->control.intercepts[bit / 32] |= 1u << (bit % 32);
}

static const u8 base_intercepts[] = {
	INTERCEPT_INTR, INTERCEPT_NMI, INTERCEPT_SMI, INTERCEPT_CPUID,
	INTERCEPT_HLT, INTERCEPT_INVLPGA, INTERCEPT_IOIO_PROT,
	INTERCEPT_MSR_PROT, INTERCEPT_SHUTDOWN, INTERCEPT_VMRUN,
	INTERCEPT_VMMCALL, INTERCEPT_VMLOAD, INTERCEPT_VMSAVE,
	INTERCEPT_STGI, INTERCEPT_CLGI, INTERCEPT_SKINIT,
	INTERCEPT_MONITOR, INTERCEPT_MWAIT, INTERCEPT_XSETBV,
};

static void seg_init(struct vmcb_seg *s, u16 attrib)
{
	s->selector = 0;
	s->base = 0;
	s->limit = 0xffff;
	s->attrib = attrib;
}

/* The processor's state after INIT, CS:IP at @cs_selector:@rip. */
static void save_reset(struct vmcb_save_area *s, u16 cs_selector,
		       u64 cs_base, u64 rip)
{
	memset(s, 0, sizeof(*s));
	seg_init(&s->cs, SVM_SELECTOR_P_MASK | SVM_SELECTOR_S_MASK |
		 SVM_SELECTOR_CODE_MASK | SVM_SELECTOR_READ_MASK | 1);
	s->cs.selector = cs_selector;
	s->cs.base = cs_base;
	seg_init(&s->ds, 0x93);
	seg_init(&s->es, 0x93);
	seg_init(&s->ss, 0x93);
	seg_init(&s->fs, 0x93);
	seg_init(&s->gs, 0x93);
	seg_init(&s->ldtr, 0x82);
	seg_init(&s->tr, 0x8b);
	s->gdtr.limit = 0xffff;
	s->idtr.limit = 0xffff;
	s->cr0 = X86_CR0_ET;
	s->efer = EFER_SVME;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->rflags = 2;
	s->rip = rip;
	s->g_pat = GUEST_PAT;
}

/* Intercepts, nested paging and the reset state, CS:IP at f000:fff0. */
static void vmcb_init(struct hv_vcpu *v)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;
	struct vmcb_control_area *c = &vmcb->control;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(base_intercepts); i++)
		set_intercept(vmcb, base_intercepts[i]);
	c->iopm_base_pa = hv_svm_iopm_pa;
	c->msrpm_base_pa = hv_svm_msrpm_pa;
	c->asid = 1;
	c->int_ctl = V_INTR_MASKING_MASK;
	if (v->vm->npt)
		c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	save_reset(&vmcb->save, 0xf000, 0xffff0000, 0xfff0);
}

/* A SIPI: real mode at @vector << 8, which only nested paging runs. */
static int svm_sipi_reset(struct hv_vcpu *v, u8 vector)
{
	struct hv_svm *svm = to_svm(v);

	if (!v->vm->npt)
		return -EOPNOTSUPP;
	memset(svm->gpr, 0, sizeof(svm->gpr));
	v->efer = 0;
	svm->vmcb->control.event_inj = 0;
	save_reset(&svm->vmcb->save, vector << 8, (u64)vector << 12, 0);
	return 0;
}

static int svm_vcpu_init(struct hv_vcpu *v)
{
	struct hv_svm *svm = kzalloc(sizeof(*svm), GFP_KERNEL_ACCOUNT);
	struct page *pg = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!svm || !pg) {
		kfree(svm);
		if (pg)
			__free_page(pg);
		return -ENOMEM;
	}
	v->arch = svm;
	svm->vmcb = page_address(pg);
	svm->vmcb_pa = page_to_phys(pg);
	svm->last_cpu = -1;
	vmcb_init(v);
	if (!v->vm->npt)
		hv_svm_shadow_init(v);
	return 0;
}

static void svm_vcpu_free(struct hv_vcpu *v)
{
	struct hv_svm *svm = to_svm(v);
	unsigned int cpu;

	/* No CPU may take a freed page for the VMCB it ran last. */
	for_each_possible_cpu(cpu)
		cmpxchg(&per_cpu_ptr(&hv_svm_cpus, cpu)->last_vmcb,
			svm->vmcb, NULL);
	free_page((unsigned long)svm->vmcb);
	kfree(svm);
	v->arch = NULL;
}

static u64 *svm_gpr(struct hv_vcpu *v, unsigned int n)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;

	if (n == HV_RAX)
		return &s->rax;
	if (n == HV_RSP)
		return &s->rsp;
	if (n == HV_RIP)
		return &s->rip;
	if (n == HV_RFLAGS)
		return &s->rflags;
	return &to_svm(v)->gpr[n];
}

static void seg_get(const struct vmcb_seg *vs, struct hv_segment *s)
{
	s->base = vs->base;
	s->limit = vs->limit;
	s->selector = vs->selector;
	s->type = vs->attrib & SVM_SELECTOR_TYPE_MASK;
	s->s = !!(vs->attrib & SVM_SELECTOR_S_MASK);
	s->dpl = (vs->attrib >> SVM_SELECTOR_DPL_SHIFT) & 3;
	s->present = !!(vs->attrib & SVM_SELECTOR_P_MASK);
	s->avl = !!(vs->attrib & SVM_SELECTOR_AVL_MASK);
	s->l = !!(vs->attrib & SVM_SELECTOR_L_MASK);
	s->db = !!(vs->attrib & SVM_SELECTOR_DB_MASK);
	s->g = !!(vs->attrib & SVM_SELECTOR_G_MASK);
	s->unusable = !s->present;
}

static void seg_set(struct vmcb_seg *vs, const struct hv_segment *s)
{
	vs->base = s->base;
	vs->limit = s->limit;
	vs->selector = s->selector;
	vs->attrib = s->unusable ? 0 :
		(s->type & SVM_SELECTOR_TYPE_MASK) |
		(s->s << SVM_SELECTOR_S_SHIFT) |
		(s->dpl << SVM_SELECTOR_DPL_SHIFT) |
		(s->present << SVM_SELECTOR_P_SHIFT) |
		(s->avl << SVM_SELECTOR_AVL_SHIFT) |
		(s->l << SVM_SELECTOR_L_SHIFT) |
		(s->db << SVM_SELECTOR_DB_SHIFT) |
		(s->g << SVM_SELECTOR_G_SHIFT);
}

static void svm_get_sregs(struct hv_vcpu *v, struct hv_sregs *sr)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;

	seg_get(&s->cs, &sr->cs);
	seg_get(&s->ds, &sr->ds);
	seg_get(&s->es, &sr->es);
	seg_get(&s->fs, &sr->fs);
	seg_get(&s->gs, &sr->gs);
	seg_get(&s->ss, &sr->ss);
	seg_get(&s->tr, &sr->tr);
	seg_get(&s->ldtr, &sr->ldt);
	sr->gdt.base = s->gdtr.base;
	sr->gdt.limit = s->gdtr.limit;
	sr->idt.base = s->idtr.base;
	sr->idt.limit = s->idtr.limit;
	sr->cr2 = s->cr2;
	sr->cr0 = s->cr0;
	sr->cr3 = s->cr3;
	sr->cr4 = s->cr4;
	sr->efer = s->efer & ~(u64)EFER_SVME;
}

/* Checked by the caller; in shadow mode the CRs are the common code's. */
static void svm_set_sregs(struct hv_vcpu *v, const struct hv_sregs *sr)
{
	struct vmcb_save_area *s = &to_svm(v)->vmcb->save;

	seg_set(&s->cs, &sr->cs);
	seg_set(&s->ds, &sr->ds);
	seg_set(&s->es, &sr->es);
	seg_set(&s->fs, &sr->fs);
	seg_set(&s->gs, &sr->gs);
	seg_set(&s->ss, &sr->ss);
	seg_set(&s->tr, &sr->tr);
	seg_set(&s->ldtr, &sr->ldt);
	s->cpl = sr->cs.dpl;
	s->gdtr.base = sr->gdt.base;
	s->gdtr.limit = sr->gdt.limit;
	s->idtr.base = sr->idt.base;
	s->idtr.limit = sr->idt.limit;
	s->cr2 = sr->cr2;
	if (v->vm->npt) {
		s->cr0 = sr->cr0;
		s->cr3 = sr->cr3;
		s->cr4 = sr->cr4;
		v->efer = sr->efer;
		s->efer = sr->efer | EFER_SVME;
	}
}

static void svm_inject(struct hv_vcpu *v, u8 vector, bool has_error,
		       u32 error, bool is_irq)
{
	struct vmcb_control_area *c = &to_svm(v)->vmcb->control;

	c->event_inj = vector | SVM_EVTINJ_VALID |
		(is_irq ? SVM_EVTINJ_TYPE_INTR : SVM_EVTINJ_TYPE_EXEPT) |
		(has_error ? SVM_EVTINJ_VALID_ERR : 0);
	c->event_inj_err = error;
}

static bool svm_event_pending(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->control.event_inj & SVM_EVTINJ_VALID;
}

static void svm_set_root(struct hv_vcpu *v, struct hv_mmu_root root)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;

	if (v->vm->npt)
		vmcb->control.nested_cr3 = root.hpa;
	else
		vmcb->save.cr3 = root.hpa;
}

/* One VMRUN with GIF clear and interrupts open: a host interrupt exits
 * the guest and is taken after STGI and the end of the entry. */
static bool svm_enter(struct hv_vcpu *v)
{
	struct hv_svm *svm = to_svm(v);
	struct hv_svm_cpu *c;
	u64 gen;
	int cpu;

	local_irq_disable();
	if (!hv_enter_begin(v)) {
		local_irq_enable();
		return false;
	}
	cpu = smp_processor_id();
	c = this_cpu_ptr(&hv_svm_cpus);
	gen = atomic64_read(&v->vm->tlb_gen);
	svm->vmcb->control.tlb_ctl = TLB_CONTROL_DO_NOTHING;
	if (c->last_vmcb != svm->vmcb || svm->last_cpu != cpu ||
	    svm->tlb_gen != gen || v->flush)
		svm->vmcb->control.tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;
	v->flush = false;
	c->last_vmcb = svm->vmcb;
	svm->last_cpu = cpu;
	svm->tlb_gen = gen;
	svm->vmcb->control.clean = 0;
	asm volatile("clgi" ::: "memory");
	local_irq_enable();
	hv_svm_vmrun(svm->vmcb_pa, svm->gpr, c->host_save_pa);
	local_irq_disable();
	asm volatile("stgi" ::: "memory");
	hv_enter_end(v);
	local_irq_enable();
	return true;
}

static bool svm_irq_shadow(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->control.int_state & SVM_INTERRUPT_SHADOW_MASK;
}

/* The window: a virtual interrupt (V_IRQ) pending with VINTR intercepted,
 * so the processor exits once the guest could take it. */
static void svm_irq_window(struct hv_vcpu *v, bool on)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;
	struct vmcb_control_area *c = &vmcb->control;

	c->int_ctl &= ~V_IRQ_INJECTION_BITS_MASK;
	c->intercepts[INTERCEPT_VINTR / 32] &= ~(1u << (INTERCEPT_VINTR % 32));
	if (!on)
		return;
	c->int_ctl |= V_IRQ_MASK | V_INTR_PRIO_MASK | V_IGN_TPR_MASK;
	c->int_vector = 0;
	set_intercept(vmcb, INTERCEPT_VINTR);
}

/* An instruction done for the guest ends an interrupt shadow (STI; HLT). */
static void svm_skip(struct hv_vcpu *v, unsigned int len)
{
	struct vmcb *vmcb = to_svm(v)->vmcb;

	vmcb->save.rip += len;
	vmcb->control.int_state &= ~SVM_INTERRUPT_SHADOW_MASK;
}

static u64 svm_rflags(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->save.rflags;
}

static unsigned int svm_cpl(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->save.cpl;
}

static u64 svm_cr0(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->save.cr0;
}

static u64 svm_efer(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb->save.efer & ~(u64)EFER_SVME;
}

static void svm_set_efer(struct hv_vcpu *v, u64 efer)
{
	to_svm(v)->vmcb->save.efer = efer | EFER_SVME;
}

static void svm_set_cr2(struct hv_vcpu *v, u64 cr2)
{
	to_svm(v)->vmcb->save.cr2 = cr2;
}

static void svm_exit_info(struct hv_vcpu *v, u64 data[4])
{
	struct vmcb *vmcb = to_svm(v)->vmcb;

	data[0] = vmcb->control.exit_code;
	data[1] = vmcb->control.exit_info_1;
	data[2] = vmcb->control.exit_info_2;
	data[3] = vmcb->save.rip;
}

const struct hv_backend hv_svm_backend = {
	.name = "svm",
	.feature = X86_FEATURE_SVM,
	.tdp_format = HV_MMU_FMT_X86,
	.probe = hv_svm_probe,
	.hw_alloc = hv_svm_hw_alloc,
	.hw_free = hv_svm_hw_free,
	.cpu_on = hv_svm_cpu_on,
	.cpu_off = hv_svm_cpu_off,
	.busy = "EFER.SVME already set",
	.vcpu_init = svm_vcpu_init,
	.vcpu_free = svm_vcpu_free,
	.enter = svm_enter,
	.handle_exit = hv_svm_handle_exit,
	.get_sregs = svm_get_sregs,
	.set_sregs = svm_set_sregs,
	.shadow_sync = hv_svm_shadow_sync,
	.gpr = svm_gpr,
	.skip = svm_skip,
	.rflags = svm_rflags,
	.cpl = svm_cpl,
	.cr0 = svm_cr0,
	.efer = svm_efer,
	.set_efer = svm_set_efer,
	.msr_read = hv_svm_msr_read,
	.msr_write = hv_svm_msr_write,
	.set_root = svm_set_root,
	.event_pending = svm_event_pending,
	.inject = svm_inject,
	.set_cr2 = svm_set_cr2,
	.exit_info = svm_exit_info,
	.irq_shadow = svm_irq_shadow,
	.irq_window = svm_irq_window,
	.sipi_reset = svm_sipi_reset,
};

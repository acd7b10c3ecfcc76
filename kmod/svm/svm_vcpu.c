// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_vcpu.c: a vCPU's VMCB (reset state, intercepts, nested paging), its
 * registers as the ioctls see them, event injection, kicks, and the run
 * loop: MMU work before each entry, VMRUN with GIF clear and interrupts
 * open (so a host interrupt exits the guest), then the exit handler;
 * rescheduling when asked and back to the monitor on a pending signal.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <asm/fpu/api.h>
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"
#include "kmod/svm/svm_int.h"

#define RFLAGS_IF	(1ull << 9)
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

/* The processor's reset state (as after INIT), CS:IP at f000:fff0. */
static void vmcb_init(struct hv_vcpu *v)
{
	struct vmcb *vmcb = v->vcpu_svm.vmcb;
	struct vmcb_control_area *c = &vmcb->control;
	struct vmcb_save_area *s = &vmcb->save;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(base_intercepts); i++)
		set_intercept(vmcb, base_intercepts[i]);
	c->iopm_base_pa = hv_svm_iopm_pa;
	c->msrpm_base_pa = hv_svm_msrpm_pa;
	c->asid = 1;
	c->int_ctl = V_INTR_MASKING_MASK;
	if (v->vm->npt)
		c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;

	seg_init(&s->cs, SVM_SELECTOR_P_MASK | SVM_SELECTOR_S_MASK |
		 SVM_SELECTOR_CODE_MASK | SVM_SELECTOR_READ_MASK | 1);
	s->cs.selector = 0xf000;
	s->cs.base = 0xffff0000;
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
	s->rip = 0xfff0;
	s->g_pat = GUEST_PAT;
}

int hv_svm_vcpu_init(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	struct page *pg = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!pg)
		return -ENOMEM;
	svm->vmcb = page_address(pg);
	svm->vmcb_pa = page_to_phys(pg);
	svm->last_cpu = -1;
	vmcb_init(v);
	if (!v->vm->npt)
		hv_svm_shadow_init(v);
	return 0;
}

void hv_svm_vcpu_free(struct hv_vcpu *v)
{
	unsigned int cpu;

	/* No CPU may take a freed page for the VMCB it ran last. */
	for_each_possible_cpu(cpu)
		cmpxchg(&per_cpu_ptr(&hv_svm_cpus, cpu)->last_vmcb,
			v->vcpu_svm.vmcb, NULL);
	free_page((unsigned long)v->vcpu_svm.vmcb);
}

void hv_svm_get_regs(struct hv_vcpu *v, struct hv_regs *r)
{
	struct hv_svm *svm = &v->vcpu_svm;
	u64 *g = svm->gpr;

	r->rax = svm->vmcb->save.rax;
	r->rbx = g[HV_RBX];
	r->rcx = g[HV_RCX];
	r->rdx = g[HV_RDX];
	r->rsi = g[HV_RSI];
	r->rdi = g[HV_RDI];
	r->rsp = svm->vmcb->save.rsp;
	r->rbp = g[HV_RBP];
	r->r8 = g[HV_R8];
	r->r9 = g[HV_R9];
	r->r10 = g[HV_R10];
	r->r11 = g[HV_R11];
	r->r12 = g[HV_R12];
	r->r13 = g[HV_R13];
	r->r14 = g[HV_R14];
	r->r15 = g[HV_R15];
	r->rip = svm->vmcb->save.rip;
	r->rflags = svm->vmcb->save.rflags;
}

void hv_svm_set_regs(struct hv_vcpu *v, const struct hv_regs *r)
{
	struct hv_svm *svm = &v->vcpu_svm;
	u64 *g = svm->gpr;

	svm->vmcb->save.rax = r->rax;
	g[HV_RBX] = r->rbx;
	g[HV_RCX] = r->rcx;
	g[HV_RDX] = r->rdx;
	g[HV_RSI] = r->rsi;
	g[HV_RDI] = r->rdi;
	svm->vmcb->save.rsp = r->rsp;
	g[HV_RBP] = r->rbp;
	g[HV_R8] = r->r8;
	g[HV_R9] = r->r9;
	g[HV_R10] = r->r10;
	g[HV_R11] = r->r11;
	g[HV_R12] = r->r12;
	g[HV_R13] = r->r13;
	g[HV_R14] = r->r14;
	g[HV_R15] = r->r15;
	svm->vmcb->save.rip = r->rip;
	/* Bit 1 is always set; the reserved bits are not the guest's. */
	svm->vmcb->save.rflags = (r->rflags & 0x3f7fd5) | 2;
	/* A register write ends a pending IN: userspace took over. */
	svm->pio_in_size = 0;
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

void hv_svm_get_sregs(struct hv_vcpu *v, struct hv_sregs *sr)
{
	struct vmcb_save_area *s = &v->vcpu_svm.vmcb->save;

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
	if (v->vm->npt) {
		sr->cr0 = s->cr0;
		sr->cr3 = s->cr3;
		sr->cr4 = s->cr4;
		sr->efer = s->efer & ~(u64)EFER_SVME;
	} else {
		sr->cr0 = v->vcpu_svm.cr0;
		sr->cr3 = v->vcpu_svm.cr3;
		sr->cr4 = v->vcpu_svm.cr4;
		sr->efer = v->vcpu_svm.efer;
	}
}

/* Control-register bits a guest may hold (the rest would fail VMRUN). */
#define CR0_OK	(X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS | \
		 X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_AM | \
		 X86_CR0_NW | X86_CR0_CD | X86_CR0_PG)
#define EFER_OK	(EFER_SCE | EFER_LME | HV_EFER_LMA | EFER_NX)

int hv_svm_set_sregs(struct hv_vcpu *v, const struct hv_sregs *sr)
{
	struct vmcb_save_area *s = &v->vcpu_svm.vmcb->save;

	if ((sr->cr0 & ~CR0_OK) || (sr->cr4 & ~HV_CR4_OK) ||
	    (sr->efer & ~EFER_OK) ||
	    ((sr->cr0 & X86_CR0_NW) && !(sr->cr0 & X86_CR0_CD)) ||
	    ((sr->cr0 & X86_CR0_PG) && !(sr->cr0 & X86_CR0_PE)) ||
	    (!!(sr->efer & HV_EFER_LMA) !=
	     ((sr->efer & EFER_LME) && (sr->cr0 & X86_CR0_PG))) ||
	    ((sr->efer & HV_EFER_LMA) && !(sr->cr4 & X86_CR4_PAE)))
		return -EINVAL;
	if (!v->vm->npt &&
	    hv_svm_shadow_set(v, sr->cr0, sr->cr3, sr->cr4, sr->efer))
		return -EINVAL;
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
		v->vcpu_svm.efer = sr->efer;
		s->efer = sr->efer | EFER_SVME;
	}
	return 0;
}

int hv_svm_get_msr(struct hv_vcpu *v, u32 index, u64 *data)
{
	return hv_svm_msr_read(v, index, data) ? -ENOENT : 0;
}

void hv_svm_inject(struct hv_vcpu *v, u8 vector, bool has_error, u32 error,
		   bool is_irq)
{
	struct vmcb_control_area *c = &v->vcpu_svm.vmcb->control;

	c->event_inj = vector | SVM_EVTINJ_VALID |
		(is_irq ? SVM_EVTINJ_TYPE_INTR : SVM_EVTINJ_TYPE_EXEPT) |
		(has_error ? SVM_EVTINJ_VALID_ERR : 0);
	c->event_inj_err = error;
	v->stats.injections++;
}

static void hv_svm_noop(void *unused)
{
}

void hv_svm_kick(struct hv_vcpu *v)
{
	int cpu = READ_ONCE(v->cpu), me = get_cpu();

	if (cpu >= 0 && cpu != me)
		smp_call_function_single(cpu, hv_svm_noop, NULL, 0);
	put_cpu();
}

void hv_svm_kick_all(struct hv_vm *vm)
{
	cpumask_var_t mask;
	unsigned int i;
	int cpu;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return;
	smp_mb();
	rcu_read_lock();
	for (i = 0; i < HV_MAX_VCPUS; i++) {
		struct hv_vcpu *v = READ_ONCE(vm->vcpus[i]);

		cpu = v ? READ_ONCE(v->cpu) : -1;
		if (cpu >= 0)
			cpumask_set_cpu(cpu, mask);
	}
	rcu_read_unlock();
	cpu = get_cpu();
	cpumask_clear_cpu(cpu, mask);
	smp_call_function_many(mask, hv_svm_noop, NULL, true);
	put_cpu();
	free_cpumask_var(mask);
}

/* Work before an entry: the MMU's, then an event it wants delivered. */
static int prepare_entry(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	struct vmcb *vmcb = svm->vmcb;
	struct hv_mmu_root root;
	struct hv_event ev = { .kind = HV_EVENT_NONE };
	int r;

	hv_apf_set_guest_state(v->mmu, vmcb->save.rflags & RFLAGS_IF,
			       vmcb->save.cpl);
	r = hv_mmu_vcpu_enter(v->mmu, &ev);
	if (r)
		return r;
	root = hv_mmu_root(v->mmu);
	if (v->vm->npt) {
		vmcb->control.nested_cr3 = root.hpa;
	} else {
		if (!(svm->cr0 & X86_CR0_PE))
			return -EINVAL;
		if (root.hpa != svm->last_root)
			svm->flush = true;
		vmcb->save.cr3 = root.hpa;
		svm->last_root = root.hpa;
	}
	if (ev.kind == HV_EVENT_NONE ||
	    (vmcb->control.event_inj & SVM_EVTINJ_VALID))
		return 0;
	if (ev.kind == HV_EVENT_PF) {
		vmcb->save.cr2 = ev.cr2;
		hv_svm_inject(v, X86_TRAP_PF, true, ev.error_code, false);
	} else {
		hv_svm_inject(v, ev.vector, false, 0, true);
	}
	return 0;
}

/* One VMRUN. Preemption off; interrupts are taken after the exit. */
static void enter_guest(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	struct hv_svm_cpu *c;
	u64 gen;
	int cpu;

	kernel_fpu_begin();
	local_irq_disable();
	cpu = smp_processor_id();
	c = this_cpu_ptr(&hv_svm_cpus);
	WRITE_ONCE(v->cpu, cpu);
	smp_mb();
	gen = atomic64_read(&v->vm->tlb_gen);
	svm->vmcb->control.tlb_ctl = TLB_CONTROL_DO_NOTHING;
	if (c->last_vmcb != svm->vmcb || svm->last_cpu != cpu ||
	    svm->tlb_gen != gen || svm->flush)
		svm->vmcb->control.tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;
	svm->flush = false;
	c->last_vmcb = svm->vmcb;
	svm->last_cpu = cpu;
	svm->tlb_gen = gen;
	svm->vmcb->control.clean = 0;
	asm volatile("clgi" ::: "memory");
	local_irq_enable();
	hv_svm_vmrun(svm->vmcb_pa, svm->gpr, c->host_save_pa);
	local_irq_disable();
	asm volatile("stgi" ::: "memory");
	WRITE_ONCE(v->cpu, -1);
	local_irq_enable();
	kernel_fpu_end();
}

/* Completes an IN whose data userspace put in the run structure. */
static void finish_pio_in(struct hv_vcpu *v)
{
	struct hv_svm *svm = &v->vcpu_svm;
	u8 size = svm->pio_in_size;
	u64 mask = size == 4 ? 0xffffffffull : (1ull << (size * 8)) - 1;
	u64 data = 0;

	if (!size)
		return;
	memcpy(&data, (u8 *)v->run + v->run->io.data_offset, size);
	if (size == 4)
		svm->vmcb->save.rax = data;
	else
		svm->vmcb->save.rax = (svm->vmcb->save.rax & ~mask) |
				      (data & mask);
	svm->pio_in_size = 0;
}

static int internal_error(struct hv_vcpu *v, u32 suberror, int err)
{
	struct hv_run *run = v->run;

	run->exit_reason = HV_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = 1;
	run->internal.data[0] = (u64)(s64)err;
	return 0;
}

int hv_svm_run(struct hv_vcpu *v)
{
	int r;

	finish_pio_in(v);
	for (;;) {
		if (READ_ONCE(v->run->immediate_exit) ||
		    signal_pending(current)) {
			v->run->exit_reason = HV_EXIT_INTR;
			v->stats.signal_exits++;
			return -EINTR;
		}
		cond_resched();
		r = prepare_entry(v);
		if (r < 0)
			return internal_error(v, HV_INTERNAL_ERROR_MMU, r);
		if (r == 1) {
			/* Halted for an async page fault: wait for it. */
			wait_event_interruptible(v->wq,
						 atomic_xchg(&v->kicked, 0));
			continue;
		}
		enter_guest(v);
		v->stats.exits++;
		r = hv_svm_handle_exit(v);
		if (r)
			return r < 0 ? r : 0;
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_run.c: HV_RUN for every backend: the MMU core's work before each
 * entry (its root, an event it wants delivered: "page ready" interrupts go
 * to the local APIC), the APIC's INIT/SIPI, halt and interrupt delivery,
 * the backend's entry with the guest's FPU state loaded (the kernel's
 * guest-FPU API, swapped in for the whole HV_RUN) and its exit handling;
 * blocking while halted, rescheduling when asked and back to the monitor
 * on a pending signal; event injection; kicks that make a vCPU leave the
 * guest.
 */
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <asm/fpu/api.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"

void hv_inject(struct hv_vcpu *v, u8 vector, bool has_error, u32 error,
	       bool is_irq)
{
	hv_be->inject(v, vector, has_error, error, is_irq);
	v->stats.injections++;
}

bool hv_can_inject_irq(struct hv_vcpu *v)
{
	return (hv_be->rflags(v) & X86_EFLAGS_IF) && !hv_be->irq_shadow(v) &&
	       !hv_be->event_pending(v);
}

static void hv_noop(void *unused)
{
}

/* Any context: a reschedule IPI is enough to make the guest exit. */
void hv_vcpu_kick_cpu(struct hv_vcpu *v)
{
	int cpu = READ_ONCE(v->cpu), me = get_cpu();

	if (cpu >= 0 && cpu != me)
		smp_send_reschedule(cpu);
	put_cpu();
}

void hv_vm_kick_all(struct hv_vm *vm)
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
	smp_call_function_many(mask, hv_noop, NULL, true);
	put_cpu();
	free_cpumask_var(mask);
}

/*
 * The MMU's work before an entry: arrived async pages, and an event it
 * wants delivered. Returns 0, 1 while the vCPU waits for an async page,
 * or -errno. A "page ready" interrupt waits in the local APIC until the
 * guest takes it, so with interrupt delivery it goes whatever RFLAGS.IF
 * (as KVM's does: the enable-time wake-all is pending before the guest's
 * first fault).
 */
static int mmu_enter(struct hv_vcpu *v)
{
	struct hv_event ev = { .kind = HV_EVENT_NONE };
	bool irq = hv_be->rflags(v) & X86_EFLAGS_IF;
	u64 apf;
	int r;

	if (!hv_apf_msr_read(v->mmu, HV_MSR_ASYNC_PF_EN, &apf) &&
	    (apf & HV_APF_DELIVERY_INT))
		irq = true;
	hv_apf_set_guest_state(v->mmu, irq, hv_be->cpl(v));
	r = hv_mmu_vcpu_enter(v->mmu, &ev);
	if (r < 0 || ev.kind == HV_EVENT_NONE)
		return r;
	if (ev.kind == HV_EVENT_IRQ) {
		hv_lapic_set_irq(&v->lapic, ev.vector);
	} else if (!hv_be->event_pending(v)) {
		hv_be->set_cr2(v, ev.cr2);
		hv_inject(v, X86_TRAP_PF, true, ev.error_code, false);
	}
	return r;
}

/* The MMU's root for the hardware. */
static int load_root(struct hv_vcpu *v)
{
	struct hv_mmu_root root = hv_mmu_root(v->mmu);

	if (!v->vm->npt) {
		if (!(v->cr0 & X86_CR0_PE))
			return -EINVAL;
		if (root.hpa != v->last_root)
			v->flush = true;
		v->last_root = root.hpa;
	}
	hv_be->set_root(v, root);
	return 0;
}

/*
 * v->cpu is published before kicked is read, as kickers set kicked before
 * they read v->cpu: either this sees the kick (false: do not enter) or
 * the kicker's IPI makes the guest exit.
 */
bool hv_enter_begin(struct hv_vcpu *v)
{
	lockdep_assert_irqs_disabled();
	WRITE_ONCE(v->cpu, smp_processor_id());
	smp_mb();
	if (atomic_read(&v->kicked)) {
		WRITE_ONCE(v->cpu, -1);
		return false;
	}
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();
	return true;
}

void hv_enter_end(struct hv_vcpu *v)
{
	WRITE_ONCE(v->cpu, -1);
}

/* Completes an IN whose data userspace put in the run structure. */
static void finish_pio_in(struct hv_vcpu *v)
{
	u8 size = v->pio_in_size;
	u64 mask = size == 4 ? 0xffffffffull : (1ull << (size * 8)) - 1;
	u64 *rax = hv_be->gpr(v, HV_RAX);
	u64 data = 0;

	if (!size)
		return;
	memcpy(&data, (u8 *)v->run + v->run->io.data_offset, size);
	if (size == 4)
		*rax = data;
	else
		*rax = (*rax & ~mask) | (data & mask);
	v->pio_in_size = 0;
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

static bool waits_for_sipi(struct hv_vcpu *v)
{
	u32 mp = hv_lapic_mp_state(&v->lapic);

	return mp == HV_MP_STATE_UNINITIALIZED ||
	       mp == HV_MP_STATE_INIT_RECEIVED;
}

static int run_loop(struct hv_vcpu *v)
{
	bool waiting;
	int r, run;

	for (;;) {
		if (READ_ONCE(v->run->immediate_exit) ||
		    signal_pending(current)) {
			v->run->exit_reason = HV_EXIT_INTR;
			v->stats.signal_exits++;
			return -EINTR;
		}
		cond_resched();
		atomic_set(&v->kicked, 0);
		smp_mb();	/* a kick from now on is seen below */
		waiting = waits_for_sipi(v);
		r = waiting ? 0 : mmu_enter(v);
		if (r < 0)
			return internal_error(v, HV_INTERNAL_ERROR_MMU, r);
		run = hv_lapic_runnable(&v->lapic);
		if (run < 0)
			return internal_error(v, HV_INTERNAL_ERROR_EMULATION,
					      run);
		if (waiting && run)
			continue;	/* started by a SIPI: the MMU first */
		if (r == 1 || !run) {
			/* Halted, or waiting for a page or a SIPI: until a
			 * kick (interrupt, IPI, page) or a signal. */
			wait_event_interruptible(v->wq,
						 atomic_read(&v->kicked));
			continue;
		}
		r = load_root(v);
		if (r < 0)
			return internal_error(v, HV_INTERNAL_ERROR_MMU, r);
		hv_lapic_deliver(&v->lapic);
		if (!hv_be->enter(v))
			continue;	/* kicked: look at the work first */
		v->stats.exits++;
		r = hv_be->handle_exit(v);
		if (r)
			return r < 0 ? r : 0;
	}
}

int hv_vcpu_run(struct hv_vcpu *v)
{
	int r;

	finish_pio_in(v);
	fpu_swap_kvm_fpstate(&v->fpu, true);
	r = run_loop(v);
	fpu_swap_kvm_fpstate(&v->fpu, false);
	return r;
}

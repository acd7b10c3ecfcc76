// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_run.c: HV_RUN for every backend: the MMU core's work before each
 * entry (its root, an event it wants delivered), the backend's entry and
 * exit handling, rescheduling when asked and back to the monitor on a
 * pending signal; event injection; kicks that make a vCPU leave the guest.
 */
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"

void hv_inject(struct hv_vcpu *v, u8 vector, bool has_error, u32 error,
	       bool is_irq)
{
	hv_be->inject(v, vector, has_error, error, is_irq);
	v->stats.injections++;
}

static void hv_noop(void *unused)
{
}

void hv_vcpu_kick_cpu(struct hv_vcpu *v)
{
	int cpu = READ_ONCE(v->cpu), me = get_cpu();

	if (cpu >= 0 && cpu != me)
		smp_call_function_single(cpu, hv_noop, NULL, 0);
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

/* Work before an entry: the MMU's, then an event it wants delivered. */
static int prepare_entry(struct hv_vcpu *v)
{
	struct hv_event ev = { .kind = HV_EVENT_NONE };
	struct hv_mmu_root root;
	int r;

	hv_apf_set_guest_state(v->mmu, hv_be->rflags(v) & X86_EFLAGS_IF,
			       hv_be->cpl(v));
	r = hv_mmu_vcpu_enter(v->mmu, &ev);
	if (r)
		return r;
	root = hv_mmu_root(v->mmu);
	if (!v->vm->npt) {
		if (!(v->cr0 & X86_CR0_PE))
			return -EINVAL;
		if (root.hpa != v->last_root)
			v->flush = true;
		v->last_root = root.hpa;
	}
	hv_be->set_root(v, root);
	if (ev.kind == HV_EVENT_NONE || hv_be->event_pending(v))
		return 0;
	if (ev.kind == HV_EVENT_PF) {
		hv_be->set_cr2(v, ev.cr2);
		hv_inject(v, X86_TRAP_PF, true, ev.error_code, false);
	} else {
		hv_inject(v, ev.vector, false, 0, true);
	}
	return 0;
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

int hv_vcpu_run(struct hv_vcpu *v)
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
		hv_be->enter(v);
		v->stats.exits++;
		r = hv_be->handle_exit(v);
		if (r)
			return r < 0 ? r : 0;
	}
}

// SPDX-License-Identifier: GPL-2.0-only
// apf.c: KVM async page faults, interrupt delivery. Task A writes every
// page of an M MiB region the host has not faulted in yet; task B counts.
// A LAPIC timer alternates them, and when KVM reports "page not present"
// (#PF, flags = 1, token in CR2) the waiting task yields at once and
// resumes on the "page ready" interrupt carrying its token (or wake-all).
// With apf=0, or without KVM's CPUID bits, async PF stays off and only
// the timer switches: B's work then measures what the host's blocking
// faults left it.
#include <stdbool.h>
#include <stddef.h>
#include "lib/guest.h"
#include "lib/kvm_para.h"
#include "lib/lapic.h"
#include "lib/mem.h"
#include "lib/printf.h"
#include "lib/trap.h"
#include "lib/x86.h"

#define VEC_APF_READY	0x40
#define VEC_TIMER	0x41
#define TASK_A		0
#define TASK_B		1
#define NR_TASKS	2
#define STACK_SIZE	16384
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10

struct task {
	struct trap_frame *frame;	/* saved context while not running */
	uint32_t token;			/* awaited, while waiting */
	bool waiting;
};

extern char __image_start[], __image_end[];

static uint64_t mib = 16, apf = 1, slice_us = 1000;

static volatile struct kvm_apf_area area;	/* written by the host */
static struct task tasks[NR_TASKS];
static unsigned int cur = TASK_A;
static bool idle;
static uint8_t stack_b[STACK_SIZE] __attribute__((aligned(16)));
static volatile uint64_t work;
static uint64_t not_present, ready, wakeall, woken_by_wakeall, unmatched;
static uint64_t ticks;

static void task_b(void)
{
	for (;;)
		work++;
}

static struct trap_frame *switch_to(struct trap_frame *f, unsigned int next)
{
	tasks[cur].frame = f;
	cur = next;
	return tasks[next].frame;
}

/* The current task waits: run the other one, or idle until one wakes. */
static struct trap_frame *block(struct trap_frame *f)
{
	unsigned int other = NR_TASKS - 1 - cur;

	if (!tasks[other].waiting)
		return switch_to(f, other);
	idle = true;
	while (tasks[TASK_A].waiting && tasks[TASK_B].waiting) {
		irq_enable_and_halt();
		irq_disable();
	}
	idle = false;
	return switch_to(f, tasks[TASK_A].waiting ? TASK_B : TASK_A);
}

static struct trap_frame *apf_page_fault(struct trap_frame *f)
{
	uint32_t token = (uint32_t)read_cr2();

	if (area.flags != KVM_PV_REASON_PAGE_NOT_PRESENT)
		trap_fatal(f);
	area.flags = 0;
	not_present++;
	tasks[cur].token = token;
	tasks[cur].waiting = true;
	return block(f);
}

static void wake(uint32_t token)
{
	unsigned int t;
	bool matched = false;

	for (t = 0; t < NR_TASKS; t++) {
		if (!tasks[t].waiting)
			continue;
		if (token == KVM_ASYNC_PF_WAKE_ALL) {
			woken_by_wakeall++;
		} else if (tasks[t].token == token) {
			matched = true;
			ready++;
		} else {
			continue;
		}
		tasks[t].waiting = false;
	}
	if (token == KVM_ASYNC_PF_WAKE_ALL)
		wakeall++;
	else if (!matched)
		unmatched++;
}

static struct trap_frame *apf_ready(struct trap_frame *f)
{
	uint32_t token = area.token;

	area.token = 0;
	wrmsr(MSR_KVM_ASYNC_PF_ACK, 1);
	lapic_eoi();
	wake(token);
	if (!idle && cur == TASK_B && !tasks[TASK_A].waiting)
		return switch_to(f, TASK_A);
	return f;
}

static struct trap_frame *timer_tick(struct trap_frame *f)
{
	unsigned int other = NR_TASKS - 1 - cur;

	lapic_eoi();
	ticks++;
	if (idle || tasks[other].waiting)
		return f;
	return switch_to(f, other);
}

static bool kvm_has_apf(void)
{
	uint32_t r[4];

	cpuid(1, r);
	if (!(r[2] & CPUID_HYPERVISOR_BIT)) {
		kprintf("apf: no hypervisor CPUID bit\n");
		return false;
	}
	cpuid(KVM_CPUID_SIGNATURE, r);
	if (r[1] != 0x4b4d564b || r[2] != 0x564b4d56 || r[3] != 0x4d) {
		kprintf("apf: no KVMKVMKVM signature at 0x40000000\n");
		return false;
	}
	cpuid(KVM_CPUID_FEATURES, r);
	kprintf("apf: KVM features 0x%x\n", r[0]);
	if ((r[0] & (KVM_FEATURE_ASYNC_PF | KVM_FEATURE_ASYNC_PF_INT)) !=
	    (KVM_FEATURE_ASYNC_PF | KVM_FEATURE_ASYNC_PF_INT)) {
		kprintf("apf: no ASYNC_PF and ASYNC_PF_INT features\n");
		return false;
	}
	return true;
}

/* Faults in, before async PF is on, everything but the region itself. */
static void pretouch_image(void)
{
	volatile char *p;

	for (p = __image_start; p < __image_end; p += PAGE_SIZE)
		*p = *p;
}

static void start_task_b(void)
{
	struct trap_frame *f = (struct trap_frame *)
		(stack_b + STACK_SIZE - 64 - sizeof(*f));

	f->rip = (uint64_t)task_b;
	f->cs = KERNEL_CS;
	f->rflags = RFLAGS_IF | 0x2;
	f->rsp = (uint64_t)(stack_b + STACK_SIZE - 8);
	f->ss = KERNEL_DS;
	tasks[TASK_B].frame = f;
}

static void touch(volatile uint64_t *region, uint64_t words)
{
	uint64_t i;

	for (i = 0; i < words; i++)
		region[i] = i;
}

static enum guest_exit apf_main(void)
{
	volatile uint64_t *region = mem_alloc(mib * MIB, PAGE_SIZE);
	bool enabled = apf && kvm_has_apf(), tokens_ok;

	pretouch_image();
	lapic_enable();
	trap_set_handler(VEC_TIMER, timer_tick);
	start_task_b();
	if (enabled) {
		trap_set_handler(VEC_PF, apf_page_fault);
		trap_set_handler(VEC_APF_READY, apf_ready);
		wrmsr(MSR_KVM_ASYNC_PF_INT, VEC_APF_READY);
		wrmsr(MSR_KVM_ASYNC_PF_EN, (uint64_t)&area |
		      KVM_ASYNC_PF_ENABLED | KVM_ASYNC_PF_SEND_ALWAYS |
		      KVM_ASYNC_PF_DELIVERY_AS_INT);
	}
	kprintf("apf: async PF %s, touching %lu MiB\n",
		enabled ? "enabled" : "off", mib);
	lapic_timer_periodic(VEC_TIMER, slice_us * LAPIC_TIMER_TICKS_PER_US);
	irq_enable();
	touch(region, mib * MIB / sizeof(*region));
	/* B's own outstanding fault, if any, is answered before the end. */
	while (tasks[TASK_B].waiting)
		irq_enable_and_halt();
	irq_disable();
	lapic_timer_stop();
	if (enabled)
		wrmsr(MSR_KVM_ASYNC_PF_EN, 0);
	tokens_ok = !unmatched && not_present == ready + woken_by_wakeall;
	kprintf("apf: %lu timer ticks, %lu woken by wake-all, %lu unmatched "
		"ready tokens\n", ticks, woken_by_wakeall, unmatched);
	kprintf("hv-test: apf enabled=%d not_present=%lu ready=%lu "
		"wakeall=%lu work=%lu tokens_ok=%d mib=%lu\n", enabled,
		not_present, ready, wakeall, work, tokens_ok, mib);
	return tokens_ok ? GUEST_OK : GUEST_CHECK_FAILED;
}

static const struct guest_param apf_params[] = {
	{ "mib", &mib, 1, 1024 },
	{ "apf", &apf, 0, 1 },
	{ "slice_us", &slice_us, 10, 1000000 },
	{ NULL },
};

const struct guest guest = {
	.name = "apf",
	.params = apf_params,
	.main = apf_main,
};

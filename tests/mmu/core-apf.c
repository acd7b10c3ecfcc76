// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-apf.c: asynchronous page faults: the MSR table's refusals (every
 * reserved bit, misaligned or absent area, bad vector, ACK bits) changing
 * nothing, CPUID bits, wake-all, "not present" / "page ready" in both
 * protocol generations, the direct-mode prefault, repeated faults, halting
 * when the guest cannot take one, queue overflow, disabling with faults
 * outstanding, and shadow mode faulting again.
 */
#include <criterion/criterion.h>

#include "tests/mmu/core-harness.h"

#define AREA	0x1000ull
#define PAGE	0x50000ull

static struct core_env env;

static struct hv_mmu_stats st(void)
{
	struct hv_mmu_stats s;

	hv_mmu_get_stats(env.vm, &s);
	return s;
}

static void setup(enum hv_mmu_mode mode)
{
	struct hv_mmu_options o;

	hv_mmu_default_options(&o);
	o.mode = mode;
	o.bypass = false;
	core_env_init(&env, &o, 1024);
	hv_apf_set_guest_state(env.vcpu, true, 3);
}

static void msr(uint32_t index, uint64_t val)
{
	const char *why;

	cr_assert_eq(hv_apf_msr_write(env.vcpu, index, val, &why), 0,
		     "msr %#x = %#llx: %s", index, (unsigned long long)val,
		     why);
}

static uint64_t msr_rd(uint32_t index)
{
	uint64_t v;

	cr_assert_eq(hv_apf_msr_read(env.vcpu, index, &v), 0);
	return v;
}

static void refused(uint32_t index, uint64_t val)
{
	uint64_t before = msr_rd(index);
	struct hv_mmu_stats a = st(), b;
	const char *why = NULL;

	cr_assert_eq(hv_apf_msr_write(env.vcpu, index, val, &why), -EINVAL,
		     "msr %#x = %#llx accepted", index,
		     (unsigned long long)val);
	cr_assert_not_null(why);
	cr_assert_eq(msr_rd(index), before);
	b = st();
	cr_assert_eq(memcmp(&a, &b, sizeof(a)), 0);
}

/* Enter once; returns the event (asserting the vCPU runs). */
static struct hv_event enter(void)
{
	struct hv_event ev;

	cr_assert_eq(hv_mmu_vcpu_enter(env.vcpu, &ev), 0);
	return ev;
}

static enum core_outcome touch(uint64_t gpa, struct hv_pf_result *res)
{
	uint64_t hpa;

	return core_access(&env, gpa, 0, &hpa, res);
}

Test(core_apf, cpuid_bits)
{
	cr_assert_eq(hv_apf_cpuid_features(), (1u << 4) | (1u << 14));
	cr_assert(hv_apf_msr_known(HV_MSR_ASYNC_PF_EN));
	cr_assert(hv_apf_msr_known(HV_MSR_ASYNC_PF_INT));
	cr_assert(hv_apf_msr_known(HV_MSR_ASYNC_PF_ACK));
	cr_assert_not(hv_apf_msr_known(0x4b564d03));
}

Test(core_apf, msr_refusals_change_nothing)
{
	const char *why;
	uint64_t v;

	setup(HV_MMU_DIRECT);
	refused(HV_MSR_ASYNC_PF_EN, AREA | 1 | (1 << 2));
	refused(HV_MSR_ASYNC_PF_EN, AREA | 1 | (1 << 4));
	refused(HV_MSR_ASYNC_PF_EN, AREA | 1 | (1 << 5));
	refused(HV_MSR_ASYNC_PF_EN, (AREA + 0x10) | 1);	/* misaligned */
	refused(HV_MSR_ASYNC_PF_EN, (1ull << 30) | 1);	/* not in RAM */
	refused(HV_MSR_ASYNC_PF_EN, (1ull << 50) | 1);	/* > MAXPHYADDR */
	refused(HV_MSR_ASYNC_PF_INT, 0x100);
	refused(HV_MSR_ASYNC_PF_INT, 31);
	refused(HV_MSR_ASYNC_PF_ACK, 2);
	refused(HV_MSR_ASYNC_PF_ACK, 1ull << 63);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1 | 2 | 8);
	msr(HV_MSR_ASYNC_PF_INT, 0xec);
	cr_assert_eq(msr_rd(HV_MSR_ASYNC_PF_INT), 0xec);
	/* A refusal after enabling keeps the enabled state. */
	refused(HV_MSR_ASYNC_PF_EN, AREA | 1 | (1 << 4));
	cr_assert_eq(msr_rd(HV_MSR_ASYNC_PF_EN), AREA | 1 | 2 | 8);
	cr_assert_eq(hv_apf_msr_write(env.vcpu, 0x4b564d03, 0, &why),
		     -ENOENT);
	cr_assert_eq(hv_apf_msr_read(env.vcpu, 0x4b564d03, &v), -ENOENT);
	msr(HV_MSR_ASYNC_PF_ACK, 1);
	core_env_fini(&env);
}

Test(core_apf, enable_sends_wake_all_as_pf)
{
	struct hv_event ev;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	cr_assert_eq(st().apf_wakeup_all, 1);
	ev = enter();
	cr_assert_eq(ev.kind, HV_EVENT_PF);
	cr_assert_eq(ev.cr2, HV_APF_WAKE_ALL_TOKEN);
	cr_assert_eq(core_gr32(&env, AREA), HV_APF_REASON_READY);
	cr_assert_eq(enter().kind, HV_EVENT_NONE);
	core_env_fini(&env);
}

Test(core_apf, enable_sends_wake_all_as_interrupt)
{
	struct hv_event ev;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_INT, 0x40);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1 | 8);
	ev = enter();
	cr_assert_eq(ev.kind, HV_EVENT_IRQ);
	cr_assert_eq(ev.vector, 0x40);
	cr_assert_eq(core_gr32(&env, AREA + 4), HV_APF_WAKE_ALL_TOKEN);
	core_env_fini(&env);
}

Test(core_apf, not_present_then_ready_with_prefault)
{
	struct hv_pf_result res;
	struct hv_event ev;
	struct hv_mmu_stats a;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();				/* wake-all */
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert_not(res.halt);
	cr_assert_eq(res.error_code, 0);
	cr_assert_eq(core_gr32(&env, AREA), HV_APF_REASON_NOT_PRESENT);
	cr_assert_eq(st().apf_not_present, 1);
	cr_assert_eq(hvpu_apf_events(env.p, false), 1);
	cr_assert_eq(hv_apf_outstanding(env.vcpu), 1);
	cr_assert_eq(enter().kind, HV_EVENT_NONE);	/* not there yet */
	cr_assert_eq(hvpu_run_work(env.p, 10), 1);
	cr_assert(hvpu_resident(env.p, env.ram + PAGE));
	ev = enter();
	cr_assert_eq(ev.kind, HV_EVENT_PF);
	cr_assert_eq(ev.cr2, res.cr2);
	cr_assert_eq(core_gr32(&env, AREA), HV_APF_REASON_READY);
	cr_assert_eq(st().apf_ready, 1);
	/* The wake-all at enabling is no "page ready" event. */
	cr_assert_eq(hvpu_apf_events(env.p, true), 1);
	cr_assert_eq(st().apf_prefault, 1);
	cr_assert_eq(hv_apf_outstanding(env.vcpu), 0);
	/* Seed 000: mapped before the entry, the guest does not refault. */
	a = st();
	cr_assert_eq(touch(PAGE, &res), CORE_OK);
	cr_assert_eq(st().pf_taken, a.pf_taken);
	core_env_fini(&env);
}

Test(core_apf, interrupt_delivery_waits_for_the_token_slot)
{
	struct hv_pf_result r1, r2;
	struct hv_event ev;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_INT, 0x40);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1 | 8);
	enter();
	core_gw32(&env, AREA + 4, 0);		/* guest consumed wake-all */
	msr(HV_MSR_ASYNC_PF_ACK, 1);
	hvpu_evict(env.p, env.ram + PAGE, 2);
	cr_assert_eq(touch(PAGE, &r1), CORE_ASYNC);
	cr_assert_eq(touch(PAGE + 4096, &r2), CORE_ASYNC);
	cr_assert_neq(r1.cr2, r2.cr2);
	cr_assert_eq(hvpu_run_work(env.p, 10), 2);
	ev = enter();
	cr_assert_eq(ev.kind, HV_EVENT_IRQ);
	cr_assert_eq(core_gr32(&env, AREA + 4), r1.cr2);
	cr_assert_eq(enter().kind, HV_EVENT_NONE);	/* slot still busy */
	core_gw32(&env, AREA + 4, 0);
	msr(HV_MSR_ASYNC_PF_ACK, 1);
	ev = enter();
	cr_assert_eq(ev.kind, HV_EVENT_IRQ);
	cr_assert_eq(core_gr32(&env, AREA + 4), r2.cr2);
	cr_assert_eq(st().apf_ready, 2);
	cr_assert_eq(hvpu_apf_events(env.p, true), 2);
	cr_assert_eq(hvpu_apf_events(env.p, false), st().apf_not_present);
	core_env_fini(&env);
}

Test(core_apf, repeated_fault_halts)
{
	struct hv_pf_result res;
	struct hv_event ev;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert(res.halt);
	cr_assert_eq(st().apf_repeated, 1);
	cr_assert_eq(hv_mmu_vcpu_enter(env.vcpu, &ev), 1);
	hvpu_run_work(env.p, 10);
	cr_assert_eq(hv_mmu_vcpu_enter(env.vcpu, &ev), 0);
	cr_assert_eq(ev.kind, HV_EVENT_PF);
	core_env_fini(&env);
}

Test(core_apf, kernel_mode_without_send_always_halts)
{
	struct hv_pf_result res;
	struct hv_event ev;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();
	hv_apf_set_guest_state(env.vcpu, true, 0);
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert(res.halt);
	cr_assert_eq(st().apf_not_present, 0);
	cr_assert_eq(hv_mmu_vcpu_enter(env.vcpu, &ev), 1);
	hvpu_run_work(env.p, 10);
	cr_assert_eq(hv_mmu_vcpu_enter(env.vcpu, &ev), 0);
	cr_assert_eq(ev.kind, HV_EVENT_NONE);	/* nothing was announced */
	cr_assert_eq(st().apf_prefault, 1);
	/* With send-always the kernel gets it too. */
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1 | 2);
	enter();
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert_not(res.halt);
	core_env_fini(&env);
}

Test(core_apf, disabled_guest_or_interrupts_off)
{
	struct hv_pf_result res;

	setup(HV_MMU_DIRECT);
	/* Not enabled by the guest: queued, the vCPU halts. */
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	cr_assert(res.halt);
	hvpu_run_work(env.p, 10);
	/* Interrupts off: fetched synchronously. */
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	hv_apf_set_guest_state(env.vcpu, false, 3);
	hvpu_evict(env.p, env.ram + PAGE + 4096, 1);
	cr_assert_eq(touch(PAGE + 4096, &res), CORE_OK);
	cr_assert_eq(st().apf_not_present, 0);
	core_env_fini(&env);
}

Test(core_apf, queue_overflow_falls_back_to_sync)
{
	struct hv_pf_result res;
	uint64_t i;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();
	hvpu_evict(env.p, env.ram + PAGE, HV_APF_MAX_OUTSTANDING + 1);
	for (i = 0; i < HV_APF_MAX_OUTSTANDING; i++)
		cr_assert_eq(touch(PAGE + i * 4096, &res), CORE_ASYNC);
	cr_assert_eq(hv_apf_outstanding(env.vcpu), HV_APF_MAX_OUTSTANDING);
	cr_assert_eq(touch(PAGE + i * 4096, &res), CORE_OK);
	cr_assert_eq(st().apf_not_present, HV_APF_MAX_OUTSTANDING);
	cr_assert_eq(hvpu_apf_events(env.p, false), HV_APF_MAX_OUTSTANDING);
	core_env_fini(&env);
}

Test(core_apf, disable_with_faults_outstanding)
{
	struct hv_pf_result res;
	int i;

	setup(HV_MMU_DIRECT);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();
	hvpu_evict(env.p, env.ram + PAGE, 3);
	for (i = 0; i < 3; i++)
		cr_assert_eq(touch(PAGE + i * 4096, &res), CORE_ASYNC);
	hvpu_run_work(env.p, 1);
	msr(HV_MSR_ASYNC_PF_EN, 0);
	cr_assert_eq(msr_rd(HV_MSR_ASYNC_PF_EN), 0);
	hvpu_run_work(env.p, 10);
	cr_assert_eq(enter().kind, HV_EVENT_NONE);
	cr_assert_eq(hv_apf_outstanding(env.vcpu), 0);
	cr_assert_eq(st().apf_ready, 0);
	core_env_fini(&env);
}

Test(core_apf, shadow_mode_faults_again)
{
	struct hv_pf_result res;
	struct hv_mmu_stats a;

	setup(HV_MMU_SHADOW);
	msr(HV_MSR_ASYNC_PF_EN, AREA | 1);
	enter();
	hvpu_evict(env.p, env.ram + PAGE, 1);
	cr_assert_eq(touch(PAGE, &res), CORE_ASYNC);
	hvpu_run_work(env.p, 10);
	cr_assert_eq(enter().kind, HV_EVENT_PF);
	cr_assert_eq(st().apf_prefault, 0);
	a = st();
	cr_assert_eq(touch(PAGE, &res), CORE_OK);
	cr_assert_eq(st().pf_taken, a.pf_taken + 1);
	core_env_fini(&env);
}

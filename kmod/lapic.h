/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * lapic.h: hv.ko's local APIC, one per vCPU, in xAPIC mode at 0xfee00000,
 * vendor neutral: the register page emulated on access, fixed interrupts
 * (IPIs, the timer, async PF "page ready"), INIT and SIPI, the timer
 * (one-shot and periodic, on an hrtimer) and the vCPU's run state
 * (running, halted, waiting for a SIPI). The run loop asks it, before
 * each entry, what to deliver; it reaches the backend only through
 * hv_inject(), hv_can_inject_irq() and the backend's irq_window and
 * sipi_reset hooks (kmod/backend.h).
 */
#ifndef HV_KMOD_LAPIC_H
#define HV_KMOD_LAPIC_H

#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define HV_LAPIC_BASE		0xfee00000ull
#define HV_LAPIC_SIZE		0x1000
#define HV_APIC_BASE_BSP	(1ull << 8)
#define HV_APIC_BASE_ENABLE	(1ull << 11)

struct hv_vcpu;

enum hv_lapic_lvt {
	HV_LVT_TIMER, HV_LVT_THERMAL, HV_LVT_PERF, HV_LVT_LINT0,
	HV_LVT_LINT1, HV_LVT_ERROR, HV_NR_LVT
};

struct hv_lapic {
	spinlock_t lock;		/* everything below; irq-safe */
	struct hv_vcpu *vcpu;
	u64 apic_base;			/* IA32_APIC_BASE */
	u32 irr[8], isr[8];		/* 256 bits each */
	u32 tpr, ldr, dfr, svr, esr, icr_lo, icr_hi;
	u32 lvt[HV_NR_LVT];
	u32 timer_icr, timer_dcr;
	u64 period_ns;			/* of the running timer, or 0 */
	struct hrtimer timer;
	u32 mp_state;			/* HV_MP_STATE_* */
	bool init_pending, sipi_pending;
	u8 sipi_vector;
};

/* vCPU 0 starts running, the others wait for INIT and SIPI. */
void hv_lapic_init(struct hv_lapic *a, struct hv_vcpu *v);
void hv_lapic_destroy(struct hv_lapic *a);

/* The guest's access to the register page: offset, 4 bytes. Returns 0,
 * or -EINVAL for an access the APIC does not take (not 4 bytes). */
int hv_lapic_mmio_read(struct hv_lapic *a, u32 offset, u32 *val);
int hv_lapic_mmio_write(struct hv_lapic *a, u32 offset, u32 val);
static inline bool hv_lapic_is_mmio(u64 gpa)
{
	return gpa >= HV_LAPIC_BASE && gpa < HV_LAPIC_BASE + HV_LAPIC_SIZE;
}

u64 hv_lapic_get_base(struct hv_lapic *a);
/* -EINVAL: a base other than 0xfee00000, a reserved bit, x2APIC. */
int hv_lapic_set_base(struct hv_lapic *a, u64 val);

/* A fixed interrupt for this APIC, from any context (kicks the vCPU). */
void hv_lapic_set_irq(struct hv_lapic *a, u8 vector);

/*
 * Before an entry, in the vCPU's thread: INIT and SIPI take effect, a
 * halted vCPU wakes for an interrupt it can take. Returns 1 to enter, 0
 * to keep blocking (halted, waiting for a SIPI), -errno from the SIPI.
 */
int hv_lapic_runnable(struct hv_lapic *a);
/* Right before an entry: the highest deliverable interrupt is injected,
 * or an interrupt window asked for. */
void hv_lapic_deliver(struct hv_lapic *a);
/* Guest HLT: halts, unless an interrupt it can take is pending. */
void hv_lapic_halt(struct hv_lapic *a);
u32 hv_lapic_mp_state(struct hv_lapic *a);

#endif

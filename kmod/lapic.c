// SPDX-License-Identifier: GPL-2.0-only
/*
 * lapic.c: the local APIC of a vCPU (lapic.h). The register page is a
 * table from offset to storage, writable bits and an action; interrupts
 * are bits in IRR, moved to ISR when injected and cleared by EOI, with
 * TPR and ISR giving the priority below which nothing is delivered. The
 * timer counts at the 1 GHz bus KVM and QEMU model, divided by the divide
 * configuration, on an hrtimer. IPIs (fixed, INIT, SIPI) go by physical
 * APIC id (= vCPU id), flat logical destination or shorthand.
 */
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <asm/processor-flags.h>
#include "kmod/hv.h"

#define APIC_VERSION		(0x14 | ((HV_NR_LVT - 1) << 16))
#define SVR_ENABLED		(1u << 8)
#define LVT_MASKED		(1u << 16)
#define LVT_PERIODIC		(1u << 17)
#define LVT_TIMER_MODE		(3u << 17)
#define ICR_VECTOR		0xffu
#define ICR_MODE(lo)		(((lo) >> 8) & 7)
#define ICR_LOGICAL		(1u << 11)
#define ICR_ASSERT		(1u << 14)
#define ICR_SHORTHAND(lo)	(((lo) >> 18) & 3)
#define ICR_LO_BITS		0x000ccfffu
#define MODE_FIXED		0
#define MODE_INIT		5
#define MODE_SIPI		6
#define SH_NONE			0
#define SH_SELF			1
#define SH_ALL			2
#define SH_OTHERS		3
#define BROADCAST		0xffu
/* Shortest periodic timer: a guest asking for less gets this. */
#define MIN_PERIOD_NS		(100 * NSEC_PER_USEC)

/* ---- interrupt bits ---- */

static int highest(const u32 *bits)
{
	int i;

	for (i = 7; i >= 0; i--)
		if (bits[i])
			return i * 32 + __fls(bits[i]);
	return -1;
}

static void set_bit32(u32 *bits, u8 vec)
{
	bits[vec / 32] |= 1u << (vec % 32);
}

static void clear_bit32(u32 *bits, u8 vec)
{
	bits[vec / 32] &= ~(1u << (vec % 32));
}

static u32 ppr(const struct hv_lapic *a)
{
	int isrv = highest(a->isr);
	u32 isr_class = isrv < 0 ? 0 : isrv & 0xf0;

	return (a->tpr & 0xf0) >= isr_class ? a->tpr & 0xff : isr_class;
}

/* The vector to deliver next, or -1. Lock held. */
static int deliverable(const struct hv_lapic *a)
{
	int irrv = highest(a->irr);

	if (irrv < 0 || (irrv & 0xf0) <= (ppr(a) & 0xf0))
		return -1;
	return irrv;
}

static bool enabled(const struct hv_lapic *a)
{
	return (a->apic_base & HV_APIC_BASE_ENABLE) && (a->svr & SVR_ENABLED);
}

void hv_lapic_set_irq(struct hv_lapic *a, u8 vector)
{
	unsigned long flags;
	bool set = false;

	spin_lock_irqsave(&a->lock, flags);
	if (vector >= 16 && enabled(a)) {
		set_bit32(a->irr, vector);
		set = true;
	}
	spin_unlock_irqrestore(&a->lock, flags);
	if (set)
		hv_vcpu_kick(a->vcpu);
}

/* ---- timer ---- */

static u32 divide(const struct hv_lapic *a)
{
	u32 v = (a->timer_dcr & 3) | ((a->timer_dcr & 8) >> 1);

	return v == 7 ? 1 : 2u << v;
}

static enum hrtimer_restart timer_fired(struct hrtimer *t)
{
	struct hv_lapic *a = container_of(t, struct hv_lapic, timer);
	enum hrtimer_restart r = HRTIMER_NORESTART;
	unsigned long flags;
	u32 lvt;

	spin_lock_irqsave(&a->lock, flags);
	lvt = a->lvt[HV_LVT_TIMER];
	/* Restarted by the guest meanwhile: that start stands. */
	if (hrtimer_is_queued(t)) {
		spin_unlock_irqrestore(&a->lock, flags);
		return HRTIMER_NORESTART;
	}
	if (a->period_ns && (lvt & LVT_PERIODIC)) {
		hrtimer_forward_now(t, ns_to_ktime(a->period_ns));
		r = HRTIMER_RESTART;
	} else {
		a->period_ns = 0;
	}
	spin_unlock_irqrestore(&a->lock, flags);
	if (!(lvt & LVT_MASKED))
		hv_lapic_set_irq(a, lvt & 0xff);
	return r;
}

/* (Re)starts the timer from its initial count. Lock held. */
static void timer_start(struct hv_lapic *a)
{
	u64 ns = (u64)a->timer_icr * divide(a);

	hrtimer_try_to_cancel(&a->timer);
	a->period_ns = 0;
	if (!a->timer_icr)
		return;
	if ((a->lvt[HV_LVT_TIMER] & LVT_PERIODIC) && ns < MIN_PERIOD_NS)
		ns = MIN_PERIOD_NS;
	a->period_ns = ns;
	hrtimer_start(&a->timer, ns_to_ktime(ns), HRTIMER_MODE_REL_HARD);
}

static u32 timer_current(const struct hv_lapic *a)
{
	ktime_t left;

	if (!a->period_ns)
		return 0;
	left = hrtimer_get_remaining(&a->timer);
	if (ktime_to_ns(left) <= 0)
		return 0;
	return div_u64(ktime_to_ns(left), divide(a));
}

/* ---- IPIs ---- */

static bool is_target(const struct hv_lapic *src, const struct hv_lapic *dst,
		      u32 lo, u32 dest)
{
	switch (ICR_SHORTHAND(lo)) {
	case SH_SELF:
		return dst == src;
	case SH_ALL:
		return true;
	case SH_OTHERS:
		return dst != src;
	}
	if (lo & ICR_LOGICAL)	/* flat model: a bit per APIC */
		return (dst->ldr >> 24) & dest;
	return dest == BROADCAST || dest == dst->vcpu->id;
}

/* One IPI's effect on @dst (which may be the sender). */
static void ipi_deliver(struct hv_lapic *dst, u32 lo)
{
	unsigned long flags;

	switch (ICR_MODE(lo)) {
	case MODE_FIXED:
		hv_lapic_set_irq(dst, lo & ICR_VECTOR);
		return;
	case MODE_INIT:
		/* INIT level de-assert (no ASSERT bit) does nothing. */
		if (!(lo & ICR_ASSERT))
			return;
		spin_lock_irqsave(&dst->lock, flags);
		dst->init_pending = true;
		spin_unlock_irqrestore(&dst->lock, flags);
		break;
	case MODE_SIPI:
		spin_lock_irqsave(&dst->lock, flags);
		if (dst->mp_state == HV_MP_STATE_INIT_RECEIVED ||
		    dst->init_pending) {
			dst->sipi_vector = lo & ICR_VECTOR;
			dst->sipi_pending = true;
		}
		spin_unlock_irqrestore(&dst->lock, flags);
		break;
	default:
		pr_info_ratelimited("hv: vcpu %u: IPI delivery mode %u not emulated\n",
				    dst->vcpu->id, ICR_MODE(lo));
		return;
	}
	hv_vcpu_kick(dst->vcpu);
}

static void send_ipi(struct hv_lapic *src, u32 lo, u32 hi)
{
	struct hv_vm *vm = src->vcpu->vm;
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < HV_MAX_VCPUS; i++) {
		struct hv_vcpu *v = READ_ONCE(vm->vcpus[i]);

		if (v && is_target(src, &v->lapic, lo, hi >> 24))
			ipi_deliver(&v->lapic, lo);
	}
	rcu_read_unlock();
}

/* ---- the register page ---- */

struct lapic_reg {
	u32 offset;
	size_t field;		/* in struct hv_lapic; 0: none */
	u32 writable;		/* bits a write changes */
	/* After the write (lock held); NULL: nothing. */
	void (*wrote)(struct hv_lapic *a, u32 val);
	/* Computed value; NULL: the field. */
	u32 (*read)(const struct hv_lapic *a);
};

static u32 rd_id(const struct hv_lapic *a)
{
	return a->vcpu->id << 24;
}

static u32 rd_version(const struct hv_lapic *a)
{
	return APIC_VERSION;
}

static u32 rd_ppr(const struct hv_lapic *a)
{
	return ppr(a);
}

static u32 rd_timer_current(const struct hv_lapic *a)
{
	return timer_current(a);
}

static void wr_eoi(struct hv_lapic *a, u32 val)
{
	int isrv = highest(a->isr);

	if (isrv >= 0)
		clear_bit32(a->isr, isrv);
}

/* SVR or an LVT entry written: software disabled, every entry masked. */
static void wr_lvt(struct hv_lapic *a, u32 val)
{
	unsigned int i;

	if (!(a->svr & SVR_ENABLED))
		for (i = 0; i < HV_NR_LVT; i++)
			a->lvt[i] |= LVT_MASKED;
}

static void wr_timer_icr(struct hv_lapic *a, u32 val)
{
	timer_start(a);
}

#define F(x) offsetof(struct hv_lapic, x)
#define LVT(n) (F(lvt) + (n) * sizeof(u32))
#define BITS(base, arr, i) { (base) + (i) * 0x10, \
	F(arr) + (i) * sizeof(u32), 0, NULL, NULL }
#define EIGHT(base, arr) BITS(base, arr, 0), BITS(base, arr, 1), \
	BITS(base, arr, 2), BITS(base, arr, 3), BITS(base, arr, 4), \
	BITS(base, arr, 5), BITS(base, arr, 6), BITS(base, arr, 7)

static const struct lapic_reg regs[] = {
	{ 0x020, 0, 0, NULL, rd_id },
	{ 0x030, 0, 0, NULL, rd_version },
	{ 0x080, F(tpr), 0xff, NULL, NULL },
	{ 0x090, 0, 0, NULL, NULL },			/* APR */
	{ 0x0a0, 0, 0, NULL, rd_ppr },
	{ 0x0b0, 0, 0, wr_eoi, NULL },
	{ 0x0d0, F(ldr), 0xff000000, NULL, NULL },
	{ 0x0e0, F(dfr), 0xf0000000, NULL, NULL },
	{ 0x0f0, F(svr), 0x1ff, wr_lvt, NULL },
	EIGHT(0x100, isr),
	{ 0x180, 0, 0, NULL, NULL }, { 0x190, 0, 0, NULL, NULL },
	{ 0x1a0, 0, 0, NULL, NULL }, { 0x1b0, 0, 0, NULL, NULL },
	{ 0x1c0, 0, 0, NULL, NULL }, { 0x1d0, 0, 0, NULL, NULL },
	{ 0x1e0, 0, 0, NULL, NULL }, { 0x1f0, 0, 0, NULL, NULL }, /* TMR */
	EIGHT(0x200, irr),
	{ 0x280, F(esr), 0, NULL, NULL },
	{ 0x300, F(icr_lo), ICR_LO_BITS, NULL, NULL },	/* sends: below */
	{ 0x310, F(icr_hi), 0xff000000, NULL, NULL },
	{ 0x320, LVT(HV_LVT_TIMER), 0x300ff | LVT_MASKED, wr_lvt, NULL },
	{ 0x330, LVT(HV_LVT_THERMAL), 0x107ff, wr_lvt, NULL },
	{ 0x340, LVT(HV_LVT_PERF), 0x107ff, wr_lvt, NULL },
	{ 0x350, LVT(HV_LVT_LINT0), 0x1a7ff, wr_lvt, NULL },
	{ 0x360, LVT(HV_LVT_LINT1), 0x1a7ff, wr_lvt, NULL },
	{ 0x370, LVT(HV_LVT_ERROR), 0x100ff, wr_lvt, NULL },
	{ 0x380, F(timer_icr), 0xffffffff, wr_timer_icr, NULL },
	{ 0x390, 0, 0, NULL, rd_timer_current },
	{ 0x3e0, F(timer_dcr), 0xb, NULL, NULL },
};

#undef EIGHT
#undef BITS
#undef LVT
#undef F

static const struct lapic_reg *find_reg(u32 offset)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		if (regs[i].offset == offset)
			return &regs[i];
	return NULL;
}

static u32 *field(struct hv_lapic *a, const struct lapic_reg *r)
{
	return (u32 *)((u8 *)a + r->field);
}

int hv_lapic_mmio_read(struct hv_lapic *a, u32 offset, u32 *val)
{
	const struct lapic_reg *r = find_reg(offset & ~0xfu);
	unsigned long flags;

	*val = 0;
	if (offset & 0xf)
		return -EINVAL;
	if (!r)		/* reserved registers read as zero */
		return 0;
	spin_lock_irqsave(&a->lock, flags);
	if (r->read)
		*val = r->read(a);
	else if (r->field)
		*val = *field(a, r);
	spin_unlock_irqrestore(&a->lock, flags);
	return 0;
}

int hv_lapic_mmio_write(struct hv_lapic *a, u32 offset, u32 val)
{
	const struct lapic_reg *r = find_reg(offset);
	unsigned long flags;
	u32 *f, lo = 0, hi = 0;
	bool ipi = false;

	if (offset & 0xf)
		return -EINVAL;
	if (!r)
		return 0;	/* writes to read-only registers are dropped */
	spin_lock_irqsave(&a->lock, flags);
	if (r->field && r->writable) {
		f = field(a, r);
		*f = (*f & ~r->writable) | (val & r->writable);
	}
	if (r->wrote)
		r->wrote(a, val);
	if (offset == 0x300) {
		ipi = true;
		lo = a->icr_lo;
		hi = a->icr_hi;
	}
	spin_unlock_irqrestore(&a->lock, flags);
	if (ipi)
		send_ipi(a, lo, hi);
	return 0;
}

/* ---- the vCPU's side ---- */

/* RFLAGS.IF: a halted vCPU wakes for an interrupt only with it. */
static bool irq_enabled(struct hv_vcpu *v)
{
	return hv_be->rflags(v) & X86_EFLAGS_IF;
}

u64 hv_lapic_get_base(struct hv_lapic *a)
{
	return READ_ONCE(a->apic_base);
}

int hv_lapic_set_base(struct hv_lapic *a, u64 val)
{
	const u64 ok = HV_LAPIC_BASE | HV_APIC_BASE_ENABLE | HV_APIC_BASE_BSP;
	unsigned long flags;

	if ((val & ~ok) != 0 || (val & HV_LAPIC_BASE) != HV_LAPIC_BASE ||
	    (val & HV_APIC_BASE_BSP) != (a->apic_base & HV_APIC_BASE_BSP))
		return -EINVAL;
	spin_lock_irqsave(&a->lock, flags);
	a->apic_base = val;
	spin_unlock_irqrestore(&a->lock, flags);
	return 0;
}

/* The registers as after reset or INIT (the base MSR is kept). Lock held. */
static void regs_reset(struct hv_lapic *a)
{
	unsigned int i;

	memset(a->irr, 0, sizeof(a->irr));
	memset(a->isr, 0, sizeof(a->isr));
	a->tpr = a->ldr = a->esr = a->icr_lo = a->icr_hi = 0;
	a->dfr = 0xffffffff;
	a->svr = 0xff;
	for (i = 0; i < HV_NR_LVT; i++)
		a->lvt[i] = LVT_MASKED;
	a->timer_icr = a->timer_dcr = 0;
	hrtimer_try_to_cancel(&a->timer);
	a->period_ns = 0;
}

void hv_lapic_init(struct hv_lapic *a, struct hv_vcpu *v)
{
	spin_lock_init(&a->lock);
	a->vcpu = v;
	hrtimer_init(&a->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	a->timer.function = timer_fired;
	a->apic_base = HV_LAPIC_BASE | HV_APIC_BASE_ENABLE |
		       (v->id ? 0 : HV_APIC_BASE_BSP);
	regs_reset(a);
	a->mp_state = v->id ? HV_MP_STATE_UNINITIALIZED :
		      HV_MP_STATE_RUNNABLE;
}

void hv_lapic_destroy(struct hv_lapic *a)
{
	hrtimer_cancel(&a->timer);
}

u32 hv_lapic_mp_state(struct hv_lapic *a)
{
	return READ_ONCE(a->mp_state);
}

int hv_lapic_runnable(struct hv_lapic *a)
{
	unsigned long flags;
	bool sipi = false, wake;
	u8 vector = 0;

	/* IF is read outside the lock: only this thread changes it. */
	wake = irq_enabled(a->vcpu);
	spin_lock_irqsave(&a->lock, flags);
	if (a->init_pending) {
		a->init_pending = false;
		regs_reset(a);
		a->mp_state = HV_MP_STATE_INIT_RECEIVED;
	}
	if (a->sipi_pending) {
		a->sipi_pending = false;
		if (a->mp_state == HV_MP_STATE_INIT_RECEIVED) {
			sipi = true;
			vector = a->sipi_vector;
			a->mp_state = HV_MP_STATE_RUNNABLE;
		}
	}
	if (a->mp_state == HV_MP_STATE_HALTED && wake && deliverable(a) >= 0)
		a->mp_state = HV_MP_STATE_RUNNABLE;
	wake = a->mp_state == HV_MP_STATE_RUNNABLE;
	spin_unlock_irqrestore(&a->lock, flags);
	if (sipi)
		return hv_be->sipi_reset(a->vcpu, vector) ?: 1;
	return wake;
}

void hv_lapic_halt(struct hv_lapic *a)
{
	unsigned long flags;
	bool irq = irq_enabled(a->vcpu);

	spin_lock_irqsave(&a->lock, flags);
	if (!irq || deliverable(a) < 0)
		a->mp_state = HV_MP_STATE_HALTED;
	spin_unlock_irqrestore(&a->lock, flags);
}

void hv_lapic_deliver(struct hv_lapic *a)
{
	struct hv_vcpu *v = a->vcpu;
	unsigned long flags;
	bool inject;
	int vec;

	spin_lock_irqsave(&a->lock, flags);
	vec = deliverable(a);
	inject = vec >= 0 && hv_can_inject_irq(v);
	if (inject) {
		clear_bit32(a->irr, vec);
		set_bit32(a->isr, vec);
	}
	spin_unlock_irqrestore(&a->lock, flags);
	hv_be->irq_window(v, vec >= 0 && !inject);
	if (inject) {
		hv_inject(v, vec, false, 0, true);
		v->stats.irq_injections++;
	}
}

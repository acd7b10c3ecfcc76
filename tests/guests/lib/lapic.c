// SPDX-License-Identifier: GPL-2.0-only
// lapic.c: xAPIC set-up, EOI and the periodic timer. The 8259 PICs are
// remapped to 0x20-0x2f and masked so that only the APIC delivers.
#include "lapic.h"
#include "paging.h"
#include "trap.h"
#include "x86.h"

#define MSR_APIC_BASE	0x1b
#define APIC_BASE_EN	(1UL << 11)
#define LAPIC_PA	0xfee00000UL
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_TIMER_ICR	0x380
#define LAPIC_TIMER_DCR	0x3e0
#define SVR_ENABLE	0x100
#define LVT_MASKED	(1u << 16)
#define LVT_PERIODIC	(1u << 17)
#define DCR_DIV16	0x3

static void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(LAPIC_PA + reg) = v;
}

static void pic_mask_all(void)
{
	static const uint8_t init[][2] = {
		{ 0x20, 0x11 }, { 0xa0, 0x11 },	/* ICW1: init, ICW4 follows */
		{ 0x21, 0x20 }, { 0xa1, 0x28 },	/* ICW2: vector bases */
		{ 0x21, 0x04 }, { 0xa1, 0x02 },	/* ICW3: cascade on IRQ2 */
		{ 0x21, 0x01 }, { 0xa1, 0x01 },	/* ICW4: 8086 mode */
		{ 0x21, 0xff }, { 0xa1, 0xff },	/* mask every line */
	};
	unsigned int i;

	for (i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		outb(init[i][0], init[i][1]);
}

static struct trap_frame *spurious(struct trap_frame *f)
{
	return f;
}

void lapic_enable(void)
{
	pic_mask_all();
	wrmsr(MSR_APIC_BASE, LAPIC_PA | APIC_BASE_EN |
	      (rdmsr(MSR_APIC_BASE) & 0xfff & ~APIC_BASE_EN));
	paging_map_mmio(LAPIC_PA);
	trap_set_handler(LAPIC_SPURIOUS_VECTOR, spurious);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_timer_periodic(uint8_t vector, uint32_t count)
{
	lapic_write(LAPIC_TIMER_DCR, DCR_DIV16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | vector);
	lapic_write(LAPIC_TIMER_ICR, count);
}

void lapic_timer_stop(void)
{
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_ICR, 0);
}

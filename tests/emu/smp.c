// SPDX-License-Identifier: GPL-2.0-only
// smp.c: a test guest for a hypervisor's local APIC with several vCPUs,
// built like tests/guests' guests and on their runtime. The bootstrap
// processor starts every other CPU (fw_cfg's count) with INIT and a
// start-up IPI through the ICR; each enters long mode through the
// trampoline of smp-ap.S, adds 1 to a shared counter `rounds` times with
// a locked add, racing the others, keeps known values in xmm0-xmm7 across
// `reads` port reads (exits to the monitor) and checks them, then sends
// the bootstrap processor a fixed IPI (vector 0x42), which waits for all
// of them in HLT. Result: hv-test: smp cpus=N counter=C ipis=N-1
// xmm_bad=0; exit 1 unless counter = cpus x rounds and xmm_bad = 0.
#include <stdbool.h>
#include <stddef.h>
#include "lib/fwcfg.h"
#include "lib/guest.h"
#include "lib/lapic.h"
#include "lib/printf.h"
#include "lib/trap.h"
#include "lib/x86.h"

#define MAX_CPUS	8
#define SMP_TRAMPOLINE	0x8000
#define STACK_SIZE	16384
#define VEC_DONE	0x42
#define LAPIC_PA	0xfee00000UL
#define LAPIC_ID	0x020
#define LAPIC_SVR	0x0f0
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define ICR_INIT	0x4500		/* INIT, assert */
#define ICR_SIPI	0x4600		/* start-up, assert */
#define ICR_PENDING	(1u << 12)
#define PORT_LSR	0x3fd		/* a register every host emulates */
#define START_SPINS	100000000UL

struct idt_reg {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const char ap_trampoline[], ap_trampoline_end[];
void xmm_hold(const uint64_t *in, uint64_t *out, unsigned int reads,
	      unsigned int port);
void ap_main(void);

static uint64_t rounds = 100000, reads = 1000;
uint64_t ap_stack_top;		/* read by the trampoline */
static uint8_t stacks[MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
static struct idt_reg idtr;
static volatile uint64_t counter;
static volatile unsigned int alive, xmm_bad, ipis;

static void apic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(LAPIC_PA + reg) = v;
}

static uint32_t apic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(LAPIC_PA + reg);
}

static void ipi(unsigned int apic_id, uint32_t lo)
{
	apic_write(LAPIC_ICR_HI, apic_id << 24);
	apic_write(LAPIC_ICR_LO, lo);
	while (apic_read(LAPIC_ICR_LO) & ICR_PENDING)
		cpu_relax();
}

/* The race and the FPU check every CPU runs; @id seeds the values. */
static void work(unsigned int id)
{
	uint64_t in[16], out[16], i;

	for (i = 0; i < rounds; i++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < 16; i++)
		in[i] = 0x9e3779b97f4a7c15ull * (id * 16 + i + 1);
	xmm_hold(in, out, reads, PORT_LSR);
	for (i = 0; i < 16; i++)
		if (out[i] != in[i])
			__atomic_fetch_add(&xmm_bad, 1, __ATOMIC_SEQ_CST);
}

void ap_main(void)
{
	unsigned int id;

	__asm__ volatile("lidt %0" : : "m"(idtr));
	apic_write(LAPIC_SVR, 0x100 | LAPIC_SPURIOUS_VECTOR);
	id = apic_read(LAPIC_ID) >> 24;
	__atomic_fetch_add(&alive, 1, __ATOMIC_SEQ_CST);
	work(id);
	ipi(0, VEC_DONE);
}

static struct trap_frame *done_ipi(struct trap_frame *f)
{
	ipis++;
	lapic_eoi();
	return f;
}

/* INIT, then start-up IPIs until the CPU says it is alive. */
static bool start_ap(unsigned int id)
{
	unsigned int want = alive + 1, sipi;
	unsigned long spins;

	ap_stack_top = (uint64_t)&stacks[id][STACK_SIZE];
	ipi(id, ICR_INIT);
	for (sipi = 0; sipi < 2; sipi++) {
		ipi(id, ICR_SIPI | (SMP_TRAMPOLINE >> 12));
		for (spins = 0; spins < START_SPINS; spins++)
			if (alive == want)
				return true;
	}
	return false;
}

static void copy_trampoline(void)
{
	volatile char *dst = (volatile char *)SMP_TRAMPOLINE;
	const char *src;

	for (src = ap_trampoline; src < ap_trampoline_end; src++)
		*dst++ = *src;
}

static enum guest_exit smp_main(void)
{
	unsigned int cpus = 1, id;
	uint64_t cr4;

	if (fwcfg_present())
		cpus = fwcfg_read(FW_CFG_NB_CPUS, 2);
	if (cpus < 1 || cpus > MAX_CPUS)
		guest_fail(GUEST_BAD_PARAM, "badparam key=cpus value=%u",
			   cpus);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= (1u << 9) | (1u << 10);		/* OSFXSR, OSXMMEXCPT */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	lapic_enable();
	trap_set_handler(VEC_DONE, done_ipi);
	copy_trampoline();
	for (id = 1; id < cpus; id++)
		if (!start_ap(id))
			guest_fail(GUEST_CHECK_FAILED, "ap-start cpu=%u", id);
	work(0);
	irq_disable();
	while (ipis < cpus - 1) {
		irq_enable_and_halt();
		irq_disable();
	}
	kprintf("hv-test: smp cpus=%u counter=%lu ipis=%u xmm_bad=%u\n", cpus,
		counter, ipis, xmm_bad);
	return counter == cpus * rounds && !xmm_bad ? GUEST_OK :
	       GUEST_CHECK_FAILED;
}

static const struct guest_param smp_params[] = {
	{ "rounds", &rounds, 1, 100000000 },
	{ "reads", &reads, 0, 1000000 },
	{ NULL },
};

const struct guest guest = {
	.name = "smp",
	.params = smp_params,
	.main = smp_main,
};

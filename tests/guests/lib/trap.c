// SPDX-License-Identifier: GPL-2.0-only
// trap.c: builds the IDT over isr.S's stubs and dispatches to handlers;
// any vector without one is fatal and reported with RIP and CR2.
#include <stddef.h>
#include "guest.h"
#include "printf.h"
#include "trap.h"
#include "x86.h"

#define NR_VECTORS	256
#define STUB_SIZE	16
#define KERNEL_CS	0x08
#define GATE_INTR	0x8e	/* present, DPL 0, 64-bit interrupt gate */

struct idt_entry {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const char isr_stubs[];

static struct idt_entry idt[NR_VECTORS] __attribute__((aligned(16)));
static struct trap_frame *(*handlers[NR_VECTORS])(struct trap_frame *f);

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "res",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
};

void trap_fatal(const struct trap_frame *f)
{
	const char *name = NULL;

	if (f->vector < 32)
		name = exception_names[f->vector];
	kprintf("%s: unexpected %s %lu (%s) error=0x%lx rip=0x%lx "
		"cr2=0x%lx rsp=0x%lx\n", guest.name,
		f->vector < 32 ? "exception" : "interrupt", f->vector,
		name ? name : "irq", f->error, f->rip, read_cr2(), f->rsp);
	guest_fail(GUEST_EXCEPTION,
		   "exception vector=%lu error=0x%lx rip=0x%lx cr2=0x%lx",
		   f->vector, f->error, f->rip, read_cr2());
}

struct trap_frame *trap_dispatch(struct trap_frame *f)
{
	if (!handlers[f->vector])
		trap_fatal(f);
	return handlers[f->vector](f);
}

void trap_set_handler(unsigned int vector,
		      struct trap_frame *(*fn)(struct trap_frame *f))
{
	handlers[vector] = fn;
}

void trap_init(void)
{
	struct idt_ptr ptr = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int i;

	for (i = 0; i < NR_VECTORS; i++) {
		uint64_t addr = (uint64_t)isr_stubs + i * STUB_SIZE;

		idt[i].off_lo = (uint16_t)addr;
		idt[i].sel = KERNEL_CS;
		idt[i].type = GATE_INTR;
		idt[i].off_mid = (uint16_t)(addr >> 16);
		idt[i].off_hi = (uint32_t)(addr >> 32);
	}
	__asm__ volatile("lidt %0" : : "m"(ptr));
}

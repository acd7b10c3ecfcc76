// SPDX-License-Identifier: GPL-2.0-only
// demand.c: demand paging inside the guest. A window of N pages at
// PRIVATE_BASE starts not present in the guest's own page tables; touching
// each page faults, and the #PF handler maps the next free frame and
// returns. Any other fault is fatal. With nx=1 the guest runs with
// EFER.NXE, as 64-bit systems do (hv.ko's seed-003 bypass needs it). The faults counted must equal pages,
// and every page must then read back what was written through it.
#include <stddef.h>
#include "lib/guest.h"
#include "lib/mem.h"
#include "lib/paging.h"
#include "lib/printf.h"
#include "lib/trap.h"
#include "lib/x86.h"

#define MSR_EFER	0xc0000080u
#define EFER_NXE	(1ull << 11)

static uint64_t pages = 256;
static uint64_t nx;
static uint64_t faults;
static uint64_t *space;
static uint8_t *frames;

static struct trap_frame *demand_fault(struct trap_frame *f)
{
	uint64_t va = read_cr2(), p = (va - PRIVATE_BASE) / PAGE_SIZE;
	uint64_t *pte;

	if (va < PRIVATE_BASE || p >= pages || (f->error & PF_ERR_PRESENT))
		trap_fatal(f);
	pte = paging_pte(space, va);
	if (*pte & PTE_P)
		trap_fatal(f);
	*pte = (uint64_t)(frames + faults * PAGE_SIZE) | PTE_P | PTE_W;
	faults++;
	return f;
}

static enum guest_exit demand_main(void)
{
	uint64_t p, bad = 0;

	if (nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	frames = mem_alloc(pages * PAGE_SIZE, PAGE_SIZE);
	space = paging_new_space();
	/* Page tables exist up front: only the leaf entries fault. */
	for (p = 0; p < pages; p++)
		*paging_pte(space, PRIVATE_BASE + p * PAGE_SIZE) = 0;
	trap_set_handler(VEC_PF, demand_fault);
	write_cr3((uint64_t)space);
	for (p = 0; p < pages; p++)
		*(volatile uint64_t *)(PRIVATE_BASE + p * PAGE_SIZE) = p;
	for (p = 0; p < pages; p++)
		bad += *(volatile uint64_t *)(PRIVATE_BASE + p * PAGE_SIZE) !=
		       p;
	kprintf("demand: %lu faults for %lu pages, %lu bad words\n", faults,
		pages, bad);
	kprintf("hv-test: demand faults=%lu pages=%lu bad=%lu\n", faults,
		pages, bad);
	return faults == pages && !bad ? GUEST_OK : GUEST_CHECK_FAILED;
}

static const struct guest_param demand_params[] = {
	{ "pages", &pages, 1, 65536 },
	{ "nx", &nx, 0, 1 },
	{ NULL },
};

const struct guest guest = {
	.name = "demand",
	.params = demand_params,
	.main = demand_main,
};

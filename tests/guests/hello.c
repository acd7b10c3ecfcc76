// SPDX-License-Identifier: GPL-2.0-only
// hello.c: the smallest guest: a greeting on the serial port, the CPU count
// and RAM size from fw_cfg when there is one, then exit 0. fault=1 makes
// it take an unexpected page fault instead, fault=2 a triple fault, so
// that hosts can test how they report a failing or crashing guest.
#include <stddef.h>
#include "lib/fwcfg.h"
#include "lib/guest.h"
#include "lib/paging.h"
#include "lib/printf.h"

#define FAULT_PAGE	1
#define FAULT_TRIPLE	2

static uint64_t fault;

static void crash(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) no_idt;

	if (fault == FAULT_PAGE)
		*(volatile uint64_t *)PRIVATE_BASE = 1;	/* not mapped */
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
}

static enum guest_exit hello_main(void)
{
	kprintf("Hello from hv guest\n");
	if (fault) {
		kprintf("hello: faulting on purpose (fault=%lu)\n", fault);
		crash();
	}
	if (!fwcfg_present()) {
		kprintf("hello: no fw_cfg\n");
		kprintf("hv-test: hello fw_cfg=0\n");
		return GUEST_OK;
	}
	kprintf("hv-test: hello fw_cfg=1 cpus=%lu ram_mib=%lu\n",
		fwcfg_read(FW_CFG_NB_CPUS, 2),
		fwcfg_read(FW_CFG_RAM_SIZE, 8) >> 20);
	return GUEST_OK;
}

static const struct guest_param hello_params[] = {
	{ "fault", &fault, 0, FAULT_TRIPLE },
	{ NULL },
};

const struct guest guest = {
	.name = "hello",
	.params = hello_params,
	.main = hello_main,
};

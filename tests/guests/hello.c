// SPDX-License-Identifier: GPL-2.0-only
// hello.c: the smallest guest: a greeting on the serial port, the CPU count
// and RAM size from fw_cfg when there is one, then exit 0.
#include <stddef.h>
#include "lib/fwcfg.h"
#include "lib/guest.h"
#include "lib/printf.h"

static enum guest_exit hello_main(void)
{
	kprintf("Hello from hv guest\n");
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
	{ NULL },
};

const struct guest guest = {
	.name = "hello",
	.params = hello_params,
	.main = hello_main,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * debug-exit.c: the isa-debug-exit port (see debug-exit.h). Reads return
 * all ones like an unclaimed port.
 */
#include "monitor/debug-exit.h"

static void debug_exit_out(void *opaque, uint16_t offset, uint8_t size,
			   uint32_t v)
{
	struct debug_exit *d = opaque;

	d->fire(d->ctx, v);
}

static uint32_t debug_exit_in(void *opaque, uint16_t offset, uint8_t size)
{
	return 0xffffffff;
}

struct pio_device debug_exit_device(struct debug_exit *d)
{
	return (struct pio_device){ "debug-exit", DEBUG_EXIT_PORT, 1,
				    debug_exit_out, debug_exit_in, d };
}

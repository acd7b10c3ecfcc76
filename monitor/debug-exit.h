/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * debug-exit.h: QEMU's isa-debug-exit at port 0xf4: a write of v ends the
 * VM with exit status (v << 1) | 1.
 */
#ifndef HV_MONITOR_DEBUG_EXIT_H
#define HV_MONITOR_DEBUG_EXIT_H

#include <stdint.h>

#include "monitor/pio.h"

#define DEBUG_EXIT_PORT	0xf4

struct debug_exit {
	void (*fire)(void *ctx, uint32_t v);	/* called for every write */
	void *ctx;
};

struct pio_device debug_exit_device(struct debug_exit *d);

#endif

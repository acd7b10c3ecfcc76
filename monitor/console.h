/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console.h: where the guest's serial output goes: the monitor's stdout
 * (standalone mode) and a bounded console log file.
 */
#ifndef HV_MONITOR_CONSOLE_H
#define HV_MONITOR_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LOG_MAX	(1u << 20)	/* bytes kept in the log file */

struct console {
	int out_fd;		/* -1: no live output */
	int log_fd;		/* -1: no log */
	uint64_t logged;	/* bytes written to the log */
	uint64_t total;		/* bytes the guest wrote */
};

/* log_path may be NULL; err says why on failure. */
int console_open(struct console *c, int out_fd, const char *log_path,
		 char *err, size_t errlen);
void console_close(struct console *c);
void console_write(struct console *c, const uint8_t *buf, size_t len);

#endif

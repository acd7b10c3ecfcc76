/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * log.h: hvd's logging. Messages go to the journal with structured fields
 * (PRIORITY=, HV_VM= when about a VM, HV_EVENT= naming what happened,
 * CODE_FILE=/CODE_LINE=/CODE_FUNC=), or to stderr when journald is absent.
 */
#ifndef HV_DAEMON_LOG_H
#define HV_DAEMON_LOG_H

#include <syslog.h>

/* Chooses the journal when its socket exists; called once at start. */
void log_init(void);

void log_at(const char *file, int line, const char *func, int prio,
	    const char *vm, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* hvd_log(LOG_WARNING, vm or NULL, "EVENT_NAME", "format", ...) */
#define hvd_log(prio, vm, event, ...) \
	log_at(__FILE__, __LINE__, __func__, prio, vm, event, __VA_ARGS__)

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * service.h: hvd as a service: signals (SIGTERM/SIGINT stop, SIGHUP
 * reloads hvd.conf), systemd notifications (READY=1, STATUS=, STOPPING=1,
 * WATCHDOG=1 when WATCHDOG_USEC is set) and detaching from the terminal.
 */
#ifndef HV_DAEMON_SERVICE_H
#define HV_DAEMON_SERVICE_H

#include "daemon/hvd.h"

/* Installs the signal and watchdog events. 0 or -1. */
int service_setup(struct hvd *h);
void service_teardown(struct hvd *h);

/* Reports readiness (to systemd, and to the parent after detaching). */
void service_ready(struct hvd *h);

/*
 * Detaches: the parent waits until the child calls service_ready() (exit
 * 0) or dies (exit 1). Returns in the child only. stderr goes to
 * LOG_DIR/hvd.log when there is no journal.
 */
void service_detach(const char *log_dir);

/* Re-reads hvd.conf (SIGHUP); on error keeps the old settings. */
void service_reload(struct hvd *h);

#endif

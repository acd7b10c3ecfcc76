/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console.h: a running VM's serial console for hvd's clients. A client
 * attaches (vm.console.attach) to one VM at a time and then gets
 * {"method": "console.output", "params": {"vm", "data": base64}} for
 * what the guest writes; console.input sends bytes to the guest's UART.
 * hvd attaches to the monitor's console (monitor.console.attach) on the
 * first client attach and stays attached while the monitor runs.
 */
#ifndef HV_DAEMON_CONSOLE_H
#define HV_DAEMON_CONSOLE_H

#include "daemon/hvd.h"
#include "daemon/vm.h"

/* A monitor's monitor.console.output: pass data (base64) to clients. */
void console_output(struct hvd *h, const struct vm *vm, const char *data);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * scope.c: where systemd runs, moves a new monitor into its own transient
 * unit hv-vm-NAME.scope (StartTransientUnit over the system bus), so that
 * stopping or restarting hvd or the helper stops no VM. Without systemd
 * it does nothing; a refusal is logged and the monitor starts anyway
 * (hvd-helper.service has KillMode=process for that case).
 */
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#include "helper/helper.h"

void scope_create(const struct peer *peer, const char *vm, pid_t pid)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	char unit[96], desc[96];
	sd_bus *bus = NULL;
	int r;

	if (access("/run/systemd/system", F_OK) < 0)
		return;
	snprintf(unit, sizeof(unit), "hv-vm-%s.scope", vm);
	snprintf(desc, sizeof(desc), "hv VM %s", vm);
	r = sd_bus_open_system(&bus);
	if (r >= 0)
		r = sd_bus_call_method(bus, "org.freedesktop.systemd1",
			"/org/freedesktop/systemd1",
			"org.freedesktop.systemd1.Manager",
			"StartTransientUnit", &error, &reply, "ssa(sv)a(sa(sv))",
			unit, "fail", 3,
			"PIDs", "au", 1, (uint32_t)pid,
			"Description", "s", desc,
			"CollectMode", "s", "inactive-or-failed", 0);
	if (r < 0)
		hlog(LOG_WARNING, peer, vm, "spawn", "no scope %s: %s", unit,
		     error.message ? error.message : strerror(-r));
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_flush_close_unref(bus);
}

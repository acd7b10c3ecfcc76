// SPDX-License-Identifier: GPL-2.0-only
/*
 * log.c: hvd-helper's log: one journal entry per event with the peer's
 * uid and pid, the VM and the request as fields, or a line on stderr.
 */
#include <stdio.h>
#include <syslog.h>
#include <systemd/sd-journal.h>

#include "helper/helper.h"

static int log_stderr;

void log_init(int to_stderr)
{
	log_stderr = to_stderr;
}

void hlog(int prio, const struct peer *peer, const char *vm,
	  const char *request, const char *fmt, ...)
{
	char msg[512];
	long uid = peer ? (long)peer->uid : -1;
	long pid = peer ? (long)peer->pid : -1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vm = vm && *vm ? vm : "-";
	request = request ? request : "-";
	if (!log_stderr &&
	    sd_journal_send("MESSAGE=%s", msg, "PRIORITY=%d", prio,
			    "SYSLOG_IDENTIFIER=hvd-helper",
			    "HV_PEER_UID=%ld", uid, "HV_PEER_PID=%ld", pid,
			    "HV_VM=%s", vm, "HV_REQUEST=%s", request,
			    NULL) >= 0)
		return;
	fprintf(stderr, "hvd-helper: peer_uid=%ld peer_pid=%ld vm=%s "
		"request=%s: %s\n", uid, pid, vm, request, msg);
}

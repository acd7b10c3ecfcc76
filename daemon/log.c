// SPDX-License-Identifier: GPL-2.0-only
/*
 * log.c: sends hvd's log lines to journald with structured fields, or to
 * stderr when the journal socket does not exist.
 */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include <systemd/sd-journal.h>

#include "daemon/log.h"

#define JOURNAL_SOCKET "/run/systemd/journal/socket"

static bool use_journal;

static const char *const prio_names[] = {
	"emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"
};

void log_init(void)
{
	use_journal = access(JOURNAL_SOCKET, W_OK) == 0;
}

static void add_field(struct iovec *iov, int *n, char *buf, size_t size,
		      const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add_field(struct iovec *iov, int *n, char *buf, size_t size,
		      const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	iov[*n].iov_base = buf;
	iov[*n].iov_len = (size_t)len < size ? (size_t)len : size - 1;
	(*n)++;
}

void log_at(const char *file, int line, const char *func, int prio,
	    const char *vm, const char *event, const char *fmt, ...)
{
	char msg[1024], f[7][1100];
	struct iovec iov[7];
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!use_journal) {
		fprintf(stderr, "hvd: %s: %s%s%s\n", prio_names[prio & 7],
			vm ? vm : "", vm ? ": " : "", msg);
		return;
	}
	add_field(iov, &n, f[n], sizeof(f[0]), "MESSAGE=%s%s%s",
		  vm ? vm : "", vm ? ": " : "", msg);
	add_field(iov, &n, f[n], sizeof(f[0]), "PRIORITY=%d", prio);
	add_field(iov, &n, f[n], sizeof(f[0]), "CODE_FILE=%s", file);
	add_field(iov, &n, f[n], sizeof(f[0]), "CODE_LINE=%d", line);
	add_field(iov, &n, f[n], sizeof(f[0]), "CODE_FUNC=%s", func);
	if (event)
		add_field(iov, &n, f[n], sizeof(f[0]), "HV_EVENT=%s", event);
	if (vm)
		add_field(iov, &n, f[n], sizeof(f[0]), "HV_VM=%s", vm);
	sd_journal_sendv(iov, n);
}

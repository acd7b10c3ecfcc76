// SPDX-License-Identifier: GPL-2.0-only
/*
 * console.c: guest console output to stdout and to a log file that stops
 * growing at CONSOLE_LOG_MAX bytes (a marker line says so).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "monitor/console.h"

static const char truncated[] = "\n[hv-vm: console log truncated]\n";

int console_open(struct console *c, int out_fd, const char *log_path,
		 char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->out_fd = out_fd;
	c->log_fd = -1;
	if (!log_path)
		return 0;
	c->log_fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			 0644);
	if (c->log_fd < 0) {
		snprintf(err, errlen, "console log %s: %s", log_path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

void console_close(struct console *c)
{
	if (c->log_fd >= 0)
		close(c->log_fd);
	c->log_fd = -1;
}

static void write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;	/* a gone reader must not stop the guest */
		buf += n;
		len -= n;
	}
}

void console_write(struct console *c, const uint8_t *buf, size_t len)
{
	size_t room;

	c->total += len;
	if (c->out_fd >= 0)
		write_all(c->out_fd, buf, len);
	if (c->log_fd < 0 || c->logged >= CONSOLE_LOG_MAX)
		return;
	room = CONSOLE_LOG_MAX - c->logged;
	write_all(c->log_fd, buf, len < room ? len : room);
	c->logged += len < room ? len : room;
	if (c->logged == CONSOLE_LOG_MAX)
		write_all(c->log_fd, (const uint8_t *)truncated,
			  sizeof(truncated) - 1);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * service.c: signals, systemd notifications, the watchdog, detaching and
 * configuration reload.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "daemon/log.h"
#include "daemon/service.h"

static int ready_pipe = -1;	/* write end, in a detached child */

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	hvd_log(LOG_INFO, NULL, "SIGNAL", "signal %d: stopping", (int)sig);
	hvd_stop(arg);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	service_reload(arg);
}

static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	sd_notify(0, "WATCHDOG=1");
}

int service_setup(struct hvd *h)
{
	uint64_t usec = 0;

	signal(SIGPIPE, SIG_IGN);
	h->sigterm = evsignal_new(h->base, SIGTERM, on_stop, h);
	h->sigint = evsignal_new(h->base, SIGINT, on_stop, h);
	h->sighup = evsignal_new(h->base, SIGHUP, on_hup, h);
	if (!h->sigterm || !h->sigint || !h->sighup ||
	    evsignal_add(h->sigterm, NULL) < 0 ||
	    evsignal_add(h->sigint, NULL) < 0 ||
	    evsignal_add(h->sighup, NULL) < 0)
		return -1;
	if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
		struct timeval tv = { (time_t)(usec / 2 / 1000000),
				      (suseconds_t)(usec / 2 % 1000000) };

		h->watchdog = event_new(h->base, -1, EV_PERSIST, on_watchdog,
					h);
		if (!h->watchdog || event_add(h->watchdog, &tv) < 0)
			return -1;
	}
	return 0;
}

void service_teardown(struct hvd *h)
{
	struct event **evs[] = {
		&h->sigterm, &h->sigint, &h->sighup, &h->watchdog
	};

	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		if (*evs[i])
			event_free(*evs[i]);
		*evs[i] = NULL;
	}
}

void service_ready(struct hvd *h)
{
	sd_notifyf(0, "READY=1\nSTATUS=%zu VMs defined, %zu state files "
		   "skipped", h->reg.count, h->reg.skipped);
	if (ready_pipe >= 0) {
		if (write(ready_pipe, "", 1) < 0)
			hvd_log(LOG_WARNING, NULL, "DETACH",
				"cannot tell the parent we are ready");
		close(ready_pipe);
		ready_pipe = -1;
	}
}

void service_detach(const char *log_dir)
{
	int p[2], fd;
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0) {
		perror("hvd: pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("hvd: fork");
		exit(1);
	}
	if (pid > 0) {
		close(p[1]);
		/* one byte when ready; end of file when the child died */
		if (read(p[0], &c, 1) == 1)
			exit(0);
		fprintf(stderr, "hvd: did not start; see the journal or "
			"%s/hvd.log\n", log_dir);
		exit(1);
	}
	close(p[0]);
	ready_pipe = p[1];
	setsid();
	if (chdir("/") < 0)
		exit(1);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	if (access("/run/systemd/journal/socket", W_OK) == 0) {
		dup2(STDOUT_FILENO, STDERR_FILENO);
	} else {
		char path[4200];

		snprintf(path, sizeof(path), "%s/hvd.log", log_dir);
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			  0640);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
	}
}

void service_reload(struct hvd *h)
{
	struct hvd_config cfg;
	const char *key;
	char err[600];

	config_defaults(&cfg);
	if (!config_load(&cfg, h->opts.config_path, !h->opts.config_explicit,
			 err, sizeof(err)) ||
	    !options_apply(&h->opts, &cfg, err, sizeof(err))) {
		hvd_log(LOG_ERR, NULL, "CONFIG_RELOAD",
			"reload failed, keeping the old settings: %s", err);
		config_free(&cfg);
		return;
	}
	if (config_needs_restart(&h->cfg, &cfg, &key))
		hvd_log(LOG_WARNING, NULL, "CONFIG_RELOAD",
			"%s (and any other path/socket key) changes only at "
			"restart; keeping the running value", key);
	config_keep_restart_keys(&cfg, &h->cfg);
	config_free(&h->cfg);
	h->cfg = cfg;
	hvd_update_policy(h);
	hvd_raise_nofile(h);
	sd_notifyf(0, "STATUS=configuration reloaded");
	hvd_log(LOG_INFO, NULL, "CONFIG_RELOAD",
		"configuration reloaded from %s", h->opts.config_path);
}

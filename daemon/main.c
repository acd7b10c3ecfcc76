// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c: hvd's start and end: settings, state, sockets, the event loop,
 * and the orderly shutdown that SIGTERM begins.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "daemon/conn.h"
#include "daemon/fsutil.h"
#include "daemon/lifecycle.h"
#include "daemon/listener.h"
#include "daemon/log.h"
#include "daemon/service.h"

/* Descriptors hvd needs besides its clients: sockets, files, images. */
#define NOFILE_RESERVE	64
/* Longest wait for clients to take their last replies at shutdown. */
#define STOP_GRACE_MS	5000

void hvd_update_policy(struct hvd *h)
{
	struct group *gr = getgrnam(h->cfg.group);

	h->policy.self_uid = getuid();
	h->policy.have_admin_gid = gr != NULL;
	h->policy.admin_gid = gr ? gr->gr_gid : 0;
}

void hvd_raise_nofile(struct hvd *h)
{
	rlim_t need = (rlim_t)h->cfg.max_clients + NOFILE_RESERVE;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = need;
	if (rl.rlim_max < need)
		rl.rlim_max = need;	/* works as root only */
	if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
		return;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur > NOFILE_RESERVE && (long long)(rl.rlim_cur -
	    NOFILE_RESERVE) < h->cfg.max_clients) {
		hvd_log(LOG_WARNING, NULL, "CLIENT_LIMIT",
			"open-file limit %llu allows only %llu clients; "
			"max_clients lowered from %lld",
			(unsigned long long)rl.rlim_cur,
			(unsigned long long)(rl.rlim_cur - NOFILE_RESERVE),
			h->cfg.max_clients);
		h->cfg.max_clients = (long long)(rl.rlim_cur - NOFILE_RESERVE);
	}
}

static void on_stop_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct hvd *h = arg;

	hvd_log(LOG_WARNING, NULL, "STOP_TIMEOUT",
		"%zu clients did not take their replies; exiting", h->nconns);
	event_base_loopexit(h->base, NULL);
}

void hvd_stop(struct hvd *h)
{
	struct timeval tv = { STOP_GRACE_MS / 1000, 0 };
	struct conn *c, *next;

	if (h->stopping)
		return;
	h->stopping = true;
	sd_notify(0, "STOPPING=1");
	listeners_close(h);
	for (c = h->conns; c; c = next) {
		next = c->next;
		conn_finish(c);
	}
	if (h->nconns == 0)
		event_base_loopexit(h->base, NULL);
	else
		evtimer_add(h->stop_timer, &tv);
}

static void on_reap(evutil_socket_t fd, short what, void *arg)
{
	conn_reap(arg);
}

/* Settings from defaults, hvd.conf and the command line. */
static bool load_settings(struct hvd *h, int argc, char **argv, int *status)
{
	char err[600];
	bool exit_now;

	*status = options_parse(&h->opts, argc, argv, &exit_now);
	if (exit_now)
		return false;
	config_defaults(&h->cfg);
	if (!config_load(&h->cfg, h->opts.config_path,
			 !h->opts.config_explicit, err, sizeof(err)) ||
	    !options_apply(&h->opts, &h->cfg, err, sizeof(err))) {
		fprintf(stderr, "hvd: %s\n", err);
		*status = 1;
		return false;
	}
	return true;
}

static int make_dirs(const struct hvd_config *cfg)
{
	const struct {
		const char *dir;
		mode_t mode;
	} dirs[] = {
		{ cfg->runtime_dir, 0755 },
		{ cfg->state_dir, 0750 },
		{ cfg->log_dir, 0750 },
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (mkdir_p(dirs[i].dir, dirs[i].mode) < 0) {
			hvd_log(LOG_ERR, NULL, "STARTUP",
				"cannot create %s: %s", dirs[i].dir,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int run(struct hvd *h)
{
	char why[600];

	hvd_raise_nofile(h);
	if (make_dirs(&h->cfg) < 0)
		return 1;
	if (helper_open(h, why, sizeof(why)) < 0) {
		hvd_log(LOG_ERR, NULL, "STARTUP", "%s", why);
		return 1;
	}
	if (registry_open(&h->reg, h->cfg.state_dir, why, sizeof(why)) < 0) {
		hvd_log(LOG_ERR, NULL, "STARTUP", "%s", why);
		return 1;
	}
	hvd_log(LOG_INFO, NULL, "REGISTRY_LOADED",
		"%zu VMs loaded, %zu state files skipped", h->reg.count,
		h->reg.skipped);
	h->base = event_base_new();
	if (!h->base)
		return 1;
	hvd_update_policy(h);
	h->reaper = event_new(h->base, -1, 0, on_reap, h);
	h->stop_timer = evtimer_new(h->base, on_stop_timeout, h);
	if (!h->reaper || !h->stop_timer || service_setup(h) < 0) {
		hvd_log(LOG_ERR, NULL, "STARTUP", "cannot set up events");
		return 1;
	}
	if (listeners_open(h, why, sizeof(why)) < 0) {
		hvd_log(LOG_ERR, NULL, "STARTUP", "%s", why);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &h->started);
	helper_watch(h);
	hv_module_open(h);
	vm_reattach_all(h);
	vm_autostart_all(h);
	service_ready(h);
	if (event_base_dispatch(h->base) < 0)
		return 1;
	hvd_log(LOG_INFO, NULL, "STOPPED", "stopped");
	return 0;
}

static void teardown(struct hvd *h)
{
	struct conn *c;

	listeners_close(h);
	while ((c = h->conns))
		conn_kill(c, NULL);
	if (h->base)
		conn_reap(h);
	service_teardown(h);
	registry_close(&h->reg);	/* closes the monitor links */
	hv_module_close(h);
	helper_close(h);
	if (h->reaper)
		event_free(h->reaper);
	if (h->stop_timer)
		event_free(h->stop_timer);
	json_object_put(h->list_cache);
	config_free(&h->cfg);
	if (h->base)
		event_base_free(h->base);
}

int main(int argc, char **argv)
{
	struct hvd h;
	int status;

	memset(&h, 0, sizeof(h));
	h.reg.vms_dirfd = h.reg.images_dirfd = -1;
	h.helper.sock = -1;
	h.module.fd = -1;
	if (!load_settings(&h, argc, argv, &status)) {
		config_free(&h.cfg);
		return status;
	}
	log_init();
	if (!h.opts.foreground) {
		if (mkdir_p(h.cfg.log_dir, 0750) < 0) {
			fprintf(stderr, "hvd: cannot create %s: %s\n",
				h.cfg.log_dir, strerror(errno));
			config_free(&h.cfg);
			return 1;
		}
		service_detach(h.cfg.log_dir);
	}
	status = run(&h);
	teardown(&h);
	return status;
}

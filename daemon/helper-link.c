// SPDX-License-Identifier: GPL-2.0-only
/*
 * helper-link.c: starting or reaching hvd-helper, calling it, and noticing
 * when it is gone (helper-link.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/fsutil.h"
#include "daemon/helper-link.h"
#include "daemon/hvd.h"
#include "daemon/log.h"
#include "daemon/privdrop.h"

/* A helper that does not answer within this is treated as gone. */
#define HELPER_TIMEOUT_S	10

static const char *const state_names[] = {
	[HELPER_DISABLED] = "disabled",
	[HELPER_UP] = "up",
	[HELPER_DOWN] = "down",
};

static void set_timeout(int fd)
{
	struct timeval tv = { HELPER_TIMEOUT_S, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void reap_child(struct helper_link *l)
{
	int status;

	if (l->pid > 0 && waitpid(l->pid, &status, WNOHANG) == l->pid)
		l->pid = 0;
}

static void went_down(struct hvd *h, const char *fmt, const char *detail)
{
	struct helper_link *l = &h->helper;

	if (l->watch) {
		event_free(l->watch);
		l->watch = NULL;
	}
	if (l->sock >= 0)
		close(l->sock);
	l->sock = -1;
	l->state = HELPER_DOWN;
	snprintf(l->why, sizeof(l->why), fmt, detail);
	reap_child(l);
	hvd_log(LOG_ERR, NULL, "HELPER_DOWN", "hvd-helper unavailable: %s; "
		"privileged requests fail until it is back on %s", l->why,
		h->cfg.helper_socket);
}

static void on_helper_readable(evutil_socket_t fd, short what, void *arg)
{
	char c;

	/* Replies are read by helper_call(): anything else means EOF. */
	if (recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) < 0 && errno == EAGAIN)
		return;
	went_down(arg, "%s", "the helper closed its socket");
}

void helper_watch(struct hvd *h)
{
	struct helper_link *l = &h->helper;

	if (l->sock < 0 || l->watch || !h->base)
		return;
	l->watch = event_new(h->base, l->sock, EV_READ | EV_PERSIST,
			     on_helper_readable, h);
	if (l->watch)
		event_add(l->watch, NULL);
}

/* Connects to helper_socket; 0 or -errno. */
static int reach(struct hvd *h)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct helper_link *l = &h->helper;
	int fd;

	if (strlen(h->cfg.helper_socket) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, h->cfg.helper_socket);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	set_timeout(fd);
	l->sock = fd;
	l->state = HELPER_UP;
	l->why[0] = '\0';
	helper_watch(h);
	return 0;
}

/* Starts "hvd-helper --fd N ..." on one end of a socketpair. */
static int spawn(struct hvd *h, char *why, size_t len)
{
	struct helper_link *l = &h->helper;
	char fdarg[16], state[4096], uidarg[16];
	const char *argv[16];
	int sv[2], one = 1, n = 0;
	uid_t uid;
	gid_t gid;

	if (user_resolve(h->cfg.user, &uid, &gid, why, len) < 0)
		return -1;
	snprintf(state, sizeof(state), "%s/helper", h->cfg.runtime_dir);
	if (mkdir_p(state, 0700) < 0 || chown(state, 0, 0) < 0 ||
	    chmod(state, 0700) < 0) {
		snprintf(why, len, "cannot create %s: %s", state,
			 strerror(errno));
		return -1;
	}
	strncat(state, "/monitors", sizeof(state) - strlen(state) - 1);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
	    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one,
		       sizeof(one)) < 0) {
		snprintf(why, len, "helper socketpair: %s", strerror(errno));
		return -1;
	}
	snprintf(fdarg, sizeof(fdarg), "%d", sv[1]);
	snprintf(uidarg, sizeof(uidarg), "%u", (unsigned int)uid);
	argv[n++] = "hvd-helper";
	argv[n++] = "--fd";
	argv[n++] = fdarg;
	argv[n++] = "--user";
	argv[n++] = uidarg;
	argv[n++] = "--monitor-user";
	argv[n++] = h->cfg.monitor_user;
	argv[n++] = "--state";
	argv[n++] = state;
	if (h->cfg.monitor_path) {
		argv[n++] = "--monitor";
		argv[n++] = h->cfg.monitor_path;
	}
	if (h->opts.foreground)
		argv[n++] = "--stderr";
	argv[n] = NULL;
	l->pid = fork();
	if (l->pid < 0) {
		snprintf(why, len, "cannot start the helper: %s",
			 strerror(errno));
		return -1;
	}
	if (l->pid == 0) {
		fcntl(sv[1], F_SETFD, 0);
		setsid();
		execv(h->cfg.helper_path, (char *const *)argv);
		_exit(127);
	}
	close(sv[1]);
	l->sock = sv[0];
	l->started = true;
	l->state = HELPER_UP;
	set_timeout(l->sock);
	hvd_log(LOG_INFO, NULL, "HELPER_STARTED", "started %s, pid %d",
		h->cfg.helper_path, (int)l->pid);
	return 0;
}

int helper_open(struct hvd *h, char *why, size_t len)
{
	struct helper_link *l = &h->helper;
	char vms[4096];
	const char *dirs[] = { vms, h->cfg.state_dir, h->cfg.log_dir, NULL };
	int err;

	snprintf(vms, sizeof(vms), "%s/vms", h->cfg.runtime_dir);
	l->sock = -1;
	if (!h->cfg.helper) {
		l->state = HELPER_DISABLED;
		snprintf(l->why, sizeof(l->why), "helper = no in hvd.conf");
		return 0;
	}
	if (getuid() != 0) {
		err = reach(h);
		if (err < 0) {
			l->state = HELPER_DOWN;
			snprintf(l->why, sizeof(l->why), "%s: %s",
				 h->cfg.helper_socket, strerror(-err));
			hvd_log(LOG_WARNING, NULL, "HELPER_DOWN",
				"hvd-helper unavailable: %s", l->why);
		}
		return 0;
	}
	if (mkdir_p(vms, 0755) < 0) {
		snprintf(why, len, "cannot create %s: %s", vms,
			 strerror(errno));
		return -1;
	}
	if (spawn(h, why, len) < 0)
		return -1;
	if (privdrop(h->cfg.user, h->cfg.runtime_dir, dirs, why, len) < 0)
		return -1;
	hvd_log(LOG_INFO, NULL, "PRIVILEGES_DROPPED", "running as %s "
		"(uid %u), no capabilities", h->cfg.user,
		(unsigned int)getuid());
	return 0;
}

void helper_close(struct hvd *h)
{
	struct helper_link *l = &h->helper;

	if (l->watch)
		event_free(l->watch);
	l->watch = NULL;
	if (l->sock >= 0)
		close(l->sock);	/* the helper we started exits on EOF */
	l->sock = -1;
}

int helper_call(struct hvd *h, struct hw_request *req, const int *fds,
		unsigned int nfds, struct hw_reply *rep, int *fd_out,
		struct rpc_error *err)
{
	struct helper_link *l = &h->helper;
	int ret;

	*fd_out = -1;
	if (l->state == HELPER_DOWN)
		reach(h);
	if (l->state != HELPER_UP) {
		rpc_error_set(err, RPC_ERR_HELPER_UNAVAILABLE,
			      "hvd-helper is unavailable (%s)", l->why);
		return -1;
	}
	req->seq = ++l->seq;
	ret = hw_call(l->sock, req, fds, nfds, rep, fd_out);
	if (ret == 0)
		return 0;
	went_down(h, "%s", strerror(-ret));
	rpc_error_set(err, RPC_ERR_HELPER_UNAVAILABLE,
		      "hvd-helper is unavailable (%s)", l->why);
	return -1;
}

struct json_object *helper_info_json(const struct hvd *h)
{
	const struct helper_link *l = &h->helper;
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "state",
			       json_object_new_string(state_names[l->state]));
	json_object_object_add(o, "mode", json_object_new_string(
				       l->started ? "started" : "socket"));
	if (l->started && l->pid > 0)
		json_object_object_add(o, "pid", json_object_new_int(l->pid));
	if (l->state != HELPER_UP)
		json_object_object_add(o, "reason",
				       json_object_new_string(l->why));
	return o;
}

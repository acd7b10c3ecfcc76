// SPDX-License-Identifier: GPL-2.0-only
/*
 * listener.c: creating or inheriting the listening sockets, and accepting
 * clients up to max_clients.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <event2/listener.h>
#include <systemd/sd-daemon.h>

#include "daemon/conn.h"
#include "daemon/fsutil.h"
#include "daemon/listener.h"
#include "daemon/log.h"

struct listener {
	struct hvd *hvd;
	struct evconnlistener *l;
	struct event *retry;	/* re-enables accepting after EMFILE */
	char *path;
	bool ro;
	bool created;		/* hvd made the file: remove it at exit */
};

static const char refusal[] =
	"{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32005,\"message\":"
	"\"too many clients\",\"data\":{\"name\":\"LIMIT_REACHED\"}},"
	"\"id\":null}\n";

static void on_accept(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct listener *lst = arg;
	struct hvd *h = lst->hvd;

	if (h->nconns >= (size_t)h->cfg.max_clients) {
		time_t now = time(NULL);

		if (now != h->last_limit_warning)
			hvd_log(LOG_WARNING, NULL, "CLIENT_LIMIT",
				"refusing clients: max_clients (%lld) reached",
				h->cfg.max_clients);
		h->last_limit_warning = now;
		if (send(fd, refusal, sizeof(refusal) - 1,
			 MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			errno = 0;	/* the refusal is best effort */
		close(fd);
		return;
	}
	conn_new(h, fd, lst->ro);
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	struct listener *lst = arg;

	evconnlistener_enable(lst->l);
}

static void on_accept_error(struct evconnlistener *l, void *arg)
{
	struct listener *lst = arg;
	struct timeval tv = { 0, 100000 };
	int err = EVUTIL_SOCKET_ERROR();

	hvd_log(LOG_ERR, NULL, "ACCEPT_FAILED", "accept on %s: %s; pausing",
		lst->path, strerror(err));
	evconnlistener_disable(l);
	evtimer_add(lst->retry, &tv);
}

/* A socket file at path that nobody listens on is stale. */
static int remove_stale(const char *path, char *why, size_t whysize)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret;

	if (access(path, F_OK) < 0)
		return 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (ret == 0) {
		snprintf(why, whysize, "another hvd is listening on %s", path);
		return -1;
	}
	unlink(path);
	return 0;
}

static int create_socket(struct hvd *h, const char *path, mode_t mode,
			 char *why, size_t whysize)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[sizeof(sa.sun_path)];
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(why, whysize, "socket path too long: %s", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	memcpy(dir, path, strlen(path) + 1);
	if (mkdir_p(dirname(dir), 0755) < 0 ||
	    remove_stale(path, why, whysize) < 0)
		goto fail;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		umask(old);
		close(fd);
		goto fail;
	}
	umask(old);
	if (h->policy.have_admin_gid && chown(path, (uid_t)-1,
					      h->policy.admin_gid) < 0)
		hvd_log(LOG_WARNING, NULL, "SOCKET_GROUP",
			"cannot give %s to group %s: %s", path, h->cfg.group,
			strerror(errno));
	if (chmod(path, mode) < 0 || listen(fd, SOMAXCONN) < 0) {
		close(fd);
		unlink(path);
		goto fail;
	}
	return fd;
fail:
	if (!why[0])
		snprintf(why, whysize, "socket %s: %s", path, strerror(errno));
	return -1;
}

static struct listener *make(struct hvd *h, int fd, const char *path,
			     bool ro, bool created)
{
	struct listener *lst = calloc(1, sizeof(*lst));

	if (!lst)
		return NULL;
	lst->hvd = h;
	lst->ro = ro;
	lst->created = created;
	lst->path = strdup(path);
	lst->l = evconnlistener_new(h->base, on_accept, lst,
				    LEV_OPT_CLOSE_ON_FREE |
				    LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	lst->retry = evtimer_new(h->base, on_retry, lst);
	if (!lst->l || !lst->retry || !lst->path) {
		if (lst->l)
			evconnlistener_free(lst->l);
		else
			close(fd);
		if (lst->retry)
			event_free(lst->retry);
		free(lst->path);
		free(lst);
		return NULL;
	}
	evconnlistener_set_error_cb(lst->l, on_accept_error);
	return lst;
}

static void free_listener(struct listener *lst)
{
	evconnlistener_free(lst->l);
	event_free(lst->retry);
	if (lst->created)
		unlink(lst->path);
	free(lst->path);
	free(lst);
}

int listeners_open(struct hvd *h, char *why, size_t whysize)
{
	char *paths[2] = {
		config_socket_path(&h->cfg, false),
		h->cfg.ro_socket_enabled ? config_socket_path(&h->cfg, true)
					 : NULL,
	};
	static const mode_t modes[2] = { 0660, 0666 };
	int fds[2] = { -1, -1 }, n, ret = -1;
	bool created[2] = { false, false };

	why[0] = '\0';
	n = sd_listen_fds(1);
	for (int fd = SD_LISTEN_FDS_START; fd < SD_LISTEN_FDS_START + n;
	     fd++) {
		int i;

		for (i = 0; i < 2; i++)
			if (paths[i] && fds[i] < 0 &&
			    sd_is_socket_unix(fd, SOCK_STREAM, 1, paths[i],
					      0) > 0)
				break;
		if (i == 2) {
			hvd_log(LOG_WARNING, NULL, "SOCKET_UNKNOWN",
				"ignoring passed socket fd %d: not %s%s%s",
				fd, paths[0], paths[1] ? " or " : "",
				paths[1] ? paths[1] : "");
			close(fd);
			continue;
		}
		fds[i] = fd;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	}
	/* read-only first: once hvd.sock answers, both are in place */
	for (int i = 1; i >= 0; i--) {
		if (!paths[i] || fds[i] >= 0)
			continue;
		fds[i] = create_socket(h, paths[i], modes[i], why, whysize);
		if (fds[i] < 0)
			goto out;
		created[i] = true;
	}
	for (int i = 0; i < 2; i++) {
		if (!paths[i])
			continue;
		h->listeners[i] = make(h, fds[i], paths[i], i == 1, created[i]);
		fds[i] = -1;
		if (!h->listeners[i]) {
			snprintf(why, whysize, "cannot listen on %s", paths[i]);
			goto out;
		}
		hvd_log(LOG_INFO, NULL, "LISTENING", "listening on %s%s",
			paths[i], created[i] ? "" : " (socket activation)");
	}
	ret = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0) {
			close(fds[i]);
			if (created[i])
				unlink(paths[i]);
		}
		free(paths[i]);
	}
	if (ret < 0)
		listeners_close(h);
	return ret;
}

void listeners_close(struct hvd *h)
{
	for (int i = 0; i < 2; i++) {
		if (h->listeners[i])
			free_listener(h->listeners[i]);
		h->listeners[i] = NULL;
	}
}

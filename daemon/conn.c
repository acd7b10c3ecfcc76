// SPDX-License-Identifier: GPL-2.0-only
/*
 * conn.c: a client connection's life: reading and framing requests (with
 * the fds that come along), answering them in order, bounding what it may
 * queue, and closing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>

#include "daemon/conn.h"
#include "daemon/dispatch.h"
#include "daemon/events.h"
#include "daemon/log.h"

static unsigned long next_id;

static struct timeval ms_to_tv(long long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	return tv;
}

static size_t output_limit(const struct conn *c)
{
	return (size_t)c->hvd->cfg.client_output_limit;
}

static void close_fds_before(struct conn *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c->fds[i].fd >= 0)
			close(c->fds[i].fd);
	memmove(c->fds, c->fds + n, (c->nfds - n) * sizeof(c->fds[0]));
	c->nfds -= n;
}

void conn_kill(struct conn *c, const char *why)
{
	struct hvd *h = c->hvd;

	if (c->dead)
		return;
	if (why)
		hvd_log(LOG_WARNING, NULL, "CLIENT_DROPPED",
			"dropping client %lu (pid %d uid %u): %s", c->id,
			(int)c->peer.pid, (unsigned)c->peer.uid, why);
	c->dead = true;
	event_del(c->rd);
	event_del(c->wr);
	event_del(c->idle);
	if (c->subscribed)
		h->nsubscribers--;
	c->subscribed = false;
	if (c->prev)
		c->prev->next = c->next;
	else
		h->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	h->nconns--;
	c->next = h->dead;
	h->dead = c;
	event_active(h->reaper, EV_TIMEOUT, 0);
}

void conn_reap(struct hvd *h)
{
	while (h->dead) {
		struct conn *c = h->dead;

		h->dead = c->next;
		close_fds_before(c, c->nfds);
		event_free(c->rd);
		event_free(c->wr);
		event_free(c->idle);
		evbuffer_free(c->out);
		rpc_framer_free(&c->framer);
		rpc_codec_free(&c->codec);
		close(c->fd);
		free(c);
	}
	if (h->stopping && h->nconns == 0)
		event_base_loopexit(h->base, NULL);
}

/* Writes what the socket takes now; arms the write event for the rest. */
static void flush(struct conn *c)
{
	struct timeval tv = ms_to_tv(c->hvd->cfg.idle_timeout_ms);
	size_t before = evbuffer_get_length(c->out);
	int n;

	if (before == 0)
		return;
	n = evbuffer_write(c->out, c->fd);
	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		conn_kill(c, NULL);
		return;
	}
	if (evbuffer_get_length(c->out) == 0) {
		event_del(c->wr);
		if (c->finishing)
			conn_kill(c, NULL);
	} else if (n > 0 || !event_pending(c->wr, EV_WRITE, NULL)) {
		/* progress (or a first wait) restarts the stall timeout */
		event_add(c->wr, &tv);
	}
}

void conn_send(struct conn *c, const char *data, size_t len)
{
	struct timeval tv = ms_to_tv(c->hvd->cfg.idle_timeout_ms);

	if (c->dead)
		return;
	if (evbuffer_add(c->out, data, len) < 0)
		conn_kill(c, "out of memory");
	else if (evbuffer_get_length(c->out) > output_limit(c))
		conn_kill(c, "output limit reached (client not reading)");
	else if (c != c->hvd->serving && !event_pending(c->wr, EV_WRITE, NULL))
		/* an event for another client: written when it can take it
		 * (the client being served is flushed when its line is done) */
		event_add(c->wr, &tv);
}

void conn_finish(struct conn *c)
{
	if (c->dead)
		return;
	c->finishing = true;
	event_del(c->rd);
	event_del(c->idle);
	if (evbuffer_get_length(c->out) == 0)
		conn_kill(c, NULL);
	else
		flush(c);
}

/* Answers one line with the fds that came with it. */
static void serve(struct conn *c, char *line, size_t len)
{
	uint64_t end = rpc_framer_offset(&c->framer);
	struct call_ctx cc = { .conn = c, .fds = c->fds };

	while (cc.nfds < c->nfds && c->fds[cc.nfds].offset < end)
		cc.nfds++;
	rpc_serve_line(&c->codec, line, len, &dispatch_ops, &cc);
	close_fds_before(c, cc.nfds);
	if (c->snapshot_pending && !c->dead)
		events_snapshot(c);
}

/* Answers the complete lines buffered while the client's output allows. */
static bool serve_lines(struct conn *c)
{
	bool progress = false;
	char *line;
	size_t len;

	c->hvd->serving = c;
	while (!c->dead && !c->paused && !c->finishing) {
		enum rpc_frame r = rpc_framer_next(&c->framer, &line, &len);

		if (r == RPC_FRAME_NEED_MORE)
			break;
		if (r == RPC_FRAME_TOO_LONG) {
			struct call_ctx cc = { .conn = c };

			rpc_serve_too_long(&dispatch_ops, &cc);
			hvd_log(LOG_WARNING, NULL, "MESSAGE_TOO_LONG",
				"client %lu sent a line over %d bytes; closing",
				c->id, RPC_MAX_MESSAGE);
			c->hvd->serving = NULL;
			conn_finish(c);
			return progress;
		}
		progress = true;
		serve(c, line, len);
		if (evbuffer_get_length(c->out) >= output_limit(c) / 2 &&
		    !c->dead) {
			c->paused = true;
			event_del(c->rd);
		}
	}
	c->hvd->serving = NULL;
	return progress;
}

/* Stops pausing once the output has drained to a quarter of the limit. */
static bool resume(struct conn *c)
{
	if (!c->paused || evbuffer_get_length(c->out) > output_limit(c) / 4)
		return false;
	c->paused = false;
	if (!c->eof)
		event_add(c->rd, NULL);
	return true;
}

/* Answers what is buffered, writes, and arms the timers that apply. */
static void process(struct conn *c)
{
	bool progress = false;

	do {
		progress |= serve_lines(c);
		if (c->dead || c->finishing)
			return;
		flush(c);
		if (c->dead)
			return;
	} while (resume(c));
	if (progress || rpc_framer_pending(&c->framer) == 0 || c->paused)
		event_del(c->idle);
	if (!c->paused && rpc_framer_pending(&c->framer) > 0 &&
	    !evtimer_pending(c->idle, NULL)) {
		struct timeval tv = ms_to_tv(c->hvd->cfg.idle_timeout_ms);

		evtimer_add(c->idle, &tv);
	}
	if (c->eof && !c->paused)
		conn_finish(c);
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
	static char buf[1 << 16];
	int fds[RPC_FDPASS_MAX];
	struct conn *c = arg;
	size_t nfds;
	ssize_t n;

	n = rpc_fdpass_recv(fd, buf, sizeof(buf), fds, &nfds);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_kill(c, NULL);
		return;
	}
	if (n > 0 && !rpc_framer_feed(&c->framer, buf, (size_t)n)) {
		n = 0;
		conn_kill(c, "out of memory");
	}
	for (size_t i = 0; i < nfds; i++) {
		if (c->dead || c->nfds == CONN_MAX_FDS || n == 0) {
			close(fds[i]);
			continue;
		}
		c->fds[c->nfds].fd = fds[i];
		c->fds[c->nfds++].offset = c->framer.base + c->framer.len - 1;
	}
	if (c->dead)
		return;
	if (n == 0) {
		c->eof = true;
		event_del(c->rd);
	}
	process(c);
}

static void on_write(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;

	if (what & EV_TIMEOUT) {
		conn_kill(c, "replies not read for idle_timeout_ms");
		return;
	}
	flush(c);
	if (!c->dead && resume(c))
		process(c);
}

static void on_idle(evutil_socket_t fd, short what, void *arg)
{
	conn_kill(arg, "half-sent request line timed out");
}

void conn_new(struct hvd *h, int fd, bool ro)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c)
		goto fail;
	c->hvd = h;
	c->fd = fd;
	c->ro = ro;
	c->id = ++next_id;
	if (!auth_read_peer(fd, &c->peer))
		goto fail_free;
	rpc_framer_init(&c->framer, RPC_MAX_MESSAGE);
	c->out = evbuffer_new();
	c->rd = event_new(h->base, fd, EV_READ | EV_PERSIST, on_read, c);
	c->wr = event_new(h->base, fd, EV_WRITE | EV_PERSIST, on_write, c);
	c->idle = evtimer_new(h->base, on_idle, c);
	if (!c->out || !c->rd || !c->wr || !c->idle ||
	    !rpc_codec_init(&c->codec) || event_add(c->rd, NULL) < 0)
		goto fail_events;
	c->next = h->conns;
	if (h->conns)
		h->conns->prev = c;
	h->conns = c;
	h->nconns++;
	return;
fail_events:
	rpc_codec_free(&c->codec);
	if (c->idle)
		event_free(c->idle);
	if (c->wr)
		event_free(c->wr);
	if (c->rd)
		event_free(c->rd);
	if (c->out)
		evbuffer_free(c->out);
	rpc_framer_free(&c->framer);
fail_free:
	free(c);
fail:
	hvd_log(LOG_ERR, NULL, "CLIENT_SETUP", "cannot set up a client: %s",
		strerror(errno));
	close(fd);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvd.h: the daemon's state, shared by its parts: settings, the registry,
 * the listening sockets, the connected clients and the event loop.
 */
#ifndef HV_DAEMON_HVD_H
#define HV_DAEMON_HVD_H

#include <stdbool.h>
#include <time.h>

#include <event2/event.h>

#include "daemon/auth.h"
#include "daemon/config.h"
#include "daemon/helper-link.h"
#include "daemon/hv-module.h"
#include "daemon/options.h"
#include "daemon/registry.h"

struct conn;
struct listener;

struct hvd {
	struct event_base *base;
	struct hvd_options opts;
	struct hvd_config cfg;
	struct auth_policy policy;
	struct registry reg;
	struct helper_link helper;
	struct hv_module module;	/* hv.ko's netlink family */
	struct listener *listeners[2];	/* read-write, read-only */
	struct conn *conns;		/* every live client */
	size_t nconns;
	size_t nsubscribers;
	struct conn *serving;		/* whose requests are being answered */
	struct conn *dead;		/* closed, freed by the reaper */
	struct event *reaper;
	struct event *sigterm, *sigint, *sighup;
	struct event *watchdog;
	struct event *stop_timer;
	struct timespec started;	/* CLOCK_MONOTONIC */
	bool stopping;
	time_t last_limit_warning;
	/* vm.list's answer, rebuilt when reg.generation moves */
	struct json_object *list_cache;
	unsigned long list_cache_gen;
};

/* Looks up the admin group (cfg.group) and fills policy. */
void hvd_update_policy(struct hvd *h);

/* Raises RLIMIT_NOFILE to what max_clients needs (lowering max_clients,
 * with a warning, when the hard limit does not allow it). */
void hvd_raise_nofile(struct hvd *h);

/* Begins shutdown (SIGTERM): stop accepting, flush replies, then exit. */
void hvd_stop(struct hvd *h);

#endif

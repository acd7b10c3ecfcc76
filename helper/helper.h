/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * helper.h: what the parts of hvd-helper share: its configuration, the
 * context of one request, the request handlers and logging.
 */
#ifndef HV_HELPER_H
#define HV_HELPER_H

#include <stdarg.h>
#include <sys/types.h>

#include "proto/helper-wire.h"

/* The one module the helper loads. */
#define HELPER_MODULE		"hv"

struct helper_config {
	uid_t hvd_uid;
	uid_t vm_uid;
	gid_t vm_gid;
	const char *monitor;
	const char *state_file;
	const char *tracefs;
	const char *modules;
	int log_stderr;
};

struct peer {
	uid_t uid;
	pid_t pid;
};

/* One request being served. */
struct hreq {
	const struct helper_config *cfg;
	struct peer peer;
	const struct hw_request *req;
	const int *fds;
	unsigned int nfds;
	struct hw_reply *rep;
	int fd_out;
};

/* Sets the reply's error text; returns err (a negative errno). */
int hfail(struct hreq *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int handle_open_accel(struct hreq *h);
int handle_open_uffd(struct hreq *h);
int handle_open_genl(struct hreq *h);
int handle_load_module(struct hreq *h);
int handle_spawn(struct hreq *h);
int handle_perf_open(struct hreq *h);
int handle_signal(struct hreq *h);
int handle_reap(struct hreq *h);

/* caps.c: keeps only the documented capabilities; 0 or -errno. */
int caps_restrict(void);
/* serve.c: serves sock (listening or connected) until hvd goes away. */
int serve(const struct helper_config *cfg, int sock);
/* scope.c: moves pid into hv-vm-NAME.scope where systemd runs. */
void scope_create(const struct peer *peer, const char *vm, pid_t pid);
/* spawn-child.c: the forked child's way to the monitor; never returns. */
void spawn_child(const struct hreq *h, int go_fd, int err_fd)
	__attribute__((noreturn));

/* seccomp.c: the monitor's system-call allow-list; 0 or -1 (errno). */
int seccomp_confine(pid_t self);

/* registry.c: the monitors this helper started, kept in cfg->state_file. */
struct monitor {
	pid_t pid;
	unsigned long long start;
	int child;		/* started by this instance (can be reaped) */
	char vm[HW_NAME_MAX + 1];
};

/* Loads and prunes the state file; refuses an unknown format version. */
int registry_load(const struct helper_config *cfg, const char **why);
int registry_full(void);
int registry_add(pid_t pid, const char *vm);
void registry_remove(struct monitor *m);
/* The record of vm's monitor, or NULL. */
struct monitor *registry_find_vm(const char *vm);
/* Start time (clock ticks since boot) of pid from /proc, or 0. */
unsigned long long proc_start_time(pid_t pid);
/* Whether m's process still runs (or waits to be reaped) as recorded. */
int registry_alive(const struct monitor *m);

/* log.c: journal (stderr when told so or when it is absent). */
void log_init(int to_stderr);
void hlog(int prio, const struct peer *peer, const char *vm,
	  const char *request, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif

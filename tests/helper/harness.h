/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h: runs a real hvd-helper for the helper tests (as root, in a
 * scratch directory, with test uids instead of the users hvd and hv-vm)
 * and talks to it as hvd would, or as someone else.
 */
#ifndef HV_TESTS_HELPER_HARNESS_H
#define HV_TESTS_HELPER_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include "proto/helper-wire.h"

#define T_HVD_UID	64301	/* plays the hvd user */
#define T_VM_UID	64302	/* plays hv-vm (gid the same) */
#define T_OTHER_UID	64303	/* anyone else */

struct harness {
	char dir[64];		/* scratch directory */
	char state[128];	/* the helper's state file */
	char log[128];		/* the helper's stderr */
	char tracefs[128];	/* a tracefs mount, "" if none */
	pid_t helper;
	int sock;		/* our end: --fd socketpair or connection */
	char listen_path[96];	/* socket-activation mode: its socket */
};

/* The harness of the running test, and fixtures for it. */
extern struct harness hx;
void hx_setup(void);		/* h_setup(&hx) */
void hx_setup_started(void);	/* and h_start(&hx, 0) */
void hx_teardown(void);

/* One expected "key: value" of a /proc status-like text. */
struct h_expect {
	const char *key, *value;
};
void h_expect_fields(const char *text, const struct h_expect *e, size_t n);

/* Scratch dir, monitor copy (0711), tracefs; skips the test if not root. */
void h_setup(struct harness *t);
/* Starts the helper: with --fd (listening == 0) or socket activation. */
void h_start(struct harness *t, int listening);
void h_stop(struct harness *t);
void h_teardown(struct harness *t);
/* Real, effective uid uid with saved uid 0 (0: back to root). */
void h_become(uid_t uid);
/* A new connection to the socket-activated helper. */
int h_connect(struct harness *t);

/* One request as the hvd user; returns hw_call's result. */
int h_call(struct harness *t, struct hw_request *req, const int *fds,
	   unsigned int nfds, struct hw_reply *rep, int *fd_out);
/* Sends raw bytes (and fds) as the hvd user; reads the reply. */
int h_raw(struct harness *t, const void *msg, size_t len, const int *fds,
	  unsigned int nfds, struct hw_reply *rep);

/* Whether the helper's log holds all of the given strings on one line. */
int h_logged(struct harness *t, const char *a, const char *b);
/* The value of "key:" in a /proc status-like text, or NULL. */
const char *h_field(const char *text, const char *key, char *buf,
		    size_t len);
/* Reads all of fd into buf (NUL-terminated). */
void h_read_all(int fd, char *buf, size_t len);

/* Spawns the test monitor for vm; returns its pid, *pidfd and report. */
pid_t h_spawn(struct harness *t, const char *vm, int *pidfd, char *report,
	      size_t len);

/* Kills vm's monitor through the helper, waits for it and reaps it. */
void h_finish(struct harness *t, const char *vm, pid_t pid, int pidfd);

#endif

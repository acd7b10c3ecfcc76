/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * client-run.h: runs the built hvctl (HVCTL_PATH) from tests, capturing
 * its output and exit status, with every wait bounded.
 */
#ifndef HV_TESTS_RPC_CLIENT_RUN_H
#define HV_TESTS_RPC_CLIENT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define RUN_TIMEOUT_MS	10000

/* A running hvctl: its stdout and stderr, collected as they come. */
struct hvctl_proc {
	pid_t pid;
	int out_fd, err_fd;	/* -1 once at end of stream */
	char *out, *err;	/* NUL-terminated */
	size_t out_len, err_len;
	int status;		/* exit status, 128+signal, -1 if unknown */
};

/*
 * Starts hvctl with argv (argv[0] is the first argument after "hvctl",
 * NULL-terminated). HVD_SOCKET is set to env_socket, or unset when it is
 * NULL. setup(arg), when given, runs in the child just before exec (a
 * nonzero return makes the child exit 126).
 */
bool hvctl_spawn(struct hvctl_proc *p, const char *env_socket,
		 int (*setup)(void *arg), void *arg, char *const argv[]);

/* Collects output until stdout holds s; false after timeout_ms. */
bool hvctl_wait_output(struct hvctl_proc *p, const char *s, int timeout_ms);

/*
 * Collects output until hvctl exits (sending SIGINT first when interrupt
 * is set), then reaps it; false when that takes over RUN_TIMEOUT_MS (it
 * is then killed). p->status holds its exit status.
 */
bool hvctl_finish(struct hvctl_proc *p, bool interrupt);
void hvctl_free(struct hvctl_proc *p);

/* hvctl_spawn + hvctl_finish: runs hvctl ARGS... (NULL-terminated). */
bool hvctl_run(struct hvctl_proc *p, const char *env_socket, ...)
	__attribute__((sentinel));

#endif

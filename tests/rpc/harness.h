/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h: runs a real hvd (the built binary, HVD_PATH) in a private
 * temporary directory and talks to it over raw sockets, with every wait
 * bounded. Shared by the integration tests and the benchmark.
 */
#ifndef HV_TESTS_RPC_HARNESS_H
#define HV_TESTS_RPC_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <json-c/json.h>

#define HARNESS_TIMEOUT_MS	5000

/* The hvd binary under test. */
extern const char hvd_binary[];

struct hvd_proc {
	pid_t pid;
	char dir[64];		/* the private directory */
	char sock[128];		/* DIR/run/hvd.sock */
	char ro_sock[128];	/* DIR/run/hvd-ro.sock */
	char state[128];	/* DIR/state */
	char conf[128];		/* DIR/hvd.conf */
	char log[128];		/* DIR/hvd.err: hvd's stderr */
};

/* Makes the directory and writes conf_text (may be "") as hvd.conf. */
bool hvd_prepare(struct hvd_proc *p, const char *conf_text);
/* Starts hvd on p's directory; waits until its socket answers. */
bool hvd_start(struct hvd_proc *p);
/* Sends sig; with wait, reaps it (bounded) and returns its wait status. */
int hvd_signal(struct hvd_proc *p, int sig, bool wait);
/* Kills hvd if running and removes the directory. */
void hvd_cleanup(struct hvd_proc *p);
/* The content of a text file (up to 1 MiB, in a static buffer), or NULL. */
const char *read_text_file(const char *path);
/* True when hvd's stderr log contains s. */
bool hvd_log_contains(const struct hvd_proc *p, const char *s);

/* A connected client socket with a line reader. */
struct client {
	int fd;
	char *buf;
	size_t len, cap;
};

/* Connects to path (blocking socket). false on failure. */
bool client_open(struct client *c, const char *path);
void client_close(struct client *c);
/* Sends all of s. */
bool client_send(struct client *c, const char *s, size_t len);
bool client_send_str(struct client *c, const char *s);
/*
 * The next line (without '\n', malloc'd) within timeout_ms; NULL on
 * timeout or end of stream (*eof set then).
 */
char *client_line(struct client *c, int timeout_ms, bool *eof);
/* The next line parsed as JSON (a new reference), or NULL. */
struct json_object *client_json(struct client *c);
/* True when the peer closes within timeout_ms (pending lines skipped). */
bool client_wait_eof(struct client *c, int timeout_ms);

/* Sends a request line and returns the parsed reply. */
struct json_object *client_call(struct client *c, const char *line);

/* The error code of a reply, 0 when it has a result. */
int reply_code(struct json_object *reply);
/* reply.error.data.name, or "" */
const char *reply_error_name(struct json_object *reply);
/* reply.result (owned by reply), or NULL. */
struct json_object *reply_result(struct json_object *reply);

/* Writes size bytes of a pattern to path. */
bool write_test_file(const char *path, size_t size);

/* The vm.create request line for name with image path (id 1). */
char *create_line(const char *name, const char *image, long long id);

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvctl.h: what hvctl's files share: the exit statuses, the global
 * options, and the command table (each command maps to one method of
 * proto/'s table, whose schema gives the command's arguments and help).
 */
#ifndef HV_CLIENT_HVCTL_H
#define HV_CLIENT_HVCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

#include "proto/rpc-methods.h"

enum hvctl_exit {
	HVCTL_OK = 0,
	HVCTL_EXIT_RPC = 1,	/* hvd answered with an error */
	HVCTL_EXIT_USAGE = 2,	/* bad command line or local input */
	HVCTL_EXIT_CONNECT = 3,	/* hvd cannot be reached */
};

/* Returned by a parser when it printed help: nothing more to do, exit 0. */
#define HVCTL_DONE	(-1)

#define HVCTL_DEFAULT_SOCKET	"/run/hvd/hvd.sock"
#define HVCTL_DEFAULT_TIMEOUT	60	/* seconds to wait for answers */

struct hvctl_opts {
	const char *socket;	/* --socket, else $HVD_SOCKET, or default */
	bool json;		/* --json: print the raw result */
	int timeout_ms;		/* --timeout; -1 waits forever */
};

struct hvctl_command;

/* Runs a command on argv[0..argc) (argv[0] is the command's name). */
typedef int (*hvctl_run_fn)(const struct hvctl_opts *o,
			    const struct hvctl_command *cmd,
			    int argc, char **argv);

struct hvctl_command {
	const char *name;
	int method;		/* enum hvd_method, or -1 for none */
	hvctl_run_fn run;
	const char *summary;	/* NULL: the method's summary */
	const char *extra;	/* options of hvctl's own, for the usage */
};

extern const struct hvctl_command hvctl_commands[];
extern const size_t hvctl_command_count;

const struct hvctl_command *hvctl_command_find(const char *name);
/* The command's method, or NULL. */
const struct rpc_method *hvctl_command_method(const struct hvctl_command *c);
const char *hvctl_command_summary(const struct hvctl_command *c);

/*
 * Parses the command's arguments (args.h), calls its method and leaves the
 * reply in *reply (the caller puts it) and its result in *result. An hvctl
 * exit status, or HVCTL_DONE when help was asked for.
 */
int hvctl_invoke(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		 int argc, char **argv, struct json_object **reply,
		 struct json_object **result);

/* Prints a result: raw JSON with --json, else as a KEY VALUE table. */
void hvctl_print_object(const struct hvctl_opts *o, struct json_object *r);
void hvctl_print_json(struct json_object *r);

/* Command bodies, one file each where there is logic. */
int cmd_vm(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	   int argc, char **argv);
int cmd_list(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	     int argc, char **argv);
int cmd_stats(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	      int argc, char **argv);
int cmd_events(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	       int argc, char **argv);
int cmd_console(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		int argc, char **argv);
int cmd_version(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		int argc, char **argv);
int cmd_help(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	     int argc, char **argv);

/* The usage line of hvctl itself, and of one command. */
void hvctl_usage(FILE *out);
void hvctl_command_usage(const struct hvctl_command *c, FILE *out);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * args.h: a command's command line, derived from its method's parameter
 * schema in proto/'s table: "name" is the positional NAME, every other
 * parameter (members of object parameters included) an option spelt after
 * it (memory_mib -> --memory, image.path -> --image, async_pf ->
 * --async-pf, with --no-async-pf for false).
 */
#ifndef HV_CLIENT_ARGS_H
#define HV_CLIENT_ARGS_H

#include <stdio.h>

#include <json-c/json.h>

#include "client/hvctl.h"

/*
 * Parses argv[1..argc) for cmd into *params (a new object) and, when the
 * method takes an image by path, opens it into *fd (else -1) for passing
 * with the request. HVCTL_OK, or HVCTL_EXIT_USAGE after a message; on
 * failure nothing is left open or allocated.
 */
int args_parse(const struct hvctl_command *cmd, int argc, char **argv,
	       struct json_object **params, int *fd);

/*
 * The synopsis of the command's arguments (" NAME --memory MEMORY_MIB
 * ..."), wrapped before column 80; column is where the cursor stands.
 */
void args_synopsis(const struct rpc_method *m, FILE *out, int column);
/* One line per argument: spelling, type/range/choices, summary. */
void args_describe(const struct rpc_method *m, FILE *out);

#endif

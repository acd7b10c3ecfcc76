// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-help.c: "hvctl help [COMMAND]": the list of commands, or one
 * command's synopsis and arguments, all generated from proto/'s method
 * table (summaries, parameter names, types, ranges and choices).
 */
#include "client/hvctl.h"

int cmd_help(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	     int argc, char **argv)
{
	const struct hvctl_command *c;

	if (argc > 2) {
		fprintf(stderr, "hvctl help: one command at most\n");
		return HVCTL_EXIT_USAGE;
	}
	if (argc < 2) {
		hvctl_usage(stdout);
		return HVCTL_OK;
	}
	c = hvctl_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "hvctl help: unknown command '%s'\n", argv[1]);
		return HVCTL_EXIT_USAGE;
	}
	hvctl_command_usage(c, stdout);
	return HVCTL_OK;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvctl.c: hvctl's entry point: global options, the command table (each
 * command names the method of proto/'s table it calls) and the output
 * helpers the commands share.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/args.h"
#include "client/call.h"
#include "client/hvctl.h"
#include "client/table.h"

const struct hvctl_command hvctl_commands[] = {
	{ "create", HVD_VM_CREATE, cmd_vm, NULL, NULL },
	{ "update", HVD_VM_UPDATE, cmd_vm, NULL, NULL },
	{ "list", HVD_VM_LIST, cmd_list, NULL, NULL },
	{ "info", HVD_VM_INFO, cmd_vm, NULL, NULL },
	{ "start", HVD_VM_START, cmd_vm, NULL, NULL },
	{ "stop", HVD_VM_STOP, cmd_vm, NULL, NULL },
	{ "delete", HVD_VM_DELETE, cmd_vm, NULL, NULL },
	{ "stats", HVD_VM_STATS, cmd_stats, NULL,
	  "  --watch SECONDS\n"
	  "      redraw every SECONDS (1..3600) with per-second rates, until\n"
	  "      interrupted or the VM ends\n" },
	{ "console", HVD_VM_CONSOLE_ATTACH, cmd_console,
	  "attach to a running VM's serial console (Ctrl-] detaches)",
	  NULL },
	{ "events", HVD_EVENTS_SUBSCRIBE, cmd_events,
	  "print VM state changes as they happen, until interrupted", NULL },
	{ "version", HVD_DAEMON_INFO, cmd_version,
	  "hvctl's version, and hvd's version, uptime and accelerators",
	  NULL },
	{ "help", -1, cmd_help, "list the commands, or describe one", NULL },
};

const size_t hvctl_command_count =
	sizeof(hvctl_commands) / sizeof(hvctl_commands[0]);

const struct hvctl_command *hvctl_command_find(const char *name)
{
	size_t i;

	for (i = 0; i < hvctl_command_count; i++)
		if (!strcmp(hvctl_commands[i].name, name))
			return &hvctl_commands[i];
	return NULL;
}

const struct rpc_method *hvctl_command_method(const struct hvctl_command *c)
{
	return c->method < 0 ? NULL : &hvd_methods[c->method];
}

const char *hvctl_command_summary(const struct hvctl_command *c)
{
	return c->summary ? c->summary : hvctl_command_method(c)->summary;
}

void hvctl_usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: hvctl [--socket PATH] [--json] [--timeout SECONDS] "
		"COMMAND [ARGS...]\n\nCommands:\n");
	for (i = 0; i < hvctl_command_count; i++)
		fprintf(out, "  %-9s %s\n", hvctl_commands[i].name,
			hvctl_command_summary(&hvctl_commands[i]));
	fprintf(out,
		"\nOptions:\n"
		"  --socket PATH      hvd's socket (default $HVD_SOCKET, "
		"else %s)\n"
		"  --json             print hvd's result as JSON\n"
		"  --timeout SECONDS  longest wait for an answer "
		"(default %d, 0: no limit)\n"
		"\nExit status: 0 done, 1 hvd answered with an error, "
		"2 usage error,\n3 hvd cannot be reached. "
		"'hvctl help COMMAND' describes a command.\n",
		HVCTL_DEFAULT_SOCKET, HVCTL_DEFAULT_TIMEOUT);
}

void hvctl_command_usage(const struct hvctl_command *c, FILE *out)
{
	const struct rpc_method *m = hvctl_command_method(c);
	int column = fprintf(out, "Usage: hvctl [OPTIONS] %s", c->name);

	if (!m) {
		fprintf(out, " [COMMAND]\n\n%s.\n", hvctl_command_summary(c));
		return;
	}
	args_synopsis(m, out, column);
	fprintf(out, "\n\n%s.\nCalls %s", hvctl_command_summary(c), m->name);
	if (m->changes_state)
		fputs(", which needs the read-write socket", out);
	fputs(".\n", out);
	if (m->params[0].name) {
		fputs("\nArguments:\n", out);
		args_describe(m, out);
	}
	if (c->extra)
		fputs(c->extra, out);
}

void hvctl_print_json(struct json_object *r)
{
	puts(json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
}

void hvctl_print_object(const struct hvctl_opts *o, struct json_object *r)
{
	if (o->json || !json_object_is_type(r, json_type_object))
		hvctl_print_json(r);
	else
		table_print_object(r, "KEY", "VALUE", stdout);
}

int hvctl_invoke(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		 int argc, char **argv, struct json_object **reply,
		 struct json_object **result)
{
	struct json_object *params;
	int fd, ret;

	*reply = NULL;
	ret = args_parse(cmd, argc, argv, &params, &fd);
	if (ret)
		return ret;
	ret = hvctl_call(o, hvctl_command_method(cmd)->name, params, fd,
			 reply, result);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int parse_timeout(const char *text, int *ms)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (end == text || *end || v < 0 || v > 86400)
		return -1;
	*ms = v ? (int)v * 1000 : -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct hvctl_opts o = {
		.socket = getenv("HVD_SOCKET"),
		.timeout_ms = HVCTL_DEFAULT_TIMEOUT * 1000,
	};
	const struct hvctl_command *cmd;
	int c, ret;

	if (!o.socket || !*o.socket)
		o.socket = HVCTL_DEFAULT_SOCKET;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o.socket = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 't':
			if (parse_timeout(optarg, &o.timeout_ms)) {
				fprintf(stderr, "hvctl: --timeout: not a "
					"number of seconds (0..86400): "
					"'%s'\n", optarg);
				return HVCTL_EXIT_USAGE;
			}
			break;
		case 'h':
			hvctl_usage(stdout);
			return HVCTL_OK;
		default:
			fprintf(stderr, "hvctl: unknown option or missing "
				"value: '%s'\n\n", argv[optind - 1]);
			hvctl_usage(stderr);
			return HVCTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "hvctl: no command given\n\n");
		hvctl_usage(stderr);
		return HVCTL_EXIT_USAGE;
	}
	cmd = hvctl_command_find(argv[optind]);
	if (!cmd) {
		fprintf(stderr, "hvctl: unknown command '%s'; try 'hvctl "
			"help'\n", argv[optind]);
		return HVCTL_EXIT_USAGE;
	}
	/* A vanished hvd must give exit status 3, not death by SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	ret = cmd->run(&o, cmd, argc - optind, argv + optind);
	if (fflush(stdout) || ferror(stdout)) {
		perror("hvctl: standard output");
		return HVCTL_EXIT_USAGE;
	}
	return ret == HVCTL_DONE ? HVCTL_OK : ret;
}

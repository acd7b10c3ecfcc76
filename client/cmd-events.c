// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-events.c: "hvctl events [NAME] [--stats-interval-ms MS]":
 * subscribes (events.subscribe) and prints every "event" notification as
 * it comes, one line each (hv.ko's "module" events with what happened in
 * the state's column), and every "stats" notification as one line of
 * JSON, until interrupted or until hvd goes away (exit status 3).
 */
#include <unistd.h>

#include "client/call.h"
#include "client/hvctl.h"

static void print_event(const struct hvctl_opts *o, struct json_object *p)
{
	static const char *const fields[] = { "vm", "event", "state" };
	struct json_object *v;
	size_t i;

	if (o->json || !json_object_is_type(p, json_type_object) ||
	    json_object_object_get_ex(p, "stats", NULL)) {
		hvctl_print_json(p);
	} else {
		/* Fixed widths, as lines come one at a time. */
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			const char *s = "-";

			if (json_object_object_get_ex(p, fields[i], &v))
				s = json_object_get_string(v);
			/* hv.ko's events have no state: what happened. */
			if (i == 2 && json_object_object_get_ex(
					p, "module_event", &v))
				s = json_object_get_string(v);
			if (i == 2)
				printf("  %s", s);
			else
				printf(i ? "  %-7s" : "%-20s", s);
		}
		if (json_object_object_get_ex(p, "previous", &v))
			printf(" (was %s)", json_object_get_string(v));
		if (json_object_object_get_ex(p, "module_vm_id", &v))
			printf(" (hv.ko VM %s)", json_object_get_string(v));
		putchar('\n');
	}
	fflush(stdout);
}

int cmd_events(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	       int argc, char **argv)
{
	struct json_object *params, *reply, *result, *msg;
	struct hvctl_conn c;
	int ret;

	ret = conn_open_command(&c, o, cmd, argc, argv, &params);
	if (ret)
		return ret;
	ret = conn_call(&c, hvctl_command_method(cmd)->name, params, -1,
			&reply, &result);
	json_object_put(reply);
	while (!ret) {
		ret = conn_next_notification(&c, &msg, &result);
		if (!ret)
			print_event(o, result);
		json_object_put(msg);
	}
	conn_close(&c);
	return ret;
}

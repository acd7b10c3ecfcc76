// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-stats.c: "hvctl stats NAME": the counters vm.stats returns for a
 * running VM, one row each (nested groups as "group.counter"), whatever
 * the statistics catalogue holds.
 */
#include "client/hvctl.h"
#include "client/table.h"

int cmd_stats(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	      int argc, char **argv)
{
	struct json_object *reply, *result, *stats, *name, *state;
	int ret;

	ret = hvctl_invoke(o, cmd, argc, argv, &reply, &result);
	if (ret)
		goto out;
	if (o->json || !json_object_object_get_ex(result, "stats", &stats) ||
	    !json_object_is_type(stats, json_type_object)) {
		hvctl_print_json(result);
		goto out;
	}
	if (json_object_object_get_ex(result, "name", &name) &&
	    json_object_object_get_ex(result, "state", &state))
		printf("%s (%s)\n", json_object_get_string(name),
		       json_object_get_string(state));
	if (json_object_object_length(stats))
		table_print_object(stats, "COUNTER", "VALUE", stdout);
	else
		puts("no counters");
out:
	json_object_put(reply);
	return ret;
}

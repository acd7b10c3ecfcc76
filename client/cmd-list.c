// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-list.c: "hvctl list": every VM, one row each, with the columns
 * vm.list returns.
 */
#include "client/hvctl.h"
#include "client/table.h"

int cmd_list(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	     int argc, char **argv)
{
	struct json_object *reply, *result, *vms;
	int ret;

	ret = hvctl_invoke(o, cmd, argc, argv, &reply, &result);
	if (ret)
		goto out;
	if (o->json || !json_object_object_get_ex(result, "vms", &vms) ||
	    !json_object_is_type(vms, json_type_array))
		hvctl_print_json(result);
	else if (!json_object_array_length(vms))
		fputs("no VMs defined\n", stderr);
	else
		table_print_rows(vms, stdout);
out:
	json_object_put(reply);
	return ret;
}

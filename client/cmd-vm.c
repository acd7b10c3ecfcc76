// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-vm.c: the commands that call one method on one VM and show the VM
 * hvd answers with: create, update, info, start, stop, delete. Their
 * arguments come from the method's schema (args.c); create and update
 * send the image file itself along with the request.
 */
#include "client/hvctl.h"

int cmd_vm(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	   int argc, char **argv)
{
	struct json_object *reply, *result;
	int ret;

	ret = hvctl_invoke(o, cmd, argc, argv, &reply, &result);
	if (!ret)
		hvctl_print_object(o, result);
	json_object_put(reply);
	return ret;
}

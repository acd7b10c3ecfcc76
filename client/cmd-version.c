// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-version.c: "hvctl version": hvctl's own version and protocol, then
 * what daemon.info says of hvd; warns when the protocol versions differ.
 */
#include "client/hvctl.h"
#include "proto/rpc-version.h"

int cmd_version(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		int argc, char **argv)
{
	struct json_object *reply, *result, *proto;
	int ret;

	if (!o->json)
		printf("hvctl %s (protocol %d)\n", PACKAGE_VERSION,
		       HV_RPC_PROTOCOL_VERSION);
	fflush(stdout);
	ret = hvctl_invoke(o, cmd, argc, argv, &reply, &result);
	if (ret)
		goto out;
	hvctl_print_object(o, result);
	if (json_object_object_get_ex(result, "protocol_version", &proto) &&
	    json_object_get_int(proto) != HV_RPC_PROTOCOL_VERSION)
		fprintf(stderr, "hvctl: warning: hvd speaks protocol %d, "
			"hvctl %d\n", json_object_get_int(proto),
			HV_RPC_PROTOCOL_VERSION);
out:
	json_object_put(reply);
	return ret;
}

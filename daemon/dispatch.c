// SPDX-License-Identifier: GPL-2.0-only
/*
 * dispatch.c: routes each request to its handler after the checks every
 * method shares (existence, authorization, parameters).
 */
#include "daemon/dispatch.h"
#include "daemon/log.h"

static method_fn *const handlers[HVD_METHOD_COUNT] = {
	[HVD_DAEMON_INFO] = method_daemon_info,
	[HVD_DAEMON_METHODS] = method_daemon_methods,
	[HVD_VM_CREATE] = method_vm_create,
	[HVD_VM_UPDATE] = method_vm_update,
	[HVD_VM_LIST] = method_vm_list,
	[HVD_VM_INFO] = method_vm_info,
	[HVD_VM_START] = method_vm_start,
	[HVD_VM_STOP] = method_vm_stop,
	[HVD_VM_DELETE] = method_vm_delete,
	[HVD_VM_STATS] = method_vm_stats,
	[HVD_EVENTS_SUBSCRIBE] = method_events_subscribe,
	[HVD_VM_CONSOLE_ATTACH] = method_vm_console_attach,
	[HVD_VM_CONSOLE_DETACH] = method_vm_console_detach,
	[HVD_CONSOLE_INPUT] = method_console_input,
};

int call_take_fd(struct call_ctx *cc)
{
	int fd;

	if (cc->taken == cc->nfds)
		return -1;
	fd = cc->fds[cc->taken].fd;
	cc->fds[cc->taken++].fd = -1;
	return fd;
}

struct vm *call_find_vm(struct call_ctx *cc, struct json_object *params,
			struct rpc_error *err)
{
	struct json_object *v = NULL;
	const char *name;
	struct vm *vm;

	if (params)
		json_object_object_get_ex(params, "name", &v);
	name = json_object_get_string(v);
	vm = registry_find(&cc->conn->hvd->reg, name);
	if (!vm)
		rpc_error_set(err, RPC_ERR_VM_NOT_FOUND, "no VM named '%s'",
			      name);
	return vm;
}

static bool authorized(struct conn *c, const struct rpc_method *m,
		       struct rpc_error *err)
{
	enum auth_verdict v = auth_check(&c->hvd->policy, &c->peer, c->ro,
					 m->changes_state);

	if (v == AUTH_ALLOWED)
		return true;
	hvd_log(LOG_WARNING, NULL, "PERMISSION_DENIED",
		"refused %s from pid %d uid %u gid %u: %s", m->name,
		(int)c->peer.pid, (unsigned)c->peer.uid, (unsigned)c->peer.gid,
		v == AUTH_DENIED_RO_SOCKET ? "read-only socket" :
		"not root, hvd's user or in hvd's group");
	rpc_error_set(err, RPC_ERR_PERMISSION_DENIED, "%s changes state: %s",
		      m->name, v == AUTH_DENIED_RO_SOCKET ?
		      "not allowed on the read-only socket" :
		      "caller is not root or in hvd's group");
	return false;
}

static struct json_object *call(void *ctx, const struct rpc_request *req,
				struct rpc_error *err)
{
	struct call_ctx *cc = ctx;
	const struct rpc_method *m;

	m = rpc_method_find(hvd_methods, HVD_METHOD_COUNT, req->method);
	if (!m) {
		rpc_error_set(err, RPC_ERR_METHOD_NOT_FOUND,
			      "no method '%s'", req->method);
		return NULL;
	}
	if (!authorized(cc->conn, m, err) ||
	    !rpc_params_check(m, req->params, err))
		return NULL;
	return handlers[m - hvd_methods](cc, req->params, err);
}

static void write_reply(void *ctx, const char *data, size_t len)
{
	struct call_ctx *cc = ctx;

	conn_send(cc->conn, data, len);
}

const struct rpc_server_ops dispatch_ops = {
	.call = call,
	.write = write_reply,
};

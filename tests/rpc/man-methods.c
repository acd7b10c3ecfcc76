// SPDX-License-Identifier: GPL-2.0-only
/*
 * man-methods.c: prints proto/'s method and error tables in the form
 * tests/rpc/man-check.sh also extracts from hv-rpc(7), one fact a line:
 *   method NAME [changes-state]
 *   param METHOD PATH (TYPE[, RANGE][, required])
 *   error CODE NAME
 *   stat NAME UNIT KIND SCOPE
 * so that the manual can be compared with the tables both ways.
 */
#include <stdio.h>

#include "proto/rpc-errors.h"
#include "proto/stats-catalogue.h"
#include "proto/rpc-methods.h"

static void print_range(const struct rpc_param *p)
{
	const char *const *c;

	switch (p->type) {
	case RPC_TYPE_INT:
		printf(" %lld..%lld", p->min, p->max);
		break;
	case RPC_TYPE_STRING:
		if (p->choices) {
			for (c = p->choices; *c; c++)
				printf("%s%s", c == p->choices ? " " : "|", *c);
			break;
		}
		printf(" %lld..%lld bytes", p->min, p->max);
		if (p->charset)
			printf(" of [%s]", p->charset);
		break;
	case RPC_TYPE_BOOL:
	case RPC_TYPE_OBJECT:
		break;
	}
}

static void print_params(const char *method, const char *prefix,
			 const struct rpc_param *p)
{
	char path[128];

	for (; p && p->name; p++) {
		snprintf(path, sizeof(path), "%s%s", prefix, p->name);
		printf("param %s %s (%s", method, path,
		       rpc_type_name(p->type));
		print_range(p);
		printf("%s)\n", p->required ? ", required" : "");
		if (p->type == RPC_TYPE_OBJECT) {
			snprintf(path, sizeof(path), "%s%s.", prefix, p->name);
			print_params(method, path, p->fields);
		}
	}
}

int main(void)
{
	size_t i;

	for (i = 0; i < HVD_METHOD_COUNT; i++) {
		const struct rpc_method *m = &hvd_methods[i];

		printf("method %s%s\n", m->name,
		       m->changes_state ? " changes-state" : "");
		print_params(m->name, "", m->params);
	}
	for (i = 0; i < rpc_errors_count; i++)
		printf("error %d %s\n", rpc_errors[i].code, rpc_errors[i].name);
	for (i = 0; i < hv_stat_catalogue_len; i++) {
		const struct hv_stat_desc *d = &hv_stat_catalogue[i];

		printf("stat %s %s %s %s\n", d->name, d->unit,
		       hv_stat_kind_name(d->kind),
		       hv_stat_scope_name(d->scope));
	}
	return 0;
}

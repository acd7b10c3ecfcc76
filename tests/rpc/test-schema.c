// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-schema.c: the method table and the generic parameter validation
 * derived from it (types, ranges, enums, charsets, nested objects,
 * unknown and missing parameters), and introspection.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "proto/rpc-methods.h"

static const struct rpc_method *create;

static void setup(void)
{
	create = rpc_method_find(hvd_methods, HVD_METHOD_COUNT, "vm.create");
	cr_assert_not_null(create);
}

TestSuite(schema, .init = setup);

#define IMAGE "\"image\":{\"path\":\"/x\",\"format\":\"elf\"}"
#define BASE "\"name\":\"vm-1.a_b\",\"memory_mib\":64,\"vcpus\":2," IMAGE

struct vcase {
	const char *params;	/* inside {} */
	const char *param;	/* NULL: valid; else the parameter named */
};

static const struct vcase cases[] = {
	{ BASE, NULL },
	{ BASE ",\"cmdline\":\"console=ttyS0\",\"initrd\":\"/i\","
	  "\"accel\":\"kvm\",\"memory_backend\":\"uffd\","
	  "\"uffd_delay_us\":1000000,\"async_pf\":true,\"dirty_log\":false,"
	  "\"autostart\":true", NULL },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":256," IMAGE, NULL },
	{ "\"name\":\"x\",\"memory_mib\":1048576,\"vcpus\":1," IMAGE, NULL },
	{ BASE ",\"image2\":1", "image2" },
	{ BASE ",\"bogus\":true", "bogus" },
	{ "\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"x\",\"vcpus\":2," IMAGE, "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":64,\"vcpus\":2", "image" },
	{ "\"name\":\"\",\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"a b\",\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"a/b\",\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"\xc3\xa9\",\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaa\",\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":5,\"memory_mib\":64,\"vcpus\":2," IMAGE, "name" },
	{ "\"name\":\"x\",\"memory_mib\":0,\"vcpus\":2," IMAGE, "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":1048577,\"vcpus\":2," IMAGE,
	  "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":64.0,\"vcpus\":2," IMAGE,
	  "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":\"64\",\"vcpus\":2," IMAGE,
	  "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":99999999999999999999,\"vcpus\":2,"
	  IMAGE, "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":-1,\"vcpus\":2," IMAGE, "memory_mib" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":257," IMAGE, "vcpus" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":0," IMAGE, "vcpus" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":\"/x\"",
	  "image" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
	  "{\"path\":\"/x\"}", "image.format" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
	  "{\"path\":\"/x\",\"format\":\"pe\"}", "image.format" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
	  "{\"format\":\"elf\"}", "image.path" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
	  "{\"path\":\"/x\",\"format\":\"elf\",\"size\":1}", "image.size" },
	{ "\"name\":\"x\",\"memory_mib\":1,\"vcpus\":1,\"image\":"
	  "{\"path\":\"/x\",\"format\":\"elf\",\"fd\":1}", "image.fd" },
	{ BASE ",\"accel\":\"tcg\"", "accel" },
	{ BASE ",\"memory_backend\":\"shm\"", "memory_backend" },
	{ BASE ",\"uffd_delay_us\":1000001", "uffd_delay_us" },
	{ BASE ",\"async_pf\":1", "async_pf" },
	{ BASE ",\"dirty_log\":\"yes\"", "dirty_log" },
	{ BASE ",\"autostart\":null", "autostart" },
	{ BASE ",\"initrd\":\"\"", "initrd" },
	{ BASE ",\"cmdline\":7", "cmdline" },
};

/* One case; the loop below runs them all. */
static void check_case(const struct vcase *tc)
{
	char text[600];
	struct json_object *params;
	struct rpc_error err;
	bool ok;

	snprintf(text, sizeof(text), "{%s}", tc->params);
	params = json_tokener_parse(text);
	cr_assert_not_null(params, "test case is not JSON: %s", text);
	memset(&err, 0, sizeof(err));
	ok = rpc_params_check(create, params, &err);
	if (!tc->param) {
		cr_assert(ok, "%s refused: %s", text, err.message);
	} else {
		cr_assert_not(ok, "%s accepted", text);
		cr_assert_eq(err.code, RPC_ERR_INVALID_PARAMS);
		cr_assert_str_eq(err.name, "INVALID_PARAMS");
		cr_assert_str_eq(err.param, tc->param, "%s: %s", text,
				 err.message);
		cr_assert_not_null(strstr(err.message, tc->param),
				   "the message names the parameter: %s",
				   err.message);
	}
	json_object_put(params);
}

Test(schema, vm_create_cases)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

Test(schema, no_params_and_positional)
{
	const struct rpc_method *list =
		rpc_method_find(hvd_methods, HVD_METHOD_COUNT, "vm.list");
	struct json_object *arr = json_object_new_array();
	struct rpc_error err;

	cr_assert(rpc_params_check(list, NULL, &err));
	cr_assert_not(rpc_params_check(create, NULL, &err), "name required");
	cr_assert_not(rpc_params_check(list, arr, &err));
	cr_assert_eq(err.code, RPC_ERR_INVALID_PARAMS);
	json_object_put(arr);
}

Test(schema, update_needs_only_name)
{
	const struct rpc_method *m =
		rpc_method_find(hvd_methods, HVD_METHOD_COUNT, "vm.update");
	struct json_object *p = json_tokener_parse(
		"{\"name\":\"a\",\"vcpus\":4}");
	struct rpc_error err;

	cr_assert(rpc_params_check(m, p, &err), "%s", err.message);
	json_object_put(p);
	p = json_tokener_parse("{\"vcpus\":4}");
	cr_assert_not(rpc_params_check(m, p, &err));
	cr_assert_str_eq(err.param, "name");
	json_object_put(p);
}

Test(schema, table_is_complete)
{
	static const char *const expected[] = {
		"daemon.info", "daemon.methods", "vm.create", "vm.update",
		"vm.list", "vm.info", "vm.start", "vm.stop", "vm.delete",
		"vm.stats", "events.subscribe",
	};

	cr_assert_eq(HVD_METHOD_COUNT,
		     sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < HVD_METHOD_COUNT; i++) {
		const struct rpc_method *m = &hvd_methods[i];

		cr_assert_not_null(m->name, "row %zu empty", i);
		cr_assert_str_eq(m->name, expected[i]);
		cr_assert_not_null(m->summary);
		cr_assert_not_null(m->params);
		cr_assert_eq(rpc_method_find(hvd_methods, HVD_METHOD_COUNT,
					     m->name), m);
		for (const struct rpc_param *p = m->params; p->name; p++)
			cr_assert_not_null(p->summary, "%s.%s", m->name,
					   p->name);
	}
	cr_assert_null(rpc_method_find(hvd_methods, HVD_METHOD_COUNT, "vm"));
	cr_assert(hvd_methods[HVD_VM_CREATE].changes_state);
	cr_assert(hvd_methods[HVD_VM_STOP].changes_state);
	cr_assert_not(hvd_methods[HVD_VM_LIST].changes_state);
	cr_assert_not(hvd_methods[HVD_EVENTS_SUBSCRIBE].changes_state);
}

Test(schema, describe_matches_table)
{
	struct json_object *d = rpc_method_describe(create), *params, *p, *v;

	cr_assert(json_object_object_get_ex(d, "params", &params));
	p = json_object_array_get_idx(params, 0);
	cr_assert_str_eq(json_object_get_string(json_object_object_get(p,
						"name")), "name");
	cr_assert(json_object_object_get_ex(p, "pattern", &v));
	cr_assert_str_eq(json_object_get_string(v), "^[A-Za-z0-9._-]*$");
	p = json_object_array_get_idx(params, 1);
	cr_assert_eq(json_object_get_int(json_object_object_get(p, "maximum")),
		     1048576);
	p = json_object_array_get_idx(params, 3);
	cr_assert(json_object_object_get_ex(p, "fields", &v));
	cr_assert_eq(json_object_array_length(v), 3);
	json_object_put(d);
}

Test(schema, charset)
{
	cr_assert(rpc_charset_match("A-Za-z0-9._-", "Ab9._-", 6));
	cr_assert_not(rpc_charset_match("A-Za-z0-9._-", "a+b", 3));
	cr_assert_not(rpc_charset_match("0-9a-f", "0g", 2));
}

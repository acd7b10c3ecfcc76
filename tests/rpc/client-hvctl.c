// SPDX-License-Identifier: GPL-2.0-only
/*
 * client-hvctl.c: hvctl against a real hvd (tests/rpc/harness.h) on a
 * private socket and state directory: a create/list/info/delete round
 * trip, --json output that parses, each exit status provoked (1 hvd
 * error, 2 usage, 3 unreachable), HVD_SOCKET, help generated from the
 * method table, and the events stream.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "proto/rpc-methods.h"
#include "proto/rpc-version.h"
#include "tests/rpc/client-run.h"
#include "tests/rpc/harness.h"

static struct hvd_proc hvd;
static char image[160];

static void start_hvd(void)
{
	cr_assert(hvd_prepare(&hvd, ""), "cannot make a test directory");
	cr_assert(hvd_start(&hvd), "hvd did not start; see %s", hvd.log);
	snprintf(image, sizeof(image), "%s/guest.img", hvd.dir);
	cr_assert(write_test_file(image, 4096));
}

static void stop_hvd(void)
{
	hvd_cleanup(&hvd);
}

TestSuite(hvctl, .init = start_hvd, .fini = stop_hvd, .timeout = 60);

/* Runs "hvctl --socket SOCK ARGS...", bounded; r holds the outcome. */
#define HVCTL(r, ...) \
	cr_assert(hvctl_run(r, NULL, "--socket", hvd.sock, __VA_ARGS__, \
			    (char *)NULL), "hvctl did not finish in time")

#define CREATE(r, name) \
	HVCTL(r, "create", name, "--memory", "64", "--vcpus", "2", \
	      "--image", image, "--format", "elf")

static void expect(struct hvctl_proc *r, int status, const char *err_has)
{
	cr_expect_eq(r->status, status, "exit status %d, want %d; stderr: %s",
		     r->status, status, r->err);
	if (err_has)
		cr_expect(strstr(r->err, err_has), "stderr lacks '%s': %s",
			  err_has, r->err);
	hvctl_free(r);
}

static struct json_object *parse_stdout(struct hvctl_proc *r)
{
	struct json_object *o;

	cr_assert_eq(r->status, 0, "exit %d: %s", r->status, r->err);
	o = json_tokener_parse(r->out);
	cr_assert(o, "--json output does not parse: %s", r->out);
	cr_assert(!strchr(r->out, '\n') || strchr(r->out, '\n') ==
		  r->out + r->out_len - 1, "--json output is not one line");
	hvctl_free(r);
	return o;
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	cr_assert(json_object_object_get_ex(o, key, &v), "no '%s' in %s", key,
		  json_object_to_json_string(o));
	return v;
}

/* The VALUE of row key in a KEY VALUE table, or "" (static buffer). */
static const char *cell(const char *table, const char *key)
{
	static char value[256];
	const char *p = table;
	size_t klen = strlen(key), n;

	value[0] = '\0';
	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ' ') {
			p += klen + strspn(p + klen, " ");
			n = strcspn(p, "\n");
			snprintf(value, sizeof(value), "%.*s", (int)n, p);
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return value;
}

Test(hvctl, create_list_info_delete)
{
	struct hvctl_proc r;

	CREATE(&r, "vm1");
	cr_expect(strstr(r.out, "vm1"), "create shows the VM: %s", r.out);
	expect(&r, 0, NULL);

	HVCTL(&r, "list");
	cr_expect(!strncmp(r.out, "NAME ", 5), "list header: %s", r.out);
	cr_expect(strstr(r.out, "\nvm1 "), "vm1 listed: %s", r.out);
	cr_expect(strstr(r.out, "defined"), "state shown: %s", r.out);
	expect(&r, 0, NULL);

	HVCTL(&r, "info", "vm1");
	cr_expect_str_eq(cell(r.out, "memory_mib"), "64");
	cr_expect_str_eq(cell(r.out, "vcpus"), "2");
	cr_expect_str_eq(cell(r.out, "image.format"), "elf");
	expect(&r, 0, NULL);

	HVCTL(&r, "update", "vm1", "--vcpus", "4");
	expect(&r, 0, NULL);
	HVCTL(&r, "--json", "info", "vm1");
	{
		struct json_object *o = parse_stdout(&r);

		cr_expect_eq(json_object_get_int(member(o, "vcpus")), 4);
		json_object_put(o);
	}

	HVCTL(&r, "delete", "vm1");
	expect(&r, 0, NULL);
	HVCTL(&r, "list");
	cr_expect(!strstr(r.out, "vm1"), "vm1 still listed: %s", r.out);
	expect(&r, 0, "no VMs defined");
	HVCTL(&r, "info", "vm1");
	expect(&r, 1, "VM_NOT_FOUND");
}

Test(hvctl, json_output_parses)
{
	struct json_object *o, *img, *vms;
	struct hvctl_proc r;

	HVCTL(&r, "--json", "create", "vm1", "--memory", "64", "--vcpus", "2",
	      "--image", image, "--format", "elf", "--cmdline", "a b",
	      "--autostart", "--memory-backend", "memfd",
	      "--uffd-delay-us", "5");
	o = parse_stdout(&r);
	cr_expect_str_eq(json_object_get_string(member(o, "name")), "vm1");
	json_object_put(o);

	HVCTL(&r, "--json", "info", "vm1");
	o = parse_stdout(&r);
	cr_expect_eq(json_object_get_int(member(o, "memory_mib")), 64);
	cr_expect_eq(json_object_get_int(member(o, "vcpus")), 2);
	cr_expect_str_eq(json_object_get_string(member(o, "cmdline")), "a b");
	cr_expect(json_object_get_boolean(member(o, "autostart")));
	cr_expect_str_eq(json_object_get_string(member(o, "memory_backend")),
			 "memfd");
	cr_expect_eq(json_object_get_int(member(o, "uffd_delay_us")), 5);
	img = member(o, "image");
	cr_expect_str_eq(json_object_get_string(member(img, "format")), "elf");
	cr_expect_eq(json_object_get_int64(member(img, "size")), 4096);
	cr_expect_str_eq(json_object_get_string(member(img, "source")), image);
	json_object_put(o);

	HVCTL(&r, "--json", "list");
	o = parse_stdout(&r);
	vms = member(o, "vms");
	cr_assert_eq(json_object_array_length(vms), 1);
	cr_expect_str_eq(json_object_get_string(member(
		json_object_array_get_idx(vms, 0), "name")), "vm1");
	json_object_put(o);

	HVCTL(&r, "--json", "version");
	o = parse_stdout(&r);
	cr_expect_eq(json_object_get_int(member(o, "protocol_version")),
		     HV_RPC_PROTOCOL_VERSION);
	json_object_put(o);
}

Test(hvctl, exit_1_when_hvd_answers_an_error)
{
	struct hvctl_proc r;

	HVCTL(&r, "info", "nope");
	cr_expect_eq(r.out_len, 0, "nothing on stdout: %s", r.out);
	expect(&r, 1, "no VM named 'nope' (VM_NOT_FOUND)");
	CREATE(&r, "vm1");
	expect(&r, 0, NULL);
	CREATE(&r, "vm1");
	expect(&r, 1, "VM_EXISTS");
	HVCTL(&r, "start", "vm1");
	expect(&r, 1, "HELPER_UNAVAILABLE");
	HVCTL(&r, "stats", "vm1");
	expect(&r, 1, "INVALID_STATE");
	/* State-changing calls are refused on the read-only socket. */
	cr_assert(hvctl_run(&r, NULL, "--socket", hvd.ro_sock, "delete", "vm1",
			    (char *)NULL));
	expect(&r, 1, "PERMISSION_DENIED");
	cr_assert(hvctl_run(&r, NULL, "--socket", hvd.ro_sock, "list",
			    (char *)NULL));
	cr_expect(strstr(r.out, "vm1"), "read-only list: %s", r.out);
	expect(&r, 0, NULL);
}

/*
 * Command lines hvctl must refuse (exit 2) with the message given, each
 * run with "--socket SOCK" first; "IMG" stands for a readable image and
 * "NONE" for a path that does not exist.
 */
static const struct {
	const char *argv[16];
	const char *err;
} usage_errors[] = {
	{ { NULL }, "no command" },
	{ { "frobnicate" }, "unknown command 'frobnicate'" },
	{ { "--timeout", "soon", "list" }, "--timeout" },
	{ { "create", "vm1", "--vcpus", "2", "--image", "IMG", "--format",
	    "elf" }, "--memory: missing required parameter 'memory_mib'" },
	{ { "create", "vm1", "--memory", "64", "--vcpus", "two", "--image",
	    "IMG", "--format", "elf" }, "--vcpus: not an integer" },
	{ { "create", "vm1", "--memory", "64", "--vcpus", "0", "--image",
	    "IMG", "--format", "elf" }, "--vcpus: parameter 'vcpus'" },
	{ { "create", "vm1", "--memory", "64", "--vcpus", "1", "--image",
	    "IMG", "--format", "iso" }, "--format: parameter" },
	{ { "create", "bad/name", "--memory", "64", "--vcpus", "1",
	    "--image", "IMG", "--format", "elf" }, "NAME: parameter 'name'" },
	{ { "create", "vm1", "--memory", "64", "--vcpus", "1", "--image",
	    "NONE", "--format", "elf" }, "--image: cannot open" },
	{ { "create", "vm1", "--colour", "blue" },
	  "unknown option '--colour'" },
	{ { "info", "vm1", "vm2" }, "unexpected argument 'vm2'" },
	{ { "list", "--memory", "1" }, "unknown option '--memory'" },
	{ { "help", "frobnicate" }, "unknown command 'frobnicate'" },
};

Test(hvctl, exit_2_on_usage_errors_and_nothing_changes)
{
	char missing[200];
	struct hvctl_proc r;
	size_t i, n;

	snprintf(missing, sizeof(missing), "%s/none.img", hvd.dir);
	for (i = 0; i < sizeof(usage_errors) / sizeof(usage_errors[0]); i++) {
		char *argv[20] = { "--socket", hvd.sock };

		for (n = 0; usage_errors[i].argv[n]; n++) {
			const char *a = usage_errors[i].argv[n];

			argv[n + 2] = !strcmp(a, "IMG") ? image :
				      !strcmp(a, "NONE") ? missing : (char *)a;
		}
		cr_assert(hvctl_spawn(&r, NULL, NULL, NULL, argv));
		cr_assert(hvctl_finish(&r, false), "hvctl did not finish");
		expect(&r, 2, usage_errors[i].err);
	}

	HVCTL(&r, "--json", "list");
	cr_expect(strstr(r.out, "\"vms\":[]"), "bad input created: %s", r.out);
	expect(&r, 0, NULL);
}

Test(hvctl, exit_3_when_hvd_cannot_be_reached)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char path[sizeof(sa.sun_path)];
	struct hvctl_proc r;
	int fd;

	snprintf(path, sizeof(path), "%s/none.sock", hvd.dir);
	cr_assert(hvctl_run(&r, NULL, "--socket", path, "list", (char *)NULL));
	expect(&r, 3, path);

	/* Something listens but never answers: the wait is bounded. */
	snprintf(path, sizeof(path), "%s/mute.sock", hvd.dir);
	memcpy(sa.sun_path, path, sizeof(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(fd >= 0);
	cr_assert(!bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	cr_assert(!listen(fd, 4));
	cr_assert(hvctl_run(&r, NULL, "--socket", path, "--timeout", "1",
			    "list", (char *)NULL));
	close(fd);
	cr_expect(strstr(r.err, "no answer"), "stderr: %s", r.err);
	expect(&r, 3, path);

	/* hvd stopped: its socket is gone or refuses. */
	cr_assert_eq(hvd_signal(&hvd, SIGTERM, true), 0, "hvd exit status");
	HVCTL(&r, "list");
	expect(&r, 3, hvd.sock);
}

Test(hvctl, hvd_socket_environment)
{
	char bogus[200];
	struct hvctl_proc r;

	snprintf(bogus, sizeof(bogus), "%s/bogus.sock", hvd.dir);
	cr_assert(hvctl_run(&r, hvd.sock, "list", (char *)NULL));
	expect(&r, 0, NULL);
	cr_assert(hvctl_run(&r, bogus, "list", (char *)NULL));
	expect(&r, 3, bogus);
	/* --socket wins over HVD_SOCKET. */
	cr_assert(hvctl_run(&r, bogus, "--socket", hvd.sock, "list",
			    (char *)NULL));
	expect(&r, 0, NULL);
}

/* Every parameter but image.fd (hvctl's to set) appears in the help. */
static void expect_params(const char *out, const char *prefix,
			  const struct rpc_param *p)
{
	char path[128];

	for (; p && p->name; p++) {
		snprintf(path, sizeof(path), "%s%s", prefix, p->name);
		if (p->type == RPC_TYPE_OBJECT) {
			snprintf(path, sizeof(path), "%s%s.", prefix, p->name);
			expect_params(out, path, p->fields);
			continue;
		}
		if (!strcmp(path, "image.fd"))
			continue;
		strcat(path, ": ");
		cr_expect(strstr(out, path), "help lacks '%s'", path);
		cr_expect(strstr(out, p->summary), "help lacks '%s'",
			  p->summary);
	}
}

Test(hvctl, help_comes_from_the_method_table)
{
	static const char *const commands[] = {
		"create", "update", "list", "info", "start", "stop", "delete",
		"stats", "events", "version"
	};
	struct hvctl_proc r, all;
	size_t i;

	cr_assert(hvctl_run(&all, NULL, "help", (char *)NULL));
	cr_assert_eq(all.status, 0);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char *calls;

		cr_assert(hvctl_run(&r, NULL, "help", commands[i],
				    (char *)NULL));
		cr_assert_eq(r.status, 0, "help %s: %s", commands[i], r.err);
		cr_expect(strstr(all.out, commands[i]));
		calls = strstr(r.out, "\nCalls ");
		cr_assert(calls, "no method named: %s", r.out);
		for (size_t m = 0; m < HVD_METHOD_COUNT; m++) {
			char want[64];

			snprintf(want, sizeof(want), "\nCalls %s",
				 hvd_methods[m].name);
			if (!strstr(r.out, want))
				continue;
			expect_params(r.out, "", hvd_methods[m].params);
			if (strcmp(commands[i], "events") &&
			    strcmp(commands[i], "version"))
				cr_expect(strstr(all.out,
						 hvd_methods[m].summary));
			break;
		}
		hvctl_free(&r);
	}
	hvctl_free(&all);
	HVCTL(&r, "create", "--help");
	cr_expect(strstr(r.out, "memory_mib: integer 1..1048576; required"),
		  "%s", r.out);
	expect(&r, 0, NULL);
}

Test(hvctl, events_stream)
{
	char *argv[] = { "--socket", hvd.sock, "events", NULL };
	char *json_argv[] = { "--socket", hvd.sock, "--json", "events", "vm2",
			      NULL };
	struct hvctl_proc ev, js, r;
	struct json_object *o;
	char *nl;

	CREATE(&r, "vm1");
	expect(&r, 0, NULL);
	cr_assert(hvctl_spawn(&ev, NULL, NULL, NULL, argv));
	cr_assert(hvctl_wait_output(&ev, "current", HARNESS_TIMEOUT_MS),
		  "no current event: %s", ev.out);
	cr_expect(strstr(ev.out, "vm1 "), "vm1's current event: %s", ev.out);
	CREATE(&r, "vm2");
	expect(&r, 0, NULL);
	cr_expect(hvctl_wait_output(&ev, "created", HARNESS_TIMEOUT_MS),
		  "no created event: %s", ev.out);
	cr_expect(strstr(ev.out, "vm2 "), "vm2's created event: %s", ev.out);

	cr_assert(hvctl_spawn(&js, NULL, NULL, NULL, json_argv));
	cr_assert(hvctl_wait_output(&js, "current", HARNESS_TIMEOUT_MS),
		  "--json events vm2: %s", js.out);
	HVCTL(&r, "delete", "vm2");
	expect(&r, 0, NULL);
	cr_expect(hvctl_wait_output(&ev, "deleted", HARNESS_TIMEOUT_MS),
		  "no deleted event: %s", ev.out);
	cr_expect(hvctl_wait_output(&js, "deleted", HARNESS_TIMEOUT_MS),
		  "--json events vm2: %s", js.out);

	/* Interrupted, as a user would: SIGINT ends it. */
	cr_assert(hvctl_finish(&ev, true));
	cr_expect_eq(ev.status, 128 + SIGINT, "events exit %d", ev.status);
	hvctl_free(&ev);
	cr_assert(hvctl_finish(&js, true));
	/* One JSON object per line, and only vm2's events. */
	cr_expect(!strstr(js.out, "vm1"), "filtered stream: %s", js.out);
	nl = strchr(js.out, '\n');
	cr_assert(nl);
	*nl = '\0';
	o = json_tokener_parse(js.out);
	cr_assert(o, "event line does not parse: %s", js.out);
	cr_expect_str_eq(json_object_get_string(member(o, "vm")), "vm2");
	cr_expect_str_eq(json_object_get_string(member(o, "event")),
			 "current");
	json_object_put(o);
	hvctl_free(&js);
}

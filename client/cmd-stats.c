// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmd-stats.c: "hvctl stats NAME [--vcpu N] [--watch SECONDS]": the
 * catalogue counters of vm.stats (the VM's and the sum of its vCPUs', or
 * one vCPU's) and each vCPU's async-PF MSR, one row each; with --watch,
 * a view redrawn every SECONDS with the rate per second of each counter
 * since the last sample (from vm.stats' timestamps), in the spirit of
 * kvm_stat, until interrupted or the VM ends.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/args.h"
#include "client/call.h"
#include "client/hvctl.h"
#include "client/table.h"
#include "proto/stats-catalogue.h"

#define WATCH_MAX_S	3600

static void merge(struct json_object *into, struct json_object *from)
{
	json_object_object_foreach(from, k, v)
		json_object_object_add(into, k, json_object_get(v));
}

/* The rows to show: catalogue name (or vcpuN.async_pf_msr) -> value. */
static struct json_object *figures(struct json_object *result)
{
	struct json_object *o = json_object_new_object(), *x, *vcpus;
	char key[64];

	if (json_object_object_get_ex(result, "vcpu", &x)) {
		merge(o, json_object_object_get(x, "stats"));
		if (json_object_object_get_ex(x, "async_pf_msr", &x))
			json_object_object_add(o, "async_pf_msr",
					       json_object_get(x));
		return o;
	}
	merge(o, json_object_object_get(json_object_object_get(result, "vm"),
					"stats"));
	merge(o, json_object_object_get(result, "total"));
	vcpus = json_object_object_get(result, "vcpus");
	for (size_t i = 0; i < json_object_array_length(vcpus); i++) {
		x = json_object_array_get_idx(vcpus, i);
		snprintf(key, sizeof(key), "vcpu%zu.async_pf_msr", i);
		if (json_object_object_get_ex(x, "async_pf_msr", &x))
			json_object_object_add(o, key, json_object_get(x));
	}
	return o;
}

/* Removes "--watch SECONDS" from argv; -1 on a bad value. */
static int take_watch(int *argc, char **argv, long *secs)
{
	char *end;

	*secs = 0;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--watch") != 0)
			continue;
		if (i + 1 >= *argc)
			return -1;
		*secs = strtol(argv[i + 1], &end, 10);
		if (*end || *secs < 1 || *secs > WATCH_MAX_S)
			return -1;
		memmove(&argv[i], &argv[i + 2],
			(size_t)(*argc - i - 2) * sizeof(*argv));
		*argc -= 2;
		return 0;
	}
	return 0;
}

static double seconds(struct json_object *result)
{
	return (double)json_object_get_uint64(json_object_object_get(
		result, "timestamp_ns")) / 1e9;
}

/* Only counters have rates (not levels, nor the async-PF MSR). */
static bool cumulative(const char *name)
{
	const struct hv_stat_desc *d = hv_stat_find(name);

	return d && d->kind == HV_STAT_CUMULATIVE;
}

/* One redraw: every counter with its rate since prev (NULL: none yet). */
static void draw(struct json_object *now, double t, struct json_object *prev,
		 double t0)
{
	struct table *tab = table_new();
	int name = table_column(tab, "COUNTER");
	int total = table_column(tab, "TOTAL");
	int rate = table_column(tab, "PER_SECOND");
	struct json_object *old;
	char buf[64];

	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[J", stdout);
	json_object_object_foreach(now, k, v) {
		table_row(tab);
		table_set(tab, name, json_object_new_string(k));
		table_set(tab, total, v);
		if (prev && t > t0 && cumulative(k) &&
		    json_object_object_get_ex(prev, k, &old)) {
			snprintf(buf, sizeof(buf), "%.1f",
				 ((double)json_object_get_uint64(v) -
				  (double)json_object_get_uint64(old)) /
				 (t - t0));
			table_set(tab, rate, json_object_new_string(buf));
		}
	}
	table_print(tab, stdout);
	putchar('\n');
	fflush(stdout);
	table_free(tab);
}

static int watch(const struct hvctl_opts *o, const struct hvctl_command *cmd,
		 struct json_object *params, long secs)
{
	struct json_object *reply, *result, *now, *prev = NULL;
	double t, t0 = 0;
	int ret;

	for (;;) {
		ret = hvctl_call(o, hvctl_command_method(cmd)->name,
				 json_object_get(params), -1, &reply, &result);
		if (ret)
			break;
		now = figures(result);
		t = seconds(result);
		json_object_put(reply);
		draw(now, t, prev, t0);
		json_object_put(prev);
		prev = now;
		t0 = t;
		sleep((unsigned int)secs);
	}
	json_object_put(prev);
	json_object_put(params);
	return ret;
}

int cmd_stats(const struct hvctl_opts *o, const struct hvctl_command *cmd,
	      int argc, char **argv)
{
	struct json_object *params, *reply = NULL, *result, *rows;
	long secs;
	int fd, ret;

	if (take_watch(&argc, argv, &secs) < 0) {
		fprintf(stderr, "hvctl stats: --watch takes seconds, 1..%d\n",
			WATCH_MAX_S);
		return HVCTL_EXIT_USAGE;
	}
	ret = args_parse(cmd, argc, argv, &params, &fd);
	if (ret)
		return ret;
	if (secs)
		return watch(o, cmd, params, secs);
	ret = hvctl_call(o, hvctl_command_method(cmd)->name, params, -1,
			 &reply, &result);
	if (ret)
		goto out;
	if (o->json) {
		hvctl_print_json(result);
		goto out;
	}
	rows = figures(result);
	printf("%s\n", json_object_get_string(json_object_object_get(
		result, "name")));
	if (json_object_object_length(rows))
		table_print_object(rows, "COUNTER", "VALUE", stdout);
	else
		puts("no counters");
	json_object_put(rows);
out:
	json_object_put(reply);
	return ret;
}

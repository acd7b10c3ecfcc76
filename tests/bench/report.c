// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.c: collects a benchmark's figures and merges them into the
 * bench-results.json object shared by every benchmark of "make bench".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "tests/bench/report.h"

static struct json_object *figures;

static void put(const char *name, double value, const char *unit,
		struct json_object *baseline, struct json_object *ratio)
{
	struct json_object *f = json_object_new_object();

	if (!figures)
		figures = json_object_new_object();
	json_object_object_add(f, "value", json_object_new_double(value));
	json_object_object_add(f, "unit", json_object_new_string(unit));
	json_object_object_add(f, "baseline", baseline);
	json_object_object_add(f, "ratio", ratio);
	json_object_object_add(figures, name, f);
}

void bench_record(const char *name, double value, const char *unit)
{
	put(name, value, unit, NULL, NULL);
}

void bench_record_vs(const char *name, double value, double baseline,
		     const char *unit, enum bench_better better)
{
	double ratio = 0;

	if (better == BENCH_HIGHER_IS_BETTER && baseline != 0)
		ratio = value / baseline;
	else if (better == BENCH_LOWER_IS_BETTER && value != 0)
		ratio = baseline / value;
	put(name, value, unit, json_object_new_double(baseline),
	    json_object_new_double(ratio));
}

void bench_record_ratio(const char *name, double ratio)
{
	put(name, ratio, "x", NULL, json_object_new_double(ratio));
}

bool bench_report_write(void)
{
	const char *path = getenv("HV_BENCH_RESULTS");
	struct json_object *all = NULL;
	const char *text;
	bool ok;
	FILE *f;

	if (!figures)
		return true;
	if (!path) {
		printf("%s\n", json_object_to_json_string_ext(figures,
				JSON_C_TO_STRING_PRETTY));
		return true;
	}
	f = fopen(path, "r");
	if (f) {
		fclose(f);
		all = json_object_from_file(path);
	}
	if (!all || !json_object_is_type(all, json_type_object)) {
		json_object_put(all);
		all = json_object_new_object();
	}
	json_object_object_foreach(figures, key, val)
		json_object_object_add(all, key, json_object_get(val));
	text = json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY);
	f = fopen(path, "w");
	ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	if (f && fclose(f) != 0)
		ok = false;
	json_object_put(all);
	if (!ok)
		fprintf(stderr, "bench: cannot write %s\n", path);
	return ok;
}

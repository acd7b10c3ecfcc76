/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * report.h: how a benchmark records its figures. Every figure is a name
 * from the issues (e.g. "rpc.vm_list.rps.c256"), a value and unit, and an
 * optional baseline measured in the same run; the ratio is oriented so that
 * above 1 always means better. bench_report_write() merges the figures into
 * the JSON file named by $HV_BENCH_RESULTS (bench-results.json under
 * "make bench"); without that variable it only prints them.
 */
#ifndef HV_TESTS_BENCH_REPORT_H
#define HV_TESTS_BENCH_REPORT_H

#include <stdbool.h>

enum bench_better {
	BENCH_HIGHER_IS_BETTER,	/* ratio = value / baseline */
	BENCH_LOWER_IS_BETTER,	/* ratio = baseline / value */
};

/* A figure without a baseline: "baseline" and "ratio" are null. */
void bench_record(const char *name, double value, const char *unit);

/* A figure with a baseline measured in the same run. */
void bench_record_vs(const char *name, double value, double baseline,
		     const char *unit, enum bench_better better);

/* A figure that is itself a ratio (unit "x"), already oriented. */
void bench_record_ratio(const char *name, double ratio);

/* Merge everything recorded into $HV_BENCH_RESULTS; false on I/O error. */
bool bench_report_write(void);

#endif

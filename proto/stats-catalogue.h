/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * stats-catalogue.h: the one catalogue of every statistic hv reports, with
 * its unit, kind and scope. Accelerators map their own counters into these
 * names; a figure an accelerator cannot provide is absent, never zero.
 */
#ifndef HV_PROTO_STATS_CATALOGUE_H
#define HV_PROTO_STATS_CATALOGUE_H

#include <stddef.h>

enum hv_stat_kind {
	HV_STAT_CUMULATIVE,	/* only grows while the VM lives */
	HV_STAT_INSTANT,	/* a level at the time of reading */
	HV_STAT_PEAK,		/* the highest level seen */
};

enum hv_stat_scope {
	HV_STAT_VM,
	HV_STAT_VCPU,
};

struct hv_stat_desc {
	const char *name;
	const char *unit;
	enum hv_stat_kind kind;
	enum hv_stat_scope scope;
	const char *description;
};

extern const struct hv_stat_desc hv_stat_catalogue[];
extern const size_t hv_stat_catalogue_len;

/* The entry called name, or NULL. */
const struct hv_stat_desc *hv_stat_find(const char *name);

const char *hv_stat_kind_name(enum hv_stat_kind kind);
const char *hv_stat_scope_name(enum hv_stat_scope scope);

#endif

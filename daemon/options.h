/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * options.h: hvd's command line. Options override hvd.conf's keys of the
 * same meaning, at start and again after each SIGHUP reload.
 */
#ifndef HV_DAEMON_OPTIONS_H
#define HV_DAEMON_OPTIONS_H

#include <stdbool.h>

#include "daemon/config.h"

#define OVERRIDES_MAX 16

struct hvd_options {
	const char *config_path;
	bool config_explicit;	/* --config given: the file must exist */
	bool foreground;
	/* hvd.conf keys set on the command line, as "key", "value" pairs */
	const char *overrides[OVERRIDES_MAX];
	int n_overrides;
};

/*
 * Parses argv. Returns 0 to go on, or the exit status for --help,
 * --version (0) and usage errors (2), having printed what is needed.
 */
int options_parse(struct hvd_options *opts, int argc, char **argv, bool *exit);

/* Applies the command-line overrides to cfg. */
bool options_apply(const struct hvd_options *opts, struct hvd_config *cfg,
		   char *err, size_t errsize);

#endif

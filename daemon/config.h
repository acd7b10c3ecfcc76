/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config.h: hvd's settings: built-in defaults, then hvd.conf, then the
 * command line. The keys and their meaning are listed in config.c.
 */
#ifndef HV_DAEMON_CONFIG_H
#define HV_DAEMON_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#define HVD_DEFAULT_CONFIG	"/etc/hvd/hvd.conf"

struct hvd_config {
	char *socket;		/* NULL: RUNTIME_DIR/hvd.sock */
	char *ro_socket;	/* NULL: RUNTIME_DIR/hvd-ro.sock */
	bool ro_socket_enabled;
	char *state_dir;
	char *log_dir;
	char *runtime_dir;
	char *group;
	long long max_clients;
	long long client_output_limit;
	long long idle_timeout_ms;
};

/* Fills cfg with the built-in defaults. */
void config_defaults(struct hvd_config *cfg);
void config_free(struct hvd_config *cfg);

/*
 * Reads "key = value" lines from path into cfg. A missing file is fine
 * when missing_ok. On error writes "path:line: reason" into err and
 * returns false, leaving cfg partly updated (callers load into a copy).
 */
bool config_load(struct hvd_config *cfg, const char *path, bool missing_ok,
		 char *err, size_t errsize);

/* Sets one key from its text value (the parser and --option use this). */
bool config_set(struct hvd_config *cfg, const char *key, const char *value,
		char *err, size_t errsize);

/* The socket paths with their RUNTIME_DIR defaults applied (malloc'd). */
char *config_socket_path(const struct hvd_config *cfg, bool ro);

/* True when the key's new value only takes effect after a restart. */
bool config_needs_restart(const struct hvd_config *old,
			  const struct hvd_config *new, const char **key);

/* Swaps the restart-only keys' values of new and old, so that new keeps
 * the running ones (old, about to be freed, gets the discarded ones). */
void config_keep_restart_keys(struct hvd_config *new, struct hvd_config *old);

#endif

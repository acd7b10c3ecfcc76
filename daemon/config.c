// SPDX-License-Identifier: GPL-2.0-only
/*
 * config.c: parses hvd.conf. The format is one "key = value" per line;
 * blank lines and lines starting with '#' are ignored; spaces around key
 * and value are trimmed; values are not quoted. An unknown key or a bad
 * value is an error naming the file and line, and nothing is applied.
 *
 * Keys (defaults in brackets; * = takes effect at restart, the others
 * also on SIGHUP):
 *   socket = PATH              * read-write socket [RUNTIME_DIR/hvd.sock]
 *   ro_socket = PATH           * read-only socket [RUNTIME_DIR/hvd-ro.sock]
 *   ro_socket_enabled = BOOL   * open the read-only socket [yes]
 *   state_dir = DIR            * VM definitions and images [/var/lib/hvd]
 *   log_dir = DIR              * console logs [/var/log/hvd]
 *   runtime_dir = DIR          * sockets, per-VM runtime files [/run/hvd]
 *   group = NAME               group owning hvd.sock whose members may
 *                              change state [hvd]
 *   max_clients = N            concurrent clients, 1..1000000 [1024]
 *   client_output_limit = BYTES  replies and events queued for one
 *                              client before it is dropped, 65536..1 GiB
 *                              [4194304]
 *   idle_timeout_ms = MS       a half-sent request line, or unread replies
 *                              that do not move, for this long drop the
 *                              client, 100..86400000 [30000]
 * BOOL is yes/no, true/false, on/off or 1/0.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemon/config.h"

enum key_type { KEY_PATH, KEY_NAME, KEY_INT, KEY_BOOL };

struct key {
	const char *name;
	enum key_type type;
	size_t offset;
	long long min, max;	/* KEY_INT */
	bool restart;		/* changes apply only at restart */
};

#define OFF(field) offsetof(struct hvd_config, field)

static const struct key keys[] = {
	{ "socket", KEY_PATH, OFF(socket), 0, 0, true },
	{ "ro_socket", KEY_PATH, OFF(ro_socket), 0, 0, true },
	{ "ro_socket_enabled", KEY_BOOL, OFF(ro_socket_enabled), 0, 0, true },
	{ "state_dir", KEY_PATH, OFF(state_dir), 0, 0, true },
	{ "log_dir", KEY_PATH, OFF(log_dir), 0, 0, true },
	{ "runtime_dir", KEY_PATH, OFF(runtime_dir), 0, 0, true },
	{ "group", KEY_NAME, OFF(group), 0, 0, false },
	{ "max_clients", KEY_INT, OFF(max_clients), 1, 1000000, false },
	{ "client_output_limit", KEY_INT, OFF(client_output_limit),
	  65536, 1LL << 30, false },
	{ "idle_timeout_ms", KEY_INT, OFF(idle_timeout_ms),
	  100, 86400000, false },
};

#define FIELD(cfg, k, type) ((type *)((char *)(cfg) + (k)->offset))

void config_defaults(struct hvd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ro_socket_enabled = true;
	cfg->state_dir = strdup("/var/lib/hvd");
	cfg->log_dir = strdup("/var/log/hvd");
	cfg->runtime_dir = strdup("/run/hvd");
	cfg->group = strdup("hvd");
	cfg->max_clients = 1024;
	cfg->client_output_limit = 4 << 20;
	cfg->idle_timeout_ms = 30000;
}

void config_free(struct hvd_config *cfg)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].type == KEY_PATH || keys[i].type == KEY_NAME)
			free(*FIELD(cfg, &keys[i], char *));
	memset(cfg, 0, sizeof(*cfg));
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

bool config_set(struct hvd_config *cfg, const char *key, const char *value,
		char *err, size_t errsize)
{
	const struct key *k = NULL;
	long long n;
	char *end;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, key) == 0)
			k = &keys[i];
	if (!k) {
		snprintf(err, errsize, "unknown key '%s'", key);
		return false;
	}
	switch (k->type) {
	case KEY_PATH:
		if (value[0] != '/') {
			snprintf(err, errsize, "%s must be an absolute path",
				 key);
			return false;
		}
		/* fall through */
	case KEY_NAME:
		if (!value[0] || strlen(value) > 4000) {
			snprintf(err, errsize, "%s must not be empty", key);
			return false;
		}
		free(*FIELD(cfg, k, char *));
		*FIELD(cfg, k, char *) = strdup(value);
		return true;
	case KEY_INT:
		errno = 0;
		n = strtoll(value, &end, 10);
		if (errno || end == value || *end || n < k->min || n > k->max) {
			snprintf(err, errsize, "%s must be an integer in %lld..%lld",
				 key, k->min, k->max);
			return false;
		}
		*FIELD(cfg, k, long long) = n;
		return true;
	case KEY_BOOL:
		if (!parse_bool(value, FIELD(cfg, k, bool))) {
			snprintf(err, errsize, "%s must be yes or no", key);
			return false;
		}
		return true;
	}
	return false;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
			 e[-1] == '\r'))
		*--e = '\0';
	return s;
}

bool config_load(struct hvd_config *cfg, const char *path, bool missing_ok,
		 char *err, size_t errsize)
{
	char line[4200], why[200];
	unsigned lineno = 0;
	FILE *f;
	bool ok = true;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && missing_ok)
			return true;
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return false;
	}
	while (ok && fgets(line, sizeof(line), f)) {
		char *s = trim(line), *eq;

		lineno++;
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errsize, "%s:%u: expected key = value",
				 path, lineno);
			ok = false;
			break;
		}
		*eq = '\0';
		if (!config_set(cfg, trim(s), trim(eq + 1), why, sizeof(why))) {
			snprintf(err, errsize, "%s:%u: %s", path, lineno, why);
			ok = false;
		}
	}
	if (ok && ferror(f)) {
		snprintf(err, errsize, "%s: read error", path);
		ok = false;
	}
	fclose(f);
	return ok;
}

char *config_socket_path(const struct hvd_config *cfg, bool ro)
{
	const char *set = ro ? cfg->ro_socket : cfg->socket;
	char *p;

	if (set)
		return strdup(set);
	if (asprintf(&p, "%s/%s", cfg->runtime_dir,
		     ro ? "hvd-ro.sock" : "hvd.sock") < 0)
		return NULL;
	return p;
}

static bool same(const struct hvd_config *a, const struct hvd_config *b,
		 const struct key *k)
{
	const char *x, *y;

	switch (k->type) {
	case KEY_PATH:
	case KEY_NAME:
		x = *FIELD(a, k, char *);
		y = *FIELD(b, k, char *);
		return (!x && !y) || (x && y && strcmp(x, y) == 0);
	case KEY_INT:
		return *FIELD(a, k, long long) == *FIELD(b, k, long long);
	case KEY_BOOL:
		return *FIELD(a, k, bool) == *FIELD(b, k, bool);
	}
	return true;
}

bool config_needs_restart(const struct hvd_config *old,
			  const struct hvd_config *new, const char **key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].restart && !same(old, new, &keys[i])) {
			*key = keys[i].name;
			return true;
		}
	}
	return false;
}

void config_keep_restart_keys(struct hvd_config *new, struct hvd_config *old)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key *k = &keys[i];
		char *s;
		bool b;

		if (!k->restart)
			continue;
		switch (k->type) {
		case KEY_PATH:
		case KEY_NAME:
			s = *FIELD(new, k, char *);
			*FIELD(new, k, char *) = *FIELD(old, k, char *);
			*FIELD(old, k, char *) = s;
			break;
		case KEY_BOOL:
			b = *FIELD(new, k, bool);
			*FIELD(new, k, bool) = *FIELD(old, k, bool);
			*FIELD(old, k, bool) = b;
			break;
		case KEY_INT:
			break;	/* every int key applies on reload */
		}
	}
}

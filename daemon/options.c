// SPDX-License-Identifier: GPL-2.0-only
/*
 * options.c: parses hvd's command-line options.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "daemon/options.h"

/* Long options that set an hvd.conf key; the key is the option's name. */
static const struct option long_opts[] = {
	{ "socket", required_argument, NULL, 's' },
	{ "ro-socket", required_argument, NULL, 'r' },
	{ "state-dir", required_argument, NULL, 'S' },
	{ "log-dir", required_argument, NULL, 'L' },
	{ "runtime-dir", required_argument, NULL, 'R' },
	{ "config", required_argument, NULL, 'c' },
	{ "foreground", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ 0 }
};

static const struct {
	int opt;
	const char *key;
} option_keys[] = {
	{ 's', "socket" }, { 'r', "ro_socket" }, { 'S', "state_dir" },
	{ 'L', "log_dir" }, { 'R', "runtime_dir" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: hvd [OPTION]...\n"
		"The hv control daemon: keeps VM definitions and answers JSON-RPC\n"
		"on a unix socket.\n\n"
		"  --socket PATH       read-write socket [RUNTIME_DIR/hvd.sock]\n"
		"  --ro-socket PATH    read-only socket [RUNTIME_DIR/hvd-ro.sock]\n"
		"  --state-dir DIR     definitions and images [/var/lib/hvd]\n"
		"  --log-dir DIR       console logs [/var/log/hvd]\n"
		"  --runtime-dir DIR   sockets and runtime files [/run/hvd]\n"
		"  --config FILE       configuration [" HVD_DEFAULT_CONFIG "]\n"
		"  --foreground        do not detach\n"
		"  --help, --version\n");
}

int options_parse(struct hvd_options *opts, int argc, char **argv, bool *exit)
{
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->config_path = HVD_DEFAULT_CONFIG;
	*exit = false;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opts->config_path = optarg;
			opts->config_explicit = true;
			continue;
		case 'f':
			opts->foreground = true;
			continue;
		case 'h':
			usage(stdout);
			*exit = true;
			return 0;
		case 'V':
			printf("hvd %s\n", PACKAGE_VERSION);
			*exit = true;
			return 0;
		}
		for (size_t i = 0; i < sizeof(option_keys) /
		     sizeof(option_keys[0]); i++) {
			if (option_keys[i].opt != c)
				continue;
			if (opts->n_overrides + 2 > OVERRIDES_MAX) {
				fprintf(stderr, "hvd: too many options\n");
				*exit = true;
				return 2;
			}
			opts->overrides[opts->n_overrides++] =
				option_keys[i].key;
			opts->overrides[opts->n_overrides++] = optarg;
			break;
		}
		if (c == '?') {
			usage(stderr);
			*exit = true;
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hvd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		*exit = true;
		return 2;
	}
	return 0;
}

bool options_apply(const struct hvd_options *opts, struct hvd_config *cfg,
		   char *err, size_t errsize)
{
	for (int i = 0; i < opts->n_overrides; i += 2)
		if (!config_set(cfg, opts->overrides[i],
				opts->overrides[i + 1], err, errsize))
			return false;
	return true;
}

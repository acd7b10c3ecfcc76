// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-config.c: hvd.conf parsing (every key, comments, errors with file
 * and line), command-line overrides and the restart-only keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "daemon/config.h"
#include "daemon/options.h"

static char path[64];

static void write_conf(const char *text)
{
	int fd;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/hvconf.XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

static void teardown(void)
{
	if (path[0])
		unlink(path);
}

TestSuite(config, .fini = teardown);

Test(config, defaults)
{
	struct hvd_config c;
	char *s;

	config_defaults(&c);
	cr_assert_str_eq(c.state_dir, "/var/lib/hvd");
	cr_assert_eq(c.max_clients, 1024);
	cr_assert(c.ro_socket_enabled);
	s = config_socket_path(&c, false);
	cr_assert_str_eq(s, "/run/hvd/hvd.sock");
	free(s);
	s = config_socket_path(&c, true);
	cr_assert_str_eq(s, "/run/hvd/hvd-ro.sock");
	free(s);
	config_free(&c);
}

Test(config, every_key)
{
	struct hvd_config c;
	char err[300];

	write_conf("# comment\n\n  socket = /a/s.sock  \nro_socket=/a/ro\n"
		   "ro_socket_enabled = no\nstate_dir = /s\nlog_dir = /l\n"
		   "runtime_dir = /r\ngroup = wheel\nmax_clients = 7\n"
		   "client_output_limit = 65536\nidle_timeout_ms = 100\n");
	config_defaults(&c);
	cr_assert(config_load(&c, path, false, err, sizeof(err)), "%s", err);
	cr_assert_str_eq(c.socket, "/a/s.sock");
	cr_assert_str_eq(c.ro_socket, "/a/ro");
	cr_assert_not(c.ro_socket_enabled);
	cr_assert_str_eq(c.state_dir, "/s");
	cr_assert_str_eq(c.log_dir, "/l");
	cr_assert_str_eq(c.runtime_dir, "/r");
	cr_assert_str_eq(c.group, "wheel");
	cr_assert_eq(c.max_clients, 7);
	cr_assert_eq(c.client_output_limit, 65536);
	cr_assert_eq(c.idle_timeout_ms, 100);
	config_free(&c);
}

static const struct {
	const char *text;
	const char *error;
} bad[] = {
	{ "nokey\n", ":1: expected key = value" },
	{ "# x\nfoo = 1\n", ":2: unknown key 'foo'" },
	{ "max_clients = 0\n", ":1: max_clients must be an integer" },
	{ "max_clients = 12x\n", ":1: max_clients must be an integer" },
	{ "idle_timeout_ms = 99\n", "idle_timeout_ms must be an integer" },
	{ "state_dir = relative\n", ":1: state_dir must be an absolute path" },
	{ "ro_socket_enabled = maybe\n", "ro_socket_enabled must be yes or no" },
	{ "group =\n", ":1: group must not be empty" },
};

Test(config, errors_name_file_and_line)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hvd_config c;
		char err[300];

		write_conf(bad[i].text);
		config_defaults(&c);
		cr_assert_not(config_load(&c, path, false, err, sizeof(err)),
			      "accepted: %s", bad[i].text);
		cr_assert_not_null(strstr(err, bad[i].error), "%s", err);
		cr_assert_not_null(strstr(err, path), "%s", err);
		config_free(&c);
		unlink(path);
	}
}

Test(config, missing_file)
{
	struct hvd_config c;
	char err[300];

	config_defaults(&c);
	cr_assert(config_load(&c, "/nonexistent/hvd.conf", true, err,
			      sizeof(err)));
	cr_assert_not(config_load(&c, "/nonexistent/hvd.conf", false, err,
				  sizeof(err)));
	cr_assert_not_null(strstr(err, "/nonexistent/hvd.conf"));
	config_free(&c);
}

Test(config, options_override_and_restart_keys)
{
	char *argv[] = { "hvd", "--state-dir", "/x", "--runtime-dir", "/rt",
			 "--config", "/c.conf", "--foreground", NULL };
	struct hvd_options o;
	struct hvd_config a, b;
	const char *key = NULL;
	char err[300], *s;
	bool exit;

	optind = 1;
	cr_assert_eq(options_parse(&o, 8, argv, &exit), 0);
	cr_assert_not(exit);
	cr_assert(o.foreground);
	cr_assert(o.config_explicit);
	cr_assert_str_eq(o.config_path, "/c.conf");
	config_defaults(&a);
	cr_assert(options_apply(&o, &a, err, sizeof(err)));
	cr_assert_str_eq(a.state_dir, "/x");
	s = config_socket_path(&a, false);
	cr_assert_str_eq(s, "/rt/hvd.sock");
	free(s);

	config_defaults(&b);
	b.max_clients = 5;
	cr_assert(config_needs_restart(&a, &b, &key));
	cr_assert_str_eq(key, "state_dir");
	config_keep_restart_keys(&b, &a);
	cr_assert_str_eq(b.state_dir, "/x");
	cr_assert_eq(b.max_clients, 5, "reloadable keys take effect");
	cr_assert_not(config_needs_restart(&a, &a, &key));
	config_free(&a);
	config_free(&b);
}

Test(config, bad_option_is_usage_error)
{
	char *argv[] = { "hvd", "--bogus", NULL };
	struct hvd_options o;
	bool exit;

	optind = 1;
	opterr = 0;
	cr_assert_eq(options_parse(&o, 2, argv, &exit), 2);
	cr_assert(exit);
}

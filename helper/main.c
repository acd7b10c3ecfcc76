// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c: hvd-helper's start: options, the users it serves and runs
 * monitors as, the monitor program check, the socket (systemd's or
 * --fd's), the capability cut, the monitor registry; then serve().
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>

#include "helper/helper.h"

static const char usage[] =
	"usage: hvd-helper [--fd N] [--user USER] [--monitor-user USER]\n"
	"                  [--monitor PATH] [--state FILE] [--tracefs DIR]\n"
	"                  [--modules DIR] [--stderr]\n";

static int fail(const char *what, const char *detail)
{
	hlog(LOG_ERR, NULL, NULL, NULL, "%s: %s", what, detail);
	return 1;
}

/* USER is a name or a number (then uid and gid both). */
static int resolve_user(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(user, &end, 10);
	if (*user && !*end && !errno && n < (uid_t)-1) {
		*uid = (uid_t)n;
		*gid = (gid_t)n;
		return 0;
	}
	pw = getpwnam(user);
	if (!pw)
		return -ENOENT;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/* The monitor must be root's and writable by root only. */
static int check_monitor(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return fail(path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) || !(st.st_mode & S_IXOTH))
		return fail(path, "monitor must be a root-owned executable "
			    "writable by root only");
	if (st.st_mode & S_IROTH)
		hlog(LOG_WARNING, NULL, NULL, NULL, "%s is world-readable: "
		     "monitors become dumpable after exec (install it 0711)",
		     path);
	return 0;
}

/* The socket to serve: --fd N, or the one systemd passed. */
static int pick_socket(const char *fd_arg)
{
	int fd, type = 0, domain = 0;
	socklen_t len = sizeof(type);
	char *end;

	if (fd_arg) {
		fd = (int)strtol(fd_arg, &end, 10);
		if (*end || fd < 0)
			return -EBADF;
	} else {
		if (sd_listen_fds(1) != 1)
			return -ENOENT;
		fd = SD_LISTEN_FDS_START;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
		return -errno;
	len = sizeof(domain);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0)
		return -errno;
	if (type != SOCK_SEQPACKET || domain != AF_UNIX)
		return -ESOCKTNOSUPPORT;
	return fd;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fd", required_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'u' },
		{ "monitor-user", required_argument, NULL, 'm' },
		{ "monitor", required_argument, NULL, 'p' },
		{ "state", required_argument, NULL, 's' },
		{ "tracefs", required_argument, NULL, 't' },
		{ "modules", required_argument, NULL, 'd' },
		{ "stderr", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	struct helper_config cfg = {
		.monitor = HV_MONITOR_PATH,
		.state_file = "/run/hvd-helper/monitors",
		.tracefs = "/sys/kernel/tracing",
	};
	const char *user = "hvd", *vm_user = "hv-vm", *fd_arg = NULL, *why;
	gid_t unused;
	int c, sock, err;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fd_arg = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'm':
			vm_user = optarg;
			break;
		case 'p':
			cfg.monitor = optarg;
			break;
		case 's':
			cfg.state_file = optarg;
			break;
		case 't':
			cfg.tracefs = optarg;
			break;
		case 'd':
			cfg.modules = optarg;
			break;
		case 'e':
			cfg.log_stderr = 1;
			break;
		case 'V':
			printf("hvd-helper %s (wire version %d)\n",
			       PACKAGE_VERSION, HW_VERSION);
			return 0;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	log_init(cfg.log_stderr);
	if (getuid() != 0 || geteuid() != 0)
		return fail("start", "hvd-helper must be started as root");
	if (resolve_user(user, &cfg.hvd_uid, &unused) < 0)
		return fail(user, "no such user (the hvd user)");
	if (resolve_user(vm_user, &cfg.vm_uid, &cfg.vm_gid) < 0)
		return fail(vm_user, "no such user (the monitors' user)");
	if (cfg.vm_uid == 0 || cfg.vm_uid == cfg.hvd_uid)
		return fail(vm_user, "monitors need a user of their own");
	if (check_monitor(cfg.monitor))
		return 1;
	sock = pick_socket(fd_arg);
	if (sock < 0)
		return fail("socket", sock == -ENOENT ?
			    "start through hvd-helper.socket or with --fd N" :
			    "not a unix SOCK_SEQPACKET socket");
	err = caps_restrict();
	if (err)
		return fail("capabilities", strerror(-err));
	err = registry_load(&cfg, &why);
	if (err)
		return fail(why, strerror(-err));
	signal(SIGPIPE, SIG_IGN);
	hlog(LOG_INFO, NULL, NULL, NULL, "serving hvd uid %u, monitors %s "
	     "as uid %u", (unsigned int)cfg.hvd_uid, cfg.monitor,
	     (unsigned int)cfg.vm_uid);
	err = serve(&cfg, sock);
	if (err)
		return fail("serve", strerror(-err));
	return 0;
}

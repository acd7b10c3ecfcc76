// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake-monitor.c: stands in for hv-vm in the helper tests until the real
 * monitor is merged: the helper starts it like a monitor, and it writes
 * to fd 3 what the tests check (its /proc/self/status, open fds,
 * environment, arguments, limits, dumpable flag, process group and
 * session, whether seccomp lets it open a network socket), closes fd 3
 * and waits to be signalled.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

extern char **environ;

static void copy_status(FILE *out)
{
	FILE *in = fopen("/proc/self/status", "r");
	char line[256];

	while (in && fgets(line, sizeof(line), in))
		fputs(line, out);
	if (in)
		fclose(in);
}

static void list_fds(FILE *out)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			fprintf(out, "fd:\t%s\n", e->d_name);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	FILE *out = fdopen(3, "w");
	struct rlimit nofile, as;
	char **e;
	int i;

	if (!out)
		return 1;
	copy_status(out);
	list_fds(out);
	for (e = environ; *e; e++)
		fprintf(out, "env:\t%s\n", *e);
	for (i = 1; i < argc; i++)
		fprintf(out, "arg:\t%s\n", argv[i]);
	getrlimit(RLIMIT_NOFILE, &nofile);
	getrlimit(RLIMIT_AS, &as);
	fprintf(out, "nofile:\t%llu %llu\nas:\t%llu %llu\n",
		(unsigned long long)nofile.rlim_cur,
		(unsigned long long)nofile.rlim_max,
		(unsigned long long)as.rlim_cur,
		(unsigned long long)as.rlim_max);
	fprintf(out, "dumpable:\t%d\npgid:\t%d\nsid:\t%d\n",
		prctl(PR_GET_DUMPABLE), (int)getpgrp(), (int)getsid(0));
	/* outside the seccomp allow-list: a network socket */
	fprintf(out, "inet socket:\t%s\n",
		socket(AF_INET, SOCK_STREAM, 0) < 0 ? strerror(errno) : "open");
	fclose(out);
	for (;;)
		pause();
}

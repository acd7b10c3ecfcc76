// SPDX-License-Identifier: GPL-2.0-only
/*
 * module.c: loads hv.ko and nothing else. The module name is fixed; its
 * file and dependencies come from modules.dep of the running kernel (as
 * modprobe finds them) and are loaded with finit_module(), no exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/module.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "helper/helper.h"

#define DEP_LINE_MAX	4096

static int is_module(const char *path, const char *name)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(name);

	base = base ? base + 1 : path;
	return !strncmp(base, name, n) && !strncmp(base + n, ".ko", 3) &&
	       (base[n + 3] == '\0' || base[n + 3] == '.');
}

static int load_file(struct hreq *h, const char *dir, const char *rel)
{
	char path[PATH_MAX];
	int flags = 0, fd, err = 0;
	const char *ext = strrchr(rel, '.');

	if (snprintf(path, sizeof(path), "%s/%s", dir, rel) >= PATH_MAX)
		return hfail(h, -ENAMETOOLONG, "module path too long");
	if (ext && strcmp(ext, ".ko"))
		flags = MODULE_INIT_COMPRESSED_FILE;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return hfail(h, -errno, "cannot open %s: %s", path,
			     strerror(errno));
	if (syscall(SYS_finit_module, fd, "", flags) < 0 && errno != EEXIST)
		err = hfail(h, -errno, "finit_module %s: %s", path,
			    strerror(errno));
	close(fd);
	return err;
}

/* Finds "hv.ko...: deps" in modules.dep; *line keeps the line. */
static int find_entry(struct hreq *h, const char *dir, char *line)
{
	char path[PATH_MAX];
	FILE *f;
	int err = -ENOENT;

	if (snprintf(path, sizeof(path), "%s/modules.dep", dir) >= PATH_MAX)
		return hfail(h, -ENAMETOOLONG, "module directory too long");
	f = fopen(path, "re");
	if (!f)
		return hfail(h, -errno, "cannot read %s: %s (is hv.ko "
			     "installed?)", path, strerror(errno));
	while (fgets(line, DEP_LINE_MAX, f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = '\0';
		if (is_module(line, HELPER_MODULE)) {
			memmove(line + strlen(line) + 1, colon + 1,
				strlen(colon + 1) + 1);
			err = 0;
			break;
		}
	}
	fclose(f);
	if (err)
		return hfail(h, err, "module %s is not in %s", HELPER_MODULE,
			     path);
	return 0;
}

int handle_load_module(struct hreq *h)
{
	char line[DEP_LINE_MAX], dir[PATH_MAX];
	char *deps[32], *tok, *save;
	struct utsname u;
	int n = 0, err;

	if (h->cfg->modules) {
		snprintf(dir, sizeof(dir), "%s", h->cfg->modules);
	} else {
		uname(&u);
		snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	}
	err = find_entry(h, dir, line);
	if (err)
		return err;
	for (tok = strtok_r(line + strlen(line) + 1, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (n == (int)(sizeof(deps) / sizeof(deps[0])))
			return hfail(h, -E2BIG, "too many dependencies");
		deps[n++] = tok;
	}
	/* modules.dep lists what a dependency needs after it: load last first */
	while (n--) {
		err = load_file(h, dir, deps[n]);
		if (err)
			return err;
	}
	return load_file(h, dir, line);
}

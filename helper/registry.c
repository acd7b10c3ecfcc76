// SPDX-License-Identifier: GPL-2.0-only
/*
 * registry.c: the monitors this helper started (pid, start time, VM),
 * mirrored in a root-only state file so that a restarted helper still
 * knows them and never acts on a pid that was recycled since. The file:
 * "hvd-helper-monitors 1" then one "PID START VM" line per monitor.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper/helper.h"

#define STATE_MAGIC	"hvd-helper-monitors"
#define STATE_VERSION	1
#define MAX_MONITORS	256

static struct monitor monitors[MAX_MONITORS];
static unsigned int nmonitors;
static const char *state_file;

unsigned long long proc_start_time(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold anything: fields restart after its last ')' */
	p = strrchr(buf, ')');
	for (i = 2; p && i < 22; i++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

int registry_alive(const struct monitor *m)
{
	return proc_start_time(m->pid) == m->start;
}

static int save(void)
{
	char tmp[PATH_MAX];
	unsigned int i;
	FILE *f;
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", state_file) >= PATH_MAX)
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	fprintf(f, "%s %d\n", STATE_MAGIC, STATE_VERSION);
	for (i = 0; i < nmonitors; i++)
		fprintf(f, "%d %llu %s\n", (int)monitors[i].pid,
			monitors[i].start, monitors[i].vm);
	if (fflush(f) || fsync(fd) || fclose(f)) {
		unlink(tmp);
		return -EIO;
	}
	return rename(tmp, state_file) ? -errno : 0;
}

static int parse(FILE *f, const char **why)
{
	char line[128], vm[HW_NAME_MAX + 2];
	struct monitor m;
	int version, pid;

	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, STATE_MAGIC " %d", &version) != 1) {
		*why = "state file: not a hvd-helper state file";
		return -EINVAL;
	}
	if (version != STATE_VERSION) {
		*why = "state file: unknown format version";
		return -EPROTONOSUPPORT;
	}
	while (fgets(line, sizeof(line), f)) {
		memset(&m, 0, sizeof(m));
		if (sscanf(line, "%d %llu %65s", &pid, &m.start, vm) != 3 ||
		    pid <= 0 || strlen(vm) > HW_NAME_MAX ||
		    !hw_name_valid(vm) || nmonitors == MAX_MONITORS) {
			*why = "state file: malformed record";
			return -EINVAL;
		}
		m.pid = pid;
		strcpy(m.vm, vm);
		if (registry_alive(&m))
			monitors[nmonitors++] = m;
	}
	return 0;
}

int registry_load(const struct helper_config *cfg, const char **why)
{
	char dir[PATH_MAX];
	FILE *f;
	int err = 0;

	state_file = cfg->state_file;
	snprintf(dir, sizeof(dir), "%s", state_file);
	if (mkdir(dirname(dir), 0700) < 0 && errno != EEXIST) {
		*why = "cannot create the state directory";
		return -errno;
	}
	f = fopen(state_file, "re");
	if (f) {
		err = parse(f, why);
		fclose(f);
	} else if (errno != ENOENT) {
		*why = "cannot read the state file";
		return -errno;
	}
	if (!err && (err = save()))
		*why = "cannot write the state file";
	return err;
}

int registry_full(void)
{
	return nmonitors == MAX_MONITORS;
}

int registry_add(pid_t pid, const char *vm)
{
	struct monitor *m;

	if (nmonitors == MAX_MONITORS)
		return -EAGAIN;
	m = &monitors[nmonitors++];
	m->pid = pid;
	m->start = proc_start_time(pid);
	m->child = 1;
	snprintf(m->vm, sizeof(m->vm), "%s", vm);
	return save();
}

void registry_remove(struct monitor *m)
{
	*m = monitors[--nmonitors];
	save();
}

struct monitor *registry_find_vm(const char *vm)
{
	unsigned int i;

	for (i = 0; i < nmonitors; i++)
		if (!strcmp(monitors[i].vm, vm))
			return &monitors[i];
	return NULL;
}

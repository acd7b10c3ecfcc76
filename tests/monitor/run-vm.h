/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * run-vm.h: runs the built hv-vm on a definition for the monitor's tests
 * and benchmarks: a private directory per run with the definition, the
 * console log and the stats file; stderr captured; bounded by a timeout.
 */
#ifndef HV_TESTS_MONITOR_RUN_VM_H
#define HV_TESTS_MONITOR_RUN_VM_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct vm_run {
	char dir[64];		/* private directory of this run */
	pid_t pid;
	int err_fd;		/* read end of the monitor's stderr */
	bool console_pipe;	/* set before spawning: console to out_fd */
	int out_fd;		/* read end of the monitor's stdout, or -1 */
	/* after vm_run_wait() */
	int status;		/* exit status; -1: killed at the timeout */
	double wall_ms;		/* spawn to exit */
	char err[4096];		/* what the monitor wrote on stderr */
	char *console;		/* the console log, NUL-terminated */
	struct json_object *stats;	/* --stats-json, or NULL */
	double start_ms;
};

/* True when /dev/kvm can be opened; else why in reason. */
bool kvm_usable(char *reason, size_t len);
/* True when /dev/userfaultfd can be opened (uffd memory); else why. */
bool uffd_usable(char *reason, size_t len);
/* Write len bytes to path; -1 on failure. */
int write_file(const char *path, const void *buf, size_t len);

/* Make r->dir; definition JSON text goes to r->dir/def.json. */
int vm_run_prepare(struct vm_run *r, const char *definition);
/* Spawn hv-vm with the definition and extra args (NULL-terminated). The
 * console goes only to the log unless r->console_pipe asks for out_fd,
 * which the caller reads to its end before vm_run_wait(). */
int vm_run_spawn(struct vm_run *r, const char *const *args);
/* Wait (killing it after timeout_ms), collect outputs. */
int vm_run_wait(struct vm_run *r, unsigned int timeout_ms);
/* prepare + spawn + wait. */
int vm_run(struct vm_run *r, const char *definition,
	   const char *const *args, unsigned int timeout_ms);
/* Remove the run's files and free what it holds. */
void vm_run_free(struct vm_run *r);

/* Figures from r->stats: a top-level path like "vm.stats.dirty_pages" or
 * "total.pf_fixed"; false if absent. */
bool stat_get(const struct vm_run *r, const char *path, uint64_t *v);
/* Number of open fds of this process. */
int count_fds(void);

#endif

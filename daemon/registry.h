/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * registry.h: the set of VMs hvd knows, kept sorted by name, and its
 * persistence: one file per VM in STATE/vms/NAME.json (format in vm.h),
 * replaced atomically on every change and read back at start. A file that
 * cannot be read is reported by name and skipped, never deleted or
 * rewritten; a file from a newer hvd is refused the same way.
 */
#ifndef HV_DAEMON_REGISTRY_H
#define HV_DAEMON_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "daemon/vm.h"

struct registry {
	int vms_dirfd;		/* STATE/vms */
	int images_dirfd;	/* STATE/images */
	struct vm **vms;	/* sorted by name */
	size_t count, cap;
	unsigned long generation;	/* changes with every change */
	size_t skipped;		/* files not loaded at the last open */
};

/*
 * Creates STATE/vms and STATE/images if needed and loads every definition.
 * Returns 0, or -1 with why when the directories are unusable.
 */
int registry_open(struct registry *r, const char *state_dir,
		  char *why, size_t whysize);
void registry_close(struct registry *r);

struct vm *registry_find(const struct registry *r, const char *name);

/* Writes vm's file, then adds it or replaces the VM of the same name
 * (which is freed). 0, or -1 and errno (nothing changed). */
int registry_store(struct registry *r, struct vm *vm);

/* Removes the VM's file and image copy and frees it. 0, or -1 and errno. */
int registry_delete(struct registry *r, struct vm *vm);

#endif

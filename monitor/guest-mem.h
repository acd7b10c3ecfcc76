/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest-mem.h: guest RAM of hv-vm: one host mapping from one of the memory
 * backends, laid out as guest-physical regions (below the 3 GiB hole and,
 * for larger guests, from 4 GiB up).
 */
#ifndef HV_MONITOR_GUEST_MEM_H
#define HV_MONITOR_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_PAGE_SIZE		4096ULL
#define GUEST_LOW_MEM_END	0xc0000000ULL	/* 3 GiB: PCI hole above */
#define GUEST_HIGH_MEM_START	0x100000000ULL
#define GUEST_MAX_REGIONS	2

enum mem_backend {
	MEM_ANON,
	MEM_MEMFD,
	MEM_HUGETLB,
	MEM_FILE,
	MEM_UFFD,	/* anonymous memory filled by a userfaultfd pager */
};

struct guest_region {
	uint64_t gpa;
	uint64_t size;
	uint8_t *host;
};

struct guest_mem {
	enum mem_backend backend;
	uint8_t *base;		/* the host mapping */
	size_t len;
	int fd;			/* memfd or file; -1 for anonymous memory */
	struct guest_region regions[GUEST_MAX_REGIONS];
	unsigned int nregions;
};

/* The backend called name; -1 if there is none. */
int mem_backend_parse(const char *name);
const char *mem_backend_name(enum mem_backend backend);

/* Map size bytes of guest RAM; path names the file for MEM_FILE (NULL: an
 * unlinked file in $TMPDIR). On failure err says why, nothing is left. */
int guest_mem_create(struct guest_mem *m, uint64_t size,
		     enum mem_backend backend, const char *path,
		     char *err, size_t errlen);
void guest_mem_destroy(struct guest_mem *m);

/* Host address of [gpa, gpa + len) if it lies in one region, else NULL. */
void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * guest-mem.c: guest RAM backends (anon, memfd, hugetlb, file, uffd) and
 * the guest-physical layout of the mapping (see guest-mem.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "monitor/guest-mem.h"

#define HUGE_PAGE_SIZE	(2ULL << 20)

struct backend_desc {
	const char *name;
	/* Returns the fd to map shared, -1 for private anonymous memory,
	 * or -2 with errno set on failure. */
	int (*open)(uint64_t size, const char *path);
	int mmap_flags;
};

static int open_none(uint64_t size, const char *path)
{
	return -1;
}

static int sized(int fd, uint64_t size)
{
	if (fd < 0)
		return -2;
	if (ftruncate(fd, size) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -2;
	}
	return fd;
}

static int open_memfd(uint64_t size, const char *path)
{
	return sized(memfd_create("hv-guest-ram", MFD_CLOEXEC), size);
}

static int open_hugetlb(uint64_t size, const char *path)
{
	return sized(memfd_create("hv-guest-ram", MFD_CLOEXEC | MFD_HUGETLB),
		     size);
}

static int open_file(uint64_t size, const char *path)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (path)
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	else
		fd = open(dir && *dir ? dir : "/var/tmp",
			  O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	return sized(fd, size);
}

static const struct backend_desc backends[] = {
	[MEM_ANON] = { "anon", open_none, MAP_PRIVATE | MAP_ANONYMOUS },
	[MEM_MEMFD] = { "memfd", open_memfd, MAP_SHARED },
	[MEM_HUGETLB] = { "hugetlb", open_hugetlb, MAP_SHARED },
	[MEM_FILE] = { "file", open_file, MAP_SHARED },
	[MEM_UFFD] = { "uffd", open_none, MAP_PRIVATE | MAP_ANONYMOUS },
};

#define NBACKENDS (sizeof(backends) / sizeof(backends[0]))

int mem_backend_parse(const char *name)
{
	size_t i;

	for (i = 0; i < NBACKENDS; i++)
		if (!strcmp(backends[i].name, name))
			return i;
	return -1;
}

const char *mem_backend_name(enum mem_backend backend)
{
	return backends[backend].name;
}

int guest_mem_create(struct guest_mem *m, uint64_t size,
		     enum mem_backend backend, const char *path,
		     char *err, size_t errlen)
{
	const struct backend_desc *b = &backends[backend];
	uint64_t len = size, low;

	memset(m, 0, sizeof(*m));
	m->backend = backend;
	if (backend == MEM_HUGETLB)
		len = (size + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
	m->fd = b->open(len, path);
	if (m->fd == -2) {
		snprintf(err, errlen, "memory backend %s: %s%s%s", b->name,
			 path ? path : "", path ? ": " : "", strerror(errno));
		return -1;
	}
	/* hugetlb reserves its pages at mmap time, so that a shortage is an
	 * error here rather than a SIGBUS later. */
	m->base = mmap(NULL, len, PROT_READ | PROT_WRITE, b->mmap_flags |
		       (backend == MEM_HUGETLB ? 0 : MAP_NORESERVE), m->fd, 0);
	if (m->base == MAP_FAILED) {
		snprintf(err, errlen, "memory backend %s: mapping %llu MiB: %s%s",
			 b->name, (unsigned long long)(size >> 20),
			 strerror(errno), backend == MEM_HUGETLB ?
			 " (free huge pages: see /proc/sys/vm/nr_hugepages)" :
			 "");
		if (m->fd >= 0)
			close(m->fd);
		return -1;
	}
	m->len = len;
	low = size < GUEST_LOW_MEM_END ? size : GUEST_LOW_MEM_END;
	m->regions[0] = (struct guest_region){ 0, low, m->base };
	m->nregions = 1;
	if (size > low)
		m->regions[m->nregions++] = (struct guest_region){
			GUEST_HIGH_MEM_START, size - low, m->base + low };
	return 0;
}

void guest_mem_destroy(struct guest_mem *m)
{
	if (m->base)
		munmap(m->base, m->len);
	if (m->fd >= 0)
		close(m->fd);
	m->base = NULL;
	m->fd = -1;
}

void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < m->nregions; i++) {
		const struct guest_region *r = &m->regions[i];

		if (gpa >= r->gpa && len <= r->size &&
		    gpa - r->gpa <= r->size - len)
			return r->host + (gpa - r->gpa);
	}
	return NULL;
}

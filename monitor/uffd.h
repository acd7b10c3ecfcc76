/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uffd.h: userfaultfd demand paging for guest RAM. A handler thread
 * resolves every missing page with UFFDIO_COPY of a zero page, after an
 * optional per-page delay, so that host-side faults happen on purpose.
 */
#ifndef HV_MONITOR_UFFD_H
#define HV_MONITOR_UFFD_H

#include <stddef.h>
#include <stdint.h>

struct uffd_pager;

/* Register [base, base + len) and start the handler. dev_fd is an open
 * /dev/userfaultfd (from the helper), or -1 to open it here. */
int uffd_pager_start(void *base, size_t len, int dev_fd, unsigned int delay_us,
		     struct uffd_pager **out, char *err, size_t errlen);
void uffd_pager_stop(struct uffd_pager *p);
/* Pages the handler has filled so far. */
uint64_t uffd_pager_pages(const struct uffd_pager *p);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * uffd.c: the userfaultfd pager of the uffd memory backend (see uffd.h).
 * The userfaultfd comes from /dev/userfaultfd (USERFAULTFD_IOC_NEW), which
 * unlike the unprivileged system call also catches KVM's kernel-mode faults.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/userfaultfd.h>

#include "monitor/uffd.h"

#define PAGE	4096UL

struct uffd_pager {
	int fd;
	int stop_fd;		/* eventfd: ends the handler */
	unsigned int delay_us;
	uint8_t *base;
	size_t len;
	pthread_t thread;
	uint64_t pages;		/* written by the handler only */
	uint8_t zero[PAGE];
};

static void delay(unsigned int us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

	while (us && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int fill(struct uffd_pager *p, uint64_t addr)
{
	struct uffdio_copy c = {
		.dst = addr & ~(PAGE - 1),
		.src = (uintptr_t)p->zero,
		.len = PAGE,
	};

	delay(p->delay_us);
	if (ioctl(p->fd, UFFDIO_COPY, &c) < 0 && errno != EEXIST)
		return -errno;
	__atomic_add_fetch(&p->pages, 1, __ATOMIC_RELAXED);
	return 0;
}

static void *handler(void *arg)
{
	struct uffd_pager *p = arg;
	struct pollfd fds[2] = {
		{ .fd = p->fd, .events = POLLIN },
		{ .fd = p->stop_fd, .events = POLLIN },
	};
	struct uffd_msg msg;

	for (;;) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[1].revents)
			break;
		if (read(p->fd, &msg, sizeof(msg)) != sizeof(msg))
			continue;	/* EAGAIN: woken for nothing */
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		if (fill(p, msg.arg.pagefault.address) < 0) {
			fprintf(stderr, "hv-vm: uffd: cannot fill %#llx: %s\n",
				(unsigned long long)msg.arg.pagefault.address,
				strerror(errno));
			break;
		}
	}
	return NULL;
}

static int open_uffd(int dev_fd, const char **what)
{
	int own = dev_fd < 0, fd;

	*what = "open /dev/userfaultfd";
	if (own)
		dev_fd = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev_fd < 0)
		return -1;
	*what = "USERFAULTFD_IOC_NEW";
	fd = ioctl(dev_fd, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	if (own) {
		int e = errno;

		close(dev_fd);
		errno = e;
	}
	return fd;
}

int uffd_pager_start(void *base, size_t len, int dev_fd, unsigned int delay_us,
		     struct uffd_pager **out, char *err, size_t errlen)
{
	struct uffd_pager *p = calloc(1, sizeof(*p));
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { (uintptr_t)base, len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	const char *what = "out of memory";
	int e;

	if (!p)
		goto fail_msg;
	p->base = base;
	p->len = len;
	p->delay_us = delay_us;
	p->stop_fd = -1;
	p->fd = open_uffd(dev_fd, &what);
	if (p->fd < 0)
		goto fail;
	what = "UFFDIO_API";
	if (ioctl(p->fd, UFFDIO_API, &api) < 0)
		goto fail;
	what = "UFFDIO_REGISTER";
	if (ioctl(p->fd, UFFDIO_REGISTER, &reg) < 0)
		goto fail;
	what = "eventfd";
	p->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (p->stop_fd < 0)
		goto fail;
	what = "pthread_create";
	e = pthread_create(&p->thread, NULL, handler, p);
	if (e) {
		errno = e;
		goto fail;
	}
	*out = p;
	return 0;
fail:
	snprintf(err, errlen, "uffd backend: %s: %s", what, strerror(errno));
	if (p->stop_fd >= 0)
		close(p->stop_fd);
	if (p->fd >= 0)
		close(p->fd);	/* also unregisters the range */
	free(p);
	return -1;
fail_msg:
	snprintf(err, errlen, "uffd backend: %s", what);
	return -1;
}

void uffd_pager_stop(struct uffd_pager *p)
{
	uint64_t one = 1;

	if (write(p->stop_fd, &one, sizeof(one)) != sizeof(one))
		perror("hv-vm: uffd stop");
	pthread_join(p->thread, NULL);
	close(p->stop_fd);
	close(p->fd);
	free(p);
}

uint64_t uffd_pager_pages(const struct uffd_pager *p)
{
	return __atomic_load_n(&p->pages, __ATOMIC_RELAXED);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * plat_env.h (userspace): the basic types and helpers the portable MMU core
 * is written against, taken from libc. The kernel layer has its twin.
 */
#ifndef HV_PLAT_ENV_H
#define HV_PLAT_ENV_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The MMU lock: a mutex (the kernel layer uses a mutex too). */
struct hvp_lock {
	pthread_mutex_t m;
};

#endif

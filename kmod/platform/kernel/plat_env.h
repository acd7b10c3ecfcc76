/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * plat_env.h (kernel): the basic types and helpers the portable MMU core is
 * written against, taken from the kernel. The userspace layer has its twin.
 */
#ifndef HV_PLAT_ENV_H
#define HV_PLAT_ENV_H

#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

/*
 * The MMU lock: a mutex, so that table and bookkeeping allocations may sleep
 * while it is held (faults run in vCPU thread context).
 */
struct hvp_lock {
	struct mutex m;
};

/*
 * The core's walker names the guest's EFER bits itself (EFER_LMA, same
 * value as the kernel's msr-index.h, which the headers above pull in):
 * drop the kernel's so the core's definition is the only one.
 */
#undef EFER_LMA

#endif

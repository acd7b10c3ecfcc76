/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel_plat.h: the kernel platform layer's own part: struct hv_plat, one
 * per VM, bound to the mm of the process that created the VM, and the hook
 * through which hvp_flush_tlbs() reaches the vendor backend.
 */
#ifndef HV_KERNEL_PLAT_H
#define HV_KERNEL_PLAT_H

#include <linux/mmu_notifier.h>
#include <linux/workqueue.h>
#include "kmod/platform/platform.h"

struct hv_plat {
	struct mm_struct *mm;		/* mmgrab()-ed */
	struct mmu_notifier mn;
	bool mn_registered;
	hvp_invalidate_fn *inval;
	void *inval_opaque;
	struct workqueue_struct *wq;
	void (*flush)(void *opaque);	/* flush every vCPU's TLB */
	void *flush_opaque;
};

/* Binds @p to current->mm. 0 or -ENOMEM. */
int hvpk_init(struct hv_plat *p, void (*flush)(void *opaque), void *opaque);
/* After the MMU core was destroyed (it unregistered its notifier). */
void hvpk_fini(struct hv_plat *p);

#endif

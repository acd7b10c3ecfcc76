/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kernel_plat.h: the kernel platform layer's own entry points, for hv.ko:
 * a platform context per VM bound to the VM process's address space, with
 * the backend's remote TLB flush.
 */
#ifndef HV_KERNEL_PLAT_H
#define HV_KERNEL_PLAT_H

#include "kmod/platform/platform.h"

struct mm_struct;

/*
 * Binds to @mm (the caller's, grabbed), makes a workqueue for async page
 * faults; @flush (may be NULL until a backend exists) flushes every vCPU's
 * TLB. NULL on failure.
 */
struct hv_plat *hvpk_create(struct mm_struct *mm,
			    void (*flush)(void *opaque), void *opaque);
void hvpk_destroy(struct hv_plat *p);

/*
 * Where hvp_apf_event() goes: fn(opaque, ...) from the fault path (no
 * sleeping), or nowhere (fn NULL, the default). @opaque must outlive @p.
 */
typedef void hvpk_apf_fn(void *opaque, unsigned int vcpu_id, u64 token,
			 u64 gfn, bool ready);
void hvpk_set_apf_hook(struct hv_plat *p, hvpk_apf_fn *fn, void *opaque);

#endif

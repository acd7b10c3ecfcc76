/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user_plat.h: the userspace platform layer's own controls, for tests,
 * benchmarks and the hardware model: a simulated host memory arena whose
 * offsets are the "host physical addresses" (and the host addresses of
 * guest RAM), host page residency (eviction and arrival), and a work queue
 * the harness runs by hand.
 */
#ifndef HV_USER_PLAT_H
#define HV_USER_PLAT_H

#include "kmod/platform/platform.h"

/* An arena of @pages 4 KiB pages (page 0 is never handed out). */
struct hv_plat *hvpu_create(size_t pages);
void hvpu_destroy(struct hv_plat *p);

/* The arena: hpa X is at hvpu_base(p) + X. */
uint8_t *hvpu_base(struct hv_plat *p);
size_t hvpu_size(struct hv_plat *p);

/*
 * Guest RAM: @npages contiguous zeroed pages aligned to @align_pages (a
 * power of two; 512 lets direct mode use 2 MiB pages). Returns the host
 * address (= hpa of the first page) or 0 when the arena is full.
 */
uint64_t hvpu_alloc_ram(struct hv_plat *p, size_t npages, size_t align_pages);

/*
 * Residency. hvpu_evict() reports the invalidation (begin, then end) to
 * the registered notifier and marks the pages not resident: hvp_host_page
 * with HVP_NOWAIT then answers -EAGAIN; without HVP_NOWAIT (deferred work)
 * it brings the page back. Contents are kept, as swap would.
 */
void hvpu_evict(struct hv_plat *p, uint64_t hva, size_t npages);
void hvpu_make_resident(struct hv_plat *p, uint64_t hva, size_t npages);
bool hvpu_resident(struct hv_plat *p, uint64_t hva);
/* Host-side write protection (e.g. a shared read-only page). */
void hvpu_set_host_readonly(struct hv_plat *p, uint64_t hva, size_t npages,
			    bool ro);

/* Runs up to @max queued work items (FIFO); returns how many ran. */
unsigned int hvpu_run_work(struct hv_plat *p, unsigned int max);
unsigned int hvpu_work_pending(struct hv_plat *p);

/* TLB flush requests seen so far, and a hook called on each. */
uint64_t hvpu_tlb_flushes(struct hv_plat *p);
void hvpu_set_flush_hook(struct hv_plat *p, void (*fn)(void *opaque),
			 void *opaque);

/*
 * A hook called at the start of every hvp_host_page() (the core looks up
 * a host page between its unlocked guest walk and taking the MMU lock):
 * tests change guest memory there to play another vCPU racing the fault.
 */
void hvpu_set_host_page_hook(struct hv_plat *p,
			     void (*fn)(void *opaque, uint64_t hva),
			     void *opaque);

/* Async PF events reported so far: "page ready" ones or "not present". */
uint64_t hvpu_apf_events(struct hv_plat *p, bool ready);

/* Table pages currently allocated. */
size_t hvpu_tables_in_use(struct hv_plat *p);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform.h: the thin layer the portable MMU core runs on. The core calls
 * only these functions; kmod/platform/user/ implements them with libc and
 * pthreads over a simulated host memory arena, kmod/platform/kernel/ with
 * kernel APIs. plat_env.h (one per layer, found through -I) supplies the
 * integer types, errno values, string functions and struct hvp_lock.
 *
 * Addresses:
 *  - hpa: host physical address of a 4 KiB page (user layer: byte offset in
 *    the arena, page 0 never handed out, so 0 is never a valid hpa).
 *  - host address ("hva"): where a memory slot's guest RAM lives for the
 *    host (kernel: a user virtual address of the VM process; user layer: the
 *    same arena offset as the hpa).
 */
#ifndef HV_PLATFORM_H
#define HV_PLATFORM_H

#include "plat_env.h"

struct hv_plat;		/* per-VM platform context, owned by the caller */

/* Small bookkeeping allocations (zeroed). May sleep; never under a spin. */
void *hvp_zalloc(size_t size);
void hvp_free(void *p);

/*
 * Page-table pages: a 4 KiB page whose 512 entries are all @fill (0, or
 * the core's trap value); *hpa receives its host physical address.
 * Returns 0 or -ENOMEM. hvp_va() gives the core's pointer to any hpa
 * (tables and guest RAM alike). Each table page carries one private
 * pointer for the core (the kernel layer keeps it in page->private).
 */
int hvp_table_alloc(struct hv_plat *p, uint64_t *hpa, uint64_t fill);
void hvp_table_free(struct hv_plat *p, uint64_t hpa);
void *hvp_va(struct hv_plat *p, uint64_t hpa);
void hvp_table_set_priv(struct hv_plat *p, uint64_t hpa, void *priv);
void *hvp_table_priv(struct hv_plat *p, uint64_t hpa);

/* The lock (sleeping allowed while held). */
void hvp_lock_init(struct hvp_lock *l);
void hvp_lock_destroy(struct hvp_lock *l);
void hvp_lock(struct hvp_lock *l);
void hvp_unlock(struct hvp_lock *l);

/*
 * 64-bit atomics, all sequentially consistent with each other (the core
 * relies on that: an unlinking store then a load of the lockless-walker
 * count must not be reordered). x86 kernel: READ_ONCE loads, xchg stores.
 */
uint64_t hvp_load64(const uint64_t *p);
void hvp_store64(uint64_t *p, uint64_t v);
/* Stores @new if *p == *old and returns true; else *old = *p, false. */
bool hvp_cmpxchg64(uint64_t *p, uint64_t *old, uint64_t new);
uint64_t hvp_xchg64(uint64_t *p, uint64_t v);
uint64_t hvp_add64(uint64_t *p, uint64_t v);	/* returns the new value */
void hvp_or64(uint64_t *p, uint64_t v);

/*
 * Deferred work. The core embeds struct hvp_work in its own item and fills
 * fn; hvp_work_queue() runs fn(w) later in another context (kernel: a
 * workqueue; user layer: when the harness calls hvpu_run_work()).
 * hvp_work_flush() returns once every queued item of @p has run.
 */
struct hvp_work {
	void (*fn)(struct hvp_work *w);
	struct hvp_work *next;		/* user layer's queue link */
	void *plat_priv;		/* kernel layer: its work_struct */
};
void hvp_work_queue(struct hv_plat *p, struct hvp_work *w);
void hvp_work_flush(struct hv_plat *p);

/*
 * Host page for a host address. HVP_NOWAIT: answer -EAGAIN ("would
 * block") instead of faulting the page in; without it, the call may sleep
 * until the page is resident (only from deferred work or a vCPU thread).
 * HVP_WRITE: the access is a write (the layer breaks COW). On success
 * returns 0, *hpa, *writable (host allows writes) and *host_level: the
 * largest level (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) over which the host
 * backing is physically contiguous and aligned like @hva. -EFAULT: no
 * memory there. No reference is kept: the layer reports every later
 * unmapping through the invalidate callback below.
 */
#define HVP_NOWAIT	1u
#define HVP_WRITE	2u
int hvp_host_page(struct hv_plat *p, uint64_t hva, unsigned int flags,
		  uint64_t *hpa, bool *writable, int *host_level);

/*
 * Host invalidation (MMU-notifier style): the layer calls cb(opaque, start,
 * end, true) before host pages in [start, end) (host addresses) go away or
 * change, and cb(..., false) once they have. Returns 0 or -errno.
 */
typedef void hvp_invalidate_fn(void *opaque, uint64_t start, uint64_t end,
			       bool begin);
int hvp_notifier_register(struct hv_plat *p, hvp_invalidate_fn *cb,
			  void *opaque);
void hvp_notifier_unregister(struct hv_plat *p);

/*
 * Guest memory by host address (guest page-table walks, the async-PF area,
 * emulated writes). 0 or -EFAULT. hvp_guest_cmpxchg updates a 4- or 8-byte
 * guest entry atomically (accessed/dirty bits): 0 done, 1 the value was not
 * @old (nothing written), -EFAULT.
 */
int hvp_guest_read(struct hv_plat *p, uint64_t hva, void *buf, size_t len);
int hvp_guest_write(struct hv_plat *p, uint64_t hva, const void *buf,
		    size_t len);
int hvp_guest_cmpxchg(struct hv_plat *p, uint64_t hva, unsigned int size,
		      uint64_t old, uint64_t new);

/* Flush every vCPU's TLB for this VM (after zaps and write protection). */
void hvp_flush_tlbs(struct hv_plat *p);

/*
 * Async PF reporting: the core tells the layer of each "not present" it
 * gives a guest (ready false) and each "page ready" (ready true), once per
 * apf_not_present / apf_ready counted. Called under the vCPU's async-PF
 * lock in the fault path: the layer must neither sleep nor block (kernel:
 * multicast when asked for, dropped and counted otherwise).
 */
void hvp_apf_event(struct hv_plat *p, unsigned int vcpu_id, uint64_t token,
		   uint64_t gfn, bool ready);

#endif

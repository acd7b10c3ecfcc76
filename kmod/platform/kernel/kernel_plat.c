// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel_plat.c: the MMU core's platform layer on kernel APIs: table pages
 * from the page allocator, a mutex, the kernel's atomics, a workqueue, the
 * VM process's pages through get_user_pages (no reference kept: an MMU
 * notifier reports every later unmapping) and its memory through pinned
 * pages mapped with kmap_local_page().
 */
#include <linux/atomic.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include "kernel_plat.h"

void *hvp_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT);
}

void hvp_free(void *p)
{
	kvfree(p);
}

int hvp_table_alloc(struct hv_plat *p, uint64_t *hpa)
{
	struct page *pg = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);

	if (!pg)
		return -ENOMEM;
	*hpa = page_to_phys(pg);
	return 0;
}

void hvp_table_free(struct hv_plat *p, uint64_t hpa)
{
	struct page *pg = pfn_to_page(hpa >> PAGE_SHIFT);

	set_page_private(pg, 0);
	__free_page(pg);
}

void *hvp_va(struct hv_plat *p, uint64_t hpa)
{
	return phys_to_virt(hpa);
}

void hvp_table_set_priv(struct hv_plat *p, uint64_t hpa, void *priv)
{
	set_page_private(pfn_to_page(hpa >> PAGE_SHIFT), (unsigned long)priv);
}

void *hvp_table_priv(struct hv_plat *p, uint64_t hpa)
{
	return (void *)page_private(pfn_to_page(hpa >> PAGE_SHIFT));
}

void hvp_lock_init(struct hvp_lock *l)
{
	mutex_init(&l->m);
}

void hvp_lock_destroy(struct hvp_lock *l)
{
	mutex_destroy(&l->m);
}

void hvp_lock(struct hvp_lock *l)
{
	mutex_lock(&l->m);
}

void hvp_unlock(struct hvp_lock *l)
{
	mutex_unlock(&l->m);
}

/* Loads are plain on x86 (TSO); a store is an xchg, a full barrier. */
uint64_t hvp_load64(const uint64_t *p)
{
	return READ_ONCE(*p);
}

void hvp_store64(uint64_t *p, uint64_t v)
{
	xchg(p, v);
}

bool hvp_cmpxchg64(uint64_t *p, uint64_t *old, uint64_t new)
{
	return try_cmpxchg64(p, old, new);
}

uint64_t hvp_xchg64(uint64_t *p, uint64_t v)
{
	return xchg(p, v);
}

uint64_t hvp_add64(uint64_t *p, uint64_t v)
{
	return atomic64_add_return(v, (atomic64_t *)p);
}

void hvp_or64(uint64_t *p, uint64_t v)
{
	atomic64_or(v, (atomic64_t *)p);
}

/* The work_struct that carries one struct hvp_work. */
struct hvpk_work {
	struct work_struct ws;
	struct hvp_work *w;
};

static void hvpk_work_fn(struct work_struct *ws)
{
	struct hvpk_work *kw = container_of(ws, struct hvpk_work, ws);
	struct hvp_work *w = kw->w;

	kfree(kw);
	w->fn(w);
}

void hvp_work_queue(struct hv_plat *p, struct hvp_work *w)
{
	struct hvpk_work *kw = kmalloc(sizeof(*kw), GFP_KERNEL | __GFP_NOFAIL);

	kw->w = w;
	w->plat_priv = kw;
	INIT_WORK(&kw->ws, hvpk_work_fn);
	queue_work(p->wq, &kw->ws);
}

void hvp_work_flush(struct hv_plat *p)
{
	flush_workqueue(p->wq);
}

/*
 * One page of the VM's process, referenced: lockless from the vCPU thread
 * when it is resident, else (may sleep) through the mm.
 */
static int get_page_of(struct hv_plat *p, uint64_t hva, unsigned int gup,
		       bool nowait, struct page **page)
{
	long n;

	if (current->mm == p->mm &&
	    get_user_pages_fast_only(hva, 1, gup, page) == 1)
		return 0;
	if (nowait)
		return -EAGAIN;
	if (!mmget_not_zero(p->mm))
		return -EFAULT;
	mmap_read_lock(p->mm);
	n = get_user_pages_remote(p->mm, hva, 1, gup, page, NULL, NULL);
	mmap_read_unlock(p->mm);
	mmput(p->mm);
	return n == 1 ? 0 : -EFAULT;
}

int hvp_host_page(struct hv_plat *p, uint64_t hva, unsigned int flags,
		  uint64_t *hpa, bool *writable, int *host_level)
{
	bool nowait = flags & HVP_NOWAIT;
	struct page *page;
	int r;

	*writable = true;
	r = get_page_of(p, hva, FOLL_WRITE, nowait, &page);
	if (r && !(flags & HVP_WRITE)) {
		*writable = false;
		r = get_page_of(p, hva, 0, nowait, &page);
	}
	if (r)
		return r;
	*hpa = page_to_phys(page);
	*host_level = 1;
	put_page(page);
	return 0;
}

static int hvpk_start(struct mmu_notifier *mn,
		      const struct mmu_notifier_range *range)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	if (!mmu_notifier_range_blockable(range))
		return -EAGAIN;
	if (p->inval)
		p->inval(p->inval_opaque, range->start, range->end, true);
	return 0;
}

static void hvpk_end(struct mmu_notifier *mn,
		     const struct mmu_notifier_range *range)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	if (p->inval)
		p->inval(p->inval_opaque, range->start, range->end, false);
}

static void hvpk_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	if (p->inval) {
		p->inval(p->inval_opaque, 0, TASK_SIZE_MAX, true);
		p->inval(p->inval_opaque, 0, TASK_SIZE_MAX, false);
	}
}

static const struct mmu_notifier_ops hvpk_mn_ops = {
	.invalidate_range_start = hvpk_start,
	.invalidate_range_end = hvpk_end,
	.release = hvpk_release,
};

int hvp_notifier_register(struct hv_plat *p, hvp_invalidate_fn *cb,
			  void *opaque)
{
	int r;

	p->inval = cb;
	p->inval_opaque = opaque;
	p->mn.ops = &hvpk_mn_ops;
	r = mmu_notifier_register(&p->mn, p->mm);
	if (r) {
		p->inval = NULL;
		return r;
	}
	p->mn_registered = true;
	return 0;
}

void hvp_notifier_unregister(struct hv_plat *p)
{
	if (!p->mn_registered)
		return;
	mmu_notifier_unregister(&p->mn, p->mm);
	p->mn_registered = false;
	p->inval = NULL;
}

/*
 * Runs @fn on each page of [hva, hva + len) with a kernel pointer to the
 * bytes there; @write marks the pages dirty.
 */
static int guest_access(struct hv_plat *p, uint64_t hva, size_t len,
			bool write, void (*fn)(void *kva, size_t off,
					       size_t n, void *arg),
			void *arg)
{
	size_t done = 0;

	while (done < len) {
		size_t off = offset_in_page(hva + done);
		size_t n = min_t(size_t, len - done, PAGE_SIZE - off);
		struct page *page;
		void *kva;
		int r;

		r = get_page_of(p, hva + done - off, write ? FOLL_WRITE : 0,
				false, &page);
		if (r)
			return r;
		kva = kmap_local_page(page);
		fn(kva + off, done, n, arg);
		kunmap_local(kva);
		if (write)
			set_page_dirty_lock(page);
		put_page(page);
		done += n;
	}
	return 0;
}

static void copy_out(void *kva, size_t off, size_t n, void *arg)
{
	memcpy((u8 *)arg + off, kva, n);
}

static void copy_in(void *kva, size_t off, size_t n, void *arg)
{
	memcpy(kva, (const u8 *)arg + off, n);
}

int hvp_guest_read(struct hv_plat *p, uint64_t hva, void *buf, size_t len)
{
	return guest_access(p, hva, len, false, copy_out, buf);
}

int hvp_guest_write(struct hv_plat *p, uint64_t hva, const void *buf,
		    size_t len)
{
	return guest_access(p, hva, len, true, copy_in, (void *)buf);
}

struct cmpxchg_arg {
	unsigned int size;
	uint64_t old, new;
	int result;
};

static void do_cmpxchg(void *kva, size_t off, size_t n, void *arg)
{
	struct cmpxchg_arg *a = arg;

	if (a->size == 8) {
		u64 old = a->old;

		a->result = try_cmpxchg64((u64 *)kva, &old, a->new) ? 0 : 1;
	} else {
		u32 old = a->old;

		a->result = try_cmpxchg((u32 *)kva, &old, (u32)a->new) ? 0 : 1;
	}
}

int hvp_guest_cmpxchg(struct hv_plat *p, uint64_t hva, unsigned int size,
		      uint64_t old, uint64_t new)
{
	struct cmpxchg_arg a = { .size = size, .old = old, .new = new };
	int r;

	if ((size != 4 && size != 8) || (hva & (size - 1)))
		return -EFAULT;
	r = guest_access(p, hva, size, true, do_cmpxchg, &a);
	return r ? r : a.result;
}

void hvp_flush_tlbs(struct hv_plat *p)
{
	if (p->flush)
		p->flush(p->flush_opaque);
}

int hvpk_init(struct hv_plat *p, void (*flush)(void *opaque), void *opaque)
{
	p->wq = alloc_workqueue("hv-mmu", WQ_UNBOUND, 0);
	if (!p->wq)
		return -ENOMEM;
	p->flush = flush;
	p->flush_opaque = opaque;
	p->mm = current->mm;
	mmgrab(p->mm);
	return 0;
}

void hvpk_fini(struct hv_plat *p)
{
	hvp_notifier_unregister(p);
	destroy_workqueue(p->wq);
	mmdrop(p->mm);
}

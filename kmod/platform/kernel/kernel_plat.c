// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel_plat.c: the MMU core's platform layer on kernel APIs: page-table
 * pages from the page allocator (page->private for the core), a mutex,
 * 64-bit atomics, a workqueue, get_user_pages for host pages (FOLL_NOWAIT
 * for "would block"), an MMU notifier for host invalidations, and guest
 * memory through the VM process's user mappings (gup from other threads).
 *
 * Known limit: the MMU lock is a mutex, so an invalidation the kernel
 * marks non-blockable (the OOM reaper) still waits for it. KVM avoids
 * that with a spinning lock and pre-filled allocation caches; hv can do
 * the same once hv.ko runs the core.
 */
#include <linux/atomic.h>
#include <linux/io.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "kmod/platform/kernel/kernel_plat.h"

struct hv_plat {
	struct mm_struct *mm;
	struct workqueue_struct *wq;
	struct mmu_notifier mn;
	bool mn_registered;
	hvp_invalidate_fn *inv;
	void *inv_opaque;
	void (*flush)(void *opaque);
	void *flush_opaque;
	hvpk_apf_fn *apf;		/* read locklessly by the fault path */
	void *apf_opaque;
};

struct hvpk_work {
	struct work_struct ws;
	struct hvp_work *w;
};

struct hv_plat *hvpk_create(struct mm_struct *mm,
			    void (*flush)(void *opaque), void *opaque)
{
	struct hv_plat *p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);

	if (!p)
		return NULL;
	p->wq = alloc_workqueue("hv-apf", WQ_UNBOUND, 0);
	if (!p->wq) {
		kfree(p);
		return NULL;
	}
	mmgrab(mm);
	p->mm = mm;
	p->flush = flush;
	p->flush_opaque = opaque;
	return p;
}

void hvpk_destroy(struct hv_plat *p)
{
	if (!p)
		return;
	hvp_notifier_unregister(p);
	destroy_workqueue(p->wq);
	mmdrop(p->mm);
	kfree(p);
}

void *hvp_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT);
}

void hvp_free(void *ptr)
{
	kvfree(ptr);
}

int hvp_table_alloc(struct hv_plat *p, uint64_t *hpa, uint64_t fill)
{
	struct page *page = alloc_page(GFP_KERNEL_ACCOUNT |
				       (fill ? 0 : __GFP_ZERO));

	if (!page)
		return -ENOMEM;
	if (fill)
		memset64(page_address(page), fill, PAGE_SIZE / sizeof(u64));
	set_page_private(page, 0);
	*hpa = page_to_phys(page);
	return 0;
}

void hvp_table_free(struct hv_plat *p, uint64_t hpa)
{
	struct page *page = pfn_to_page(hpa >> PAGE_SHIFT);

	set_page_private(page, 0);
	__free_page(page);
}

void *hvp_va(struct hv_plat *p, uint64_t hpa)
{
	return __va(hpa);
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

/* x86: plain loads and locked stores/RMWs are sequentially consistent. */
uint64_t hvp_load64(const uint64_t *ptr)
{
	return READ_ONCE(*ptr);
}

void hvp_store64(uint64_t *ptr, uint64_t v)
{
	(void)xchg(ptr, v);
}

bool hvp_cmpxchg64(uint64_t *ptr, uint64_t *old, uint64_t new)
{
	return try_cmpxchg64(ptr, old, new);
}

uint64_t hvp_xchg64(uint64_t *ptr, uint64_t v)
{
	return xchg(ptr, v);
}

uint64_t hvp_add64(uint64_t *ptr, uint64_t v)
{
	uint64_t old = READ_ONCE(*ptr);

	while (!try_cmpxchg64(ptr, &old, old + v))
		;
	return old + v;
}

void hvp_or64(uint64_t *ptr, uint64_t v)
{
	uint64_t old = READ_ONCE(*ptr);

	while (!try_cmpxchg64(ptr, &old, old | v))
		;
}

static void hvpk_work_fn(struct work_struct *ws)
{
	struct hvpk_work *kw = container_of(ws, struct hvpk_work, ws);
	struct hvp_work *w = kw->w;

	kfree(kw);
	w->fn(w);
}

void hvp_work_queue(struct hv_plat *p, struct hvp_work *w)
{
	struct hvpk_work *kw = kzalloc(sizeof(*kw), GFP_KERNEL_ACCOUNT);

	if (!kw) {
		w->fn(w);	/* no memory: do it now (it may sleep) */
		return;
	}
	kw->w = w;
	w->plat_priv = kw;
	INIT_WORK(&kw->ws, hvpk_work_fn);
	queue_work(p->wq, &kw->ws);
}

void hvp_work_flush(struct hv_plat *p)
{
	flush_workqueue(p->wq);
}

/* Host level of @page mapped at @hva: 2 for an aligned 2 MiB THP. */
static int page_level(struct page *page, uint64_t hva)
{
	struct page *head = compound_head(page);

	if (PageTransCompound(page) && compound_order(head) >= 9 &&
	    page_to_pfn(page) - page_to_pfn(head) ==
	    ((hva >> PAGE_SHIFT) & 511))
		return 2;
	return 1;
}

int hvp_host_page(struct hv_plat *p, uint64_t hva, unsigned int flags,
		  uint64_t *hpa, bool *writable, int *host_level)
{
	unsigned int gup = (flags & HVP_WRITE) ? FOLL_WRITE : 0;
	struct page *page;
	int locked = 1;
	long n;

	/* Fast and lockless, writable if the host PTE already is. */
	if (current->mm == p->mm &&
	    get_user_page_fast_only(hva, FOLL_WRITE, &page)) {
		*writable = true;
		goto found;
	}
	if (!mmget_not_zero(p->mm))
		return -EFAULT;
	if (flags & HVP_NOWAIT)
		gup |= FOLL_NOWAIT;
	/*
	 * With @locked the fault may drop the lock and retry: what a
	 * userfaultfd region needs to wait for its handler (without it,
	 * such a fault fails at once and the page never comes).
	 */
	mmap_read_lock(p->mm);
	n = get_user_pages_remote(p->mm, hva, 1, gup, &page, NULL, &locked);
	if (locked)
		mmap_read_unlock(p->mm);
	mmput(p->mm);
	if (n != 1)
		return (flags & HVP_NOWAIT) ? -EAGAIN : -EFAULT;
	*writable = flags & HVP_WRITE;
found:
	*hpa = page_to_phys(page);
	*host_level = page_level(page, hva);
	put_page(page);		/* the notifier reports any unmapping */
	return 0;
}

static int hvpk_inv_start(struct mmu_notifier *mn,
			  const struct mmu_notifier_range *range)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	p->inv(p->inv_opaque, range->start, range->end, true);
	return 0;
}

static void hvpk_inv_end(struct mmu_notifier *mn,
			 const struct mmu_notifier_range *range)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	p->inv(p->inv_opaque, range->start, range->end, false);
}

static void hvpk_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hv_plat *p = container_of(mn, struct hv_plat, mn);

	p->inv(p->inv_opaque, 0, ~0ull, true);
	p->inv(p->inv_opaque, 0, ~0ull, false);
}

static const struct mmu_notifier_ops hvpk_mn_ops = {
	.invalidate_range_start = hvpk_inv_start,
	.invalidate_range_end = hvpk_inv_end,
	.release = hvpk_release,
};

int hvp_notifier_register(struct hv_plat *p, hvp_invalidate_fn *cb,
			  void *opaque)
{
	int r;

	if (p->mn_registered)
		return -EBUSY;
	p->inv = cb;
	p->inv_opaque = opaque;
	p->mn.ops = &hvpk_mn_ops;
	r = mmu_notifier_register(&p->mn, p->mm);
	p->mn_registered = !r;
	return r;
}

void hvp_notifier_unregister(struct hv_plat *p)
{
	if (!p->mn_registered)
		return;
	mmu_notifier_unregister(&p->mn, p->mm);
	p->mn_registered = false;
}

/* Another thread's access to guest memory, page by page through gup. */
static int remote_access(struct hv_plat *p, uint64_t hva, void *buf,
			 size_t len, bool write)
{
	size_t off, n;
	struct page *page;
	char *va;
	long got;

	if (!mmget_not_zero(p->mm))
		return -EFAULT;
	for (; len; hva += n, buf = (char *)buf + n, len -= n) {
		off = hva & (PAGE_SIZE - 1);
		n = min_t(size_t, len, PAGE_SIZE - off);
		mmap_read_lock(p->mm);
		got = get_user_pages_remote(p->mm, hva, 1,
					    write ? FOLL_WRITE : 0, &page,
					    NULL, NULL);
		mmap_read_unlock(p->mm);
		if (got != 1)
			break;
		va = kmap_local_page(page);
		if (write) {
			memcpy(va + off, buf, n);
			set_page_dirty_lock(page);
		} else {
			memcpy(buf, va + off, n);
		}
		kunmap_local(va);
		put_page(page);
	}
	mmput(p->mm);
	return len ? -EFAULT : 0;
}

/*
 * Guest memory: the VM process's own mapping, or a remote access. Guest
 * page-table entries (8 bytes, most reads) take one get_user/put_user
 * instead of a general copy.
 */
static int guest_access(struct hv_plat *p, uint64_t hva, void *buf,
			size_t len, bool write)
{
	void __user *u = (void __user *)(unsigned long)hva;

	if (current->mm != p->mm)
		return remote_access(p, hva, buf, len, write);
	if (len == sizeof(u64) && write)
		return put_user(*(u64 *)buf, (u64 __user *)u) ? -EFAULT : 0;
	if (len == sizeof(u64))
		return get_user(*(u64 *)buf, (u64 __user *)u) ? -EFAULT : 0;
	if (write)
		return copy_to_user(u, buf, len) ? -EFAULT : 0;
	return copy_from_user(buf, u, len) ? -EFAULT : 0;
}

int hvp_guest_read(struct hv_plat *p, uint64_t hva, void *buf, size_t len)
{
	return guest_access(p, hva, buf, len, false);
}

int hvp_guest_write(struct hv_plat *p, uint64_t hva, const void *buf,
		    size_t len)
{
	return guest_access(p, hva, (void *)buf, len, true);
}

int hvp_guest_cmpxchg(struct hv_plat *p, uint64_t hva, unsigned int size,
		      uint64_t old, uint64_t new)
{
	void __user *u = (void __user *)(unsigned long)hva;
	u32 old32 = (u32)old;
	bool ok;

	if ((size != 4 && size != 8) || (hva & (size - 1)) ||
	    current->mm != p->mm)
		return -EFAULT;
	if (!user_access_begin(u, size))
		return -EFAULT;
	if (size == 8)
		ok = unsafe_try_cmpxchg_user((u64 __user *)u, &old, new,
					     fault);
	else
		ok = unsafe_try_cmpxchg_user((u32 __user *)u, &old32,
					     (u32)new, fault);
	user_access_end();
	return ok ? 0 : 1;
fault:
	user_access_end();
	return -EFAULT;
}

void hvp_flush_tlbs(struct hv_plat *p)
{
	if (p->flush)
		p->flush(p->flush_opaque);
}

void hvpk_set_apf_hook(struct hv_plat *p, hvpk_apf_fn *fn, void *opaque)
{
	WRITE_ONCE(p->apf_opaque, opaque);
	/* Publishes the opaque before the hook that uses it. */
	smp_store_release(&p->apf, fn);
}

void hvp_apf_event(struct hv_plat *p, unsigned int vcpu_id, uint64_t token,
		   uint64_t gfn, bool ready)
{
	hvpk_apf_fn *fn = smp_load_acquire(&p->apf);

	if (fn)
		fn(READ_ONCE(p->apf_opaque), vcpu_id, token, gfn, ready);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * user_plat.c: the MMU core's platform layer in userspace (libc, pthreads):
 * a simulated host memory arena for tables and guest RAM, residency for
 * async page faults, a hand-run work queue, atomics and the lock.
 */
#include <stdlib.h>

#include "kmod/platform/user/user_plat.h"

#define PG 4096u

struct hv_plat {
	uint8_t *base;
	size_t pages;
	pthread_mutex_t lock;		/* allocator, flags, work queue */
	uint8_t *flags;			/* per page, PF_* */
	void **priv;			/* per page, table private pointer */
	size_t *free_tables;		/* stack of freed table pages */
	size_t nfree, next_page, tables;
	struct hvp_work *work_head, *work_tail;
	unsigned int work_count;
	hvp_invalidate_fn *inv;
	void *inv_opaque;
	uint64_t flushes;
	uint64_t apf_events[2];		/* [ready] */
	void (*flush_hook)(void *opaque);
	void *flush_opaque;
	void (*host_page_hook)(void *opaque, uint64_t hva);
	void *host_page_opaque;
};

enum {
	PF_TABLE = 1,		/* a page-table page in use */
	PF_RAM = 2,		/* guest RAM */
	PF_EVICTED = 4,		/* guest RAM not resident */
	PF_HOST_RO = 8,		/* guest RAM the host maps read-only */
};

struct hv_plat *hvpu_create(size_t pages)
{
	struct hv_plat *p = calloc(1, sizeof(*p));

	if (!p || pages < 2)
		goto fail;
	p->base = aligned_alloc(PG, pages * PG);
	p->flags = calloc(pages, 1);
	p->priv = calloc(pages, sizeof(void *));
	p->free_tables = calloc(pages, sizeof(size_t));
	if (!p->base || !p->flags || !p->priv || !p->free_tables)
		goto fail;
	memset(p->base, 0, PG);
	p->pages = pages;
	p->next_page = 1;
	pthread_mutex_init(&p->lock, NULL);
	return p;
fail:
	if (p) {
		free(p->base);
		free(p->flags);
		free(p->priv);
		free(p->free_tables);
	}
	free(p);
	return NULL;
}

void hvpu_destroy(struct hv_plat *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p->base);
	free(p->flags);
	free(p->priv);
	free(p->free_tables);
	free(p);
}

uint8_t *hvpu_base(struct hv_plat *p)
{
	return p->base;
}

size_t hvpu_size(struct hv_plat *p)
{
	return p->pages * PG;
}

uint64_t hvpu_alloc_ram(struct hv_plat *p, size_t npages, size_t align_pages)
{
	size_t first, i;
	uint64_t hva = 0;

	if (!npages || !align_pages || (align_pages & (align_pages - 1)))
		return 0;
	pthread_mutex_lock(&p->lock);
	first = (p->next_page + align_pages - 1) & ~(align_pages - 1);
	if (first < p->pages && npages <= p->pages - first) {
		for (i = first; i < first + npages; i++)
			p->flags[i] = PF_RAM;
		memset(p->base + first * PG, 0, npages * PG);
		p->next_page = first + npages;
		hva = (uint64_t)first * PG;
	}
	pthread_mutex_unlock(&p->lock);
	return hva;
}

static bool ram_range(struct hv_plat *p, uint64_t hva, size_t npages)
{
	uint64_t first = hva / PG;

	return !(hva % PG) && first < p->pages && npages <= p->pages - first;
}

static void set_flag(struct hv_plat *p, uint64_t hva, size_t npages,
		     uint8_t flag, bool on)
{
	size_t i;

	pthread_mutex_lock(&p->lock);
	for (i = hva / PG; i < hva / PG + npages; i++) {
		if (!(p->flags[i] & PF_RAM))
			continue;
		if (on)
			p->flags[i] |= flag;
		else
			p->flags[i] &= ~flag;
	}
	pthread_mutex_unlock(&p->lock);
}

static void notify(struct hv_plat *p, uint64_t hva, size_t npages, bool begin)
{
	if (p->inv)
		p->inv(p->inv_opaque, hva, hva + npages * PG, begin);
}

void hvpu_evict(struct hv_plat *p, uint64_t hva, size_t npages)
{
	if (!ram_range(p, hva, npages))
		return;
	notify(p, hva, npages, true);
	set_flag(p, hva, npages, PF_EVICTED, true);
	notify(p, hva, npages, false);
}

void hvpu_make_resident(struct hv_plat *p, uint64_t hva, size_t npages)
{
	if (ram_range(p, hva, npages))
		set_flag(p, hva, npages, PF_EVICTED, false);
}

bool hvpu_resident(struct hv_plat *p, uint64_t hva)
{
	bool r;

	if (!ram_range(p, hva, 1))
		return false;
	pthread_mutex_lock(&p->lock);
	r = (p->flags[hva / PG] & (PF_RAM | PF_EVICTED)) == PF_RAM;
	pthread_mutex_unlock(&p->lock);
	return r;
}

void hvpu_set_host_readonly(struct hv_plat *p, uint64_t hva, size_t npages,
			    bool ro)
{
	if (!ram_range(p, hva, npages))
		return;
	notify(p, hva, npages, true);
	set_flag(p, hva, npages, PF_HOST_RO, ro);
	notify(p, hva, npages, false);
}

unsigned int hvpu_run_work(struct hv_plat *p, unsigned int max)
{
	unsigned int n = 0;
	struct hvp_work *w;

	while (n < max) {
		pthread_mutex_lock(&p->lock);
		w = p->work_head;
		if (w) {
			p->work_head = w->next;
			if (!p->work_head)
				p->work_tail = NULL;
			p->work_count--;
		}
		pthread_mutex_unlock(&p->lock);
		if (!w)
			break;
		w->fn(w);
		n++;
	}
	return n;
}

unsigned int hvpu_work_pending(struct hv_plat *p)
{
	unsigned int n;

	pthread_mutex_lock(&p->lock);
	n = p->work_count;
	pthread_mutex_unlock(&p->lock);
	return n;
}

uint64_t hvpu_tlb_flushes(struct hv_plat *p)
{
	return __atomic_load_n(&p->flushes, __ATOMIC_SEQ_CST);
}

void hvpu_set_flush_hook(struct hv_plat *p, void (*fn)(void *opaque),
			 void *opaque)
{
	p->flush_hook = fn;
	p->flush_opaque = opaque;
}

void hvpu_set_host_page_hook(struct hv_plat *p,
			     void (*fn)(void *opaque, uint64_t hva),
			     void *opaque)
{
	p->host_page_hook = fn;
	p->host_page_opaque = opaque;
}

size_t hvpu_tables_in_use(struct hv_plat *p)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = p->tables;
	pthread_mutex_unlock(&p->lock);
	return n;
}

/* ---- platform.h ---- */

void *hvp_zalloc(size_t size)
{
	return calloc(1, size);
}

void hvp_free(void *ptr)
{
	free(ptr);
}

int hvp_table_alloc(struct hv_plat *p, uint64_t *hpa, uint64_t fill)
{
	uint64_t *e;
	size_t page = 0;

	pthread_mutex_lock(&p->lock);
	if (p->nfree)
		page = p->free_tables[--p->nfree];
	else if (p->next_page < p->pages)
		page = p->next_page++;
	if (page) {
		p->flags[page] = PF_TABLE;
		p->priv[page] = NULL;
		p->tables++;
	}
	pthread_mutex_unlock(&p->lock);
	if (!page)
		return -ENOMEM;
	e = (uint64_t *)(p->base + page * PG);
	for (size_t i = 0; i < PG / sizeof(*e); i++)
		e[i] = fill;
	*hpa = (uint64_t)page * PG;
	return 0;
}

void hvp_table_free(struct hv_plat *p, uint64_t hpa)
{
	size_t page = hpa / PG;

	pthread_mutex_lock(&p->lock);
	if (page && page < p->pages && (p->flags[page] & PF_TABLE)) {
		p->flags[page] = 0;
		p->free_tables[p->nfree++] = page;
		p->tables--;
	}
	pthread_mutex_unlock(&p->lock);
}

void *hvp_va(struct hv_plat *p, uint64_t hpa)
{
	return p->base + hpa;
}

void hvp_table_set_priv(struct hv_plat *p, uint64_t hpa, void *priv)
{
	p->priv[hpa / PG] = priv;
}

void *hvp_table_priv(struct hv_plat *p, uint64_t hpa)
{
	return p->priv[hpa / PG];
}

void hvp_lock_init(struct hvp_lock *l)
{
	pthread_mutex_init(&l->m, NULL);
}

void hvp_lock_destroy(struct hvp_lock *l)
{
	pthread_mutex_destroy(&l->m);
}

void hvp_lock(struct hvp_lock *l)
{
	pthread_mutex_lock(&l->m);
}

void hvp_unlock(struct hvp_lock *l)
{
	pthread_mutex_unlock(&l->m);
}

uint64_t hvp_load64(const uint64_t *ptr)
{
	return __atomic_load_n(ptr, __ATOMIC_SEQ_CST);
}

void hvp_store64(uint64_t *ptr, uint64_t v)
{
	__atomic_store_n(ptr, v, __ATOMIC_SEQ_CST);
}

bool hvp_cmpxchg64(uint64_t *ptr, uint64_t *old, uint64_t new)
{
	return __atomic_compare_exchange_n(ptr, old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

uint64_t hvp_xchg64(uint64_t *ptr, uint64_t v)
{
	return __atomic_exchange_n(ptr, v, __ATOMIC_SEQ_CST);
}

uint64_t hvp_add64(uint64_t *ptr, uint64_t v)
{
	return __atomic_add_fetch(ptr, v, __ATOMIC_SEQ_CST);
}

void hvp_or64(uint64_t *ptr, uint64_t v)
{
	__atomic_or_fetch(ptr, v, __ATOMIC_SEQ_CST);
}

void hvp_work_queue(struct hv_plat *p, struct hvp_work *w)
{
	pthread_mutex_lock(&p->lock);
	w->next = NULL;
	if (p->work_tail)
		p->work_tail->next = w;
	else
		p->work_head = w;
	p->work_tail = w;
	p->work_count++;
	pthread_mutex_unlock(&p->lock);
}

void hvp_work_flush(struct hv_plat *p)
{
	hvpu_run_work(p, ~0u);
}

/*
 * The arena is contiguous (hpa = hva), so a 2 MiB or 1 GiB block is one
 * host large page when every page in it is resident RAM with the same
 * host protection. Called with p->lock held.
 */
static int block_level(struct hv_plat *p, size_t page)
{
	static const size_t span[] = { 512, 512 * 512 };
	int level;
	size_t i, first;

	for (level = 1; level <= 2; level++) {
		first = page & ~(span[level - 1] - 1);
		if (first + span[level - 1] > p->pages)
			break;
		for (i = first; i < first + span[level - 1]; i++)
			if ((p->flags[i] & ~PF_HOST_RO) != PF_RAM ||
			    (p->flags[i] ^ p->flags[page]) & PF_HOST_RO)
				return level;
	}
	return level;
}

int hvp_host_page(struct hv_plat *p, uint64_t hva, unsigned int flags,
		  uint64_t *hpa, bool *writable, int *host_level)
{
	size_t page = hva / PG;
	uint8_t f;

	if (p->host_page_hook)
		p->host_page_hook(p->host_page_opaque, hva);
	if (!ram_range(p, hva & ~(uint64_t)(PG - 1), 1))
		return -EFAULT;
	pthread_mutex_lock(&p->lock);
	f = p->flags[page];
	if ((f & PF_RAM) && (f & PF_EVICTED)) {
		if (flags & HVP_NOWAIT) {
			pthread_mutex_unlock(&p->lock);
			return -EAGAIN;
		}
		p->flags[page] &= ~PF_EVICTED;	/* "swapped in" */
	}
	*host_level = (f & PF_RAM) ? block_level(p, page) : 1;
	pthread_mutex_unlock(&p->lock);
	if (!(f & PF_RAM))
		return -EFAULT;
	*hpa = (uint64_t)page * PG;
	*writable = !(f & PF_HOST_RO);
	return 0;
}

int hvp_notifier_register(struct hv_plat *p, hvp_invalidate_fn *cb,
			  void *opaque)
{
	if (p->inv)
		return -EBUSY;
	p->inv = cb;
	p->inv_opaque = opaque;
	return 0;
}

void hvp_notifier_unregister(struct hv_plat *p)
{
	p->inv = NULL;
	p->inv_opaque = NULL;
}

static bool guest_range(struct hv_plat *p, uint64_t hva, size_t len)
{
	return hva < p->pages * PG && len <= p->pages * PG - hva &&
	       (p->flags[hva / PG] & PF_RAM) &&
	       (p->flags[(hva + len - 1) / PG] & PF_RAM);
}

int hvp_guest_read(struct hv_plat *p, uint64_t hva, void *buf, size_t len)
{
	if (!len || !guest_range(p, hva, len))
		return -EFAULT;
	memcpy(buf, p->base + hva, len);
	return 0;
}

int hvp_guest_write(struct hv_plat *p, uint64_t hva, const void *buf,
		    size_t len)
{
	if (!len || !guest_range(p, hva, len))
		return -EFAULT;
	memcpy(p->base + hva, buf, len);
	return 0;
}

int hvp_guest_cmpxchg(struct hv_plat *p, uint64_t hva, unsigned int size,
		      uint64_t old, uint64_t new)
{
	bool ok;

	if ((size != 4 && size != 8) || (hva % size) ||
	    !guest_range(p, hva, size))
		return -EFAULT;
	if (size == 8) {
		ok = __atomic_compare_exchange_n((uint64_t *)(p->base + hva),
						 &old, new, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST);
	} else {
		uint32_t o = (uint32_t)old;

		ok = __atomic_compare_exchange_n((uint32_t *)(p->base + hva),
						 &o, (uint32_t)new, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST);
	}
	return ok ? 0 : 1;
}

void hvp_flush_tlbs(struct hv_plat *p)
{
	__atomic_add_fetch(&p->flushes, 1, __ATOMIC_SEQ_CST);
	if (p->flush_hook)
		p->flush_hook(p->flush_opaque);
}

void hvp_apf_event(struct hv_plat *p, unsigned int vcpu_id, uint64_t token,
		   uint64_t gfn, bool ready)
{
	(void)vcpu_id;
	(void)token;
	(void)gfn;
	__atomic_add_fetch(&p->apf_events[ready], 1, __ATOMIC_SEQ_CST);
}

uint64_t hvpu_apf_events(struct hv_plat *p, bool ready)
{
	return __atomic_load_n(&p->apf_events[ready], __ATOMIC_SEQ_CST);
}

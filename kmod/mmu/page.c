// SPDX-License-Identifier: GPL-2.0-only
/*
 * page.c: shadow pages (seed 004): the cache hashed on guest frame and
 * role, LRU recycling under the cap, parent tracking, zapping, and the
 * deferred freeing that keeps lockless walkers safe. MMU lock held.
 */
#include "kmod/mmu/mmu_int.h"

static unsigned int hash_gfn(uint64_t gfn)
{
	return (unsigned int)((gfn * 0x9e3779b97f4a7c15ull) >> 40) &
	       (HASH_BUCKETS - 1);
}

struct mmu_page *sp_from_hpa(struct hv_mmu_vm *vm, uint64_t hpa)
{
	return hvp_table_priv(vm->plat, hpa & ~(PG_SIZE - 1));
}

uint64_t spte_gfn(struct mmu_page *sp, unsigned int idx)
{
	if (sp->gfns)
		return sp->gfns[idx];
	return sp->gfn + idx * level_pages(sp->role.level);
}

static void lru_del(struct mmu_page *sp)
{
	sp->lru_prev->lru_next = sp->lru_next;
	sp->lru_next->lru_prev = sp->lru_prev;
	sp->lru_prev = sp->lru_next = sp;
}

static void lru_add_front(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	sp->lru_next = vm->lru.lru_next;
	sp->lru_prev = &vm->lru;
	vm->lru.lru_next->lru_prev = sp;
	vm->lru.lru_next = sp;
}

void sp_touch(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	lru_del(sp);
	lru_add_front(vm, sp);
}

static void hash_del(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	struct mmu_page **pp = &vm->hash[hash_gfn(sp->gfn)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == sp) {
			*pp = sp->hash_next;
			break;
		}
	}
	sp->hash_next = NULL;
}

static void sp_free_now(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	hvp_table_free(vm->plat, sp->hpa);
	pte_list_free(&sp->parents);
	hvp_free(sp->gfns);
	hvp_free(sp);
}

/* Frees the pages zapped earlier once no lockless walker can see them. */
void free_doomed(struct hv_mmu_vm *vm)
{
	unsigned int i;

	if (!vm->ndoomed || hvp_load64(&vm->lockless))
		return;
	for (i = 0; i < vm->ndoomed; i++)
		sp_free_now(vm, sp_from_hpa(vm, vm->doomed[i]));
	vm->ndoomed = 0;
}

static void sp_doom(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	uint64_t *d;
	unsigned int cap;

	/* Unlinking stores and this load are sequentially consistent. */
	if (!hvp_load64(&vm->lockless)) {
		sp_free_now(vm, sp);
		return;
	}
	if (vm->ndoomed == vm->doomed_cap) {
		cap = vm->doomed_cap ? vm->doomed_cap * 2 : 64;
		d = hvp_zalloc(cap * sizeof(*d));
		if (!d) {
			/* Cannot defer: wait for the walkers to leave. */
			while (hvp_load64(&vm->lockless))
				;
			sp_free_now(vm, sp);
			return;
		}
		if (vm->ndoomed)
			memcpy(d, vm->doomed, vm->ndoomed * sizeof(*d));
		hvp_free(vm->doomed);
		vm->doomed = d;
		vm->doomed_cap = cap;
	}
	vm->doomed[vm->ndoomed++] = sp->hpa;
}

static bool spte_is_leaf(struct hv_mmu_vm *vm, struct mmu_page *sp,
			 uint64_t spte)
{
	return sp->role.level == 1 || (spte & vm->f->large);
}

/*
 * Replaces a shadow entry by @newval, unlinking whatever the old value
 * pointed at (child page's parent link, or the frame's rmap entry).
 */
void drop_spte(struct hv_mmu_vm *vm, struct mmu_page *sp, uint64_t *sptep,
	       uint64_t newval)
{
	uint64_t old = hvp_xchg64(sptep, newval);

	if (!hv_spte_present(vm->f, old))
		return;
	if (!spte_is_leaf(vm, sp, old))
		pte_list_del(&sp_from_hpa(vm, hv_spte_addr(vm->f, old))->parents,
			     sptep);
	else if (vm->opt.mode == HV_MMU_SHADOW)
		rmap_del(vm, spte_gfn(sp, (unsigned int)(sptep - sp->spt)),
			 sptep);
}

int link_child(struct hv_mmu_vm *vm, uint64_t *sptep, struct mmu_page *c)
{
	int r = pte_list_add(&c->parents, sptep);

	if (!r)
		hvp_store64(sptep, c->hpa | vm->f->nonleaf);
	return r;
}

/*
 * Zaps @sp without flushing TLBs; the caller flushes once. Present
 * entries are dropped (rmap and parent links go; a lockless fast-path
 * cmpxchg then fails). Non-present ones of an unlinked page stay as they
 * are: once the caller's flush is done no processor reaches them, and the
 * lockless notrap check gives up once @sp->zapped is set
 * (shadow_notrap_fault). A root stays loaded until each vCPU reloads, so
 * all its entries become trap.
 */
static void sp_zap_nf(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	unsigned int i;

	stat_inc(vm, mmu_shadow_zapped);
	hvp_store64(&sp->zapped, 1);
	for (i = 0; i < NENT; i++)
		if (sp->root_count ||
		    hv_spte_present(vm->f, hvp_load64(&sp->spt[i])))
			drop_spte(vm, sp, &sp->spt[i], vm->trap);
	while (sp->parents.n) {
		uint64_t *p = sp->parents.v[0];

		hvp_store64(p, vm->trap);
		pte_list_del(&sp->parents, p);
	}
	hash_del(vm, sp);
	lru_del(sp);
	vm->npages--;
	if (sp->root_count) {
		sp->invalid = true;
		return;
	}
	sp_doom(vm, sp);
}

void sp_zap(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	sp_zap_nf(vm, sp);
	hvp_flush_tlbs(vm->plat);
}

void sp_zap_all(struct hv_mmu_vm *vm)
{
	bool any = false;

	while (vm->lru.lru_next != &vm->lru) {
		sp_zap_nf(vm, vm->lru.lru_next);
		any = true;
	}
	if (any)
		hvp_flush_tlbs(vm->plat);
}

struct mmu_page *sp_find_shadowed(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct mmu_page *sp;

	for (sp = vm->hash[hash_gfn(gfn)]; sp; sp = sp->hash_next)
		if (sp->gfn == gfn && !sp->role.direct)
			return sp;
	return NULL;
}

bool sp_zap_gfn(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct mmu_page *sp;
	bool any = false;

	while ((sp = sp_find_shadowed(vm, gfn))) {
		sp_zap_nf(vm, sp);
		any = true;
	}
	if (any)
		hvp_flush_tlbs(vm->plat);
	return any;
}

void sp_release_root(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	if (--sp->root_count || !sp->invalid)
		return;
	sp_doom(vm, sp);
}

/* Makes room under the cap by zapping the least recently used page. */
static bool recycle_one(struct hv_mmu_vm *vm)
{
	struct mmu_page *sp;

	for (sp = vm->lru.lru_prev; sp != &vm->lru; sp = sp->lru_prev) {
		if (sp->root_count)
			continue;
		stat_inc(vm, mmu_recycled);
		sp_zap(vm, sp);
		return true;
	}
	return false;
}

/* Guest entry of a shadowed table behind shadow entry @i, or -1. */
static int64_t guest_index(union sp_role role, unsigned int i)
{
	if (role.gmode != HV_GUEST_32)
		return i;
	if (role.level == 1)
		return role.quadrant * 512 + i;
	return role.quadrant * 256 + i / 2;
}

/*
 * Initial entries (seed 003's prefetch): with the bypass and a hardware
 * filter, an entry whose guest entry is not present is notrap (0), every
 * other one trap. Only for guests with EFER.NXE (spte.h: the processor
 * runs with NXE=1). 64-bit entries (PAE, 4-level) are read in one copy of
 * the guest table into the shadow table, then turned into shadow entries
 * in place. Without a filter (SVM) every fault exits anyway and notrap
 * only spares a guest walk, less than reading the table on every page
 * built: entries start trap and learn notrap on a guest's fault
 * (shadow_notrap_path).
 */
static void sp_prefill(struct hv_mmu_vm *vm, struct mmu_page *sp)
{
	unsigned int i, size = sp->role.gmode == HV_GUEST_32 ? 4 : 8;
	uint64_t hva, gpte, trap = vm->trap, *spt = sp->spt;

	/* The page comes with every entry trap (hvp_table_alloc). */
	if (!trap || sp->role.direct || !sp->role.nxe ||
	    !vm->opt.pfec_filter ||
	    gpa_to_hva(vm, sp->gfn << PG_SHIFT, &hva))
		return;
	if (size == 8) {
		if (hvp_guest_read(vm->plat, hva, spt, PG_SIZE)) {
			for (i = 0; i < NENT; i++)
				spt[i] = trap;
			return;
		}
		for (i = 0; i < NENT; i++)
			spt[i] = gpte_present(spt[i]) ? trap : HV_SPTE_NOTRAP;
		return;
	}
	for (i = 0; i < NENT; i++) {
		gpte = 0;
		hvp_guest_read(vm->plat, hva + guest_index(sp->role, i) * size,
			       &gpte, size);
		spt[i] = gpte_present(gpte) ? trap : HV_SPTE_NOTRAP;
	}
}

static int sp_alloc(struct hv_mmu_vm *vm, uint64_t gfn, union sp_role role,
		    struct mmu_page **out)
{
	struct mmu_page *sp;
	unsigned int b;

	while (vm->npages >= vm->opt.max_shadow_pages)
		if (!recycle_one(vm))
			return -ENOMEM;
	sp = hvp_zalloc(sizeof(*sp));
	if (!sp)
		return -ENOMEM;
	if (role.level == 1 && !role.direct) {
		sp->gfns = hvp_zalloc(NENT * sizeof(*sp->gfns));
		if (!sp->gfns)
			goto fail;
	}
	if (hvp_table_alloc(vm->plat, &sp->hpa, vm->trap) &&
	    (!recycle_one(vm) ||
	     hvp_table_alloc(vm->plat, &sp->hpa, vm->trap)))
		goto fail;
	sp->spt = hvp_va(vm->plat, sp->hpa);
	hvp_table_set_priv(vm->plat, sp->hpa, sp);
	sp->gfn = gfn;
	sp->role = role;
	sp_prefill(vm, sp);
	b = hash_gfn(gfn);
	sp->hash_next = vm->hash[b];
	vm->hash[b] = sp;
	lru_add_front(vm, sp);
	vm->npages++;
	stat_inc(vm, mmu_cache_miss);
	if (!role.direct && rmap_write_protect(vm, gfn, false))
		hvp_flush_tlbs(vm->plat);
	*out = sp;
	return 0;
fail:
	hvp_free(sp->gfns);
	hvp_free(sp);
	return -ENOMEM;
}

struct mmu_page *sp_lookup(struct hv_mmu_vm *vm, uint64_t gfn,
			   union sp_role role)
{
	struct mmu_page *sp;

	for (sp = vm->hash[hash_gfn(gfn)]; sp; sp = sp->hash_next)
		if (sp->gfn == gfn && sp->role.word == role.word)
			return sp;
	return NULL;
}

int sp_get(struct hv_mmu_vm *vm, uint64_t gfn, union sp_role role,
	   struct mmu_page **out)
{
	struct mmu_page *sp = sp_lookup(vm, gfn, role);

	if (!sp)
		return sp_alloc(vm, gfn, role, out);
	stat_inc(vm, mmu_cache_hit);
	sp_touch(vm, sp);
	*out = sp;
	return 0;
}

/* Before a fault builds up to one page per level: free them first. */
void make_room(struct hv_mmu_vm *vm)
{
	while (vm->npages + MAX_LEVEL > vm->opt.max_shadow_pages &&
	       recycle_one(vm))
		;
}

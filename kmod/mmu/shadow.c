// SPDX-License-Identifier: GPL-2.0-only
/*
 * shadow.c: shadow paging. Roots per guest mode (a cached 4-level root, or
 * four PAE roots), the fault path that walks the guest's tables and builds
 * the shadow path with cached pages, INVLPG, the SVM-side recognition of
 * notrap faults (seed 003), and pte-write with flood detection.
 */
#include "kmod/mmu/mmu_int.h"

#define FLOOD_LIMIT	3

void release_roots(struct hv_mmu_vcpu *vcpu)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	int i;

	if (vcpu->root_sp)
		sp_release_root(vm, vcpu->root_sp);
	vcpu->root_sp = NULL;
	for (i = 0; i < 4; i++) {
		if (vcpu->pae_sp[i])
			sp_release_root(vm, vcpu->pae_sp[i]);
		vcpu->pae_sp[i] = NULL;
		if (vcpu->pae_root)
			hvp_store64(&vcpu->pae_root[i], 0);
	}
}

static int get_root(struct hv_mmu_vcpu *vcpu, uint64_t gfn,
		    union sp_role role, struct mmu_page **out)
{
	int r = sp_get(vcpu->vm, gfn, role, out);

	if (!r)
		(*out)->root_count++;
	return r;
}

/* Builds the roots for the current CR3. MMU lock held. */
int shadow_load_roots(struct hv_mmu_vcpu *vcpu)
{
	union sp_role role = vcpu->base_role;
	uint64_t cr3_gfn;
	int i, r;

	role.access = ACC_ALL;
	if (vcpu->gm->shadow_levels == 4) {
		role.level = 4;
		cr3_gfn = (vcpu->regs.cr3 & 0x000ffffffffff000ull) >> PG_SHIFT;
		return get_root(vcpu, cr3_gfn, role, &vcpu->root_sp);
	}
	role.level = 2;
	for (i = 0; i < 4; i++) {
		switch (vcpu->gmode) {
		case HV_GUEST_NONE:
			role.direct = 1;
			cr3_gfn = (uint64_t)i << 18;
			break;
		case HV_GUEST_32:
			role.quadrant = i;
			cr3_gfn = (vcpu->regs.cr3 & 0xfffff000ull) >> PG_SHIFT;
			break;
		default:
			cr3_gfn = gpte_gfn(vcpu, vcpu->pdptr[i], 1);
			if (gpte_present(vcpu->pdptr[i]))
				break;
			/*
			 * A 0 root entry is a notrap fault; without NXE it
			 * must trap (spte.h): a page of trap entries.
			 */
			if (!vcpu->vm->trap || vcpu->nxe)
				continue;
			role.direct = 1;
			role.access = 0;
			cr3_gfn = 0;
			r = get_root(vcpu, cr3_gfn, role, &vcpu->pae_sp[i]);
			role.direct = 0;
			role.access = ACC_ALL;
			if (r)
				return r;
			hvp_store64(&vcpu->pae_root[i],
				    vcpu->pae_sp[i]->hpa | 1);
			continue;
		}
		r = get_root(vcpu, cr3_gfn, role, &vcpu->pae_sp[i]);
		if (r)
			return r;
		hvp_store64(&vcpu->pae_root[i], vcpu->pae_sp[i]->hpa | 1);
	}
	return 0;
}

/* Quadrant of a 32-bit guest table shadowed at @level (seed 004). */
static unsigned int quadrant(struct hv_mmu_vcpu *vcpu, uint64_t gva,
			     int level)
{
	if (vcpu->gmode != HV_GUEST_32)
		return 0;
	return level == 1 ? (gva >> 21) & 1 : (gva >> 30) & 3;
}

/* First shadow page and its level for @gva, or NULL. */
static struct mmu_page *walk_start(struct hv_mmu_vcpu *vcpu, uint64_t gva,
				   int *level)
{
	if (vcpu->root_sp) {
		*level = 4;
		return vcpu->root_sp;
	}
	*level = 2;
	return vcpu->pae_sp[(gva >> 30) & 3];
}

/*
 * Walks (building what is missing) the shadow path of @gva down to the
 * page at level @stop, following the guest walk @w. Returns 0 with the
 * page in @out, 1 when a guest entry the walk used changed before its
 * table was protected (nothing linked from it: retry the fault), or
 * -ENOMEM.
 *
 * A translation through a present non-leaf entry must find the guest's
 * entry accessed, as hardware sets no A bit in the guest's tables. After
 * a successful walk (@walked) that holds; the path to a not-present entry
 * may follow entries with A=0, so the pages below one are "unaccessed"
 * pages of their own, never shared with a walked path and never given a
 * present leaf. A walked path meeting one links a page of its own.
 *
 * The pages that split a guest large page carry the leaf's final access
 * @leaf_acc in their role (no write while the guest entry is clean, as
 * KVM's direct_access): two guest entries mapping one frame, one dirty
 * and one clean, never share writable leaves; a walked path meeting a
 * page of another access links one of its own (validate_direct_spte).
 */
static bool child_fits(struct mmu_page *child, bool walked,
		       unsigned int leaf_acc)
{
	if (!walked)
		return true;
	return !child->role.unaccessed &&
	       (!child->role.direct || child->role.access == leaf_acc);
}

static int shadow_path(struct hv_mmu_vcpu *vcpu, uint64_t gva,
		       struct guest_walk *w, int stop, bool walked,
		       unsigned int leaf_acc, struct mmu_page **out)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	struct mmu_page *sp, *child;
	union sp_role role;
	uint64_t *sptep, spte, gfn;
	int level;

	sp = walk_start(vcpu, gva, &level);
	while (sp && level > stop) {
		sp->flood = 0;
		sptep = &sp->spt[level_index(gva, level)];
		spte = hvp_load64(sptep);
		if (hv_spte_present(vm->f, spte)) {
			child = sp_from_hpa(vm, hv_spte_addr(vm->f, spte));
			if (child_fits(child, walked, leaf_acc)) {
				sp = child;
				sp_touch(vm, sp);
				level--;
				continue;
			}
			drop_spte(vm, sp, sptep, vm->trap);
			hvp_flush_tlbs(vm->plat);
		}
		/* @sp shadows (protects) the table of w->pte[level]. */
		if (level >= w->level && gpte_changed(vcpu, w, level))
			return 1;
		role = vcpu->base_role;
		role.level = level - 1;
		role.unaccessed = !walked && (sp->role.unaccessed ||
					      !gpte_accessed(w->pte[level]));
		if (vcpu->gmode != HV_GUEST_NONE && level - 1 >= w->level) {
			role.quadrant = quadrant(vcpu, gva, level - 1);
			role.access = w->pt_access[level - 1];
			gfn = w->table_gfn[level - 1];
		} else {
			role.direct = 1;
			role.access = leaf_acc;
			gfn = w->gfn & ~(level_pages(level) - 1);
		}
		if (sp_get(vm, gfn, role, &child) ||
		    link_child(vm, sptep, child))
			return -ENOMEM;
		sp = child;
		level--;
	}
	if (!sp)
		return -ENOMEM;
	sp->flood = 0;
	*out = sp;
	return 0;
}

/*
 * Seed 003 on a guest's not-present fault: shadow the tables down to the
 * one whose entry is not present, so that entry is notrap and the next
 * fault there bypasses the hypervisor (only where notrap is used). Shadow
 * pages are prefilled with notrap entries only with a hardware filter
 * (sp_prefill); without one, the entry learns it here, while the guest's
 * entry is still the one the walk read.
 */
static void shadow_notrap_path(struct hv_mmu_vcpu *vcpu, uint64_t gva,
			       struct guest_walk *w)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	struct mmu_page *sp;
	uint64_t *sptep;

	if (!vm->trap || !vcpu->nxe || vcpu->gmode == HV_GUEST_NONE ||
	    (vcpu->gm->pdptr && w->level == 3))
		return;
	hvp_lock(&vm->lock);
	if (!ensure_roots(vcpu)) {
		make_room(vm);
		if (!shadow_path(vcpu, gva, w, w->level, false, 0, &sp) &&
		    !gpte_changed(vcpu, w, w->level)) {
			sptep = &sp->spt[level_index(gva, w->level)];
			if (hvp_load64(sptep) == vm->trap)
				hvp_store64(sptep, HV_SPTE_NOTRAP);
		}
	}
	free_doomed(vm);
	hvp_unlock(&vm->lock);
}

static void fill_result(struct hv_pf_result *res, enum hv_pf_action a,
			uint64_t gpa)
{
	res->action = a;
	res->gpa = gpa;
}

/*
 * Final access of the leaf for this fault: write only once the guest
 * entry is dirty, CR0.WP=0's supervisor writes to read-only pages through
 * a supervisor-only writable entry (no execute with SMEP, as KVM does).
 */
static unsigned int leaf_access(struct hv_mmu_vcpu *vcpu,
				struct guest_walk *w, uint32_t ec)
{
	unsigned int a = w->access;

	if (!w->dirty)
		a &= ~ACC_WRITE;
	if ((ec & HV_PFERR_WRITE) && !(ec & HV_PFERR_USER) &&
	    !(w->access & ACC_WRITE)) {
		a = (a | ACC_WRITE) & ~ACC_USER;
		if (vcpu->smep)
			a &= ~ACC_EXEC;
	}
	return a;
}

/*
 * KVM's update_pte: a last-level guest entry written present and accessed
 * is mapped at once when its host page is resident, saving the fault the
 * guest would take next. Only for tables of the writing vCPU's own mode
 * (its reserved bits and NX apply), never in an unaccessed page (see
 * shadow_path) and outside host invalidations.
 */
static void pte_prefetch(struct hv_mmu_vcpu *vcpu, struct mmu_page *sp,
			 unsigned int idx, uint64_t gpte)
{
	const uint64_t pa = 1ull << 0 | 1ull << 5, dirty = 1ull << 6;
	struct hv_mmu_vm *vm = vcpu->vm;
	unsigned int access, mmu_w;
	uint64_t gfn, hpa, spte;
	struct mmu_slot *s;
	int host_level;
	bool hw;

	if (sp->role.level != 1 || sp->role.direct || sp->role.unaccessed ||
	    sp->role.gmode != vcpu->gmode || sp->role.nxe != vcpu->nxe ||
	    (gpte & pa) != pa || (gpte & vcpu->rsvd[1][0]) ||
	    hvp_load64(&vm->inv_active))
		return;
	gfn = gpte_gfn(vcpu, gpte, 1);
	s = slot_of_gfn(vm, gfn);
	if (!s || hvp_host_page(vm->plat, s->hva + ((gfn - s->base_gfn) <<
						   PG_SHIFT),
				HVP_NOWAIT, &hpa, &hw, &host_level))
		return;
	hw = hw && !(s->flags & HV_SLOT_READONLY);
	access = sp->role.access & gpte_access(vcpu, gpte);
	if (!(gpte & dirty) || sp_find_shadowed(vm, gfn))
		access &= ~ACC_WRITE;
	mmu_w = access & ACC_WRITE;
	if (!hw || hvp_load64(&s->log))
		access &= ~ACC_WRITE;
	spte = make_leaf(vm, hpa, access, hw, mmu_w, 1);
	hvp_store64(&sp->gfns[idx], gfn);
	if (!rmap_add(vm, gfn, &sp->spt[idx]))
		hvp_store64(&sp->spt[idx], spte);
}

#define PREFETCH_PTES	8

/*
 * KVM's pte_prefetch: once a fault mapped entry @idx of the level-1 page
 * @sp, the present and accessed guest entries of its aligned group of 8
 * (64-bit guest entries) are mapped too where their host pages are
 * resident, so a guest touching its pages in order takes one fault per
 * group instead of one per page.
 */
static void fault_prefetch(struct hv_mmu_vcpu *vcpu, struct mmu_page *sp,
			   const struct guest_walk *w, unsigned int idx)
{
	unsigned int first = idx & ~(PREFETCH_PTES - 1), i;
	uint64_t gptes[PREFETCH_PTES];

	if (w->level != 1 || vcpu->gm->pte_size != 8 || !w->pte_hva[1] ||
	    hvp_guest_read(vcpu->vm->plat, w->pte_hva[1] - (idx - first) * 8,
			   gptes, sizeof(gptes)))
		return;
	for (i = 0; i < PREFETCH_PTES; i++)
		if (first + i != idx &&
		    !hv_spte_present(vcpu->vm->f,
				     hvp_load64(&sp->spt[first + i])))
			pte_prefetch(vcpu, sp, first + i, gptes[i]);
}

/*
 * KVM's is_self_change_mapping: the page written holds a table of its own
 * walk, which unshadowing would only see shadowed again on the retry. Such
 * a write needs an emulator (HV_PF_EMULATE).
 */
static bool self_change(struct hv_mmu_vcpu *vcpu, const struct guest_walk *w)
{
	int level;

	for (level = w->level; level <= vcpu->gm->levels; level++)
		if (w->table_gfn[level] == w->gfn)
			return true;
	return false;
}

int shadow_fault(struct hv_mmu_vcpu *vcpu, uint64_t gva, uint32_t ec,
		 struct hv_pf_result *res)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	bool write = ec & HV_PFERR_WRITE, emulate = false, mmu_w, hw;
	struct guest_walk w;
	struct host_page hp;
	struct mmu_page *sp;
	unsigned int access, idx;
	uint64_t *sptep, spte, old, gpa;
	int r;

	r = guest_walk(vcpu, gva, ec, &w);
	if (r < 0)
		return r;
	if (r) {
		if (!(w.error_code & HV_PFERR_PRESENT))
			shadow_notrap_path(vcpu, gva, &w);
		stat_inc(vm, pf_guest);
		res->action = HV_PF_INJECT;
		res->error_code = w.error_code;
		res->cr2 = gva;
		return 0;
	}
	gpa = (w.gfn << PG_SHIFT) | (gva & (PG_SIZE - 1));
	access = leaf_access(vcpu, &w, ec);
	r = host_page_get(vcpu, w.gfn, gpa, write, false, &hp, res);
	if (r)
		return r < 0 ? r : 0;
	if (write && (hp.slot->flags & HV_SLOT_READONLY)) {
		fill_result(res, HV_PF_MMIO, gpa);
		return 0;
	}

	r = fault_lock(vcpu, &hp);
	if (r) {
		r = r < 0 ? r : 0;	/* raced with an invalidation: retry */
		goto out;
	}
	/* Built from entries the guest still has (gpte_changed)? */
	r = shadow_path(vcpu, gva, &w, 1, true, access, &sp);
	if (!r && guest_walk_changed(vcpu, &w))
		r = 1;
	if (r) {
		r = r < 0 ? r : 0;	/* tables changed: retry */
		goto out;
	}
	hw = hp.writable && !(hp.slot->flags & HV_SLOT_READONLY);
	if ((access & ACC_WRITE) && sp_find_shadowed(vm, w.gfn)) {
		if (write && !vm->opt.emulator && !self_change(vcpu, &w)) {
			/* Unshadow the table; unless that zapped @sp, map. */
			sp_zap_gfn(vm, w.gfn);
			if (hvp_load64(&sp->zapped))
				goto out;
		} else {
			access &= ~ACC_WRITE;
			emulate = write;
		}
	}
	mmu_w = access & ACC_WRITE;
	if (!hw || (hvp_load64(&hp.slot->log) && !write))
		access &= ~ACC_WRITE;
	spte = make_leaf(vm, hp.hpa, access, hw, mmu_w, 1);
	idx = level_index(gva, 1);
	sptep = &sp->spt[idx];
	old = hvp_load64(sptep);
	if (old != spte) {
		drop_spte(vm, sp, sptep, vm->trap);
		if (sp->gfns)
			hvp_store64(&sp->gfns[idx], w.gfn);
		if (rmap_add(vm, w.gfn, sptep)) {
			r = -ENOMEM;
			goto out;
		}
		hvp_store64(sptep, spte);
		/* No TLB caches a non-present or reserved-bit entry. */
		if (hv_spte_present(vm->f, old))
			hvp_flush_tlbs(vm->plat);
	}
	if (spte & vm->f->writable)
		mark_dirty(vm, w.gfn);
	fault_prefetch(vcpu, sp, &w, idx);
	stat_inc(vm, pf_fixed);
	if (emulate)
		fill_result(res, HV_PF_EMULATE, gpa);
out:
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return r;
}

/*
 * Without a hardware filter (SVM) a P=0 fault may still belong to the
 * guest: if the shadow path ends in a notrap entry, the guest's own entry
 * is not present and the fault is reinjected without a guest walk. The
 * entry is read before its page's zapped mark: unmarked, the page was
 * still in use (and the entry true) when the entry was read.
 */
bool shadow_notrap_fault(struct hv_mmu_vcpu *vcpu, uint64_t gva)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	uint64_t table, spte;
	struct mmu_page *sp;
	bool notrap;
	int level;

	hvp_add64(&vm->lockless, 1);
	lockless_walk(vcpu, gva, &level, &table, &spte);
	sp = sp_from_hpa(vm, table);	/* NULL: the vCPU's PAE root */
	notrap = spte == HV_SPTE_NOTRAP && (!sp || !hvp_load64(&sp->zapped));
	hvp_add64(&vm->lockless, -1ull);
	return notrap;
}

void hv_mmu_invlpg(struct hv_mmu_vcpu *vcpu, uint64_t gva)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	struct mmu_page *sp;
	uint64_t spte;
	int level;

	if (vm->opt.mode != HV_MMU_SHADOW)
		return;
	hvp_lock(&vm->lock);
	sp = walk_start(vcpu, gva, &level);
	while (sp && level > 1) {
		spte = hvp_load64(&sp->spt[level_index(gva, level)]);
		if (!hv_spte_present(vm->f, spte))
			break;
		sp = sp_from_hpa(vm, hv_spte_addr(vm->f, spte));
		level--;
	}
	if (sp && level == 1) {
		drop_spte(vm, sp, &sp->spt[level_index(gva, 1)], vm->trap);
		hvp_flush_tlbs(vm->plat);
	}
	free_doomed(vm);
	hvp_unlock(&vm->lock);
}

/* Shadow entries of @sp that shadow guest entry @gidx: first, count. */
static unsigned int sptes_of_gpte(struct mmu_page *sp, unsigned int gidx,
				  unsigned int *first)
{
	if (sp->role.gmode != HV_GUEST_32) {
		*first = gidx;
		return 1;
	}
	if (sp->role.level == 1) {
		*first = gidx % 512;
		return gidx / 512 == sp->role.quadrant;
	}
	*first = (gidx % 256) * 2;
	return gidx / 256 == sp->role.quadrant ? 2 : 0;
}

/* The guest rewrote entry @gidx of a table that @sp shadows. */
static void pte_write_one(struct hv_mmu_vcpu *vcpu, struct mmu_page *sp,
			  uint64_t hva, unsigned int gidx)
{
	unsigned int size = sp->role.gmode == HV_GUEST_32 ? 4 : 8;
	struct hv_mmu_vm *vm = vcpu->vm;
	unsigned int first, n, i;
	uint64_t gpte = 0, val;

	n = sptes_of_gpte(sp, gidx, &first);
	if (!n)
		return;
	hvp_guest_read(vm->plat, hva - (hva & (PG_SIZE - 1)) + gidx * size,
		       &gpte, size);
	val = vm->trap && sp->role.nxe && !gpte_present(gpte) ?
	      HV_SPTE_NOTRAP : vm->trap;
	for (i = first; i < first + n; i++)
		drop_spte(vm, sp, &sp->spt[i], val);
	if (n == 1)
		pte_prefetch(vcpu, sp, first, gpte);
}

int hv_mmu_write_guest(struct hv_mmu_vcpu *vcpu, uint64_t gpa,
		       const void *data, unsigned int len)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	uint64_t gfn = gpa >> PG_SHIFT, hva;
	struct mmu_page *sp, *next;
	unsigned int size, off = gpa & (PG_SIZE - 1);
	bool hit = false;
	int r;

	if (!len || len > 8 || off + len > PG_SIZE ||
	    gpa_to_hva(vm, gpa, &hva))
		return -EINVAL;
	hvp_lock(&vm->lock);
	r = hvp_guest_write(vm->plat, hva, data, len);
	for (sp = sp_find_shadowed(vm, gfn); !r && sp; sp = next) {
		next = sp->hash_next;
		while (next && (next->gfn != gfn || next->role.direct))
			next = next->hash_next;
		hit = true;
		size = sp->role.gmode == HV_GUEST_32 ? 4 : 8;
		if (++sp->flood >= FLOOD_LIMIT ||
		    off / size != (off + len - 1) / size) {
			stat_inc(vm, mmu_flooded);
			sp_zap(vm, sp);
			continue;
		}
		pte_write_one(vcpu, sp, hva, off / size);
	}
	if (!r)
		mark_dirty(vm, gfn);
	if (hit) {
		stat_inc(vm, mmu_pte_write);
		hvp_flush_tlbs(vm->plat);
	}
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return r;
}

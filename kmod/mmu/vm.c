// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm.c: VM and vCPU lifetimes, memory slots, dirty logging, host
 * invalidation, and the vCPU's paging context (CR0/CR3/CR4/EFER, roots).
 */
#include "kmod/mmu/mmu_int.h"

void hv_mmu_default_options(struct hv_mmu_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = HV_MMU_SHADOW;
	o->shadow_cache = true;
	o->bypass = true;
	o->fast_pf = true;
	o->async_pf = true;
	o->max_shadow_pages = 4096;
	o->guest_maxphyaddr = 46;
	o->format = HV_MMU_FMT_X86;
}

static const struct hv_spte_format *const formats[] = {
	[HV_MMU_FMT_X86] = &hv_spte_x86,
	[HV_MMU_FMT_EPT] = &hv_spte_ept,
	[HV_MMU_FMT_EPT_AD] = &hv_spte_ept_ad,
};

#define EPTP_WB		6ull
#define EPTP_4LEVEL	(3ull << 3)
#define EPTP_AD		(1ull << 6)

uint64_t hv_mmu_eptp(struct hv_mmu_vm *vm, struct hv_mmu_root root)
{
	if (vm->opt.format == HV_MMU_FMT_X86)
		return 0;
	return root.hpa | EPTP_WB | EPTP_4LEVEL |
	       (vm->opt.format == HV_MMU_FMT_EPT_AD ? EPTP_AD : 0);
}

struct mmu_slot *slot_of_gfn(struct hv_mmu_vm *vm, uint64_t gfn)
{
	struct mmu_slot *s;

	for (s = vm->slots; s < vm->slots + vm->nslots; s++)
		if (s->used && gfn >= s->base_gfn &&
		    gfn - s->base_gfn < s->npages)
			return s;
	return NULL;
}

int gpa_to_hva(struct hv_mmu_vm *vm, uint64_t gpa, uint64_t *hva)
{
	struct mmu_slot *s = slot_of_gfn(vm, gpa >> PG_SHIFT);

	if (!s)
		return -EFAULT;
	*hva = s->hva + gpa - (s->base_gfn << PG_SHIFT);
	return 0;
}

/* Drops every mapping of frames [start, end) of slot @s. Lock held. */
static void zap_slot_range(struct hv_mmu_vm *vm, struct mmu_slot *s,
			   uint64_t start, uint64_t end)
{
	uint64_t gfn;

	if (start < s->base_gfn)
		start = s->base_gfn;
	if (end > s->base_gfn + s->npages)
		end = s->base_gfn + s->npages;
	if (vm->opt.mode == HV_MMU_DIRECT) {
		direct_zap_range(vm, start, end);
		return;
	}
	for (gfn = start; gfn < end; gfn++)
		rmap_zap(vm, gfn);
	hvp_flush_tlbs(vm->plat);
}

static void invalidate(void *opaque, uint64_t start, uint64_t end, bool begin)
{
	struct hv_mmu_vm *vm = opaque;
	struct mmu_slot *s;
	uint64_t a, b, top;

	hvp_lock(&vm->lock);
	if (!begin) {
		hvp_add64(&vm->inv_active, -1ull);
		hvp_add64(&vm->inv_seq, 1);
		goto out;
	}
	hvp_add64(&vm->inv_active, 1);
	for (s = vm->slots; s < vm->slots + HV_MMU_MAX_SLOTS; s++) {
		top = s->hva + (s->npages << PG_SHIFT);
		if (!s->used || end <= s->hva || start >= top)
			continue;
		a = start > s->hva ? start : s->hva;
		b = end < top ? end : top;
		zap_slot_range(vm, s, s->base_gfn + ((a - s->hva) >> PG_SHIFT),
			       s->base_gfn + ((b - s->hva + PG_SIZE - 1) >>
					      PG_SHIFT));
	}
out:
	free_doomed(vm);
	hvp_unlock(&vm->lock);
}

int hv_mmu_vm_create(struct hv_plat *plat, const struct hv_mmu_options *o,
		     struct hv_mmu_vm **out)
{
	struct hv_mmu_vm *vm;
	struct hv_mmu_options opt = *o;
	int r;

	if (!opt.max_shadow_pages)
		opt.max_shadow_pages = 4096;
	if (!opt.guest_maxphyaddr)
		opt.guest_maxphyaddr = 46;
	if ((opt.mode != HV_MMU_SHADOW && opt.mode != HV_MMU_DIRECT) ||
	    (opt.bypass && opt.mode == HV_MMU_DIRECT) ||
	    (unsigned int)opt.format >=
	    sizeof(formats) / sizeof(formats[0]) ||
	    (opt.format != HV_MMU_FMT_X86 && opt.mode != HV_MMU_DIRECT) ||
	    opt.max_shadow_pages < 8 || opt.guest_maxphyaddr < 32 ||
	    opt.guest_maxphyaddr > 52)
		return -EINVAL;
	vm = hvp_zalloc(sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	vm->plat = plat;
	vm->opt = opt;
	vm->f = formats[opt.format];
	vm->trap = opt.bypass ? vm->f->present | vm->f->trap_rsvd : 0;
	vm->lru.lru_next = vm->lru.lru_prev = &vm->lru;
	hvp_lock_init(&vm->lock);
	r = hvp_notifier_register(plat, invalidate, vm);
	if (r) {
		hvp_lock_destroy(&vm->lock);
		hvp_free(vm);
		return r;
	}
	*out = vm;
	return 0;
}

static void slot_free(struct mmu_slot *s)
{
	uint64_t i;

	for (i = 0; s->rmap && i < s->npages; i++)
		pte_list_free(&s->rmap[i]);
	hvp_free(s->rmap);
	hvp_free(s->dirty);
	memset(s, 0, sizeof(*s));
}

void hv_mmu_vm_destroy(struct hv_mmu_vm *vm)
{
	unsigned int i;

	if (!vm)
		return;
	hvp_notifier_unregister(vm->plat);
	hvp_lock(&vm->lock);
	sp_zap_all(vm);
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	for (i = 0; i < HV_MMU_MAX_SLOTS; i++)
		slot_free(&vm->slots[i]);
	hvp_free(vm->doomed);
	hvp_lock_destroy(&vm->lock);
	hvp_free(vm);
}

int hv_mmu_set_slot(struct hv_mmu_vm *vm, unsigned int id, uint64_t base_gfn,
		    uint64_t npages, uint64_t hva, unsigned int flags)
{
	struct mmu_slot n = { 0 }, *s;
	unsigned int i;

	if (id >= HV_MMU_MAX_SLOTS ||
	    (flags & ~(HV_SLOT_DIRTY_LOG | HV_SLOT_READONLY)) ||
	    (hva & (PG_SIZE - 1)) || npages > (1ull << 40) ||
	    base_gfn > (1ull << 40))
		return -EINVAL;
	for (i = 0; npages && i < HV_MMU_MAX_SLOTS; i++) {
		s = &vm->slots[i];
		if (i != id && s->used && base_gfn < s->base_gfn + s->npages &&
		    s->base_gfn < base_gfn + npages)
			return -EINVAL;
	}
	if (npages) {
		n.used = true;
		n.flags = flags;
		n.log = !!(flags & HV_SLOT_DIRTY_LOG);
		n.base_gfn = base_gfn;
		n.npages = npages;
		n.hva = hva;
		n.dirty = hvp_zalloc(((npages + 63) / 64) * 8);
		if (vm->opt.mode == HV_MMU_SHADOW)
			n.rmap = hvp_zalloc(npages * sizeof(*n.rmap));
		if (!n.dirty || (vm->opt.mode == HV_MMU_SHADOW && !n.rmap)) {
			hvp_free(n.dirty);
			hvp_free(n.rmap);
			return -ENOMEM;
		}
	}
	hvp_lock(&vm->lock);
	s = &vm->slots[id];
	if (s->used) {
		/* Shadowed tables and mappings of the old frames go. */
		sp_zap_all(vm);
		zap_slot_range(vm, s, s->base_gfn, s->base_gfn + s->npages);
		slot_free(s);
	}
	*s = n;
	for (i = HV_MMU_MAX_SLOTS; i && !vm->slots[i - 1].used; i--)
		;
	vm->nslots = i;
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return 0;
}

/* Write-protects slot @s for dirty logging. Lock held. */
static void protect_slot(struct hv_mmu_vm *vm, struct mmu_slot *s)
{
	bool flush = false;
	uint64_t gfn;

	if (vm->opt.mode == HV_MMU_DIRECT)
		flush = direct_protect_range(vm, s->base_gfn,
					     s->base_gfn + s->npages);
	else
		for (gfn = s->base_gfn; gfn < s->base_gfn + s->npages; gfn++)
			flush |= rmap_write_protect(vm, gfn, true);
	if (flush)
		hvp_flush_tlbs(vm->plat);
}

int hv_mmu_set_slot_flags(struct hv_mmu_vm *vm, unsigned int id,
			  unsigned int flags)
{
	struct mmu_slot *s;

	if (id >= HV_MMU_MAX_SLOTS ||
	    (flags & ~(HV_SLOT_DIRTY_LOG | HV_SLOT_READONLY)) ||
	    !vm->slots[id].used)
		return -EINVAL;
	hvp_lock(&vm->lock);
	s = &vm->slots[id];
	if ((s->flags ^ flags) & HV_SLOT_READONLY)
		zap_slot_range(vm, s, s->base_gfn, s->base_gfn + s->npages);
	if ((flags & HV_SLOT_DIRTY_LOG) && !hvp_load64(&s->log)) {
		memset(s->dirty, 0, ((s->npages + 63) / 64) * 8);
		hvp_store64(&s->log, 1);
		protect_slot(vm, s);
	} else if (!(flags & HV_SLOT_DIRTY_LOG)) {
		hvp_store64(&s->log, 0);
	}
	s->flags = flags;
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return 0;
}

int hv_mmu_dirty_log_get_clear(struct hv_mmu_vm *vm, unsigned int id,
			       uint64_t *bitmap)
{
	struct mmu_slot *s;
	uint64_t i, w, gfn;
	bool flush = false;

	if (id >= HV_MMU_MAX_SLOTS || !vm->slots[id].used ||
	    !hvp_load64(&vm->slots[id].log))
		return -EINVAL;
	hvp_lock(&vm->lock);
	s = &vm->slots[id];
	for (i = 0; i < (s->npages + 63) / 64; i++) {
		w = hvp_xchg64(&s->dirty[i], 0);
		bitmap[i] = w;
		for (; w; w &= w - 1) {
			gfn = s->base_gfn + i * 64 + __builtin_ctzll(w);
			if (vm->opt.mode == HV_MMU_DIRECT)
				flush |= direct_protect_range(vm, gfn, gfn + 1);
			else
				flush |= rmap_write_protect(vm, gfn, true);
		}
	}
	if (flush)
		hvp_flush_tlbs(vm->plat);
	hvp_unlock(&vm->lock);
	return 0;
}

void hv_mmu_zap_gfn_range(struct hv_mmu_vm *vm, uint64_t start, uint64_t end)
{
	struct mmu_slot *s;
	uint64_t gfn, a, b;

	hvp_lock(&vm->lock);
	for (s = vm->slots; s < vm->slots + HV_MMU_MAX_SLOTS; s++) {
		if (!s->used || end <= s->base_gfn ||
		    start >= s->base_gfn + s->npages)
			continue;
		zap_slot_range(vm, s, start, end);
		a = start > s->base_gfn ? start : s->base_gfn;
		b = end < s->base_gfn + s->npages ? end :
		    s->base_gfn + s->npages;
		for (gfn = a; vm->opt.mode == HV_MMU_SHADOW && gfn < b; gfn++)
			sp_zap_gfn(vm, gfn);
	}
	free_doomed(vm);
	hvp_unlock(&vm->lock);
}

void hv_mmu_unprotect_gfn(struct hv_mmu_vm *vm, uint64_t gfn)
{
	hvp_lock(&vm->lock);
	sp_zap_gfn(vm, gfn);
	free_doomed(vm);
	hvp_unlock(&vm->lock);
}

/* ---- vCPU ---- */

static bool roots_invalid(struct hv_mmu_vcpu *vcpu)
{
	int i;

	if (vcpu->root_sp && vcpu->root_sp->invalid)
		return true;
	for (i = 0; i < 4; i++)
		if (vcpu->pae_sp[i] && vcpu->pae_sp[i]->invalid)
			return true;
	return false;
}

/* Reloads the roots if never loaded or zapped. MMU lock held. */
int ensure_roots(struct hv_mmu_vcpu *vcpu)
{
	int r;

	if (vcpu->roots_loaded && !roots_invalid(vcpu))
		return 0;
	release_roots(vcpu);
	if (vcpu->vm->opt.mode == HV_MMU_DIRECT)
		r = direct_load_root(vcpu);
	else
		r = shadow_load_roots(vcpu);
	vcpu->roots_loaded = !r;
	return r;
}

int hv_mmu_vcpu_create(struct hv_mmu_vm *vm, unsigned int id,
		       void (*kick)(void *opaque), void *opaque,
		       struct hv_mmu_vcpu **out)
{
	struct hv_mmu_vcpu *vcpu = hvp_zalloc(sizeof(*vcpu));
	int r;

	if (!vcpu)
		return -ENOMEM;
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->kick = kick;
	vcpu->kick_opaque = opaque;
	paging_reset(vcpu);
	if (vm->opt.mode == HV_MMU_SHADOW) {
		r = hvp_table_alloc(vm->plat, &vcpu->pae_hpa, 0);
		if (r) {
			hvp_free(vcpu);
			return r;
		}
		vcpu->pae_root = hvp_va(vm->plat, vcpu->pae_hpa);
	}
	apf_vcpu_init(vcpu);
	hvp_lock(&vm->lock);
	r = ensure_roots(vcpu);
	hvp_unlock(&vm->lock);
	if (r) {
		hv_mmu_vcpu_destroy(vcpu);
		return r;
	}
	*out = vcpu;
	return 0;
}

void hv_mmu_vcpu_destroy(struct hv_mmu_vcpu *vcpu)
{
	struct hv_mmu_vm *vm;

	if (!vcpu)
		return;
	vm = vcpu->vm;
	apf_vcpu_destroy(vcpu);
	hvp_lock(&vm->lock);
	release_roots(vcpu);
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	if (vcpu->pae_root)
		hvp_table_free(vm->plat, vcpu->pae_hpa);
	hvp_free(vcpu);
}

/*
 * Switches to the address space of vcpu->regs (already set): PDPTEs were
 * read into @pdptr by the caller. With the cache off, every shadow page
 * goes first (the behaviour before seed 004).
 */
static int switch_root(struct hv_mmu_vcpu *vcpu, const uint64_t *pdptr)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	int r;

	if (vm->opt.mode == HV_MMU_DIRECT)
		return 0;
	hvp_lock(&vm->lock);
	release_roots(vcpu);
	vcpu->roots_loaded = false;
	memcpy(vcpu->pdptr, pdptr, sizeof(vcpu->pdptr));
	if (!vm->opt.shadow_cache)
		sp_zap_all(vm);
	r = ensure_roots(vcpu);
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return r;
}

static int fetch_pdptrs(struct hv_mmu_vcpu *vcpu, uint64_t cr3,
			uint64_t *pdptr)
{
	memset(pdptr, 0, 4 * sizeof(*pdptr));
	if (vcpu->gmode != HV_GUEST_PAE ||
	    vcpu->vm->opt.mode == HV_MMU_DIRECT)
		return 0;
	return read_pdptrs(vcpu, cr3, pdptr);
}

int hv_mmu_set_paging(struct hv_mmu_vcpu *vcpu,
		      const struct hv_paging_regs *regs)
{
	struct hv_paging_regs old = vcpu->regs;
	enum hv_guest_mode mode;
	uint64_t pdptr[4];

	if (paging_mode_of(regs, &mode))
		return -EINVAL;
	vcpu->regs = *regs;
	paging_reset(vcpu);
	if (fetch_pdptrs(vcpu, regs->cr3, pdptr)) {
		vcpu->regs = old;
		paging_reset(vcpu);
		return -EINVAL;
	}
	return switch_root(vcpu, pdptr);
}

int hv_mmu_load_cr3(struct hv_mmu_vcpu *vcpu, uint64_t cr3)
{
	uint64_t pdptr[4];

	if (fetch_pdptrs(vcpu, cr3, pdptr))
		return -EINVAL;
	vcpu->regs.cr3 = cr3;
	return switch_root(vcpu, pdptr);
}

enum hv_guest_mode hv_mmu_guest_mode(struct hv_mmu_vcpu *vcpu)
{
	return vcpu->gmode;
}

struct hv_mmu_root hv_mmu_root(struct hv_mmu_vcpu *vcpu)
{
	struct hv_mmu_root root = { .hpa = 0, .levels = 4 };

	if (vcpu->root_sp) {
		root.hpa = vcpu->root_sp->hpa;
	} else {
		root.hpa = vcpu->pae_hpa;
		root.levels = 3;
	}
	return root;
}

int hv_mmu_vcpu_enter(struct hv_mmu_vcpu *vcpu, struct hv_event *ev)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	int halted, r;

	halted = apf_enter(vcpu, ev);
	hvp_lock(&vm->lock);
	r = ensure_roots(vcpu);
	free_doomed(vm);
	hvp_unlock(&vm->lock);
	return r ? r : halted;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * walk.c: the guest's own page walk, once for every paging mode, driven by
 * a table of per-mode parameters (entry size, index bits, levels, where
 * large pages may be, PDPTE registers) and per-level reserved-bit masks
 * computed when the paging context changes. Sets the guest's accessed and
 * dirty bits as the processor does, on a successful walk only.
 */
#include "kmod/mmu/mmu_int.h"

#define GPTE_P		(1ull << 0)
#define GPTE_W		(1ull << 1)
#define GPTE_U		(1ull << 2)
#define GPTE_A		(1ull << 5)
#define GPTE_D		(1ull << 6)
#define GPTE_PS		(1ull << 7)
#define GPTE_NX		(1ull << 63)
#define GPTE_ADDR64	0x000ffffffffff000ull
#define GPTE_ADDR32	0xfffff000ull

#define GR_CR0_WP		(1ull << 16)
#define GR_CR0_PG		(1ull << 31)
#define GR_CR4_PSE		(1ull << 4)
#define GR_CR4_PAE		(1ull << 5)
#define GR_CR4_SMEP	(1ull << 20)
#define GR_EFER_LMA	(1ull << 10)
#define GR_EFER_NXE	(1ull << 11)

const struct guest_mode_desc guest_modes[4] = {
	[HV_GUEST_NONE] = { .levels = 0, .shadow_levels = 3 },
	[HV_GUEST_32] = { .levels = 2, .pte_size = 4, .bits = 10,
			  .large = 1u << 2, .shadow_levels = 3 },
	[HV_GUEST_PAE] = { .levels = 3, .pte_size = 8, .bits = 9,
			   .large = 1u << 2, .pdptr = true,
			   .shadow_levels = 3 },
	[HV_GUEST_64] = { .levels = 4, .pte_size = 8, .bits = 9,
			  .large = (1u << 2) | (1u << 3), .shadow_levels = 4 },
};

/* Bits lo..hi set. */
static uint64_t bits(unsigned int lo, unsigned int hi)
{
	if (lo > hi)
		return 0;
	return (~0ull >> (63 - hi)) & ~((1ull << lo) - 1);
}

bool gpte_accessed(uint64_t gpte)
{
	return gpte & GPTE_A;
}

int gpte_access(struct hv_mmu_vcpu *vcpu, uint64_t gpte)
{
	return ((gpte & GPTE_W) ? ACC_WRITE : 0) |
	       ((gpte & GPTE_U) ? ACC_USER : 0) |
	       ((vcpu->nxe && (gpte & GPTE_NX)) ? 0 : ACC_EXEC);
}

/*
 * Frame an entry points at: a table (pass level 1), or the base of a leaf
 * at @level.
 */
uint64_t gpte_gfn(struct hv_mmu_vcpu *vcpu, uint64_t gpte, int level)
{
	if (vcpu->gmode != HV_GUEST_32)
		return (gpte & GPTE_ADDR64 & ~((level_pages(level) << PG_SHIFT) -
					       1)) >> PG_SHIFT;
	if (level == 2 && (gpte & GPTE_PS))	/* 4 MiB, PSE-36 */
		return ((gpte >> 22) << 10) | (((gpte >> 13) & 0xff) << 20);
	return (gpte & GPTE_ADDR32) >> PG_SHIFT;
}

/* Frames per guest entry at @level. */
static uint64_t guest_level_pages(struct hv_mmu_vcpu *vcpu, int level)
{
	return 1ull << (vcpu->gm->bits * (level - 1));
}

static unsigned int guest_index(struct hv_mmu_vcpu *vcpu, uint64_t gva,
				int level)
{
	unsigned int shift = PG_SHIFT + vcpu->gm->bits * (level - 1);

	if (vcpu->gm->pdptr && level == 3)
		return (gva >> 30) & 3;
	return (gva >> shift) & ((1u << vcpu->gm->bits) - 1);
}

/* Reserved bits per level and PS value, from the manuals' tables. */
static void compute_rsvd(struct hv_mmu_vcpu *vcpu)
{
	unsigned int m = vcpu->vm->opt.guest_maxphyaddr;
	uint64_t nx = vcpu->nxe ? 0 : GPTE_NX;
	uint64_t high;

	memset(vcpu->rsvd, 0, sizeof(vcpu->rsvd));
	switch (vcpu->gmode) {
	case HV_GUEST_32:
		vcpu->rsvd[2][1] = (1ull << 21) | bits(13 + m - 32, 20);
		break;
	case HV_GUEST_PAE:
		high = bits(m, 62);
		vcpu->rsvd[3][0] = bits(m, 63) | bits(1, 2) | bits(5, 8);
		vcpu->rsvd[2][0] = high | nx;
		vcpu->rsvd[2][1] = high | nx | bits(13, 20);
		vcpu->rsvd[1][0] = high | nx;
		break;
	case HV_GUEST_64:
		high = bits(m, 51);
		vcpu->rsvd[4][0] = high | nx | GPTE_PS;
		vcpu->rsvd[3][0] = high | nx;
		vcpu->rsvd[3][1] = high | nx | bits(13, 29);
		vcpu->rsvd[2][0] = high | nx;
		vcpu->rsvd[2][1] = high | nx | bits(13, 20);
		vcpu->rsvd[1][0] = high | nx;
		break;
	default:
		break;
	}
}

/* Derives the paging mode from the registers; -EINVAL if impossible. */
int paging_mode_of(const struct hv_paging_regs *r, enum hv_guest_mode *mode)
{
	if (!(r->cr0 & GR_CR0_PG)) {
		*mode = HV_GUEST_NONE;
		return 0;
	}
	if (r->efer & GR_EFER_LMA) {
		if (!(r->cr4 & GR_CR4_PAE))
			return -EINVAL;
		*mode = HV_GUEST_64;
	} else {
		*mode = (r->cr4 & GR_CR4_PAE) ? HV_GUEST_PAE : HV_GUEST_32;
	}
	return 0;
}

void paging_reset(struct hv_mmu_vcpu *vcpu)
{
	const struct hv_paging_regs *r = &vcpu->regs;
	union sp_role role = { .word = 0 };

	paging_mode_of(r, &vcpu->gmode);
	vcpu->gm = &guest_modes[vcpu->gmode];
	vcpu->wp = r->cr0 & GR_CR0_WP;
	vcpu->nxe = (r->efer & GR_EFER_NXE) && vcpu->gmode >= HV_GUEST_PAE;
	vcpu->smep = vcpu->gmode != HV_GUEST_NONE && (r->cr4 & GR_CR4_SMEP);
	vcpu->pse = (r->cr4 & GR_CR4_PSE) || vcpu->gmode >= HV_GUEST_PAE;
	compute_rsvd(vcpu);
	role.gmode = vcpu->gmode;
	role.cr0_wp = vcpu->wp;
	role.nxe = vcpu->nxe;
	role.smep_andnot_wp = vcpu->smep && !vcpu->wp;
	vcpu->base_role = role;
}

/* Reads the four PAE PDPTEs behind @cr3; -EINVAL on a reserved bit. */
int read_pdptrs(struct hv_mmu_vcpu *vcpu, uint64_t cr3, uint64_t *out)
{
	uint64_t hva;
	int i;

	if (gpa_to_hva(vcpu->vm, cr3 & 0xffffffe0ull, &hva) ||
	    hvp_guest_read(vcpu->vm->plat, hva, out, 32))
		return -EINVAL;
	for (i = 0; i < 4; i++)
		if ((out[i] & GPTE_P) && (out[i] & vcpu->rsvd[3][0]))
			return -EINVAL;
	return 0;
}

static uint64_t root_table_gfn(struct hv_mmu_vcpu *vcpu)
{
	if (vcpu->gmode == HV_GUEST_32)
		return (vcpu->regs.cr3 & GPTE_ADDR32) >> PG_SHIFT;
	return (vcpu->regs.cr3 & GPTE_ADDR64) >> PG_SHIFT;
}

/*
 * Reads the guest entry at @level. Memory outside the slots reads as a
 * not-present entry.
 */
static uint64_t read_gpte(struct hv_mmu_vcpu *vcpu, uint64_t table_gfn,
			  unsigned int idx, uint64_t *hva)
{
	unsigned int size = vcpu->gm->pte_size;
	uint64_t gpte = 0;

	if (gpa_to_hva(vcpu->vm, (table_gfn << PG_SHIFT) + idx * size, hva) ||
	    hvp_guest_read(vcpu->vm->plat, *hva, &gpte, size))
		*hva = 0;
	return gpte;
}

static bool permission_fault(struct hv_mmu_vcpu *vcpu, unsigned int access,
			     uint32_t ec)
{
	bool user = ec & HV_PFERR_USER;

	if (user && !(access & ACC_USER))
		return true;
	if ((ec & HV_PFERR_WRITE) && !(access & ACC_WRITE) &&
	    (user || vcpu->wp))
		return true;
	if (ec & HV_PFERR_FETCH) {
		if (!(access & ACC_EXEC))
			return true;
		if (!user && vcpu->smep && (access & ACC_USER))
			return true;
	}
	return false;
}

/*
 * Sets A on every entry of the walk and D on the leaf of a write; each is
 * a write to guest memory, so dirty logging sees the table page.
 */
static int set_ad_bits(struct hv_mmu_vcpu *vcpu, struct guest_walk *w,
		       uint64_t *hva, uint32_t ec)
{
	int top = vcpu->gm->pdptr ? 2 : vcpu->gm->levels;
	uint64_t want;
	int level, r;

	for (level = top; level >= w->level; level--) {
		want = w->pte[level] | GPTE_A;
		if (level == w->level && (ec & HV_PFERR_WRITE))
			want |= GPTE_D;
		if (want == w->pte[level] || !hva[level])
			continue;
		r = hvp_guest_cmpxchg(vcpu->vm->plat, hva[level],
				      vcpu->gm->pte_size, w->pte[level], want);
		if (r)
			return r;
		w->pte[level] = want;
		mark_dirty(vcpu->vm, w->table_gfn[level]);
	}
	return 0;
}

/*
 * Walks @gva as the guest's processor would for an access described by
 * the error-code bits of @ec (W, U, F). Returns 0 (w filled), 1 (guest
 * fault, w->error_code), or -errno.
 */
int guest_walk(struct hv_mmu_vcpu *vcpu, uint64_t gva, uint32_t ec,
	       struct guest_walk *w)
{
	const struct guest_mode_desc *gm = vcpu->gm;
	uint64_t *hva = w->pte_hva, table, gpte, rsvd;
	unsigned int access;
	int level, r, tries = 0;
	bool ps;

	ec &= HV_PFERR_WRITE | HV_PFERR_USER | HV_PFERR_FETCH;
	if (!vcpu->nxe && !vcpu->smep)
		ec &= ~HV_PFERR_FETCH;
retry:
	memset(w, 0, sizeof(*w));
	if (vcpu->gmode == HV_GUEST_NONE) {
		w->gfn = gva >> PG_SHIFT;
		w->access = ACC_ALL;
		w->dirty = true;
		return 0;
	}
	access = ACC_ALL;
	table = root_table_gfn(vcpu);
	for (level = gm->levels; level >= 1; level--) {
		w->table_gfn[level] = table;
		w->pt_access[level] = access;
		if (gm->pdptr && level == 3)
			gpte = vcpu->pdptr[guest_index(vcpu, gva, 3)];
		else
			gpte = read_gpte(vcpu, table,
					 guest_index(vcpu, gva, level),
					 &hva[level]);
		w->pte[level] = gpte;
		if (!(gpte & GPTE_P)) {
			w->level = level;	/* where the walk stopped */
			w->error_code = ec & ~HV_PFERR_PRESENT;
			return 1;
		}
		ps = ((gm->large >> level) & 1) && vcpu->pse &&
		     (gpte & GPTE_PS);
		rsvd = vcpu->rsvd[level][ps];
		if (gpte & rsvd) {
			w->error_code = ec | HV_PFERR_PRESENT | HV_PFERR_RSVD;
			return 1;
		}
		if (!(gm->pdptr && level == 3))
			access &= gpte_access(vcpu, gpte);
		if (level == 1 || ps)
			break;
		table = gpte_gfn(vcpu, gpte, 1);	/* a table: 4 KiB */
	}
	w->level = level;
	w->access = access;
	if (permission_fault(vcpu, access, ec)) {
		w->error_code = (ec & ~HV_PFERR_RSVD) | HV_PFERR_PRESENT;
		return 1;
	}
	r = set_ad_bits(vcpu, w, hva, ec);
	if (r == 1 && ++tries < 8)
		goto retry;
	if (r)
		return -EFAULT;
	w->dirty = w->pte[level] & GPTE_D;
	w->gfn = gpte_gfn(vcpu, w->pte[level], level) +
		 ((gva >> PG_SHIFT) & (guest_level_pages(vcpu, level) - 1));
	return 0;
}

/*
 * KVM's gpte_changed: whether the guest rewrote the entry the walk read
 * at @level. Called under the MMU lock once the table holding it is
 * shadowed (write-protected: later writes go through pte-write); an
 * earlier write (another vCPU's, before the protection, or a pte-write
 * between the walk and the lock) would leave shadow entries built from a
 * stale guest entry. The PDPTE registers (PAE) are not memory: they
 * change only at CR3 loads.
 */
bool gpte_changed(struct hv_mmu_vcpu *vcpu, const struct guest_walk *w,
		  int level)
{
	uint64_t gpte = 0;

	if (!w->pte_hva[level])
		return false;
	return hvp_guest_read(vcpu->vm->plat, w->pte_hva[level], &gpte,
			      vcpu->gm->pte_size) || gpte != w->pte[level];
}

/* gpte_changed() at any level the walk used. */
bool guest_walk_changed(struct hv_mmu_vcpu *vcpu, const struct guest_walk *w)
{
	int level;

	for (level = vcpu->gm->levels; level >= w->level && level >= 1;
	     level--)
		if (gpte_changed(vcpu, w, level))
			return true;
	return false;
}

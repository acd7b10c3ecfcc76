// SPDX-License-Identifier: GPL-2.0-only
/*
 * core-harness.c: the MMU core unit tests' environment and tiny processor
 * (see core-harness.h). Minimal on purpose: P, R/W, U/S, NX, PS, the trap
 * reserved bit, A/D on the leaf; the proof suites use the full model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/mmu/core-harness.h"

/* No criterion here: core-fast-mt also runs without it (under TSan). */
void core_check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "core harness: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

#define E_P	(1ull << 0)
#define E_W	(1ull << 1)
#define E_U	(1ull << 2)
#define E_A	(1ull << 5)
#define E_D	(1ull << 6)
#define E_PS	(1ull << 7)
#define E_R51	(1ull << 51)
#define E_NX	(1ull << 63)
#define E_ADDR	0x000ffffffffff000ull

void core_env_init(struct core_env *e, const struct hv_mmu_options *o,
		   uint64_t npages)
{
	memset(e, 0, sizeof(*e));
	e->opt = *o;
	e->npages = npages;
	e->p = hvpu_create(npages + 8192);
	core_check(e->p, "no arena");
	e->ram = hvpu_alloc_ram(e->p, npages, 512);
	core_check(e->ram, "no guest RAM");
	core_check(!hv_mmu_vm_create(e->p, o, &e->vm), "vm_create");
	core_check(!hv_mmu_set_slot(e->vm, 0, 0, npages, e->ram, 0),
		   "set_slot");
	core_check(!hv_mmu_vcpu_create(e->vm, 0, NULL, NULL, &e->vcpu),
		   "vcpu_create");
	e->vmx_filter = o->bypass;
}

void core_env_fini(struct core_env *e)
{
	hv_mmu_vcpu_destroy(e->vcpu);
	hv_mmu_vm_destroy(e->vm);
	hvpu_destroy(e->p);
}

static uint8_t *gptr(struct core_env *e, uint64_t gpa, size_t len)
{
	core_check(gpa + len <= e->npages * 4096, "gpa %#llx outside RAM",
		   (unsigned long long)gpa);
	return hvpu_base(e->p) + e->ram + gpa;
}

void core_gw64(struct core_env *e, uint64_t gpa, uint64_t v)
{
	memcpy(gptr(e, gpa, 8), &v, 8);
}

void core_gw32(struct core_env *e, uint64_t gpa, uint32_t v)
{
	memcpy(gptr(e, gpa, 4), &v, 4);
}

uint64_t core_gr64(struct core_env *e, uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, gptr(e, gpa, 8), 8);
	return v;
}

uint32_t core_gr32(struct core_env *e, uint64_t gpa)
{
	uint32_t v;

	memcpy(&v, gptr(e, gpa, 4), 4);
	return v;
}

void core_set_paging(struct core_env *e, enum hv_guest_mode mode,
		     uint64_t cr3, bool wp, bool nxe, bool smep)
{
	struct hv_paging_regs r = { 0 };

	r.cr0 = 1 | (wp ? 1ull << 16 : 0);
	if (mode != HV_GUEST_NONE)
		r.cr0 |= 1ull << 31;
	r.cr3 = cr3;
	r.cr4 = (mode >= HV_GUEST_PAE ? 1ull << 5 : 1ull << 4) |
		(smep ? 1ull << 20 : 0);
	r.efer = (mode == HV_GUEST_64 ? (1ull << 10) | (1ull << 8) : 0) |
		 (nxe ? 1ull << 11 : 0);
	core_check(!hv_mmu_set_paging(e->vcpu, &r), "set_paging");
	e->hw_smep = smep;
}

static uint64_t *hw_entry(struct core_env *e, uint64_t table,
			  unsigned int idx)
{
	return (uint64_t *)(hvpu_base(e->p) + table) + idx;
}

bool core_hw_walk(struct core_env *e, uint64_t addr, uint32_t acc,
		  uint64_t *hpa, uint32_t *ec)
{
	struct hv_mmu_root root = hv_mmu_root(e->vcpu);
	bool npt = e->opt.mode == HV_MMU_DIRECT;
	bool nxe = true, smep = !npt && e->hw_smep;	/* spte.h */
	bool user = npt || (acc & HV_PFERR_USER);
	bool w = true, u = true, x = true;
	uint64_t table = root.hpa, ent = 0, *ep = NULL, size;
	int level;

	*ec = (acc & HV_PFERR_WRITE) | (user ? HV_PFERR_USER : 0) |
	      ((nxe || smep) ? acc & HV_PFERR_FETCH : 0);
	for (level = root.levels; level >= 1; level--) {
		unsigned int idx = (level == 3 && root.levels == 3) ?
				   (addr >> 30) & 3 :
				   (addr >> (12 + 9 * (level - 1))) & 511;

		ep = hw_entry(e, table, idx);
		ent = __atomic_load_n(ep, __ATOMIC_SEQ_CST);
		if (!(ent & E_P))
			return false;
		if ((ent & E_R51) || (!nxe && (ent & E_NX))) {
			*ec |= HV_PFERR_PRESENT | HV_PFERR_RSVD;
			return false;
		}
		if (level == 3 && root.levels == 3) {
			table = ent & E_ADDR;
			continue;
		}
		w &= !!(ent & E_W);
		u &= !!(ent & E_U);
		x &= !(ent & E_NX);
		if (level == 1 || (ent & E_PS))
			break;
		table = ent & E_ADDR;
	}
	*ec |= HV_PFERR_PRESENT;
	if ((user && !u) || ((acc & HV_PFERR_WRITE) && !w) ||
	    ((acc & HV_PFERR_FETCH) && !x) ||
	    ((acc & HV_PFERR_FETCH) && !user && smep && u))
		return false;
	__atomic_fetch_or(ep, E_A | ((acc & HV_PFERR_WRITE) ? E_D : 0),
			  __ATOMIC_SEQ_CST);
	size = 4096ull << (9 * (level - 1));
	*hpa = (ent & E_ADDR & ~(size - 1)) + (addr & (size - 1));
	return true;
}

uint64_t core_leaf_spte(struct core_env *e, uint64_t addr)
{
	struct hv_mmu_root root = hv_mmu_root(e->vcpu);
	uint64_t table = root.hpa, ent = 0;
	int level;

	for (level = root.levels; level >= 1; level--) {
		unsigned int idx = (level == 3 && root.levels == 3) ?
				   (addr >> 30) & 3 :
				   (addr >> (12 + 9 * (level - 1))) & 511;

		ent = *hw_entry(e, table, idx);
		if (!(ent & E_P) || (ent & E_R51) || level == 1 ||
		    (ent & E_PS && !(level == 3 && root.levels == 3)))
			break;
		table = ent & E_ADDR;
	}
	return ent;
}

enum core_outcome core_access(struct core_env *e, uint64_t addr,
			      uint32_t acc, uint64_t *hpa,
			      struct hv_pf_result *res)
{
	uint32_t ec, mask, match;
	struct hv_pf_result local;
	int i;

	if (!res)
		res = &local;
	hv_mmu_pfec_filter(e->vm, &mask, &match);
	for (i = 0; i < 16; i++) {
		if (core_hw_walk(e, addr, acc, hpa, &ec))
			return CORE_OK;
		if (e->vmx_filter && (ec & mask) != match) {
			hv_mmu_count_bypassed(e->vm);
			memset(res, 0, sizeof(*res));
			res->action = HV_PF_INJECT;
			res->error_code = ec;
			res->cr2 = addr;
			return CORE_GUEST_PF;
		}
		core_check(!hv_mmu_page_fault(e->vcpu, addr, ec, res),
			   "page fault error at %#llx", (unsigned long long)addr);
		switch (res->action) {
		case HV_PF_RETRY:
			continue;
		case HV_PF_INJECT:
			return CORE_GUEST_PF;
		case HV_PF_ASYNC:
			return CORE_ASYNC;
		case HV_PF_EMULATE:
			return CORE_EMULATE;
		case HV_PF_MMIO:
			return CORE_MMIO;
		}
	}
	return CORE_STUCK;
}

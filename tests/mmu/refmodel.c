// SPDX-License-Identifier: GPL-2.0-only
/*
 * refmodel.c: the reference page walk of refmodel.h, written from Intel SDM
 * vol. 3A ch. 4 (sections cited below) and AMD APM vol. 2 ch. 5.
 */
#include "tests/mmu/refmodel.h"

#include <string.h>

#define BIT(n)		(1ull << (n))

/* Bits hi..lo inclusive; empty when hi < lo. */
static uint64_t bits(int hi, int lo)
{
	return hi < lo ? 0 : (~0ull >> (63 - hi)) & ~(BIT(lo) - 1);
}

/*
 * The shape of each paging mode (SDM 4.3, 4.4, 4.5): level 0 is the top.
 * large: levels whose PS bit maps a page; noperm: levels whose entries
 * carry no R/W, U/S, XD or accessed bit (the PAE PDPTEs, SDM table 4-8).
 */
struct ref_format {
	struct ref_shape s;
	unsigned int large;
	unsigned int noperm;
};

static const struct ref_format formats[REF_NR_MODES] = {
	[REF_MODE_32] = { { 2, 4, { 22, 12 }, { 10, 10 } }, BIT(0), 0 },
	[REF_MODE_PAE] = { { 3, 8, { 30, 21, 12 }, { 2, 9, 9 } }, BIT(1),
			   BIT(0) },
	[REF_MODE_4LEVEL] = { { 4, 8, { 39, 30, 21, 12 }, { 9, 9, 9, 9 } },
			      BIT(1) | BIT(2), 0 },
};

const struct ref_shape *ref_mode_shape(enum ref_mode mode)
{
	return mode > REF_MODE_NONE && mode < REF_NR_MODES ?
	       &formats[mode].s : NULL;
}

static const char *const mode_names[REF_NR_MODES] = {
	[REF_MODE_NONE] = "none",
	[REF_MODE_32] = "32",
	[REF_MODE_PAE] = "pae",
	[REF_MODE_4LEVEL] = "4level",
};

const char *ref_mode_name(enum ref_mode mode)
{
	return mode < REF_NR_MODES ? mode_names[mode] : "?";
}

/*
 * Reserved bits of an entry at level lvl (SDM tables 4-4 to 4-20; a set
 * reserved bit in a present entry ends the walk with P=1, RSVD=1, SDM 4.7).
 * An entry with XD set is reserved when IA32_EFER.NXE = 0 (SDM 4.4.2,
 * 4.5.4). 4-level entries ignore bits 62:52; PAE entries reserve 62:M.
 */
static uint64_t reserved_bits(const struct ref_cpu *cpu, int lvl, bool large)
{
	int m = cpu->maxphyaddr;
	uint64_t xd = cpu->nxe ? 0 : REF_PTE_NX;

	switch (cpu->mode) {
	case REF_MODE_32:
		/*
		 * 4 MiB PDE: bits (min(M,40)-20):13 hold address bits
		 * (M-1):32 (PSE-36), 21:(min(M,40)-19) are reserved.
		 */
		if (large)
			return bits(21, (m < 40 ? m : 40) - 19);
		return 0;
	case REF_MODE_PAE:
		if (lvl == 0)
			return bits(63, m) | bits(8, 5) | bits(2, 1);
		return bits(62, m) | xd | (large ? bits(20, 13) : 0);
	case REF_MODE_4LEVEL:
		if (lvl == 0)
			return bits(51, m) | xd | REF_PTE_PS;
		if (large)
			return bits(51, m) | xd |
			       (lvl == 1 ? bits(29, 13) : bits(20, 13));
		return bits(51, m) | xd;
	default:
		return 0;
	}
}

/* The physical address an entry points to: a table, or a page of size. */
static uint64_t entry_address(const struct ref_cpu *cpu, uint64_t pte,
			      uint64_t size)
{
	uint64_t top = bits((int)cpu->maxphyaddr - 1, 0);

	if (cpu->mode == REF_MODE_32) {
		if (size == BIT(22))
			return ((pte & bits(31, 22)) |
				((pte & bits(20, 13)) << 19)) & top;
		return pte & bits(31, 12);
	}
	return pte & top & ~(size - 1);
}

static uint64_t table_root(const struct ref_cpu *cpu)
{
	switch (cpu->mode) {
	case REF_MODE_32:
		return cpu->cr3 & bits(31, 12);
	case REF_MODE_PAE:
		return cpu->cr3 & bits(31, 5);
	default:
		return cpu->cr3 & bits((int)cpu->maxphyaddr - 1, 12);
	}
}

uint32_t ref_access_error_bits(const struct ref_cpu *cpu, unsigned int access)
{
	uint32_t ec = access & (REF_PF_W | REF_PF_U);
	bool pae = cpu->mode == REF_MODE_PAE || cpu->mode == REF_MODE_4LEVEL;

	/*
	 * I/D: a fetch, and either CR4.SMEP or (CR4.PAE and EFER.NXE)
	 * (SDM 4.7). It describes the access, not the entry.
	 */
	if ((access & REF_ACC_FETCH) && (cpu->smep || (pae && cpu->nxe)))
		ec |= REF_PF_ID;
	return ec;
}

/*
 * Entries are read and updated atomically, as the processor's locked A/D
 * updates are (SDM 4.8), so that models may race with the core.
 */
uint64_t ref_read_entry(const struct ref_mem *mem, uint64_t gpa, int size)
{
	void *p = mem->ptr(mem->opaque, gpa);

	if (size == 4)
		return __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
	return __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
}

/*
 * Access rights of a translation (SDM 4.6, AMD APM 5.6): a user-mode
 * address has U/S = 1 at every level, a writable one R/W = 1 at every level;
 * with EFER.NXE, XD = 1 at any level forbids fetches. Supervisor writes
 * ignore R/W when CR0.WP = 0; supervisor fetches from user-mode addresses
 * fault when CR4.SMEP = 1. User accesses need a user-mode address.
 */
static bool access_allowed(const struct ref_cpu *cpu, unsigned int access,
			   bool user_page, bool writable, bool nx)
{
	bool user = access & REF_ACC_USER;

	if (user && !user_page)
		return false;
	if (access & REF_ACC_FETCH)
		return !nx && (user || !cpu->smep || !user_page);
	if (access & REF_ACC_WRITE)
		return writable || (!user && !cpu->wp);
	return true;
}

static void fault(struct ref_walk *w, uint32_t ec)
{
	w->fault = true;
	w->error_code = ec;
	memset(w->set, 0, sizeof(w->set));
}

int ref_translate(const struct ref_cpu *cpu, const struct ref_mem *mem,
		  uint64_t gva, unsigned int access, struct ref_walk *w)
{
	const struct ref_format *f = &formats[cpu->mode];
	uint32_t ec = ref_access_error_bits(cpu, access);
	bool user_page = true, writable = true, nx = false;
	uint64_t table, pte = 0, size = 0;
	int lvl;

	memset(w, 0, sizeof(*w));
	if (cpu->mode == REF_MODE_NONE) {
		/* Paging off: the linear address is the physical one. */
		w->gpa_out = gva & 0xffffffffull;
		w->page_size = BIT(12);
		return 0;
	}
	if (cpu->mode != REF_MODE_4LEVEL)
		gva &= 0xffffffffull;
	w->entry_size = f->s.entry_size;
	table = table_root(cpu);
	for (lvl = 0; lvl < f->s.levels; lvl++) {
		uint64_t idx = (gva >> f->s.shift[lvl]) &
			       (BIT(f->s.bits[lvl]) - 1);
		uint64_t gpa = table + idx * f->s.entry_size;
		bool large;

		if (!mem->ptr(mem->opaque, gpa))
			return -1;
		pte = ref_read_entry(mem, gpa, f->s.entry_size);
		w->gpa[lvl] = gpa;
		w->pte[lvl] = pte;
		w->nr = lvl + 1;
		/* A not-present entry ends the walk: P=0 (SDM 4.7). */
		if (!(pte & REF_PTE_P)) {
			fault(w, ec);
			return 0;
		}
		large = (f->large & BIT(lvl)) && (pte & REF_PTE_PS) &&
			(cpu->mode != REF_MODE_32 || cpu->pse);
		if (pte & reserved_bits(cpu, lvl, large)) {
			/*
			 * PAE PDPTEs are loaded at MOV CR3, where a reserved
			 * bit is #GP, not #PF (SDM 4.4.1): not modelled.
			 */
			if (f->noperm & BIT(lvl))
				return -1;
			fault(w, ec | REF_PF_P | REF_PF_RSVD);
			return 0;
		}
		if (!(f->noperm & BIT(lvl))) {
			user_page &= !!(pte & REF_PTE_US);
			writable &= !!(pte & REF_PTE_RW);
			nx |= cpu->nxe && (pte & REF_PTE_NX);
		}
		size = BIT(f->s.shift[lvl]);
		if (large || lvl == f->s.levels - 1)
			break;
		table = entry_address(cpu, pte, BIT(12));
	}
	if (!access_allowed(cpu, access, user_page, writable, nx)) {
		fault(w, ec | REF_PF_P);
		return 0;
	}
	/*
	 * Accessed and dirty flags (SDM 4.8): the processor sets A in every
	 * paging-structure entry it uses for the translation and, on a write,
	 * D in the entry that maps the page. A faulting access has no
	 * translation (SDM 4.7: no valid translation, or rights that do not
	 * permit the access), so fault() above leaves every entry untouched:
	 * Intel processors walk first and update A/D atomically only once the
	 * walk succeeded, and the APM (5.4.1) only sets A on a table or page
	 * actually read or written. The PAE PDPTEs have no A bit.
	 */
	for (int i = 0; i < w->nr; i++)
		if (!(f->noperm & BIT(i)))
			w->set[i] = REF_PTE_A;
	if (access & REF_ACC_WRITE)
		w->set[w->nr - 1] |= REF_PTE_D;
	w->page_size = size;
	w->gpa_out = entry_address(cpu, pte, size) | (gva & (size - 1));
	return 0;
}

void ref_set_bits(void *entry, int size, uint64_t bits)
{
	if (size == 4)
		__atomic_fetch_or((uint32_t *)entry, (uint32_t)bits,
				  __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_or((uint64_t *)entry, bits, __ATOMIC_SEQ_CST);
}

void ref_commit(const struct ref_mem *mem, const struct ref_walk *w)
{
	for (int i = 0; i < w->nr; i++)
		if (w->set[i])
			ref_set_bits(mem->ptr(mem->opaque, w->gpa[i]),
				     w->entry_size, w->set[i]);
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu_int.h: the MMU core's internal structures (VM, vCPU, shadow pages,
 * slots) and the functions its files share. Not for users of the core.
 */
#ifndef HV_MMU_INT_H
#define HV_MMU_INT_H

#include "kmod/mmu/mmu.h"

#define PG_SHIFT	12
#define PG_SIZE		(1ull << PG_SHIFT)
#define NENT		512
#define MAX_LEVEL	4

/* Access rights folded from guest entries. */
#define ACC_EXEC	1u
#define ACC_WRITE	2u
#define ACC_USER	4u
#define ACC_ALL		7u

#define stat_inc(vm, field) hvp_add64(&(vm)->stats.field, 1)

/* 4 KiB frames covered by one entry at @level. */
static inline uint64_t level_pages(int level)
{
	return 1ull << (9 * (level - 1));
}

/* Index of @addr in a 512-entry table at @level. */
static inline unsigned int level_index(uint64_t addr, int level)
{
	return (addr >> (PG_SHIFT + 9 * (level - 1))) & (NENT - 1);
}

/* A growable list of spte pointers (rmap of a gfn, parents of a page). */
struct pte_list {
	uint64_t **v;
	uint32_t n, cap;
};
int pte_list_add(struct pte_list *l, uint64_t *sptep);
void pte_list_del(struct pte_list *l, uint64_t *sptep);
void pte_list_free(struct pte_list *l);

/* Key of a shadow page besides the gfn (seed 004 plus later bits). */
union sp_role {
	uint32_t word;
	struct {
		unsigned int level:3;
		unsigned int gmode:2;	/* enum hv_guest_mode */
		unsigned int quadrant:2;
		unsigned int direct:1;
		unsigned int access:3;
		unsigned int cr0_wp:1;
		unsigned int nxe:1;
		unsigned int smep_andnot_wp:1;
		unsigned int unaccessed:1;	/* below a guest entry, A=0 */
	};
};

struct mmu_page {
	struct mmu_page *hash_next;
	struct mmu_page *lru_prev, *lru_next;
	uint64_t gfn;		/* guest table, or first frame mapped */
	union sp_role role;
	uint64_t hpa;
	uint64_t *spt;
	uint64_t *gfns;		/* level-1 shadowed tables: frame per entry */
	struct pte_list parents;
	unsigned int root_count;
	unsigned int flood;	/* writes since the page was last used */
	bool invalid;		/* zapped while a root; freed on release */
	uint64_t zapped;	/* set first by a zap (lockless readers) */
};

struct mmu_slot {
	bool used;
	unsigned int flags;
	uint64_t log;		/* dirty logging on (read locklessly) */
	uint64_t base_gfn, npages, hva;
	struct pte_list *rmap;	/* shadow mode: leaf sptes per frame */
	uint64_t *dirty;	/* dirty bitmap while HV_SLOT_DIRTY_LOG */
};

#define HASH_BUCKETS	1024

struct hv_mmu_vm {
	struct hv_plat *plat;
	struct hv_mmu_options opt;
	const struct hv_spte_format *f;
	uint64_t trap;		/* the trap non-present value */
	struct hvp_lock lock;	/* shadow pages, rmaps, slots' sptes */
	struct mmu_slot slots[HV_MMU_MAX_SLOTS];
	unsigned int nslots;	/* slots[nslots..] are all unused */
	struct mmu_page *hash[HASH_BUCKETS];
	struct mmu_page lru;	/* list head: next = most recently used */
	unsigned int npages;	/* shadow pages alive (not counting free) */
	uint64_t *doomed;	/* table hpas waiting for lockless walkers */
	unsigned int ndoomed, doomed_cap;
	uint64_t lockless;	/* lockless walkers inside */
	uint64_t inv_seq;	/* bumped by every host invalidation end */
	uint64_t inv_active;	/* invalidations in progress */
	struct hv_mmu_stats stats;
};

/* Guest paging mode parameters (one table row per mode). */
struct guest_mode_desc {
	int levels;		/* guest walk levels */
	unsigned int pte_size;	/* 4 or 8 */
	unsigned int bits;	/* index bits per level */
	unsigned int large;	/* bit L: PS allowed at level L */
	bool pdptr;		/* top level = PDPTE registers (PAE) */
	int shadow_levels;	/* 3: PAE root, 4: 4-level */
};
extern const struct guest_mode_desc guest_modes[4];

struct apf_item;

struct hv_mmu_vcpu {
	struct hv_mmu_vm *vm;
	unsigned int id;
	void (*kick)(void *opaque);
	void *kick_opaque;

	/* Paging context */
	struct hv_paging_regs regs;
	enum hv_guest_mode gmode;
	const struct guest_mode_desc *gm;
	bool wp, nxe, smep, pse;
	uint64_t pdptr[4];
	uint64_t rsvd[MAX_LEVEL + 1][2];	/* [level][PS] reserved bits */
	union sp_role base_role;

	/* Roots */
	struct mmu_page *root_sp;	/* 4-level root */
	struct mmu_page *pae_sp[4];	/* PAE roots */
	uint64_t pae_hpa;		/* the 4-PDPTE page */
	uint64_t *pae_root;
	bool roots_loaded;

	/* Async PF */
	struct hvp_lock apf_lock;
	uint64_t apf_msr, apf_vector;
	uint64_t apf_gfns[2 * HV_APF_MAX_OUTSTANDING];	/* gfn hash */
	struct apf_item *apf_queue;	/* all items not yet delivered */
	unsigned int apf_count;
	uint32_t apf_id;
	bool apf_halted;
	bool irq_enabled;
	unsigned int cpl;
};

/* vm.c */
int ensure_roots(struct hv_mmu_vcpu *vcpu);
struct mmu_slot *slot_of_gfn(struct hv_mmu_vm *vm, uint64_t gfn);
int gpa_to_hva(struct hv_mmu_vm *vm, uint64_t gpa, uint64_t *hva);

/* page.c: shadow pages, hash, LRU, zap, recycling */
struct mmu_page *sp_from_hpa(struct hv_mmu_vm *vm, uint64_t hpa);
int sp_get(struct hv_mmu_vm *vm, uint64_t gfn, union sp_role role,
	   struct mmu_page **out);
struct mmu_page *sp_lookup(struct hv_mmu_vm *vm, uint64_t gfn,
			   union sp_role role);
struct mmu_page *sp_find_shadowed(struct hv_mmu_vm *vm, uint64_t gfn);
void sp_zap(struct hv_mmu_vm *vm, struct mmu_page *sp);
void sp_zap_all(struct hv_mmu_vm *vm);
bool sp_zap_gfn(struct hv_mmu_vm *vm, uint64_t gfn);
void sp_release_root(struct hv_mmu_vm *vm, struct mmu_page *sp);
void sp_touch(struct hv_mmu_vm *vm, struct mmu_page *sp);
int link_child(struct hv_mmu_vm *vm, uint64_t *sptep, struct mmu_page *c);
void make_room(struct hv_mmu_vm *vm);
void drop_spte(struct hv_mmu_vm *vm, struct mmu_page *sp, uint64_t *sptep,
	       uint64_t newval);
void free_doomed(struct hv_mmu_vm *vm);
uint64_t spte_gfn(struct mmu_page *sp, unsigned int idx);

/* rmap.c: frame -> leaf sptes, write protection */
int rmap_add(struct hv_mmu_vm *vm, uint64_t gfn, uint64_t *sptep);
void rmap_del(struct hv_mmu_vm *vm, uint64_t gfn, uint64_t *sptep);
bool rmap_write_protect(struct hv_mmu_vm *vm, uint64_t gfn, bool for_log);
void rmap_zap(struct hv_mmu_vm *vm, uint64_t gfn);

/* walk.c: the guest's own page walk */
struct guest_walk {
	int level;			/* leaf level; not-present: its level */
	uint64_t gfn;			/* 4 KiB frame of the address */
	uint64_t table_gfn[MAX_LEVEL + 1];
	uint64_t pte[MAX_LEVEL + 1];
	uint64_t pte_hva[MAX_LEVEL + 1];	/* where pte[] was; 0: none */
	unsigned int pt_access[MAX_LEVEL + 1];	/* access above level */
	unsigned int access;		/* folded access of the leaf */
	bool dirty;			/* leaf dirty after the walk */
	uint32_t error_code;		/* on a guest fault */
};
int paging_mode_of(const struct hv_paging_regs *r, enum hv_guest_mode *mode);
void paging_reset(struct hv_mmu_vcpu *vcpu);
int guest_walk(struct hv_mmu_vcpu *vcpu, uint64_t gva, uint32_t ec,
	       struct guest_walk *w);
bool gpte_changed(struct hv_mmu_vcpu *vcpu, const struct guest_walk *w,
		  int level);
bool guest_walk_changed(struct hv_mmu_vcpu *vcpu, const struct guest_walk *w);
int gpte_access(struct hv_mmu_vcpu *vcpu, uint64_t gpte);
/* Bit 0 (P) in every guest format; inline for sp_prefill's loop. */
static inline bool gpte_present(uint64_t gpte)
{
	return gpte & 1;
}
bool gpte_accessed(uint64_t gpte);
uint64_t gpte_gfn(struct hv_mmu_vcpu *vcpu, uint64_t gpte, int level);
int read_pdptrs(struct hv_mmu_vcpu *vcpu, uint64_t cr3, uint64_t *out);

/* shadow.c: shadow fault, roots, invlpg, pte-write */
int shadow_fault(struct hv_mmu_vcpu *vcpu, uint64_t gva, uint32_t ec,
		 struct hv_pf_result *res);
int shadow_load_roots(struct hv_mmu_vcpu *vcpu);
void release_roots(struct hv_mmu_vcpu *vcpu);
bool shadow_notrap_fault(struct hv_mmu_vcpu *vcpu, uint64_t gva);

/* direct.c: TDP */
int direct_fault(struct hv_mmu_vcpu *vcpu, uint64_t gpa, uint32_t ec,
		 bool no_apf, struct hv_pf_result *res);
int direct_load_root(struct hv_mmu_vcpu *vcpu);
void direct_zap_range(struct hv_mmu_vm *vm, uint64_t start, uint64_t end);
bool direct_protect_range(struct hv_mmu_vm *vm, uint64_t start,
			  uint64_t end);

/* fast.c: seed 002 */
uint64_t *lockless_walk(struct hv_mmu_vcpu *vcpu, uint64_t addr,
			int *level, uint64_t *table, uint64_t *sptev);
bool fast_page_fault(struct hv_mmu_vcpu *vcpu, uint64_t addr, uint32_t ec);
uint64_t make_leaf(struct hv_mmu_vm *vm, uint64_t hpa, unsigned int access,
		   bool host_writable, bool mmu_writable, int level);
void mark_dirty(struct hv_mmu_vm *vm, uint64_t gfn);

/* fault.c: host page lookup shared by both modes */
struct host_page {
	uint64_t gfn, hpa;
	struct mmu_slot *slot;
	bool writable;
	int level;
	uint64_t seq;
};
int host_page_get(struct hv_mmu_vcpu *vcpu, uint64_t gfn, uint64_t addr,
		  bool write, bool no_apf, struct host_page *hp,
		  struct hv_pf_result *res);
int fault_lock(struct hv_mmu_vcpu *vcpu, struct host_page *hp);

/* async_pf.c */
int apf_queue(struct hv_mmu_vcpu *vcpu, uint64_t gfn, uint64_t gpa,
	      uint64_t hva, struct hv_pf_result *res);
int apf_enter(struct hv_mmu_vcpu *vcpu, struct hv_event *ev);
bool apf_can_queue(struct hv_mmu_vcpu *vcpu);
void apf_vcpu_init(struct hv_mmu_vcpu *vcpu);
void apf_vcpu_destroy(struct hv_mmu_vcpu *vcpu);

#endif

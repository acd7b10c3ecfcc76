/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * core-harness.h: what the MMU core's unit tests share: a VM on the
 * userspace platform with one RAM slot, guest page-table writers, and a
 * deliberately tiny "processor" that walks the core's tables for one
 * access and calls the fault entry point until the access completes. The
 * complete hardware model is tests/mmu/hwmodel.* (the proof suites).
 */
#ifndef HV_CORE_HARNESS_H
#define HV_CORE_HARNESS_H

#include "kmod/mmu/mmu.h"
#include "kmod/platform/user/user_plat.h"

struct core_env {
	struct hv_plat *p;
	struct hv_mmu_vm *vm;
	struct hv_mmu_vcpu *vcpu;
	struct hv_mmu_options opt;
	uint64_t ram;		/* host address of guest RAM (gfn 0) */
	uint64_t npages;
	bool vmx_filter;	/* apply the PFEC mask/match filter */
	bool hw_smep;		/* the processor's CR4.SMEP (NXE is 1) */
};

/* Aborts with a message unless @ok (usable with and without criterion). */
void core_check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* VM with @npages of RAM at gfn 0 (2 MiB aligned) and one vCPU. */
void core_env_init(struct core_env *e, const struct hv_mmu_options *o,
		   uint64_t npages);
void core_env_fini(struct core_env *e);

/* Raw guest memory (no shadow update: setup before shadowing only). */
void core_gw64(struct core_env *e, uint64_t gpa, uint64_t v);
void core_gw32(struct core_env *e, uint64_t gpa, uint32_t v);
uint64_t core_gr64(struct core_env *e, uint64_t gpa);
uint32_t core_gr32(struct core_env *e, uint64_t gpa);

/* Sets CR0/CR3/CR4/EFER for a mode; asserts success. */
void core_set_paging(struct core_env *e, enum hv_guest_mode mode,
		     uint64_t cr3, bool wp, bool nxe, bool smep);

enum core_outcome {
	CORE_OK,		/* the access completed */
	CORE_GUEST_PF,		/* the guest got a #PF (ec, cr2 in *res) */
	CORE_ASYNC,
	CORE_EMULATE,
	CORE_MMIO,
	CORE_STUCK,		/* still faulting after many tries */
};

/*
 * One access at @addr (gva, or gpa in direct mode) with error-code bits
 * @acc (W, U, F). On CORE_OK, *hpa is the host physical address.
 */
enum core_outcome core_access(struct core_env *e, uint64_t addr,
			      uint32_t acc, uint64_t *hpa,
			      struct hv_pf_result *res);

/* The tiny processor: walks the core's tables; true on success. */
bool core_hw_walk(struct core_env *e, uint64_t addr, uint32_t acc,
		  uint64_t *hpa, uint32_t *ec);

/* A shadow entry the tiny processor reached last (for encoding tests). */
uint64_t core_leaf_spte(struct core_env *e, uint64_t addr);

#endif

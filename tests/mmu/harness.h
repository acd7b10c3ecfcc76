/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h: one VM with one vCPU on the MMU core and the hardware model,
 * driven the way a vCPU loop drives it: an access walks the tables; on an
 * exit the core's fault handler runs and the access is retried (bounded);
 * an injected or bypassed #PF is the guest's fault. harness_check_access()
 * compares the outcome and the guest's A/D bits with the reference model.
 */
#ifndef HV_TESTS_MMU_HARNESS_H
#define HV_TESTS_MMU_HARNESS_H

#include <pthread.h>
#include <stddef.h>

#include "tests/mmu/hwmodel.h"

struct harness_opts {
	enum hv_mmu_mode mode;
	enum hv_mmu_format format;	/* direct mode: NPT or EPT */
	bool bypass;
	bool no_filter;		/* SVM: no PFEC filter, every #PF exits */
	/*
	 * As hv.ko's backends: no instruction emulator (the core unshadows
	 * a guest table written through a write-protected mapping). Only a
	 * write to a table of its own walk still gives HV_PF_EMULATE, which
	 * the harness then emulates through hv_mmu_write_guest().
	 */
	bool no_emulator;
	bool shadow_cache;
	bool fast_pf;
	size_t ram_pages;		/* guest RAM at gfn 0 (slot 0) */
	unsigned int max_shadow_pages;	/* 0: the core's default */
};

/* A vCPU: the core's and the processor's halves. */
struct harness_vcpu {
	struct hv_mmu_vcpu *vcpu;
	struct hw_model hw;
	uint64_t exits;		/* faults that entered the core */
	uint64_t fault_ns;	/* time spent in hv_mmu_page_fault */
};

struct harness {
	struct hv_plat *plat;
	struct hv_mmu_vm *vm;
	struct harness_vcpu cpu;	/* vCPU 0, used by the calls below */
	struct hv_paging_regs regs;	/* vCPU 0's, as last loaded */
	uint64_t ram_hva;
	size_t ram_pages;
	/*
	 * Held for reading while a vCPU is "in guest mode" (walking the
	 * tables); a TLB flush takes it for writing, as the flush IPI waits
	 * for every vCPU to leave guest mode.
	 */
	pthread_rwlock_t guest_mode;
};

/* The MMU setups the proof suites run, by name. */
struct harness_setup {
	const char *name;
	enum hv_mmu_mode mode;
	bool bypass, no_filter;
	enum hv_mmu_format format;
	bool no_emulator;
};

enum {
	SETUP_SHADOW_BYPASS,	/* seed 003 with the VMX filter */
	SETUP_SHADOW_BYPASS_SVM,	/* notrap, no filter, no emulator */
	SETUP_SHADOW_NOBYPASS,
	SETUP_DIRECT,		/* NPT */
	SETUP_DIRECT_EPT,	/* EPT without A/D flags */
	SETUP_DIRECT_EPT_AD,	/* EPT with A/D flags */
	HARNESS_NR_SETUPS
};

extern const struct harness_setup harness_setups[HARNESS_NR_SETUPS];

/* Where a guest access ended. */
struct harness_outcome {
	bool fault;		/* the guest got a #PF */
	bool bypassed;		/* ... without a VM exit */
	uint32_t error_code;
	uint64_t cr2;
	uint64_t gpa;		/* !fault: the guest-physical address */
};

/* Maximum exits for one access before the harness calls it a livelock. */
#define HARNESS_MAX_EXITS 16

int harness_init(struct harness *h, const struct harness_opts *o);
void harness_fini(struct harness *h);

/* Loads the guest's paging registers (mode, CR3, CR0.WP, NXE, SMEP). */
int harness_set_paging(struct harness *h, enum ref_mode mode, uint64_t cr3,
		       bool wp, bool nxe, bool smep);

/* A guest CR3 load in the current mode. */
int harness_load_cr3(struct harness *h, uint64_t cr3);

/* Guest RAM as the reference model reads it. */
struct ref_mem harness_guest_mem(struct harness *h);

/* Stores into guest RAM behind the core's back (setup only). */
void harness_poke(struct harness *h, uint64_t gpa, uint64_t val, int size);

/* The guest writes its own memory (its page tables, say). */
int harness_guest_write(struct harness *h, uint64_t gpa, uint64_t val,
			int size);

/* One guest access through the core and the hardware model. */
int harness_access(struct harness *h, uint64_t gva, unsigned int access,
		   struct harness_outcome *out);

/* Another vCPU (id > 0) with vCPU 0's paging registers, for threads. */
int harness_vcpu_add(struct harness *h, unsigned int id,
		     struct harness_vcpu *v);
void harness_vcpu_remove(struct harness_vcpu *v);
int harness_vcpu_access(struct harness *h, struct harness_vcpu *v,
			uint64_t gva, unsigned int access,
			struct harness_outcome *out);

/*
 * The reference walk, then the same access through the core; 0 when both
 * agree on fault, error code, CR2, address and the A/D bits written,
 * else 1 with a description in why. Negative on a harness error.
 */
int harness_check_access(struct harness *h, uint64_t gva,
			 unsigned int access, char *why, size_t n);

#endif

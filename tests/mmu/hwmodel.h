/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hwmodel.h: the processor, as the MMU core's tables meet it. One access
 * (read, write or fetch; user or supervisor) walks the core's shadow
 * tables, or in direct mode the guest's tables at guest-physical addresses
 * translated through the core's NPT tables (the two-dimensional walk); it
 * sets accessed/dirty bits where the processor would, produces the #PF
 * error code or the NPF exit, honours reserved bits, and applies the VMX
 * page-fault error-code mask/match filter ("bypassed" faults go to the
 * guest without a VM exit). The walks themselves are refmodel's x86 walk
 * over host memory (the hardware's paging is the same architecture), and
 * in direct mode on VMX, eptwalk's EPT walk.
 */
#ifndef HV_TESTS_MMU_HWMODEL_H
#define HV_TESTS_MMU_HWMODEL_H

#include "kmod/mmu/mmu.h"
#include "tests/mmu/eptwalk.h"
#include "tests/mmu/refmodel.h"

/* Host MAXPHYADDR of the model: the trap bit 51 is reserved. */
#define HW_HOST_MAXPHYADDR 48

/* What the processor does with one access. */
enum hw_outcome {
	HW_DONE,	/* the access completed at hpa */
	HW_GUEST_PF,	/* #PF delivered to the guest, no VM exit */
	HW_EXIT_PF,	/* #PF VM exit (shadow mode): gva, error code */
	HW_EXIT_NPF,	/* NPF or EPT violation exit (direct mode): gpa */
};

struct hw_result {
	enum hw_outcome outcome;
	uint32_t error_code;
	uint64_t addr;		/* fault: gva (PF) or gpa (NPF) */
	uint64_t exit_qual;	/* EPT violation: exit qualification */
	uint64_t hpa;		/* HW_DONE */
	bool table_walk;	/* NPF: on a guest table entry, not the data */
};

struct hw_model {
	struct hv_plat *plat;
	enum hv_mmu_mode mode;
	struct ref_cpu guest;	/* the guest's paging registers */
	uint32_t pfec_mask, pfec_match;	/* VMX filter (shadow mode) */
	bool ept;		/* direct mode walks EPT, not NPT */
	uint64_t eptp_ctl;	/* EPT: the EPTP's bits 11:0 */
	bool probe;		/* look only: write no A/D bit, no data */
};

/*
 * One access at gva with the tables under root; may write A/D bits into
 * the tables walked. Returns 0, or -1 when the tables are broken in a way
 * no processor would walk (an entry outside host memory, a reserved bit in
 * a PAE root PDPTE, which is #GP at CR3 load, an EPT misconfiguration or
 * guest RAM mapped with another EPT memory type than write-back; printed
 * on stderr).
 */
int hw_access(struct hw_model *hw, struct hv_mmu_root root, uint64_t gva,
	      unsigned int access, struct hw_result *res);

/*
 * A guest-physical write of size (4 or 8) bytes at gpa through the NPT
 * (direct mode): HW_DONE with the value stored, or HW_EXIT_NPF.
 */
int hw_phys_write(struct hw_model *hw, struct hv_mmu_root root,
		  uint64_t gpa, uint64_t val, int size,
		  struct hw_result *res);

/* The arena as a ref_mem (host physical addresses). */
struct ref_mem hw_host_mem(struct hv_plat *plat);

#endif

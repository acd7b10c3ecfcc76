/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eptwalk.h: the processor's EPT walk of one guest-physical access,
 * written from the Intel SDM (vol. 3C 29.3 "The extended page table
 * mechanism"), not from the MMU core: permissions (read, write, execute),
 * EPT violations with their exit qualification, EPT misconfigurations
 * (write without read, execute-only, reserved bits, reserved memory
 * types), large pages, and the accessed/dirty flags of EPTP bit 6.
 */
#ifndef HV_TESTS_MMU_EPTWALK_H
#define HV_TESTS_MMU_EPTWALK_H

#include "tests/mmu/refmodel.h"

/* EPT violation exit-qualification bits (SDM 28.2.1, table 28-7). */
#define EPT_QUAL_READ	(1ull << 0)
#define EPT_QUAL_WRITE	(1ull << 1)
#define EPT_QUAL_FETCH	(1ull << 2)
#define EPT_QUAL_R	(1ull << 3)	/* AND of R over the entries */
#define EPT_QUAL_W	(1ull << 4)
#define EPT_QUAL_X	(1ull << 5)

/* The EPT memory type of write-back, in EPTP and leaves. */
#define EPT_MT_WB	6u

struct ept_walk {
	int nr;				/* entries read, top first */
	uint64_t at[REF_MAX_LEVELS];	/* host physical address of each */
	uint64_t set[REF_MAX_LEVELS];	/* A/D bits the access ORs in */
	bool violation;
	uint64_t qual;			/* violation: exit qualification */
	const char *misconfig;		/* NULL, or what is wrong */
	uint64_t hpa;			/* translated: the host address */
	unsigned int memtype;		/* translated: the leaf's type */
	bool ipat;			/* translated: the leaf ignores PAT */
};

/*
 * Walks the EPT of @eptp (a 4-level walk; bit 6 enables A/D) for an
 * access (REF_ACC_WRITE / REF_ACC_FETCH, or 0 for a read) at @gpa, over
 * host memory @host with host MAXPHYADDR @maxphyaddr, writing nothing.
 * Returns 0 with the outcome in @w, or -1 for an EPTP the processor
 * refuses at VM entry or a table outside host memory.
 */
int ept_translate(const struct ref_mem *host, uint64_t eptp,
		  unsigned int maxphyaddr, uint64_t gpa, unsigned int access,
		  struct ept_walk *w);

/* Writes the walk's A/D bits, as the processor does on success. */
void ept_commit(const struct ref_mem *host, const struct ept_walk *w);

#endif

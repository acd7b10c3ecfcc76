/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * refmodel.h: an independent reference model of the guest's own page walk,
 * written from the processor manuals (Intel SDM vol. 3A ch. 4 "Paging",
 * AMD APM vol. 2 ch. 5 "Page Translation and Protection"), not from the MMU
 * core. It says what the processor does on one access: fault or not, the
 * #PF error code, the guest-physical address, and the accessed/dirty bits
 * it writes into the guest's tables.
 */
#ifndef HV_TESTS_MMU_REFMODEL_H
#define HV_TESTS_MMU_REFMODEL_H

#include <stdbool.h>
#include <stdint.h>

/* #PF error-code bits (SDM 4.7, figure 4-12). */
#define REF_PF_P	(1u << 0)
#define REF_PF_W	(1u << 1)
#define REF_PF_U	(1u << 2)
#define REF_PF_RSVD	(1u << 3)
#define REF_PF_ID	(1u << 4)

/* An access is a set of these: read is 0; fetch never goes with write. */
#define REF_ACC_WRITE	REF_PF_W
#define REF_ACC_USER	REF_PF_U
#define REF_ACC_FETCH	REF_PF_ID

/* Entry bits common to every format (SDM tables 4-4 to 4-20). */
#define REF_PTE_P	(1ull << 0)
#define REF_PTE_RW	(1ull << 1)
#define REF_PTE_US	(1ull << 2)
#define REF_PTE_A	(1ull << 5)
#define REF_PTE_D	(1ull << 6)
#define REF_PTE_PS	(1ull << 7)
#define REF_PTE_NX	(1ull << 63)

enum ref_mode {
	REF_MODE_NONE,		/* paging off: linear = physical */
	REF_MODE_32,		/* 32-bit paging, 4 MiB pages with CR4.PSE */
	REF_MODE_PAE,		/* PAE paging, 2 MiB pages */
	REF_MODE_4LEVEL,	/* 4-level paging, 2 MiB and 1 GiB pages */
	REF_NR_MODES
};

/* The control-register state that shapes a walk. */
struct ref_cpu {
	enum ref_mode mode;
	uint64_t cr3;
	bool wp;		/* CR0.WP */
	bool nxe;		/* IA32_EFER.NXE */
	bool smep;		/* CR4.SMEP */
	bool pse;		/* CR4.PSE (32-bit paging only) */
	unsigned int maxphyaddr;	/* guest MAXPHYADDR, 36..52 */
};

/* Guest-physical memory as the walker sees it. */
struct ref_mem {
	/* Host pointer to guest-physical byte gpa, or NULL if none. */
	void *(*ptr)(void *opaque, uint64_t gpa);
	void *opaque;
};

#define REF_MAX_LEVELS 4

/* One access, as the processor performs it. */
struct ref_walk {
	int nr;			/* entries read, top level first */
	int entry_size;		/* 4 (32-bit paging) or 8 bytes */
	uint64_t gpa[REF_MAX_LEVELS];	/* where each entry lives */
	uint64_t pte[REF_MAX_LEVELS];	/* the value read */
	uint64_t set[REF_MAX_LEVELS];	/* A/D bits the access ORs in */
	bool fault;
	uint32_t error_code;	/* when fault */
	uint64_t gpa_out;	/* when !fault: the final address */
	uint64_t page_size;	/* when !fault: 4 KiB, 2/4 MiB or 1 GiB */
};

/*
 * Walks the guest tables for one access (REF_ACC_* bits) at gva without
 * writing anything. Returns 0, or -1 if a table lies outside guest memory
 * (a harness error: real hardware would read bus garbage).
 */
int ref_translate(const struct ref_cpu *cpu, const struct ref_mem *mem,
		  uint64_t gva, unsigned int access, struct ref_walk *w);

/* Writes the walk's A/D bits into guest memory, as the processor does. */
void ref_commit(const struct ref_mem *mem, const struct ref_walk *w);

/* ORs bits into the entry of size bytes at entry, atomically. */
void ref_set_bits(void *entry, int size, uint64_t bits);

/* Reads the entry of size bytes (4 or 8) at gpa; mem must hold it. */
uint64_t ref_read_entry(const struct ref_mem *mem, uint64_t gpa, int size);

/* The error-code bits that describe the access itself (W, U, I/D). */
uint32_t ref_access_error_bits(const struct ref_cpu *cpu,
			       unsigned int access);

/* The shape of a paging mode's tables (level 0 is the top). */
struct ref_shape {
	int levels;
	int entry_size;
	int shift[REF_MAX_LEVELS];	/* lowest linear-address bit indexed */
	int bits[REF_MAX_LEVELS];	/* index bits */
};

/* NULL for REF_MODE_NONE. */
const struct ref_shape *ref_mode_shape(enum ref_mode mode);

/* Short name of a mode ("none", "32", "pae", "4level"). */
const char *ref_mode_name(enum ref_mode mode);

#endif

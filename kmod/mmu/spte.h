/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spte.h: the encoding of the entries the core writes into shadow and
 * direct (NPT or EPT) tables, as a small struct of masks (KVM's
 * shadow_*_mask style): each format is one table in spte.c, not more code.
 *
 * The x86/NPT format (hv_spte_x86) is the processor's own 64-bit
 * long-mode/PAE entry:
 *   bit 0 P, 1 R/W, 2 U/S, 5 A, 6 D, 7 PS (large page at levels 2 and 3),
 *   bits 51:12 the host physical address, bit 63 NX.
 *   Software bits (ignored by the processor):
 *   bit 10 HOST_WRITABLE: the host page may be written (hvp_host_page said
 *          so and the slot is not read-only);
 *   bit 11 MMU_WRITABLE: the MMU allows writes (not a shadowed guest page
 *          table, guest entry writable and dirty, or a TDP mapping); an
 *          entry with both bits and R/W clear was write-protected only for
 *          dirty logging, and the lockless fast path may set R/W again.
 *
 * Non-present entries (seed 003):
 *   notrap  = 0: the guest's own entry is not present; the fault belongs
 *             to the guest. Used only in shadow mode with the bypass on
 *             (and the guest's EFER.NXE on, see below).
 *   trap    = P | bit 51: present with a reserved bit (the host's
 *             MAXPHYADDR must be <= 51), so every access faults with
 *             P=1 and RSVD=1 in the error code: the hypervisor must look.
 *   With the bypass off (and in direct mode), "trap" is plain 0 and no
 *   notrap entry exists.
 * With the bypass on, a VMX backend programs PFEC_MASK = PFEC_MATCH = 1
 * (hv_mmu_pfec_filter()): faults with P=0 go straight to the guest.
 *
 * Hardware setup the tables assume (shadow mode): CR0.WP=1, EFER.NXE=1
 * and the guest's CR4.SMEP (as KVM runs shadow paging). Because the
 * processor then reports the fetch bit even where the guest's would not
 * (EFER.NXE=0), notrap entries are only used for guests with EFER.NXE=1;
 * other guests get trap entries only (and, in PAE mode, a page of trap
 * entries behind a non-present PDPTE instead of a non-present root entry).
 * Paging: 4-level when hv_mmu_root().levels is 4 (64-bit guests), PAE when
 * 3 (other guests; 4 PDPTEs at the root hpa: P and address only).
 * Direct mode: a 4-level NPT table, every access a user access.
 *
 * The EPT format (hv_spte_ept, hv_spte_ept_ad; direct mode only; Intel SDM
 * vol. 3C 29.3.2, tables 29-1 to 29-6):
 *   bit 0 R, 1 W, 2 X (every present entry has R: never W without R, nor
 *   X alone, which would be misconfigurations), no U/S bit;
 *   leaves: bits 5:3 memory type 6 (WB; guest RAM only, MMIO is never
 *   mapped) and bit 6 ignore-PAT; bit 7 a 2 MiB or 1 GiB page;
 *   non-leaves: R|W|X and the address only (bits 7:3 are reserved there);
 *   bits 8 A and 9 D only in hv_spte_ept_ad, whose EPTP sets bit 6
 *   (hv_mmu_eptp()); without it they are ignored and stay 0;
 *   bits 51:12 the address;
 *   HOST_WRITABLE bit 52 and MMU_WRITABLE bit 53: software bits as above,
 *   in bits 56:52, which the processor ignores whatever the VM-execution
 *   controls (KVM uses 57/58, which HLAT and guest-paging verification
 *   give a meaning).
 *   Not present (and MMIO) is 0: an EPT violation, never a
 *   misconfiguration; there is no trap/notrap pair (no bypass in direct
 *   mode).
 */
#ifndef HV_MMU_SPTE_H
#define HV_MMU_SPTE_H

#include "plat_env.h"

struct hv_spte_format {
	const char *name;
	uint64_t present;	/* set in every present entry */
	uint64_t writable;
	uint64_t user;
	uint64_t accessed;
	uint64_t dirty;
	uint64_t large;		/* PS at levels 2 and 3 */
	uint64_t nx;		/* set when not executable (x86) */
	uint64_t exec;		/* set when executable (EPT; 0 in x86) */
	uint64_t memtype;	/* set in every leaf (EPT: WB, ignore PAT) */
	uint64_t addr;		/* host physical address field */
	uint64_t host_writable;	/* software bit */
	uint64_t mmu_writable;	/* software bit */
	uint64_t trap_rsvd;	/* reserved bit set in trap entries */
	/* Bits a non-leaf entry gets besides its address. */
	uint64_t nonleaf;
};

extern const struct hv_spte_format hv_spte_x86;
extern const struct hv_spte_format hv_spte_ept;
extern const struct hv_spte_format hv_spte_ept_ad;

#define HV_SPTE_NOTRAP	0ull

/* An entry the processor can use (present and no reserved bit set). */
static inline bool hv_spte_present(const struct hv_spte_format *f,
				   uint64_t spte)
{
	return (spte & f->present) && !(spte & f->trap_rsvd);
}

/* A trap entry (only exists with the bypass on). */
static inline bool hv_spte_is_trap(const struct hv_spte_format *f,
				   uint64_t spte)
{
	return (spte & f->present) && (spte & f->trap_rsvd);
}

static inline bool hv_spte_writable(const struct hv_spte_format *f,
				    uint64_t spte)
{
	return hv_spte_present(f, spte) && (spte & f->writable);
}

/* Write-protected only for dirty logging: the fast path may restore W. */
static inline bool hv_spte_can_fast_unprotect(const struct hv_spte_format *f,
					      uint64_t spte)
{
	uint64_t both = f->host_writable | f->mmu_writable;

	return hv_spte_present(f, spte) && (spte & both) == both;
}

static inline uint64_t hv_spte_addr(const struct hv_spte_format *f,
				    uint64_t spte)
{
	return spte & f->addr;
}

#endif

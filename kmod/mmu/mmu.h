/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmu.h: the public API of hv's portable MMU core (shadow paging with the
 * shadow-page cache, direct/TDP mode, dirty logging, the lockless fast page
 * fault path, the non-present bypass and asynchronous page faults).
 *
 * Threads: one thread per vCPU may call the vCPU functions concurrently;
 * VM-wide calls (slot flags, dirty log, zaps, stats) may run alongside.
 * hv_mmu_set_slot must not run while vCPUs run (the monitor pauses them).
 * Host invalidations arrive through the platform's notifier.
 * Errors are negative errno values; a refused call changes nothing.
 */
#ifndef HV_MMU_H
#define HV_MMU_H

#include "plat_env.h"
#include "kmod/platform/platform.h"
#include "kmod/mmu/spte.h"

struct hv_mmu_vm;
struct hv_mmu_vcpu;

/* ---- VM ---------------------------------------------------------------- */

enum hv_mmu_mode {
	HV_MMU_SHADOW,		/* shadow paging: faults carry a gva */
	HV_MMU_DIRECT,		/* TDP (NPT/EPT): faults carry a gpa */
};

/*
 * The format of the direct-mode tables, chosen per VM at creation: the
 * SVM backend uses NPT (the processor's own x86 entries), the VMX backend
 * EPT, with accessed/dirty flags when the CPU has them (IA32_VMX_EPT_VPID_
 * CAP bit 21). Shadow mode always uses the x86 format. spte.h has the
 * bits.
 */
enum hv_mmu_format {
	HV_MMU_FMT_X86,		/* shadow tables and NPT */
	HV_MMU_FMT_EPT,		/* EPT without A/D flags */
	HV_MMU_FMT_EPT_AD,	/* EPT with A/D flags (EPTP bit 6) */
};

struct hv_mmu_options {
	enum hv_mmu_mode mode;
	bool shadow_cache;	/* seed 004; off: drop all on CR3 load */
	bool bypass;		/* seed 003 trap/notrap; shadow mode only */
	/*
	 * The backend programs hv_mmu_pfec_filter() (VMX): new shadow pages
	 * are then prefilled with notrap entries, whose faults never exit.
	 * Without it (SVM) entries turn notrap on the guest's first fault.
	 */
	bool pfec_filter;
	bool fast_pf;		/* seed 002 lockless write-protect fix */
	bool async_pf;		/* seeds 001 + 000 */
	/*
	 * The caller emulates guest writes to shadowed page tables
	 * (HV_PF_EMULATE). Without an emulator (hv.ko's backends), a write
	 * fault on a shadowed table unshadows it and maps it writable in
	 * the same fault, saving the exit a retried write would take.
	 */
	bool emulator;
	unsigned int max_shadow_pages;	/* cap, LRU recycling; 0: 4096 */
	unsigned int guest_maxphyaddr;	/* guest CPUID MAXPHYADDR; 0: 46 */
	enum hv_mmu_format format;	/* EPT formats need HV_MMU_DIRECT */
};

/*
 * Fills @o with the defaults: shadow, every technique on, cap 4096, no
 * emulator, no PFEC filter (SVM), x86 format.
 */
void hv_mmu_default_options(struct hv_mmu_options *o);

/*
 * Creates the MMU of one VM on platform context @plat (which must outlive
 * it). -EINVAL for bad options (bypass in direct mode, an EPT format in
 * shadow mode, an unknown format, cap < 8).
 */
int hv_mmu_vm_create(struct hv_plat *plat, const struct hv_mmu_options *o,
		     struct hv_mmu_vm **out);
/* vCPUs must be destroyed first. */
void hv_mmu_vm_destroy(struct hv_mmu_vm *vm);

/* Memory slots: guest RAM [base_gfn, base_gfn + npages) at host @hva. */
#define HV_MMU_MAX_SLOTS	32
#define HV_SLOT_DIRTY_LOG	1u
#define HV_SLOT_READONLY	2u
/*
 * Creates or replaces slot @id (npages 0 deletes it; replacing zaps what
 * the old slot mapped). -EINVAL: id out of range, unknown flags, overlap
 * with another slot, hva not page-aligned; -ENOMEM.
 */
int hv_mmu_set_slot(struct hv_mmu_vm *vm, unsigned int id, uint64_t base_gfn,
		    uint64_t npages, uint64_t hva, unsigned int flags);
/* Changes only the flags (turning dirty logging on write-protects). */
int hv_mmu_set_slot_flags(struct hv_mmu_vm *vm, unsigned int id,
			  unsigned int flags);
/*
 * Copies slot @id's dirty bitmap into @bitmap (npages bits, bit i = gfn
 * base_gfn + i, 64-bit words), clears it and write-protects the pages that
 * were dirty, so a later write is logged again. -EINVAL: no such slot or
 * dirty logging is off.
 */
int hv_mmu_dirty_log_get_clear(struct hv_mmu_vm *vm, unsigned int id,
			       uint64_t *bitmap);

/* Zaps every mapping of guest frames [start, end) (tests, slot changes). */
void hv_mmu_zap_gfn_range(struct hv_mmu_vm *vm, uint64_t start,
			  uint64_t end);
/* Zaps every shadow page shadowing guest frame @gfn (unprotect). */
void hv_mmu_unprotect_gfn(struct hv_mmu_vm *vm, uint64_t gfn);

/* ---- statistics ---------------------------------------------------------- */

struct hv_mmu_stats {
	uint64_t pf_taken;	/* hv_mmu_page_fault calls */
	uint64_t pf_fixed;	/* mappings installed by the slow path */
	uint64_t pf_guest;	/* faults given back to the guest */
	uint64_t pf_fast;	/* fixed by the lockless fast path */
	uint64_t pf_spurious;	/* already fixed by someone else */
	uint64_t pf_bypassed;	/* counted by the hardware (model) */
	uint64_t mmu_cache_hit;
	uint64_t mmu_cache_miss;	/* = shadow pages built */
	uint64_t mmu_shadow_zapped;
	uint64_t mmu_pte_write;
	uint64_t mmu_flooded;
	uint64_t mmu_recycled;
	uint64_t apf_not_present;
	uint64_t apf_ready;
	uint64_t apf_repeated;
	uint64_t apf_wakeup_all;
	uint64_t apf_prefault;
};

struct hv_mmu_stat_desc {
	const char *name;	/* as the daemon reports it */
	size_t offset;		/* in struct hv_mmu_stats */
};
/* Every counter, in struct order, terminated by a NULL name. */
extern const struct hv_mmu_stat_desc hv_mmu_stat_names[];

void hv_mmu_get_stats(struct hv_mmu_vm *vm, struct hv_mmu_stats *out);
/* The hardware (model) delivered a fault straight to the guest. */
void hv_mmu_count_bypassed(struct hv_mmu_vm *vm);

/* ---- vCPU ---------------------------------------------------------------- */

/*
 * @kick (may be NULL) is called from any context when the vCPU has work
 * before its next entry (an async page arrived).
 */
int hv_mmu_vcpu_create(struct hv_mmu_vm *vm, unsigned int id,
		       void (*kick)(void *opaque), void *opaque,
		       struct hv_mmu_vcpu **out);
void hv_mmu_vcpu_destroy(struct hv_mmu_vcpu *vcpu);

/* Guest paging modes (derived from the control registers). */
enum hv_guest_mode {
	HV_GUEST_NONE,		/* CR0.PG = 0 */
	HV_GUEST_32,		/* two levels, 4 MiB pages with CR4.PSE */
	HV_GUEST_PAE,		/* three levels, 2 MiB pages */
	HV_GUEST_64,		/* four levels, 2 MiB and 1 GiB pages */
};

struct hv_paging_regs {
	uint64_t cr0, cr3, cr4, efer;
};

/*
 * Sets the guest's paging context (any change of CR0.PG/WP, CR4.PAE/PSE/
 * SMEP, EFER.LMA/NXE) and loads CR3 as hv_mmu_load_cr3 does. -EINVAL for an
 * impossible combination (LMA without PAE) or bad PAE PDPTEs (the caller
 * injects #GP); nothing changes then.
 */
int hv_mmu_set_paging(struct hv_mmu_vcpu *vcpu,
		      const struct hv_paging_regs *regs);
/*
 * CR3 load in the current mode. Shadow mode: looks the root up in the
 * cache (mmu_cache_hit) or builds it; with the cache off, first zaps every
 * shadow page. PAE: the four PDPTEs are read now, as the processor loads
 * its PDPTE registers (-EINVAL on a reserved bit; nothing changes).
 */
int hv_mmu_load_cr3(struct hv_mmu_vcpu *vcpu, uint64_t cr3);
enum hv_guest_mode hv_mmu_guest_mode(struct hv_mmu_vcpu *vcpu);

/* What the hardware is pointed at: shadow CR3 or NPT nCR3. */
struct hv_mmu_root {
	uint64_t hpa;
	int levels;		/* 4: 4-level; 3: PAE (4 PDPTEs at hpa) */
};
/* Valid after hv_mmu_vcpu_enter() returned 0. */
struct hv_mmu_root hv_mmu_root(struct hv_mmu_vcpu *vcpu);

/*
 * The EPT pointer for @root of a VM created with an EPT format: the root's
 * address, memory type WB (bits 2:0 = 6), a 4-level walk (bits 5:3 = 3)
 * and, with HV_MMU_FMT_EPT_AD, the A/D enable (bit 6). 0 for an x86-format
 * VM.
 */
uint64_t hv_mmu_eptp(struct hv_mmu_vm *vm, struct hv_mmu_root root);

/* Guest INVLPG (shadow mode): drops the shadow mapping of @gva. */
void hv_mmu_invlpg(struct hv_mmu_vcpu *vcpu, uint64_t gva);

/* Page-fault error code bits (as the processor reports them). */
#define HV_PFERR_PRESENT	(1u << 0)
#define HV_PFERR_WRITE		(1u << 1)
#define HV_PFERR_USER		(1u << 2)
#define HV_PFERR_RSVD		(1u << 3)
#define HV_PFERR_FETCH		(1u << 4)

enum hv_pf_action {
	HV_PF_RETRY,		/* fixed (or spurious): re-enter the guest */
	HV_PF_INJECT,		/* inject #PF: error_code, cr2 */
	HV_PF_ASYNC,		/* host page not resident, see below */
	HV_PF_EMULATE,		/* write to a shadowed table (emulator) */
	HV_PF_MMIO,		/* no memory slot at gpa: emulate MMIO */
};

struct hv_pf_result {
	enum hv_pf_action action;
	uint32_t error_code;	/* INJECT, ASYNC (not halted) */
	uint64_t cr2;		/* INJECT; ASYNC: the token (bit 3 = 0) */
	uint64_t gpa;		/* EMULATE, MMIO: the guest physical addr */
	bool halt;		/* ASYNC: halt the vCPU, inject nothing */
};

/*
 * The error code hv_mmu_page_fault() wants for an EPT violation, from its
 * exit qualification (SDM 28.2.1, table 28-7): bit 1 (write) gives
 * HV_PFERR_WRITE, bit 2 (fetch) HV_PFERR_FETCH, and any of bits 5:3 (the
 * entry allowed read, write or execute: it is present) HV_PFERR_PRESENT.
 * With EPT A/D flags on, the guest's own page-walk accesses are writes
 * (bit 1), as the processor reports them.
 */
uint32_t hv_mmu_ept_error_code(uint64_t exit_qual);

/*
 * The page-fault entry point: @addr is the gva (shadow) or the gpa
 * (direct), @error_code the processor's (NPF: EXITINFO1's low bits; EPT
 * violation: hv_mmu_ept_error_code()). Tries the lockless fast path
 * first. Returns 0 with @res filled, or -ENOMEM/-EFAULT.
 *
 * HV_PF_ASYNC: an async page fault was queued. If !halt, inject #PF with
 * error_code and cr2 (the area already says "not present"); if halt, the
 * guest cannot take one now: keep the vCPU halted until
 * hv_mmu_vcpu_enter() returns 0.
 * HV_PF_EMULATE (only with hv_mmu_options.emulator): emulate the
 * instruction, doing its write through hv_mmu_write_guest() (which
 * updates the shadow entries), or call hv_mmu_unprotect_gfn(gpa >> 12)
 * and retry.
 */
int hv_mmu_page_fault(struct hv_mmu_vcpu *vcpu, uint64_t addr,
		      uint32_t error_code, struct hv_pf_result *res);

/*
 * A guest write the caller emulated: writes @len (1..8) bytes at @gpa and
 * updates the shadow entries of the guest page tables there (pte-write,
 * with flood detection: a table written over and over without being used
 * is unshadowed). -EINVAL for a bad length or a gpa outside RAM.
 */
int hv_mmu_write_guest(struct hv_mmu_vcpu *vcpu, uint64_t gpa,
		       const void *data, unsigned int len);

/*
 * The VMX page-fault error-code filter that goes with this VM (shadow
 * mode), for the VMCS fields PAGE_FAULT_ERROR_CODE_MASK (0x4006) and
 * PAGE_FAULT_ERROR_CODE_MATCH (0x4008), with bit 14 (#PF) set in the
 * exception bitmap: a #PF exits iff (PFEC & mask) == match (SDM 25.2).
 * With the bypass on, 1/1: only P=1 faults exit (trap entries, write
 * protection), P=0 faults (notrap entries: the guest's own not-present
 * pages) go straight to the guest. Otherwise 0/0: every #PF exits. SVM
 * has no such filter: there every #PF exits and hv_mmu_page_fault()
 * gives notrap faults back as HV_PF_INJECT without a guest walk.
 */
void hv_mmu_pfec_filter(struct hv_mmu_vm *vm, uint32_t *mask,
			uint32_t *match);

/* ---- asynchronous page faults -------------------------------------------- */

#define HV_MSR_ASYNC_PF_EN	0x4b564d02u
#define HV_MSR_ASYNC_PF_INT	0x4b564d06u
#define HV_MSR_ASYNC_PF_ACK	0x4b564d07u

#define HV_APF_ENABLED		(1ull << 0)
#define HV_APF_SEND_ALWAYS	(1ull << 1)
#define HV_APF_DELIVERY_VMEXIT	(1ull << 2)	/* refused */
#define HV_APF_DELIVERY_INT	(1ull << 3)
#define HV_APF_RESERVED		(3ull << 4)	/* refused */

#define HV_APF_REASON_NOT_PRESENT	1u
#define HV_APF_REASON_READY		2u
#define HV_APF_WAKE_ALL_TOKEN		0xffffffffu
#define HV_APF_MAX_OUTSTANDING		64

/* CPUID 0x40000001 EAX bits: KVM_FEATURE_ASYNC_PF (4), ..._INT (14). */
uint32_t hv_apf_cpuid_features(void);

/* True for the three MSRs above. */
bool hv_apf_msr_known(uint32_t msr);
/*
 * MSR access through the table. -ENOENT: not an async-PF MSR; -EINVAL:
 * refused value (the caller injects #GP), with *why set to a sentence;
 * state is unchanged then. Enabling queues a "page ready" with the
 * wake-all token 0xffffffff for the next entry (unless pages already
 * wait); disabling drops every undelivered fault.
 */
int hv_apf_msr_write(struct hv_mmu_vcpu *vcpu, uint32_t msr, uint64_t val,
		     const char **why);
int hv_apf_msr_read(struct hv_mmu_vcpu *vcpu, uint32_t msr, uint64_t *val);

/*
 * Whether the guest can take an async PF now, set by the backend before
 * faults and entries: interrupts enabled (else the page is fetched
 * synchronously) and the CPL ("not present" goes to CPL 0 only with
 * send-always; otherwise the vCPU halts until the page arrives).
 */
void hv_apf_set_guest_state(struct hv_mmu_vcpu *vcpu, bool irq_enabled,
			    unsigned int cpl);
/* Outstanding (not yet delivered as ready) async faults of the vCPU. */
unsigned int hv_apf_outstanding(struct hv_mmu_vcpu *vcpu);

enum hv_event_kind {
	HV_EVENT_NONE,
	HV_EVENT_PF,		/* inject #PF: error_code, cr2 */
	HV_EVENT_IRQ,		/* inject interrupt vector */
};

struct hv_event {
	enum hv_event_kind kind;
	uint32_t error_code;
	uint64_t cr2;
	uint8_t vector;
};

/*
 * Before every VM entry: handles arrived async pages (direct mode maps
 * them now: apf_prefault), delivers at most one "page ready" into @ev
 * (#PF with reason 2 and the token in CR2, or the interrupt vector with the
 * token in the area) when the guest can take it, reloads an invalidated
 * root. Returns 0 to enter, 1 while the vCPU stays halted for an async PF,
 * or -ENOMEM.
 */
int hv_mmu_vcpu_enter(struct hv_mmu_vcpu *vcpu, struct hv_event *ev);

#endif

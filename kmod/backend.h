/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * backend.h: what a vendor backend (SVM, VMX) gives hv.ko's common code:
 * turning the hardware on and off, a vCPU's vendor state, one guest entry
 * and the decoding of its exit into the common handlers (hv_exit.c), and
 * the accessors those handlers (and the instruction decoder, hv_insn.c)
 * need, and the few hooks the local APIC (kmod/lapic.c) uses. hv_main.c
 * picks the backend at load from the CPU's features.
 */
#ifndef HV_KMOD_BACKEND_H
#define HV_KMOD_BACKEND_H

#include <linux/types.h>
#include "kmod/mmu/mmu.h"

struct hv_vcpu;
struct hv_regs;
struct hv_sregs;

/* A MOV between a register or an immediate and memory (hv_mmio.c). */
struct hv_mov {
	bool load;		/* memory to the register */
	bool has_imm;		/* a store of @imm, not of the register */
	bool high8;		/* AH, CH, DH or BH: bits 15:8 of @gpr */
	unsigned int gpr;	/* enum hv_gpr */
	u64 imm;		/* sign-extended to @size */
	unsigned int size;	/* operand bytes: 1, 2, 4 or 8 */
	unsigned int len;	/* instruction bytes */
};

struct hv_backend {
	const char *name;
	unsigned int feature;		/* X86_FEATURE_* that selects it */
	enum hv_mmu_format tdp_format;	/* of its nested tables (npt=1) */
	/* Shadow mode: it programs hv_mmu_pfec_filter() into the hardware
	 * (VMX), so guest faults on notrap entries never exit. */
	bool pfec_filter;
	/* Module load: -ENODEV, with a log line naming what is missing. */
	int (*probe)(void);
	/* Per-CPU pages the hardware needs: made before the first VM, freed
	 * after the last (and after a failed hw_alloc). hv_hw.c calls them. */
	int (*hw_alloc)(void);
	void (*hw_free)(void);
	/* Hardware on the calling CPU on (false: another hypervisor holds
	 * it, and @busy says how that shows) and off; hv_hw.c runs them on
	 * every CPU. cpu_off is a no-op where cpu_on did nothing. */
	bool (*cpu_on)(void);
	void (*cpu_off)(void);
	const char *busy;

	/* v->arch: allocated and set to the reset state; freed. */
	int (*vcpu_init)(struct hv_vcpu *v);
	void (*vcpu_free)(struct hv_vcpu *v);
	/* One entry and exit; preemption is on when called. The entry
	 * itself runs with interrupts off between hv_enter_begin() and
	 * hv_enter_end() (hv.h), and host interrupts must exit the guest.
	 * False when hv_enter_begin() refused (a kick came first). */
	bool (*enter)(struct hv_vcpu *v);
	/* The exit just taken: 0 re-enter, 1 to userspace, -errno. */
	int (*handle_exit)(struct hv_vcpu *v);

	/* Special registers as the ioctls see them. In shadow mode the
	 * common code keeps CR0/CR3/CR4/EFER and calls shadow_sync after a
	 * change. */
	void (*get_sregs)(struct hv_vcpu *v, struct hv_sregs *s);
	void (*set_sregs)(struct hv_vcpu *v, const struct hv_sregs *s);
	void (*shadow_sync)(struct hv_vcpu *v);
	/* Guest register @n (enum hv_gpr: a GPR, RIP or RFLAGS), wherever
	 * the backend keeps it. */
	u64 *(*gpr)(struct hv_vcpu *v, unsigned int n);
	/* Past the exiting instruction, @len bytes long. */
	void (*skip)(struct hv_vcpu *v, unsigned int len);
	u64 (*rflags)(struct hv_vcpu *v);
	unsigned int (*cpl)(struct hv_vcpu *v);
	/* Nested paging: CR0 and EFER as the guest sees them; EFER set. */
	u64 (*cr0)(struct hv_vcpu *v);
	u64 (*efer)(struct hv_vcpu *v);
	void (*set_efer)(struct hv_vcpu *v, u64 efer);
	/* MSRs the backend keeps (segment bases, SYSCALL, PAT...);
	 * -EINVAL if unknown. */
	int (*msr_read)(struct hv_vcpu *v, u32 msr, u64 *val);
	int (*msr_write)(struct hv_vcpu *v, u32 msr, u64 val);

	/* The MMU core's root for the next entry (shadow CR3 or nested). */
	void (*set_root)(struct hv_vcpu *v, struct hv_mmu_root root);
	/* An event is already queued for the next entry. */
	bool (*event_pending)(struct hv_vcpu *v);
	void (*inject)(struct hv_vcpu *v, u8 vector, bool has_error,
		       u32 error, bool is_irq);
	void (*set_cr2)(struct hv_vcpu *v, u64 cr2);
	/* Four words describing the exit, for an internal-error exit. */
	void (*exit_info)(struct hv_vcpu *v, u64 data[4]);

	/* The local APIC's: the guest is in an interrupt shadow (after STI
	 * or MOV SS); exit as soon as it can take an interrupt (on) or stop
	 * asking; a SIPI's INIT state, real mode at CS = @vector << 8, IP 0
	 * (-EOPNOTSUPP where real mode does not run). */
	bool (*irq_shadow)(struct hv_vcpu *v);
	void (*irq_window)(struct hv_vcpu *v, bool on);
	int (*sipi_reset)(struct hv_vcpu *v, u8 vector);
};

/* The backend in use, chosen at load (hv_main.c). */
extern const struct hv_backend *hv_be;
extern const struct hv_backend hv_svm_backend, hv_vmx_backend;

#endif

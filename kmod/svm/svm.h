/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm.h: hv.ko's AMD SVM backend: turning SVM on and off (only while VMs
 * exist, never over another hypervisor), the VMCB of a vCPU, its run loop
 * and exit handlers.
 */
#ifndef HV_KMOD_SVM_H
#define HV_KMOD_SVM_H

#include <linux/types.h>

/* EFER.LMA (the kernel's name is left to the MMU core's walker). */
#define HV_EFER_LMA	(1ull << 10)

struct hv_vcpu;
struct hv_vm;
struct hv_regs;
struct hv_sregs;
struct vmcb;

/* x86 GPR numbers (the order of struct hv_svm.gpr). */
enum hv_gpr {
	HV_RAX, HV_RCX, HV_RDX, HV_RBX, HV_RSP, HV_RBP, HV_RSI, HV_RDI,
	HV_R8, HV_R9, HV_R10, HV_R11, HV_R12, HV_R13, HV_R14, HV_R15,
	HV_NR_GPRS
};

struct hv_svm {
	struct vmcb *vmcb;
	u64 vmcb_pa;
	/* RAX and RSP live in the VMCB; their slots here are unused. */
	u64 gpr[HV_NR_GPRS];
	u64 efer;		/* as the guest sees it (no SVME) */
	u64 cr0, cr3, cr4;	/* shadow mode: as the guest sees them */
	bool flush;		/* flush the TLB on the next entry */
	u64 last_root;		/* shadow mode: the root of the last entry */
	u64 tlb_gen;		/* vm->tlb_gen at the last entry */
	int last_cpu;
	u8 pio_in_size;		/* an IN awaits its data from userspace */
};

/* Module load: -ENODEV without SVM (or without NPT when npt=1). */
int hv_svm_probe(void);
/* SVM on for the first VM; -EBUSY if another hypervisor holds it. */
int hv_svm_get(void);
void hv_svm_put(void);

int hv_svm_vcpu_init(struct hv_vcpu *v);
void hv_svm_vcpu_free(struct hv_vcpu *v);
/* HV_RUN: 0 with run->exit_reason set, -EINTR on a signal, -errno. */
int hv_svm_run(struct hv_vcpu *v);
void hv_svm_get_regs(struct hv_vcpu *v, struct hv_regs *r);
void hv_svm_set_regs(struct hv_vcpu *v, const struct hv_regs *r);
void hv_svm_get_sregs(struct hv_vcpu *v, struct hv_sregs *s);
int hv_svm_set_sregs(struct hv_vcpu *v, const struct hv_sregs *s);
int hv_svm_get_msr(struct hv_vcpu *v, u32 index, u64 *data);
/* Make a vCPU in the guest exit (it re-checks its work on entry). */
void hv_svm_kick(struct hv_vcpu *v);
/* Make every vCPU of @vm in the guest exit, and wait for it. */
void hv_svm_kick_all(struct hv_vm *vm);

/* svm_vmrun.S: load GPRs, VMLOAD/VMRUN/VMSAVE, save GPRs, host VMLOAD. */
void hv_svm_vmrun(u64 vmcb_pa, u64 *gpr, u64 host_save_pa);

/* svm_exit.c: handles the exit in the VMCB: 0 re-enter, 1 to userspace. */
int hv_svm_handle_exit(struct hv_vcpu *v);
/* svm_msr.c: guest RDMSR/WRMSR; -EINVAL: inject #GP. */
int hv_svm_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
int hv_svm_msr_write(struct hv_vcpu *v, u32 msr, u64 val);
/* CR4 bits a guest may set. */
#define HV_CR4_OK	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | \
			 X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE | \
			 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | \
			 X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

/* svm_exit.c: an internal-error exit to userspace with the exit's data. */
int hv_svm_internal(struct hv_vcpu *v, u32 suberror);

/* svm_shadow.c: shadow paging (npt=0). */
void hv_svm_shadow_init(struct hv_vcpu *v);
void hv_svm_shadow_sync(struct hv_vcpu *v);
/* New guest CR0/CR3/CR4/EFER; -EINVAL (nothing changes) if refused. */
int hv_svm_shadow_set(struct hv_vcpu *v, u64 cr0, u64 cr3, u64 cr4,
		      u64 efer);
int hv_svm_exit_cr(struct hv_vcpu *v);
int hv_svm_exit_invlpg(struct hv_vcpu *v);

/* svm_vcpu.c: queue an exception for the next entry. */
void hv_svm_inject(struct hv_vcpu *v, u8 vector, bool has_error,
		   u32 error, bool is_irq);

#endif

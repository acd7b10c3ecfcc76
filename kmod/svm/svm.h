/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm.h: hv.ko's AMD SVM backend, as its files see each other: a vCPU's
 * VMCB, turning SVM on and off (only while VMs exist, never over another
 * hypervisor), the run and exit handling, shadow paging's intercepts.
 * Everybody else reaches it through hv_svm_backend (kmod/backend.h).
 */
#ifndef HV_KMOD_SVM_H
#define HV_KMOD_SVM_H

#include <linux/types.h>
#include "kmod/hv.h"

struct vmcb;

struct hv_svm {
	struct vmcb *vmcb;
	u64 vmcb_pa;
	/* RAX and RSP live in the VMCB; their slots here are unused. */
	u64 gpr[HV_NR_GPRS];
	u64 tlb_gen;		/* vm->tlb_gen at the last entry */
	int last_cpu;
};

static inline struct hv_svm *to_svm(struct hv_vcpu *v)
{
	return v->arch;
}

/* svm_hw.c: load-time checks; SVM on for the first VM, off after. */
int hv_svm_probe(void);
int hv_svm_hw_alloc(void);
void hv_svm_hw_free(void);
bool hv_svm_cpu_on(void);
void hv_svm_cpu_off(void);

/* svm_vmrun.S: load GPRs, VMLOAD/VMRUN/VMSAVE, save GPRs, host VMLOAD. */
void hv_svm_vmrun(u64 vmcb_pa, u64 *gpr, u64 host_save_pa);

/* svm_exit.c: handles the exit in the VMCB: 0 re-enter, 1 to userspace. */
int hv_svm_handle_exit(struct hv_vcpu *v);
/* svm_msr.c: the MSRs kept in the VMCB's save area; -EINVAL if not. */
int hv_svm_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
int hv_svm_msr_write(struct hv_vcpu *v, u32 msr, u64 val);

/* svm_shadow.c: shadow paging (npt=0): intercepts, hardware CRs, and the
 * CR and INVLPG exits decoded for the common handlers. */
void hv_svm_shadow_init(struct hv_vcpu *v);
void hv_svm_shadow_sync(struct hv_vcpu *v);
int hv_svm_exit_cr(struct hv_vcpu *v);
int hv_svm_exit_invlpg(struct hv_vcpu *v);


#endif

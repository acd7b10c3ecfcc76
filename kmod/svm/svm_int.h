/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm_int.h: what the SVM backend's files share and nobody else sees: the
 * per-CPU state and the permission maps of svm_hw.c.
 */
#ifndef HV_KMOD_SVM_INT_H
#define HV_KMOD_SVM_INT_H

#include <linux/percpu.h>

struct hv_svm_cpu {
	struct page *hsave;		/* MSR_VM_HSAVE_PA */
	struct page *host_save;		/* host VMSAVE/VMLOAD area */
	u64 host_save_pa;
	bool on;			/* EFER.SVME set by hv.ko */
	struct vmcb *last_vmcb;		/* the VMCB that ran here last */
};

DECLARE_PER_CPU(struct hv_svm_cpu, hv_svm_cpus);
extern u64 hv_svm_iopm_pa, hv_svm_msrpm_pa;

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv.h: hv.ko's own structures (a VM, a vCPU), shared by the device, the
 * VM and vCPU files, the SVM backend and the netlink family.
 */
#ifndef HV_KMOD_HV_H
#define HV_KMOD_HV_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include "kmod/mmu/mmu.h"
#include "kmod/platform/kernel/kernel_plat.h"
#include "kmod/svm/svm.h"
#include "proto/hv-uapi.h"

/* Module parameters (hv_main.c). */
extern bool hv_npt, hv_fast_pf, hv_async_pf, hv_shadow_cache, hv_bypass;

/* Counters of one vCPU kept by hv.ko itself (the MMU core keeps its own). */
struct hv_vcpu_stats {
	u64 exits;
	u64 io_exits;
	u64 halt_exits;
	u64 npf_exits;
	u64 pf_exits;
	u64 msr_exits;
	u64 cpuid_exits;
	u64 intr_exits;
	u64 signal_exits;
	u64 injections;
};

struct hv_stat_desc {
	const char *name;
	size_t offset;
};
/* hv.ko's vCPU counters, NULL-terminated. */
extern const struct hv_stat_desc hv_vcpu_stat_names[];

struct hv_vm {
	struct kref ref;
	unsigned int id;		/* for netlink: 1, 2, ... */
	struct list_head node;		/* on hv_vms */
	struct hv_plat *plat;
	struct mm_struct *mm;		/* the creator's */
	struct hv_mmu_vm *mmu;		/* made on the first slot or vCPU */
	struct mutex lock;		/* slots, vCPUs, mmu creation */
	bool async_pf;
	bool npt;
	struct hv_userspace_memory_region slots[HV_MAX_SLOTS];
	struct hv_vcpu *vcpus[HV_MAX_VCPUS];
	atomic64_t tlb_gen;		/* bumped by every flush request */
};

struct hv_vcpu {
	struct hv_vm *vm;
	unsigned int id;
	struct mutex mutex;		/* one ioctl at a time */
	struct hv_mmu_vcpu *mmu;
	struct hv_run *run;
	struct hv_svm vcpu_svm;
	struct hv_cpuid_entry *cpuid;
	unsigned int cpuid_n;
	int cpu;			/* in the guest there; else -1 */
	atomic_t kicked;		/* async page arrived */
	wait_queue_head_t wq;
	struct hv_vcpu_stats stats;
};

/* Global list of VMs (for netlink), under hv_vms_lock. */
extern struct list_head hv_vms;
extern struct mutex hv_vms_lock;

int hv_vm_create(void);
void hv_vm_put(struct hv_vm *vm);
int hv_vcpu_create(struct hv_vm *vm, unsigned long id);
void hv_vm_flush_tlbs(void *opaque);

/* Netlink family (hv_genl.c). */
int hv_genl_init(void);
void hv_genl_exit(void);
void hv_genl_vm_event(unsigned int vm_id, bool created);

#endif

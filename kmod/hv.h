/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hv.h: hv.ko's own structures (a VM, a vCPU), shared by the device, the
 * VM and vCPU files, the common exit handling, the vendor backends and the
 * netlink family.
 */
#ifndef HV_KMOD_HV_H
#define HV_KMOD_HV_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <asm/fpu/types.h>
#include "kmod/lapic.h"
#include "kmod/mmu/mmu.h"
#include "kmod/platform/kernel/kernel_plat.h"
#include "kmod/backend.h"
#include "proto/hv-uapi.h"

/* EFER.LMA (the kernel's name is left to the MMU core's walker). */
#define HV_EFER_LMA	(1ull << 10)

/* x86 GPR numbers (the order of a backend's GPR array), then the two
 * other registers struct hv_regs holds, for struct hv_backend's gpr(). */
enum hv_gpr {
	HV_RAX, HV_RCX, HV_RDX, HV_RBX, HV_RSP, HV_RBP, HV_RSI, HV_RDI,
	HV_R8, HV_R9, HV_R10, HV_R11, HV_R12, HV_R13, HV_R14, HV_R15,
	HV_NR_GPRS,
	HV_RIP = HV_NR_GPRS, HV_RFLAGS,
	HV_NR_REGS
};

/* CR4 bits a guest may set. */
#define HV_CR4_OK	(X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | \
			 X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE | \
			 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | \
			 X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

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
	u64 irq_injections;		/* interrupts from the local APIC */
	u64 apic_accesses;		/* reads, writes of its page */
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
	atomic64_t apf_events_dropped;	/* netlink async PF events lost */
};

struct hv_vcpu {
	struct hv_vm *vm;
	unsigned int id;
	struct mutex mutex;		/* one ioctl at a time */
	struct hv_mmu_vcpu *mmu;
	struct hv_run *run;
	void *arch;			/* the backend's state */
	/* Shadow mode: the control registers as the guest sees them. */
	u64 cr0, cr3, cr4, efer;
	u64 last_root;			/* shadow mode: of the last entry */
	bool flush;			/* flush the TLB on the next entry */
	u8 pio_in_size;			/* an IN awaits its data */
	struct hv_cpuid_entry *cpuid;
	unsigned int cpuid_n;
	int cpu;			/* in the guest there; else -1 */
	atomic_t kicked;		/* work arrived: interrupt, page */
	wait_queue_head_t wq;
	struct hv_lapic lapic;
	struct fpu_guest fpu;		/* the guest's FPU/SSE state */
	struct hv_vcpu_stats stats;
};

/* Global list of VMs (for netlink), under hv_vms_lock. */
extern struct list_head hv_vms;
extern struct mutex hv_vms_lock;

/* The hardware on for the first VM, off after the last (hv_hw.c):
 * -EBUSY, with a log line, while another hypervisor holds it. */
int hv_hw_get(void);
void hv_hw_put(void);

int hv_vm_create(void);
void hv_vm_put(struct hv_vm *vm);
int hv_vcpu_create(struct hv_vm *vm, unsigned long id);
/* Work for @v before its next entry: wakes it, makes it leave the guest.
 * Any context (the APIC timer kicks from its hrtimer). */
void hv_vcpu_kick(void *opaque);
void hv_vm_flush_tlbs(void *opaque);

/* hv_run.c: HV_RUN (0 with run->exit_reason set, -EINTR on a signal);
 * kicks: make a vCPU (all vCPUs of @vm, waiting) in the guest exit. */
int hv_vcpu_run(struct hv_vcpu *v);
void hv_vcpu_kick_cpu(struct hv_vcpu *v);
void hv_vm_kick_all(struct hv_vm *vm);
void hv_inject(struct hv_vcpu *v, u8 vector, bool has_error, u32 error,
	       bool is_irq);
/* The guest takes an external interrupt now: IF set, no interrupt
 * shadow, no event already queued for the entry. */
bool hv_can_inject_irq(struct hv_vcpu *v);
/* A backend's enter, with interrupts off, brackets its entry with these:
 * begin publishes v->cpu for kicks and loads the guest's FPU state, or
 * returns false when a kick came first (no entry then). */
bool hv_enter_begin(struct hv_vcpu *v);
void hv_enter_end(struct hv_vcpu *v);

/* hv_exit.c: the exit handlers both backends share; each returns 0 to
 * re-enter, 1 to go to userspace. @len: the exiting instruction's. */
int hv_exit_internal(struct hv_vcpu *v, u32 suberror);
int hv_exit_io(struct hv_vcpu *v, u16 port, u8 size, bool in);
int hv_exit_hlt(struct hv_vcpu *v, unsigned int len);
int hv_exit_shutdown(struct hv_vcpu *v);
int hv_exit_cpuid(struct hv_vcpu *v, unsigned int len);
int hv_exit_msr(struct hv_vcpu *v, bool write, unsigned int len);
int hv_exit_intr(struct hv_vcpu *v);
int hv_exit_ud(struct hv_vcpu *v);
/* A fault for the MMU core at @addr (gpa nested, gva shadow). */
int hv_exit_page_fault(struct hv_vcpu *v, u64 *exits, u64 addr, u32 error);

/* hv_mmio.c: an access to @gpa, outside guest RAM, by the MOV at RIP:
 * the local APIC's page is emulated, anything else is an error exit. */
int hv_exit_mmio(struct hv_vcpu *v, u64 gpa);
/* A write at @gpa to a guest page table shadow paging protects. */
int hv_exit_pt_write(struct hv_vcpu *v, u64 gpa);

/* hv_guest.c: guest memory as the guest sees it. -EFAULT where there is
 * no RAM or no mapping. */
int hv_guest_read_gpa(struct hv_vcpu *v, u64 gpa, void *buf,
		      unsigned int len);
/* Up to @max bytes at linear @la, through the guest's page tables;
 * returns how many could be read. */
unsigned int hv_guest_read_linear(struct hv_vcpu *v, u64 la, void *buf,
				  unsigned int max);

/* hv_msr.c: guest RDMSR/WRMSR; -EINVAL: inject #GP. */
int hv_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
int hv_msr_write(struct hv_vcpu *v, u32 msr, u64 val);

/* hv_shadow.c: shadow paging's control registers. New guest CR0/CR3/CR4/
 * EFER: -EINVAL (nothing changes) if refused. */
int hv_shadow_set(struct hv_vcpu *v, u64 cr0, u64 cr3, u64 cr4, u64 efer);
/* MOV to/from CR@cr with GPR @gpr; #GP on a refused write. */
int hv_exit_cr(struct hv_vcpu *v, bool write, unsigned int cr,
	       unsigned int gpr, unsigned int len);
int hv_exit_invlpg(struct hv_vcpu *v, u64 addr, unsigned int len);

/* Netlink family (hv_genl.c). */
int hv_genl_init(void);
void hv_genl_exit(void);
void hv_genl_vm_event(unsigned int vm_id, bool created);

#endif

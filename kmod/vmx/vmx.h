/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmx.h: hv.ko's Intel VMX backend, as its files see each other: a vCPU's
 * VMCS and the registers kept beside it, VMREAD/VMWRITE, turning VMX on
 * and off (only while VMs exist, never over another hypervisor), the
 * controls chosen at load, the entry and exit handling. Everybody else
 * reaches it through hv_vmx_backend (kmod/backend.h).
 */
#ifndef HV_KMOD_VMX_H
#define HV_KMOD_VMX_H

#include <linux/types.h>
#include <asm/vmx.h>
#include "kmod/hv.h"

/* MSRs the VMCS does not hold, switched by the entry/exit MSR areas. */
#define HV_VMX_NR_AUTOLOAD	5

struct hv_vmx_msr_entry {
	u32 index;
	u32 reserved;
	u64 value;
};

/* What one exit left in the VMCS, read before preemption comes back. */
struct hv_vmx_exit {
	u32 reason;
	u64 qual;
	u32 intr_info, intr_error;
	u32 idt_info, idt_error;
	u32 insn_len;
	u64 gpa;
};

struct hv_vmx {
	void *vmcs;
	u64 vmcs_pa;
	int cpu;			/* where the VMCS is active, or -1 */
	bool launched;
	u64 tlb_gen;			/* vm->tlb_gen at the last entry */
	u64 root;			/* CR3 or EPTP of the next entry */
	/* Kept here, written before and read after each entry. */
	u64 gpr[HV_NR_GPRS];		/* RSP too */
	u64 rip, rflags, cr2;
	unsigned int cpl;
	u32 intr_state;			/* GUEST_INTERRUPTIBILITY_INFO */
	u32 proc;			/* CPU_BASED_VM_EXEC_CONTROL */
	u32 entry_intr, entry_error, entry_len;	/* event to inject */
	u64 pat;			/* not loaded: the host's PAT runs */
	struct hv_vmx_exit exit;
	/* One page: guest values (0..), host values (HV_VMX_NR_AUTOLOAD..). */
	struct hv_vmx_msr_entry *msrs;
};

static inline struct hv_vmx *to_vmx(struct hv_vcpu *v)
{
	return v->arch;
}

/* The controls and limits hv_vmx_probe() settled on. */
struct hv_vmx_caps {
	u32 revision;
	u32 pin, proc, proc2, exit, entry;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	bool unrestricted;		/* with EPT */
};
extern struct hv_vmx_caps hv_vmx_caps;

static __always_inline u64 hv_vmcs_read(unsigned long field)
{
	u64 value;

	asm volatile("vmread %[f], %[v]"
		     : [v] "=rm" (value) : [f] "r" (field) : "cc");
	return value;
}

static __always_inline void hv_vmcs_write(unsigned long field, u64 value)
{
	asm volatile("vmwrite %[v], %[f]"
		     :: [v] "rm" (value), [f] "r" (field) : "cc", "memory");
}

/* vmx_hw.c: load-time checks; VMX on for the first VM, off after; the
 * VMCS of @v made current on this CPU (preemption off). */
int hv_vmx_probe(void);
int hv_vmx_hw_alloc(void);
void hv_vmx_hw_free(void);
bool hv_vmx_cpu_on(void);
void hv_vmx_cpu_off(void);
void hv_vmx_load(struct hv_vmx *vmx);
void hv_vmx_clear(struct hv_vmx *vmx);
/* A VMCS field read or written from process context. */
u64 hv_vmx_read(struct hv_vcpu *v, unsigned long field);
void hv_vmx_write(struct hv_vcpu *v, unsigned long field, u64 value);

/* vmx_vmenter.S: GPRs in, VMLAUNCH or VMRESUME, GPRs out; 0 after an
 * exit, 1 if the entry failed (VMfail). HOST_RIP is hv_vmx_vmexit. */
int hv_vmx_vmenter(u64 *gpr, bool launched);
void hv_vmx_vmexit(void);

/* vmx_vmcs.c: the reset state and controls of a new VMCS (loaded); the
 * guest's state after INIT, CS at @cs (base @cs << 4), IP @ip (loaded);
 * the host state that depends on CPU and task (before each entry). */
void hv_vmx_vmcs_init(struct hv_vcpu *v);
void hv_vmx_guest_reset(struct hv_vcpu *v, u16 cs, u64 ip);
void hv_vmx_host_state(void);
/* vmx_exit.c: the exit in vmx->exit: 0 re-enter, 1 to userspace. */
int hv_vmx_handle_exit(struct hv_vcpu *v);
/* vmx_msr.c: the MSRs the VMCS or the MSR areas hold; -EINVAL if not. */
int hv_vmx_msr_read(struct hv_vcpu *v, u32 msr, u64 *val);
int hv_vmx_msr_write(struct hv_vcpu *v, u32 msr, u64 val);
void hv_vmx_msrs_init(struct hv_vmx *vmx);
void hv_vmx_msrs_host(struct hv_vmx *vmx);
/* vmx_cr.c: the hardware's CR0/CR4/EFER for the guest's: shadow paging
 * (from v->cr0...), EPT (the guest's own, but for the bits VMX forces). */
void hv_vmx_shadow_sync(struct hv_vcpu *v);
void hv_vmx_set_cr0(struct hv_vcpu *v, u64 cr0);
void hv_vmx_set_cr4(struct hv_vcpu *v, u64 cr4);
void hv_vmx_set_efer(struct hv_vcpu *v, u64 efer);
/* EPT mode: a write to a CR0/CR4 bit VMX forces on. */
int hv_vmx_exit_cr_ept(struct hv_vcpu *v, unsigned int cr, u64 val);

#endif

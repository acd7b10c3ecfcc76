// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_exit.c: what hv.ko does on each #VMEXIT, as a table from exit code
 * to handler: port I/O, HLT and shutdown go to the monitor through the run
 * structure; CPUID and MSRs are answered here; nested page faults go to
 * the MMU core; host interrupts only return to the run loop; the SVM
 * instructions raise #UD in the guest. Anything else is an internal error
 * the monitor sees with the exit code.
 */
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"

/* Where I/O data sits in the run structure (after struct hv_run). */
#define RUN_IO_DATA_OFFSET	1024

static struct vmcb *vmcb_of(struct hv_vcpu *v)
{
	return v->vcpu_svm.vmcb;
}

int hv_svm_internal(struct hv_vcpu *v, u32 suberror)
{
	struct vmcb *vmcb = vmcb_of(v);
	struct hv_run *run = v->run;

	run->exit_reason = HV_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = 4;
	run->internal.data[0] = vmcb->control.exit_code;
	run->internal.data[1] = vmcb->control.exit_info_1;
	run->internal.data[2] = vmcb->control.exit_info_2;
	run->internal.data[3] = vmcb->save.rip;
	return 1;
}

static void skip(struct hv_vcpu *v, unsigned int len)
{
	vmcb_of(v)->save.rip += len;
}

static int exit_io(struct hv_vcpu *v)
{
	struct vmcb_control_area *c = &vmcb_of(v)->control;
	struct hv_run *run = v->run;
	u64 info = c->exit_info_1;
	u8 size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	bool in = info & SVM_IOIO_TYPE_MASK;

	v->stats.io_exits++;
	if (info & SVM_IOIO_STR_MASK)
		return hv_svm_internal(v, HV_INTERNAL_ERROR_EMULATION);
	vmcb_of(v)->save.rip = c->exit_info_2;
	run->exit_reason = HV_EXIT_IO;
	run->io.direction = in ? HV_EXIT_IO_IN : HV_EXIT_IO_OUT;
	run->io.size = size;
	run->io.port = info >> 16;
	run->io.count = 1;
	run->io.data_offset = RUN_IO_DATA_OFFSET;
	if (in)
		v->vcpu_svm.pio_in_size = size;
	else
		memcpy((u8 *)run + RUN_IO_DATA_OFFSET,
		       &vmcb_of(v)->save.rax, size);
	return 1;
}

static int exit_hlt(struct hv_vcpu *v)
{
	v->stats.halt_exits++;
	skip(v, 1);
	v->run->exit_reason = HV_EXIT_HLT;
	return 1;
}

static int exit_shutdown(struct hv_vcpu *v)
{
	v->run->exit_reason = HV_EXIT_SHUTDOWN;
	return 1;
}

static int exit_cpuid(struct hv_vcpu *v)
{
	struct vmcb *vmcb = vmcb_of(v);
	u64 *g = v->vcpu_svm.gpr;
	u32 fn = vmcb->save.rax, idx = g[HV_RCX];
	const struct hv_cpuid_entry *e = NULL;
	unsigned int i;

	v->stats.cpuid_exits++;
	for (i = 0; i < v->cpuid_n && !e; i++)
		if (v->cpuid[i].function == fn &&
		    (!(v->cpuid[i].flags & HV_CPUID_FLAG_SIGNIFICANT_INDEX) ||
		     v->cpuid[i].index == idx))
			e = &v->cpuid[i];
	vmcb->save.rax = e ? e->eax : 0;
	g[HV_RBX] = e ? e->ebx : 0;
	g[HV_RCX] = e ? e->ecx : 0;
	g[HV_RDX] = e ? e->edx : 0;
	skip(v, 2);
	return 0;
}

static int exit_msr(struct hv_vcpu *v)
{
	struct vmcb *vmcb = vmcb_of(v);
	u64 *g = v->vcpu_svm.gpr;
	u32 msr = g[HV_RCX];
	u64 val;
	int r;

	v->stats.msr_exits++;
	if (vmcb->control.exit_info_1) {
		val = (g[HV_RDX] << 32) | (u32)vmcb->save.rax;
		r = hv_svm_msr_write(v, msr, val);
	} else {
		r = hv_svm_msr_read(v, msr, &val);
		if (!r) {
			vmcb->save.rax = (u32)val;
			g[HV_RDX] = val >> 32;
		}
	}
	if (r)
		hv_svm_inject(v, X86_TRAP_GP, true, 0, false);
	else
		skip(v, 2);
	return 0;
}

/* The outcome of a page fault the MMU core handled. */
static int pf_result(struct hv_vcpu *v, const struct hv_pf_result *res)
{
	struct vmcb *vmcb = vmcb_of(v);

	switch (res->action) {
	case HV_PF_RETRY:
		return 0;
	case HV_PF_INJECT:
	case HV_PF_ASYNC:
		if (res->action == HV_PF_ASYNC && res->halt)
			return 0;	/* the next entry waits */
		vmcb->save.cr2 = res->cr2;
		hv_svm_inject(v, X86_TRAP_PF, true, res->error_code, false);
		return 0;
	case HV_PF_EMULATE:
		/* A shadowed guest table written: stop shadowing it. */
		hv_mmu_unprotect_gfn(v->vm->mmu, res->gpa >> PAGE_SHIFT);
		return 0;
	case HV_PF_MMIO:
		break;
	}
	return hv_svm_internal(v, HV_INTERNAL_ERROR_EMULATION);
}

/*
 * A fault for the MMU core: at exit_info_2 (a gpa for a nested fault, a gva
 * for the guest's own #PF in shadow mode) with the given error code.
 */
static int page_fault(struct hv_vcpu *v, u64 *exits, u32 error_code)
{
	struct vmcb *vmcb = vmcb_of(v);
	struct hv_pf_result res;
	int r;

	(*exits)++;
	hv_apf_set_guest_state(v->mmu, vmcb->save.rflags & X86_EFLAGS_IF,
			       vmcb->save.cpl);
	r = hv_mmu_page_fault(v->mmu, vmcb->control.exit_info_2, error_code,
			      &res);
	if (r)
		return hv_svm_internal(v, HV_INTERNAL_ERROR_MMU);
	return pf_result(v, &res);
}

/* NPT mode: a nested page fault; the low bits are #PF-style. */
static int exit_npf(struct hv_vcpu *v)
{
	return page_fault(v, &v->stats.npf_exits,
			  vmcb_of(v)->control.exit_info_1 & 0x1f);
}

/* Shadow mode: a #PF the guest took, for the MMU core first. */
static int exit_pf(struct hv_vcpu *v)
{
	return page_fault(v, &v->stats.pf_exits,
			  vmcb_of(v)->control.exit_info_1);
}

static int exit_intr(struct hv_vcpu *v)
{
	v->stats.intr_exits++;
	return 0;
}

static int exit_ud(struct hv_vcpu *v)
{
	hv_svm_inject(v, X86_TRAP_UD, false, 0, false);
	return 0;
}

static int exit_vmrun_failed(struct hv_vcpu *v)
{
	return hv_svm_internal(v, HV_INTERNAL_ERROR_VMRUN);
}

struct exit_handler {
	u32 code;
	int (*fn)(struct hv_vcpu *v);
};

static const struct exit_handler handlers[] = {
	{ SVM_EXIT_INTR, exit_intr },
	{ SVM_EXIT_NMI, exit_intr },
	{ SVM_EXIT_SMI, exit_intr },
	{ SVM_EXIT_IOIO, exit_io },
	{ SVM_EXIT_HLT, exit_hlt },
	{ SVM_EXIT_SHUTDOWN, exit_shutdown },
	{ SVM_EXIT_CPUID, exit_cpuid },
	{ SVM_EXIT_MSR, exit_msr },
	{ SVM_EXIT_NPF, exit_npf },
	{ SVM_EXIT_EXCP_BASE + X86_TRAP_PF, exit_pf },
	{ SVM_EXIT_READ_CR0, hv_svm_exit_cr },
	{ SVM_EXIT_READ_CR3, hv_svm_exit_cr },
	{ SVM_EXIT_READ_CR4, hv_svm_exit_cr },
	{ SVM_EXIT_WRITE_CR0, hv_svm_exit_cr },
	{ SVM_EXIT_WRITE_CR3, hv_svm_exit_cr },
	{ SVM_EXIT_WRITE_CR4, hv_svm_exit_cr },
	{ SVM_EXIT_INVLPG, hv_svm_exit_invlpg },
	{ SVM_EXIT_VMRUN, exit_ud },
	{ SVM_EXIT_VMMCALL, exit_ud },
	{ SVM_EXIT_VMLOAD, exit_ud },
	{ SVM_EXIT_VMSAVE, exit_ud },
	{ SVM_EXIT_STGI, exit_ud },
	{ SVM_EXIT_CLGI, exit_ud },
	{ SVM_EXIT_SKINIT, exit_ud },
	{ SVM_EXIT_INVLPGA, exit_ud },
	{ SVM_EXIT_MONITOR, exit_ud },
	{ SVM_EXIT_MWAIT, exit_ud },
	{ SVM_EXIT_XSETBV, exit_ud },
	{ (u32)SVM_EXIT_ERR, exit_vmrun_failed },
};

int hv_svm_handle_exit(struct hv_vcpu *v)
{
	struct vmcb_control_area *c = &vmcb_of(v)->control;
	unsigned int i;

	/* An event cut short by the exit is delivered again. */
	c->event_inj = 0;
	if (c->exit_int_info & SVM_EXITINTINFO_VALID) {
		c->event_inj = c->exit_int_info;
		c->event_inj_err = c->exit_int_info_err;
	}
	for (i = 0; i < ARRAY_SIZE(handlers); i++)
		if (handlers[i].code == c->exit_code)
			return handlers[i].fn(v);
	return hv_svm_internal(v, HV_INTERNAL_ERROR_EXIT);
}

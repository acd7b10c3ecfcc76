// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm_exit.c: each #VMEXIT, as a table from exit code to handler: the
 * exit's details taken from the VMCB and handed to the common handlers
 * (kmod/hv_exit.c: I/O, HLT, shutdown, CPUID, MSRs, page faults, CR
 * accesses, INVLPG); the SVM instructions raise #UD in the guest. Anything
 * else is an internal error the monitor sees with the exit code.
 */
#include <asm/svm.h>
#include <asm/trapnr.h>
#include "kmod/svm/svm.h"

static struct vmcb *vmcb_of(struct hv_vcpu *v)
{
	return to_svm(v)->vmcb;
}

static int exit_io(struct hv_vcpu *v)
{
	struct vmcb_control_area *c = &vmcb_of(v)->control;
	u64 info = c->exit_info_1;

	if (info & SVM_IOIO_STR_MASK)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	vmcb_of(v)->save.rip = c->exit_info_2;
	return hv_exit_io(v, info >> 16,
			  (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT,
			  info & SVM_IOIO_TYPE_MASK);
}

static int exit_hlt(struct hv_vcpu *v)
{
	return hv_exit_hlt(v, 1);
}

static int exit_cpuid(struct hv_vcpu *v)
{
	return hv_exit_cpuid(v, 2);
}

static int exit_msr(struct hv_vcpu *v)
{
	return hv_exit_msr(v, vmcb_of(v)->control.exit_info_1, 2);
}

/* NPT mode: a nested page fault at a gpa; the low bits are #PF-style. */
static int exit_npf(struct hv_vcpu *v)
{
	struct vmcb_control_area *c = &vmcb_of(v)->control;

	return hv_exit_page_fault(v, &v->stats.npf_exits, c->exit_info_2,
				  c->exit_info_1 & 0x1f);
}

/* Shadow mode: a #PF the guest took, for the MMU core first. */
static int exit_pf(struct hv_vcpu *v)
{
	struct vmcb_control_area *c = &vmcb_of(v)->control;

	return hv_exit_page_fault(v, &v->stats.pf_exits, c->exit_info_2,
				  c->exit_info_1);
}

/* The interrupt window opened: the next entry injects. */
static int exit_vintr(struct hv_vcpu *v)
{
	hv_be->irq_window(v, false);
	return 0;
}

static int exit_vmrun_failed(struct hv_vcpu *v)
{
	return hv_exit_internal(v, HV_INTERNAL_ERROR_VMRUN);
}

struct exit_handler {
	u32 code;
	int (*fn)(struct hv_vcpu *v);
};

static const struct exit_handler handlers[] = {
	{ SVM_EXIT_INTR, hv_exit_intr },
	{ SVM_EXIT_NMI, hv_exit_intr },
	{ SVM_EXIT_SMI, hv_exit_intr },
	{ SVM_EXIT_IOIO, exit_io },
	{ SVM_EXIT_HLT, exit_hlt },
	{ SVM_EXIT_VINTR, exit_vintr },
	{ SVM_EXIT_SHUTDOWN, hv_exit_shutdown },
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
	{ SVM_EXIT_VMRUN, hv_exit_ud },
	{ SVM_EXIT_VMMCALL, hv_exit_ud },
	{ SVM_EXIT_VMLOAD, hv_exit_ud },
	{ SVM_EXIT_VMSAVE, hv_exit_ud },
	{ SVM_EXIT_STGI, hv_exit_ud },
	{ SVM_EXIT_CLGI, hv_exit_ud },
	{ SVM_EXIT_SKINIT, hv_exit_ud },
	{ SVM_EXIT_INVLPGA, hv_exit_ud },
	{ SVM_EXIT_MONITOR, hv_exit_ud },
	{ SVM_EXIT_MWAIT, hv_exit_ud },
	{ SVM_EXIT_XSETBV, hv_exit_ud },
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
	return hv_exit_internal(v, HV_INTERNAL_ERROR_EXIT);
}

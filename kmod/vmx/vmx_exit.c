// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmx_exit.c: each VM exit, as a table from basic exit reason to handler:
 * the exit's details (qualification, instruction length, interruption
 * information) handed to the common handlers (kmod/hv_exit.c: I/O, HLT,
 * triple fault, CPUID, MSRs, page faults, CR accesses, INVLPG); the VMX
 * instructions raise #UD in the guest. A failed entry and anything else is
 * an internal error the monitor sees with the exit reason: so is an EPT
 * misconfiguration, as the MMU core never writes one (kmod/mmu/spte.h).
 */
#include <asm/trapnr.h>
#include "kmod/vmx/vmx.h"

/* Exit qualification of I/O instructions and CR accesses. */
#define IO_SIZE(q)	(((q) & 7) + 1)
#define IO_IN(q)	((q) & 8)
#define IO_STRING(q)	((q) & 16)
#define IO_PORT(q)	((q) >> 16)
#define CR_NUM(q)	((q) & 15)
#define CR_TYPE(q)	(((q) >> 4) & 3)	/* 0 to CR, 1 from CR */
#define CR_GPR(q)	(((q) >> 8) & 15)

static struct hv_vmx_exit *exit_of(struct hv_vcpu *v)
{
	return &to_vmx(v)->exit;
}

static int exit_io(struct hv_vcpu *v)
{
	struct hv_vmx_exit *e = exit_of(v);

	if (IO_STRING(e->qual))
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	to_vmx(v)->rip += e->insn_len;
	return hv_exit_io(v, IO_PORT(e->qual), IO_SIZE(e->qual),
			  IO_IN(e->qual));
}

static int exit_hlt(struct hv_vcpu *v)
{
	return hv_exit_hlt(v, exit_of(v)->insn_len);
}

static int exit_cpuid(struct hv_vcpu *v)
{
	return hv_exit_cpuid(v, exit_of(v)->insn_len);
}

static int exit_rdmsr(struct hv_vcpu *v)
{
	return hv_exit_msr(v, false, exit_of(v)->insn_len);
}

static int exit_wrmsr(struct hv_vcpu *v)
{
	return hv_exit_msr(v, true, exit_of(v)->insn_len);
}

static int exit_invlpg(struct hv_vcpu *v)
{
	struct hv_vmx_exit *e = exit_of(v);

	return hv_exit_invlpg(v, e->qual, e->insn_len);
}

static int exit_cr(struct hv_vcpu *v)
{
	struct hv_vmx_exit *e = exit_of(v);
	unsigned int type = CR_TYPE(e->qual);

	if (type > 1)	/* CLTS, LMSW: every CR0 bit is intercepted */
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	if (!v->vm->npt)
		return hv_exit_cr(v, type == 0, CR_NUM(e->qual),
				  CR_GPR(e->qual), e->insn_len);
	if (type != 0 ||
	    hv_vmx_exit_cr_ept(v, CR_NUM(e->qual),
			       to_vmx(v)->gpr[CR_GPR(e->qual)]))
		return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
	to_vmx(v)->rip += e->insn_len;
	return 0;
}

/* An exception or NMI: the NMI was the host's (taken after the exit);
 * in shadow mode a #PF the guest took, for the MMU core first. */
static int exit_exception(struct hv_vcpu *v)
{
	struct hv_vmx_exit *e = exit_of(v);
	u32 type = e->intr_info & INTR_INFO_INTR_TYPE_MASK;
	u8 vector = e->intr_info & INTR_INFO_VECTOR_MASK;

	if (type == INTR_TYPE_NMI_INTR)
		return hv_exit_intr(v);
	if (vector == X86_TRAP_PF && !v->vm->npt)
		return hv_exit_page_fault(v, &v->stats.pf_exits, e->qual,
					  e->intr_error);
	return hv_exit_internal(v, HV_INTERNAL_ERROR_EXIT);
}

/* EPT: a guest-physical access the tables did not allow, #PF-style. */
static int exit_ept_violation(struct hv_vcpu *v)
{
	struct hv_vmx_exit *e = exit_of(v);

	return hv_exit_page_fault(v, &v->stats.npf_exits, e->gpa,
				  hv_mmu_ept_error_code(e->qual));
}

/* The interrupt window opened: the next entry injects. */
static int exit_irq_window(struct hv_vcpu *v)
{
	hv_be->irq_window(v, false);
	return 0;
}

struct exit_handler {
	u16 reason;
	int (*fn)(struct hv_vcpu *v);
};

static const struct exit_handler handlers[] = {
	{ EXIT_REASON_EXCEPTION_NMI, exit_exception },
	{ EXIT_REASON_EXTERNAL_INTERRUPT, hv_exit_intr },
	{ EXIT_REASON_TRIPLE_FAULT, hv_exit_shutdown },
	{ EXIT_REASON_IO_INSTRUCTION, exit_io },
	{ EXIT_REASON_HLT, exit_hlt },
	{ EXIT_REASON_INTERRUPT_WINDOW, exit_irq_window },
	{ EXIT_REASON_CPUID, exit_cpuid },
	{ EXIT_REASON_MSR_READ, exit_rdmsr },
	{ EXIT_REASON_MSR_WRITE, exit_wrmsr },
	{ EXIT_REASON_CR_ACCESS, exit_cr },
	{ EXIT_REASON_INVLPG, exit_invlpg },
	{ EXIT_REASON_EPT_VIOLATION, exit_ept_violation },
	{ EXIT_REASON_VMCALL, hv_exit_ud },
	{ EXIT_REASON_VMCLEAR, hv_exit_ud },
	{ EXIT_REASON_VMLAUNCH, hv_exit_ud },
	{ EXIT_REASON_VMPTRLD, hv_exit_ud },
	{ EXIT_REASON_VMPTRST, hv_exit_ud },
	{ EXIT_REASON_VMREAD, hv_exit_ud },
	{ EXIT_REASON_VMRESUME, hv_exit_ud },
	{ EXIT_REASON_VMWRITE, hv_exit_ud },
	{ EXIT_REASON_VMOFF, hv_exit_ud },
	{ EXIT_REASON_VMON, hv_exit_ud },
	{ EXIT_REASON_INVEPT, hv_exit_ud },
	{ EXIT_REASON_INVVPID, hv_exit_ud },
	{ EXIT_REASON_MWAIT_INSTRUCTION, hv_exit_ud },
	{ EXIT_REASON_MONITOR_INSTRUCTION, hv_exit_ud },
	{ EXIT_REASON_XSETBV, hv_exit_ud },
};

int hv_vmx_handle_exit(struct hv_vcpu *v)
{
	struct hv_vmx *vmx = to_vmx(v);
	struct hv_vmx_exit *e = &vmx->exit;
	unsigned int i;

	if (e->reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_VMRUN);
	/* An event cut short by the exit is delivered again. */
	if (e->idt_info & VECTORING_INFO_VALID_MASK) {
		vmx->entry_intr = e->idt_info & ~INTR_INFO_UNBLOCK_NMI;
		vmx->entry_error = e->idt_error;
		vmx->entry_len = e->insn_len;
	}
	for (i = 0; i < ARRAY_SIZE(handlers); i++)
		if (handlers[i].reason == (u16)e->reason)
			return handlers[i].fn(v);
	return hv_exit_internal(v, HV_INTERNAL_ERROR_EXIT);
}

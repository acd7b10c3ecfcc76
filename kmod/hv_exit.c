// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_exit.c: the exit handlers both backends map their exit reasons to:
 * port I/O and shutdown go to the monitor through the run structure; HLT
 * halts in the kernel until the local APIC has an interrupt the guest
 * takes; CPUID and MSRs are answered here; page faults (nested, EPT, or
 * the guest's own #PF in shadow mode) go to the MMU core, and those
 * outside guest RAM to hv_mmio.c; host interrupts and interrupt windows
 * only return to the run loop. Anything else is an internal error the
 * monitor sees with the backend's description of the exit.
 */
#include <asm/processor-flags.h>
#include <asm/trapnr.h>
#include "kmod/hv.h"

/* Where I/O data sits in the run structure (after struct hv_run). */
#define RUN_IO_DATA_OFFSET	1024

int hv_exit_internal(struct hv_vcpu *v, u32 suberror)
{
	struct hv_run *run = v->run;

	run->exit_reason = HV_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = 4;
	hv_be->exit_info(v, run->internal.data);
	return 1;
}

/* The backend has moved RIP past the instruction. */
int hv_exit_io(struct hv_vcpu *v, u16 port, u8 size, bool in)
{
	struct hv_run *run = v->run;

	v->stats.io_exits++;
	run->exit_reason = HV_EXIT_IO;
	run->io.direction = in ? HV_EXIT_IO_IN : HV_EXIT_IO_OUT;
	run->io.size = size;
	run->io.port = port;
	run->io.count = 1;
	run->io.data_offset = RUN_IO_DATA_OFFSET;
	if (in)
		v->pio_in_size = size;
	else
		memcpy((u8 *)run + RUN_IO_DATA_OFFSET, hv_be->gpr(v, HV_RAX),
		       size);
	return 1;
}

int hv_exit_hlt(struct hv_vcpu *v, unsigned int len)
{
	v->stats.halt_exits++;
	hv_be->skip(v, len);
	hv_lapic_halt(&v->lapic);
	return 0;
}

int hv_exit_shutdown(struct hv_vcpu *v)
{
	v->run->exit_reason = HV_EXIT_SHUTDOWN;
	return 1;
}

int hv_exit_cpuid(struct hv_vcpu *v, unsigned int len)
{
	u64 *rax = hv_be->gpr(v, HV_RAX), *rbx = hv_be->gpr(v, HV_RBX);
	u64 *rcx = hv_be->gpr(v, HV_RCX), *rdx = hv_be->gpr(v, HV_RDX);
	u32 fn = *rax, idx = *rcx;
	const struct hv_cpuid_entry *e = NULL;
	unsigned int i;

	v->stats.cpuid_exits++;
	for (i = 0; i < v->cpuid_n && !e; i++)
		if (v->cpuid[i].function == fn &&
		    (!(v->cpuid[i].flags & HV_CPUID_FLAG_SIGNIFICANT_INDEX) ||
		     v->cpuid[i].index == idx))
			e = &v->cpuid[i];
	*rax = e ? e->eax : 0;
	*rbx = e ? e->ebx : 0;
	*rcx = e ? e->ecx : 0;
	*rdx = e ? e->edx : 0;
	hv_be->skip(v, len);
	return 0;
}

int hv_exit_msr(struct hv_vcpu *v, bool write, unsigned int len)
{
	u64 *rax = hv_be->gpr(v, HV_RAX), *rdx = hv_be->gpr(v, HV_RDX);
	u32 msr = *hv_be->gpr(v, HV_RCX);
	u64 val;
	int r;

	v->stats.msr_exits++;
	if (write) {
		val = (*rdx << 32) | (u32)*rax;
		r = hv_msr_write(v, msr, val);
	} else {
		r = hv_msr_read(v, msr, &val);
		if (!r) {
			*rax = (u32)val;
			*rdx = val >> 32;
		}
	}
	if (r)
		hv_inject(v, X86_TRAP_GP, true, 0, false);
	else
		hv_be->skip(v, len);
	return 0;
}

int hv_exit_intr(struct hv_vcpu *v)
{
	v->stats.intr_exits++;
	return 0;
}

int hv_exit_ud(struct hv_vcpu *v)
{
	hv_inject(v, X86_TRAP_UD, false, 0, false);
	return 0;
}

/* The outcome of a page fault the MMU core handled at @addr. */
static int pf_result(struct hv_vcpu *v, u64 addr,
		     const struct hv_pf_result *res)
{
	switch (res->action) {
	case HV_PF_RETRY:
		return 0;
	case HV_PF_INJECT:
	case HV_PF_ASYNC:
		if (res->action == HV_PF_ASYNC && res->halt)
			return 0;	/* the next entry waits */
		hv_be->set_cr2(v, res->cr2);
		hv_inject(v, X86_TRAP_PF, true, res->error_code, false);
		return 0;
	case HV_PF_EMULATE:
		/* A shadowed guest table written. */
		return hv_exit_pt_write(v, (res->gpa & PAGE_MASK) |
					(addr & ~PAGE_MASK));
	case HV_PF_MMIO:
		/* The offset in the page is the fault address's. */
		return hv_exit_mmio(v, (res->gpa & PAGE_MASK) |
				    (addr & ~PAGE_MASK));
	}
	return hv_exit_internal(v, HV_INTERNAL_ERROR_EMULATION);
}

int hv_exit_page_fault(struct hv_vcpu *v, u64 *exits, u64 addr, u32 error)
{
	struct hv_pf_result res;
	int r;

	(*exits)++;
	hv_apf_set_guest_state(v->mmu, hv_be->rflags(v) & X86_EFLAGS_IF,
			       hv_be->cpl(v));
	r = hv_mmu_page_fault(v->mmu, addr, error, &res);
	if (r)
		return hv_exit_internal(v, HV_INTERNAL_ERROR_MMU);
	return pf_result(v, addr, &res);
}

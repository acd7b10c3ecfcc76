/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * svm_vmrun.S: one trip into the guest. The caller holds GIF clear.
 * hv_svm_vmrun(vmcb_pa %rdi, gpr %rsi, host_save_pa %rdx): saves the host's
 * VMSAVE state, loads the guest's GPRs (but RAX and RSP, which VMRUN takes
 * from the VMCB), VMLOAD + VMRUN + VMSAVE, stores the guest's GPRs back and
 * reloads the host's VMSAVE state. Callee-saved registers are preserved.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include "kmod/guest_gprs.h"

	.section .text, "ax"
SYM_FUNC_START(hv_svm_vmrun)
	HOST_REGS_SAVE
	push	%rdx		/* 16(%rsp): host save area */
	push	%rsi		/* 8(%rsp): gpr array */
	push	%rdi		/* 0(%rsp): vmcb */

	mov	%rdx, %rax
	vmsave	%rax

	mov	%rsi, %rax
	GUEST_GPRS_LOAD %rax

	mov	(%rsp), %rax
	vmload	%rax
	vmrun	%rax
	vmsave	%rax

	mov	8(%rsp), %rax
	GUEST_GPRS_STORE %rax

	mov	16(%rsp), %rax
	vmload	%rax

	GUEST_GPRS_CLEAR

	add	$24, %rsp
	HOST_REGS_RESTORE
	RET
SYM_FUNC_END(hv_svm_vmrun)

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmx_vmenter.S: one trip into the guest. Interrupts are off.
 * hv_vmx_vmenter(gpr %rdi, launched %sil): saves the callee-saved
 * registers, writes HOST_RSP, loads the guest's GPRs (all but RSP, which
 * the VMCS holds) and runs VMRESUME or VMLAUNCH. A VM exit lands at
 * hv_vmx_vmexit (HOST_RIP) with the stack as it was: the guest's GPRs are
 * stored back and 0 returned. If the entry fails, 1 is returned.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>
#include "kmod/guest_gprs.h"

#define HOST_RSP_FIELD	0x6c14

	.section .text, "ax"
SYM_FUNC_START(hv_vmx_vmenter)
	HOST_REGS_SAVE
	push	%rdi		/* 0(%rsp): the gpr array */

	mov	$HOST_RSP_FIELD, %eax
	vmwrite	%rsp, %rax
	jbe	.Lfail_early

	mov	%rdi, %rax
	test	%sil, %sil	/* ZF=1: never launched */
	GUEST_GPRS_LOAD %rax
	mov	GPR(0)(%rax), %rax	/* flags still from the test */

	UNWIND_HINT_SAVE
	jz	.Llaunch
	vmresume
	jmp	.Lfail
.Llaunch:
	vmlaunch
	jmp	.Lfail

SYM_INNER_LABEL(hv_vmx_vmexit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	push	%rax
	mov	8(%rsp), %rax
	GUEST_GPRS_STORE %rax
	pop	GPR(0)(%rax)
	xor	%eax, %eax

.Lout:
	GUEST_GPRS_CLEAR

	add	$8, %rsp
	HOST_REGS_RESTORE
	RET

.Lfail:
	/* The guest's GPRs are in the registers; the host's are saved. */
	mov	$1, %eax
	jmp	.Lout
.Lfail_early:
	mov	$1, %eax
	jmp	.Lout
SYM_FUNC_END(hv_vmx_vmenter)

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

#define GPR(n)		(8 * (n))
#define HOST_RSP_FIELD	0x6c14

	.section .text, "ax"
SYM_FUNC_START(hv_vmx_vmenter)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	push	%rdi		/* 0(%rsp): the gpr array */

	mov	$HOST_RSP_FIELD, %eax
	vmwrite	%rsp, %rax
	jbe	.Lfail_early

	mov	%rdi, %rax
	test	%sil, %sil	/* ZF=1: never launched */
	mov	GPR(1)(%rax), %rcx
	mov	GPR(2)(%rax), %rdx
	mov	GPR(3)(%rax), %rbx
	mov	GPR(5)(%rax), %rbp
	mov	GPR(6)(%rax), %rsi
	mov	GPR(7)(%rax), %rdi
	mov	GPR(8)(%rax), %r8
	mov	GPR(9)(%rax), %r9
	mov	GPR(10)(%rax), %r10
	mov	GPR(11)(%rax), %r11
	mov	GPR(12)(%rax), %r12
	mov	GPR(13)(%rax), %r13
	mov	GPR(14)(%rax), %r14
	mov	GPR(15)(%rax), %r15
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
	mov	%rcx, GPR(1)(%rax)
	mov	%rdx, GPR(2)(%rax)
	mov	%rbx, GPR(3)(%rax)
	mov	%rbp, GPR(5)(%rax)
	mov	%rsi, GPR(6)(%rax)
	mov	%rdi, GPR(7)(%rax)
	mov	%r8, GPR(8)(%rax)
	mov	%r9, GPR(9)(%rax)
	mov	%r10, GPR(10)(%rax)
	mov	%r11, GPR(11)(%rax)
	mov	%r12, GPR(12)(%rax)
	mov	%r13, GPR(13)(%rax)
	mov	%r14, GPR(14)(%rax)
	mov	%r15, GPR(15)(%rax)
	pop	GPR(0)(%rax)
	xor	%eax, %eax

.Lout:
	/* No guest value may steer host speculation. */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	add	$8, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET

.Lfail:
	/* The guest's GPRs are in the registers; the host's are saved. */
	mov	$1, %eax
	jmp	.Lout
.Lfail_early:
	mov	$1, %eax
	jmp	.Lout
SYM_FUNC_END(hv_vmx_vmenter)

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

#define GPR(n)	(8 * (n))

	.section .text, "ax"
SYM_FUNC_START(hv_svm_vmrun)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	push	%rdx		/* 16(%rsp): host save area */
	push	%rsi		/* 8(%rsp): gpr array */
	push	%rdi		/* 0(%rsp): vmcb */

	mov	%rdx, %rax
	vmsave	%rax

	mov	%rsi, %rax
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

	mov	(%rsp), %rax
	vmload	%rax
	vmrun	%rax
	vmsave	%rax

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

	mov	16(%rsp), %rax
	vmload	%rax

	/* No guest value may steer host speculation. */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	add	$24, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET
SYM_FUNC_END(hv_svm_vmrun)

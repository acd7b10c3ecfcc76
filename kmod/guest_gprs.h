/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest_gprs.h: assembler macros the two backends' entry code shares
 * (svm/svm_vmrun.S, vmx/vmx_vmenter.S): the host's callee-saved registers
 * kept around a trip into the guest, the guest's general-purpose
 * registers loaded from and stored to their array (enum hv_gpr order; RAX
 * and RSP are each backend's own business), and the guest values cleared
 * from the caller-saved registers after an exit.
 */
#ifndef HV_KMOD_GUEST_GPRS_H
#define HV_KMOD_GUEST_GPRS_H

#define GPR(n)	(8 * (n))

.macro HOST_REGS_SAVE
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
.endm

.macro HOST_REGS_RESTORE
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
.endm

/* The guest's RCX..R15 from the array at \base (not touching flags). */
.macro GUEST_GPRS_LOAD base
	mov	GPR(1)(\base), %rcx
	mov	GPR(2)(\base), %rdx
	mov	GPR(3)(\base), %rbx
	mov	GPR(5)(\base), %rbp
	mov	GPR(6)(\base), %rsi
	mov	GPR(7)(\base), %rdi
	mov	GPR(8)(\base), %r8
	mov	GPR(9)(\base), %r9
	mov	GPR(10)(\base), %r10
	mov	GPR(11)(\base), %r11
	mov	GPR(12)(\base), %r12
	mov	GPR(13)(\base), %r13
	mov	GPR(14)(\base), %r14
	mov	GPR(15)(\base), %r15
.endm

.macro GUEST_GPRS_STORE base
	mov	%rcx, GPR(1)(\base)
	mov	%rdx, GPR(2)(\base)
	mov	%rbx, GPR(3)(\base)
	mov	%rbp, GPR(5)(\base)
	mov	%rsi, GPR(6)(\base)
	mov	%rdi, GPR(7)(\base)
	mov	%r8, GPR(8)(\base)
	mov	%r9, GPR(9)(\base)
	mov	%r10, GPR(10)(\base)
	mov	%r11, GPR(11)(\base)
	mov	%r12, GPR(12)(\base)
	mov	%r13, GPR(13)(\base)
	mov	%r14, GPR(14)(\base)
	mov	%r15, GPR(15)(\base)
.endm

/* No guest value may steer host speculation. */
.macro GUEST_GPRS_CLEAR
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
.endm

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * smp-ap.S: the smp guest's assembly. The trampoline an application
 * processor starts in after INIT and SIPI (copied to SMP_TRAMPOLINE, real
 * mode at CS = 0x0800): protected mode, then long mode on the bootstrap
 * processor's page tables, then ap_main() on the stack in ap_stack_top.
 * And xmm_hold(), which keeps values in xmm0-xmm7 across port reads, each
 * an exit to the monitor.
 */
#define SMP_TRAMPOLINE	0x8000
#define MSR_EFER	0xC0000080
#define EFER_LME	(1 << 8)
#define CR0_PE		0x1
#define CR0_PE_WP_PG	0x80010001
#define CR4_PAE_OSFXSR	((1 << 5) | (1 << 9) | (1 << 10))
/* A trampoline symbol's address where the copy runs. */
#define T(sym)		(SMP_TRAMPOLINE + (sym) - ap_trampoline)

	.section .text
	.code16
	.globl ap_trampoline, ap_trampoline_end
ap_trampoline:
	cli
	movw %cs, %ax
	movw %ax, %ds
	lgdtl tr_gdt_ptr - ap_trampoline
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $0x18, $T(tr_prot)

	.code32
tr_prot:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $CR4_PAE_OSFXSR, %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $CR0_PE_WP_PG, %eax
	movl %eax, %cr0
	ljmp $0x08, $ap_long

	.align 8
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: 32-bit code */
tr_gdt_end:
tr_gdt_ptr:
	.word tr_gdt_end - tr_gdt - 1
	.long T(tr_gdt)
ap_trampoline_end:

	.code64
ap_long:
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movq ap_stack_top(%rip), %rsp
	call ap_main
1:	cli
	hlt
	jmp 1b

/*
 * xmm_hold(in %rdi, out %rsi, reads %edx, port %ecx): xmm0-7 from in[16],
 * @reads IN instructions from @port, xmm0-7 to out[16].
 */
	.globl xmm_hold
xmm_hold:
	movdqu 0(%rdi), %xmm0
	movdqu 16(%rdi), %xmm1
	movdqu 32(%rdi), %xmm2
	movdqu 48(%rdi), %xmm3
	movdqu 64(%rdi), %xmm4
	movdqu 80(%rdi), %xmm5
	movdqu 96(%rdi), %xmm6
	movdqu 112(%rdi), %xmm7
	movl %edx, %r8d
	movl %ecx, %edx
2:	testl %r8d, %r8d
	jz 3f
	inb %dx, %al
	decl %r8d
	jmp 2b
3:	movdqu %xmm0, 0(%rsi)
	movdqu %xmm1, 16(%rsi)
	movdqu %xmm2, 32(%rsi)
	movdqu %xmm3, 48(%rsi)
	movdqu %xmm4, 64(%rsi)
	movdqu %xmm5, 80(%rsi)
	movdqu %xmm6, 96(%rsi)
	movdqu %xmm7, 112(%rsi)
	ret

	.section .note.GNU-stack, "", @progbits

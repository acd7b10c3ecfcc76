/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * entry.S: multiboot v1 header and the 32-bit entry point. Clears .bss,
 * identity-maps the first 1 GiB with 2 MiB pages (the four page directories
 * cover 4 GiB; MMIO pages above 1 GiB are added later), enters long mode
 * and calls guest_start(magic, info) on the boot stack.
 */
#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* page-align modules, memory info */
#define MSR_EFER	0xC0000080
#define EFER_LME	(1 << 8)
#define CR0_PE_WP_PG	0x80010001
#define CR4_PAE		(1 << 5)
#define PTE_P_W		0x3
#define PDE_LARGE	0x83		/* present, writable, 2 MiB */
#define BOOT_STACK	16384

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .data
boot_magic:	.long 0
boot_info:	.long 0
	.align 16
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
gdt_end:
gdt_ptr:
	.word gdt_end - gdt - 1
	.quad gdt

	.section .bss
	.align 4096
	.globl boot_pml4, boot_pd
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip 4 * 4096
	.align 16
boot_stack:	.skip BOOT_STACK
boot_stack_top:

	.section .text
	.code32
	.globl _start
_start:
	cli
	cld
	movl %eax, boot_magic
	movl %ebx, boot_info

	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx			/* page-aligned: whole longs */
	xorl %eax, %eax
	rep stosl

	movl $boot_pdpt + PTE_P_W, boot_pml4
	/* pdpt[i] = pd + i * 4096 */
	xorl %ecx, %ecx
2:	movl %ecx, %eax
	shll $12, %eax
	addl $boot_pd + PTE_P_W, %eax
	movl %eax, boot_pdpt(, %ecx, 8)
	incl %ecx
	cmpl $4, %ecx
	jne 2b

	/* pd[j] = j * 2 MiB, large page, for the first 1 GiB */
	xorl %ecx, %ecx
3:	movl %ecx, %eax
	shll $21, %eax
	orl $PDE_LARGE, %eax
	movl %eax, boot_pd(, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 3b

	movl %cr4, %eax
	orl $CR4_PAE, %eax
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
	lgdt gdt_ptr
	ljmp $0x08, $long_entry

	.code64
long_entry:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	movl boot_magic, %edi
	movl boot_info, %esi
	call guest_start
4:	hlt
	jmp 4b

	.section .note.GNU-stack, "", @progbits

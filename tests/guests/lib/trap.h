/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trap.h: the IDT. A handler gets the interrupted context's frame and
 * returns the frame to resume: the same one, or another task's.
 */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include <stdint.h>

#define VEC_PF		14
#define PF_ERR_PRESENT	(1u << 0)
#define PF_ERR_WRITE	(1u << 1)
#define RFLAGS_IF	(1u << 9)

/* Laid out by isr.S: registers, vector, error code, then the CPU's frame. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct trap_frame *trap_dispatch(struct trap_frame *f);
void trap_init(void);
void trap_set_handler(unsigned int vector,
		      struct trap_frame *(*fn)(struct trap_frame *f));
/* Reports the frame as an unexpected exception and fails the guest. */
void trap_fatal(const struct trap_frame *f) __attribute__((noreturn));

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * accel.h: the accelerator interface of hv-vm. An accelerator creates a VM,
 * maps guest memory, creates and runs vCPUs (decoding each exit into a
 * struct accel_exit), gets and sets their registers, programs CPUID, fetches
 * dirty logs and reads statistics. monitor/accel-kvm.c implements it on
 * /dev/kvm; nothing outside accel-*.c knows which kernel interface is used.
 */
#ifndef HV_MONITOR_ACCEL_H
#define HV_MONITOR_ACCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct accel_vm;
struct accel_vcpu;

enum accel_exit_reason {
	ACCEL_EXIT_IO,		/* port I/O: see accel_exit.io */
	ACCEL_EXIT_MMIO,	/* access to unmapped guest-physical memory */
	ACCEL_EXIT_HLT,		/* HLT seen by userspace */
	ACCEL_EXIT_SHUTDOWN,	/* triple fault or shutdown request */
	ACCEL_EXIT_INTR,	/* interrupted by accel_ops.kick or a signal */
	ACCEL_EXIT_ERROR,	/* internal error, failed entry, unknown exit */
};

struct accel_exit {
	enum accel_exit_reason reason;
	union {
		struct {
			uint16_t port;
			uint8_t size;	/* 1, 2 or 4 bytes per access */
			bool out;
			uint32_t count;	/* > 1 for rep ins/outs */
			uint8_t *data;	/* count * size bytes, in place */
		} io;
		struct {
			uint64_t gpa;
			uint8_t *data;
			uint32_t len;
			bool write;
		} mmio;
	};
	char detail[96];	/* for ACCEL_EXIT_ERROR: what happened */
};

struct accel_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
};

struct accel_segment {
	uint64_t base;
	uint32_t limit;
	uint16_t selector;
	uint8_t type, present, dpl, db, s, l, g;
};

struct accel_sregs {
	struct accel_segment cs, ds, es, fs, gs, ss, tr, ldt;
	uint64_t gdt_base, idt_base;
	uint16_t gdt_limit, idt_limit;
	uint64_t cr0, cr2, cr3, cr4, efer;
};

/* One statistic of the accelerator, under the accelerator's own name. */
struct accel_stat {
	const char *name;
	const uint64_t *values;	/* n values: 1, or the buckets of a histogram */
	size_t n;
	bool instant;		/* a level rather than a running count */
	bool peak;		/* the highest level seen */
};

typedef void (*accel_stat_fn)(void *ctx, const struct accel_stat *stat);

/* A per-vCPU-thread event counter the accelerator's kernel side offers. */
struct accel_tracepoint {
	const char *system;	/* tracefs events/SYSTEM/EVENT */
	const char *event;
	const char *filter;	/* ftrace filter, or NULL */
	const char *name;	/* name reported: a catalogue name or own */
};

/* Accelerator statistic name -> catalogue name (proto/stats-catalogue.h). */
struct accel_stat_alias {
	const char *accel_name;
	const char *catalogue_name;
};

struct accel_ops {
	const char *name;
	/* Open the accelerator device and create an empty VM (with its
	 * interrupt controllers and timer). fd < 0: open the default device. */
	int (*vm_create)(int fd, struct accel_vm **vm, char *err, size_t len);
	void (*vm_destroy)(struct accel_vm *vm);
	int (*map_memory)(struct accel_vm *vm, unsigned int slot, uint64_t gpa,
			  uint64_t size, void *host, bool log_dirty);
	/* Copy slot's dirty bitmap (one bit per 4 KiB page) and clear it. */
	int (*dirty_log)(struct accel_vm *vm, unsigned int slot,
			 uint64_t *bitmap);
	int (*irq_line)(struct accel_vm *vm, unsigned int irq, bool level);

	int (*vcpu_create)(struct accel_vm *vm, unsigned int id,
			   struct accel_vcpu **vcpu);
	void (*vcpu_destroy)(struct accel_vcpu *vcpu);
	/* Default CPUID for vCPU id of count; without pv_async_pf the
	 * paravirtual async page fault features are hidden. */
	int (*set_cpuid)(struct accel_vcpu *vcpu, unsigned int count,
			 bool pv_async_pf);
	int (*run)(struct accel_vcpu *vcpu, struct accel_exit *exit);
	/* Make the next or current run() return ACCEL_EXIT_INTR soon; safe
	 * from any thread (the caller also signals the vCPU's thread). */
	void (*kick)(struct accel_vcpu *vcpu);
	int (*get_regs)(struct accel_vcpu *vcpu, struct accel_regs *regs);
	int (*set_regs)(struct accel_vcpu *vcpu, const struct accel_regs *regs);
	int (*get_sregs)(struct accel_vcpu *vcpu, struct accel_sregs *sregs);
	int (*set_sregs)(struct accel_vcpu *vcpu,
			 const struct accel_sregs *sregs);
	int (*get_msr)(struct accel_vcpu *vcpu, uint32_t index, uint64_t *val);
	/* True when only another vCPU can wake it: it waits for a start-up
	 * IPI, or sits in HLT with interrupts disabled. Call from the vCPU's
	 * thread after run() returned. */
	int (*is_stuck)(struct accel_vcpu *vcpu, bool *stuck);

	/* Every statistic of the VM (vcpu == NULL) or of one vCPU. */
	int (*read_stats)(struct accel_vm *vm, struct accel_vcpu *vcpu,
			  accel_stat_fn fn, void *ctx);
	const struct accel_stat_alias *aliases;	/* ends with {NULL} */
	const struct accel_tracepoint *tracepoints;	/* ends with {NULL} */
	uint32_t async_pf_msr;	/* MSR holding the guest's async-PF setup */
};

extern const struct accel_ops accel_kvm_ops;
extern const struct accel_ops accel_hv_ops;

#endif

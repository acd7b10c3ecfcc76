/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * hv-uapi.h: the ioctl ABI of /dev/hv (hv.ko), modelled on KVM's so that
 * the monitor's shared code stays shared. Three kinds of file:
 *   /dev/hv     HV_GET_API_VERSION, HV_CREATE_VM, HV_GET_VCPU_MMAP_SIZE
 *   a VM fd     memory slots, vCPUs, dirty log, async page faults
 *   a vCPU fd   HV_RUN (exits reported in the mmap-ed struct hv_run),
 *               registers, special registers, CPUID, MSR reads, the
 *               run state its local APIC keeps (HV_GET_MP_STATE)
 * Every reserved or padding field must be zero (else EINVAL).
 */
#ifndef HV_UAPI_H
#define HV_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HV_API_VERSION		1
#define HVIO			0xB9

/* ---- /dev/hv ---- */
#define HV_GET_API_VERSION	_IO(HVIO, 0x00)
#define HV_CREATE_VM		_IO(HVIO, 0x01)		/* arg: 0 */
#define HV_GET_VCPU_MMAP_SIZE	_IO(HVIO, 0x04)

/* ---- VM fd ---- */
#define HV_MAX_SLOTS		32
#define HV_MAX_VCPUS		64
#define HV_MEM_LOG_DIRTY_PAGES	(1u << 0)
#define HV_MEM_READONLY		(1u << 1)

/* memory_size 0 deletes the slot; sizes and addresses 4 KiB aligned. */
struct hv_userspace_memory_region {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/* One bit per page of the slot, in 64-bit words; read and cleared. */
struct hv_dirty_log {
	__u32 slot;
	__u32 padding;
	__u64 dirty_bitmap;	/* user pointer */
};

struct hv_async_pf {
	__u32 flags;		/* 0 */
	__u32 padding;
};

#define HV_SET_USER_MEMORY_REGION \
	_IOW(HVIO, 0x46, struct hv_userspace_memory_region)
#define HV_CREATE_VCPU		_IO(HVIO, 0x41)		/* arg: vCPU id */
#define HV_GET_DIRTY_LOG	_IOW(HVIO, 0x42, struct hv_dirty_log)
/* The VM's id in the netlink family "hv" (proto/hv-genl.h). */
#define HV_GET_VM_ID		_IO(HVIO, 0x48)
/* Before the first slot or vCPU; EOPNOTSUPP if hv.ko's async_pf=0. */
#define HV_ENABLE_ASYNC_PF	_IOW(HVIO, 0x47, struct hv_async_pf)

/* ---- vCPU fd ---- */
struct hv_regs {
	__u64 rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip, rflags;
};

struct hv_segment {
	__u64 base;
	__u32 limit;
	__u16 selector;
	__u8 type;
	__u8 present, dpl, db, s, l, g, avl;
	__u8 unusable;
	__u8 padding;
};

struct hv_dtable {
	__u64 base;
	__u16 limit;
	__u16 padding[3];
};

struct hv_sregs {
	struct hv_segment cs, ds, es, fs, gs, ss, tr, ldt;
	struct hv_dtable gdt, idt;
	__u64 cr0, cr2, cr3, cr4, efer;
	__u64 reserved[4];
};

struct hv_cpuid_entry {
	__u32 function;
	__u32 index;
	__u32 flags;		/* HV_CPUID_FLAG_* */
	__u32 eax, ebx, ecx, edx;
	__u32 padding;
};
#define HV_CPUID_FLAG_SIGNIFICANT_INDEX	(1u << 0)
#define HV_MAX_CPUID_ENTRIES		128

struct hv_cpuid {
	__u32 nent;
	__u32 padding;
	struct hv_cpuid_entry entries[];
};

struct hv_msr {
	__u32 index;
	__u32 padding;
	__u64 data;
};

/* The vCPU's run state, numbered as KVM's. */
#define HV_MP_STATE_RUNNABLE		0
#define HV_MP_STATE_UNINITIALIZED	1	/* an AP before INIT */
#define HV_MP_STATE_INIT_RECEIVED	2	/* waiting for a SIPI */
#define HV_MP_STATE_HALTED		3	/* in HLT, in the kernel */

struct hv_mp_state {
	__u32 mp_state;
};

#define HV_RUN			_IO(HVIO, 0x80)
#define HV_GET_REGS		_IOR(HVIO, 0x81, struct hv_regs)
#define HV_SET_REGS		_IOW(HVIO, 0x82, struct hv_regs)
#define HV_GET_SREGS		_IOR(HVIO, 0x83, struct hv_sregs)
#define HV_SET_SREGS		_IOW(HVIO, 0x84, struct hv_sregs)
#define HV_SET_CPUID		_IOW(HVIO, 0x8a, struct hv_cpuid)
#define HV_GET_MSR		_IOWR(HVIO, 0x88, struct hv_msr)
#define HV_GET_MP_STATE		_IOR(HVIO, 0x98, struct hv_mp_state)

/* ---- the run structure (mmap of a vCPU fd, HV_GET_VCPU_MMAP_SIZE) ---- */
enum hv_exit_reason {
	HV_EXIT_UNKNOWN = 0,
	HV_EXIT_IO = 2,
	HV_EXIT_HLT = 5,
	HV_EXIT_MMIO = 6,
	HV_EXIT_SHUTDOWN = 8,
	HV_EXIT_INTR = 10,	/* a signal is pending (HV_RUN: EINTR) */
	HV_EXIT_INTERNAL_ERROR = 17,
};

#define HV_EXIT_IO_IN		0
#define HV_EXIT_IO_OUT		1

enum hv_internal_error {
	HV_INTERNAL_ERROR_VMRUN = 1,	/* VMRUN refused the state */
	HV_INTERNAL_ERROR_EXIT = 2,	/* an exit hv.ko does not handle */
	HV_INTERNAL_ERROR_EMULATION = 3, /* an access it cannot emulate */
	HV_INTERNAL_ERROR_MMU = 4,	/* the MMU failed (ENOMEM, EFAULT) */
};

struct hv_run {
	__u8 immediate_exit;	/* set by userspace: return at once */
	__u8 padding1[7];
	__u32 exit_reason;	/* enum hv_exit_reason */
	__u32 padding2;
	union {
		struct {
			__u8 direction;	/* HV_EXIT_IO_IN or _OUT */
			__u8 size;	/* 1, 2 or 4 */
			__u16 port;
			__u32 count;
			__u64 data_offset;	/* from the run structure */
		} io;
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
		} mmio;
		struct {
			__u32 suberror;	/* enum hv_internal_error */
			__u32 ndata;
			__u64 data[4];	/* exit code, info 1, info 2, rip */
		} internal;
		__u8 padding[256];
	};
};

#endif

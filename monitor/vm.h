/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm.h: one virtual machine of hv-vm: guest RAM, image, devices, one thread
 * per vCPU, the dirty logger, and how the VM ended. The application
 * processors start as on a PC: they wait in the in-kernel local APIC for
 * INIT and start-up IPIs from the boot processor.
 */
#ifndef HV_MONITOR_VM_H
#define HV_MONITOR_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "monitor/accel.h"
#include "monitor/console.h"
#include "monitor/debug-exit.h"
#include "monitor/dirty-log.h"
#include "monitor/fw-cfg.h"
#include "monitor/guest-mem.h"
#include "monitor/pio.h"
#include "monitor/uart.h"

#define VM_MAX_TRACEPOINTS	8

/* How a VM ended; the monitor's exit status follows from it. */
enum vm_end {
	VM_END_NONE,		/* still running */
	VM_END_DEBUG_EXIT,	/* status (v << 1) | 1 */
	VM_END_HALTED,		/* 0: every vCPU halted, nothing to wake it */
	VM_END_SHUTDOWN,	/* 2: triple fault or shutdown */
	VM_END_ERROR,		/* 4: internal error, failed entry, ... */
	VM_END_STOPPED,		/* 6: stopped from outside (signal, stop) */
};

#define VM_STATUS_REFUSED	8	/* definition or image refused */

struct vm_config {
	char *name;
	uint64_t memory_mib;
	unsigned int vcpus;
	char *image_path;
	int image_fd;		/* the open image (read instead of path), or -1 */
	char *image_format;
	char *cmdline;
	char *initrd_path;
	enum mem_backend backend;
	char *memory_path;	/* file backend */
	unsigned int uffd_delay_us;
	bool async_pf;
	bool dirty_log;
	/* monitor options */
	unsigned int dirty_interval_ms;
	unsigned int dirty_delay_ms;
	const struct accel_ops *accel;	/* NULL: KVM */
	int accel_fd;		/* an open /dev/kvm, or -1 */
	int uffd_dev_fd;	/* an open /dev/userfaultfd, or -1 */
	bool tracepoints;	/* count the accelerator's tracepoints */
	int console_fd;		/* live console output, or -1 */
	char *console_log;
	int console_log_fd;	/* an open console log (instead), or -1 */
};

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int id;
	struct accel_vcpu *av;
	pthread_t thread;
	bool started;
	pid_t tid;
	int tp_fds[VM_MAX_TRACEPOINTS];	/* -1: not counted */
	/* written by the vCPU thread, read by others under vm->lock */
	uint64_t exits;		/* exits handled by the monitor */
	uint64_t apf_msr;
	bool apf_msr_valid;
	uint64_t apf_msr_enabled;	/* last value seen with enable set */
	uint64_t apf_msr_ns;
	bool probe;		/* asked: are you stuck? */
	bool stuck;
};

struct vm {
	const struct vm_config *cfg;
	const struct accel_ops *ops;
	struct accel_vm *avm;
	struct guest_mem mem;
	struct uffd_pager *uffd;
	struct console console;
	struct pio_bus pio;
	struct uart uart;
	struct fw_cfg fw_cfg;
	struct debug_exit debug_exit;
	struct dirty_log dirty;
	bool dirty_running;	/* the logger was started */
	unsigned int nvcpus;
	struct vcpu *vcpus;
	int tp_ids[VM_MAX_TRACEPOINTS];
	char tp_error[160];	/* why tracepoints are not counted */
	int end_fd;		/* eventfd, readable once the VM ended */
	uint64_t start_ns, end_ns;

	pthread_mutex_t lock;
	enum vm_end end;
	uint32_t exit_value;	/* v written to the debug-exit port */
	char detail[160];
	uint64_t last_exits;	/* watchdog: sum of exits at last tick */
	bool probing;
};

/* Everything up to, not including, starting the vCPUs. Nothing is left
 * when it fails; err says why. */
int vm_create(struct vm *vm, const struct vm_config *cfg, char *err,
	      size_t errlen);
int vm_start(struct vm *vm, char *err, size_t errlen);
/* Every ~100 ms while running: notices a VM that can never run again. */
void vm_tick(struct vm *vm);
/* End the VM (the first reason wins) and kick every vCPU. */
void vm_end(struct vm *vm, enum vm_end end, uint32_t value,
	    const char *detail);
bool vm_ended(struct vm *vm);
/* Join the threads (after the VM ended). */
void vm_join(struct vm *vm);
void vm_destroy(struct vm *vm);

int vm_exit_status(struct vm *vm);
const char *vm_end_name(enum vm_end end);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * accel-hv.c: the accelerator interface (accel.h) on hv.ko's /dev/hv, the
 * only file of hv-vm that knows it (proto/hv-uapi.h): VM, memory slots,
 * vCPUs and their exits, CPUID built from the host's (with KVM's
 * paravirtual leaves, which hv.ko's async page faults speak), dirty logs,
 * statistics (over netlink, accel-hv-stats.c), the run state of a vCPU.
 * hv.ko emulates a local APIC per vCPU but no I/O APIC or PIC: interrupt
 * lines go nowhere.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "monitor/accel.h"
#include "monitor/accel-hv-stats.h"
#include "proto/hv-uapi.h"

#define PV_SIGNATURE_LEAF	0x40000000u
#define PV_FEATURES_LEAF	0x40000001u
#define PV_ASYNC_PF_BITS	((1u << 4) | (1u << 14))
#define MSR_ASYNC_PF_EN		0x4b564d02u

struct accel_vm {
	int dev_fd;
	int vm_fd;
	int run_size;
	uint32_t id;		/* in the netlink family */
	struct hv_stats stats;
};

struct accel_vcpu {
	struct accel_vm *vm;
	unsigned int id;
	int fd;
	struct hv_run *run;
};

#define ACCEL_FN(name) hv_##name
#define ACCEL_UAPI(name) HV_##name
#define ACCEL_STRUCT(name) hv_##name
#include "monitor/accel-x86-tmpl.h"

static int hv_vm_create(int fd, struct accel_vm **out, char *err,
			size_t len)
{
	struct accel_vm *vm = calloc(1, sizeof(*vm));
	struct hv_async_pf apf = { .flags = 0 };
	const char *what;
	int r;

	if (!vm)
		return -ENOMEM;
	vm->vm_fd = -1;
	vm->stats.fd = -1;
	vm->dev_fd = fd >= 0 ? fd : open("/dev/hv", O_RDWR | O_CLOEXEC);
	what = "open /dev/hv";
	if (vm->dev_fd < 0)
		goto fail;
	what = "hv API version is not 1";
	errno = EINVAL;
	if (ioctl(vm->dev_fd, HV_GET_API_VERSION, 0) != HV_API_VERSION)
		goto fail;
	what = "HV_GET_VCPU_MMAP_SIZE";
	vm->run_size = ioctl(vm->dev_fd, HV_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size < (int)sizeof(struct hv_run))
		goto fail;
	what = "HV_CREATE_VM";
	vm->vm_fd = ioctl(vm->dev_fd, HV_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		goto fail;
	what = "HV_GET_VM_ID";
	r = ioctl(vm->vm_fd, HV_GET_VM_ID, 0);
	if (r < 0)
		goto fail;
	vm->id = r;
	/* Without CAP_NET_ADMIN there are no statistics, the VM runs. */
	hv_stats_open(&vm->stats);
	/* As with KVM, the guest opts in (CPUID shows it when asked). */
	what = "HV_ENABLE_ASYNC_PF";
	if (ioctl(vm->vm_fd, HV_ENABLE_ASYNC_PF, &apf) < 0 &&
	    errno != EOPNOTSUPP)
		goto fail;
	*out = vm;
	return 0;
fail:
	snprintf(err, len, "%s: %s", what, strerror(errno));
	hv_stats_close(&vm->stats);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->dev_fd >= 0)
		close(vm->dev_fd);
	free(vm);
	return -1;
}

static void hv_vm_destroy(struct accel_vm *vm)
{
	hv_stats_close(&vm->stats);
	close(vm->vm_fd);
	close(vm->dev_fd);
	free(vm);
}

static int hv_dirty_log(struct accel_vm *vm, unsigned int slot,
			uint64_t *bitmap)
{
	struct hv_dirty_log log = {
		.slot = slot,
		.dirty_bitmap = (uintptr_t)bitmap,
	};

	return ioctl(vm->vm_fd, HV_GET_DIRTY_LOG, &log) < 0 ? -errno : 0;
}

static int hv_irq_line(struct accel_vm *vm, unsigned int irq, bool level)
{
	(void)vm;
	(void)irq;
	(void)level;
	return 0;	/* no I/O APIC or PIC in hv.ko */
}

/* Host CPUID bits a guest of hv.ko must not see (no nested SVM/VMX, no
 * x2APIC or TSC deadline: hv.ko's APIC is an xAPIC with its
 * own timer; no XSAVE: XSETBV is refused). */
struct cpuid_mask {
	uint32_t leaf;
	uint32_t ecx_clear, edx_clear, ecx_set;
};

static const struct cpuid_mask cpuid_masks[] = {
	{ 1, (1u << 5) | (1u << 21) | (1u << 24) | (1u << 26) | (1u << 27) |
	     (1u << 28), 0, 1u << 31 },
	{ 0x80000001, 1u << 2, 0, 0 },
};

static void add_leaf(struct hv_cpuid *c, uint32_t leaf)
{
	struct hv_cpuid_entry *e = &c->entries[c->nent++];
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->function = leaf;
	__cpuid_count(leaf, 0, e->eax, e->ebx, e->ecx, e->edx);
	for (i = 0; i < sizeof(cpuid_masks) / sizeof(cpuid_masks[0]); i++) {
		if (cpuid_masks[i].leaf != leaf)
			continue;
		e->ecx = (e->ecx & ~cpuid_masks[i].ecx_clear) |
			 cpuid_masks[i].ecx_set;
		e->edx &= ~cpuid_masks[i].edx_clear;
	}
}

static int hv_set_cpuid(struct accel_vcpu *v, unsigned int count,
			bool pv_async_pf)
{
	static const uint32_t basic[] = { 0, 1 };
	static const uint32_t ext[] = { 0x80000000, 0x80000001, 0x80000002,
					0x80000003, 0x80000004, 0x80000008 };
	struct hv_cpuid *c = calloc(1, sizeof(*c) + 16 *
				    sizeof(struct hv_cpuid_entry));
	struct hv_cpuid_entry *e;
	unsigned int i;
	int ret;

	if (!c)
		return -ENOMEM;
	for (i = 0; i < sizeof(basic) / sizeof(basic[0]); i++)
		add_leaf(c, basic[i]);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		add_leaf(c, ext[i]);
	c->entries[0].eax = 1;	/* highest basic leaf given */
	c->entries[1].ebx = (c->entries[1].ebx & 0xffff) | (v->id << 24) |
			    ((count & 0xff) << 16);
	e = &c->entries[c->nent++];
	e->function = PV_SIGNATURE_LEAF;
	e->eax = PV_FEATURES_LEAF;
	memcpy(&e->ebx, "KVMK", 4);
	memcpy(&e->ecx, "VMKV", 4);
	memcpy(&e->edx, "M\0\0\0", 4);
	e = &c->entries[c->nent++];
	e->function = PV_FEATURES_LEAF;
	e->eax = pv_async_pf ? PV_ASYNC_PF_BITS : 0;
	ret = ioctl(v->fd, HV_SET_CPUID, c) < 0 ? -errno : 0;
	free(c);
	return ret;
}

static const char *const internal_names[] = {
	[HV_INTERNAL_ERROR_VMRUN] = "VMRUN refused the state",
	[HV_INTERNAL_ERROR_EXIT] = "unhandled exit",
	[HV_INTERNAL_ERROR_EMULATION] = "access not emulated",
	[HV_INTERNAL_ERROR_MMU] = "MMU failure",
};

static void hv_exit_other(const struct hv_run *r, struct accel_exit *x)
{
	const char *name = NULL;
	uint32_t s = r->internal.suberror;

	x->reason = ACCEL_EXIT_ERROR;
	if (r->exit_reason != HV_EXIT_INTERNAL_ERROR) {
		snprintf(x->detail, sizeof(x->detail), "hv exit %u",
			 r->exit_reason);
		return;
	}
	if (s < sizeof(internal_names) / sizeof(internal_names[0]))
		name = internal_names[s];
	/* One word: hv.ko's errno, not an exit (the rest is stale). */
	if (r->internal.ndata < 4) {
		snprintf(x->detail, sizeof(x->detail),
			 "hv internal error %u (%s): errno %lld", s,
			 name ? name : "?",
			 (long long)r->internal.data[0]);
		return;
	}
	snprintf(x->detail, sizeof(x->detail),
		 "hv internal error %u (%s): exit %#llx info1 %#llx "
		 "info2 %#llx rip %#llx", s, name ? name : "?",
		 (unsigned long long)r->internal.data[0],
		 (unsigned long long)r->internal.data[1],
		 (unsigned long long)r->internal.data[2],
		 (unsigned long long)r->internal.data[3]);
}

static int hv_set_sregs(struct accel_vcpu *v, const struct accel_sregs *i)
{
	struct hv_sregs s;

	memset(&s, 0, sizeof(s));
	hv_sregs_to(&s, i);
	return ioctl(v->fd, HV_SET_SREGS, &s) < 0 ? -errno : 0;
}

static int hv_get_msr(struct accel_vcpu *v, uint32_t index, uint64_t *val)
{
	struct hv_msr m = { .index = index };

	if (ioctl(v->fd, HV_GET_MSR, &m) < 0)
		return -errno;
	*val = m.data;
	return 0;
}

static int hv_read_stats(struct accel_vm *vm, struct accel_vcpu *v,
			 accel_stat_fn fn, void *ctx)
{
	return hv_stats_read(&vm->stats, vm->id, v ? (int)v->id : -1, fn,
			     ctx);
}

/* hv.ko's statistics that have a catalogue name (the same one). */
static const struct accel_stat_alias hv_aliases[] = {
	{ "pf_taken", "pf_taken" },
	{ "pf_fixed", "pf_fixed" },
	{ "pf_guest", "pf_guest" },
	{ "pf_fast", "pf_fast" },
	{ "pf_spurious", "pf_spurious" },
	{ "mmu_cache_hit", "mmu_cache_hit" },
	{ "mmu_cache_miss", "mmu_cache_miss" },
	{ "mmu_shadow_zapped", "mmu_shadow_zapped" },
	{ "mmu_pte_write", "mmu_pte_write" },
	{ "mmu_flooded", "mmu_flooded" },
	{ "mmu_recycled", "mmu_recycled" },
	{ "apf_not_present", "apf_not_present" },
	{ "apf_ready", "apf_ready" },
	{ "apf_repeated", "apf_repeated" },
	{ "apf_wakeup_all", "apf_wakeup_all" },
	{ "apf_prefault", "apf_prefault" },
	{ "exits", "exits" },
	{ "io_exits", "io_exits" },
	{ "halt_exits", "halt_exits" },
	{ NULL, NULL },
};

static const struct accel_tracepoint hv_tracepoints[] = {
	{ NULL, NULL, NULL, NULL },
};

const struct accel_ops accel_hv_ops = {
	.name = "hv",
	.vm_create = hv_vm_create,
	.vm_destroy = hv_vm_destroy,
	.map_memory = hv_map_memory,
	.dirty_log = hv_dirty_log,
	.irq_line = hv_irq_line,
	.vcpu_create = hv_vcpu_open,
	.vcpu_destroy = hv_vcpu_close,
	.set_cpuid = hv_set_cpuid,
	.run = hv_run,
	.kick = hv_kick,
	.get_regs = hv_get_regs,
	.set_regs = hv_set_regs,
	.get_sregs = hv_get_sregs,
	.set_sregs = hv_set_sregs,
	.get_msr = hv_get_msr,
	.is_stuck = hv_is_stuck,
	.read_stats = hv_read_stats,
	.aliases = hv_aliases,
	.tracepoints = hv_tracepoints,
	.async_pf_msr = MSR_ASYNC_PF_EN,
};

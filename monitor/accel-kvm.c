// SPDX-License-Identifier: GPL-2.0-only
/*
 * accel-kvm.c: the accelerator interface (accel.h) on Linux KVM, the only
 * file of hv-vm that knows /dev/kvm: VM with in-kernel irqchip and PIT,
 * memory slots, vCPUs and their exits, CPUID with KVM's paravirtual leaves,
 * dirty logs, binary statistics and the tracepoints KVM offers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "monitor/accel.h"

#define KVM_CPUID_MAX_ENTRIES	256
#define KVM_PV_FEATURES_LEAF	0x40000001
#define KVM_PV_ASYNC_PF_BITS	((1u << 4) | (1u << 14))
#define KVM_TSS_ADDR		0xfffbd000
#define MSR_KVM_ASYNC_PF_EN	0x4b564d02

/* The descriptors of one binary statistics fd, read once. */
struct kvm_stats {
	int fd;
	struct kvm_stats_header hdr;
	char *descs;		/* hdr.num_desc descriptors */
	size_t desc_size;
	uint64_t *data;
	size_t data_len;	/* in u64 */
};

struct accel_vm {
	int kvm_fd;
	int vm_fd;
	int run_size;
	struct kvm_cpuid2 *cpuid;	/* KVM_GET_SUPPORTED_CPUID */
	struct kvm_stats stats;
};

struct accel_vcpu {
	struct accel_vm *vm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	struct kvm_stats stats;
};

#define ACCEL_FN(name) kvm_##name
#define ACCEL_UAPI(name) KVM_##name
#define ACCEL_STRUCT(name) kvm_##name
#include "monitor/accel-x86-tmpl.h"

static int stats_open(int owner_fd, struct kvm_stats *s)
{
	size_t len, max = 0;
	uint32_t i;

	memset(s, 0, sizeof(*s));
	s->fd = ioctl(owner_fd, KVM_GET_STATS_FD, NULL);
	if (s->fd < 0)
		return -errno;
	if (pread(s->fd, &s->hdr, sizeof(s->hdr), 0) != sizeof(s->hdr))
		goto fail;
	s->desc_size = sizeof(struct kvm_stats_desc) + s->hdr.name_size;
	len = s->desc_size * s->hdr.num_desc;
	s->descs = malloc(len ? len : 1);
	if (!s->descs || pread(s->fd, s->descs, len, s->hdr.desc_offset) !=
	    (ssize_t)len)
		goto fail;
	for (i = 0; i < s->hdr.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)(s->descs +
						    i * s->desc_size);

		if (d->offset / 8 + d->size > max)
			max = d->offset / 8 + d->size;
	}
	s->data_len = max;
	s->data = calloc(max ? max : 1, sizeof(uint64_t));
	if (!s->data)
		goto fail;
	return 0;
fail:
	free(s->descs);
	close(s->fd);
	s->fd = -1;
	return -EIO;
}

static void stats_close(struct kvm_stats *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->descs);
	free(s->data);
}

static int stats_read(struct kvm_stats *s, accel_stat_fn fn, void *ctx)
{
	size_t len = s->data_len * sizeof(uint64_t);
	uint32_t i;

	if (s->fd < 0)
		return -ENODEV;
	if (pread(s->fd, s->data, len, s->hdr.data_offset) != (ssize_t)len)
		return -EIO;
	for (i = 0; i < s->hdr.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)(s->descs +
						    i * s->desc_size);
		uint32_t type = d->flags & KVM_STATS_TYPE_MASK;
		struct accel_stat st = {
			.name = d->name,
			.values = s->data + d->offset / 8,
			.n = d->size,
			.instant = type == KVM_STATS_TYPE_INSTANT,
			.peak = type == KVM_STATS_TYPE_PEAK,
		};

		fn(ctx, &st);
	}
	return 0;
}

static int kvm_vm_create(int fd, struct accel_vm **out, char *err,
			 size_t len)
{
	struct kvm_pit_config pit = { .flags = 0 };
	struct accel_vm *vm = calloc(1, sizeof(*vm));
	const char *what;

	if (!vm)
		return -ENOMEM;
	vm->vm_fd = -1;
	vm->stats.fd = -1;
	vm->kvm_fd = fd >= 0 ? fd : open("/dev/kvm", O_RDWR | O_CLOEXEC);
	what = "open /dev/kvm";
	if (vm->kvm_fd < 0)
		goto fail;
	what = "KVM API version is not 12";
	errno = EINVAL;
	if (ioctl(vm->kvm_fd, KVM_GET_API_VERSION, NULL) != 12)
		goto fail;
	what = "KVM_GET_VCPU_MMAP_SIZE";
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (vm->run_size < (int)sizeof(struct kvm_run))
		goto fail;
	what = "KVM_GET_SUPPORTED_CPUID";
	vm->cpuid = calloc(1, sizeof(*vm->cpuid) + KVM_CPUID_MAX_ENTRIES *
			   sizeof(struct kvm_cpuid_entry2));
	if (!vm->cpuid)
		goto fail;
	vm->cpuid->nent = KVM_CPUID_MAX_ENTRIES;
	if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, vm->cpuid) < 0)
		goto fail;
	what = "KVM_CREATE_VM";
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		goto fail;
	/* Only VMX needs the TSS pages; elsewhere the call is a no-op. */
	what = "KVM_SET_TSS_ADDR";
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR) < 0)
		goto fail;
	what = "KVM_CREATE_IRQCHIP";
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, NULL) < 0)
		goto fail;
	what = "KVM_CREATE_PIT2";
	if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0)
		goto fail;
	what = "KVM_GET_STATS_FD (VM)";
	if (stats_open(vm->vm_fd, &vm->stats) < 0)
		goto fail;
	*out = vm;
	return 0;
fail:
	snprintf(err, len, "%s: %s", what, strerror(errno));
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm->cpuid);
	free(vm);
	return -1;
}

static void kvm_vm_destroy(struct accel_vm *vm)
{
	stats_close(&vm->stats);
	close(vm->vm_fd);
	close(vm->kvm_fd);
	free(vm->cpuid);
	free(vm);
}

static int kvm_dirty_log(struct accel_vm *vm, unsigned int slot,
			 uint64_t *bitmap)
{
	struct kvm_dirty_log log = { .slot = slot, .dirty_bitmap = bitmap };

	/* Without manual protection, KVM_GET_DIRTY_LOG also clears it. */
	return ioctl(vm->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0 ? -errno : 0;
}

static int kvm_irq_line(struct accel_vm *vm, unsigned int irq, bool level)
{
	struct kvm_irq_level l = { .irq = irq, .level = level };

	return ioctl(vm->vm_fd, KVM_IRQ_LINE, &l) < 0 ? -errno : 0;
}

static int kvm_vcpu_create(struct accel_vm *vm, unsigned int id,
			   struct accel_vcpu **out)
{
	struct accel_vcpu *v = NULL;
	int ret = kvm_vcpu_open(vm, id, &v);

	if (ret < 0)
		return ret;
	ret = stats_open(v->fd, &v->stats);
	if (ret < 0) {
		kvm_vcpu_close(v);
		return ret;
	}
	*out = v;
	return 0;
}

static void kvm_vcpu_destroy(struct accel_vcpu *v)
{
	stats_close(&v->stats);
	kvm_vcpu_close(v);
}

static int kvm_set_cpuid(struct accel_vcpu *v, unsigned int count,
			 bool pv_async_pf)
{
	const struct kvm_cpuid2 *src = v->vm->cpuid;
	size_t len = sizeof(*src) + src->nent * sizeof(src->entries[0]);
	struct kvm_cpuid2 *c = malloc(len);
	uint32_t i;
	int ret;

	if (!c)
		return -ENOMEM;
	memcpy(c, src, len);
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		switch (e->function) {
		case 1:	/* initial APIC id, logical processor count and
			 * the "running under a hypervisor" bit, which
			 * KVM_GET_SUPPORTED_CPUID leaves to the VMM: without
			 * it Linux and the apf guest take the paravirtual
			 * leaves for absent. */
			e->ebx = (e->ebx & 0xffff) | (v->id << 24) |
				 ((count & 0xff) << 16);
			e->ecx |= 1u << 31;
			break;
		case 0xb:
		case 0x1f:	/* x2APIC id */
			e->edx = v->id;
			break;
		case KVM_PV_FEATURES_LEAF:
			if (!pv_async_pf)
				e->eax &= ~KVM_PV_ASYNC_PF_BITS;
			break;
		}
	}
	ret = ioctl(v->fd, KVM_SET_CPUID2, c) < 0 ? -errno : 0;
	free(c);
	return ret;
}

/* Exits a monitor reports as errors, with their KVM name. */
static const char *const kvm_exit_names[] = {
	[KVM_EXIT_UNKNOWN] = "unknown",
	[KVM_EXIT_EXCEPTION] = "exception",
	[KVM_EXIT_HYPERCALL] = "hypercall",
	[KVM_EXIT_DEBUG] = "debug",
	[KVM_EXIT_IRQ_WINDOW_OPEN] = "irq window open",
	[KVM_EXIT_FAIL_ENTRY] = "failed entry",
	[KVM_EXIT_INTR] = "interrupted",
	[KVM_EXIT_SET_TPR] = "set tpr",
	[KVM_EXIT_TPR_ACCESS] = "tpr access",
	[KVM_EXIT_NMI] = "nmi",
	[KVM_EXIT_INTERNAL_ERROR] = "internal error",
	[KVM_EXIT_SYSTEM_EVENT] = "system event",
};

static void exit_error(const struct kvm_run *r, struct accel_exit *x)
{
	const char *name = NULL;

	if (r->exit_reason < sizeof(kvm_exit_names) / sizeof(char *))
		name = kvm_exit_names[r->exit_reason];
	x->reason = ACCEL_EXIT_ERROR;
	if (r->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(x->detail, sizeof(x->detail),
			 "KVM internal error, suberror %u",
			 r->internal.suberror);
	else if (r->exit_reason == KVM_EXIT_FAIL_ENTRY)
		snprintf(x->detail, sizeof(x->detail),
			 "KVM entry failed, hardware reason %#llx",
			 (unsigned long long)
			 r->fail_entry.hardware_entry_failure_reason);
	else
		snprintf(x->detail, sizeof(x->detail), "KVM exit %u (%s)",
			 r->exit_reason, name ? name : "unhandled");
}

/* KVM's exits beyond the common ones: a shutdown or reset request. */
static void kvm_exit_other(const struct kvm_run *r, struct accel_exit *x)
{
	if (r->exit_reason == KVM_EXIT_SYSTEM_EVENT &&
	    (r->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ||
	     r->system_event.type == KVM_SYSTEM_EVENT_RESET))
		x->reason = ACCEL_EXIT_SHUTDOWN;
	else
		exit_error(r, x);
}

static int kvm_set_sregs(struct accel_vcpu *v, const struct accel_sregs *i)
{
	struct kvm_sregs s;

	/* Start from KVM's values to keep apic_base and the interrupt
	 * bitmap as they are. */
	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0)
		return -errno;
	kvm_sregs_to(&s, i);
	return ioctl(v->fd, KVM_SET_SREGS, &s) < 0 ? -errno : 0;
}

static int kvm_get_msr(struct accel_vcpu *v, uint32_t index, uint64_t *val)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m = { .hdr.nmsrs = 1, .e.index = index };
	int n = ioctl(v->fd, KVM_GET_MSRS, &m);

	if (n < 0)
		return -errno;
	if (n != 1)
		return -EINVAL;
	*val = m.e.data;
	return 0;
}

static int kvm_read_stats(struct accel_vm *vm, struct accel_vcpu *v,
			  accel_stat_fn fn, void *ctx)
{
	return stats_read(v ? &v->stats : &vm->stats, fn, ctx);
}

/* KVM's binary statistics that have a catalogue name. */
static const struct accel_stat_alias kvm_aliases[] = {
	{ "pf_taken", "pf_taken" },
	{ "pf_fixed", "pf_fixed" },
	{ "pf_guest", "pf_guest" },
	{ "pf_fast", "pf_fast" },
	{ "pf_spurious", "pf_spurious" },
	{ "exits", "exits" },
	{ "io_exits", "io_exits" },
	{ "halt_exits", "halt_exits" },
	{ "mmu_cache_miss", "mmu_cache_miss" },
	{ "mmu_shadow_zapped", "mmu_shadow_zapped" },
	{ "mmu_pte_write", "mmu_pte_write" },
	{ "mmu_flooded", "mmu_flooded" },
	{ "mmu_recycled", "mmu_recycled" },
	{ NULL, NULL },
};

/*
 * Tracepoints counted per vCPU thread. The wake-all "page ready" carries
 * token ~0u. kvm_async_pf_completed fires on a kernel worker, not on the
 * vCPU thread, so a per-thread counter never sees it: it is left out.
 */
static const struct accel_tracepoint kvm_tracepoints[] = {
	{ "kvm", "kvm_async_pf_not_present", NULL, "apf_not_present" },
	{ "kvm", "kvm_async_pf_ready", NULL, "apf_ready" },
	{ "kvm", "kvm_async_pf_ready", "token == 0xffffffff",
	  "apf_wakeup_all" },
	{ "kvm", "kvm_async_pf_repeated_fault", NULL, "apf_repeated" },
	{ "kvm", "kvm_try_async_get_page", NULL, "kvm_try_async_get_page" },
	{ "kvmmmu", "fast_page_fault", NULL, "kvmmmu_fast_page_fault" },
	{ NULL, NULL, NULL, NULL },
};

const struct accel_ops accel_kvm_ops = {
	.name = "kvm",
	.vm_create = kvm_vm_create,
	.vm_destroy = kvm_vm_destroy,
	.map_memory = kvm_map_memory,
	.dirty_log = kvm_dirty_log,
	.irq_line = kvm_irq_line,
	.vcpu_create = kvm_vcpu_create,
	.vcpu_destroy = kvm_vcpu_destroy,
	.set_cpuid = kvm_set_cpuid,
	.run = kvm_run,
	.kick = kvm_kick,
	.get_regs = kvm_get_regs,
	.set_regs = kvm_set_regs,
	.get_sregs = kvm_get_sregs,
	.set_sregs = kvm_set_sregs,
	.get_msr = kvm_get_msr,
	.is_stuck = kvm_is_stuck,
	.read_stats = kvm_read_stats,
	.aliases = kvm_aliases,
	.tracepoints = kvm_tracepoints,
	.async_pf_msr = MSR_KVM_ASYNC_PF_EN,
};

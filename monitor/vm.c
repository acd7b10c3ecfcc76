// SPDX-License-Identifier: GPL-2.0-only
/*
 * vm.c: building, running and ending a VM (see vm.h): guest RAM and image,
 * the port I/O devices, the vCPU threads and their exit handling, and the
 * watchdog that ends a VM no vCPU can ever wake again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "monitor/e820.h"
#include "monitor/loader.h"
#include "monitor/tracepoint.h"
#include "monitor/uffd.h"
#include "monitor/vm.h"

#define KICK_SIGNAL		SIGUSR1
#define APF_MSR_REFRESH_NS	50000000ULL

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static const char *const end_names[] = {
	[VM_END_NONE] = "running",
	[VM_END_DEBUG_EXIT] = "debug-exit",
	[VM_END_HALTED] = "halted",
	[VM_END_SHUTDOWN] = "shutdown",
	[VM_END_ERROR] = "error",
	[VM_END_STOPPED] = "stopped",
};

static const int end_status[] = {
	[VM_END_HALTED] = 0,
	[VM_END_SHUTDOWN] = 2,
	[VM_END_ERROR] = 4,
	[VM_END_STOPPED] = 6,
};

const char *vm_end_name(enum vm_end end)
{
	return end_names[end];
}

int vm_exit_status(struct vm *vm)
{
	int status;

	pthread_mutex_lock(&vm->lock);
	status = vm->end == VM_END_DEBUG_EXIT ?
		 (int)((vm->exit_value << 1) | 1) : end_status[vm->end];
	pthread_mutex_unlock(&vm->lock);
	return status;
}

/* Read a whole file of at most max bytes: path, or the open file given
 * (>= 0, read from offset 0; path then only names it). */
static int read_file(const char *what, const char *path, int given,
		     uint64_t max, uint8_t **buf, size_t *len, char *err,
		     size_t errlen)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd = given >= 0 ? dup(given) : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s %s: %s", what, path,
			 strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s %s: not a regular file", what, path);
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		snprintf(err, errlen, "%s %s: %llu bytes, larger than guest "
			 "RAM (%llu bytes)", what, path,
			 (unsigned long long)st.st_size,
			 (unsigned long long)max);
		goto fail;
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		snprintf(err, errlen, "%s %s: out of memory", what, path);
		goto fail;
	}
	while (got < (size_t)st.st_size &&
	       (n = pread(fd, *buf + got, st.st_size - got, got)) > 0)
		got += n;
	close(fd);
	*len = got;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

static int load_image(struct vm *vm, struct accel_regs *regs,
		      struct accel_sregs *sregs, char *err, size_t errlen)
{
	const struct vm_config *c = vm->cfg;
	const struct loader *l = loader_find(c->image_format);
	uint64_t ram = c->memory_mib << 20;
	struct load_ctx ctx = {
		.mem = &vm->mem,
		.cmdline = c->cmdline ? c->cmdline : "",
		.err = err,
		.errlen = errlen,
	};
	uint8_t *image = NULL, *initrd = NULL;
	int ret = -1;

	if (!l) {
		snprintf(err, errlen, "image format %s: unknown",
			 c->image_format);
		return -1;
	}
	if (read_file("image", c->image_path, c->image_fd, ram, &image, &ctx.image_len,
		      err, errlen) < 0)
		return -1;
	ctx.image = image;
	if (c->initrd_path) {
		if (read_file("initrd", c->initrd_path, -1, ram, &initrd,
			      &ctx.initrd_len, err, errlen) < 0)
			goto out;
		ctx.initrd = initrd;
	}
	ret = l->load(&ctx);
	*regs = ctx.regs;
	*sregs = ctx.sregs;
out:
	free(image);
	free(initrd);
	return ret;
}

static void uart_irq(void *ctx, bool level)
{
	struct vm *vm = ctx;

	vm->ops->irq_line(vm->avm, UART_COM1_IRQ, level);
}

static void debug_exit_fire(void *ctx, uint32_t v)
{
	vm_end(ctx, VM_END_DEBUG_EXIT, v, NULL);
}

static int devices_init(struct vm *vm, char *err, size_t errlen)
{
	struct e820_entry map[E820_MAX];
	size_t n = e820_build(&vm->mem, map);
	struct pio_device devs[3];
	unsigned int i;

	if (console_open(&vm->console, vm->cfg->console_fd,
			 vm->cfg->console_log, vm->cfg->console_log_fd, err,
			 errlen) < 0)
		return -1;
	if (fw_cfg_init(&vm->fw_cfg, vm->cfg->memory_mib << 20,
			vm->cfg->vcpus, map, n) < 0) {
		snprintf(err, errlen, "fw_cfg: out of memory");
		console_close(&vm->console);
		return -1;
	}
	pio_bus_init(&vm->pio);
	uart_init(&vm->uart, &vm->console, uart_irq, vm);
	vm->debug_exit = (struct debug_exit){ debug_exit_fire, vm };
	devs[0] = uart_device(&vm->uart);
	devs[1] = debug_exit_device(&vm->debug_exit);
	devs[2] = fw_cfg_device(&vm->fw_cfg);
	for (i = 0; i < 3; i++)
		pio_register(&vm->pio, &devs[i]);
	return 0;
}

static void devices_destroy(struct vm *vm)
{
	pio_bus_destroy(&vm->pio);
	fw_cfg_destroy(&vm->fw_cfg);
	console_close(&vm->console);
}

static int map_memory(struct vm *vm, char *err, size_t errlen)
{
	unsigned int i;
	int ret;

	for (i = 0; i < vm->mem.nregions; i++) {
		const struct guest_region *r = &vm->mem.regions[i];

		ret = vm->ops->map_memory(vm->avm, i, r->gpa, r->size,
					  r->host, false);
		if (ret < 0) {
			snprintf(err, errlen, "mapping guest RAM slot %u: %s",
				 i, strerror(-ret));
			return -1;
		}
	}
	return 0;
}

static int vcpus_create(struct vm *vm, const struct accel_regs *regs,
			const struct accel_sregs *sregs, char *err,
			size_t errlen)
{
	unsigned int i, j;
	int ret = 0;

	vm->vcpus = calloc(vm->cfg->vcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus) {
		snprintf(err, errlen, "vCPUs: out of memory");
		return -1;
	}
	for (i = 0; i < vm->cfg->vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->id = i;
		for (j = 0; j < VM_MAX_TRACEPOINTS; j++)
			v->tp_fds[j] = -1;
		ret = vm->ops->vcpu_create(vm->avm, i, &v->av);
		if (ret < 0)
			break;
		vm->nvcpus++;
		ret = vm->ops->set_cpuid(v->av, vm->cfg->vcpus,
					 vm->cfg->async_pf);
		if (ret == 0 && i == 0)
			ret = vm->ops->set_sregs(v->av, sregs);
		if (ret == 0 && i == 0)
			ret = vm->ops->set_regs(v->av, regs);
		if (ret < 0)
			break;
	}
	if (ret < 0)
		snprintf(err, errlen, "vCPU %u: %s", i, strerror(-ret));
	return ret < 0 ? -1 : 0;
}

static void tracepoints_resolve(struct vm *vm)
{
	const struct accel_tracepoint *t = vm->ops->tracepoints;
	unsigned int i;

	for (i = 0; i < VM_MAX_TRACEPOINTS; i++)
		vm->tp_ids[i] = -1;
	if (!vm->cfg->tracepoints) {
		snprintf(vm->tp_error, sizeof(vm->tp_error),
			 "tracepoint counting turned off");
		return;
	}
	for (i = 0; t && t[i].event && i < VM_MAX_TRACEPOINTS; i++) {
		vm->tp_ids[i] = tracepoint_id(t[i].system, t[i].event,
					      vm->tp_error,
					      sizeof(vm->tp_error));
		if (vm->tp_ids[i] < 0)
			return;
	}
}

int vm_create(struct vm *vm, const struct vm_config *cfg, char *err,
	      size_t errlen)
{
	struct accel_regs regs;
	struct accel_sregs sregs;
	unsigned int i;
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = cfg;
	vm->ops = cfg->accel ? cfg->accel : &accel_kvm_ops;
	vm->end_fd = -1;
	pthread_mutex_init(&vm->lock, NULL);
	if (guest_mem_create(&vm->mem, cfg->memory_mib << 20, cfg->backend,
			     cfg->memory_path, err, errlen) < 0)
		goto fail;
	if (load_image(vm, &regs, &sregs, err, errlen) < 0)
		goto fail_mem;
	if (vm->ops->vm_create(cfg->accel_fd, &vm->avm, err, errlen) < 0)
		goto fail_mem;
	if (map_memory(vm, err, errlen) < 0)
		goto fail_accel;
	if (devices_init(vm, err, errlen) < 0)
		goto fail_accel;
	if (vcpus_create(vm, &regs, &sregs, err, errlen) < 0)
		goto fail_vcpus;
	vm->end_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vm->end_fd < 0) {
		snprintf(err, errlen, "eventfd: %s", strerror(errno));
		goto fail_vcpus;
	}
	if (cfg->backend == MEM_UFFD) {
		ret = uffd_pager_start(vm->mem.base, vm->mem.len,
				       cfg->uffd_dev_fd, cfg->uffd_delay_us,
				       &vm->uffd, err, errlen);
		if (ret < 0)
			goto fail_end_fd;
	}
	tracepoints_resolve(vm);
	return 0;
fail_end_fd:
	close(vm->end_fd);
fail_vcpus:
	for (i = 0; i < vm->nvcpus; i++)
		vm->ops->vcpu_destroy(vm->vcpus[i].av);
	free(vm->vcpus);
	devices_destroy(vm);
fail_accel:
	vm->ops->vm_destroy(vm->avm);
fail_mem:
	guest_mem_destroy(&vm->mem);
fail:
	pthread_mutex_destroy(&vm->lock);
	return -1;
}

static void kick(struct vcpu *v)
{
	v->vm->ops->kick(v->av);
	if (v->started)
		pthread_kill(v->thread, KICK_SIGNAL);
}

bool vm_ended(struct vm *vm)
{
	bool ended;

	pthread_mutex_lock(&vm->lock);
	ended = vm->end != VM_END_NONE;
	pthread_mutex_unlock(&vm->lock);
	return ended;
}

void vm_end(struct vm *vm, enum vm_end end, uint32_t value,
	    const char *detail)
{
	uint64_t one = 1;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	if (vm->end != VM_END_NONE) {
		pthread_mutex_unlock(&vm->lock);
		return;
	}
	vm->end = end;
	vm->exit_value = value;
	vm->end_ns = now_ns();
	snprintf(vm->detail, sizeof(vm->detail), "%s", detail ? detail : "");
	for (i = 0; i < vm->nvcpus; i++)
		kick(&vm->vcpus[i]);
	pthread_mutex_unlock(&vm->lock);
	if (write(vm->end_fd, &one, sizeof(one)) != sizeof(one))
		perror("hv-vm: end eventfd");
}

static void refresh_apf_msr(struct vcpu *v, bool now)
{
	uint64_t t = now_ns(), val;
	bool ok;

	if (!now && t - v->apf_msr_ns < APF_MSR_REFRESH_NS)
		return;
	ok = v->vm->ops->get_msr(v->av, v->vm->ops->async_pf_msr, &val) == 0;
	pthread_mutex_lock(&v->vm->lock);
	v->apf_msr_valid = ok;
	v->apf_msr = ok ? val : 0;
	if (ok && (val & 1))
		v->apf_msr_enabled = val;
	v->apf_msr_ns = t;
	pthread_mutex_unlock(&v->vm->lock);
}

static void on_io(struct vcpu *v, struct accel_exit *x)
{
	pio_dispatch(&v->vm->pio, x);
}

static void on_mmio(struct vcpu *v, struct accel_exit *x)
{
	/* No MMIO devices: reads see all ones, writes are dropped. */
	if (!x->mmio.write)
		memset(x->mmio.data, 0xff, x->mmio.len);
}

static bool is_stuck(struct vcpu *v)
{
	bool stuck = false;

	return v->vm->ops->is_stuck(v->av, &stuck) == 0 && stuck;
}

static void on_hlt(struct vcpu *v, struct accel_exit *x)
{
	if (v->vm->nvcpus == 1 && is_stuck(v))
		vm_end(v->vm, VM_END_HALTED, 0, "HLT with interrupts off");
}

/* Where the vCPU stopped, on stderr: evidence for a crash's report. */
static void report_state(struct vcpu *v)
{
	struct accel_regs r;
	struct accel_sregs s;

	if (v->vm->ops->get_regs(v->av, &r) ||
	    v->vm->ops->get_sregs(v->av, &s))
		return;
	fprintf(stderr, "hv-vm: vCPU %u: rip %#llx rsp %#llx rflags %#llx "
		"cr0 %#llx cr2 %#llx cr3 %#llx cr4 %#llx efer %#llx\n", v->id,
		(unsigned long long)r.rip, (unsigned long long)r.rsp,
		(unsigned long long)r.rflags, (unsigned long long)s.cr0,
		(unsigned long long)s.cr2, (unsigned long long)s.cr3,
		(unsigned long long)s.cr4, (unsigned long long)s.efer);
}

static void on_shutdown(struct vcpu *v, struct accel_exit *x)
{
	char d[64];

	report_state(v);

	snprintf(d, sizeof(d), "vCPU %u: triple fault or shutdown", v->id);
	vm_end(v->vm, VM_END_SHUTDOWN, 0, d);
}

static void on_intr(struct vcpu *v, struct accel_exit *x)
{
	bool probe, stuck;

	pthread_mutex_lock(&v->vm->lock);
	probe = v->probe;
	pthread_mutex_unlock(&v->vm->lock);
	if (!probe)
		return;
	stuck = is_stuck(v);
	pthread_mutex_lock(&v->vm->lock);
	v->stuck = stuck;
	v->probe = false;
	pthread_mutex_unlock(&v->vm->lock);
}

static void on_error(struct vcpu *v, struct accel_exit *x)
{
	char d[sizeof(x->detail) + 16];

	report_state(v);
	snprintf(d, sizeof(d), "vCPU %u: %s", v->id, x->detail);
	vm_end(v->vm, VM_END_ERROR, 0, d);
}

static void (*const exit_handlers[])(struct vcpu *, struct accel_exit *) = {
	[ACCEL_EXIT_IO] = on_io,
	[ACCEL_EXIT_MMIO] = on_mmio,
	[ACCEL_EXIT_HLT] = on_hlt,
	[ACCEL_EXIT_SHUTDOWN] = on_shutdown,
	[ACCEL_EXIT_INTR] = on_intr,
	[ACCEL_EXIT_ERROR] = on_error,
};

/* Count the tracepoints for this vCPU's thread; published under vm->lock
 * because stats requests read the fds from another thread. */
static void tracepoints_open(struct vcpu *v)
{
	const struct accel_tracepoint *t = v->vm->ops->tracepoints;
	struct vm *vm = v->vm;
	char err[160];
	unsigned int i;
	int fd;

	for (i = 0; t && t[i].event && i < VM_MAX_TRACEPOINTS; i++) {
		if (vm->tp_ids[i] < 0)
			return;
		fd = tracepoint_open(vm->tp_ids[i], v->tid, t[i].filter, err,
				     sizeof(err));
		pthread_mutex_lock(&vm->lock);
		v->tp_fds[i] = fd;
		if (fd < 0)
			snprintf(vm->tp_error, sizeof(vm->tp_error), "%s",
				 err);
		pthread_mutex_unlock(&vm->lock);
		if (fd < 0)
			return;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	struct vm *vm = v->vm;
	struct accel_exit x;
	sigset_t set;
	char d[64];
	int ret;

	pthread_mutex_lock(&v->vm->lock);	/* stats report it */
	v->tid = gettid();
	pthread_mutex_unlock(&v->vm->lock);
	tracepoints_open(v);
	sigemptyset(&set);
	sigaddset(&set, KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	while (!vm_ended(vm)) {
		ret = vm->ops->run(v->av, &x);
		if (ret < 0) {
			snprintf(d, sizeof(d), "vCPU %u: run: %s", v->id,
				 strerror(-ret));
			vm_end(vm, VM_END_ERROR, 0, d);
			break;
		}
		if (x.reason != ACCEL_EXIT_INTR) {
			pthread_mutex_lock(&vm->lock);
			v->exits++;
			pthread_mutex_unlock(&vm->lock);
		}
		exit_handlers[x.reason](v, &x);
		refresh_apf_msr(v, false);
	}
	refresh_apf_msr(v, true);
	return NULL;
}

static void kick_handler(int sig)
{
}

int vm_start(struct vm *vm, char *err, size_t errlen)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	sigset_t set, old;
	unsigned int i;
	int ret;

	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);
	if (vm->cfg->dirty_log) {
		ret = dirty_log_start(&vm->dirty, vm->ops, vm->avm, &vm->mem,
				      vm->cfg->dirty_interval_ms,
				      vm->cfg->dirty_delay_ms);
		if (ret < 0) {
			snprintf(err, errlen, "dirty log: %s", strerror(-ret));
			return -1;
		}
		vm->dirty_running = true;
	}
	/* Only the vCPU threads take the kick signal. */
	sigemptyset(&set);
	sigaddset(&set, KICK_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	vm->start_ns = now_ns();
	for (i = 0; i < vm->nvcpus; i++) {
		ret = pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread,
				     &vm->vcpus[i]);
		if (ret) {
			snprintf(err, errlen, "vCPU %u thread: %s", i,
				 strerror(ret));
			vm_end(vm, VM_END_ERROR, 0, err);
			break;
		}
		pthread_mutex_lock(&vm->lock);
		vm->vcpus[i].started = true;
		pthread_mutex_unlock(&vm->lock);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return i == vm->nvcpus ? 0 : -1;
}

void vm_tick(struct vm *vm)
{
	uint64_t sum = 0;
	bool all_stuck = true, answered = true;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	if (vm->end != VM_END_NONE) {
		pthread_mutex_unlock(&vm->lock);
		return;
	}
	for (i = 0; i < vm->nvcpus; i++) {
		sum += vm->vcpus[i].exits;
		answered &= !vm->vcpus[i].probe;
		all_stuck &= vm->vcpus[i].stuck;
	}
	if (vm->probing && answered) {
		vm->probing = false;
		if (all_stuck && sum == vm->last_exits) {
			pthread_mutex_unlock(&vm->lock);
			vm_end(vm, VM_END_HALTED, 0,
			       "every vCPU halted with interrupts off or "
			       "waiting for a start-up IPI");
			return;
		}
	} else if (!vm->probing && sum == vm->last_exits) {
		/* Nobody exited for a tick: ask whether anyone can run. */
		vm->probing = true;
		for (i = 0; i < vm->nvcpus; i++) {
			vm->vcpus[i].probe = true;
			vm->vcpus[i].stuck = false;
			kick(&vm->vcpus[i]);
		}
	}
	vm->last_exits = sum;
	pthread_mutex_unlock(&vm->lock);
}

void vm_join(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].started)
			pthread_join(vm->vcpus[i].thread, NULL);
	if (vm->dirty_running)
		dirty_log_stop(&vm->dirty);
}

void vm_destroy(struct vm *vm)
{
	unsigned int i, j;

	for (i = 0; i < vm->nvcpus; i++) {
		for (j = 0; j < VM_MAX_TRACEPOINTS; j++)
			if (vm->vcpus[i].tp_fds[j] >= 0)
				close(vm->vcpus[i].tp_fds[j]);
		vm->ops->vcpu_destroy(vm->vcpus[i].av);
	}
	free(vm->vcpus);
	if (vm->dirty_running)
		dirty_log_destroy(&vm->dirty);
	vm->ops->vm_destroy(vm->avm);
	if (vm->uffd)
		uffd_pager_stop(vm->uffd);
	devices_destroy(vm);
	guest_mem_destroy(&vm->mem);
	close(vm->end_fd);
	pthread_mutex_destroy(&vm->lock);
}

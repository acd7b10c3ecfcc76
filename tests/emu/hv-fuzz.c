// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv-fuzz.c: bad ioctl arguments against /dev/hv, run inside the emulated
 * machine. First a table of calls that must fail with one given errno
 * (each is checked), then a seeded random loop over every ioctl of the
 * three kinds of fd with random numbers, sizes, pointers and guest runs
 * (cut short by a timer signal), which must never crash the machine.
 *
 *   hv-fuzz [-n ITERATIONS] [-s SEED]
 *   hv-fuzz -b
 *
 * Prints "hv-fuzz: checks=N failed=N random_calls=N seed=N" and exits 1
 * if any check failed. With -b it only creates one VM and prints
 * "hv-fuzz: create_vm errno=N" (0 on success), for the test that hv.ko
 * refuses SVM while another hypervisor holds it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "proto/hv-uapi.h"

#define MEM_SIZE	(2u << 20)

static unsigned int checks, failures;
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The call's result must be -1 with errno @want. */
static void expect(const char *what, int ret, int want)
{
	checks++;
	if (ret == -1 && errno == want)
		return;
	failures++;
	printf("hv-fuzz: FAIL %s: ret %d errno %d (%s), want %s\n", what, ret,
	       ret == -1 ? errno : 0, strerror(ret == -1 ? errno : 0),
	       strerror(want));
}

/* vCPU @fd's run state must be @want. */
static void expect_mp(const char *what, int fd, unsigned int want)
{
	struct hv_mp_state mp = { .mp_state = ~0u };

	checks++;
	if (ioctl(fd, HV_GET_MP_STATE, &mp) == 0 && mp.mp_state == want)
		return;
	failures++;
	printf("hv-fuzz: FAIL %s: mp_state %u, want %u\n", what, mp.mp_state,
	       want);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int region(int vm, uint32_t slot, uint32_t flags, uint64_t gpa,
		  uint64_t size, void *host)
{
	struct hv_userspace_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = (uintptr_t)host,
	};

	return ioctl(vm, HV_SET_USER_MEMORY_REGION, &r);
}

static void table_checks(int dev, uint8_t *mem)
{
	struct hv_async_pf apf = { .flags = 1 };
	struct hv_dirty_log log = { .slot = 0 };
	struct {
		struct hv_cpuid c;
		struct hv_cpuid_entry e[1];
	} cpuid = { .c.nent = 1 };
	struct hv_sregs sr;
	struct hv_msr msr = { .index = 0xdeadbeef };
	int vm, vcpu, ap;

	expect("CREATE_VM flags 1", ioctl(dev, HV_CREATE_VM, 1), EINVAL);
	expect("unknown /dev/hv ioctl", ioctl(dev, _IO(HVIO, 0x7f), 0),
	       ENOTTY);
	vm = ioctl(dev, HV_CREATE_VM, 0);
	if (vm < 0) {
		expect("CREATE_VM", vm, 0);
		return;
	}
	expect("ENABLE_ASYNC_PF flags 1",
	       ioctl(vm, HV_ENABLE_ASYNC_PF, &apf), EINVAL);
	expect("slot 32", region(vm, HV_MAX_SLOTS, 0, 0, 4096, mem), EINVAL);
	expect("unknown slot flag", region(vm, 0, 4, 0, 4096, mem), EINVAL);
	expect("gpa not aligned", region(vm, 0, 0, 100, 4096, mem), EINVAL);
	expect("size not aligned", region(vm, 0, 0, 0, 100, mem), EINVAL);
	expect("hva not aligned", region(vm, 0, 0, 0, 4096, mem + 1),
	       EINVAL);
	expect("gpa wraps", region(vm, 0, 0, ~0ull << 12, 8192, mem),
	       EINVAL);
	expect("hva in the kernel",
	       region(vm, 0, 0, 0, 4096, (void *)0xffff888000000000ull),
	       EINVAL);
	if (region(vm, 0, 0, 0, MEM_SIZE, mem))
		expect("valid slot 0", -1, 0);
	expect("overlapping slot",
	       region(vm, 1, 0, MEM_SIZE - 4096, 8192, mem), EEXIST);
	expect("dirty log of a slot without it",
	       ioctl(vm, HV_GET_DIRTY_LOG, &log), ENOENT);
	log.padding = 1;
	expect("dirty log padding", ioctl(vm, HV_GET_DIRTY_LOG, &log),
	       EINVAL);
	expect("vCPU id 64", ioctl(vm, HV_CREATE_VCPU, HV_MAX_VCPUS), EINVAL);
	vcpu = ioctl(vm, HV_CREATE_VCPU, 0);
	if (vcpu < 0) {
		expect("CREATE_VCPU 0", vcpu, 0);
		close(vm);
		return;
	}
	expect("vCPU id twice", ioctl(vm, HV_CREATE_VCPU, 0), EEXIST);
	expect_mp("vCPU 0 starts runnable", vcpu, HV_MP_STATE_RUNNABLE);
	ap = ioctl(vm, HV_CREATE_VCPU, 1);
	expect_mp("vCPU 1 waits for INIT", ap, HV_MP_STATE_UNINITIALIZED);
	if (ap >= 0)
		close(ap);
	expect("MP state at a bad pointer", ioctl(vcpu, HV_GET_MP_STATE, 8),
	       EFAULT);
	apf.flags = 0;
	expect("ENABLE_ASYNC_PF after a vCPU",
	       ioctl(vm, HV_ENABLE_ASYNC_PF, &apf), EBUSY);
	expect("RUN with an argument", ioctl(vcpu, HV_RUN, 1), EINVAL);
	memset(&sr, 0, sizeof(sr));
	ioctl(vcpu, HV_GET_SREGS, &sr);
	sr.reserved[2] = 1;
	expect("sregs reserved", ioctl(vcpu, HV_SET_SREGS, &sr), EINVAL);
	sr.reserved[2] = 0;
	sr.cs.padding = 1;
	expect("segment padding", ioctl(vcpu, HV_SET_SREGS, &sr), EINVAL);
	sr.cs.padding = 0;
	sr.cr0 = 1ull << 40;
	expect("CR0 reserved bit", ioctl(vcpu, HV_SET_SREGS, &sr), EINVAL);
	cpuid.c.nent = HV_MAX_CPUID_ENTRIES + 1;
	expect("too many CPUID entries", ioctl(vcpu, HV_SET_CPUID, &cpuid),
	       EINVAL);
	cpuid.c.nent = 1;
	cpuid.e[0].padding = 1;
	expect("CPUID entry padding", ioctl(vcpu, HV_SET_CPUID, &cpuid),
	       EINVAL);
	expect("unknown MSR", ioctl(vcpu, HV_GET_MSR, &msr), ENOENT);
	expect("regs at a bad pointer", ioctl(vcpu, HV_GET_REGS, 8), EFAULT);
	expect("mmap of two pages",
	       mmap(NULL, 8192, PROT_READ, MAP_SHARED, vcpu, 0) == MAP_FAILED ?
	       -1 : 0, EINVAL);
	close(vcpu);
	close(vm);
}

static const unsigned long cmds[] = {
	HV_GET_API_VERSION, HV_CREATE_VM, HV_GET_VCPU_MMAP_SIZE,
	HV_SET_USER_MEMORY_REGION, HV_CREATE_VCPU, HV_GET_DIRTY_LOG,
	HV_ENABLE_ASYNC_PF, HV_RUN, HV_GET_REGS, HV_SET_REGS, HV_GET_SREGS,
	HV_SET_SREGS, HV_SET_CPUID, HV_GET_MSR, HV_GET_MP_STATE,
};
#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

/* A random argument: small number, pointer to random bytes, or junk. */
static unsigned long rnd_arg(uint8_t *buf, size_t len, uint8_t *mem)
{
	size_t i;

	switch (rnd() % 5) {
	case 0:
		return rnd() % 80;
	case 1:
		for (i = 0; i < len; i++)
			buf[i] = rnd();
		return (unsigned long)buf;
	case 2:	/* mostly zero, a few random small fields */
		memset(buf, 0, len);
		for (i = 0; i < 4; i++)
			buf[rnd() % len] = rnd() % 4;
		if (rnd() % 2)
			*(uint64_t *)(buf + 24) = (uintptr_t)mem;
		return (unsigned long)buf;
	case 3:
		return rnd();
	}
	return 0;
}

static unsigned int random_loop(int dev, uint8_t *mem, unsigned int n)
{
	static uint8_t buf[4096];
	int fds[8], nfd = 0, fd, r;
	unsigned int i, calls = 0;
	struct itimerval t = { .it_value.tv_usec = 2000 };

	for (i = 0; i < n; i++) {
		if (nfd == 0 || rnd() % 50 == 0) {
			while (nfd > 1)
				close(fds[--nfd]);
			fds[0] = dev;
			nfd = 1;
			fd = ioctl(dev, HV_CREATE_VM, 0);
			if (fd >= 0)
				fds[nfd++] = fd;
		}
		fd = fds[rnd() % nfd];
		setitimer(ITIMER_REAL, &t, NULL);
		r = ioctl(fd, cmds[rnd() % NCMDS],
			  rnd_arg(buf, sizeof(buf), mem));
		calls++;
		if (r > 2 && nfd < 8)
			fds[nfd++] = r;	/* a new VM or vCPU fd */
		else if (r > 2)
			close(r);
	}
	while (nfd > 1)
		close(fds[--nfd]);
	return calls;
}

int main(int argc, char **argv)
{
	unsigned int iters = 2000, calls;
	unsigned long seed = 1;
	struct sigaction sa = { .sa_handler = on_alarm };
	uint8_t *mem;
	int dev, c, busy_probe = 0, vm;

	while ((c = getopt(argc, argv, "bn:s:")) != -1) {
		if (c == 'b')
			busy_probe = 1;
		else if (c == 'n')
			iters = strtoul(optarg, NULL, 10);
		else if (c == 's')
			seed = strtoul(optarg, NULL, 10);
		else
			return 2;
	}
	rng = seed * 0x9e3779b97f4a7c15ull + 1;
	sigaction(SIGALRM, &sa, NULL);
	dev = open("/dev/hv", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror("hv-fuzz: /dev/hv");
		return 1;
	}
	if (busy_probe) {
		vm = ioctl(dev, HV_CREATE_VM, 0);
		printf("hv-fuzz: create_vm errno=%d\n", vm < 0 ? errno : 0);
		return 0;
	}
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	memset(mem, 0xf4, MEM_SIZE);	/* HLT everywhere */
	table_checks(dev, mem);
	calls = random_loop(dev, mem, iters);
	printf("hv-fuzz: checks=%u failed=%u random_calls=%u seed=%lu\n",
	       checks, failures, calls, seed);
	close(dev);
	return failures ? 1 : 0;
}

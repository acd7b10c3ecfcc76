// SPDX-License-Identifier: GPL-2.0-only
/*
 * seccomp.c: the system-call allow-list a monitor runs under, installed
 * by the child just before it executes the monitor (no new privileges is
 * set by then). What a KVM monitor and its C library use is allowed:
 * memory, files it was given or opens, threads, signals to itself,
 * polling, Unix sockets, ioctl (KVM, userfaultfd, perf). Everything else
 * fails with EPERM; another architecture or x32 kills the process.
 * hvd-helper(8) names the list. x86-64 only, as hv is.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "helper/helper.h"

#ifndef __x86_64__
#error "the monitor seccomp filter is written for x86-64"
#endif

static const unsigned int allowed[] = {
	/* files and descriptors */
	SYS_read, SYS_write, SYS_readv, SYS_writev, SYS_pread64,
	SYS_pwrite64, SYS_preadv, SYS_pwritev, SYS_close, SYS_close_range,
	SYS_open, SYS_openat, SYS_fstat, SYS_newfstatat, SYS_statx,
	SYS_lseek, SYS_fcntl, SYS_dup, SYS_dup2, SYS_dup3, SYS_pipe2,
	SYS_ioctl, SYS_fsync, SYS_fdatasync, SYS_ftruncate, SYS_fallocate,
	SYS_readlink, SYS_readlinkat, SYS_getdents64, SYS_access,
	SYS_faccessat, SYS_faccessat2, SYS_unlinkat, SYS_getcwd,
	/* memory */
	SYS_mmap, SYS_munmap, SYS_mprotect, SYS_mremap, SYS_madvise,
	SYS_brk, SYS_memfd_create, SYS_mincore, SYS_msync, SYS_mlock,
	SYS_munlock,
	/* threads, time, identity */
	SYS_exit, SYS_exit_group, SYS_futex, SYS_set_robust_list,
	SYS_get_robust_list, SYS_rseq, SYS_set_tid_address, SYS_arch_prctl,
	SYS_gettid, SYS_getpid, SYS_getppid, SYS_getpgid, SYS_getsid,
	SYS_getpgrp, SYS_sched_yield, SYS_sched_getaffinity,
	SYS_sched_setaffinity, SYS_nanosleep, SYS_clock_nanosleep,
	SYS_clock_gettime, SYS_clock_getres, SYS_gettimeofday,
	SYS_getrandom, SYS_prctl, SYS_prlimit64, SYS_getrlimit,
	SYS_getrusage, SYS_uname, SYS_sysinfo, SYS_getuid, SYS_geteuid,
	SYS_getgid, SYS_getegid, SYS_getgroups, SYS_restart_syscall,
	SYS_execve,
	/* signals */
	SYS_rt_sigaction, SYS_rt_sigprocmask, SYS_rt_sigreturn,
	SYS_sigaltstack, SYS_rt_sigtimedwait, SYS_rt_sigsuspend, SYS_pause,
	/* waiting */
	SYS_epoll_create1, SYS_epoll_ctl, SYS_epoll_wait, SYS_epoll_pwait,
	SYS_epoll_pwait2, SYS_poll, SYS_ppoll, SYS_select, SYS_pselect6,
	SYS_eventfd2, SYS_timerfd_create, SYS_timerfd_settime,
	SYS_timerfd_gettime, SYS_signalfd4,
	/* sockets (socket() itself below: AF_UNIX only) */
	SYS_bind, SYS_listen, SYS_accept, SYS_accept4, SYS_connect,
	SYS_sendmsg, SYS_recvmsg, SYS_sendto, SYS_recvfrom, SYS_shutdown,
	SYS_getsockopt, SYS_setsockopt, SYS_getsockname, SYS_getpeername,
	SYS_socketpair,
};

#define NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
			 CLONE_NEWNET)
#define ARG_LO(n)	(offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n)	(ARG_LO(n) + 4)
#define NR		offsetof(struct seccomp_data, nr)
#define MAX_INSNS	(2 * sizeof(allowed) / sizeof(allowed[0]) + 40)

struct prog {
	struct sock_filter f[MAX_INSNS];
	unsigned short n;
};

static void emit(struct prog *p, unsigned short code, unsigned char jt,
		 unsigned char jf, unsigned int k)
{
	p->f[p->n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

/* Allows syscall nr when its argument arg equals value (a small int). */
static void allow_if_arg(struct prog *p, unsigned int nr, unsigned int arg,
			 unsigned int value)
{
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 6, nr);
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LO(arg));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, value);
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_HI(arg));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, NR);
}

int seccomp_confine(pid_t self)
{
	struct prog p = { .n = 0 };
	struct sock_fprog fprog;
	unsigned int i;

	emit(&p, BPF_LD | BPF_W | BPF_ABS, 0, 0,
	     offsetof(struct seccomp_data, arch));
	emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, 0, 0, NR);
	emit(&p, BPF_JMP | BPF_JGE | BPF_K, 0, 1, 0x40000000);	/* x32 */
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_PROCESS);
	for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, allowed[i]);
		emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	}
	allow_if_arg(&p, SYS_socket, 0, AF_UNIX);
	allow_if_arg(&p, SYS_kill, 0, (unsigned int)self);
	allow_if_arg(&p, SYS_tgkill, 0, (unsigned int)self);
	/* threads and forks, but no new namespaces; clone3 hides its flags,
	 * so it reports ENOSYS and the C library falls back to clone */
	emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 0, 4, SYS_clone);
	emit(&p, BPF_LD | BPF_W | BPF_ABS, 0, 0, ARG_LO(0));
	emit(&p, BPF_JMP | BPF_JSET | BPF_K, 1, 0, NS_FLAGS);
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EPERM);
	emit(&p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, SYS_clone3);
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS);
	emit(&p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EPERM);
	fprog.len = p.n;
	fprog.filter = p.f;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0);
}

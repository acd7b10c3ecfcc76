// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c: hv-vm, the monitor of one VM, standalone from the command line:
 *
 *   hv-vm --definition FILE.json [--console-log FILE] [--stats-json FILE]
 *         [--dirty-interval-ms N] [--dirty-delay-ms N] [--no-console]
 *         [--no-tracepoints] [--accel-fd N] [--uffd-dev-fd N]
 *         [--socket PATH]
 *
 * With --socket, hvd talks to the monitor over PATH (see control.h).
 * The guest's console goes to stdout. Exit status: (v << 1) | 1 when the
 * guest wrote v to the debug-exit port 0xf4 (QEMU's isa-debug-exit); 0 when
 * every vCPU halted with interrupts off (nothing can wake the VM); 2 on a
 * triple fault or shutdown; 4 on an accelerator error (internal error,
 * failed entry, unhandled exit); 6 when stopped by SIGTERM or SIGINT; 8 when
 * the definition, the image or the set-up is refused (nothing ran).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "monitor/control.h"
#include "monitor/definition.h"
#include "monitor/stats.h"
#include "monitor/vm.h"

#define TICK_MS	100

struct options {
	const char *definition;
	const char *stats_json;
	const char *socket;
};

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static const struct option long_options[] = {
	{ "definition", required_argument, NULL, 'd' },
	{ "console-log", required_argument, NULL, 'l' },
	{ "stats-json", required_argument, NULL, 's' },
	{ "dirty-interval-ms", required_argument, NULL, 'i' },
	{ "dirty-delay-ms", required_argument, NULL, 'D' },
	{ "no-console", no_argument, NULL, 'q' },
	{ "no-tracepoints", no_argument, NULL, 'T' },
	{ "accel-fd", required_argument, NULL, 'k' },
	{ "uffd-dev-fd", required_argument, NULL, 'u' },
	{ "socket", required_argument, NULL, 'S' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: hv-vm --definition FILE.json [--console-log FILE] "
		"[--stats-json FILE]\n"
		"             [--dirty-interval-ms N] [--dirty-delay-ms N] "
		"[--no-console]\n"
		"             [--no-tracepoints] [--accel-fd N] "
		"[--uffd-dev-fd N]\n"
		"             [--socket PATH]\n");
}

static int number(const char *opt, const char *s, long min, long max,
		  long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || !*s || *end || *out < min || *out > max) {
		fprintf(stderr, "hv-vm: --%s: %s is not a number in %ld..%ld\n",
			opt, s, min, max);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct options *o,
		      struct vm_config *c)
{
	int ch, idx = 0;
	const char *name;
	long n;

	while ((ch = getopt_long(argc, argv, "d:h", long_options, &idx)) !=
	       -1) {
		/* Every option with a number is long-only: idx names it. */
		name = long_options[idx].name;
		switch (ch) {
		case 'd':
			o->definition = optarg;
			break;
		case 'l':
			c->console_log = optarg;
			break;
		case 's':
			o->stats_json = optarg;
			break;
		case 'i':
			if (number(name, optarg, 1, 3600000, &n) < 0)
				return -1;
			c->dirty_interval_ms = n;
			break;
		case 'D':
			if (number(name, optarg, 0, 3600000, &n) < 0)
				return -1;
			c->dirty_delay_ms = n;
			break;
		case 'q':
			c->console_fd = -1;
			break;
		case 'T':
			c->tracepoints = false;
			break;
		case 'k':
			if (number(name, optarg, 0, 65535, &n) < 0)
				return -1;
			c->accel_fd = n;
			break;
		case 'u':
			if (number(name, optarg, 0, 65535, &n) < 0)
				return -1;
			c->uffd_dev_fd = n;
			break;
		case 'S':
			o->socket = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc || !o->definition) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

/* Until the VM ends: serve the socket, run the watchdog every tick. */
static void run(struct vm *vm, struct control *ctl)
{
	struct pollfd p = { .fd = vm->end_fd, .events = POLLIN };
	uint64_t next = now_ms() + TICK_MS, t;

	while (!vm_ended(vm)) {
		if (stop_signal) {
			vm_end(vm, VM_END_STOPPED, 0, stop_signal == SIGINT ?
			       "SIGINT" : "SIGTERM");
			break;
		}
		t = now_ms();
		if (t >= next) {
			vm_tick(vm);
			if (ctl)
				control_tick(ctl);
			next = t + TICK_MS;
			continue;
		}
		if (ctl)
			control_serve(ctl, next - t);
		else
			poll(&p, 1, next - t);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct vm_config cfg = {
		.dirty_interval_ms = 100,
		.accel_fd = -1,
		.uffd_dev_fd = -1,
		.tracepoints = true,
		.console_fd = STDOUT_FILENO,
	};
	struct options o = { 0 };
	struct control *ctl = NULL;
	char err[256];
	struct vm vm;
	int status;

	if (parse_args(argc, argv, &o, &cfg) < 0)
		return VM_STATUS_REFUSED;
	if (definition_load(o.definition, &cfg, err, sizeof(err)) < 0)
		goto refused;
	if (vm_create(&vm, &cfg, err, sizeof(err)) < 0) {
		definition_free(&cfg);
		goto refused;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (o.socket && control_open(&ctl, o.socket, &vm, err,
				     sizeof(err)) < 0) {
		vm_destroy(&vm);
		definition_free(&cfg);
		goto refused;
	}
	if (vm_start(&vm, err, sizeof(err)) < 0)
		fprintf(stderr, "hv-vm: %s\n", err);
	run(&vm, ctl);
	vm_join(&vm);
	if (ctl)
		control_close(ctl);
	status = vm_exit_status(&vm) & 0xff;
	fprintf(stderr, "hv-vm: %s: %s%s%s, exit status %d\n", cfg.name,
		vm_end_name(vm.end), vm.detail[0] ? ": " : "", vm.detail,
		status);
	if (o.stats_json && stats_write(&vm, o.stats_json, err,
					sizeof(err)) < 0)
		fprintf(stderr, "hv-vm: %s\n", err);
	vm_destroy(&vm);
	definition_free(&cfg);
	return status;
refused:
	fprintf(stderr, "hv-vm: %s\n", err);
	return VM_STATUS_REFUSED;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * guest.h: what each test guest defines (its name, parameters and main) and
 * what the runtime gives it back: exit codes and the failure report.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdint.h>

/* Exit status written to port 0xf4 (the VM ends with (code << 1) | 1). */
enum guest_exit {
	GUEST_OK = 0,
	GUEST_CHECK_FAILED = 1,	/* the guest's own check failed */
	GUEST_BAD_PARAM = 2,	/* unknown key or value out of range */
	GUEST_NO_MEMORY = 3,	/* the parameters need more RAM than given */
	GUEST_EXCEPTION = 4,	/* unexpected exception or interrupt */
	GUEST_BAD_BOOT = 5,	/* not entered by a multiboot v1 loader */
};

/* One key=value command-line parameter: a decimal or 0x-hex number. */
struct guest_param {
	const char *key;
	uint64_t *value;	/* holds the default until parsed */
	uint64_t min;
	uint64_t max;
};

struct guest {
	const char *name;
	const struct guest_param *params;	/* ends with a NULL key */
	enum guest_exit (*main)(void);
};

/* Each guest defines exactly one. */
extern const struct guest guest;

/* Prints "hv-test: NAME fail=..." and exits with code. */
void guest_fail(enum guest_exit code, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void guest_exit(enum guest_exit code) __attribute__((noreturn));

#endif

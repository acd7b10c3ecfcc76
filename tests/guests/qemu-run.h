/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * qemu-run.h: boots a test guest under QEMU's software emulation (TCG),
 * bounded by timeout(1), and picks apart its serial output.
 */
#ifndef HV_TESTS_GUESTS_QEMU_RUN_H
#define HV_TESTS_GUESTS_QEMU_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QEMU_RUN_TIMEOUT_S	60
/* isa-debug-exit: the status QEMU exits with when the guest writes code. */
#define QEMU_EXIT_STATUS(code)	(((code) << 1) | 1)

/* For criterion tests: skip, saying why, where QEMU is not installed. */
#define SKIP_WITHOUT_QEMU()						\
	do {								\
		if (!qemu_available())					\
			cr_skip_test("qemu-system-x86_64 not in PATH: "	\
				     "install qemu-system-x86");	\
	} while (0)

struct qemu_run {
	char *output;		/* serial output, NUL-terminated */
	size_t len;
	int status;		/* QEMU's exit status; -1 if it did not exit */
	const char *line;	/* the guest's "hv-test: " line, or NULL */
};

bool qemu_available(void);
/* Runs tests/guests/NAME.elf with cmdline as the multiboot command line
 * and extra QEMU arguments (NULL-terminated, may be NULL). */
bool qemu_run_guest(struct qemu_run *run, const char *name,
		    const char *cmdline, const char *const *extra);
/* Runs the guest and checks that it exited with code and that its hv-test
 * line says fail=reason and contains detail ("key=pages", say). */
bool qemu_run_fails(struct qemu_run *run, const char *name,
		    const char *cmdline, int code, const char *reason,
		    const char *detail);
/* Finds key=value in the hv-test line; false when absent. */
bool qemu_run_value(const struct qemu_run *run, const char *key,
		    char *buf, size_t size);
bool qemu_run_u64(const struct qemu_run *run, const char *key,
		  uint64_t *value);
/* Lines of output starting with prefix. */
unsigned int qemu_run_count_lines(const struct qemu_run *run,
				  const char *prefix);
void qemu_run_free(struct qemu_run *run);

#endif

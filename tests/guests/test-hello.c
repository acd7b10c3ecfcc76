// SPDX-License-Identifier: GPL-2.0-only
// test-hello.c: hello boots under QEMU TCG, greets, reads fw_cfg and exits
// 0, ignores words without '=', and triple-faults when asked to.
#include <criterion/criterion.h>
#include <string.h>
#include "qemu-run.h"

Test(guest_hello, greets_and_exits_zero)
{
	static const char *const smp[] = { "-smp", "2", NULL };
	struct qemu_run run;
	uint64_t v;

	SKIP_WITHOUT_QEMU();
	cr_assert(qemu_run_guest(&run, "hello", "", smp));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "status %d:\n%s",
		     run.status, run.output);
	cr_assert(strstr(run.output, "Hello from hv guest\r\n"));
	cr_assert(qemu_run_u64(&run, "fw_cfg", &v) && v == 1);
	cr_assert(qemu_run_u64(&run, "cpus", &v) && v == 2, "%s", run.line);
	cr_assert(qemu_run_u64(&run, "ram_mib", &v) && v == 64);
	qemu_run_free(&run);
}

Test(guest_hello, long_words_without_equals_are_ignored)
{
	struct qemu_run run;
	char cmdline[256];

	SKIP_WITHOUT_QEMU();
	memset(cmdline, 'p', 200);
	cmdline[200] = '\0';
	cr_assert(qemu_run_guest(&run, "hello", cmdline, NULL));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "%s", run.output);
	qemu_run_free(&run);
}

Test(guest_hello, triple_fault_shuts_down_without_result)
{
	struct qemu_run run;

	SKIP_WITHOUT_QEMU();
	cr_assert(qemu_run_guest(&run, "hello", "fault=2", NULL));
	/* -no-reboot: QEMU exits 0 on the shutdown a triple fault causes. */
	cr_assert_eq(run.status, 0, "%s", run.output);
	cr_assert(strstr(run.output, "faulting on purpose (fault=2)"));
	cr_assert_null(run.line, "%s", run.line);
	qemu_run_free(&run);
}

// SPDX-License-Identifier: GPL-2.0-only
// test-failures.c: every way a guest fails on purpose, one table row each:
// the exit code, the fail= reason and what the hv-test line must contain.
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "qemu-run.h"

#define P10	"pppppppppp"

/* Arrays, not pointers: criterion copies the rows into another process. */
struct failure {
	char guest[16];
	char cmdline[96];
	int code;
	char reason[16];
	char detail[2][48];
};

static struct failure failures[] = {
	{ "hello", "bogus=1", 2, "badparam", { "key=bogus reason=unknown" } },
	{ "hello", P10 P10 P10 P10 P10 P10 P10 "=1", 2, "badparam",
	  { "reason=word-too-long" } },
	{ "dirty", "rounds=x", 2, "badparam",
	  { "key=rounds reason=not-a-number" } },
	{ "demand", "pages=0", 2, "badparam",
	  { "key=pages value=0 min=1 max=65536" } },
	{ "apf", "apf=2", 2, "badparam", { "key=apf value=2 min=0 max=1" } },
	{ "memtouch", "spaces=8 mib=16", 3, "nomem", { "need_kib=16384" } },
	{ "hello", "fault=1", 4, "exception",
	  { "vector=14 error=0x2 rip=0x", "cr2=0x8000000000" } },
};

ParameterizedTestParameters(guest_failures, reported)
{
	return cr_make_param_array(struct failure, failures,
				   sizeof(failures) / sizeof(failures[0]));
}

ParameterizedTest(struct failure *f, guest_failures, reported)
{
	struct qemu_run run;

	SKIP_WITHOUT_QEMU();
	cr_assert(qemu_run_fails(&run, f->guest, f->cmdline, f->code,
				 f->reason, f->detail[0]), "%s %s:\n%s",
		  f->guest, f->cmdline, run.output);
	if (f->detail[1][0])
		cr_assert(strstr(run.line, f->detail[1]), "%s", run.line);
	qemu_run_free(&run);
}

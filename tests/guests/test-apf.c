// SPDX-License-Identifier: GPL-2.0-only
// test-apf.c: under TCG there is no KVM async PF: apf says enabled=0, sees
// no fault and no ready event, and its second task still gets work done
// on timer slices (with apf=1, which finds no CPUID bits, and apf=0).
#include <criterion/criterion.h>
#include "qemu-run.h"

static void check_off(const char *cmdline)
{
	struct qemu_run run;
	uint64_t v;

	cr_assert(qemu_run_guest(&run, "apf", cmdline, NULL));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "status %d:\n%s",
		     run.status, run.output);
	cr_assert(qemu_run_u64(&run, "enabled", &v) && v == 0, "%s",
		  run.line);
	cr_assert(qemu_run_u64(&run, "not_present", &v) && v == 0);
	cr_assert(qemu_run_u64(&run, "ready", &v) && v == 0);
	cr_assert(qemu_run_u64(&run, "wakeall", &v) && v == 0);
	cr_assert(qemu_run_u64(&run, "tokens_ok", &v) && v == 1);
	cr_assert(qemu_run_u64(&run, "work", &v) && v > 0, "%s", run.line);
	qemu_run_free(&run);
}

Test(guest_apf, tcg_has_no_async_pf_but_task_b_works)
{
	SKIP_WITHOUT_QEMU();
	check_off("mib=16 slice_us=200");
}

Test(guest_apf, apf_off_by_parameter)
{
	SKIP_WITHOUT_QEMU();
	check_off("mib=16 apf=0 slice_us=200");
}

// SPDX-License-Identifier: GPL-2.0-only
// test-demand.c: demand's own #PF handler takes exactly one fault per page
// and every page reads back what was written through its new mapping.
#include <criterion/criterion.h>
#include "qemu-run.h"

Test(guest_demand, one_fault_per_page)
{
	struct qemu_run run;
	uint64_t faults, pages, bad;

	SKIP_WITHOUT_QEMU();
	cr_assert(qemu_run_guest(&run, "demand", "pages=300", NULL));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "status %d:\n%s",
		     run.status, run.output);
	cr_assert(qemu_run_u64(&run, "faults", &faults));
	cr_assert(qemu_run_u64(&run, "pages", &pages));
	cr_assert(qemu_run_u64(&run, "bad", &bad));
	cr_assert_eq(pages, 300);
	cr_assert_eq(faults, pages);
	cr_assert_eq(bad, 0);
	qemu_run_free(&run);
}

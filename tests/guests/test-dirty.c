// SPDX-License-Identifier: GPL-2.0-only
// test-dirty.c: dirty does every round it is asked for, prints each, and
// its last round's checksum equals the one recomputed here.
#include <criterion/criterion.h>
#include "lib/checksum.h"
#include "qemu-run.h"

#define ROUNDS	3
#define MIB	2

/* Mirrors dirty.c: one word read back per page of the last round. */
static uint64_t expected_checksum(void)
{
	uint64_t pages = MIB * 256, p, sum = 0;

	for (p = 0; p < pages; p++)
		sum = hv_fold(sum, dirty_value(ROUNDS - 1, p) + p % 512);
	return sum;
}

Test(guest_dirty, all_rounds_done)
{
	struct qemu_run run;
	uint64_t v;

	SKIP_WITHOUT_QEMU();
	cr_assert(qemu_run_guest(&run, "dirty", "mib=2 rounds=3 pause_ms=5",
				 NULL));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "status %d:\n%s",
		     run.status, run.output);
	cr_assert_eq(qemu_run_count_lines(&run, "dirty: round "), ROUNDS);
	cr_assert(qemu_run_u64(&run, "rounds", &v) && v == ROUNDS);
	cr_assert(qemu_run_u64(&run, "bad", &v) && v == 0);
	cr_assert(qemu_run_u64(&run, "checksum", &v));
	cr_assert_eq(v, expected_checksum(), "guest 0x%016lx", v);
	qemu_run_free(&run);
}

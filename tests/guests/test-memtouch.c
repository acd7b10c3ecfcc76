// SPDX-License-Identifier: GPL-2.0-only
// test-memtouch.c: memtouch's checksum equals the one recomputed here from
// its parameters (so every space kept its own pages across CR3 switches).
#include <criterion/criterion.h>
#include <stdio.h>
#include "lib/checksum.h"
#include "qemu-run.h"

/* Mirrors memtouch.c: the words it reads back, in the order it reads. */
static uint64_t expected_checksum(uint64_t spaces, uint64_t mib,
				  uint64_t rounds)
{
	uint64_t pages = mib * 256, r, s, p, sum = 0;

	for (r = 1; r < rounds; r++)
		for (s = 0; s < spaces; s++)
			for (p = 0; p < pages; p++)
				sum = hv_fold(sum, memtouch_value(r - 1, s, p));
	for (s = 0; s < spaces; s++)
		for (p = 0; p < pages; p++)
			sum = hv_fold(sum, memtouch_value(rounds - 1, s, p));
	return sum;
}

static void check(uint64_t spaces, uint64_t mib, uint64_t rounds)
{
	struct qemu_run run;
	char cmdline[128];
	uint64_t v;

	snprintf(cmdline, sizeof(cmdline), "spaces=%lu mib=%lu rounds=%lu",
		 spaces, mib, rounds);
	cr_assert(qemu_run_guest(&run, "memtouch", cmdline, NULL));
	cr_assert_eq(run.status, QEMU_EXIT_STATUS(0), "status %d:\n%s",
		     run.status, run.output);
	cr_assert(qemu_run_u64(&run, "mismatches", &v) && v == 0);
	cr_assert(qemu_run_u64(&run, "spaces", &v) && v == spaces);
	cr_assert(qemu_run_u64(&run, "checksum", &v));
	cr_assert_eq(v, expected_checksum(spaces, mib, rounds),
		     "guest 0x%016lx, host 0x%016lx", v,
		     expected_checksum(spaces, mib, rounds));
	qemu_run_free(&run);
}

Test(guest_memtouch, checksum_matches_host_three_spaces)
{
	SKIP_WITHOUT_QEMU();
	check(3, 1, 4);
}

Test(guest_memtouch, checksum_matches_host_defaults)
{
	SKIP_WITHOUT_QEMU();
	check(8, 4, 10);
}

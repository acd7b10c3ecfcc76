/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * skip.h: how the monitor's criterion suites skip, with a clear message,
 * on a machine without the devices a test needs.
 */
#ifndef HV_TESTS_MONITOR_SKIP_H
#define HV_TESTS_MONITOR_SKIP_H

#include <criterion/criterion.h>

#include "tests/monitor/run-vm.h"

static inline void need_kvm(void)
{
	char why[128];

	if (!kvm_usable(why, sizeof(why)))
		cr_skip_test("SKIP: %s: the monitor needs a usable /dev/kvm",
			     why);
}

static inline void need_uffd(void)
{
	char why[128];

	need_kvm();
	if (!uffd_usable(why, sizeof(why)))
		cr_skip_test("SKIP: %s: uffd memory needs it", why);
}

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * caps.c: reduces hvd-helper, at start, to the capabilities its requests
 * need (the table below is the truth; hvd-helper(8) explains each) in the
 * effective, permitted and bounding sets; inheritable and ambient empty.
 * It stays uid 0: every file it opens (/dev/kvm, /dev/hv,
 * /dev/userfaultfd, tracefs ids, modules, its state file) is root's, so
 * it needs no CAP_DAC_OVERRIDE. No new privileges, not dumpable.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <cap-ng.h>

#include "helper/helper.h"

static const int kept[] = {
	CAP_KILL,	/* signal the monitors (user hv-vm) it started */
	CAP_SETGID,	/* start monitors as group hv-vm, no extra groups */
	CAP_SETUID,	/* start monitors as user hv-vm */
	CAP_SETPCAP,	/* empty a monitor's bounding set before exec */
	CAP_NET_ADMIN,	/* generic-netlink socket hv.ko checks the opener of */
	CAP_SYS_MODULE,	/* finit_module() of hv.ko */
	CAP_PERFMON,	/* tracepoint counters on another user's threads */
};

int caps_restrict(void)
{
	unsigned int i;

	capng_clear(CAPNG_SELECT_ALL);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
				 CAPNG_BOUNDING_SET, kept[i]))
			return -EINVAL;
	}
	if (capng_apply(CAPNG_SELECT_ALL))
		return -EPERM;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		return -errno;
	return 0;
}

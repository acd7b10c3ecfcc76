#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# runner.sh GROUP...: runs the named groups of cases inside the emulated
# machine, in order, printing "emu-test: NAME PASS|FAIL|SKIP DETAIL" per
# case, "emu-time: ..." per timed run and an "emu-summary:" line last.
. /emu/lib.sh
. /emu/cases/guests.sh
. /emu/cases/kvm-amd.sh
. /emu/cases/bzimage.sh
. /emu/cases/hv.sh
. /emu/cases/hv-stress.sh
. /emu/cases/bench.sh
. /emu/cases/hvd.sh

# Group name on the plan -> the command that runs it.
groups='kvm-amd:npt=kvm_amd_group 1
kvm-amd:shadow=kvm_amd_group 0
bzimage=bzimage_group
hv:npt=hv_group 1
hv:shadow=hv_group 0
hv:fuzz=hv_fuzz_group
hv:loadloop=hv_loadloop_group
hv:exclusive=hv_exclusive_group
hv:bypass=hv_bypass_group
hv:smp-dirty=hv_smp_dirty_group
bench=bench_group
hvd=hvd_group'

for g in "$@"; do
	cmd=$(printf '%s\n' "$groups" | sed -n "s/^$g=//p")
	if [ -z "$cmd" ]; then
		result "plan.$g" FAIL "no such group"
		continue
	fi
	$cmd
done
summary

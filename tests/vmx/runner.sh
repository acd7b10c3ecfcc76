#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# runner.sh GROUP...: the VMX machine's runner, packed as /emu/runner.sh
# beside tests/emu's lib.sh and cases (whose /init, guests and hv.ko cases
# it reuses): runs the named groups in order, then the summary line.
. /emu/lib.sh
. /emu/cases/guests.sh
. /emu/cases/hv.sh
. /emu/cases/hv-stress.sh
. /emu/cases/kvm-intel.sh
. /emu/cases/vmx.sh

# hv.ko has no local APIC, and the VMX machine is slow: no apf guest.
# demand runs with EFER.NXE, without which the MMU core makes no notrap
# entries and the bypass has nothing to act on.
guests_table=$(printf '%s\n' "$guests_table" | grep -v '^apf|' |
	sed 's/^demand|\([^|]*\)|\([^|]*\)|/demand|\1|\2 nx=1|/')
# memtouch's reference is kvm-intel's own run unless the host gave one.
[ "$memtouch_sum" = none ] && memtouch_sum=

# Group name on the plan -> the command that runs it.
groups='kvm-intel:ept=kvm_intel_group 1
kvm-intel:shadow=kvm_intel_group 0
hv:ept=hv_vmx_group ept 1 1
hv:shadow=hv_vmx_group shadow 0 1
hv:nobypass=hv_vmx_group nobypass 0 0
hv:fuzz=hv_fuzz_group
exclusive=hv_exclusive_group kvm_intel
report=vmx_report_group'

for g in "$@"; do
	cmd=$(printf '%s\n' "$groups" | sed -n "s/^$g=//p")
	if [ -z "$cmd" ]; then
		result "plan.$g" FAIL "no such group"
		continue
	fi
	$cmd
done
summary

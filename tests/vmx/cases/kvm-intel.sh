# SPDX-License-Identifier: GPL-2.0-only
# kvm-intel.sh: Debian's own kvm-intel, the reference hypervisor on VMX:
# loads it (kvm and its other dependencies first, in the order of
# /emu/modules/modules.load) with EPT on or off, runs every guest on it,
# unloads it. The first run also fixes memtouch's reference checksum.
# shellcheck shell=sh

# kvm_intel_load EPT: loads kvm-intel with ept=EPT (1 or 0); fails when the
# module does not load or does not report that mode.
kvm_intel_load() {
	want=$([ "$1" = 1 ] && echo Y || echo N)
	while read -r ko; do
		grep -q "^${ko%.ko} " /proc/modules && continue
		if [ "$ko" = kvm_intel.ko ]; then
			insmod "/emu/modules/$ko" "ept=$1" || return 1
		else
			insmod "/emu/modules/$ko" || return 1
		fi
	done </emu/modules/modules.load
	[ "$(cat /sys/module/kvm_intel/parameters/ept)" = "$want" ] &&
		[ -c /dev/kvm ]
}

kvm_intel_unload() {
	rmmod kvm_intel
}

# kvm_intel_reference: memtouch once on kvm-intel; its checksum becomes
# the one every later memtouch run must give (KVM is the reference).
kvm_intel_reference() {
	c=kvm-intel.reference
	vm_run "$c" 90 "$(guest_def memtouch 32 "$memtouch_args" '')"
	sum=$(hvtest "$c" checksum)
	if [ "$vm_status" = 1 ] && [ -n "$sum" ] &&
		[ "$(hvtest "$c" mismatches)" = 0 ]; then
		memtouch_sum=$sum
		result "$c" PASS "checksum=$sum"
	else
		result "$c" FAIL "status $vm_status: $(why "$c")"
	fi
}

# kvm_intel_group EPT: the guests under kvm-intel, cases kvm-intel.ept.*
# or kvm-intel.shadow.*.
kvm_intel_group() {
	label=kvm-intel.$([ "$1" = 1 ] && echo ept || echo shadow)
	if ! kvm_intel_load "$1" >/tmp/load.log 2>&1; then
		result "$label.load" FAIL "$(why load)"
		return
	fi
	result "$label.load" PASS \
		"ept=$(cat /sys/module/kvm_intel/parameters/ept)"
	[ -n "$memtouch_sum" ] || kvm_intel_reference
	guests_run "$label"
	if kvm_intel_unload >/tmp/load.log 2>&1; then
		result "$label.unload" PASS ""
	else
		result "$label.unload" FAIL "$(tr '\n' '|' </tmp/load.log)"
	fi
}

# SPDX-License-Identifier: GPL-2.0-only
# kvm-amd.sh: Debian's own kvm-amd, the reference hypervisor: loads it
# (and kvm, irqbypass, ccp before it, in /emu/modules/modules.load order)
# with nested paging on or off, runs every guest on it, unloads it.
# shellcheck shell=sh

# kvm_amd_load NPT: loads kvm-amd with npt=NPT (1 or 0); fails when the
# module does not load or does not report that mode.
kvm_amd_load() {
	want=$([ "$1" = 1 ] && echo Y || echo N)
	while read -r ko; do
		grep -q "^${ko%.ko} " /proc/modules && continue
		if [ "$ko" = kvm_amd.ko ]; then
			insmod "/emu/modules/$ko" "npt=$1" || return 1
		else
			insmod "/emu/modules/$ko" || return 1
		fi
	done </emu/modules/modules.load
	[ "$(cat /sys/module/kvm_amd/parameters/npt)" = "$want" ] &&
		[ -c /dev/kvm ]
}

kvm_amd_unload() {
	rmmod kvm_amd
}

# kvm_amd_group NPT: the guests under kvm-amd, cases kvm-amd.npt.* or
# kvm-amd.shadow.*.
kvm_amd_group() {
	label=kvm-amd.$([ "$1" = 1 ] && echo npt || echo shadow)
	if ! kvm_amd_load "$1" >/tmp/load.log 2>&1; then
		result "$label.load" FAIL "$(why load)"
		return
	fi
	result "$label.load" PASS \
		"npt=$(cat /sys/module/kvm_amd/parameters/npt)"
	guests_run "$label"
	hello_smp "$label"
	smp_run "$label"
	if kvm_amd_unload >/tmp/load.log 2>&1; then
		result "$label.unload" PASS ""
	else
		result "$label.unload" FAIL "$(tr '\n' '|' </tmp/load.log)"
	fi
}

# SPDX-License-Identifier: GPL-2.0-only
# hv.sh: hv.ko, the hypervisor under test: loads /emu/hv.ko with nested
# paging on or off, runs every guest of guests.sh on it (accel "hv"), then
# unloads it. Cases hv.npt.* and hv.shadow.*.
# shellcheck shell=sh

# hv_load NPT: loads hv.ko with npt=NPT (1 or 0); fails unless the module
# reports that mode and /dev/hv exists.
hv_load() {
	want=$([ "$1" = 1 ] && echo Y || echo N)
	insmod /emu/hv.ko "npt=$1" || return 1
	[ "$(cat /sys/module/hv/parameters/npt)" = "$want" ] && [ -c /dev/hv ]
}

# hv_figures NPT LABEL: the MMU core's techniques seen at work: the
# lockless fast path fixing dirty-logging faults, and in shadow mode the
# shadow-page cache reused across memtouch's CR3 switches.
hv_figures() {
	fast=$(figure "$2.dirty" pf_fast)
	if [ "${fast:-0}" -gt 0 ]; then
		result "$2.dirty.pf_fast" PASS "pf_fast=$fast"
	else
		result "$2.dirty.pf_fast" FAIL "pf_fast=${fast:-absent}"
	fi
	[ "$1" = 0 ] || return 0
	hit=$(figure "$2.memtouch" mmu_cache_hit)
	if [ "${hit:-0}" -gt 0 ]; then
		result "$2.memtouch.cache" PASS "mmu_cache_hit=$hit"
	else
		result "$2.memtouch.cache" FAIL "mmu_cache_hit=${hit:-absent}"
	fi
}

# hv_faults LABEL: hello faulting on purpose. A page fault must reach the
# guest's own handler (injected by hv.ko in shadow mode), which reports
# vector 14 and exits with 4 (status 9); a triple fault must end the VM
# as a shutdown (status 2).
hv_faults() {
	c=$1.hello-pf
	vm_run "$c" 30 "$(guest_def hello 16 'fault=1' '')"
	if [ "$vm_status" = 9 ] &&
		grep -q 'fail=exception vector=14' "/tmp/$c.log"; then
		result "$c" PASS "$(grep '^hv-test:' "/tmp/$c.log")"
	else
		result "$c" FAIL "status $vm_status: $(why "$c")"
	fi
	c=$1.hello-triple
	vm_run "$c" 30 "$(guest_def hello 16 'fault=2' '')"
	if [ "$vm_status" = 2 ]; then
		result "$c" PASS "$(tail -n 1 "/tmp/$c.log")"
	else
		result "$c" FAIL "status $vm_status: $(why "$c")"
	fi
}

hv_group() {
	label=hv.$([ "$1" = 1 ] && echo npt || echo shadow)
	if ! hv_load "$1" >/tmp/load.log 2>&1; then
		result "$label.load" FAIL "$(tail -n 3 /tmp/load.log | tr '\n' '|')"
		return
	fi
	result "$label.load" PASS "npt=$(cat /sys/module/hv/parameters/npt)"
	# apf programs the local APIC (timer, interrupts): hv.ko has none.
	all_guests=$guests_table
	guests_table=$(printf '%s\n' "$all_guests" | grep -v '^apf|')
	guest_accel=',"accel":"hv"'
	guests_run "$label"
	hv_faults "$label"
	guest_accel=
	guests_table=$all_guests
	hv_figures "$1" "$label"
	result "$label.apf" SKIP "needs a local APIC, which hv.ko does not emulate"
	if rmmod hv >/tmp/load.log 2>&1; then
		result "$label.unload" PASS ""
	else
		result "$label.unload" FAIL "$(tr '\n' '|' </tmp/load.log)"
	fi
	dmesg | grep -e 'BUG:' -e 'WARNING: CPU' -e 'Oops' | tail -n 5 |
		sed "s|^|emu-log: $label: |"
}

# SPDX-License-Identifier: GPL-2.0-only
# hv.sh: hv.ko, the hypervisor under test: loads /emu/hv.ko with nested
# paging on or off, runs every guest of guests.sh on it (accel "hv"),
# apf's async page faults through hv.ko's local APIC and the two-vCPU
# guests included, apf once more with the module's async PF events on
# (counted against its counters), then unloads it. Cases hv.npt.* and
# hv.shadow.*.
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

# hv_apf NPT LABEL: async PF really delivered on hv.ko, through its local
# APIC: "page not present" seen by the guest, as many as hv.ko counted;
# every one answered ("page ready" by token, or a wake-all), guest and
# hv.ko agreeing on both; with nested paging, arrived pages mapped before
# the guest asked again (apf_prefault).
hv_apf() {
	c=$2.apf.figures
	np=$(hvtest "$2.apf" not_present)
	r=$(hvtest "$2.apf" ready)
	w=$(hvtest "$2.apf" wakeall)
	gready=$((${r:-0} + ${w:-0}))
	hnp=$(figure "$2.apf" apf_not_present)
	r=$(figure "$2.apf" apf_ready)
	w=$(figure "$2.apf" apf_wakeup_all)
	hready=$((${r:-0} + ${w:-0}))
	pre=$(figure "$2.apf" apf_prefault)
	detail="not_present=$np hyp_not_present=$hnp ready+wakeall=$gready"
	detail="$detail hyp_ready+wakeup_all=$hready apf_prefault=$pre"
	detail="$detail irq_injections=$(figure "$2.apf" irq_injections)"
	if [ "${np:-0}" -gt 0 ] && [ "$np" = "$hnp" ] &&
		[ "$gready" = "$hready" ] &&
		[ "$(hvtest "$2.apf" tokens_ok)" = 1 ] &&
		{ [ "$1" = 0 ] || [ "${pre:-0}" -gt 0 ]; }; then
		result "$c" PASS "$detail"
	else
		# The vCPU's counters, as evidence of where it got stuck.
		result "$c" FAIL "$detail $(tr ',{}' '\n  ' \
			<"/tmp/$2.apf.json" 2>/dev/null |
			grep -E '_exits|injections|apic|pf_taken' | tr -d ' "' |
			tr '\n' ' ')"
	fi
}

# hv_apf_events LABEL: apf on uffd memory again, with hv-apf-watch
# turning the module's async PF events on as its VM is created: one
# not-present event per apf_not_present counted, one ready event per
# apf_ready, each ready token announced before, unless the module counted
# drops (apf_events_dropped), which must then make up the difference.
hv_apf_events() {
	c=$1.apf-events
	/emu/bin/hv-apf-watch 120 >"/tmp/$c.watch" 2>&1 &
	wpid=$!
	n=0
	while [ "$n" -lt 50 ] && ! grep -q listening "/tmp/$c.watch"; do
		sleep 0.1
		n=$((n + 1))
	done
	vm_run "$c" 90 "$(guest_def apf 32 'mib=2 slice_us=10000' \
		"$apf_keys")"
	wait "$wpid"
	line=$(grep 'vm=' "/tmp/$c.watch")
	enp=$(echo "$line" | sed -n 's/.* not_present=\([0-9]*\).*/\1/p')
	erd=$(echo "$line" | sed -n 's/.* ready=\([0-9]*\).*/\1/p')
	unm=$(echo "$line" | sed -n 's/.* unmatched=\([0-9]*\).*/\1/p')
	hnp=$(figure "$c" apf_not_present)
	hrd=$(figure "$c" apf_ready)
	drop=$(figure "$c" apf_events_dropped)
	detail="events: not_present=$enp ready=$erd unmatched=$unm;"
	detail="$detail hv.ko: apf_not_present=$hnp apf_ready=$hrd"
	detail="$detail apf_events_dropped=$drop"
	if [ "$vm_status" = 1 ] && [ "${hnp:-0}" -gt 0 ] &&
		[ -n "$enp" ] && [ -n "$erd" ] && [ -n "$drop" ] &&
		[ $((enp + erd + drop)) = $((hnp + hrd)) ] &&
		{ [ "$drop" -gt 0 ] || { [ "$enp" = "$hnp" ] &&
			[ "$erd" = "$hrd" ] && [ "$unm" = 0 ]; }; }; then
		result "$c" PASS "$detail"
	else
		result "$c" FAIL "status $vm_status $detail:" \
			"$(tr '\n' '|' <"/tmp/$c.watch") $(why "$c")"
	fi
}

# hv_smp_dirty LABEL: smp on two vCPUs with dirty logging on, so both
# race on the write-protected counter page and the lockless fast path
# fixes their faults concurrently: the counter must still be exact.
hv_smp_dirty() {
	c=$1.smp-dirty
	vm_run "$c" 90 "$(guest_def smp 16 'rounds=200000 reads=2000' \
		"$dirty_keys" 2)"
	fast=$(figure "$c" pf_fast)
	detail="pf_fast=${fast:-absent} $(grep '^hv-test:' "/tmp/$c.log")"
	if [ "$vm_status" = 1 ] && guest_text "$c" | grep -qx "$smp_want" &&
		[ "${fast:-0}" -gt 0 ]; then
		result "$c" PASS "$detail"
	else
		result "$c" FAIL "status $vm_status $detail: $(why "$c")"
		show "$c"
	fi
}

# hv_smp_dirty_group: hv.ko with nested paging and only hv_smp_dirty, run
# emu.repeat= times (default 1) in one boot, for hunting its rare failure:
# EMU_PLAN=hv:smp-dirty EMU_REPEAT=25 scripts/emu-check-kmod.sh BUILDDIR.
hv_smp_dirty_group() {
	n=$(sed -n 's/.*emu\.repeat=\([0-9]*\).*/\1/p' /proc/cmdline)
	if ! hv_load 1 >/tmp/load.log 2>&1; then
		result hv.npt.load FAIL "$(tail -n 3 /tmp/load.log | tr '\n' '|')"
		return
	fi
	guest_accel=',"accel":"hv"'
	i=1
	while [ "$i" -le "${n:-1}" ]; do
		hv_smp_dirty "hv.npt.$i"
		i=$((i + 1))
	done
	guest_accel=
	rmmod hv
}

hv_group() {
	label=hv.$([ "$1" = 1 ] && echo npt || echo shadow)
	if ! hv_load "$1" >/tmp/load.log 2>&1; then
		result "$label.load" FAIL "$(tail -n 3 /tmp/load.log | tr '\n' '|')"
		return
	fi
	result "$label.load" PASS "npt=$(cat /sys/module/hv/parameters/npt)"
	guest_accel=',"accel":"hv"'
	guests_run "$label"
	hv_apf_events "$label"
	hv_faults "$label"
	hello_smp "$label"
	if [ "$1" = 1 ]; then
		smp_run "$label"
		hv_smp_dirty "$label"
	else
		result "$label.smp" SKIP "a SIPI starts real mode, which" \
			"shadow paging does not run"
	fi
	guest_accel=
	hv_figures "$1" "$label"
	hv_apf "$1" "$label"
	if rmmod hv >/tmp/load.log 2>&1; then
		result "$label.unload" PASS ""
	else
		result "$label.unload" FAIL "$(tr '\n' '|' </tmp/load.log)"
	fi
	dmesg | grep -e 'BUG:' -e 'WARNING: CPU' -e 'Oops' | tail -n 5 |
		sed "s|^|emu-log: $label: |"
}

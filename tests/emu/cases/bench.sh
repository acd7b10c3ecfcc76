# SPDX-License-Identifier: GPL-2.0-only
# bench.sh: the "bench" group, what "make bench-kmod" measures in one boot
# of the emulated machine (-smp 1 -icount shift=0: repeatable run times).
# Each guest runs bench_rounds times under hv.ko and under kvm-amd, with
# nested paging and with shadow paging; then each hv.ko module parameter
# is turned off on its own workload. Every run prints "emu-time:
# HYP.MODE.GUEST run_ns=N wall_ms=N", HYP being "hv", "kvm-amd",
# "hv:PARAM=0" or "hv:PARAM=1"; tests/emu/bench-kmod.c takes the
# medians and the ratios.
# shellcheck shell=sh

bench_rounds=5
# hello's run time is reported with its spread (it may not repeat).
bench_guests='memtouch dirty demand hello'
# hv.ko parameter|paging mode (npt value)|its workload|the workload's
# arguments when guests.sh's do not exercise the parameter; then the
# parameter is measured on ("hv:PARAM=1") as well as off. dirty must
# outlast hv-vm's 100 ms dirty-log interval, or no page is write-protected
# again while it runs and the fast path has nothing to fix.
bench_params='fast_pf|1|dirty|mib=4 rounds=40 pause_ms=0
shadow_cache|0|memtouch|
bypass|0|demand|'

# bench_guests_run LABEL GUESTS [ARGS]: GUESTS (names of guests.sh's
# table), each bench_rounds times in a row, under the loaded hypervisor,
# with ARGS as command line when given.
bench_guests_run() {
	all_guests=$guests_table
	for g in $2; do
		guests_table=$(printf '%s\n' "$all_guests" | grep "^$g|" |
			awk -F'|' -v a="${3:-}" 'BEGIN { OFS = "|" }
				{ if (a != "") $3 = a; print }')
		i=0
		while [ "$i" -lt "$bench_rounds" ]; do
			guests_run "$1"
			i=$((i + 1))
		done
	done
	guests_table=$all_guests
}

# bench_hv NPT LABEL GUESTS [PARAM=VALUE [ARGS]]: hv.ko loaded with
# npt=NPT and the parameter given, GUESTS run on it (with ARGS), then
# unloaded.
bench_hv() {
	if ! insmod /emu/hv.ko "npt=$1" ${4:+"$4"} >/tmp/load.log 2>&1; then
		result "$2.load" FAIL "$(why load)"
		return
	fi
	guest_accel=',"accel":"hv"'
	bench_guests_run "$2" "$3" "${5:-}"
	guest_accel=
	rmmod hv || result "$2.unload" FAIL "rmmod hv failed"
}

# bench_kvm NPT LABEL: kvm-amd loaded with npt=NPT, every bench guest run
# on it, then unloaded (kvm-amd and hv.ko take turns at SVM).
bench_kvm() {
	if ! kvm_amd_load "$1" >/tmp/load.log 2>&1; then
		result "$2.load" FAIL "$(why load)"
		return
	fi
	bench_guests_run "$2" "$bench_guests"
	kvm_amd_unload || result "$2.unload" FAIL "rmmod kvm_amd failed"
}

# bench_param PARAM NPT GUEST ARGS VALUE: GUEST (with ARGS) on hv.ko
# loaded with npt=NPT and PARAM=VALUE, runs labelled "hv:PARAM=VALUE".
bench_param() {
	mode=$([ "$2" = 1 ] && echo npt || echo shadow)
	bench_hv "$2" "hv:$1=$5.$mode" "$3" "$1=$5" "$4"
}

bench_group() {
	for npt in 1 0; do
		mode=$([ "$npt" = 1 ] && echo npt || echo shadow)
		bench_hv "$npt" "hv.$mode" "$bench_guests"
		bench_kvm "$npt" "kvm-amd.$mode"
	done
	# Own names: guests_run's read empties g, args and the like at EOF.
	while IFS='|' read -r bp_param bp_npt bp_guest bp_args; do
		[ -z "$bp_args" ] || bench_param "$bp_param" "$bp_npt" \
			"$bp_guest" "$bp_args" 1
		bench_param "$bp_param" "$bp_npt" "$bp_guest" "$bp_args" 0
	done <<TABLE
$bench_params
TABLE
	result bench.async_pf SKIP "apf is no fixed workload (it touches" \
		"65 to 512 uffd pages a run): no fair time figure"
}

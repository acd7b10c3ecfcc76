# SPDX-License-Identifier: GPL-2.0-only
# hvd.sh: the whole stack on hv.ko, as root in the emulated machine: hvd
# (which starts hvd-helper and drops to uid 1000) runs a memtouch guest on
# accel "hv" (shadow paging) through hvctl; "hvctl stats" must show the
# module's figures, the same as hv-genl-dump reads from the module's
# netlink family, and "hvctl events" the module's VM created/destroyed
# events for the guest's VM; then an apf guest on uffd memory whose async
# PF events "hvctl events --apf-events" turns on and prints. Cases hvd.*.
# shellcheck shell=sh

hvd_dir=/tmp/hvd
hvd_sock=$hvd_dir/run/hvd.sock

hvctl_() {
	timeout 60 /emu/bin/hvctl --socket "$hvd_sock" "$@"
}

# hvd_up: starts hvd as root (it starts the helper and drops to uid
# 1000; monitors run as uid 1001); waits for its socket.
hvd_up() {
	# The monitor is installed 0711, as the helper wants it.
	mkdir -p "$hvd_dir"
	cp /emu/bin/hv-vm "$hvd_dir/hv-vm"
	chmod 711 "$hvd_dir/hv-vm"
	printf '%s\n' "user = 1000" "monitor_user = 1001" \
		"helper_path = /emu/bin/hvd-helper" \
		"monitor_path = $hvd_dir/hv-vm" \
		"helper_socket = $hvd_dir/helper.sock" >"$hvd_dir/hvd.conf"
	/emu/bin/hvd --foreground --config "$hvd_dir/hvd.conf" \
		--runtime-dir "$hvd_dir/run" --state-dir "$hvd_dir/state" \
		--log-dir "$hvd_dir/log" 2>"$hvd_dir/hvd.err" &
	hvd_pid=$!
	n=0
	while [ "$n" -lt 100 ] && ! hvctl_ version >/dev/null 2>&1; do
		sleep 0.2
		n=$((n + 1))
	done
	hvctl_ version >/dev/null 2>&1
}

# hvd_wait_state NAME STATE: up to 60 s for hvctl info to show STATE.
hvd_wait_state() {
	n=0
	while [ "$n" -lt 120 ]; do
		hvctl_ --json info "$1" 2>/dev/null |
			grep -q "\"state\": *\"$2\"" && return 0
		sleep 0.5
		n=$((n + 1))
	done
	return 1
}

# json_u64 FILE KEY: the first value of KEY in the JSON of FILE.
json_u64() {
	grep -o "\"$2\": *[0-9]*" "$1" | head -n1 | sed 's/.*: *//'
}

# hvd_compare ID: every figure of hv.ko's VM ID in "hvctl --json stats mt"
# must lie between two reads of the module's own answer around it (the
# guest runs meanwhile), and equal them where they did not move.
hvd_compare() {
	/emu/bin/hv-genl-dump "$1" >/tmp/hvd.d1 2>&1 &&
		hvctl_ --json stats mt >/tmp/hvd.stats 2>&1 &&
		/emu/bin/hv-genl-dump "$1" >/tmp/hvd.d2 2>&1 || return 1
	compared=0
	equal=0
	bad=
	while read -r key v1; do
		name=${key#*.}
		v2=$(sed -n "s/^$key //p" /tmp/hvd.d2)
		h=$(json_u64 /tmp/hvd.stats "$name")
		if [ -z "$h" ] || [ -z "$v2" ] || [ "$h" -lt "$v1" ] ||
			[ "$h" -gt "$v2" ]; then
			bad="$bad $key=${h:-absent}($v1..$v2)"
			continue
		fi
		compared=$((compared + 1))
		[ "$v1" = "$v2" ] && equal=$((equal + 1))
	done </tmp/hvd.d1
	[ -z "$bad" ] && [ "$compared" -ge 10 ]
}

# hvd_apf: apf on uffd memory through hvd; "hvctl events ap
# --apf-events" (retried while the monitor has no hv.ko VM yet) turns the
# module's async PF events on through hvd's socket, then prints them:
# hvd.apf-events wants some of each, every one for hv.ko's VM of ap.
hvd_apf() {
	c=hvd.apf-events
	hvctl_ create ap --memory 32 --vcpus 1 --format multiboot \
		--image /emu/guests/apf.elf --accel hv --memory-backend uffd \
		--uffd-delay-us 1000 --async-pf \
		--cmdline 'mib=2 slice_us=10000' >/tmp/hvd.apf.out 2>&1 &&
		hvctl_ start ap >>/tmp/hvd.apf.out 2>&1
	st=$?
	n=0
	apf_pid=
	while [ "$st" = 0 ] && [ "$n" -lt 40 ]; do
		/emu/bin/hvctl --socket "$hvd_sock" --json events ap \
			--apf-events >/tmp/hvd.apf 2>&1 &
		apf_pid=$!
		sleep 0.5
		kill -0 "$apf_pid" 2>/dev/null && break
		apf_pid=
		n=$((n + 1))
	done
	hvd_wait_state ap stopped
	sleep 1
	[ -n "$apf_pid" ] && kill "$apf_pid" && wait "$apf_pid" 2>/dev/null
	hvctl_ delete ap >/dev/null 2>&1
	np=$(grep -o '"module_event": *"apf_not_present"' /tmp/hvd.apf |
		wc -l)
	rd=$(grep -o '"module_event": *"apf_ready"' /tmp/hvd.apf | wc -l)
	other=$(grep -o '"module_vm_id": *[0-9]*' /tmp/hvd.apf | sort -u |
		wc -l)
	if [ -n "$apf_pid" ] && [ "$np" -gt 0 ] && [ "$rd" -gt 0 ] &&
		[ "$other" = 1 ] && grep -q '"gfn"' /tmp/hvd.apf; then
		result "$c" PASS "apf_not_present=$np apf_ready=$rd" \
			"after $n retries"
	else
		result "$c" FAIL "start $st retries $n np=$np rd=$rd" \
			"vms=$other: $(tr '\n' '|' </tmp/hvd.apf.out)" \
			"$(head -c 300 /tmp/hvd.apf)"
	fi
}

hvd_group() {
	c=hvd
	for f in hvd hvd-helper hvctl hv-genl-dump; do
		if [ ! -x "/emu/bin/$f" ]; then
			result "$c.setup" FAIL "/emu/bin/$f missing (run make)"
			return
		fi
	done
	if ! insmod /emu/hv.ko npt=0 2>/tmp/load.log; then
		result "$c.setup" FAIL "insmod: $(tr '\n' '|' </tmp/load.log)"
		return
	fi
	if ! hvd_up; then
		result "$c.start" FAIL "$(tail -n 3 "$hvd_dir/hvd.err" |
			tr '\n' '|')"
		rmmod hv
		return
	fi
	if grep -q "hv.ko's statistics and events over generic netlink" \
		"$hvd_dir/hvd.err"; then
		result "$c.netlink" PASS "$(grep 'generic netlink' \
			"$hvd_dir/hvd.err")"
	else
		result "$c.netlink" FAIL "$(tr '\n' '|' <"$hvd_dir/hvd.err")"
	fi
	/emu/bin/hvctl --socket "$hvd_sock" events >/tmp/hvd.events 2>&1 &
	events_pid=$!
	sleep 1
	hvctl_ create mt --memory 32 --vcpus 1 --format multiboot \
		--image /emu/guests/memtouch.elf --accel hv \
		--cmdline 'spaces=2 mib=1 rounds=1000000' >/tmp/hvd.out 2>&1 &&
		hvctl_ start mt >>/tmp/hvd.out 2>&1 &&
		hvd_wait_state mt running
	st=$?
	# Until the guest has run a while: its vCPU has exited to hv.ko.
	n=0
	while [ "$st" = 0 ] && [ "$n" -lt 60 ]; do
		hvctl_ --json stats mt >/tmp/hvd.stats 2>&1
		[ "$(json_u64 /tmp/hvd.stats exits)" -gt 1000 ] 2>/dev/null &&
			break
		sleep 0.5
		n=$((n + 1))
	done
	id=$(json_u64 /tmp/hvd.stats vm_id)
	if [ "$st" = 0 ] && [ -n "$id" ] &&
		! grep -q '"module_error"' /tmp/hvd.stats; then
		result "$c.run" PASS "mt runs as hv.ko VM $id"
	else
		result "$c.run" FAIL "$(tr '\n' '|' </tmp/hvd.out) \
$(head -c 300 /tmp/hvd.stats) $(tail -n 3 "$hvd_dir/hvd.err" | tr '\n' '|')"
	fi
	if [ -n "$id" ] && hvd_compare "$id"; then
		result "$c.stats" PASS "$compared figures within the module's" \
			"reads, $equal unchanged and equal;" \
			"$(grep -e 'exits ' -e 'mmu_cache_miss' -e 'pf_taken' \
			/tmp/hvd.d2 | tr '\n' ' ')"
	else
		result "$c.stats" FAIL "compared=${compared:-0}${bad:-}" \
			"$(head -c 300 /tmp/hvd.stats)"
	fi
	# The table hvctl prints shows the module's counters, non-zero.
	hvctl_ stats mt >/tmp/hvd.table 2>&1
	ex=$(sed -n 's/^exits  *\([0-9]*\).*/\1/p' /tmp/hvd.table)
	miss=$(sed -n 's/^mmu_cache_miss  *\([0-9]*\).*/\1/p' /tmp/hvd.table)
	if [ "${ex:-0}" -gt 0 ] && [ "${miss:-0}" -gt 0 ]; then
		result "$c.table" PASS "exits=$ex mmu_cache_miss=$miss"
	else
		result "$c.table" FAIL "$(tr '\n' '|' </tmp/hvd.table)"
	fi
	hvctl_ stop mt --force >/dev/null 2>&1
	hvd_wait_state mt stopped && hvctl_ delete mt >/dev/null 2>&1
	st=$?
	sleep 1
	kill "$events_pid"
	wait "$events_pid" 2>/dev/null
	created=$(grep -c "vm_created (hv.ko VM ${id:-x})" /tmp/hvd.events)
	destroyed=$(grep -c "vm_destroyed (hv.ko VM ${id:-x})" /tmp/hvd.events)
	if [ "$st" = 0 ] && [ "$created" = 1 ] && [ "$destroyed" = 1 ]; then
		result "$c.events" PASS "$(grep module /tmp/hvd.events |
			tr -s ' ' | tr '\n' '|')"
	else
		result "$c.events" FAIL "stop/delete $st: $(tr -s ' ' <\
			/tmp/hvd.events | tr '\n' '|')"
	fi
	if grep -q "hv.ko: VM ${id:-x} destroyed" "$hvd_dir/hvd.err"; then
		result "$c.journal" PASS "$(grep 'hv.ko: VM' \
			"$hvd_dir/hvd.err" | tr '\n' '|')"
	else
		result "$c.journal" FAIL "$(tail -n 5 "$hvd_dir/hvd.err" |
			tr '\n' '|')"
	fi
	hvd_apf
	kill "$hvd_pid"
	wait "$hvd_pid" 2>/dev/null
	rmmod hv || result "$c.unload" FAIL "hv.ko still in use"
}

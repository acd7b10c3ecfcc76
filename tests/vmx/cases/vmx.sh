# SPDX-License-Identifier: GPL-2.0-only
# vmx.sh: hv.ko on VMX: every guest with EPT and with shadow paging (the
# seed-003 bypass on and off), the guests' console text compared with
# kvm-intel's, the bypass's effect on fault exits, the exit counts for the
# benchmark. Cases hv.ept.*, hv.shadow.*, hv.nobypass.*, compare.*,
# bypass.* (hv.exclusive, hv.ko refused while kvm-intel runs a guest, is
# tests/emu's hv_exclusive_group, group "exclusive" of the runner).
# shellcheck shell=sh

# hv_vmx_group LABEL NPT BYPASS: loads hv.ko so, runs every guest, the
# fault cases of hv.sh and the two-vCPU ones of guests.sh (the local APIC:
# start-up IPI, IPIs, interrupt windows), checks the MMU figures, unloads.
hv_vmx_group() {
	label=hv.$1
	if ! insmod /emu/hv.ko "npt=$2" "bypass=$3" >/tmp/load.log 2>&1 ||
		[ ! -c /dev/hv ]; then
		result "$label.load" FAIL "$(tail -n 3 /tmp/load.log |
			tr '\n' '|') $(dmesg | grep 'hv:' | tail -n 2 |
			tr '\n' '|')"
		return
	fi
	result "$label.load" PASS "$(dmesg | grep 'hv: /dev/hv ready' |
		tail -n 1 | sed 's/.*(//; s/)//')"
	guest_accel=',"accel":"hv"'
	guests_run "$label"
	hv_faults "$label"
	# Two vCPUs (two VMCSs on Bochs' one CPU); a start-up IPI starts real
	# mode, which only unrestricted guest (EPT) runs.
	hello_smp "$label"
	[ "$2" = 1 ] && smp_run "$label"
	guest_accel=
	hv_figures "$2" "$label"
	if rmmod hv >/tmp/load.log 2>&1; then
		result "$label.unload" PASS ""
	else
		result "$label.unload" FAIL "$(tr '\n' '|' </tmp/load.log)"
	fi
	dmesg | grep -e 'BUG:' -e 'WARNING: CPU' -e 'Oops' -e 'hv: ' |
		tail -n 5 | sed "s|^|emu-log: $label: |"
}

# vmx_compare: each guest's text on each hv.ko mode against kvm-intel's.
vmx_compare() {
	while IFS='|' read -r g _; do
		ref=/tmp/kvm-intel.ept.$g.log
		for m in ept shadow nobypass; do
			c=hv.$m.$g
			[ -f "/tmp/$c.log" ] || continue
			if [ ! -f "$ref" ]; then
				result "compare.$m.$g" SKIP "no kvm-intel run"
			elif [ "$(guest_text "$c")" = \
				"$(guest_text "kvm-intel.ept.$g")" ]; then
				result "compare.$m.$g" PASS \
					"$(guest_text "$c" | wc -l) lines equal"
			else
				result "compare.$m.$g" FAIL "$(guest_text "$c" |
					tail -n 1) vs $(guest_text \
					"kvm-intel.ept.$g" | tail -n 1)"
			fi
		done
	done <<TABLE
$guests_table
TABLE
}

# vmx_bypass: demand's page-fault exits (pf_taken) with the bypass on and
# off. The guest takes the same faults either way; with it on, the
# processor gives the guest its own not-present faults (PFEC mask/match),
# so fewer exits, and fewer of them handed back (pf_guest).
vmx_bypass() {
	on=$(figure hv.shadow.demand pf_taken)
	off=$(figure hv.nobypass.demand pf_taken)
	fon=$(hvtest hv.shadow.demand faults)
	foff=$(hvtest hv.nobypass.demand faults)
	gon=$(figure hv.shadow.demand pf_guest)
	goff=$(figure hv.nobypass.demand pf_guest)
	detail="pf_taken on=${on:-absent} off=${off:-absent}"
	detail="$detail pf_guest on=${gon:-absent} off=${goff:-absent}"
	detail="$detail guest_faults on=$fon off=$foff"
	echo "emu-bench: bypass fault_exits_on=${on:-0}" \
		"fault_exits_off=${off:-0} pf_guest_on=${gon:-0}" \
		"pf_guest_off=${goff:-0}"
	if [ -n "$on" ] && [ -n "$off" ] && [ "$on" -lt "$off" ] &&
		[ "${gon:-0}" -lt "${goff:-0}" ] &&
		[ -n "$fon" ] && [ "$fon" = "$foff" ]; then
		result bypass.demand PASS "$detail"
	else
		result bypass.demand FAIL "$detail"
	fi
}

# vmx_exits: every guest's exit count on hv.ko and on kvm-intel (EPT),
# for the benchmark.
vmx_exits() {
	while IFS='|' read -r g _; do
		for c in hv.ept.$g hv.shadow.$g kvm-intel.ept.$g; do
			n=$(figure "$c" exits)
			[ -n "$n" ] && echo "emu-bench: exits $c $n"
		done
	done <<TABLE
$guests_table
TABLE
}

vmx_report_group() {
	vmx_compare
	vmx_bypass
	vmx_exits
}

# SPDX-License-Identifier: GPL-2.0-only
# hv-stress.sh: hv.ko under abuse. hv:fuzz runs hv-fuzz (bad ioctl
# arguments, checked errnos, then a seeded random loop) with npt=1 and
# npt=0; hv:loadloop loads and unloads hv.ko many times, a short VM
# created by hv-fuzz each time, and compares the kernel's slab use before
# and after (kmemleak is not in Debian's kernel); hv:exclusive checks that
# hv.ko refuses a VM (EBUSY) while kvm-amd runs one, and takes SVM once
# kvm-amd's VM is gone (hv_exclusive_group kvm_intel: the same on VMX).
# shellcheck shell=sh

hv_fuzz_group() {
	for npt in 1 0; do
		c=hv.fuzz.npt$npt
		if ! insmod /emu/hv.ko "npt=$npt" 2>/tmp/load.log; then
			result "$c" FAIL "insmod: $(tr '\n' '|' </tmp/load.log)"
			continue
		fi
		timeout 120 /emu/bin/hv-fuzz -n "${hv_fuzz_n:-3000}" -s "$npt" \
			>/tmp/$c.log 2>&1
		st=$?
		line=$(grep '^hv-fuzz: checks' "/tmp/$c.log")
		grep '^hv-fuzz: FAIL' "/tmp/$c.log" | sed "s|^|emu-log: $c: |"
		if [ "$st" = 0 ] && rmmod hv; then
			result "$c" PASS "$line"
		else
			result "$c" FAIL "status $st: $line $(why "$c")"
			rmmod hv 2>/dev/null
		fi
	done
}

# Slab kilobytes in use (SUnreclaim: what a leak would grow).
slab_kb() {
	sed -n 's/^SUnreclaim: *\([0-9]*\) kB/\1/p' /proc/meminfo
}

hv_loadloop_group() {
	n=${hv_loadloop_n:-100}
	i=0
	bad=
	# One round first, so caches the module pulls in are warm.
	insmod /emu/hv.ko && /emu/bin/hv-fuzz -n 10 >/dev/null && rmmod hv
	echo 3 >/proc/sys/vm/drop_caches
	before=$(slab_kb)
	while [ "$i" -lt "$n" ]; do
		if ! insmod /emu/hv.ko "npt=$((i % 2))" ||
			! /emu/bin/hv-fuzz -n 20 -s "$i" >/dev/null ||
			! rmmod hv; then
			bad="round $i failed"
			rmmod hv 2>/dev/null
			break
		fi
		i=$((i + 1))
	done
	echo 3 >/proc/sys/vm/drop_caches
	after=$(slab_kb)
	detail="rounds=$i slab_unreclaimable_kb before=$before after=$after"
	# A leak of one page per round would show as 4 KiB x rounds.
	if [ -z "$bad" ] && [ "$after" -lt $((before + 2 * n)) ]; then
		result hv.loadloop PASS "$detail"
	else
		result hv.loadloop FAIL "$detail ${bad:-slab grew}"
	fi
}

hv_exclusive_group() {
	c=hv.exclusive
	kvm=${1:-kvm_amd}
	if ! "${kvm}_load" 1 >/tmp/load.log 2>&1 || ! insmod /emu/hv.ko; then
		result "$c" FAIL "load: $(tr '\n' '|' </tmp/load.log)"
		return
	fi
	printf '%s\n' "$(guest_def memtouch 32 'spaces=2 mib=1 rounds=1000000' '')" \
		>/tmp/$c.def
	/emu/bin/hv-vm --definition "/tmp/$c.def" >/tmp/$c.log 2>&1 &
	kvm_pid=$!
	# Probe once the guest runs on KVM (it has printed a line).
	n=0
	while [ "$n" -lt 60 ] && ! grep -q '^memtouch: parameters' /tmp/$c.log
	do
		sleep 0.5
		n=$((n + 1))
	done
	show "$c"
	during=$(/emu/bin/hv-fuzz -b)
	kill "$kvm_pid"
	wait "$kvm_pid"
	after=$(/emu/bin/hv-fuzz -b)
	logline=$(dmesg | grep -c 'another hypervisor holds')
	rmmod hv
	"${kvm}_unload"
	detail="while $kvm runs: ${during#hv-fuzz: }; after: ${after#hv-fuzz: }"
	detail="$detail log_lines=$logline"
	if [ "$during" = "hv-fuzz: create_vm errno=16" ] &&
		[ "$after" = "hv-fuzz: create_vm errno=0" ] && [ "$logline" -gt 0 ]
	then
		result "$c" PASS "$detail"
	else
		result "$c" FAIL "$detail"
	fi
}

# hv:bypass: demand under shadow paging with the notrap bypass on and off.
# SVM has no page-fault filter, so every guest fault still exits; with the
# bypass the core gives it back without walking the guest's tables. The
# guest must see the same faults either way; both exit counts are shown.
hv_bypass_group() {
	for b in 1 0; do
		c=hv.bypass$b.demand
		if ! insmod /emu/hv.ko npt=0 "bypass=$b" 2>/tmp/load.log; then
			result "$c" FAIL "insmod: $(tr '\n' '|' </tmp/load.log)"
			continue
		fi
		guest_accel=',"accel":"hv"'
		vm_run "$c" 60 "$(guest_def demand 16 'pages=256' '')"
		guest_accel=
		rmmod hv
		detail="faults=$(hvtest "$c" faults) pf_guest=$(figure "$c" \
			pf_guest) pf_taken=$(figure "$c" pf_taken) exits=$(figure \
			"$c" exits) run_ns=$(figure "$c" run_ns)"
		if [ "$vm_status" = 1 ] && [ "$(hvtest "$c" faults)" = 256 ]; then
			result "$c" PASS "$detail"
		else
			result "$c" FAIL "status $vm_status $detail $(why "$c")"
		fi
	done
}

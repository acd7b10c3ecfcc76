#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# checks.sh: the system test's checks, run by hv-system-test.service in the
# booted Debian machine where the hv packages were installed like on any
# system. Every check prints one line "hv-system: ok NAME", "hv-system:
# FAIL NAME: why" or "hv-system: skip NAME: why"; "hv-system: info ..."
# lines report figures; "hv-system: end" comes last. The host
# (scripts/system-test.sh) counts them. Nothing goes around the units: hvd
# and its helper start through their sockets and systemctl, users reach
# hvd through hvctl only.
set -u
share=/usr/local/share/hv-system
# memtouch runs long enough for a console to attach before its end, and
# with the same parameters its checksum is the same on every accelerator.
MT_ARGS="spaces=2 mib=1 rounds=5000"
LONG_ARGS="spaces=2 mib=1 rounds=1000000"

# Reports go to descriptor 3, the console, also from inside a check.
exec 3>&1
say() { echo "hv-system: $*" >&3; }

# check NAME FUNCTION [ARG...]: runs FUNCTION and reports it; on failure
# the reason is the last lines FUNCTION printed; status 77 is a skip.
check() {
	name=$1; shift
	c0=$(date +%s)
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		say "ok $name ($(($(date +%s) - c0)) s)"
	elif [ "$rc" -eq 77 ]; then
		say "skip $name: $(echo "$out" | tail -n 1)"
	else
		say "FAIL $name: $(echo "$out" | tail -n 4 | tr '\n' ' ')"
	fi
}

# as USER CMD...: runs CMD as USER with USER's groups, as a login would.
as() {
	u=$1; shift
	setpriv --reuid="$u" --regid="$u" --init-groups -- "$@"
}

# field NAME KEY: KEY of "hvctl --json info NAME" (a string or a number).
field() {
	hvctl --json info "$1" 2>/dev/null |
		sed -n "s/.*\"$2\": *\"\{0,1\}\([^\",}]*\).*/\1/p"
}

# wait_state NAME STATE SECONDS
wait_state() {
	i=0
	while [ "$(field "$1" state)" != "$2" ]; do
		i=$((i + 1))
		if [ "$i" -gt $(($3 * 5)) ]; then
			echo "$1 is $(field "$1" state), not $2 after $3 s"
			return 1
		fi
		sleep 0.2
	done
}

# modules: DKMS built hv.ko for the running kernel at installation; it is
# loaded by name from the module tree, alone (kvm_amd, which udev loads at
# boot, leaves first: one hypervisor at a time).
dkms_built() {
	dkms status hv | grep "$(uname -r).*installed" &&
		modinfo -n hv | grep /updates/dkms/
}
load_hv() {
	modprobe -r kvm_amd kvm 2>&1 || return 1
	modprobe hv || return 1
	[ -c /dev/hv ] || { echo "no /dev/hv after modprobe hv"; return 1; }
	lsmod | grep '^hv '
}
load_kvm() {
	modprobe -r hv || return 1
	modprobe kvm_amd || return 1
	[ -c /dev/kvm ] || { echo "no /dev/kvm"; return 1; }
}

# The package enabled and started the sockets; hvd and the helper start
# on demand.
sockets_listen() {
	for s in hvd.socket hvd-ro.socket hvd-helper.socket; do
		systemctl is-enabled "$s" && systemctl is-active "$s" ||
			return 1
	done
	test -S /run/hvd/hvd.sock && test -S /run/hvd-helper.sock
}
start_hvd() {
	systemctl start hvd || { systemctl status hvd; return 1; }
	systemctl is-active hvd
}
users() {
	useradd -m alice && usermod -a -G hvd alice && useradd -m bob
}

# run_guest NAME ACCEL: alice defines memtouch on ACCEL, starts it,
# follows its console from the start to the end and reads its statistics
# while it runs; prints the result line. A monitor that cannot drive ACCEL
# yet (NO_ACCELERATOR) is a skip, with hv-vm's reason.
run_guest() {
	as alice hvctl create "$1" --memory 16 --vcpus 1 \
		--image "$share/memtouch.elf" --format multiboot \
		--cmdline "$MT_ARGS" --accel "$2" || return 1
	t0=$(date +%s)
	as alice hvctl start "$1" >/tmp/"$1".start 2>&1 || {
		cat /tmp/"$1".start
		grep -q NO_ACCELERATOR /tmp/"$1".start && return 77
		return 1
	}
	as alice timeout 300 hvctl console "$1" </dev/null \
		>/tmp/"$1".console 2>&1 &
	console=$!
	wait_state "$1" running 30 || return 1
	as alice hvctl stats "$1" >/tmp/"$1".stats || return 1
	grep -q exits /tmp/"$1".stats || { cat /tmp/"$1".stats; return 1; }
	wait "$console" || { tail -n 3 /tmp/"$1".console; return 1; }
	wait_state "$1" stopped 30 || return 1
	say "info $1 ran $(($(date +%s) - t0)) s"
	grep "hv-test: memtouch .*mismatches=0" /tmp/"$1".console ||
		{ tail -n 3 /tmp/"$1".console; return 1; }
}
# ran NAME: whether guest NAME ran (a skip otherwise).
ran() {
	[ -s /tmp/"$1".console ] || { echo "$1 did not run"; return 77; }
}
same_checksum() {
	ran "$1" && ran "$2" || return
	a=$(sed -n 's/.*hv-test: memtouch checksum=\([0-9a-fx]*\).*/\1/p' \
		/tmp/"$1".console)
	b=$(sed -n 's/.*hv-test: memtouch checksum=\([0-9a-fx]*\).*/\1/p' \
		/tmp/"$2".console)
	[ -n "$a" ] && [ "$a" = "$b" ] || { echo "$1: $a, $2: $b"; return 1; }
}

# bob is not in group hvd: refused on the read-write socket, and nothing
# changes; the read-only socket still answers him.
outsider_refused() {
	if as bob hvctl create bobvm --memory 16 --vcpus 1 \
		--image "$share/memtouch.elf" --format multiboot; then
		echo "bob created a VM"
		return 1
	fi
	if as bob hvctl start mt-kvm; then
		echo "bob started a VM"
		return 1
	fi
	as bob hvctl --socket /run/hvd/hvd-ro.sock list | grep -q mt-kvm ||
		return 1
	! hvctl info bobvm >/dev/null 2>&1
}

# The journal has hvd's structured fields for the VM's start and stop.
journal_fields() {
	ran "$1" || return
	j=$(journalctl -u hvd -o json --no-pager | grep "\"HV_VM\":\"$1\"")
	for e in VM_RUNNING VM_STOPPED; do
		echo "$j" | grep -q "\"HV_EVENT\":\"$e\"" ||
			{ echo "no HV_EVENT=$e for HV_VM=$1"; return 1; }
	done
}

# A restart of hvd leaves a running VM running, with the same monitor.
restart_keeps_vm() {
	as alice hvctl create long --memory 16 --vcpus 1 \
		--image "$share/memtouch.elf" --format multiboot \
		--cmdline "$LONG_ARGS" --accel kvm || return 1
	as alice hvctl start long || return 1
	wait_state long running 30 || return 1
	pid=$(field long pid)
	systemctl restart hvd || return 1
	wait_state long running 10 || return 1
	[ "$(field long pid)" = "$pid" ] && kill -0 "$pid" ||
		{ echo "monitor $pid, now $(field long pid)"; return 1; }
	as alice hvctl stats long | grep -q exits
}

# systemctl stop hvd ends it cleanly (no kill) within TimeoutStopSec.
stop_in_time() {
	limit=$(systemctl show -p TimeoutStopUSec --value hvd)
	t0=$(date +%s)
	systemctl stop hvd || return 1
	t=$(($(date +%s) - t0))
	say "info hvd stopped in $t s (TimeoutStopSec=$limit)"
	[ "$(systemctl show -p Result --value hvd)" = success ] ||
		{ systemctl show -p Result hvd; return 1; }
	! systemctl is-active hvd
}

# Purging keeps the VM definitions, removes the rest of what hvd added.
# (Purging them too, HV_PURGE_STATE=yes, is checked by the host in the
# chroot: dpkg's Perl helpers take minutes under emulation.)
purge_keeps_state() {
	hvctl stop long --force >/dev/null 2>&1
	wait_state long stopped 30 || return 1
	systemctl stop hvd || return 1
	dpkg --purge hvd hvctl >/tmp/purge.log 2>&1 ||
		{ tail -n 5 /tmp/purge.log; return 1; }
	ls /var/lib/hvd/vms/long.json || return 1
	for p in /var/log/hvd /etc/hvd /lib/systemd/system/hvd.socket; do
		[ ! -e "$p" ] || { echo "$p left after purge"; return 1; }
	done
	systemctl is-active hvd.socket && return 1
	getent passwd hvd
}
say "begin"
udevadm settle
check dkms-built dkms_built
check modprobe-hv load_hv
check sockets-listen sockets_listen
check systemctl-start-hvd start_hvd
check helper-service-active systemctl is-active hvd-helper.service
check users users
check guest-hv run_guest mt-hv hv
check modprobe-kvm-amd load_kvm
check guest-kvm run_guest mt-kvm kvm
check same-checksum-hv-kvm same_checksum mt-hv mt-kvm
check outsider-refused outsider_refused
check journal-hv journal_fields mt-hv
check journal-kvm journal_fields mt-kvm
check restart-keeps-vm restart_keeps_vm
check stop-in-time stop_in_time
say "info $(systemd-analyze security hvd.service 2>/dev/null | tail -n 1)"
check purge-keeps-state purge_keeps_state
say "end"

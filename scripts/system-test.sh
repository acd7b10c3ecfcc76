#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# system-test.sh DEBDIR GUESTDIR: hv's system test. Takes the Debian 12
# root of system-rootfs.sh (cached in $HV_SYSTEM_CACHE), copies it, installs
# the packages of DEBDIR into the copy as an administrator would (dpkg -i,
# then apt-get -f install; DKMS builds hv.ko for the root's kernel), adds
# the test guests of GUESTDIR and tests/system/checks.sh with the unit that
# runs it, makes an ext4 disk image of it (mkfs.ext4 -d) and boots that
# under QEMU's software emulation with SVM, systemd as PID 1. The checks
# report on the serial console; this script counts them, prints the wall
# time of each phase, and exits 0 when all passed, 1 otherwise, 77 (skip)
# where root, debootstrap, QEMU or mkfs.ext4 is missing.
# Environment: HV_SYSTEM_CACHE (default build/plain/system-cache),
# HV_SYSTEM_TIMEOUT (seconds for the boot and checks, default 900),
# HV_SYSTEM_QEMU_OPTS (default -accel tcg -cpu EPYC,+svm -m 2048 -smp 1).
set -eu
if [ $# -ne 2 ]; then
	echo "usage: system-test.sh DEBDIR GUESTDIR" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
debs=$1
guests=$2
cache=${HV_SYSTEM_CACHE:-$top/build/plain/system-cache}
limit=${HV_SYSTEM_TIMEOUT:-900}
qemu_opts=${HV_SYSTEM_QEMU_OPTS:--accel tcg -cpu EPYC,+svm -m 2048 -smp 1}

if [ "$(id -u)" -ne 0 ]; then
	echo "system-test: needs root (debootstrap, chroot): skipped" >&2
	exit 77
fi
for tool in debootstrap qemu-system-x86_64 mkfs.ext4; do
	if ! command -v "$tool" >/dev/null; then
		echo "system-test: $tool missing (scripts/install-deps.sh" \
			"debootstrap qemu-system-x86 e2fsprogs): skipped" >&2
		exit 77
	fi
done
for f in "$debs"/hvd_*.deb "$debs"/hvctl_*.deb "$debs"/hv-dkms_*.deb; do
	if [ ! -f "$f" ]; then
		echo "system-test: no packages in $debs (make deb, which" \
			"needs debhelper and dh-dkms): skipped" >&2
		exit 77
	fi
done
if [ ! -f "$guests/memtouch.elf" ]; then
	echo "system-test: $guests/memtouch.elf missing (make)" >&2
	exit 1
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
work=$cache/work
img=$cache/disk.img
log=$cache/serial.log

# Phase timing: "phase NAME" ends the previous phase and starts NAME.
phase_name=""
phase_t0=$(date +%s)
phase() {
	now=$(date +%s)
	[ -n "$phase_name" ] &&
		echo "system-test: phase $phase_name: $((now - phase_t0)) s"
	phase_name=$1
	phase_t0=$now
}

unmount() {
	for m in dev/pts dev sys proc; do
		if mountpoint -q "$work/$m" 2>/dev/null; then
			umount -l "$work/$m"
		fi
	done
	return 0
}
qemu_pid=""
cleanup() {
	unmount
	[ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
	return 0
}
trap cleanup EXIT
trap 'exit 1' INT TERM

phase debootstrap
base=$(HV_SYSTEM_CACHE=$cache "$top/scripts/system-rootfs.sh" \
	"$top/tests/system/packages" "$cache")

phase install
rm -rf "$work"
cp -a --reflink=auto "$base" "$work"
share=$work/usr/local/share/hv-system
mkdir -p "$share/debs" "$work/usr/local/lib/hv-system"
cp "$debs"/hvd_*.deb "$debs"/hvctl_*.deb "$debs"/hv-dkms_*.deb "$share/debs/"
cp "$guests/memtouch.elf" "$share/"
chmod 0644 "$share"/*.elf
cp "$top/tests/system/checks.sh" "$work/usr/local/lib/hv-system/"
cp "$top/tests/system/hv-system-test.service" "$work/etc/systemd/system/"
ln -sf ../hv-system-test.service \
	"$work/etc/systemd/system/multi-user.target.wants/"
mount -t proc proc "$work/proc"
mount -t sysfs sys "$work/sys"
mount --bind /dev "$work/dev"
mount --bind /dev/pts "$work/dev/pts"
# dpkg -i stops short of configuring packages whose dependencies are
# missing; apt-get -f install brings those in and finishes the job.
if ! DEBIAN_FRONTEND=noninteractive chroot "$work" sh -c '
	dpkg -i /usr/local/share/hv-system/debs/*.deb ||
		{ apt-get update -q && apt-get -f install -y -q; }' \
	>"$cache/install.log" 2>&1; then
	tail -n 30 "$cache/install.log" >&2
	echo "system-test: installing the packages failed" \
		"($cache/install.log)" >&2
	exit 1
fi
# The archive's package lists served apt-get -f; the machine needs none.
rm -rf "$work"/var/lib/apt/lists/*
kver=$(ls "$work/lib/modules")
if [ ! -f "$work/lib/modules/$kver/updates/dkms/hv.ko" ]; then
	grep -i -A5 "dkms\|error" "$cache/install.log" | tail -n 30 >&2
	echo "system-test: DKMS did not install hv.ko for $kver" >&2
	exit 1
fi

# HV_PURGE_STATE=yes makes a purge remove the VM state and the users too.
# Checked here in the chroot, at native speed (dpkg's Perl helpers take
# minutes under emulation; the plain purge is checked in the machine); hvd
# is then installed again for the boot.
results=$cache/results
if chroot "$work" sh -ec '
	mkdir -p /var/lib/hvd/vms
	echo "{}" >/var/lib/hvd/vms/x.json
	HV_PURGE_STATE=yes dpkg --purge hvd
	if [ -e /var/lib/hvd ]; then echo "/var/lib/hvd left"; exit 1; fi
	for u in hvd hv-vm; do
		if getent passwd "$u"; then echo "user $u left"; exit 1; fi
	done
	dpkg -i /usr/local/share/hv-system/debs/hvd_*.deb' \
	>"$cache/purge.log" 2>&1; then
	echo "hv-system: ok purge-state-on-request (chroot)" >"$results"
else
	echo "hv-system: FAIL purge-state-on-request: $(tail -n 2 \
		"$cache/purge.log" | tr '\n' ' ')" >"$results"
fi
unmount

phase image
# The files plus room for the VMs' state and logs.
size=$(($(du -sm "$work" | cut -f1) + 512))
rm -f "$img"
mkfs.ext4 -q -F -L root -d "$work" "$img" "${size}M" >/dev/null

phase boot
: >"$log"
# shellcheck disable=SC2086
timeout "$limit" qemu-system-x86_64 $qemu_opts -nographic -no-reboot \
	-nic none -kernel "$work/boot/vmlinuz-$kver" \
	-initrd "$work/boot/initrd.img-$kver" \
	-drive "file=$img,format=raw,if=virtio" \
	-append "root=/dev/vda rw console=ttyS0 quiet loglevel=3 panic=-1 systemd.show_status=false" \
	</dev/null >"$log" 2>&1 &
qemu_pid=$!
while kill -0 "$qemu_pid" 2>/dev/null &&
	! grep -q "hv-system: begin" "$log"; do
	sleep 1
done
phase checks
rc=0
wait "$qemu_pid" || rc=$?
qemu_pid=""
phase finished

tr -d '\r' <"$log" | grep "^hv-system: " >>"$results" || true
grep -v "^hv-system: \(begin\|end\)" "$results" || true
pass=$(grep -c "^hv-system: ok " "$results" || true)
fail=$(grep -c "^hv-system: FAIL " "$results" || true)
skip=$(grep -c "^hv-system: skip " "$results" || true)
echo "system-test: $pass passed, $fail failed, $skip skipped"
if [ "$rc" -eq 124 ]; then
	echo "system-test: the machine did not power off within $limit s" >&2
	fail=$((fail + 1))
fi
if ! grep -q "^hv-system: end" "$log"; then
	tail -n 40 "$log" >&2
	echo "system-test: the checks did not finish (log: $log)" >&2
	fail=$((fail + 1))
fi
[ "$fail" -eq 0 ]

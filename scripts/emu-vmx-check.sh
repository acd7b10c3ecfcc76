#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# emu-vmx-check.sh BUILDDIR: "make check-kmod-vmx". Fetches Debian's kernel
# with kvm-intel (emu-fetch.sh, cache EMU_CACHE or BUILDDIR/emu-cache-vmx),
# packs hv.ko, hv-vm, the test guests and the runner of tests/vmx (with
# tests/emu's /init, lib.sh and cases) into an initramfs directory, boots
# it once in Bochs (bochs-boot.sh) and prints every case's result and a
# "N passed, N failed, N skipped" line; the figures of the "report" group
# go to BUILDDIR/check-kmod-vmx.txt for bench-kmod-vmx. Exits 0 when every
# case passed, 1 on a failure or an unfinished run, 77 (skip) without
# Bochs or Debian's kernel image.
# Environment: VMX_PLAN (groups of tests/vmx/runner.sh, comma-separated),
# VMX_MEMTOUCH_ARGS, and those of bochs-boot.sh (BOCHS_TIMEOUT, ...).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: emu-vmx-check.sh BUILDDIR}" && pwd)
work=$build/vmx-work
memtouch_args=${VMX_MEMTOUCH_ARGS:-spaces=2 mib=1 rounds=2}
# "exclusive" (hv.ko refused while kvm-intel runs a guest) is not in the
# default plan: in Bochs it never finished (seen once; cause not found).
plan=${VMX_PLAN:-kvm-intel:ept,hv:ept,hv:shadow,hv:nobypass,hv:fuzz,report}
# Bochs on a busy 2-core machine needed 7 minutes for the boot alone.
export BOCHS_TIMEOUT=${BOCHS_TIMEOUT:-1200}
start=$(date +%s)

if ! command -v bochs-bin >/dev/null; then
	echo "check-kmod-vmx: SKIP: Bochs not installed (apt-get install" \
		"bochs bochsbios vgabios isolinux syslinux-common xorriso)"
	exit 77
fi
if ! kdir=$(EMU_MODULES=kvm_intel "$top/scripts/emu-fetch.sh" \
	"${EMU_CACHE:-$build/emu-cache-vmx}"); then
	echo "check-kmod-vmx: SKIP: no Debian kernel image (emu-fetch.sh failed)"
	exit 77
fi
for f in hv-vm kmod/ko/hv.ko tests/emu/hv-fuzz tests/guests/hello.elf; do
	if [ ! -f "$build/$f" ]; then
		echo "check-kmod-vmx: $build/$f missing: run make kmod first" >&2
		exit 1
	fi
done
mkdir -p "$work"
# Without its debug information hv.ko is a tenth of the size: Bochs reads
# the whole archive through the BIOS.
strip --strip-debug -o "$work/hv.ko" "$build/kmod/ko/hv.ko"

emu=$top/tests/emu
vmx=$top/tests/vmx
set -- "$emu/init.sh=/init" "$vmx/runner.sh=/emu/runner.sh" \
	"$emu/lib.sh=/emu/" "$emu/cases/guests.sh=/emu/cases/" \
	"$emu/cases/hv.sh=/emu/cases/" "$emu/cases/hv-stress.sh=/emu/cases/" \
	"$vmx/cases/kvm-intel.sh=/emu/cases/" "$vmx/cases/vmx.sh=/emu/cases/" \
	"$build/hv-vm=/emu/bin/" "$build/tests/emu/hv-fuzz=/emu/bin/" \
	"$work/hv.ko=/emu/" "$kdir/modules.load=/emu/modules/"
for f in "$kdir"/modules/*.ko; do
	set -- "$@" "$f=/emu/modules/"
done
for g in tests/guests/hello tests/guests/memtouch tests/guests/dirty \
	tests/guests/demand tests/emu/smp; do
	set -- "$@" "$build/$g.elf=/emu/guests/"
done
"$top/scripts/emu-initramfs.sh" "$work/initrd.cpio.gz" "$@"
rm -rf "$work/initrd"
mkdir -p "$work/initrd"
(cd "$work/initrd" && gzip -dc ../initrd.cpio.gz | cpio -id 2>/dev/null)

log=$work/console.log
BOCHS_APPEND="emu.plan=$plan emu.memtouch=$(echo "$memtouch_args" |
	tr ' ' ','):none ${BOCHS_APPEND:-}" \
	"$top/scripts/bochs-boot.sh" "$kdir/vmlinuz" "$work/initrd" "$log"
echo "check-kmod-vmx: machine ran $(($(date +%s) - start)) s;" \
	"console in $log"
grep '^emu-bench: ' "$log" | sed 's/^emu-bench: //' \
	>"$build/check-kmod-vmx.txt" || true

grep '^emu-test: ' "$log" | sed 's/^emu-test: //' || true
grep '^emu-log: ' "$log" || true
pass=$(grep -c '^emu-test: [^ ]* PASS' "$log" || true)
fail=$(grep -c '^emu-test: [^ ]* FAIL' "$log" || true)
skip=$(grep -c '^emu-test: [^ ]* SKIP' "$log" || true)
if ! grep -q '^emu-summary: ' "$log"; then
	echo "check-kmod-vmx: the run did not finish (timeout or crash):"
	tail -n 15 "$log"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# emu-check-kmod.sh BUILDDIR: "make check-kmod". Fetches Debian's kernel
# (emu-fetch.sh, cache EMU_CACHE or BUILDDIR/emu-cache), computes the host
# reference of memtouch under QEMU, packs hv-vm, the test guests, the kvm
# modules and the runner of tests/emu into an initramfs, boots it
# (emu-run.sh) and writes the guests' run times per hypervisor and mode
# to BUILDDIR/check-kmod-times.tsv. Exit 77 (skip) without QEMU or the
# kernel image (emu-fetch.sh installs them when run as root).
# Environment: EMU_PLAN (groups of tests/emu/runner.sh, comma-separated),
# EMU_TIMES (the run-time file, BUILDDIR/check-kmod-times.tsv),
# EMU_REPEAT (runs of the case of hv:smp-dirty, 1),
# EMU_MEMTOUCH_ARGS, EMU_BZIMAGE_S (bound of the Linux guest), and those
# of emu-run.sh (EMU_QEMU_OPTS, EMU_TIMEOUT).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: emu-check-kmod.sh BUILDDIR}" && pwd)
emu=$top/tests/emu
work=$build/emu-work
memtouch_args=${EMU_MEMTOUCH_ARGS:-spaces=4 mib=2 rounds=4}
phase_start=$(date +%s)
phase() {
	now=$(date +%s)
	echo "check-kmod: $1 took $((now - phase_start)) s"
	phase_start=$now
}

if ! kdir=$("$top/scripts/emu-fetch.sh" "${EMU_CACHE:-$build/emu-cache}")
then
	echo "check-kmod: SKIP: no Debian kernel image (emu-fetch.sh failed)"
	exit 77
fi
phase "fetch ($kdir)"
if ! command -v "${EMU_QEMU:-qemu-system-x86_64}" >/dev/null; then
	echo "check-kmod: SKIP: QEMU not installed" \
		"(apt-get install qemu-system-x86)"
	exit 77
fi

for f in hv-vm tests/guests/hello.elf; do
	if [ ! -f "$build/$f" ]; then
		echo "check-kmod: $build/$f missing: run make first" >&2
		exit 1
	fi
done
mkdir -p "$work"

# memtouch's checksum as software emulation computes it: the reference.
timeout 60 "${EMU_QEMU:-qemu-system-x86_64}" -accel tcg -m 64 -nographic \
	-no-reboot -kernel "$build/tests/guests/memtouch.elf" \
	-append "$memtouch_args" -device isa-debug-exit,iobase=0xf4,iosize=4 \
	-serial stdio -monitor none </dev/null 2>&1 | tr -d '\r' \
	>"$work/memtouch-ref.log" || true
sum=$(sed -n 's/^hv-test: memtouch checksum=\([^ ]*\).*/\1/p' \
	"$work/memtouch-ref.log")
if [ -z "$sum" ]; then
	echo "check-kmod: memtouch gave no checksum under QEMU:" >&2
	tail -n 5 "$work/memtouch-ref.log" >&2
	exit 1
fi
phase "host reference (memtouch $memtouch_args: $sum)"

"$top/scripts/emu-initramfs.sh" "$work/guest-initrd.cpio.gz" \
	"$emu/guest-init.sh=/init"
set -- "$emu/init.sh=/init" "$emu/runner.sh=/emu/" "$emu/lib.sh=/emu/" \
	"$emu/cases/guests.sh=/emu/cases/" \
	"$emu/cases/kvm-amd.sh=/emu/cases/" \
	"$emu/cases/bzimage.sh=/emu/cases/" "$emu/cases/hv.sh=/emu/cases/" \
	"$emu/cases/hv-stress.sh=/emu/cases/" \
	"$emu/cases/bench.sh=/emu/cases/" "$emu/cases/hvd.sh=/emu/cases/" \
	"$build/tests/emu/hv-fuzz=/emu/bin/" \
	"$build/hv-vm=/emu/bin/" "$kdir/vmlinuz=/emu/" \
	"$work/guest-initrd.cpio.gz=/emu/" "$kdir/modules.load=/emu/modules/"
# hvd's case (tests/emu/cases/hvd.sh) and hv.sh's apf-events need these.
for f in hvd hvd-helper hvctl tests/vm/hv-genl-dump tests/vm/hv-apf-watch; do
	if [ -f "$build/$f" ]; then
		set -- "$@" "$build/$f=/emu/bin/"
	fi
done
# hv.ko when "make kmod" built it (the hv:* groups fail without it).
if [ -f "$build/kmod/ko/hv.ko" ]; then
	set -- "$@" "$build/kmod/ko/hv.ko=/emu/"
fi
for f in "$kdir"/modules/*.ko "$build"/tests/guests/*.elf \
	"$build"/tests/emu/*.elf; do
	case $f in
	*.ko) set -- "$@" "$f=/emu/modules/" ;;
	*) set -- "$@" "$f=/emu/guests/" ;;
	esac
done
"$top/scripts/emu-initramfs.sh" "$work/initrd.cpio.gz" "$@"
phase "initramfs ($(du -k "$work/initrd.cpio.gz" | cut -f1) KiB)"

plan=${EMU_PLAN:-kvm-amd:npt,kvm-amd:shadow,bzimage}
status=0
"$top/scripts/emu-run.sh" "$kdir/vmlinuz" "$work/initrd.cpio.gz" \
	"$work/console.log" \
	"emu.plan=$plan emu.bzimage_s=${EMU_BZIMAGE_S:-200} \
emu.repeat=${EMU_REPEAT:-1} \
emu.memtouch=$(echo "$memtouch_args" | tr ' ' ','):$sum" || status=$?
phase "emulated machine"

# Baseline for kmod.<guest>.<mode>.hv_vs_kvm_ratio: one line per run.
times=${EMU_TIMES:-$build/check-kmod-times.tsv}
{
	printf 'hypervisor\tmode\tguest\trun_ns\twall_ms\n'
	sed -n 's/^.*emu-time: \([^ ]*\) run_ns=\([0-9]*\) wall_ms=/\1 \2 /p' \
		"$work/console.log" | tr '. ' '\t\t'
} >"$times"
echo "check-kmod: run times ($times):"
cat "$times"
exit "$status"

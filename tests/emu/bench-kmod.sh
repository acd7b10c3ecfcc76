#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench-kmod.sh BUILDDIR: "make bench-kmod" (and hv.ko's part of "make
# bench"). Boots the emulated machine once, repeatable (one CPU, clock
# from the instruction count), on the "bench" group of
# tests/emu/cases/bench.sh, then BUILDDIR/tests/emu/bench-kmod prints the
# table and records the figures into $HV_BENCH_RESULTS. Exits 0 with a
# SKIP line where QEMU, Debian's kernel image or hv.ko is missing.
set -u
build=${1:?usage: bench-kmod.sh BUILDDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
times=$build/bench-kmod-times.tsv
if [ ! -f "$build/kmod/ko/hv.ko" ]; then
	echo "bench-kmod: SKIP: no hv.ko (make kmod needs kernel headers)"
	exit 0
fi
EMU_PLAN=bench EMU_TIMES=$times EMU_TIMEOUT=${EMU_TIMEOUT:-600} \
	EMU_QEMU_OPTS='-accel tcg -cpu EPYC,+svm -m 1024 -smp 1 -icount shift=0' \
	"$top/scripts/emu-check-kmod.sh" "$build"
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "bench-kmod: SKIP: no QEMU or no Debian kernel image"
	exit 0
fi
[ "$rc" -eq 0 ] || exit "$rc"
exec "$build/tests/emu/bench-kmod" "$times"

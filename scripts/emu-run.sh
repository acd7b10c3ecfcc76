#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# emu-run.sh KERNEL INITRD LOG [APPEND]: boots the emulated machine (QEMU,
# software emulation, an AMD CPU with SVM) on KERNEL and INITRD, whose
# /init runs the test cases and powers off; keeps the serial console in
# LOG, prints every case's result and a "N passed, N failed" line. Exits 0
# when every case passed, 1 on any failure or when the run did not finish,
# 77 (skip) without QEMU or KERNEL.
# Environment: EMU_QEMU (qemu-system-x86_64), EMU_QEMU_OPTS (machine
# options, e.g. add "-icount shift=0" for repeatable timings), EMU_TIMEOUT
# (seconds, 340).
set -eu
if [ $# -lt 3 ]; then
	echo "usage: emu-run.sh KERNEL INITRD LOG [APPEND]" >&2
	exit 2
fi
qemu=${EMU_QEMU:-qemu-system-x86_64}
opts=${EMU_QEMU_OPTS:--accel tcg -cpu EPYC,+svm -m 1024 -smp 2}
secs=${EMU_TIMEOUT:-340}
if ! command -v "$qemu" >/dev/null; then
	echo "emu-run: SKIP: $qemu not installed" \
		"(apt-get install qemu-system-x86)"
	exit 77
fi
if [ ! -f "$1" ]; then
	echo "emu-run: SKIP: no kernel image $1 (run scripts/emu-fetch.sh)"
	exit 77
fi
start=$(date +%s)
# shellcheck disable=SC2086
timeout "$secs" "$qemu" $opts -nographic -no-reboot -kernel "$1" \
	-initrd "$2" -append "console=ttyS0 quiet panic=-1 ${4:-}" \
	</dev/null 2>&1 | tr -d '\r' >"$3" || true
echo "emu-run: machine ran $(($(date +%s) - start)) s; console in $3"

grep '^emu-test: ' "$3" | sed 's/^emu-test: //' || true
pass=$(grep -c '^emu-test: [^ ]* PASS' "$3" || true)
fail=$(grep -c '^emu-test: [^ ]* FAIL' "$3" || true)
skip=$(grep -c '^emu-test: [^ ]* SKIP' "$3" || true)
if ! grep -q '^emu-summary: ' "$3"; then
	echo "emu-run: the run did not finish (timeout ${secs} s or crash):"
	tail -n 15 "$3"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

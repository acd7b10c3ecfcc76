#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench-kmod-vmx.sh BUILDDIR: hv.ko's VMX part of "make bench". Uses the
# figures of the last "make check-kmod-vmx" (BUILDDIR/check-kmod-vmx.txt)
# when that run is newer than every source of hv.ko and of the test guests
# ("make kmod" rebuilds hv.ko each time), else boots Bochs once; then
# BUILDDIR/tests/vmx/bench-kmod-vmx prints the table and records them.
# Exits 0 with a SKIP line where Bochs, Debian's kernel or hv.ko is missing.
set -u
build=${1:?usage: bench-kmod-vmx.sh BUILDDIR}
top=$(cd "$(dirname "$0")/../.." && pwd)
figures=$build/check-kmod-vmx.txt
if [ ! -f "$build/kmod/ko/hv.ko" ]; then
	echo "bench-kmod-vmx: SKIP: no hv.ko (make kmod needs kernel headers)"
	exit 0
fi
if [ ! -s "$figures" ] || [ -n "$(find "$top/kmod" "$top/tests/guests" \
	"$top/tests/vmx" -newer "$figures" -type f | head -n 1)" ]; then
	"$top/scripts/emu-vmx-check.sh" "$build"
	rc=$?
	if [ "$rc" -eq 77 ]; then
		echo "bench-kmod-vmx: SKIP: no Bochs or no Debian kernel image"
		exit 0
	fi
	[ -s "$figures" ] || exit 1
fi
exec "$build/tests/vmx/bench-kmod-vmx" "$figures"

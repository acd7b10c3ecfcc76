#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# helper-units-verify.sh: "systemd-analyze verify" prints nothing for
# hvd-helper.service (made from its .in the way helper/local.mk does, but
# naming this build's hvd-helper) and hvd-helper.socket. Run by "make
# check" from the top build directory.
set -eu
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze is not installed (package systemd)"
	exit 77
fi
build=$(pwd)
sd=${srcdir:-.}/systemd
[ -x "$build/hvd-helper" ] || { echo "FAIL: hvd-helper is not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -e "s|@sbindir[@]|$build|g" -e "s|@monitor[@]|/usr/bin/hv-vm|g" \
	"$sd/hvd-helper.service.in" >"$tmp/hvd-helper.service"
cp "$sd/hvd-helper.socket" "$tmp/"
grep -q '@' "$tmp/hvd-helper.service" &&
	{ echo "FAIL: unsubstituted @...@ in hvd-helper.service"; exit 1; }
status=0
out=$(systemd-analyze verify --man=no "$tmp/hvd-helper.service" \
	"$tmp/hvd-helper.socket" 2>&1) || status=$?
if [ "$status" -ne 0 ] || [ -n "$out" ]; then
	printf 'FAIL: systemd-analyze verify (exit %s):\n%s\n' "$status" "$out"
	exit 1
fi
echo "PASS: systemd-analyze verify: hvd-helper.service hvd-helper.socket"

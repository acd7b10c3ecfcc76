#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# units-verify.sh: the systemd files must be clean: "systemd-analyze verify"
# prints nothing for the units, "systemd-analyze security" rates
# hvd.service's exposure at most 2.0, and systemd-sysusers and
# systemd-tmpfiles accept sysusers.d/hvd.conf and tmpfiles.d/hvd.conf in a
# scratch root.
# Run by "make check" from the top build directory.
set -eu
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze is not installed (package systemd)"
	exit 77
fi
build=$(pwd)
sd=$(cd "${srcdir:-.}/systemd" && pwd)
if [ ! -x "$build/hvd" ]; then
	echo "FAIL: $build/hvd is not built"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same substitution as systemd/local.mk, but pointing at this build's
# hvd: verify requires ExecStart= to name an executable. Documentation=
# is not checked here (--man=no): the pages are not installed yet, and
# tests/rpc/man-lint.sh checks them.
# hvd.service requires the helper's socket, which starts its service.
sed -e "s|@sbindir[@]|$build|g" "$sd/hvd.service.in" >"$tmp/hvd.service"
sed -e "s|@sbindir[@]|$build|g" -e "s|@monitor[@]|$build/hv-vm|g" \
	"$sd/hvd-helper.service.in" >"$tmp/hvd-helper.service"
cp "$sd/hvd.socket" "$sd/hvd-ro.socket" "$sd/hvd-helper.socket" "$tmp/"
status=0
out=$(systemd-analyze verify --man=no "$tmp/hvd.service" "$tmp/hvd.socket" \
	"$tmp/hvd-ro.socket" "$tmp/hvd-helper.socket" \
	"$tmp/hvd-helper.service" 2>&1) || status=$?
if [ "$status" -ne 0 ] || [ -n "$out" ]; then
	printf 'FAIL: systemd-analyze verify (exit %s):\n%s\n' "$status" "$out"
	exit 1
fi
echo "PASS: systemd-analyze verify: hvd.service hvd.socket hvd-ro.socket" \
	"(with hvd-helper.socket and .service)"

# The sandbox must stay tight: an exposure above 2.0 (of 10) means some
# hardening was lost.
if ! systemd-analyze security --offline=yes --threshold=20 \
	"$tmp/hvd.service" >"$tmp/log" 2>&1; then
	echo "FAIL: systemd-analyze security: exposure above 2.0:"
	grep -E '✗|Overall' "$tmp/log"
	exit 1
fi
level=$(sed -n 's/.*Overall exposure level for hvd.service: //p' "$tmp/log")
echo "PASS: systemd-analyze security: exposure $level"

# sysusers.d: creating the user in a scratch root must give user and
# group hvd, the user in that group.
mkdir -p "$tmp/root/etc"
if ! systemd-sysusers --root="$tmp/root" "$sd/sysusers.d/hvd.conf" \
	>"$tmp/log" 2>&1; then
	echo "FAIL: systemd-sysusers:"; cat "$tmp/log"; exit 1
fi
gid=$(awk -F: '$1 == "hvd" { print $3 }' "$tmp/root/etc/group")
ugid=$(awk -F: '$1 == "hvd" { print $4 }' "$tmp/root/etc/passwd")
if [ -z "$gid" ] || [ "$gid" != "$ugid" ]; then
	echo "FAIL: sysusers.d: group hvd '$gid', user hvd's group '$ugid'"
	exit 1
fi
echo "PASS: systemd-sysusers: user and group hvd (gid $gid)"

# tmpfiles.d: creating the runtime directory in that root gives it to hvd.
if ! systemd-tmpfiles --root="$tmp/root" --create \
	"$sd/tmpfiles.d/hvd.conf" >"$tmp/log" 2>&1; then
	echo "FAIL: systemd-tmpfiles:"; cat "$tmp/log"; exit 1
fi
owner=$(stat -c '%g %a' "$tmp/root/run/hvd/vms")
if [ "$owner" != "$gid 750" ]; then
	echo "FAIL: tmpfiles.d: /run/hvd/vms is '$owner', want '$gid 750'"
	exit 1
fi
echo "PASS: systemd-tmpfiles: /run/hvd/vms owned by hvd"

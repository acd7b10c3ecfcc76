#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# units-activation.sh: the socket layout of hvd.socket and hvd-ro.socket
# works with hvd: two listening sockets passed by socket activation (here
# by systemd-socket-activate, as systemd would pass them) are taken over,
# each recognised by its path: the read-write one serves every method,
# the read-only one refuses changes. Every wait is bounded.
set -eu
if ! command -v systemd-socket-activate >/dev/null 2>&1; then
	echo "SKIP: systemd-socket-activate is not installed (package systemd)"
	exit 77
fi
build=$(pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/run" "$tmp/state" "$tmp/log"
# hvd alone: no helper (VMs are tested in tests/vm)
echo "helper = no" >"$tmp/hvd.conf"
printf 'guest' >"$tmp/guest.img"

systemd-socket-activate -l "$tmp/run/hvd.sock" -l "$tmp/run/hvd-ro.sock" \
	--fdname=hvd:hvd-ro \
	"$build/hvd" --foreground --config "$tmp/hvd.conf" \
	--runtime-dir "$tmp/run" --state-dir "$tmp/state" \
	--log-dir "$tmp/log" 2>"$tmp/hvd.err" &
pid=$!
i=0
while [ ! -S "$tmp/run/hvd-ro.sock" ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done

hvctl() { timeout 10 "$build/hvctl" --timeout 5 "$@"; }
fail() { echo "FAIL: $*"; echo "hvd's log:"; cat "$tmp/hvd.err"; exit 1; }

hvctl --socket "$tmp/run/hvd.sock" create vm1 --memory 64 --vcpus 1 \
	--image "$tmp/guest.img" --format flat >/dev/null ||
	fail "create on the activated read-write socket"
grep -q "socket activation" "$tmp/hvd.err" ||
	fail "hvd did not take the passed sockets"
out=$(hvctl --socket "$tmp/run/hvd-ro.sock" list) ||
	fail "list on the activated read-only socket"
case $out in *vm1*) ;; *) fail "vm1 not listed: $out" ;; esac
status=0
err=$(hvctl --socket "$tmp/run/hvd-ro.sock" delete vm1 2>&1) || status=$?
case $status:$err in
1:*PERMISSION_DENIED*) ;;
*) fail "delete on the read-only socket: exit $status: $err" ;;
esac
echo "PASS: hvd took over both activated sockets, told apart by path"

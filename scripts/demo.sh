#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# demo.sh: the README's first command. Installs what is missing, builds
# hv (build/plain), starts hvd in a private temporary directory (sockets,
# state, logs and runtime files all inside it), defines a VM through hvctl
# and shows it, then stops hvd and removes the directory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" plain
build="$top/build/plain"

tmp=$(mktemp -d /tmp/hv-demo.XXXXXX)
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		wait "$pid" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# An empty configuration, so that /etc/hvd/hvd.conf does not apply.
: >"$tmp/hvd.conf"
"$build/hvd" --foreground --config "$tmp/hvd.conf" \
	--runtime-dir "$tmp/run" --state-dir "$tmp/state" \
	--log-dir "$tmp/log" 2>"$tmp/hvd.log" &
pid=$!
sock="$tmp/run/hvd.sock"
tries=0
until [ -S "$sock" ]; do
	tries=$((tries + 1))
	if [ $tries -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
		echo "demo: hvd did not start:" >&2
		cat "$tmp/hvd.log" >&2
		exit 1
	fi
	sleep 0.05
done
echo "demo: hvd (pid $pid) listening on $sock"

# A stand-in guest image until a later issue brings a real guest.
head -c 65536 /dev/urandom >"$tmp/guest.img"

hvctl="$build/hvctl"
if [ ! -x "$hvctl" ]; then
	echo "demo: hvctl is missing ($hvctl was not built); hvd ran fine" >&2
	exit 1
fi
run() {
	echo "\$ hvctl $*"
	"$hvctl" --socket "$sock" "$@"
}
run create demo --memory 64 --vcpus 1 --image "$tmp/guest.img" --format flat
run list
run info demo
echo "demo: image checksum on disk: $(sha256sum "$tmp/guest.img" | cut -d' ' -f1)"
echo "demo: stopping hvd"
kill -TERM "$pid"
wait "$pid"
pid=""
echo "demo: done"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# demo.sh: the README's first command. Installs what is missing, builds
# hv (build/plain) and, as root, starts hvd in a private temporary
# directory (sockets, state, logs and runtime files all inside it): hvd
# starts hvd-helper and drops to an unprivileged uid, the helper runs the
# VM's monitor hv-vm as another. Through hvctl it creates and starts the
# memtouch guest on /dev/kvm, shows its statistics while it runs, waits
# for it to end, prints its console and how it ended, then stops hvd and
# removes the directory. The uids are numbers, so no user is created.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
	echo "demo: run as root: hvd starts its privileged helper" >&2
	exit 1
fi
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh" plain
build="$top/build/plain"
make -C "$build" -j2 tests/guests/memtouch.elf >/dev/null
if [ ! -c /dev/kvm ]; then
	echo "demo: /dev/kvm is absent: no VM can run here" >&2
	exit 1
fi

hvd_uid=64321		# what hvd drops to
vm_uid=64322		# what monitors run as
tmp=$(mktemp -d /tmp/hv-demo.XXXXXX)
chmod 0711 "$tmp"	# the monitor's user must reach its program
pid=""
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		wait "$pid" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The helper runs only a root-owned monitor others cannot write (0711).
install -m 0711 "$build/hv-vm" "$tmp/hv-vm"
cat >"$tmp/hvd.conf" <<CONF
user = $hvd_uid
monitor_user = $vm_uid
helper_path = $build/hvd-helper
monitor_path = $tmp/hv-vm
helper_socket = $tmp/helper.sock
CONF
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
echo "demo: hvd (pid $pid) listening on $sock," \
	"$(grep '^Uid' /proc/$pid/status | tr '\t' ' ')"

run() {
	echo "\$ hvctl $*"
	"$build/hvctl" --socket "$sock" "$@"
}
state() {
	"$build/hvctl" --socket "$sock" --json info memtouch |
		sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p'
}
# Wait (up to 60 s) until memtouch's state is one of the arguments.
wait_state() {
	tries=0
	while :; do
		s=$(state)
		for want in "$@"; do
			[ "$s" = "$want" ] && return 0
		done
		tries=$((tries + 1))
		if [ $tries -gt 600 ]; then
			echo "demo: memtouch stays $s" >&2
			exit 1
		fi
		sleep 0.1
	done
}

run create memtouch --memory 32 --vcpus 1 --format multiboot \
	--image "$build/tests/guests/memtouch.elf" \
	--cmdline "spaces=4 mib=2 rounds=20"
run start memtouch >/dev/null
wait_state running stopped crashed
sleep 1
run stats memtouch || echo "demo: (it ended before its statistics were read)"
wait_state stopped crashed
echo "demo: memtouch is $(state); its console:"
cat "$tmp/log/memtouch.console.log"
run info memtouch | grep -E '^(state|end\.)'
echo "demo: stopping hvd"
kill -TERM "$pid"
wait "$pid"
pid=""
echo "demo: done"

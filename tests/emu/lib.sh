# SPDX-License-Identifier: GPL-2.0-only
# lib.sh: what every case of the emulated machine's runner shares: result
# lines and counts, running hv-vm on one definition, and reading figures
# from the guest's hv-test line and from hv-vm's statistics file.
# shellcheck shell=sh
passed=0
failed=0
skipped=0

# result NAME PASS|FAIL|SKIP DETAIL...: one line for the host to parse.
result() {
	name=$1
	status=$2
	shift 2
	echo "emu-test: $name $status $*"
	case $status in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	*) skipped=$((skipped + 1)) ;;
	esac
}

summary() {
	echo "emu-summary: passed=$passed failed=$failed skipped=$skipped"
}

# Emulated machine's uptime in milliseconds.
uptime_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# bounded SECONDS COMMAND...: runs COMMAND, asks it to stop after SECONDS
# (SIGTERM: hv-vm then still writes its statistics), kills it 10 s later.
bounded() {
	secs=$1
	shift
	timeout -k 10 "$secs" "$@"
}

# vm_run CASE SECONDS JSON: runs hv-vm on definition JSON for at most
# SECONDS; console and messages in /tmp/CASE.log, statistics in
# /tmp/CASE.json, exit status in $vm_status, wall time in $vm_ms.
vm_run() {
	printf '%s\n' "$3" >"/tmp/$1.def"
	rm -f "/tmp/$1.json"
	t0=$(uptime_ms)
	bounded "$2" /emu/bin/hv-vm --definition "/tmp/$1.def" \
		--stats-json "/tmp/$1.json" 2>&1 | tr -d '\r' >"/tmp/$1.log"
	vm_status=$(sed -n 's/^hv-vm: .*exit status \([0-9]*\)$/\1/p' \
		"/tmp/$1.log")
	vm_status=${vm_status:-none}
	vm_ms=$(($(uptime_ms) - t0))
}

# hvtest CASE KEY: KEY's value in the guest's hv-test line.
hvtest() {
	sed -n "s/^hv-test: .* $2=\([^ ]*\).*/\1/p" "/tmp/$1.log" | head -n1
}

# figure CASE KEY: first value of KEY in the statistics file (with one vCPU
# the vCPU's own, for VM-wide names the VM's), empty when absent.
figure() {
	grep -o "\"$2\":[0-9]*" "/tmp/$1.json" 2>/dev/null | head -n1 |
		sed 's/.*://'
}

# show CASE [PATTERN]: the case's log lines (those matching PATTERN),
# as evidence on the console.
show() {
	grep -e "${2:-.}" "/tmp/$1.log" | tail -n 20 | sed "s|^|emu-log: $1: |"
}

# why CASE: the last lines of the case's log, on one line.
why() {
	tail -n 3 "/tmp/$1.log" | tr '\n' '|'
}

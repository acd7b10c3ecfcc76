#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# client-completion.sh: the bash completion of hvctl, driven with the
# built hvctl, completes commands, options and option choices (all read
# from "hvctl help"). VM names need a running hvd: client-hvctl covers
# "hvctl list" itself.
set -eu
if ! command -v bash >/dev/null 2>&1; then
	echo "SKIP: bash is not installed"
	exit 77
fi
HVCTL_COMPLETION_BIN=$(pwd)/hvctl bash -c '
	. "$1/client/hvctl.bash-completion"
	fail=0
	t() {
		want=$1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_hvctl
		if [ "${COMPREPLY[*]}" = "$want" ]; then
			echo "PASS: [$*] -> $want"
		else
			echo "FAIL: [$*] -> ${COMPREPLY[*]}, want $want"
			fail=1
		fi
	}
	t "create" hvctl cr
	t "start stop stats" hvctl --json st
	t "--socket" hvctl --so
	t "--format" hvctl create x --f
	t "multiboot elf bzimage flat" hvctl create x --format ""
	t "hugetlb" hvctl create x --memory-backend h
	t "--force --no-force" hvctl stop x --
	t "delete" hvctl help de
	exit $fail
' sh "${srcdir:-.}"

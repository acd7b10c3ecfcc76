#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# helper-man-lint.sh: hvd-helper(8) is clean under "mandoc -T lint -W
# warning" (no output at all).
set -eu
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed"
	exit 77
fi
page=${srcdir:-.}/man/hvd-helper.8
out=$(mandoc -T lint -W warning "$page" 2>&1) || true
if [ -n "$out" ]; then
	printf 'FAIL: mandoc -T lint:\n%s\n' "$out"
	exit 1
fi
echo "PASS: mandoc -T lint -W warning: hvd-helper.8"

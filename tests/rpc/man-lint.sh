#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# man-lint.sh: every manual page in man/ must be lint-clean: "mandoc -T lint
# -W warning" prints nothing for it.
set -eu
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed (package mandoc)"
	exit 77
fi
fail=0
for path in "${srcdir:-.}"/man/*.[1-8]; do
	page=${path##*/}
	out=$(mandoc -T lint -W warning "$path" 2>&1) || true
	if [ -n "$out" ]; then
		printf 'FAIL: %s:\n%s\n' "$page" "$out"
		fail=1
	else
		echo "PASS: $page is lint-clean"
	fi
done
exit $fail

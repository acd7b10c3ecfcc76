#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# man-check.sh: the manual pages must say what the code does.
#  - hv-rpc(7) lists exactly the methods (and which change state), their
#    parameters (type, range, required), the error codes and names and the
#    statistics catalogue (unit, kind, scope) of proto/'s tables, as
#    printed by tests/rpc/man-methods;
#  - hvd.conf(5) documents exactly the keys daemon/config.c parses;
#  - hvctl(1) documents every command and option "hvctl help" shows,
#    hvd(8) every option "hvd --help" shows.
# Run by "make check" from the top build directory.
set -eu
man=${srcdir:-.}/man
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# compare WHAT EXPECTED ACTUAL: both files as sorted sets of lines.
compare() {
	sort -u "$2" >"$tmp/a"
	sort -u "$3" >"$tmp/b"
	if [ ! -s "$tmp/a" ]; then
		echo "FAIL: $1: nothing to compare"
		fail=1
	elif cmp -s "$tmp/a" "$tmp/b"; then
		echo "PASS: $1 ($(wc -l <"$tmp/a") items)"
	else
		echo "FAIL: $1 (- code, + manual):"
		diff -u "$tmp/a" "$tmp/b" | sed -n '3,$p'
		fail=1
	fi
}

./tests/rpc/man-methods >"$tmp/table"
awk '
	/^\.Sh / { sec = $0; next }
	sec == ".Sh METHODS" && /^\.Ss / {
		m = $2; getline
		print "method " m (/^Changes state/ ? " changes-state" : "")
		next
	}
	sec == ".Sh METHODS" && /^\.It Va / {
		name = $3; desc = $0
		sub(/^\.It Va [^ ]* Pq /, "", desc)
		print "param " m " " name " (" desc ")"
	}
	sec == ".Sh ERROR CODES" && /^\.It Dv / {
		code = $5; sub(/^\\-/, "-", code)
		print "error " code " " $3
	}
	sec == ".Sh STATISTICS" && /^\.It Li / {
		gsub(/,/, "")
		print "stat " $3 " " $5 " " $6 " " $7
	}' "$man/hv-rpc.7" >"$tmp/page"
compare "hv-rpc.7 against the method, error and statistics tables" \
	"$tmp/table" "$tmp/page"

sed -n 's/^[[:space:]]*{ "\([a-z_]*\)", KEY_.*/\1/p' \
	"${srcdir:-.}/daemon/config.c" >"$tmp/keys"
sed -n 's/^\.It Cm \([a-z_]*\) No = .*/\1/p' "$man/hvd.conf.5" >"$tmp/page"
compare "hvd.conf.5 against daemon/config.c's keys" "$tmp/keys" "$tmp/page"

# documented PAGE: the lines "command C" and "option --O" read from stdin
# that PAGE documents (as "Ic C" or "Fl \-O" at the end of a word).
documented() {
	while read -r kind word; do
		case $kind in
		command) pat="Ic $word\\( \\|\$\\)" ;;
		option)
			opt=$(printf %s "${word#--}" | sed 's/-/\\\\-/g')
			pat="Fl \\\\-$opt\\( \\|\$\\)" ;;
		esac
		if grep -q -- "$pat" "$1"; then
			echo "$kind $word"
		fi
	done
}

# Every command and every option hvctl's help shows, global ones included.
{
	./hvctl help | awk '/^Commands:/ { c = 1; next } /^$/ { c = 0 }
			    c { print "command " $1 }'
	./hvctl help | sed -n 's/^  \(--[a-z-]*\).*/option \1/p'
	for cmd in $(./hvctl help | awk '/^Commands:/ { c = 1; next }
					 /^$/ { c = 0 } c { print $1 }'); do
		./hvctl help "$cmd" | tr ' ,' '\n\n' |
			sed -n 's/^\(--[a-z-]*\)$/option \1/p'
	done
} >"$tmp/help"
documented "$man/hvctl.1" <"$tmp/help" >"$tmp/page"
compare "hvctl.1 against hvctl help" "$tmp/help" "$tmp/page"

# Every option hvd --help shows.
./hvd --help | tr ' ,' '\n\n' | sed -n 's/^\(--[a-z-]*\)$/option \1/p' \
	>"$tmp/help"
documented "$man/hvd.8" <"$tmp/help" >"$tmp/page"
compare "hvd.8 against hvd --help" "$tmp/help" "$tmp/page"
exit $fail

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# emu-initramfs.sh OUT.cpio.gz SRC=DEST...: packs a busybox initramfs for
# the emulated machine. Every SRC file goes to DEST in the archive (a DEST
# ending in / is a directory to copy SRC into); a dynamically linked SRC
# brings the shared libraries ldd lists for it. The archive always has
# /bin/busybox (from busybox-static), /bin/sh and /dev/console; /init
# must be one of the DESTs.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: emu-initramfs.sh OUT.cpio.gz SRC=DEST..." >&2
	exit 2
fi
out=$1; shift
busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "emu-initramfs: $busybox is missing or not busybox-static" >&2
	exit 1
fi
stage=$(mktemp -d "${TMPDIR:-/tmp}/emu-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# mktemp makes it 0700; the archive's root must be readable by all users.
chmod 755 "$stage"
mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/bin" "$stage/usr/sbin" \
	"$stage/dev" "$stage/proc" "$stage/sys" "$stage/tmp" "$stage/lib64"
chmod 1777 "$stage/tmp"
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
mknod "$stage/dev/console" c 5 1

# Copies $1 to archive path $2 (with its shared libraries).
put() {
	case $2 in
	*/) dest=$stage$2$(basename "$1") ;;
	*) dest=$stage$2 ;;
	esac
	mkdir -p "$(dirname "$dest")"
	cp -L "$1" "$dest"
	ldd "$1" 2>/dev/null | sed -n 's|.*[ 	]\(/[^ ]*\) (0x.*|\1|p' |
		while read -r lib; do
			mkdir -p "$stage$(dirname "$lib")"
			cp -L "$lib" "$stage$lib"
		done
}

for spec in "$@"; do
	src=${spec%%=*}
	dst=${spec#*=}
	if [ "$src" = "$spec" ] || [ ! -f "$src" ]; then
		echo "emu-initramfs: $spec: not SRC=DEST with an existing" \
			"SRC" >&2
		exit 1
	fi
	put "$src" "$dst"
done
if [ ! -x "$stage/init" ]; then
	echo "emu-initramfs: no executable /init given" >&2
	exit 1
fi
(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"

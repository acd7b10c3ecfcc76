#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# emu-fetch.sh [CACHE]: gets what the emulated-machine tests need. Installs
# (only if missing) QEMU, busybox-static, cpio and the headers of Debian's
# current kernel ABI (to build hv.ko against later); unpacks that kernel's
# image package into CACHE/ABI without installing it. Leaves there:
#   vmlinuz      the kernel to boot under QEMU
#   modules/     kvm-amd (or EMU_MODULES) and its dependencies, uncompressed
#   modules.load their file names in load order (dependencies first)
# and prints CACHE/ABI. CACHE defaults to build/emu-cache; a filled cache is
# reused. EMU_KABI=6.1.0-NN overrides the ABI found through apt;
# EMU_MODULES the modules to take (kvm_amd; the VMX suite: kvm_intel).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-$top/build/emu-cache}

abi=${EMU_KABI:-$(apt-cache depends linux-headers-amd64 2>/dev/null |
	sed -n 's/^ *Depends: linux-headers-\(.*\)-amd64$/\1/p' | head -n1)}
if [ -z "$abi" ]; then
	echo "emu-fetch: no linux-headers-amd64 in the apt cache" >&2
	exit 1
fi
"$top/scripts/install-deps.sh" qemu-system-x86 busybox-static cpio \
	"linux-headers-$abi-amd64" >&2

dir=$cache/$abi
if [ -f "$dir/modules.load" ]; then
	echo "$dir"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir/tmp"
# apt-get download writes into the current directory.
(cd "$dir/tmp" && apt-get download -q -o APT::Sandbox::User=root \
	"linux-image-$abi-amd64" >&2)
dpkg-deb -x "$dir"/tmp/linux-image-*.deb "$dir/tmp/root"
mv "$dir/tmp/root/boot/vmlinuz-$abi-amd64" "$dir/vmlinuz"
kdir=$dir/tmp/root/lib/modules/$abi-amd64

# Path of module $1 ('-' and '_' are the same in module names).
modpath() {
	pat=$(printf '%s' "$1" | sed 's/[-_]/[-_]/g')
	find "$kdir" -regex ".*/$pat\.ko\(\.xz\)?" | head -n1
}

# Appends module $1 to modules.load after its dependencies, once.
add() {
	grep -qx "$1.ko" "$dir/modules.load.tmp" 2>/dev/null && return 0
	f=$(modpath "$1")
	if [ -z "$f" ]; then
		echo "emu-fetch: module $1 not in linux-image-$abi-amd64" >&2
		exit 1
	fi
	case $f in
	*.xz) xz -dc "$f" >"$dir/modules/$1.ko" ;;
	*) cp "$f" "$dir/modules/$1.ko" ;;
	esac
	# The .modinfo section holds NUL-separated "depends=a,b".
	deps=$(tr '\0' '\n' <"$dir/modules/$1.ko" | sed -n 's/^depends=//p')
	for d in $(echo "$deps" | tr ',' ' '); do
		add "$d"
	done
	echo "$1.ko" >>"$dir/modules.load.tmp"
}

mkdir -p "$dir/modules"
: >"$dir/modules.load.tmp"
for m in ${EMU_MODULES:-kvm_amd}; do
	add "$m"
done
rm -rf "$dir/tmp"
mv "$dir/modules.load.tmp" "$dir/modules.load"
echo "emu-fetch: kernel $abi-amd64, modules:" \
	"$(tr '\n' ' ' <"$dir/modules.load")" >&2
echo "$dir"

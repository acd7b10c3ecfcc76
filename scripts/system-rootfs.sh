#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# system-rootfs.sh PACKAGES CACHE: makes (once) a minimal Debian 12 root
# with systemd and the packages listed in PACKAGES (one a line, # comments),
# by debootstrap from the archive this machine's apt is configured for, and
# prints its directory. The root is cached in CACHE under a key made of the
# package list, the apt sources and the candidate kernel version, so a
# change to any of them builds a new one (older ones are removed).
set -eu
if [ $# -ne 2 ]; then
	echo "usage: system-rootfs.sh PACKAGES CACHE" >&2
	exit 2
fi
list=$1
cache=$2
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
pkgs=$(sed -e 's/#.*//' "$list" | tr -s ' \n' ' ')
kver=$(apt-cache policy linux-image-amd64 | sed -n 's/^ *Candidate: //p')
key=$( (echo "$pkgs"; echo "$kver"; cat "$sources") | sha256sum | cut -c1-16)
root=$cache/rootfs-$key
if [ -f "$root.done" ]; then
	echo "$root"
	exit 0
fi
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb \([^ ]*\) bookworm .*/\1/p' \
	"$sources" | head -n1)
rm -rf "$cache"/rootfs-*
mkdir -p "$cache"

# Unmounts what the chroot steps mounted, innermost first.
unmount() {
	for m in dev/pts dev sys proc; do
		mountpoint -q "$root/$m" && umount -l "$root/$m"
	done
	return 0
}
trap unmount EXIT

echo "system-rootfs: debootstrap bookworm from $mirror into $root" >&2
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
	tail -n 20 "$cache/debootstrap.log" >&2
	exit 1
}
cp "$sources" "$root/etc/apt/sources.list.d/"
rm -f "$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive chroot "$root" sh -ec "
	apt-get update -q
	apt-get install -y -q --no-install-recommends $pkgs
	apt-get clean" >"$cache/apt.log" 2>&1 || {
	tail -n 20 "$cache/apt.log" >&2
	exit 1
}
unmount

# A machine to boot: root on the virtio disk, the serial console for the
# kernel only (no login prompt there), a name.
echo "/dev/vda / ext4 rw,relatime 0 1" >"$root/etc/fstab"
echo hv-system >"$root/etc/hostname"
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
touch "$root.done"
echo "$root"

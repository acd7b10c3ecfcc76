#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# install-deps.sh: installs, on Debian 12, the packages hv needs to build and
# test, and only those that are missing. Extra package names may be given
# as arguments (the emulated-machine suites add theirs).
set -eu
pkgs="build-essential autoconf automake libtool pkg-config libevent-dev
      libjson-c-dev libcap-ng-dev libsystemd-dev libcriterion-dev socat
      mandoc systemd python3 qemu-system-x86 clang libclang-rt-14-dev sparse
      bochs bochsbios vgabios isolinux syslinux-common xorriso
      debhelper dh-dkms lintian debootstrap e2fsprogs $*"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# guest-init.sh: /init of the Linux guest that hv-vm boots from a bzImage
# inside the emulated machine: prints a marker with the uptime, then ends
# the VM through the debug-exit port 0xf4 (value 0: status 1).
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
echo "emu-guest: linux up uptime=$(/bin/busybox cut -d' ' -f1 /proc/uptime)"
printf '\000' | /bin/busybox dd of=/dev/port bs=1 seek=244 count=1 \
	2>/dev/null
/bin/busybox poweroff -f

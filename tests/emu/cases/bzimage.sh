# SPDX-License-Identifier: GPL-2.0-only
# bzimage.sh: hv-vm's bzImage path: boots the emulated machine's own
# kernel (/emu/vmlinuz) with a tiny initramfs whose /init prints
# "emu-guest: linux up" and ends the VM through port 0xf4, on kvm-amd with
# nested paging. Software emulation running a hypervisor running Linux is
# slow: the run is bounded (emu.bzimage_s= on the kernel command line,
# default 200 s), the guest's console is kept with the emulated machine's
# uptime in ms on every line, and its last lines are shown.
# shellcheck shell=sh

bzimage_s=$(sed -n 's/.*emu\.bzimage_s=\([0-9]*\).*/\1/p' /proc/cmdline)
bzimage_def='{"name":"linux","memory_mib":256,"vcpus":1,
"image":{"path":"/emu/vmlinuz","format":"bzimage"},
"initrd":"/emu/guest-initrd.cpio.gz",
"cmdline":"console=ttyS0 quiet panic=-1"}'

# Prefixes each line of stdin with the uptime in ms.
stamp() {
	while IFS= read -r line; do
		echo "$(uptime_ms) $line"
	done
}

bzimage_group() {
	c=kvm-amd.npt.bzimage
	if ! kvm_amd_load 1 >/tmp/load.log 2>&1; then
		result "$c" FAIL "kvm-amd: $(why load)"
		return
	fi
	printf '%s\n' "$bzimage_def" >/tmp/$c.def
	t0=$(uptime_ms)
	bounded "${bzimage_s:-200}" /emu/bin/hv-vm --definition "/tmp/$c.def" \
		2>&1 | tr -d '\r' | stamp >"/tmp/$c.log"
	ms=$(($(uptime_ms) - t0))
	first=$(($(head -n1 "/tmp/$c.log" | cut -d' ' -f1) - t0))
	marker=$(grep -m1 ' emu-guest: linux up' "/tmp/$c.log" | cut -d' ' -f1)
	echo "emu-time: $c first_output_ms=$first wall_ms=$ms"
	tail -n 8 "/tmp/$c.log" | sed "s|^|emu-log: $c: |"
	if grep -q ' hv-vm: .*exit status 1$' "/tmp/$c.log" && [ -n "$marker" ]
	then
		result "$c" PASS "marker after $((marker - t0)) ms," \
			"$ms ms in all"
	else
		result "$c" FAIL "no marker within ${bzimage_s:-200} s" \
			"(first output after $first ms):" \
			"$(tail -n 1 "/tmp/$c.log")"
	fi
	kvm_amd_unload
}

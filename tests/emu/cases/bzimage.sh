# SPDX-License-Identifier: GPL-2.0-only
# bzimage.sh: hv-vm's bzImage path: boots the emulated machine's own
# kernel (/emu/vmlinuz) with a tiny initramfs whose /init prints
# "emu-guest: linux up" and ends the VM through port 0xf4, on kvm-amd with
# nested paging. Software emulation running a hypervisor running Linux is
# slow: the wall time is printed as emu-time.

bzimage_def='{"name":"linux","memory_mib":256,"vcpus":1,
"image":{"path":"/emu/vmlinuz","format":"bzimage"},
"initrd":"/emu/guest-initrd.cpio.gz",
"cmdline":"console=ttyS0 earlyprintk=ttyS0 panic=-1 loglevel=7"}'

bzimage_group() {
	c=kvm-amd.npt.bzimage
	if ! kvm_amd_load 1 >/tmp/load.log 2>&1; then
		result "$c" FAIL "kvm-amd: $(tail -n 3 /tmp/load.log | tr '\n' '|')"
		return
	fi
	vm_run "$c" 450 "$bzimage_def"
	echo "emu-time: $c run_ns=$(figure "$c" run_ns) wall_ms=$vm_ms"
	up=$(sed -n 's/^emu-guest: linux up uptime=//p' "/tmp/$c.log")
	if [ "$vm_status" = 1 ] && [ -n "$up" ]; then
		result "$c" PASS "guest uptime ${up}s, ${vm_ms} ms in all"
	else
		result "$c" FAIL "exit status $vm_status: $(why "$c")"
	fi
	sed "s|^|emu-log: |" /tmp/$c.log | tail -n 60
	kvm_amd_unload
}

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bochs-boot.sh KERNEL INITRD_DIR LOG: boots KERNEL with the initramfs
# directory INITRD_DIR (its /init runs the tests and powers off) in Bochs,
# whose emulated Intel CPU has VMX with EPT and unrestricted guest: the
# machine for VMX code on hosts without VMX. Headless; the serial console
# goes to LOG. Bochs cannot load a bzImage itself, so an isolinux ISO is
# made around KERNEL and the uncompressed archive of INITRD_DIR (unpacking
# gzip inside Bochs is slow). Bochs ends with status 1 even when the
# machine powers off normally: judge the run by LOG (with LF line ends).
# Exits 77 (skip)
# without Bochs, isolinux or xorriso.
# Environment: BOCHS_CPU (corei7_haswell_4770: its guest clock is right),
# BOCHS_MEGS (512), BOCHS_IPS (50000000), BOCHS_TIMEOUT (seconds, 480),
# BOCHS_APPEND (more kernel command line), BOCHS_WORK (the ISO and Bochs'
# files; LOG's directory by default).
set -eu
if [ $# -ne 3 ]; then
	echo "usage: bochs-boot.sh KERNEL INITRD_DIR LOG" >&2
	exit 2
fi
kernel=$1; irdir=$2; log=$3
isolinux=/usr/lib/ISOLINUX/isolinux.bin
ldlinux=/usr/lib/syslinux/modules/bios/ldlinux.c32
for need in bochs-bin xorriso cpio; do
	if ! command -v "$need" >/dev/null; then
		echo "bochs-boot: SKIP: $need not installed (apt-get install" \
			"bochs bochsbios vgabios isolinux syslinux-common" \
			"xorriso cpio)"
		exit 77
	fi
done
for f in "$isolinux" "$ldlinux" /usr/share/bochs/BIOS-bochs-latest \
	/usr/share/vgabios/vgabios.bin; do
	if [ ! -f "$f" ]; then
		echo "bochs-boot: SKIP: $f missing (isolinux, syslinux-common," \
			"bochsbios, vgabios)"
		exit 77
	fi
done
if [ ! -x "$irdir/init" ]; then
	echo "bochs-boot: $irdir/init missing or not executable" >&2
	exit 2
fi
log=$(cd "$(dirname "$log")" && pwd)/$(basename "$log")
work=${BOCHS_WORK:-$(dirname "$log")/bochs}
rm -rf "$work"
mkdir -p "$work/iso/isolinux"
cp "$kernel" "$work/iso/vmlinuz"
(cd "$irdir" && find . | cpio -o -H newc 2>/dev/null) >"$work/iso/initrd"
cp "$isolinux" "$ldlinux" "$work/iso/isolinux/"
cat >"$work/iso/isolinux/isolinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  INITRD /initrd
  APPEND console=ttyS0,115200 quiet nokaslr mitigations=off panic=-1 ${BOCHS_APPEND:-}
CFG
xorriso -as mkisofs -quiet -o "$work/boot.iso" -b isolinux/isolinux.bin \
	-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
	-boot-info-table -R -J "$work/iso"
rm -rf "$work/iso"
# Debian's Bochs has no "nogui" display: rfb waiting for nobody is
# headless. Its default sound setup aborts, so the devices are dummies;
# its built-in debugger stops at the start, so it is told to continue.
cat >"$work/bochsrc" <<RC
megs: ${BOCHS_MEGS:-512}
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=${BOCHS_CPU:-corei7_haswell_4770}, count=1, ips=${BOCHS_IPS:-50000000}, reset_on_triple_fault=0
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=boot.iso, status=inserted
boot: cdrom
display_library: rfb, options="timeout=0"
com1: enabled=1, mode=file, dev=$log
log: bochs.log
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
clock: sync=none, time0=local
pci: enabled=1, chipset=i440fx
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
RC
printf 'c\nq\n' >"$work/debugger.rc"
rm -f "$log"
(cd "$work" && timeout "${BOCHS_TIMEOUT:-480}" bochs-bin -q -f bochsrc \
	-rc debugger.rc </dev/null >bochs.out 2>&1) || true
# The serial port writes the guest's CR LF line ends: keep LF only.
if [ -f "$log" ]; then
	tr -d '\r' <"$log" >"$log.tmp" && mv "$log.tmp" "$log"
else
	: >"$log"
fi

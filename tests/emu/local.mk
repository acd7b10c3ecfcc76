# SPDX-License-Identifier: GPL-2.0-only
# tests/emu/: the emulated-machine harness every kernel-side test of hv
# uses. "make check-kmod" (not part of "make check") boots Debian's kernel
# under QEMU's software emulation with SVM and runs the cases of
# tests/emu/cases there: today Debian's kvm-amd as the reference (nested
# paging and shadow paging) and hv-vm's bzImage path. Environment knobs are
# in scripts/emu-check-kmod.sh and scripts/emu-run.sh.

emu_runner_files = tests/emu/init.sh tests/emu/guest-init.sh \
	tests/emu/runner.sh tests/emu/lib.sh tests/emu/cases/guests.sh \
	tests/emu/cases/kvm-amd.sh tests/emu/cases/bzimage.sh \
	tests/emu/cases/hv.sh tests/emu/cases/hv-stress.sh \
	tests/emu/cases/bench.sh
EXTRA_DIST += $(emu_runner_files) scripts/emu-fetch.sh \
	scripts/emu-initramfs.sh scripts/emu-run.sh scripts/emu-check-kmod.sh

# smp: a test guest of this harness's own (on tests/guests' runtime):
# several vCPUs started by INIT and SIPI, racing on a counter, holding
# xmm values across exits, IPIs back (tests/emu/smp.c).
tests/emu/smp.elf: tests/emu/smp.c tests/emu/smp-ap.S $(guest_deps)
	$(AM_V_GEN)($(guest_cc) -Itests/guests tests/emu/smp.c \
		tests/emu/smp-ap.S) && $(guest_elf32)
CLEANFILES += tests/emu/smp.elf
EXTRA_DIST += tests/emu/smp.c tests/emu/smp-ap.S

# hv-fuzz: bad ioctl arguments against /dev/hv, run in the machine.
noinst_PROGRAMS += tests/emu/hv-fuzz
tests_emu_hv_fuzz_SOURCES = tests/emu/hv-fuzz.c proto/hv-uapi.h

# The script exits 77 where QEMU or Debian's kernel image is missing: a
# skip, not a failure. hv.ko is packed when "make kmod" could build it.
# The reference run uses one emulated CPU: with two, QEMU's multi-threaded
# emulation of SVM stalled the machine (RCU stalls, soft lockups on both
# CPUs) in about one boot of three while kvm-amd ran a nested guest.
# For the same reason hv:exclusive (hv.ko refused while kvm-amd runs a
# guest) runs here, where hv.ko was built, and not in check-kmod-hv.
KVM_EMU_QEMU_OPTS = -accel tcg -cpu EPYC,+svm -m 1024 -smp 1
KVM_EMU_PLAN = kvm-amd:npt,kvm-amd:shadow,bzimage
check-kmod: hv-vm $(guest_images) tests/emu/smp.elf kmod tests/emu/hv-fuzz
	@plan=$(KVM_EMU_PLAN); \
	[ -f $(HV_KO) ] && plan=$$plan,hv:exclusive; \
	EMU_PLAN="$${EMU_PLAN:-$$plan}" \
	EMU_QEMU_OPTS="$${EMU_QEMU_OPTS:-$(KVM_EMU_QEMU_OPTS)}" \
		$(top_srcdir)/scripts/emu-check-kmod.sh $(abs_top_builddir); \
	rc=$$?; [ $$rc -eq 77 ] && echo "check-kmod: SKIPPED" && rc=0; \
	exit $$rc
.PHONY: check-kmod

# hv.ko's own run in the emulated machine (a few minutes): the guests on
# hv.ko with nested and shadow paging, the bypass on and off, the ioctl
# fuzz loop and load/unload rounds (SVM taken in turns with kvm-amd is
# checked by check-kmod).
HV_EMU_PLAN = hv:npt,hv:shadow,hv:bypass,hv:fuzz,hv:loadloop
check-kmod-hv: hv-vm $(guest_images) tests/emu/smp.elf kmod \
		tests/emu/hv-fuzz
	@EMU_PLAN=$(HV_EMU_PLAN) \
		$(top_srcdir)/scripts/emu-check-kmod.sh $(abs_top_builddir); \
	rc=$$?; [ $$rc -eq 77 ] && echo "check-kmod-hv: SKIPPED" && rc=0; \
	exit $$rc
.PHONY: check-kmod-hv

# hv.ko against kvm-amd, and each hv.ko parameter on against off, in one
# boot of a repeatable machine (one CPU, clock from the instruction count):
# the "bench" group of tests/emu/cases/bench.sh, then bench-kmod takes the
# medians and records the ratios (about 3 minutes). "make bench" runs it
# through bench-kmod-emu, a launcher made in the build tree because "make
# bench" runs its BENCHES from there; "make bench-kmod" runs it alone,
# merging into bench-results.json unless HV_BENCH_RESULTS says otherwise.
noinst_PROGRAMS += tests/emu/bench-kmod
tests_emu_bench_kmod_SOURCES = tests/emu/bench-kmod.c tests/bench/report.h
tests_emu_bench_kmod_LDADD = tests/bench/libbenchreport.a $(JSONC_LIBS)
EXTRA_DIST += tests/emu/bench-kmod.sh
BENCHES += tests/emu/bench-kmod-emu
tests/emu/bench-kmod-emu: hv-vm $(guest_images) kmod tests/emu/hv-fuzz \
		tests/emu/bench-kmod
	@mkdir -p tests/emu
	printf '#!/bin/sh\nexec "%s/tests/emu/bench-kmod.sh" "%s"\n' \
		'$(abs_top_srcdir)' '$(abs_top_builddir)' >$@
	chmod +x $@
bench-kmod: tests/emu/bench-kmod-emu
	r=$${HV_BENCH_RESULTS:-$(abs_builddir)/bench-results.json}; \
		HV_BENCH_RESULTS=$$r ./tests/emu/bench-kmod-emu
.PHONY: bench-kmod

CLEANFILES += check-kmod-times.tsv bench-kmod-times.tsv \
	tests/emu/bench-kmod-emu emu-work/initrd.cpio.gz \
	emu-work/guest-initrd.cpio.gz emu-work/console.log \
	emu-work/memtouch-ref.log

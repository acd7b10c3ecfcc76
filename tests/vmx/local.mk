# SPDX-License-Identifier: GPL-2.0-only
# tests/vmx/: hv.ko's VMX backend in Bochs' emulated Intel machine. "make
# check-kmod-vmx" (not part of "make check") boots Debian's kernel once
# and runs there every test guest under kvm-intel (the reference) and on
# hv.ko with EPT and with shadow paging, the seed-003 bypass on and off;
# see scripts/emu-vmx-check.sh. It reuses tests/emu's /init, lib.sh and
# cases; tests/vmx brings the runner's groups and kvm-intel's cases.

vmx_runner_files = tests/vmx/runner.sh tests/vmx/cases/kvm-intel.sh \
	tests/vmx/cases/vmx.sh
EXTRA_DIST += $(vmx_runner_files) scripts/emu-vmx-check.sh \
	scripts/bochs-boot.sh tests/vmx/bench-kmod-vmx.sh

# Exit 77 (Bochs or the kernel image missing) is a skip, not a failure.
check-kmod-vmx: hv-vm $(guest_images) tests/emu/smp.elf kmod tests/emu/hv-fuzz
	@$(top_srcdir)/scripts/emu-vmx-check.sh $(abs_top_builddir); \
	rc=$$?; [ $$rc -eq 77 ] && echo "check-kmod-vmx: SKIPPED" && rc=0; \
	exit $$rc
.PHONY: check-kmod-vmx

# The counts of the last check-kmod-vmx run (or of a new one) as figures:
# "make bench" runs bench-kmod-vmx-emu, a launcher made in the build tree.
noinst_PROGRAMS += tests/vmx/bench-kmod-vmx
tests_vmx_bench_kmod_vmx_SOURCES = tests/vmx/bench-kmod-vmx.c \
	tests/bench/report.h
tests_vmx_bench_kmod_vmx_LDADD = tests/bench/libbenchreport.a $(JSONC_LIBS)
BENCHES += tests/vmx/bench-kmod-vmx-emu
tests/vmx/bench-kmod-vmx-emu: hv-vm $(guest_images) tests/emu/smp.elf \
		kmod tests/emu/hv-fuzz tests/vmx/bench-kmod-vmx
	@mkdir -p tests/vmx
	printf '#!/bin/sh\nexec "%s/tests/vmx/bench-kmod-vmx.sh" "%s"\n' \
		'$(abs_top_srcdir)' '$(abs_top_builddir)' >$@
	chmod +x $@

CLEANFILES += check-kmod-vmx.txt tests/vmx/bench-kmod-vmx-emu
clean-local: clean-vmx-work
clean-vmx-work:
	rm -rf vmx-work
.PHONY: clean-vmx-work

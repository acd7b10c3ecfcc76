# SPDX-License-Identifier: GPL-2.0-only
# tests/vm/: hvd, hvd-helper and hv-vm together on /dev/kvm, as root
# (skipped otherwise), and the start-to-exit benchmark over hvd's socket.
noinst_LIBRARIES += tests/vm/libvmharness.a
tests_vm_libvmharness_a_SOURCES = tests/vm/vm-harness.c \
	tests/vm/vm-harness.h
tests_vm_libvmharness_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHV_VM_PATH='"$(abs_top_builddir)/hv-vm"' \
	-DHV_HELPER_PATH='"$(abs_top_builddir)/hvd-helper"' \
	-DHVCTL_PATH='"$(abs_top_builddir)/hvctl"' \
	-DHV_GUESTS_DIR='"$(abs_top_builddir)/tests/guests"'
tests_vm_libvmharness_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
HV_VM_TEST_DEPS = hvd$(EXEEXT) hvd-helper$(EXEEXT) hv-vm$(EXEEXT) \
	hvctl$(EXEEXT) \
	tests/guests/hello.elf tests/guests/memtouch.elf

if HAVE_CRITERION
check_PROGRAMS += tests/vm/test-vm
TESTS += tests/vm/test-vm
endif
tests_vm_test_vm_SOURCES = tests/vm/test-vm.c
tests_vm_test_vm_CPPFLAGS = $(tests_vm_libvmharness_a_CPPFLAGS)
tests_vm_test_vm_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(JSONC_CFLAGS)
tests_vm_test_vm_LDADD = tests/vm/libvmharness.a tests/rpc/libharness.a \
	$(JSONC_LIBS) $(CRITERION_LIBS)
EXTRA_tests_vm_test_vm_DEPENDENCIES = $(HV_VM_TEST_DEPS)

# vm.start_to_exit_ms over hvd's socket ("make bench").
noinst_PROGRAMS += tests/vm/bench-start
BENCHES += tests/vm/bench-start
tests_vm_bench_start_SOURCES = tests/vm/bench-start.c
tests_vm_bench_start_CPPFLAGS = $(tests_vm_libvmharness_a_CPPFLAGS)
tests_vm_bench_start_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tests_vm_bench_start_LDADD = tests/vm/libvmharness.a tests/rpc/libharness.a \
	tests/bench/libbenchreport.a $(JSONC_LIBS)
EXTRA_tests_vm_bench_start_DEPENDENCIES = $(HV_VM_TEST_DEPS)

# hv.ko's statistics of one VM straight from its netlink family, for the
# emulated machine's hvd case (tests/emu/cases/hvd.sh) to compare with.
noinst_PROGRAMS += tests/vm/hv-genl-dump
tests_vm_hv_genl_dump_SOURCES = tests/vm/hv-genl-dump.c
tests_vm_hv_genl_dump_LDADD = proto/libhvproto.a
# hv.ko's async PF events of one VM counted, for tests/emu/cases/hv.sh.
noinst_PROGRAMS += tests/vm/hv-apf-watch
tests_vm_hv_apf_watch_SOURCES = tests/vm/hv-apf-watch.c
tests_vm_hv_apf_watch_LDADD = proto/libhvproto.a
# What tests/emu/cases/hvd.sh packs besides hv-vm (check-kmod-hv needs it).
HV_EMU_HVD = hvd$(EXEEXT) hvd-helper$(EXEEXT) hvctl$(EXEEXT) \
	tests/vm/hv-genl-dump$(EXEEXT) tests/vm/hv-apf-watch$(EXEEXT)

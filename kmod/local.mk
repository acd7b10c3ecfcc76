# SPDX-License-Identifier: GPL-2.0-only
# kmod/: the MMU core's userspace build (libhvmmu.a) and hv.ko.

# Whoever includes kmod/mmu/mmu.h against the userspace layer adds these.
HV_MMU_CPPFLAGS = -I$(top_srcdir)/kmod/platform/user

noinst_LIBRARIES += kmod/libhvmmu.a
kmod_libhvmmu_a_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
kmod_libhvmmu_a_SOURCES = \
	kmod/mmu/mmu.h kmod/mmu/spte.h kmod/mmu/mmu_int.h \
	kmod/mmu/spte.c kmod/mmu/stats.c kmod/mmu/pte_list.c \
	kmod/mmu/page.c kmod/mmu/rmap.c kmod/mmu/walk.c kmod/mmu/shadow.c \
	kmod/mmu/direct.c kmod/mmu/fast.c kmod/mmu/fault.c kmod/mmu/vm.c \
	kmod/mmu/async_pf.c \
	kmod/platform/platform.h \
	kmod/platform/user/plat_env.h \
	kmod/platform/user/user_plat.h kmod/platform/user/user_plat.c
EXTRA_DIST += kmod/Kbuild kmod/platform/kernel/plat_env.h \
	kmod/platform/kernel/kernel_plat.h kmod/platform/kernel/kernel_plat.c

# hv.ko, built out of tree with Kbuild only by `make kmod` (never by plain
# make): the sources are linked into $(HV_KMOD_DIR) so that a VPATH build
# leaves the source tree clean. `make kmod-sparse` runs sparse on them.
HV_KMOD_FILES = kmod/hv.h kmod/backend.h kmod/hv_main.c kmod/hv_hw.c \
	kmod/hv_vm.c kmod/hv_vcpu.c kmod/hv_genl.c kmod/hv_run.c kmod/hv_exit.c \
	kmod/hv_msr.c kmod/hv_shadow.c kmod/hv_mmio.c kmod/hv_guest.c \
	kmod/hv_insn.h kmod/hv_insn.c kmod/guest_gprs.h \
	kmod/lapic.h kmod/lapic.c \
	kmod/svm/svm.h kmod/svm/svm_int.h kmod/svm/svm_hw.c \
	kmod/svm/svm_vcpu.c kmod/svm/svm_exit.c kmod/svm/svm_msr.c \
	kmod/svm/svm_shadow.c \
	kmod/svm/svm_vmrun.S \
	kmod/vmx/vmx.h kmod/vmx/vmx_hw.c kmod/vmx/vmx_vmcs.c \
	kmod/vmx/vmx_vcpu.c kmod/vmx/vmx_exit.c kmod/vmx/vmx_msr.c \
	kmod/vmx/vmx_cr.c kmod/vmx/vmx_vmenter.S \
	proto/hv-uapi.h proto/hv-genl.h
EXTRA_DIST += $(HV_KMOD_FILES)
HV_KMOD_DIR = $(abs_top_builddir)/kmod/ko
HV_KO = $(HV_KMOD_DIR)/hv.ko

if HAVE_KERNEL_BUILD
kmod kmod-sparse:
	rm -rf $(HV_KMOD_DIR)
	mkdir -p $(HV_KMOD_DIR)
	cp -rs $(abs_top_srcdir)/kmod/. $(HV_KMOD_DIR)/
	rm -f $(HV_KMOD_DIR)/local.mk
	$(MAKE) -C $(KERNEL_BUILD) M=$(HV_KMOD_DIR) \
		HV_TOP=$(abs_top_srcdir) \
		$(if $(filter kmod-sparse,$@),C=2) modules
else
kmod kmod-sparse:
	@echo "kmod: no kernel build tree (configure --with-kernel-build=DIR):" \
		"hv.ko not built"
endif
# The core's own compile check (kmod/Kbuild builds it as part of hv.ko).
check-kmod-build: kmod
.PHONY: kmod kmod-sparse check-kmod-build
clean-local: clean-kmod
clean-kmod:
	rm -rf $(HV_KMOD_DIR)
.PHONY: clean-kmod

# Unit tests of the core (tests/mmu/core-*), with a small shared harness.
check_LIBRARIES += tests/mmu/libcore-harness.a
tests_mmu_libcore_harness_a_SOURCES = tests/mmu/core-harness.c \
	tests/mmu/core-harness.h
tests_mmu_libcore_harness_a_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
HV_CORE_TEST_CPPFLAGS = $(AM_CPPFLAGS) $(HV_MMU_CPPFLAGS)
HV_CORE_TEST_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS) $(PTHREAD_CFLAGS)
HV_CORE_TEST_LIBS = tests/mmu/libcore-harness.a kmod/libhvmmu.a \
	$(CRITERION_LIBS) $(PTHREAD_LIBS)

# The threaded fast-path test is a plain program (criterion cannot start
# under TSan), so it runs in every build, and in "make check-tsan".
check_PROGRAMS += tests/mmu/core-fast-mt
TESTS += tests/mmu/core-fast-mt
TSAN_TESTS += tests/mmu/core-fast-mt
tests_mmu_core_fast_mt_SOURCES = tests/mmu/core-fast-mt.c
tests_mmu_core_fast_mt_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_fast_mt_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_mmu_core_fast_mt_LDADD = tests/mmu/libcore-harness.a \
	kmod/libhvmmu.a $(PTHREAD_LIBS)

if HAVE_CRITERION
HV_CORE_TESTS = tests/mmu/core-spte tests/mmu/core-walk \
	tests/mmu/core-cache tests/mmu/core-wp tests/mmu/core-dirty \
	tests/mmu/core-apf
check_PROGRAMS += $(HV_CORE_TESTS)
TESTS += $(HV_CORE_TESTS)
tests_mmu_core_walk_SOURCES = tests/mmu/core-walk.c
tests_mmu_core_walk_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_walk_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_walk_LDADD = $(HV_CORE_TEST_LIBS)
tests_mmu_core_cache_SOURCES = tests/mmu/core-cache.c
tests_mmu_core_cache_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_cache_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_cache_LDADD = $(HV_CORE_TEST_LIBS)
tests_mmu_core_wp_SOURCES = tests/mmu/core-wp.c
tests_mmu_core_wp_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_wp_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_wp_LDADD = $(HV_CORE_TEST_LIBS)
tests_mmu_core_spte_SOURCES = tests/mmu/core-spte.c
tests_mmu_core_spte_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_spte_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_spte_LDADD = $(HV_CORE_TEST_LIBS)
tests_mmu_core_dirty_SOURCES = tests/mmu/core-dirty.c
tests_mmu_core_dirty_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_dirty_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_dirty_LDADD = $(HV_CORE_TEST_LIBS)
tests_mmu_core_apf_SOURCES = tests/mmu/core-apf.c
tests_mmu_core_apf_CPPFLAGS = $(HV_CORE_TEST_CPPFLAGS)
tests_mmu_core_apf_CFLAGS = $(HV_CORE_TEST_CFLAGS)
tests_mmu_core_apf_LDADD = $(HV_CORE_TEST_LIBS)
endif

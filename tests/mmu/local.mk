# SPDX-License-Identifier: GPL-2.0-only
# tests/mmu/: MMU core tests, hardware and reference models, MMU benchmarks.

# The test support every MMU test and benchmark links: the reference walker.
noinst_LIBRARIES += tests/mmu/libmmumodel.a
tests_mmu_libmmumodel_a_SOURCES = tests/mmu/refmodel.c tests/mmu/refmodel.h

if HAVE_CRITERION
check_PROGRAMS += tests/mmu/test-refmodel
TESTS += tests/mmu/test-refmodel
tests_mmu_test_refmodel_SOURCES = tests/mmu/test-refmodel.c
tests_mmu_test_refmodel_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_mmu_test_refmodel_LDADD = tests/mmu/libmmumodel.a $(CRITERION_LIBS)
endif

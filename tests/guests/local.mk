# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/: freestanding test guests (multiboot v1, ELF32, long mode)
# and their criterion suite under QEMU TCG. The conventions every guest
# follows (boot, command line, serial, hv-test line, exit codes) are in
# tests/guests/README.md. The guests are built with their own flags
# (guest_cflags), never AM_CFLAGS, so that sanitizer flags cannot reach
# them.

guest_lib_sources = \
	tests/guests/lib/entry.S tests/guests/lib/isr.S \
	tests/guests/lib/cmdline.c tests/guests/lib/exit.c \
	tests/guests/lib/fwcfg.c tests/guests/lib/lapic.c \
	tests/guests/lib/mem.c tests/guests/lib/paging.c \
	tests/guests/lib/pit.c tests/guests/lib/printf.c \
	tests/guests/lib/serial.c tests/guests/lib/start.c \
	tests/guests/lib/trap.c
guest_lib_headers = \
	tests/guests/lib/checksum.h tests/guests/lib/cmdline.h \
	tests/guests/lib/fwcfg.h tests/guests/lib/guest.h \
	tests/guests/lib/kvm_para.h tests/guests/lib/lapic.h \
	tests/guests/lib/mem.h tests/guests/lib/multiboot.h \
	tests/guests/lib/paging.h tests/guests/lib/pit.h \
	tests/guests/lib/printf.h tests/guests/lib/serial.h \
	tests/guests/lib/trap.h tests/guests/lib/x86.h
guest_deps = $(guest_lib_sources) $(guest_lib_headers) \
	tests/guests/lib/guest.ld

guest_cflags = -std=gnu11 -m64 -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mno-red-zone -fno-stack-protector -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fno-tree-loop-distribute-patterns \
	$(HV_WARN_CFLAGS)
guest_ldflags = -nostdlib -static -no-pie -Wl,-T,tests/guests/lib/guest.ld \
	-Wl,--build-id=none -Wl,-z,max-page-size=4096
guest_objcopy = objcopy

# A guest is its source and the runtime compiled and linked in one go from
# the source tree, then converted from ELF64 to ELF32, the only ELF that
# QEMU's multiboot loader takes: $(guest_cc) SOURCE && $(guest_elf32).
guest_cc = $(MKDIR_P) $(@D) && cd $(srcdir) && \
	$(CC) $(guest_cflags) $(guest_ldflags) -o $(abs_top_builddir)/$@.64 \
	$(guest_lib_sources)
guest_elf32 = $(guest_objcopy) -O elf32-i386 $@.64 $@ && rm -f $@.64

tests/guests/hello.elf: tests/guests/hello.c $(guest_deps)
	$(AM_V_GEN)($(guest_cc) tests/guests/hello.c) && $(guest_elf32)
tests/guests/memtouch.elf: tests/guests/memtouch.c $(guest_deps)
	$(AM_V_GEN)($(guest_cc) tests/guests/memtouch.c) && $(guest_elf32)
tests/guests/dirty.elf: tests/guests/dirty.c $(guest_deps)
	$(AM_V_GEN)($(guest_cc) tests/guests/dirty.c) && $(guest_elf32)
tests/guests/apf.elf: tests/guests/apf.c $(guest_deps)
	$(AM_V_GEN)($(guest_cc) tests/guests/apf.c) && $(guest_elf32)
tests/guests/demand.elf: tests/guests/demand.c $(guest_deps)
	$(AM_V_GEN)($(guest_cc) tests/guests/demand.c) && $(guest_elf32)
# The same hello as ELF64, for hosts that load both classes (QEMU does not).
tests/guests/hello.elf64: tests/guests/hello.elf
	$(AM_V_GEN)$(guest_objcopy) -O elf64-x86-64 tests/guests/hello.elf $@

guest_images = tests/guests/hello.elf tests/guests/memtouch.elf \
	tests/guests/dirty.elf tests/guests/apf.elf tests/guests/demand.elf \
	tests/guests/hello.elf64
# Built by "make" (not only "make check"): the monitor's and the kernel
# module's suites boot them too. (Set here with '=': no other folder has
# data to build; move the initialisation to Makefile.am if one does.)
noinst_DATA = $(guest_images)
CLEANFILES += $(guest_images)
EXTRA_DIST += tests/guests/README.md $(guest_deps) \
	tests/guests/hello.c tests/guests/memtouch.c tests/guests/dirty.c \
	tests/guests/apf.c tests/guests/demand.c

if HAVE_CRITERION
check_PROGRAMS += tests/guests/test-guests
TESTS += tests/guests/test-guests
tests_guests_test_guests_SOURCES = tests/guests/qemu-run.c \
	tests/guests/qemu-run.h tests/guests/test-hello.c \
	tests/guests/test-memtouch.c tests/guests/test-dirty.c \
	tests/guests/test-apf.c tests/guests/test-demand.c \
	tests/guests/test-failures.c
tests_guests_test_guests_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/tests/guests \
	-DHV_GUEST_DIR='"$(abs_top_builddir)/tests/guests"'
tests_guests_test_guests_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
tests_guests_test_guests_LDADD = $(CRITERION_LIBS)
endif

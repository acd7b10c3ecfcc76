# SPDX-License-Identifier: GPL-2.0-only
# monitor/: hv-vm, one process per running VM, and the statistics catalogue
# of proto/ it reports in (libhvstats.a, shared with hvd and hvctl).

noinst_LIBRARIES += proto/libhvstats.a
proto_libhvstats_a_SOURCES = proto/stats-catalogue.c proto/stats-catalogue.h

# Everything of hv-vm but main(), also linked by the monitor's unit tests.
noinst_LIBRARIES += monitor/libhvvm.a
monitor_libhvvm_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(PTHREAD_CFLAGS)
monitor_libhvvm_a_SOURCES = \
	monitor/accel.h monitor/accel-kvm.c monitor/accel-hv.c \
	monitor/accel-x86-tmpl.h \
	monitor/accel-hv-stats.h monitor/accel-hv-stats.c \
	monitor/console.h monitor/console.c \
	monitor/control.h monitor/control.c \
	monitor/debug-exit.h monitor/debug-exit.c \
	monitor/definition.h monitor/definition.c \
	monitor/dirty-log.h monitor/dirty-log.c \
	monitor/e820.h monitor/e820.c \
	monitor/elf.h monitor/elf.c \
	monitor/fw-cfg.h monitor/fw-cfg.c \
	monitor/guest-mem.h monitor/guest-mem.c \
	monitor/loader.h monitor/loader.c \
	monitor/load-bzimage.c monitor/load-elf.c monitor/load-flat.c \
	monitor/load-multiboot.c \
	monitor/pio.h monitor/pio.c \
	monitor/stats.h monitor/stats.c \
	monitor/tracepoint.h monitor/tracepoint.c \
	monitor/uart.h monitor/uart.c \
	monitor/uffd.h monitor/uffd.c \
	monitor/vm.h monitor/vm.c

libexec_PROGRAMS += hv-vm
hv_vm_SOURCES = monitor/main.c monitor/sanitizer-options.c \
	proto/monitor-fds.h
hv_vm_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(PTHREAD_CFLAGS) \
	$(SYSTEMD_CFLAGS)
hv_vm_LDADD = monitor/libhvvm.a proto/libhvstats.a proto/libhvproto.a \
	$(JSONC_LIBS) $(SYSTEMD_LIBS) \
	$(PTHREAD_LIBS)

dist_man_MANS += man/hv-vm.8

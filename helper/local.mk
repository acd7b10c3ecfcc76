# SPDX-License-Identifier: GPL-2.0-only
# helper/: hvd-helper, the privileged helper, with its wire library (the
# format hvd and the helper share: proto/helper-wire.[ch]; hvd links
# proto/libhvhelperwire.a), its man page and its systemd units.
noinst_LIBRARIES += proto/libhvhelperwire.a
proto_libhvhelperwire_a_SOURCES = proto/helper-wire.c proto/helper-wire.h

# The monitor program is fixed at build time (or by --monitor in the
# unit), never taken from a request.
HV_MONITOR_PATH = $(libexecdir)/hv-vm

sbin_PROGRAMS += hvd-helper
hvd_helper_SOURCES = \
	helper/caps.c \
	helper/devices.c \
	helper/helper.h \
	helper/log.c \
	helper/main.c \
	helper/module.c \
	helper/perf.c \
	helper/registry.c \
	helper/scope.c \
	helper/seccomp.c \
	helper/serve.c \
	helper/signal.c \
	helper/spawn.c \
	helper/spawn-child.c
hvd_helper_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHV_MONITOR_PATH='"$(HV_MONITOR_PATH)"'
hvd_helper_CFLAGS = $(AM_CFLAGS) $(CAPNG_CFLAGS) $(SYSTEMD_CFLAGS)
hvd_helper_LDADD = proto/libhvhelperwire.a proto/libhvproto.a $(CAPNG_LIBS) \
	$(SYSTEMD_LIBS)

dist_man_MANS += man/hvd-helper.8

# The service names the installed helper, so it is made from a .in file.
helperunitdir = $(systemdsystemunitdir)
helperunit_DATA = systemd/hvd-helper.service
dist_helperunit_DATA = systemd/hvd-helper.socket
EXTRA_DIST += systemd/hvd-helper.service.in
CLEANFILES += systemd/hvd-helper.service

systemd/hvd-helper.service: systemd/hvd-helper.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
	    -e 's|@monitor[@]|$(HV_MONITOR_PATH)|g' \
		$(srcdir)/systemd/hvd-helper.service.in >$@.tmp && mv $@.tmp $@

include tests/helper/local.mk

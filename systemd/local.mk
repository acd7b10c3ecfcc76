# SPDX-License-Identifier: GPL-2.0-only
# systemd/: units, sysusers.d and tmpfiles.d files. hvd.service names the
# installed hvd, so it is made from hvd.service.in at build time.
systemdsystemunit_DATA = systemd/hvd.service
dist_systemdsystemunit_DATA = systemd/hvd.socket systemd/hvd-ro.socket
sysusersddir = $(sysusersdir)
dist_sysusersd_DATA = systemd/sysusers.d/hvd.conf
tmpfilesddir = $(tmpfilesdir)
dist_tmpfilesd_DATA = systemd/tmpfiles.d/hvd.conf
EXTRA_DIST += systemd/hvd.service.in
CLEANFILES += systemd/hvd.service

systemd/hvd.service: systemd/hvd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) systemd && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' $(srcdir)/systemd/hvd.service.in \
		>$@.tmp && mv $@.tmp $@

# systemd-analyze verify on the units, with hvd.service pointing at the
# hvd of this build (verify insists that ExecStart= is executable).
TESTS += tests/rpc/units-verify.sh
EXTRA_DIST += tests/rpc/units-verify.sh

# The two sockets, passed by socket activation, are taken over by hvd.
TESTS += tests/rpc/units-activation.sh
EXTRA_DIST += tests/rpc/units-activation.sh

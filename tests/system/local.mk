# SPDX-License-Identifier: GPL-2.0-only
# tests/system/: hv installed like a real system. "make deb" builds the
# Debian packages (debian/) from the dist tarball into $(HV_DEB_DIR);
# "make check-lintian" runs lintian on them; "make check-system" installs
# them into a Debian 12 root, boots it under QEMU's software emulation with
# systemd as PID 1 and runs tests/system/checks.sh there (scripts/
# system-test.sh says how). Neither is part of "make check".

hv_debian_files = debian/changelog debian/control debian/copyright \
	debian/rules debian/source/format \
	debian/hvd.install debian/hvctl.install debian/hv-dkms.dkms \
	debian/hvd.conf debian/hvd.postrm debian/hvd.README.Debian
EXTRA_DIST += $(hv_debian_files) tests/system/packages \
	tests/system/checks.sh tests/system/hv-system-test.service \
	scripts/deb-build.sh scripts/system-rootfs.sh scripts/system-test.sh

HV_DEB_DIR = $(abs_top_builddir)/deb
# The Debian root is kept here between runs (override in the environment).
HV_SYSTEM_CACHE = $(abs_top_builddir)/system-cache

# Each target says SKIPPED (and succeeds) where its tools are missing:
# deb-build.sh and system-test.sh exit 77 then.
deb:
	rm -f $(PACKAGE)-$(VERSION).tar.gz
	$(MAKE) $(AM_MAKEFLAGS) dist-gzip
	@t0=$$(date +%s); \
	$(top_srcdir)/scripts/deb-build.sh $(PACKAGE)-$(VERSION).tar.gz \
		$(HV_DEB_DIR); rc=$$?; \
	echo "deb: package build took $$(($$(date +%s) - t0)) s"; \
	[ $$rc -eq 77 ] && echo "deb: SKIPPED" && rc=0; \
	exit $$rc

# Errors and warnings fail (today there are none; informational tags are
# shown but pass).
check-lintian: deb
	@if ! command -v lintian >/dev/null || \
	    ! ls $(HV_DEB_DIR)/*.changes >/dev/null 2>&1; then \
		echo "check-lintian: SKIPPED (no lintian or no packages)"; \
	else \
		lintian --fail-on error,warning --display-info \
			$(HV_DEB_DIR)/*.changes; \
	fi

check-system: deb $(guest_images)
	@HV_SYSTEM_CACHE="$${HV_SYSTEM_CACHE:-$(HV_SYSTEM_CACHE)}" \
		$(top_srcdir)/scripts/system-test.sh $(HV_DEB_DIR) \
		$(abs_top_builddir)/tests/guests; \
	rc=$$?; [ $$rc -eq 77 ] && echo "check-system: SKIPPED" && rc=0; \
	exit $$rc
.PHONY: deb check-lintian check-system

clean-local: clean-deb
clean-deb:
	rm -rf $(HV_DEB_DIR)
.PHONY: clean-deb

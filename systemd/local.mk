# SPDX-License-Identifier: GPL-2.0-only
# systemd/: units, sysusers.d and tmpfiles.d files.

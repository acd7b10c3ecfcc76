# SPDX-License-Identifier: GPL-2.0-only
# man/: the manual pages.
dist_man_MANS += man/hv.4

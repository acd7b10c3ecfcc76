# SPDX-License-Identifier: GPL-2.0-only
# man/: the manual pages.

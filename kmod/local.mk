# SPDX-License-Identifier: GPL-2.0-only
# kmod/: the MMU core's userspace build (libhvmmu.a) and hv.ko.

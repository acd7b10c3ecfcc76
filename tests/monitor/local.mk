# SPDX-License-Identifier: GPL-2.0-only
# tests/monitor/: VM monitor tests on /dev/kvm.

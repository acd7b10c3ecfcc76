# SPDX-License-Identifier: GPL-2.0-only
# monitor/: hv-vm, one process per running VM.

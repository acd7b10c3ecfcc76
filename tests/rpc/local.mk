# SPDX-License-Identifier: GPL-2.0-only
# tests/rpc/: protocol, daemon and client tests.

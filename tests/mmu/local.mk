# SPDX-License-Identifier: GPL-2.0-only
# tests/mmu/: MMU core tests, hardware and reference models, MMU benchmarks.

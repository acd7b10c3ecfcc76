# SPDX-License-Identifier: GPL-2.0-only
# tests/guests/: freestanding test guests.

# SPDX-License-Identifier: GPL-2.0-only
# client/: hvctl, the command-line client.

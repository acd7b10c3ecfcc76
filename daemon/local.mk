# SPDX-License-Identifier: GPL-2.0-only
# daemon/: hvd, the unprivileged control daemon.

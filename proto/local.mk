# SPDX-License-Identifier: GPL-2.0-only
# proto/: the wire formats shared by every hv program (built by the foundation issue).

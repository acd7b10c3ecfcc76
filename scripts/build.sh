#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# build.sh NAME [CONFIGURE-ARGS...]: configures (once) and builds hv in
# build/NAME under the source tree, with warnings as errors.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
name=$1; shift
cd "$top"
[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p "build/$name"
cd "build/$name"
[ -f Makefile ] || "$top/configure" --enable-werror "$@" >/dev/null
make -j"$(nproc)" >/dev/null

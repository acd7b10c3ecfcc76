#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# deb-build.sh TARBALL OUTDIR: builds hv's binary Debian packages from a
# "make dist" tarball, unpacked under OUTDIR (so the source tree stays
# clean), with dpkg-buildpackage -us -uc -b; the .debs, .buildinfo and
# .changes land in OUTDIR, the build log in OUTDIR/build.log. The package's
# own "make check" is not run (nocheck): the suite runs it. Exits 77 where
# dpkg-buildpackage or debhelper is missing.
set -eu
if [ $# -ne 2 ]; then
	echo "usage: deb-build.sh TARBALL OUTDIR" >&2
	exit 2
fi
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$2
# No stale packages are left to test when this build cannot run.
rm -rf "$out"
for tool in dpkg-buildpackage dh dh_dkms; do
	if ! command -v "$tool" >/dev/null; then
		echo "deb-build: $tool missing (scripts/install-deps.sh" \
			"debhelper dh-dkms)" >&2
		exit 77
	fi
done
mkdir -p "$out"
cd "$out"
tar -xzf "$tarball"
cd "$(basename "$tarball" .tar.gz)"
if ! DEB_BUILD_OPTIONS="nocheck parallel=2" \
	dpkg-buildpackage -us -uc -b >"$out/build.log" 2>&1; then
	tail -n 30 "$out/build.log" >&2
	echo "deb-build: dpkg-buildpackage failed, log: $out/build.log" >&2
	exit 1
fi
ls "$out"/*.deb

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# init.sh: /init of the emulated machine. Mounts the pseudo file systems,
# runs the test runner on the plan given as emu.plan= on the kernel
# command line, and powers the machine off whatever happens.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
plan=$(sed -n 's/.*emu\.plan=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' ')
# shellcheck disable=SC2086
/emu/runner.sh $plan
echo o >/proc/sysrq-trigger
poweroff -f

# SPDX-License-Identifier: GPL-2.0-only
# guests.sh: every test guest of tests/guests on hv-vm, one case each,
# under whichever hypervisor is loaded (/dev/kvm now). The guest must end
# through port 0xf4 with status 1, then its own check below must hold.
# Each run prints "emu-time: LABEL.GUEST run_ns=N wall_ms=N".
# shellcheck shell=sh

# memtouch's parameters and the checksum the host computed for them, from
# the kernel command line (emu.memtouch=ARGS:CHECKSUM, ARGS with commas).
memtouch_ref=$(sed -n 's/.*emu\.memtouch=\([^ ]*\).*/\1/p' /proc/cmdline)
memtouch_args=$(echo "${memtouch_ref%:*}" | tr ',' ' ')
memtouch_sum=${memtouch_ref##*:}

apf_keys=',"memory_backend":"uffd","uffd_delay_us":1000,"async_pf":true'
dirty_keys=',"dirty_log":true'
# guest|memory MiB|command line|extra definition keys|timeout s
guests_table="hello|16|||60
memtouch|32|$memtouch_args||90
dirty|16|mib=4 rounds=4 pause_ms=10|$dirty_keys|60
demand|16|pages=256||60
apf|32|mib=2 slice_us=10000|$apf_keys|90"

check_hello() {
	if grep -q '^Hello from hv guest' "/tmp/$1.log"; then
		result "$1" PASS "text seen, $(grep '^hv-test:' "/tmp/$1.log")"
	else
		result "$1" FAIL "no greeting: $(why "$1")"
	fi
}

check_memtouch() {
	sum=$(hvtest "$1" checksum)
	detail="checksum=$sum host=$memtouch_sum pf_fixed=$(figure "$1" \
		pf_fixed) mmu_cache_miss=$(figure "$1" mmu_cache_miss)"
	if [ -n "$sum" ] && [ "$sum" = "$memtouch_sum" ] &&
		[ "$(hvtest "$1" mismatches)" = 0 ]; then
		result "$1" PASS "$detail"
	else
		result "$1" FAIL "$detail"
	fi
}

check_dirty() {
	pages=$(figure "$1" dirty_pages)
	detail="dirty_pages=${pages:-absent} pf_fast=$(figure "$1" pf_fast)"
	if [ "$(hvtest "$1" bad)" = 0 ] && [ "${pages:-0}" -gt 0 ]; then
		result "$1" PASS "$detail"
	else
		result "$1" FAIL "$detail bad=$(hvtest "$1" bad)"
	fi
}

check_demand() {
	faults=$(hvtest "$1" faults)
	detail="faults=$faults pages=$(hvtest "$1" pages)"
	detail="$detail pf_guest=$(figure "$1" pf_guest)"
	detail="$detail exits=$(figure "$1" exits)"
	if [ -n "$faults" ] && [ "$faults" = "$(hvtest "$1" pages)" ] &&
		[ "$(hvtest "$1" bad)" = 0 ]; then
		result "$1" PASS "$detail"
	else
		result "$1" FAIL "$detail"
	fi
}

# Async PF delivered or not is a finding, not a failure; when the guest
# saw some, the hypervisor's count must agree with the guest's. KVM also
# counts "not present" faults it handles by halting a vCPU whose guest did
# not enable async PF (hyp_not_present with enabled=0).
check_apf() {
	show "$1" '^apf: '
	np=$(hvtest "$1" not_present)
	host_np=$(figure "$1" apf_not_present)
	detail="enabled=$(hvtest "$1" enabled) not_present=$np"
	detail="$detail ready=$(hvtest "$1" ready)"
	detail="$detail wakeall=$(hvtest "$1" wakeall)"
	detail="$detail work=$(hvtest "$1" work) hyp_not_present=$host_np"
	detail="$detail hyp_ready=$(figure "$1" apf_ready)"
	detail="$detail uffd_pages=$(figure "$1" uffd_pages)"
	if [ "$(hvtest "$1" tokens_ok)" != 1 ]; then
		result "$1" FAIL "$detail tokens_ok=$(hvtest "$1" tokens_ok)"
	elif [ "${np:-0}" -gt 0 ] && [ "$np" != "$host_np" ]; then
		result "$1" FAIL "$detail (guest and host disagree)"
	elif [ "${np:-0}" -gt 0 ]; then
		result "$1" PASS "$detail delivered=yes"
	else
		result "$1" PASS "$detail delivered=no"
	fi
}

# guest_def GUEST MiB ARGS EXTRA [VCPUS]: hv-vm's definition of one guest
# run (on the accelerator $guest_accel names, KVM when empty), one vCPU
# unless VCPUS says otherwise.
guest_def() {
	printf '{"name":"%s","memory_mib":%s,"vcpus":%s,' "$1" "$2" "${5:-1}"
	printf '"image":{"path":"/emu/guests/%s.elf",' "$1"
	printf '"format":"multiboot"},'
	printf '"cmdline":"%s"%s%s}' "$3" "$4" "${guest_accel:-}"
}

# guests_run LABEL: every guest, cases named LABEL.GUEST.
guests_run() {
	while IFS='|' read -r g mib args extra secs; do
		c=$1.$g
		vm_run "$c" "$secs" "$(guest_def "$g" "$mib" "$args" "$extra")"
		echo "emu-time: $c run_ns=$(figure "$c" run_ns) wall_ms=$vm_ms"
		if [ "$vm_status" != 1 ]; then
			result "$c" FAIL "exit status $vm_status: $(why "$c")"
			show "$c"
			continue
		fi
		"check_$g" "$c"
	done <<TABLE
$guests_table
TABLE
}

# guest_text CASE: what the guest printed on its console (hv-vm's own
# lines left out).
guest_text() {
	grep -v '^hv-vm:' "/tmp/$1.log"
}

# hello_smp LABEL: hello with two vCPUs. The second waits for a start-up
# IPI that never comes, and must not disturb the first: the console must
# be LABEL.hello's (one vCPU, run before) but for cpus=2.
hello_smp() {
	c=$1.hello-smp
	vm_run "$c" 60 "$(guest_def hello 16 '' '' 2)"
	guest_text "$1.hello" | sed 's/ cpus=1 / cpus=2 /' >"/tmp/$c.want"
	guest_text "$c" >"/tmp/$c.got"
	if [ "$vm_status" = 1 ] && grep -q ' cpus=2 ' "/tmp/$c.got" &&
		cmp -s "/tmp/$c.want" "/tmp/$c.got"; then
		result "$c" PASS "$(grep '^hv-test:' "/tmp/$c.got")"
	else
		result "$c" FAIL "status $vm_status: $(tr '\n' '|' <"/tmp/$c.got")"
	fi
}

# smp_run LABEL: tests/emu/smp.c on two vCPUs: the second started by INIT
# and a start-up IPI, both racing on one counter and keeping xmm values
# across 2000 exits to the monitor each, the second's IPI waking the
# first from HLT. The same line under every hypervisor.
smp_want='hv-test: smp cpus=2 counter=400000 ipis=1 xmm_bad=0'
smp_run() {
	c=$1.smp
	vm_run "$c" 90 "$(guest_def smp 16 'rounds=200000 reads=2000' '' 2)"
	if [ "$vm_status" = 1 ] && guest_text "$c" | grep -qx "$smp_want"
	then
		result "$c" PASS "$(grep '^hv-test:' "/tmp/$c.log")"
	else
		result "$c" FAIL "status $vm_status: $(why "$c")"
		show "$c"
	fi
}

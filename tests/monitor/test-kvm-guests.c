// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-kvm-guests.c: the guests of tests/guests/ on hv-vm and /dev/kvm, checked
 * against their own result lines and the monitor's statistics; and the
 * async page fault investigation (the apf guest on uffd memory).
 *
 * Found on this host (KVM on the PVM backend, shadow paging): the guest's
 * page faults do not reach kvm_mmu_page_fault, so pf_taken, pf_fixed and
 * pf_fast stay 0 and kvmmmu:fast_page_fault never fires; shadow paging
 * shows as mmu_cache_miss (one or more shadow roots per address space) and
 * mmu_pte_write (guest page table writes). pf_guest counts the faults the
 * guest handles itself. No async page fault is delivered: see apf below.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/monitor/run-vm.h"
#include "tests/monitor/skip.h"

#define TIMEOUT_MS	60000

static void run_guest(struct vm_run *r, const char *guest, const char *extra,
		      const char *const *args)
{
	char def[1024];

	need_kvm();
	snprintf(def, sizeof(def), "{\"name\":\"%s\",\"memory_mib\":32,"
		 "\"vcpus\":1,\"image\":{\"path\":\"%s/%s.elf\",\"format\":"
		 "\"multiboot\"}%s}", guest, HV_GUESTS, guest, extra);
	cr_assert_eq(vm_run(r, def, args, TIMEOUT_MS), 0);
}

/* Value of key=... on the console's "hv-test:" line; false if absent. */
static bool result(const struct vm_run *r, const char *key, uint64_t *v)
{
	const char *line = strstr(r->console, "hv-test:");
	char pat[64];
	const char *p;

	if (!line)
		return false;
	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	if (!p)
		return false;
	*v = strtoull(p + strlen(pat), NULL, 0);
	return true;
}

static uint64_t need(const struct vm_run *r, const char *path)
{
	uint64_t v = 0;

	cr_assert(stat_get(r, path, &v), "%s absent from the stats", path);
	return v;
}

Test(guests, hello_exits_0_with_fw_cfg_figures)
{
	struct vm_run r;
	uint64_t v;

	run_guest(&r, "hello", ",\"vcpus\":2", NULL);
	cr_expect_eq(r.status, 1, "status %d: %s", r.status, r.err);
	cr_expect(stat_get(&r, "end.value", &v) && v == 0);
	cr_expect(strstr(r.console, "Hello from hv guest") != NULL, "%s",
		  r.console);
	cr_expect(result(&r, "cpus", &v) && v == 2, "%s", r.console);
	cr_expect(result(&r, "ram_mib", &v) && v == 32, "%s", r.console);
	vm_run_free(&r);
}

Test(guests, memtouch_checksum_and_shadow_mmu)
{
	/* tests/guests/README.md: the checksum for these parameters, the
	 * same under QEMU. */
	const uint64_t checksum = 0x5110187ab311fb48ULL;
	struct vm_run r;
	uint64_t v;

	run_guest(&r, "memtouch", ",\"cmdline\":\"spaces=3 mib=1 rounds=2\"",
		  NULL);
	cr_assert_eq(r.status, 1, "status %d: %s\n%s", r.status, r.err,
		     r.console);
	cr_expect(result(&r, "checksum", &v) && v == checksum,
		  "checksum %#llx", (unsigned long long)v);
	/* Shadow paging: every address space needs its own shadow root. */
	cr_expect_geq(need(&r, "vm.stats.mmu_cache_miss"), 3);
	cr_expect_gt(need(&r, "vm.stats.mmu_pte_write"), 0);
	cr_expect_gt(need(&r, "total.pf_fixed") + need(&r, "total.pf_taken") +
		     need(&r, "vm.stats.mmu_pte_write"), 0);
	vm_run_free(&r);
}

Test(guests, dirty_pages_counted_every_round)
{
	const char *args[] = { "--dirty-interval-ms", "50", NULL };
	struct vm_run r;
	uint64_t rounds, busy, pages, fast;

	run_guest(&r, "dirty", ",\"dirty_log\":true,\"cmdline\":"
		  "\"mib=1 rounds=2 pause_ms=0\"", args);
	cr_assert_eq(r.status, 1, "status %d: %s\n%s", r.status, r.err,
		     r.console);
	rounds = need(&r, "monitor.dirty_rounds");
	busy = need(&r, "monitor.dirty_busy_rounds");
	pages = need(&r, "vm.stats.dirty_pages");
	/* The guest writes all the time (pause_ms=0), so most log rounds
	 * find pages; not all: the first ones run while the guest boots,
	 * the last after its exit, and a shared host may stall the vCPU
	 * for a whole interval. */
	cr_expect_geq(rounds, 2);
	cr_expect_geq(2 * busy, rounds, "%llu of %llu rounds found pages",
		      (unsigned long long)busy, (unsigned long long)rounds);
	/* Two rounds over 256 pages, each rewriting every page. */
	cr_expect_geq(pages, 2 * 256);
	cr_expect(stat_get(&r, "vm.stats.dirty_pages_last", &fast));
	/* The fast path: never taken on this host (see the top). */
	fast = need(&r, "total.pf_fast");
	cr_log_info("dirty: %llu pages in %llu rounds, pf_fast %llu",
		    (unsigned long long)pages, (unsigned long long)rounds,
		    (unsigned long long)fast);
	vm_run_free(&r);
}

Test(guests, demand_faults_are_the_guests_own)
{
	struct vm_run r;
	uint64_t faults;

	run_guest(&r, "demand", ",\"cmdline\":\"pages=200\"", NULL);
	cr_assert_eq(r.status, 1, "status %d: %s\n%s", r.status, r.err,
		     r.console);
	cr_assert(result(&r, "faults", &faults) && faults == 200);
	cr_expect_eq(need(&r, "total.pf_guest"), faults);
	vm_run_free(&r);
}

/*
 * Does this host's KVM deliver async page faults? The apf guest enables
 * them and touches memory the uffd pager fills after 1 ms per page. Where
 * KVM delivers them: apf_not_present > 0, apf_ready = not_present +
 * wake-alls, and the guest's own counts agree. Where it does not, SKIP
 * with the evidence.
 */
Test(guests, apf_async_page_faults)
{
	struct vm_run r;
	uint64_t np, ready, wake, tries, pages, g_np, g_ready, g_wake, on;
	uint64_t msr = 0;

	need_uffd();
	run_guest(&r, "apf", ",\"memory_backend\":\"uffd\","
		  "\"uffd_delay_us\":1000,\"cmdline\":"
		  "\"mib=1 apf=1 slice_us=10000\"", NULL);
	cr_assert_eq(r.status, 1, "status %d: %s\n%s", r.status, r.err,
		     r.console);
	cr_assert(result(&r, "enabled", &on) && on == 1,
		  "the guest did not enable async PF: %s", r.console);
	cr_expect(stat_get(&r, "vcpus.0.async_pf_msr_enabled", &msr) &&
		  (msr & 1), "the enabled MSR value was not seen");
	if (!stat_get(&r, "total.apf_not_present", &np)) {
		vm_run_free(&r);
		cr_skip_test("SKIP: tracepoints not counted (not root?)");
	}
	ready = need(&r, "total.apf_ready");
	wake = need(&r, "total.apf_wakeup_all");
	tries = need(&r, "vcpus.0.tracepoints.kvm:kvm_try_async_get_page");
	pages = need(&r, "monitor.uffd_pages");
	cr_assert(result(&r, "not_present", &g_np) &&
		  result(&r, "ready", &g_ready) &&
		  result(&r, "wakeall", &g_wake));
	if (np == 0) {
		char ev[512];

		cr_assert_gt(pages, 200, "the guest did not fault on uffd");
		snprintf(ev, sizeof(ev), "no async page fault delivered by "
			 "this host's KVM: %llu pages filled by uffd with 1 ms "
			 "delay each, async PF MSR %#llx, tracepoints: "
			 "kvm_try_async_get_page=%llu not_present=0 ready=%llu "
			 "(wake-all %llu); guest: not_present=%llu ready=%llu "
			 "wakeall=%llu", (unsigned long long)pages,
			 (unsigned long long)msr, (unsigned long long)tries,
			 (unsigned long long)ready, (unsigned long long)wake,
			 (unsigned long long)g_np, (unsigned long long)g_ready,
			 (unsigned long long)g_wake);
		fprintf(stderr, "apf: SKIP: %s\n", ev);
		vm_run_free(&r);
		cr_skip_test("SKIP: %s", ev);
	}
	cr_expect_eq(ready, np + wake);
	cr_expect_eq(g_np, np);
	cr_expect_eq(g_ready + g_wake, ready);
	vm_run_free(&r);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * harness.c: the vCPU loop of harness.h over the core and the hardware
 * model, and the comparison with the reference model.
 */
#include "tests/mmu/harness.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmod/platform/user/user_plat.h"

#define PAGE 4096ull

/* Control-register bits (SDM 2.5, 2.2.1). */
#define CR0_PE		(1ull << 0)
#define CR0_WP		(1ull << 16)
#define CR0_PG		(1ull << 31)
#define CR4_PSE		(1ull << 4)
#define CR4_PAE		(1ull << 5)
#define CR4_SMEP	(1ull << 20)
#define EFER_LME	(1ull << 8)
#define EFER_LMA	(1ull << 10)
#define EFER_NXE	(1ull << 11)

const struct harness_setup harness_setups[HARNESS_NR_SETUPS] = {
	[SETUP_SHADOW_BYPASS] = { "shadow-bypass", HV_MMU_SHADOW, true,
				  false },
	[SETUP_SHADOW_BYPASS_SVM] = { "shadow-bypass-svm", HV_MMU_SHADOW,
				      true, true, HV_MMU_FMT_X86, true },
	[SETUP_SHADOW_NOBYPASS] = { "shadow-nobypass", HV_MMU_SHADOW, false,
				    false },
	[SETUP_DIRECT] = { "direct", HV_MMU_DIRECT, false, false },
	[SETUP_DIRECT_EPT] = { "direct-ept", HV_MMU_DIRECT, false, false,
			       HV_MMU_FMT_EPT },
	[SETUP_DIRECT_EPT_AD] = { "direct-ept-ad", HV_MMU_DIRECT, false,
				  false, HV_MMU_FMT_EPT_AD },
};

/* hvp_flush_tlbs(): returns once no vCPU walks with stale entries. */
static void flush_tlbs(void *opaque)
{
	struct harness *h = opaque;

	pthread_rwlock_wrlock(&h->guest_mode);
	pthread_rwlock_unlock(&h->guest_mode);
}

/* One access as the processor performs it, in guest mode. */
static int in_guest(struct harness *h, struct harness_vcpu *v, uint64_t gva,
		    unsigned int access, struct hw_result *hr)
{
	int r;

	pthread_rwlock_rdlock(&h->guest_mode);
	r = hw_access(&v->hw, hv_mmu_root(v->vcpu), gva, access, hr);
	pthread_rwlock_unlock(&h->guest_mode);
	return r;
}

int harness_init(struct harness *h, const struct harness_opts *o)
{
	pthread_rwlockattr_t ga;
	struct hv_mmu_options mo;
	int r;

	memset(h, 0, sizeof(*h));
	h->ram_pages = o->ram_pages;
	/* RAM, its alignment slack, and room for the core's tables. */
	h->plat = hvpu_create(o->ram_pages + 512 + 1024 +
			      (o->max_shadow_pages ? o->max_shadow_pages :
			       4096));
	if (!h->plat)
		return -ENOMEM;
	pthread_rwlockattr_init(&ga);
	/* A flush must not starve behind vCPUs re-entering the guest. */
	pthread_rwlockattr_setkind_np(&ga,
		PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&h->guest_mode, &ga);
	pthread_rwlockattr_destroy(&ga);
	hvpu_set_flush_hook(h->plat, flush_tlbs, h);
	h->ram_hva = hvpu_alloc_ram(h->plat, o->ram_pages, 512);
	if (!h->ram_hva) {
		r = -ENOMEM;
		goto err_plat;
	}
	hv_mmu_default_options(&mo);
	mo.mode = o->mode;
	mo.format = o->format;
	mo.bypass = o->bypass;
	mo.shadow_cache = o->shadow_cache;
	mo.fast_pf = o->fast_pf;
	mo.async_pf = false;
	mo.emulator = !o->no_emulator;
	mo.pfec_filter = o->bypass && !o->no_filter;
	if (o->max_shadow_pages)
		mo.max_shadow_pages = o->max_shadow_pages;
	r = hv_mmu_vm_create(h->plat, &mo, &h->vm);
	if (r)
		goto err_plat;
	r = hv_mmu_set_slot(h->vm, 0, 0, o->ram_pages, h->ram_hva, 0);
	if (r)
		goto err_vm;
	r = hv_mmu_vcpu_create(h->vm, 0, NULL, NULL, &h->cpu.vcpu);
	if (r)
		goto err_vm;
	h->cpu.hw.plat = h->plat;
	h->cpu.hw.mode = o->mode;
	/* What a VMX backend puts in the EPTP besides the root's address. */
	h->cpu.hw.ept = o->format != HV_MMU_FMT_X86;
	h->cpu.hw.eptp_ctl = hv_mmu_eptp(h->vm, (struct hv_mmu_root){ 0, 4 });
	h->cpu.hw.guest.maxphyaddr = mo.guest_maxphyaddr ?
				 mo.guest_maxphyaddr : 46;
	/* Without a filter, mask = match = 0: every #PF exits. */
	if (!o->no_filter)
		hv_mmu_pfec_filter(h->vm, &h->cpu.hw.pfec_mask,
				   &h->cpu.hw.pfec_match);
	return 0;
err_vm:
	hv_mmu_vm_destroy(h->vm);
err_plat:
	hvpu_destroy(h->plat);
	pthread_rwlock_destroy(&h->guest_mode);
	return r;
}

void harness_fini(struct harness *h)
{
	hv_mmu_vcpu_destroy(h->cpu.vcpu);
	hv_mmu_vm_destroy(h->vm);
	hvpu_destroy(h->plat);
	pthread_rwlock_destroy(&h->guest_mode);
}

/* The registers of each mode, before WP/NXE/SMEP. */
static const struct hv_paging_regs mode_regs[REF_NR_MODES] = {
	[REF_MODE_NONE] = { .cr0 = CR0_PE },
	[REF_MODE_32] = { .cr0 = CR0_PE | CR0_PG, .cr4 = CR4_PSE },
	[REF_MODE_PAE] = { .cr0 = CR0_PE | CR0_PG, .cr4 = CR4_PAE },
	[REF_MODE_4LEVEL] = { .cr0 = CR0_PE | CR0_PG, .cr4 = CR4_PAE,
			      .efer = EFER_LME | EFER_LMA },
};

int harness_set_paging(struct harness *h, enum ref_mode mode, uint64_t cr3,
		       bool wp, bool nxe, bool smep)
{
	struct hv_paging_regs regs = mode_regs[mode];
	int r;

	regs.cr3 = cr3;
	regs.cr0 |= wp ? CR0_WP : 0;
	regs.cr4 |= smep ? CR4_SMEP : 0;
	regs.efer |= nxe ? EFER_NXE : 0;
	r = hv_mmu_set_paging(h->cpu.vcpu, &regs);
	if (r)
		return r;
	h->regs = regs;
	h->cpu.hw.guest.mode = mode;
	h->cpu.hw.guest.cr3 = cr3;
	h->cpu.hw.guest.wp = wp;
	h->cpu.hw.guest.nxe = nxe;
	h->cpu.hw.guest.smep = smep;
	h->cpu.hw.guest.pse = mode == REF_MODE_32;
	return 0;
}

int harness_load_cr3(struct harness *h, uint64_t cr3)
{
	int r = hv_mmu_load_cr3(h->cpu.vcpu, cr3);

	if (!r) {
		h->cpu.hw.guest.cr3 = cr3;
		h->regs.cr3 = cr3;
	}
	return r;
}

static void *guest_ptr(void *opaque, uint64_t gpa)
{
	struct harness *h = opaque;

	if (gpa >= h->ram_pages * PAGE)
		return NULL;
	return hvpu_base(h->plat) + h->ram_hva + gpa;
}

struct ref_mem harness_guest_mem(struct harness *h)
{
	return (struct ref_mem){ guest_ptr, h };
}

void harness_poke(struct harness *h, uint64_t gpa, uint64_t val, int size)
{
	uint32_t v32 = val;

	memcpy(guest_ptr(h, gpa), size == 4 ? (void *)&v32 : (void *)&val,
	       size);
}

/* An exit: the core's fault handler; 1 to retry, 0 when out is final. */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* The error code the backend passes on: NPF's own, or the EPT one. */
static uint32_t exit_error_code(const struct harness_vcpu *v,
				const struct hw_result *hr)
{
	if (hr->outcome == HW_EXIT_NPF && v->hw.ept)
		return hv_mmu_ept_error_code(hr->exit_qual);
	return hr->error_code;
}

static int handle_exit(struct harness *h, struct harness_vcpu *v,
		       const struct hw_result *hr,
		       struct harness_outcome *out)
{
	struct hv_pf_result pf;
	uint64_t cur, t0;
	int r;

	v->exits++;
	t0 = now_ns();
	r = hv_mmu_page_fault(v->vcpu, hr->addr, exit_error_code(v, hr), &pf);
	v->fault_ns += now_ns() - t0;
	if (r)
		return r;
	switch (pf.action) {
	case HV_PF_RETRY:
		return 1;
	case HV_PF_INJECT:
		out->fault = true;
		out->error_code = pf.error_code;
		out->cr2 = pf.cr2;
		return 0;
	case HV_PF_EMULATE:
		/*
		 * A write to a shadowed guest table: emulate it as a
		 * store of what is there (the model's writes carry no
		 * data); the core updates its shadow entries.
		 */
		memcpy(&cur, guest_ptr(h, pf.gpa & ~7ull), 8);
		r = hv_mmu_write_guest(v->vcpu, pf.gpa & ~7ull, &cur, 8);
		if (r)
			return r;
		out->gpa = pf.gpa;
		return 0;
	default:
		/* Tests map RAM only and run without async PF. */
		return -EPROTO;
	}
}

int harness_vcpu_access(struct harness *h, struct harness_vcpu *v,
			uint64_t gva, unsigned int access,
			struct harness_outcome *out)
{
	struct hw_result hr;
	struct hv_event ev;
	int r;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < HARNESS_MAX_EXITS; i++) {
		r = hv_mmu_vcpu_enter(v->vcpu, &ev);
		if (r)
			return r < 0 ? r : -EPROTO;
		memset(&hr, 0, sizeof(hr));
		if (in_guest(h, v, gva, access, &hr))
			return -EIO;
		switch (hr.outcome) {
		case HW_DONE:
			out->gpa = hr.hpa - h->ram_hva;
			return 0;
		case HW_GUEST_PF:
			if (v->hw.mode == HV_MMU_SHADOW)
				hv_mmu_count_bypassed(h->vm);
			out->fault = true;
			out->bypassed = v->hw.mode == HV_MMU_SHADOW;
			out->error_code = hr.error_code;
			out->cr2 = gva;
			return 0;
		default:
			r = handle_exit(h, v, &hr, out);
			if (r <= 0)
				return r;
		}
	}
	return -ELOOP;
}

int harness_access(struct harness *h, uint64_t gva, unsigned int access,
		   struct harness_outcome *out)
{
	return harness_vcpu_access(h, &h->cpu, gva, access, out);
}

int harness_vcpu_add(struct harness *h, unsigned int id,
		     struct harness_vcpu *v)
{
	struct hv_paging_regs regs;
	int r;

	memset(v, 0, sizeof(*v));
	v->hw = h->cpu.hw;
	r = hv_mmu_vcpu_create(h->vm, id, NULL, NULL, &v->vcpu);
	if (r)
		return r;
	regs = h->regs;
	r = hv_mmu_set_paging(v->vcpu, &regs);
	if (r)
		hv_mmu_vcpu_destroy(v->vcpu);
	return r;
}

void harness_vcpu_remove(struct harness_vcpu *v)
{
	hv_mmu_vcpu_destroy(v->vcpu);
}

int harness_guest_write(struct harness *h, uint64_t gpa, uint64_t val,
			int size)
{
	struct hv_pf_result pf;
	struct hw_result hr;
	uint32_t v32 = val;
	int r;

	if (h->cpu.hw.mode == HV_MMU_SHADOW)
		return hv_mmu_write_guest(h->cpu.vcpu, gpa, size == 4 ?
					  (void *)&v32 : (void *)&val, size);
	for (int i = 0; i < HARNESS_MAX_EXITS; i++) {
		r = hv_mmu_vcpu_enter(h->cpu.vcpu, &(struct hv_event){ 0 });
		if (r)
			return r < 0 ? r : -EPROTO;
		pthread_rwlock_rdlock(&h->guest_mode);
		r = hw_phys_write(&h->cpu.hw, hv_mmu_root(h->cpu.vcpu), gpa,
				  val, size, &hr);
		pthread_rwlock_unlock(&h->guest_mode);
		if (r)
			return -EIO;
		if (hr.outcome == HW_DONE)
			return 0;
		h->cpu.exits++;
		r = hv_mmu_page_fault(h->cpu.vcpu, gpa,
				      exit_error_code(&h->cpu, &hr), &pf);
		if (r)
			return r;
		if (pf.action != HV_PF_RETRY)
			return -EPROTO;
	}
	return -ELOOP;
}

static int mismatch(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int mismatch(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return 1;
}

int harness_check_access(struct harness *h, uint64_t gva,
			 unsigned int access, char *why, size_t n)
{
	struct ref_mem gm = harness_guest_mem(h);
	struct harness_outcome out;
	struct ref_walk w;
	int r;

	if (ref_translate(&h->cpu.hw.guest, &gm, gva, access, &w))
		return -EINVAL;
	r = harness_access(h, gva, access, &out);
	if (r)
		return r;
	if (w.fault != out.fault)
		return mismatch(why, n, "reference %s, core %s (ec %#x)",
				w.fault ? "faults" : "does not fault",
				out.fault ? "faults" : "does not fault",
				w.fault ? w.error_code : out.error_code);
	if (w.fault && w.error_code != out.error_code)
		return mismatch(why, n, "error code: reference %#x, core %#x%s",
				w.error_code, out.error_code,
				out.bypassed ? " (bypassed)" : "");
	if (w.fault && out.cr2 != gva)
		return mismatch(why, n, "cr2 %#" PRIx64, out.cr2);
	if (!w.fault && w.gpa_out != out.gpa)
		return mismatch(why, n, "gpa: reference %#" PRIx64
				", core %#" PRIx64, w.gpa_out, out.gpa);
	for (int i = 0; i < w.nr; i++) {
		uint64_t have = ref_read_entry(&gm, w.gpa[i], w.entry_size);
		uint64_t want = w.pte[i];

		/* A table that maps itself: one entry, several levels. */
		for (int j = 0; j < w.nr; j++)
			if (w.gpa[j] == w.gpa[i])
				want |= w.set[j];

		if (have != want)
			return mismatch(why, n, "level %d entry at %#" PRIx64
					": %#" PRIx64 " -> %#" PRIx64
					", reference %#" PRIx64, i, w.gpa[i],
					w.pte[i], have, want);
	}
	return 0;
}

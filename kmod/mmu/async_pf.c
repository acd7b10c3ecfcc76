// SPDX-License-Identifier: GPL-2.0-only
/*
 * async_pf.c: asynchronous page faults (seeds 001 and 000). The MSR table
 * (both protocol generations in MSR 0x4b564d02, vector and ACK MSRs), the
 * per-vCPU queue with its bound and gfn hash, tokens, "page not present"
 * and "page ready" delivery through the shared area, wake-all, the vCPU
 * halt when the guest cannot take one, and the direct-mode prefault of an
 * arrived page before the next entry.
 */
#include "kmod/mmu/mmu_int.h"

#define APF_AREA_FLAGS	0	/* u32: reason */
#define APF_AREA_TOKEN	4	/* u32: token (interrupt delivery) */
#define APF_NO_GFN	(~0ull)
#define APF_HASH	(sizeof(((struct hv_mmu_vcpu *)0)->apf_gfns) / 8)

struct apf_item {
	struct hvp_work work;	/* first: the work callback casts back */
	struct hv_mmu_vcpu *vcpu;
	struct apf_item *next;
	uint64_t gfn, gpa, hva;
	uint32_t token;
	bool done;		/* the page arrived (work ran) */
	bool handled;		/* arrival processed before an entry */
	bool cancelled;		/* async PF disabled meanwhile */
	bool np_injected;	/* "not present" went to the guest */
	bool wake_all;
};

uint32_t hv_apf_cpuid_features(void)
{
	return (1u << 4) | (1u << 14);
}

/* ---- gfn hash (open addressing) ---- */

static unsigned int apf_hash(uint64_t gfn)
{
	return (unsigned int)((gfn * 0x9e3779b97f4a7c15ull) >> 32) %
	       APF_HASH;
}

static unsigned int apf_next(unsigned int i)
{
	return (i + 1) % APF_HASH;
}

static int apf_hash_find(struct hv_mmu_vcpu *vcpu, uint64_t gfn)
{
	unsigned int i = apf_hash(gfn), n;

	for (n = 0; n < APF_HASH && vcpu->apf_gfns[i] != APF_NO_GFN;
	     n++, i = apf_next(i))
		if (vcpu->apf_gfns[i] == gfn)
			return (int)i;
	return -1;
}

static void apf_hash_add(struct hv_mmu_vcpu *vcpu, uint64_t gfn)
{
	unsigned int i = apf_hash(gfn);

	while (vcpu->apf_gfns[i] != APF_NO_GFN)
		i = apf_next(i);
	vcpu->apf_gfns[i] = gfn;
}

/* Deletion that keeps every remaining key reachable from its home. */
static void apf_hash_del(struct hv_mmu_vcpu *vcpu, uint64_t gfn)
{
	int found = apf_hash_find(vcpu, gfn);
	unsigned int i, j, k;

	if (found < 0)
		return;
	i = j = (unsigned int)found;
	for (;;) {
		vcpu->apf_gfns[i] = APF_NO_GFN;
		do {
			j = apf_next(j);
			if (vcpu->apf_gfns[j] == APF_NO_GFN)
				return;
			k = apf_hash(vcpu->apf_gfns[j]);
		} while (i <= j ? (i < k && k <= j) : (i < k || k <= j));
		vcpu->apf_gfns[i] = vcpu->apf_gfns[j];
		i = j;
	}
}

static void apf_hash_reset(struct hv_mmu_vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < APF_HASH; i++)
		vcpu->apf_gfns[i] = APF_NO_GFN;
}

/* ---- shared area ---- */

static int area_write(struct hv_mmu_vcpu *vcpu, unsigned int off,
		      uint32_t v)
{
	uint64_t hva;

	uint64_t gpa = (vcpu->apf_msr & ~0x3full) + off;

	if (gpa_to_hva(vcpu->vm, gpa, &hva) ||
	    hvp_guest_write(vcpu->vm->plat, hva, &v, sizeof(v)))
		return -EFAULT;
	mark_dirty(vcpu->vm, gpa >> PG_SHIFT);
	return 0;
}

static bool area_token_free(struct hv_mmu_vcpu *vcpu)
{
	uint64_t hva;
	uint32_t v = 1;

	if (gpa_to_hva(vcpu->vm, (vcpu->apf_msr & ~0x3full) + APF_AREA_TOKEN,
		       &hva))
		return false;
	return !hvp_guest_read(vcpu->vm->plat, hva, &v, sizeof(v)) && !v;
}

/* ---- queue ---- */

void apf_vcpu_init(struct hv_mmu_vcpu *vcpu)
{
	hvp_lock_init(&vcpu->apf_lock);
	apf_hash_reset(vcpu);
}

static void apf_unlink(struct hv_mmu_vcpu *vcpu, struct apf_item **pp)
{
	struct apf_item *it = *pp;

	*pp = it->next;
	vcpu->apf_count--;
	hvp_free(it);
}

void apf_vcpu_destroy(struct hv_mmu_vcpu *vcpu)
{
	hvp_work_flush(vcpu->vm->plat);
	while (vcpu->apf_queue)
		apf_unlink(vcpu, &vcpu->apf_queue);
	hvp_lock_destroy(&vcpu->apf_lock);
}

static void apf_work(struct hvp_work *w)
{
	struct apf_item *it = (struct apf_item *)w;
	struct hv_mmu_vcpu *vcpu = it->vcpu;
	uint64_t hpa;
	bool wr;
	int level;

	/* Fault the page in; the fault path maps it (or prefaults). */
	hvp_host_page(vcpu->vm->plat, it->hva, 0, &hpa, &wr, &level);
	hvp_lock(&vcpu->apf_lock);
	it->done = true;
	hvp_unlock(&vcpu->apf_lock);
	if (vcpu->kick)
		vcpu->kick(vcpu->kick_opaque);
}

bool apf_can_queue(struct hv_mmu_vcpu *vcpu)
{
	return vcpu->vm->opt.async_pf && vcpu->irq_enabled;
}

static void apf_append(struct hv_mmu_vcpu *vcpu, struct apf_item *it)
{
	struct apf_item **pp = &vcpu->apf_queue;

	while (*pp)
		pp = &(*pp)->next;
	*pp = it;
	vcpu->apf_count++;
}

/*
 * Queues the fetch of a page that is not resident. Returns 1 (@res says
 * ASYNC: inject "not present" or halt), 0 (the queue is full: fault the
 * page in synchronously) or -errno.
 */
int apf_queue(struct hv_mmu_vcpu *vcpu, uint64_t gfn, uint64_t gpa,
	      uint64_t hva, struct hv_pf_result *res)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	struct apf_item *it;
	bool deliver;

	hvp_lock(&vcpu->apf_lock);
	if (apf_hash_find(vcpu, gfn) >= 0) {
		/* The guest touched a page already on its way: wait. */
		stat_inc(vm, apf_repeated);
		vcpu->apf_halted = true;
		res->action = HV_PF_ASYNC;
		res->halt = true;
		hvp_unlock(&vcpu->apf_lock);
		return 1;
	}
	it = vcpu->apf_count < HV_APF_MAX_OUTSTANDING ?
	     hvp_zalloc(sizeof(*it)) : NULL;
	if (!it) {
		hvp_unlock(&vcpu->apf_lock);
		return 0;
	}
	it->work.fn = apf_work;
	it->vcpu = vcpu;
	it->gfn = gfn;
	it->gpa = gpa;
	it->hva = hva;
	/* Never 0: that means "slot free" in the area. */
	it->token = (++vcpu->apf_id << 12) | (vcpu->id & 0xfff);
	apf_hash_add(vcpu, gfn);
	apf_append(vcpu, it);
	res->action = HV_PF_ASYNC;
	res->halt = true;
	deliver = (vcpu->apf_msr & HV_APF_ENABLED) &&
		  (vcpu->cpl || (vcpu->apf_msr & HV_APF_SEND_ALWAYS)) &&
		  !area_write(vcpu, APF_AREA_FLAGS, HV_APF_REASON_NOT_PRESENT);
	if (deliver) {
		it->np_injected = true;
		stat_inc(vm, apf_not_present);
		hvp_apf_event(vm->plat, vcpu->id, it->token, gfn, false);
		res->halt = false;
		res->error_code = 0;
		res->cr2 = it->token;
	} else {
		vcpu->apf_halted = true;
	}
	hvp_unlock(&vcpu->apf_lock);
	hvp_work_queue(vm->plat, &it->work);
	return 1;
}

/* Seed 000: map an arrived page before the guest runs (direct mode). */
static void apf_prefault(struct hv_mmu_vcpu *vcpu, struct apf_item *it)
{
	struct hv_pf_result res;

	memset(&res, 0, sizeof(res));
	res.action = HV_PF_RETRY;
	if (vcpu->vm->opt.mode != HV_MMU_DIRECT)
		return;
	if (!direct_fault(vcpu, it->gpa, 0, true, &res) &&
	    res.action == HV_PF_RETRY)
		stat_inc(vcpu->vm, apf_prefault);
}

/* "Page ready" into @ev if the guest can take it now. Lock held. */
static bool apf_deliver_ready(struct hv_mmu_vcpu *vcpu, struct apf_item *it,
			      struct hv_event *ev)
{
	if (vcpu->apf_msr & HV_APF_DELIVERY_INT) {
		if (vcpu->apf_vector < 32 || !area_token_free(vcpu) ||
		    area_write(vcpu, APF_AREA_TOKEN, it->token))
			return false;
		ev->kind = HV_EVENT_IRQ;
		ev->vector = (uint8_t)vcpu->apf_vector;
	} else {
		if (area_write(vcpu, APF_AREA_FLAGS, HV_APF_REASON_READY))
			return false;
		ev->kind = HV_EVENT_PF;
		ev->error_code = 0;
		ev->cr2 = it->token;
	}
	if (!it->wake_all) {
		stat_inc(vcpu->vm, apf_ready);
		hvp_apf_event(vcpu->vm->plat, vcpu->id, it->token, it->gfn,
			      true);
	}
	return true;
}

int apf_enter(struct hv_mmu_vcpu *vcpu, struct hv_event *ev)
{
	struct apf_item **pp, *it;
	int halted;

	memset(ev, 0, sizeof(*ev));
	ev->kind = HV_EVENT_NONE;
	hvp_lock(&vcpu->apf_lock);
	for (pp = &vcpu->apf_queue; (it = *pp);) {
		if (!it->done) {
			pp = &it->next;
			continue;
		}
		if (it->cancelled) {
			apf_unlink(vcpu, pp);
			continue;
		}
		if (!it->handled) {
			it->handled = true;
			vcpu->apf_halted = false;
			if (!it->wake_all) {
				apf_hash_del(vcpu, it->gfn);
				apf_prefault(vcpu, it);
			}
		}
		if (!it->np_injected || !(vcpu->apf_msr & HV_APF_ENABLED)) {
			apf_unlink(vcpu, pp);
			continue;
		}
		if (ev->kind == HV_EVENT_NONE && vcpu->irq_enabled &&
		    apf_deliver_ready(vcpu, it, ev)) {
			apf_unlink(vcpu, pp);
			continue;
		}
		pp = &it->next;
	}
	halted = vcpu->apf_halted;
	hvp_unlock(&vcpu->apf_lock);
	return halted;
}

unsigned int hv_apf_outstanding(struct hv_mmu_vcpu *vcpu)
{
	unsigned int n;

	hvp_lock(&vcpu->apf_lock);
	n = vcpu->apf_count;
	hvp_unlock(&vcpu->apf_lock);
	return n;
}

void hv_apf_set_guest_state(struct hv_mmu_vcpu *vcpu, bool irq_enabled,
			    unsigned int cpl)
{
	hvp_lock(&vcpu->apf_lock);
	vcpu->irq_enabled = irq_enabled;
	vcpu->cpl = cpl;
	hvp_unlock(&vcpu->apf_lock);
}

/* ---- MSRs ---- */

/* Disabling: undelivered faults are dropped (in-flight ones cancelled). */
static void apf_clear(struct hv_mmu_vcpu *vcpu)
{
	struct apf_item **pp, *it;

	for (pp = &vcpu->apf_queue; (it = *pp);) {
		if (it->done) {
			apf_unlink(vcpu, pp);
			continue;
		}
		it->cancelled = true;
		pp = &it->next;
	}
	apf_hash_reset(vcpu);
	vcpu->apf_halted = false;
}

/* Enabling: "wake up every waiter" first, unless pages already wait. */
static void apf_wake_all(struct hv_mmu_vcpu *vcpu)
{
	struct apf_item *it;

	for (it = vcpu->apf_queue; it; it = it->next)
		if (it->done && !it->cancelled)
			return;
	it = hvp_zalloc(sizeof(*it));
	if (!it)
		return;
	it->vcpu = vcpu;
	it->token = HV_APF_WAKE_ALL_TOKEN;
	it->done = it->handled = it->np_injected = it->wake_all = true;
	apf_append(vcpu, it);
	stat_inc(vcpu->vm, apf_wakeup_all);
}

static int wr_enable(struct hv_mmu_vcpu *vcpu, uint64_t val, const char **why)
{
	struct hv_mmu_vm *vm = vcpu->vm;
	uint64_t gpa = val & ~0x3full, hva;
	struct mmu_slot *s;

	if (val & HV_APF_DELIVERY_VMEXIT) {
		*why = "bit 2 (delivery as #PF VM exit) is not supported";
		return -EINVAL;
	}
	if (val & HV_APF_RESERVED) {
		*why = "bits 5:4 are reserved (the area is 64-byte aligned)";
		return -EINVAL;
	}
	if (val & HV_APF_ENABLED) {
		s = slot_of_gfn(vm, gpa >> PG_SHIFT);
		if ((gpa >> vm->opt.guest_maxphyaddr) || !s ||
		    (s->flags & HV_SLOT_READONLY) || gpa_to_hva(vm, gpa, &hva)) {
			*why = "the area is not in writable guest RAM";
			return -EINVAL;
		}
	}
	hvp_lock(&vcpu->apf_lock);
	vcpu->apf_msr = val;
	if (val & HV_APF_ENABLED)
		apf_wake_all(vcpu);
	else
		apf_clear(vcpu);
	hvp_unlock(&vcpu->apf_lock);
	return 0;
}

static int wr_vector(struct hv_mmu_vcpu *vcpu, uint64_t val, const char **why)
{
	if (val & ~0xffull) {
		*why = "bits 63:8 are reserved";
		return -EINVAL;
	}
	if (val < 32) {
		*why = "vectors below 32 are exceptions";
		return -EINVAL;
	}
	hvp_lock(&vcpu->apf_lock);
	vcpu->apf_vector = val;
	hvp_unlock(&vcpu->apf_lock);
	return 0;
}

/*
 * ACK: the guest consumed the token; the next "page ready" goes once the
 * area's token slot reads zero, checked before every entry.
 */
static int wr_ack(struct hv_mmu_vcpu *vcpu, uint64_t val, const char **why)
{
	if (val & ~1ull) {
		*why = "bits 63:1 are reserved";
		return -EINVAL;
	}
	return 0;
}

static uint64_t rd_enable(struct hv_mmu_vcpu *vcpu)
{
	return vcpu->apf_msr;
}

static uint64_t rd_vector(struct hv_mmu_vcpu *vcpu)
{
	return vcpu->apf_vector;
}

static uint64_t rd_ack(struct hv_mmu_vcpu *vcpu)
{
	return 0;
}

static const struct apf_msr {
	uint32_t index;
	int (*wr)(struct hv_mmu_vcpu *vcpu, uint64_t val, const char **why);
	uint64_t (*rd)(struct hv_mmu_vcpu *vcpu);
} apf_msrs[] = {
	{ HV_MSR_ASYNC_PF_EN, wr_enable, rd_enable },
	{ HV_MSR_ASYNC_PF_INT, wr_vector, rd_vector },
	{ HV_MSR_ASYNC_PF_ACK, wr_ack, rd_ack },
};

static const struct apf_msr *apf_msr_find(uint32_t msr)
{
	size_t i;

	for (i = 0; i < sizeof(apf_msrs) / sizeof(apf_msrs[0]); i++)
		if (apf_msrs[i].index == msr)
			return &apf_msrs[i];
	return NULL;
}

bool hv_apf_msr_known(uint32_t msr)
{
	return apf_msr_find(msr);
}

int hv_apf_msr_write(struct hv_mmu_vcpu *vcpu, uint32_t msr, uint64_t val,
		     const char **why)
{
	const struct apf_msr *m = apf_msr_find(msr);
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!m) {
		*why = "not an async page fault MSR";
		return -ENOENT;
	}
	return m->wr(vcpu, val, why);
}

int hv_apf_msr_read(struct hv_mmu_vcpu *vcpu, uint32_t msr, uint64_t *val)
{
	const struct apf_msr *m = apf_msr_find(msr);

	if (!m)
		return -ENOENT;
	hvp_lock(&vcpu->apf_lock);
	*val = m->rd(vcpu);
	hvp_unlock(&vcpu->apf_lock);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hwmodel.c: the processor model of hwmodel.h over the userspace platform
 * layer's arena (an hpa is an offset into it).
 */
#include "tests/mmu/hwmodel.h"

#include <inttypes.h>
#include <stdio.h>

#include "kmod/platform/user/user_plat.h"

static void *host_ptr(void *opaque, uint64_t hpa)
{
	struct hv_plat *plat = opaque;

	return hpa && hpa < hvpu_size(plat) ? hvpu_base(plat) + hpa : NULL;
}

struct ref_mem hw_host_mem(struct hv_plat *plat)
{
	return (struct ref_mem){ host_ptr, plat };
}

/*
 * The register state the core's tables are built for (spte.h): shadow
 * mode runs the guest with CR0.WP = 1, EFER.NXE = 1 and the guest's
 * CR4.SMEP, in 4-level or PAE paging as the root says; NPT walks are
 * 4-level and every access is a user access (AMD APM 15.25.5).
 */
static struct ref_cpu host_cpu(const struct hw_model *hw,
			       struct hv_mmu_root root)
{
	struct ref_cpu c = {
		.mode = root.levels == 3 ? REF_MODE_PAE : REF_MODE_4LEVEL,
		.cr3 = root.hpa,
		.wp = true,
		.nxe = true,
		.smep = hw->mode == HV_MMU_SHADOW && hw->guest.smep,
		.maxphyaddr = HW_HOST_MAXPHYADDR,
	};
	return c;
}

/* A #PF in shadow mode: through the VMX filter, an exit or the guest's. */
static void shadow_fault(const struct hw_model *hw, uint64_t gva,
			 uint32_t ec, struct hw_result *res)
{
	/*
	 * SDM 25.2: with bit 14 of the exception bitmap set, a #PF exits
	 * iff (PFEC & PFEC_MASK) == PFEC_MATCH.
	 */
	res->outcome = (ec & hw->pfec_mask) == hw->pfec_match ?
		       HW_EXIT_PF : HW_GUEST_PF;
	res->error_code = ec;
	res->addr = gva;
}

static int shadow_access(struct hw_model *hw, struct hv_mmu_root root,
			 uint64_t gva, unsigned int access,
			 struct hw_result *res)
{
	struct ref_cpu c = host_cpu(hw, root);
	struct ref_mem m = hw_host_mem(hw->plat);
	struct ref_walk w;

	if (ref_translate(&c, &m, gva, access, &w))
		return -1;
	if (w.fault) {
		shadow_fault(hw, gva, w.error_code, res);
		return 0;
	}
	if (!hw->probe)
		ref_commit(&m, &w);
	res->outcome = HW_DONE;
	res->hpa = w.gpa_out;
	return 0;
}

/* A guest-physical access through the direct tables. */
struct tdp_walk {
	bool fault;
	uint32_t error_code;	/* NPF */
	uint64_t qual;		/* EPT violation */
	uint64_t hpa;
};

/* SDM 29.3.2: guest RAM is mapped write-back, PAT ignored. */
static int ept_translate_ram(struct hw_model *hw, struct hv_mmu_root root,
			     uint64_t gpa, unsigned int access, bool commit,
			     struct tdp_walk *t)
{
	struct ref_mem m = hw_host_mem(hw->plat);
	struct ept_walk w;

	if (ept_translate(&m, root.hpa | hw->eptp_ctl, HW_HOST_MAXPHYADDR,
			  gpa, access, &w))
		return -1;
	if (w.misconfig) {
		fprintf(stderr, "hwmodel: EPT misconfiguration at gpa %#"
			PRIx64 ": %s\n", gpa, w.misconfig);
		return -1;
	}
	t->fault = w.violation;
	t->qual = w.qual;
	if (t->fault)
		return 0;
	if (w.memtype != EPT_MT_WB || !w.ipat) {
		fprintf(stderr, "hwmodel: gpa %#" PRIx64 " is RAM mapped with "
			"memory type %u ipat %d\n", gpa, w.memtype, w.ipat);
		return -1;
	}
	if (commit && !hw->probe)
		ept_commit(&m, &w);
	t->hpa = w.hpa;
	return 0;
}

/*
 * Direct-mode translation of a guest-physical access: NPT walks are user
 * accesses (AMD APM 15.25.5); EPT walks of the guest's own tables are
 * writes when EPT A/D flags are on (SDM 29.3.5).
 */
static int tdp_translate(struct hw_model *hw, struct hv_mmu_root root,
			 uint64_t gpa, unsigned int access, bool table,
			 bool commit, struct tdp_walk *t)
{
	struct ref_cpu c = host_cpu(hw, root);
	struct ref_mem m = hw_host_mem(hw->plat);
	struct ref_walk w;

	if (hw->ept) {
		if (table && (hw->eptp_ctl & (1ull << 6)))
			access |= REF_ACC_WRITE;
		return ept_translate_ram(hw, root, gpa, access, commit, t);
	}
	if (ref_translate(&c, &m, gpa, access | REF_ACC_USER, &w))
		return -1;
	if (!w.fault && commit && !hw->probe)
		ref_commit(&m, &w);
	t->fault = w.fault;
	t->error_code = w.error_code;
	t->hpa = w.gpa_out;
	return 0;
}

static void npf(uint64_t gpa, const struct tdp_walk *t, bool table_walk,
		struct hw_result *res)
{
	res->outcome = HW_EXIT_NPF;
	res->error_code = t->error_code;
	res->exit_qual = t->qual;
	res->addr = gpa;
	res->table_walk = table_walk;
}

/* The guest's walk reads its entries through the NPT. */
struct nested_mem {
	struct hw_model *hw;
	struct hv_mmu_root root;
	struct hw_result *npf;	/* set when an entry's gpa faulted */
	int error;
};

static void *nested_ptr(void *opaque, uint64_t gpa)
{
	struct nested_mem *nm = opaque;
	struct tdp_walk t;

	if (tdp_translate(nm->hw, nm->root, gpa, 0, true, true, &t)) {
		nm->error = -1;
		return NULL;
	}
	if (t.fault) {
		npf(gpa, &t, true, nm->npf);
		return NULL;
	}
	return host_ptr(nm->hw->plat, t.hpa);
}

/*
 * Guest A/D updates are writes to the guest tables, so each goes through
 * the NPT as a write (AMD APM 15.25.5); a write-protected table page
 * (dirty logging) makes an NPF and the access is done again afterwards.
 */
static int nested_set_ad(struct nested_mem *nm, const struct ref_mem *gm,
			 const struct ref_walk *gw, struct hw_result *res)
{
	for (int i = 0; i < gw->nr; i++) {
		uint64_t have = ref_read_entry(gm, gw->gpa[i], gw->entry_size);
		struct tdp_walk t;
		void *p;

		if ((have & gw->set[i]) == gw->set[i])
			continue;
		if (tdp_translate(nm->hw, nm->root, gw->gpa[i], REF_ACC_WRITE,
				  true, true, &t))
			return -1;
		if (t.fault) {
			npf(gw->gpa[i], &t, true, res);
			return 1;
		}
		p = host_ptr(nm->hw->plat, t.hpa);
		if (!p)
			return -1;
		if (!nm->hw->probe)
			ref_set_bits(p, gw->entry_size, gw->set[i]);
	}
	return 0;
}

static int direct_access(struct hw_model *hw, struct hv_mmu_root root,
			 uint64_t gva, unsigned int access,
			 struct hw_result *res)
{
	struct nested_mem nm = { hw, root, res, 0 };
	struct ref_mem gm = { nested_ptr, &nm };
	struct ref_walk gw;
	struct tdp_walk fw;
	int r;

	res->outcome = HW_DONE;
	if (ref_translate(&hw->guest, &gm, gva, access, &gw))
		return res->outcome == HW_EXIT_NPF && !nm.error ? 0 : -1;
	if (gw.fault) {
		/* The guest's own fault: delivered without an exit. */
		res->outcome = HW_GUEST_PF;
		res->error_code = gw.error_code;
		res->addr = gva;
		return 0;
	}
	r = nested_set_ad(&nm, &gm, &gw, res);
	if (r)
		return r < 0 ? -1 : 0;
	/* The data access: one translation that sets its A/D bits. */
	if (tdp_translate(hw, root, gw.gpa_out, access, false, true, &fw))
		return -1;
	if (fw.fault) {
		npf(gw.gpa_out, &fw, false, res);
		return 0;
	}
	res->outcome = HW_DONE;
	res->hpa = fw.hpa;
	return 0;
}

int hw_access(struct hw_model *hw, struct hv_mmu_root root, uint64_t gva,
	      unsigned int access, struct hw_result *res)
{
	if (hw->mode == HV_MMU_DIRECT)
		return direct_access(hw, root, gva, access, res);
	return shadow_access(hw, root, gva, access, res);
}

int hw_phys_write(struct hw_model *hw, struct hv_mmu_root root,
		  uint64_t gpa, uint64_t val, int size,
		  struct hw_result *res)
{
	struct tdp_walk t;
	void *p;

	if (tdp_translate(hw, root, gpa, REF_ACC_WRITE, false, true, &t))
		return -1;
	if (t.fault) {
		npf(gpa, &t, false, res);
		return 0;
	}
	p = host_ptr(hw->plat, t.hpa);
	if (!p)
		return -1;
	if (size == 4)
		__atomic_store_n((uint32_t *)p, (uint32_t)val,
				 __ATOMIC_SEQ_CST);
	else
		__atomic_store_n((uint64_t *)p, val, __ATOMIC_SEQ_CST);
	res->outcome = HW_DONE;
	res->hpa = t.hpa;
	return 0;
}

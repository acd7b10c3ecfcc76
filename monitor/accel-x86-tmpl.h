/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * accel-x86-tmpl.h: the parts of an accelerator (accel.h) that are the same
 * on every KVM-shaped x86 ioctl ABI: memory slots, vCPU fd and run mapping,
 * running and decoding the common exits, kick, registers, special
 * registers, and whether a vCPU can wake by itself (is_stuck). Included once
 * by accel-kvm.c and once by accel-hv.c, in the manner of Linux's
 * paging_tmpl.h; it knows neither ABI. The includer defines, before
 * including it:
 *   ACCEL_FN(name)	its function prefix, e.g. kvm_##name
 *   ACCEL_UAPI(name)	its ABI's constant prefix, e.g. KVM_##name
 *   ACCEL_STRUCT(name)	its ABI's struct tag, e.g. kvm_##name
 * and struct accel_vm (with vm_fd and run_size) and struct accel_vcpu
 * (with vm, id, fd and run). Exits other than I/O, MMIO, HLT, shutdown
 * and interrupt go to ACCEL_FN(exit_other)(run, exit), declared here and
 * defined by the includer.
 */

static int ACCEL_FN(map_memory)(struct accel_vm *vm, unsigned int slot,
				uint64_t gpa, uint64_t size, void *host,
				bool log_dirty)
{
	struct ACCEL_STRUCT(userspace_memory_region) r = {
		.slot = slot,
		.flags = log_dirty ? ACCEL_UAPI(MEM_LOG_DIRTY_PAGES) : 0,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)host,
	};

	return ioctl(vm->vm_fd, ACCEL_UAPI(SET_USER_MEMORY_REGION), &r) < 0 ?
		-errno : 0;
}

/* A vCPU with its fd and its mapped run structure, nothing else yet. */
static int ACCEL_FN(vcpu_open)(struct accel_vm *vm, unsigned int id,
			       struct accel_vcpu **out)
{
	struct accel_vcpu *v = calloc(1, sizeof(*v));
	int ret;

	if (!v)
		return -ENOMEM;
	v->vm = vm;
	v->id = id;
	v->fd = ioctl(vm->vm_fd, ACCEL_UAPI(CREATE_VCPU), (unsigned long)id);
	if (v->fd < 0) {
		ret = -errno;
		goto fail;
	}
	v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED) {
		ret = -errno;
		goto fail_fd;
	}
	*out = v;
	return 0;
fail_fd:
	close(v->fd);
fail:
	free(v);
	return ret;
}

static void ACCEL_FN(vcpu_close)(struct accel_vcpu *v)
{
	munmap(v->run, v->vm->run_size);
	close(v->fd);
	free(v);
}

/* The includer's: an exit the code below does not decode. */
static void ACCEL_FN(exit_other)(const struct ACCEL_STRUCT(run) *r,
				 struct accel_exit *x);

static int ACCEL_FN(run)(struct accel_vcpu *v, struct accel_exit *x)
{
	struct ACCEL_STRUCT(run) *r = v->run;

	if (ioctl(v->fd, ACCEL_UAPI(RUN), NULL) < 0) {
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
		__atomic_store_n(&r->immediate_exit, 0, __ATOMIC_SEQ_CST);
		x->reason = ACCEL_EXIT_INTR;
		return 0;
	}
	switch (r->exit_reason) {
	case ACCEL_UAPI(EXIT_IO):
		x->reason = ACCEL_EXIT_IO;
		x->io.port = r->io.port;
		x->io.size = r->io.size;
		x->io.out = r->io.direction == ACCEL_UAPI(EXIT_IO_OUT);
		x->io.count = r->io.count;
		x->io.data = (uint8_t *)r + r->io.data_offset;
		break;
	case ACCEL_UAPI(EXIT_MMIO):
		x->reason = ACCEL_EXIT_MMIO;
		x->mmio.gpa = r->mmio.phys_addr;
		x->mmio.data = r->mmio.data;
		x->mmio.len = r->mmio.len;
		x->mmio.write = r->mmio.is_write;
		break;
	case ACCEL_UAPI(EXIT_HLT):
		x->reason = ACCEL_EXIT_HLT;
		break;
	case ACCEL_UAPI(EXIT_SHUTDOWN):
		x->reason = ACCEL_EXIT_SHUTDOWN;
		break;
	case ACCEL_UAPI(EXIT_INTR):
		x->reason = ACCEL_EXIT_INTR;
		break;
	default:
		ACCEL_FN(exit_other)(r, x);
		break;
	}
	return 0;
}

static void ACCEL_FN(kick)(struct accel_vcpu *v)
{
	__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

static int ACCEL_FN(get_regs)(struct accel_vcpu *v, struct accel_regs *o)
{
	struct ACCEL_STRUCT(regs) r;

	if (ioctl(v->fd, ACCEL_UAPI(GET_REGS), &r) < 0)
		return -errno;
	*o = (struct accel_regs){
		r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rsp, r.rbp,
		r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15,
		r.rip, r.rflags,
	};
	return 0;
}

static int ACCEL_FN(set_regs)(struct accel_vcpu *v,
			      const struct accel_regs *i)
{
	struct ACCEL_STRUCT(regs) r = {
		i->rax, i->rbx, i->rcx, i->rdx, i->rsi, i->rdi, i->rsp, i->rbp,
		i->r8, i->r9, i->r10, i->r11, i->r12, i->r13, i->r14, i->r15,
		i->rip, i->rflags,
	};

	return ioctl(v->fd, ACCEL_UAPI(SET_REGS), &r) < 0 ? -errno : 0;
}

static void ACCEL_FN(seg_from)(struct accel_segment *o,
			       const struct ACCEL_STRUCT(segment) *s)
{
	*o = (struct accel_segment){
		.base = s->base, .limit = s->limit, .selector = s->selector,
		.type = s->type, .present = s->present, .dpl = s->dpl,
		.db = s->db, .s = s->s, .l = s->l, .g = s->g,
	};
}

/* avl and padding zero; a segment that is not present is unusable. */
static void ACCEL_FN(seg_to)(struct ACCEL_STRUCT(segment) *o,
			     const struct accel_segment *s)
{
	memset(o, 0, sizeof(*o));
	o->base = s->base;
	o->limit = s->limit;
	o->selector = s->selector;
	o->type = s->type;
	o->present = s->present;
	o->dpl = s->dpl;
	o->db = s->db;
	o->s = s->s;
	o->l = s->l;
	o->g = s->g;
	o->unusable = !s->present;
}

/* The segment registers in both structures, in the same order. */
#define ACCEL_SREGS_SEGMENTS(X) \
	X(cs) X(ds) X(es) X(fs) X(gs) X(ss) X(tr) X(ldt)

static int ACCEL_FN(get_sregs)(struct accel_vcpu *v, struct accel_sregs *o)
{
	struct ACCEL_STRUCT(sregs) s;

	if (ioctl(v->fd, ACCEL_UAPI(GET_SREGS), &s) < 0)
		return -errno;
#define GET(n) ACCEL_FN(seg_from)(&o->n, &s.n);
	ACCEL_SREGS_SEGMENTS(GET)
#undef GET
	o->gdt_base = s.gdt.base;
	o->gdt_limit = s.gdt.limit;
	o->idt_base = s.idt.base;
	o->idt_limit = s.idt.limit;
	o->cr0 = s.cr0;
	o->cr2 = s.cr2;
	o->cr3 = s.cr3;
	o->cr4 = s.cr4;
	o->efer = s.efer;
	return 0;
}

/* Overwrite what struct accel_sregs holds; the rest of s stays. */
static void ACCEL_FN(sregs_to)(struct ACCEL_STRUCT(sregs) *s,
			       const struct accel_sregs *i)
{
#define SET(n) ACCEL_FN(seg_to)(&s->n, &i->n);
	ACCEL_SREGS_SEGMENTS(SET)
#undef SET
	s->gdt.base = i->gdt_base;
	s->gdt.limit = i->gdt_limit;
	s->idt.base = i->idt_base;
	s->idt.limit = i->idt_limit;
	s->cr0 = i->cr0;
	s->cr2 = i->cr2;
	s->cr3 = i->cr3;
	s->cr4 = i->cr4;
	s->efer = i->efer;
}

#define ACCEL_EFLAGS_IF	0x200

/*
 * Stuck: waiting for a SIPI, or halted with interrupts disabled (then only
 * another vCPU, by INIT or NMI, can wake it).
 */
static int ACCEL_FN(is_stuck)(struct accel_vcpu *v, bool *stuck)
{
	struct ACCEL_STRUCT(mp_state) mp;
	struct accel_regs r;
	int ret;

	if (ioctl(v->fd, ACCEL_UAPI(GET_MP_STATE), &mp) < 0)
		return -errno;
	*stuck = mp.mp_state == ACCEL_UAPI(MP_STATE_UNINITIALIZED) ||
		 mp.mp_state == ACCEL_UAPI(MP_STATE_INIT_RECEIVED);
	if (mp.mp_state != ACCEL_UAPI(MP_STATE_HALTED))
		return 0;
	ret = ACCEL_FN(get_regs)(v, &r);
	if (ret)
		return ret;
	*stuck = !(r.rflags & ACCEL_EFLAGS_IF);
	return 0;
}

#undef ACCEL_EFLAGS_IF
#undef ACCEL_SREGS_SEGMENTS
#undef ACCEL_FN
#undef ACCEL_UAPI
#undef ACCEL_STRUCT

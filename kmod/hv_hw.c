// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_hw.c: the virtualization hardware turned on, on every CPU, when the
 * first VM is made and off when the last goes, never over another
 * hypervisor: a CPU the backend finds already in use (kvm-amd, kvm-intel)
 * makes VM creation fail with EBUSY, so the modules take turns in one
 * boot. The backend supplies the per-CPU acts (struct hv_backend).
 */
#include <linux/cpu.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include "kmod/hv.h"

static DEFINE_MUTEX(hv_hw_lock);
static unsigned int hv_hw_users;
static atomic_t busy_cpu;		/* 1 + a CPU that refused, or 0 */

static void cpu_on(void *unused)
{
	if (!hv_be->cpu_on())
		atomic_set(&busy_cpu, smp_processor_id() + 1);
}

static void cpu_off(void *unused)
{
	hv_be->cpu_off();
}

int hv_hw_get(void)
{
	int r = 0, busy;

	mutex_lock(&hv_hw_lock);
	if (hv_hw_users) {
		hv_hw_users++;
		goto out;
	}
	r = hv_be->hw_alloc();
	if (r)
		goto fail;
	cpus_read_lock();
	atomic_set(&busy_cpu, 0);
	on_each_cpu(cpu_on, NULL, 1);
	busy = atomic_read(&busy_cpu);
	if (busy) {
		on_each_cpu(cpu_off, NULL, 1);
		cpus_read_unlock();
		pr_warn("hv: %s on CPU %d: another hypervisor holds %s, refusing the VM\n",
			hv_be->busy, busy - 1, hv_be->name);
		r = -EBUSY;
		goto fail;
	}
	cpus_read_unlock();
	hv_hw_users = 1;
	goto out;
fail:
	hv_be->hw_free();
out:
	mutex_unlock(&hv_hw_lock);
	return r;
}

void hv_hw_put(void)
{
	mutex_lock(&hv_hw_lock);
	if (!--hv_hw_users) {
		cpus_read_lock();
		on_each_cpu(cpu_off, NULL, 1);
		cpus_read_unlock();
		hv_be->hw_free();
	}
	mutex_unlock(&hv_hw_lock);
}

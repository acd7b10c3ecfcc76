/* SPDX-License-Identifier: GPL-2.0-only */
/* kvm_para.h: KVM's paravirtual CPUID leaves and async-PF MSRs. */
#ifndef GUEST_KVM_PARA_H
#define GUEST_KVM_PARA_H

#include <stdint.h>

#define CPUID_HYPERVISOR_BIT	(1u << 31)	/* leaf 1, ECX */
#define KVM_CPUID_SIGNATURE	0x40000000
#define KVM_CPUID_FEATURES	0x40000001
#define KVM_FEATURE_ASYNC_PF	(1u << 4)
#define KVM_FEATURE_ASYNC_PF_INT (1u << 14)

#define MSR_KVM_ASYNC_PF_EN	0x4b564d02
#define MSR_KVM_ASYNC_PF_INT	0x4b564d06
#define MSR_KVM_ASYNC_PF_ACK	0x4b564d07
#define KVM_ASYNC_PF_ENABLED	(1u << 0)
#define KVM_ASYNC_PF_SEND_ALWAYS (1u << 1)
#define KVM_ASYNC_PF_DELIVERY_AS_INT (1u << 3)

#define KVM_PV_REASON_PAGE_NOT_PRESENT	1
#define KVM_ASYNC_PF_WAKE_ALL	0xffffffffu

/* The shared area, 64-byte aligned; KVM writes flags and token. */
struct kvm_apf_area {
	uint32_t flags;
	uint32_t token;
	uint8_t pad[56];
	uint32_t enabled;
} __attribute__((aligned(64)));

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-helper-wire.c: the hvd <-> hvd-helper message codec on its own:
 * round trips of every request, and every way a message can be wrong.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "proto/helper-wire.h"

static int roundtrip(const struct hw_request *in, struct hw_request *out)
{
	uint8_t buf[HW_MSG_MAX];
	const char *why = NULL;
	int len = hw_encode_request(in, buf, sizeof(buf));

	cr_assert(len > HW_HEADER_SIZE && len <= HW_MSG_MAX);
	return hw_decode_request(buf, (size_t)len, out, &why);
}

Test(wire, every_request_round_trips)
{
	struct hw_request in, out;
	unsigned int type;

	for (type = 1; type < HW_TYPE_END; type++) {
		memset(&in, 0, sizeof(in));
		in.type = (uint16_t)type;
		in.seq = 1000 + type;
		strcpy(in.vm, "vm-A.b_9");
		switch (type) {
		case HW_SPAWN:
			in.u.spawn.memory_mib = HW_MEMORY_MIB_MAX;
			in.u.spawn.vcpus = HW_VCPUS_MAX;
			in.u.spawn.nfds = HW_SPAWN_MAX_FDS;
			break;
		case HW_PERF_OPEN:
			in.u.perf_open.tid = 77;
			in.u.perf_open.tracepoint = HW_TP_APF_READY;
			break;
		case HW_SIGNAL:
			in.u.signal.pid = 78;
			in.u.signal.signal = HW_SIG_INT;
			break;
		case HW_REAP:
			in.u.reap.pid = 79;
			break;
		case HW_OPEN_ACCEL:
			in.u.open_accel.accel = HW_ACCEL_HV;
			break;
		}
		cr_assert_eq(roundtrip(&in, &out), 0, "type %u", type);
		cr_expect_eq(memcmp(&in, &out, sizeof(in)), 0, "type %u", type);
		cr_expect(hw_type_name(type));
	}
	cr_expect_eq(hw_request_fds(&in), 0);
}

Test(wire, reply_round_trips)
{
	struct hw_reply in = { .type = HW_SPAWN | HW_REPLY_FLAG, .seq = 5,
			       .status = -ENOENT, .nfds = 1, .value = 1234 };
	struct hw_reply out;
	uint8_t buf[HW_MSG_MAX];
	const char *why;
	int len;

	memset(in.text, 'x', sizeof(in.text));
	len = hw_encode_reply(&in, buf, sizeof(buf));
	cr_assert(len > 0 && len <= HW_MSG_MAX);
	cr_assert_eq(hw_decode_reply(buf, (size_t)len, &out, &why), 0);
	cr_expect_eq(out.value, 1234);
	cr_expect_eq(out.status, -ENOENT);
	cr_expect_eq(strlen(out.text), HW_TEXT_FIELD - 1);
	in.status = 1;
	len = hw_encode_reply(&in, buf, sizeof(buf));
	cr_expect_eq(hw_decode_reply(buf, (size_t)len, &out, &why), -EBADMSG);
}

static int decode(const uint8_t *buf, size_t len)
{
	struct hw_request req;
	const char *why = NULL;
	int err = hw_decode_request(buf, len, &req, &why);

	cr_assert(err == 0 || why);
	return err;
}

Test(wire, malformed_messages_are_refused)
{
	struct hw_request req = { .type = HW_REAP, .seq = 1 };
	uint8_t buf[HW_MSG_MAX + 1], copy[HW_MSG_MAX + 1];
	uint32_t v32;
	uint16_t v16;
	int len;

	strcpy(req.vm, "vm");
	req.u.reap.pid = 1;
	len = hw_encode_request(&req, buf, sizeof(buf));
	cr_assert_eq(decode(buf, (size_t)len), 0);
	cr_expect_eq(decode(buf, 0), -EBADMSG);
	cr_expect_eq(decode(buf, HW_HEADER_SIZE - 1), -EBADMSG);
	cr_expect_eq(decode(buf, (size_t)len - 1), -EBADMSG);
	cr_expect_eq(decode(buf, HW_MSG_MAX + 1), -EMSGSIZE);
#define MUTATE(off, val, err) do {					\
		memcpy(copy, buf, sizeof(buf));				\
		memcpy(copy + (off), &(val), sizeof(val));		\
		cr_expect_eq(decode(copy, (size_t)len), (err), #off);	\
	} while (0)
	v32 = 0x12345678;
	MUTATE(0, v32, -EBADMSG);			/* magic */
	v16 = 2;
	MUTATE(4, v16, -EPROTONOSUPPORT);		/* version */
	v16 = HW_TYPE_END;
	MUTATE(6, v16, -EOPNOTSUPP);			/* type */
	v16 = 0;
	MUTATE(6, v16, -EOPNOTSUPP);
	v16 = HW_OPEN_ACCEL;				/* same size, other type */
	MUTATE(6, v16, 0);
	v16 = HW_SPAWN;					/* wrong size for type */
	MUTATE(6, v16, -EBADMSG);
	v32 = 0;
	MUTATE(HW_HEADER_SIZE + HW_NAME_FIELD, v32, -EINVAL);	/* pid 0 */
	v32 = 0x80000000u;
	MUTATE(HW_HEADER_SIZE + HW_NAME_FIELD, v32, -EINVAL);
	v16 = 0x4100;					/* "\0A" after name */
	MUTATE(HW_HEADER_SIZE + 2, v16, -EINVAL);
	v16 = 0x2f2f;					/* "//" in the name */
	MUTATE(HW_HEADER_SIZE, v16, -EINVAL);
#undef MUTATE
}

Test(wire, names_and_tables)
{
	char name[80];

	cr_expect(hw_name_valid("a"));
	cr_expect(hw_name_valid("A.b-c_9"));
	cr_expect(!hw_name_valid(""));
	cr_expect(!hw_name_valid("a b"));
	cr_expect(!hw_name_valid("a/b"));
	memset(name, 'x', 64);
	name[64] = '\0';
	cr_expect(hw_name_valid(name));
	name[64] = 'x';
	name[65] = '\0';
	cr_expect(!hw_name_valid(name));
	cr_expect_str_eq(hw_accel_name(HW_ACCEL_KVM), "kvm");
	cr_expect_null(hw_accel_name(HW_ACCEL_END));
	cr_expect_str_eq(hw_tp_category(HW_TP_FAST_PAGE_FAULT), "kvmmmu");
	cr_expect_null(hw_tp_event(HW_TP_END));
	cr_expect_eq(hw_sig_number(HW_SIG_KILL), 9);
	cr_expect_eq(hw_sig_number(HW_SIG_END), 0);
	cr_expect_null(hw_type_name(HW_TYPE_END));
}

Test(wire, empty_name_only_where_no_vm_is_needed)
{
	struct hw_request in = { .type = HW_LOAD_MODULE }, out;

	cr_expect_eq(roundtrip(&in, &out), 0);
	in.type = HW_OPEN_UFFD;
	cr_expect_eq(roundtrip(&in, &out), -EINVAL);
}

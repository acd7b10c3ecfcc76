// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-devices.c: the port I/O devices through the dispatch table, as a
 * vCPU's I/O exits reach them: fw_cfg items and file directory, the UART's
 * registers and console, the debug-exit port, unclaimed ports; and the
 * statistics catalogue.
 */
#include <criterion/criterion.h>
#include <endian.h>
#include <string.h>
#include <unistd.h>

#include "monitor/debug-exit.h"
#include "monitor/fw-cfg.h"
#include "monitor/pio.h"
#include "monitor/uart.h"
#include "proto/stats-catalogue.h"

static struct pio_bus bus;

static void out(uint16_t port, uint8_t size, uint32_t v)
{
	struct accel_exit x = { .reason = ACCEL_EXIT_IO };

	x.io.port = port;
	x.io.size = size;
	x.io.out = true;
	x.io.count = 1;
	x.io.data = (uint8_t *)&v;
	pio_dispatch(&bus, &x);
}

static uint32_t in(uint16_t port, uint8_t size)
{
	struct accel_exit x = { .reason = ACCEL_EXIT_IO };
	uint32_t v = 0;

	x.io.port = port;
	x.io.size = size;
	x.io.count = 1;
	x.io.data = (uint8_t *)&v;
	pio_dispatch(&bus, &x);
	return v;
}

static void read_item(uint16_t key, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	out(FW_CFG_PORT, 2, key);
	for (i = 0; i < len; i++)
		p[i] = in(FW_CFG_PORT + 1, 1);
}

Test(devices, fw_cfg_items_and_e820_file)
{
	struct e820_entry map[2] = { { 0, 0xa0000, E820_RAM },
				     { 0x100000, 0x700000, E820_RAM } };
	struct pio_device dev;
	struct fw_cfg f;
	struct e820_entry got[2];
	char sig[4], name[57] = { 0 };
	uint64_t ram;
	uint32_t count, size;
	uint16_t cpus, select;
	uint8_t entry[64];

	pio_bus_init(&bus);
	cr_assert_eq(fw_cfg_init(&f, 8 << 20, 3, map, 2), 0);
	dev = fw_cfg_device(&f);
	cr_assert_eq(pio_register(&bus, &dev), 0);
	read_item(FW_CFG_SIGNATURE, sig, 4);
	cr_expect_eq(memcmp(sig, "QEMU", 4), 0);
	read_item(FW_CFG_NB_CPUS, &cpus, 2);
	cr_expect_eq(le16toh(cpus), 3);
	read_item(FW_CFG_RAM_SIZE, &ram, 8);
	cr_expect_eq(le64toh(ram), 8 << 20);
	out(FW_CFG_PORT, 2, FW_CFG_FILE_DIR);
	for (count = 0, size = 0; size < 4; size++)
		count = count << 8 | in(FW_CFG_PORT + 1, 1);
	cr_assert_eq(count, 1);
	for (size = 0; size < 64; size++)
		entry[size] = in(FW_CFG_PORT + 1, 1);
	memcpy(&size, entry, 4);
	memcpy(&select, entry + 4, 2);
	memcpy(name, entry + 8, 56);
	cr_expect_str_eq(name, "etc/e820");
	cr_expect_eq(be32toh(size), sizeof(map));
	read_item(be16toh(select), got, sizeof(got));
	cr_expect_eq(memcmp(got, map, sizeof(map)), 0);
	/* past the end of an item: zeros */
	read_item(FW_CFG_NB_CPUS, entry, 4);
	cr_expect_eq(entry[2], 0);
	fw_cfg_destroy(&f);
	pio_bus_destroy(&bus);
}

Test(devices, uart_transmits_to_console_and_loops_back)
{
	struct pio_device dev;
	struct console con;
	struct uart u;
	char buf[8] = { 0 };
	int p[2];

	cr_assert_eq(pipe(p), 0);
	pio_bus_init(&bus);
	cr_assert_eq(console_open(&con, p[1], NULL, buf, sizeof(buf)), 0);
	uart_init(&u, &con, NULL, NULL);
	dev = uart_device(&u);
	pio_register(&bus, &dev);
	cr_expect_eq(in(0x3fd, 1) & 0x60, 0x60, "THR empty");
	out(0x3f8, 1, 'h');
	out(0x3f8, 1, 'i');
	cr_assert_eq(read(p[0], buf, 2), 2);
	cr_expect_str_eq(buf, "hi");
	cr_expect_eq(con.total, 2);
	/* divisor latch does not transmit */
	out(0x3fb, 1, 0x80);
	out(0x3f8, 1, 0x0c);
	cr_expect_eq(in(0x3f8, 1), 0x0c);
	out(0x3fb, 1, 0x03);
	/* loopback: the byte comes back on the receiver */
	out(0x3fc, 1, 0x10);
	out(0x3f9, 1, 0x01);		/* receive interrupt on */
	out(0x3f8, 1, 'z');
	cr_expect_eq(in(0x3fd, 1) & 1, 1, "data ready");
	cr_expect_eq(in(0x3fa, 1) & 0x0f, 0x04, "IIR: received data");
	cr_expect_eq(in(0x3f8, 1), 'z');
	cr_expect_eq(in(0x3fd, 1) & 1, 0);
	cr_expect_eq(con.total, 2, "looped bytes are not output");
	close(p[0]);
	close(p[1]);
	pio_bus_destroy(&bus);
}

static uint32_t fired = 0xdead;

static void fire(void *ctx, uint32_t v)
{
	fired = v;
}

Test(devices, debug_exit_and_unclaimed_ports)
{
	struct debug_exit d = { fire, NULL };
	struct pio_device dev = debug_exit_device(&d);

	pio_bus_init(&bus);
	pio_register(&bus, &dev);
	out(DEBUG_EXIT_PORT, 1, 7);
	cr_expect_eq(fired, 7);
	cr_expect_eq(in(0x80, 1), 0xff);
	cr_expect_eq(in(0x80, 4), 0xffffffff);
	pio_bus_destroy(&bus);
}

Test(catalogue, names_unique_and_complete)
{
	static const char *const required[] = {
		"pf_taken", "pf_fixed", "pf_guest", "pf_fast", "pf_spurious",
		"mmu_cache_hit", "mmu_cache_miss", "mmu_shadow_zapped",
		"mmu_pte_write", "mmu_flooded", "mmu_recycled",
		"apf_not_present", "apf_ready", "apf_repeated",
		"apf_wakeup_all", "apf_prefault", "exits", "io_exits",
		"halt_exits", "dirty_pages", "dirty_pages_last",
	};
	size_t i, j;

	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		cr_expect_not_null(hv_stat_find(required[i]), "%s",
				   required[i]);
	for (i = 0; i < hv_stat_catalogue_len; i++) {
		const struct hv_stat_desc *d = &hv_stat_catalogue[i];

		cr_expect(d->unit && *d->unit && d->description &&
			  *d->description, "%s", d->name);
		cr_expect_not_null(hv_stat_kind_name(d->kind));
		cr_expect_not_null(hv_stat_scope_name(d->scope));
		for (j = i + 1; j < hv_stat_catalogue_len; j++)
			cr_expect_str_neq(d->name, hv_stat_catalogue[j].name);
	}
	cr_expect_null(hv_stat_find("pf_made_up"));
	cr_expect_str_eq(hv_stat_scope_name(hv_stat_find("dirty_pages")->scope),
			 "vm");
	cr_expect_str_eq(hv_stat_kind_name(
		hv_stat_find("dirty_pages_last")->kind), "instant");
}

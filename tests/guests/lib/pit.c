// SPDX-License-Identifier: GPL-2.0-only
// pit.c: one-shot countdowns on PIT channel 2 (gate and output via port
// 0x61), polled; no interrupt is involved.
#include "pit.h"
#include "x86.h"

#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_PORT_B	0x61
#define PORT_B_GATE2	0x01
#define PORT_B_SPEAKER	0x02
#define PORT_B_OUT2	0x20
#define PIT_CH2_MODE0	0xb0	/* channel 2, lo/hi byte, mode 0, binary */
#define PIT_HZ		1193182
#define TICKS_PER_MS	((PIT_HZ + 500) / 1000)

static void pit_wait_one_ms(void)
{
	uint8_t b = inb(PIT_PORT_B) & ~(PORT_B_GATE2 | PORT_B_SPEAKER);

	outb(PIT_PORT_B, b);
	outb(PIT_CMD, PIT_CH2_MODE0);
	outb(PIT_CH2, TICKS_PER_MS & 0xff);
	outb(PIT_CH2, TICKS_PER_MS >> 8);
	outb(PIT_PORT_B, b | PORT_B_GATE2);
	while (!(inb(PIT_PORT_B) & PORT_B_OUT2))
		cpu_relax();
}

void pit_sleep_ms(uint64_t ms)
{
	while (ms--)
		pit_wait_one_ms();
}

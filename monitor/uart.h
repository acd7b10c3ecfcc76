/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * uart.h: a 16550A UART (COM1 at 0x3f8, IRQ 4). Transmitted bytes go to the
 * console; uart_input() feeds the receiver (the console-attach path).
 */
#ifndef HV_MONITOR_UART_H
#define HV_MONITOR_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor/console.h"
#include "monitor/pio.h"

#define UART_COM1_BASE	0x3f8
#define UART_COM1_IRQ	4
#define UART_RX_SIZE	256

struct uart {
	struct console *console;
	void (*irq)(void *ctx, bool level);
	void *irq_ctx;
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	bool thre_pending;	/* "transmitter empty" interrupt owed */
	bool irq_level;
	uint8_t rx[UART_RX_SIZE];
	unsigned int rx_head, rx_len;
};

void uart_init(struct uart *u, struct console *c,
	       void (*irq)(void *ctx, bool level), void *irq_ctx);
/* The bus entry for this UART at UART_COM1_BASE. */
struct pio_device uart_device(struct uart *u);
/* Queue received bytes (call with the bus lock held); returns how many
 * fitted. */
size_t uart_input(struct uart *u, const uint8_t *buf, size_t len);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * uart.c: the 16550A register model (see uart.h): divisor latch, FIFO
 * always ready to transmit, receive FIFO, IIR priorities, and the interrupt
 * line gated by MCR.OUT2 as on a PC.
 */
#include <string.h>

#include "monitor/uart.h"

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define LCR_DLAB	0x80
#define IER_RDI		0x01
#define IER_THRI	0x02
#define IIR_NONE	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define IIR_FIFO	0xc0
#define MCR_OUT2	0x08
#define MCR_LOOP	0x10
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_IDLE	0xb0	/* DCD, DSR, CTS */

static uint8_t iir(const struct uart *u)
{
	if ((u->ier & IER_RDI) && u->rx_len)
		return IIR_RDI;
	if ((u->ier & IER_THRI) && u->thre_pending)
		return IIR_THRI;
	return IIR_NONE;
}

static void update_irq(struct uart *u)
{
	bool level = iir(u) != IIR_NONE && (u->mcr & MCR_OUT2);

	if (level != u->irq_level && u->irq) {
		u->irq_level = level;
		u->irq(u->irq_ctx, level);
	}
}

static void uart_out(void *opaque, uint16_t reg, uint8_t size, uint32_t v)
{
	struct uart *u = opaque;
	uint8_t b = v;

	switch (reg) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB) {
			u->dll = b;
		} else if (u->mcr & MCR_LOOP) {
			uart_input(u, &b, 1);
		} else {
			console_write(u->console, &b, 1);
			u->thre_pending = true;
		}
		break;
	case IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = b;
		} else {
			/* Enabling THRI with an empty THR raises it. */
			if ((b & IER_THRI) && !(u->ier & IER_THRI))
				u->thre_pending = true;
			u->ier = b & 0x0f;
		}
		break;
	case IIR_FCR:
		if (b & 0x02)	/* clear the receive FIFO */
			u->rx_len = 0;
		break;
	case LCR:
		u->lcr = b;
		break;
	case MCR:
		u->mcr = b & 0x1f;
		break;
	case SCR:
		u->scr = b;
		break;
	}
	update_irq(u);
}

static uint32_t uart_in(void *opaque, uint16_t reg, uint8_t size)
{
	struct uart *u = opaque;
	uint8_t v = 0;

	switch (reg) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB) {
			v = u->dll;
		} else if (u->rx_len) {
			v = u->rx[u->rx_head];
			u->rx_head = (u->rx_head + 1) % UART_RX_SIZE;
			u->rx_len--;
		}
		break;
	case IER:
		v = u->lcr & LCR_DLAB ? u->dlm : u->ier;
		break;
	case IIR_FCR:
		v = iir(u) | IIR_FIFO;
		if (v == (IIR_THRI | IIR_FIFO))
			u->thre_pending = false;
		break;
	case LCR:
		v = u->lcr;
		break;
	case MCR:
		v = u->mcr;
		break;
	case LSR:
		v = LSR_THRE | LSR_TEMT | (u->rx_len ? LSR_DR : 0);
		break;
	case MSR:
		v = MSR_IDLE;
		break;
	case SCR:
		v = u->scr;
		break;
	}
	update_irq(u);
	return v;
}

void uart_init(struct uart *u, struct console *c,
	       void (*irq)(void *ctx, bool level), void *irq_ctx)
{
	memset(u, 0, sizeof(*u));
	u->console = c;
	u->irq = irq;
	u->irq_ctx = irq_ctx;
	u->dll = 1;	/* 115200 baud */
}

struct pio_device uart_device(struct uart *u)
{
	return (struct pio_device){ "uart", UART_COM1_BASE, 8, uart_out,
				    uart_in, u };
}

size_t uart_input(struct uart *u, const uint8_t *buf, size_t len)
{
	size_t n = 0;

	while (n < len && u->rx_len < UART_RX_SIZE) {
		u->rx[(u->rx_head + u->rx_len) % UART_RX_SIZE] = buf[n++];
		u->rx_len++;
	}
	update_irq(u);
	return n;
}

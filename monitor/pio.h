/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pio.h: the port I/O bus of hv-vm: a table of devices by port range; an
 * I/O exit is dispatched to the device owning the port. Reads of unclaimed
 * ports return all ones, writes to them are ignored, as on a PC.
 */
#ifndef HV_MONITOR_PIO_H
#define HV_MONITOR_PIO_H

#include <pthread.h>
#include <stdint.h>

#include "monitor/accel.h"

#define PIO_MAX_DEVICES	8

struct pio_device {
	const char *name;
	uint16_t base;
	uint16_t len;
	void (*out)(void *opaque, uint16_t offset, uint8_t size, uint32_t val);
	uint32_t (*in)(void *opaque, uint16_t offset, uint8_t size);
	void *opaque;
};

struct pio_bus {
	struct pio_device devices[PIO_MAX_DEVICES];
	unsigned int ndevices;
	pthread_mutex_t lock;	/* devices run one access at a time */
};

void pio_bus_init(struct pio_bus *bus);
void pio_bus_destroy(struct pio_bus *bus);
int pio_register(struct pio_bus *bus, const struct pio_device *dev);
void pio_dispatch(struct pio_bus *bus, const struct accel_exit *exit);

#endif

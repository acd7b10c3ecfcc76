// SPDX-License-Identifier: GPL-2.0-only
/*
 * pio.c: port I/O dispatch (see pio.h), including rep ins/outs.
 */
#include <errno.h>
#include <string.h>

#include "monitor/pio.h"

void pio_bus_init(struct pio_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
	pthread_mutex_init(&bus->lock, NULL);
}

void pio_bus_destroy(struct pio_bus *bus)
{
	pthread_mutex_destroy(&bus->lock);
}

int pio_register(struct pio_bus *bus, const struct pio_device *dev)
{
	if (bus->ndevices == PIO_MAX_DEVICES)
		return -ENOSPC;
	bus->devices[bus->ndevices++] = *dev;
	return 0;
}

static const struct pio_device *find(const struct pio_bus *bus, uint16_t port)
{
	unsigned int i;

	for (i = 0; i < bus->ndevices; i++) {
		const struct pio_device *d = &bus->devices[i];

		if (port >= d->base && port - d->base < d->len)
			return d;
	}
	return NULL;
}

void pio_dispatch(struct pio_bus *bus, const struct accel_exit *x)
{
	const struct pio_device *d = find(bus, x->io.port);
	uint8_t *p = x->io.data;
	uint32_t i, v;

	pthread_mutex_lock(&bus->lock);
	for (i = 0; i < x->io.count; i++, p += x->io.size) {
		if (x->io.out) {
			v = 0;
			memcpy(&v, p, x->io.size);
			if (d)
				d->out(d->opaque, x->io.port - d->base,
				       x->io.size, v);
		} else {
			v = d ? d->in(d->opaque, x->io.port - d->base,
				      x->io.size) : 0xffffffff;
			memcpy(p, &v, x->io.size);
		}
	}
	pthread_mutex_unlock(&bus->lock);
}

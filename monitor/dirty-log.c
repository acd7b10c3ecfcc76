// SPDX-License-Identifier: GPL-2.0-only
/*
 * dirty-log.c: the dirty-page logger thread (see dirty-log.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "monitor/dirty-log.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static size_t bitmap_words(const struct guest_region *r)
{
	return (r->size / GUEST_PAGE_SIZE + 63) / 64;
}

static int set_logging(struct dirty_log *d, bool on)
{
	unsigned int i;
	int ret;

	for (i = 0; i < d->mem->nregions; i++) {
		const struct guest_region *r = &d->mem->regions[i];

		ret = d->ops->map_memory(d->avm, i, r->gpa, r->size, r->host,
					 on);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int round_once(struct dirty_log *d)
{
	uint64_t n = 0;
	unsigned int i;
	size_t w;
	int ret;

	for (i = 0; i < d->mem->nregions; i++) {
		ret = d->ops->dirty_log(d->avm, i, d->bitmaps[i]);
		if (ret < 0)
			return ret;
		for (w = 0; w < bitmap_words(&d->mem->regions[i]); w++)
			n += __builtin_popcountll(d->bitmaps[i][w]);
	}
	pthread_mutex_lock(&d->lock);
	d->pages += n;
	d->last = n;
	d->rounds++;
	d->busy_rounds += n > 0;
	pthread_mutex_unlock(&d->lock);
	return 0;
}

/* Sleep ms unless stopped; false once stopped. */
static bool wait_ms(struct dirty_log *d, unsigned int ms)
{
	struct timespec ts;
	bool stop;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&d->lock);
	while (!d->stop &&
	       pthread_cond_timedwait(&d->cond, &d->lock, &ts) != ETIMEDOUT)
		;
	stop = d->stop;
	pthread_mutex_unlock(&d->lock);
	return !stop;
}

static void *logger(void *arg)
{
	struct dirty_log *d = arg;
	int ret = 0;

	if (d->delay_ms) {
		if (!wait_ms(d, d->delay_ms))
			return NULL;
		ret = set_logging(d, true);
		pthread_mutex_lock(&d->lock);
		d->enabled = ret == 0;
		d->enabled_ns = now_ns();
		pthread_mutex_unlock(&d->lock);
	}
	while (ret == 0 && wait_ms(d, d->interval_ms))
		ret = round_once(d);
	if (ret == 0)
		ret = round_once(d);	/* what the last interval wrote */
	if (ret < 0) {
		fprintf(stderr, "hv-vm: dirty log: %s\n", strerror(-ret));
		pthread_mutex_lock(&d->lock);
		d->error = ret;
		pthread_mutex_unlock(&d->lock);
	}
	return NULL;
}

int dirty_log_start(struct dirty_log *d, const struct accel_ops *ops,
		    struct accel_vm *avm, const struct guest_mem *mem,
		    unsigned int interval_ms, unsigned int delay_ms)
{
	unsigned int i;
	int ret;

	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->avm = avm;
	d->mem = mem;
	d->interval_ms = interval_ms;
	d->delay_ms = delay_ms;
	for (i = 0; i < mem->nregions; i++) {
		d->bitmaps[i] = calloc(bitmap_words(&mem->regions[i]), 8);
		if (!d->bitmaps[i]) {
			ret = -ENOMEM;
			goto fail;
		}
	}
	if (!delay_ms) {	/* on before the first guest write */
		ret = set_logging(d, true);
		if (ret < 0)
			goto fail;
		d->enabled = true;
		d->enabled_ns = now_ns();
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	ret = -pthread_create(&d->thread, NULL, logger, d);
	if (ret == 0)
		return 0;
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
fail:
	for (i = 0; i < mem->nregions; i++)
		free(d->bitmaps[i]);
	return ret;
}

void dirty_log_stop(struct dirty_log *d)
{
	unsigned int i;

	pthread_mutex_lock(&d->lock);
	if (d->stop) {
		pthread_mutex_unlock(&d->lock);
		return;
	}
	d->stop = true;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	for (i = 0; i < d->mem->nregions; i++)
		free(d->bitmaps[i]);
}

void dirty_log_destroy(struct dirty_log *d)
{
	dirty_log_stop(d);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
}

#include "api/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"

#define SLOTS 4096

typedef struct bucket {
	uint32_t client;
	double tokens;
	double at;      /* CLOCK_MONOTONIC seconds of the last update */
	int used;
} bucket;

struct bp_api_ratelimit {
	pthread_mutex_t lock;
	double per_second, burst;
	bucket slots[SLOTS];
};

bp_api_ratelimit *bp_api_ratelimit_new(int per_minute)
{
	if (per_minute <= 0)
		return NULL;
	bp_api_ratelimit *r = bp_xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	r->per_second = per_minute / 60.0;
	r->burst = per_minute;
	return r;
}

void bp_api_ratelimit_free(bp_api_ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int bp_api_ratelimit_take(bp_api_ratelimit *r, uint32_t client)
{
	if (!r)
		return 0;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	uint32_t h = client * 2654435761u;   /* Knuth's multiplicative hash */
	pthread_mutex_lock(&r->lock);
	bucket *b = &r->slots[h % SLOTS];
	if (!b->used) {
		b->used = 1;
		b->client = client;
		b->tokens = r->burst;
		b->at = now;
	}
	b->tokens = fmin(r->burst, b->tokens + (now - b->at) * r->per_second);
	b->at = now;
	int wait = 0;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = (int)ceil((1 - b->tokens) / r->per_second);
	pthread_mutex_unlock(&r->lock);
	return wait;
}

/*
 * ratelimit.h: requests per client address, as a token bucket.
 *
 * Each address may make `per_minute` requests in a burst and earns them
 * back at that rate.  Addresses share a fixed table by hash (no memory
 * grows with the number of clients); two that collide share a bucket,
 * which can only make the limit stricter for them.
 */
#ifndef BP_API_RATELIMIT_H
#define BP_API_RATELIMIT_H

#include <stdint.h>

typedef struct bp_api_ratelimit bp_api_ratelimit;

/* NULL when per_minute is 0 (no limit). */
bp_api_ratelimit *bp_api_ratelimit_new(int per_minute);
void bp_api_ratelimit_free(bp_api_ratelimit *r);

/* 0: allowed (one token taken); else the seconds until the next token. */
int bp_api_ratelimit_take(bp_api_ratelimit *r, uint32_t client);

#endif

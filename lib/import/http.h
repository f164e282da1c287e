/*
 * http.h: GET a URL into memory, patiently.
 *
 * Open-data servers are shared and sometimes slow: a download of many pages
 * meets the odd timeout, reset connection, cut-off body, 429 or 5xx.  Those
 * are retried with exponential backoff and jitter (honouring Retry-After on
 * 429), bounded by a number of attempts and a total time; anything else
 * (4xx other than 429, a bad URL) fails at once.  Errors name the URL in
 * err->where and say what happened (HTTP status or curl's message).
 */
#ifndef BP_IMPORT_HTTP_H
#define BP_IMPORT_HTTP_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

typedef struct bp_http_options {
	long connect_timeout_ms;  /* to establish a connection */
	long timeout_ms;          /* one attempt, start to last byte */
	int max_attempts;         /* first try included; >= 1 */
	long backoff_initial_ms;  /* wait before the second attempt */
	long backoff_max_ms;      /* cap of one wait */
	long max_total_ms;        /* all attempts and waits of one GET together */
	const char *user_agent;
} bp_http_options;

/* Defaults for real servers: 10 s connect, 300 s per attempt, 6 attempts,
 * 1 s doubling up to 60 s, 15 minutes in all. */
void bp_http_options_default(bp_http_options *o);

typedef struct bp_http bp_http;

/* A client that keeps its connection between requests; NULL opts = defaults.
 * Owned by the caller: bp_http_free(). */
bp_http *bp_http_new(const bp_http_options *opts);
void bp_http_free(bp_http *h);

/*
 * GET url and put the body (NUL-terminated) into out, which is reset first.
 * Only a 2xx answer is success.  BP_ERR_IO with where = url when the server
 * cannot be reached or keeps failing; BP_ERR_NOT_FOUND on 404.
 */
bp_rc bp_http_get(bp_http *h, const char *url, bp_buf *out, bp_error *err) BP_MUST_CHECK;

/*
 * Where bp_http_get_stream puts a 2xx body while it arrives.  begin is
 * called when an attempt's body starts (again after a retried attempt that
 * delivered part of one: the sink must forget that part), data with each
 * piece of it.  A non-BP_OK return stops the download at once; that rc is
 * returned as is, so the sink fills err itself.
 */
typedef struct bp_http_sink {
	bp_rc (*begin)(void *ctx);
	bp_rc (*data)(void *ctx, const char *p, size_t n);
	void *ctx;
} bp_http_sink;

/*
 * bp_http_get with the body streamed into sink instead of kept in memory:
 * the same retries and errors (the body of a non-2xx answer still goes
 * into the error's detail).  BP_OK means a complete 2xx body was delivered;
 * an empty one calls neither begin nor data.
 */
bp_rc bp_http_get_stream(bp_http *h, const char *url, const bp_http_sink *sink, bp_error *err) BP_MUST_CHECK;

/* Retries done by this client so far (for progress output and tests). */
long bp_http_retries(const bp_http *h);

/* Escape s for a URL query (percent-encoding); malloc'ed, caller frees. */
char *bp_http_escape(bp_http *h, const char *s);

/*
 * A server's text (n bytes of src) made safe to show in a terminal, into
 * dst (size bytes, NUL-terminated, cut where it is full): escape sequences
 * (ESC [ ... and the like) and C1 controls removed, other control
 * characters (bell, carriage return, backspace) made spaces, bidi
 * overrides and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F)
 * removed, bytes that are not UTF-8 made '?'.  Error details quote server
 * answers, and an error body could otherwise repaint or rewrite the screen.
 */
void bp_http_printable(char *dst, size_t size, const char *src, size_t n);

#endif

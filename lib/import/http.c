/*
 * http.c: libcurl underneath; we add the retry policy (curl's own
 * --retry lives in the tool, not in the library).
 */
#include "import/http.h"

#include <curl/curl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"

struct bp_http {
	CURL *curl;
	bp_http_options o;
	long retries;
	unsigned int seed;
};

void bp_http_options_default(bp_http_options *o)
{
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 300000;
	o->max_attempts = 6;
	o->backoff_initial_ms = 1000;
	o->backoff_max_ms = 60000;
	o->max_total_ms = 15 * 60 * 1000;
	o->user_agent = "buurtpeil/0.1 (+https://github.com/)";
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

bp_http *bp_http_new(const bp_http_options *opts)
{
	/* Idempotent after the first call; the process never calls cleanup
	 * because another client may still be alive. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	bp_http *h = bp_xcalloc(1, sizeof(*h));
	if (opts)
		h->o = *opts;
	else
		bp_http_options_default(&h->o);
	if (h->o.max_attempts < 1)
		h->o.max_attempts = 1;
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		return NULL;
	}
	h->seed = (unsigned int)now_ms() ^ (unsigned int)(size_t)h;
	return h;
}

void bp_http_free(bp_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

long bp_http_retries(const bp_http *h)
{
	return h->retries;
}

char *bp_http_escape(bp_http *h, const char *s)
{
	char *e = curl_easy_escape(h->curl, s, 0);
	char *r = bp_xstrdup(e ? e : "");
	curl_free(e);
	return r;
}

/* Where the bytes of one GET go: all into out, or (streaming) a 2xx body
 * into the sink and any other answer into out, for the error message. */
typedef struct recv_state {
	CURL *curl;
	bp_buf *out;
	const bp_http_sink *sink;
	int status_known, to_sink;
	bp_rc sink_rc;
} recv_state;

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	recv_state *st = ctx;
	size_t len = size * n;
	if (st->sink && !st->status_known) {
		long status = 0;
		curl_easy_getinfo(st->curl, CURLINFO_RESPONSE_CODE, &status);
		st->status_known = 1;
		st->to_sink = status >= 200 && status < 300;
		if (st->to_sink && (st->sink_rc = st->sink->begin(st->sink->ctx)) != BP_OK)
			return 0;   /* CURLE_WRITE_ERROR: the sink has said why */
	}
	if (!st->to_sink) {
		bp_buf_add(st->out, p, len);
		return len;
	}
	if ((st->sink_rc = st->sink->data(st->sink->ctx, p, len)) != BP_OK)
		return 0;
	return len;
}

/* Transient transport failures: worth another try. */
static int curl_retryable(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_COULDNT_RESOLVE_HOST:
		return 1;
	default:
		return 0;
	}
}

/* Past an escape sequence whose ESC was at p[-1]: CSI (ESC [ ... final byte),
 * OSC (ESC ] ... BEL or ESC \\), or ESC and one more byte. */
static const char *skip_escape(const char *p, const char *end)
{
	if (p < end && (*p == '[' || *p == ']')) {
		int osc = *p == ']';
		for (p++; p < end; p++) {
			unsigned char c = (unsigned char)*p;
			if (osc ? c == 0x07 || c == 0x1b : c >= 0x40 && c <= 0x7e)
				return p + 1 + (osc && c == 0x1b && p + 1 < end);
		}
		return end;
	}
	return p < end ? p + 1 : end;
}

void bp_http_printable(char *dst, size_t size, const char *src, size_t n)
{
	size_t o = 0;
	const char *p = src, *end = src + n;
	if (size == 0)
		return;
	while (p < end && o + 5 < size) {
		unsigned char c = (unsigned char)*p;
		if (c == 0x1b) {
			p = skip_escape(p + 1, end);
		} else if (c < 0x20 || c == 0x7f) {
			dst[o++] = ' ';
			p++;
		} else if (c < 0x80) {
			dst[o++] = (char)c;
			p++;
		} else {
			gunichar u = g_utf8_get_char_validated(p, end - p);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				dst[o++] = '?';
				p++;
				continue;
			}
			int len = g_utf8_skip[c];
			int drop = (u >= 0x80 && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) ||
			           (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f;
			if (!drop) {
				memcpy(dst + o, p, (size_t)len);
				o += (size_t)len;
			}
			p += len;
		}
	}
	dst[o] = '\0';
}

static bp_rc get(bp_http *h, const char *url, bp_buf *out, const bp_http_sink *sink, bp_error *err)
{
	CURL *c = h->curl;
	recv_state st = { .curl = c, .out = out, .sink = sink };
	char ebuf[CURL_ERROR_SIZE];
	long start = now_ms();
	long status = 0;
	CURLcode cc = CURLE_OK;
	int attempt;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  /* gzip if offered: pages are large text */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* A redirect may not take an https request to plain http. */
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
	                 g_ascii_strncasecmp(url, "https:", 6) == 0 ? "https" : "http,https");
	if (h->o.user_agent)
		curl_easy_setopt(c, CURLOPT_USERAGENT, h->o.user_agent);

	for (attempt = 1;; attempt++) {
		bp_buf_reset(out);
		ebuf[0] = '\0';
		status = 0;
		st.status_known = st.to_sink = 0;
		st.sink_rc = BP_OK;
		cc = curl_easy_perform(c);
		if (st.sink_rc != BP_OK)
			return st.sink_rc;   /* the sink refused the body: its error, no retry here */
		long retry_after_ms = -1;
		int retry;
		if (cc == CURLE_OK) {
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
			if (status >= 200 && status < 300)
				return BP_OK;
			retry = status == 429 || status >= 500;
			if (status == 429) {
				curl_off_t ra = -1;
				if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
					retry_after_ms = (long)ra * 1000;
			}
		} else {
			retry = curl_retryable(cc);
		}
		if (!retry || attempt >= h->o.max_attempts)
			break;
		/* Full backoff doubled per attempt, then jitter in [50%, 100%] so
		 * that many clients hit by one outage do not return in step. */
		long wait = h->o.backoff_initial_ms;
		for (int i = 1; i < attempt && wait < h->o.backoff_max_ms; i++)
			wait *= 2;
		if (wait > h->o.backoff_max_ms)
			wait = h->o.backoff_max_ms;
		wait = wait / 2 + (long)(rand_r(&h->seed) % (unsigned)(wait / 2 + 1));
		if (retry_after_ms > wait)
			wait = retry_after_ms;  /* the server said when; earlier is pointless */
		if (now_ms() - start + wait > h->o.max_total_ms)
			break;
		h->retries++;
		sleep_ms(wait);
	}

	bp_error_at(err, url, 0, 0);
	bp_rc rc;
	if (cc == CURLE_OK) {
		rc = bp_fail(err, status == 404 ? BP_ERR_NOT_FOUND : BP_ERR_IO,
		             "the server answered HTTP %ld", status);
		if (out->len > 0) {
			char shown[301];
			bp_http_printable(shown, sizeof(shown), out->data, out->len < 300 ? out->len : 300);
			bp_error_detail(err, "%s", shown);
		}
	} else {
		rc = bp_fail(err, BP_ERR_IO, "download failed: %s", ebuf[0] ? ebuf : curl_easy_strerror(cc));
		bp_error_detail(err, "curl error %d (%s)", (int)cc, curl_easy_strerror(cc));
	}
	if (attempt > 1 || (cc == CURLE_OK && (status == 429 || status >= 500)) || curl_retryable(cc))
		bp_error_hint(err, "gave up after %d attempt%s in %.1f s; try again later",
		              attempt, attempt == 1 ? "" : "s", (now_ms() - start) / 1000.0);
	bp_buf_reset(out);
	return rc;
}

bp_rc bp_http_get(bp_http *h, const char *url, bp_buf *out, bp_error *err)
{
	return get(h, url, out, NULL, err);
}

bp_rc bp_http_get_stream(bp_http *h, const char *url, const bp_http_sink *sink, bp_error *err)
{
	bp_buf other;
	bp_buf_init(&other);
	bp_rc rc = get(h, url, &other, sink, err);
	bp_buf_release(&other);
	return rc;
}

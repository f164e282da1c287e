/*
 * Tests for rowdeflate.c (issue 23 item 3): rows deflated with matches a
 * row up and a pixel left come back as the same bytes through zlib's
 * inflate (another implementation of RFC 1951), within the bound, the same
 * stream with and without the caller's hints, for pictures like a chart's
 * (repeated rows, runs of one colour, text-like noise) and for the edges:
 * one row, rows shorter than a word, runs whose length leaves 1 or 2 bytes
 * after the 258s, stretches longer than a stored block, rows wider than
 * deflate's window.  The PNGs themselves are checked pixel for pixel by
 * the chart tests (libpng reads them back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "render/rowdeflate.h"

/* A small deterministic generator (xorshift), so a failure is the same failure again. */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* in (h rows of row bytes) deflated with whole (may be NULL) and inflated by zlib: the same bytes. */
static void round_trip(const unsigned char *in, size_t row, size_t h, size_t px, const unsigned char *whole)
{
	size_t n = row * h;
	unsigned char *z = malloc(BP_ROWS_DEFLATE_BOUND(n));
	unsigned char *z2 = malloc(BP_ROWS_DEFLATE_BOUND(n));
	unsigned char *back = malloc(n + 1);
	assert_non_null(z);
	assert_non_null(z2);
	assert_non_null(back);
	size_t zn = bp_rows_deflate(in, row, h, px, whole, z);
	assert_true(zn <= BP_ROWS_DEFLATE_BOUND(n));
	/* the hints only save work: the same stream without them */
	size_t zn2 = bp_rows_deflate(in, row, h, px, NULL, z2);
	assert_int_equal(zn, zn2);
	assert_memory_equal(z, z2, zn);

	z_stream s;
	memset(&s, 0, sizeof(s));
	assert_int_equal(inflateInit2(&s, -15), Z_OK); /* raw deflate, 32 KiB window */
	s.next_in = z;
	s.avail_in = (uInt)zn;
	s.next_out = back;
	s.avail_out = (uInt)(n + 1);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, n);
	assert_int_equal(s.avail_in, 0); /* nothing after the last block */
	inflateEnd(&s);
	if (n)
		assert_memory_equal(back, in, n);
	free(z);
	free(z2);
	free(back);
}

/* whole[y]: row y repeats row y - 1, as the PNG writer gives it. */
static unsigned char *wholes(const unsigned char *in, size_t row, size_t h)
{
	unsigned char *w = calloc(h ? h : 1, 1);
	assert_non_null(w);
	for (size_t y = 1; y < h; y++)
		w[y] = memcmp(in + y * row, in + (y - 1) * row, row) == 0;
	return w;
}

/*
 * A chart-like picture of RGB rows (filter byte 0, w pixels): white, a bar
 * in a colour over some rows, "text" (random grey pixels) in a few bands,
 * rows repeating the one above.
 */
static unsigned char *chartlike(size_t w, size_t h, size_t *row)
{
	*row = 3 * w + 1;
	unsigned char *p = malloc(*row * h);
	assert_non_null(p);
	for (size_t y = 0; y < h; y++) {
		unsigned char *r = p + y * *row;
		r[0] = 0;
		memset(r + 1, 0xFF, 3 * w);
		if (y % 40 >= 10 && y % 40 < 30) /* a bar */
			for (size_t x = w / 4; x < w / 4 + (y / 40 * 37) % (w / 2); x++)
				r[1 + 3 * x] = 0x00, r[2 + 3 * x] = 0x72, r[3 + 3 * x] = 0xB2;
		if (y % 40 >= 14 && y % 40 < 26) /* a label: grey pixels with gaps */
			for (size_t x = 8 + y % 3; x < w / 4 - 8 && x < w; x++) {
				uint32_t v = rnd();
				if (v % 5)
					memset(r + 1 + 3 * x, (int)(v >> 8 & 0xFF), 3);
			}
	}
	return p;
}

static void test_chartlike(void **state)
{
	(void)state;
	size_t sizes[][2] = { { 800, 760 }, { 300, 40 }, { 17, 90 }, { 1, 5 }, { 2, 3 }, { 640, 1 } };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t row, w = sizes[i][0], h = sizes[i][1];
		unsigned char *p = chartlike(w, h, &row);
		unsigned char *wh = wholes(p, row, h);
		round_trip(p, row, h, 3, wh);
		free(wh);
		free(p);
	}
}

/* Runs of one byte of every length around the 258s' edges, a row up and a pixel left. */
static void test_run_lengths(void **state)
{
	(void)state;
	for (size_t len = 1; len <= 3 * 258 + 12; len++) {
		size_t row = 1200, h = 3;
		unsigned char *p = malloc(row * h);
		assert_non_null(p);
		for (size_t i = 0; i < row * h; i++)
			p[i] = (unsigned char)rnd();
		memset(p + 5, 0x7A, len < row - 5 ? len : row - 5);         /* a run: distance 1 */
		memcpy(p + row, p, len < row ? len : row);                   /* the row above: distance row */
		memcpy(p + 2 * row + 100, p + row + 100, len < row - 100 ? len : row - 100);
		unsigned char *wh = wholes(p, row, h);
		round_trip(p, row, h, 1, wh);
		round_trip(p, row, h, 3, wh);
		free(wh);
		free(p);
	}
}

/* Random bytes (all literals, stored blocks longer than 65535), rows repeated, rows wider than the window. */
static void test_edges(void **state)
{
	(void)state;
	size_t row = 70001, h = 4; /* > 32768: no match a row up possible */
	unsigned char *p = malloc(row * h);
	assert_non_null(p);
	for (size_t i = 0; i < row * h; i++)
		p[i] = (unsigned char)rnd();
	memcpy(p + 2 * row, p + row, row); /* a repeat the window cannot reach */
	unsigned char *wh = wholes(p, row, h);
	round_trip(p, row, h, 3, wh);
	free(wh);
	free(p);

	/* every row the same: matches across rows, known or compared */
	row = 2401, h = 50;
	p = malloc(row * h);
	assert_non_null(p);
	for (size_t i = 0; i < row; i++)
		p[i] = (unsigned char)(i % 7 == 0 ? rnd() : 0xFF);
	for (size_t y = 1; y < h; y++)
		memcpy(p + y * row, p, row);
	wh = wholes(p, row, h);
	round_trip(p, row, h, 3, wh);
	free(wh);
	free(p);

	/* shorter than a word, and nothing at all */
	unsigned char tiny[7] = { 1, 2, 3, 1, 2, 3, 1 };
	round_trip(tiny, 7, 1, 3, NULL);
	round_trip(tiny, 1, 7, 1, NULL);
	round_trip(tiny, 7, 0, 3, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chartlike),
		cmocka_unit_test(test_run_lengths),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

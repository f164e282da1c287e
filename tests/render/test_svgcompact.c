/*
 * Tests for svgcompact.c (issue 23): Cairo's path data written shorter
 * draws the same points, read back by a path reader written here from the
 * SVG grammar (relative commands, H and V, repeated commands, numbers run
 * together: "-.5.25"); styles keep what differs from SVG's defaults, as
 * attributes when shorter; what is not Cairo's passes as it is.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "render/svgcompact.h"

#define MAX_PTS 64

/* The end points (and control points) of a path, absolute, in order. */
typedef struct pts {
	double x[MAX_PTS], y[MAX_PTS];
	char cmd[MAX_PTS]; /* the absolute command each point belongs to: M L C Z */
	int n;
} pts;

static void add_pt(pts *p, char c, double x, double y)
{
	assert_true(p->n < MAX_PTS);
	p->cmd[p->n] = c;
	p->x[p->n] = x;
	p->y[p->n] = y;
	p->n++;
}

/* One number of SVG path grammar at *s (after separators), or 0 at a command or the end. */
static int read_num(const char **s, double *v)
{
	while (**s == ' ' || **s == ',')
		(*s)++;
	const char *p = *s;
	if (*p == '-' || *p == '+')
		p++;
	int digits = 0, dot = 0;
	while ((*p >= '0' && *p <= '9') || (*p == '.' && !dot)) {
		dot |= *p == '.';
		digits += *p != '.';
		p++;
	}
	if (!digits)
		return 0;
	char buf[64];
	size_t n = (size_t)(p - *s);
	assert_true(n < sizeof(buf));
	memcpy(buf, *s, n);
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	*s = p;
	return 1;
}

/* Reads SVG path data as a browser does (the subset of commands Cairo's paths become). */
static void read_path(const char *d, pts *out)
{
	out->n = 0;
	double cx = 0, cy = 0, sx = 0, sy = 0;
	char cmd = 0;
	const char *s = d;
	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (strchr("MmLlHhVvCcZz", *s))
			cmd = *s++;
		else
			assert_true(cmd && cmd != 'Z' && cmd != 'z'); /* numbers continue the command before */
		int rel = cmd >= 'a';
		double v[6];
		switch (cmd | 0x20) {
		case 'z':
			add_pt(out, 'Z', sx, sy);
			cx = sx;
			cy = sy;
			cmd = 0;
			break;
		case 'm':
		case 'l':
			assert_true(read_num(&s, &v[0]) && read_num(&s, &v[1]));
			cx = v[0] + (rel ? cx : 0);
			cy = v[1] + (rel ? cy : 0);
			add_pt(out, (cmd | 0x20) == 'm' ? 'M' : 'L', cx, cy);
			if ((cmd | 0x20) == 'm') {
				sx = cx;
				sy = cy;
				cmd = rel ? 'l' : 'L'; /* pairs after a moveto are linetos */
			}
			break;
		case 'h':
			assert_true(read_num(&s, &v[0]));
			cx = v[0] + (rel ? cx : 0);
			add_pt(out, 'L', cx, cy);
			break;
		case 'v':
			assert_true(read_num(&s, &v[0]));
			cy = v[0] + (rel ? cy : 0);
			add_pt(out, 'L', cx, cy);
			break;
		case 'c':
			for (int i = 0; i < 6; i++)
				assert_true(read_num(&s, &v[i]));
			for (int i = 0; i < 6; i += 2)
				add_pt(out, 'C', v[i] + (rel ? cx : 0), v[i + 1] + (rel ? cy : 0));
			cx = out->x[out->n - 1];
			cy = out->y[out->n - 1];
			break;
		default:
			fail_msg("unexpected command %c in %s", cmd, d);
		}
	}
}

/* The compacted markup of in, as a string (the caller frees it). */
static char *compact(const char *in)
{
	bp_buf b;
	bp_buf_init(&b);
	bp_svg_add_compact(&b, in, strlen(in));
	return bp_buf_detach(&b, NULL);
}

/* The d="..." of an element. */
static char *d_of(const char *el)
{
	const char *d = strstr(el, " d=\"");
	assert_non_null(d);
	d += 4;
	const char *q = strchr(d, '"');
	char *out = malloc((size_t)(q - d) + 1);
	assert_non_null(out);
	memcpy(out, d, (size_t)(q - d));
	out[q - d] = '\0';
	return out;
}

/* in's path (Cairo's) and its compacted form have the same points to a hundredth. */
static void same_points(const char *cairo_d, size_t max_len)
{
	char el[1024];
	snprintf(el, sizeof(el), "<path style=\"fill:none;\" d=\"%s\"/>", cairo_d);
	char *out = compact(el);
	char *d = d_of(out);
	pts want, got;
	read_path(cairo_d, &want);
	read_path(d, &got);
	/* a moveto followed by another moveto or by nothing draws nothing: not in the output */
	pts drawn = { .n = 0 };
	for (int i = 0; i < want.n; i++) {
		int idle = want.cmd[i] == 'M' && (i + 1 == want.n || want.cmd[i + 1] == 'M');
		if (!idle)
			add_pt(&drawn, want.cmd[i], want.x[i], want.y[i]);
	}
	assert_int_equal(got.n, drawn.n);
	for (int i = 0; i < got.n; i++) {
		assert_int_equal(got.cmd[i], drawn.cmd[i]);
		if (fabs(got.x[i] - drawn.x[i]) > 0.005 + 1e-9 || fabs(got.y[i] - drawn.y[i]) > 0.005 + 1e-9)
			fail_msg("point %d: %g %g, not %g %g (%s from %s)", i, got.x[i], got.y[i], drawn.x[i], drawn.y[i], d,
			         cairo_d);
	}
	if (strlen(d) > max_len)
		fail_msg("\"%s\" (%zu characters) from \"%s\": at most %zu wanted", d, strlen(d), cairo_d, max_len);
	free(d);
	free(out);
}

static void test_paths(void **state)
{
	(void)state;
	/* a bar: "M12 247H328.48v57H12Z"; the lengths below are what the rules in svgcompact.h give */
	same_points("M 12 247 L 328.480469 247 L 328.480469 304 L 12 304 Z M 12 247 ", 21);
	/* grid lines, each its own moveto: relative where shorter */
	same_points("M 51 292.5 L 324 292.5 M 51 227.5 L 324 227.5 M 69.5 357 L 69.5 361 M 187.5 357 L 187.5 361 ", 45);
	/* a border with negative steps and numbers that run together ("-.5.25") */
	same_points("M 315.480469 150.179688 L 312.960938 158.75 L 323.21875 169.878906 L 322.71875 169.378906 "
	            "L 322.21875 169.628906 L 313 169.628906 Z M 315.480469 150.179688 ", 54);
	/* a circle as Cairo draws it: four curves */
	same_points("M 86.699219 317.839844 C 86.699219 320.988281 84.148438 323.539062 81 323.539062 "
	            "C 77.851562 323.539062 75.300781 320.988281 75.300781 317.839844 "
	            "C 75.300781 314.691406 77.851562 312.140625 81 312.140625 "
	            "C 84.148438 312.140625 86.699219 314.691406 86.699219 317.839844 Z M 86.699219 317.839844 ", 109);
	/* a zero-length segment and near-zero numbers, negative coordinates */
	same_points("M -0.001 -3.996 L -0.001 -3.996 L -10.5 0.004 ", 16);
	/* moveto then moveto: the first draws nothing */
	same_points("M 1 1 M 2 2 L 3 3 ", 8);
}

static void test_styles(void **state)
{
	(void)state;
	/* Cairo's defaults go; its percentages are 8-bit colours: 89.019608% of 255 is 227 (0xe3) */
	char *out = compact("<path style=\" stroke:none;fill-rule:nonzero;fill:rgb(89.019608%,89.019608%,89.019608%);\" d=\"M 1 1 L 2 2 \"/>");
	assert_string_equal(out, "<path fill=\"#e3e3e3\" d=\"M1 1 2 2\"/>");
	free(out);
	/* white is #fff; no stroke: its width and miter limit change nothing */
	out = compact("<rect x=\"0\" y=\"0\" width=\"4\" height=\"4\" style=\"fill:rgb(100%,100%,100%);stroke:none;stroke-width:2;stroke-miterlimit:10;\"/>");
	assert_string_equal(out, "<rect x=\"0\" y=\"0\" width=\"4\" height=\"4\" fill=\"#fff\"/>");
	free(out);
	/* a round join has no miter; four properties stay a style (shorter than four attributes) */
	out = compact("<path style=\"fill:none;stroke-width:1.5;stroke-linejoin:round;stroke:rgb(0%,44.705882%,69.803922%);stroke-dasharray:5,3;stroke-miterlimit:10;\" d=\"M 0 0 L 1 0 L 1 1 \"/>");
	assert_string_equal(out, "<path style=\"fill:none;stroke-width:1.5;stroke-linejoin:round;stroke:#0072b2;stroke-dasharray:5,3\" d=\"M0 0H1V1\"/>");
	free(out);
	/* lines without joins (grid lines, ticks: one segment each) need no join nor miter limit */
	out = compact("<path style=\"fill:none;stroke-width:1;stroke-linejoin:miter;stroke:rgb(0%,0%,0%);stroke-miterlimit:10;\" d=\"M 0 0 L 0 5 M 3 0 L 3 5 \"/>");
	assert_string_equal(out, "<path fill=\"none\" stroke=\"#000\" d=\"M0 0V5M3 0V5\"/>");
	free(out);
	/* a closed shape has joins even with one segment */
	out = compact("<path style=\"fill:none;stroke:rgb(0%,0%,0%);stroke-miterlimit:10;\" d=\"M 0 0 L 0 5 Z M 0 0 \"/>");
	assert_string_equal(out, "<path fill=\"none\" stroke=\"#000\" stroke-miterlimit=\"10\" d=\"M0 0V5Z\"/>");
	free(out);
	/* a miter join keeps its limit */
	out = compact("<path style=\"fill:none;stroke-width:1;stroke:rgb(0%,0%,0%);stroke-miterlimit:10;\" d=\"M 0 0 L 1 1 L 2 0 \"/>");
	assert_string_equal(out, "<path fill=\"none\" stroke=\"#000\" stroke-miterlimit=\"10\" d=\"M0 0 1 1 2 0\"/>");
	free(out);
	/* an empty path (a space's glyph outline where text stays outlines): as it is */
	out = compact("<path style=\"stroke:none;\" d=\"\"/>");
	assert_string_equal(out, "<path d=\"\"/>");
	free(out);
	/* not Cairo's: as it is */
	const char *other = "<path style=\"fill:red\" d=\"M 0 0 Q 1 1 2 2\"/><text x=\"1 2\" style=\"font:bold\">a d=\"b\"</text>";
	out = compact(other);
	assert_string_equal(out, "<path fill=\"red\" d=\"M 0 0 Q 1 1 2 2\"/><text x=\"1 2\" style=\"font:bold\">a d=\"b\"</text>");
	free(out);
}

static void test_numbers(void **state)
{
	(void)state;
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 12.5, "12.5" }, { 3, "3" }, { 0.5, ".5" }, { -0.25, "-.25" }, { 0.004, "0" }, { -0.004, "0" },
		{ 349.999, "350" }, { 34.56, "34.56" }, { 100.1, "100.1" }, { -7.05, "-7.05" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bp_buf b;
		bp_buf_init(&b);
		bp_svg_add_num(&b, cases[i].v);
		if (strcmp(b.data, cases[i].want) != 0)
			fail_msg("%g written \"%s\", not \"%s\"", cases[i].v, b.data, cases[i].want);
		bp_buf_release(&b);
	}
}

/* Every number in hundredths from -20000.00 to 20000.00 as printf writes it (then shortened: no trailing
 * zeros, no leading zero, no "-0"), against bp_svg_add_num. */
static void test_numbers_like_printf(void **state)
{
	(void)state;
	for (long t = -2000000; t <= 2000000; t += (t > -1000 && t < 1000) ? 1 : 7) {
		char want[48];
		long a = t < 0 ? -t : t;
		int n = snprintf(want, sizeof(want), "%s%ld.%02ld", t < 0 ? "-" : "", a / 100, a % 100);
		while (want[n - 1] == '0')
			want[--n] = '\0';
		if (want[n - 1] == '.')
			want[--n] = '\0';
		char *zero = strstr(want, "0.");
		if (zero && (zero == want || zero[-1] == '-'))
			memmove(zero, zero + 1, strlen(zero));
		if (t == 0)
			strcpy(want, "0");
		bp_buf b;
		bp_buf_init(&b);
		bp_svg_add_num(&b, (double)t / 100);
		if (strcmp(b.data, want) != 0)
			fail_msg("%ld hundredths written \"%s\", not \"%s\"", t, b.data, want);
		bp_buf_release(&b);
	}
}

/* --- bp_svg_fast_decimal against strtod ------------------------------------ */

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* xorshift64: the same strings on every run */
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * s (NUL-terminated) read by the fast path, when it takes it, is the double
 * strtod reads from all of s, bit for bit (-0 included); 1 when it took it.
 */
static int same_as_strtod(const char *s)
{
	double fast;
	if (!bp_svg_fast_decimal(s, strlen(s), &fast))
		return 0;
	char *e;
	double want = strtod(s, &e);
	if (*e)
		fail_msg("\"%s\": taken by the fast path, but strtod stops at \"%s\"", s, e);
	if (memcmp(&fast, &want, sizeof(want)) != 0)
		fail_msg("\"%s\": fast path %.17g, strtod %.17g", s, fast, want);
	return 1;
}

/* A number as Cairo prints one: "%f" (or more decimals under 0.1), trailing zeros and point cut. */
static void cairo_like(char *s, size_t n, double v)
{
	snprintf(s, n, fabs(v) >= 0.1 || v == 0 ? "%f" : "%.12f", v);
	char *dot = strchr(s, '.');
	if (dot) {
		char *z = s + strlen(s);
		while (z > dot + 1 && z[-1] == '0')
			*--z = '\0';
		if (z == dot + 1)
			*dot = '\0';
	}
}

/*
 * The fast path (Clinger's: an integer mantissa up to 2^53 over an exact
 * power of ten) against glibc's strtod: millions of random digit strings of
 * every length around the limits, Cairo's own numbers (multiples of 1/256,
 * printed "%f"), and strings it must leave to strtod.
 */
static void test_fast_decimal(void **state)
{
	(void)state;
	static const char *const edges[] = {
		"0", "-0", "0.", ".0", "-.0", "5.", ".5", "-.5", "9007199254740992", "9007199254740993",
		"-9007199254740992", "900719925474099.2", "9007199254740.992", "0.9007199254740992",
		"1.0000000000000000000001", "0.0000000000000000000001", "00000000000000000000000001.5",
		"123456789012345678", "12345678901234567890", "0.1", "0.2", "0.3", "1.005", "2.675",
		"39.28125", "74.011719", "0.392157", "83.529412", "-1234567.000001",
	};
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		same_as_strtod(edges[i]);
	/* strtod reads these otherwise, or not at all: never the fast path's */
	static const char *const others[] = { "", "-", ".", "-.", "1.2.3", "1e5", "1E5", "+1", " 1", "1 ",
		                               "--1", "0x10", "inf", "nan", "1,5", "12345678901234567890123" };
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		double v;
		if (bp_svg_fast_decimal(others[i], strlen(others[i]), &v))
			fail_msg("\"%s\" taken by the fast path", others[i]);
	}
	/* the length given is what is read: no terminator needed, none looked at */
	double v;
	assert_true(bp_svg_fast_decimal("12.5%", 4, &v));
	assert_true(v == 12.5);

	long taken = 0, tried = 0;
	char s[64];
	for (int i = 0; i < 3000000; i++, tried++) {
		uint64_t r = next_rand();
		size_t n = 0;
		if (r & 1)
			s[n++] = '-';
		int int_digits = (int)(r >> 1 & 31) % 21, frac_digits = (int)(r >> 6 & 31) % 26;
		for (int d = 0; d < int_digits; d++)
			s[n++] = (char)('0' + next_rand() % 10);
		if ((r >> 11 & 3) != 0 || int_digits == 0) {
			s[n++] = '.';
			for (int d = 0; d < frac_digits; d++)
				s[n++] = (char)('0' + next_rand() % 10);
		}
		s[n] = '\0';
		taken += same_as_strtod(s);
	}
	/* Cairo's coordinates: 24.8 fixed point, printed "%f" */
	for (int i = 0; i < 2000000; i++, tried++) {
		int64_t k = (int64_t)(next_rand() % 2000000001) - 1000000000;
		double d = (double)k / 256;
		cairo_like(s, sizeof(s), d);
		if (!same_as_strtod(s))
			fail_msg("Cairo's \"%s\" not taken by the fast path", s);
		taken++;
	}
	/* colours in percent, as Cairo prints them */
	for (int c = 0; c < 65536; c++, tried++) {
		cairo_like(s, sizeof(s), c / 65535.0 * 100);
		if (!same_as_strtod(s))
			fail_msg("Cairo's \"%s\" not taken by the fast path", s);
		taken++;
	}
	print_message("fast path: %ld of %ld strings, each the same double as strtod\n", taken, tried);
	assert_true(taken > tried / 2);

	/* in path data, a number the fast path reads only the start of is strtod's whole: "1.5e1" is 15 */
	static const char *const paths[][2] = {
		{ "<path d=\"M 1.5e1 2 L 3 4.25E0\"/>", "<path d=\"M 15 2 L 3 4.25\"/>" },
		{ "<path d=\"M 1.5 2 L 3e-1 4\"/>", "<path d=\"M 1.5 2 L .3 4\"/>" },
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		bp_buf got, want;
		bp_buf_init(&got);
		bp_buf_init(&want);
		bp_svg_add_compact(&got, paths[i][0], strlen(paths[i][0]));
		bp_svg_add_compact(&want, paths[i][1], strlen(paths[i][1]));
		assert_string_equal(got.data, want.data);
		bp_buf_release(&got);
		bp_buf_release(&want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_numbers_like_printf),
		cmocka_unit_test(test_fast_decimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

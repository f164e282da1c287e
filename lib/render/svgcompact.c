/*
 * svgcompact.c: Cairo's SVG markup written shorter (see svgcompact.h).
 *
 * Hand-written: Debian has SVG optimisers (scour, svgo) only as Python and
 * Node programs, not as a C library, and a chart is written in a few
 * milliseconds.  Only what Cairo's SVG surface writes is rewritten (its path
 * commands M L C Z, its style properties); anything else is copied.
 */
#define _GNU_SOURCE /* memmem */
#include "render/svgcompact.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* t units of 10^-dec with dec decimals at most, no trailing zeros, no leading zero; its length. */
static int fmt_fixed(char *s, long t, int dec)
{
	unsigned long one = dec == 2 ? 100 : 10;
	unsigned long a = (unsigned long)labs(t), ip = a / one, fr = a % one;
	int n = 0;
	if (t < 0)
		s[n++] = '-';
	/* Digits by hand, not sprintf: several numbers per path command, two forms each (put_either). */
	if (ip || !fr) {
		char rev[24];
		int k = 0;
		do {
			rev[k++] = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip);
		while (k)
			s[n++] = rev[--k];
	}
	if (fr) {
		s[n++] = '.';
		if (dec == 2) {
			s[n++] = (char)('0' + fr / 10);
			if (fr % 10)
				s[n++] = (char)('0' + fr % 10);
		} else {
			s[n++] = (char)('0' + fr);
		}
	}
	s[n] = '\0';
	return n;
}

/*
 * The plain decimal at the start of s[0..n) (see bp_svg_fast_decimal): its
 * length, and its value in *v when the fast path gives it; 0 when there is
 * none or the fast path does not give it.  It stops at the first character
 * that is not a digit or the first '.'.
 */
static size_t decimal_prefix(const char *s, size_t n, double *v)
{
	/* 10^0..10^22: each exact in a double (5^22 < 2^53) */
	static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
		                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	size_t i = n > 0 && s[0] == '-';
	int digits = 0, k = -1; /* k: digits after the point, -1 before one */
	uint64_t m = 0;
	for (; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d < 10) {
			if (m > (UINT64_MAX - 9) / 10)
				return 0;
			m = m * 10 + d;
			digits++;
			k += k >= 0;
		} else if (s[i] == '.' && k < 0) {
			k = 0;
		} else {
			break;
		}
	}
	if (k < 0)
		k = 0;
	if (!digits || m > (UINT64_C(1) << 53) || k >= (int)(sizeof(pow10) / sizeof(pow10[0])))
		return 0;
	double x = (double)m / pow10[k];
	*v = s[0] == '-' ? -x : x;
	return i;
}

int bp_svg_fast_decimal(const char *s, size_t n, double *v)
{
	double x;
	if (n == 0 || decimal_prefix(s, n, &x) != n)
		return 0;
	*v = x;
	return 1;
}

/* A path coordinate in hundredths, as bp_svg_add_num writes any number. */
#define PATH_DEC 2
#define PATH_ONE 100

void bp_svg_add_num(bp_buf *b, double v)
{
	char s[32];
	bp_buf_add(b, s, (size_t)fmt_fixed(s, lround(v * PATH_ONE), PATH_DEC));
}

void bp_svg_add_color(bp_buf *b, unsigned rgb)
{
	static const char hex[] = "0123456789abcdef";
	unsigned r = rgb >> 16 & 0xFF, g = rgb >> 8 & 0xFF, bl = rgb & 0xFF;
	char s[8];
	/* Hex digits by hand, not printf: a colour for every path and every text. */
	s[0] = '#';
	/* "#fff" is "#ffffff" (CSS and SVG colours alike) */
	if (r % 17 == 0 && g % 17 == 0 && bl % 17 == 0) {
		s[1] = hex[r / 17];
		s[2] = hex[g / 17];
		s[3] = hex[bl / 17];
		bp_buf_add(b, s, 4);
	} else {
		for (int i = 0; i < 6; i++)
			s[1 + i] = hex[(rgb >> (20 - 4 * i)) & 0xF];
		bp_buf_add(b, s, 7);
	}
}

/* ---- path data ----------------------------------------------------------- */

typedef struct cmd {
	char c;     /* M L C Z */
	long v[6];  /* coordinates in 1/PATH_ONE */
} cmd;

/* Writes commands and numbers with no more separators than the grammar needs. */
typedef struct path_writer {
	bp_buf *b;
	char implicit;  /* the command a number right after the last one continues, or 0 */
	int after_num;  /* the last thing written was a number */
	int num_dot;    /* ... with a decimal point */
} path_writer;

static void put_cmd(path_writer *w, char c)
{
	if (c == w->implicit && c != 'Z') {
		return; /* the numbers continue the command before */
	}
	bp_buf_addc(w->b, c);
	w->after_num = 0;
	/* after a moveto's pair, further pairs are linetos */
	w->implicit = c == 'M' ? 'L' : c == 'm' ? 'l' : c;
}

/* A number formatted by fmt_fixed: its characters, their count, whether it has a decimal point. */
typedef struct num_text {
	char s[24];
	int n;
	int dot;
} num_text;

static void fmt_num(num_text *t, long v)
{
	t->n = fmt_fixed(t->s, v, PATH_DEC);
	t->dot = v % PATH_ONE != 0; /* hundredths: fmt_fixed writes a point */
}

static void put_text(path_writer *w, const num_text *t)
{
	if (w->after_num && !(t->s[0] == '-' || (t->s[0] == '.' && w->num_dot)))
		bp_buf_addc(w->b, ' ');
	bp_buf_add(w->b, t->s, (size_t)t->n);
	w->after_num = 1;
	w->num_dot = t->dot;
}

static void put_num(path_writer *w, long v)
{
	num_text t;
	fmt_num(&t, v);
	put_text(w, &t);
}

/*
 * The command c (upper case) with k numbers, absolute a or relative r,
 * whichever is shorter (counting one separator a number).  Each number is
 * formatted once, and the shorter set written from those characters.
 */
static void put_either(path_writer *w, char c, const long *a, const long *r, int k)
{
	num_text ta[6], tr[6];
	int la = 0, lr = 0;
	for (int i = 0; i < k; i++) {
		fmt_num(&ta[i], a[i]);
		fmt_num(&tr[i], r[i]);
		la += ta[i].n;
		lr += tr[i].n;
	}
	int rel = lr < la;
	put_cmd(w, rel ? (char)(c - 'A' + 'a') : c);
	for (int i = 0; i < k; i++)
		put_text(w, rel ? &tr[i] : &ta[i]);
}

/*
 * Whether c can be part of a number as strtod reads one: the run of such
 * characters is what the path parser hands to strtod.  A switch, not
 * strchr: it runs for every byte of every path.
 */
static int num_char(char c)
{
	switch (c) {
	case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
	case '-': case '+': case '.': case 'e': case 'E':
		return 1;
	default:
		return 0;
	}
}

/* Cairo's path data d[0..n) parsed; 0 when it holds anything else or nothing. */
static size_t parse_path(const char *d, size_t n, cmd **out)
{
	size_t cap = 16, k = 0;
	cmd *cs = malloc(cap * sizeof(*cs));
	if (!cs)
		return 0;
	const char *p = d, *end = d + n;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		char c = *p++;
		int args = c == 'M' || c == 'L' ? 2 : c == 'C' ? 6 : c == 'Z' ? 0 : -1;
		if (args < 0)
			goto bad;
		if (k == cap) {
			cap *= 2;
			cmd *more = realloc(cs, cap * sizeof(*cs));
			if (!more)
				goto bad;
			cs = more;
		}
		cs[k].c = c;
		for (int i = 0; i < args; i++) {
			char num[40];
			while (p < end && *p == ' ')
				p++;
			/* Cairo's numbers ("%f", trailing zeros cut) take the fast path, read in the same pass
			 * that finds their end; anything else is the run of number characters (at most
			 * sizeof(num) - 1) that strtod reads.  The fast path only takes a number when that
			 * run would be the same characters. */
			double v;
			size_t l = decimal_prefix(p, (size_t)(end - p), &v);
			if (l == 0 || l + 1 >= sizeof(num) || (p + l < end && num_char(p[l]))) {
				l = 0;
				while (p + l < end && l + 1 < sizeof(num) && num_char(p[l]))
					l++;
				memcpy(num, p, l);
				num[l] = '\0';
				char *e;
				v = strtod(num, &e);
				if (l == 0 || *e)
					goto bad;
			}
			if (!isfinite(v) || fabs(v) > 1e9)
				goto bad;
			cs[k].v[i] = lround(v * PATH_ONE);
			p += l;
		}
		k++;
	}
	if (!k)
		goto bad; /* empty (a space's glyph outline): copied as it is */
	*out = cs;
	return k;
bad:
	free(cs);
	return 0;
}

/* The path data d[0..n) written shorter; 0 when it is not Cairo's (then nothing is written). */
static int add_path(bp_buf *b, const char *d, size_t n)
{
	cmd *cs;
	size_t k = parse_path(d, n, &cs);
	if (!k)
		return 0;
	path_writer w = { b, 0, 0, 0 };
	long cx = 0, cy = 0, sx = 0, sy = 0;
	int have_point = 0;
	for (size_t i = 0; i < k; i++) {
		const cmd *c = &cs[i];
		switch (c->c) {
		case 'M': {
			/* a moveto followed by another or by nothing draws nothing */
			if (i + 1 == k || cs[i + 1].c == 'M')
				break;
			long r[2] = { c->v[0] - cx, c->v[1] - cy };
			if (have_point)
				put_either(&w, 'M', c->v, r, 2);
			else {
				put_cmd(&w, 'M');
				put_num(&w, c->v[0]);
				put_num(&w, c->v[1]);
			}
			cx = sx = c->v[0];
			cy = sy = c->v[1];
			have_point = 1;
			break;
		}
		case 'L': {
			long dx = c->v[0] - cx, dy = c->v[1] - cy;
			if (dy == 0 && dx != 0)
				put_either(&w, 'H', &c->v[0], &dx, 1);
			else if (dx == 0 && dy != 0)
				put_either(&w, 'V', &c->v[1], &dy, 1);
			else {
				long r[2] = { dx, dy };
				put_either(&w, 'L', c->v, r, 2);
			}
			cx = c->v[0];
			cy = c->v[1];
			have_point = 1;
			break;
		}
		case 'C': {
			long r[6];
			for (int j = 0; j < 6; j++)
				r[j] = c->v[j] - (j % 2 ? cy : cx);
			put_either(&w, 'C', c->v, r, 6);
			cx = c->v[4];
			cy = c->v[5];
			have_point = 1;
			break;
		}
		default: /* Z */
			put_cmd(&w, 'Z');
			cx = sx;
			cy = sy;
		}
	}
	free(cs);
	return 1;
}

/* ---- style properties ---------------------------------------------------- */

/* 1 and the colour when v[0..n) is "rgb(R%,G%,B%)" as Cairo writes it. */
static int cairo_rgb(const char *v, size_t n, unsigned *rgb)
{
	char s[80];
	if (n < 12 || n >= sizeof(s) || memcmp(v, "rgb(", 4) != 0 || v[n - 1] != ')')
		return 0;
	memcpy(s, v, n);
	s[n] = '\0';
	const char *q = s + 4;
	unsigned c = 0;
	for (int k = 0; k < 3; k++) {
		char *e;
		double x;
		const char *pct = strchr(q, '%');
		/* "0.392157%": the fast path reads up to the '%' as strtod would (see bp_svg_fast_decimal) */
		if (pct && bp_svg_fast_decimal(q, (size_t)(pct - q), &x))
			e = (char *)pct;
		else
			x = strtod(q, &e);
		if (e == q || *e != '%' || !(x >= 0 && x <= 100))
			return 0;
		c = c << 8 | (unsigned)lround(x * 2.55);
		q = e + 1;
		if (*q != (k < 2 ? ',' : ')'))
			return 0;
		q++;
	}
	*rgb = c;
	return 1;
}

/* A constant string and its length: the tables below are compared for every property of every path. */
typedef struct lit {
	const char *s;
	size_t n;
} lit;
#define LIT(s) { s, sizeof(s) - 1 }

/* Properties at their SVG initial value, left out. */
static const lit default_props[] = {
	LIT("fill-opacity:1"), LIT("stroke-opacity:1"), LIT("opacity:1"), LIT("stroke-linecap:butt"),
	LIT("stroke-linejoin:miter"), LIT("fill-rule:nonzero"), LIT("stroke-width:1"), LIT("stroke:none"),
	LIT("stroke-miterlimit:4"), LIT("stroke-dasharray:none"),
};

/* Properties that are also SVG presentation attributes (fill="..."). */
static const lit attr_props[] = {
	LIT("fill"), LIT("fill-rule"), LIT("fill-opacity"), LIT("stroke"), LIT("stroke-width"),
	LIT("stroke-linejoin"), LIT("stroke-linecap"), LIT("stroke-miterlimit"), LIT("stroke-dasharray"),
	LIT("stroke-opacity"), LIT("opacity"), LIT("clip-rule"),
};

#define MAX_PROPS 16

typedef struct prop {
	const char *name, *val;
	size_t nl, vl;
} prop;

static int prop_is_lit(const prop *p, const lit *name)
{
	return p->nl == name->n && memcmp(p->name, name->s, p->nl) == 0;
}

static int prop_is(const prop *p, const char *name)
{
	return prop_is_lit(p, &(lit){ name, strlen(name) });
}

/* p is "name:value" as nv writes it. */
static int prop_eq_lit(const prop *p, const lit *nv)
{
	return p->nl + 1 + p->vl == nv->n && memcmp(p->name, nv->s, p->nl) == 0 && nv->s[p->nl] == ':' &&
	       memcmp(p->val, nv->s + p->nl + 1, p->vl) == 0;
}

static int prop_eq(const prop *p, const char *nv)
{
	return prop_eq_lit(p, &(lit){ nv, strlen(nv) });
}

static void add_value(bp_buf *b, const prop *p)
{
	unsigned rgb;
	if (cairo_rgb(p->val, p->vl, &rgb))
		bp_svg_add_color(b, rgb);
	else
		bp_buf_add(b, p->val, p->vl);
}

/*
 * The style s[0..n) written shorter into b, as the attributes that replace
 * ' style="..."' (each with its leading space); 0 when not understood.
 * Leaving a property out is only right where nothing around it sets the
 * property: Cairo sets none on its groups, and svgtext.c sets only fill on
 * the chart's group (Cairo writes a fill on every path it fills).
 */
static int add_style(bp_buf *b, const char *s, size_t n, int no_joins)
{
	prop ps[MAX_PROPS];
	int keep[MAX_PROPS];
	int k = 0;
	const char *p = s, *end = s + n;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			semi = end;
		const char *colon = memchr(p, ':', (size_t)(semi - p));
		if (!colon || k == MAX_PROPS || memchr(p, '"', (size_t)(semi - p)))
			return 0;
		ps[k] = (prop){ p, colon + 1, (size_t)(colon - p), (size_t)(semi - colon - 1) };
		keep[k] = 1;
		k++;
		p = semi < end ? semi + 1 : end;
	}
	int stroked = 0, rounded = 0;
	for (int i = 0; i < k; i++) {
		for (size_t j = 0; j < sizeof(default_props) / sizeof(default_props[0]); j++)
			if (prop_eq_lit(&ps[i], &default_props[j]))
				keep[i] = 0;
		stroked |= prop_is(&ps[i], "stroke") && keep[i];
		rounded |= prop_eq(&ps[i], "stroke-linejoin:round") || prop_eq(&ps[i], "stroke-linejoin:bevel") || no_joins;
	}
	int n_kept = 0, all_attrs = 1;
	for (int i = 0; i < k; i++) {
		/* no stroke: its width, joins and dashes change nothing; a round join has no miter */
		if ((!stroked && ps[i].nl >= 6 && memcmp(ps[i].name, "stroke", 6) == 0) ||
		    (rounded && prop_is(&ps[i], "stroke-miterlimit")) || (no_joins && prop_is(&ps[i], "stroke-linejoin")))
			keep[i] = 0;
		if (!keep[i])
			continue;
		n_kept++;
		int is_attr = 0;
		for (size_t j = 0; j < sizeof(attr_props) / sizeof(attr_props[0]); j++)
			is_attr |= prop_is_lit(&ps[i], &attr_props[j]);
		all_attrs &= is_attr;
	}
	/* name="v" costs 4 characters a property, style="n:v;n:v" 2 and 7 once */
	int as_attrs = all_attrs && n_kept <= 3;
	if (!as_attrs && n_kept)
		bp_buf_adds(b, " style=\"");
	int first = 1;
	for (int i = 0; i < k; i++) {
		if (!keep[i])
			continue;
		if (as_attrs) {
			bp_buf_addc(b, ' ');
			bp_buf_add(b, ps[i].name, ps[i].nl);
			bp_buf_adds(b, "=\"");
			add_value(b, &ps[i]);
			bp_buf_addc(b, '"');
		} else {
			if (!first)
				bp_buf_addc(b, ';');
			bp_buf_add(b, ps[i].name, ps[i].nl);
			bp_buf_addc(b, ':');
			add_value(b, &ps[i]);
		}
		first = 0;
	}
	if (!as_attrs && n_kept)
		bp_buf_addc(b, '"');
	return 1;
}

/*
 * 1 when the element whose attributes follow at p (before end) is a path
 * with no joins: each subpath one segment, none closed (grid lines, ticks).
 * Its join and miter limit then change nothing.
 */
static int without_joins(const char *p, const char *end)
{
	const char *gt = memchr(p, '>', (size_t)(end - p));
	if (!gt)
		return 0;
	const char *d = memmem(p, (size_t)(gt - p), " d=\"", 4);
	if (!d)
		return 0;
	int segs = 0;
	for (const char *c = d + 4; c < gt && *c != '"'; c++) {
		if (*c == 'M')
			segs = 0;
		else if (*c == 'L' || *c == 'C')
			segs++;
		else if (*c >= 'A' && *c <= 'Z' && *c != 'E')
			return 0; /* a closed shape (Z), or a command Cairo does not write */
		if (segs > 1)
			return 0;
	}
	return 1;
}

void bp_svg_add_compact(bp_buf *out, const char *s, size_t n)
{
	const char *end = s + n, *p = s, *done = s;
	while (p < end) {
		p = memchr(p, ' ', (size_t)(end - p));
		if (!p)
			break;
		size_t rest = (size_t)(end - p);
		int is_d = rest > 4 && memcmp(p, " d=\"", 4) == 0;
		int is_style = rest > 8 && memcmp(p, " style=\"", 8) == 0;
		if (!is_d && !is_style) {
			p++;
			continue;
		}
		const char *v = p + (is_d ? 4 : 8);
		const char *q = memchr(v, '"', (size_t)(end - v));
		if (!q)
			break;
		size_t at = out->len;
		bp_buf_add(out, done, (size_t)(p - done));
		int ok;
		if (is_d) {
			bp_buf_adds(out, " d=\"");
			ok = add_path(out, v, (size_t)(q - v));
			bp_buf_addc(out, '"');
		} else {
			ok = add_style(out, v, (size_t)(q - v), without_joins(q + 1, end));
		}
		if (!ok) {
			out->len = at; /* not Cairo's: copied as it is */
			out->data[at] = '\0';
			bp_buf_add(out, done, (size_t)(q + 1 - done));
		}
		p = done = q + 1;
	}
	bp_buf_add(out, done, (size_t)(end - done));
}

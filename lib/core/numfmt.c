#include "core/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

/* More digits than any report needs; bounds the scratch buffers below. */
#define MAX_DECIMALS 30
/*
 * Significant digits we trust in a double.  Rounding is done on this decimal
 * text, not on the binary value, so that 0,05 or 1,005 round the way the
 * reader sees them written (0.05 is stored as 0.05000000000000000277 and
 * 1.005 as 1.00499999999999989...; both must round up).
 */
#define SIG_DIGITS 15

/* Room for any number text: digits, a '.' per three, comma, minus. */
#define NUM_TEXT (2 * (309 + MAX_DECIMALS + 8))

static const char DASH[] = "\xe2\x80\x93"; /* U+2013 EN DASH */

/* Copy s into buf like snprintf, but never cut a UTF-8 sequence in half. */
static size_t put(char *buf, size_t size, const char *s, size_t n)
{
	if (size == 0)
		return 0;
	size_t k = n < size - 1 ? n : size - 1;
	if (k < n)
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
	memcpy(buf, s, k);
	buf[k] = '\0';
	return k;
}

static const unsigned long long POW10[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
	1000000000000000000ULL,
};

/*
 * The SIG_DIGITS significant digits of a > 0 and its decimal exponent, exactly
 * as printf's "%.14e" writes them (the binary value rounded to nearest, ties
 * to even), by integer arithmetic: printf's multi-precision formatting (and
 * the sscanf of its exponent) were nearly all of bp_numfmt's time, 3.5 % of
 * writing a buurt's page and charts.  a = m 2^e with m < 2^53 is exact, so
 * q = round(m 10^k / 2^-e) with k = 14 - exp10 is exact in 128 bits for
 * 1e-8 <= a < 1e15 (k <= 22: m 10^k < 2^127; 1 <= -e <= 80).  0 outside
 * that range (the caller uses printf).
 */
__extension__ typedef unsigned __int128 u128;

static int sig_digits_fast(double a, char dig[SIG_DIGITS], int *exp10)
{
	if (!(a >= 1e-8 && a < 1e15))
		return 0;
	int e2;
	double f = frexp(a, &e2); /* a = f 2^e2, 0.5 <= f < 1 */
	unsigned long long m = (unsigned long long)ldexp(f, 53);
	int e = e2 - 53;          /* a = m 2^e exactly */
	/* A first guess of the exponent; corrected below when it is one off. */
	int x = (int)floor(log10(a));
	for (int tries = 0; tries < 3; tries++) {
		int k = SIG_DIGITS - 1 - x;
		if (k < 0 || k > 22)
			return 0;
		u128 n = (u128)m;
		/* 10^k as two factors: POW10 holds up to 10^18. */
		n *= k > 18 ? POW10[18] : POW10[k];
		if (k > 18)
			n *= POW10[k - 18];
		/* e < 0: a < 1e15 < 2^53 = the smallest double with e >= 0 */
		int s = -e;
		u128 q = n >> s, r = n - (q << s), half = (u128)1 << (s - 1);
		const unsigned long long lo = POW10[SIG_DIGITS - 1], hi = POW10[SIG_DIGITS];
		/* The guess is judged on the value before rounding: 99999999999999.9 is 15 digits at x - 1. */
		if (q < lo) {
			x--;
			continue;
		}
		if (q >= hi) {
			x++;
			continue;
		}
		if (r > half || (r == half && (q & 1)))
			q++;
		if (q == hi) {
			/* Rounded up to the next power of ten: printf writes 1.000...e(x+1). */
			q = lo;
			x++;
		}
		unsigned long long v = (unsigned long long)q;
		for (int i = SIG_DIGITS - 1; i >= 0; i--) {
			dig[i] = (char)('0' + v % 10);
			v /= 10;
		}
		*exp10 = x;
		return 1;
	}
	return 0;
}

void bp_numfmt_sig15(double a, char dig[15], int *exp10)
{
	char sci[64];
	if (sig_digits_fast(a, dig, exp10))
		return;
	/* %e rather than %f: the exponent tells where the point is, whatever
	 * the magnitude, and the locale's decimal point is skipped below. */
	snprintf(sci, sizeof(sci), "%.*e", SIG_DIGITS - 1, a);
	const char *p = sci;
	int nd = 0;
	for (; *p && *p != 'e' && *p != 'E'; p++)
		if (*p >= '0' && *p <= '9' && nd < SIG_DIGITS)
			dig[nd++] = *p;
	*exp10 = *p ? (int)strtol(p + 1, NULL, 10) : 0;
}

/*
 * Digits of round(|v| * 10^decimals), half away from zero, most significant
 * first, without leading zeros ("" for zero).  out needs room for
 * 309 + MAX_DECIMALS + 2 bytes.
 */
static void scaled_digits(double a, int decimals, char *out)
{
	char dig[SIG_DIGITS + 1];
	int nd = SIG_DIGITS;
	int exp10 = 0;

	bp_numfmt_sig15(a, dig, &exp10);

	/* dig[0] stands for 10^(exp10 + decimals) in the scaled number. */
	int n_int = exp10 + decimals + 1; /* digits before the scaled point */
	size_t len = 0;
	if (n_int <= 0) {
		/* Only the first digit can still round up, and only to 1. */
		if (n_int == 0 && dig[0] >= '5')
			out[len++] = '1';
		out[len] = '\0';
		return;
	}
	/* out[0] is a spare place for a carry out of the top digit. */
	out[len++] = '0';
	for (int i = 0; i < n_int; i++)
		out[len++] = i < nd ? dig[i] : '0';
	out[len] = '\0';
	if (n_int < nd && dig[n_int] >= '5') {
		size_t i = len - 1;
		while (out[i] == '9')
			out[i--] = '0';
		out[i]++;
	}
	size_t skip = 0;
	while (out[skip] == '0')
		skip++;
	memmove(out, out + skip, len - skip + 1);
}

size_t bp_numfmt(bp_lang lang, char *buf, size_t size, double v, int decimals)
{
	/* Dutch: decimal comma, '.' between thousands; English the other way. */
	const char dec_mark = lang == BP_LANG_EN ? '.' : ',';
	const char group_mark = lang == BP_LANG_EN ? ',' : '.';
	char digits[309 + MAX_DECIMALS + 8];
	char text[NUM_TEXT];
	size_t n = 0;

	if (!isfinite(v))
		return put(buf, size, DASH, sizeof(DASH) - 1);
	if (decimals < 0)
		decimals = 0;
	if (decimals > MAX_DECIMALS)
		decimals = MAX_DECIMALS;

	scaled_digits(fabs(v), decimals, digits);
	size_t nd = strlen(digits);
	/* "-0,0" would suggest a value that is not there. */
	if (nd > 0 && signbit(v)) {
		memcpy(text, BP_NUMFMT_MINUS, sizeof(BP_NUMFMT_MINUS) - 1);
		n += sizeof(BP_NUMFMT_MINUS) - 1;
	}

	/* Pad so that there is at least one digit before the comma. */
	size_t total = nd > (size_t)decimals ? nd : (size_t)decimals + 1;
	size_t pad = total - nd;
	size_t n_int = total - (size_t)decimals;
	for (size_t i = 0; i < total; i++) {
		if (i == n_int)
			text[n++] = dec_mark;
		else if (i > 0 && i < n_int && (n_int - i) % 3 == 0)
			text[n++] = group_mark;
		text[n++] = i < pad ? '0' : digits[i - pad];
	}
	text[n] = '\0';
	return put(buf, size, text, n);
}

size_t bp_numfmt_nl(char *buf, size_t size, double v, int decimals)
{
	return bp_numfmt(BP_LANG_NL, buf, size, v, decimals);
}

size_t bp_numfmt_diff(bp_lang lang, char *buf, size_t size, double v, int decimals)
{
	char num[NUM_TEXT];
	size_t n = bp_numfmt(lang, num, sizeof(num), v, decimals);
	/* Positive and not rounded to zero: the digits hold something but 0. */
	if (isfinite(v) && v > 0 && strspn(num, "0,.") != n) {
		char text[sizeof(num) + 1];
		text[0] = '+';
		memcpy(text + 1, num, n + 1);
		return put(buf, size, text, n + 1);
	}
	return put(buf, size, num, n);
}

size_t bp_numfmt_nl_diff(char *buf, size_t size, double v, int decimals)
{
	return bp_numfmt_diff(BP_LANG_NL, buf, size, v, decimals);
}

const char *bp_numfmt_unit_sep(const char *unit)
{
	if (!unit || !*unit || strcmp(unit, "%") == 0 || strcmp(unit, "\xe2\x80\xb0") == 0)
		return "";
	return BP_NUMFMT_UNIT_SPACE;
}

size_t bp_numfmt_unit(bp_lang lang, char *buf, size_t size, double v, int decimals, const char *unit, int diff)
{
	char num[NUM_TEXT];
	size_t n = diff ? bp_numfmt_diff(lang, num, sizeof(num), v, decimals) : bp_numfmt(lang, num, sizeof(num), v, decimals);
	if (!isfinite(v) || !unit || !*unit)
		return put(buf, size, num, n);
	const char *sep = bp_numfmt_unit_sep(unit);
	size_t ls = strlen(sep), lu = strlen(unit);
	/* On the stack for every unit a page has ("inw./km²"); the heap only for a longer one. */
	char small[NUM_TEXT + 64];
	char *text = n + ls + lu + 1 <= sizeof(small) ? small : bp_xmalloc(n + ls + lu + 1);
	memcpy(text, num, n);
	memcpy(text + n, sep, ls);
	memcpy(text + n + ls, unit, lu + 1);
	size_t r = put(buf, size, text, n + ls + lu);
	if (text != small)
		free(text);
	return r;
}

size_t bp_numfmt_nl_unit(char *buf, size_t size, double v, int decimals, const char *unit, int diff)
{
	return bp_numfmt_unit(BP_LANG_NL, buf, size, v, decimals, unit, diff);
}

const char *bp_plural(bp_lang lang, size_t n, const char *one, const char *many)
{
	/* Both languages take the singular for exactly one ("1 area", "0 areas");
	 * the words are the Dutch msgids, translated here. */
	return bp_tr(lang, n == 1 ? one : many);
}

const char *bp_plural_nl(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

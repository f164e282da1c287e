/*
 * rowdeflate.c: a picture's PNG rows deflated with matches at two
 * distances only, the row above and the pixel to the left (see
 * rowdeflate.h).
 *
 * Why not a library's deflate: zlib, libdeflate and ISA-L's igzip all look
 * for matches by hashing the bytes at every position of the input, and
 * that search was a third of a new-label ranking's instructions (igzip at
 * level 0, its fastest: 3.3 M of 9.85 M per chart, callgrind) although a
 * chart's rows are nearly all copies of the row above (bars, gridlines,
 * blank space; rows through text differ only under the glyphs), and what
 * is left is runs of one colour.  None of them takes the match distances
 * from the caller or skips rows it is told repeat.  Here the two candidate
 * matches are compared directly (8 bytes per step), a row the caller
 * already knows to repeat the one above costs one match code per 258
 * bytes without being read, and everything else is a literal, all with
 * deflate's fixed Huffman codes (no code tables to build or send).  Greedy,
 * deterministic: the same rows always give the same stream.  Any inflater
 * reads it (libpng and zlib in the tests).
 */
#include "render/rowdeflate.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BP_SAME_AVX2 1
#include <immintrin.h>
#endif

/* Deflate's length and distance codes (RFC 1951, 3.2.5): each code's first value and extra bits. */
static const uint16_t LEN_BASE[29] = { 3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const unsigned char LEN_EXTRA[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                             2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const uint16_t DIST_BASE[30] = { 1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                        33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const unsigned char DIST_EXTRA[30] = { 0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                              6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* The bits of a code: value (to be written from bit 0 up) and count. */
typedef struct code {
	uint32_t bits;
	uint32_t n;
} code;

/* The n low bits of v in reverse order: Huffman codes are sent from their most significant bit. */
static uint32_t reversed(uint32_t v, unsigned n)
{
	uint32_t r = 0;
	for (unsigned i = 0; i < n; i++)
		r |= (v >> i & 1) << (n - 1 - i);
	return r;
}

/* Literal/length symbol s (0..287) in the fixed Huffman code (RFC 1951, 3.2.6). */
static code fixed_symbol(unsigned s)
{
	if (s < 144)
		return (code){ reversed(0x30 + s, 8), 8 };
	if (s < 256)
		return (code){ reversed(0x190 + s - 144, 9), 9 };
	if (s < 280)
		return (code){ reversed(s - 256, 7), 7 };
	return (code){ reversed(0xC0 + s - 280, 8), 8 };
}

/* Distance d (1..32768): its fixed 5-bit code and extra bits. */
static code fixed_distance(size_t d)
{
	unsigned i = 29;
	while (DIST_BASE[i] > d)
		i--;
	return (code){ reversed(i, 5) | (uint32_t)(d - DIST_BASE[i]) << 5, 5u + DIST_EXTRA[i] };
}

/* The output bits, written 32 at a time, least significant first (deflate's order). */
typedef struct bits_out {
	uint64_t acc;
	uint32_t n;
	unsigned char *p;
} bits_out;

static inline void put(bits_out *o, uint32_t bits, uint32_t n)
{
	o->acc |= (uint64_t)bits << o->n;
	o->n += n;
	if (o->n >= 32) {
		uint32_t v = (uint32_t)o->acc;
		o->p[0] = (unsigned char)v, o->p[1] = (unsigned char)(v >> 8);
		o->p[2] = (unsigned char)(v >> 16), o->p[3] = (unsigned char)(v >> 24);
		o->p += 4;
		o->acc >>= 32;
		o->n -= 32;
	}
}

/* How many bytes from `from` on a and b have in common, up to max. */
static size_t same_len(const unsigned char *a, const unsigned char *b, size_t from, size_t max)
{
	size_t i = from;
#ifdef __SSE2__
	for (; i + 32 <= max; i += 32) {
		__m128i e0 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a + i)),
		                            _mm_loadu_si128((const __m128i *)(const void *)(b + i)));
		__m128i e1 = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a + i + 16)),
		                            _mm_loadu_si128((const __m128i *)(const void *)(b + i + 16)));
		if (_mm_movemask_epi8(_mm_and_si128(e0, e1)) != 0xFFFF) {
			unsigned m = ~((unsigned)_mm_movemask_epi8(e0) | (unsigned)_mm_movemask_epi8(e1) << 16);
			return i + (size_t)__builtin_ctz(m);
		}
	}
#endif
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; i + 8 <= max; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return i + (size_t)(__builtin_ctzll(x ^ y) >> 3);
	}
#endif
	while (i < max && a[i] == b[i])
		i++;
	return i;
}

#ifdef BP_SAME_AVX2
/*
 * The same, 64 bytes per step where the CPU has AVX2 (chosen at run time):
 * comparing the rows through text with the row above was the largest part
 * of the encoder (0.83 M of a new-label ranking's instructions with 32
 * bytes per step, callgrind).
 */
__attribute__((target("avx2"))) static size_t same_len_avx2(const unsigned char *a, const unsigned char *b,
                                                               size_t from, size_t max)
{
	size_t i = from;
	for (; i + 64 <= max; i += 64) {
		__m256i e0 = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(a + i)),
		                               _mm256_loadu_si256((const __m256i *)(const void *)(b + i)));
		__m256i e1 = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(a + i + 32)),
		                               _mm256_loadu_si256((const __m256i *)(const void *)(b + i + 32)));
		if ((uint32_t)_mm256_movemask_epi8(_mm256_and_si256(e0, e1)) != 0xFFFFFFFFu) {
			uint64_t m = (uint64_t)(uint32_t)_mm256_movemask_epi8(e0) |
			             (uint64_t)(uint32_t)_mm256_movemask_epi8(e1) << 32;
			return i + (size_t)__builtin_ctzll(~m);
		}
	}
	return same_len(a, b, i, max);
}
#endif

/* The 8 bytes at p as one word, the first byte lowest. */
static inline uint64_t word_at(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
#if !(defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
	unsigned char b[8];
	memcpy(b, &v, 8);
	v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
#endif
	return v;
}

/* Each length 3..258 as its symbol's code followed by its extra bits; each literal's code. */
static code len_code[259];
static code lit_code[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_make(void)
{
	for (unsigned len = 3, i = 0; len <= 258; len++) {
		while (i + 1 < 29 && LEN_BASE[i + 1] <= len)
			i++;
		code c = fixed_symbol(257 + i);
		len_code[len] = (code){ c.bits | (uint32_t)(len - LEN_BASE[i]) << c.n, c.n + LEN_EXTRA[i] };
	}
	for (unsigned s = 0; s < 256; s++)
		lit_code[s] = fixed_symbol(s);
}

/* The encoder's state: the input, its two match distances and their codes, the output. */
typedef struct enc {
	const unsigned char *in;
	size_t n, row, h, px;
	const unsigned char *whole;
	int above; /* row is a usable distance (within the window) */
	size_t (*same)(const unsigned char *, const unsigned char *, size_t, size_t);
	code up, left;
	bits_out o;
} enc;

/* A match of len (>= 3) bytes at distance dist, as matches of at most 258. */
static void put_match(enc *e, size_t len, const code *dist)
{
	/* the code of a whole 258 at this distance, for long matches (rows that repeat) */
	const uint32_t full = len_code[258].bits | dist->bits << len_code[258].n, full_n = len_code[258].n + dist->n;
	for (; len > 260; len -= 258) /* 258 at a time while at least 3 are left after */
		put(&e->o, full, full_n);
	if (len > 258) { /* 259 or 260: two matches of at least 3 */
		put(&e->o, len_code[len - 3].bits | dist->bits << len_code[len - 3].n, len_code[len - 3].n + dist->n);
		len = 3;
	}
	put(&e->o, len_code[len].bits | dist->bits << len_code[len].n, len_code[len].n + dist->n);
}

/*
 * The bytes [a, b) that no match covers.  A short stretch as literal
 * codes; a long one (text: a label's pixels across a row) as a stored
 * block, which costs a copy instead of a code per byte and is no larger
 * (a light grey byte is a 9-bit literal; the block's own cost is about 7
 * bytes, less than what STORED_MIN 9-bit literals add).
 */
#ifndef STORED_MIN
#define STORED_MIN 16
#endif
#ifndef JUMP_MIN
#define JUMP_MIN 4
#endif
#ifndef BREAK_MIN
#define BREAK_MIN 24
#endif
static void put_literals(enc *e, size_t a, size_t b)
{
	bits_out *o = &e->o;
	if (b - a < STORED_MIN) {
		for (; a < b; a++)
			put(o, lit_code[e->in[a]].bits, lit_code[e->in[a]].n);
		return;
	}
	put(o, 0, 7); /* the end of the fixed-code block */
	while (a < b) {
		size_t len = b - a < 65535 ? b - a : 65535;
		put(o, 0, 3); /* BFINAL 0, BTYPE 00: stored */
		o->n = (o->n + 7) & ~7u; /* to a byte boundary */
		for (; o->n > 0; o->n -= 8, o->acc >>= 8)
			*o->p++ = (unsigned char)o->acc;
		o->acc = 0;
		o->p[0] = (unsigned char)len, o->p[1] = (unsigned char)(len >> 8);
		o->p[2] = (unsigned char)~len, o->p[3] = (unsigned char)(~len >> 8);
		memcpy(o->p + 4, e->in + a, len);
		o->p += 4 + len;
		a += len;
	}
	put(o, 2, 3); /* BFINAL 0, BTYPE 01: fixed codes again */
}

/* The length of the match at p, distance row; y is p's row. */
static size_t up_len(const enc *e, size_t p, size_t y)
{
	size_t from = p, row_end = (y + 1) * e->row;
	/* Rows known to repeat the row above match to their end without being compared. */
	if (e->whole)
		for (; y < e->h && e->whole[y]; y++, row_end += e->row)
			from = row_end;
	return from - p + (from < e->n ? e->same(e->in + from, e->in + from - e->row, 0, e->n - from) : 0);
}

size_t bp_rows_deflate(const unsigned char *in, size_t row, size_t h, size_t px, const unsigned char *whole,
                       unsigned char *out)
{
	enc e = { .in = in, .n = row * h, .row = row, .h = h, .px = px, .whole = whole, .o = { 0, 0, out } };
	pthread_once(&tables_once, tables_make);
	/* Wider than deflate's window (no chart is): the pixel to the left only. */
	e.above = row <= 32768;
	e.same = same_len;
#ifdef BP_SAME_AVX2
	if (__builtin_cpu_supports("avx2"))
		e.same = same_len_avx2;
#endif
	e.up = fixed_distance(e.above ? row : 1);
	e.left = fixed_distance(px);

	put(&e.o, 2, 3); /* BFINAL 0, BTYPE 01: fixed codes */
	/*
	 * Scanned 16 bytes at a time: a match starts where 16 bytes equal those
	 * a row up or a pixel left.  Where they do not, the equal bytes at the
	 * step's end (if at least JUMP_MIN) may begin one, and the scan moves to
	 * them.  Bytes no match covers are written as literals when the next
	 * match begins (or at the end).
	 */
	size_t n = e.n, p = px, lit = 0;
	size_t up_from = e.above ? row : SIZE_MAX; /* where a match a row up can begin */
	const uint64_t none = ~(uint64_t)0;
	while (p + 16 <= n) {
		uint64_t x0 = word_at(in + p), x1 = word_at(in + p + 8);
		uint64_t du0 = none, du1 = none;
		if (p >= up_from)
			du0 = x0 ^ word_at(in + p - row), du1 = x1 ^ word_at(in + p + 8 - row);
		uint64_t dl0 = x0 ^ word_at(in + p - px), dl1 = x1 ^ word_at(in + p + 8 - px);
		if ((du0 | du1) && (dl0 | dl1)) {
			/* the bytes equal at the step's end, for either distance */
			unsigned k = du1 ? (unsigned)__builtin_clzll(du1) >> 3 : 8 + ((unsigned)__builtin_clzll(du0) >> 3);
			unsigned kl = dl1 ? (unsigned)__builtin_clzll(dl1) >> 3 : 8 + ((unsigned)__builtin_clzll(dl0) >> 3);
			if (kl > k)
				k = kl;
			p += k >= JUMP_MIN ? 16 - k : 16;
			continue;
		}
		size_t lu = du0 | du1 ? 0 : up_len(&e, p, p / row);
		size_t ll = dl0 | dl1 ? 0 : (size_t)16 + e.same(in + p + 16, in + p + 16 - px, 0, n - p - 16);
		size_t len = lu >= ll ? lu : ll;
		if (lit < p && len < BREAK_MIN) {
			p += len;
			continue;
		}
		put_literals(&e, lit, p);
		put_match(&e, len, lu >= ll ? &e.up : &e.left);
		p += len;
		lit = p;
	}
	put_literals(&e, lit, n);
	put(&e.o, 0, 7);    /* the end of the last fixed-code block */
	put(&e.o, 3, 3);    /* BFINAL 1, BTYPE 01: an empty last block */
	put(&e.o, 0, 7);
	for (; e.o.n > 0; e.o.n = e.o.n > 8 ? e.o.n - 8 : 0, e.o.acc >>= 8)
		*e.o.p++ = (unsigned char)e.o.acc;
	return (size_t)(e.o.p - out);
}

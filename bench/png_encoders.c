/*
 * png_encoders.c: the PNG encoder settings weighed for lib/render/canvas.c
 * (ARCHITECTURE.md, "PNG output"); not a test.
 *
 *   bp-png-encoders FILE.png...   (pictures written by bp-render-bench)
 *
 * Each picture is read into a Cairo ARGB surface, as a chart is before it
 * is written, and encoded 100 times per setting through libpng into memory:
 * RGB (converted by us, or by libpng from the 4-byte pixels with
 * png_set_filler), RGBA (the 4 bytes as they are), zlib level 1/6, strategies default/Z_RLE/Z_HUFFMAN_ONLY,
 * filters None/Sub/Up/all, and indexed colour where the picture has at most
 * 256 colours.  Then the deflate libraries alone on the rows canvas.c hands
 * them (filter byte 0, RGB or indexed): zlib, ISA-L's igzip (what canvas.c
 * uses for indexed rows), lib/render/rowdeflate.c (what it uses for RGB
 * rows; the rows' repeats found before the clock starts, as canvas.c has
 * them from converting the rows; the Adler-32 by libdeflate over every row) and,
 * when it was found at build time, libdeflate.  Prints CPU time
 * per encode and the size (of the PNG, or of the zlib stream).
 */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <isa-l/igzip_lib.h>
#ifdef BP_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include <cairo.h>

#include "render/rowdeflate.h"

enum mode { RGB, RGB_FILLER, RGBA, INDEXED };

typedef struct membuf {
	unsigned char *p;
	size_t n, cap;
} membuf;

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void write_cb(png_structp png, png_bytep d, size_t l)
{
	membuf *m = png_get_io_ptr(png);
	if (m->n + l > m->cap) {
		m->cap = (m->n + l) * 2;
		m->p = realloc(m->p, m->cap);
		if (!m->p)
			abort();
	}
	memcpy(m->p + m->n, d, l);
	m->n += l;
}

static void flush_cb(png_structp png)
{
	(void)png;
}

/* Palette indices of an opaque picture, as canvas.c builds them (open
 * addressing, previous pixel remembered); 0 when more than 256 colours. */
static int palettize(const unsigned char *data, int w, int h, int stride, unsigned char *idx, png_color *pal,
                     int *n_pal)
{
	enum { SLOTS = 1024 };
	uint32_t key[SLOTS];
	short val[SLOTS];
	memset(val, 0xFF, sizeof(val));
	int n = 0, last_i = -1;
	uint32_t last = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		unsigned char *dst = idx + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++) {
			uint32_t p = row[x];
			if (p != last || last_i < 0) {
				unsigned hh = (p * 2654435761u) >> 22;
				while (val[hh] >= 0 && key[hh] != p)
					hh = (hh + 1) & (SLOTS - 1);
				if (val[hh] < 0) {
					if (n == 256)
						return 0;
					pal[n] = (png_color){ (png_byte)(p >> 16), (png_byte)(p >> 8), (png_byte)p };
					key[hh] = p;
					val[hh] = (short)n++;
				}
				last = p;
				last_i = val[hh];
			}
			dst[x] = (unsigned char)last_i;
		}
	}
	*n_pal = n;
	return 1;
}

static size_t encode(cairo_surface_t *s, enum mode mode, int level, int strategy, int filters)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	membuf m = { 0 };
	unsigned char *idx = NULL, *row = malloc((size_t)w * 3);
	png_color pal[256];
	int n_pal = 0;
	if (mode == INDEXED) {
		idx = malloc((size_t)w * (size_t)h);
		if (!palettize(data, w, h, stride, idx, pal, &n_pal)) {
			free(idx);
			free(row);
			return 0;
		}
	}
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	png_set_write_fn(png, &m, write_cb, flush_cb);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, mode == INDEXED ? PNG_COLOR_TYPE_PALETTE
	             : mode == RGBA ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (mode == INDEXED)
		png_set_PLTE(png, info, pal, n_pal);
	png_set_compression_level(png, level);
	png_set_compression_strategy(png, strategy);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
	png_set_compression_buffer_size(png, 256 * 1024);
	png_write_info(png, info);
	if (mode == RGB_FILLER) {
		png_set_bgr(png);
		png_set_filler(png, 0, PNG_FILLER_AFTER);
	} else if (mode == RGBA) {
		png_set_bgr(png); /* opaque pictures: premultiplied is straight alpha */
	}
	for (int y = 0; y < h; y++) {
		const unsigned char *src = data + (size_t)y * (size_t)stride;
		if (mode == INDEXED) {
			png_write_row(png, idx + (size_t)y * (size_t)w);
		} else if (mode == RGB_FILLER || mode == RGBA) {
			png_write_row(png, (png_bytep)src);
		} else {
			const uint32_t *p = (const uint32_t *)src;
			for (int x = 0; x < w; x++) {
				row[3 * x] = (png_byte)(p[x] >> 16);
				row[3 * x + 1] = (png_byte)(p[x] >> 8);
				row[3 * x + 2] = (png_byte)p[x];
			}
			png_write_row(png, row);
		}
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	free(idx);
	free(m.p);
	return m.n;
}

enum engine { ZLIB, IGZIP, LIBDEFLATE, ROWDEFLATE };

/* The rows' shape for rowdeflate: bytes per row and per pixel, and which rows repeat the one above. */
static size_t rows_row, rows_px;
static unsigned char *rows_whole;

/* The PNG rows (filter byte 0) of the picture, as canvas.c builds them; NULL when not indexable. */
static unsigned char *rows(cairo_surface_t *s, int indexed, size_t *n)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);
	size_t rw = indexed ? (size_t)w : 3 * (size_t)w;
	unsigned char *raw = malloc((size_t)h * (rw + 1)), *idx = malloc((size_t)w * (size_t)h);
	png_color pal[256];
	int n_pal;
	if (indexed && !palettize(data, w, h, stride, idx, pal, &n_pal)) {
		free(raw);
		free(idx);
		return NULL;
	}
	for (int y = 0; y < h; y++) {
		unsigned char *dst = raw + (size_t)y * (rw + 1);
		const uint32_t *p = (const uint32_t *)(data + (size_t)y * (size_t)stride);
		*dst++ = 0;
		if (indexed) {
			memcpy(dst, idx + (size_t)y * (size_t)w, (size_t)w);
			continue;
		}
		for (int x = 0; x < w; x++) {
			dst[3 * x] = (unsigned char)(p[x] >> 16);
			dst[3 * x + 1] = (unsigned char)(p[x] >> 8);
			dst[3 * x + 2] = (unsigned char)p[x];
		}
	}
	free(idx);
	*n = (size_t)h * (rw + 1);
	return raw;
}

/* raw deflated into a zlib stream in out (room for cap bytes); its size, 0 on failure. */
static size_t deflate_with(enum engine e, int level, const unsigned char *raw, size_t n, unsigned char *out,
                           size_t cap)
{
	if (e == ZLIB) {
		uLongf len = cap;
		return compress2(out, &len, raw, n, level) == Z_OK ? len : 0;
	}
	if (e == ROWDEFLATE) {
		/* as canvas.c writes it: header, rowdeflate's stream, the Adler-32 */
		size_t h = n / rows_row;
		if (cap < 6 + BP_ROWS_DEFLATE_BOUND(n))
			return 0;
		out[0] = 0x78, out[1] = 0x01;
		size_t len = 2 + bp_rows_deflate(raw, rows_row, h, rows_px, rows_whole, out + 2);
#ifdef BP_HAVE_LIBDEFLATE
		uint32_t a = libdeflate_adler32(1, raw, n); /* canvas.c's, over every row */
#else
		uint32_t a = (uint32_t)adler32(adler32(0, NULL, 0), raw, (uInt)n);
#endif
		out[len] = (unsigned char)(a >> 24), out[len + 1] = (unsigned char)(a >> 16);
		out[len + 2] = (unsigned char)(a >> 8), out[len + 3] = (unsigned char)a;
		return len + 4;
	}
	if (e == IGZIP) {
		static const uint32_t lb_size[] = { 0, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
		                                    ISAL_DEF_LVL3_DEFAULT };
		struct isal_zstream *z = malloc(sizeof(*z));
		unsigned char *lb = lb_size[level] ? malloc(lb_size[level]) : NULL;
		isal_deflate_init(z);
		z->level = (uint32_t)level;
		z->level_buf = lb;
		z->level_buf_size = lb_size[level];
		z->gzip_flag = IGZIP_ZLIB;
		z->end_of_stream = 1;
		z->next_in = (uint8_t *)raw;
		z->avail_in = (uint32_t)n;
		z->next_out = out;
		z->avail_out = (uint32_t)cap;
		int ok = isal_deflate(z) == COMP_OK && z->internal_state.state == ZSTATE_END;
		size_t len = ok ? z->total_out : 0;
		free(lb);
		free(z);
		return len;
	}
#ifdef BP_HAVE_LIBDEFLATE
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	size_t len = libdeflate_zlib_compress(c, raw, n, out, cap);
	libdeflate_free_compressor(c);
	return len;
#else
	return 0;
#endif
}

static void deflate_table(cairo_surface_t *s, int reps)
{
	static const struct {
		const char *name;
		enum engine e;
		int level;
	} D[] = {
		{ "zlib level 1", ZLIB, 1 },
		{ "rowdeflate (canvas.c, RGB)", ROWDEFLATE, 0 },
		{ "igzip level 0 (canvas.c, indexed)", IGZIP, 0 },
		{ "igzip level 1", IGZIP, 1 },
		{ "igzip level 2", IGZIP, 2 },
		{ "igzip level 3", IGZIP, 3 },
#ifdef BP_HAVE_LIBDEFLATE
		{ "libdeflate level 1", LIBDEFLATE, 1 },
		{ "libdeflate level 2", LIBDEFLATE, 2 },
		{ "libdeflate level 6", LIBDEFLATE, 6 },
#endif
	};
	for (int indexed = 0; indexed <= 1; indexed++) {
		size_t n;
		unsigned char *raw = rows(s, indexed, &n);
		if (!raw)
			continue;
		size_t cap = 6 + BP_ROWS_DEFLATE_BOUND(n);
		unsigned char *out = malloc(cap);
		rows_row = (size_t)cairo_image_surface_get_width(s) * (indexed ? 1 : 3) + 1;
		rows_px = indexed ? 1 : 3;
		size_t h = n / rows_row;
		rows_whole = calloc(h, 1);
		for (size_t y = 1; y < h; y++)
			rows_whole[y] = memcmp(raw + y * rows_row, raw + (y - 1) * rows_row, rows_row) == 0;
		for (size_t i = 0; i < sizeof(D) / sizeof(D[0]); i++) {
			size_t len = deflate_with(D[i].e, D[i].level, raw, n, out, cap);
			double t = cpu_ms();
			for (int r = 0; r < reps; r++)
				deflate_with(D[i].e, D[i].level, raw, n, out, cap);
			char name[64];
			snprintf(name, sizeof(name), "%s rows, %s", indexed ? "indexed" : "RGB", D[i].name);
			printf("  %-42s %7.3f ms %8zu B\n", name, (cpu_ms() - t) / reps, len);
		}
		free(rows_whole);
		free(out);
		free(raw);
	}
}

int main(int argc, char **argv)
{
	static const struct setting {
		const char *name;
		enum mode mode;
		int level, strategy, filters;
	} S[] = {
		{ "RGB, level 1, no filter", RGB, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE },
		{ "RGB by png_set_filler, level 1, no filter", RGB_FILLER, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE },
		{ "RGBA (Cairo's 4 bytes), level 1, no filter", RGBA, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE },
		{ "RGB, level 1, Sub", RGB, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_SUB },
		{ "RGB, level 1, Up", RGB, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_UP },
		{ "RGB, Z_RLE, no filter", RGB, 1, Z_RLE, PNG_FILTER_NONE },
		{ "RGB, Z_RLE, Sub", RGB, 1, Z_RLE, PNG_FILTER_SUB },
		{ "RGB, Z_RLE, Up", RGB, 1, Z_RLE, PNG_FILTER_UP },
		{ "RGB, Z_HUFFMAN_ONLY, Up", RGB, 1, Z_HUFFMAN_ONLY, PNG_FILTER_UP },
		{ "RGB, level 6, all filters (Cairo's)", RGB, 6, Z_DEFAULT_STRATEGY, PNG_ALL_FILTERS },
		{ "indexed, level 1, no filter", INDEXED, 1, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE },
		{ "indexed, Z_RLE, no filter", INDEXED, 1, Z_RLE, PNG_FILTER_NONE },
		{ "indexed, Z_RLE, Up", INDEXED, 1, Z_RLE, PNG_FILTER_UP },
		{ "indexed, level 6, no filter", INDEXED, 6, Z_DEFAULT_STRATEGY, PNG_FILTER_NONE },
	};
	const int reps = 100;
	for (int f = 1; f < argc; f++) {
		cairo_surface_t *s = cairo_image_surface_create_from_png(argv[f]);
		if (cairo_surface_status(s)) {
			fprintf(stderr, "bp-png-encoders: %s: %s\n", argv[f], cairo_status_to_string(cairo_surface_status(s)));
			return 1;
		}
		printf("%s (%dx%d)\n", argv[f], cairo_image_surface_get_width(s), cairo_image_surface_get_height(s));
		for (size_t i = 0; i < sizeof(S) / sizeof(S[0]); i++) {
			size_t n = encode(s, S[i].mode, S[i].level, S[i].strategy, S[i].filters);
			if (!n) {
				printf("  %-42s more than 256 colours\n", S[i].name);
				continue;
			}
			double t = cpu_ms();
			for (int r = 0; r < reps; r++)
				encode(s, S[i].mode, S[i].level, S[i].strategy, S[i].filters);
			printf("  %-42s %7.3f ms %8zu B\n", S[i].name, (cpu_ms() - t) / reps, n);
		}
		printf("  deflate alone (zlib stream of the rows, filter byte 0):\n");
		deflate_table(s, reps);
		cairo_surface_destroy(s);
	}
	return 0;
}

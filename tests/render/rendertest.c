/* rendertest.c: see rendertest.h. */
#include "rendertest.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>

#include <cmocka.h>

#include "core/fsutil.h"

/*
 * Fontconfig stores pointers as offsets inside its caches, so LeakSanitizer
 * takes its long-lived caches for leaks; they are not ours.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

int rt_setup(void **state)
{
	rt_fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bp-render-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	f->arena = bp_arena_new();
	*state = f;
	return 0;
}

/* Remove the temp folder and whatever a test left in it (one level deep). */
int rt_teardown(void **state)
{
	rt_fixture *f = *state;
	DIR *d = opendir(f->dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[BP_PATH_MAX];
			snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
			if (unlink(p) != 0)
				rmdir(p);
		}
		closedir(d);
	}
	rmdir(f->dir);
	bp_arena_free(f->arena);
	free(f);
	return 0;
}

char *rt_path(const rt_fixture *f, const char *name)
{
	return bp_path_join(f->arena, f->dir, name);
}

int rt_count_entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int rt_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

typedef struct mem_reader {
	const unsigned char *p;
	size_t left;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int n)
{
	mem_reader *r = closure;
	if (n > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, n);
	r->p += n;
	r->left -= n;
	return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *rt_png_surface(const unsigned char *png, size_t len)
{
	mem_reader r = { png, len };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_flush(s);
	return s;
}

uint32_t rt_pixel(cairo_surface_t *s, double x, double y)
{
	int ix = (int)floor(x), iy = (int)floor(y);
	assert_true(ix >= 0 && ix < cairo_image_surface_get_width(s));
	assert_true(iy >= 0 && iy < cairo_image_surface_get_height(s));
	unsigned char *row = cairo_image_surface_get_data(s) + iy * cairo_image_surface_get_stride(s);
	uint32_t argb = ((uint32_t *)row)[ix];
	assert_int_equal(argb >> 24, 0xFF); /* opaque: no premultiplication to undo */
	return argb & 0xFFFFFF;
}

void rt_keep(const char *name, const unsigned char *data, size_t len)
{
	const char *dir = getenv("BP_RENDER_SAMPLES");
	if (!dir || !*dir)
		return;
	char p[BP_PATH_MAX];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *fp = fopen(p, "wb");
	if (fp) {
		fwrite(data, 1, len, fp);
		fclose(fp);
	}
}

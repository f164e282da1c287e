/*
 * rendertest.h: what the chart tests share: a temporary folder per test,
 * reading pixels back from a PNG, and keeping the pictures for a person to
 * look at (set BP_RENDER_SAMPLES to a folder).
 */
#ifndef BP_TESTS_RENDERTEST_H
#define BP_TESTS_RENDERTEST_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#include "core/arena.h"

typedef struct rt_fixture {
	char dir[64];
	bp_arena *arena;
} rt_fixture;

int rt_setup(void **state);
int rt_teardown(void **state);
char *rt_path(const rt_fixture *f, const char *name);
int rt_count_entries(const char *dir);
int rt_exists(const char *path);

/* A PNG in memory as an image surface (asserts that it decodes). */
cairo_surface_t *rt_png_surface(const unsigned char *png, size_t len);
/* 0xRRGGBB of an opaque pixel (asserts that it is inside and opaque). */
uint32_t rt_pixel(cairo_surface_t *s, double x, double y);
/* Write the bytes to $BP_RENDER_SAMPLES/name when that is set. */
void rt_keep(const char *name, const unsigned char *data, size_t len);

#endif

/*
 * textcache.c: shared Pango contexts and shaped layouts (see textcache.h).
 *
 * Why: shaping a string (itemisation, HarfBuzz, line breaking) was about
 * half of a chart's drawing time, and each chart made its own PangoContext,
 * so nothing carried over from one chart to the next although a batch of
 * district profiles repeats most of its text.
 *
 * Keeping layouts must not change them.  A layout's metrics depend on its
 * context's state, so the contexts are kept in the states each chart's own
 * context had: one that only measures (a chart measured before its context
 * was told about a surface), which also draws PNG and SVG charts
 * (plain_image), and,
 * for drawing on other surfaces, one per state that
 * pango_cairo_update_context gives (the target's font options, cr's linear
 * transformation).  pango_cairo_update_context marks a context changed
 * even when nothing changed (it always sets the matrix), which would make
 * Pango lay out every kept layout again, so it is called only when the
 * state differs; and when it is called, Pango lays kept layouts out again
 * when they are next used (their context's serial changed), so a kept
 * layout is always the one a fresh context would give.
 *
 * Two generations of at most GEN_MAX layouts: a hit in the older one moves
 * the layout to the newer, and when the newer is full the older is dropped.
 * A batch's recurring labels stay; one-off names (area titles) pass through.
 *
 * All of it per thread (publishing draws on a pool of workers, core/
 * workpool.h; `serve` on its HTTP threads): Pango contexts and layouts are
 * not made for use from two threads, and pango_cairo_font_map_get_default is
 * per thread.  A kept layout is the one a fresh context gives, so what a
 * thread draws does not depend on which charts that thread drew before.
 * Kept under a thread key whose destructor frees it when the thread ends
 * (as canvas.c's PNG surface).
 */
#include "render/textcache.h"

#include <pthread.h>
#include <string.h>

#define GEN_MAX 2048
#define N_DRAW 8

static PangoContext *new_context(void)
{
	PangoContext *pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
	/* Unhinted metrics make text widths independent of the surface. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(pc, pango_language_from_string("nl"));
	return pc;
}

/* A drawing context and the state pango_cairo_update_context last gave it. */
struct draw_ctx {
	PangoContext *pc;
	cairo_font_options_t *surface_options;
	double xx, yx, xy, yy;
	unsigned long used; /* for reuse of the least recently used */
};

/* A thread's contexts and layouts. */
typedef struct tc_state {
	PangoContext *measure_pc;
	struct draw_ctx draw[N_DRAW];
	unsigned long draw_clock;
	GHashTable *gen_new, *gen_old;
} tc_state;

static pthread_key_t tc_key;
static pthread_once_t tc_once = PTHREAD_ONCE_INIT;
static tc_state tc_shared; /* without a key (out of keys: not seen): one state, one drawing thread */

static void tc_free(void *p)
{
	tc_state *t = p;
	/* The layouts first: they hold their contexts. */
	if (t->gen_old)
		g_hash_table_destroy(t->gen_old);
	if (t->gen_new)
		g_hash_table_destroy(t->gen_new);
	for (int i = 0; i < N_DRAW; i++) {
		if (t->draw[i].pc)
			g_object_unref(t->draw[i].pc);
		if (t->draw[i].surface_options)
			cairo_font_options_destroy(t->draw[i].surface_options);
	}
	if (t->measure_pc)
		g_object_unref(t->measure_pc);
	g_free(t);
}

static void tc_key_create(void)
{
	if (pthread_key_create(&tc_key, tc_free) != 0)
		tc_key = (pthread_key_t)-1;
}

static tc_state *tc(void)
{
	pthread_once(&tc_once, tc_key_create);
	if (tc_key == (pthread_key_t)-1)
		return &tc_shared;
	tc_state *t = pthread_getspecific(tc_key);
	if (!t) {
		t = g_new0(tc_state, 1);
		if (pthread_setspecific(tc_key, t) != 0) {
			g_free(t);
			return &tc_shared;
		}
	}
	return t;
}

PangoContext *bp_textcache_measure_context(void)
{
	tc_state *t = tc();
	if (!t->measure_pc)
		t->measure_pc = new_context();
	return t->measure_pc;
}

/*
 * 1 when cr draws on an image or SVG surface in its own pixels (no scale,
 * no rotation): a PNG or SVG chart.  Its text is drawn with the measuring
 * context's layouts: a layout from a context told about the surface has
 * the same glyphs at the same positions (the context's own font options,
 * new_context's, override the surface's) and draws the same pixels or
 * writes the same <text> (every PNG and SVG of bench/render_bench.c's
 * digests and of the render tests' samples came out byte for byte the
 * same), so a new label is shaped once per chart instead of twice
 * (shaping was most of what a new label costs; an SVG ranking with new
 * labels 7.33 -> 5.92 M instructions, callgrind).  Not a PDF: Pango's
 * renderer draws its text, where the surface's state was kept apart.
 */
static int plain_image(cairo_t *cr)
{
	cairo_surface_t *s = cairo_get_target(cr);
	cairo_surface_type_t type = cairo_surface_get_type(s);
	if (type != CAIRO_SURFACE_TYPE_IMAGE && type != CAIRO_SURFACE_TYPE_SVG)
		return 0;
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	double sx, sy;
	cairo_surface_get_device_scale(s, &sx, &sy);
	return m.xx == 1 && m.yy == 1 && m.xy == 0 && m.yx == 0 && sx == 1 && sy == 1;
}

PangoContext *bp_textcache_draw_context(cairo_t *cr)
{
	if (plain_image(cr))
		return bp_textcache_measure_context();
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_surface_get_font_options(cairo_get_target(cr), fo);
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	tc_state *t = tc();
	struct draw_ctx *d = NULL, *lru = &t->draw[0];
	for (int i = 0; i < N_DRAW && !d; i++) {
		struct draw_ctx *c = &t->draw[i];
		if (c->pc && c->xx == m.xx && c->yx == m.yx && c->xy == m.xy && c->yy == m.yy &&
		    cairo_font_options_equal(c->surface_options, fo))
			d = c;
		else if (!c->pc || (lru->pc && c->used < lru->used))
			lru = c;
	}
	if (d) {
		cairo_font_options_destroy(fo);
	} else {
		d = lru;
		if (!d->pc)
			d->pc = new_context();
		if (d->surface_options)
			cairo_font_options_destroy(d->surface_options);
		d->surface_options = fo;
		d->xx = m.xx, d->yx = m.yx, d->xy = m.xy, d->yy = m.yy;
		pango_cairo_update_context(cr, d->pc);
	}
	d->used = ++t->draw_clock;
	return d->pc;
}

/* --- layouts --------------------------------------------------------------- */

/* An entry is its key (with its own copy of the text) and the layout. */
typedef struct entry {
	bp_text_key key;
	PangoLayout *layout;
	char text[];
} entry;

static guint key_hash(gconstpointer p)
{
	const bp_text_key *k = p;
	guint h = g_str_hash(k->text);
	h = h * 31 + g_direct_hash(k->pc);
	h = h * 31 + (guint)k->font;
	h = h * 31 + (guint)k->width;
	h = h * 31 + (guint)(k->fit << 8 | k->align << 4);
	return h * 31 + (guint)k->max_lines;
}

static gboolean key_equal(gconstpointer pa, gconstpointer pb)
{
	const bp_text_key *a = pa, *b = pb;
	return a->pc == b->pc && a->font == b->font && a->width == b->width && a->fit == b->fit &&
	       a->align == b->align && a->max_lines == b->max_lines && strcmp(a->text, b->text) == 0;
}

static void entry_free(gpointer p)
{
	entry *e = p;
	g_object_unref(e->layout);
	g_free(e);
}

static GHashTable *new_table(void)
{
	return g_hash_table_new_full(key_hash, key_equal, NULL, entry_free);
}

PangoLayout *bp_textcache_get(const bp_text_key *key)
{
	tc_state *t = tc();
	if (!t->gen_new)
		return NULL;
	entry *e = g_hash_table_lookup(t->gen_new, key);
	if (!e && t->gen_old && g_hash_table_steal_extended(t->gen_old, key, NULL, (gpointer *)&e))
		g_hash_table_add(t->gen_new, e);
	return e ? g_object_ref(e->layout) : NULL;
}

void bp_textcache_put(const bp_text_key *key, PangoLayout *l)
{
	tc_state *t = tc();
	if (!t->gen_new)
		t->gen_new = new_table();
	if (g_hash_table_size(t->gen_new) >= GEN_MAX) {
		if (t->gen_old)
			g_hash_table_destroy(t->gen_old);
		t->gen_old = t->gen_new;
		t->gen_new = new_table();
	}
	size_t n = strlen(key->text);
	entry *e = g_malloc(sizeof(*e) + n + 1);
	memcpy(e->text, key->text, n + 1);
	e->key = *key;
	e->key.text = e->text;
	e->layout = g_object_ref(l);
	g_hash_table_add(t->gen_new, e);
}

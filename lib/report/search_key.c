/*
 * search_key.c: see search_key.h.  The folding is GLib's (g_str_to_ascii
 * transliterates accented Latin letters; g_ascii_strdown), not a table of
 * our own.
 */
#include "report/search_key.h"

#include <string.h>

#include <glib.h>

#include "core/buf.h"

static void add_folded(bp_buf *b, const char *s)
{
	if (!s || !*s)
		return;
	/* "C": the same transliteration whatever the locale the site is
	 * published under (a letter without one becomes '?', which the script
	 * drops like any other mark). */
	gchar *ascii = g_str_to_ascii(s, "C");
	gchar *low = g_ascii_strdown(ascii, -1);
	bp_buf_printf(b, "%s%s", b->len ? " | " : "", low);
	g_free(low);
	g_free(ascii);
}

const char *bp_search_key(bp_arena *a, const bp_area_scope *sc, const bp_area_ref *ar)
{
	bp_buf b;
	bp_buf_init(&b);
	add_folded(&b, ar->name);
	add_folded(&b, ar->code);
	/* A buurt is found by its wijk too: "schadewijk" lists the wijk and its buurten. */
	if (ar->wijk)
		for (size_t i = 0; i < sc->n_areas; i++)
			if (strcmp(sc->areas[i].code, ar->wijk) == 0) {
				add_folded(&b, sc->areas[i].name);
				break;
			}
	add_folded(&b, ar->wijk);
	add_folded(&b, sc->gemeente_name);
	const char *key = bp_arena_strdup(a, b.len ? b.data : "");
	bp_buf_release(&b);
	return key;
}

/* experiences_html.c: experiences beside the figures (see the header). */
#include "report/experiences_html.h"

#include <stdlib.h>
#include <string.h>

#include "core/numfmt.h"
#include "report/areadata.h"

const char *bp_date_nl(bp_arena *a, const char *iso)
{
	static const char *const months[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
	                                      "augustus", "september", "oktober", "november", "december" };
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return iso;
	int m = atoi(iso + 5), d = atoi(iso + 8);
	if (m < 1 || m > 12 || d < 1)
		return iso;
	return bp_arena_printf(a, "%d %s %.4s", d, months[m - 1], iso);
}

/* The date as a reader of lang writes it (the text itself when it is no date). */
static const char *date_lang(bp_arena *a, const char *iso, bp_lang lang)
{
	if (lang != BP_LANG_EN)
		return bp_date_nl(a, iso);
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return iso;
	char buf[64];
	bp_date_fmt(lang, buf, sizeof(buf), atoi(iso), atoi(iso + 5), atoi(iso + 8));
	return bp_arena_strdup(a, buf);
}

void bp_experiences_html(bp_html *b, bp_arena *a, const bp_experience *e, size_t n, size_t max)
{
	bp_experiences_html_lang(b, a, e, n, max, BP_LANG_NL);
}

void bp_experiences_html_lang(bp_html *b, bp_arena *a, const bp_experience *e, size_t n, size_t max, bp_lang lang)
{
	const bp_lang L = lang;
	long ratings = 0, examples = 0;
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (e[i].rating) {
			ratings++;
			sum += e[i].rating;
		}
		examples += e[i].example;
	}
	bp_html_printf(b, "<p>%zu %s", n, bp_plural(L, n, "ervaring", "ervaringen"));
	if (ratings) {
		char mean[32];
		bp_numfmt(L, mean, sizeof(mean), sum / (double)ratings, 1);
		bp_html_printf_l(b, L, "; gemiddelde waardering %s (%ld %s, schaal 1 tot 10)",
		                 "; mean rating %s (%ld %s, scale 1 to 10)", mean, ratings,
		                 bp_plural(L, (size_t)ratings, "waardering", "waarderingen"));
	}
	bp_html_lit(b, ".");
	if (examples) {
		if (examples == (long)n)
			bp_html_tr(b, L, " <strong>Voorbeelden:</strong> alle ervaringen hieronder zijn");
		else
			bp_html_tr(b, L, " <strong>Let op:</strong> ervaringen met 'voorbeeld' zijn");
		bp_html_tr(b, L, " verzonnen voor de demonstratie, geen echte uitspraken.");
	}
	bp_html_lit(b, "</p>\n<ul class=\"ervaringen\">\n");
	size_t shown = max && n > max ? max : n;
	for (size_t i = 0; i < shown; i++) {
		const bp_experience *x = &e[i];
		bp_html_lit(b, "<li>");
		if (x->example)
			bp_html_printf(b, "<strong>[%s]</strong> ", bp_tr(L, BP_EXAMPLE_LABEL));
		if (x->text) {
			bp_html_choose(b, strcmp(x->kind, "quote") == 0, "<q>", "");
			bp_html_text(b, x->text);
			bp_html_choose(b, strcmp(x->kind, "quote") == 0, "</q> ", " ");
		}
		bp_html_lit(b, "<span class=\"bron\">(");
		bp_html_text(b, bp_tr(L, bp_experience_kind_label(x->kind)));
		if (x->rating)
			bp_html_printf(b, " %d", x->rating);
		bp_html_lit(b, "; ");
		bp_html_text(b, bp_tr(L, bp_experience_role_label(x->role)));
		bp_html_lit(b, ", ");
		bp_html_text(b, date_lang(a, x->date, L));
		if (x->source_note) {
			bp_html_lit(b, "; ");
			bp_html_text(b, x->source_note);
		}
		bp_html_lit(b, ")</span></li>\n");
	}
	if (shown < n)
		bp_html_printf_l(b, L, "<li>en %zu meer</li>\n", "<li>and %zu more</li>\n", n - shown);
	bp_html_lit(b, "</ul>\n");
}

bp_rc bp_experiences_section(PGconn *conn, const char *area_code, const char *theme, size_t max, bp_lang lang,
                             bp_arena *a, bp_html *b, bp_error *err)
{
	bp_experience *e;
	size_t n;
	bp_rc rc = bp_experiences_for(conn, area_code, theme, a, &e, &n, err);
	if (rc || n == 0)
		return rc;
	bp_html_tr(b, lang, "<h3>Ervaringen</h3>\n<p class=\"bron\">Verhalen, citaten en waarderingen van bewoners, "
	                    "professionals, raadsleden en vrijwilligers over dit thema in dit gebied: alleen gepubliceerd "
	                    "met toestemming en zonder namen of contactgegevens.</p>\n");
	bp_experiences_html_lang(b, a, e, n, max, lang);
	return BP_OK;
}

bp_rc bp_experiences_other_themes(PGconn *conn, const char *area_code, const char *const *shown, size_t n_shown,
                                  size_t max, bp_lang lang, bp_arena *a, bp_html *b, bp_error *err)
{
	bp_experience *e;
	size_t n;
	bp_rc rc = bp_experiences_for(conn, area_code, NULL, a, &e, &n, err);
	if (rc || n == 0)
		return rc;
	/* Themes in the order of their newest experience; one list each. */
	int opened = 0;
	for (size_t i = 0; i < n; i++) {
		int skip = 0;
		for (size_t k = 0; k < n_shown && !skip; k++)
			skip = strcmp(shown[k], e[i].theme) == 0;
		for (size_t j = 0; j < i && !skip; j++)
			skip = strcmp(e[j].theme, e[i].theme) == 0;
		if (skip)
			continue;
		bp_experience *same = bp_arena_alloc(a, n * sizeof(*same));
		size_t m = 0;
		for (size_t j = i; j < n; j++)
			if (strcmp(e[j].theme, e[i].theme) == 0)
				same[m++] = e[j];
		if (!opened) {
			bp_html_tr(b, lang, "<section>\n<h2 id=\"ervaringen\">Ervaringen over andere thema's</h2>\n"
			                    "<p class=\"bron\">Over deze thema's staan geen cijfers op deze pagina. Alleen "
			                    "gepubliceerd met toestemming en zonder namen of contactgegevens.</p>\n");
			opened = 1;
		}
		bp_html_lit(b, "<h3>");
		bp_html_text(b, bp_theme_title_lang(a, e[i].theme, lang));
		bp_html_lit(b, "</h3>\n");
		bp_experiences_html_lang(b, a, same, m, max, lang);
	}
	if (opened)
		bp_html_lit(b, "</section>\n");
	return BP_OK;
}

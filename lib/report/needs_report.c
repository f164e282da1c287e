#include "report/needs_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/needs.h"
#include "report/pdfdoc.h"

#define RGB_TEXT   0x1A1A1A
#define RGB_SUBTLE 0x4D4D4D
#define RGB_HEAD   0x0B5394

static double num_or_nan(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NAN : strtod(PQgetvalue(r, row, col), NULL);
}

static const char *why_nl(bp_arena *a, const bp_need_item *it, double relative, double percentile)
{
	const char *pct = it->by_percentile
		? bp_arena_printf(a, "landelijk bij de %.0f%% gebieden met de meeste behoefte", (1 - percentile) * 100)
		: NULL;
	const char *gem = !it->by_gemeente ? NULL
		: it->with_interval ? "het hele 95%-interval ligt ongunstiger dan de gemeente"
		: bp_arena_printf(a, "meer dan %.0f%% ongunstiger dan de gemeente", relative * 100);
	if (pct && gem)
		return bp_arena_printf(a, "%s; %s", pct, gem);
	return pct ? pct : gem ? gem : "";
}

/* The theme order for cmp_rows, set just before qsort: C11's qsort passes no
 * context to its comparison (qsort_r is not portable), and reports are
 * written by one thread. */
typedef struct sort_ctx {
	const char **themes;
	size_t n;
} sort_ctx;
static sort_ctx sorting;

static size_t theme_index(const char *t)
{
	for (size_t i = 0; i < sorting.n; i++)
		if (strcmp(sorting.themes[i], t) == 0)
			return i;
	return sorting.n;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const bp_needs_row *a = pa, *b = pb;
	size_t ta = theme_index(a->theme), tb = theme_index(b->theme);
	if (ta != tb)
		return ta < tb ? -1 : 1;
	double pa_ = isnan(a->percentile) ? -1 : a->percentile, pb_ = isnan(b->percentile) ? -1 : b->percentile;
	if (pa_ != pb_)
		return pa_ > pb_ ? -1 : 1;
	double ra = isnan(a->relative_worse) ? -1 : a->relative_worse, rb = isnan(b->relative_worse) ? -1 : b->relative_worse;
	if (ra != rb)
		return ra > rb ? -1 : 1;
	int c = strcmp(a->area_code, b->area_code);
	return c ? c : strcmp(a->title, b->title);
}

bp_rc bp_needs_overview_load(PGconn *conn, const bp_indicator_set *set, const char *gemeente, bp_arena *a,
                             bp_needs_overview *out, bp_error *err)
{
	memset(out, 0, sizeof(*out));
	bp_area_scope sc;
	bp_rc rc = bp_area_scope_load(conn, set, gemeente, a, &sc, err);
	if (rc)
		return rc;
	out->gemeente = sc.gemeente;
	out->gemeente_name = sc.gemeente_name;
	out->sources = sc.sources;
	out->source_line = sc.source_line;
	out->checked = bp_arena_alloc(a, (sc.n_defs + 1) * sizeof(*out->checked));
	for (size_t i = 0; i < sc.n_defs; i++) {
		if (sc.defs[i]->polarity != BP_POLARITY_HIGHER_IS_BETTER &&
		    sc.defs[i]->polarity != BP_POLARITY_HIGHER_IS_WORSE)
			continue;
		out->checked[out->n_checked++] = sc.defs[i]->title_nl;
		out->any_synthetic |= sc.synthetic[i];
	}

	/* The wijken and the custom areas: the levels the workgroup programmes for. */
	const char *levels[] = { "wijk", "custom" };
	bp_needs_result res[2];
	size_t cap = 1;
	for (size_t l = 0; l < 2; l++) {
		bp_needs_options no = { .gemeente = gemeente, .level = levels[l] };
		rc = bp_needs_query(conn, &no, a, &res[l], err);
		if (rc)
			return rc;
		cap += res[l].n;
		if (!out->period && res[l].period)
			out->period = res[l].period;
		out->relative = res[l].relative;
		out->percentile = res[l].percentile;
	}
	out->rows = bp_arena_alloc(a, cap * sizeof(*out->rows));
	out->quiet_codes = bp_arena_alloc(a, cap * sizeof(char *));
	out->quiet_names = bp_arena_alloc(a, cap * sizeof(char *));
	out->themes = bp_arena_alloc(a, cap * sizeof(char *));
	out->theme_count = bp_arena_alloc(a, cap * sizeof(int));

	/* Interval and change of every value of the period, to add to the flags. */
	PGresult *r = NULL;
	if (out->period) {
		const char *p[] = { gemeente, out->period };
		rc = bp_pg_query(conn,
			"SELECT v.area_code, v.indicator_id, v.ci_low, v.ci_high, c.difference, c.significant, "
			"       c.reference_period "
			"  FROM bp.indicator_value v "
			BP_SQL_COMPARISON_JOIN("v", "previous_period", "c")
			" WHERE v.gemeente_code = $1 AND v.period = $2 AND v.value IS NOT NULL", 2, p, &r, err);
		if (rc)
			return rc;
	}
	for (size_t l = 0; l < 2; l++) {
		for (size_t i = 0; i < res[l].n; i++) {
			const bp_need_item *it = &res[l].items[i];
			if (!it->indicator_id) {
				out->quiet_codes[out->n_quiet] = it->area_code;
				out->quiet_names[out->n_quiet++] = it->area_name;
				continue;
			}
			bp_needs_row *row = &out->rows[out->n_rows++];
			memset(row, 0, sizeof(*row));
			row->theme = it->theme;
			row->area_code = it->area_code;
			row->area_name = it->area_name;
			row->area_level = levels[l];
			row->title = it->title;
			row->unit = it->unit ? it->unit : "";
			row->decimals = it->decimals;
			row->value = it->value;
			row->gemeente_value = it->gemeente_value;
			row->relative_worse = it->relative_worse;
			row->percentile = it->percentile;
			row->why = why_nl(a, it, out->relative, out->percentile);
			row->ci_lo = row->ci_hi = row->change = NAN;
			row->change_sig = -1;
			for (size_t k = 0; k < sc.n_defs; k++)
				if (strcmp(sc.defs[k]->id, it->indicator_id) == 0)
					row->synthetic = sc.synthetic[k];
			for (int j = 0; r && j < PQntuples(r); j++) {
				if (strcmp(PQgetvalue(r, j, 0), it->area_code) != 0 ||
				    strcmp(PQgetvalue(r, j, 1), it->indicator_id) != 0)
					continue;
				row->ci_lo = num_or_nan(r, j, 2);
				row->ci_hi = num_or_nan(r, j, 3);
				row->change = num_or_nan(r, j, 4);
				row->change_sig = PQgetisnull(r, j, 5) ? -1 : PQgetvalue(r, j, 5)[0] == 't';
				row->previous_period = PQgetisnull(r, j, 6) ? NULL : bp_arena_strdup(a, PQgetvalue(r, j, 6));
			}
			size_t t = 0;
			while (t < out->n_themes && strcmp(out->themes[t], it->theme) != 0)
				t++;
			if (t == out->n_themes) {
				out->themes[out->n_themes] = it->theme;
				out->theme_count[out->n_themes++] = 0;
			}
			out->theme_count[t]++;
		}
	}
	PQclear(r);
	/* Themes with the most signals first (insertion sort: a handful of themes). */
	for (size_t i = 1; i < out->n_themes; i++)
		for (size_t j = i; j > 0 && out->theme_count[j] > out->theme_count[j - 1]; j--) {
			const char *t = out->themes[j];
			int c = out->theme_count[j];
			out->themes[j] = out->themes[j - 1];
			out->theme_count[j] = out->theme_count[j - 1];
			out->themes[j - 1] = t;
			out->theme_count[j - 1] = c;
		}
	sorting.themes = out->themes;
	sorting.n = out->n_themes;
	qsort(out->rows, out->n_rows, sizeof(*out->rows), cmp_rows);
	return BP_OK;
}

static const char *interval_text(bp_arena *a, const bp_needs_row *r)
{
	if (isnan(r->ci_lo) || isnan(r->ci_hi))
		return "geen (telling)";
	return bp_arena_printf(a, "%s – %s", bp_fmt_nl(a, r->ci_lo, r->decimals), bp_fmt_nl(a, r->ci_hi, r->decimals));
}

static const char *trend_text(bp_arena *a, const bp_needs_row *r)
{
	if (isnan(r->change))
		return "geen eerdere periode";
	return bp_arena_printf(a, "%s sinds %s%s", bp_fmt_diff_nl(a, r->change, r->decimals),
	                       r->previous_period ? r->previous_period : "de vorige periode",
	                       r->change_sig == 1 ? " (significant)" : r->change_sig == 0 ? " (niet significant)" : "");
}

static const char *pct_text(bp_arena *a, double p)
{
	if (isnan(p))
		return "–";
	return bp_arena_printf(a, "%s", bp_fmt_nl(a, p * 100, 0));
}

static const char *rule_text(bp_arena *a, const bp_needs_overview *o)
{
	return bp_arena_printf(a,
		"Een gebied krijgt een signaal op een indicator als het daarop duidelijk ongunstiger scoort: landelijk "
		"bij de %.0f%% gebieden met de meeste behoefte, of meer dan %.0f%% ongunstiger dan %s als geheel "
		"(waar een 95%%-interval bekend is: het hele interval ongunstiger). Alleen indicatoren met een gunstige "
		"kant tellen mee; de demografische verdeling (zoals het aandeel ouderen) is geen behoefte op zich.",
		(1 - o->percentile) * 100, o->relative * 100, o->gemeente_name);
}

static void html_area(bp_buf *b, const char *href, const char *code, const char *name)
{
	if (href) {
		bp_buf_adds(b, "<a href=\"");
		bp_buf_printf(b, href, code);
		bp_buf_adds(b, "\">");
	}
	bp_buf_add_html(b, name);
	if (href)
		bp_buf_adds(b, "</a>");
}

void bp_needs_overview_html(const bp_needs_overview *o, const char *area_href, bp_arena *a, bp_buf *b)
{
	bp_buf_adds(b, "<h1>Behoeftenoverzicht ");
	bp_buf_add_html(b, o->gemeente_name);
	bp_buf_adds(b, "</h1>\n<p>Voor de programmeringswerkgroep: per thema de wijken en gebieden die duidelijk "
	               "ongunstiger scoren, met de onzekerheid en de ontwikkeling.");
	if (o->period) {
		bp_buf_adds(b, " Periode ");
		bp_buf_add_html(b, o->period);
		bp_buf_adds(b, ".");
	}
	bp_buf_adds(b, "</p>\n<p>");
	bp_buf_add_html(b, rule_text(a, o));
	bp_buf_adds(b, "</p>\n");
	if (o->any_synthetic)
		bp_buf_adds(b, "<p class=\"let-op\"><strong>Let op:</strong> indicatoren met het woord ‘" BP_SYNTHETIC_WORD "’ komen uit een "
		               "synthetische (gegenereerde) enquête. Het zijn geen antwoorden van echte inwoners.</p>\n");
	bp_buf_adds(b, "<h2 id=\"samenvatting\">Samenvatting</h2>\n");
	if (o->n_rows == 0) {
		bp_buf_adds(b, "<p>Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger.");
		if (o->n_checked == 0)
			bp_buf_adds(b, " Er zijn nog geen indicatoren met een gunstige kant geladen (zoals gezondheid of "
			               "rondkomen uit de gezondheidsmonitor of een bewonersenquête).");
		bp_buf_adds(b, "</p>\n");
	} else {
		bp_buf_adds(b, "<table>\n<caption>Signalen per thema</caption>\n<thead><tr><th scope=\"col\">Thema</th>"
		               "<th scope=\"col\" class=\"num\">Signalen</th></tr></thead>\n<tbody>\n");
		for (size_t t = 0; t < o->n_themes; t++) {
			bp_buf_adds(b, "<tr><th scope=\"row\">");
			bp_buf_add_html(b, bp_theme_title(a, o->themes[t]));
			bp_buf_printf(b, "</th><td class=\"num\">%d</td></tr>\n", o->theme_count[t]);
		}
		bp_buf_adds(b, "</tbody>\n</table>\n");
	}
	if (o->n_checked) {
		bp_buf_adds(b, "<p>Gecontroleerde indicatoren: ");
		for (size_t i = 0; i < o->n_checked; i++) {
			bp_buf_adds(b, i ? ", " : "");
			bp_buf_add_html(b, o->checked[i]);
		}
		bp_buf_adds(b, ".</p>\n");
	}
	size_t i = 0;
	for (size_t t = 0; t < o->n_themes; t++) {
		const char *tt = bp_theme_title(a, o->themes[t]);
		bp_buf_printf(b, "<h2 id=\"thema-%zu\">", t + 1);
		bp_buf_add_html(b, tt);
		bp_buf_adds(b, "</h2>\n<table>\n<caption>");
		bp_buf_add_html(b, tt);
		bp_buf_adds(b, ": gebieden die duidelijk ongunstiger scoren</caption>\n<thead><tr>"
		               "<th scope=\"col\">Gebied</th><th scope=\"col\">Indicator</th>"
		               "<th scope=\"col\" class=\"num\">Waarde</th><th scope=\"col\" class=\"num\">");
		bp_buf_add_html(b, o->gemeente_name);
		bp_buf_adds(b, "</th><th scope=\"col\" class=\"num\">Ongunstiger</th>"
		               "<th scope=\"col\" class=\"num\">Percentiel NL</th><th scope=\"col\">95%-interval</th>"
		               "<th scope=\"col\">Ontwikkeling</th><th scope=\"col\">Waarom</th></tr></thead>\n<tbody>\n");
		for (; i < o->n_rows && strcmp(o->rows[i].theme, o->themes[t]) == 0; i++) {
			const bp_needs_row *r = &o->rows[i];
			bp_buf_adds(b, "<tr><th scope=\"row\">");
			html_area(b, area_href, r->area_code, r->area_name);
			bp_buf_adds(b, "</th><td>");
			bp_buf_add_html(b, r->title);
			bp_buf_printf(b, " (%s)%s</td><td class=\"num\">", r->unit, bp_synthetic_suffix(r->synthetic));
			bp_buf_adds(b, bp_fmt_nl(a, r->value, r->decimals));
			bp_buf_adds(b, "</td><td class=\"num\">");
			bp_buf_adds(b, bp_fmt_nl(a, r->gemeente_value, r->decimals));
			bp_buf_adds(b, "</td><td class=\"num\">");
			bp_buf_adds(b, isnan(r->relative_worse) ? "–" : bp_arena_printf(a, "%s%%", bp_fmt_nl(a, r->relative_worse * 100, 0)));
			bp_buf_adds(b, "</td><td class=\"num\">");
			bp_buf_adds(b, pct_text(a, r->percentile));
			bp_buf_adds(b, "</td><td>");
			bp_buf_add_html(b, interval_text(a, r));
			bp_buf_adds(b, "</td><td>");
			bp_buf_add_html(b, trend_text(a, r));
			bp_buf_adds(b, "</td><td>");
			bp_buf_add_html(b, r->why);
			bp_buf_adds(b, "</td></tr>\n");
		}
		bp_buf_adds(b, "</tbody>\n</table>\n");
	}
	if (o->n_quiet) {
		bp_buf_adds(b, "<h2 id=\"zonder-signaal\">Gebieden zonder signaal</h2>\n<p>");
		for (size_t q = 0; q < o->n_quiet; q++) {
			bp_buf_adds(b, q ? ", " : "");
			html_area(b, area_href, o->quiet_codes[q], o->quiet_names[q]);
		}
		bp_buf_adds(b, ".</p>\n");
	}
	bp_buf_adds(b, "<p class=\"bron\">Ongunstiger: het relatieve verschil met de gemeente in de ongunstige richting. "
	               "Percentiel NL: 100 is het gebied met de meeste behoefte van Nederland. Een telling (zoals CBS-"
	               "registraties) heeft geen steekproefinterval.</p>\n");
}

bp_rc bp_needs_overview_pdf(const bp_needs_overview *o, const char *path, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_pdfdoc d;
	const char *title = bp_arena_printf(a, "Behoeftenoverzicht %s", o->gemeente_name);
	bp_rc rc = bp_pdfdoc_open(&d, path, title, bp_arena_printf(a, "Behoeftenoverzicht · %s · buurtpeil",
	                                                            o->gemeente_name), o->source_line, err);
	if (rc) {
		bp_arena_free(a);
		return rc;
	}
	bp_pdfdoc_text(&d, BP_PDF_H1, title, RGB_TEXT, 0);
	bp_pdfdoc_text(&d, BP_PDF_LEAD, bp_arena_printf(a, "Voor de programmeringswerkgroep%s%s",
	                                                o->period ? " · periode " : "", o->period ? o->period : ""),
	               RGB_SUBTLE, 0);
	bp_pdfdoc_text(&d, BP_PDF_BODY, rule_text(a, o), RGB_TEXT, 0);
	if (o->any_synthetic)
		bp_pdfdoc_note(&d, "Let op: indicatoren met het woord ‘" BP_SYNTHETIC_WORD "’ komen uit een synthetische (gegenereerde) enquête. "
		                   "Het zijn geen antwoorden van echte inwoners.");
	bp_pdfdoc_text(&d, BP_PDF_H2, "Samenvatting", RGB_HEAD, 40);
	if (o->n_rows == 0) {
		bp_pdfdoc_text(&d, BP_PDF_BODY, o->n_checked
			? "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger."
			: "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger. Er zijn nog geen indicatoren "
			  "met een gunstige kant geladen (zoals gezondheid of rondkomen uit de gezondheidsmonitor of een "
			  "bewonersenquête).", RGB_TEXT, 0);
	} else {
		const char **cells = bp_arena_alloc(a, (o->n_themes + 1) * 2 * sizeof(char *));
		for (size_t t = 0; t < o->n_themes; t++) {
			cells[2 * t] = bp_theme_title(a, o->themes[t]);
			cells[2 * t + 1] = bp_arena_printf(a, "%d", o->theme_count[t]);
		}
		const char *head[] = { "Thema", "Signalen" };
		const double w[] = { 4, 1 };
		bp_pdfdoc_table(&d, 2, w, "lr", head, cells, o->n_themes, NULL);
	}
	size_t i = 0;
	for (size_t t = 0; t < o->n_themes; t++) {
		size_t first = i;
		while (i < o->n_rows && strcmp(o->rows[i].theme, o->themes[t]) == 0)
			i++;
		size_t n = i - first;
		const char **cells = bp_arena_alloc(a, (n + 1) * 7 * sizeof(char *));
		for (size_t k = 0; k < n; k++) {
			const bp_needs_row *r = &o->rows[first + k];
			const char **c = cells + k * 7;
			c[0] = r->area_name;
			c[1] = bp_arena_printf(a, "%s (%s)%s", r->title, r->unit, bp_synthetic_suffix(r->synthetic));
			c[2] = bp_arena_printf(a, "%s (%s)", bp_fmt_nl(a, r->value, r->decimals),
			                       bp_fmt_nl(a, r->gemeente_value, r->decimals));
			c[3] = isnan(r->relative_worse) ? "–" : bp_arena_printf(a, "%s%%", bp_fmt_nl(a, r->relative_worse * 100, 0));
			c[4] = pct_text(a, r->percentile);
			c[5] = interval_text(a, r);
			c[6] = trend_text(a, r);
		}
		const char *head[] = { "Gebied", "Indicator", bp_arena_printf(a, "Waarde (%s)", o->gemeente_name),
		                       "Ongunstiger", "Pct. NL", "95%-interval", "Ontwikkeling" };
		const double w[] = { 2, 2.6, 1.5, 1.1, 0.8, 1.4, 1.8 };
		bp_pdfdoc_text(&d, BP_PDF_H2, bp_theme_title(a, o->themes[t]), RGB_HEAD, 60);
		bp_pdfdoc_table(&d, 7, w, "llrrrll", head, cells, n, NULL);
	}
	if (o->n_quiet) {
		bp_buf q;
		bp_buf_init(&q);
		for (size_t k = 0; k < o->n_quiet; k++)
			bp_buf_printf(&q, "%s%s", k ? ", " : "", o->quiet_names[k]);
		bp_buf_adds(&q, ".");
		bp_pdfdoc_text(&d, BP_PDF_H2, "Gebieden zonder signaal", RGB_HEAD, 30);
		bp_pdfdoc_text(&d, BP_PDF_BODY, q.data, RGB_TEXT, 0);
		bp_buf_release(&q);
	}
	bp_pdfdoc_text(&d, BP_PDF_SMALL, "Ongunstiger: het relatieve verschil met de gemeente in de ongunstige richting. "
	                                 "Pct. NL: percentiel van behoefte in Nederland, 100 is het gebied met de meeste "
	                                 "behoefte. Een telling (zoals CBS-registraties) heeft geen steekproefinterval.",
	               RGB_SUBTLE, 0);
	bp_pdfdoc_text(&d, BP_PDF_SMALL, bp_arena_printf(a, "%s. CBS- en RIVM-cijfers: CC BY 4.0.", o->source_line),
	               RGB_SUBTLE, 0);
	rc = bp_pdfdoc_close(&d);
	bp_arena_free(a);
	return rc;
}

bp_rc bp_report_needs(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                      bp_report_result *res, bp_error *err)
{
	bp_arena *a = bp_arena_new();
	bp_needs_overview o;
	bp_buf page;
	bp_buf_init(&page);
	bp_rc rc = bp_needs_overview_load(conn, opt->indicators, gemeente, a, &o, err);
	if (rc == BP_OK)
		rc = bp_mkdir_p(opt->output_dir, 0755, err);
	if (rc == BP_OK) {
		bp_report_page_head(&page, bp_arena_printf(a, "Behoeftenoverzicht %s", o.gemeente_name));
		bp_buf_printf(&page, "<p><a href=\"index.html\">Alle gemeenten</a> · <a href=\"%s.html\">", gemeente);
		bp_buf_add_html(&page, o.gemeente_name);
		bp_buf_printf(&page, "</a> · <a href=\"%s-behoeften.pdf\">als PDF</a></p>\n", gemeente);
		bp_needs_overview_html(&o, bp_arena_printf(a, "%s/%%s.html", gemeente), a, &page);
		bp_report_page_foot(&page, o.sources);
		rc = bp_file_write_atomic(bp_arena_printf(a, "%s/%s-behoeften.html", opt->output_dir, gemeente),
		                          page.data, page.len, err);
	}
	if (rc == BP_OK)
		rc = bp_needs_overview_pdf(&o, bp_arena_printf(a, "%s/%s-behoeften.pdf", opt->output_dir, gemeente), err);
	if (rc == BP_OK)
		res->pages += 2;
	bp_buf_release(&page);
	bp_arena_free(a);
	return rc;
}

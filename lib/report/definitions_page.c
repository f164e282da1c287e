/*
 * definitions_page.c: see definitions_page.h.  Every figure of the worked
 * example is read from the published tables and written with the same
 * formatters as the profiles, so the page shows what the profiles show.
 *
 * In English (issue 20 item 7) the fixed texts come from the catalogue part
 * lang_en_defs.c (bp_html_tr) and the sentences with values are written
 * twice, both formats literals checked against their arguments (SAY); the
 * Dutch page is what it was before, byte for byte.
 */
#include "report/definitions_page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/numfmt.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/compute.h"
#include "engine/expr.h"
#include "report/cite.h"
#include "report/scope_label.h"

/* A sentence with values in L: Dutch or English format, both literals (as bp_html_printf_l). */
#define SAY(a, L, nl, en, ...) \
	((L) == BP_LANG_EN ? bp_arena_printf((a), "" en, __VA_ARGS__) : bp_arena_printf((a), "" nl, __VA_ARGS__))

const char *bp_definitions_href(bp_arena *a, const char *indicator_id)
{
	return bp_arena_printf(a, "%s#%s", BP_DEFINITIONS_PAGE, indicator_id);
}

/* Variable codes and their titles (bp.variable), for the formulas. */
typedef struct titles {
	const char **code, **title;
	size_t n;
} titles;

static const char *title_of(const titles *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->code[i], code) == 0)
			return t->title[i];
	return code;   /* a variable no source described: its code is all there is */
}

static bp_rc load_titles(PGconn *conn, const bp_indicator_set *set, bp_arena *a, titles *out, bp_error *err)
{
	const char **all = NULL;
	size_t n_all = 0, cap = 0;
	for (size_t i = 0; i < set->n; i++) {
		const char **v;
		size_t nv = bp_indicator_variables(&set->items[i], a, &v);
		if (n_all + nv + 1 > cap) {
			cap = 2 * (n_all + nv + 1);
			const char **grown = bp_arena_alloc(a, cap * sizeof(*grown));
			if (n_all)
				memcpy(grown, all, n_all * sizeof(*grown));
			all = grown;
		}
		memcpy(all + n_all, v, nv * sizeof(*v));
		n_all += nv;
	}
	const char *p[] = { bp_pg_text_array(a, all, n_all) };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn, "SELECT code, title FROM bp.variable WHERE code = ANY($1::text[])", 1, p, &r, err);
	if (rc)
		return rc;
	size_t n = (size_t)PQntuples(r);
	out->code = bp_arena_alloc(a, (n + 1) * sizeof(*out->code));
	out->title = bp_arena_alloc(a, (n + 1) * sizeof(*out->title));
	for (size_t i = 0; i < n; i++) {
		out->code[i] = bp_arena_strdup(a, PQgetvalue(r, (int)i, 0));
		out->title[i] = bp_arena_strdup(a, PQgetvalue(r, (int)i, 1));
	}
	out->n = n;
	PQclear(r);
	return BP_OK;
}

static void number_words(bp_buf *b, double v, bp_lang L)
{
	char s[64];
	/* A constant of a definition: as many decimals as it has, up to 6. */
	int dec = 0;
	while (dec < 6 && fabs(v * pow(10, dec) - round(v * pow(10, dec))) > 1e-9)
		dec++;
	bp_numfmt(L, s, sizeof(s), v, dec);
	bp_buf_adds(b, s);
}

static int precedence(const bp_expr *e)
{
	return e->op == BP_EXPR_ADD || e->op == BP_EXPR_SUB ? 1 : e->op == BP_EXPR_MUL || e->op == BP_EXPR_DIV ? 2 : 3;
}

/* The expression in words: each variable by its title in quotes ("Aantal
 * inwoners"), operators as words; nested is set where the operation needs
 * parentheses (a sum inside a product, a - (b + c)). */
static void expr_words(bp_buf *b, const bp_expr *e, const titles *t, int nested, bp_lang L)
{
	static const char *const op_nl[] = { [BP_EXPR_ADD] = " plus ", [BP_EXPR_SUB] = " min ",
	                                     [BP_EXPR_MUL] = " maal ", [BP_EXPR_DIV] = " gedeeld door " };
	static const char *const op_en[] = { [BP_EXPR_ADD] = " plus ", [BP_EXPR_SUB] = " minus ",
	                                     [BP_EXPR_MUL] = " times ", [BP_EXPR_DIV] = " divided by " };
	const int en = L == BP_LANG_EN;
	switch (e->op) {
	case BP_EXPR_NUM:
		number_words(b, e->num, L);
		return;
	case BP_EXPR_VAR:
		bp_buf_printf(b, "‘%s’", title_of(t, e->var));
		return;
	case BP_EXPR_NEG:
		bp_buf_adds(b, en ? "minus " : "min ");
		expr_words(b, e->args[0], t, precedence(e->args[0]) < 3, L);
		return;
	case BP_EXPR_ADD:
	case BP_EXPR_SUB:
	case BP_EXPR_MUL:
	case BP_EXPR_DIV:
		if (nested)
			bp_buf_adds(b, "(");
		expr_words(b, e->args[0], t, precedence(e->args[0]) < precedence(e), L);
		bp_buf_adds(b, (en ? op_en : op_nl)[e->op]);
		expr_words(b, e->args[1], t, precedence(e->args[1]) < precedence(e) ||
		           (precedence(e->args[1]) == precedence(e) && (e->op == BP_EXPR_SUB || e->op == BP_EXPR_DIV)), L);
		if (nested)
			bp_buf_adds(b, ")");
		return;
	case BP_EXPR_SUM:
	case BP_EXPR_COALESCE:
		bp_buf_adds(b, e->op != BP_EXPR_SUM ? "" : en ? "the sum of " : "de som van ");
		for (size_t i = 0; i < e->nargs; i++) {
			if (i)
				bp_buf_adds(b, i + 1 < e->nargs ? ", " : e->op == BP_EXPR_SUM ? (en ? " and " : " en ")
				                                   : en ? ", or else " : ", of anders ");
			expr_words(b, e->args[i], t, 0, L);
		}
		bp_buf_adds(b, e->op != BP_EXPR_SUM ? "" : en ? " (a missing term does not count)"
		                                             : " (wat ontbreekt telt niet mee)");
		return;
	}
}

/* text parsed and put in words; a text that does not parse (compute
 * refuses it) is shown as written. */
static const char *words_of(bp_arena *a, const char *text, const titles *t, bp_lang L)
{
	bp_expr *e = NULL;
	size_t off = 0;
	bp_error perr = { 0 };
	if (!text)
		return "";
	if (bp_expr_parse(text, a, &e, &off, &perr) != BP_OK)
		return text;
	bp_buf b;
	bp_buf_init(&b);
	expr_words(&b, e, t, 0, L);
	const char *s = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return s;
}

static const char *formula_text(bp_arena *a, const bp_indicator_def *d, const titles *t, bp_lang L)
{
	char sc[64];
	bp_numfmt(L, sc, sizeof(sc), d->scale, 0);
	switch (d->kind) {
	case BP_KIND_RATIO:
		return SAY(a, L, "Teller: %s. Noemer: %s. Waarde = teller / noemer%s%s.",
		           "Numerator: %s. Denominator: %s. Value = numerator / denominator%s%s.",
		           words_of(a, d->numerator, t, L), words_of(a, d->denominator, t, L),
		           d->scale != 1 ? " × " : "", d->scale != 1 ? sc : "");
	case BP_KIND_PUBLISHED_SHARE:
		return SAY(a, L, "Het cijfer %s zoals de bron het per gebied publiceert (in %s). Worden gebieden "
		           "samengevoegd (een zelf gedefinieerd gebied), dan weegt elk gebied mee naar %s.",
		           "The figure %s as the source publishes it per area (in %s). When areas are combined (a "
		           "self-defined area), each area weighs in by %s.",
		           words_of(a, d->value, t, L), bp_tr(L, d->unit), words_of(a, d->base, t, L));
	case BP_KIND_SURVEY_PROPORTION:
	case BP_KIND_SURVEY_MEAN: {
		bp_buf c;
		bp_buf_init(&c);
		for (size_t i = 0; i < d->n_categories; i++) {
			/* the mapping's category codes ("soms_eenzaam") read as words */
			char *cat = bp_arena_strdup(a, d->categories[i]);
			for (char *q = cat; *q; q++)
				if (*q == '_')
					*q = ' ';
			bp_buf_printf(&c, "%s‘%s’", i == 0 ? "" : i + 1 < d->n_categories ? ", "
			                                      : L == BP_LANG_EN ? " or " : " of ", cat);
			if (d->scores) {
				char s[64];
				bp_numfmt(L, s, sizeof(s), d->scores[i], 0);
				bp_buf_printf(&c, " (score %s)", s);
			}
		}
		/* In English the categories are the survey mapping's answer codes, which are Dutch words: said so. */
		const char *s = d->kind == BP_KIND_SURVEY_PROPORTION
		        ? SAY(a, L, "Het gewogen aandeel van de respondenten van de enquête %s dat op vraag %s "
		              "antwoordde met %s (× 100).", "The weighted share (× 100) of the respondents of the survey %s "
		              "who answered question %s with %s: the survey's answer codes, in Dutch.",
		              d->survey, d->question, c.data)
		        : L == BP_LANG_EN
		        ? bp_arena_printf(a, "The weighted mean of the scores on question %s of the survey %s: %s (the "
		                          "survey's answer codes are Dutch).", d->question, d->survey, c.data)
		        : bp_arena_printf(a, "Het gewogen gemiddelde van de scores op vraag %s van de enquête %s: %s.",
		                          d->question, d->survey, c.data);
		bp_buf_release(&c);
		return s;
	}
	}
	return "";
}

static const char *polarity_text(bp_polarity p, bp_lang L)
{
	switch (p) {
	case BP_POLARITY_HIGHER_IS_BETTER:
		return bp_tr(L, "Hoger is gunstiger.");
	case BP_POLARITY_HIGHER_IS_WORSE:
		return bp_tr(L, "Hoger is ongunstiger.");
	case BP_POLARITY_NEUTRAL:
		break;
	}
	return bp_tr(L, "Geen gunstige kant: een hogere of lagere waarde is op zich niet beter of slechter.");
}

static const char *suppression_text(bp_arena *a, const bp_indicator_def *d, bp_lang L)
{
	char n[64], cov[64];
	bp_numfmt(L, cov, sizeof(cov), 100 * d->min_coverage, 0);
	const char *custom = SAY(a, L, " Voor een zelf gedefinieerd gebied alleen als ten minste %s%% van zijn "
	                               "leden een waarde heeft.", " For a self-defined area only when at least %s%% of "
	                               "its members have a value.", cov);
	switch (d->kind) {
	case BP_KIND_RATIO:
		bp_numfmt(L, n, sizeof(n), d->min_denominator, 0);
		if (d->min_denominator > 0)
			return SAY(a, L, "Geen cijfer als de noemer kleiner is dan %s, of als een telling ontbreekt.%s",
			           "No figure when the denominator is less than %s, or when a count is missing.%s", n, custom);
		return SAY(a, L, "Geen cijfer als de noemer 0 is of een telling ontbreekt.%s",
		           "No figure when the denominator is 0 or a count is missing.%s", custom);
	case BP_KIND_PUBLISHED_SHARE:
		return SAY(a, L, "Geen cijfer waar de bron er geen publiceert (geheim, of te weinig waarnemingen).%s",
		           "No figure where the source publishes none (confidential, or too few observations).%s", custom);
	case BP_KIND_SURVEY_PROPORTION:
	case BP_KIND_SURVEY_MEAN:
		bp_numfmt(L, n, sizeof(n), d->min_respondents, 0);
		return SAY(a, L, "Geen cijfer bij minder dan %s respondenten (ongewogen) in het gebied; de antwoorden van "
		           "afzonderlijke inwoners worden nooit gepubliceerd.%s", "No figure with fewer than %s respondents "
		           "(unweighted) in the area; the answers of individual residents are never published.%s", n, custom);
	}
	return "";
}

/* Per indicator the periods with a published value in the gemeenten. */
static bp_rc load_periods(PGconn *conn, const bp_area_scope *scopes, size_t n, bp_arena *a, PGresult **out,
                          bp_error *err)
{
	const char **codes = bp_arena_alloc(a, (n + 1) * sizeof(*codes));
	for (size_t i = 0; i < n; i++)
		codes[i] = scopes[i].gemeente;
	const char *p[] = { bp_pg_text_array(a, codes, n) };
	bp_rc rc = bp_pg_query(conn,
		"SELECT indicator_id, string_agg(period, ', ' ORDER BY period) "
		"  FROM (SELECT DISTINCT indicator_id, period FROM bp.indicator_value "
		"         WHERE gemeente_code = ANY($1::text[]) AND value IS NOT NULL) s "
		" GROUP BY indicator_id", 1, p, out, err);
	return rc;
}

static const char *periods_of(const PGresult *r, const char *id)
{
	for (int i = 0; i < PQntuples(r); i++)
		if (strcmp(PQgetvalue(r, i, 0), id) == 0)
			return PQgetvalue(r, i, 1);
	return NULL;
}

/* The source line of d with the tables of its periods, from the first
 * gemeente with values of it. */
static const char *source_of(bp_arena *a, const bp_indicator_def *d, const char *periods,
                             const bp_area_scope *scopes, size_t n, bp_lang L)
{
	for (size_t g = 0; g < n; g++)
		for (size_t k = 0; k < scopes[g].n_defs; k++) {
			if (scopes[g].defs[k] != d)
				continue;
			bp_cite c;
			bp_cite_init(&c, scopes[g].cites, a);
			c.lang = L;
			char *ps = bp_arena_strdup(a, periods ? periods : "");
			for (char *save = NULL, *p = strtok_r(ps, ", ", &save); p; p = strtok_r(NULL, ", ", &save))
				bp_cite_def(&c, d, p);
			return bp_cite_line(&c);
		}
	if (L == BP_LANG_EN)
		return d->source ? bp_arena_printf(a, "Source: %s", d->source) : "Source: unknown";
	return d->source ? bp_arena_printf(a, "Bron: %s", d->source) : "Bron: onbekend";
}

/* Are the published figures of indicator id synthetic in any of the gemeenten?  Then
 * its name carries the label wherever this page names it (issue 16). */
static int synthetic_id(const char *id, const bp_area_scope *scopes, size_t n)
{
	for (size_t g = 0; g < n; g++)
		for (size_t k = 0; k < scopes[g].n_defs; k++)
			if (scopes[g].synthetic[k] && strcmp(scopes[g].defs[k]->id, id) == 0)
				return 1;
	return 0;
}

/* The word after indicator id's name wherever this page names it: " – synthetisch" when its figures are
 * synthetic in any of the gemeenten, else " – modelschatting" for RIVM's (bp_def_suffix), else "". */
static const char *suffix_of(const char *id, const bp_area_scope *scopes, size_t n)
{
	int syn = synthetic_id(id, scopes, n);
	for (size_t g = 0; g < n; g++)
		for (size_t k = 0; k < scopes[g].n_defs; k++)
			if (strcmp(scopes[g].defs[k]->id, id) == 0)
				return bp_def_suffix(scopes[g].defs[k], syn);
	return bp_synthetic_suffix(syn);
}

static void indicator_entry(bp_html *b, bp_arena *a, const bp_indicator_def *d, const titles *t,
                            const PGresult *periods, const bp_area_scope *scopes, size_t n, bp_lang L)
{
	const char *ps = periods_of(periods, d->id);
	bp_html_printf(b, "<section class=\"definitie\">\n<h3 id=\"%s\">", d->id);
	bp_html_text(b, bp_def_title(d, L));
	bp_html_text(b, bp_tr(L, bp_def_suffix(d, synthetic_id(d->id, scopes, n))));   /* synthetic, else model estimate */
	bp_html_lit(b, "</h3>\n");
	const char *desc = bp_def_description(d, L);
	if (desc) {
		bp_html_lit(b, "<p>");
		bp_html_text(b, desc);
		bp_html_lit(b, "</p>\n");
	} else if (d->description) {
		/* A definition of one's own without description.en: its Dutch, marked so (every shipped one has it). */
		bp_html_lit(b, "<p><span lang=\"nl\">");
		bp_html_text(b, d->description);
		bp_html_lit(b, "</span> (Dutch)</p>\n");
	}
	bp_html_tr(b, L, "<dl>\n<dt>Berekening</dt><dd>");
	bp_html_text(b, formula_text(a, d, t, L));
	bp_html_tr(b, L, "</dd>\n<dt>Bron</dt><dd>");
	const char *src = source_of(a, d, ps, scopes, n, L), *head = L == BP_LANG_EN ? "Source: " : "Bron: ";
	bp_html_text(b, strncmp(src, head, strlen(head)) == 0 ? src + strlen(head) : src);   /* under the heading "Bron" */
	bp_html_tr(b, L, "</dd>\n<dt>Perioden</dt><dd>");
	bp_html_text(b, ps ? ps : bp_tr(L, "geen gepubliceerde cijfers in deze gemeenten"));
	bp_html_tr(b, L, "</dd>\n<dt>Eenheid</dt><dd>");
	bp_html_text(b, bp_tr(L, d->unit));
	bp_html_printf_l(b, L, " (%d %s achter de komma)", " (%d %s)", d->decimals,
	                 L == BP_LANG_EN ? (d->decimals == 1 ? "decimal" : "decimals")
	                                 : bp_plural_nl((size_t)d->decimals, "cijfer", "cijfers"));
	bp_html_tr(b, L, "</dd>\n<dt>Richting</dt><dd>");
	bp_html_text(b, polarity_text(d->polarity, L));
	if (d->role == BP_ROLE_CONTEXT)
		bp_html_tr(b, L, " Een achtergrondcijfer: het beschrijft een gebied en telt in het behoeftenoverzicht "
		                 "niet als behoefte.");
	bp_html_tr(b, L, "</dd>\n<dt>Wanneer geen cijfer</dt><dd>");
	bp_html_text(b, suppression_text(a, d, L));
	bp_html_lit(b, "</dd>\n</dl>\n</section>\n");
}

/* ---- the method ---------------------------------------------------------- */

/* The figures of the worked example, as the tables hold them. */
typedef struct example {
	const bp_indicator_def *def;
	const char *area, *name, *period, *gemeente_name;
	double value, num, den, gm_value, gm_num, gm_den, gm_diff, nl_value, nl_diff, percentile;
	long n_ranked;
	int national;      /* the percentile's distribution covers every gemeente (scope_label.h) */
} example;

static int prefer(const void *x, const void *y)
{
	const bp_indicator_def *a = *(const bp_indicator_def *const *)x, *b = *(const bp_indicator_def *const *)y;
	int na = a->polarity == BP_POLARITY_NEUTRAL, nb = b->polarity == BP_POLARITY_NEUTRAL;
	return na != nb ? na - nb : strcmp(a->id, b->id);
}

static bp_rc find_example(PGconn *conn, const bp_indicator_set *set, const bp_area_scope *scopes, size_t n,
                          bp_arena *a, example *ex, bp_error *err)
{
	memset(ex, 0, sizeof(*ex));
	if (n == 0)
		return BP_OK;
	const bp_indicator_def **c = bp_arena_alloc(a, (set->n + 1) * sizeof(*c));
	size_t nc = 0;
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i].kind == BP_KIND_RATIO && set->items[i].unit && strcmp(set->items[i].unit, "%") == 0)
			c[nc++] = &set->items[i];
	qsort(c, nc, sizeof(*c), prefer);
	bp_rc rc = BP_OK;
	for (size_t k = 0; k < nc && !ex->def && rc == BP_OK; k++) {
		const bp_area_scope *sc = &scopes[0];
		const char *p[] = { c[k]->id, sc->gemeente };
		PGresult *r = NULL;
		rc = bp_pg_query(conn,
			"SELECT v.area_code, a.name, v.period, v.value, v.numerator, v.denominator, "
			"       g.reference_value, g.difference, l.reference_value, l.difference, l.percentile, l.n_ranked, "
			"       gv.numerator, gv.denominator, coalesce(ds.national, false) "
			"  FROM bp.indicator_value v "
			"  JOIN bp.area a ON a.code = v.area_code AND a.indeling_year = v.indeling_year "
			BP_SQL_COMPARISON_JOIN("v", "gemeente", "g")
			BP_SQL_COMPARISON_JOIN("v", "land", "l")
			"  JOIN bp.indicator_value gv ON gv.indicator_id = v.indicator_id AND gv.area_code = g.reference_code "
			"       AND gv.period = v.period "
			"  LEFT JOIN bp.distribution_scope ds ON ds.indicator_id = v.indicator_id AND ds.level = 'wijk' "
			"       AND ds.indeling_year = v.indeling_year AND ds.period = v.period "
			" WHERE v.indicator_id = $1 AND v.gemeente_code = $2 AND a.level = 'wijk' AND v.value IS NOT NULL "
			"   AND v.numerator IS NOT NULL AND v.denominator > 0 AND g.reference_value IS NOT NULL "
			"   AND gv.numerator IS NOT NULL AND gv.denominator > 0 "
			"   AND l.reference_value IS NOT NULL AND l.percentile IS NOT NULL AND l.n_ranked > 1 "
			" ORDER BY v.period DESC, v.area_code, gv.indeling_year DESC LIMIT 1", 2, p, &r, err);
		if (rc == BP_OK && PQntuples(r) == 1) {
			ex->def = c[k];
			ex->area = bp_arena_strdup(a, PQgetvalue(r, 0, 0));
			ex->name = bp_arena_strdup(a, PQgetvalue(r, 0, 1));
			ex->period = bp_arena_strdup(a, PQgetvalue(r, 0, 2));
			ex->gemeente_name = sc->gemeente_name;
			double *f[] = { &ex->value, &ex->num, &ex->den, &ex->gm_value, &ex->gm_diff, &ex->nl_value,
			                &ex->nl_diff, &ex->percentile };
			for (int i = 0; i < 8; i++)
				*f[i] = bp_area_cell(r, 0, 3 + i);   /* none NULL: the WHERE asks for each */
			ex->gm_num = bp_area_cell(r, 0, 12);
			ex->gm_den = bp_area_cell(r, 0, 13);
			rc = bp_pg_long(r, 0, 11, &ex->n_ranked, err);
			ex->national = PQgetvalue(r, 0, 14)[0] == 't';
		}
		PQclear(r);
	}
	return rc;
}

/* v with dec decimals as the page's reader writes it. */
static const char *num(bp_arena *a, bp_lang L, double v, int dec)
{
	return bp_fmt_lang(a, L, v, dec);
}

static const char *diff(bp_arena *a, bp_lang L, double v, int dec)
{
	char s[128];
	bp_numfmt_diff(L, s, sizeof(s), v, dec);
	return bp_arena_strdup(a, s);
}

static void worked_example(bp_html *b, bp_arena *a, const example *ex, const titles *t, bp_lang L)
{
	const bp_indicator_def *d = ex->def;
	int dec = d->decimals;
	const char *title = bp_def_title(d, L), *numw = words_of(a, d->numerator, t, L),
	           *denw = words_of(a, d->denominator, t, L);
	bp_html_printf_l(b, L, "<h3 id=\"voorbeeld\">Een voorbeeld: %s in ", "<h3 id=\"voorbeeld\">An example: %s in ", title);
	bp_html_text(b, ex->name);
	bp_html_printf(b, "</h3>\n<div class=\"rekenvoorbeeld\" data-indicator=\"%s\" data-gebied=\"%s\" data-periode=\"%s\">\n"
	                  "<p>", d->id, ex->area, ex->period);
	bp_html_text(b, SAY(a, L, "Wijk %s (%s) heeft in %s een teller van %s (%s) en een noemer van %s (%s). "
	                          "%s = %s / %s × %s = %s%%.", "In %3$s, district %1$s (%2$s) has a numerator of %4$s "
	                          "(%5$s) and a denominator of %6$s (%7$s). %8$s = %9$s / %10$s × %11$s = %12$s%%.",
	                    ex->name, ex->area, ex->period, num(a, L, ex->num, 0), numw, num(a, L, ex->den, 0), denw,
	                    title, num(a, L, ex->num, 0), num(a, L, ex->den, 0), num(a, L, d->scale, 0),
	                    num(a, L, ex->value, dec)));
	bp_html_lit(b, "</p>\n<p>");
	bp_html_text(b, SAY(a, L, "%s als geheel: %s / %s × %s = %s%%. Het verschil is %s %s %s = %s procentpunt, "
	                          "berekend vóór het afronden.", "%s as a whole: %s / %s × %s = %s%%. The difference is "
	                          "%s %s %s = %s percentage points, computed before rounding.",
	                    ex->gemeente_name, num(a, L, ex->gm_num, 0), num(a, L, ex->gm_den, 0), num(a, L, d->scale, 0),
	                    num(a, L, ex->gm_value, dec), num(a, L, ex->value, dec), BP_NUMFMT_MINUS,
	                    num(a, L, ex->gm_value, dec), diff(a, L, ex->gm_diff, dec)));
	bp_html_lit(b, "</p>\n<p>");
	bp_html_text(b, SAY(a, L, "Nederland: %s%%; verschil %s procentpunt.", "The Netherlands: %s%%; difference %s "
	                          "percentage points.", num(a, L, ex->nl_value, dec), diff(a, L, ex->nl_diff, dec)));
	bp_html_lit(b, "</p>\n<p>");
	/* The engine's percentile is (r - 1) / (N - 1), r the rank from the
	 * least need (or the lowest value) up: r follows from it. */
	long r = lround(ex->percentile * (double)(ex->n_ranked - 1)) + 1;
	const char *order = d->polarity == BP_POLARITY_NEUTRAL
	        ? bp_tr(L, "van de laagste naar de hoogste waarde") : bp_tr(L, "van de minste naar de meeste behoefte");
	const char *of = bp_scope_phrase_lang(a, "wijk", ex->n_ranked, ex->national, L);
	const char *rs = num(a, L, (double)r, 0), *ns = num(a, L, (double)ex->n_ranked, 0);
	bp_html_text(b, SAY(a, L, "Percentiel: gerangschikt %s onder %s staat %s op plaats %s: percentiel "
	                          "(%s %s 1) / (%s %s 1) × 100 = %s.", "Percentile: ranked %s among %s, %s is in place "
	                          "%s: percentile (%s %s 1) / (%s %s 1) × 100 = %s.", order, of, ex->name, rs, rs,
	                    BP_NUMFMT_MINUS, ns, BP_NUMFMT_MINUS, num(a, L, 100 * ex->percentile, 0)));
	bp_html_lit(b, "</p>\n</div>\n");
}

/* Per composite index its components with their weights, and how far the
 * wijken's ranks move under the other weightings (bp.composite_stability)
 * in its newest period. */
static bp_rc composites_section(PGconn *conn, bp_html *b, bp_arena *a, const bp_area_scope *scopes, size_t n,
                                bp_lang L, bp_error *err)
{
	PGresult *r = NULL, *s = NULL;
	/* The titles in L: columns 1 and 2 (Dutch), else 5 and 6 (English, else Dutch). */
	const int ti = L == BP_LANG_EN ? 5 : 1;
	bp_rc rc = bp_pg_query(conn,
		"SELECT i.id, i.title_nl, coalesce(ci.title_nl, c.indicator_id), c.weight, c.indicator_id, "
		"       coalesce(nullif(i.title_en, ''), i.title_nl), "
		"       coalesce(nullif(ci.title_en, ''), ci.title_nl, c.indicator_id) "
		"  FROM bp.indicator i JOIN bp.composite_component c ON c.composite_id = i.id "
		"  LEFT JOIN bp.indicator ci ON ci.id = c.indicator_id "
		" WHERE i.kind = 'composite' ORDER BY i.id, c.position", 0, NULL, &r, err);
	if (rc)
		return rc;
	bp_html_tr(b, L, "<h3 id=\"methode-indices\">Samengestelde indices</h3>\n<p>Een index vat een paar indicatoren "
	               "samen. Elke component wordt eerst dezelfde kant op gezet (hoger is meer behoefte of juist "
	               "gunstiger), dan genormaliseerd onder de gebieden van hetzelfde niveau en dezelfde periode "
	               "(z-score, percentielrang of 0–100) en daarna gewogen gemiddeld. Ontbreekt een component, dan "
	               "tellen de gewichten van de andere naar rato, zolang genoeg componenten een waarde hebben. Of de "
	               "uitkomst aan de gekozen gewichten hangt, blijkt door dezelfde berekening te herhalen met gelijke "
	               "gewichten en met telkens één component weggelaten, en te kijken hoeveel plaatsen de rang van "
	               "een gebied dan verschuift.</p>\n");
	int nr = PQntuples(r);
	if (nr == 0)
		bp_html_tr(b, L, "<p>Deze monitor berekent geen samengestelde indices.</p>\n");
	for (int i = 0; i < nr && rc == BP_OK;) {
		const char *id = PQgetvalue(r, i, 0);
		bp_html_lit(b, "<p><strong>");
		bp_html_text(b, PQgetvalue(r, i, ti));
		bp_html_lit(b, "</strong>: ");
		int first = i;
		for (; i < nr && strcmp(PQgetvalue(r, i, 0), id) == 0; i++) {
			double w = bp_area_cell(r, i, 3);
			bp_html_text(b, SAY(a, L, "%s%s%s (gewicht %s)", "%s%s%s (weight %s)", i > first ? ", " : "",
			                    PQgetvalue(r, i, ti + 1),
			                    bp_tr(L, suffix_of(PQgetvalue(r, i, 4), scopes, n)),
			                    num(a, L, w, w == round(w) ? 0 : 1)));
		}
		if (rc)
			break;
		const char *p[] = { id };
		rc = bp_pg_query(conn,
			"WITH latest AS (SELECT indeling_year, period FROM bp.composite_score "
			"                 WHERE composite_id = $1 AND level = 'wijk' "
			"                 ORDER BY indeling_year DESC, period DESC LIMIT 1) "
			"SELECT st.scheme, st.n_areas, st.median_abs_shift, st.max_abs_shift, st.period "
			"  FROM bp.composite_stability st JOIN latest l USING (indeling_year, period) "
			" WHERE st.composite_id = $1 AND st.level = 'wijk' ORDER BY st.scheme", 1, p, &s, err);
		if (rc)
			break;
		bp_html_lit(b, ".");
		for (int k = 0; k < PQntuples(s) && rc == BP_OK; k++) {
			double med = bp_area_cell(s, k, 2), max = bp_area_cell(s, k, 3);
			long n_areas;
			if ((rc = bp_pg_long(s, k, 1, &n_areas, err)))
				break;
			const char *scheme = PQgetvalue(s, k, 0), *what = scheme;
			if (strcmp(scheme, "equal") == 0)
				what = bp_tr(L, "Met gelijke gewichten");
			else if (strncmp(scheme, "without:", 8) == 0) {
				const char *name = scheme + 8;   /* the component's title, else its id */
				for (int j = first; j < i; j++)
					if (strcmp(PQgetvalue(r, j, 4), scheme + 8) == 0)
						name = PQgetvalue(r, j, ti + 1);
				what = SAY(a, L, "Zonder %s", "Without %s", name);
			}
			const char *places = L == BP_LANG_EN ? ((size_t)max == 1 ? "place" : "places")
			                                     : bp_plural_nl((size_t)max, "plaats", "plaatsen");
			bp_html_text(b, SAY(a, L, " %s verschuift de rang van een wijk (%s wijken, %s) in de mediaan %s en "
			                          "hoogstens %s %s.", " %s a district's rank (%s districts, %s) moves by %s in the "
			                          "median and by at most %s %s.", what, num(a, L, (double)n_areas, 0),
			                    PQgetvalue(s, k, 4), num(a, L, med, med == round(med) ? 0 : 1), num(a, L, max, 0),
			                    places));
		}
		PQclear(s);
		s = NULL;
		bp_html_lit(b, "</p>\n");
	}
	PQclear(s);
	PQclear(r);
	return rc;
}

static void method_text(bp_html *b, bp_lang L)
{
	bp_html_tr(b, L,
		"<h2 id=\"methode\">Methode</h2>\n"
		"<h3 id=\"methode-referenties\">Vergeleken met de gemeente en met Nederland</h3>\n"
		"<p>Elk cijfer van een wijk, buurt of zelf gedefinieerd gebied staat naast twee referenties. "
		"<strong>De gemeente</strong> is de gemeente als geheel: dezelfde indicator, berekend uit de tellingen "
		"van de hele gemeente (bij een percentage dat de bron zelf publiceert: het cijfer dat de bron voor de "
		"gemeente geeft), nooit een gemiddelde van de wijken. <strong>Nederland</strong> is het cijfer van het "
		"hele land (CBS-code NL00), zoals de bron het voor heel Nederland publiceert of uit de tellingen van "
		"heel Nederland berekend: niet alleen de gemeenten van deze monitor. Het verschil is de waarde van het "
		"gebied min die van de referentie, berekend vóór het afronden; bij percentages is dat in procentpunten.</p>\n"
		/* the 10 is BP_COMPARE_MIN_DECILE_AREAS (engine/compare.h) */
		"<h3 id=\"methode-percentielen\">Percentielen</h3>\n"
		"<p>Een percentiel zegt waar een gebied staat tussen de gebieden van hetzelfde niveau (wijken met "
		"wijken, buurten met buurten) in dezelfde periode die een cijfer hebben: (plaats − 1) / (aantal − 1) × "
		"100, gerangschikt naar behoefte, zodat 100 het gebied met de meeste behoefte is en 0 dat met de minste "
		"(bij een indicator zonder gunstige kant: 100 de hoogste waarde). Gelijke waarden delen de laagste "
		"plaats. Bij elk percentiel staat over hoeveel gebieden het gaat, en of dat alle gebieden van Nederland "
		"zijn of alleen die in deze monitor. Een percentiel van 90 of meer telt als ‘bij de 10% met de meeste "
		"behoefte’. Alleen onder minimaal 10 gebieden met een cijfer wordt gerangschikt, ook binnen een "
		"gemeente: onder minder is een tiende minder dan één gebied (van 2 gemeenten zou er één ‘bij de 10% "
		"met de meeste behoefte’ zijn). Daar staat ‘niet gerangschikt: te weinig gebieden’ met hun aantal, "
		"zonder percentiel.</p>\n");
}

static void method_text_2(bp_html *b, bp_lang L)
{
	bp_html_tr(b, L,
		"<h3 id=\"methode-onzekerheid\">Marges en significantie</h3>\n"
		"<p>Een cijfer uit een steekproef (een enquête, de schattingen van de RIVM-gezondheidsmonitor) is "
		"onzeker. Waar de marge bekend is, staat een 95%-interval bij het cijfer: het gebied waarbinnen de "
		"werkelijke waarde met 95% zekerheid ligt. Een verandering ten opzichte van de vorige periode heet "
		"significant als het verschil groter is dan 1,96 keer zijn standaardfout: de wortel uit de som van de "
		"kwadraten van de standaardfouten van beide cijfers, elk de breedte van zijn interval gedeeld door "
		"2 × 1,96. Zonder marges wordt er niet getoetst "
		"en zegt de pagina dat. Een telling van alle inwoners (CBS) heeft geen steekproefmarge.</p>\n"
		"<h3 id=\"methode-effecten\">Effecten van interventies</h3>\n"
		"<p>Of er in een wijk iets veranderde na de start van een interventie, wordt geschat met een "
		"verschil-in-verschillen: de verandering van de wijk (het gemiddelde na de start min dat ervoor) min "
		"de gemiddelde verandering van vergelijkbare gebieden zonder interventie, gekozen op hun cijfers vóór "
		"de start. Dezelfde schatting voor elk vergelijkingsgebied, alsof daar de interventie was, geeft het "
		"placebo-interval (5–95%): wat gebieden zonder interventie ook laten zien. Alleen een effect buiten dat "
		"interval heet beter of slechter dan vergelijkbare gebieden, en waar de cijfers marges hebben alleen als "
		"ook het eigen 95%-interval van de schatting 0 niet bevat. Liepen de trends vóór de start niet gelijk "
		"op, of zijn er te weinig vergelijkbare gebieden, dan luidt het oordeel ‘geen verschil’ of ‘niet te "
		"zeggen’. Een schatting is geen bewijs dat de interventie het verschil maakte.</p>\n");
}

bp_rc bp_definitions_html(PGconn *conn, const bp_indicator_set *set, const bp_area_scope *scopes, size_t n,
                          bp_lang L, bp_arena *a, bp_html *b, bp_error *err)
{
	int synthetic = 0;
	const char *surveys = NULL;
	for (size_t g = 0; g < n; g++)
		if (scopes[g].any_synthetic && !synthetic) {
			synthetic = 1;
			surveys = scopes[g].surveys;
		}
	titles t = { 0 };
	PGresult *periods = NULL;
	example ex;
	bp_rc rc = load_titles(conn, set, a, &t, err);
	if (rc == BP_OK)
		rc = load_periods(conn, scopes, n, a, &periods, err);
	if (rc == BP_OK)
		rc = find_example(conn, set, scopes, n, a, &ex, err);
	if (rc)
		goto out;
	bp_html_tr(b, L, "<h1>Definities en methode</h1>\n");
	if (synthetic)   /* the survey indicators' sources below are synthetic: said under the h1, as on every page */
		bp_synthetic_notice_html_lang(b, a, surveys, L);
	bp_html_tr(b, L, "<p class=\"lead\">Wat elke indicator meet, hoe hij berekend "
	               "wordt en waar hij vandaan komt; daarna hoe de vergelijkingen, percentielen, indices, marges en "
	               "effectschattingen werken, met een rekenvoorbeeld uit de cijfers van deze monitor.</p>\n"
	               "<nav aria-label=\"Inhoud van deze pagina\"><ul>\n"
	               "<li><a href=\"#indicatoren\">Indicatoren</a></li>\n<li><a href=\"#methode\">Methode</a></li>\n");
	if (ex.def)
		bp_html_tr(b, L, "<li><a href=\"#voorbeeld\">Een rekenvoorbeeld</a></li>\n");
	bp_html_tr(b, L, "</ul></nav>\n<h2 id=\"indicatoren\">Indicatoren</h2>\n<ul class=\"definitie-index\">\n");
	for (size_t i = 0; i < set->n; i++) {
		bp_html_printf(b, "<li><a href=\"#%s\">", set->items[i].id);
		bp_html_text(b, bp_def_title(&set->items[i], L));
		bp_html_text(b, bp_tr(L, bp_def_suffix(&set->items[i], synthetic_id(set->items[i].id, scopes, n))));
		bp_html_lit(b, "</a></li>\n");
	}
	bp_html_lit(b, "</ul>\n");
	for (size_t i = 0; i < set->n; i++)
		indicator_entry(b, a, &set->items[i], &t, periods, scopes, n, L);
	method_text(b, L);
	rc = composites_section(conn, b, a, scopes, n, L, err);
	if (rc)
		goto out;
	method_text_2(b, L);
	if (ex.def)
		worked_example(b, a, &ex, &t, L);
out:
	PQclear(periods);
	return rc;
}

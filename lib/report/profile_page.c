#include "report/profile_page.h"

#include <string.h>

#include "core/fsutil.h"
#include "report/area_page.h"
#include "report/areadata.h"
#include "report/mapchart.h"

int bp_profile_pages_has(const bp_profile_pages *p, const char *code)
{
	for (size_t i = 0; p && i < p->n; i++)
		if (strcmp(p->codes[i], code) == 0)
			return 1;
	return 0;
}

/* profiles_of's pages, one job per area (report/workers.h): each with counts of its own, added in order. */
typedef struct profile_jobs {
	const bp_report_options *opt;
	const bp_area_scope *sc;
	const char *gemeente;
	const char *const *levels;
	bp_area_page_place pl;
	bp_report_result *res;      /* the caller's */
	bp_report_result *counts;   /* [n_areas]: each job's */
	char *written;              /* [n_areas]: 1 when job i wrote its page */
	bp_profile_pages *out;
} profile_jobs;

static bp_rc profile_job(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	profile_jobs *j = ctx;
	const bp_area_scope *sc = j->sc;
	const bp_area_ref *ar = &sc->areas[i];
	int wanted = 0;
	for (size_t l = 0; j->levels[l] && !wanted; l++)
		wanted = strcmp(ar->level, j->levels[l]) == 0;
	if (!wanted || !bp_path_safe_name(ar->code))
		return BP_OK;
	bp_report_result *res = &j->counts[i];
	bp_area_page_place pl = j->pl;
	pl.pages = &res->pages;
	pl.charts = &res->charts;
	bp_arena *pa = bp_arena_new();
	bp_area_series *s = NULL;
	bp_html extras;
	bp_html_init(&extras);
	bp_rc rc = bp_area_series_load(conn, sc, ar->code, ar->year, pa, &s, err);
	if (rc == BP_OK)
		rc = bp_report_area_extras(conn, j->opt, j->gemeente, sc->gemeente_name, ar->code, ar->level, ar->name,
		                           ar->year, sc->source_line, pa, &extras, res, err);
	if (rc == BP_OK)
		rc = bp_area_page_write(conn, &pl, sc, ar, s, &extras, err);
	bp_html_release(&extras);
	bp_arena_free(pa);
	j->written[i] = rc == BP_OK;
	return rc;
}

static void profile_done(void *ctx, size_t i)
{
	profile_jobs *j = ctx;
	j->res->pages += j->counts[i].pages;
	j->res->charts += j->counts[i].charts;
	if (!j->written[i])
		return;
	const bp_area_ref *ar = &j->sc->areas[i];
	j->out->codes[j->out->n] = ar->code;
	j->out->names[j->out->n++] = ar->name;
	j->out->n_custom += strcmp(ar->level, "custom") == 0;
}

/* The pages of the gemeente's areas whose level is one of levels. */
static bp_rc profiles_of(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         const char *gemeente_name, const char *const *levels, bp_arena *a,
                         bp_profile_pages *out, bp_report_result *res, bp_error *err)
{
	(void)gemeente_name;   /* the scope has it, as the database names it */
	memset(out, 0, sizeof(*out));
	bp_area_scope sc;
	bp_rc rc = bp_area_scope_load_lang(conn, opt->indicators, gemeente, opt->lang, a, &sc, err);
	if (rc)
		return rc;
	out->codes = bp_arena_alloc(a, (sc.n_areas + 1) * sizeof(*out->codes));
	out->names = bp_arena_alloc(a, (sc.n_areas + 1) * sizeof(*out->names));
	if (sc.n_defs == 0 || sc.n_areas == 0)
		return BP_OK;
	const char *dir = bp_path_join(a, opt->output_dir, gemeente);
	if ((rc = bp_mkdir_p(dir, 0755, err)))
		return rc;
	profile_jobs j = {
		.opt = opt, .sc = &sc, .gemeente = gemeente, .levels = levels,
		.pl = { .style = BP_HTML_REPORT, .dir = dir, .img_dir = "", .png = !opt->no_png, .up = "../",
		        .home_text = bp_tr(opt->lang, "Alle gemeenten"), .lang = opt->lang },
		.res = res, .counts = bp_arena_alloc(a, (sc.n_areas + 1) * sizeof(bp_report_result)),
		.written = bp_arena_alloc(a, sc.n_areas + 1), .out = out,
	};
	memset(j.counts, 0, (sc.n_areas + 1) * sizeof(bp_report_result));
	memset(j.written, 0, sc.n_areas + 1);
	return bp_report_workers_run(&opt->workers, conn, sc.n_areas, profile_job, profile_done, &j, NULL, err);
}

bp_rc bp_report_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                         const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                         bp_report_result *res, bp_error *err)
{
	static const char *const levels[] = { "wijk", "custom", NULL };
	return profiles_of(conn, opt, gemeente, gemeente_name, levels, a, out, res, err);
}

bp_rc bp_report_buurt_profiles(PGconn *conn, const bp_report_options *opt, const char *gemeente,
                               const char *gemeente_name, bp_arena *a, bp_profile_pages *out,
                               bp_report_result *res, bp_error *err)
{
	static const char *const levels[] = { "buurt", NULL };
	return profiles_of(conn, opt, gemeente, gemeente_name, levels, a, out, res, err);
}

#include "run/monitor_run.h"

#include <spawn.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "core/manifest.h"
#include "core/numfmt.h"
#include "core/progress.h"
#include "core/workpool.h"
#include "db/pgutil.h"
#include "engine/compare.h"
#include "engine/custom_area.h"
#include "import/custom_overlay.h"
#include "report/digest.h"
#include "report/effect_report.h"
#include "report/needs_report.h"
#include "report/pdf_profile.h"
#include "report/report.h"
#include "report/runs_page.h"
#include "report/html.h"
#include "report/site.h"
#include "run/asof.h"
#include "run/fingerprint.h"
#include "run/gemeenten_all.h"
#include "run/history.h"
#include "run/snapshot.h"

const char *bp_monitor_stage_name(bp_monitor_stage s)
{
	static const char *const names[] = {
		"sources", "areas", "experiences", "compute", "effects", "publish role", "reports", "interventions",
		"site", "digest", "done"
	};
	return (unsigned)s <= BP_STAGE_DONE ? names[s] : "?";
}

bp_rc bp_monitor_load(const char *config_path, bp_arena *a, bp_monitor *m, bp_error *err)
{
	bp_monitor_config *c = &m->cfg;
	memset(m, 0, sizeof(*m));
	bp_effect_options_default(&m->effect);
	bp_rc rc;
	if ((rc = bp_monitor_config_load(config_path, a, c, err)) ||
	    (rc = bp_indicators_load_dir(c->indicators_dir, a, &m->indicators, err)) ||
	    (rc = bp_composites_load_dir(bp_arena_printf(a, "%s/composites", c->indicators_dir), a, &m->composites,
	                                 err)) ||
	    (rc = bp_composites_resolve(&m->composites, &m->indicators, err)) ||
	    (rc = bp_layout_load(c->charts_dir, "gemeente", a, &m->layout, err)))
		return rc;
	if (c->interventions_dir && ((rc = bp_interventions_load_dir(c->interventions_dir, a, &m->interventions, err)) ||
	                             (rc = bp_interventions_check_refs(&m->interventions, &m->indicators, NULL, err))))
		return rc;
	return BP_OK;
}

typedef struct run_state {
	bp_monitor_progress_fn fn;
	void *ctx;
	bp_arena *a;
	bp_run_history *hist;
	bp_monitor_result *res;
	struct timespec stage_t0;     /* when res->stage began */
	bp_buf lines;                 /* what the stage said, for its history row */
} run_state;

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The stage in res->stage is done: its row in the history (duration, what it said). */
static bp_rc close_stage(run_state *st, bp_error *err)
{
	/* An as-of run (no history: it changes nothing of the monitor's) only starts the next stage's clock. */
	bp_rc rc = !st->hist ? BP_OK
	           : bp_run_history_step(st->hist, bp_monitor_stage_name(st->res->stage), seconds_since(&st->stage_t0),
	                                 st->lines.len ? st->lines.data : "", err);
	bp_buf_release(&st->lines);
	bp_buf_init(&st->lines);
	clock_gettime(CLOCK_MONOTONIC, &st->stage_t0);
	return rc;
}

/* Close the stage under way and begin the next. */
static bp_rc enter(run_state *st, bp_monitor_stage next, bp_error *err)
{
	bp_rc rc = close_stage(st, err);
	st->res->stage = next;
	return rc;
}

static void say(run_state *st, bp_monitor_event ev, const char *fmt, ...) BP_PRINTF(3, 4);

static void say(run_state *st, bp_monitor_event ev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ev.text = bp_arena_vprintf(st->a, fmt, ap);
	va_end(ap);
	/* The history keeps what a terminal would have shown. */
	bp_buf *lines = &st->lines;
	bp_buf_printf(lines, "%s%s", lines->len ? "; " : "", ev.text);
	if (st->fn)
		st->fn(st->ctx, &ev);
}

/* "import: FILE: 12 areas, 30 observations": the summary's first two counts. */
static void say_import(run_state *st, bp_monitor_stage stage, const bp_monitor_source *s,
                       const bp_import_summary *sum)
{
	bp_monitor_event ev = { .stage = stage, .source = s, .import = sum };
	const char *syn = sum->synthetic ? " [SYNTHETIC data]" : "";
	if (sum->already_loaded)
		say(st, ev, "import: %s already loaded%s", sum->what, syn);
	else if (sum->n_counts >= 2)
		say(st, ev, "import: %s: %ld %s, %ld %s%s", sum->what, sum->counts[0].n, sum->counts[0].unit,
		    sum->counts[1].n, sum->counts[1].unit, syn);
	else if (sum->n_counts == 1)
		say(st, ev, "import: %s: %ld %s%s", sum->what, sum->counts[0].n, sum->counts[0].unit, syn);
	else
		say(st, ev, "import: %s loaded%s", sum->what, syn);
}

/*
 * Which entry of the configuration a source is, the same from run to run:
 * its type and its one argument (a file or folder as an absolute path, a
 * table id), "statline-csv /srv/kwb_2024.csv", "cbs 50090NED".
 */
static const char *source_key(const bp_monitor_source *s, bp_arena *a)
{
	for (int i = 0; i < BP_IMPORT_MAX_KEYS && s->kind->keys[i].name; i++) {
		const bp_import_key *k = &s->kind->keys[i];
		if (!(k->flags & BP_KEY_ARG) || !s->args.v[i].str)
			continue;
		char *real = k->type == BP_KEY_PATH ? realpath(s->args.v[i].str, NULL) : NULL;
		const char *key = bp_arena_printf(a, "%s %s", s->type, real ? real : s->args.v[i].str);
		free(real);
		return key;
	}
	return s->type;
}

/*
 * A source failed (err): the run goes on with the figures loaded for it
 * before, marked stale, unless it is mandatory, the connection is gone, or
 * no run ever loaded it (then there is nothing to keep).  The importer's
 * transaction was rolled back; only a transaction it left open is closed
 * here.  Returns BP_OK to go on (err cleared), or the error to stop.
 */
static bp_rc source_failed(const bp_db *db, const bp_monitor_source *s, const char *key, int stage,
                           run_state *st, bp_rc rc, bp_error *err)
{
	char text[2048];
	if (!err->detail[0])
		bp_error_detail(err, "source of type %s at %s:%ld:%ld", s->type, s->loc.file, s->loc.line, s->loc.column);
	bp_error_format(err, text, sizeof(text));
	if (PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		bp_pg_rollback(db->conn);
	long kept = 0;
	bp_error e2 = { 0 };
	int can_go_on = !s->mandatory && PQstatus(db->conn) == CONNECTION_OK;
	if (can_go_on && bp_run_history_last_good(st->hist, key, &kept, &e2))
		kept = 0;
	if (!can_go_on || kept == 0) {
		/* The source's error is what the run reports, not a failure to record it. */
		bp_rc_ignore(bp_run_history_source(st->hist, key, "failed", 0, text, &e2));
		if (can_go_on && !err->hint[0])
			bp_error_hint(err, "no earlier run loaded this source, so there is nothing to keep; a source that "
			                   "was loaded once is kept (marked stale) when a later attempt fails");
		return rc;
	}
	if ((rc = bp_run_history_source(st->hist, key, "stale", kept, text, &e2))) {
		*err = e2;
		return rc;
	}
	st->res->stale++;
	say(st, (bp_monitor_event){ .stage = stage, .source = s, .error = bp_arena_strdup(st->a, text) },
	    "import: %s failed; the figures loaded before stay, marked stale", key);
	bp_error_clear(err);
	return BP_OK;
}

/* The sources of one pass: those that wait for the areas, or the others. */
static bp_rc load_sources(const bp_db *db, const bp_monitor *m, int after_areas, run_state *st,
                          bp_monitor_result *res, bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	int stage = after_areas ? BP_STAGE_EXPERIENCES : BP_STAGE_SOURCES;
	for (size_t i = 0; i < c->n_sources; i++) {
		const bp_monitor_source *s = &c->sources[i];
		if (!!(s->kind->flags & BP_IMPORTER_AFTER_AREAS) != after_areas)
			continue;
		bp_import_summary *sum = bp_arena_alloc(st->a, sizeof(*sum));
		const char *key = source_key(s, st->a);
		bp_rc rc = bp_import_run(db->conn, &s->args, st->a, sum, err);
		/* committed: the data is in, the failure was after (a survey's problem report). */
		if (rc && !sum->committed) {
			if ((rc = source_failed(db, s, key, stage, st, rc, err)))
				return rc;
			continue;
		}
		if (rc)
			return rc;
		if ((rc = bp_run_history_source(st->hist, key, sum->already_loaded ? "unchanged" : "fetched",
		                                sum->source_id, NULL, err)))
			return rc;
		if (sum->already_loaded)
			res->unchanged++;
		else
			res->loaded++;
		say_import(st, stage, s, sum);
	}
	return BP_OK;
}

static bp_rc compute(const bp_db *db, const bp_monitor *m, run_state *st, bp_monitor_result *res,
                     bp_error *err)
{
	bp_pipeline_input in = { &m->indicators, &m->composites, m->cfg.similar_k, 0 };
	PGconn *helper = NULL;
	bp_error ignored = { 0 };   /* max_connections reached: no helper, not a failure */
	if (bp_db_connect(db, &helper, &ignored))
		helper = NULL;
	bp_rc rc = bp_compute_pipeline(db->conn, helper, &in, &res->pipeline, err);
	if (helper)
		PQfinish(helper);
	if (rc)
		return rc;
	const bp_pipeline_result *pr = &res->pipeline;
	bp_monitor_event ev = { .stage = BP_STAGE_COMPUTE };
	say(st, ev, "compute: %ld computed, %ld unchanged, %ld without data", pr->indicators.computed,
	    pr->indicators.unchanged, pr->indicators.skipped);
	for (int i = 0; i < pr->indicators.n_skipped_ids; i++)
		say(st, ev, "compute: %s skipped: its source is not loaded", pr->indicators.skipped_ids[i]);
	say(st, ev, "composites: %ld computed, %ld without data", pr->composites.computed, pr->composites.skipped);
	say(st, ev, "compare: %ld %s, %ld in the worst decile", pr->compare.rows,
	    BP_PL(pr->compare.rows, "comparison", "comparisons"), pr->compare.flagged);
	return BP_OK;
}

/* The fingerprints of this run's outputs (run/fingerprint.h). */
typedef struct run_fps {
	const char *common;
	const char **gemeente;      /* [n_gemeenten] */
	const char *all;            /* pages across the gemeenten */
	const char *index;          /* OUT/index.html */
} run_fps;

/* The gemeenten's fingerprints as jobs on the report workers: each is one query that folds a gemeente's rows on
 * the server (~0.1-0.3 s; ~50 s for the 342 gemeenten of Nederland on one connection, while every core but the
 * server's waited).  A job keeps its hash in its own slot (the arena is the caller's); done copies it. */
typedef struct fp_jobs {
	const bp_monitor_config *c;
	const char *common;
	char (*hex)[BP_FP_HEX + 1];   /* [n_gemeenten] */
	const char **out;
	bp_arena *a;
} fp_jobs;

static bp_rc fp_job(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	fp_jobs *j = ctx;
	bp_arena *t = bp_arena_new();
	const char *fp = NULL;
	bp_rc rc = bp_fp_gemeente(conn, j->common, j->c->gemeenten[i], t, &fp, err);
	if (rc == BP_OK)
		snprintf(j->hex[i], sizeof(j->hex[i]), "%s", fp);
	bp_arena_free(t);
	return rc;
}

static void fp_done(void *ctx, size_t i)
{
	fp_jobs *j = ctx;
	j->out[i] = bp_arena_strdup(j->a, j->hex[i]);
}

static bp_rc fingerprints(const bp_db *db, const bp_monitor *m, bp_arena *a, run_fps *f, bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	f->gemeente = bp_arena_alloc(a, (c->n_gemeenten + 1) * sizeof(*f->gemeente));
	bp_rc rc = bp_fp_common(c, a, &f->common, err);
	if (rc == BP_OK) {
		const bp_report_workers workers = bp_report_workers_for(db, c->jobs);
		fp_jobs j = { c, f->common, calloc(c->n_gemeenten + 1, sizeof(*j.hex)), f->gemeente, a };
		rc = j.hex ? bp_report_workers_run(&workers, db->conn, c->n_gemeenten, fp_job, fp_done, &j, NULL, err)
		           : bp_fail(err, BP_ERR_IO, "out of memory for %zu fingerprints", c->n_gemeenten);
		free(j.hex);
	}
	if (rc == BP_OK)
		rc = bp_fp_all(db->conn, f->common, c->gemeenten, f->gemeente, c->n_gemeenten, a, &f->all, err);
	if (rc == BP_OK)
		rc = bp_fp_index(db->conn, f->common, c->gemeenten, c->n_gemeenten, a, &f->index, err);
	return rc;
}

/* Whether the output group key must be rendered: its fingerprint changed, m->full, or its main file is gone. */
static int stale_output(const bp_monitor *m, const bp_manifest *man, const char *key, const char *fp,
                        const char *main_file)
{
	const char *was = bp_manifest_get(man, key);
	return m->full || !was || strcmp(was, fp) != 0 || (main_file && access(main_file, F_OK) != 0);
}

/* The line of a gemeente done: how many of n, pages and files so far, their rate, the time left. */
static void say_done(run_state *st, bp_monitor_event ev, const char *what, size_t done, size_t n, long pages,
                     long files, const char *unit_one, const char *unit_many, const struct timespec *t0)
{
	char tail[256];
	bp_progress_gemeenten(tail, sizeof(tail), done, n, pages, files, unit_one, unit_many, seconds_since(t0));
	say(st, ev, "%s %s", what, tail);
}

/* bp_site_reuse.progress: the site's gemeenten as they are done. */
typedef struct site_progress {
	run_state *st;
	const char *site;
	struct timespec t0;
} site_progress;

static void site_gemeente_done(void *ctx, const char *gemeente, size_t done, size_t n, const bp_site_result *res)
{
	site_progress *p = ctx;
	say_done(p->st, (bp_monitor_event){ .stage = BP_STAGE_SITE, .gemeente = gemeente },
	         bp_arena_printf(p->st->a, "publish: %s/%s.html", p->site, gemeente), done, n, res->pages, res->files,
	         "file", "files", &p->t0);
}

/* The reports stage: the pages, PDFs and needs overviews of the gemeenten to render, then the index. */
static bp_rc reports(const bp_db *db, const bp_monitor *m, run_state *st, bp_monitor_result *res, bp_manifest *man,
                     const char *man_path, const run_fps *fp, const int *render, int index, bp_needs_kept *needs,
                     bp_report_result *rres, bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	bp_rc rc;
	/* The pages of areas over the workers, each on its own connection (the same files for any number). */
	const bp_report_workers workers = bp_report_workers_for(db, c->jobs);
	bp_report_options ro = { .output_dir = c->output_dir, .indicators = &m->indicators, .layout = &m->layout,
	                         .effects_href = c->interventions_dir ? "interventions/index.html" : NULL,
	                         .site_href = c->want_site ? "site/index.html" : NULL, .lang = c->lang,
	                         .workers = workers, .no_png = !c->want_png, .needs_kept = needs };
	size_t n_render = 0, done = 0;
	for (size_t i = 0; i < c->n_gemeenten; i++)
		n_render += render[i] != 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < c->n_gemeenten; i++) {
		bp_monitor_event ev = { .stage = BP_STAGE_REPORTS, .gemeente = c->gemeenten[i] };
		if (!render[i]) {
			res->kept++;
			say(st, ev, "report: %s/%s.html unchanged", c->output_dir, c->gemeenten[i]);
			continue;
		}
		if ((rc = bp_report_gemeente_files(db->conn, &ro, c->gemeenten[i], c->want_pdf, c->want_needs, rres, err)))
			return rc;
		bp_manifest_set(man, bp_arena_printf(st->a, "gemeente %s", c->gemeenten[i]), fp->gemeente[i]);
		if ((rc = bp_sync_folder(c->output_dir, err)) || (rc = bp_manifest_save(man, man_path, err)))
			return rc;
		say_done(st, ev, bp_arena_printf(st->a, "report: %s/%s.html", c->output_dir, c->gemeenten[i]), ++done,
		         n_render, rres->pages, rres->charts, "chart", "charts", &t0);
	}
	if (!index)
		res->kept++;
	else if ((rc = bp_report_index(db->conn, &ro, c->gemeenten, c->n_gemeenten, rres, err)))
		return rc;
	return BP_OK;
}

/* The effect reports (OUT/interventions/) as a job beside the gemeenten's pages (report/workers.h). */
typedef struct effects_job {
	bp_effect_report_options opt;
	bp_effect_report_result res;
} effects_job;

static bp_rc effects_run(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	(void)i;
	effects_job *j = ctx;
	return bp_report_interventions(conn, &j->opt, &j->res, err);
}

static void needs_kept_free(void *k)
{
	bp_needs_kept_free(k);
}

/* Everything after the role switch: pages, PDFs, needs, index, effect reports, site; only what changed. */
static bp_rc publish_files(const bp_db *db, const bp_monitor *m, run_state *st, bp_monitor_result *res,
                           bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	bp_report_result rres = { 0 };
	bp_rc rc;
	if ((rc = enter(st, BP_STAGE_REPORTS, err)))
		return rc;
	run_fps fp;
	bp_manifest man;
	const char *man_path = bp_path_join(st->a, c->output_dir, ".buurtpeil-manifest");
	if ((rc = fingerprints(db, m, st->a, &fp, err)) ||
	    (rc = bp_mkdir_p(c->output_dir, 0755, err)))
		return rc;
	/* A manifest that cannot be read (edited by hand) is as none: everything is rendered and it is
	 * written anew. */
	bp_error ignored = { 0 };
	if (bp_manifest_load(man_path, st->a, &man, &ignored))
		bp_manifest_init(&man, st->a);
	/* Which groups are rendered; their entries go before anything is written, so a run that is
	 * killed half-way leaves no entry claiming files it did not finish. */
	int *render = bp_arena_alloc(st->a, (c->n_gemeenten + 1) * sizeof(int));
	int any = 0;
	for (size_t i = 0; i < c->n_gemeenten; i++) {
		const char *key = bp_arena_printf(st->a, "gemeente %s", c->gemeenten[i]);
		render[i] = stale_output(m, &man, key, fp.gemeente[i],
		                         bp_arena_printf(st->a, "%s/%s.html", c->output_dir, c->gemeenten[i]));
		if (render[i])
			bp_manifest_set(&man, key, NULL);
		any |= render[i];
	}
	int index = stale_output(m, &man, "index", fp.index, bp_path_join(st->a, c->output_dir, "index.html"));
	int effects = c->interventions_dir &&
	              stale_output(m, &man, "interventions", fp.all,
	                           bp_path_join(st->a, c->output_dir, "interventions/index.html"));
	if (index)
		bp_manifest_set(&man, "index", NULL);
	if (effects)
		bp_manifest_set(&man, "interventions", NULL);
	if ((any || index || effects) && (rc = bp_manifest_save(&man, man_path, err)))
		return rc;
	/* From here the files are made durable per group, not each (thousands of fsyncs, each a journal
	 * commit): one syncfs before the manifest claims the group (a crash before leaves it unclaimed,
	 * rendered again by the next run). */
	bp_fsync_defer_under(c->output_dir);

	/* The effect reports share nothing with the gemeenten's pages but read-only data, and write a folder of
	 * their own: written beside them, taken in at the interventions stage. */
	effects_job ej = { .opt = { .dir = bp_path_join(st->a, c->output_dir, "interventions"),
	                                      .indicators = &m->indicators, .interventions = &m->interventions,
	                                      .effect = &m->effect, .read_only = 1, .lang = c->lang } };
	const bp_report_workers workers = bp_report_workers_for(db, c->jobs);
	bp_report_beside *beside = effects ? bp_report_beside_start(&workers, db->conn, effects_run, &ej) : NULL;
	/* The needs overviews read for out/ are the site's too (the same function on the same data): kept between
	 * the two stages, each released once the site wrote it. */
	bp_needs_kept *needs = c->want_site && c->want_needs ? bp_needs_kept_new(c->gemeenten, c->n_gemeenten, c->lang)
	                                                     : NULL;
	if (needs)
		bp_arena_on_free(st->a, needs_kept_free, needs);
	rc = reports(db, m, st, res, &man, man_path, &fp, render, index, needs, &rres, err);
	bp_error berr = { 0 };
	bp_rc brc = effects ? bp_report_beside_join(beside, &berr) : BP_OK;
	if (rc)
		return rc;
	res->pages = rres.pages;
	res->charts = rres.charts;

	/* Effect reports are the workgroup's: OUT/interventions/; the site (OUT/site/interventions/)
	 * gets a copy only with publish_effects. */
	const char *published_effects = NULL;
	if (c->interventions_dir) {
		if ((rc = enter(st, BP_STAGE_INTERVENTIONS, err)))
			return rc;
		const char *dir = ej.opt.dir;
		if (!effects) {
			res->kept++;
			say(st, (bp_monitor_event){ .stage = BP_STAGE_INTERVENTIONS }, "interventions: %s unchanged", dir);
		} else {
			if (brc) {
				*err = berr;
				return brc;
			}
			res->effect_reports = ej.res.reports;
			res->estimates = ej.res.estimates;
			say(st, (bp_monitor_event){ .stage = BP_STAGE_INTERVENTIONS },
			    "interventions: %ld %s, %ld %s in %s", ej.res.reports,
			    BP_PL(ej.res.reports, "effect report", "effect reports"), ej.res.estimates,
			    BP_PL(ej.res.estimates, "estimate", "estimates"), dir);
		}
		if (c->publish_effects)
			published_effects = dir;
	}
	bp_manifest_set(&man, "index", fp.index);
	if (c->interventions_dir)
		bp_manifest_set(&man, "interventions", fp.all);
	if ((any || index || effects) &&
	    ((rc = bp_sync_folder(c->output_dir, err)) || (rc = bp_manifest_save(&man, man_path, err))))
		return rc;
	if (c->want_site) {
		if ((rc = enter(st, BP_STAGE_SITE, err)))
			return rc;
		bp_site_result sres;
		const char *site = bp_path_join(st->a, c->output_dir, "site");
		/* The PDFs the reports just wrote are the site's too (the same function and scope): linked, not drawn
		 * twice. */
		site_progress sp = { .st = st, .site = site };
		clock_gettime(CLOCK_MONOTONIC, &sp.t0);
		bp_site_reuse reuse = { .fingerprints = fp.gemeente, .fingerprint = fp.all, .full = m->full,
		                        /* with pdf: false only the profiles' SVG charts are linked (no_pdf) */
		                        .pdf_dir = c->output_dir, .pdfs_written = render,
		                        .pdf_lang = c->lang, .no_pdf = !c->want_pdf,
		                        .no_area_downloads = !c->area_downloads, .buurt_map_wijken = c->buurt_map_wijken,
		                        .narrow_only = c->area_charts_narrow,
		                        .progress = site_gemeente_done, .ctx = &sp,
		                        .workers = workers, .needs = needs };
		if ((rc = bp_site_publish_reuse(db->conn, &m->indicators, &m->layout, c->gemeenten, c->n_gemeenten, site,
		                                published_effects, &reuse, c->lang, &sres, err)))
			return rc;
		res->pages += sres.pages;
		res->site_areas = sres.areas;
		res->site_workers = sres.workers;
		if (sres.unchanged) {
			res->kept++;
			say(st, (bp_monitor_event){ .stage = BP_STAGE_SITE }, "publish: %s/index.html unchanged", site);
		} else {
			say(st, (bp_monitor_event){ .stage = BP_STAGE_SITE },
			    "publish: %s/index.html (%ld %s; %ld %s unchanged, %ld %s kept)", site, sres.areas,
			    BP_PL(sres.areas, "area", "areas"), sres.gemeenten_kept, BP_PL(sres.gemeenten_kept, "gemeente", "gemeenten"),
			    sres.kept, BP_PL(sres.kept, "file", "files"));
		}
	}
	return BP_OK;
}

/* publish_files, and every file written after it fsynced again (bp_fsync_defer_under). */
static bp_rc publish(const bp_db *db, const bp_monitor *m, run_state *st, bp_monitor_result *res, bp_error *err)
{
	bp_rc rc = publish_files(db, m, st, res, err);
	bp_fsync_defer_end(m->cfg.output_dir);
	return rc;
}

/*
 * The on_change command with the digest's path as its last argument.  A
 * command that cannot start or fails is a warning, not a failed run: the
 * reports are out, and its own output says why (it inherits stderr).
 * posix_spawnp rather than system(): no shell between the configuration's
 * words and the program.
 */
static void on_change(const bp_monitor *m, const char *path, run_state *st)
{
	const bp_monitor_config *c = &m->cfg;
	char **argv = bp_arena_alloc(st->a, (c->n_on_change + 2) * sizeof(*argv));
	for (size_t i = 0; i < c->n_on_change; i++)
		argv[i] = (char *)c->on_change[i];
	argv[c->n_on_change] = (char *)path;
	argv[c->n_on_change + 1] = NULL;
	extern char **environ;
	pid_t pid;
	int status = 0, e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (e == 0 && waitpid(pid, &status, 0) < 0)
		e = -1;
	if (e != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		const char *why = e > 0 ? bp_arena_printf(st->a, "cannot start it: %s", strerror(e))
		                  : WIFEXITED(status) ? bp_arena_printf(st->a, "exit status %d", WEXITSTATUS(status))
		                                      : "killed by a signal";
		say(st, (bp_monitor_event){ .stage = BP_STAGE_DIGEST, .error = why }, "on_change: %s %s: %s", argv[0], path,
		    why);
		return;
	}
	say(st, (bp_monitor_event){ .stage = BP_STAGE_DIGEST }, "on_change: %s %s", argv[0], path);
}

/* Per gemeente what changed since the previous published run, and the hook for each that changed. */
static bp_rc digests(const bp_db *db, const bp_monitor *m, run_state *st, bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	const char *dir = m->digest_dir ? m->digest_dir : c->output_dir;
	for (size_t i = 0; i < c->n_gemeenten; i++) {
		bp_digest d;
		bp_rc rc = bp_digest_write(db->conn, st->res->run_id, c->name, c->gemeenten[i], dir, c->lang, st->a, &d, err);
		if (rc)
			return rc;
		st->res->digest_changes += d.changes;
		say(st, (bp_monitor_event){ .stage = BP_STAGE_DIGEST, .gemeente = c->gemeenten[i] },
		    "digest: %s (%ld %s)", d.txt_path, d.changes, BP_PL(d.changes, "change", "changes"));
		if (d.changes && c->n_on_change)
			on_change(m, d.txt_path, st);
	}
	return BP_OK;
}

/* The stages in order; the stage that fails stays in res->stage. */
static bp_rc run_stages(const bp_db *db, const bp_monitor *m, run_state *st, bp_error *err)
{
	const bp_monitor_config *c = &m->cfg;
	bp_monitor_result *res = st->res;
	bp_arena *a = st->a;
	bp_rc rc;

	res->stage = BP_STAGE_SOURCES;
	if ((rc = load_sources(db, m, 0, st, res, err)))
		return rc;
	/* gemeenten: all: the gemeenten are known now that the sources are loaded. */
	bp_monitor whole;
	if (c->all_gemeenten) {
		whole = *m;
		if ((rc = bp_monitor_resolve_gemeenten(db->conn, &whole.cfg, a, err)))
			return rc;
		m = &whole;
		c = &whole.cfg;
		say(st, (bp_monitor_event){ .stage = BP_STAGE_SOURCES }, "gemeenten: all: %zu %s", c->n_gemeenten,
		    BP_PL(c->n_gemeenten, "gemeente", "gemeenten"));
	} else if ((rc = bp_monitor_check_gemeenten(db->conn, c, err))) {
		return rc;
	}
	if ((rc = enter(st, BP_STAGE_AREAS, err)))
		return rc;
	if (c->areas_dir) {
		bp_custom_area_set areas;
		if ((rc = bp_custom_areas_load_dir(c->areas_dir, a, &areas, err)) ||
		    (rc = bp_custom_areas_store(db->conn, &areas, err)))
			return rc;
		/* Drawn areas: their shares now, from the borders the sources just loaded. */
		bp_custom_overlay_result ov;
		if ((rc = bp_custom_overlay_build(db->conn, 0, &ov, err)))
			return rc;
		res->custom_areas = (long)areas.n;
		if (ov.polygons)
			say(st, (bp_monitor_event){ .stage = BP_STAGE_AREAS }, "areas: %zu custom %s, %ld drawn "
			    "(%ld %s, %ld not covered by the borders of a level)", areas.n,
			    BP_PL(areas.n, "area", "areas"), ov.polygons, ov.overlays, BP_PL(ov.overlays, "overlay", "overlays"),
			    ov.uncovered);
		else
			say(st, (bp_monitor_event){ .stage = BP_STAGE_AREAS }, "areas: %zu custom %s", areas.n,
			    BP_PL(areas.n, "area", "areas"));
	}
	if ((rc = enter(st, BP_STAGE_EXPERIENCES, err)) ||
	    (rc = load_sources(db, m, 1, st, res, err)) ||
	    (rc = enter(st, BP_STAGE_COMPUTE, err)))
		return rc;
	if (c->references_given &&
	    (rc = bp_custom_references_store(db->conn, c->ref_scopes, c->ref_codes, c->n_references, err)))
		return rc;
	if ((rc = compute(db, m, st, res, err)) ||
	    (rc = bp_run_history_flags(st->hist, c->gemeenten, c->n_gemeenten, a, err)) ||
	    (rc = bp_run_snapshot_values(st->hist, c->gemeenten, c->n_gemeenten, a, err)))
		return rc;
	/* The effect estimates are stored while this session may still write. */
	if ((rc = enter(st, BP_STAGE_EFFECTS, err)))
		return rc;
	long n_effects = 0;
	if ((c->interventions_dir && (rc = bp_effects_store_all(db->conn, &m->interventions, &m->effect, &n_effects, err))) ||
	    (rc = bp_run_snapshot_verdicts(st->hist, err)))
		return rc;
	/* Reports as buurtpeil_publish: they can read survey aggregates, never microdata. */
	if ((rc = enter(st, BP_STAGE_PUBLISH_ROLE, err)) ||
	    (rc = bp_db_publish_role(db->conn, err)) ||
	    /* From here on many short reads (per gemeente, per area) whose estimated cost over the
	     * national tables passes jit_above_cost: JIT compiled each for ~0.6 s, e.g. the digest's
	     * query of new periods took 0.6 s per gemeente of which 0.59 s was JIT, for no rows. */
	    (rc = bp_pg_exec(db->conn, "SET jit = off", err)) ||
	    (rc = publish(db, m, st, res, err)) ||
	    (rc = enter(st, BP_STAGE_DIGEST, err)) ||
	    (rc = digests(db, m, st, err)))
		return rc;
	return close_stage(st, err);
}

/* Runs on the maintainer's page OUT/runs.html. */
#define RUNS_ON_PAGE 50

bp_rc bp_monitor_run(const bp_db *db, const bp_monitor *m, bp_monitor_progress_fn progress, void *ctx,
                     bp_arena *a, bp_monitor_result *res, bp_error *err)
{
	bp_run_history hist;
	run_state st = { progress, ctx, a, &hist, res, { 0, 0 }, { 0 } };
	memset(res, 0, sizeof(*res));
	bp_buf_init(&st.lines);
	clock_gettime(CLOCK_MONOTONIC, &st.stage_t0);
	/* First the lock: a second run of this monitor is refused before it touches anything. */
	bp_rc rc = bp_run_history_open(db, m->cfg.name, m->cfg.path, &hist, err);
	if (rc)
		return rc;
	res->run_id = hist.run_id;
	rc = run_stages(db, m, &st, err);
	if (!rc)
		res->stage = BP_STAGE_DONE;
	char text[2048] = "";
	if (rc)
		bp_error_format(err, text, sizeof(text));
	bp_error e2 = { 0 };
	bp_rc end = bp_run_history_end(&hist, rc ? 1 : res->stale ? 3 : 0, rc ? text : NULL, &e2);
	/* The maintainer's page, with this run's end in it, by a run that published: a failed run
	 * leaves the output folder as it was (its failure is on the page of the next run that
	 * publishes, and in `buurtpeil runs`). */
	if (!rc && !end && access(m->cfg.output_dir, W_OK) == 0 &&
	    (end = bp_report_runs_page(hist.conn, m->cfg.name, RUNS_ON_PAGE,
	                               bp_path_join(a, m->cfg.output_dir, "runs.html"), m->cfg.lang, &e2))) {
		/* The run did not finish what it set out to do: its record says so. */
		bp_error_format(&e2, text, sizeof(text));
		bp_rc_ignore(bp_run_history_end(&hist, 1, text, &(bp_error){ 0 }));
	}
	bp_run_history_close(&hist);
	bp_buf_release(&st.lines);
	if (!rc && end) {
		*err = e2;
		rc = end;
	}
	return rc;
}

const char *bp_monitor_as_of_dir(const bp_monitor *m, const char *date, bp_arena *a)
{
	return bp_arena_printf(a, "%s/stand-%s", m->cfg.output_dir, date);
}

bp_rc bp_monitor_run_as_of(const bp_db *live, const bp_monitor *m, const char *date, bp_monitor_progress_fn progress,
                           void *ctx, bp_arena *a, bp_monitor_result *res, bp_error *err)
{
	memset(res, 0, sizeof(*res));
	run_state st = { progress, ctx, a, NULL, res, { 0, 0 }, { 0 } };
	bp_buf_init(&st.lines);
	clock_gettime(CLOCK_MONOTONIC, &st.stage_t0);
	/* The monitor as it is, written elsewhere and whole: the folder of the date holds pages stamped with
	 * it, which no fingerprint of the live run describes. */
	bp_monitor at = *m;
	at.cfg.output_dir = bp_monitor_as_of_dir(m, date, a);
	at.full = 1;
	/* gemeenten: all: those the live database knows (its sources as they are now). */
	bp_rc rrc = bp_monitor_resolve_gemeenten(live->conn, &at.cfg, a, err);
	if (!rrc)
		rrc = bp_monitor_check_gemeenten(live->conn, &at.cfg, err);
	if (rrc) {
		bp_buf_release(&st.lines);
		return rrc;
	}
	bp_asof s;
	bp_pipeline_input in = { &m->indicators, &m->composites, m->cfg.similar_k, 1 };
	res->stage = BP_STAGE_COMPUTE;
	bp_rc rc = bp_asof_open(live, date, &in, a, &s, err);
	if (rc) {
		bp_buf_release(&st.lines);
		return rc;
	}
	res->pipeline = s.pipeline;
	res->sources_then = s.sources;
	say(&st, (bp_monitor_event){ .stage = BP_STAGE_COMPUTE },
	    "as of %s: %ld %s current then, %ld %s computed apart (the live figures untouched)", date, s.sources,
	    BP_PL(s.sources, "source", "sources"), s.pipeline.indicators.computed,
	    BP_PL(s.pipeline.indicators.computed, "indicator", "indicators"));
	bp_html_set_stamp(s.label);
	long n_effects = 0;
	if ((rc = enter(&st, BP_STAGE_EFFECTS, err)) ||
	    (m->cfg.interventions_dir &&
	     (rc = bp_effects_store_all(s.db.conn, &m->interventions, &m->effect, &n_effects, err))) ||
	    (rc = enter(&st, BP_STAGE_PUBLISH_ROLE, err)) ||
	    (rc = bp_db_publish_role(s.db.conn, err)) ||
	    (rc = bp_pg_exec(s.db.conn, "SET jit = off", err)) ||   /* as in run_stages */
	    (rc = publish(&s.db, &at, &st, res, err)))
		goto out;
	res->stage = BP_STAGE_DONE;
out:
	bp_html_set_stamp(NULL);
	bp_asof_close(live, &s);
	bp_buf_release(&st.lines);
	return rc;
}

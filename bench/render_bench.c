/*
 * render_bench.c: the C side of bench/render.sh (not a test).
 *
 *   bp-render-bench ranking DIR N    25-bar ranking (DIR/ranking.tsv) as PNG, N times
 *   bp-render-bench ranking-new DIR N  only its batch of N rankings with all labels new (PNG)
 *   bp-render-bench ranking-new-svg DIR N  the same as SVG
 *   bp-render-bench ranking-batches DIR B N  B batches of N rankings with all labels new, PNG
 *                                    and SVG alternately: each batch's CPU ms per chart,
 *                                    and the median and minimum of the batches
 *   bp-render-bench profile DIR N    a district profile (DIR/profile.tsv): profile chart
 *                                    and age structure as PNG, N times
 *   bp-render-bench all-nl CSV OUT   every buurt of the all-NL KWB 2024 StatLine CSV:
 *                                    its profile chart and age structure as PNG files in OUT
 *
 * Prints "key value" lines for the script.  The TSV files come from
 * bench/render_data.py, which matplotlib's side reads too.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cairo.h>

#include "core/arena.h"
#include "core/error.h"
#include "render/agestructure.h"
#include "render/barchart.h"
#include "render/profile.h"

#define SOURCE "Bron: CBS, Kerncijfers wijken en buurten 2024 (CC BY 4.0); bewerking buurtpeil"
#define MAX_ROWS 64

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process: the machine is shared, wall time includes waiting for a core. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * A digest of every picture a loop made, printed beside its time: a change
 * meant to be faster must leave the bytes of every chart as they were, new
 * labels included (issue 23 item 3).  FNV-1a over the PNG bytes; its own
 * CPU time is taken out of the loop's (fold_ms).
 */
static unsigned long long digest = 14695981039346656037ull;
static double fold_ms;

static void fold(const unsigned char *p, size_t n)
{
	double c0 = cpu_ms();
	unsigned long long h = digest;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	digest = h;
	fold_ms += cpu_ms() - c0;
}

/* With BP_BENCH_DUMP=DIR, every picture of the loops is written there too (to compare by hand). */
static void dump(const unsigned char *p, size_t n, const char *what, int i)
{
	const char *dir = getenv("BP_BENCH_DUMP");
	if (!dir)
		return;
	double c0 = cpu_ms();
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s-%04d.png", dir, what, i);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
	fold_ms += cpu_ms() - c0;
}

static int die(const bp_error *err)
{
	fprintf(stderr, "bp-render-bench: %s\n", err->message);
	return 1;
}

/* Fields of one TSV line, split in place. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = 0;
	for (char *s = line; n < max;) {
		f[n++] = s;
		char *t = strchr(s, '\t');
		if (!t)
			break;
		*t = 0;
		s = t + 1;
	}
	return n;
}

static FILE *open_in(const char *dir, const char *name)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "r");
	if (!f)
		fprintf(stderr, "bp-render-bench: %s: %s\n", p, strerror(errno));
	return f;
}

/* --- ranking ------------------------------------------------------------- */

/*
 * A batch of n rankings whose labels are all new (issue 23, item 3): each
 * render has other names (the bar names, references, title and subtitle
 * with the render's number) and other values, as rankings of other
 * gemeenten: nothing of it is in the layout cache but the tick labels.
 * The names are made before the clock starts.  *cms: CPU ms per chart.
 */
static int new_labels(bp_barchart *c, bp_bar *bars, size_t nb, bp_refline *refs, size_t nr,
                      const double *base, int n, bp_image_format fmt, double *cms)
{
	bp_error err = { 0 };
	char (*names)[MAX_ROWS + 4][64] = malloc(sizeof(*names) * (size_t)n);
	const char *saved[MAX_ROWS + 4];
	for (size_t j = 0; j < nb; j++)
		saved[j] = bars[j].label;
	for (size_t j = 0; j < nr; j++)
		saved[nb + j] = refs[j].label;
	const char *title = c->title, *subtitle = c->subtitle;
	/* Numbered on from the last batch: a second batch's names are new too. */
	static int batches;
	for (int i = 0; i < n; i++)
		for (size_t j = 0; j < nb + nr; j++)
			snprintf(names[i][j], sizeof(names[i][j]), "%.40s %d", saved[j], batches * n + i + 1);
	batches++;
	digest = 14695981039346656037ull;
	fold_ms = 0;
	double c0 = cpu_ms();
	for (int i = 0; i < n; i++) {
		for (size_t j = 0; j < nb; j++) {
			bars[j].label = names[i][j];
			bars[j].value = base[j] + 0.1 * (i + 1) + 0.01 * (double)j;
		}
		for (size_t j = 0; j < nr; j++)
			refs[j].label = names[i][nb + j];
		c->title = names[i][0];
		c->subtitle = names[i][1];
		unsigned char *v;
		size_t lv;
		if (bp_barchart_render(c, fmt, &v, &lv, &err))
			return die(&err);
		fold(v, lv);
		if (fmt == BP_IMAGE_PNG)
			dump(v, lv, "new", i);
		free(v);
	}
	*cms = (cpu_ms() - c0 - fold_ms) / n;
	printf("ranking_newlabels%s_digest %016llx\n", fmt == BP_IMAGE_SVG ? "_svg" : "", digest);
	for (size_t j = 0; j < nb; j++)
		bars[j].label = saved[j];
	for (size_t j = 0; j < nr; j++)
		refs[j].label = saved[nb + j];
	c->title = title;
	c->subtitle = subtitle;
	free(names);
	return 0;
}

/* What bench_ranking does: the whole table, one batch of new labels (PNG or SVG), or batches. */
enum ranking_mode { RANKING_ALL, RANKING_NEW_PNG, RANKING_NEW_SVG, RANKING_BATCHES };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * b batches of n new-label rankings as PNG and as SVG, alternately (so that
 * a busy spell of the shared machine falls on both): each batch's CPU ms
 * per chart, then per format the median and the minimum of the batches.
 * Why batches: one long loop gives one figure, and runs of the same code
 * differed by ~25 % on this machine (bench/RESULTS.md); the spread of the
 * batches shows the noise, their minimum what the code does undisturbed.
 */
static int ranking_batches(bp_barchart *c, bp_bar *bars, size_t nb, bp_refline *refs, size_t nr,
                           const double *base, int b, int n)
{
	static const bp_image_format fmts[2] = { BP_IMAGE_PNG, BP_IMAGE_SVG };
	static const char *const names[2] = { "png", "svg" };
	double *ms = malloc(sizeof(double) * 2 * (size_t)b);
	if (!ms)
		return 1;
	for (int i = 0; i < b; i++)
		for (int f = 0; f < 2; f++)
			if (new_labels(c, bars, nb, refs, nr, base, n, fmts[f], &ms[f * b + i])) {
				free(ms);
				return 1;
			}
	for (int f = 0; f < 2; f++) {
		double *m = ms + f * b;
		printf("ranking_newlabels_%s_batches", names[f]);
		for (int i = 0; i < b; i++)
			printf(" %.3f", m[i]);
		printf("\n");
		qsort(m, (size_t)b, sizeof(double), cmp_double);
		printf("ranking_newlabels_%s_median_ms %.3f\n", names[f],
		       b % 2 ? m[b / 2] : (m[b / 2 - 1] + m[b / 2]) / 2);
		printf("ranking_newlabels_%s_min_ms %.3f\n", names[f], m[0]);
	}
	free(ms);
	return 0;
}

static int bench_ranking(const char *dir, int n, enum ranking_mode mode, int batches)
{
	static char text[MAX_ROWS][3][256];
	bp_bar bars[MAX_ROWS];
	bp_refline refs[4];
	size_t nb = 0, nr = 0;
	bp_barchart c = { .unit = "%", .decimals = 1, .width = 800 };
	char line[1024], *f[4];
	FILE *in = open_in(dir, "ranking.tsv");
	if (!in)
		return 1;
	for (int i = 0; fgets(line, sizeof(line), in) && i < MAX_ROWS; i++) {
		int k = split(line, f, 4);
		snprintf(text[i][0], sizeof(text[i][0]), "%s", k > 1 ? f[1] : "");
		if (strcmp(f[0], "title") == 0)
			c.title = text[i][0];
		else if (strcmp(f[0], "subtitle") == 0)
			c.subtitle = text[i][0];
		else if (strcmp(f[0], "source") == 0)
			c.source = text[i][0];
		else if (strcmp(f[0], "ref") == 0 && k == 3 && nr < 4)
			refs[nr++] = (bp_refline){ text[i][0], strtod(f[2], NULL) };
		else if (strcmp(f[0], "bar") == 0 && k == 3)
			bars[nb++] = (bp_bar){ text[i][0], strtod(f[2], NULL), NULL, 0 };
	}
	fclose(in);
	c.bars = bars;
	c.n_bars = nb;
	c.refs = refs;
	c.n_refs = nr;

	bp_error err = { 0 };
	unsigned char *png;
	size_t len;
	if (bp_barchart_render(&c, BP_IMAGE_PNG, &png, &len, &err)) /* warm-up: fonts, caches */
		return die(&err);
	double t0 = now_ms(), c0 = cpu_ms();
	for (int i = 0; i < (mode == RANKING_ALL ? n : 0); i++) {
		free(png);
		if (bp_barchart_render(&c, BP_IMAGE_PNG, &png, &len, &err))
			return die(&err);
	}
	double ms = (now_ms() - t0) / n, cms = (cpu_ms() - c0) / n;

	/*
	 * The loop above draws the same chart again, so every label is in the
	 * layout cache (lib/render/textcache.c).  Here each render has other
	 * values (all shifted by 0.1 more each time): value labels are new
	 * text, as in a batch of rankings of different data.
	 */
	double base[MAX_ROWS];
	for (size_t i = 0; i < nb; i++)
		base[i] = bars[i].value;
	if (mode == RANKING_NEW_PNG || mode == RANKING_NEW_SVG) { /* for callgrind: the batch of new labels alone */
		double new_cms;
		int svg = mode == RANKING_NEW_SVG;
		if (new_labels(&c, bars, nb, refs, nr, base, n, svg ? BP_IMAGE_SVG : BP_IMAGE_PNG, &new_cms))
			return 1;
		printf("ranking_newlabels%s_cpu_ms %.4f\n", svg ? "_svg" : "", new_cms);
		free(png);
		return 0;
	}
	if (mode == RANKING_BATCHES) {
		int rc = ranking_batches(&c, bars, nb, refs, nr, base, batches, n);
		free(png);
		return rc;
	}
	/*
	 * With BP_BENCH_VARIED_FROM=K the loop starts at its K-th chart: with
	 * BP_BENCH_DUMP, each of its pictures can be compared with the same
	 * chart drawn after the K before it (a chart's pixels must not depend
	 * on what was drawn before it, lib/render/halo.c).
	 */
	const char *from = getenv("BP_BENCH_VARIED_FROM");
	int first = from ? atoi(from) : 0;
	digest = 14695981039346656037ull;
	fold_ms = 0;
	double c1 = cpu_ms();
	for (int i = first; i < n; i++) {
		for (size_t j = 0; j < nb; j++)
			bars[j].value = base[j] + 0.1 * (i + 1);
		unsigned char *v;
		size_t lv;
		if (bp_barchart_render(&c, BP_IMAGE_PNG, &v, &lv, &err))
			return die(&err);
		fold(v, lv);
		dump(v, lv, "varied", i);
		free(v);
	}
	double varied_cms = (cpu_ms() - c1 - fold_ms) / (n > first ? n - first : 1);
	printf("ranking_varied_digest %016llx\n", digest);

	double new_cms, new_svg_cms;
	if (new_labels(&c, bars, nb, refs, nr, base, n, BP_IMAGE_PNG, &new_cms))
		return 1;
	/*
	 * The same batch as SVG, the format of the published site's charts:
	 * other names again (the render number is in every label), so the
	 * layout cache misses as above.
	 */
	if (new_labels(&c, bars, nb, refs, nr, base, n, BP_IMAGE_SVG, &new_svg_cms))
		return 1;
	for (size_t i = 0; i < nb; i++)
		bars[i].value = base[i];

	/* Cairo's own PNG writer on the same picture, for the record. */
	char p[4096];
	snprintf(p, sizeof(p), "%s/ranking-c.png", dir);
	FILE *o = fopen(p, "wb");
	if (o) {
		fwrite(png, 1, len, o);
		fclose(o);
	}
	cairo_surface_t *s = cairo_image_surface_create_from_png(p);
	double t1 = cpu_ms();
	int reps = n < 50 ? n : 50;
	for (int i = 0; i < reps; i++) {
		char q[4096];
		snprintf(q, sizeof(q), "%s/ranking-cairo.png", dir);
		cairo_surface_write_to_png(s, q);
	}
	double cairo_ms = (cpu_ms() - t1) / reps;
	printf("ranking_size %dx%d\n", cairo_image_surface_get_width(s), cairo_image_surface_get_height(s));
	printf("ranking_ms %.4f\n", ms);
	printf("ranking_cpu_ms %.4f\n", cms);
	printf("ranking_varied_cpu_ms %.4f\n", varied_cms);
	printf("ranking_newlabels_cpu_ms %.4f\n", new_cms);
	printf("ranking_newlabels_svg_cpu_ms %.4f\n", new_svg_cms);
	printf("ranking_bytes %zu\n", len);
	printf("cairo_png_writer_ms %.4f\n", cairo_ms);
	struct stat st;
	snprintf(p, sizeof(p), "%s/ranking-cairo.png", dir);
	if (stat(p, &st) == 0)
		printf("cairo_png_bytes %lld\n", (long long)st.st_size);
	cairo_surface_destroy(s);
	free(png);
	return 0;
}

/* --- profile ------------------------------------------------------------- */

typedef struct district {
	char area[256];
	char label[16][128];
	bp_profile_item items[16];
	size_t n_items;
	double age[3][BP_AGE_KWB_GROUPS]; /* area, gemeente, Nederland */
	bp_age_series refs[2];
	bp_profile profile;
	bp_agestructure ages;
	char title1[300], title2[300];
} district;

/* As the profile page does: a long area name widens the value column, so widen the chart. */
static void fit_profile(bp_profile *p)
{
	for (int w = 800; w <= 1400; w += 200) {
		bp_arena *t = bp_arena_new();
		bp_profile_layout lay;
		bp_error e = { 0 };
		p->width = w;
		bp_rc rc = bp_profile_compute_layout(p, t, &lay, &e);
		bp_arena_free(t);
		if (rc == BP_OK)
			return;
	}
}

static void district_charts(district *d, const char *gemeente)
{
	snprintf(d->title1, sizeof(d->title1), "Bevolking van %s", d->area);
	d->profile = (bp_profile){
		.title = d->title1,
		.subtitle = "Vergeleken met Nederland, 1 januari 2024",
		.source = SOURCE,
		.area = d->area,
		.reference = "Nederland",
		.items = d->items,
		.n_items = d->n_items,
		.width = 800,
	};
	snprintf(d->title2, sizeof(d->title2), "Leeftijdsopbouw van %s", d->area);
	d->refs[0] = (bp_age_series){ gemeente, d->age[1] };
	d->refs[1] = (bp_age_series){ "Nederland", d->age[2] };
	d->ages = (bp_agestructure){
		.title = d->title2,
		.subtitle = "% van de inwoners, 1 januari 2024",
		.source = SOURCE,
		.groups = bp_age_kwb_groups,
		.n_groups = BP_AGE_KWB_GROUPS,
		.area = { d->area, d->age[0] },
		.refs = d->refs,
		.n_refs = 2,
		.decimals = 1,
		.width = 800,
	};
}

static int bench_profile(const char *dir, int n)
{
	static district d;
	char line[1024], *f[6];
	FILE *in = open_in(dir, "profile.tsv");
	if (!in)
		return 1;
	int g = 0;
	while (fgets(line, sizeof(line), in)) {
		int k = split(line, f, 6);
		if (strcmp(f[0], "area") == 0 && k == 2) {
			snprintf(d.area, sizeof(d.area), "%s", f[1]);
		} else if (strcmp(f[0], "item") == 0 && k == 4 && d.n_items < 16) {
			size_t i = d.n_items++;
			snprintf(d.label[i], sizeof(d.label[i]), "%s", f[1]);
			d.items[i] = (bp_profile_item){ d.label[i], strtod(f[2], NULL), strtod(f[3], NULL),
			                                BP_PROFILE_NEUTRAL, "%", 1, NULL };
		} else if (strcmp(f[0], "age") == 0 && k == 5 && g < BP_AGE_KWB_GROUPS) {
			for (int s = 0; s < 3; s++)
				d.age[s][g] = strtod(f[2 + s], NULL);
			g++;
		}
	}
	fclose(in);
	district_charts(&d, "Oss");
	bp_error err = { 0 };
	unsigned char *a, *b;
	size_t la, lb;
	if (bp_profile_render(&d.profile, BP_IMAGE_PNG, &a, &la, &err) ||
	    bp_agestructure_render(&d.ages, BP_IMAGE_PNG, &b, &lb, &err))
		return die(&err);
	char p[4096];
	snprintf(p, sizeof(p), "%s/profile-c.png", dir);
	FILE *o = fopen(p, "wb");
	if (o) {
		fwrite(a, 1, la, o);
		fclose(o);
	}
	snprintf(p, sizeof(p), "%s/ages-c.png", dir);
	o = fopen(p, "wb");
	if (o) {
		fwrite(b, 1, lb, o);
		fclose(o);
	}
	free(a);
	free(b);
	double t0 = now_ms(), c0 = cpu_ms();
	for (int i = 0; i < n; i++) {
		if (bp_profile_render(&d.profile, BP_IMAGE_PNG, &a, &la, &err) ||
		    bp_agestructure_render(&d.ages, BP_IMAGE_PNG, &b, &lb, &err))
			return die(&err);
		free(a);
		free(b);
	}
	printf("profile_ms %.4f\n", (now_ms() - t0) / n);
	printf("profile_cpu_ms %.4f\n", (cpu_ms() - c0) / n);
	return 0;
}

/* --- all of Nederland ------------------------------------------------------ */

typedef struct area_row {
	char code[16], name[128], gemeente[128];
	double n[8]; /* inhabitants, men, women, 0-15, 15-25, 25-45, 45-65, 65+ */
} area_row;

typedef struct reader {
	area_row *rows;
	size_t n, cap;
	int field, header_done;
	area_row cur;
} reader;

static void trim_copy(char *dst, size_t size, const char *s, size_t len)
{
	while (len && s[len - 1] == ' ')
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
}

static void on_field(void *s, size_t len, void *user)
{
	reader *r = user;
	const char *str = s ? s : "";
	if (r->header_done) {
		if (r->field == 0)
			trim_copy(r->cur.name, sizeof(r->cur.name), str, len);
		else if (r->field == 1)
			trim_copy(r->cur.gemeente, sizeof(r->cur.gemeente), str, len);
		else if (r->field == 3)
			trim_copy(r->cur.code, sizeof(r->cur.code), str, len);
		else if (r->field >= 5 && r->field < 13) {
			char buf[64];
			trim_copy(buf, sizeof(buf), str, len);
			char *end;
			double v = strtod(buf, &end);
			/* "." is CBS's secret or unknown */
			r->cur.n[r->field - 5] = end != buf && *end == 0 ? v : NAN;
		}
	}
	r->field++;
}

static void on_row(int c, void *user)
{
	(void)c;
	reader *r = user;
	if (r->header_done) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 1024;
			r->rows = realloc(r->rows, r->cap * sizeof(*r->rows));
			if (!r->rows)
				abort();
		}
		r->rows[r->n++] = r->cur;
	}
	r->header_done = 1;
	r->field = 0;
	memset(&r->cur, 0, sizeof(r->cur));
}

static double pct(const area_row *a, int col)
{
	return a->n[0] > 0 ? 100 * a->n[col] / a->n[0] : NAN;
}

static const char *const ITEM_LABELS[7] = {
	"Inwoners van 0 tot 15 jaar", "Inwoners van 15 tot 25 jaar", "Inwoners van 25 tot 45 jaar",
	"Inwoners van 45 tot 65 jaar", "Inwoners van 65 jaar of ouder", "Mannen", "Vrouwen",
};
static const int ITEM_COLS[7] = { 3, 4, 5, 6, 7, 1, 2 };

static int bench_all(const char *csv_path, const char *out)
{
	FILE *in = fopen(csv_path, "rb");
	if (!in) {
		fprintf(stderr, "bp-render-bench: %s: %s\n", csv_path, strerror(errno));
		return 1;
	}
	double t_read = now_ms();
	struct csv_parser p;
	reader r = { 0 };
	csv_init(&p, CSV_APPEND_NULL);
	csv_set_delim(&p, ';');
	char buf[65536];
	size_t got;
	int bom = 1;
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
		size_t skip = bom && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
		bom = 0;
		csv_parse(&p, buf + skip, got - skip, on_field, on_row, &r);
	}
	csv_fini(&p, on_field, on_row, &r);
	csv_free(&p);
	fclose(in);
	t_read = now_ms() - t_read;

	const area_row *nl = NULL;
	for (size_t i = 0; i < r.n; i++)
		if (strcmp(r.rows[i].code, "NL00") == 0)
			nl = &r.rows[i];
	if (!nl) {
		fprintf(stderr, "bp-render-bench: %s has no row NL00\n", csv_path);
		return 1;
	}
	mkdir(out, 0755);
	static district d;
	bp_error err = { 0 };
	long done = 0, skipped = 0;
	const area_row *gem = NULL;
	double t0 = now_ms(), c0 = cpu_ms();
	for (size_t i = 0; i < r.n; i++) {
		const area_row *a = &r.rows[i];
		if (strncmp(a->code, "GM", 2) == 0)
			gem = a;
		if (strncmp(a->code, "BU", 2) != 0)
			continue;
		/* The CSV lists each gemeente before its wijken and buurten. */
		if (!gem || strncmp(gem->code + 2, a->code + 2, 4) != 0) {
			skipped++;
			continue;
		}
		memset(&d, 0, sizeof(d));
		snprintf(d.area, sizeof(d.area), "%s", a->name);
		for (int k = 0; k < 7; k++) {
			snprintf(d.label[k], sizeof(d.label[k]), "%s", ITEM_LABELS[k]);
			double v = pct(a, ITEM_COLS[k]);
			d.items[k] = (bp_profile_item){ d.label[k], v, pct(nl, ITEM_COLS[k]), BP_PROFILE_NEUTRAL,
			                                "%", 1, isfinite(v) ? NULL : "geheim of onbekend" };
		}
		d.n_items = 7;
		for (int g = 0; g < BP_AGE_KWB_GROUPS; g++) {
			d.age[0][g] = pct(a, 3 + g);
			d.age[1][g] = pct(gem, 3 + g);
			d.age[2][g] = pct(nl, 3 + g);
		}
		district_charts(&d, gem->name);
		fit_profile(&d.profile);
		char p1[4096], p2[4096];
		snprintf(p1, sizeof(p1), "%s/%s-profiel.png", out, a->code);
		snprintf(p2, sizeof(p2), "%s/%s-leeftijd.png", out, a->code);
		if (bp_profile_write(&d.profile, BP_IMAGE_PNG, p1, &err) ||
		    bp_agestructure_write(&d.ages, BP_IMAGE_PNG, p2, &err)) {
			fprintf(stderr, "bp-render-bench: %s: ", a->code);
			return die(&err);
		}
		done++;
	}
	double total = now_ms() - t0;
	printf("csv_read_ms %.1f\n", t_read);
	printf("buurten %ld\n", done);
	printf("skipped %ld\n", skipped);
	printf("files %ld\n", done * 2);
	printf("all_nl_s %.2f\n", total / 1000);
	printf("all_nl_cpu_s %.2f\n", (cpu_ms() - c0) / 1000);
	printf("per_buurt_ms %.3f\n", done ? total / done : 0);
	free(r.rows);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "ranking") == 0)
		return bench_ranking(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, RANKING_ALL, 0);
	if (argc == 4 && strcmp(argv[1], "ranking-new") == 0)
		return bench_ranking(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, RANKING_NEW_PNG, 0);
	if (argc == 4 && strcmp(argv[1], "ranking-new-svg") == 0)
		return bench_ranking(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, RANKING_NEW_SVG, 0);
	if (argc == 5 && strcmp(argv[1], "ranking-batches") == 0)
		return bench_ranking(argv[2], atoi(argv[4]) > 0 ? atoi(argv[4]) : 1, RANKING_BATCHES,
		                     atoi(argv[3]) > 0 ? atoi(argv[3]) : 1);
	if (argc == 4 && strcmp(argv[1], "profile") == 0)
		return bench_profile(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 1);
	if (argc == 4 && strcmp(argv[1], "all-nl") == 0)
		return bench_all(argv[2], argv[3]);
	fprintf(stderr, "usage: bp-render-bench ranking|ranking-new|ranking-new-svg|profile DIR N | ranking-batches DIR B N | all-nl CSV OUTDIR\n");
	return 2;
}

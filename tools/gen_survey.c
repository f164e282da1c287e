/*
 * gen_survey: SYNTHETIC Burgerpeiling-shaped survey files for Oss and
 * Hilversum, reproducible by seed.  No respondent-level survey data are
 * public; tests and the demo need files with the shape of the VNG
 * Burgerpeiling data format 2022 (variable names, answer codes, value
 * labels, missing codes -1/88/99) without anyone's answers in them.
 *
 *   gen_survey --kwb KWB.csv --out DIR [--seed N] [--oss N] [--hilversum N]
 *              [--questions N]
 *
 * Writes, per gemeente, burgerpeiling-2022-SYNTHETIC-<gemeente>.sav and .csv
 * (the same respondents), manifest.csv (respondents and sum of weights per
 * wijk, to check an import against) and README.md.  Respondents are spread
 * unevenly over the real wijken of the KWB file (inhabitants times a random
 * factor), so some wijken get fewer than 30.  Every file says SYNTHETIC: in
 * its name, the .sav file label and the variable 'synthetic' (always 1).
 *
 * --questions N (default 15, the questionnaire subset below) asks N questions:
 * question k >= 15 repeats the definition of question k mod 15 under the name
 * <name>_x<k+1, three digits> (wl02_0_x016, ...), for benchmarks that need a
 * wide file (bench/import_survey.sh).  Without it the output is exactly what
 * it was before the option existed (the committed fixtures).
 *
 * The random generator is our own (xorshift64*), not rand(): the files must
 * be the same bytes on every libc for the same seed.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <readstat.h>

/* ------------------------------------------------------------ random */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static double rng_unit(void) /* [0, 1) */
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

static double rng_normal(void)
{
	double u = rng_unit(), v = rng_unit();
	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static int rng_pick(const double *p, int n)
{
	double s = 0, r;
	for (int i = 0; i < n; i++)
		s += p[i];
	r = rng_unit() * s;
	for (int i = 0; i < n; i++) {
		if (r < p[i])
			return i;
		r -= p[i];
	}
	return n - 1;
}

/* ------------------------------------------------------------ the questionnaire subset */

#define MAXCAT 8

typedef struct qdef {
	const char *name;
	const char *label;
	int n;                       /* answer codes 1..n (the last may be 'weet niet') */
	double p[MAXCAT];            /* base distribution over 1..n */
	int tilt;                    /* 1: the wijk effect moves answers towards the high codes */
	const char *labels[MAXCAT];
} qdef;

#define EENS { "helemaal eens", "eens", "niet eens / niet oneens", "oneens", "helemaal oneens", "weet niet / geen mening" }

static const qdef questions[] = {
	{ "wl02_0", "[wl02.0] Ik voel me thuis in deze buurt", 6, { 30, 45, 14, 5, 2, 4 }, 1, EENS },
	{ "wl03_0", "[wl03.0] Buurtbewoners gaan op een prettige manier met elkaar om", 6, { 20, 48, 19, 6, 2, 5 }, 1, EENS },
	{ "wl03_1", "[wl03.1] Buurtbewoners staan voor elkaar klaar", 6, { 14, 40, 27, 9, 3, 7 }, 1, EENS },
	{ "wl03_2", "[wl03.2] Buurtbewoners zijn te vertrouwen", 6, { 16, 46, 22, 6, 2, 8 }, 1, EENS },
	{ "wl18", "[wl18] Voelt u zich betrokken bij de mensen die in uw buurt wonen?", 6, { 6, 30, 38, 16, 6, 4 }, 1,
	  { "ja, bij bijna iedereen", "ja, bij de meeste mensen wel", "bij sommigen wel, bij sommigen niet",
	    "nee, bij de meeste mensen niet", "nee, bij (bijna) niemand", "weet niet / geen mening" } },
	{ "wl13", "[wl13] Hoe vaak heeft u zich de afgelopen 12 maanden ingezet voor uw buurt?", 3, { 8, 27, 65 }, 1,
	  { "vaak", "af en toe", "(bijna) nooit" } },
	{ "wl14", "[wl14] Zou u zich actief willen (blijven) inzetten voor uw buurt?", 4, { 8, 40, 37, 15 }, 1,
	  { "ja, zeker", "ja, misschien", "nee", "weet niet" } },
	{ "zw03", "[zw03] Heeft u voldoende contacten met andere mensen?", 4, { 68, 22, 6, 4 }, 1,
	  { "ja, zeker", "ja, maar ik zou wel wat meer willen", "nee, te weinig", "wil ik niet zeggen / weet niet" } },
	{ "zw04", "[zw04] Voelt u zich wel eens eenzaam?", 5, { 56, 30, 7, 3, 4 }, 1,
	  { "nee, (bijna) niet", "ja, soms", "ja, vaak", "ja, heel vaak", "wil ik niet zeggen / weet niet" } },
	{ "zw06_0", "[zw06.0] zorg aan een familielid, vriend of kennis (mantelzorg)", 3, { 14, 22, 64 }, 0,
	  { "vaak", "af en toe", "(bijna) nooit" } },
	{ "zw06_1", "[zw06.1] hulp aan buren", 3, { 6, 34, 60 }, 0, { "vaak", "af en toe", "(bijna) nooit" } },
	{ "zw06_3", "[zw06.3] vrijwilligerswerk", 3, { 17, 16, 67 }, 0, { "vaak", "af en toe", "(bijna) nooit" } },
	{ "zw07", "[zw07] Wilt u vrijwilligerswerk (blijven) doen?", 4, { 6, 30, 48, 16 }, 0,
	  { "ja, zeker", "ja, misschien", "nee", "weet niet" } },
	{ "ch01", "[ch01] Wat is uw geslacht?", 4, { 47, 51, 1, 1 }, 0,
	  { "man", "vrouw", "anders", "wil ik liever niet zeggen" } },
	{ "ch02", "[ch02] Wat is uw leeftijd?", 6, { 10, 12, 22, 19, 20, 17 }, 0,
	  { "18 tot en met 29 jaar", "30 tot en met 39 jaar", "40 tot en met 54 jaar", "55 tot en met 64 jaar",
	    "65 jaar tot en met 74 jaar", "75 jaar en ouder" } },
};
#define NQ ((int)(sizeof(questions) / sizeof(questions[0])))
#define Q_ZW06_3 11
#define Q_ZW07 12
#define MAXQ 1000

/* The questions asked: the subset above, then (--questions) repeats of it. */
static int nq = NQ;
static char extra_names[MAXQ][32];

static const qdef *qdef_of(int q) { return &questions[q % NQ]; }

static const char *qname(int q)
{
	if (q < NQ)
		return questions[q].name;
	if (!extra_names[q][0])
		snprintf(extra_names[q], sizeof(extra_names[q]), "%s_x%03d", questions[q % NQ].name, q + 1);
	return extra_names[q];
}

/* ------------------------------------------------------------ wijken from the KWB file */

typedef struct wijk {
	char code[32];
	double inhabitants;
	double tilt;                 /* this wijk's effect on the answers */
	long n;
	double sum_w;
} wijk;

static int read_wijken(const char *path, const char *gm, wijk *out, int max)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[8192];
	char prefix[16];
	snprintf(prefix, sizeof(prefix), "WK%s", gm + 2);
	int n = 0;
	while (fgets(line, sizeof(line), f) && n < max) {
		/* Fields: name;gemeente;soort;code;wijziging;inwoners;... (quoted text, no ; inside). */
		char *field[8] = { 0 };
		int k = 0;
		for (char *p = line, *s; k < 8 && (s = strsep(&p, ";")) != NULL; k++)
			field[k] = s;
		if (k < 6)
			continue;
		char code[32];
		int j = 0;
		for (const char *c = field[3]; *c && j < 31; c++)
			if (*c != '"' && *c != ' ')
				code[j++] = *c;
		code[j] = 0;
		if (strncmp(code, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(out[n].code, sizeof(out[n].code), "%s", code);
		out[n].inhabitants = atof(field[5]);
		n++;
	}
	fclose(f);
	return n;
}

/* ------------------------------------------------------------ output */

typedef struct resp {
	long id;
	int wijk;
	double weight;
	int *ans;                    /* nq codes: 0 = system missing (empty); else the code */
} resp;

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
	return fwrite(data, 1, len, (FILE *)ctx) == len ? (ssize_t)len : -1;
}

static int write_sav(const char *path, const resp *r, long n, const wijk *w, int gemnr, unsigned long seed)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	readstat_writer_t *wr = readstat_writer_init();
	readstat_set_data_writer(wr, write_bytes);
	readstat_writer_set_file_label(wr, "SYNTHETIC Burgerpeiling-shaped test data - not real respondents");
	/* A fixed timestamp: the same seed gives the same bytes. */
	readstat_writer_set_file_timestamp(wr, 1669852800);
	readstat_writer_set_compression(wr, READSTAT_COMPRESS_ROWS);

	readstat_variable_t *v_id = readstat_add_variable(wr, "respondent", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label(v_id, "respondentnummer");
	readstat_variable_t *v_gem = readstat_add_variable(wr, "gemnr", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label(v_gem, "gemeentenummer (CBS-code)");
	readstat_variable_t *v_jr = readstat_add_variable(wr, "jr", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label(v_jr, "jaar");
	readstat_variable_t *v_w = readstat_add_variable(wr, "weging", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label(v_w, "wegingsfactor");
	readstat_variable_set_format(v_w, "F8.4");
	readstat_variable_t *v_wk = readstat_add_variable(wr, "wijknr", READSTAT_TYPE_STRING, 12);
	readstat_variable_set_label(v_wk, "wijknummer (officiële CBS-code)");
	readstat_variable_t *v_syn = readstat_add_variable(wr, "synthetic", READSTAT_TYPE_DOUBLE, 0);
	char synlabel[128];
	snprintf(synlabel, sizeof(synlabel), "SYNTHETIC: generated by tools/gen_survey.c (seed %lu), not real respondents", seed);
	readstat_variable_set_label(v_syn, synlabel);
	readstat_variable_t *vq[MAXQ];
	for (int q = 0; q < nq; q++) {
		const qdef *d = qdef_of(q);
		char lname[40];
		snprintf(lname, sizeof(lname), "l_%s", qname(q));
		readstat_label_set_t *ls = readstat_add_label_set(wr, READSTAT_TYPE_DOUBLE, lname);
		for (int c = 0; c < d->n; c++)
			readstat_label_double_value(ls, c + 1, d->labels[c]);
		vq[q] = readstat_add_variable(wr, qname(q), READSTAT_TYPE_DOUBLE, 0);
		readstat_variable_set_label(vq[q], d->label);
		readstat_variable_set_label_set(vq[q], ls);
		readstat_variable_add_missing_double_value(vq[q], -1);
		readstat_variable_add_missing_double_value(vq[q], 88);
		readstat_variable_add_missing_double_value(vq[q], 99);
	}
	int bad = readstat_begin_writing_sav(wr, f, n) != READSTAT_OK;
	for (long i = 0; !bad && i < n; i++) {
		bad |= readstat_begin_row(wr) != READSTAT_OK;
		readstat_insert_double_value(wr, v_id, (double)r[i].id);
		readstat_insert_double_value(wr, v_gem, gemnr);
		readstat_insert_double_value(wr, v_jr, 2022);
		readstat_insert_double_value(wr, v_w, r[i].weight);
		readstat_insert_string_value(wr, v_wk, w[r[i].wijk].code);
		readstat_insert_double_value(wr, v_syn, 1);
		for (int q = 0; q < nq; q++) {
			if (r[i].ans[q])
				readstat_insert_double_value(wr, vq[q], r[i].ans[q]);
			else
				readstat_insert_missing_value(wr, vq[q]);
		}
		bad |= readstat_end_row(wr) != READSTAT_OK;
	}
	if (!bad)
		bad = readstat_end_writing(wr) != READSTAT_OK;
	readstat_writer_free(wr);
	return fclose(f) != 0 || bad ? -1 : 0;
}

/* sep ';' writes the weight with a decimal comma, as Dutch Excel does. */
static int write_csv(const char *path, const resp *r, long n, const wijk *w, int gemnr, char sep)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "respondent%cgemnr%cjr%cweging%cwijknr%csynthetic", sep, sep, sep, sep, sep);
	for (int q = 0; q < nq; q++)
		fprintf(f, "%c%s", sep, qname(q));
	fputc('\n', f);
	for (long i = 0; i < n; i++) {
		char wbuf[32];
		snprintf(wbuf, sizeof(wbuf), "%.4f", r[i].weight);
		if (sep == ';')
			for (char *p = wbuf; *p; p++)
				if (*p == '.')
					*p = ',';
		fprintf(f, "%ld%c%d%c2022%c%s%c%s%c1", r[i].id, sep, gemnr, sep, sep, wbuf, sep, w[r[i].wijk].code, sep);
		for (int q = 0; q < nq; q++) {
			if (r[i].ans[q])
				fprintf(f, "%c%d", sep, r[i].ans[q]);
			else
				fputc(sep, f);
		}
		fputc('\n', f);
	}
	return fclose(f);
}

static void generate(resp *r, long n, wijk *w, int nw, int gemnr)
{
	/* Uneven spread: inhabitants times a log-normal factor, then one draw per respondent. */
	double share[128];
	for (int i = 0; i < nw; i++) {
		share[i] = w[i].inhabitants * exp(0.9 * rng_normal());
		w[i].tilt = 0.35 * rng_normal();
		w[i].n = 0;
		w[i].sum_w = 0;
	}
	double total_w = 0;
	for (long i = 0; i < n; i++) {
		r[i].id = (long)gemnr * 100000 + i + 1;
		r[i].wijk = rng_pick(share, nw);
		/* Design weights: log-normal around 1, rounded to 4 decimals as bureaus deliver them. */
		r[i].weight = round(exp(0.35 * rng_normal()) * 10000.0) / 10000.0;
		if (r[i].weight < 0.05)
			r[i].weight = 0.05;
		total_w += r[i].weight;
		double personal = 0.5 * rng_normal();
		for (int q = 0; q < nq; q++) {
			const qdef *d = qdef_of(q);
			double p[MAXCAT];
			for (int c = 0; c < d->n; c++) {
				/* Tilt the substantive codes (not the last, 'weet niet', when there are > 3). */
				int substantive = d->n <= 3 || c < d->n - 1;
				double t = d->tilt && substantive ? (w[r[i].wijk].tilt + personal) * (c - d->n / 2.0) * 0.4 : 0;
				p[c] = d->p[c] * exp(t);
			}
			r[i].ans[q] = rng_pick(p, d->n) + 1;
			/* Item non-response: 2 % left empty, 1 % 'geen antwoord' (99). */
			double u = rng_unit();
			if (u < 0.02)
				r[i].ans[q] = 0;
			else if (u < 0.03)
				r[i].ans[q] = 99;
		}
		/* Routing: zw07 is asked only of those who do no volunteer work. */
		for (int q = Q_ZW07; q < nq; q += NQ)
			if (r[i].ans[q - Q_ZW07 + Q_ZW06_3] != 3)
				r[i].ans[q] = 0;
	}
	(void)total_w;
	for (long i = 0; i < n; i++) {
		w[r[i].wijk].n++;
		w[r[i].wijk].sum_w += r[i].weight;
	}
}

int main(int argc, char **argv)
{
	const char *kwb = NULL, *out = NULL;
	unsigned long seed = 20221104;
	long n_oss = 1800, n_hil = 1400;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--kwb") == 0)
			kwb = argv[i + 1];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--oss") == 0)
			n_oss = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--hilversum") == 0)
			n_hil = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--questions") == 0)
			nq = atoi(argv[i + 1]);
		else {
			fprintf(stderr, "gen_survey: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (!kwb || !out || n_oss < 1 || n_hil < 1 || nq < 1 || nq > MAXQ) {
		fprintf(stderr, "usage: gen_survey --kwb KWB.csv --out DIR [--seed N] [--oss N] [--hilversum N]"
		                " [--questions N (1..%d)]\n", MAXQ);
		return 2;
	}
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	static const struct { const char *gm, *name; int nr; char sep; } gems[] = {
		{ "GM0828", "oss", 828, ';' }, { "GM0402", "hilversum", 402, ',' },
	};
	char path[4096];
	snprintf(path, sizeof(path), "%s/manifest.csv", out);
	FILE *man = fopen(path, "w");
	if (!man) {
		perror(path);
		return 1;
	}
	fprintf(man, "gemeente;area_code;respondents;sum_weight\n");
	for (int g = 0; g < 2; g++) {
		wijk w[128];
		int nw = read_wijken(kwb, gems[g].gm, w, 128);
		if (nw <= 0) {
			fprintf(stderr, "gen_survey: no wijken of %s in %s\n", gems[g].gm, kwb);
			return 1;
		}
		long n = g == 0 ? n_oss : n_hil;
		resp *r = calloc((size_t)n, sizeof(*r));
		int *ans = calloc((size_t)n * (size_t)nq, sizeof(int));
		if (!r || !ans)
			return 1;
		for (long i = 0; i < n; i++)
			r[i].ans = ans + (size_t)i * (size_t)nq;
		generate(r, n, w, nw, gems[g].nr);
		snprintf(path, sizeof(path), "%s/burgerpeiling-2022-SYNTHETIC-%s.sav", out, gems[g].name);
		if (write_sav(path, r, n, w, gems[g].nr, seed)) {
			fprintf(stderr, "gen_survey: could not write %s\n", path);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/burgerpeiling-2022-SYNTHETIC-%s.csv", out, gems[g].name);
		if (write_csv(path, r, n, w, gems[g].nr, gems[g].sep)) {
			fprintf(stderr, "gen_survey: could not write %s\n", path);
			return 1;
		}
		double sw = 0;
		for (int i = 0; i < nw; i++) {
			fprintf(man, "%s;%s;%ld;%.4f\n", gems[g].gm, w[i].code, w[i].n, w[i].sum_w);
			sw += w[i].sum_w;
		}
		fprintf(man, "%s;%s;%ld;%.4f\n", gems[g].gm, gems[g].gm, n, sw);
		free(ans);
		free(r);
	}
	if (fclose(man))
		return 1;
	snprintf(path, sizeof(path), "%s/README.md", out);
	FILE *rd = fopen(path, "w");
	if (!rd)
		return 1;
	fprintf(rd,
		"# SYNTHETIC Burgerpeiling-shaped survey files\n\n"
		"**These are not survey data.** Every respondent in these files was made up by\n"
		"`tools/gen_survey.c` (seed %lu) for tests and the demo. They have the shape of the\n"
		"VNG Burgerpeiling data format 2022 (variable names, answer codes, value labels,\n"
		"missing codes -1/88/99) and are spread over the real wijken of Oss (GM0828) and\n"
		"Hilversum (GM0402) from the KWB 2024 fixture, unevenly, so that some wijken have\n"
		"fewer than 30 respondents. Any figure computed from them is SYNTHETIC.\n\n"
		"| file | what |\n|---|---|\n"
		"| `burgerpeiling-2022-SYNTHETIC-oss.sav`, `.csv` | %ld respondents; CSV with `;` and decimal comma |\n"
		"| `burgerpeiling-2022-SYNTHETIC-hilversum.sav`, `.csv` | %ld respondents; CSV with `,` |\n"
		"| `manifest.csv` | respondents and sum of weights per wijk and gemeente, as generated |\n\n"
		"Both formats hold the same respondents. The variable `synthetic` is 1 in every row;\n"
		"the .sav file label starts with SYNTHETIC. Regenerate with\n\n"
		"    build/tools/gen_survey --kwb tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv \\\n"
		"        --out DIR --seed %lu --oss %ld --hilversum %ld\n",
		seed, n_oss, n_hil, seed, n_oss, n_hil);
	return fclose(rd) ? 1 : 0;
}

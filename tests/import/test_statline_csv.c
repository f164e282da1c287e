/*
 * test_statline_csv: the StatLine CSV importer (lib/import/statline_csv.c).
 *
 * Two groups:
 *   parse  bp_statline_parse on the real fixture and on hand-made broken
 *          files, in memory only;
 *   db     bp_import_statline_csv against a real throwaway PostgreSQL
 *          cluster (one per program): the fixture, a re-import, every
 *          broken file on an empty database and again after the fixture was
 *          loaded (the database must be exactly as before), and the full
 *          all-NL export when it is present.
 *
 * Every expected number was read from the CSV files by hand (grep/awk) and
 * is written here with the line it comes from; none is computed by the code
 * under test.  The fixture is
 *   tests/fixtures/kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv
 * (line 1 header, lines 2..185 data; 13 columns):
 *   line   2  Nederland   NL00       "."  17942942 ... 3677228
 *   line   3  Hilversum   GM0402     "1"  94435 ...
 *   line  56  Oss         GM0828     "1"  94634 ...
 *   line  61  Schadewijk  WK082801   "1"  10575;5335;5240;1570;1205;3105;2805;1890
 *   line  67  Schadewijk Noord-Oost BU08280105 "1" 1025;520;505;175;130;270;310;140
 *   line 185  Buitengebied ten noorden van Geffen BU08282209 "1" 95;...;15
 * Soort regio counts (cut -d';' -f3 | sort | uniq -c): Land 1, Gemeente 2,
 * Wijk 32, Buurt 149.  sha256sum: 9e3c259d...6906a.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "import/statline_csv.h"
#include "importtest.h"
#include "pgtest.h"
#include "shared.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"
#define FIXTURE_SHA256 "9e3c259d3759a1f39de602d03922caf3d733ed73b45f130ebd090c8372a6906a"
#define FULL_NL_REL "/../shared/data/cbs-kwb-2024-statline-csv-all-nl/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
#define FULL_NL_SHA256 "f8311db0963ba6da797418b6ee4cfd49484038c52a91ac08fd717b745528a132"

/* ------------------------------------------------------------ helpers */

static void fixture_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s", bp_test_fixture(name));
}

/* Stands in for bp.variable_label: knows three of the eight topics. */
static const char *resolve_some(void *ctx, const char *label)
{
	static const char *known[][2] = {
		{ "Bevolking/Aantal inwoners", "AantalInwoners" },
		{ "Bevolking/Leeftijdsgroepen/0 tot 15 jaar", "k_0Tot15Jaar" },
		{ "Bevolking/Leeftijdsgroepen/65 jaar of ouder", "k_65JaarOfOuder" },
	};
	(void)ctx;
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (strcmp(known[i][0], label) == 0)
			return known[i][1];
	return NULL;
}

typedef struct parsed {
	bp_arena *a;
	bp_statline_table t;
	bp_error err;
	bp_rc rc;
} parsed;

static void parse_file(parsed *p, const char *path, bp_label_resolver resolve)
{
	char *data = NULL;
	size_t len = 0;
	memset(p, 0, sizeof(*p));
	p->a = bp_arena_new();
	assert_int_equal(bp_file_read_all(path, p->a, &data, &len, &p->err), BP_OK);
	p->rc = bp_statline_parse(path, data, len, resolve, NULL, p->a, &p->t, &p->err);
}

static const bp_statline_row *find_row(const bp_statline_table *t, const char *code)
{
	for (size_t i = 0; i < t->n_rows; i++)
		if (strcmp(t->rows[i].area.code, code) == 0)
			return &t->rows[i];
	return NULL;
}

/* ------------------------------------------------------------ parse group */

static void test_parse_header(void **state)
{
	(void)state;
	char path[4096];
	parsed p;
	fixture_path(path, sizeof(path), FIXTURE);
	parse_file(&p, path, resolve_some);
	if (p.rc)
		bp_test_print_err(&p.err);
	assert_int_equal(p.rc, BP_OK);
	const bp_statline_table *t = &p.t;
	assert_string_equal(t->path, path);
	assert_int_equal(t->n_columns, 13);
	assert_int_equal(t->n_measures, 8);

	/* the BOM is not part of the first header */
	assert_string_equal(t->columns[0].header, "Wijken en buurten");
	assert_string_equal(t->columns[0].label, "Wijken en buurten");
	assert_string_equal(t->columns[0].unit, "");
	assert_int_equal(t->columns[0].role, BP_COL_AREA_NAME);

	static const struct { const char *header, *label, *unit; bp_statline_role role; } want[] = {
		{ "Wijken en buurten", "Wijken en buurten", "", BP_COL_AREA_NAME },
		{ "Regioaanduiding/Gemeentenaam (naam)", "Regioaanduiding/Gemeentenaam", "naam", BP_COL_GEMEENTENAAM },
		{ "Regioaanduiding/Soort regio (omschrijving)", "Regioaanduiding/Soort regio", "omschrijving", BP_COL_SOORT },
		{ "Regioaanduiding/Codering (code)", "Regioaanduiding/Codering", "code", BP_COL_CODE },
		{ "Regioaanduiding/Indelingswijziging gemeente, wijk, buurt (code)",
		  "Regioaanduiding/Indelingswijziging gemeente, wijk, buurt", "code", BP_COL_INDELING },
		{ "Bevolking/Aantal inwoners (aantal)", "Bevolking/Aantal inwoners", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Geslacht/Mannen (aantal)", "Bevolking/Geslacht/Mannen", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Geslacht/Vrouwen (aantal)", "Bevolking/Geslacht/Vrouwen", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)", "Bevolking/Leeftijdsgroepen/0 tot 15 jaar", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)", "Bevolking/Leeftijdsgroepen/15 tot 25 jaar", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)", "Bevolking/Leeftijdsgroepen/25 tot 45 jaar", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)", "Bevolking/Leeftijdsgroepen/45 tot 65 jaar", "aantal", BP_COL_MEASURE },
		{ "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)", "Bevolking/Leeftijdsgroepen/65 jaar of ouder", "aantal", BP_COL_MEASURE },
	};
	for (size_t i = 0; i < 13; i++) {
		assert_string_equal(t->columns[i].header, want[i].header);
		assert_string_equal(t->columns[i].label, want[i].label);
		assert_string_equal(t->columns[i].unit, want[i].unit);
		assert_int_equal(t->columns[i].role, want[i].role);
	}

	/* variables: the three the resolver knows keep its codes ... */
	assert_string_equal(t->columns[5].variable, "AantalInwoners");
	assert_true(t->columns[5].known);
	assert_string_equal(t->columns[8].variable, "k_0Tot15Jaar");
	assert_true(t->columns[8].known);
	assert_string_equal(t->columns[12].variable, "k_65JaarOfOuder");
	assert_true(t->columns[12].known);
	/* ... the others get a code derived from their label */
	assert_string_equal(t->columns[6].variable, "BevolkingGeslachtMannen");
	assert_false(t->columns[6].known);
	assert_string_equal(t->columns[7].variable, "BevolkingGeslachtVrouwen");
	assert_false(t->columns[7].known);
	assert_string_equal(t->columns[9].variable, "BevolkingLeeftijdsgroepen15Tot25Jaar");
	assert_false(t->columns[9].known);
	assert_string_equal(t->columns[10].variable, "BevolkingLeeftijdsgroepen25Tot45Jaar");
	assert_string_equal(t->columns[11].variable, "BevolkingLeeftijdsgroepen45Tot65Jaar");
	bp_arena_free(p.a);
}

static void test_parse_rows(void **state)
{
	(void)state;
	char path[4096];
	parsed p;
	fixture_path(path, sizeof(path), FIXTURE);
	parse_file(&p, path, resolve_some);
	assert_int_equal(p.rc, BP_OK);
	const bp_statline_table *t = &p.t;
	assert_int_equal(t->n_rows, 184);   /* 185 lines minus the header */

	size_t per_level[4] = { 0 };
	for (size_t i = 0; i < t->n_rows; i++) {
		assert_true(t->rows[i].area.level <= BP_LEVEL_BUURT);
		per_level[t->rows[i].area.level]++;
		/* rows are numbered by their physical line: no multi-line rows here */
		assert_int_equal(t->rows[i].line, (long)i + 2);
	}
	assert_int_equal(per_level[BP_LEVEL_LAND], 1);
	assert_int_equal(per_level[BP_LEVEL_GEMEENTE], 2);
	assert_int_equal(per_level[BP_LEVEL_WIJK], 32);
	assert_int_equal(per_level[BP_LEVEL_BUURT], 149);

	/* line 2: Nederland, indeling change '.' -> NULL */
	const bp_statline_row *nl = &t->rows[0];
	assert_string_equal(nl->area.code, "NL00");
	assert_int_equal(nl->area.level, BP_LEVEL_LAND);
	assert_string_equal(nl->name, "Nederland");
	assert_null(nl->indeling_change);
	assert_int_equal(nl->line, 2);
	assert_int_equal(nl->values[5].status, BP_STATUS_OK);
	assert_true(nl->values[5].value == 17942942.0);
	assert_true(nl->values[12].value == 3677228.0);

	/* line 3: Hilversum, indeling change "1" */
	const bp_statline_row *hil = &t->rows[1];
	assert_string_equal(hil->area.code, "GM0402");
	assert_string_equal(hil->name, "Hilversum");
	assert_non_null(hil->indeling_change);
	assert_string_equal(hil->indeling_change, "1");
	assert_true(hil->values[5].value == 94435.0);

	/* line 61: Schadewijk */
	const bp_statline_row *s = find_row(t, "WK082801");
	assert_non_null(s);
	assert_int_equal(s->line, 61);
	assert_string_equal(s->name, "Schadewijk");
	assert_int_equal(s->area.level, BP_LEVEL_WIJK);
	assert_string_equal(s->area.parent, "GM0828");
	static const double schade[8] = { 10575, 5335, 5240, 1570, 1205, 3105, 2805, 1890 };
	for (size_t j = 0; j < 8; j++) {
		assert_int_equal(s->values[5 + j].status, BP_STATUS_OK);
		assert_true(s->values[5 + j].value == schade[j]);
	}

	/* line 67: Schadewijk Noord-Oost, a buurt of Schadewijk */
	const bp_statline_row *b = find_row(t, "BU08280105");
	assert_non_null(b);
	assert_int_equal(b->line, 67);
	assert_string_equal(b->name, "Schadewijk Noord-Oost");
	assert_string_equal(b->area.parent, "WK082801");
	assert_string_equal(b->area.gemeente, "GM0828");
	assert_true(b->values[5].value == 1025.0);

	/* line 31: a name with a non-ASCII letter */
	const bp_statline_row *w = find_row(t, "BU04020504");
	assert_non_null(w);
	assert_string_equal(w->name, "West-Indi\xc3\xabkwartier");

	/* line 29: apostrophes survive */
	const bp_statline_row *h = find_row(t, "BU04020502");
	assert_non_null(h);
	assert_string_equal(h->name, "'t Hoogt van 't Kruis");

	/* line 185, the last: no trailing row lost */
	const bp_statline_row *last = &t->rows[183];
	assert_string_equal(last->area.code, "BU08282209");
	assert_string_equal(last->name, "Buitengebied ten noorden van Geffen");
	assert_true(last->values[5].value == 95.0);
	assert_true(last->values[12].value == 15.0);

	/* column sums over all 184 rows (awk -F';' 'NR>1{s+=$c}') */
	static const double sums[8] = { 18510176, 9203514, 9306632, 2802456, 2265775, 4734400, 4917928, 3789557 };
	for (size_t j = 0; j < 8; j++) {
		double sum = 0;
		for (size_t i = 0; i < t->n_rows; i++)
			sum += t->rows[i].values[5 + j].value;
		assert_true(sum == sums[j]);
	}
	bp_arena_free(p.a);
}

static void test_parse_without_resolver(void **state)
{
	(void)state;
	char path[4096];
	parsed p;
	fixture_path(path, sizeof(path), FIXTURE);
	parse_file(&p, path, NULL);
	assert_int_equal(p.rc, BP_OK);
	assert_string_equal(p.t.columns[5].variable, "BevolkingAantalInwoners");
	assert_false(p.t.columns[5].known);
	assert_string_equal(p.t.columns[12].variable, "BevolkingLeeftijdsgroepen65JaarOfOuder");
	assert_false(p.t.columns[12].known);
	bp_arena_free(p.a);
}

static void test_derive_code(void **state)
{
	(void)state;
	bp_arena *a = bp_arena_new();
	assert_string_equal(bp_statline_derive_code(a, "Bevolking/Aantal inwoners"), "BevolkingAantalInwoners");
	assert_string_equal(bp_statline_derive_code(a, "65 jaar of ouder"), "v65JaarOfOuder");
	assert_string_equal(bp_statline_derive_code(a, "Wonen/Woningvoorraad/Percentage bewoond (%)"),
	                    "WonenWoningvoorraadPercentageBewoond");
	/* non-ASCII bytes separate words; they are not copied */
	assert_string_equal(bp_statline_derive_code(a, "Oppervlakte/Dichtheid per km\xc2\xb2"), "OppervlakteDichtheidPerKm");
	assert_string_equal(bp_statline_derive_code(a, "Niet-woningvoorraad"), "NietWoningvoorraad");
	assert_string_equal(bp_statline_derive_code(a, "GGD/eHealth"), "GGDEHealth");
	assert_string_equal(bp_statline_derive_code(a, ""), "v");
	assert_string_equal(bp_statline_derive_code(a, "/ - /"), "v");
	bp_arena_free(a);
}

static void test_year_from_name(void **state)
{
	(void)state;
	assert_int_equal(bp_statline_year_from_name("tests/fixtures/" FIXTURE), 2024);
	assert_int_equal(bp_statline_year_from_name("Kerncijfers_wijken_en_buurten_2024_geslachten.csv"), 2024);
	assert_int_equal(bp_statline_year_from_name("/x/Kerncijfers wijken en buurten 2019.csv"), 2019);
	assert_int_equal(bp_statline_year_from_name("Kerncijfers_wijken_en_buurten_20245.csv"), 0);
	assert_int_equal(bp_statline_year_from_name("Kerncijfers_wijken_en_buurten_1900.csv"), 0);
	assert_int_equal(bp_statline_year_from_name("wijken_en_buurten_2024/data.csv"), 0);  /* folder, not file */
	assert_int_equal(bp_statline_year_from_name("export.csv"), 0);
}

/* A small table in memory: LF line ends, no BOM, symbols, quoting. */
static void test_parse_symbols_in_memory(void **state)
{
	(void)state;
	static const char csv[] =
		"\"Wijken en buurten\";\"Regioaanduiding/Codering (code)\";\"A/Een (aantal)\";\"A/Twee (aantal)\";\"A/Drie (aantal)\";\"A/Vier (%)\"\n"
		"\"Hilversum\";\"GM0402    \";.;;12*;7,5\n"                 /* line 2: ',' is not the separator here */
		;
	static const char csv_ok[] =
		"\"Wijken en buurten\";\"Regioaanduiding/Codering (code)\";\"A/Een (aantal)\";\"A/Twee (aantal)\";\"A/Drie (aantal)\";\"A/Vier (%)\"\n"
		"\"Hilversum\";\"GM0402    \";.;;12*;7.5**\n"               /* line 2 */
		"\"Anna\"\"s; Hoeve\";\"WK040206\";\"3\";\" . \";0;-1\n"   /* line 3: quoted ';' and doubled quote */
		;
	static const char csv_bad_code[] =
		"\"Wijken en buurten\";\"Regioaanduiding/Codering (code)\";\"A/Een (aantal)\"\n"
		"\"Anna\"\"s; Hoeve\";\"XX0402    \";1\n"   /* line 2: the code field starts at column 18 */
		;
	bp_arena *a = bp_arena_new();
	bp_statline_table t;
	bp_error err = { 0 };

	assert_int_equal(bp_statline_parse("mem.csv", csv_ok, strlen(csv_ok), NULL, NULL, a, &t, &err), BP_OK);
	assert_int_equal(t.n_rows, 2);
	assert_int_equal(t.n_measures, 4);
	assert_string_equal(t.columns[5].unit, "%");
	assert_string_equal(t.columns[5].variable, "AVier");
	assert_int_equal(t.rows[0].values[2].status, BP_STATUS_UNKNOWN);
	assert_int_equal(t.rows[0].values[3].status, BP_STATUS_NOT_APPLICABLE);
	assert_int_equal(t.rows[0].values[4].status, BP_STATUS_PROVISIONAL);
	assert_true(t.rows[0].values[4].value == 12.0);
	assert_int_equal(t.rows[0].values[5].status, BP_STATUS_REVISED_PROVISIONAL);
	assert_true(t.rows[0].values[5].value == 7.5);
	assert_string_equal(t.rows[1].name, "Anna\"s; Hoeve");
	assert_string_equal(t.rows[1].area.code, "WK040206");
	assert_int_equal(t.rows[1].line, 3);
	assert_true(t.rows[1].values[2].value == 3.0);        /* a quoted number */
	assert_int_equal(t.rows[1].values[3].status, BP_STATUS_UNKNOWN);
	assert_true(t.rows[1].values[5].value == -1.0);

	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_statline_parse("mem.csv", csv, strlen(csv), NULL, NULL, a, &t, &err), BP_ERR_PARSE);
	assert_string_equal(err.where, "mem.csv");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 33);  /* '"Hilversum";"GM0402    ";.;;12*;' is 11+1+12+1+1+1+1+3+1 = 32 characters */
	assert_non_null(strstr(err.message, "'7,5' is neither a number"));
	assert_string_equal(err.detail, "column 'A/Vier (%)'");

	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_statline_parse("mem.csv", csv_bad_code, strlen(csv_bad_code), NULL, NULL, a, &t, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 18);
	assert_non_null(strstr(err.message, "'XX0402' is not a CBS area code"));

	/* a file ending inside a quoted field: the opening quote is at line 2, column
	 * 11+1+12+1+1 = 26; the doubled quote inside (column 28) is not where it opens */
	static const char csv_eof[] =
		"\"Wijken en buurten\";\"Regioaanduiding/Codering (code)\";\"A/Een (aantal)\"\n"
		"\"Hilversum\";\"GM0402    \";\"1\"\"2\n";
	memset(&err, 0, sizeof(err));
	assert_int_equal(bp_statline_parse("mem.csv", csv_eof, strlen(csv_eof), NULL, NULL, a, &t, &err), BP_ERR_PARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 26);
	assert_non_null(strstr(err.message, "ends inside a quoted field"));
	bp_arena_free(a);
}

/*
 * The broken files (tests/fixtures/statline-broken, see its PROVENANCE.md).
 * Columns count characters from 1 (the BOM is not one; 'ë' is one); a row
 * of the fixture whose name has n characters has its fields at
 *   name 1, gemeentenaam n+4, soort n+47, code n+60, indeling n+73, values from n+77.
 * load = 1 for the one fault only the load stage can see; its location is
 * the row's line without a column (0).
 */
typedef struct broken_case {
	const char *file;
	long line, column;
	const char *fragment;
	int load;
} broken_case;

static const broken_case broken_cases[] = {
	/* header line 1 without "Regioaanduiding/Codering (code)": reported at the header's start */
	{ "no_code_column.csv", 1, 1, "no region codes", 0 },
	/* line 3, Oss (n=3): 12 fields; the last present (45-65 jaar, "26561") starts at column 116 */
	{ "row_one_field_fewer.csv", 3, 116, "expected 13 fields as in the header, found 12", 0 },
	/* line 3, Oss: a 14th field ";19769" starts at column 128 */
	{ "row_one_field_more.csv", 3, 128, "expected 13 fields as in the header, found 14", 0 },
	/* line 4, West-Indiëkwartier (n=18): "abc" in the 13th column at 95+4*6 = 119 (120 in bytes) */
	{ "non_numeric_value.csv", 4, 119, "'abc' is neither a number nor a CBS symbol", 0 },
	/* line 4, Schadewijk (n=10): code "wk082801  " at column 70 */
	{ "invalid_area_code.csv", 4, 70, "'wk082801' is not a CBS area code", 0 },
	/* line 6 repeats line 4 (Schadewijk): code at column 70 */
	{ "duplicate_area_code.csv", 6, 70, "area WK082801 appears twice (first on line 4)", 0 },
	/* line 4, Schadewijk: Soort regio "Buurt" at column 57 */
	{ "soort_contradicts_code.csv", 4, 57, "area WK082801 is a wijk by its code, but the file calls it 'Buurt'", 0 },
	/* line 4, Schadewijk: '"1;10575;...' the quote at column 83 is never closed (the file has 4 lines) */
	{ "unclosed_quote.csv", 4, 83, "the file ends inside a quoted field", 0 },
	/* line 4 stops after '"Schadewijk";"Oss   ': the quote at column 14 is never closed */
	{ "truncated_in_quote.csv", 4, 14, "the file ends inside a quoted field", 0 },
	/* line 4: '"West-Indi' then byte 0xEB: column 11 */
	{ "latin1_byte.csv", 4, 11, "not valid UTF-8", 0 },
	{ "empty.csv", 1, 1, "the file is empty", 0 },
	{ "header_only.csv", 2, 1, "the file has a header but no data rows", 0 },
	/* line 6: BU08289905, whose wijk WK082899 exists nowhere */
	{ "orphan_buurt.csv", 6, 0, "area BU08289905 belongs to WK082899, which is neither in this file nor in the database (indeling 2024)", 1 },
};
#define N_BROKEN (sizeof(broken_cases) / sizeof(*broken_cases))

/* A file separated by commas or tabs (saved again by a spreadsheet) is
 * refused with a hint that names its separator (issue 24). */
static void test_parse_other_separators(void **state)
{
	(void)state;
	static const char *const files[] = {
		"\"Wijken en buurten\",\"Regioaanduiding/Codering (code)\",\"A/Een (aantal)\"\n\"Hilversum\",\"GM0402\",1\n",
		"Wijken en buurten\tRegioaanduiding/Codering (code)\tA/Een (aantal)\nHilversum\tGM0402\t1\n",
	};
	static const char *const said[] = { "separated by commas", "separated by tabs" };
	for (size_t i = 0; i < 2; i++) {
		bp_arena *a = bp_arena_new();
		bp_statline_table t;
		bp_error err = { 0 };
		assert_int_equal(bp_statline_parse("mem.csv", files[i], strlen(files[i]), NULL, NULL, a, &t, &err),
		                 BP_ERR_PARSE);
		assert_int_equal(err.line, 1);
		if (!strstr(err.hint, said[i]) || !strstr(err.hint, "';'") ||
		    !strstr(err.hint, "CSV met statistische symbolen"))
			fail_msg("hint: %s", err.hint);
		bp_arena_free(a);
	}
}

static void test_parse_broken_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_BROKEN; i++) {
		const broken_case *c = &broken_cases[i];
		char path[4096], name[256];
		snprintf(name, sizeof(name), "statline-broken/%s", c->file);
		fixture_path(path, sizeof(path), name);
		parsed p;
		parse_file(&p, path, resolve_some);
		if (c->load) {
			/* parses fine: only the load stage can tell */
			if (p.rc)
				bp_test_print_err(&p.err);
			assert_int_equal(p.rc, BP_OK);
		} else {
			if (p.rc != BP_ERR_PARSE || p.err.line != c->line || p.err.column != c->column ||
			    !strstr(p.err.message, c->fragment)) {
				print_error("%s: expected %ld:%ld '%s', got rc %d:\n", c->file, c->line, c->column, c->fragment, (int)p.rc);
				bp_test_print_err(&p.err);
			}
			assert_int_equal(p.rc, BP_ERR_PARSE);
			assert_int_equal(p.err.rc, BP_ERR_PARSE);
			assert_string_equal(p.err.where, path);
			assert_int_equal(p.err.line, c->line);
			assert_int_equal(p.err.column, c->column);
			assert_non_null(strstr(p.err.message, c->fragment));
		}
		bp_arena_free(p.a);
	}
	/* the one with its wijk only in the database parses too */
	char path[4096];
	parsed p;
	fixture_path(path, sizeof(path), "statline-broken/buurt_parent_in_db.csv");
	parse_file(&p, path, resolve_some);
	assert_int_equal(p.rc, BP_OK);
	assert_int_equal(p.t.n_rows, 2);
	bp_arena_free(p.a);
}

/* ------------------------------------------------------------ db group */

static long g_fixture_source;

static long count(const char *sql)
{
	return bp_test_count(bp_test_db.db.conn, sql);
}

typedef struct snapshot {
	long source, area, observation, variable, variable_label;
	char area_md5[40], source_md5[40];
} snapshot;

static void take_snapshot(snapshot *s)
{
	s->source = count("SELECT count(*) FROM bp.source");
	s->area = count("SELECT count(*) FROM bp.area");
	s->observation = count("SELECT count(*) FROM bp.observation");
	s->variable = count("SELECT count(*) FROM bp.variable");
	s->variable_label = count("SELECT count(*) FROM bp.variable_label");
	snprintf(s->area_md5, sizeof(s->area_md5), "%s",
	         bp_test_scalar(bp_test_db.db.conn, "SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY code, indeling_year), '')) FROM bp.area a"));
	snprintf(s->source_md5, sizeof(s->source_md5), "%s",
	         bp_test_scalar(bp_test_db.db.conn, "SELECT md5(coalesce(string_agg(s::text, '|' ORDER BY id), '')) FROM bp.source s"));
}

static void assert_same_snapshot(const snapshot *a, const snapshot *b, const char *file)
{
	if (a->source != b->source || a->area != b->area || a->observation != b->observation ||
	    a->variable != b->variable || a->variable_label != b->variable_label ||
	    strcmp(a->area_md5, b->area_md5) != 0 || strcmp(a->source_md5, b->source_md5) != 0)
		print_error("%s changed the database: source %ld->%ld area %ld->%ld observation %ld->%ld "
		            "variable %ld->%ld variable_label %ld->%ld\n", file,
		            a->source, b->source, a->area, b->area, a->observation, b->observation,
		            a->variable, b->variable, a->variable_label, b->variable_label);
	assert_int_equal(a->source, b->source);
	assert_int_equal(a->area, b->area);
	assert_int_equal(a->observation, b->observation);
	assert_int_equal(a->variable, b->variable);
	assert_int_equal(a->variable_label, b->variable_label);
	assert_string_equal(a->area_md5, b->area_md5);
	assert_string_equal(a->source_md5, b->source_md5);
}

/*
 * bp.observation has no row-level foreign keys (sql/001_core.sql): the
 * importer is the gatekeeper, so every test checks the references itself.
 */
static void assert_references(void)
{
	assert_int_equal(count("SELECT count(*) FROM bp.observation o WHERE NOT EXISTS "
	                       "(SELECT 1 FROM bp.variable v WHERE v.code = o.variable_code)"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.observation o WHERE NOT EXISTS "
	                       "(SELECT 1 FROM bp.area a WHERE a.code = o.area_code AND a.indeling_year = o.indeling_year)"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.observation o WHERE NOT EXISTS "
	                       "(SELECT 1 FROM bp.source s WHERE s.id = o.source_id)"), 0);
	/* and the gemeente an observation is filed under is its area's */
	assert_int_equal(count("SELECT count(*) FROM bp.observation o JOIN bp.area a ON a.code = o.area_code "
	                       "AND a.indeling_year = o.indeling_year WHERE o.gemeente_code IS DISTINCT FROM a.gemeente_code"), 0);
}

static bp_rc import(const char *path, int year, const char *table_id, bp_import_result *res, bp_error *err)
{
	bp_statline_options opt = { .path = path, .year = year, .table_id = table_id };
	memset(err, 0, sizeof(*err));
	return bp_import_statline_csv(bp_test_db.db.conn, &opt, res, err);
}

static void expect_broken(const char *file, long line, long column, const char *fragment)
{
	char path[4096], name[256];
	snprintf(name, sizeof(name), "statline-broken/%s", file);
	fixture_path(path, sizeof(path), name);

	snapshot before, after;
	take_snapshot(&before);
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 2024, NULL, &res, &err);
	if (rc != BP_ERR_PARSE || err.line != line || err.column != column || !strstr(err.message, fragment)) {
		print_error("%s: expected %ld:%ld '%s', got rc %d:\n", file, line, column, fragment, (int)rc);
		bp_test_print_err(&err);
	}
	assert_int_equal(rc, BP_ERR_PARSE);
	assert_int_equal(err.rc, BP_ERR_PARSE);
	assert_string_equal(err.where, path);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	assert_non_null(strstr(err.message, fragment));
	assert_int_equal(res.already_loaded, 0);
	/* the connection is usable: no transaction left open or aborted */
	assert_int_equal(PQtransactionStatus(bp_test_db.db.conn), PQTRANS_IDLE);
	take_snapshot(&after);
	assert_same_snapshot(&before, &after, file);
}

static void run_broken_cases(void)
{
	for (size_t i = 0; i < N_BROKEN; i++)
		expect_broken(broken_cases[i].file, broken_cases[i].line, broken_cases[i].column, broken_cases[i].fragment);
	/* the renamed topic of orphan_buurt.csv was not left behind as a variable */
	assert_int_equal(count("SELECT count(*) FROM bp.variable_label WHERE label = 'Bevolking/Leeftijdsgroepen/65 jaar en ouder'"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.variable WHERE code = 'BevolkingLeeftijdsgroepen65JaarEnOuder'"), 0);
}

static void test_broken_on_empty_db(void **state)
{
	(void)state;
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.observation"), 0);
	run_broken_cases();
	/* on an empty database a buurt's wijk must be in the file (line 3: BU04020101, WK040201 missing) */
	expect_broken("buurt_parent_in_db.csv", 3, 0, "area BU04020101 belongs to WK040201, which is neither in this file nor in the database");
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 0);
	assert_references();
}

static void test_import_fixture(void **state)
{
	(void)state;
	char path[4096];
	fixture_path(path, sizeof(path), FIXTURE);
	long variables = count("SELECT count(*) FROM bp.variable");
	long labels = count("SELECT count(*) FROM bp.variable_label");

	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 0, NULL, &res, &err);   /* year and table from the name */
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.rows, 184);
	assert_int_equal(res.areas, 184);
	assert_int_equal(res.observations, 184 * 8);
	assert_int_equal(res.year, 2024);
	assert_string_equal(res.table_id, "85984NED");
	assert_true(res.source_id > 0);
	g_fixture_source = res.source_id;

	/* areas per level */
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 184);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'land'"), 1);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'gemeente'"), 2);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'wijk'"), 32);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'buurt'"), 149);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE indeling_year <> 2024"), 0);
	/* Oss 130 rows, Hilversum 53 (PROVENANCE.md of the fixture) */
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE gemeente_code = 'GM0828'"), 130);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE gemeente_code = 'GM0402'"), 53);

	PGconn *c = bp_test_db.db.conn;
	/* line 67 and 61 */
	assert_string_equal(bp_test_scalar(c, "SELECT parent_code FROM bp.area WHERE code = 'BU08280105'"), "WK082801");
	assert_string_equal(bp_test_scalar(c, "SELECT gemeente_code FROM bp.area WHERE code = 'BU08280105'"), "GM0828");
	assert_string_equal(bp_test_scalar(c, "SELECT level::text FROM bp.area WHERE code = 'BU08280105'"), "buurt");
	assert_string_equal(bp_test_scalar(c, "SELECT name FROM bp.area WHERE code = 'BU08280105'"), "Schadewijk Noord-Oost");
	assert_string_equal(bp_test_scalar(c, "SELECT indeling_change FROM bp.area WHERE code = 'BU08280105'"), "1");
	assert_string_equal(bp_test_scalar(c, "SELECT parent_code FROM bp.area WHERE code = 'WK082801'"), "GM0828");
	assert_string_equal(bp_test_scalar(c, "SELECT parent_code FROM bp.area WHERE code = 'GM0828'"), "NL00");
	/* line 2: Nederland has no parent, no gemeente, and '.' as indeling change */
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE code = 'NL00' AND parent_code IS NULL "
	                       "AND gemeente_code IS NULL AND indeling_change IS NULL AND name = 'Nederland'"), 1);
	/* line 31 */
	assert_string_equal(bp_test_scalar(c, "SELECT name FROM bp.area WHERE code = 'BU04020504'"), "West-Indi\xc3\xabkwartier");
	/* every parent is an area of the same indeling */
	assert_int_equal(count("SELECT count(*) FROM bp.area a WHERE a.parent_code IS NOT NULL AND NOT EXISTS "
	                       "(SELECT 1 FROM bp.area p WHERE p.code = a.parent_code AND p.indeling_year = a.indeling_year)"), 0);

	/* observations */
	assert_int_equal(count("SELECT count(*) FROM bp.observation"), 184 * 8);
	assert_int_equal(count("SELECT count(DISTINCT variable_code) FROM bp.observation"), 8);
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE status <> 'ok' OR value IS NULL"), 0);
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE period <> '2024' OR indeling_year <> 2024"), 0);
	/* line 61: Schadewijk */
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'k_65JaarOfOuder'"), "1890");
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'AantalInwoners'"), "10575");
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'k_0Tot15Jaar'"), "1570");
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'Mannen'"), "5335");
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'k_45Tot65Jaar'"), "2805");
	assert_string_equal(bp_test_scalar(c, "SELECT gemeente_code FROM bp.observation WHERE area_code = 'WK082801' AND variable_code = 'Vrouwen'"), "GM0828");
	/* line 2 */
	assert_string_equal(bp_test_scalar(c, "SELECT value FROM bp.observation WHERE area_code = 'NL00' AND variable_code = 'AantalInwoners'"), "17942942");
	assert_int_equal(count("SELECT count(*) FROM bp.observation WHERE area_code = 'NL00' AND gemeente_code IS NULL"), 8);
	/* column sums over the 184 rows (awk), one per topic code of sql/002_kwb_topics.sql */
	static const struct { const char *code; const char *sum; } sums[] = {
		{ "AantalInwoners", "18510176" }, { "Mannen", "9203514" }, { "Vrouwen", "9306632" },
		{ "k_0Tot15Jaar", "2802456" }, { "k_15Tot25Jaar", "2265775" }, { "k_25Tot45Jaar", "4734400" },
		{ "k_45Tot65Jaar", "4917928" }, { "k_65JaarOfOuder", "3789557" },
	};
	for (size_t i = 0; i < 8; i++) {
		char sql[256];
		snprintf(sql, sizeof(sql), "SELECT sum(value)::bigint FROM bp.observation WHERE variable_code = '%s'", sums[i].code);
		assert_string_equal(bp_test_scalar(c, sql), sums[i].sum);
	}

	/* the source */
	char sql[512];
	char *real = realpath(path, NULL);
	assert_non_null(real);
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.source WHERE id = %ld AND publisher = 'CBS' AND table_id = '85984NED' "
	         "AND licence = 'CC BY 4.0' AND importer = 'statline-csv' AND row_count = 184 "
	         "AND title = 'Kerncijfers wijken en buurten 2024'", res.source_id);
	assert_int_equal(count(sql), 1);
	assert_string_equal(bp_test_scalar(c, "SELECT checksum FROM bp.source"), FIXTURE_SHA256);
	assert_string_equal(bp_test_scalar(c, "SELECT location FROM bp.source"), real);
	free(real);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id <> %ld", res.source_id);
	assert_int_equal(count(sql), 0);

	/* all eight topics were known: no variable added */
	assert_int_equal(count("SELECT count(*) FROM bp.variable"), variables);
	assert_int_equal(count("SELECT count(*) FROM bp.variable_label"), labels);
	assert_references();
}

static void test_reimport_fixture(void **state)
{
	(void)state;
	char path[4096];
	fixture_path(path, sizeof(path), FIXTURE);
	snapshot before, after;
	take_snapshot(&before);
	bp_import_result res;
	bp_error err;
	assert_int_equal(import(path, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, g_fixture_source);
	assert_int_equal(res.observations, 0);
	take_snapshot(&after);
	assert_same_snapshot(&before, &after, "re-import");

	/* the same bytes under another path are the same source */
	char dir[256], copy[512];
	bp_test_tmpdir(dir, sizeof(dir));
	snprintf(copy, sizeof(copy), "%s/Kerncijfers_wijken_en_buurten_2024_copy.csv", dir);
	{
		bp_arena *a = bp_arena_new();
		char *data = NULL;
		size_t len = 0;
		assert_int_equal(bp_file_read_all(path, a, &data, &len, &err), BP_OK);
		FILE *f = fopen(copy, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(data, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
		bp_arena_free(a);
	}
	assert_int_equal(import(copy, 0, NULL, &res, &err), BP_OK);
	assert_int_equal(res.already_loaded, 1);
	assert_int_equal(res.source_id, g_fixture_source);
	bp_test_rmtree(dir);
	take_snapshot(&after);
	assert_same_snapshot(&before, &after, "copy");
	assert_int_equal(PQtransactionStatus(bp_test_db.db.conn), PQTRANS_IDLE);
	assert_references();
}

static void test_broken_after_load(void **state)
{
	(void)state;
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 184);
	run_broken_cases();
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 184);
	assert_int_equal(count("SELECT count(*) FROM bp.observation"), 184 * 8);
	assert_references();
}

static void test_parent_from_db(void **state)
{
	(void)state;
	/* after the fixture, WK040201 (fixture line 4) is in the database: the same file loads */
	char path[4096];
	fixture_path(path, sizeof(path), "statline-broken/buurt_parent_in_db.csv");
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 2024, NULL, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.observations, 16);
	assert_int_equal(count("SELECT count(*) FROM bp.source"), 2);
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 184);      /* both areas were there */
	assert_int_equal(count("SELECT count(*) FROM bp.observation"), 184 * 8 + 16);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT value FROM bp.observation WHERE source_id = %ld AND area_code = 'BU04020101' "
	         "AND variable_code = 'AantalInwoners'", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "3755");   /* fixture line 5 */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT parent_code FROM bp.area WHERE code = 'BU04020101'"), "WK040201");
	assert_references();
}

/* Symbols end up as statuses, with NULL exactly for unknown and not applicable. */
static void test_import_symbols(void **state)
{
	(void)state;
	char dir[256], path[512];
	bp_test_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/symbols.csv", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("\xEF\xBB\xBF\"Wijken en buurten\";\"Regioaanduiding/Soort regio (omschrijving)\";\"Regioaanduiding/Codering (code)\";"
	      "\"Bevolking/Aantal inwoners (aantal)\";\"Bevolking/Geslacht/Mannen (aantal)\";\"Bevolking/Geslacht/Vrouwen (aantal)\";"
	      "\"Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)\";\"Toets/Nieuw onderwerp (%)\"\r\n"
	      "\"Hilversum\";\"Gemeente  \";\"GM0402    \";.;;12*;7**;2.5\r\n", f);
	fclose(f);
	long sources = count("SELECT count(*) FROM bp.source");
	long variables = count("SELECT count(*) FROM bp.variable");
	long labels = count("SELECT count(*) FROM bp.variable_label");
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 2024, "TEST-SYMBOLS", &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.observations, 5);
	assert_string_equal(res.table_id, "TEST-SYMBOLS");
	assert_int_equal(count("SELECT count(*) FROM bp.source"), sources + 1);
	/* the unknown topic became a variable with a derived code and its label */
	assert_int_equal(count("SELECT count(*) FROM bp.variable"), variables + 1);
	assert_int_equal(count("SELECT count(*) FROM bp.variable_label"), labels + 1);
	assert_int_equal(count("SELECT count(*) FROM bp.variable WHERE code = 'ToetsNieuwOnderwerp' AND unit = '%' AND title = 'Nieuw onderwerp'"), 1);
	assert_int_equal(count("SELECT count(*) FROM bp.variable_label WHERE label = 'Toets/Nieuw onderwerp' AND variable_code = 'ToetsNieuwOnderwerp'"), 1);

	char sql[512];
	static const struct { const char *var, *status, *value; } want[] = {
		{ "AantalInwoners", "unknown_or_secret", "" },   /* NULL */
		{ "Mannen", "not_applicable", "" },
		{ "Vrouwen", "provisional", "12" },
		{ "k_0Tot15Jaar", "revised_provisional", "7" },
		{ "ToetsNieuwOnderwerp", "ok", "2.5" },
	};
	for (size_t i = 0; i < 5; i++) {
		snprintf(sql, sizeof(sql), "SELECT status::text || '|' || coalesce(value::text, '') FROM bp.observation "
		         "WHERE source_id = %ld AND area_code = 'GM0402' AND variable_code = '%s'", res.source_id, want[i].var);
		char expect[128];
		snprintf(expect, sizeof(expect), "%s|%s", want[i].status, want[i].value);
		assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), expect);
	}
	snprintf(sql, sizeof(sql), "SELECT title FROM bp.source WHERE id = %ld", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "symbols.csv");
	bp_test_rmtree(dir);
	assert_references();
}

/*
 * Another table in the new layout: SES-WOA (85163NED), lines 1-4, 578 and 580
 * of the shared export, byte for byte (tests/fixtures/statline-ses/).  It
 * starts with 'Perioden' and names its code column 'Regiocode (gemeente,
 * wijk, buurt) (code)'.  By hand:
 *   line 2  2019 Amsterdam  GM0363  457400; 20.8; 29.8; 49.5; -0.100; 1.010
 *   line 4  2019 Kop Zeedijk BU03630000 700; 12.4; 27.0; 60.6; 0.045; 0.856
 *   line 6  2019 Landelijk gebied Driemond BU03639801 0; then five '.'
 */
static void test_import_other_table(void **state)
{
	(void)state;
	char path[4096];
	fixture_path(path, sizeof(path), "statline-ses/SES_WOA_scores_per_wijk_en_buurt_amsterdam_slice.csv");
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 0, "85163NED", &res, &err);   /* the year from Perioden */
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.year, 2019);
	assert_int_equal(res.areas, 5);
	assert_int_equal(res.observations, 30);   /* 5 rows x 6 measures */
	char sql[512];
	static const struct { const char *var, *area, *want; } cells[] = {
		{ "ParticuliereHuishoudens", "GM0363", "ok|457400|2019" },
		{ "SESWOATotaalscoreGemiddeldeScore", "GM0363", "ok|-0.1|2019" },
		{ "OpleidingsniveauHoogWaarde", "BU03630000", "ok|60.6|2019" },
		{ "SpreidingSpreidingTotaalWaarde", "BU03630000", "ok|0.856|2019" },
		{ "ParticuliereHuishoudens", "BU03639801", "ok|0|2019" },
		{ "OpleidingsniveauLaagWaarde", "BU03639801", "unknown_or_secret||2019" },
	};
	for (size_t i = 0; i < sizeof(cells) / sizeof(*cells); i++) {
		snprintf(sql, sizeof(sql), "SELECT status::text || '|' || coalesce(value::text, '') || '|' || period FROM bp.observation "
		         "WHERE source_id = %ld AND area_code = '%s' AND variable_code = '%s'", res.source_id, cells[i].area, cells[i].var);
		assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), cells[i].want);
	}
	snprintf(sql, sizeof(sql), "SELECT name FROM bp.area WHERE code = 'BU03630000' AND indeling_year = 2019");
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "Kop Zeedijk");
	assert_references();
}

static void test_import_full_nl(void **state)
{
	(void)state;
	const char *root = getenv("BP_SOURCE_ROOT");
	char path[4096];
	snprintf(path, sizeof(path), "%s" FULL_NL_REL, root ? root : ".");
	assert_int_equal(access(path, R_OK), 0);   /* main checked it: run with --shared only */
	bp_import_result res;
	bp_error err;
	bp_rc rc = import(path, 0, NULL, &res, &err);
	if (rc)
		bp_test_print_err(&err);
	assert_int_equal(rc, BP_OK);
	assert_int_equal(res.already_loaded, 0);
	assert_int_equal(res.rows, 18310);
	assert_int_equal(res.observations, 18310 * 8);
	assert_string_equal(res.table_id, "85984NED");

	/* the file holds the whole 2024 indeling: every earlier area is among its rows */
	assert_int_equal(count("SELECT count(*) FROM bp.area"), 18310);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'land'"), 1);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'gemeente'"), 342);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'wijk'"), 3393);
	assert_int_equal(count("SELECT count(*) FROM bp.area WHERE level = 'buurt'"), 14574);
	assert_int_equal(count("SELECT count(*) FROM bp.area a WHERE a.parent_code IS NOT NULL AND NOT EXISTS "
	                       "(SELECT 1 FROM bp.area p WHERE p.code = a.parent_code AND p.indeling_year = a.indeling_year)"), 0);

	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation WHERE source_id = %ld", res.source_id);
	assert_int_equal(count(sql), 18310 * 8);
	snprintf(sql, sizeof(sql), "SELECT checksum FROM bp.source WHERE id = %ld", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), FULL_NL_SHA256);

	/* Amsterdam, lines 1173-1174: Haarlemmerbuurt WK0363AA 9180 inwoners, Planciusbuurt-Noord BU0363AA01 */
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT parent_code FROM bp.area WHERE code = 'BU0363AA01'"), "WK0363AA");
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, "SELECT parent_code FROM bp.area WHERE code = 'WK0363AA'"), "GM0363");
	snprintf(sql, sizeof(sql), "SELECT value FROM bp.observation WHERE source_id = %ld AND area_code = 'WK0363AA' "
	         "AND variable_code = 'AantalInwoners'", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "9180");
	/* awk: the 342 gemeenten add up to Nederland's 17942942; all 18310 rows to 71771514 */
	snprintf(sql, sizeof(sql), "SELECT sum(o.value)::bigint FROM bp.observation o JOIN bp.area a ON a.code = o.area_code "
	         "AND a.indeling_year = o.indeling_year WHERE o.source_id = %ld AND a.level = 'gemeente' "
	         "AND o.variable_code = 'AantalInwoners'", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "17942942");
	snprintf(sql, sizeof(sql), "SELECT sum(value)::bigint FROM bp.observation WHERE source_id = %ld "
	         "AND variable_code = 'AantalInwoners'", res.source_id);
	assert_string_equal(bp_test_scalar(bp_test_db.db.conn, sql), "71771514");
	assert_references();
}

int main(int argc, char **argv)
{
	/* The whole of Nederland, from ../shared/data: its own run, skipped when absent. */
	if (bp_test_shared_mode(argc, argv)) {
		static const char *const need[] = { FULL_NL_REL, NULL };
		const struct CMUnitTest shared_tests[] = { cmocka_unit_test(test_import_full_nl) };
		if (bp_test_shared_require(need))
			return BP_TEST_SKIPPED;
		return cmocka_run_group_tests_name("shared", shared_tests, bp_test_db_setup, bp_test_db_teardown);
	}
	const struct CMUnitTest parse_tests[] = {
		cmocka_unit_test(test_parse_header),
		cmocka_unit_test(test_parse_rows),
		cmocka_unit_test(test_parse_without_resolver),
		cmocka_unit_test(test_derive_code),
		cmocka_unit_test(test_year_from_name),
		cmocka_unit_test(test_parse_symbols_in_memory),
		cmocka_unit_test(test_parse_broken_files),
		cmocka_unit_test(test_parse_other_separators),
	};
	/* in this order: each test builds on the database the previous ones left */
	const struct CMUnitTest db_tests[] = {
		cmocka_unit_test(test_broken_on_empty_db),
		cmocka_unit_test(test_import_fixture),
		cmocka_unit_test(test_reimport_fixture),
		cmocka_unit_test(test_broken_after_load),
		cmocka_unit_test(test_parent_from_db),
		cmocka_unit_test(test_import_symbols),
		cmocka_unit_test(test_import_other_table),
	};
	int failed = cmocka_run_group_tests_name("parse", parse_tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("db", db_tests, bp_test_db_setup, bp_test_db_teardown);
	return failed;
}

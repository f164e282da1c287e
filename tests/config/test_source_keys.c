/*
 * test_source_keys.c: `buurtpeil run` and `buurtpeil import` take the same
 * keys for every kind (issue 17).  The expected options are those the
 * import command has always had (its usage before the registry); the test
 * reads them from `buurtpeil import KIND --help` and writes each as a key
 * (dashes as underscores) into a monitor configuration that must accept it,
 * while a key of another kind must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/monitor.h"
#include "core/arena.h"
#include "import/registry.h"
#include "pgtest.h"

typedef struct kind_case {
	const char *kind;
	const char *base;          /* the required keys, as YAML lines */
	const char *const options[8];
} kind_case;

static const kind_case cases[] = {
	{ "statline-csv", "    file: k.csv\n", { "year", "table-id", "codes", "gemeente", NULL } },
	{ "kwb-csv", "    file: k.csv\n    mapping: m.yaml\n", { "year", "skip", "mapping", NULL } },
	{ "cbs-dump", "    dir: d\n", { NULL } },
	{ "survey", "    file: s.sav\n    mapping: m.yaml\n", { "mapping", "skip-invalid", "report", NULL } },
	{ "survey-results", "    file: r.csv\n    mapping: m.yaml\n", { "mapping", NULL } },
	{ "experiences", "    file: e.csv\n", { "skip-invalid", NULL } },
	{ "json", "    file: j.json\n    mapping: m.yaml\n", { "mapping", NULL } },
	{ "table", "    file: t.csv\n    mapping: m.yaml\n", { "mapping", NULL } },
	{ "geojson", "    file: w.geojson\n", { "year", "level", "tolerance", "crs", "object", NULL } },
	{ "cbs", "    table: 50090NED\n", { "catalog", "base-url", "gemeente", "where", "api", NULL } },
};

/* A valid value of each option, as YAML (a list where the option repeats). */
static const char *sample(const char *kind, const char *opt)
{
	static const char *const values[][2] = {
		{ "year", "2024" }, { "table-id", "85984NED" }, { "codes", "codes.csv" }, { "gemeente", "GM0828" },
		{ "skip", "[2021:g_hhgro]" }, { "mapping", "m.yaml" }, { "skip-invalid", "true" }, { "report", "r.csv" },
		{ "level", "wijk" }, { "tolerance", "2.5" }, { "crs", "EPSG:28992" }, { "object", "wijken" },
		{ "catalog", "RIVM" }, { "base-url", "http://127.0.0.1:8080" }, { "where", "[Leeftijd=20300]" },
		{ "api", "v4" },
	};
	if (strcmp(kind, "cbs") == 0 && strcmp(opt, "gemeente") == 0)
		return "[GM0828, GM0402]";   /* repeatable for cbs, one for statline-csv */
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (strcmp(values[i][0], opt) == 0)
			return values[i][1];
	fail_msg("no sample value for --%s", opt);
	return NULL;
}

static int has(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* The --options in the usage lines of `import KIND --help` (up to the first blank line). */
static size_t help_options(const char *kind, char names[][32], size_t max)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "'%s' import %s --help", getenv("BP_BINARY"), kind);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char line[1024];
	size_t n = 0;
	while (fgets(line, sizeof(line), p) && line[0] != '\n') {
		for (char *s = strstr(line, "--"); s; s = strstr(s + 2, "--")) {
			size_t len = strspn(s + 2, "abcdefghijklmnopqrstuvwxyz-");
			assert_true(n < max && len < 32);
			memcpy(names[n], s + 2, len);
			names[n++][len] = '\0';
		}
	}
	assert_int_equal(pclose(p), 0);
	return n;
}

/* Load a configuration of one source; the rc, and the error in *err. */
static bp_rc load(const char *dir, const char *kind, const char *keys, bp_error *err)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/monitor.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "gemeenten: [GM0828]\nsources:\n  - type: %s\n%s", kind, keys);
	fclose(f);
	bp_arena *a = bp_arena_new();
	bp_monitor_config c;
	bp_error_clear(err);
	bp_rc rc = bp_monitor_config_load(path, a, &c, err);
	if (rc == BP_OK)
		assert_string_equal(c.sources[0].type, kind);
	bp_arena_free(a);
	return rc;
}

static void test_same_keys(void **state)
{
	const char *dir = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const kind_case *kc = &cases[i];
		char names[16][32];
		size_t n = help_options(kc->kind, names, 16);
		size_t n_expected = 0;
		while (kc->options[n_expected])
			n_expected++;
		/* The command line: exactly the options the kind always had. */
		for (size_t j = 0; j < n; j++)
			if (!has(kc->options, names[j]))
				fail_msg("import %s --help lists --%s", kc->kind, names[j]);
		assert_int_equal(n, n_expected);

		/* The configuration: each option as a key. */
		for (size_t j = 0; kc->options[j]; j++) {
			char key[32], yaml[512];
			snprintf(key, sizeof(key), "%s", kc->options[j]);
			for (char *s = key; *s; s++)
				if (*s == '-')
					*s = '_';
			snprintf(yaml, sizeof(yaml), "%s", kc->base);
			if (!strstr(kc->base, key))
				snprintf(yaml, sizeof(yaml), "%s    %s: %s\n", kc->base, key, sample(kc->kind, kc->options[j]));
			bp_error err;
			if (load(dir, kc->kind, yaml, &err) != BP_OK)
				fail_msg("type %s, key %s: %s", kc->kind, key, err.message);
		}
	}
}

/* An option of another kind is no key of this one. */
static void test_other_keys_refused(void **state)
{
	const char *dir = *state;
	bp_error err;
	assert_int_equal(load(dir, "experiences", "    file: e.csv\n    report: r.csv\n", &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'report' does not apply to a source of type experiences");
	assert_int_equal(load(dir, "statline-csv", "    file: k.csv\n    object: wijken\n", &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'object' does not apply to a source of type statline-csv");
	assert_int_equal(load(dir, "cbs", "    table: 50090NED\n    table_id: x\n", &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'table_id' does not apply to a source of type cbs");
	/* national is the configuration's own (the command line has --gemeente for it), alone only. */
	assert_int_equal(load(dir, "cbs", "    table: 50090NED\n    national: false\n", &err), BP_OK);
	assert_int_equal(load(dir, "cbs", "    table: 50090NED\n    national: false\n    gemeente: [GM0828]\n", &err),
	                 BP_ERR_CONFIG);
	/* Checked as the option is: statline-csv takes one gemeente, --api v3 or v4. */
	assert_int_equal(load(dir, "statline-csv", "    file: k.csv\n    gemeente: Oss\n", &err), BP_ERR_CONFIG);
	assert_string_equal(err.message, "'gemeente' takes a code such as GM0828, not 'Oss'");
	assert_int_equal(load(dir, "cbs", "    table: 50090NED\n    api: v5\n", &err), BP_ERR_CONFIG);
}

/* README's table of types and keys names every key of every kind (the table is written by hand). */
static void test_readme_table(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof(path), "%s/README.md", getenv("BP_SOURCE_ROOT"));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	for (size_t i = 0; bp_importers[i]; i++) {
		char head[64];
		snprintf(head, sizeof(head), "\n| `%s` | ", bp_importers[i]->kind);
		const char *row = strstr(text, head);
		if (!row)
			fail_msg("README.md has no row for type %s", bp_importers[i]->kind);
		const char *eol = strchr(row + 1, '\n');
		for (int k = 0; k < BP_IMPORT_MAX_KEYS && bp_importers[i]->keys[k].name; k++) {
			char key[64];
			snprintf(key, sizeof(key), "`%s", bp_importers[i]->keys[k].name);
			const char *at = strstr(row, key);
			if (!at || at > eol || !strchr("`:", at[strlen(key)]))
				fail_msg("README.md's row for %s lacks the key %s", bp_importers[i]->kind, key + 1);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_keys, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_other_keys_refused, bp_test_setup_tmpdir, bp_test_teardown_tmpdir),
		cmocka_unit_test(test_readme_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

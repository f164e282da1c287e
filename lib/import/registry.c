#include "import/registry.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "import/areacode.h"
#include "import/kinds.h"
#include "import/kwb_csv.h"

/* The table: one row per kind; its keys and run live in the kind's own file. */
const bp_importer *const bp_importers[] = {
	&bp_importer_statline_csv,
	&bp_importer_cbs,
	&bp_importer_cbs_dump,
	&bp_importer_geojson,
	&bp_importer_survey,
	&bp_importer_survey_results,
	&bp_importer_experiences,
	&bp_importer_json,
	&bp_importer_kwb_csv,
	&bp_importer_table,
	NULL
};

const bp_importer *bp_importer_find(const char *kind)
{
	for (size_t i = 0; bp_importers[i]; i++)
		if (strcmp(bp_importers[i]->kind, kind) == 0)
			return bp_importers[i];
	return NULL;
}

int bp_importer_key_index(const bp_importer *imp, const char *name)
{
	for (int i = 0; i < BP_IMPORT_MAX_KEYS && imp->keys[i].name; i++)
		if (strcmp(imp->keys[i].name, name) == 0)
			return i;
	return -1;
}

const char *bp_import_key_option(const bp_import_key *k, char *buf, size_t size)
{
	size_t i = 0;
	for (; k->name[i] && i + 1 < size; i++)
		buf[i] = k->name[i] == '_' ? '-' : k->name[i];
	buf[i] = '\0';
	return buf;
}

static int parse_year(const char *s, long *out)
{
	char *end;
	long y = strtol(s, &end, 10);
	if (!*s || *end || y < 1990 || y > 2100)
		return -1;
	*out = y;
	return 0;
}

bp_rc bp_import_value_set(const bp_import_key *k, const char *text, bp_arena *a, bp_import_value *v,
                          bp_error *err)
{
	const char *s = text;
	switch (k->type) {
	case BP_KEY_PATH:
	case BP_KEY_TEXT:
		if (!*s)
			return bp_fail(err, BP_ERR_USAGE, "must not be empty");
		break;
	case BP_KEY_YEAR:
		if (parse_year(s, &v->num))
			return bp_fail(err, BP_ERR_USAGE, "takes a year such as 2024, not '%s'", s);
		break;
	case BP_KEY_METRES: {
		char *end;
		v->real = strtod(s, &end);
		if (!*s || *end || !(v->real > 0 && v->real <= 10000))
			return bp_fail(err, BP_ERR_USAGE, "takes metres (more than 0, at most 10000), not '%s'", s);
		break;
	}
	case BP_KEY_BOOL:
		if (strcmp(s, "true") == 0)
			v->num = 1;
		else if (strcmp(s, "false") == 0)
			v->num = 0;
		else
			return bp_fail(err, BP_ERR_USAGE, "takes true or false, not '%s'", s);
		break;
	case BP_KEY_CHOICE: {
		long i = 0;
		while (k->choices[i] && strcmp(k->choices[i], s) != 0)
			i++;
		if (!k->choices[i]) {
			bp_buf b;
			bp_buf_init(&b);
			for (size_t j = 0; k->choices[j]; j++)
				bp_buf_printf(&b, "%s%s", j == 0 ? "" : k->choices[j + 1] ? ", " : " or ", k->choices[j]);
			bp_fail(err, BP_ERR_USAGE, "takes %s, not '%s'", b.data, s);
			bp_buf_release(&b);
			return BP_ERR_USAGE;
		}
		v->num = i;
		break;
	}
	case BP_KEY_URL:
		if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
			return bp_fail(err, BP_ERR_USAGE, "takes an http:// or https:// URL, not '%s'", s);
		break;
	case BP_KEY_GEMEENTE: {
		bp_area_code ac;
		if (bp_area_code_parse(s, strlen(s), &ac) != 0 || ac.level != BP_LEVEL_GEMEENTE)
			return bp_fail(err, BP_ERR_USAGE, "takes a code such as GM0828, not '%s'", s);
		s = bp_arena_strdup(a, ac.code);   /* CBS pads its codes; the trimmed one matches */
		break;
	}
	case BP_KEY_WHERE:
		if (!strchr(s, '=') || s[0] == '=')
			return bp_fail(err, BP_ERR_USAGE, "takes DIM=KEY such as Leeftijd=20300, not '%s'", s);
		break;
	case BP_KEY_SKIP: {
		bp_kwb_skip sk;
		if (bp_kwb_skip_parse(s, &sk) != 0)
			return bp_fail(err, BP_ERR_USAGE, "takes YEAR:COLUMN such as 2021:g_hhgro, not '%s'", s);
		break;
	}
	}
	if (k->flags & BP_KEY_MANY) {
		if (v->n == BP_IMPORT_MAX_LIST)
			return bp_fail(err, BP_ERR_USAGE, "takes at most %d values", BP_IMPORT_MAX_LIST);
		const char **list = bp_arena_alloc(a, (v->n + 1) * sizeof(*list));
		if (v->n)
			memcpy(list, v->list, v->n * sizeof(*list));
		list[v->n++] = s;
		v->list = list;
	}
	v->str = s;
	v->given = 1;
	return BP_OK;
}

const bp_import_value *bp_import_get(const bp_import_args *args, const char *name)
{
	int i = bp_importer_key_index(args->kind, name);
	if (i < 0)
		abort();   /* a run function asking for a key its kind does not have: a bug */
	return &args->v[i];
}

const char *bp_import_str(const bp_import_args *args, const char *name)
{
	const bp_import_value *v = bp_import_get(args, name);
	return v->given ? v->str : NULL;
}

long bp_import_num(const bp_import_args *args, const char *name, long def)
{
	const bp_import_value *v = bp_import_get(args, name);
	return v->given ? v->num : def;
}

double bp_import_real(const bp_import_args *args, const char *name)
{
	return bp_import_get(args, name)->real;
}

bp_rc bp_import_run(PGconn *conn, const bp_import_args *args, bp_arena *a, bp_import_summary *sum,
                    bp_error *err)
{
	memset(sum, 0, sizeof(*sum));
	sum->kind = args->kind->kind;
	for (int i = 0; i < BP_IMPORT_MAX_KEYS && args->kind->keys[i].name; i++)
		if (args->kind->keys[i].flags & BP_KEY_ARG)
			sum->what = args->v[i].str;
	return args->kind->run(conn, args, a, sum, err);
}

void bp_import_count(bp_import_summary *sum, long n, const char *unit)
{
	if (sum->n_counts == BP_IMPORT_MAX_COUNTS)
		abort();   /* a kind reporting more figures than the summary holds: a bug */
	sum->counts[sum->n_counts].n = n;
	sum->counts[sum->n_counts].unit = unit;
	sum->n_counts++;
}

static void append(const char ***list, size_t *n, bp_arena *a, const char *fmt, va_list ap)
{
	const char **l = bp_arena_alloc(a, (*n + 1) * sizeof(*l));
	if (*n)
		memcpy(l, *list, *n * sizeof(*l));
	l[(*n)++] = bp_arena_vprintf(a, fmt, ap);
	*list = l;
}

void bp_import_note(bp_import_summary *sum, bp_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append(&sum->notes, &sum->n_notes, a, fmt, ap);
	va_end(ap);
}

void bp_import_warning(bp_import_summary *sum, bp_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	append(&sum->warnings, &sum->n_warnings, a, fmt, ap);
	va_end(ap);
}

/* "import KIND ARG [--opt X] ..." wrapped at 78 columns under the kind. */
static void usage_line(bp_buf *b, const bp_importer *imp, int first)
{
	char opt[64];
	size_t start = b->len;
	bp_buf_printf(b, "%s buurtpeil import %s", first ? "usage:" : "      ", imp->kind);
	size_t indent = b->len - start + 1;
	size_t col = b->len - start;
	for (int pass = 0; pass < 2; pass++) {   /* the argument first, then the options */
		for (int i = 0; i < BP_IMPORT_MAX_KEYS && imp->keys[i].name; i++) {
			const bp_import_key *k = &imp->keys[i];
			if ((k->flags & BP_KEY_CONFIG_ONLY) || (pass == 0) != !!(k->flags & BP_KEY_ARG))
				continue;
			char item[128];
			if (k->flags & BP_KEY_ARG)
				snprintf(item, sizeof(item), "%s", k->metavar);
			else
				snprintf(item, sizeof(item), "%s--%s%s%s%s%s", k->flags & BP_KEY_REQUIRED ? "" : "[",
				         bp_import_key_option(k, opt, sizeof(opt)), k->type == BP_KEY_BOOL ? "" : " ",
				         k->type == BP_KEY_BOOL ? "" : k->metavar, k->flags & BP_KEY_MANY ? " ..." : "",
				         k->flags & BP_KEY_REQUIRED ? "" : "]");
			if (col + 1 + strlen(item) > 78) {
				bp_buf_printf(b, "\n%*s", (int)indent, "");
				col = indent;
			} else {
				bp_buf_addc(b, ' ');
				col++;
			}
			bp_buf_printf(b, "%s", item);
			col += strlen(item);
		}
	}
	bp_buf_addc(b, '\n');
}

const char *bp_importer_help(const bp_importer *imp, bp_arena *a)
{
	bp_buf b;
	char opt[64];
	bp_buf_init(&b);
	if (!imp) {
		for (size_t i = 0; bp_importers[i]; i++)
			usage_line(&b, bp_importers[i], i == 0);
		bp_buf_printf(&b, "\n'buurtpeil import KIND --help' describes a kind and its options.\n");
	} else {
		usage_line(&b, imp, 1);
		bp_buf_printf(&b, "\n%s\n", imp->summary);
		for (int i = 0; i < BP_IMPORT_MAX_KEYS && imp->keys[i].name; i++) {
			const bp_import_key *k = &imp->keys[i];
			char left[80];
			if (k->flags & BP_KEY_ARG)
				snprintf(left, sizeof(left), "%s", k->metavar);
			else if (k->flags & BP_KEY_CONFIG_ONLY)
				snprintf(left, sizeof(left), "%s: true|false", k->name);
			else
				snprintf(left, sizeof(left), "--%s%s%s", bp_import_key_option(k, opt, sizeof(opt)),
				         k->type == BP_KEY_BOOL ? "" : " ", k->type == BP_KEY_BOOL ? "" : k->metavar);
			/* A long left column puts its help on the next line, aligned. */
			bp_buf_printf(&b, strlen(left) > 17 ? "  %s\n                     %s%s%s\n" : "  %-18s %s%s%s\n", left, k->help,
			              k->flags & BP_KEY_MANY ? " (repeatable)" : "",
			              k->flags & BP_KEY_CONFIG_ONLY ? " (configuration only)" : "");
		}
		bp_buf_printf(&b, "\nIn a monitor configuration: type: %s, with the keys", imp->kind);
		for (int i = 0; i < BP_IMPORT_MAX_KEYS && imp->keys[i].name; i++)
			bp_buf_printf(&b, "%s %s", i ? "," : "", imp->keys[i].name);
		bp_buf_printf(&b, ".\n");
	}
	const char *out = bp_arena_strdup(a, b.data);
	bp_buf_release(&b);
	return out;
}

/* areaname.c: areas by code, number or name within an indeling (see the header). */
#include "import/areaname.h"

#include <ctype.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "db/pgutil.h"

typedef struct entry {
	const char *code, *name, *gemeente;
	int level;
	struct entry *next;       /* the next area with the same key */
} entry;

struct bp_area_dir {
	bp_arena *a;
	GHashTable *by_code;      /* code -> entry */
	GHashTable *by_name;      /* "LEVEL|GEMEENTE|folded name" -> entry list */
	entry *all;
	long n;
};

static void free_hash(void *h)
{
	g_hash_table_destroy(h);
}

/* Case-folded, trimmed, inner runs of spaces as one: what two spellings of one name share. */
static char *fold(bp_arena *a, const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	gchar *v = g_utf8_validate(s, (gssize)len, NULL) ? g_strndup(s, len) : g_utf8_make_valid(s, (gssize)len);
	gchar *f = g_utf8_casefold(v, -1);
	gchar *n = g_utf8_normalize(f, -1, G_NORMALIZE_NFC);
	GString *o = g_string_new("");
	int space = 0;
	for (const char *p = n; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = 1;
			continue;
		}
		if (space && o->len)
			g_string_append_c(o, ' ');
		space = 0;
		g_string_append_c(o, *p);
	}
	char *r = bp_arena_strdup(a, o->str);
	g_string_free(o, TRUE);
	g_free(n);
	g_free(f);
	g_free(v);
	return r;
}

static const char *name_key(bp_arena *a, int level, const char *gemeente, const char *folded)
{
	/* Nederland and the gemeenten share one space of names: a column of gemeenten often ends in Nederland. */
	if (level == BP_LEVEL_LAND)
		level = BP_LEVEL_GEMEENTE;
	return bp_arena_printf(a, "%d|%s|%s", level, level == BP_LEVEL_GEMEENTE ? "" : gemeente, folded);
}

bp_rc bp_area_dir_load(PGconn *conn, int year, bp_arena *a, bp_area_dir **out, bp_error *err)
{
	bp_area_dir *d = bp_arena_alloc(a, sizeof(*d));
	memset(d, 0, sizeof(*d));
	d->a = a;
	d->by_code = g_hash_table_new(g_str_hash, g_str_equal);
	d->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	bp_arena_on_free(a, free_hash, d->by_code);
	bp_arena_on_free(a, free_hash, d->by_name);
	char year_s[16];
	snprintf(year_s, sizeof(year_s), "%d", year);
	const char *p[] = { year_s };
	PGresult *r = NULL;
	bp_rc rc = bp_pg_query(conn,
		"SELECT code, name, gemeente_code, level::text FROM bp.area WHERE indeling_year = $1::int "
		"AND level <> 'custom' ORDER BY code", 1, p, &r, err);
	if (rc)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		entry *e = bp_arena_alloc(a, sizeof(*e));
		e->code = bp_arena_strdup(a, PQgetvalue(r, i, 0));
		e->name = bp_arena_strdup(a, PQgetvalue(r, i, 1));
		e->gemeente = PQgetisnull(r, i, 2) ? NULL : bp_arena_strdup(a, PQgetvalue(r, i, 2));
		const char *lv = PQgetvalue(r, i, 3);
		e->level = strcmp(lv, "land") == 0 ? BP_LEVEL_LAND : strcmp(lv, "gemeente") == 0 ? BP_LEVEL_GEMEENTE
		         : strcmp(lv, "wijk") == 0 ? BP_LEVEL_WIJK : BP_LEVEL_BUURT;
		if (e->level == BP_LEVEL_GEMEENTE && !e->gemeente)
			e->gemeente = e->code;
		g_hash_table_insert(d->by_code, (gpointer)e->code, e);
		const char *key = name_key(a, e->level, e->gemeente ? e->gemeente : "", fold(a, e->name, strlen(e->name)));
		e->next = g_hash_table_lookup(d->by_name, key);
		g_hash_table_insert(d->by_name, (gpointer)key, e);
		d->n++;
	}
	PQclear(r);
	*out = d;
	return BP_OK;
}

long bp_area_dir_size(const bp_area_dir *d)
{
	return d->n;
}

static void found_of(const entry *e, bp_area_found *f)
{
	f->code = e->code;
	f->gemeente = e->level == BP_LEVEL_LAND ? NULL : e->gemeente;
}

/* [A-Z0-9] runs joined by '-', letters transliterated: "Fryslân" -> "FRYSLAN". */
static const char *key_of(bp_arena *a, const char *s, size_t len)
{
	gchar *v = g_utf8_validate(s, (gssize)len, NULL) ? g_strndup(s, len) : g_utf8_make_valid(s, (gssize)len);
	gchar *ascii = g_str_to_ascii(v, "C");
	GString *o = g_string_new("");
	for (const char *p = ascii; *p; p++) {
		if (isalnum((unsigned char)*p))
			g_string_append_c(o, (char)toupper((unsigned char)*p));
		else if (o->len && o->str[o->len - 1] != '-')
			g_string_append_c(o, '-');
	}
	while (o->len && o->str[o->len - 1] == '-')
		g_string_truncate(o, o->len - 1);
	char *r = bp_arena_strdup(a, o->str);
	g_string_free(o, TRUE);
	g_free(ascii);
	g_free(v);
	return r;
}

static bp_rc unknown(const bp_area_dir *d, const char *what, const char *s, bp_error *err)
{
	bp_fail(err, BP_ERR_PARSE, "%s '%s' is not among the areas loaded for this indeling (%ld areas)", what, s, d->n);
	bp_error_hint(err, "load the indeling's areas first (a KWB table or borders of that year), or correct the name");
	return BP_ERR_PARSE;
}

bp_rc bp_area_dir_by_code(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err)
{
	bp_area_code ac;
	memset(found, 0, sizeof(*found));
	/* CBS keys of other region types: PV20 (provincie), LD01 (landsdeel),
	 * CR35 (COROP), GG3714 (GGD-regio), RE07 (politie), ...: skipped. */
	const char *k = s;
	while (*k == ' ')
		k++;
	if (isupper((unsigned char)k[0]) && isupper((unsigned char)k[1]) && isdigit((unsigned char)k[2]) &&
	    !(strncmp(k, "NL", 2) == 0 || strncmp(k, "GM", 2) == 0 || strncmp(k, "WK", 2) == 0 || strncmp(k, "BU", 2) == 0)) {
		found->other = key_of(d->a, k, strlen(k));
		return BP_OK;
	}
	if (bp_area_code_parse(s, strlen(s), &ac) != 0) {
		bp_fail(err, BP_ERR_PARSE, "'%s' is not a CBS area code (NL00, GM0828, WK082801, BU08280105)", s);
		return BP_ERR_PARSE;
	}
	const entry *e = g_hash_table_lookup(d->by_code, ac.code);
	if (!e)
		return unknown(d, "area code", ac.code, err);
	found_of(e, found);
	return BP_OK;
}

bp_rc bp_area_dir_by_number(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err)
{
	memset(found, 0, sizeof(*found));
	size_t len = strlen(s), i = 0;
	while (i < len && s[i] == ' ')
		i++;
	while (len > i && s[len - 1] == ' ')
		len--;
	size_t digits = len - i;
	for (size_t k = i; k < len; k++)
		if (!isdigit((unsigned char)s[k]))
			digits = 0;
	if (digits == 0 || digits > 4) {
		bp_fail(err, BP_ERR_PARSE, "'%s' is not a gemeentenummer (1 to 4 digits, such as 828 or 0828)", s);
		return BP_ERR_PARSE;
	}
	char code[8];
	snprintf(code, sizeof(code), "GM%04d", atoi(s + i));
	const entry *e = g_hash_table_lookup(d->by_code, code);
	if (!e)
		return unknown(d, "gemeentenummer", s, err);
	found_of(e, found);
	return BP_OK;
}

/* Names that begin like s (case-folded), for the hint of an unknown name. */
static void hint_near(const bp_area_dir *d, const char *folded, int level, const char *gemeente, bp_error *err)
{
	GString *h = g_string_new("");
	int n = 0;
	GHashTableIter it;
	gpointer k, v;
	size_t want = MIN(strlen(folded), (size_t)3);
	const char *prefix = name_key(d->a, level, gemeente ? gemeente : "", "");
	g_hash_table_iter_init(&it, d->by_name);
	while (g_hash_table_iter_next(&it, &k, &v) && n < 5) {
		const char *key = k;
		if (strncmp(key, prefix, strlen(prefix)) != 0 || strncmp(key + strlen(prefix), folded, want) != 0)
			continue;
		const entry *e = v;
		g_string_append_printf(h, "%s%s (%s)", n ? ", " : "", e->name, e->code);
		n++;
	}
	if (n)
		bp_error_hint(err, "names that begin alike: %s", h->str);
	else
		bp_error_hint(err, "load the indeling's areas first (a KWB table or borders of that year), or correct the name");
	g_string_free(h, TRUE);
}

bp_rc bp_area_dir_by_name(const bp_area_dir *d, const char *s, bp_area_level level, const char *gemeente,
                          bp_area_found *found, bp_error *err)
{
	memset(found, 0, sizeof(*found));
	while (*s == ' ')
		s++;
	size_t len = strlen(s);
	while (len && s[len - 1] == ' ')
		len--;
	/* CBS's region titles end in the type: "Oss (GM)", "Noord-Brabant (PV)". */
	if (len > 5 && s[len - 1] == ')' && s[len - 5] == ' ' && s[len - 4] == '(' &&
	    isupper((unsigned char)s[len - 3]) && isupper((unsigned char)s[len - 2])) {
		if (!(level == BP_LEVEL_GEMEENTE && s[len - 3] == 'G' && s[len - 2] == 'M')) {
			/* A region of another type: its key is the type, then the name.
			 * A gemeente, wijk or buurt title in a table of another level is
			 * only skipped: it is no region of its own. */
			const char *type = s + len - 3;
			if (strncmp(type, "GM", 2) == 0 || strncmp(type, "WK", 2) == 0 || strncmp(type, "BU", 2) == 0)
				return BP_OK;
			found->other = bp_arena_printf(d->a, "%c%c-%s", s[len - 3], s[len - 2], key_of(d->a, s, len - 5));
			found->other_name = bp_arena_strndup(d->a, s, len);
			return BP_OK;
		}
		len -= 5;
	}
	const char *folded = fold(d->a, s, len);
	const entry *e = g_hash_table_lookup(d->by_name, name_key(d->a, level, gemeente ? gemeente : "", folded));
	const char *what = level == BP_LEVEL_GEMEENTE ? "gemeente" : level == BP_LEVEL_WIJK ? "wijk" : "buurt";
	if (!e) {
		bp_fail(err, BP_ERR_PARSE, "%s '%.*s'%s%s is not among the areas loaded for this indeling", what, (int)len, s,
		        gemeente ? " in " : "", gemeente ? gemeente : "");
		hint_near(d, folded, level, gemeente, err);
		return BP_ERR_PARSE;
	}
	if (e->next) {
		GString *h = g_string_new("");
		for (const entry *x = e; x; x = x->next)
			g_string_append_printf(h, "%s%s", x == e ? "" : ", ", x->code);
		bp_fail(err, BP_ERR_PARSE, "%s '%.*s' is ambiguous: %s", what, (int)len, s, h->str);
		bp_error_hint(err, "map the area by its code or number instead of its name");
		g_string_free(h, TRUE);
		return BP_ERR_PARSE;
	}
	found_of(e, found);
	return BP_OK;
}

bp_rc bp_area_dir_gemeente(const bp_area_dir *d, const char *s, bp_area_found *found, bp_error *err)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (isdigit((unsigned char)*p))
		return bp_area_dir_by_number(d, s, found, err);
	bp_area_code ac;
	if (bp_area_code_parse(s, strlen(s), &ac) == 0 && ac.level == BP_LEVEL_GEMEENTE)
		return bp_area_dir_by_code(d, s, found, err);
	bp_rc rc = bp_area_dir_by_name(d, s, BP_LEVEL_GEMEENTE, NULL, found, err);
	if (rc == BP_OK && !found->code) {
		bp_fail(err, BP_ERR_PARSE, "'%s' is not a gemeente", s);
		return BP_ERR_PARSE;
	}
	return rc;
}

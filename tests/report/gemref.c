#include "gemref.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/fsutil.h"
#include "pgtest.h"

PGconn *bp_gemref_conn;
char bp_gemref_tmpdir[256];

void bp_gemref_must(bp_rc rc, const char *what, const bp_error *err)
{
	if (rc) {
		char buf[4 * BP_ERROR_TEXT];
		bp_error_format(err, buf, sizeof(buf));
		fail_msg("%s: %s", what, buf);
	}
}

void bp_gemref_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("'%s' not found in:\n%.6000s", needle, hay);
}

const char *bp_gemref_esc(bp_arena *a, const char *s)
{
	bp_buf b;
	bp_buf_init(&b);
	for (; *s; s++)
		if (*s == '\'')
			bp_buf_adds(&b, "&#39;");
		else
			bp_buf_printf(&b, "%c", *s);
	const char *o = bp_arena_strdup(a, b.data ? b.data : "");
	bp_buf_release(&b);
	return o;
}

const char *bp_gemref_read(bp_arena *a, const char *path)
{
	char *text = NULL;
	size_t len;
	bp_error err = { 0 };
	bp_gemref_must(bp_file_read_all(path, a, &text, &len, &err), path, &err);
	return bp_arena_strdup(a, text);
}

const char *bp_gemref_pdf_text(bp_arena *a, const char *path)
{
	char *t = bp_test_pdf_text(path);
	const char *out = bp_arena_strdup(a, t);
	free(t);
	return out;
}

int bp_gemref_count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

const char *bp_gemref_why_both(int en)
{
	return en ? "the difference with the municipality is larger than the uncertainty of both figures allows"
	          : "het verschil met de gemeente is groter dan de onzekerheid van beide cijfers toelaat";
}

const bp_area_ref *bp_gemref_area(const bp_area_scope *sc, const char *code)
{
	for (size_t i = 0; i < sc->n_areas; i++)
		if (strcmp(sc->areas[i].code, code) == 0)
			return &sc->areas[i];
	fail_msg("no area %s in the scope", code);
	return NULL;
}

int bp_gemref_setup(void **state)
{
	if (bp_test_db_setup(state))
		return -1;
	bp_gemref_conn = bp_test_db.db.conn;
	bp_test_tmpdir(bp_gemref_tmpdir, sizeof(bp_gemref_tmpdir));
	return 0;
}

int bp_gemref_teardown(void **state)
{
	if (!getenv("BP_TEST_KEEP"))
		bp_test_rmtree(bp_gemref_tmpdir);
	return bp_test_db_teardown(state);
}

/* importtest.c: see importtest.h.  Moved out of test_odata3/test_odata4 and
 * the file importer tests, unchanged. */
#include "importtest.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "engine/compute.h"
#include "engine/indicator_def.h"

#include "core/buf.h"
#include "pgtest.h"

void bp_test_print_err(const bp_error *err)
{
	char buf[4096];
	bp_error_format(err, buf, sizeof(buf));
	print_error("%s\n", buf);
}

long bp_test_count(PGconn *conn, const char *sql)
{
	return atol(bp_test_scalar(conn, sql));
}

const char *bp_test_value_of(PGconn *conn, const char *variable, const char *area, long source)
{
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT coalesce(value::text, 'NULL') || ' ' || status FROM bp.observation_all "
	         "WHERE variable_code = '%s' AND area_code = '%s' AND source_id = %ld", variable, area, source);
	return bp_test_scalar(conn, sql);
}

void bp_test_snap(PGconn *conn, bp_test_snapshot *s)
{
	s->source = bp_test_count(conn, "SELECT count(*) FROM bp.source");
	s->area = bp_test_count(conn, "SELECT count(*) FROM bp.area");
	s->observation = bp_test_count(conn, "SELECT count(*) FROM bp.observation_all");
	s->variable = bp_test_count(conn, "SELECT count(*) FROM bp.variable");
	s->label = bp_test_count(conn, "SELECT count(*) FROM bp.variable_label");
}

void bp_test_assert_same(const bp_test_snapshot *a, const bp_test_snapshot *b)
{
	assert_int_equal(a->source, b->source);
	assert_int_equal(a->area, b->area);
	assert_int_equal(a->observation, b->observation);
	assert_int_equal(a->variable, b->variable);
	assert_int_equal(a->label, b->label);
}

void bp_test_fast_http(bp_http_options *o, long timeout_ms)
{
	bp_http_options_default(o);
	o->connect_timeout_ms = 1000;
	o->timeout_ms = timeout_ms;
	o->max_attempts = 4;
	o->backoff_initial_ms = 50;
	o->backoff_max_ms = 200;
	o->max_total_ms = 20000;
}

int bp_test_server_start(bp_test_server *s, const char *script, const char *fixtures, const char *page_size)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	const char *root = getenv("BP_SOURCE_ROOT");
	char script_path[1024], fixtures_path[1024];
	snprintf(script_path, sizeof(script_path), "%s/tests/support/%s", root ? root : ".", script);
	snprintf(fixtures_path, sizeof(fixtures_path), "%s/%s", getenv("BP_FIXTURES") ? getenv("BP_FIXTURES") : "tests/fixtures", fixtures);
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		execlp("python3", "python3", script_path, "--fixtures", fixtures_path, "--page-size", page_size, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	FILE *f = fdopen(fd[0], "r");
	char line[64] = { 0 };
	if (!f || !fgets(line, sizeof(line), f)) {
		fprintf(stderr, "%s did not report its port\n", script);
		return -1;
	}
	fclose(f);
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", atoi(line));
	return 0;
}

void bp_test_server_stop(bp_test_server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
}

void bp_test_server_get(const bp_test_server *s, const char *path_query, char *out, size_t size)
{
	bp_http *h = bp_http_new(&s->http);
	bp_buf b;
	bp_buf_init(&b);
	bp_error err = { 0 };
	char url[512];
	snprintf(url, sizeof(url), "%s%s", s->base, path_query);
	assert_int_equal(bp_http_get(h, url, &b, &err), BP_OK);
	if (out)
		snprintf(out, size, "%s", b.data);
	bp_buf_release(&b);
	bp_http_free(h);
}

void bp_test_server_ctl(const bp_test_server *s, const char *query)
{
	char q[256];
	snprintf(q, sizeof(q), "/_control?%s", query);
	bp_test_server_get(s, q, NULL, 0);
}

long bp_test_server_hits(const bp_test_server *s, int page)
{
	char q[64], out[64];
	snprintf(q, sizeof(q), "/_stats?page=%d", page);
	bp_test_server_get(s, q, out, sizeof(out));
	return atol(out);
}

void bp_test_drop_50090ned(PGconn *conn)
{
	bp_test_scalar(conn, "WITH d AS (DELETE FROM bp.observation WHERE source_id IN "
	                     "(SELECT id FROM bp.source WHERE table_id = '50090NED') RETURNING 1) SELECT count(*) FROM d");
	bp_test_scalar(conn, "WITH d AS (DELETE FROM bp.source WHERE table_id = '50090NED' RETURNING 1) SELECT count(*) FROM d");
}

const char *bp_test_obs_2020(PGconn *conn, long source, const char *area, const char *var)
{
	static char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT coalesce(value::text, 'NULL') || ' ' || status FROM bp.observation_all "
	         "WHERE source_id = %ld AND area_code = '%s' AND variable_code = '%s' AND period = '2020' AND indeling_year = 2020",
	         source, area, var);
	return bp_test_scalar(conn, sql);
}

void bp_test_assert_50090ned_complete(PGconn *conn, long id)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM bp.observation_all WHERE source_id = %ld", id);
	assert_int_equal(bp_test_count(conn, sql), 6440);
	snprintf(sql, sizeof(sql), "SELECT count(DISTINCT area_code) FROM bp.observation_all WHERE source_id = %ld", id);
	assert_int_equal(bp_test_count(conn, sql), 184);
	assert_string_equal(bp_test_obs_2020(conn, id, "GM0828", "Eenzaam"), "45.8 ok");
	assert_string_equal(bp_test_obs_2020(conn, id, "BU08280501", "ErvarenGezondheidGoedZeerGoed"), "NULL unknown_or_secret");
}

void bp_test_progress_record(void *ctx, const bp_progress *p)
{
	bp_test_progress *t = ctx;
	if (t->n < (int)(sizeof(t->seen) / sizeof(t->seen[0])))
		t->seen[t->n] = *p;
	t->n++;
}

void bp_test_compute_file(PGconn *conn, const char *path)
{
	bp_arena *a = bp_arena_new();
	bp_indicator_def def;
	bp_error err = { 0 };
	if (bp_indicator_load_file(path, a, &def, &err))
		bp_test_print_err(&err);
	assert_int_equal(err.rc, BP_OK);
	bp_indicator_set set = { &def, 1, { 0 } };
	bp_publication_rules_default(&set.publication);
	bp_compute_result cr;
	if (bp_compute_indicators(conn, &set, 1, &cr, &err))
		bp_test_print_err(&err);
	assert_int_equal(err.rc, BP_OK);
	bp_arena_free(a);
}

/*
 * siteinputs.h: what the tests of the published site's index and sources
 * (report/site_index, report/site_sources) load before publishing: KWB
 * 2024 of Oss and Hilversum, the two synthetic Burgerpeiling files with the
 * shipped mapping, and optionally RIVM's 50090NED dump (2020 indeling);
 * then the shipped indicators computed and compared, and the gemeente
 * layout.  A step that fails fails the test with its error's text.
 */
#ifndef BP_TESTS_SITEINPUTS_H
#define BP_TESTS_SITEINPUTS_H

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/error.h"
#include "engine/indicator_def.h"
#include "report/layout.h"

/* Fail the test with err's text when rc is an error. */
void bp_siteinputs_must(bp_rc rc, const char *what, const bp_error *err);

/* A scratch folder into tmpdir (n bytes) and the test database loaded, computed and compared as above (set
 * and layout in a); returns its connection. */
PGconn *bp_siteinputs_load(char *tmpdir, size_t n, int with_rivm, bp_arena *a, bp_indicator_set *set,
                           bp_layout *layout);

#endif

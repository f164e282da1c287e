#include "siteinputs.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "engine/compare.h"
#include "engine/compute.h"
#include "import/cbsdump.h"
#include "import/statline_csv.h"
#include "import/survey.h"
#include "pgtest.h"

#define FIXTURE "kwb-2024/Kerncijfers_wijken_en_buurten_2024_oss_hilversum.csv"

void bp_siteinputs_must(bp_rc rc, const char *what, const bp_error *err)
{
	if (rc) {
		char buf[4 * BP_ERROR_TEXT];
		bp_error_format(err, buf, sizeof(buf));
		fail_msg("%s: %s", what, buf);
	}
}

PGconn *bp_siteinputs_load(char *tmpdir, size_t n, int with_rivm, bp_arena *a, bp_indicator_set *set,
                           bp_layout *layout)
{
	PGconn *conn = bp_test_db.db.conn;
	bp_test_tmpdir(tmpdir, n);
	bp_error err = { 0 };
	bp_statline_options so = { .path = bp_test_fixture(FIXTURE), .year = 2024 };
	bp_import_result ir, dr;
	bp_compute_result cr;
	bp_compare_result cmp;
	const char *src = getenv("BP_SOURCE_ROOT");
	bp_siteinputs_must(bp_import_statline_csv(conn, &so, &ir, &err), "import", &err);
	if (with_rivm)
		bp_siteinputs_must(bp_import_cbs_dump(conn, bp_test_fixture("rivm-50090NED"), &dr, &err), "rivm", &err);
	const char *mapping = bp_arena_printf(a, "%s/surveys/burgerpeiling-2022.yaml", src);
	static const char *const surveys[] = { "survey/burgerpeiling-2022-SYNTHETIC-hilversum.csv",
	                                       "survey/burgerpeiling-2022-SYNTHETIC-oss.sav" };
	for (size_t i = 0; i < 2; i++) {
		bp_survey_options o = { .path = bp_arena_strdup(a, bp_test_fixture(surveys[i])), .mapping_path = mapping };
		bp_survey_result sres;
		bp_siteinputs_must(bp_import_survey(conn, &o, &sres, &err), surveys[i], &err);
	}
	bp_siteinputs_must(bp_indicators_load_dir(bp_arena_printf(a, "%s/indicators", src), a, set, &err), "indicators",
	                   &err);
	bp_siteinputs_must(bp_compute_indicators(conn, set, 0, &cr, &err), "compute", &err);
	bp_siteinputs_must(bp_compare_indicators(conn, &cmp, &err), "compare", &err);
	bp_siteinputs_must(bp_layout_load(bp_arena_printf(a, "%s/charts", src), "gemeente", a, layout, &err), "layout",
	                   &err);
	return conn;
}

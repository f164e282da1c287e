#include "report/report.h"

#include "report/needs_report.h"
#include "report/pdf_profile.h"

/* The needs overview as a job beside the PDFs, with counts of its own (added after the join). */
typedef struct needs_job {
	const bp_report_options *opt;
	const char *gemeente;
	bp_report_result res;
} needs_job;

static bp_rc needs_run(void *ctx, PGconn *conn, size_t i, bp_error *err)
{
	(void)i;
	needs_job *j = ctx;
	return bp_report_needs(conn, j->opt, j->gemeente, &j->res, err);
}

bp_rc bp_report_gemeente_files(PGconn *conn, const bp_report_options *opt, const char *gemeente, int pdf, int needs,
                               bp_report_result *res, bp_error *err)
{
	bp_rc rc = bp_report_gemeente(conn, opt, gemeente, res, err);
	if (rc)
		return rc;
	if (!needs)
		return pdf ? bp_report_pdfs(conn, opt, gemeente, res, err) : BP_OK;
	/* The needs overview reads and draws on its own (~1 core for seconds): beside the PDFs' workers rather
	 * than after them, so that no core waits while the other draws it. */
	needs_job j = { opt, gemeente, { 0 } };
	bp_report_beside *b = bp_report_beside_start(&opt->workers, conn, needs_run, &j);
	rc = pdf ? bp_report_pdfs(conn, opt, gemeente, res, err) : BP_OK;
	bp_error nerr = { 0 };
	bp_rc nrc = bp_report_beside_join(b, &nerr);
	if (rc)
		return rc;
	if (nrc) {
		*err = nerr;
		return nrc;
	}
	res->pages += j.res.pages;
	res->charts += j.res.charts;
	return BP_OK;
}

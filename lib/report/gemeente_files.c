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
	if (!needs) {
		bp_rc rc = bp_report_gemeente(conn, opt, gemeente, res, err);
		return rc == BP_OK && pdf ? bp_report_pdfs(conn, opt, gemeente, res, err) : rc;
	}
	/* The needs overview reads and draws on its own (~1 core for seconds) and shares no file with the rest:
	 * beside the gemeente page's and the PDFs' workers from the start, so that no core waits while the other
	 * draws it, also without PDFs (config/nederland.yaml) and in the gemeente page's serial stretches. */
	needs_job j = { opt, gemeente, { 0 } };
	bp_report_beside *b = bp_report_beside_start(&opt->workers, conn, needs_run, &j);
	bp_rc rc = bp_report_gemeente(conn, opt, gemeente, res, err);
	if (rc == BP_OK && pdf)
		rc = bp_report_pdfs(conn, opt, gemeente, res, err);
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

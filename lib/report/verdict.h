/*
 * verdict.h: is an area better or worse off than its reference, in words
 * (issue 20: a reader must not have to know that +24,8 bijstand is bad
 * and +3,1 basisscholen good).
 *
 * The verdict of a value against a reference value:
 *   BP_VERDICT_NONE        nothing to compare (either figure missing)
 *   BP_VERDICT_NEUTRAL     the indicator has no better side (polarity neutral)
 *   BP_VERDICT_SAME        equal at the decimals shown
 *   BP_VERDICT_UNCLEAR     the difference may be chance: the area's 95 %
 *                          interval includes the reference's value, or, where
 *                          the reference (the gemeente) has an interval of its
 *                          own, the test with both uncertainties finds no
 *                          difference (engine/reference_test.h)
 *   BP_VERDICT_BETTER      the difference lies on the indicator's better side
 *   BP_VERDICT_WORSE       ... on its worse side
 * A value without an interval is judged by its difference alone: a count
 * of the whole register has no sampling error, and a model estimate whose
 * margins were not loaded says beside its verdict that it rests on the
 * point estimate (BP_VERDICT_MODEL_MARK).
 */
#ifndef BP_REPORT_VERDICT_H
#define BP_REPORT_VERDICT_H

#include "core/arena.h"
#include "core/lang.h"
#include "engine/indicator_def.h"

typedef enum bp_verdict {
	BP_VERDICT_NONE,
	BP_VERDICT_NEUTRAL,
	BP_VERDICT_SAME,
	BP_VERDICT_UNCLEAR,
	BP_VERDICT_BETTER,
	BP_VERDICT_WORSE
} bp_verdict;

/*
 * Beside the ▲/▼ of a model estimate without its margins (RIVM's 50090NED
 * as imported: the point estimates only, no Marges rows): the verdict
 * rests on the model's point estimate, not on a test; and the note under a
 * table that has one (a sentence, with its trailing space).
 */
#define BP_VERDICT_MODEL_MARK "(modelschatting, zonder marge)"
#define BP_VERDICT_MODEL_NOTE "(modelschatting, zonder marge): het oordeel berust op de puntschatting van het " \
	"RIVM-model alleen; de marges van de schatting zijn niet geladen, dus of het verschil groter is dan de " \
	"onzekerheid van het model, is niet getoetst. "

/*
 * Under a table whose reference (the gemeente) shows a 95% interval of its
 * own: what the verdict tests there (engine/reference_test.h: the
 * difference against the uncertainty of both figures, counting that the
 * area is part of the gemeente) and, with share_unknown (a row whose share
 * of the gemeente's estimate is not known), that the test then takes the
 * two as independent.  Sentences with their trailing space, in a.
 */
const char *bp_verdict_reference_note(bp_arena *a, const char *reference, int share_unknown, bp_lang lang);
/* The sentence of share_unknown alone (the needs overview's note says it too), in a. */
const char *bp_verdict_share_note(bp_arena *a, const char *reference, bp_lang lang);

/*
 * value against ref; decimals: as shown; differs: the test's answer
 * (engine/reference_test.h, read beside the value: report/areadata.h
 * gm_differs, nl_differs): 1 beyond chance, 0 not (BP_VERDICT_UNCLEAR), -1
 * no test (the value has no interval: judged by the difference alone).
 */
bp_verdict bp_verdict_of(bp_polarity polarity, double value, double ref, int decimals, int differs);

/* "gunstiger", "ongunstiger", "niet duidelijk anders", "gelijk", "geen oordeel", "" (static). */
const char *bp_verdict_nl(bp_verdict v);
/* The sign beside the word (never colour alone): "▲", "▼", "≈", "=", "", "" (static). */
const char *bp_verdict_mark(bp_verdict v);
/* The CSS class of the cell: "gunstig", "ongunstig" or "" (static). */
const char *bp_verdict_class(bp_verdict v);

#endif

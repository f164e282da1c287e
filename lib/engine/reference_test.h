/*
 * reference_test.h: is an area's value different from its reference
 * (the gemeente, Nederland) beyond chance?  One rule, as an SQL
 * expression, for every reader that judges it: the area pages' verdict
 * (report/areadata.c reads it beside each value, report/verdict.h names
 * it) and the needs overview's "worse than the gemeente" (engine/needs.c).
 *
 * BP_SQL_REFERENCE_DIFFERS(A, LO, HI, G, GLO, GHI, W) is true, false or
 * NULL for the area's value A with its 95% interval LO..HI against the
 * reference's value G with its own 95% interval GLO..GHI (NULL: none):
 *   - NULL (no test) when A or G is missing or the area has no interval:
 *     a count of the whole register has no sampling error, and such a
 *     value is judged by its difference alone;
 *   - the reference without an interval (Nederland, a registration figure
 *     of the gemeente): G outside LO..HI;
 *   - both with an interval: the area is part of the gemeente, so the two
 *     estimates are not independent.  With g = w a + (1 - w) r (r the rest
 *     of the gemeente, independent of a; w the area's share of the
 *     gemeente's estimate), var(a - g) = (1 - w)^2 (var a + var r) =
 *     var(g) + (1 - 2w) var(a), and the difference is significant when
 *     |a - g| > 1.96 sqrt(var(a - g)) (the same as a against the rest of
 *     the gemeente).
 * W is that share: for buurtpeil's own survey estimates the area's share
 * of the gemeente's summed weights of respondents (bp.indicator_value.sum_w
 * of both, a ratio computed in SQL: no respondent's weight leaves the
 * database; engine/compare.h gem_share).  Where it is not known (NULL, or
 * outside 0..1: published survey results with bounds, model estimates with
 * margins, a value carried over from another indeling) it is 0: var(a) +
 * var(g), the test of two independent estimates, which is never smaller
 * than the exact variance and so never claims a difference the exact test
 * would not; the pages say so where it was used.
 *
 * The standard errors come from the stored intervals.  Those are not all
 * symmetric (Wilson's interval of a survey proportion, engine/compute.c,
 * leans towards 50 %; a mean's interval is clipped at the scale's end;
 * published bounds are as published), and the source of an interval is not
 * always known, so each se is the half-width on the side of the difference:
 * with a above g, se(a) = (a - LO) / 1.96 and se(g) = (GHI - g) / 1.96 (the
 * sides the two figures would have to move to meet), below it the other
 * sides.  The 1.96 then drops out: |a - g| > sqrt(hg^2 + (1 - 2w) ha^2).
 * Half-widths from two sides need not satisfy the identity above, so
 * var(a - g) is kept at least (1 - w)^2 var(a), which it is by the identity
 * (a smaller value would only make the test claim more).
 *
 * The arguments are SQL expressions; each appears several times.
 */
#ifndef BP_ENGINE_REFERENCE_TEST_H
#define BP_ENGINE_REFERENCE_TEST_H

/* The area's share W as used: W within 0..1, else 0 (the conservative test). */
#define BP_SQL_REFERENCE_SHARE(W) "(CASE WHEN (" W ") BETWEEN 0 AND 1 THEN (" W ") ELSE 0 END)"

#define BP_SQL_REFERENCE_DIFFERS(A, LO, HI, G, GLO, GHI, W) \
	"(CASE WHEN (" A ") IS NULL OR (" G ") IS NULL OR (" LO ") IS NULL OR (" HI ") IS NULL THEN NULL " \
	"      WHEN (" GLO ") IS NULL OR (" GHI ") IS NULL THEN (" G ") < (" LO ") OR (" G ") > (" HI ") " \
	"      ELSE abs((" A ") - (" G ")) > sqrt(greatest(" \
	"        power(CASE WHEN (" A ") > (" G ") THEN (" GHI ") - (" G ") ELSE (" G ") - (" GLO ") END, 2) " \
	"        + (1 - 2 * " BP_SQL_REFERENCE_SHARE(W) ") " \
	"          * power(CASE WHEN (" A ") > (" G ") THEN (" A ") - (" LO ") ELSE (" HI ") - (" A ") END, 2), " \
	"        power(1 - " BP_SQL_REFERENCE_SHARE(W) ", 2) " \
	"          * power(CASE WHEN (" A ") > (" G ") THEN (" A ") - (" LO ") ELSE (" HI ") - (" A ") END, 2))) END)"

#endif

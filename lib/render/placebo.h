/*
 * placebo.h: the placebo distribution of an effect estimate: the target's
 * estimate against the same estimate computed for each comparison area as
 * if it had been the target.  One row per area, a dot at its estimate, the
 * target's row first and in the area colour, the band that placebos reach
 * (5-95 %) shaded, and zero marked: an estimate inside the band is one
 * that areas without an intervention reach too.
 */
#ifndef BP_RENDER_PLACEBO_H
#define BP_RENDER_PLACEBO_H

#include <stddef.h>

#include "core/error.h"
#include "core/lang.h"
#include "render/canvas.h"

typedef struct bp_placebo_chart {
	const char *title;
	const char *subtitle;
	const char *source;
	const char *unit;             /* after numbers; may be NULL */
	int decimals;
	const char *target_label;     /* "Schadewijk (interventie)" */
	double target;                /* the estimate */
	const char *const *labels;    /* [n] the comparison areas */
	const double *values;         /* [n] their placebo estimates */
	size_t n;
	int has_band;
	double band_lo, band_hi;      /* the placebo band */
	const char *band_label;       /* "placebo 5-95 %" */
	int width;                    /* 0 = 800 */
	bp_lang lang;                 /* the numbers' marks (decimal point in English); 0: Dutch */
} bp_placebo_chart;

/* BP_ERR_RENDER for a non-finite estimate or a chart too narrow. */
bp_rc bp_placebo_render(const bp_placebo_chart *chart, bp_image_format fmt, unsigned char **out,
                        size_t *len, bp_error *err) BP_MUST_CHECK;
bp_rc bp_placebo_write(const bp_placebo_chart *chart, bp_image_format fmt, const char *path,
                       bp_error *err) BP_MUST_CHECK;
/* For documents that place charts themselves (render/pdfdoc.h). */
const bp_chart_ops *bp_placebo_ops(void);

#endif

/*
 * srcloc.h: where something was written in a YAML file, for error messages.
 *
 * In core/ because every reader of the declarative files uses it: the
 * indicator definitions and custom areas (engine/), the monitor
 * configuration (config/) and the report layouts (report/); none of them
 * should have to include another's folder for it.
 */
#ifndef BP_CORE_SRCLOC_H
#define BP_CORE_SRCLOC_H

/* How a scalar was written, so that an offset in its text can be turned
 * into a file position (bp_expr_locate in engine/expr.h). */
typedef enum bp_text_style {
	BP_TEXT_PLAIN,           /* the text starts at the scalar's position */
	BP_TEXT_QUOTED,          /* '...' or "...": one column later */
	BP_TEXT_BLOCK            /* | or >: on the following lines */
} bp_text_style;

typedef struct bp_srcloc {
	const char *file;
	long line;   /* 1-based */
	long column; /* 1-based */
	bp_text_style style; /* how the scalar was written: plain (default), quoted, block */
} bp_srcloc;

#endif

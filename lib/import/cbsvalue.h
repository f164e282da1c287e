/*
 * cbsvalue.h: one cell of a CBS table, number and status.
 *
 * CBS marks cells with symbols instead of numbers (legend in TableInfos):
 *   (empty)  the figure cannot occur on logical grounds  -> not applicable
 *   .        unknown, too unreliable, or secret          -> unknown or secret
 *   123 *    provisional figure                          -> provisional
 *   123 **   revised provisional figure                  -> revised provisional
 * Numbers may be padded on either side; the decimal separator is '.' in
 * the API and new-layout exports and ',' in old-layout exports.
 */
#ifndef BP_IMPORT_CBSVALUE_H
#define BP_IMPORT_CBSVALUE_H

#include <stddef.h>

typedef enum bp_value_status {
	BP_STATUS_OK,
	BP_STATUS_UNKNOWN,             /* '.' */
	BP_STATUS_NOT_APPLICABLE,      /* empty */
	BP_STATUS_PROVISIONAL,         /* '*' */
	BP_STATUS_REVISED_PROVISIONAL  /* '**' */
} bp_value_status;

typedef struct bp_cbs_value {
	double value;                  /* meaningful for OK and (revised) provisional */
	bp_value_status status;
} bp_cbs_value;

/* Flags for bp_cbs_value_parse. */
#define BP_CBS_DECIMAL_COMMA 1     /* ',' is the decimal separator */
#define BP_CBS_SENTINELS     2     /* map files: values <= -99990 mean "no value" */

/* Parse a cell; 0 on success, -1 if it is neither a number nor a known symbol. */
int bp_cbs_value_parse(const char *s, size_t len, int flags, bp_cbs_value *out);

/*
 * The thousands separator of a number written with one: '.' for "1.234,5"
 * or "17.475.415" (a Dutch spreadsheet's export), ',' for "1,234.5"; 0 for
 * anything else.  Shape only (1-3 digits, then groups of three after the
 * separator, then optionally the other separator and digits), so "17.475"
 * gives '.' too: callers ask only about a cell that did not parse, or one
 * whose file also writes decimal commas.  *s may carry a sign and spaces.
 */
char bp_number_grouping(const char *s, size_t len);

/* The hint for a cell written with a thousands separator: how to export without one. */
#define BP_HINT_THOUSANDS "export the numbers without a thousands separator (in Excel: Format Cells > Number, " \
	"clear 'Use 1000 Separator', Dutch 'Scheidingsteken voor duizendtallen gebruiken') and save as CSV again"

/* The SQL enum label of a status: "ok", "unknown_or_secret", ... */
const char *bp_value_status_name(bp_value_status st);
/* Its letter in a wide row (bp.observation_row.status): o, u, n, p or r. */
char bp_value_status_letter(bp_value_status st);

#endif

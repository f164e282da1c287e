/*
 * areacode.h: CBS area codes.
 *
 *   NL00 (KWB) / NL01 (RIVM)  Nederland; both become NL00
 *   GM0828                    gemeente: GM + 4 digits
 *   WK082801                  wijk: the gemeente's digits + 2 characters
 *   BU08280105                buurt: the wijk's characters + 2 characters
 * Amsterdam uses letters in wijk and buurt parts (WK0363SA, BU0363SA01).
 * The parent follows from the code; CBS pads codes on the right, we trim.
 */
#ifndef BP_IMPORT_AREACODE_H
#define BP_IMPORT_AREACODE_H

#include <stddef.h>

typedef enum bp_area_level {
	BP_LEVEL_LAND,
	BP_LEVEL_GEMEENTE,
	BP_LEVEL_WIJK,
	BP_LEVEL_BUURT,
	BP_LEVEL_CUSTOM
} bp_area_level;

#define BP_NATIONAL_CODE "NL00"

typedef struct bp_area_code {
	char code[16];      /* trimmed and normalised */
	bp_area_level level;
	char parent[16];    /* "" for Nederland */
	char gemeente[8];   /* "GM0828"; "" for Nederland */
} bp_area_code;

/* Parse raw (len bytes, may be padded with spaces).  0 on success, -1 if it
 * is not a CBS area code. */
int bp_area_code_parse(const char *raw, size_t len, bp_area_code *out);

/* "land", "gemeente", "wijk", "buurt", "custom": the SQL enum's labels. */
const char *bp_area_level_name(bp_area_level level);

/* StatLine's 'Soort regio' text ("Land", "Gemeente  ", ...) to a level; -1 if unknown. */
int bp_area_level_from_soort(const char *soort, size_t len);

#endif

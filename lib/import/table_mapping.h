/*
 * table_mapping.h: the mapping that lets `import table` load a table as its
 * publisher made it (a GGD export per wijk, a CBS survey table with margins,
 * a partner's sheet), without reshaping it first (issue 21).
 *
 *   source:                        # bp.source, cited on every page
 *     publisher: GGD Hart voor Brabant
 *     title: Gezondheidsmonitor Volwassenen 2020 per wijk
 *     table: GM2020-wijk           # optional
 *     url: https://...             # optional
 *     licence: CC BY 4.0
 *     retrieved: 2024-05-01        # optional (default: the load's time)
 *   indeling: 2020                 # the areas' indeling year (loaded before)
 *   period: 2020                   # or period_column: Perioden (2020JJ00 -> 2020)
 *   separator: ";"                 # ; (default) , or tab
 *   decimal: "."                   # or ","
 *   quotes: strict                 # or literal: a '"' inside an unquoted field is a character
 *   sheet: Wijken                  # an .xlsx file: the sheet (default the first)
 *   header_row: 3                  # the header's line or row (default 1; a title above it)
 *   area:                          # exactly one of code, gemeentenummer, name
 *     code: Codering_3             #   CBS codes (padded is fine)
 *     gemeentenummer: Gemnr        #   828 or 0828 -> GM0828
 *     name: Regio                  #   names: "Oss", "Oss (GM)", "Nederland"
 *     level: wijk                  #   with name: gemeente (default), wijk or buurt
 *     gemeente: GM0828             #   wijk/buurt names within this gemeente, or
 *     gemeente_column: Gemnr       #   within the gemeente of this column (number, code or name);
 *                                  #   a row with an empty name is that gemeente's total
 *   other_regions:                 # rows of another region type ("Noord-Brabant (PV)", PV30, RE07):
 *     as: custom                   #   skip (default: counted), error, or custom: loaded as custom areas,
 *     gemeente: GM0828             #   listed in this gemeente's report (required with custom)
 *     name_column: Regio_titel     #   by code: the column naming the region (default: its key)
 *   missing:                       # cell texts that are no number (after trimming)
 *     unknown: ["."]               # default ["."]: onbekend of geheim
 *     not_applicable: [""]         # default [""]: niet gemeten / niet van toepassing
 *   margins:                       # a Marges-style dimension: one row per member
 *     column: Marges
 *     value: Waarde
 *     lower: Betrouwbaarheidsmarge ondergrens
 *     upper: Betrouwbaarheidsmarge bovengrens
 *   topic_column: Onderwerp        # long form: the column naming the measure ...
 *   value_column: Waarde           # ... and the one holding its value,
 *   lower_column: Ondergrens       # ... optional: its 95% interval and respondents
 *   upper_column: Bovengrens       #     on the same row
 *   respondents_column: N
 *   unmapped_topics: skip          # skip (default: counted) or error
 *   measures:
 *     - column: Eenzaam_28         # wide form: the header; long form: topic: "Eenzaam"
 *       variable: Eenzaam          # a bp.variable code (new ones need title)
 *       title: Eenzaam, 18+ (%)
 *       unit: "%"
 *       decimals: 1
 *       lower: Eenzaam_ondergrens  # optional columns: the 95% interval and
 *       upper: Eenzaam_bovengrens  #   the respondents behind the figure
 *       respondents: Eenzaam_n
 *
 * Every mistake is BP_ERR_CONFIG at the mapping's file, line and column.
 */
#ifndef BP_IMPORT_TABLE_MAPPING_H
#define BP_IMPORT_TABLE_MAPPING_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

typedef enum bp_table_area_by {
	BP_TABLE_AREA_CODE,
	BP_TABLE_AREA_NUMBER,
	BP_TABLE_AREA_NAME
} bp_table_area_by;

typedef struct bp_table_measure {
	const char *column;          /* wide: the header; long: the topic text */
	const char *variable;
	const char *title, *unit;    /* for a variable not yet in bp.variable */
	int decimals;                /* -1: not given */
	const char *lower, *upper, *respondents;   /* optional column names */
	long line, col;              /* of 'variable', for errors found later */
} bp_table_measure;

typedef struct bp_table_mapping {
	const char *path;
	bp_arena *arena;
	const char *publisher, *table_id, *title, *licence, *url, *retrieved;
	int indeling;
	const char *period;          /* NULL with period_column */
	const char *period_column;
	char sep;
	int decimal_comma;
	int literal_quotes;
	const char *sheet;           /* .xlsx: NULL = the first */
	long header_row;             /* the header's line (CSV) or row (sheet); 0 or 1: the first,
	                              * rows above it (a title) are skipped */
	bp_table_area_by area_by;
	const char *area_column;
	int area_level;              /* bp_area_level of names */
	const char *within;          /* fixed gemeente code for wijk/buurt names */
	const char *within_column;
	int other_custom;            /* rows of another region type loaded as custom areas */
	const char *other_gemeente, *other_name_column;
	long other_line, other_col;  /* of other_regions' 'gemeente' */
	const char **unknown, **not_applicable;
	size_t n_unknown, n_not_applicable;
	const char *margin_column, *margin_value, *margin_lower, *margin_upper;
	const char *topic_column, *value_column;
	const char *lower_column, *upper_column, *respondents_column;   /* long form */
	int strict_topics;           /* a topic the mapping does not name is an error */
	int other_error;             /* a region of another type is an error */
	/* Set by presets of other kinds (survey_results.c), not by the YAML: */
	int collect;                 /* every row's first problem, all in the error's detail */
	const char *importer;        /* bp.source.importer; NULL = "table" */
	bp_table_measure *measures;
	size_t n_measures;
	char *bytes;                 /* the mapping's bytes: part of the load's checksum */
	size_t n_bytes;
} bp_table_mapping;

/* Load and check path into *out, everything in a. */
bp_rc bp_table_mapping_load(const char *path, bp_arena *a, bp_table_mapping *out, bp_error *err) BP_MUST_CHECK;

#endif

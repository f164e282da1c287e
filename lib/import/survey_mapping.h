/*
 * survey_mapping.h: how a survey file's columns become respondents and
 * answers (surveys/NAME.yaml).
 *
 *   survey:     name, title, period, fieldwork {start, end}, publisher, licence
 *   columns:    respondent, area, weight (optional: without it every weight is 1)
 *   area:       indeling_year; codes: cbs (WK082801, BU08280105, or the bare
 *               digits 082801 / 08280105) or lookup (a table from the file's
 *               own numbers to CBS codes, e.g. municipal wijk numbers)
 *   missing:    codes missing for every question (system codes such as 99)
 *   questions:  a list; each: variable, label, theme, categories (name ->
 *               list of codes, in order), missing (this question's own
 *               'weet niet' codes)
 *
 * Every error is BP_ERR_CONFIG at the YAML file, line and column.
 */
#ifndef BP_IMPORT_SURVEY_MAPPING_H
#define BP_IMPORT_SURVEY_MAPPING_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

#define BP_SURVEY_MAX_CODES 64

typedef struct bp_survey_category {
	const char *name;
	const char *label;        /* may be NULL */
	long codes[BP_SURVEY_MAX_CODES];
	size_t n_codes;
} bp_survey_category;

typedef struct bp_survey_question {
	const char *variable;     /* the file's column / SPSS variable */
	const char *label;
	const char *theme;
	bp_survey_category *categories;
	size_t n_categories;
	long missing[BP_SURVEY_MAX_CODES];  /* own plus the mapping-wide codes */
	size_t n_missing;
	long line, column;        /* where the question is written, for errors */
} bp_survey_question;

typedef struct bp_survey_area_lookup {
	const char *key;          /* the file's value, as text ("7") */
	const char *code;         /* CBS code */
} bp_survey_area_lookup;

typedef struct bp_survey_mapping {
	const char *path;
	char hash[65];            /* SHA-256 of the mapping file's bytes */
	const char *name;
	const char *title;
	const char *period;
	const char *fieldwork_start;  /* YYYY-MM-DD or NULL */
	const char *fieldwork_end;
	const char *publisher;
	const char *licence;
	const char *col_respondent;
	const char *col_area;
	const char *col_weight;       /* NULL: unweighted */
	int indeling_year;
	int area_lookup;              /* 0: CBS codes in the file; 1: the lookup table */
	bp_survey_area_lookup *lookup;
	size_t n_lookup;
	bp_survey_question *questions;
	size_t n_questions;
} bp_survey_mapping;

/* Load and check a mapping file; everything lives in a. */
bp_rc bp_survey_mapping_load(const char *path, bp_arena *a, bp_survey_mapping **out, bp_error *err) BP_MUST_CHECK;

/* 1 if code is one of q's missing codes. */
int bp_survey_is_missing(const bp_survey_question *q, long code);
/* The index of the category holding code, or -1. */
int bp_survey_category_of(const bp_survey_question *q, long code);

#endif

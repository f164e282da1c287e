/*
 * lang_en_audit2.c: the English of what the second reader's-side audit of
 * the labels added (the citation of model estimates, ...): a part of the
 * message catalogue (core/lang.h bp_lang_en_parts), in the format of
 * lang_en.c and sorted by the Dutch text in strcmp order, no text that
 * another part has.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_audit2[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	/* report/cite.h BP_CITE_MODEL_NL */
	{ ", modelschatting",
	  ", model estimate" },
	/* report/downloads.c: the CSV's and workbook's notes below the rows, the sheets */
	{ "Bij de tabel",
	  "With the table" },
	{ "Bij tabel",
	  "With table" },
	{ "Bron en licentie",
	  "Source and licence" },
	/* report/areadata.c bp_model_note */
	{ "Cijfers met ‘modelschatting’ zijn schattingen van het RIVM per wijk en buurt met een rekenmodel op de "
	  "Gezondheidsmonitor (CBS 50090NED), geen meting in dat gebied zelf.",
	  "Figures marked ‘model estimate’ are RIVM’s estimates per district and neighbourhood from a model on the "
	  "Health Monitor (CBS 50090NED), not a measurement in that area itself." },
	{ "Let op",
	  "Note" },
	{ "Pagina",
	  "Page" },
	{ "Tabel",
	  "Table" },
	/* table/pagetables.c: the columns a download adds beside a column of figures */
	{ "bovengrens 95%-interval",
	  "upper bound of the 95% interval" },
	{ "eenheid",
	  "unit" },
	{ "ondergrens 95%-interval",
	  "lower bound of the 95% interval" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_audit2_count = sizeof(bp_lang_en_audit2) / sizeof(bp_lang_en_audit2[0]);

/*
 * lang_en_report.c: the English catalogue's part for the pages of
 * `report`'s output folder (core/lang.h): the gemeente page, its charts'
 * and maps' texts and tables, the report's own sections of the area
 * profiles (age structure, the map with the area outlined), and the
 * sentences of a section without figures.  Same format as lang_en.c,
 * sorted by the Dutch text in strcmp order.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_report[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " (% van de inwoners)</caption>\n"
	  "<thead><tr><th scope=\"col\">Leeftijd</th>",
	  " (% of the inhabitants)</caption>\n"
	  "<thead><tr><th scope=\"col\">Age</th>" },
	{ " (omlijnd)",
	  " (outlined)" },
	{ " (synthetische gegevens)",
	  " (synthetic data)" },
	{ " is dik omlijnd, tussen de andere wijken van ",
	  " has a thick outline, among the other districts of " },
	{ " is voor deze gemeente niet ingelezen.</p>\n"
	  "</section>\n",
	  " has not been loaded for this municipality.</p>\n"
	  "</section>\n" },
	{ " met de gemeente als geheel en met Nederland. Bij elke grafiek staan de cijfers in een "
	  "tabel. Een waarde ontbreekt waar de bron hem niet publiceert of waar te weinig inwoners "
	  "zijn.</p>\n",
	  " with the municipality as a whole and with the Netherlands. Each chart has its figures in "
	  "a table. A value is missing where the source does not publish it or where too few people "
	  "live.</p>\n" },
	{ " tot en met ",
	  " to " },
	{ "% van de inwoners",
	  "% of the inhabitants" },
	{ ")</caption>\n"
	  "<thead><tr><th scope=\"col\">Gebied</th>",
	  ")</caption>\n"
	  "<thead><tr><th scope=\"col\">Area</th>" },
	{ ")</th><th scope=\"col\">Klasse op de kaart</th></tr></thead>\n"
	  "<tbody>\n",
	  ")</th><th scope=\"col\">Class on the map</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "0 tot 15 jaar",
	  "0 to 15 years" },
	{ "15 tot 25 jaar",
	  "15 to 25 years" },
	{ "25 tot 45 jaar",
	  "25 to 45 years" },
	{ "45 tot 65 jaar",
	  "45 to 65 years" },
	{ "65 jaar of ouder",
	  "65 years or older" },
	{ ": de bron geeft deze indicator voor de gemeente als geheel.</p>\n"
	  "<table>\n"
	  "<caption>",
	  ": the source gives this indicator for the municipality as a whole.</p>\n"
	  "<table>\n"
	  "<caption>" },
	{ ": de bron van deze indicator",
	  ": the source of this indicator" },
	{ "</h2>\n"
	  "<p>Geen cijfers per ",
	  "</h2>\n"
	  "<p>No figures per " },
	{ "</table>\n"
	  "<table>\n"
	  "<caption>Bronnen</caption>\n"
	  "<tr><th scope=\"col\">Bron</th><th scope=\"col\">Toestand</th><th scope=\"col\">Fout</th></tr>\n",
	  "</table>\n"
	  "<table>\n"
	  "<caption>Sources</caption>\n"
	  "<tr><th scope=\"col\">Source</th><th scope=\"col\">Status</th><th scope=\"col\">Error</th></tr>\n" },
	{ "<nav aria-label=\"Gebiedsprofielen\">\n"
	  "<p>Profiel per gebied: ",
	  "<nav aria-label=\"Area profiles\">\n"
	  "<p>Profile per area: " },
	{ "<p><a href=\"index.html\">Alle gemeenten</a></p>\n"
	  "<h1>",
	  "<p><a href=\"index.html\">All municipalities</a></p>\n"
	  "<h1>" },
	{ "<p>Deze pagina vergelijkt de wijken van ",
	  "<p>This page compares the districts of " },
	{ "<p>Geen cijfers per ",
	  "<p>No figures per " },
	{ "<section>\n"
	  "<h2 id=\"kaart\">Kaart: ",
	  "<section>\n"
	  "<h2 id=\"kaart\">Map: " },
	{ "<section>\n"
	  "<h2 id=\"leeftijd\">Leeftijdsopbouw</h2>\n",
	  "<section>\n"
	  "<h2 id=\"leeftijd\">Age structure</h2>\n" },
	{ "<table>\n"
	  "<caption>Kaart: ",
	  "<table>\n"
	  "<caption>Map: " },
	{ "<table>\n"
	  "<caption>Leeftijdsopbouw, ",
	  "<table>\n"
	  "<caption>Age structure, " },
	{ "<table>\n"
	  "<caption>Stappen</caption>\n"
	  "<tr><th scope=\"col\">Stap</th><th scope=\"col\">Duur (s)</th><th scope=\"col\">Wat de stap "
	  "meldde</th></tr>\n",
	  "<table>\n"
	  "<caption>Stages</caption>\n"
	  "<tr><th scope=\"col\">Stage</th><th scope=\"col\">Duration (s)</th><th scope=\"col\">What the "
	  "stage reported</th></tr>\n" },
	{ "<td class=\"num\">geheim</td>",
	  "<td class=\"num\">confidential</td>" },
	{ "<th scope=\"col\" class=\"num\">95%-interval</th>",
	  "<th scope=\"col\" class=\"num\">95% interval</th>" },
	{ "Gewogen aantal",
	  "Weighted count" },
	{ "Gewogen respondenten",
	  "Weighted respondents" },
	{ "Grafiek",
	  "Chart" },
	{ "Kaart",
	  "Map" },
	{ "Kaart: ",
	  "Map: " },
	{ "Kaarten",
	  "Maps" },
	{ "Kaarten door de jaren: ",
	  "Maps through the years: " },
	{ "Noemer",
	  "Denominator" },
	{ "Teller",
	  "Numerator" },
	{ "Verloop van de runs",
	  "The runs" },
	{ "Wijken van {gemeente}",
	  "Districts of {gemeente}" },
	{ "afgebroken of nog bezig",
	  "aborted or still running" },
	{ "gearceerd",
	  "hatched" },
	{ "geheim of onbekend",
	  "confidential or unknown" },
	{ "geheim of te weinig inwoners",
	  "confidential or too few inhabitants" },
	{ "gelukt, alle bronnen actueel",
	  "succeeded, every source current" },
	{ "gepubliceerd, met verouderde bronnen",
	  "published, with stale sources" },
	{ "grijs",
	  "grey" },
	{ "mislukt",
	  "failed" },
	{ "ongewijzigd",
	  "unchanged" },
	{ "opgehaald",
	  "fetched" },
	{ "synthetische gegevens: gegenereerd voor test en demonstratie, geen antwoorden van echte "
	  "inwoners",
	  "synthetic data: generated for testing and demonstration, not answers of real residents" },
	{ "verouderd",
	  "stale" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_report_count = sizeof(bp_lang_en_report) / sizeof(bp_lang_en_report[0]);

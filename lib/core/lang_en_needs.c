/*
 * lang_en_needs.c: the English of the needs overview's fixed texts
 * (report/needs_report.c: OUT/GM0000-behoeften.html and .pdf, the site's
 * behoeften-GM0000.html), a part of the catalogue (core/lang.h
 * bp_lang_en_parts).  Same format and rules as lang_en.c: sorted by the
 * Dutch text in strcmp order, no text that another part has.
 *
 * Terms: "signaal" = signal, "duidelijk ongunstiger" = markedly worse,
 * "Ongunstiger" (the column of the relative difference) = "Worse by",
 * "Ontwikkeling" = change; wijk = district, as in lang_en.c.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_needs[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " (niet getoetst: geen intervallen)",
	  " (not tested: no intervals)" },
	{ " (niet significant)",
	  " (not significant)" },
	{ " (significant)",
	  " (significant)" },
	{ " Er zijn nog geen indicatoren met een gunstige kant geladen (zoals gezondheid of rondkomen "
	  "uit de gezondheidsmonitor of een bewonersenquête).",
	  " No indicators with a favourable side have been loaded yet (such as health or making ends meet "
	  "from the health monitor or a residents' survey)." },
	{ " als geheel</h2>\n"
	  "<p>",
	  " as a whole</h2>\n"
	  "<p>" },
	{ " vergeleken met Nederland</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">Periode</th>",
	  " compared with the Netherlands</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">Period</th>" },
	{ ", of ",
	  ", or " },
	{ "95%-interval",
	  "95% interval" },
	{ ": gebieden die duidelijk ongunstiger scoren</caption>\n"
	  "<thead><tr><th scope=\"col\">Gebied</th><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">Waarde "
	  "(periode)</th><th scope=\"col\" class=\"num\">Vergeleken met</th><th scope=\"col\" class=\"num\">Ongunstiger</th><th "
	  "scope=\"col\" class=\"num\">",
	  ": areas that score markedly worse</caption>\n"
	  "<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">Value "
	  "(period)</th><th scope=\"col\" class=\"num\">Compared with</th><th scope=\"col\" class=\"num\">Worse "
	  "by</th><th scope=\"col\" class=\"num\">" },
	{ "</tbody>\n"
	  "<tfoot><tr><th scope=\"row\">Alle gebieden</th>",
	  "</tbody>\n"
	  "<tfoot><tr><th scope=\"row\">All areas</th>" },
	{ "</th><th scope=\"col\">95%-interval</th><th scope=\"col\" class=\"num\">Nederland</th><th scope=\"col\">95%-interval</th><th "
	  "scope=\"col\">Oordeel</th><th scope=\"col\">Bron</th></tr></thead>\n"
	  "<tbody>\n",
	  "</th><th scope=\"col\">95% interval</th><th scope=\"col\" class=\"num\">Netherlands</th><th "
	  "scope=\"col\">95% interval</th><th scope=\"col\">Verdict</th><th scope=\"col\">Source</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "</th><th scope=\"col\">95%-interval</th><th scope=\"col\">Ontwikkeling</th><th scope=\"col\">Waarom</th></tr></thead>\n"
	  "<tbody>\n",
	  "</th><th scope=\"col\">95% interval</th><th scope=\"col\">Change</th><th scope=\"col\">Why</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "<h1>Behoeftenoverzicht ",
	  "<h1>Needs overview " },
	{ "<h2 id=\"context\">Context</h2>\n"
	  "<p>Deze cijfers beschrijven een gebied (afstanden tot voorzieningen, dichtheid) maar zijn geen "
	  "behoefte op zich: ze krijgen geen signaal.</p>\n"
	  "<table class=\"context\">\n"
	  "<caption>Context per gebied</caption>\n"
	  "<thead><tr><th scope=\"col\">Gebied</th>",
	  "<h2 id=\"context\">Context</h2>\n"
	  "<p>These figures describe an area (distances to facilities, density) but are no need in themselves: "
	  "they get no signal.</p>\n"
	  "<table class=\"context\">\n"
	  "<caption>Context per area</caption>\n"
	  "<thead><tr><th scope=\"col\">Area</th>" },
	{ "<h2 id=\"samenvatting\">Samenvatting per gebied en thema</h2>\n",
	  "<h2 id=\"samenvatting\">Summary per area and theme</h2>\n" },
	{ "<h2 id=\"zonder-signaal\">Gebieden zonder signaal</h2>\n"
	  "<p>",
	  "<h2 id=\"zonder-signaal\">Areas without a signal</h2>\n"
	  "<p>" },
	{ "<p class=\"bron\">Ongunstiger: het relatieve verschil met de gemeente in de ongunstige richting. ",
	  "<p class=\"bron\">Worse by: the relative difference with the municipality in the unfavourable "
	  "direction. " },
	{ "<p>Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger.",
	  "<p>No area scores markedly worse by this rule." },
	{ "<p>Voor de programmeringswerkgroep: per wijk en thema de indicatoren waarop een gebied duidelijk "
	  "ongunstiger scoort, met de onzekerheid en de ontwikkeling.</p>\n",
	  "<p>For the programming workgroup: per district and theme the indicators on which an area scores "
	  "markedly worse, with their uncertainty and change.</p>\n" },
	{ "<table class=\"samenvatting\">\n"
	  "<caption>Aantal indicatoren waarop het gebied duidelijk ongunstiger scoort, per thema</caption>\n"
	  "<thead><tr><th scope=\"col\">Gebied</th>",
	  "<table class=\"samenvatting\">\n"
	  "<caption>Number of indicators on which the area scores markedly worse, per theme</caption>\n"
	  "<thead><tr><th scope=\"col\">Area</th>" },
	{ "<th scope=\"col\" class=\"num\">Totaal</th></tr></thead>\n"
	  "<tbody>\n",
	  "<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "Bron",
	  "Source" },
	{ "Context",
	  "Context" },
	{ "Deze cijfers beschrijven een gebied (afstanden tot voorzieningen, dichtheid) maar zijn geen "
	  "behoefte op zich: ze krijgen geen signaal.",
	  "These figures describe an area (distances to facilities, density) but are no need in themselves: "
	  "they get no signal." },
	{ "Gebieden zonder signaal",
	  "Areas without a signal" },
	{ "Gecontroleerde indicatoren: ",
	  "Indicators checked: " },
	{ "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger.",
	  "No area scores markedly worse by this rule." },
	{ "Geen enkel gebied scoort volgens deze regel duidelijk ongunstiger. Er zijn nog geen indicatoren "
	  "met een gunstige kant geladen (zoals gezondheid of rondkomen uit de gezondheidsmonitor of een "
	  "bewonersenquête).",
	  "No area scores markedly worse by this rule. No indicators with a favourable side have been "
	  "loaded yet (such as health or making ends meet from the health monitor or a residents' survey)." },
	{ "Indicator",
	  "Indicator" },
	{ "NL en het aantal wijken van Nederland",
	  "NL and the number of districts of the Netherlands" },
	{ "Nederland ligt binnen het 95%-interval: geen duidelijk verschil",
	  "the Netherlands lies within the 95% interval: no clear difference" },
	{ "Ongun\u00ADstiger",
	  "Worse by" },
	{ "Ontwikkeling",
	  "Change" },
	{ "Oordeel",
	  "Verdict" },
	{ "Percentiel",
	  "Percen\u00ADtile" },
	{ "Percentiel (gerangschikt onder)",
	  "Percentile (ranked among)" },
	{ "Perioden van de cijfers (elke indicator op zijn laatste periode): ",
	  "Periods of the figures (each indicator at its latest period): " },
	{ "Samenvatting per gebied en thema",
	  "Summary per area and theme" },
	{ "Thema",
	  "Theme" },
	{ "Totaal",
	  "Total" },
	{ "Vergeleken met",
	  "Compared with" },
	{ "Voor de programmeringswerkgroep",
	  "For the programming workgroup" },
	{ "Waarde (periode)",
	  "Value (period)" },
	{ "Welke indicatoren",
	  "Which indicators" },
	{ "alle wijken van Nederland waar de bron heel Nederland dekt, anders de wijken in deze monitor; "
	  "elke rij zegt welke",
	  "all districts of the Netherlands where the source covers the whole country, else the districts "
	  "in this monitor; each row says which" },
	{ "alle wijken van Nederland; elke rij noemt hun aantal",
	  "all districts of the Netherlands; each row gives their number" },
	{ "de wijken in deze monitor; elke rij noemt hun aantal",
	  "the districts in this monitor; each row gives their number" },
	{ "enquête; geen interval berekend",
	  "survey; no interval computed" },
	{ "enquêtecijfer; bron gaf geen marges",
	  "survey figure; the source gave no margins" },
	{ "geen (registratie, geen steekproef)",
	  "none (registration, no sample)" },
	{ "geen (samengestelde index)",
	  "none (composite index)" },
	{ "geen eerdere periode",
	  "no earlier period" },
	{ "het hele 95%-interval ligt gunstiger dan Nederland",
	  "the whole 95% interval lies on the better side of the Netherlands" },
	{ "het hele 95%-interval ligt ongunstiger dan Nederland",
	  "the whole 95% interval lies on the worse side of the Netherlands" },
	{ "het hele 95%-interval ligt ongunstiger dan de gemeente",
	  "the whole 95% interval lies on the worse side of the municipality" },
	{ "modelschatting; marges niet geladen",
	  "model estimate; margins not loaded" },
	{ "monitor en het aantal wijken in deze monitor",
	  "monitor and the number of districts in this monitor" },
	{ "niet getoetst: geen interval",
	  "not tested: no interval" },
	{ "niet vergeleken: geen waarde voor beide",
	  "not compared: no value for both" },
	{ "onbekende bron",
	  "unknown source" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_needs_count = sizeof(bp_lang_en_needs) / sizeof(bp_lang_en_needs[0]);

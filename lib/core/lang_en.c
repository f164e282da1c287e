/*
 * lang_en.c: the English message catalogue (core/lang.h).  Each entry is a
 * fixed Dutch text as the code writes it (the msgid) and its English.
 * Sorted by the Dutch text in strcmp order (bsearch; tests/core/test_lang.c
 * checks the order and that no English is empty).
 *
 * Terms, decided once: wijk = "district", buurt = "neighbourhood",
 * gemeente = "municipality" (CBS's own English for its Wijk- en
 * Buurtkaart); area names and codes stay as they are.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " (1 = de meeste behoefte); ", " (1 = the greatest need); " },
	{ " <strong>Let op:</strong> ervaringen met 'voorbeeld' zijn",
	  " <strong>Note:</strong> experiences marked 'example' are" },
	{ " <strong>Voorbeelden:</strong> alle ervaringen hieronder zijn",
	  " <strong>Examples:</strong> all experiences below are" },
	{ " en ", " and " },
	{ " geen cijfers (", " (" },
	{ " lijken (CBS Kerncijfers wijken en buurten; ",
	  " in age structure, household composition and size, and income (CBS Key figures for districts "
	  "and neighbourhoods; " },
	{ " per periode (", " per period (" },
	{ " vergeleken met ", " compared with " },
	{ " verzonnen voor de demonstratie, geen echte uitspraken.",
	  " made up for the demonstration, not real statements." },
	{ " – deels synthetisch", " – partly synthetic" },
	{ " – synthetisch", " – synthetic" },
	{ "\">De gepubliceerde site</a>: elke wijk, buurt en zelf gedefinieerd gebied met zoeken, kaarten "
	  "en definities.</p>\n",
	  "\">The published site</a>: every district, neighbourhood and self-defined area with search, "
	  "maps and definitions.</p>\n" },
	{ "\">Interventies en hun effecten</a>: wat loopt waar, en bewoog er iets ten opzichte van "
	  "vergelijkbare gebieden?</p>\n",
	  "\">Interventions and their effects</a>: what is under way where, and "
	  "did anything move compared with similar areas?</p>\n" },
	{ ")</caption>\n"
	  "<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\" class=\"num\">",
	  ")</caption>\n"
	  "<thead><tr><th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">" },
	{ ": bij percentages in procentpunten, bij andere eenheden in procenten van de waarde van de "
	  "gemeente. Rechts is gunstiger, links ongunstiger; grijze balken horen bij indicatoren zonder "
	  "gunstige kant. Een balk die verder gaat dan de as is afgebroken; het cijfer staat erbij.</p>\n",
	  ": for percentages in percentage points, for other units in per cent of the municipality's "
	  "value. Right is better, left worse; grey bars belong to indicators without a favourable side. A "
	  "bar that goes beyond the axis is broken off; its figure is written beside it.</p>\n" },
	{ "; kaartgrenzen: CBS/PDOK Wijk- en buurtkaart.</figcaption>\n"
	  "</figure>\n",
	  "; map borders: CBS/PDOK Wijk- en buurtkaart (district and neighbourhood map).</figcaption>\n"
	  "</figure>\n" },
	{ "</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">",
	  "</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\" class=\"num\">" },
	{ "</p>\n"
	  "<p>Dit profiel vergelijkt het gebied met de gemeente als geheel en met Nederland. Bij elke "
	  "grafiek staan de cijfers in een tabel. Een waarde ontbreekt waar de bron hem niet publiceert of "
	  "waar te weinig inwoners zijn.",
	  "</p>\n"
	  "<p>This profile compares the area with the municipality as a whole and with the Netherlands. "
	  "Each chart has its figures in a table. A value is missing where the source does not publish it "
	  "or where too few people live." },
	{ "</select></div>\n"
	  "<div><label for=\"filter-soort\">Soort gebied</label><select id=\"filter-soort\"><option "
	  "value=\"\">Alle soorten</option><option value=\"wijk\">Wijken</option><option "
	  "value=\"buurt\">Buurten</option><option value=\"custom\">Zelf gedefinieerde "
	  "gebieden</option></select></div>\n"
	  "</form>\n"
	  "<p id=\"aantal\" role=\"status\" aria-live=\"polite\"></p>\n"
	  "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"gebieden-titel\">\n"
	  "<table id=\"gebieden-tabel\">\n"
	  "<caption id=\"gebieden-titel\">Alle gebieden met hun laatste cijfers. Kies een kolomkop om te "
	  "sorteren.</caption>\n"
	  "<thead><tr><th scope=\"col\"><button type=\"button\">Gebied</button></th><th "
	  "scope=\"col\"><button type=\"button\">Soort</button></th><th scope=\"col\"><button "
	  "type=\"button\">Gemeente</button></th>",
	  "</select></div>\n"
	  "<div><label for=\"filter-soort\">Kind of area</label><select id=\"filter-soort\"><option "
	  "value=\"\">All kinds</option><option value=\"wijk\">Districts</option><option "
	  "value=\"buurt\">Neighbourhoods</option><option value=\"custom\">Self-defined "
	  "areas</option></select></div>\n"
	  "</form>\n"
	  "<p id=\"aantal\" role=\"status\" aria-live=\"polite\"></p>\n"
	  "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"gebieden-titel\">\n"
	  "<table id=\"gebieden-tabel\">\n"
	  "<caption id=\"gebieden-titel\">All areas with their latest figures. Choose a column heading to "
	  "sort.</caption>\n"
	  "<thead><tr><th scope=\"col\"><button type=\"button\">Area</button></th><th "
	  "scope=\"col\"><button type=\"button\">Kind</button></th><th scope=\"col\"><button "
	  "type=\"button\">Municipality</button></th>" },
	{ "</tbody>\n"
	  "</table>\n"
	  "</div>\n"
	  "<p class=\"bron\">Verschil: de waarde van het gebied min die van de referentie, berekend vóór "
	  "het afronden. Tussen haakjes: het 95%-interval van de waarde, waar de bron of de enquête er "
	  "een geeft. Oordeel: ▲ gunstiger of ▼ ongunstiger dan de referentie, naar de kant die voor de "
	  "indicator beter is; ≈ niet duidelijk anders: het verschil kan toeval zijn (het 95%-interval "
	  "van het gebied omvat de referentie, of de toets met het eigen interval van de referentie vindt "
	  "geen verschil); = gelijk bij de getoonde decimalen; geen oordeel: "
	  "hoger of lager is bij deze indicator niet beter of slechter. ",
	  "</tbody>\n"
	  "</table>\n"
	  "</div>\n"
	  "<p class=\"bron\">Difference: the area's value minus the reference's, computed before "
	  "rounding. In brackets: the 95% interval of the value, where the source or the survey gives "
	  "one. Verdict: ▲ better or ▼ worse than the reference, towards the side that is better for the "
	  "indicator; ≈ not clearly different: the difference may be chance (the area's 95% interval "
	  "includes the reference, or the test with the reference's own interval finds no difference); = equal at the decimals shown; no verdict: higher or lower is "
	  "neither better nor worse for this indicator. " },
	{ "</th><th scope=\"col\" class=\"num\">Nederland</th></tr></thead>\n"
	  "<tbody>\n",
	  "</th><th scope=\"col\" class=\"num\">the Netherlands</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "</th><th scope=\"col\" class=\"num\">Verschil (procentpunt, anders % van de gemeente)</th></tr></thead>\n"
	  "<tbody>\n",
	  "</th><th scope=\"col\" class=\"num\">Difference (percentage points, else % of the "
	  "municipality)</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "</th><th scope=\"col\" class=\"num\">Verschil met ",
	  "</th><th scope=\"col\" class=\"num\">Difference from " },
	{ "</ul>\n"
	  "<p>De buurten staan in de tabel op de <a href=\"index.html\">startpagina</a> en op de pagina "
	  "van hun wijk.</p>\n",
	  "</ul>\n"
	  "<p>The neighbourhoods are in the table on the <a href=\"index.html\">home page</a> and on the "
	  "page of their district.</p>\n" },
	{ "<details>\n"
	  "<summary>De cijfers van de kaart</summary>\n",
	  "<details>\n"
	  "<summary>The figures of the map</summary>\n" },
	{ "<h1>Wijken in cijfers</h1>\n"
	  "<p>Per gemeente een overzicht van de wijken, vergeleken met de gemeente en Nederland.</p>\n"
	  "<ul>\n",
	  "<h1>Districts in figures</h1>\n"
	  "<p>Per municipality an overview of its districts, compared with the municipality and the "
	  "Netherlands.</p>\n"
	  "<ul>\n" },
	{ "<h2 id=\"alle-gebieden\">Alle gebieden</h2>\n"
	  "<form class=\"filter\" id=\"filters\" role=\"search\" aria-label=\"Gebieden zoeken en "
	  "filteren\">\n"
	  "<div><label for=\"zoek\">Zoek op naam of code</label><input id=\"zoek\" type=\"search\" "
	  "autocomplete=\"off\"></div>\n"
	  "<div><label for=\"filter-gemeente\">Gemeente</label><select id=\"filter-gemeente\"><option "
	  "value=\"\">Alle gemeenten</option>",
	  "<h2 id=\"alle-gebieden\">All areas</h2>\n"
	  "<form class=\"filter\" id=\"filters\" role=\"search\" aria-label=\"Search and filter areas\">\n"
	  "<div><label for=\"zoek\">Search by name or code</label><input id=\"zoek\" type=\"search\" "
	  "autocomplete=\"off\"></div>\n"
	  "<div><label for=\"filter-gemeente\">Municipality</label><select id=\"filter-gemeente\"><option "
	  "value=\"\">All municipalities</option>" },
	{ "<h2 id=\"gebieden\">Gebieden</h2>\n"
	  "<ul>\n",
	  "<h2 id=\"gebieden\">Areas</h2>\n"
	  "<ul>\n" },
	{ "<h2 id=\"gemeenten\">Gemeenten</h2>\n"
	  "<ul>\n",
	  "<h2 id=\"gemeenten\">Municipalities</h2>\n"
	  "<ul>\n" },
	{ "<h2 id=\"interventies\">Interventies</h2>\n"
	  "<p><a href=\"interventions/index.html\">Wat er per wijk loopt en wat het effect is "
	  "(effectrapporten)</a></p>\n",
	  "<h2 id=\"interventies\">Interventions</h2>\n"
	  "<p><a href=\"interventions/index.html\" hreflang=\"nl\">What is under way per district and "
	  "what its effect is (effect reports, in Dutch)</a></p>\n" },
	{ "<h2 id=\"kaart\">Kaart: ", "<h2 id=\"kaart\">Map: " },
	{ "<h2 id=\"kaarten\">Kaarten</h2>\n"
	  "<div class=\"kaarten\">\n",
	  "<h2 id=\"kaarten\">Maps</h2>\n"
	  "<div class=\"kaarten\">\n" },
	{ "<h2>Interventies</h2>\n"
	  "<p><a href=\"",
	  "<h2>Interventions</h2>\n"
	  "<p><a href=\"" },
	{ "<h2>Voor raadsleden en bewoners</h2>\n"
	  "<p><a href=\"",
	  "<h2>For council members and residents</h2>\n"
	  "<p><a href=\"" },
	{ "<h3>Ervaringen</h3>\n"
	  "<p class=\"bron\">Verhalen, citaten en waarderingen van bewoners, professionals, raadsleden en "
	  "vrijwilligers over dit thema in dit gebied: alleen gepubliceerd met toestemming en zonder namen "
	  "of contactgegevens.</p>\n",
	  "<h3>Experiences</h3>\n"
	  "<p class=\"bron\">Stories, quotes and ratings of residents, professionals, council members and "
	  "volunteers on this theme in this area: published only with consent and without names or contact "
	  "details.</p>\n" },
	{ "<li><a href=\"#gebieden\">Gebieden</a></li></ul></nav>\n",
	  "<li><a href=\"#gebieden\">Areas</a></li></ul></nav>\n" },
	{ "<li><a href=\"#interventies\">Interventies</a></li>",
	  "<li><a href=\"#interventies\">Interventions</a></li>" },
	{ "<li><a href=\"#kaart\">Kaart</a></li>", "<li><a href=\"#kaart\">Map</a></li>" },
	{ "<li><a href=\"#kaarten\">Kaarten</a></li>", "<li><a href=\"#kaarten\">Maps</a></li>" },
	{ "<nav class=\"kruimel\" aria-label=\"Kruimelpad\"><a href=\"index.html\">Alle gebieden</a></nav>\n"
	  "<h1>",
	  "<nav class=\"kruimel\" aria-label=\"Breadcrumb\"><a href=\"index.html\">All areas</a></nav>\n"
	  "<h1>" },
	{ "<nav class=\"toc\" aria-label=\"Op deze pagina\"><ul><li><a "
	  "href=\"#kerncijfers\">Kerncijfers</a></li>",
	  "<nav class=\"toc\" aria-label=\"On this page\"><ul><li><a href=\"#kerncijfers\">Key "
	  "figures</a></li>" },
	{ "<p class=\"lead\">Cijfers per wijk, buurt en zelf gedefinieerd gebied, vergeleken met de "
	  "gemeente en Nederland.</p>\n"
	  "<p>Wat elke indicator meet en hoe de cijfers berekend zijn: <a "
	  "href=\"definities.html\">definities en methode</a>.</p>\n"
	  "<nav class=\"toc\" aria-label=\"Op deze pagina\"><ul><li><a href=\"#alle-gebieden\">Alle "
	  "gebieden</a></li><li><a href=\"#gemeenten\">Gemeenten</a></li>",
	  "<p class=\"lead\">Figures per district, neighbourhood and self-defined area, compared with the "
	  "municipality and the Netherlands.</p>\n"
	  "<p>What each indicator measures and how the figures are computed: <a href=\"definities.html\">"
	  "definitions and method</a>.</p>\n"
	  "<nav class=\"toc\" aria-label=\"On this page\"><ul><li><a href=\"#alle-gebieden\">All "
	  "areas</a></li><li><a href=\"#gemeenten\">Municipalities</a></li>" },
	{ "<p>Elke balk is het verschil met ", "<p>Each bar is the difference from " },
	{ "<p>Voor dit thema zijn er voor ", "<p>For this theme there are no figures for " },
	{ "<section>\n"
	  "<h2 id=\"buurten\">Buurten in deze wijk</h2>\n"
	  "<p>",
	  "<section>\n"
	  "<h2 id=\"buurten\">Neighbourhoods in this district</h2>\n"
	  "<p>" },
	{ "<section>\n"
	  "<h2 id=\"ervaringen\">Ervaringen over andere thema's</h2>\n"
	  "<p class=\"bron\">Over deze thema's staan geen cijfers op deze pagina. Alleen gepubliceerd met "
	  "toestemming en zonder namen of contactgegevens.</p>\n",
	  "<section>\n"
	  "<h2 id=\"ervaringen\">Experiences on other themes</h2>\n"
	  "<p class=\"bron\">This page has no figures on these themes. Published only with consent and "
	  "without names or contact details.</p>\n" },
	{ "<section>\n"
	  "<h2 id=\"kerncijfers\">Kerncijfers</h2>\n"
	  "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"kerncijfers-titel\">\n"
	  "<table>\n"
	  "<caption id=\"kerncijfers-titel\">",
	  "<section>\n"
	  "<h2 id=\"kerncijfers\">Key figures</h2>\n"
	  "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-labelledby=\"kerncijfers-titel\">\n"
	  "<table>\n"
	  "<caption id=\"kerncijfers-titel\">" },
	{ "<section>\n"
	  "<h2 id=\"samengesteld\">Samengestelde indexen</h2>\n"
	  "<ul>\n",
	  "<section>\n"
	  "<h2 id=\"samengesteld\">Composite indices</h2>\n"
	  "<ul>\n" },
	{ "<section>\n"
	  "<h2 id=\"vergelijkbaar\">Vergelijkbare gebieden</h2>\n"
	  "<p>De gebieden die in leeftijdsopbouw, samenstelling en grootte van de huishoudens en inkomen het meest op ",
	  "<section>\n"
	  "<h2 id=\"vergelijkbaar\">Similar areas</h2>\n"
	  "<p>The areas that most resemble " },
	{ "<th scope=\"col\" class=\"num\">Nederland</th><th scope=\"col\" class=\"num\">Verschil met "
	  "Nederland</th><th scope=\"col\">Oordeel</th></tr></thead>\n"
	  "<tbody>\n",
	  "<th scope=\"col\" class=\"num\">the Netherlands</th><th scope=\"col\" class=\"num\">Difference "
	  "from the Netherlands</th><th scope=\"col\">Verdict</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "Alle gebieden", "All areas" },
	{ "Alle gemeenten", "All municipalities" },
	{ "Buurt", "Neighbourhood" },
	{ "Buurten", "Neighbourhoods" },
	{ "De cijfers van de grafiek ", "The figures of the chart " },
	{ "De open data van CBS en RIVM vallen onder de licentie <a "
	  "href=\"https://creativecommons.org/licenses/by/4.0/deed.nl\">CC BY 4.0</a>.</p>\n",
	  "The open data of CBS and RIVM are licensed under <a "
	  "href=\"https://creativecommons.org/licenses/by/4.0/deed.en\">CC BY 4.0</a>.</p>\n" },
	{ "Definities en methode", "Definitions and method" },
	{ "Demografie", "Demography" },
	{ "Gebied", "Area" },
	{ "Gemeente", "Municipality" },
	{ "Kerncijfers", "Key figures" },
	{ "Klasse", "Class" },
	{ "Naar de inhoud", "Skip to content" },
	{ "Nederland", "the Netherlands" },
	{ "Nederland, laatste periode</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Periode</th><th scope=\"col\" "
	  "class=\"num\">",
	  "the Netherlands, latest period</caption>\n"
	  "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Period</th><th scope=\"col\" "
	  "class=\"num\">" },
	{ "Participatie", "Participation" },
	{ "Periode", "Period" },
	{ "Sociaaleconomisch", "Socio-economic" },
	{ "Sociale veerkracht", "Social resilience" },
	{ "Verschil", "Difference" },
	{ "Voorzieningen", "Facilities" },
	{ "Wijk", "District" },
	{ "Wijken", "Districts" },
	{ "Wijken in cijfers", "Districts in figures" },
	{ "Zelf gedefinieerd gebied", "Self-defined area" },
	{ "Zorg en gezondheid", "Care and health" },
	{ "bewoner", "resident" },
	{ "buurt", "neighbourhood" },
	{ "buurten", "neighbourhoods" },
	{ "buurtpeil: wijken in cijfers", "buurtpeil: districts in figures" },
	{ "buurtprofiel", "neighbourhood profile" },
	{ "citaat", "quote" },
	{ "custom", "self-defined area" },
	{ "de afstand is het gemiddelde verschil in standaarddeviaties, 0 is gelijk):</p>\n"
	  "<ol>\n",
	  "the distance is the mean difference in standard deviations, 0 is equal):</p>\n"
	  "<ol>\n" },
	{ "de referentie", "the reference" },
	{ "deler is 0: niet te berekenen", "divisor is 0: cannot be computed" },
	{ "donkerder = ongunstiger", "darker = less favourable" },
	{ "ervaring", "experience" },
	{ "ervaringen", "experiences" },
	{ "gebied", "area" },
	{ "gebieden", "areas" },
	{ "gebiedsprofiel", "area profile" },
	{ "geen", "none" },
	{ "geen gegevens", "no data" },
	{ "geen interval van de plaats (zonder marges van de onderdelen)",
	  "no interval of the rank (without the components' margins)" },
	{ "geen oordeel", "no verdict" },
	{ "geen oordeel (geen gunstige kant)</td>", "no verdict (no favourable side)</td>" },
	{ "geen respondenten", "no respondents" },
	{ "geen vergelijking mogelijk", "no comparison possible" },
	{ "geheim (te weinig inwoners)", "confidential (too few inhabitants)" },
	{ "gelijk", "equal" },
	{ "gemeente", "municipality" },
	{ "gemeenten", "municipalities" },
	{ "gunstiger", "better" },
	{ "inw./km²", "inh./km²" },
	{ "niet duidelijk anders", "not clearly different" },
	{ "niet gemeten of niet van toepassing", "not measured or not applicable" },
	{ "niet gepubliceerd", "not published" },
	/* engine/compute.c bp_suppressed_reason_nl: translation_incomplete */
	{ "niet om te rekenen: een deel van het gebied heeft geen waarde",
	  "cannot be converted: part of the area has no value" },
	{ "omgerekend van een andere indeling", "converted from another classification" },
	{ "onbekend of geheim", "unknown or confidential" },
	{ "ongunstiger", "worse" },
	{ "per 1.000", "per 1,000" },
	{ "personen", "persons" },
	{ "professional", "professional" },
	{ "raadslid", "council member" },
	{ "referentie", "reference" },
	{ "saldo", "balance" },
	{ "scholen", "schools" },
	{ "synthetisch", "synthetic" },
	{ "te weinig gebieden met verschillende waarden om te normaliseren",
	  "too few areas with differing values to normalise" },
	{ "te weinig gegevens", "too little data" },
	{ "te weinig inwoners", "too few inhabitants" },
	{ "te weinig respondenten", "too few respondents" },
	{ "verhaal", "story" },
	{ "voorbeeld", "example" },
	{ "vrijwilliger", "volunteer" },
	{ "waardering", "rating" },
	{ "waarderingen", "ratings" },
	{ "wijk", "district" },
	{ "wijken", "districts" },
	{ "wijkprofiel", "district profile" },
	{ "x 1.000 euro", "x 1,000 euro" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_count = sizeof(bp_lang_en) / sizeof(bp_lang_en[0]);

/* The parts bp_tr() searches (core/lang.h): this file's common texts first;
 * a part for a page kind is lang_en_<part>.c, declared here and listed. */
extern const bp_lang_entry bp_lang_en_digest[];
extern const size_t bp_lang_en_digest_count;
extern const bp_lang_entry bp_lang_en_effect[];
extern const size_t bp_lang_en_effect_count;
extern const bp_lang_entry bp_lang_en_report[];
extern const size_t bp_lang_en_report_count;
extern const bp_lang_entry bp_lang_en_needs[];
extern const size_t bp_lang_en_needs_count;
extern const bp_lang_entry bp_lang_en_defs[];
extern const size_t bp_lang_en_defs_count;
extern const bp_lang_entry bp_lang_en_audit[];
extern const size_t bp_lang_en_audit_count;
extern const bp_lang_entry bp_lang_en_model[];
extern const size_t bp_lang_en_model_count;
extern const bp_lang_entry bp_lang_en_audit2[];
extern const size_t bp_lang_en_audit2_count;
extern const bp_lang_entry bp_lang_en_audit4[];
extern const size_t bp_lang_en_audit4_count;
extern const bp_lang_entry bp_lang_en_audit5[];
extern const size_t bp_lang_en_audit5_count;
extern const bp_lang_entry bp_lang_en_labels11[];
extern const size_t bp_lang_en_labels11_count;

const bp_lang_part bp_lang_en_parts[] = {
	{ "common", bp_lang_en, &bp_lang_en_count },
	{ "digest", bp_lang_en_digest, &bp_lang_en_digest_count },
	{ "effect", bp_lang_en_effect, &bp_lang_en_effect_count },
	{ "report", bp_lang_en_report, &bp_lang_en_report_count },
	{ "needs", bp_lang_en_needs, &bp_lang_en_needs_count },
	{ "defs", bp_lang_en_defs, &bp_lang_en_defs_count },
	{ "audit", bp_lang_en_audit, &bp_lang_en_audit_count },
	{ "model", bp_lang_en_model, &bp_lang_en_model_count },
	{ "audit2", bp_lang_en_audit2, &bp_lang_en_audit2_count },
	{ "audit4", bp_lang_en_audit4, &bp_lang_en_audit4_count },
	{ "audit5", bp_lang_en_audit5, &bp_lang_en_audit5_count },
	{ "labels11", bp_lang_en_labels11, &bp_lang_en_labels11_count },
};
const size_t bp_lang_en_parts_count = sizeof(bp_lang_en_parts) / sizeof(bp_lang_en_parts[0]);

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
	{ " – synthetisch", " – synthetic" },
	{ "; kaartgrenzen: CBS/PDOK Wijk- en buurtkaart.</figcaption>\n"
	  "</figure>\n",
	  "; map borders: CBS/PDOK Wijk- en buurtkaart (district and neighbourhood map).</figcaption>\n"
	  "</figure>\n" },
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
	{ "<details>\n"
	  "<summary>De cijfers van de kaart</summary>\n",
	  "<details>\n"
	  "<summary>The figures of the map</summary>\n" },
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
	{ "<h2 id=\"gemeenten\">Gemeenten</h2>\n"
	  "<ul>\n",
	  "<h2 id=\"gemeenten\">Municipalities</h2>\n"
	  "<ul>\n" },
	{ "<h2 id=\"interventies\">Interventies</h2>\n"
	  "<p><a href=\"interventions/index.html\">Wat er per wijk loopt en wat het effect is "
	  "(effectrapporten)</a></p>\n",
	  "<h2 id=\"interventies\">Interventions</h2>\n"
	  "<p><a href=\"interventions/index.html\">What is under way per district and what its effect is "
	  "(effect reports)</a></p>\n" },
	{ "<h2 id=\"kaarten\">Kaarten</h2>\n"
	  "<div class=\"kaarten\">\n",
	  "<h2 id=\"kaarten\">Maps</h2>\n"
	  "<div class=\"kaarten\">\n" },
	{ "<li><a href=\"#interventies\">Interventies</a></li>",
	  "<li><a href=\"#interventies\">Interventions</a></li>" },
	{ "<li><a href=\"#kaarten\">Kaarten</a></li>", "<li><a href=\"#kaarten\">Maps</a></li>" },
	{ "<p class=\"lead\">Cijfers per wijk, buurt en zelf gedefinieerd gebied, vergeleken met de "
	  "gemeente en Nederland.</p>\n"
	  "<p>Wat elke indicator meet en hoe de cijfers berekend zijn: <a "
	  "href=\"definities.html\">definities en methode</a>.</p>\n"
	  "<nav class=\"toc\" aria-label=\"Op deze pagina\"><ul><li><a href=\"#alle-gebieden\">Alle "
	  "gebieden</a></li><li><a href=\"#gemeenten\">Gemeenten</a></li>",
	  "<p class=\"lead\">Figures per district, neighbourhood and self-defined area, compared with the "
	  "municipality and the Netherlands.</p>\n"
	  "<p>What each indicator measures and how the figures are computed: <a href=\"definities.html\" "
	  "hreflang=\"nl\">definitions and method (Dutch)</a>.</p>\n"
	  "<nav class=\"toc\" aria-label=\"On this page\"><ul><li><a href=\"#alle-gebieden\">All "
	  "areas</a></li><li><a href=\"#gemeenten\">Municipalities</a></li>" },
	{ "Buurt", "Neighbourhood" },
	{ "Buurten", "Neighbourhoods" },
	{ "De open data van CBS en RIVM vallen onder de licentie <a "
	  "href=\"https://creativecommons.org/licenses/by/4.0/deed.nl\">CC BY 4.0</a>.</p>\n",
	  "The open data of CBS and RIVM are licensed under <a "
	  "href=\"https://creativecommons.org/licenses/by/4.0/deed.en\">CC BY 4.0</a>.</p>\n" },
	{ "Definities en methode", "Definitions and method" },
	{ "Gemeente", "Municipality" },
	{ "Klasse", "Class" },
	{ "Naar de inhoud", "Skip to content" },
	{ "Wijk", "District" },
	{ "Wijken", "Districts" },
	{ "Wijken in cijfers", "Districts in figures" },
	{ "Zelf gedefinieerd gebied", "Self-defined area" },
	{ "buurt", "neighbourhood" },
	{ "buurten", "neighbourhoods" },
	{ "custom", "self-defined area" },
	{ "deler is 0: niet te berekenen", "divisor is 0: cannot be computed" },
	{ "donkerder = ongunstiger", "darker = less favourable" },
	{ "geen gegevens", "no data" },
	{ "geen respondenten", "no respondents" },
	{ "geheim (te weinig inwoners)", "confidential (too few inhabitants)" },
	{ "gemeente", "municipality" },
	{ "inw./km²", "inh./km²" },
	{ "niet gemeten of niet van toepassing", "not measured or not applicable" },
	{ "niet gepubliceerd", "not published" },
	{ "onbekend of geheim", "unknown or confidential" },
	{ "per 1.000", "per 1,000" },
	{ "personen", "persons" },
	{ "saldo", "balance" },
	{ "scholen", "schools" },
	{ "synthetisch", "synthetic" },
	{ "te weinig gegevens", "too little data" },
	{ "te weinig inwoners", "too few inhabitants" },
	{ "te weinig respondenten", "too few respondents" },
	{ "wijk", "district" },
	{ "wijken", "districts" },
	{ "x 1.000 euro", "x 1,000 euro" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_count = sizeof(bp_lang_en) / sizeof(bp_lang_en[0]);

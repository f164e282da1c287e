/*
 * lang_en_effect.c: the English of the effect reports' fixed texts
 * (report/effect_report.c: the reports, their overview, their charts), a
 * part of the catalogue (core/lang.h).  Same format and order as
 * lang_en.c: sorted by the Dutch text in strcmp order, each text in one
 * part only.  The engine's verdicts (engine/effect.h bp_verdict_text) and
 * the reasons a figure has no interval (report/areadata.h) arrive as
 * values and are here too.
 */
#include "core/lang.h"

const bp_lang_entry bp_lang_en_effect[] = {
	/* BEGIN CATALOGUE (strcmp order: upper case before lower) */
	{ " tegen het gemiddelde van de vergelijkingsgebieden",
	  " against the mean of the comparison areas" },
	{ "90%-interval uit de onzekerheid van de cijfers: niet bekend (geen marges geladen).",
	  "90% interval from the uncertainty of the figures: not known (no margins loaded)." },
	{ "</caption>\n"
	  "<thead><tr><th scope=\"col\">Periode</th><th scope=\"col\">Vóór of na de start</th>"
	  "<th scope=\"col\" class=\"num\">",
	  "</caption>\n"
	  "<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Before or after the start</th>"
	  "<th scope=\"col\" class=\"num\">" },
	{ "</dd>\n"
	  "<dt>Einde</dt><dd>",
	  "</dd>\n"
	  "<dt>End</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Gebied</dt><dd>",
	  "</dd>\n"
	  "<dt>Area</dt><dd>" },
	{ "</dd>\n"
	  "<dt>Uitvoerder</dt><dd>",
	  "</dd>\n"
	  "<dt>Carried out by</dt><dd>" },
	{ "</h2>\n"
	  "<p>Beoogd: ",
	  "</h2>\n"
	  "<p>Aim: " },
	{ "</tbody>\n"
	  "</table>\n"
	  "<p>Het overzicht als <a href=\"overzicht.pdf\">pdf</a>.</p>\n"
	  "<p>",
	  "</tbody>\n"
	  "</table>\n"
	  "<p>The overview as <a href=\"overzicht.pdf\">PDF</a>.</p>\n"
	  "<p>" },
	{ "</th><th scope=\"col\" class=\"num\">Vergelijkingsgebieden (gemiddelde)</th><th scope=\"col\" "
	  "class=\"num\">Verschil</th></tr></thead>\n"
	  "<tbody>\n",
	  "</th><th scope=\"col\" class=\"num\">Comparison areas (mean)</th><th scope=\"col\" class=\"num\">Difference</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "<dl class=\"kader\">\n"
	  "<dt>Thema</dt><dd>",
	  "<dl class=\"kader\">\n"
	  "<dt>Theme</dt><dd>" },
	{ "<p class=\"bron\">Alleen ervaringen met toestemming, zonder namen of contactgegevens.</p>\n"
	  "</aside>\n",
	  "<p class=\"bron\">Only experiences given with consent, without names or contact details.</p>\n"
	  "</aside>\n" },
	{ "<p><a href=\"index.html\">Alle interventies</a></p>\n"
	  "<h1>Effectrapport: ",
	  "<p><a href=\"index.html\">All interventions</a></p>\n"
	  "<h1>Effect report: " },
	{ "<p>Geen cijfers van dit gebied voor deze indicator.</p>\n",
	  "<p>No figures of this area for this indicator.</p>\n" },
	{ "<p>Geen gepubliceerde ervaringen van bewoners of professionals voor dit gebied en thema.</p>\n"
	  "</aside>\n",
	  "<p>No published experiences of residents or professionals for this area and theme.</p>\n"
	  "</aside>\n" },
	{ "<strong>Oordeel: ",
	  "<strong>Verdict: " },
	{ "<table>\n"
	  "<caption>Interventies</caption>\n"
	  "<thead><tr><th scope=\"col\">Interventie</th><th scope=\"col\">Gebied</th><th scope=\"col\">Thema</th><th "
	  "scope=\"col\">Looptijd</th><th scope=\"col\">Uitvoerder</th><th scope=\"col\">Wat bewoog, en "
	  "het oordeel</th></tr></thead>\n"
	  "<tbody>\n",
	  "<table>\n"
	  "<caption>Interventions</caption>\n"
	  "<thead><tr><th scope=\"col\">Intervention</th><th scope=\"col\">Area</th><th scope=\"col\">Theme</th><th "
	  "scope=\"col\">Period</th><th scope=\"col\">Carried out by</th><th scope=\"col\">What moved, "
	  "and the verdict</th></tr></thead>\n"
	  "<tbody>\n" },
	{ "<table>\n"
	  "<caption>Vergelijkingsgebieden en hun placebo-schattingen</caption>\n"
	  "<thead><tr><th scope=\"col\">Gebied</th><th scope=\"col\">Code</th><th scope=\"col\" class=\"num\">Afstand "
	  "vóór de start</th><th scope=\"col\" class=\"num\">Verandering na &minus; vóór</th><th scope=\"col\" "
	  "class=\"num\">Placebo-schatting</th>",
	  "<table>\n"
	  "<caption>Comparison areas and their placebo estimates</caption>\n"
	  "<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">Code</th><th scope=\"col\" class=\"num\">Distance "
	  "before the start</th><th scope=\"col\" class=\"num\">Change after &minus; before</th><th scope=\"col\" "
	  "class=\"num\">Placebo estimate</th>" },
	{ "<th scope=\"col\" class=\"num\">Synthetisch gewicht</th>",
	  "<th scope=\"col\" class=\"num\">Synthetic weight</th>" },
	{ "Afstand vóór",
	  "Distance before" },
	{ "Bron van de kenmerken: ",
	  "Source of the characteristics: " },
	{ "De cijfers staan in de tabel hieronder.",
	  "The figures are in the table below." },
	{ "Doelgebied",
	  "Target area" },
	{ "Geen gepubliceerde ervaringen van bewoners of professionals voor dit gebied en thema.",
	  "No published experiences of residents or professionals for this area and theme." },
	{ "Geen schatting: te weinig perioden of gebieden.",
	  "No estimate: too few periods or areas." },
	{ "Gewicht",
	  "Weight" },
	{ "Hierover is niets te zeggen: er zijn te weinig perioden met cijfers vóór en na de start.",
	  "Nothing can be said about this: there are too few periods with figures before and after the "
	  "start." },
	{ "Hierover is niets te zeggen: er zijn te weinig vergelijkbare gebieden.",
	  "Nothing can be said about this: there are too few similar areas." },
	{ "Interventies en hun effecten",
	  "Interventions and their effects" },
	{ "Kandidaten",
	  "Candidates" },
	{ "Kenmerk (jaar)",
	  "Characteristic (year)" },
	{ "Placebo-interval: niet te bepalen (minder dan twee vergelijkingsgebieden).",
	  "Placebo interval: cannot be determined (fewer than two comparison areas)." },
	{ "Structuur: niet meegewogen; de definitie van de interventie noemt geen kenmerken van structuur "
	  "(match_on), dus de vergelijkingsgebieden zijn alleen op de indicator gekozen.",
	  "Structure: not taken into account; the definition of the intervention names no characteristics "
	  "of structure (match_on), so the comparison areas were chosen on the indicator alone." },
	{ "Synthetische vergelijking: niet berekend, want er zijn minder dan twee vergelijkingsgebieden.",
	  "Synthetic comparison: not computed, because there are fewer than two comparison areas." },
	{ "Trend vóór de start: niet te toetsen (geen perioden vóór de start).",
	  "Trend before the start: cannot be tested (no periods before the start)." },
	{ "Trend vóór de start: niet te toetsen (maar één periode vóór de start), en er is geen gedetailleerdere "
	  "verwante reeks opgegeven om het op na te gaan.",
	  "Trend before the start: cannot be tested (only one period before the start), and no more detailed "
	  "related series was given to check it on." },
	{ "Verandering",
	  "Change" },
	{ "Vergelijking",
	  "Comparison" },
	{ "Vergelijking (gemiddelde)",
	  "Comparison (mean)" },
	{ "Vergelijkingsgebied",
	  "Comparison area" },
	{ "Vergelijkingsgebieden",
	  "Comparison areas" },
	{ "Verschil na",
	  "Difference after" },
	{ "Verschil vóór",
	  "Difference before" },
	{ "Voorbeeld: dit is geen echt programma. De interventie is verzonnen om te laten zien hoe buurtpeil "
	  "effecten schat; de cijfers zijn echt.",
	  "Example: this is not a real programme. The intervention was made up to show how buurtpeil estimates "
	  "effects; the figures are real." },
	{ "Zo is geschat: de verandering in het doelgebied (gemiddelde na de start min gemiddelde ervoor) "
	  "is vergeleken met dezelfde verandering in gebieden van hetzelfde niveau zonder interventie "
	  "op dit thema, die vóór de start het meest op het doelgebied leken (verschil-in-verschillen). "
	  "Het placebo-interval laat zien hoe groot zo'n verschil is in gebieden waar niets gestart is. "
	  "Een oordeel 'beter' of 'slechter' volgt alleen als het verschil daarbuiten valt en de trends "
	  "vóór de start parallel liepen.",
	  "How it was estimated: the change in the target area (mean after the start minus the mean before) "
	  "is compared with the same change in areas of the same level without an intervention on this "
	  "theme that most resembled the target area before the start (difference-in-differences). The "
	  "placebo interval shows how large such a difference is in areas where nothing started. A verdict "
	  "'better' or 'worse' follows only when the difference falls outside it and the trends before "
	  "the start ran in parallel." },
	{ "beter dan vergelijkbare gebieden",
	  "better than similar areas" },
	{ "bron onbekend",
	  "source unknown" },
	{ "geen cijfer",
	  "no figure" },
	{ "geen cijfers",
	  "no figures" },
	{ "geen verschil aantoonbaar",
	  "no demonstrable difference" },
	{ "gelijk gebleven ten opzichte van vergelijkbare gebieden",
	  "unchanged relative to similar areas" },
	{ "interventie",
	  "intervention" },
	{ "interventies",
	  "interventions" },
	{ "loopt nog",
	  "still running" },
	{ "na",
	  "after" },
	{ "na de start",
	  "after the start" },
	{ "niet parallel: het oordeel is daarom voorzichtig",
	  "not parallel: the verdict is therefore cautious" },
	{ "niet te schatten",
	  "cannot be estimated" },
	{ "nu (loopt nog)",
	  "now (still running)" },
	{ "omhoog",
	  "up" },
	{ "omlaag",
	  "down" },
	{ "onbekend",
	  "unknown" },
	{ "placebo-interval 5-95%: wat gebieden zonder interventie ook laten zien",
	  "placebo interval 5-95%: what areas without an intervention show too" },
	{ "slechter dan vergelijkbare gebieden",
	  "worse than similar areas" },
	{ "te weinig perioden om iets te zeggen",
	  "too few periods to say anything" },
	{ "te weinig vergelijkbare gebieden",
	  "too few similar areas" },
	{ "vóór",
	  "before" },
	{ "vóór de start",
	  "before the start" },
	/* END CATALOGUE */
};

const size_t bp_lang_en_effect_count = sizeof(bp_lang_en_effect) / sizeof(bp_lang_en_effect[0]);

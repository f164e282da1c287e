/* dashboard.h: lib/api/dashboard.html, the page serve answers at / and
 * /dashboard, embedded at build time (tools/embed_text.py). */
#ifndef BP_API_DASHBOARD_H
#define BP_API_DASHBOARD_H

extern const char bp_api_dashboard_html[];

#endif

/* openapi.h: lib/api/openapi.json, embedded at build time (tools/embed_text.py). */
#ifndef BP_API_OPENAPI_H
#define BP_API_OPENAPI_H

extern const char bp_api_openapi_json[];

#endif

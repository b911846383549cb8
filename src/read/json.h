/*
 * json.h - what the JSON readers share (config.json, a safetensors header,
 * model.safetensors.index.json): strict parsing with json-c into one
 * top-level value, and the words messages use for a value's type.
 */
#ifndef PECLI_JSON_H
#define PECLI_JSON_H

#include <stddef.h>

#include <json.h>

#include "util/err.h"

/*
 * text[0, len) as one JSON value (json-c's strict tokener: no comments, no
 * single quotes; with utf8, json-c also refuses a string that is not valid
 * UTF-8), nothing after it but spaces, tabs and newlines.  Returns 0 with
 * the value in *root (the caller puts it; NULL for a JSON null), or -1 with
 * "NAME: WHAT: <json-c's description> at line L" in err, where what is for
 * example "not valid JSON".  (json-c 0.16's strict mode still takes a
 * single-quoted object key, {'x': 1}; single-quoted values it refuses.)
 */
int json_parse_text(json_object **root, const char *text, size_t len,
                    int utf8, const char *name, const char *what,
                    struct out_err *err);

/* json_object_to_json_string_ext(v, flags) (a number's text is as written
 * in the file: json-c keeps it), for a message; "(out of memory for its
 * text)" when memory runs out, which json-c 0.16 would not report. */
const char *json_text(json_object *v, int flags);

/* "a string", "an array", ... for "expected X, got Y" messages. */
const char *json_kind(json_object *v);

#endif

/*
 * json.c - a table's metadata as one JSON object, the companion of an .npy
 * file (which holds numbers only): each '# key: value' line of the CSV as
 * a member "key": "value" (both strings, as CSV shows them), then
 * "columns", the header row, and "shape", [n_rows, n_cols].  Built with
 * json-c, which escapes what JSON needs escaped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "write/write.h"

int write_meta_json(FILE *fp, const struct table_src *t, struct out_err *err)
{
	json_object *root = json_object_new_object(), *cols = json_object_new_array(),
	            *shape = json_object_new_array();
	const char *text;
	int rc = -1;

	if (!root || !cols || !shape)
		goto oom;
	for (size_t k = 0; k < t->n_meta; k++) {
		json_object *v = json_object_new_string(t->meta[k].value);

		if (!v || json_object_object_add(root, t->meta[k].key, v) != 0) {
			json_object_put(v);
			goto oom;
		}
	}
	for (size_t j = 0; j < t->n_cols; j++) {
		json_object *v = json_object_new_string(t->col_names[j]);

		if (!v || json_object_array_add(cols, v) != 0) {
			json_object_put(v);
			goto oom;
		}
	}
	if (json_object_array_add(shape, json_object_new_int64((int64_t)t->n_rows)) != 0
	    || json_object_array_add(shape, json_object_new_int64((int64_t)t->n_cols)) != 0)
		goto oom;
	if (json_object_object_add(root, "columns", cols) != 0)
		goto oom;
	cols = NULL;   /* root owns it */
	if (json_object_object_add(root, "shape", shape) != 0)
		goto oom;
	shape = NULL;
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY
	                                      | JSON_C_TO_STRING_SPACED
	                                      | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		goto oom;
	errno = 0;
	if (fputs(text, fp) == EOF || putc('\n', fp) == EOF)
		out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
	else
		rc = 0;
	json_object_put(root);
	return rc;
oom:
	json_object_put(root);
	json_object_put(cols);
	json_object_put(shape);
	return out_fail(err, "out of memory for the metadata");
}

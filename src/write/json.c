/*
 * json.c - a table's metadata as one JSON object, the companion of an .npy
 * file (which holds numbers only): each '# key: value' line of the CSV as
 * a member "key": "value" (both strings, as CSV shows them), then
 * "columns", the header row, and "shape", [n_rows, n_cols].  Built with
 * json-c, which escapes what JSON needs escaped.
 *
 * --format json (write_json): the same object for a whole small table,
 * "shape" replaced by "rows", one object per row from column name to cell.
 * A number is written with the text CSV gives it (fmt_double: round-trip,
 * or --digits; '.' whatever the locale), through json_object_new_double_s;
 * a value that is not finite (NaN, inf) and an empty text cell are null,
 * and the member "null" then says so.  The tree is held whole, so tables
 * of more than JSON_CELLS_MAX cells are refused.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "util/allocguard.h"
#include "write/write.h"

/* ---- building blocks ---- */

/* Add v as root's member key; root owns v after, or v is freed. */
static int add(json_object *root, const char *key, json_object *v)
{
	if (!v || json_object_object_add(root, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

/* Append v to the array arr; arr owns v after, or v is freed. */
static int push(json_object *arr, json_object *v)
{
	if (!v || json_object_array_add(arr, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

/* The '# key: value' lines as members (with_meta), then "columns". */
static json_object *meta_object(const struct table_src *t, int with_meta)
{
	json_object *root = json_object_new_object(), *cols = json_object_new_array();

	if (!root || !cols)
		goto oom;
	for (size_t k = 0; with_meta && k < t->n_meta; k++)
		if (add(root, t->meta[k].key, json_object_new_string(t->meta[k].value)) != 0)
			goto oom;
	for (size_t j = 0; j < t->n_cols; j++)
		if (push(cols, json_object_new_string(t->col_names[j])) != 0)
			goto oom;
	if (add(root, "columns", cols) == 0)
		return root;
	cols = NULL;   /* freed by add */
oom:
	json_object_put(root);
	json_object_put(cols);
	return NULL;
}

/* root's text, pretty-printed, under an allocation guard: NULL when
 * memory ran out, which json-c 0.16 would not report (it would print a
 * text cut short; util/allocguard.h). */
static const char *text_of(json_object *root)
{
	struct alloc_guard g;
	const char *text;

	alloc_guard_push(&g);
	if (setjmp(g.env))
		return NULL;
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY
	                                      | JSON_C_TO_STRING_SPACED
	                                      | JSON_C_TO_STRING_NOSLASHESCAPE);
	alloc_guard_pop(&g);
	return text;
}

/* root, pretty-printed, then a line break; frees root. */
static int put_object(FILE *fp, json_object *root, struct out_err *err)
{
	const char *text = text_of(root);
	int rc = 0;

	errno = 0;
	if (!text)
		rc = out_fault(err, "out of memory for the JSON text");
	else if (fputs(text, fp) == EOF || putc('\n', fp) == EOF)
		rc = out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
	json_object_put(root);
	return rc;
}

int write_meta_json(FILE *fp, const struct table_src *t, struct out_err *err)
{
	json_object *root = meta_object(t, 1), *shape = json_object_new_array();

	if (!root || !shape
	    || push(shape, json_object_new_int64((int64_t)t->n_rows)) != 0
	    || push(shape, json_object_new_int64((int64_t)t->n_cols)) != 0) {
		json_object_put(root);
		json_object_put(shape);
		return out_fail(err, "out of memory for the metadata");
	}
	if (add(root, "shape", shape) != 0) {
		json_object_put(root);
		return out_fail(err, "out of memory for the metadata");
	}
	return put_object(fp, root, err);
}

/* ---- a whole table ---- */

/* Cell j of row i (just filled into row) into *v: a string for a text
 * cell, NULL (json-c's null) for an empty one or a number that is not
 * finite (*n_null counts them), else the number with fmt_double's text (the
 * CSV's bytes), which json-c writes as given.  -1 when memory runs out. */
static int cell(json_object **v, const struct table_src *t, size_t i, size_t j,
                const double *row, int digits, size_t *n_null)
{
	const char *text = t->cell_text ? t->cell_text(t->ctx, i, j, row) : NULL;
	char num[FMT_BUF];

	if (text && *text) {
		*v = json_object_new_string(text);
		return *v ? 0 : -1;
	}
	if (text || !isfinite(row[j])) {
		(*n_null)++;
		*v = NULL;
		return 0;
	}
	fmt_double(num, row[j], j < t->n_index ? 0 : digits);
	*v = json_object_new_double_s(row[j], num);
	return *v ? 0 : -1;
}

/* The rows as objects, column name to cell, into the array rows. */
static int fill_rows(json_object *rows, struct table_src *t, int digits, size_t *n_null,
                     struct out_err *err)
{
	double *row = malloc(t->n_cols * sizeof *row);
	int rc = -1;

	if (!row)
		return out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
	for (size_t i = 0; i < t->n_rows; i++) {
		json_object *obj = json_object_new_object();

		if (!obj || json_object_array_add(rows, obj) != 0) {
			json_object_put(obj);
			out_fail(err, "out of memory for the JSON rows");
			goto out;
		}
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = 0; j < t->n_cols; j++) {
			json_object *v;

			if (cell(&v, t, i, j, row, digits, n_null) != 0
			    || json_object_object_add(obj, t->col_names[j], v) != 0) {
				json_object_put(v);
				out_fail(err, "out of memory for the JSON rows");
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(row);
	return rc;
}

int write_json(FILE *fp, struct table_src *t, int digits, int with_meta, struct out_err *err)
{
	json_object *root, *rows;
	size_t n_null = 0;

	if ((double)t->n_rows * (double)t->n_cols > JSON_CELLS_MAX)
		return out_fail(err, "a table of %zu x %zu cells is too large for JSON (at most %.0f "
		                     "cells): use csv or npy", t->n_rows, t->n_cols, JSON_CELLS_MAX);
	root = meta_object(t, with_meta);
	rows = json_object_new_array();
	if (!root || !rows) {
		json_object_put(root);
		json_object_put(rows);
		return out_fail(err, "out of memory for the JSON rows");
	}
	if (fill_rows(rows, t, digits, &n_null, err) != 0) {
		json_object_put(root);
		json_object_put(rows);
		return -1;
	}
	if (add(root, "rows", rows) != 0
	    || (n_null && add(root, "null", json_object_new_string(JSON_NULL_NOTE)) != 0)) {
		json_object_put(root);
		return out_fail(err, "out of memory for the JSON rows");
	}
	return put_object(fp, root, err);
}

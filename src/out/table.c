/*
 * table.c - table sources: metadata helpers and the encoding matrix of a
 * scheme as a source of rows (pos, d0, d1, ...), computed on demand.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

int out_fail(struct out_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void table_meta_add(struct table_src *t, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct table_kv *kv;

	if (t->n_meta >= TABLE_META_MAX)
		return;  /* a programmer error; the list is fixed and short */
	kv = &t->meta[t->n_meta++];
	kv->key = key;
	va_start(ap, fmt);
	vsnprintf(kv->value, sizeof kv->value, fmt, ap);
	va_end(ap);
}

int table_range(struct table_src *t, double *lo, double *hi, struct out_err *err)
{
	double *row, a = INFINITY, b = -INFINITY;
	int rc = -1;

	if (t->has_range) {
		*lo = t->lo;
		*hi = t->hi;
		return 0;
	}
	row = malloc(t->n_cols * sizeof *row);
	if (!row)
		return out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = t->n_index; j < t->n_cols; j++)
			if (isfinite(row[j])) {
				if (row[j] < a)
					a = row[j];
				if (row[j] > b)
					b = row[j];
			}
	}
	if (!(a <= b)) {
		out_fail(err, "no finite value to draw");
		goto out;
	}
	*lo = a;
	*hi = b;
	rc = 0;
out:
	free(row);
	return rc;
}

/* ---- column names ---- */

/* "pos", then a prefix of at most 5 characters and up to 20 digits each */
#define COL_NAME_MAX 26

int col_names_init(struct col_names *c, const char *prefix, size_t n,
                   struct out_err *err)
{
	char *q;

	c->names = calloc(n + 1, sizeof *c->names);
	c->buf = malloc(4 + n * COL_NAME_MAX);
	if (!c->names || !c->buf) {
		col_names_free(c);
		return out_fail(err, "out of memory for %zu column names", n + 1);
	}
	q = c->buf;
	c->names[0] = strcpy(q, "pos");
	q += 4;
	for (size_t j = 0; j < n; j++) {
		int k = snprintf(q, COL_NAME_MAX, "%s%zu", prefix, j);
		c->names[j + 1] = q;
		q += k + 1;
	}
	return 0;
}

void col_names_free(struct col_names *c)
{
	free(c->names);
	free(c->buf);
	c->names = NULL;
	c->buf = NULL;
}

/* ---- the encoding matrix ---- */

static int matrix_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_matrix *m = ctx;
	enum pe_status st;

	out[0] = (double)i;
	st = pe_scheme_row(m->scheme, out + 1, (double)i);
	if (st != PE_OK)
		return out_fail(err, "position %zu: %s", i, pe_status_str(st));
	return 0;
}

int src_matrix_init(struct table_src *t, struct src_matrix *m,
                    const struct pe_scheme *scheme, size_t n_pos,
                    struct out_err *err)
{
	size_t n = scheme->n_row;

	memset(m, 0, sizeof *m);
	if (!scheme->ops->row)
		return out_fail(err, "the %s scheme has no per-position code",
		                scheme->ops->name);
	m->scheme = scheme;
	if (col_names_init(&m->cols, scheme->row_label, n, err) != 0)
		return -1;

	memset(t, 0, sizeof *t);
	t->n_rows = n_pos;
	t->n_cols = n + 1;
	t->n_index = 1;
	t->col_names = m->cols.names;
	t->row_axis = "position";
	t->col_axis = strcmp(scheme->row_label, "d") == 0 ? "dimension" : scheme->row_label;
	t->has_range = scheme->has_range;
	t->lo = scheme->lo;
	t->hi = scheme->hi;
	t->fill_row = matrix_fill;
	t->ctx = m;
	return 0;
}

void src_matrix_free(struct src_matrix *m)
{
	col_names_free(&m->cols);
	memset(m, 0, sizeof *m);
}

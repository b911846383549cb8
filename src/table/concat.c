/*
 * concat.c - tables one after another: the rows of each part in turn,
 * behind a leading text column that names the part (--layer-type all: one
 * table per layer type of a model).
 *
 * The columns are the parts' columns by name, in the order they first
 * appear; a cell of a column its part does not have is empty (a layer type
 * without scaling has no scaled columns).  Each part's text cells (yes/no,
 * a property's name) are its own cell_text's.  Metadata: the lines every
 * part has with the same value, once; then (src_concat_meta_parts) each
 * part's other lines, their key prefixed by the part's name.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "table/table.h"

/* The part row i belongs to; its row within the part in *at. */
static size_t part_of(const struct src_concat *c, size_t i, size_t *at)
{
	size_t k = 0;

	while (k + 1 < c->n_parts && i >= c->start[k + 1])
		k++;
	*at = i - c->start[k];
	return k;
}

static int concat_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct src_concat *c = ctx;
	double row[SRC_CONCAT_COLS];
	size_t at, k = part_of(c, i, &at);
	const struct table_src *p = c->parts[k];

	if (p->fill_row(p->ctx, at, row, err) != 0)
		return -1;
	out[0] = (double)k;
	for (size_t j = 1; j < c->n_cols; j++)
		out[j] = c->col[k][j] >= 0 ? row[c->col[k][j]] : NAN;
	return 0;
}

static const char *concat_text(void *ctx, size_t i, size_t j, const double *row)
{
	const struct src_concat *c = ctx;
	double own[SRC_CONCAT_COLS];
	size_t at, k = part_of(c, i, &at);
	const struct table_src *p = c->parts[k];

	if (j == 0)
		return c->labels[k];
	if (c->col[k][j] < 0)
		return "";
	if (!p->cell_text)
		return NULL;
	/* the part's row, as its cell_text knows it */
	for (size_t jj = 1; jj < c->n_cols; jj++)
		if (c->col[k][jj] >= 0)
			own[c->col[k][jj]] = row[jj];
	return p->cell_text(p->ctx, at, (size_t)c->col[k][j], own);
}

/* The column named name, added when new; -1 when there are too many. */
static int column(struct src_concat *c, const char *name)
{
	for (size_t j = 1; j < c->n_cols; j++)
		if (!strcmp(c->names[j], name))
			return (int)j;
	if (c->n_cols == SRC_CONCAT_COLS)
		return -1;
	c->names[c->n_cols] = name;
	return (int)c->n_cols++;
}

/* The value of key in part p's metadata, or NULL. */
static const char *meta_of(const struct table_src *p, const char *key)
{
	for (size_t k = 0; k < p->n_meta; k++)
		if (!strcmp(p->meta[k].key, key))
			return p->meta[k].value;
	return NULL;
}

/* Whether every part has key with this value. */
static int shared(const struct src_concat *c, const char *key, const char *value)
{
	for (size_t k = 0; k < c->n_parts; k++) {
		const char *v = meta_of(c->parts[k], key);

		if (!v || strcmp(v, value) != 0)
			return 0;
	}
	return 1;
}

int src_concat_init(struct table_src *t, struct src_concat *c, const char *label_col,
                    const struct table_src *const *parts, const char *const *labels,
                    size_t n_parts, struct out_err *err)
{
	size_t n_index = 0, rows = 0;
	int first = 1;

	memset(t, 0, sizeof *t);
	memset(c, 0, sizeof *c);
	if (n_parts < 1 || n_parts > SRC_CONCAT_MAX)
		return out_fail(err, "%zu tables to join: expected 1 to %d", n_parts, SRC_CONCAT_MAX);
	c->n_parts = n_parts;
	c->names[0] = label_col;
	c->n_cols = 1;
	t->parallel = 1;
	for (size_t k = 0; k < n_parts; k++) {
		const struct table_src *p = parts[k];

		c->parts[k] = p;
		c->labels[k] = labels[k];
		c->start[k] = rows;
		rows += p->n_rows;
		for (size_t j = 0; j < SRC_CONCAT_COLS; j++)
			c->col[k][j] = -1;
		for (size_t j = 0; j < p->n_cols; j++) {
			int at = column(c, p->col_names[j]);

			if (at < 0)
				return out_fail(err, "more than %d columns to join", SRC_CONCAT_COLS - 1);
			c->col[k][at] = (int)j;
		}
		/* the first part with columns lays out the leading ones */
		if (p->n_cols && first) {
			n_index = p->n_index;
			first = 0;
		}
		t->parallel &= p->parallel;
	}
	c->start[n_parts] = rows;
	t->n_rows = rows;
	t->n_cols = c->n_cols;
	t->n_index = 1 + n_index;
	t->col_names = c->names;
	t->fill_row = concat_fill;
	t->cell_text = concat_text;
	t->ctx = c;
	for (size_t k = 0; k < parts[0]->n_meta; k++) {
		const struct table_kv *kv = &parts[0]->meta[k];

		if (shared(c, kv->key, kv->value))
			table_meta_add(t, kv->key, "%s", kv->value);
	}
	return 0;
}

void src_concat_meta_parts(struct table_src *t, struct src_concat *c)
{
	for (size_t k = 0; k < c->n_parts; k++)
		for (size_t m = 0; m < c->parts[k]->n_meta; m++) {
			const struct table_kv *kv = &c->parts[k]->meta[m];

			if (shared(c, kv->key, kv->value) || c->n_keys == TABLE_META_MAX)
				continue;
			snprintf(c->keys[c->n_keys], sizeof c->keys[0], "%s.%s", c->labels[k], kv->key);
			table_meta_add(t, c->keys[c->n_keys++], "%s", kv->value);
		}
}

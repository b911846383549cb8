/*
 * layout.c - the pairing permutation as a table (row, from).
 */
#include <stddef.h>
#include <string.h>

#include "table/table.h"

/* ---- layout: the row permutation ---- */

static const char *const layout_cols[] = { "row", "from" };

static int layout_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const size_t *perm = ctx;

	(void)err;
	out[0] = (double)i;
	out[1] = (double)perm[i];
	return 0;
}

void src_layout_init(struct table_src *t, const size_t *perm, size_t n_dim)
{
	memset(t, 0, sizeof *t);
	t->n_rows = n_dim;
	t->n_cols = 2;
	t->n_index = 1;
	t->col_names = layout_cols;
	t->fill_row = layout_fill;
	t->ctx = (void *)perm;
}

/* ---- a weight with its rows permuted ---- */

static int weight_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct src_weight *m = ctx;

	(void)err;
	memcpy(out, m->w + m->perm[i] * m->n_cols, m->n_cols * sizeof *out);
	return 0;
}

int src_weight_init(struct table_src *t, struct src_weight *m, const double *w,
                    const size_t *perm, size_t n_rows, size_t n_cols, struct out_err *err)
{
	memset(t, 0, sizeof *t);
	m->w = w;
	m->perm = perm;
	m->n_cols = n_cols;
	if (col_names_init(&m->cols, "c", n_cols, err) != 0)
		return -1;
	t->n_rows = n_rows;
	t->n_cols = n_cols;
	t->n_index = 0;
	t->col_names = m->cols.names + 1;   /* no "pos": the weight's shape */
	t->fill_row = weight_fill;
	t->ctx = m;
	return 0;
}

void src_weight_free(struct src_weight *m)
{
	col_names_free(&m->cols);
}

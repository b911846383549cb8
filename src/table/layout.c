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

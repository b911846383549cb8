/*
 * small.c - a small table of results held in memory, with text cells
 * (layout --verify, check, schemes).
 */
#include <stddef.h>
#include <string.h>

#include "table/table.h"

/* ---- a small table held in memory ---- */

static int small_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_small *m = ctx;

	(void)err;
	memcpy(out, m->cells + i * m->n_cols, m->n_cols * sizeof *out);
	return 0;
}

static const char *small_text(void *ctx, size_t i, size_t j, const double *row)
{
	struct src_small *m = ctx;

	(void)row;
	return m->texts[i * m->n_cols + j];
}

void src_small_init(struct table_src *t, struct src_small *m, size_t n_rows,
                    size_t n_cols, const char *const *names)
{
	memset(t, 0, sizeof *t);
	memset(m->cells, 0, sizeof m->cells);
	memset(m->texts, 0, sizeof m->texts);
	m->n_cols = n_cols;
	t->n_rows = n_rows;
	t->n_cols = n_cols;
	t->col_names = names;
	t->fill_row = small_fill;
	t->cell_text = small_text;
	t->ctx = m;
}

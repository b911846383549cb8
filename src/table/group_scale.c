/*
 * group_scale.c - a table whose data columns come in groups (the heads of
 * a bias side by side, t->col_group), each group's values mapped onto
 * [0, 1] by its own lowest and highest finite value: --head-scale each.
 *
 * ALiBi's heads differ by their slopes 2^(-8k/H) (Press et al. 2022): over
 * n keys head k spans [-m_k (n - 1), 0], so with one colour range for
 * every head (shared) the head of slope 1/256 is one flat colour beside
 * the head of slope 1/2.  Mapping each head onto [0, 1] shows the shape of
 * each; the figure then says so (the title and the colour bar's label).
 *
 * One pass over the rows finds each group's range (O(n_groups) memory);
 * rows are then made as the inner table makes them and rescaled, so the
 * writers still pull one row at a time.  NaN (masked) cells stay NaN; a
 * group of one value maps to 0.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

static int gs_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct src_group_scale *g = ctx;
	const struct table_src *in = g->inner;

	if (in->fill_row(in->ctx, i, out, err) != 0)
		return -1;
	for (size_t j = in->n_index; j < in->n_cols; j++) {
		size_t k = (j - in->n_index) / g->group;
		double w = g->hi[k] - g->lo[k];

		if (isfinite(out[j]))
			out[j] = w > 0.0 ? (out[j] - g->lo[k]) / w : 0.0;
	}
	return 0;
}

static const char *gs_text(void *ctx, size_t i, size_t j, const double *row)
{
	const struct src_group_scale *g = ctx;

	return g->inner->cell_text(g->inner->ctx, i, j, row);
}

/* Each group's lowest and highest finite value, in one pass. */
static int gs_ranges(struct src_group_scale *g, struct out_err *err)
{
	const struct table_src *in = g->inner;
	double *row = malloc(in->n_cols * sizeof *row);

	if (!row)
		return out_fail(err, "out of memory for a row of %zu columns", in->n_cols);
	for (size_t k = 0; k < g->n_groups; k++) {
		g->lo[k] = INFINITY;
		g->hi[k] = -INFINITY;
	}
	for (size_t i = 0; i < in->n_rows; i++) {
		if (in->fill_row(in->ctx, i, row, err) != 0) {
			free(row);
			return -1;
		}
		for (size_t j = in->n_index; j < in->n_cols; j++) {
			size_t k = (j - in->n_index) / g->group;

			if (isfinite(row[j])) {
				g->lo[k] = fmin(g->lo[k], row[j]);
				g->hi[k] = fmax(g->hi[k], row[j]);
			}
		}
	}
	free(row);
	for (size_t k = 0; k < g->n_groups; k++)
		if (!(g->hi[k] >= g->lo[k]))
			g->lo[k] = g->hi[k] = 0.0;   /* every cell masked */
	return 0;
}

int src_group_scale_init(struct table_src *t, struct src_group_scale *g,
                         struct table_src *inner, struct out_err *err)
{
	size_t n_data = inner->n_cols - inner->n_index;

	memset(g, 0, sizeof *g);
	if (!inner->col_group || n_data % inner->col_group != 0)
		return out_fail(err, "the table has no groups of columns to scale apart");
	g->inner = inner;
	g->group = inner->col_group;
	g->n_groups = n_data / g->group;
	g->lo = malloc(g->n_groups * sizeof *g->lo);
	g->hi = malloc(g->n_groups * sizeof *g->hi);
	if (!g->lo || !g->hi) {
		src_group_scale_free(g);
		return out_fail(err, "out of memory for %zu ranges", g->n_groups);
	}
	if (gs_ranges(g, err) != 0) {
		src_group_scale_free(g);
		return -1;
	}
	*t = *inner;
	t->fill_row = gs_fill;
	t->fill_draft = NULL;
	t->cell_text = inner->cell_text ? gs_text : NULL;
	t->ctx = g;
	t->has_range = 1;
	t->lo = 0.0;
	t->hi = 1.0;
	table_meta_add(t, "head_scale", "each: every head's values mapped onto [0, 1] by its own "
	               "lowest (0) and highest (1); h0 [%.6g, %.6g], h%zu [%.6g, %.6g]",
	               g->lo[0], g->hi[0], g->n_groups - 1, g->lo[g->n_groups - 1],
	               g->hi[g->n_groups - 1]);
	return 0;
}

void src_group_scale_free(struct src_group_scale *g)
{
	free(g->lo);
	free(g->hi);
	g->lo = g->hi = NULL;
}

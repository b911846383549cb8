/*
 * points.c - tables over points with several axes (pe_points: a grid, or
 * the tokens of a text and image sequence): the code at each point, the
 * n x n scores between points, and the scores of one query patch to every
 * patch of a grid, laid out as the grid (the figure of ViT papers), or of
 * every query at once as small multiples.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

static const char *const coord_names[] = { "point", "t", "h", "w" };

/* names: "point", "t", "h", "w", then prefix0 .. prefix{n-1} */
static int names_init(struct src_points *m, const char *prefix, size_t n, struct out_err *err)
{
	if (col_names_init(&m->cols, prefix, n, err) != 0)
		return -1;
	m->names = malloc((n + 4) * sizeof *m->names);
	if (!m->names)
		return out_fail(err, "out of memory for %zu columns", n);
	for (size_t j = 0; j < 4; j++)
		m->names[j] = coord_names[j];
	for (size_t j = 0; j < n; j++)
		m->names[4 + j] = m->cols.names[1 + j];
	return 0;
}

static void put_coords(const struct src_points *m, size_t k, double *out)
{
	out[0] = (double)k;
	memcpy(out + 1, m->pts->thw + 3 * k, 3 * sizeof *out);
}

/* score(m, n), divided by the norms with cosine */
static int score(const struct src_points *m, size_t a, size_t b, double *v,
                 struct out_err *err)
{
	enum pe_status st = pe_scheme_score_at(m->scheme, v, m->pts, a, b);

	if (st != PE_OK)
		return out_fail(err, "score(point %zu, point %zu): %s", a, b, pe_status_str(st));
	if (m->cosine)
		*v /= sqrt(m->self[a] * m->self[b]);
	return 0;
}

static int code_fill(void *ctx, size_t k, double *out, struct out_err *err)
{
	struct src_points *m = ctx;
	enum pe_status st;

	put_coords(m, k, out);
	st = pe_scheme_row_at(m->scheme, out + 4, m->pts, k);
	if (st != PE_OK)
		return out_fail(err, "point %zu: %s", k, pe_status_str(st));
	return 0;
}

static int sim_fill(void *ctx, size_t k, double *out, struct out_err *err)
{
	struct src_points *m = ctx;

	put_coords(m, k, out);
	for (size_t j = 0; j < m->pts->n; j++)
		if (score(m, k, j, &out[4 + j], err) != 0)
			return -1;
	return 0;
}

/* One query: row h holds the scores of the query to (h, 0 .. W-1).  All
 * queries: query (qh, qw) is the block at rows qh (H + 1), columns
 * qw (W + 1), with a blank (NaN) row and column between blocks. */
static int query_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_points *m = ctx;
	size_t H = m->pts->shape[1], W = m->pts->shape[2];
	size_t qh = m->all ? i / (H + 1) : m->query / W, h = m->all ? i % (H + 1) : i;

	out[0] = (double)i;
	for (size_t c = 0; c + 1 < m->n_cols; c++) {
		size_t qw = m->all ? c / (W + 1) : m->query % W, w = m->all ? c % (W + 1) : c;

		if (h == H || w == W) {
			out[1 + c] = NAN;   /* between two blocks */
			continue;
		}
		if (score(m, qh * W + qw, h * W + w, &out[1 + c], err) != 0)
			return -1;
	}
	return 0;
}

static int self_scores(struct src_points *m, struct out_err *err)
{
	size_t n = m->pts->n;

	m->self = malloc(n * sizeof *m->self);
	if (!m->self)
		return out_fail(err, "out of memory for %zu points", n);
	for (size_t k = 0; k < n; k++) {
		enum pe_status st = pe_scheme_score_at(m->scheme, &m->self[k], m->pts, k, k);

		if (st == PE_OK && !(m->self[k] > 0.0))
			st = PE_ERANGE;
		if (st != PE_OK)
			return out_fail(err, "cannot compute the cosine: score(point %zu, point %zu): %s",
			                k, k, pe_status_str(st));
	}
	return 0;
}

int src_points_init(struct table_src *t, struct src_points *m, const struct pe_scheme *scheme,
                    const struct pe_points *pts, enum src_points_what what, size_t query,
                    int cosine, struct out_err *err)
{
	size_t n = pts->n, H = pts->shape[1], W = pts->shape[2];

	memset(m, 0, sizeof *m);
	memset(t, 0, sizeof *t);
	m->scheme = scheme;
	m->pts = pts;
	m->cosine = cosine;
	if (what == SRC_POINTS_CODE ? !scheme->ops->row : !scheme->ops->score)
		return out_fail(err, "the %s scheme has no %s", scheme->ops->name,
		                what == SRC_POINTS_CODE ? "per-position code" : "score between positions");
	if (cosine && self_scores(m, err) != 0) {
		src_points_free(m);
		return -1;
	}
	t->ctx = m;
	t->parallel = 1;   /* each row a function of its index; m only read */
	if (what == SRC_POINTS_QUERY || what == SRC_POINTS_QUERY_ALL) {
		m->all = what == SRC_POINTS_QUERY_ALL;
		m->query = query;
		t->n_rows = m->all ? H * (H + 1) - 1 : H;
		t->n_cols = 1 + (m->all ? W * (W + 1) - 1 : W);
		m->n_cols = t->n_cols;
		if (col_names_init(&m->cols, "w", t->n_cols - 1, err) != 0) {
			src_points_free(m);
			return -1;
		}
		m->cols.names[0] = m->all ? "row" : "h";
		t->col_names = m->cols.names;
		t->n_index = 1;
		t->row_axis = m->all ? "query row, then key row h" : "key row h";
		t->col_axis = m->all ? "query column, then key column w" : "key column w";
		t->masked = m->all;
		t->fill_row = query_fill;
		return 0;
	}
	if (names_init(m, what == SRC_POINTS_CODE ? scheme->row_label : "k",
	               what == SRC_POINTS_CODE ? scheme->n_row : n, err) != 0) {
		src_points_free(m);
		return -1;
	}
	t->n_rows = n;
	t->n_cols = 4 + (what == SRC_POINTS_CODE ? scheme->n_row : n);
	t->n_index = 4;
	t->col_names = m->names;
	if (what == SRC_POINTS_CODE) {
		t->row_axis = "point";
		t->col_axis = strcmp(scheme->row_label, "d") == 0 ? "dimension" : scheme->row_label;
		t->has_range = scheme->has_range;
		t->lo = scheme->lo;
		t->hi = scheme->hi;
		t->fill_row = code_fill;
	} else {
		t->row_axis = "query point";
		t->col_axis = "key point";
		t->fill_row = sim_fill;
	}
	return 0;
}

void src_points_free(struct src_points *m)
{
	col_names_free(&m->cols);
	free(m->names);
	free(m->self);
	memset(m, 0, sizeof *m);
}

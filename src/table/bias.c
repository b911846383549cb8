/*
 * bias.c - the bias schemes (ALiBi, T5) as table sources: the bias matrix
 * of one head or of every head side by side (matrix, heatmap), the slopes
 * or buckets (freqs), and the bias against distance (decay).
 *
 * Masked cells (ALiBi: a key after the query) hold NaN and print empty;
 * the PNG writer draws them in its mask colour.
 *
 * Legend: h head, i query position (row), j key position, r distance.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- column names ---- */

#define NAME_MAX_LEN 32   /* "h1023_k999999999" and the like */

/*
 * names[0] = first, then per head shown either one column (n_keys 0:
 * single when one head is shown, else "h<h>") or n_keys columns ("k<j>"
 * when one head is shown, else "h<h>_k<j>").
 */
static int bias_names(struct src_bias *b, const char *first, const char *single,
                      size_t n_keys, struct out_err *err)
{
	size_t per = n_keys ? n_keys : 1, n, used = 0;
	char *q;

	if (per > (SIZE_MAX / NAME_MAX_LEN - 2) / b->n_shown)
		return out_fail(err, "%zu x %zu columns: too many to name", b->n_shown, per);
	n = 1 + b->n_shown * per;
	b->names = calloc(n, sizeof *b->names);
	b->buf = malloc(n * NAME_MAX_LEN);
	if (!b->names || !b->buf)
		return out_fail(err, "out of memory for %zu column names", n);
	q = b->buf;
	b->names[0] = first;
	for (size_t k = 0; k < b->n_shown; k++) {
		size_t h = b->head0 + k;

		for (size_t j = 0; j < per; j++) {
			int len;

			if (!n_keys && b->n_shown == 1)
				len = snprintf(q + used, NAME_MAX_LEN, "%s", single);
			else if (!n_keys)
				len = snprintf(q + used, NAME_MAX_LEN, "h%zu", h);
			else if (b->n_shown == 1)
				len = snprintf(q + used, NAME_MAX_LEN, "k%zu", j);
			else
				len = snprintf(q + used, NAME_MAX_LEN, "h%zu_k%zu", h, j);
			b->names[1 + k * per + j] = q + used;
			used += (size_t)len + 1;
		}
	}
	b->n_cols = n;
	return 0;
}

static int bias_setup(struct table_src *t, struct src_bias *b, const struct pe_scheme *s,
                      int all_heads, struct out_err *err)
{
	memset(b, 0, sizeof *b);
	memset(t, 0, sizeof *t);
	if (!s->ops->bias)
		return out_fail(err, "the %s scheme adds no bias to the scores", s->ops->name);
	b->scheme = s;
	b->head0 = all_heads ? 0 : s->cfg.bias.head;
	b->n_shown = all_heads ? s->n_heads : 1;
	return 0;
}

/* Empty text for a masked or undefined cell. */
static const char *nan_text(void *ctx, size_t i, size_t j, const double *row)
{
	(void)ctx;
	(void)i;
	return isnan(row[j]) ? "" : NULL;
}

/* ---- the bias matrix: queries down, keys across, heads side by side ---- */

static int matrix_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_bias *b = ctx;
	const struct pe_scheme *s = b->scheme;
	size_t n = b->n_pos;

	(void)err;
	out[0] = (double)i;
	for (size_t k = 0; k < b->n_shown; k++)
		for (size_t j = 0; j < n; j++)
			out[1 + k * n + j] = s->ops->bias(s, b->head0 + k, (double)i, (double)j);
	return 0;
}

int src_bias_matrix_init(struct table_src *t, struct src_bias *b,
                         const struct pe_scheme *s, size_t n_pos, int all_heads,
                         struct out_err *err)
{
	if (bias_setup(t, b, s, all_heads, err) != 0)
		return -1;
	b->n_pos = n_pos;
	if (bias_names(b, "pos", NULL, n_pos, err) != 0) {
		src_bias_free(b);
		return -1;
	}
	t->n_rows = n_pos;
	t->n_cols = b->n_cols;
	t->n_index = 1;
	t->col_names = b->names;
	t->row_axis = "query position";
	t->col_axis = b->n_shown > 1 ? "key position in each head, heads h0, h1, ... side by side"
	                             : "key position";
	t->col_group = b->n_shown > 1 ? n_pos : 0;
	t->fill_row = matrix_fill;
	t->cell_text = nan_text;
	t->parallel = 1;
	t->masked = (s->ops->traits & PE_TRAIT_MASKED) != 0;   /* keys after the query */
	t->ctx = b;
	return 0;
}

/* ---- bias against distance: the key r positions before the query ---- */

static int decay_fill(void *ctx, size_t k, double *out, struct out_err *err)
{
	struct src_bias *b = ctx;
	const struct pe_scheme *s = b->scheme;
	double r = pe_decay_grid_point(&b->grid, k);

	(void)err;
	out[0] = r;
	for (size_t h = 0; h < b->n_shown; h++)
		out[1 + h] = s->ops->bias(s, b->head0 + h, r, 0.0);
	return 0;
}

int src_bias_decay_init(struct table_src *t, struct src_bias *b,
                        const struct pe_scheme *s, const struct pe_decay_grid *grid,
                        int all_heads, struct out_err *err)
{
	if (bias_setup(t, b, s, all_heads, err) != 0)
		return -1;
	b->grid = *grid;
	if (bias_names(b, "distance", s->bias_is_index ? "bucket" : "bias", 0, err) != 0) {
		src_bias_free(b);
		return -1;
	}
	t->n_rows = grid->n_points;
	t->n_cols = b->n_cols;
	t->n_index = 1;
	t->col_names = b->names;
	t->fill_row = decay_fill;
	t->ctx = b;
	t->parallel = 1;
	return 0;
}

/* ---- freqs: ALiBi's slopes, T5's buckets ---- */

static const char *const slope_cols[] = { "head", "slope" };

static int slopes_fill(void *ctx, size_t h, double *out, struct out_err *err)
{
	struct src_bias *b = ctx;

	(void)err;
	out[0] = (double)h;
	out[1] = b->scheme->slopes[h];
	return 0;
}

static int buckets_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_bias *b = ctx;
	const struct pe_scheme *s = b->scheme;
	const struct pe_bias_cfg *c = &s->cfg.bias;
	long lo, hi;
	int empty;
	enum pe_status st = pe_t5_bucket_range(&lo, &hi, &empty, (int)i, c->bidirectional,
	                                       c->n_buckets, c->max_distance);

	if (st != PE_OK)
		return out_fail(err, "bucket %zu: %s", i, pe_status_str(st));
	out[0] = (double)i;
	out[1] = empty ? NAN : lo == LONG_MIN ? -INFINITY : (double)lo;
	out[2] = empty ? NAN : hi == LONG_MAX ? INFINITY : (double)hi;
	for (size_t k = 0; k < b->n_shown && c->weights; k++)
		out[3 + k] = c->weights[i * s->n_heads + b->head0 + k];
	return 0;
}

int src_bias_freqs_init(struct table_src *t, struct src_bias *b,
                        const struct pe_scheme *s, int all_heads, struct out_err *err)
{
	if (bias_setup(t, b, s, all_heads, err) != 0)
		return -1;
	t->n_index = 1;
	t->ctx = b;
	if (s->slopes) {   /* ALiBi */
		t->n_rows = s->n_heads;
		t->n_cols = 2;
		t->col_names = slope_cols;
		t->fill_row = slopes_fill;
		return 0;
	}
	/* T5: bucket, rel_min, rel_max, then the weights of the heads shown */
	if (!s->cfg.bias.weights)
		b->n_shown = 0;
	b->names = calloc(3 + b->n_shown, sizeof *b->names);
	b->buf = malloc((b->n_shown + 1) * NAME_MAX_LEN);
	if (!b->names || !b->buf) {
		src_bias_free(b);
		return out_fail(err, "out of memory for %zu column names", 3 + b->n_shown);
	}
	b->names[0] = "bucket";
	b->names[1] = "rel_min";
	b->names[2] = "rel_max";
	for (size_t k = 0; k < b->n_shown; k++) {
		char *q = b->buf + k * NAME_MAX_LEN;

		if (b->n_shown == 1)
			snprintf(q, NAME_MAX_LEN, "bias");
		else
			snprintf(q, NAME_MAX_LEN, "h%zu", b->head0 + k);
		b->names[3 + k] = q;
	}
	t->n_rows = (size_t)s->cfg.bias.n_buckets;
	t->n_cols = 3 + b->n_shown;
	t->col_names = b->names;
	t->fill_row = buckets_fill;
	t->cell_text = nan_text;
	return 0;
}

void src_bias_free(struct src_bias *b)
{
	free(b->names);
	free(b->buf);
	memset(b, 0, sizeof *b);
}

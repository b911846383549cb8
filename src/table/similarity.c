/*
 * similarity.c - the n x n matrix of scores between positions, from the
 * scheme's profile when it has one (O(n d)), else score by score.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- similarity: the n x n matrix of scores between positions ---- */

static int sim_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_similarity *m = ctx;
	size_t n = m->n_pos;

	out[0] = (double)i;
	if (m->prof) {
		/* row i is profile(j - i), j = 0 .. n-1: a slice of prof */
		const double *p = m->prof + (n - 1 - i);

		if (m->cosine)
			for (size_t j = 0; j < n; j++)
				out[j + 1] = p[j] / m->prof[n - 1];
		else
			memcpy(out + 1, p, n * sizeof *out);
		return 0;
	}
	for (size_t j = 0; j < n; j++) {
		double v;

		{
			enum pe_status st = pe_scheme_score(m->scheme, &v, (double)i, (double)j);
			if (st != PE_OK)
				return out_fail(err, "score(%zu, %zu): %s", i, j, pe_status_str(st));
			if (m->cosine)
				v /= sqrt(m->self[i] * m->self[j]);
		}
		out[j + 1] = v;
	}
	return 0;
}

int src_similarity_init(struct table_src *t, struct src_similarity *m,
                        const struct pe_scheme *scheme, size_t n_pos, int cosine,
                        int direct, struct out_err *err)
{
	enum pe_status st = PE_OK;
	size_t n = n_pos;

	memset(m, 0, sizeof *m);
	memset(t, 0, sizeof *t);
	m->scheme = scheme;
	m->n_pos = n;
	m->cosine = cosine;
	if (!scheme->ops->score)
		return out_fail(err, "the %s scheme has no score between positions",
		                scheme->ops->name);
	if (!scheme->ops->profile)
		direct = 1;
	if (col_names_init(&m->cols, "k", n, err) != 0)
		return -1;
	if (direct)
		m->self = malloc(n * sizeof *m->self);
	else
		m->prof = malloc((2 * n - 1) * sizeof *m->prof);
	if (!(direct ? (void *)m->self : (void *)m->prof)) {
		src_similarity_free(m);
		return out_fail(err, "out of memory for %zu positions", n);
	}
	/* profile path: score(i, j) = profile(j - i), O(n d) in all */
	for (size_t k = 0; !direct && k < 2 * n - 1 && st == PE_OK; k++)
		st = pe_scheme_profile(scheme, &m->prof[k], (double)k - (double)(n - 1));
	for (size_t i = 0; direct && i < n && st == PE_OK; i++)
		st = pe_scheme_score(scheme, &m->self[i], (double)i, (double)i);
	if (st == PE_OK && cosine && !direct && !(m->prof[n - 1] > 0.0))
		st = PE_ERANGE;
	for (size_t i = 0; direct && cosine && st == PE_OK && i < n; i++)
		if (!(m->self[i] > 0.0))
			st = PE_ERANGE;
	if (st != PE_OK) {
		src_similarity_free(m);
		return out_fail(err, "cannot compute the similarity: %s", pe_status_str(st));
	}
	t->n_rows = n;
	t->n_cols = n + 1;
	t->n_index = 1;
	t->col_names = m->cols.names;
	t->row_axis = "query position";
	t->col_axis = "key position";
	t->has_range = cosine;   /* cosine is in [-1, 1]; dot is measured */
	t->lo = -1.0;
	t->hi = 1.0;
	if (!direct && !cosine) {
		/* The range table_range would measure over the n^2 cells, from the
		 * 2n - 1 profile values, all finite, each of which appears (cell
		 * (i, j) holds prof[j - i + n - 1]).  Visited in the order the
		 * cells first show them (row 0: n-1 .. 2n-2, then column 0: n-2
		 * .. 0) with table_range's strict comparisons, so even a tie
		 * between 0 and -0 comes out the same. */
		t->has_range = 1;
		t->lo = INFINITY;
		t->hi = -INFINITY;
		for (size_t c = 0; c < 2 * n - 1; c++) {
			double v = m->prof[c < n ? n - 1 + c : 2 * n - 2 - c];

			if (v < t->lo)
				t->lo = v;
			if (v > t->hi)
				t->hi = v;
		}
	}
	t->fill_row = sim_fill;
	t->ctx = m;
	t->parallel = 1;   /* slices of prof, or scores: read only */
	return 0;
}

void src_similarity_free(struct src_similarity *m)
{
	col_names_free(&m->cols);
	free(m->prof);
	free(m->self);
	memset(m, 0, sizeof *m);
}

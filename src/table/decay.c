/*
 * decay.c - score versus distance as a table, streamed one distance at a
 * time: dot, the RoFormer bound, mean and std over random q and k.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- decay: score versus distance, streamed one distance at a time ---- */

enum { D_DIST, D_DOT, D_BOUND, D_MEAN, D_STD, D_ALL };

static const char *const decay_cols[] = { "distance", "dot", "bound", "mean", "std" };

/* All columns at distance r, before normalising. */
static int decay_values(struct src_decay *m, double r, double *all, struct out_err *err)
{
	const struct pe_scheme *s = m->scheme;
	enum pe_status st;

	all[D_DIST] = r;
	if (m->bound) {
		/* rope: the profile and the bound share each pair's cosine and
		 * sine, the same doubles as pe_scheme_profile and pe_rope_bound */
		pe_rope_profile_bound(&all[D_DOT], &all[D_BOUND], s->inv_freq, r,
		                      s->attention_factor, s->cfg.rope.n_dim, s->n_freq);
		st = isfinite(all[D_DOT]) ? PE_OK : PE_ERANGE;
	} else if (s->ops->profile) {
		st = pe_scheme_profile(s, &all[D_DOT], m->sign * r);
	} else {
		/* no profile (a learned table, a tuned NoPE layer): the score
		 * of the query at p + r with the key r positions before it
		 * (PE(p+r).PE(p) for a table) averaged over the keys p < n, or
		 * for a table over the n - r pairs it holds, O(n d) */
		double sum = 0.0, v;
		size_t n_pairs = m->scheme->cfg.learned ? m->n_pos - (size_t)r : m->n_pos;

		st = PE_OK;
		for (size_t p = 0; p < n_pairs && st == PE_OK; p++) {
			st = pe_scheme_score(s, &v, (double)p + r, (double)p);
			sum += v;
		}
		all[D_DOT] = sum / (double)n_pairs;
	}
	if (st == PE_OK && m->has_samples)
		st = pe_decay_samples_eval(&all[D_MEAN], &all[D_STD], &m->samples, s, m->sign * r);
	if (st != PE_OK)
		return out_fail(err, "distance %.17g: %s", r, pe_status_str(st));
	return 0;
}

static int decay_fill(void *ctx, size_t k, double *out, struct out_err *err)
{
	struct src_decay *m = ctx;
	double all[D_ALL];

	if (decay_values(m, pe_decay_grid_point(&m->grid, k), all, err) != 0)
		return -1;
	for (size_t j = 0; j < m->n_cols; j++) {
		out[j] = all[m->cols[j]];
		if (m->normalize && j > 0)
			out[j] /= m->norm[m->cols[j]];
	}
	return 0;
}

/*
 * RoPE without samples: dot and bound from pe_draft_row, with their radii
 * carried through the normalising division (|v'/n - v/n| <= rad/|n| + u
 * (|v'/n| + |v/n|), u = 2^-53, fl(v/n) within u of v/n, and a 1% margin
 * for the second-order terms).
 */
static int decay_draft(void *ctx, size_t k, double *out, double *rad)
{
	struct src_decay *m = ctx;
	double all[D_ALL], err[D_ALL], v[2], e[2];
	double r = pe_decay_grid_point(&m->grid, k);

	if (pe_draft_row(m->scheme, PE_DRAFT_PROFILE_BOUND, v, e, r) != PE_OK)
		return 0;
	all[D_DIST] = r;
	err[D_DIST] = 0.0;
	all[D_DOT] = v[0];
	err[D_DOT] = e[0];
	all[D_BOUND] = v[1];
	err[D_BOUND] = e[1];
	for (size_t j = 0; j < m->n_cols; j++) {
		out[j] = all[m->cols[j]];
		rad[j] = err[m->cols[j]];
		if (m->normalize && j > 0) {
			double n = fabs(m->norm[m->cols[j]]);

			out[j] /= m->norm[m->cols[j]];
			rad[j] = 1.01 * (rad[j] / n + 0x1p-53 * (2.0 * fabs(out[j]) + rad[j] / n));
		}
	}
	return 1;
}

int src_decay_init(struct table_src *t, struct src_decay *m,
                   const struct pe_scheme *scheme, const struct src_decay_opts *o,
                   struct out_err *err)
{
	int rotary = (scheme->ops->traits & PE_TRAIT_ROTARY) != 0;
	enum pe_status st;

	memset(m, 0, sizeof *m);
	memset(t, 0, sizeof *t);
	m->scheme = scheme;
	if (!scheme->ops->profile && !scheme->ops->score)
		return out_fail(err, "the %s scheme has no score as a function of distance",
		                scheme->ops->name);
	m->n_pos = o->n_pos;
	if (!scheme->ops->profile && scheme->cfg.learned && !(o->max_dist <= (double)o->n_pos - 1.0))
		return out_fail(err, "--max-dist %.17g reaches past the table's %zu positions: at most %zu",
		                o->max_dist, o->n_pos, o->n_pos - 1);
	/* xPos: the key r positions before the query, where its scale decays */
	m->sign = scheme->ops->traits & PE_TRAIT_SCALE ? -1.0 : 1.0;   /* the key before the query */
	m->bound = (scheme->ops->traits & PE_TRAIT_BOUND) != 0;
	m->normalize = o->normalize;
	st = pe_decay_grid_init(&m->grid, o->max_dist, o->step, o->log, o->points);
	if (st != PE_OK)
		return out_fail(err, "cannot lay out the distances: %s", pe_status_str(st));
	if (o->samples) {
		if (!rotary)
			return out_fail(err, "random q and k need a rotary scheme");
		st = pe_decay_samples_init(&m->samples, scheme, o->samples, o->seed);
		if (st != PE_OK)
			return out_fail(err, "cannot draw %zu samples: %s", o->samples,
			                pe_status_str(st));
		m->has_samples = 1;
	}
	m->cols[m->n_cols++] = D_DIST;
	m->cols[m->n_cols++] = D_DOT;
	if (m->bound)
		m->cols[m->n_cols++] = D_BOUND;
	if (m->has_samples) {
		m->cols[m->n_cols++] = D_MEAN;
		m->cols[m->n_cols++] = D_STD;
	}
	for (size_t j = 0; j < m->n_cols; j++)
		m->names[j] = decay_cols[m->cols[j]];
	if (m->normalize) {
		double all[D_ALL];
		if (decay_values(m, 0.0, all, err) != 0) {
			src_decay_free(m);
			return -1;
		}
		m->norm[D_DOT] = all[D_DOT];
		m->norm[D_BOUND] = all[D_BOUND];
		/* the mean score at distance 0 is near 0: scale by the spread */
		m->norm[D_MEAN] = m->norm[D_STD] = all[D_STD];
		for (size_t j = 1; j < m->n_cols; j++)
			if (!(m->norm[m->cols[j]] != 0.0) || !isfinite(m->norm[m->cols[j]])) {
				out_fail(err, "cannot normalise %s: its divisor at distance 0 is %g",
				         decay_cols[m->cols[j]], m->norm[m->cols[j]]);
				src_decay_free(m);
				return -1;
			}
	}
	t->n_rows = m->grid.n_points;
	t->n_cols = m->n_cols;
	t->n_index = 1;
	t->col_names = m->names;
	t->fill_row = decay_fill;
	if (!m->has_samples
	    && pe_draft_row(scheme, PE_DRAFT_PROFILE_BOUND, NULL, NULL, 0.0) == PE_OK) {
		/* errors near 1e-12 for d = 128: of 10^6 distances 3 rows stay
		 * unsettled at 6 digits, 9495 at 10, 71144 at 11 (a one-off
		 * count over every row); beyond 10 too many are computed twice */
		t->fill_draft = decay_draft;
		t->draft_digits = 10;
	}
	t->ctx = m;
	/* the sampled q and k share one scratch row: one thread */
	t->parallel = !m->has_samples;
	return 0;
}

void src_decay_free(struct src_decay *m)
{
	pe_decay_samples_free(&m->samples);
	memset(m, 0, sizeof *m);
}

/*
 * layout.c - checking a RoPE pairing conversion numerically.
 *
 * A checkpoint trained with interleaved pairs (x0,x1),(x2,x3),... scores
 * q.k exactly as a half-pairing model (x_i with x_{i+R/2}) scores the same
 * vectors with their rows permuted by pe_rope_layout_perm: pair i holds the
 * same two numbers and turns by the same angle in both.  This file measures
 * that claim on seeded random Gaussian q and k at random positions, so a
 * user converting weights sees the largest score difference, which must be
 * at the level of floating-point rounding.
 *
 * Bound: each score is a sum of d products of rotated components; rotation
 * keeps norms, so every computed term is within a few ulp of a product whose
 * magnitudes sum to at most |q| |k|, and two summation orders differ by at
 * most about d eps |q| |k| (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., section 3.1).  The check divides by |q| |k|.
 *
 * Legend: d n_dim, R n_rot, P the permutation, m and n positions.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "pe/pe.h"

enum pe_status pe_rope_layout_verify(struct pe_layout_check *out,
                                     const double *inv_freq, size_t n_dim,
                                     size_t n_rot, int to_half, uint64_t seed,
                                     size_t n_trials, double max_pos)
{
	enum pe_rope_pairing from = to_half ? PE_ROPE_PAIRING_INTERLEAVED : PE_ROPE_PAIRING_HALF;
	enum pe_rope_pairing to = to_half ? PE_ROPE_PAIRING_HALF : PE_ROPE_PAIRING_INTERLEAVED;
	double *q, *k, *qp, *kp;
	size_t *perm;
	struct pe_rng rng;

	if (n_dim < 2 || n_dim % 2 || n_rot < 2 || n_rot % 2 || n_rot > n_dim
	    || n_trials == 0 || !(max_pos >= 0.0) || !isfinite(max_pos))
		return PE_EINVAL;
	q = malloc(4 * n_dim * sizeof *q);
	perm = malloc(n_dim * sizeof *perm);
	if (!q || !perm) {
		free(q);
		free(perm);
		return PE_ENOMEM;
	}
	k = q + n_dim;
	qp = k + n_dim;
	kp = qp + n_dim;
	pe_rope_layout_perm(perm, n_dim, n_rot, to_half);
	pe_rng_init(&rng, seed);

	out->n_trials = n_trials;
	out->n_head = 1;
	out->worst_head = 0;
	out->max_abs = 0.0;
	out->max_rel = 0.0;
	/* the bound above with a factor 4 for the rotation's own roundings */
	out->tolerance = 4.0 * (double)n_dim * DBL_EPSILON;
	for (size_t t = 0; t < n_trials; t++) {
		double m = floor(pe_rng_uniform(&rng) * (max_pos + 1.0));
		double n = floor(pe_rng_uniform(&rng) * (max_pos + 1.0));
		double nq = 0.0, nk = 0.0, s_from, s_to, diff;

		pe_rng_fill_normal(q, &rng, n_dim);
		pe_rng_fill_normal(k, &rng, n_dim);
		for (size_t j = 0; j < n_dim; j++) {
			qp[j] = q[perm[j]];
			kp[j] = k[perm[j]];
			nq += q[j] * q[j];
			nk += k[j] * k[j];
		}
		s_from = pe_rope_score(q, k, inv_freq, m, n, 1.0, n_dim, n_rot, from);
		s_to = pe_rope_score(qp, kp, inv_freq, m, n, 1.0, n_dim, n_rot, to);
		diff = fabs(s_from - s_to);
		if (!isfinite(diff)) {
			free(q);
			free(perm);
			return PE_ERANGE;
		}
		if (diff > out->max_abs)
			out->max_abs = diff;
		if (diff / sqrt(nq * nk) > out->max_rel)
			out->max_rel = diff / sqrt(nq * nk);
	}
	out->pass = out->max_rel <= out->tolerance;
	free(q);
	free(perm);
	return PE_OK;
}

/* ---- a whole q_proj / k_proj weight of n_head heads ---- */

void pe_rope_layout_perm_heads(size_t *perm, size_t n_head, size_t n_dim, size_t n_rot,
                               int to_half)
{
	/* head 0's permutation, then the same within every head: the rows of
	 * head h are h d .. h d + d - 1 in both layouts */
	pe_rope_layout_perm(perm, n_dim, n_rot, to_half);
	for (size_t h = 1; h < n_head; h++)
		for (size_t j = 0; j < n_dim; j++)
			perm[h * n_dim + j] = h * n_dim + perm[j];
}

/* out[n_rows] = w x for w[n_rows x n_cols] with its rows taken through
 * perm (NULL: in order): row j of the result is row perm[j] of w, as the
 * permuted weight written by pecli layout --weight holds it. */
static void matvec(double *out, const double *w, const size_t *perm, const double *x,
                   size_t n_rows, size_t n_cols)
{
	for (size_t j = 0; j < n_rows; j++) {
		const double *row = w + (perm ? perm[j] : j) * n_cols;
		double sum = 0.0;

		for (size_t c = 0; c < n_cols; c++)
			sum += row[c] * x[c];
		out[j] = sum;
	}
}

/* One trial's q, k in the source layout (q, k) and the target one (qp, kp),
 * each [n_head d]: drawn, or a weight's projections of drawn inputs. */
static void draw_trial(double *q, double *k, double *qp, double *kp, double *x,
                       const double *w, size_t n_cols, const size_t *perm, size_t n,
                       struct pe_rng *rng)
{
	if (!w) {
		pe_rng_fill_normal(q, rng, n);
		pe_rng_fill_normal(k, rng, n);
		for (size_t j = 0; j < n; j++) {
			qp[j] = q[perm[j]];
			kp[j] = k[perm[j]];
		}
		return;
	}
	pe_rng_fill_normal(x, rng, 2 * n_cols);
	matvec(q, w, NULL, x, n, n_cols);
	matvec(k, w, NULL, x + n_cols, n, n_cols);
	matvec(qp, w, perm, x, n, n_cols);
	matvec(kp, w, perm, x + n_cols, n, n_cols);
}

/* The scores of head h in both layouts; 0, or -1 if one is not finite. */
static int score_head(struct pe_layout_check *out, const struct pe_layout_heads *lh,
                      const double *q, const double *k, const double *qp,
                      const double *kp, size_t h, double m, double n)
{
	enum pe_rope_pairing from = lh->to_half ? PE_ROPE_PAIRING_INTERLEAVED
	                                        : PE_ROPE_PAIRING_HALF;
	enum pe_rope_pairing to = lh->to_half ? PE_ROPE_PAIRING_HALF
	                                      : PE_ROPE_PAIRING_INTERLEAVED;
	size_t d = lh->n_dim, o = h * d;
	double s_from, s_to, diff, nq = 0.0, nk = 0.0, rel;

	for (size_t j = 0; j < d; j++) {
		nq += q[o + j] * q[o + j];
		nk += k[o + j] * k[o + j];
	}
	s_from = pe_rope_score(q + o, k + o, lh->inv_freq, m, n, 1.0, d, lh->n_rot, from);
	s_to = pe_rope_score(qp + o, kp + o, lh->inv_freq, m, n, 1.0, d, lh->n_rot, to);
	diff = fabs(s_from - s_to);
	if (!isfinite(diff))
		return -1;
	/* a zero head (q or k all 0) scores 0 both ways: no relative error */
	rel = nq > 0.0 && nk > 0.0 ? diff / sqrt(nq * nk) : diff;
	if (diff > out->max_abs)
		out->max_abs = diff;
	if (rel > out->max_rel) {
		out->max_rel = rel;
		out->worst_head = h;
	}
	return 0;
}

enum pe_status pe_rope_layout_verify_heads(struct pe_layout_check *out,
                                           const struct pe_layout_heads *lh,
                                           uint64_t seed, size_t n_trials, double max_pos)
{
	size_t n_dim = lh->n_dim, n_rot = lh->n_rot, n = lh->n_head * lh->n_dim;
	double *q, *x = NULL;
	size_t *perm;
	struct pe_rng rng;
	enum pe_status st = PE_OK;

	if (n_dim < 2 || n_dim % 2 || n_rot < 2 || n_rot % 2 || n_rot > n_dim
	    || lh->n_head == 0 || n / lh->n_head != n_dim || (lh->w && lh->n_cols == 0)
	    || n_trials == 0 || !(max_pos >= 0.0) || !isfinite(max_pos))
		return PE_EINVAL;
	q = malloc(4 * n * sizeof *q);
	perm = malloc(n * sizeof *perm);
	if (lh->w)
		x = malloc(2 * lh->n_cols * sizeof *x);
	if (!q || !perm || (lh->w && !x)) {
		st = PE_ENOMEM;
		goto done;
	}
	pe_rope_layout_perm_heads(perm, lh->n_head, n_dim, n_rot, lh->to_half);
	pe_rng_init(&rng, seed);
	out->n_trials = n_trials;
	out->n_head = lh->n_head;
	out->worst_head = 0;
	out->max_abs = out->max_rel = 0.0;
	out->tolerance = 4.0 * (double)n_dim * DBL_EPSILON;   /* as pe_rope_layout_verify */
	for (size_t t = 0; t < n_trials && st == PE_OK; t++) {
		double m = floor(pe_rng_uniform(&rng) * (max_pos + 1.0));
		double p = floor(pe_rng_uniform(&rng) * (max_pos + 1.0));
		double *k = q + n, *qp = k + n, *kp = qp + n;

		draw_trial(q, k, qp, kp, x, lh->w, lh->n_cols, perm, n, &rng);
		for (size_t h = 0; h < lh->n_head && st == PE_OK; h++)
			if (score_head(out, lh, q, k, qp, kp, h, m, p) != 0)
				st = PE_ERANGE;
	}
	out->pass = out->max_rel <= out->tolerance;
done:
	free(q);
	free(perm);
	free(x);
	return st;
}

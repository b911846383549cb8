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

/*
 * decay.c - how attention scores fall off with distance under rotary
 * encodings: RoFormer's relative upper bound, sampled scores of random
 * queries and keys, and the distance grids a decay curve is drawn on.
 *
 * Bound: Su et al. 2021, "RoFormer: Enhanced Transformer with Rotary
 * Position Embedding", arXiv:2104.09864, section 3.4.3.  The score is
 * Re[sum_{i=0}^{d/2-1} h_i e^{i(m-n) theta_i}] (eq. 35),
 * h_i = q_[2i:2i+1] k*_[2i:2i+1]; with S_j = sum_{k=0}^{j-1} e^{i(m-n)
 * theta_k}, S_0 = 0 and h_{d/2} = 0, Abel summation gives
 * sum_i h_i (S_{i+1} - S_i) = -sum_i S_{i+1} (h_{i+1} - h_i) (eq. 36), so
 * |score| <= (max_i |h_{i+1} - h_i|) sum_{i=0}^{d/2-1} |S_{i+1}| (eq. 37),
 * and Figure 2 plots the "relative upper bound" (1/(d/2)) sum_{j=1}^{d/2}
 * |S_j| against m - n.  Here d/2 is F, the number of rotated pairs, and
 * theta the scheme's inverse frequencies after scaling.
 *
 * Sampled scores: the per-pair reduction of pe_rope_profile (rope.c),
 * applied to many seeded Gaussian q, k at once; xPos adds the pair weight
 * zeta_i^(-r/B) of pe_xpos_score (Sun et al. 2022, section 3.2).  Mean and
 * sample standard deviation by Welford's one-pass update (B. P. Welford,
 * "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4(3), 1962).
 *
 * Left out: the bound's prefactor max_i |h_{i+1} - h_i| (it depends on q
 * and k; the sampled scores show their actual size), any CLI choice of
 * distances beyond the two grids.
 *
 * Legend: r distance, i or k pair index, F = n_freq pairs, R = 2F rotated
 * dims, S samples, a attention factor, B xPos scale_base, M largest
 * log-grid distance, rho geometric ratio.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

/* ---- RoFormer's relative upper bound ---- */

double pe_rope_bound(const double *inv_freq, double r, size_t n_freq)
{
	double re = 0.0, im = 0.0, sum = 0.0;

	if (n_freq == 0)
		return 0.0;
	for (size_t k = 0; k < n_freq; k++) {
		double phi = r * inv_freq[k];   /* formed directly, as everywhere */

		re += cos(phi);                 /* S_{k+1} = S_k + e^{i r theta_k} */
		im += sin(phi);
		sum += hypot(re, im);           /* |S_{k+1}| */
	}
	return sum / (double)n_freq;
}

#define BOUND_BLOCK 64

void pe_rope_profile_bound(double *dot, double *bound, const double *inv_freq,
                           double r, double attention_factor, size_t n_dim,
                           size_t n_freq)
{
	double re = 0.0, im = 0.0, sum = 0.0, cos_sum = 0.0;
	double re_k[BOUND_BLOCK], im_k[BOUND_BLOCK];

	/* The same sums in the same order as pe_rope_bound, a block of pairs
	 * at a time: first the angles' cosines and sines and the running S_k,
	 * then the block's |S_k|.  Apart, the hypot calls do not wait on the
	 * sincos calls: a third less time, the same doubles. */
	for (size_t k0 = 0; k0 < n_freq; k0 += BOUND_BLOCK) {
		size_t n_b = n_freq - k0 < BOUND_BLOCK ? n_freq - k0 : BOUND_BLOCK;

		for (size_t k = 0; k < n_b; k++) {
			double phi = r * inv_freq[k0 + k];
			double c = cos(phi), s = sin(phi);   /* one sincos for both */

			cos_sum += c;
			re += c;
			im += s;
			re_k[k] = re;
			im_k[k] = im;
		}
		for (size_t k = 0; k < n_b; k++)
			sum += hypot(re_k[k], im_k[k]);
	}
	/* pe_rope_profile(NULL, NULL, ...) adds cos(phi) (1 + 1) + sin(phi)
	 * (1 - 1) = 2 cos(phi) pair by pair (the sine term is a signed zero and
	 * 2 cos(phi) is never zero), and doubling every term of a sum doubles
	 * each rounded partial sum exactly; its pass-through dims add 1 each. */
	*dot = attention_factor * attention_factor * (2.0 * cos_sum)
	       + (double)(n_dim - 2 * n_freq);
	*bound = n_freq ? sum / (double)n_freq : 0.0;
}

/* ---- distance grids ---- */

/* A linear point within this many steps of max_dist still counts, so that
 * max_dist / step = 2.9999999999999996 (0.3 / 0.1) gives the point 0.3. */
#define GRID_LIN_SLACK 1e-9
/* More points than this and k step stops being exact in k. */
#define GRID_MAX_POINTS 9007199254740992.0   /* 2^53 */

/* g_j = M^(j/L), exactly M at the end. */
static double geo(const struct pe_decay_grid *g, size_t j)
{
	size_t last = g->n_log - 1;

	if (j >= last)
		return floor(g->max_dist);
	return exp((double)j / (double)last * g->ln_m);
}

enum pe_status pe_decay_grid_init(struct pe_decay_grid *g, double max_dist,
                                  double step, int log_spaced, size_t n_log)
{
	double n, big_m, last, rho_m1, jx;

	memset(g, 0, sizeof *g);
	if (!isfinite(max_dist) || max_dist < 0.0)
		return PE_EINVAL;
	g->max_dist = max_dist;
	g->log_spaced = log_spaced != 0;
	if (!log_spaced) {
		if (!isfinite(step) || !(step > 0.0))
			return PE_EINVAL;
		n = floor(max_dist / step + GRID_LIN_SLACK) + 1.0;
		if (!(n <= GRID_MAX_POINTS) || n > (double)SIZE_MAX)
			return PE_ERANGE;
		g->step = step;
		g->n_points = (size_t)n;
		return PE_OK;
	}
	if (max_dist < 1.0 || n_log < 2)
		return PE_EINVAL;
	big_m = floor(max_dist);
	if (big_m > GRID_MAX_POINTS)
		return PE_ERANGE;
	g->n_log = n_log;
	g->ln_m = log(big_m);
	last = (double)(n_log - 1);
	if (big_m == 1.0) {
		/* every g_j is 1: the grid is 0, 1 */
		g->j0 = n_log - 1;
		g->n_int = 1;
		g->n_points = 2;
		return PE_OK;
	}
	/*
	 * g_{j+1} - g_j = g_j (rho - 1) >= 2  <=>  j >= L ln(2 / (rho - 1)) / ln M.
	 * expm1 keeps rho - 1 accurate when rho is close to 1.  An error in the
	 * ceiling moves j0 by one at most, where the step is 2 within rounding,
	 * still enough for the rounded points to increase.
	 */
	rho_m1 = expm1(g->ln_m / last);
	jx = ceil(last * log(2.0 / rho_m1) / g->ln_m);
	if (!(jx > 0.0))
		g->j0 = 0;
	else if (jx >= last)
		g->j0 = n_log - 1;
	else
		g->j0 = (size_t)jx;
	g->n_int = (size_t)round(geo(g, g->j0));
	g->n_points = 1 + g->n_int + (n_log - 1 - g->j0);
	return PE_OK;
}

double pe_decay_grid_point(const struct pe_decay_grid *g, size_t k)
{
	if (!g->log_spaced) {
		double r = (double)k * g->step;

		return r > g->max_dist ? g->max_dist : r;
	}
	if (k <= g->n_int)
		return (double)k;            /* 0, then every integer 1 .. K */
	return round(geo(g, g->j0 + (k - g->n_int)));
}

/* ---- sampled scores ---- */

static int is_rotary(const struct pe_scheme *s)
{
	return (s->ops->traits & PE_TRAIT_ROTARY) != 0;
}

/* The two dimensions of pair i, as rope.c pairs them. */
static void pair_dims(size_t *j0, size_t *j1, size_t i, size_t n_rot,
                      enum pe_rope_pairing pairing)
{
	if (pairing == PE_ROPE_PAIRING_HALF) {
		*j0 = i;
		*j1 = i + n_rot / 2;
	} else {
		*j0 = 2 * i;
		*j1 = 2 * i + 1;
	}
}

void pe_decay_samples_free(struct pe_decay_samples *ds)
{
	free(ds->coef_a);
	free(ds->coef_b);
	free(ds->pass);
	free(ds->scratch);
	memset(ds, 0, sizeof *ds);
}

enum pe_status pe_decay_samples_init(struct pe_decay_samples *ds,
                                     const struct pe_scheme *s,
                                     size_t n_samples, uint64_t seed)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;
	size_t n_freq = s->n_freq, n_rot = 2 * s->n_freq, n_dim = c->n_dim;
	struct pe_rng rng;
	double *q;

	memset(ds, 0, sizeof *ds);
	if (!is_rotary(s))
		return PE_ENOTSUP;
	if (n_samples == 0 || n_freq == 0 || n_rot > n_dim)
		return PE_EINVAL;
	if (n_samples > SIZE_MAX / sizeof(double) / n_freq || n_dim > SIZE_MAX / 2 / sizeof(double))
		return PE_ENOMEM;
	ds->n_samples = n_samples;
	ds->n_freq = n_freq;
	ds->coef_a = malloc(n_samples * n_freq * sizeof *ds->coef_a);
	ds->coef_b = malloc(n_samples * n_freq * sizeof *ds->coef_b);
	ds->pass = malloc(n_samples * sizeof *ds->pass);
	ds->scratch = malloc(3 * n_freq * sizeof *ds->scratch);
	q = malloc(2 * n_dim * sizeof *q);
	if (!ds->coef_a || !ds->coef_b || !ds->pass || !ds->scratch || !q) {
		free(q);
		pe_decay_samples_free(ds);
		return PE_ENOMEM;
	}
	pe_rng_init(&rng, seed);
	for (size_t u = 0; u < n_samples; u++) {
		const double *k = q + n_dim;
		double *a = ds->coef_a + u * n_freq, *b = ds->coef_b + u * n_freq;
		double pass = 0.0;

		pe_rng_fill_normal(q, &rng, n_dim);
		pe_rng_fill_normal(q + n_dim, &rng, n_dim);
		for (size_t i = 0; i < n_freq; i++) {
			size_t j0, j1;

			pair_dims(&j0, &j1, i, n_rot, c->pairing);
			a[i] = q[j0] * k[j0] + q[j1] * k[j1];
			b[i] = q[j1] * k[j0] - q[j0] * k[j1];
		}
		for (size_t j = n_rot; j < n_dim; j++)
			pass += q[j] * k[j];
		ds->pass[u] = pass;
	}
	free(q);
	return PE_OK;
}

enum pe_status pe_decay_samples_eval(double *mean, double *std,
                                     struct pe_decay_samples *ds,
                                     const struct pe_scheme *s, double r)
{
	size_t n_freq = ds->n_freq;
	double *cs = ds->scratch, *sn = cs + n_freq, *w = sn + n_freq;
	int xpos = (s->ops->traits & PE_TRAIT_SCALE) != 0;
	/* pe_rope_score scales the rotated part by a^2; pe_xpos_score by the
	 * pair weights alone */
	double a2 = xpos ? 1.0 : s->attention_factor * s->attention_factor;
	double mu = 0.0, m2 = 0.0;

	if (!isfinite(r))
		return PE_EINVAL;
	if (!is_rotary(s) || s->n_freq != n_freq)
		return PE_EINVAL;
	for (size_t i = 0; i < n_freq; i++) {
		double phi = r * s->inv_freq[i];

		cs[i] = cos(phi);
		sn[i] = sin(phi);
		w[i] = xpos ? pow(s->zeta[i], -r / s->cfg.rope.scale_base) : 1.0;
	}
	for (size_t u = 0; u < ds->n_samples; u++) {
		const double *a = ds->coef_a + u * n_freq, *b = ds->coef_b + u * n_freq;
		double sum = 0.0, x, delta;

		for (size_t i = 0; i < n_freq; i++)
			sum += w[i] * (a[i] * cs[i] + b[i] * sn[i]);
		x = a2 * sum + ds->pass[u];
		/* Welford: mean_u = mean_{u-1} + (x - mean_{u-1}) / u, and
		 * M2 += (x - mean_{u-1}) (x - mean_u) */
		delta = x - mu;
		mu += delta / (double)(u + 1);
		m2 += delta * (x - mu);
	}
	*mean = mu;
	*std = ds->n_samples > 1 ? sqrt(m2 / (double)(ds->n_samples - 1)) : 0.0;
	return isfinite(*mean) && isfinite(*std) ? PE_OK : PE_ERANGE;
}

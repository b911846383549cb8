/*
 * extrapolate.c - what a rotary encoding meets beyond its training length:
 * per-pair angles and out-of-distribution flags, the critical dimension of
 * Liu et al. 2023, and the lower bound of the base of Men et al. 2024.
 *
 *   Liu, Yan, Zhang, An, Qiu, Lin 2023, "Scaling Laws of RoPE-based
 *   Extrapolation", arXiv:2310.05209 (ICLR 2024): pair i has period
 *   2 pi base^(2i/d); the pairs whose period fits in the training length L
 *   see every angle in training, the rest do not, and the critical
 *   dimension d_extra = 2 ceil((d/2) log_base(L / 2 pi)) separates them
 *   (92 of 128 dims for LLaMA 2: base 10000, L = 4096).
 *
 *   Men, Xu, Wang, Zhang, Lin, Han, Chen 2024, "Base of RoPE Bounds Context
 *   Length", arXiv:2405.14591 (NeurIPS 2024): attending more to a similar
 *   token than to a random one at distance m needs
 *   B_{m,theta} = sum_{i=0}^{d/2-1} cos(m theta_i) >= 0, and the smallest
 *   base keeping it for every m <= L bounds the context length.  Their
 *   Table 1 came from enumerating bases (the largest L each keeps), which
 *   misses narrow windows of passing bases: a 0.01 % grid here finds
 *   lower bounds at 2k, 16k, 32k, .., as Su Jianlin's finer search did
 *   (kexue.fm archives 10122); tests/check_extrapolate.c holds both rows.
 *
 * Left out: the papers' fitted curves (Liu's scaling laws for tuned bases,
 * Men's power law through their table); pecli evaluates the definitions.
 *
 * Legend: i pair index, F = n_freq, d = n_dim, theta_i after scaling,
 * theta_b,i before, L training length, T target length, m distance.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "pe/pe.h"

#define TWO_PI (2.0 * PE_PI)

/* ---- per-pair angles ---- */

static enum pe_status check_lengths(const struct pe_scheme *s, double L, double T)
{
	if (!s->inv_freq || !s->inv_freq_base || s->n_freq == 0)
		return PE_ENOTSUP;
	if (!isfinite(L) || L < 1.0 || L > PE_POS_MAX)
		return PE_EINVAL;
	if (!isfinite(T) || T < 1.0 || T > PE_POS_MAX)
		return PE_EINVAL;
	return PE_OK;
}

static void one_pair(struct pe_extrap_pair *o, double theta, double theta_b,
                     double L, double T)
{
	double train = (L - 1.0) * theta_b;
	int turned = train >= TWO_PI;   /* met every angle mod 2 pi */

	o->wavelen_base = TWO_PI / theta_b;
	o->wavelen = TWO_PI / theta;
	o->max_angle_train = train;
	o->max_angle_target = (T - 1.0) * theta;
	o->rot_train = train / TWO_PI;
	o->rot_target = o->max_angle_target / TWO_PI;
	/* out of distribution: beyond the angle of position L, the first one
	 * training never saw; within one position's turn of the training range
	 * counts as seen, so position interpolation by s = T/L (which maps T-1
	 * to L - L/T) stays in distribution */
	o->ood = !turned && o->max_angle_target > L * theta_b;
	o->ood_base = !turned && (T - 1.0) * theta_b > L * theta_b;
}

enum pe_status pe_extrap_pairs(struct pe_extrap_pair *out,
                               const struct pe_scheme *s, double L, double T)
{
	enum pe_status st = check_lengths(s, L, T);

	if (st != PE_OK)
		return st;
	for (size_t i = 0; i < s->n_freq; i++)
		one_pair(&out[i], s->inv_freq[i], s->inv_freq_base[i], L, T);
	return PE_OK;
}

/* ---- summary ---- */

enum pe_status pe_extrap_critical_dim(size_t *d_extra, size_t n_dim,
                                      double base, double L)
{
	double x;

	*d_extra = 0;
	if (n_dim == 0 || n_dim % 2 != 0)
		return PE_EINVAL;
	if (!isfinite(base) || !(base > 1.0) || !isfinite(L) || !(L > 0.0))
		return PE_EINVAL;
	/* (d/2) log_base(L / 2 pi), Liu et al. 2023 */
	x = (double)(n_dim / 2) * log(L / TWO_PI) / log(base);
	if (x <= 0.0)
		return PE_OK;
	x = ceil(x);
	*d_extra = x >= (double)(n_dim / 2) ? n_dim : 2 * (size_t)x;
	return PE_OK;
}

enum pe_status pe_extrap_summarize(struct pe_extrap_summary *out,
                                   const struct pe_scheme *s, double L, double T)
{
	enum pe_status st = check_lengths(s, L, T);
	double min_t = INFINITY, min_tb = INFINITY;

	out->critical_dim = out->n_full_turn = out->n_ood = out->n_ood_base = 0;
	out->max_wavelen = out->max_wavelen_base = 0.0;
	out->critical_dim_scaled = 0;
	out->max_angle_ratio = NAN;
	if (st != PE_OK)
		return st;
	for (size_t i = 0; i < s->n_freq; i++) {
		struct pe_extrap_pair o;

		one_pair(&o, s->inv_freq[i], s->inv_freq_base[i], L, T);
		out->n_full_turn += o.max_angle_train >= TWO_PI;
		out->critical_dim_scaled += 2 * (size_t)((L - 1.0) * s->inv_freq[i] >= TWO_PI);
		if (o.max_angle_train < TWO_PI && o.max_angle_train > 0.0) {
			double ratio = o.max_angle_target / o.max_angle_train;
			if (!(ratio <= out->max_angle_ratio))   /* NaN at first */
				out->max_angle_ratio = ratio;
		}
		out->n_ood += (size_t)o.ood;
		out->n_ood_base += (size_t)o.ood_base;
		if (s->inv_freq[i] < min_t)
			min_t = s->inv_freq[i];
		if (s->inv_freq_base[i] < min_tb)
			min_tb = s->inv_freq_base[i];
	}
	out->max_wavelen = TWO_PI / min_t;
	out->max_wavelen_base = TWO_PI / min_tb;
	return pe_extrap_critical_dim(&out->critical_dim, 2 * s->n_freq,
	                              s->cfg.base, L);
}

/* ---- the lower bound of the base (Men et al. 2024) ---- */

/* theta[F] = base^(-2i/d), formed as in pe_sinusoidal_inv_freq. */
static void bound_theta(double *theta, double base, size_t n_dim)
{
	for (size_t i = 0; i < n_dim / 2; i++)
		theta[i] = 1.0 / pow(base, (double)(2 * i) / (double)n_dim);
}

/* B_{m,theta} = sum_i cos(m theta_i) */
static double bsum(const double *theta, size_t n_freq, double m)
{
	double sum = 0.0;

	for (size_t i = 0; i < n_freq; i++)
		sum += cos(m * theta[i]);
	return sum;
}

/* 1 if sum_i cos(m theta_i) >= 0 for every integer m in [0, floor(L)].
 * m runs from L down: near the bound B first turns negative at the far
 * end, so a failing base usually stops after a few m. */
static int holds(size_t *fail_m, const double *theta, size_t n_freq, double L)
{
	size_t top = (size_t)floor(L);

	for (size_t j = 0; j <= top; j++) {
		if (bsum(theta, n_freq, (double)(top - j)) < 0.0) {
			*fail_m = top - j;
			return 0;
		}
	}
	*fail_m = 0;
	return 1;
}

/* ---- the scan: failing distances remembered from one base to the next ---- */

/* Up to PE_EXTRAP_WITNESSES distances m where B was negative at the bases
 * tried before, newest first: B moves little between two grid points
 * (each angle m theta_i changes by m theta_i (2i/d) log(1 + step)), so a
 * negative B at the previous base is most often still negative, or is at
 * a neighbouring m.  A witness costs O(d), a full pass O(L d). */
struct witnesses {
	size_t m[PE_EXTRAP_WITNESSES];
	size_t n;
};

/* From m, step to the neighbour with the smaller B while it decreases
 * (a few steps at most): B at the local minimum reached, m moved to it. */
static double descend(size_t *m, const double *theta, size_t n_freq, size_t top)
{
	double v = bsum(theta, n_freq, (double)*m);

	for (int k = 0; k < 64 && v >= 0.0; k++) {
		double l = *m > 0 ? bsum(theta, n_freq, (double)(*m - 1)) : INFINITY;
		double r = *m < top ? bsum(theta, n_freq, (double)(*m + 1)) : INFINITY;

		if (l < v && l <= r) {
			*m -= 1;
			v = l;
		} else if (r < v) {
			*m += 1;
			v = r;
		} else {
			break;
		}
	}
	return v;
}

/* The condition at base, with theta[F] as scratch: a witness first, the
 * full pass from L down only when none fails; a new failing m joins the
 * witnesses at the front. */
static int holds_at(double *theta, struct witnesses *w, size_t n_dim, double base, double L)
{
	size_t top = (size_t)floor(L), m, k;

	bound_theta(theta, base, n_dim);
	for (k = 0; k < w->n; k++) {
		if (descend(&w->m[k], theta, n_dim / 2, top) < 0.0) {
			m = w->m[k];
			w->m[k] = w->m[0];
			w->m[0] = m;
			return 0;
		}
	}
	if (holds(&m, theta, n_dim / 2, L))
		return 1;
	if (w->n < PE_EXTRAP_WITNESSES)
		w->n++;
	for (k = w->n - 1; k > 0; k--)
		w->m[k] = w->m[k - 1];
	w->m[0] = m;
	return 0;
}

static enum pe_status check_bound_args(size_t n_dim, double L)
{
	if (n_dim < PE_DIM_MIN || n_dim > PE_DIM_MAX || n_dim % 2 != 0)
		return PE_EINVAL;
	if (!isfinite(L) || L < 1.0 || L > PE_POS_MAX)
		return PE_EINVAL;
	return PE_OK;
}

enum pe_status pe_extrap_base_holds(int *ok, size_t *fail_m, size_t n_dim,
                                    double base, double L)
{
	enum pe_status st = check_bound_args(n_dim, L);
	double *theta;
	size_t m;

	*ok = 0;
	if (st != PE_OK)
		return st;
	if (!isfinite(base) || !(base > 1.0))
		return PE_EINVAL;
	theta = malloc(n_dim / 2 * sizeof *theta);
	if (!theta)
		return PE_ENOMEM;
	bound_theta(theta, base, n_dim);
	*ok = holds(&m, theta, n_dim / 2, L);
	if (fail_m)
		*fail_m = m;
	free(theta);
	return PE_OK;
}

enum pe_status pe_extrap_base_bound(double *base_out, size_t n_dim, double L)
{
	enum pe_status st = check_bound_args(n_dim, L);
	double lo = 0.0, hi = 2.0, *theta;
	struct witnesses w = { { 0 }, 0 };

	*base_out = NAN;
	if (st != PE_OK)
		return st;
	theta = malloc(n_dim / 2 * sizeof *theta);
	if (!theta)
		return PE_ENOMEM;
	/* 1. the geometric grid from 2 (any base > 1 is a RoPE base) */
	while (!holds_at(theta, &w, n_dim, hi, L)) {
		lo = hi;
		hi *= PE_EXTRAP_GRID;
		if (hi > PE_EXTRAP_BASE_MAX) {
			free(theta);
			return PE_ERANGE;
		}
	}
	/* 2. bisection on log(base) inside the first fail -> pass step only;
	 * when the first grid point passes (lo == 0) there is none */
	if (lo > 0.0) {
		while (hi / lo - 1.0 > PE_EXTRAP_BASE_RTOL) {
			double mid = sqrt(lo * hi);

			if (holds_at(theta, &w, n_dim, mid, L))
				hi = mid;
			else
				lo = mid;
		}
	}
	free(theta);
	*base_out = hi;
	return PE_OK;
}

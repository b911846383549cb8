/*
 * precision.c - positional encodings computed in low precision: one-operation
 * emulation of float32, float16 and bfloat16 arithmetic, and what it does to
 * RoPE's relative invariance, to the composition of rotations, to the
 * sinusoidal relative-position map, to cos/sin tables, to telling positions
 * apart, and to xPos's exponential scales.
 *
 * Emulation: every operation is computed in double and rounded once to the
 * format by pe_round (fpround.c).  For +, -, * of two numbers of a format
 * with p significand bits the double result rounded to p bits is the
 * correctly rounded result, because 53 >= 2p + 2 (Figueroa 1995, "When is
 * double rounding innocuous?", ACM SIGNUM Newsletter 30(3)): what IEEE
 * hardware in that format returns.  cos and sin are libm's double value
 * rounded: the best a kernel in the format can do.
 *
 * Sources: RoFormer (Su et al. 2021) eq. 16 for <R_m q, R_n k> = q^T R_{n-m} k;
 * Vaswani et al. 2017 section 3.5 for PE(p+k) as a linear map of PE(p);
 * Sun et al. 2022 (xPos) section 3.2 and torchscale for zeta_i and B.
 * Format parameters: IEEE 754-2008 table 3.2 and bfloat16 (Kalamkar et al.
 * 2019), as in fpround.c.
 *
 * Left out: fused multiply-add and wider accumulators (a kernel may keep
 * the dot product in float32 while storing bfloat16; pecli measures the
 * all-P case), stochastic rounding.
 *
 * Legend: P format, rnd rounding to P, p position, i pair index, F =
 * n_freq, R = 2F rotated dims, (j0, j1) the dims of pair i, a attention
 * factor, k shift, B xPos scale_base.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pe/pe.h"

#define LN2 0.693147180559945309417232121458   /* ln 2 */

/* ---- one operation in a format ---- */

static int fp_valid(enum pe_fp fp)
{
	return fp == PE_FP64 || fp == PE_FP32 || fp == PE_FP16 || fp == PE_BF16;
}

double pe_fp_mul(enum pe_fp fp, double a, double b)
{
	return pe_round(fp, a * b);
}

double pe_fp_add(enum pe_fp fp, double a, double b)
{
	return pe_round(fp, a + b);
}

double pe_fp_cos(enum pe_fp fp, double x)
{
	return pe_round(fp, cos(x));
}

double pe_fp_sin(enum pe_fp fp, double x)
{
	return pe_round(fp, sin(x));
}

/* ---- RoPE in a format ---- */

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

/* What the rotation needs, all in P. */
struct rot_fp {
	enum pe_fp fp;
	size_t n_dim, n_rot;
	enum pe_rope_pairing pairing;
	const double *theta;   /* [F] rnd(inv_freq[i]) */
	double scale;          /* rnd(a), 1 for a plain rotation */
};

/* out[n_dim] = R_pos x in P (out != x); dims >= R copied. */
static void rotate_fp(double *out, const double *x, const struct rot_fp *r,
                      double pos)
{
	enum pe_fp fp = r->fp;
	double pp = pe_round(fp, pos);

	for (size_t i = 0; i < r->n_rot / 2; i++) {
		double ang = pe_fp_mul(fp, pp, r->theta[i]);
		double c = pe_fp_cos(fp, ang), s = pe_fp_sin(fp, ang);
		size_t j0, j1;

		if (r->scale != 1.0) {
			c = pe_fp_mul(fp, c, r->scale);
			s = pe_fp_mul(fp, s, r->scale);
		}
		pair_dims(&j0, &j1, i, r->n_rot, r->pairing);
		out[j0] = pe_fp_add(fp, pe_fp_mul(fp, x[j0], c), -pe_fp_mul(fp, x[j1], s));
		out[j1] = pe_fp_add(fp, pe_fp_mul(fp, x[j0], s), pe_fp_mul(fp, x[j1], c));
	}
	for (size_t j = r->n_rot; j < r->n_dim; j++)
		out[j] = x[j];
}

/* sum_j x_j y_j in P, a running sum in dimension order. */
static double dot_fp(enum pe_fp fp, const double *x, const double *y, size_t n)
{
	double acc = 0.0;

	for (size_t j = 0; j < n; j++)
		acc = pe_fp_add(fp, acc, pe_fp_mul(fp, x[j], y[j]));
	return acc;
}

/* The Cauchy-Schwarz size of <R q, R' k>: sum_i |q_i| |k_i| over pairs,
 * times a^2, plus |q_pass| |k_pass|, in double. */
static double cs_size(const double *q, const double *k, const struct rot_fp *r,
                      double a2)
{
	double sz = 0.0, qp = 0.0, kp = 0.0;

	for (size_t i = 0; i < r->n_rot / 2; i++) {
		size_t j0, j1;

		pair_dims(&j0, &j1, i, r->n_rot, r->pairing);
		sz += a2 * hypot(q[j0], q[j1]) * hypot(k[j0], k[j1]);
	}
	for (size_t j = r->n_rot; j < r->n_dim; j++) {
		qp += q[j] * q[j];
		kp += k[j] * k[j];
	}
	return sz + sqrt(qp) * sqrt(kp);
}

#define FP_N_QK 4     /* (q, k) samples, as pe_props_invariance */
#define FP_N_GRID 8   /* grid points round(a H / 7), as pe_props_invariance */

/* Scratch for the rotary measurements: FP_N_QK q, k pairs rounded to P,
 * theta in P, three rotated vectors. */
struct fp_work {
	double *qk, *theta, *u, *v, *w;
	struct rot_fp r;
	size_t grid[FP_N_GRID];
	size_t half;
};

static void work_free(struct fp_work *wk)
{
	free(wk->qk);
	free(wk->theta);
	free(wk->u);
}

static enum pe_status work_init(struct fp_work *wk, const struct pe_scheme *s,
                                enum pe_fp fp, size_t n_pos, uint64_t seed)
{
	size_t n_dim = s->cfg.rope.n_dim, n_qk = 2 * FP_N_QK;
	struct pe_rng rng;

	wk->qk = wk->theta = wk->u = NULL;
	/* a rotation by p inv_freq[i] without a scale: rope, mrope, rope2d */
	if (!(s->ops->traits & PE_TRAIT_ROTARY) || (s->ops->traits & PE_TRAIT_SCALE))
		return PE_ENOTSUP;
	if (n_pos < 3 || !fp_valid(fp))
		return PE_EINVAL;
	wk->qk = malloc(n_qk * n_dim * sizeof *wk->qk);
	wk->theta = malloc(s->n_freq * sizeof *wk->theta);
	wk->u = malloc(3 * n_dim * sizeof *wk->u);
	if (!wk->qk || !wk->theta || !wk->u) {
		work_free(wk);
		return PE_ENOMEM;
	}
	wk->v = wk->u + n_dim;
	wk->w = wk->v + n_dim;
	pe_rng_init(&rng, seed);
	for (size_t u = 0; u < n_qk; u++)
		pe_rng_fill_normal(wk->qk + u * n_dim, &rng, n_dim);
	for (size_t j = 0; j < n_qk * n_dim; j++)
		wk->qk[j] = pe_round(fp, wk->qk[j]);
	for (size_t i = 0; i < s->n_freq; i++)
		wk->theta[i] = pe_round(fp, s->inv_freq[i]);
	wk->r.fp = fp;
	wk->r.n_dim = n_dim;
	wk->r.n_rot = 2 * s->n_freq;
	wk->r.pairing = s->cfg.rope.pairing;
	wk->r.theta = wk->theta;
	wk->r.scale = pe_round(fp, s->attention_factor);
	wk->half = (n_pos - 1) / 2;
	for (size_t a = 0; a < FP_N_GRID; a++)
		wk->grid[a] = (size_t)round((double)a * (double)wk->half / (FP_N_GRID - 1));
	return PE_OK;
}

/* <R_m q, R_n k> in P. */
static double score_fp(struct fp_work *wk, const double *q, const double *k,
                       double m, double n)
{
	rotate_fp(wk->u, q, &wk->r, m);
	rotate_fp(wk->v, k, &wk->r, n);
	return dot_fp(wk->r.fp, wk->u, wk->v, wk->r.n_dim);
}

/* The next shift after t: doubling, with H itself as the last (the grid of
 * pe_props_invariance); 0 when done. */
static size_t next_shift(size_t t, size_t half)
{
	if (t == half)
		return 0;
	return t > half / 2 ? half : 2 * t;
}

enum pe_status pe_invariance_fp(double *max_err, const struct pe_scheme *s,
                                enum pe_fp fp, size_t n_pos, uint64_t seed)
{
	struct fp_work wk;
	enum pe_status st = work_init(&wk, s, fp, n_pos, seed);
	size_t n_dim = s->cfg.rope.n_dim;
	double a2 = s->attention_factor * s->attention_factor, worst = 0.0;

	*max_err = 0.0;
	if (st != PE_OK)
		return st;
	for (size_t t = 1; t != 0; t = next_shift(t, wk.half)) {
		for (size_t a = 0; a < FP_N_GRID; a++) {
			for (size_t b = 0; b < FP_N_GRID; b++) {
				double m = (double)wk.grid[a], n = (double)wk.grid[b];

				for (size_t u = 0; u < FP_N_QK; u++) {
					const double *q = wk.qk + 2 * u * n_dim, *k = q + n_dim;
					double s0 = score_fp(&wk, q, k, m, n);
					double s1 = score_fp(&wk, q, k, m + (double)t, n + (double)t);
					double sz = cs_size(q, k, &wk.r, a2);
					double e = fabs(s0 - s1);

					if (!isfinite(e)) {
						work_free(&wk);
						return PE_ERANGE;
					}
					if (sz > 0.0 && e / sz > worst)
						worst = e / sz;
				}
			}
		}
	}
	work_free(&wk);
	*max_err = worst;
	return PE_OK;
}

enum pe_status pe_composition_fp(double *max_err, const struct pe_scheme *s,
                                 enum pe_fp fp, size_t n_pos, uint64_t seed)
{
	struct fp_work wk;
	enum pe_status st = work_init(&wk, s, fp, n_pos, seed);
	size_t n_dim = s->cfg.rope.n_dim;
	double worst = 0.0;

	*max_err = 0.0;
	if (st != PE_OK)
		return st;
	wk.r.scale = 1.0;   /* rotations only: R_b R_a = R_{a+b} */
	for (size_t a = 0; a < FP_N_GRID; a++) {
		for (size_t b = 0; b < FP_N_GRID; b++) {
			double pa = (double)wk.grid[a], pb = (double)wk.grid[b];

			for (size_t u = 0; u < FP_N_QK; u++) {
				const double *q = wk.qk + 2 * u * n_dim;
				double diff = 0.0, norm = 0.0, e;

				rotate_fp(wk.u, q, &wk.r, pa);
				rotate_fp(wk.v, wk.u, &wk.r, pb);
				rotate_fp(wk.w, q, &wk.r, pa + pb);
				for (size_t j = 0; j < n_dim; j++) {
					double dj = wk.v[j] - wk.w[j];

					diff += dj * dj;
					norm += q[j] * q[j];
				}
				e = sqrt(diff) / sqrt(norm);
				if (!isfinite(e)) {
					work_free(&wk);
					return PE_ERANGE;
				}
				if (e > worst)
					worst = e;
			}
		}
	}
	work_free(&wk);
	*max_err = worst;
	return PE_OK;
}

/* ---- the sinusoidal shift map in a format ---- */

enum pe_status pe_sinusoidal_shift_fp(double *max_err, size_t *at_p,
                                      const struct pe_scheme *s, enum pe_fp fp,
                                      double k, size_t n_pos)
{
	double worst = -1.0, kk;

	*max_err = 0.0;
	*at_p = 0;
	/* (sin, cos) pairs of p inv_freq[i]: sinusoidal, sinusoidal-nd */
	if (!(s->ops->traits & PE_TRAIT_SINCOS))
		return PE_ENOTSUP;
	if (n_pos == 0 || !isfinite(k) || k < 0.0 || !fp_valid(fp))
		return PE_EINVAL;
	kk = pe_round(fp, k);
	for (size_t g = 0, n_grid = n_pos < PE_SHIFT_GRID ? n_pos : PE_SHIFT_GRID;
	     g < n_grid; g++) {
		size_t p = n_grid == n_pos ? g
		           : (size_t)((double)g * (double)(n_pos - 1) / (double)(n_grid - 1));
		double pp = pe_round(fp, (double)p), pk = pe_round(fp, (double)p + k);
		double e_p = 0.0;

		for (size_t i = 0; i < s->n_freq; i++) {
			double th = pe_round(fp, s->inv_freq[i]);
			double a = pe_fp_mul(fp, pp, th), b = pe_fp_mul(fp, pk, th);
			double ak = pe_fp_mul(fp, kk, th);
			double sa = pe_fp_sin(fp, a), ca = pe_fp_cos(fp, a);
			double sk = pe_fp_sin(fp, ak), ck = pe_fp_cos(fp, ak);
			/* M_k: sin(a + k) = s ck + c sk, cos(a + k) = c ck - s sk */
			double ms = pe_fp_add(fp, pe_fp_mul(fp, sa, ck), pe_fp_mul(fp, ca, sk));
			double mc = pe_fp_add(fp, pe_fp_mul(fp, ca, ck), -pe_fp_mul(fp, sa, sk));
			double e = fmax(fabs(ms - pe_fp_sin(fp, b)), fabs(mc - pe_fp_cos(fp, b)));

			if (!isfinite(e))
				return PE_ERANGE;
			if (e > e_p)
				e_p = e;
		}
		if (e_p > worst) {
			worst = e_p;
			*at_p = p;
		}
	}
	*max_err = worst;
	return PE_OK;
}

/* ---- cos/sin tables in a format ---- */

/* max(|cos a' - cos a|, |sin a' - sin a|) */
static double trig_err(double a_ref, double a)
{
	return fmax(fabs(cos(a) - cos(a_ref)), fabs(sin(a) - sin(a_ref)));
}

/* Keep the first maximum and where it is. */
static void keep_max(double *err, size_t *at_p, size_t *at_i, double e,
                     size_t p, size_t i)
{
	if (e > *err) {
		*err = e;
		*at_p = p;
		*at_i = i;
	}
}

enum pe_status pe_precision_table(struct pe_precision_table *out,
                                  const struct pe_scheme *s, enum pe_fp fp,
                                  size_t n_pos)
{
	out->err_pos = out->err_freq = out->err_prod = 0.0;
	out->pos_p = out->pos_i = out->freq_p = out->freq_i = 0;
	out->prod_p = out->prod_i = 0;
	if (n_pos == 0 || !fp_valid(fp))
		return PE_EINVAL;
	if (!s->inv_freq || s->n_freq == 0)
		return PE_ENOTSUP;
	for (size_t p = 0; p < n_pos; p++) {
		double pd = (double)p, pp = pe_round(fp, pd);

		if (!isfinite(pp))
			return PE_ERANGE;
		for (size_t i = 0; i < s->n_freq; i++) {
			double th = s->inv_freq[i], a = pd * th;

			keep_max(&out->err_pos, &out->pos_p, &out->pos_i,
			         trig_err(a, pp * th), p, i);
			keep_max(&out->err_freq, &out->freq_p, &out->freq_i,
			         trig_err(a, pd * pe_round(fp, th)), p, i);
			keep_max(&out->err_prod, &out->prod_p, &out->prod_i,
			         trig_err(a, pe_round(fp, a)), p, i);
		}
	}
	return PE_OK;
}

enum pe_status pe_precision_first_merge(size_t *pos, const struct pe_scheme *s,
                                        enum pe_fp fp, size_t n_pos)
{
	double th, prev_p, prev_a;
	size_t f = 0;

	*pos = n_pos;
	if (!fp_valid(fp))
		return PE_EINVAL;
	if (!s->inv_freq || s->n_freq == 0)
		return PE_ENOTSUP;
	for (size_t i = 1; i < s->n_freq; i++)
		if (s->inv_freq[i] > s->inv_freq[f])
			f = i;
	th = pe_round(fp, s->inv_freq[f]);
	prev_p = 0.0;
	prev_a = 0.0;
	for (size_t p = 1; p < n_pos; p++) {
		double pp = pe_round(fp, (double)p), a = pe_fp_mul(fp, pp, th);

		if (pp == prev_p || a == prev_a) {
			*pos = p;
			return PE_OK;
		}
		prev_p = pp;
		prev_a = a;
	}
	return PE_OK;
}

/* ---- xPos scales in a format ---- */

enum pe_status pe_xpos_fp_limits(struct pe_xpos_limits *out,
                                 const struct pe_scheme *s, enum pe_fp fp)
{
	/* (p, emin, emax) as in fpround.c; max_P = (2 - 2^(1-p)) 2^emax */
	static const int fmt[4][3] = {
		[PE_FP64] = { 53, -1022, 1023 },
		[PE_FP32] = { 24, -126, 127 },
		[PE_FP16] = { 11, -14, 15 },
		[PE_BF16] = { 8, -126, 127 },
	};
	double zeta, lz, B, ln_max;
	int p, emin, emax;

	out->n_overflow = out->n_subnormal = out->n_underflow = 0.0;
	if (!fp_valid(fp))
		return PE_EINVAL;
	if (s->ops != &pe_xpos_ops || !s->zeta || s->n_freq == 0)
		return PE_ENOTSUP;
	zeta = s->zeta[0];
	for (size_t i = 1; i < s->n_freq; i++)
		if (s->zeta[i] < zeta)
			zeta = s->zeta[i];
	p = fmt[fp][0];
	emin = fmt[fp][1];
	emax = fmt[fp][2];
	B = s->cfg.rope.scale_base;
	lz = log(1.0 / zeta);
	/* ln max_P = ln(2 - 2^(1-p)) + emax ln 2, without forming max_P */
	ln_max = log(2.0 - ldexp(1.0, 1 - p)) + (double)emax * LN2;
	out->n_overflow = B * ln_max / lz;
	out->n_subnormal = B * (double)(-emin) * LN2 / lz;
	/* 2 / tiny_P = 2^(p - emin) */
	out->n_underflow = B * (double)(p - emin) * LN2 / lz;
	return PE_OK;
}

/*
 * props.c - measured properties of a positional encoding, the raw numbers
 * behind `pecli check` (the thresholds that turn them into pass/fail live
 * with the command):
 *
 *   uniqueness     every position has its own code: min ||c(i) - c(j)|| > 0,
 *                  also after rounding to a storage format (collisions);
 *   consistency    the code relation between p and p + k is the same for
 *                  every p (distance and dot product depend on k only);
 *   boundedness    code values and norms stay bounded as p grows;
 *   decay          the score falls off with distance (envelope over
 *                  doubling bins);
 *   invariance     RoPE and xPos: <R_m q, R_n k> = <R_{m+t} q, R_{n+t} k>.
 *
 * The list follows the desiderata for positional encodings usually drawn
 * from Vaswani et al. 2017 section 3.5 (relative positions as linear maps,
 * extrapolation) and Wang et al. 2021, "On Position Embeddings in BERT"
 * (monotonicity, translation invariance, symmetry); invariance is RoFormer
 * eq. 16 (Su et al. 2021) and Sun et al. 2022 section 3.2.  Closed forms:
 * for a code c(p) of pairs (sin p theta_i, cos p theta_i) (sinusoidal) or
 * a (cos p theta_i, sin p theta_i) (the rotary cache), with sin a sin b +
 * cos a cos b = cos(a - b):
 *   c(m) . c(n)        = a^2 sum_i cos((n - m) theta_i)
 *   ||c(m) - c(n)||^2  = a^2 sum_i (2 - 2 cos((n - m) theta_i))
 *                      = 4 a^2 sum_i sin^2((n - m) theta_i / 2).
 *
 * Left out: pass/fail thresholds, learned tables (any scheme with row()
 * is measured through its rows), xPos's query/key scales in the code
 * (see pe.h).
 *
 * Legend: p, m, n positions, k or t offset, r distance, i pair index,
 * F = n_freq, w code width, a attention factor, B xPos scale_base.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

/* ---- codes ---- */

enum family { FAM_OTHER, FAM_SIN, FAM_ROPE, FAM_XPOS };

/* By traits: a rotation with a decaying scale is xPos's; any other
 * rotation (rope, mrope, rope2d) turns pairs by p inv_freq[i]; a
 * (sin, cos) code of amplitude 1 is sinusoidal's. */
static enum family family_of(const struct pe_scheme *s)
{
	unsigned t = s->ops->traits;

	if (t & PE_TRAIT_SINCOS)
		return FAM_SIN;
	if (t & PE_TRAIT_ROTARY)
		return t & PE_TRAIT_SCALE ? FAM_XPOS : FAM_ROPE;
	return FAM_OTHER;
}

static int is_rotary(const struct pe_scheme *s)
{
	enum family f = family_of(s);

	return f == FAM_ROPE || f == FAM_XPOS;
}

size_t pe_props_code_dim(const struct pe_scheme *s)
{
	if (is_rotary(s))
		return 2 * s->n_freq;
	return s->ops->row ? s->n_row : 0;
}

/* c(p) into out[pe_props_code_dim(s)]; the scheme is known to have one. */
static void code_row(const struct pe_scheme *s, double *out, double p)
{
	if (is_rotary(s)) {
		double a = s->attention_factor;

		for (size_t i = 0; i < s->n_freq; i++) {
			double theta = p * s->inv_freq[i];

			out[2 * i] = a * cos(theta);
			out[2 * i + 1] = a * sin(theta);
		}
		return;
	}
	s->ops->row(s, out, p);
}

enum pe_status pe_props_code(double *out, const struct pe_scheme *s, double p)
{
	if (pe_props_code_dim(s) == 0)
		return PE_ENOTSUP;
	code_row(s, out, p);
	return PE_OK;
}

/* Two rows of w doubles, or NULL; w > 0. */
static double *alloc_rows(size_t n_rows, size_t w)
{
	if (n_rows > SIZE_MAX / sizeof(double) / w)
		return NULL;
	return malloc(n_rows * w * sizeof(double));
}

static double dot(const double *x, const double *y, size_t w)
{
	double sum = 0.0;

	for (size_t j = 0; j < w; j++)
		sum += x[j] * y[j];
	return sum;
}

static double dist2(const double *x, const double *y, size_t w)
{
	double sum = 0.0;

	for (size_t j = 0; j < w; j++) {
		double e = x[j] - y[j];

		sum += e * e;
	}
	return sum;
}

/* ---- uniqueness ---- */

/* 2 a sqrt(sum_i sin^2(r theta_i / 2)): ||c(p + r) - c(p)|| for every p. */
static double closed_dist(const struct pe_scheme *s, double r)
{
	double a = family_of(s) == FAM_SIN ? 1.0 : s->attention_factor;
	double sum = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		double h = sin(0.5 * r * s->inv_freq[i]);

		sum += h * h;
	}
	return 2.0 * fabs(a) * sqrt(sum);
}

enum pe_status pe_props_min_distance(double *min_dist, size_t *at_i, size_t *at_j,
                                     const struct pe_scheme *s, size_t n_pos,
                                     enum pe_props_path path)
{
	size_t w = pe_props_code_dim(s);
	double best = INFINITY;
	size_t bi = 0, bj = 1;
	double *rows;

	if (n_pos < 2)
		return PE_EINVAL;
	if (path != PE_PROPS_AUTO && path != PE_PROPS_CLOSED && path != PE_PROPS_ROWS)
		return PE_EINVAL;
	if (w == 0)
		return PE_ENOTSUP;
	if (path == PE_PROPS_AUTO)
		path = family_of(s) == FAM_OTHER ? PE_PROPS_ROWS : PE_PROPS_CLOSED;
	if (path == PE_PROPS_CLOSED) {
		if (family_of(s) == FAM_OTHER)
			return PE_ENOTSUP;
		for (size_t r = 1; r < n_pos; r++) {
			double d = closed_dist(s, (double)r);

			if (!isfinite(d))
				return PE_ERANGE;
			if (d < best) {
				best = d;
				bj = r;
			}
		}
		*min_dist = best;
		*at_i = 0;
		*at_j = bj;
		return PE_OK;
	}
	rows = alloc_rows(n_pos, w);
	if (!rows)
		return PE_ENOMEM;
	for (size_t p = 0; p < n_pos; p++)
		code_row(s, rows + p * w, (double)p);
	for (size_t i = 0; i < n_pos && best > 0.0; i++) {
		for (size_t j = i + 1; j < n_pos; j++) {
			double d2 = dist2(rows + i * w, rows + j * w, w);

			if (d2 < best) {
				best = d2;
				bi = i;
				bj = j;
				if (d2 == 0.0)
					break;   /* nothing is smaller; keep the first */
			}
		}
	}
	free(rows);
	if (!isfinite(best))
		return PE_ERANGE;
	*min_dist = sqrt(best);
	*at_i = bi;
	*at_j = bj;
	return PE_OK;
}

/* ---- collisions after rounding ---- */

/* c(p) rounded entry by entry, -0 made +0 so equal values hash alike. */
static void rounded_row(const struct pe_scheme *s, double *out, size_t w,
                        size_t p, enum pe_fp fp)
{
	code_row(s, out, (double)p);
	for (size_t j = 0; j < w; j++) {
		double v = pe_round(fp, out[j]);

		out[j] = v == 0.0 ? 0.0 : v;
	}
}

/* A 64-bit hash of the row's bit patterns, splitmix64 as the mixer. */
static uint64_t row_hash(const double *row, size_t w)
{
	uint64_t h = 0x243F6A8885A308D3u ^ (uint64_t)w;   /* digits of pi */

	for (size_t j = 0; j < w; j++) {
		uint64_t bits, st;

		memcpy(&bits, &row[j], sizeof bits);
		st = h ^ bits;
		h = pe_rng_splitmix64(&st);
	}
	return h;
}

static int rows_equal(const double *x, const double *y, size_t w)
{
	for (size_t j = 0; j < w; j++)
		if (!(x[j] == y[j]))
			return 0;
	return 1;
}

/* The table size of pe_props_collision: the power of two >= 2 n_pos (load
 * factor <= 1/2); 0 if it would overflow. */
static size_t collision_cap(size_t n_pos)
{
	size_t cap = 1;

	while (cap < n_pos) {
		if (cap > SIZE_MAX / 4)
			return 0;
		cap *= 2;
	}
	return 2 * cap;
}

double pe_props_collision_bytes(const struct pe_scheme *s, size_t n_pos)
{
	size_t cap = collision_cap(n_pos);

	if (cap == 0)
		return INFINITY;
	return (double)n_pos * sizeof(uint64_t) + (double)cap * sizeof(size_t)
	       + 2.0 * (double)pe_props_code_dim(s) * sizeof(double);
}

enum pe_status pe_props_collision(int *found, size_t *first_p, size_t *other_p,
                                  const struct pe_scheme *s, size_t n_pos,
                                  enum pe_fp fp)
{
	size_t w = pe_props_code_dim(s), cap = 1, mask;
	uint64_t *hash = NULL;
	size_t *slot = NULL;
	double *row = NULL;
	enum pe_status st = PE_OK;

	*found = 0;
	*first_p = *other_p = n_pos;
	if (n_pos == 0)
		return PE_EINVAL;
	if (fp != PE_FP64 && fp != PE_FP32 && fp != PE_FP16 && fp != PE_BF16)
		return PE_EINVAL;
	if (w == 0)
		return PE_ENOTSUP;
	/* load factor <= 1/2: cap the power of two >= 2 n_pos */
	while (cap < n_pos) {
		if (cap > SIZE_MAX / 4)
			return PE_ENOMEM;
		cap *= 2;
	}
	cap *= 2;
	mask = cap - 1;
	hash = n_pos <= SIZE_MAX / sizeof *hash ? malloc(n_pos * sizeof *hash) : NULL;
	slot = cap <= SIZE_MAX / sizeof *slot ? calloc(cap, sizeof *slot) : NULL;
	row = alloc_rows(2, w);
	if (!hash || !slot || !row) {
		st = PE_ENOMEM;
		goto out;
	}
	for (size_t p = 0; p < n_pos; p++) {
		size_t at;

		rounded_row(s, row, w, p, fp);
		hash[p] = row_hash(row, w);
		for (at = (size_t)hash[p] & mask; slot[at] != 0; at = (at + 1) & mask) {
			size_t j = slot[at] - 1;

			if (hash[j] != hash[p])
				continue;
			rounded_row(s, row + w, w, j, fp);   /* confirm: no false match */
			if (rows_equal(row, row + w, w)) {
				*found = 1;
				*first_p = p;
				*other_p = j;
				goto out;
			}
		}
		slot[at] = p + 1;
	}
out:
	free(hash);
	free(slot);
	free(row);
	return st;
}

/* ---- consistency ---- */

/* Running extremes of one quantity over p. */
struct extremes {
	double lo, hi, scale;
};

static void ext_reset(struct extremes *e)
{
	e->lo = INFINITY;
	e->hi = -INFINITY;
	e->scale = 0.0;
}

static void ext_add(struct extremes *e, double v, double scale)
{
	if (v < e->lo)
		e->lo = v;
	if (v > e->hi)
		e->hi = v;
	if (scale > e->scale)
		e->scale = scale;
}

/* Keep the worse of the current worst and offset k's spread. */
static void spread_update(struct pe_props_spread *worst, const struct extremes *e,
                          size_t k)
{
	double abs_spread = e->hi - e->lo;
	double rel = e->scale > 0.0 ? abs_spread / e->scale : 0.0;

	if (worst->k == 0 || rel > worst->rel) {
		worst->rel = rel;
		worst->abs = abs_spread;
		worst->k = k;
	}
}

enum pe_status pe_props_consistency(struct pe_props_consistency *out,
                                    const struct pe_scheme *s, size_t n_pos)
{
	size_t w = pe_props_code_dim(s);
	double *row;

	memset(out, 0, sizeof *out);
	if (n_pos < 2)
		return PE_EINVAL;
	if (w == 0)
		return PE_ENOTSUP;
	out->len[0] = n_pos / 4;
	out->len[1] = n_pos / 2;
	out->len[2] = n_pos;
	row = alloc_rows(2, w);
	if (!row)
		return PE_ENOMEM;
	for (size_t k = 1; k < n_pos; k *= 2) {
		struct extremes ed, ep;

		ext_reset(&ed);
		ext_reset(&ep);
		for (size_t p = 0; p + k < n_pos; p++) {
			double *c0 = row, *c1 = row + w;
			double n0, n1, d, dp;

			code_row(s, c0, (double)p);
			code_row(s, c1, (double)(p + k));
			n0 = sqrt(dot(c0, c0, w));
			n1 = sqrt(dot(c1, c1, w));
			d = sqrt(dist2(c0, c1, w));
			dp = dot(c0, c1, w);
			if (!isfinite(n0) || !isfinite(n1) || !isfinite(d) || !isfinite(dp)) {
				free(row);
				return PE_ERANGE;
			}
			ext_add(&ed, d, n0 + n1);          /* triangle inequality */
			ext_add(&ep, dp, n0 * n1);         /* Cauchy-Schwarz */
			for (int t = 0; t < 3; t++) {
				if (out->len[t] > k && p == out->len[t] - k - 1) {
					spread_update(&out->dist[t], &ed, k);
					spread_update(&out->dot[t], &ep, k);
				}
			}
		}
		if (k > SIZE_MAX / 2)
			break;
	}
	free(row);
	return PE_OK;
}

enum pe_status pe_props_bias_consistency(struct pe_props_consistency *out,
                                         const struct pe_scheme *s, size_t n_pos)
{
	size_t h = s->cfg.bias.head;

	memset(out, 0, sizeof *out);
	if (n_pos < 2)
		return PE_EINVAL;
	if (!s->ops->bias || h >= s->n_heads)
		return PE_ENOTSUP;
	out->len[0] = n_pos / 4;
	out->len[1] = n_pos / 2;
	out->len[2] = n_pos;
	for (size_t k = 1; k < n_pos; k *= 2) {
		struct extremes e;

		ext_reset(&e);
		for (size_t p = 0; p + k < n_pos; p++) {
			/* the key k positions before the query: never masked */
			double b = s->ops->bias(s, h, (double)(p + k), (double)p);

			if (!isfinite(b))
				return PE_ERANGE;
			ext_add(&e, b, fabs(b));
			for (int t = 0; t < 3; t++)
				if (out->len[t] > k && p == out->len[t] - k - 1)
					spread_update(&out->dot[t], &e, k);
		}
		if (k > SIZE_MAX / 2)
			break;
	}
	return PE_OK;
}

/* ---- boundedness ---- */

enum pe_status pe_props_bounds(struct pe_props_bounds *out,
                               const struct pe_scheme *s, size_t n_pos)
{
	size_t w = pe_props_code_dim(s);
	double *row;

	memset(out, 0, sizeof *out);
	if (n_pos == 0)
		return PE_EINVAL;
	if (w == 0)
		return PE_ENOTSUP;
	row = alloc_rows(1, w);
	if (!row)
		return PE_ENOMEM;
	out->max_abs = -1.0;
	out->norm_min = INFINITY;
	out->norm_max = -1.0;
	for (size_t p = 0; p < n_pos; p++) {
		double nrm;

		code_row(s, row, (double)p);
		for (size_t j = 0; j < w; j++) {
			double v = fabs(row[j]);

			if (!isfinite(v)) {
				free(row);
				return PE_ERANGE;
			}
			if (v > out->max_abs) {
				out->max_abs = v;
				out->max_abs_p = p;
			}
		}
		nrm = sqrt(dot(row, row, w));
		if (!isfinite(nrm)) {
			free(row);
			return PE_ERANGE;
		}
		if (nrm < out->norm_min) {
			out->norm_min = nrm;
			out->norm_min_p = p;
		}
		if (nrm > out->norm_max) {
			out->norm_max = nrm;
			out->norm_max_p = p;
		}
	}
	free(row);
	return PE_OK;
}

/* ---- decay ---- */

size_t pe_props_decay_n_bins(size_t n_pos)
{
	size_t n = 0;

	if (n_pos < 2)
		return 0;
	/* bins [2^b, 2^(b+1)) that hold some r <= n_pos - 1 */
	for (size_t lo = 1; lo <= n_pos - 1; lo *= 2) {
		n++;
		if (lo > SIZE_MAX / 2)
			break;
	}
	return n;
}

enum pe_status pe_props_decay(struct pe_props_decay *out, double *bin_max,
                              const struct pe_scheme *s, size_t n_pos,
                              double rtol)
{
	/* xPos's profile(r) is score(0, r), the key r after the query, where
	 * zeta^(-r/B) > 1 grows; attention looks back (causal: key before the
	 * query), score(0, -r), where xPos decays by design (Sun et al. 2022
	 * section 3.2).  The other built-in profiles are even in r. */
	int bias = s->ops->bias != NULL;
	double sign = family_of(s) == FAM_XPOS || bias ? -1.0 : 1.0;
	double prev = 0.0;
	size_t b = 0;
	int falls = 0;   /* some bin below the first */

	memset(out, 0, sizeof *out);
	if (n_pos < 2 || !isfinite(rtol) || rtol < 0.0)
		return PE_EINVAL;
	if (!s->ops->profile || (bias && s->bias_is_index))
		return PE_ENOTSUP;
	out->n_bins = pe_props_decay_n_bins(n_pos);
	out->decays = 1;
	for (size_t lo = 1; b < out->n_bins; lo *= 2, b++) {
		size_t hi = lo <= (n_pos - 1) / 2 ? 2 * lo : n_pos;   /* [lo, hi) */
		double mx = 0.0;

		for (size_t r = lo; r < hi; r++) {
			double f = s->ops->profile(s, sign * (double)r);

			if (bias)
				f = exp(f);   /* the factor on the key's attention weight */
			if (!isfinite(f))
				return PE_ERANGE;
			if (fabs(f) > mx)
				mx = fabs(f);
		}
		if (bin_max)
			bin_max[b] = mx;
		if (b == 0)
			out->first_max = mx;
		else if (mx > prev * (1.0 + rtol) && out->decays) {
			out->decays = 0;
			out->rise_at = lo;
		}
		/* strictly, without rtol (the rise's allowance for rounding,
		 * which may be large enough to forgive a real rise): NoPE's
		 * zero is exact */
		if (b > 0 && mx < out->first_max)
			falls = 1;
		prev = mx;
		out->last_max = mx;
	}
	out->flat = out->n_bins >= 2 && !falls && out->decays;   /* no rise either */
	if (out->flat)
		out->decays = 0;
	return PE_OK;
}

/* ---- relative invariance (RoPE, xPos) ---- */

/* q, k pairs drawn for the invariance grid; 4 is enough to excite every
 * pair with both signs of A_i and B_i in practice, and cheap. */
#define INV_N_QK 4
/* grid points per axis for m and n */
#define INV_N_GRID 8

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

/* The score and its Cauchy-Schwarz size at (m, n). */
static double inv_score(double *size, const struct pe_scheme *s, const double *q,
                        const double *k, double m, double n)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;
	size_t n_rot = 2 * s->n_freq;
	int xpos = family_of(s) == FAM_XPOS;
	double a2 = s->attention_factor * s->attention_factor, sz = 0.0, qp = 0.0, kp = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		size_t j0, j1;
		double wi = xpos ? pow(s->zeta[i], (m - n) / c->scale_base) : a2;

		pair_dims(&j0, &j1, i, n_rot, c->pairing);
		sz += wi * hypot(q[j0], q[j1]) * hypot(k[j0], k[j1]);
	}
	for (size_t j = n_rot; j < c->n_dim; j++) {
		qp += q[j] * q[j];
		kp += k[j] * k[j];
	}
	*size = sz + sqrt(qp) * sqrt(kp);
	if (xpos)
		return pe_xpos_score(q, k, s->inv_freq, s->zeta, m, n, c->scale_base,
		                     c->n_dim, n_rot, c->pairing);
	return pe_rope_score(q, k, s->inv_freq, m, n, s->attention_factor,
	                     c->n_dim, n_rot, c->pairing);
}

enum pe_status pe_props_invariance(double *max_abs, double *max_rel,
                                   const struct pe_scheme *s, size_t n_pos,
                                   uint64_t seed)
{
	size_t n_dim = s->cfg.rope.n_dim, half, grid[INV_N_GRID];
	struct pe_rng rng;
	double *qk, worst_abs = 0.0, worst_rel = 0.0;

	*max_abs = *max_rel = 0.0;
	if (!is_rotary(s))
		return PE_ENOTSUP;
	if (n_pos < 3)
		return PE_EINVAL;
	qk = alloc_rows(2 * INV_N_QK, n_dim);
	if (!qk)
		return PE_ENOMEM;
	pe_rng_init(&rng, seed);
	for (size_t u = 0; u < 2 * INV_N_QK; u++)
		pe_rng_fill_normal(qk + u * n_dim, &rng, n_dim);
	half = (n_pos - 1) / 2;
	for (size_t a = 0; a < INV_N_GRID; a++)
		grid[a] = (size_t)round((double)a * (double)half / (INV_N_GRID - 1));
	for (size_t t = 1; t <= half; t = t < half && t > half / 2 ? half : 2 * t) {
		for (size_t a = 0; a < INV_N_GRID; a++) {
			for (size_t b = 0; b < INV_N_GRID; b++) {
				double m = (double)grid[a], n = (double)grid[b];

				for (size_t u = 0; u < INV_N_QK; u++) {
					const double *q = qk + 2 * u * n_dim, *k = q + n_dim;
					double sz0, sz1, s0, s1, e;

					s0 = inv_score(&sz0, s, q, k, m, n);
					s1 = inv_score(&sz1, s, q, k, m + (double)t, n + (double)t);
					e = fabs(s0 - s1);
					if (!isfinite(e)) {
						free(qk);
						return PE_ERANGE;
					}
					if (e > worst_abs)
						worst_abs = e;
					if (sz0 > 0.0 && e / sz0 > worst_rel)
						worst_rel = e / sz0;
				}
			}
		}
		if (t == half)
			break;
	}
	free(qk);
	*max_abs = worst_abs;
	*max_rel = worst_rel;
	return PE_OK;
}

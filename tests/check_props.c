/*
 * check_props.c - the measured properties of an encoding (props.c): they
 * hold for sinusoidal, RoPE and xPos within rounding, and each one fails
 * for an encoding broken on purpose, built here through the scheme seam
 * with a tiny struct pe_scheme_ops.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"

/*
 * Angles p theta_i with p < n carry an absolute error delta <= (n + 1) eps
 * (the product's rounding, theta_i <= 1) plus about eps from sin/cos.  A
 * pair (sin, cos) moved by an angle error delta moves by delta, so a code
 * moves by at most delta ||c||; by Cauchy-Schwarz a dot product moves by
 * <= 2 delta ||c|| ||c'|| and a distance by <= delta (||c|| + ||c'||).
 * A spread (max - min) is twice that.  So relative spreads and invariance
 * errors stay below 8 (n + 2) eps.
 */
static double tol_angles(size_t n)
{
	return 8.0 * ((double)n + 2.0) * DBL_EPSILON;
}

static void init_ok(struct pe_scheme *s, enum pe_scheme_kind kind, size_t d)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, kind);
	cfg.n_dim = d;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* RoPE with everything that can go wrong switched on: half pairing, 32 of
 * 128 dims passing through, YaRN's attention factor 0.1 ln 4 + 1. */
static void init_rope_yarn(struct pe_scheme *s)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.n_rot = 96;
	cfg.rope.pairing = PE_ROPE_PAIRING_HALF;
	cfg.rope.scaling = PE_ROPE_SCALING_YARN;
	cfg.rope.factor = 4.0;
	cfg.rope.original_max = 4096;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* ---- encodings broken on purpose ---- */

/* A d = 4 sinusoidal code with theta = (1, 0.01) ... */
static const double broken_theta[2] = { 1.0, 0.01 };

/* ... whose position 6 repeats position 2. */
static void repeat_row(const struct pe_scheme *s, double *out, double p)
{
	(void)s;
	pe_sinusoidal_fill_row(out, broken_theta, p == 6.0 ? 2.0 : p, 4,
	                       PE_LAYOUT_INTERLEAVED);
}

/* c(p) = (p, 1): distinct, but growing without bound. */
static void grow_row(const struct pe_scheme *s, double *out, double p)
{
	(void)s;
	out[0] = p;
	out[1] = 1.0;
}

/* f(r) = 1/r below 8, then 1: the envelope rises again at 8. */
static double rise_profile(const struct pe_scheme *s, double r)
{
	(void)s;
	return r < 8.0 ? 1.0 / r : 1.0;
}

static double inverse_profile(const struct pe_scheme *s, double r)
{
	(void)s;
	return 1.0 / r;
}

static const struct pe_scheme_ops repeat_ops = { .name = "repeat", .row = repeat_row };
static const struct pe_scheme_ops grow_ops = { .name = "grow", .row = grow_row };
static const struct pe_scheme_ops rise_ops = { .name = "rise", .profile = rise_profile };
static const struct pe_scheme_ops inverse_ops = { .name = "inverse",
                                                  .profile = inverse_profile };
static const struct pe_scheme_ops empty_ops = { .name = "empty" };

static void init_custom(struct pe_scheme *s, const struct pe_scheme_ops *ops,
                        size_t n_row)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
	s->n_row = n_row;
	s->attention_factor = 1.0;
}

/* ---- uniqueness ---- */

START_TEST(test_min_distance_sinusoidal)
{
	/* closed form at (0, r) against the codes themselves:
	 * ||PE(0) - PE(r)|| from pe_sinusoidal_fill_row */
	struct pe_scheme s;
	double md, c0[512], c1[512], direct = 0.0;
	size_t i, j;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 512);
	ck_assert_int_eq(pe_props_min_distance(&md, &i, &j, &s, 1024, PE_PROPS_AUTO), PE_OK);
	ck_assert_uint_eq(i, 0);
	ck_assert(j >= 1 && j < 1024);
	pe_sinusoidal_fill_row(c0, s.inv_freq, 0.0, 512, PE_LAYOUT_INTERLEAVED);
	pe_sinusoidal_fill_row(c1, s.inv_freq, (double)j, 512, PE_LAYOUT_INTERLEAVED);
	for (int u = 0; u < 512; u++)
		direct += (c1[u] - c0[u]) * (c1[u] - c0[u]);
	ck_assert(md > 1.0);   /* unique: far from 0 (3.714 at r = 1) */
	ck_assert_msg(fabs(md - sqrt(direct)) <= 1e-13, "%.17g vs %.17g", md, sqrt(direct));
	/* at r = 1: 2 sqrt(sum_i sin^2(theta_i / 2)), checked by the rows path
	 * below as well; the minimum sits at the smallest distance here */
	ck_assert_uint_eq(j, 1);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_min_distance_paths_agree)
{
	/* closed form (O(n d)) and every pair of rows (O(n^2 d)) measure the
	 * same minimum; the rows path may name another pair at the same
	 * distance r (the closed form says every pair at r is equal) */
	static const enum pe_scheme_kind kinds[] = {
		PE_SCHEME_SINUSOIDAL, PE_SCHEME_ROPE, PE_SCHEME_XPOS
	};

	for (size_t u = 0; u < 4; u++) {
		struct pe_scheme s;
		double dc, dr;
		size_t ci, cj, ri, rj;

		if (u < 3)
			init_ok(&s, kinds[u], 64);
		else
			init_rope_yarn(&s);
		ck_assert_int_eq(pe_props_min_distance(&dc, &ci, &cj, &s, 300, PE_PROPS_CLOSED), PE_OK);
		ck_assert_int_eq(pe_props_min_distance(&dr, &ri, &rj, &s, 300, PE_PROPS_ROWS), PE_OK);
		ck_assert_msg(fabs(dc - dr) <= 1e-12 * dc, "kind %zu: %.17g vs %.17g", u, dc, dr);
		ck_assert_uint_eq(rj - ri, cj - ci);
		ck_assert(ri < rj);
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_min_distance_broken)
{
	/* rows 2 and 6 are equal: distance 0 there, the first such pair */
	struct pe_scheme s;
	double md;
	size_t i, j;

	init_custom(&s, &repeat_ops, 4);
	ck_assert_int_eq(pe_props_min_distance(&md, &i, &j, &s, 20, PE_PROPS_AUTO), PE_OK);
	ck_assert(md == 0.0);
	ck_assert_uint_eq(i, 2);
	ck_assert_uint_eq(j, 6);
	/* no closed form for a scheme pecli does not know */
	ck_assert_int_eq(pe_props_min_distance(&md, &i, &j, &s, 20, PE_PROPS_CLOSED),
	                 PE_ENOTSUP);
	/* before position 6 every row is distinct */
	ck_assert_int_eq(pe_props_min_distance(&md, &i, &j, &s, 6, PE_PROPS_AUTO), PE_OK);
	ck_assert(md > 0.0);
}
END_TEST

/* ---- collisions ---- */

/* Rounded rows of a sinusoidal code, for the sorting reference below. */
static double *ref_rows;
static size_t ref_w;

static int cmp_rows(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	for (size_t u = 0; u < ref_w; u++) {
		double x = ref_rows[i * ref_w + u], y = ref_rows[j * ref_w + u];

		if (x < y)
			return -1;
		if (x > y)
			return 1;
	}
	return i < j ? -1 : i > j;
}

/*
 * The first collision found another way: round every row, sort the
 * positions by row (then by position), and in each run of equal rows the
 * second position is the earliest repeat of that row; the answer is the
 * smallest of those.  Independent of the hashing in props.c.
 */
static void ref_collision(int *found, size_t *first, size_t *other,
                          const struct pe_scheme *s, size_t n, enum pe_fp fp)
{
	size_t w = s->n_row, *idx = malloc(n * sizeof *idx);

	ref_rows = malloc(n * w * sizeof *ref_rows);
	ref_w = w;
	ck_assert(idx && ref_rows);
	for (size_t p = 0; p < n; p++) {
		pe_sinusoidal_fill_row(ref_rows + p * w, s->inv_freq, (double)p, w,
		                       s->cfg.layout);
		for (size_t u = 0; u < w; u++)
			ref_rows[p * w + u] = pe_round(fp, ref_rows[p * w + u]);
		idx[p] = p;
	}
	qsort(idx, n, sizeof *idx, cmp_rows);
	*found = 0;
	*first = *other = n;
	for (size_t t = 1; t < n; t++) {
		size_t a = idx[t - 1], b = idx[t];

		if (memcmp(ref_rows + a * w, ref_rows + b * w, w * sizeof(double)) != 0)
			continue;
		/* a < b (sorted by position within a run); b is a repeat of the
		 * run's first, which is idx at the run start */
		if (b < *first) {
			size_t t0 = t - 1;

			while (t0 > 0 && memcmp(ref_rows + idx[t0 - 1] * w, ref_rows + b * w,
			                        w * sizeof(double)) == 0)
				t0--;
			*found = 1;
			*first = b;
			*other = idx[t0];
		}
	}
	free(idx);
	free(ref_rows);
	ref_rows = NULL;
}

START_TEST(test_no_collision_float32)
{
	/* d = 512, n = 1024: every float32 code is distinct (the codes are
	 * 3.7 apart at least, float32's error is 6e-8 per entry) */
	struct pe_scheme s;
	int found;
	size_t p, q;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 512);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 1024, PE_FP32), PE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(p, 1024);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 1024, PE_BF16), PE_OK);
	ck_assert_int_eq(found, 0);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_collision_bf16_d2)
{
	/*
	 * d = 2: PE(p) = (sin p, cos p).  355/113 is a famous approximation of
	 * pi, so 710 = 113 (2 pi) + 6.03e-5: positions p and p + 710 sit 6e-5
	 * rad apart on the circle.  bfloat16 keeps 8 bits, a spacing of 2^-8
	 * or 2^-9 near sin 1 = 0.84 and cos 1 = 0.54, far coarser than the
	 * 6e-5 (times cos 1 or sin 1) the pair moves, so PE(711) and PE(1)
	 * round alike.  PE(710) and PE(0) do not: sin 0 = 0 exactly while
	 * sin 710 = 6.03e-5 is a normal bfloat16 number.
	 */
	struct pe_scheme s;
	int found, rf;
	size_t p, q, rp, rq;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 2);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 1000, PE_BF16), PE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_uint_eq(p, 711);
	ck_assert_uint_eq(q, 1);
	ck_assert(pe_round_bf16(sin(711.0)) == pe_round_bf16(sin(1.0)));
	ck_assert(pe_round_bf16(cos(711.0)) == pe_round_bf16(cos(1.0)));
	ck_assert(fabs(710.0 - 226.0 * PE_PI) < 1e-4);
	ref_collision(&rf, &rp, &rq, &s, 1000, PE_BF16);
	ck_assert_int_eq(rf, 1);
	ck_assert_uint_eq(rp, p);
	ck_assert_uint_eq(rq, q);
	/* float16 keeps 11 bits: the same near-return, one step later */
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 1000, PE_FP16), PE_OK);
	ref_collision(&rf, &rp, &rq, &s, 1000, PE_FP16);
	ck_assert_int_eq(found, rf);
	ck_assert_uint_eq(p, rp);
	ck_assert_uint_eq(q, rq);
	ck_assert_uint_eq(p - q, 710);
	/* float32 and float64 keep them apart */
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 1000, PE_FP32), PE_OK);
	ck_assert_int_eq(found, 0);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_collision_bf16_d4)
{
	/*
	 * d = 4, theta = (1, 0.01): a collision needs both angles to return,
	 * p and p + t with t near a multiple of 2 pi and t/100 too:
	 * t = 84823 = 13500 (2 pi) - 0.00165, and 84823/100 = 135 (2 pi)
	 * - 0.0000165.  So PE(7 + 84823) = PE(84830) rounds like PE(7).
	 * Checked against the sorting reference over all 90000 positions.
	 */
	struct pe_scheme s;
	int found, rf;
	size_t p, q, rp, rq;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 4);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 90000, PE_BF16), PE_OK);
	ref_collision(&rf, &rp, &rq, &s, 90000, PE_BF16);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(rf, 1);
	ck_assert_uint_eq(p, rp);
	ck_assert_uint_eq(q, rq);
	ck_assert_uint_eq(p - q, 84823);
	ck_assert(fabs(84823.0 - 13500.0 * 2.0 * PE_PI) < 0.002);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_collision_broken)
{
	/* row 6 repeats row 2: found even without rounding, at the second */
	struct pe_scheme s;
	int found;
	size_t p, q;

	init_custom(&s, &repeat_ops, 4);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 50, PE_FP64), PE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_uint_eq(p, 6);
	ck_assert_uint_eq(q, 2);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 6, PE_FP64), PE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(p, 6);
	/* c(p) = (p, 1) in float16: integers above 2048 are 2 apart, so
	 * 2049 rounds (tie, to even) to 2048 */
	init_custom(&s, &grow_ops, 2);
	ck_assert_int_eq(pe_props_collision(&found, &p, &q, &s, 5000, PE_FP16), PE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_uint_eq(p, 2049);
	ck_assert_uint_eq(q, 2048);
}
END_TEST

/* ---- consistency ---- */

START_TEST(test_consistency_holds)
{
	static const enum pe_scheme_kind kinds[] = {
		PE_SCHEME_SINUSOIDAL, PE_SCHEME_ROPE, PE_SCHEME_XPOS
	};

	for (size_t u = 0; u < 4; u++) {
		struct pe_scheme s;
		struct pe_props_consistency c;

		if (u < 3)
			init_ok(&s, kinds[u], u == 0 ? 512 : 128);
		else
			init_rope_yarn(&s);
		ck_assert_int_eq(pe_props_consistency(&c, &s, 1024), PE_OK);
		ck_assert_uint_eq(c.len[0], 256);
		ck_assert_uint_eq(c.len[1], 512);
		ck_assert_uint_eq(c.len[2], 1024);
		for (int t = 0; t < 3; t++) {
			ck_assert_msg(c.dist[t].rel <= tol_angles(c.len[t]),
			              "kind %zu len %zu: dist spread %g at k %zu", u,
			              c.len[t], c.dist[t].rel, c.dist[t].k);
			ck_assert_msg(c.dot[t].rel <= tol_angles(c.len[t]),
			              "kind %zu len %zu: dot spread %g at k %zu", u,
			              c.len[t], c.dot[t].rel, c.dot[t].k);
			ck_assert(c.dist[t].k >= 1 && c.dist[t].k < c.len[t]);
		}
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_consistency_broken)
{
	/*
	 * c(p) = (p, 1): ||c(p+k) - c(p)|| = k for every p (consistent, spread
	 * exactly 0), but c(p).c(p+k) = p(p+k) + 1 runs from 1 (p = 0) to
	 * (L-k-1)(L-1) + 1 (p = L-k-1), spread (L-k-1)(L-1), over the scale
	 * max ||c(p)|| ||c(p+k)|| = sqrt((L-k-1)^2 + 1) sqrt((L-1)^2 + 1):
	 * largest at k = 1.
	 */
	struct pe_scheme s;
	struct pe_props_consistency c;

	init_custom(&s, &grow_ops, 2);
	ck_assert_int_eq(pe_props_consistency(&c, &s, 64), PE_OK);
	for (int t = 0; t < 3; t++) {
		double big_l = (double)c.len[t];
		double want = (big_l - 2.0) * (big_l - 1.0)
		              / (sqrt((big_l - 2.0) * (big_l - 2.0) + 1.0)
		                 * sqrt((big_l - 1.0) * (big_l - 1.0) + 1.0));

		ck_assert(c.dist[t].rel == 0.0);
		ck_assert(c.dist[t].abs == 0.0);
		ck_assert_uint_eq(c.dot[t].k, 1);
		ck_assert(c.dot[t].abs == (big_l - 2.0) * (big_l - 1.0));
		ck_assert_msg(fabs(c.dot[t].rel - want) <= 1e-15, "%.17g vs %.17g",
		              c.dot[t].rel, want);
	}
	/* the repeated row breaks the distances too */
	init_custom(&s, &repeat_ops, 4);
	ck_assert_int_eq(pe_props_consistency(&c, &s, 64), PE_OK);
	ck_assert(c.dist[2].rel > 0.01);
	ck_assert(c.dot[2].rel > 0.01);
}
END_TEST

/* ---- boundedness ---- */

START_TEST(test_bounds)
{
	struct pe_scheme s;
	struct pe_props_bounds b;
	double a;

	/* sinusoidal: entries in [-1, 1], cos 0 = 1 at p = 0; every norm is
	 * sqrt(d/2) = 16 (sin^2 + cos^2 = 1 per pair) */
	init_ok(&s, PE_SCHEME_SINUSOIDAL, 512);
	ck_assert_int_eq(pe_props_bounds(&b, &s, 1024), PE_OK);
	ck_assert(b.max_abs == 1.0);
	ck_assert_uint_eq(b.max_abs_p, 0);
	ck_assert(fabs(b.norm_min - 16.0) <= 1e-13 && fabs(b.norm_max - 16.0) <= 1e-13);
	pe_scheme_free(&s);
	/* RoPE: entries a cos, a sin, so |entry| <= a, = a at p = 0; norms
	 * a sqrt(F) = a sqrt(48) */
	init_rope_yarn(&s);
	a = s.attention_factor;
	ck_assert_int_eq(pe_props_bounds(&b, &s, 1024), PE_OK);
	ck_assert(b.max_abs == a);
	ck_assert(fabs(b.norm_max - a * sqrt(48.0)) <= 1e-13);
	ck_assert(fabs(b.norm_min - a * sqrt(48.0)) <= 1e-13);
	pe_scheme_free(&s);
	/* broken: c(p) = (p, 1) grows: max |entry| = n - 1 at n - 1, norms
	 * from 1 (p = 0) to sqrt((n-1)^2 + 1) */
	init_custom(&s, &grow_ops, 2);
	ck_assert_int_eq(pe_props_bounds(&b, &s, 1000), PE_OK);
	ck_assert(b.max_abs == 999.0);
	ck_assert_uint_eq(b.max_abs_p, 999);
	ck_assert(b.norm_min == 1.0);
	ck_assert_uint_eq(b.norm_min_p, 0);
	ck_assert(b.norm_max == sqrt(999.0 * 999.0 + 1.0));
	ck_assert_uint_eq(b.norm_max_p, 999);
}
END_TEST

/* ---- decay ---- */

START_TEST(test_decay_bins)
{
	struct pe_scheme s;
	struct pe_props_decay d;
	double bm[8];

	ck_assert_uint_eq(pe_props_decay_n_bins(1), 0);
	ck_assert_uint_eq(pe_props_decay_n_bins(2), 1);      /* [1, 2) */
	ck_assert_uint_eq(pe_props_decay_n_bins(3), 2);      /* [1, 2) [2, 3) */
	ck_assert_uint_eq(pe_props_decay_n_bins(20), 5);     /* ... [16, 20) */
	ck_assert_uint_eq(pe_props_decay_n_bins(1025), 11);  /* ... [1024, 1025) */
	/* 1/r: bin maxima at the bin starts, 1, 1/2, 1/4, 1/8, 1/16 */
	init_custom(&s, &inverse_ops, 0);
	ck_assert_int_eq(pe_props_decay(&d, bm, &s, 20, 0.0), PE_OK);
	ck_assert_uint_eq(d.n_bins, 5);
	ck_assert_int_eq(d.decays, 1);
	ck_assert_uint_eq(d.rise_at, 0);
	for (int b = 0; b < 5; b++)
		ck_assert(bm[b] == 1.0 / (double)(1 << b));
	ck_assert(d.first_max == 1.0 && d.last_max == 1.0 / 16.0);
	/* 1/r below 8, then 1: maxima 1, 1/2, 1/4, then 1 at [8, 16) */
	init_custom(&s, &rise_ops, 0);
	ck_assert_int_eq(pe_props_decay(&d, bm, &s, 20, 0.01), PE_OK);
	ck_assert_int_eq(d.decays, 0);
	ck_assert_uint_eq(d.rise_at, 8);
	ck_assert(bm[3] == 1.0 && bm[4] == 1.0);
	/* a tolerance large enough forgives the rise (1 <= 0.25 (1 + 3)) */
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 20, 3.0), PE_OK);
	ck_assert_int_eq(d.decays, 1);
}
END_TEST

/* max |sum_i cos(r theta_i)| over r in [lo, hi), written out */
static double sin_bin_max(const struct pe_scheme *s, size_t lo, size_t hi)
{
	double mx = 0.0;

	for (size_t r = lo; r < hi; r++) {
		double f = 0.0;

		for (size_t i = 0; i < s->n_freq; i++)
			f += cos((double)r * s->inv_freq[i]);
		if (fabs(f) > mx)
			mx = fabs(f);
	}
	return mx;
}

START_TEST(test_decay_sinusoidal)
{
	/* profile(r) = sum_i cos(r theta_i) (Vaswani et al. 2017, PE(p).PE(p+r));
	 * d = 512: the envelope falls bin by bin up to r = 8192, where the
	 * slow frequencies' sum turns up again: decays for n = 1024, rises at
	 * 8192 for n = 16384 (the bin maxima written out below: 28.99 over
	 * [4096, 8192), 36.53 over [8192, 16384)) */
	struct pe_scheme s;
	struct pe_props_decay d;
	double bm[16];

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 512);
	ck_assert_int_eq(pe_props_decay(&d, bm, &s, 1024, 1e-9), PE_OK);
	ck_assert_uint_eq(d.n_bins, 10);
	ck_assert_int_eq(d.decays, 1);
	ck_assert(fabs(d.first_max - sin_bin_max(&s, 1, 2)) <= 1e-12);
	ck_assert(fabs(bm[5] - sin_bin_max(&s, 32, 64)) <= 1e-12);
	ck_assert_int_eq(pe_props_decay(&d, bm, &s, 16384, 1e-9), PE_OK);
	ck_assert_int_eq(d.decays, 0);
	ck_assert_uint_eq(d.rise_at, 8192);
	ck_assert(fabs(bm[12] - sin_bin_max(&s, 4096, 8192)) <= 1e-12);
	ck_assert(fabs(bm[13] - sin_bin_max(&s, 8192, 16384)) <= 1e-12);
	ck_assert(bm[13] > bm[12]);
	pe_scheme_free(&s);
}
END_TEST

/* NoPE's score is 0 at every distance (Kazemnejad et al. 2023: no
 * positional encoding at all): nothing rises, nothing falls: flat, and a
 * flat score does not decay (issue 22: check reported it as passed).  One
 * bin (n = 2) cannot fall: not flat. */
START_TEST(test_decay_flat)
{
	struct pe_scheme s;
	struct pe_props_decay d;

	init_ok(&s, PE_SCHEME_NOPE, 8);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 64, 1e-9), PE_OK);
	ck_assert_uint_eq(d.n_bins, 6);
	ck_assert_int_eq(d.flat, 1);
	ck_assert_int_eq(d.decays, 0);
	ck_assert_uint_eq(d.rise_at, 0);
	ck_assert(d.first_max == 0.0 && d.last_max == 0.0);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 2, 1e-9), PE_OK);
	ck_assert_int_eq(d.flat, 0);
	pe_scheme_free(&s);
	/* 1/r falls: not flat */
	init_custom(&s, &inverse_ops, 0);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 20, 0.0), PE_OK);
	ck_assert_int_eq(d.flat, 0);
	ck_assert_int_eq(d.decays, 1);
	/* 1/r then 1 from r = 8 rises at 8 (test_decay_bins): a rise, not flat */
	init_custom(&s, &rise_ops, 0);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 20, 0.01), PE_OK);
	ck_assert_int_eq(d.flat, 0);
	ck_assert_uint_eq(d.rise_at, 8);
}
END_TEST

START_TEST(test_decay_rotary)
{
	/* RoPE d = 128 (q = k = ones): 2 sum_i cos(r theta_i), the same shape
	 * as sinusoidal d = 128, decays over 4096 positions.  xPos looks back
	 * (causal), where the scale zeta^(r/B) <= 1 adds to the decay. */
	struct pe_scheme s;
	struct pe_props_decay d;

	init_ok(&s, PE_SCHEME_ROPE, 128);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 4096, 1e-9), PE_OK);
	ck_assert_int_eq(d.decays, 1);
	ck_assert(fabs(d.first_max - fabs(pe_rope_profile(NULL, NULL, s.inv_freq, 1.0, 1.0,
	                                                  128, 128, PE_ROPE_PAIRING_INTERLEAVED))) <= 1e-12);
	pe_scheme_free(&s);
	init_ok(&s, PE_SCHEME_XPOS, 128);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 4096, 1e-9), PE_OK);
	ck_assert_int_eq(d.decays, 1);
	pe_scheme_free(&s);
}
END_TEST

/* ---- relative invariance ---- */

START_TEST(test_invariance_holds)
{
	static const enum pe_scheme_kind kinds[] = { PE_SCHEME_ROPE, PE_SCHEME_XPOS };

	for (size_t u = 0; u < 3; u++) {
		struct pe_scheme s;
		double ma, mr;

		if (u < 2)
			init_ok(&s, kinds[u], 128);
		else
			init_rope_yarn(&s);
		ck_assert_int_eq(pe_props_invariance(&ma, &mr, &s, 1024, 7), PE_OK);
		ck_assert_msg(mr <= tol_angles(1024), "kind %zu: %g (abs %g)", u, mr, ma);
		ck_assert(ma >= 0.0 && isfinite(ma));
		pe_scheme_free(&s);
	}
}
END_TEST

/* ---- errors ---- */

START_TEST(test_props_errors)
{
	struct pe_scheme s;
	struct pe_props_consistency c;
	struct pe_props_bounds b;
	struct pe_props_decay d;
	double x, y;
	size_t i, j;
	int found;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 8);
	/* invariance needs q and k */
	ck_assert_int_eq(pe_props_invariance(&x, &y, &s, 100, 1), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_min_distance(&x, &i, &j, &s, 1, PE_PROPS_AUTO), PE_EINVAL);
	ck_assert_int_eq(pe_props_min_distance(&x, &i, &j, &s, 10, (enum pe_props_path)7),
	                 PE_EINVAL);
	ck_assert_int_eq(pe_props_collision(&found, &i, &j, &s, 0, PE_FP32), PE_EINVAL);
	ck_assert_int_eq(pe_props_collision(&found, &i, &j, &s, 10, (enum pe_fp)9), PE_EINVAL);
	ck_assert_int_eq(pe_props_consistency(&c, &s, 1), PE_EINVAL);
	ck_assert_int_eq(pe_props_bounds(&b, &s, 0), PE_EINVAL);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 1, 0.0), PE_EINVAL);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 10, -1.0), PE_EINVAL);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 10, NAN), PE_EINVAL);
	pe_scheme_free(&s);
	init_ok(&s, PE_SCHEME_ROPE, 8);
	ck_assert_int_eq(pe_props_invariance(&x, &y, &s, 2, 1), PE_EINVAL);
	pe_scheme_free(&s);
	/* a scheme with neither row() nor profile() */
	init_custom(&s, &empty_ops, 4);
	ck_assert_uint_eq(pe_props_code_dim(&s), 0);
	ck_assert_int_eq(pe_props_code(&x, &s, 0.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_min_distance(&x, &i, &j, &s, 10, PE_PROPS_AUTO), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_collision(&found, &i, &j, &s, 10, PE_FP32), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_consistency(&c, &s, 10), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_bounds(&b, &s, 10), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_decay(&d, NULL, &s, 10, 0.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_invariance(&x, &y, &s, 10, 1), PE_ENOTSUP);
}
END_TEST

START_TEST(test_code_rows)
{
	/* sinusoidal: the row itself; RoPE: (a cos p theta_i, a sin p theta_i)
	 * pairs, 2F wide, whatever the table the scheme shows */
	struct pe_scheme s;
	double c[96], row[8];

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 8);
	ck_assert_uint_eq(pe_props_code_dim(&s), 8);
	ck_assert_int_eq(pe_props_code(c, &s, 5.0), PE_OK);
	pe_sinusoidal_fill_row(row, s.inv_freq, 5.0, 8, PE_LAYOUT_INTERLEAVED);
	ck_assert_close_array(c, row, 8, 0.0, 0.0);
	pe_scheme_free(&s);
	init_rope_yarn(&s);
	ck_assert_uint_eq(pe_props_code_dim(&s), 96);
	ck_assert_int_eq(pe_props_code(c, &s, 5.0), PE_OK);
	ck_assert(c[0] == s.attention_factor * cos(5.0 * s.inv_freq[0]));
	ck_assert(c[95] == s.attention_factor * sin(5.0 * s.inv_freq[47]));
	pe_scheme_free(&s);
}
END_TEST

/* ---- bias schemes ---- */

START_TEST(test_bias_props)
{
	/* ALiBi (Press et al. 2022): the bias of the key k back is -m k wherever
	 * the query is (spread exactly 0), and exp(-m r) falls, so decay holds.
	 * T5 with bucket weights that grow with the bucket: exp(w) rises, so
	 * decay fails where the buckets first climb (r = 1, bucket 1 > bucket 0
	 * in its bin [1, 2) against nothing before: bin 2 [2, 4) > bin 1).
	 * T5's bare bucket index is a label: decay is not defined. */
	static double w[32];
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct pe_props_consistency c;
	struct pe_props_decay dec;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ALIBI);
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	for (size_t h = 0; h < s.n_heads; h++) {
		struct pe_scheme one = s;
		one.cfg.bias.head = h;
		ck_assert_int_eq(pe_props_bias_consistency(&c, &one, 1000), PE_OK);
		for (int t = 0; t < 3; t++)
			ck_assert(c.dot[t].rel == 0.0 && c.dot[t].k > 0 && c.dist[t].k == 0);
		ck_assert_int_eq(pe_props_decay(&dec, NULL, &one, 1000, 0.0), PE_OK);
		ck_assert(dec.decays);
		/* bin [1, 2) holds r = 1 only: exp(-m_h) */
		ck_assert(dec.first_max == exp(-s.slopes[h]));
	}
	ck_assert_int_eq(pe_props_consistency(&c, &s, 100), PE_ENOTSUP);   /* no code */
	ck_assert_int_eq(pe_props_bounds(&(struct pe_props_bounds){ 0 }, &s, 100), PE_ENOTSUP);
	pe_scheme_free(&s);

	pe_scheme_cfg_default(&cfg, PE_SCHEME_T5);
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(pe_props_decay(&dec, NULL, &s, 100, 0.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_props_bias_consistency(&c, &s, 1000), PE_OK);
	ck_assert(c.dot[2].rel == 0.0);
	pe_scheme_free(&s);

	for (int b = 0; b < 32; b++)
		w[b] = 0.01 * b;
	cfg.bias.weights = w;
	cfg.bias.n_heads = 1;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(pe_props_decay(&dec, NULL, &s, 100, 0.0), PE_OK);
	ck_assert(!dec.decays);
	ck_assert_int_eq(dec.rise_at, 2);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_collision_bytes)
{
	/* What pe_props_collision allocates, worked by hand: n = 1000 hashes
	 * of 8 bytes, 2048 slots of 8 (the power of two >= 1000 is 1024, times
	 * 2 for a load factor <= 1/2), two code rows of d = 8 doubles. */
	struct pe_scheme s;

	init_ok(&s, PE_SCHEME_SINUSOIDAL, 8);
	ck_assert(pe_props_collision_bytes(&s, 1000) == 8000.0 + 16384.0 + 128.0);
	ck_assert(pe_props_collision_bytes(&s, 1024) == 8192.0 + 16384.0 + 128.0);
	ck_assert(pe_props_collision_bytes(&s, 1025) == 8200.0 + 32768.0 + 128.0);
	ck_assert(isinf(pe_props_collision_bytes(&s, SIZE_MAX)));
	pe_scheme_free(&s);
}
END_TEST

Suite *suite_props(void)
{
	Suite *s = suite_create("props");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_min_distance_sinusoidal);
	tcase_add_test(tc, test_min_distance_broken);
	tcase_add_test(tc, test_no_collision_float32);
	tcase_add_test(tc, test_collision_bf16_d2);
	tcase_add_test(tc, test_collision_bf16_d4);
	tcase_add_test(tc, test_collision_broken);
	tcase_add_test(tc, test_consistency_broken);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_decay_bins);
	tcase_add_test(tc, test_decay_flat);
	tcase_add_test(tc, test_decay_sinusoidal);
	tcase_add_test(tc, test_decay_rotary);
	tcase_add_test(tc, test_code_rows);
	tcase_add_test(tc, test_bias_props);
	tcase_add_test(tc, test_collision_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_min_distance_paths_agree);
	tcase_add_test(tc, test_consistency_holds);
	tcase_add_test(tc, test_invariance_holds);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_props_errors);
	suite_add_tcase(s, tc);
	return s;
}

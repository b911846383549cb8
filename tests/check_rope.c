/*
 * check_rope.c - the RoPE rotation, scores, layout permutation and xPos.
 *
 * values: hand-worked rotations in both pairings, cos/sin row layouts, the
 * HF convert_llama_weights_to_hf.py permutation worked by hand, attention
 * factor and partial rotation in the score, torchscale's xPos zeta.
 * identities: rotation keeps the norm; <R_m q, R_n k> depends only on m - n;
 * R_b R_a = R_{a+b}; both pairings agree after the layout permutation;
 * dims >= R are untouched; xPos scores depend only on m - n.
 * errors: xPos parameters.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* Rounding of O(d) products of O(1) terms in double, plus the angle
 * rounding p * theta (<= p ulp(theta) ~ 1e-13 for p <= 1000): relative to
 * the sum of |terms|, 1e-12 leaves a factor ~10 of margin. */
#define TOL_IDENTITY 1e-12
/* A rotation is 2 products and a sum per output: a few ulp. */
#define TOL_ROT (8 * DBL_EPSILON)

enum { D = 128 };

/* Deterministic test vectors in [-1, 1) (a 64-bit LCG, Knuth MMIX). */
static void fill_vec(double *v, size_t n, unsigned long long seed)
{
	unsigned long long x = seed * 2862933555777941757ULL + 3037000493ULL;

	for (size_t j = 0; j < n; j++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		v[j] = (double)(x >> 11) * 0x1p-52 - 1.0;
	}
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0.0;

	for (size_t j = 0; j < n; j++)
		s += a[j] * b[j];
	return s;
}

/* sum |a_j b_j|: the scale a dot product's rounding is relative to */
static double dot_abs(const double *a, const double *b, size_t n)
{
	double s = 0.0;

	for (size_t j = 0; j < n; j++)
		s += fabs(a[j] * b[j]);
	return s;
}

static void std_inv_freq(double *inv, size_t n_rot)
{
	struct pe_rope_cfg cfg;

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = n_rot;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_OK);
}

/* ---- values ---- */

/* sin 1, cos 1, sin 0.01, cos 0.01 from their series to 19 digits (the
 * same digits as check_sinusoidal.c) */
static const double S1 = 0.8414709848078965067, C1 = 0.5403023058681397174;
static const double S01 = 0.009999833334166664683, C01 = 0.9999500004166652778;

START_TEST(test_rotate_d4_by_hand)
{
	/* d = R = 4, base 10000: theta = [1, 1/100].  x = [1, 0, 0, 1], p = 1.
	 * interleaved pairs (x0,x1) = (1,0) -> (cos 1, sin 1),
	 *                   (x2,x3) = (0,1) -> (-sin .01, cos .01);
	 * half pairs (x0,x2) = (1,0) -> x0 = cos 1, x2 = sin 1,
	 *            (x1,x3) = (0,1) -> x1 = -sin .01, x3 = cos .01. */
	static const double x[4] = { 1, 0, 0, 1 };
	const double ref_il[4] = { C1, S1, -S01, C01 };
	const double ref_half[4] = { C1, -S01, S1, C01 };
	double inv[2], out[4];

	std_inv_freq(inv, 4);
	ck_assert(inv[0] == 1.0 && inv[1] == 0.01);
	pe_rope_apply(out, x, inv, 1.0, 4, 4, PE_ROPE_PAIRING_INTERLEAVED);
	ck_assert_close_array(out, ref_il, 4, 0.0, 1e-15);
	pe_rope_apply(out, x, inv, 1.0, 4, 4, PE_ROPE_PAIRING_HALF);
	ck_assert_close_array(out, ref_half, 4, 0.0, 1e-15);
}
END_TEST

START_TEST(test_angles_and_cos_sin_rows)
{
	/* angles p theta_i; rows [c0 c0 c1 c1] (interleaved, torchscale
	 * duplicate_interleave) and [c0 c1 c0 c1] (half, HF cat(freqs, freqs)),
	 * times the scale */
	double inv[2], ang[2], c[4], s[4];

	std_inv_freq(inv, 4);
	pe_rope_fill_angles(ang, inv, 3.0, 2);
	ck_assert(ang[0] == 3.0 && ang[1] == 3.0 * 0.01);
	pe_rope_fill_cos_sin(c, s, inv, 1.0, 1.0, 4, PE_ROPE_PAIRING_INTERLEAVED);
	{
		const double rc[4] = { C1, C1, C01, C01 }, rs[4] = { S1, S1, S01, S01 };
		ck_assert_close_array(c, rc, 4, 0.0, 1e-15);
		ck_assert_close_array(s, rs, 4, 0.0, 1e-15);
	}
	pe_rope_fill_cos_sin(c, s, inv, 1.0, 2.0, 4, PE_ROPE_PAIRING_HALF);
	{
		const double rc[4] = { 2 * C1, 2 * C01, 2 * C1, 2 * C01 };
		const double rs[4] = { 2 * S1, 2 * S01, 2 * S1, 2 * S01 };
		ck_assert_close_array(c, rc, 4, 0.0, 1e-15);
		ck_assert_close_array(s, rs, 4, 0.0, 1e-15);
	}
}
END_TEST

START_TEST(test_layout_perm_by_hand)
{
	/* HF convert_llama_weights_to_hf.py permute: view(d/2, 2).transpose ->
	 * new row c d/2 + i = old row 2i + c.  d = R = 8:
	 * to_half [0 2 4 6 1 3 5 7], back [0 4 1 5 2 6 3 7].
	 * d = 6, R = 4: [0 2 1 3 4 5], dims >= R fixed. */
	static const size_t half8[8] = { 0, 2, 4, 6, 1, 3, 5, 7 };
	static const size_t back8[8] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	static const size_t half64[6] = { 0, 2, 1, 3, 4, 5 };
	size_t perm[8];

	pe_rope_layout_perm(perm, 8, 8, 1);
	for (int j = 0; j < 8; j++)
		ck_assert_uint_eq(perm[j], half8[j]);
	pe_rope_layout_perm(perm, 8, 8, 0);
	for (int j = 0; j < 8; j++)
		ck_assert_uint_eq(perm[j], back8[j]);
	pe_rope_layout_perm(perm, 6, 4, 1);
	for (int j = 0; j < 6; j++)
		ck_assert_uint_eq(perm[j], half64[j]);
}
END_TEST

START_TEST(test_score_attention_factor_and_pass)
{
	/* d = 6, R = 4, q = k = ones, a = 2, m = n: the rotated part is
	 * a^2 |q_rot|^2 = 4 * 4, the 2 pass-through dims add 2 unscaled: 18.
	 * profile(r) with ones = 2 a^2 sum cos(r theta_i) + (d - R). */
	double inv[2];

	std_inv_freq(inv, 4);
	ck_assert(fabs(pe_rope_score(NULL, NULL, inv, 5.0, 5.0, 2.0, 6, 4,
	                             PE_ROPE_PAIRING_HALF) - 18.0) <= TOL_ROT * 18);
	ck_assert(pe_rope_profile(NULL, NULL, inv, 0.0, 2.0, 6, 4,
	                          PE_ROPE_PAIRING_INTERLEAVED) == 18.0);
	ck_assert(fabs(pe_rope_profile(NULL, NULL, inv, 1.0, 1.0, 4, 4,
	                               PE_ROPE_PAIRING_INTERLEAVED)
	               - 2.0 * (C1 + C01)) <= 1e-15 * 4);
}
END_TEST

START_TEST(test_xpos_zeta_by_hand)
{
	/* torchscale XPOS scale = (arange(0, D, 2) + 0.4 D) / (1.4 D), D = 8:
	 * (0 + 3.2)/11.2, (2 + 3.2)/11.2, (4 + 3.2)/11.2, (6 + 3.2)/11.2
	 * = 2/7, 13/28, 9/14, 23/28. */
	const double ref[4] = { 2.0 / 7, 13.0 / 28, 9.0 / 14, 23.0 / 28 };
	struct pe_rope_cfg cfg;
	double zeta[4];

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 8;
	ck_assert(cfg.gamma == 0.4 && cfg.scale_base == 512.0);
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_OK);
	ck_assert_close_array(zeta, ref, 4, 0.0, TOL_ROT);
}
END_TEST

START_TEST(test_xpos_score_by_hand)
{
	/* d = R = 2, theta_0 = 1, zeta_0 = 2/7, q = k = e0, m = 512, n = 0:
	 * (2/7)^(512/512) cos(512 - 0); cos 512 = -0.99683339084820199
	 * (Python math.cos), so the score is -0.2848095402423434. */
	static const double q[2] = { 1, 0 };
	struct pe_rope_cfg cfg;
	double inv[1], zeta[1], s;

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 2;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_OK);
	std_inv_freq(inv, 2);
	s = pe_xpos_score(q, q, inv, zeta, 512.0, 0.0, 512.0, 2, 2,
	                  PE_ROPE_PAIRING_INTERLEAVED);
	ck_assert_msg(fabs(s - -0.2848095402423434) <= 1e-13, "%.17g", s);
	/* m = n: no decay, plain RoPE */
	s = pe_xpos_score(q, q, inv, zeta, 77.0, 77.0, 512.0, 2, 2,
	                  PE_ROPE_PAIRING_INTERLEAVED);
	ck_assert(fabs(s - 1.0) <= TOL_ROT);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_rotation_keeps_norm)
{
	static const double ps[] = { 0, 1, 7, 1000, 65536, 1e6 };
	double inv[D / 2], x[D], y[D];

	std_inv_freq(inv, D);
	fill_vec(x, D, 1);
	for (int pr = 0; pr < 2; pr++)
		for (size_t u = 0; u < sizeof ps / sizeof ps[0]; u++) {
			double n0 = dot(x, x, D), n1;

			pe_rope_apply(y, x, inv, ps[u], D, D, (enum pe_rope_pairing)pr);
			n1 = dot(y, y, D);
			ck_assert_msg(fabs(n1 - n0) <= TOL_IDENTITY * n0,
			              "pairing %d p=%g: %.17g vs %.17g", pr, ps[u], n1, n0);
		}
}
END_TEST

START_TEST(test_score_depends_only_on_distance)
{
	/* <R_m q, R_n k> (angles formed at m and n) equals the relative form
	 * q^T R_{n-m} k, and equals the dot product of the two rotated vectors */
	static const double ms[] = { 0, 3, 100, 999 };
	static const double rs[] = { 0, 1, 5, -17, 250 };
	double inv[D / 2], q[D], k[D], qm[D], kn[D];

	std_inv_freq(inv, D);
	fill_vec(q, D, 2);
	fill_vec(k, D, 3);
	for (int pr = 0; pr < 2; pr++)
		for (size_t v = 0; v < sizeof rs / sizeof rs[0]; v++) {
			enum pe_rope_pairing pairing = (enum pe_rope_pairing)pr;
			double ref = pe_rope_profile(q, k, inv, rs[v], 1.0, D, D, pairing);

			for (size_t u = 0; u < sizeof ms / sizeof ms[0]; u++) {
				double m = ms[u], n = ms[u] + rs[v];
				double sc = pe_rope_score(q, k, inv, m, n, 1.0, D, D, pairing);
				double scale = TOL_IDENTITY * dot_abs(q, k, D);

				if (n < 0)
					continue;
				ck_assert_msg(fabs(sc - ref) <= scale, "m=%g n=%g: %.17g vs %.17g",
				              m, n, sc, ref);
				pe_rope_apply(qm, q, inv, m, D, D, pairing);
				pe_rope_apply(kn, k, inv, n, D, D, pairing);
				ck_assert(fabs(dot(qm, kn, D) - sc) <= scale);
			}
		}
}
END_TEST

START_TEST(test_rotations_compose)
{
	/* R_b R_a x = R_{a+b} x (angles a theta + b theta vs (a+b) theta: the
	 * integer positions make a + b exact) */
	static const double as[] = { 1, 10, 333 }, bs[] = { 2, 77, 500 };
	double inv[D / 2], x[D], y[D], ref[D];

	std_inv_freq(inv, D);
	fill_vec(x, D, 4);
	for (size_t u = 0; u < 3; u++) {
		pe_rope_apply(y, x, inv, as[u], D, D, PE_ROPE_PAIRING_HALF);
		pe_rope_apply(y, y, inv, bs[u], D, D, PE_ROPE_PAIRING_HALF);  /* in place */
		pe_rope_apply(ref, x, inv, as[u] + bs[u], D, D, PE_ROPE_PAIRING_HALF);
		ck_assert_close_array(y, ref, D, TOL_IDENTITY, 0.0);
	}
}
END_TEST

START_TEST(test_pairings_agree_after_permutation)
{
	/* An interleaved checkpoint's q, k permuted by the HF `permute` give the
	 * same rotated vectors (permuted) and the same scores under the half
	 * pairing: pair i sees the same two numbers and the same theta_i, so
	 * the arithmetic is identical, bit for bit.  Also with R < d. */
	enum { DD = 96, RR = 64 };
	double inv[RR / 2], q[DD], k[DD], qp[DD], kp[DD], a[DD], b[DD];
	size_t to_half[DD], back[DD];

	std_inv_freq(inv, RR);
	fill_vec(q, DD, 5);
	fill_vec(k, DD, 6);
	pe_rope_layout_perm(to_half, DD, RR, 1);
	pe_rope_layout_perm(back, DD, RR, 0);
	for (int j = 0; j < DD; j++) {
		qp[j] = q[to_half[j]];
		kp[j] = k[to_half[j]];
		ck_assert_uint_eq(back[to_half[j]], (size_t)j);   /* inverse */
	}
	for (double m = 0; m < 3000; m += 731) {
		double n = 2 * m + 5;
		double s_il = pe_rope_score(q, k, inv, m, n, 1.3, DD, RR,
		                            PE_ROPE_PAIRING_INTERLEAVED);
		double s_half = pe_rope_score(qp, kp, inv, m, n, 1.3, DD, RR,
		                              PE_ROPE_PAIRING_HALF);

		ck_assert_msg(s_il == s_half, "%.17g vs %.17g", s_il, s_half);
		pe_rope_apply(a, q, inv, m, DD, RR, PE_ROPE_PAIRING_INTERLEAVED);
		pe_rope_apply(b, qp, inv, m, DD, RR, PE_ROPE_PAIRING_HALF);
		for (int j = 0; j < DD; j++)
			ck_assert(b[j] == a[to_half[j]]);
	}
}
END_TEST

START_TEST(test_partial_rotation_passes_through)
{
	/* dims >= R are copied bit for bit (also in place); dims < R rotate */
	enum { DD = 80, RR = 32 };
	double inv[RR / 2], x[DD], y[DD];

	std_inv_freq(inv, RR);
	fill_vec(x, DD, 7);
	for (int pr = 0; pr < 2; pr++) {
		pe_rope_apply_scaled(y, x, inv, 123.0, 1.5, DD, RR, (enum pe_rope_pairing)pr);
		for (int j = RR; j < DD; j++)
			ck_assert(y[j] == x[j]);
		ck_assert(y[0] != x[0]);
		for (int j = 0; j < DD; j++)
			y[j] = x[j];
		pe_rope_apply(y, y, inv, 123.0, DD, RR, (enum pe_rope_pairing)pr);
		for (int j = RR; j < DD; j++)
			ck_assert(y[j] == x[j]);
	}
}
END_TEST

START_TEST(test_xpos_depends_only_on_distance)
{
	/* zeta^(m/B) zeta^(-n/B) = zeta^((m-n)/B): the score at (m, n) equals the
	 * score at (m + t, n + t), and equals the dot product of
	 * pe_xpos_apply(q, e = +m) and pe_xpos_apply(k, e = -n) */
	enum { DD = 64 };
	struct pe_rope_cfg cfg;
	double inv[DD / 2], zeta[DD / 2], q[DD], k[DD], qa[DD], ka[DD];

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = DD;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_OK);
	std_inv_freq(inv, DD);
	fill_vec(q, DD, 8);
	fill_vec(k, DD, 9);
	for (double m = 0; m < 600; m += 113) {
		double n = m / 2;
		double s0 = pe_xpos_score(q, k, inv, zeta, m, n, 512.0, DD, DD,
		                          PE_ROPE_PAIRING_INTERLEAVED);
		double s1 = pe_xpos_score(q, k, inv, zeta, m + 300, n + 300, 512.0, DD, DD,
		                          PE_ROPE_PAIRING_INTERLEAVED);
		double scale = TOL_IDENTITY * dot_abs(q, k, DD);

		ck_assert_msg(fabs(s0 - s1) <= scale, "m=%g: %.17g vs %.17g", m, s0, s1);
		pe_xpos_apply(qa, q, inv, zeta, m, m, 512.0, DD, DD, PE_ROPE_PAIRING_INTERLEAVED);
		pe_xpos_apply(ka, k, inv, zeta, n, -n, 512.0, DD, DD, PE_ROPE_PAIRING_INTERLEAVED);
		ck_assert(fabs(dot(qa, ka, DD) - s0) <= scale);
	}
}
END_TEST

/* ---- errors ---- */

START_TEST(test_xpos_bad_parameters)
{
	struct pe_rope_cfg cfg;
	double zeta[64];

	pe_rope_cfg_default(&cfg);
	cfg.gamma = 0.0;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.gamma = NAN;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.gamma = 0.4;
	cfg.scale_base = 0.0;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.scale_base = INFINITY;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.scale_base = 512.0;
	cfg.n_dim = 7;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.n_dim = 8;
	cfg.n_rot = 10;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_EINVAL);
	cfg.n_rot = 0;
	ck_assert_int_eq(pe_xpos_zeta(zeta, &cfg), PE_OK);
}
END_TEST

Suite *suite_rope(void)
{
	Suite *s = suite_create("rope");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_rotate_d4_by_hand);
	tcase_add_test(tc, test_angles_and_cos_sin_rows);
	tcase_add_test(tc, test_layout_perm_by_hand);
	tcase_add_test(tc, test_score_attention_factor_and_pass);
	tcase_add_test(tc, test_xpos_zeta_by_hand);
	tcase_add_test(tc, test_xpos_score_by_hand);
	suite_add_tcase(s, tc);

	tc = tcase_create("identities");
	tcase_add_test(tc, test_rotation_keeps_norm);
	tcase_add_test(tc, test_score_depends_only_on_distance);
	tcase_add_test(tc, test_rotations_compose);
	tcase_add_test(tc, test_pairings_agree_after_permutation);
	tcase_add_test(tc, test_partial_rotation_passes_through);
	tcase_add_test(tc, test_xpos_depends_only_on_distance);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_xpos_bad_parameters);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_precision.c - encodings computed in float32, float16 and bfloat16
 * (precision.c).
 *
 * Expected values are worked by hand from the formats (IEEE 754-2008 table
 * 3.2: binary16 p = 11, emin = -14, emax = 15, max 65504; binary32 p = 24;
 * bfloat16 p = 8 with binary32's exponents, Kalamkar et al. 2019) and from
 * xPos's defaults (Sun et al. 2022, torchscale: gamma = 0.4, B = 512, so
 * zeta_0 = 0.4 / 1.4 = 2/7); each case's arithmetic is in its comment.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* Float64 invariance and composition: angles p theta_i with p < n carry an
 * error <= (n + 1) eps, which moves a score by at most twice that times its
 * Cauchy-Schwarz size, and the dot product adds d eps: 8 (n + 2) eps
 * covers both with room (the bound check_props.c uses). */
static double tol_f64(size_t n)
{
	return 8.0 * ((double)n + 2.0) * DBL_EPSILON;
}

static void init_kind(struct pe_scheme *s, enum pe_scheme_kind kind)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, kind);
	if (kind == PE_SCHEME_SINUSOIDAL)
		cfg.n_dim = 64;   /* the map is per pair: 32 pairs are plenty */
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* ---- values ---- */

START_TEST(test_fp_ops_by_hand)
{
	/* float16 integers are exact to 2^11 = 2048; 2049 is the tie between
	 * 2048 (significand 1024, even) and 2050: 2048 */
	ck_assert_double_eq(pe_fp_mul(PE_FP16, 2049.0, 1.0), 2048.0);
	/* bfloat16: 256 + 1 = 257, the tie between 256 and 258: 256 */
	ck_assert_double_eq(pe_fp_add(PE_BF16, 256.0, 1.0), 256.0);
	ck_assert_double_eq(pe_fp_add(PE_BF16, 256.0, 3.0), 260.0);  /* 259: tie, 260 even */
	/* float32: (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46; 2^-46 is below half an
	 * ulp (2^-24): 1 + 2^-22 */
	ck_assert_double_eq(pe_fp_mul(PE_FP32, 1.0 + 0x1p-23, 1.0 + 0x1p-23),
	                    1.0 + 0x1p-22);
	/* float64 is plain arithmetic */
	ck_assert_double_eq(pe_fp_mul(PE_FP64, 1.0 + 0x1p-23, 1.0 + 0x1p-23),
	                    (1.0 + 0x1p-23) * (1.0 + 0x1p-23));
	/* bfloat16 cos 1 = 0.5403023: ulp in [1/2, 1) is 2^-8, 0.5403023 * 256
	 * = 138.32 -> 138 / 256 = 0.5390625 */
	ck_assert_double_eq(pe_fp_cos(PE_BF16, 1.0), 138.0 / 256.0);
	/* float16 sin 1 = 0.8414710: ulp 2^-11, * 2048 = 1723.33 -> 1723 / 2048 */
	ck_assert_double_eq(pe_fp_sin(PE_FP16, 1.0), 1723.0 / 2048.0);
	/* float16 overflow: 256 * 256 = 65536 > 65504 + 16: inf */
	ck_assert(isinf(pe_fp_mul(PE_FP16, 256.0, 256.0)));
}
END_TEST

START_TEST(test_first_merge)
{
	struct pe_scheme s;
	struct pe_scheme_cfg cfg;
	size_t p;

	/* default RoPE: theta_0 = 1, so the angle merges with the position:
	 * integers are exact up to 2^p and 2^p + 1 is a tie rounding to the
	 * even 2^p */
	init_kind(&s, PE_SCHEME_ROPE);
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_FP16, 100000), PE_OK);
	ck_assert_uint_eq(p, 2049);       /* 2^11 + 1 */
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_BF16, 100000), PE_OK);
	ck_assert_uint_eq(p, 257);        /* 2^8 + 1 */
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_FP32, 16777300), PE_OK);
	ck_assert_uint_eq(p, 16777217);   /* 2^24 + 1 */
	/* none below n_pos: n_pos */
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_FP64, 5000), PE_OK);
	ck_assert_uint_eq(p, 5000);
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_FP16, 2049), PE_OK);
	ck_assert_uint_eq(p, 2049);
	pe_scheme_free(&s);

	/* position interpolation by 3: theta_0 = 1/3, rnd_bf16(1/3) =
	 * 85.33/256 -> 85/256 = 0.33203125.  The angle p 85/256 in bfloat16
	 * has spacing 2^(E-7); once the spacing (0.5 from 64 on) exceeds the
	 * step 0.332, neighbours can share a value.  Here: angles merge before
	 * positions do (257) */
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.scaling = PE_ROPE_SCALING_LINEAR;
	cfg.rope.factor = 3.0;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(pe_precision_first_merge(&p, &s, PE_BF16, 100000), PE_OK);
	ck_assert(p > 64 * 3 && p < 257);   /* angle >= 64 needs p >= 193 */
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_table_precision)
{
	struct pe_scheme s;
	struct pe_precision_table t;

	init_kind(&s, PE_SCHEME_ROPE);
	/* float64: nothing is rounded */
	ck_assert_int_eq(pe_precision_table(&t, &s, PE_FP64, 4096), PE_OK);
	ck_assert_double_eq(t.err_pos + t.err_freq + t.err_prod, 0.0);
	/* float32 holds positions < 2^24 exactly: no position error */
	ck_assert_int_eq(pe_precision_table(&t, &s, PE_FP32, 4096), PE_OK);
	ck_assert_double_eq(t.err_pos, 0.0);
	ck_assert(t.err_freq > 0.0 && t.err_prod > 0.0);
	/* bfloat16 positions are exact up to 256: no error below 257 ... */
	ck_assert_int_eq(pe_precision_table(&t, &s, PE_BF16, 257), PE_OK);
	ck_assert_double_eq(t.err_pos, 0.0);
	/* ... and 257 -> 256 moves pair 0 by 1 rad: |cos 257 - cos 256| etc.,
	 * at least |sin 257 - sin 256| = 2 |cos 256.5 sin 0.5| */
	ck_assert_int_eq(pe_precision_table(&t, &s, PE_BF16, 258), PE_OK);
	ck_assert_uint_eq(t.pos_p, 257);
	ck_assert_uint_eq(t.pos_i, 0);
	ck_assert_double_eq_tol(t.err_pos, fmax(fabs(cos(257.0) - cos(256.0)),
	                                        fabs(sin(257.0) - sin(256.0))), 1e-15);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_xpos_limits)
{
	struct pe_scheme s;
	struct pe_xpos_limits x;
	const double zeta0 = 2.0 / 7.0, B = 512.0;

	init_kind(&s, PE_SCHEME_XPOS);
	ck_assert_int_eq(pe_xpos_fp_limits(&x, &s, PE_FP16), PE_OK);
	/* 512 ln 65504 / ln 3.5 = 512 * 11.089866 / 1.252763 = 4532.39 */
	ck_assert_double_eq_tol(x.n_overflow, 4532.39, 0.01);
	/* 512 * 14 ln 2 / ln 3.5 = 512 * 9.704061 / 1.252763 = 3966.02 */
	ck_assert_double_eq_tol(x.n_subnormal, 3966.02, 0.01);
	/* 512 * 25 ln 2 / ln 3.5 = 512 * 17.328680 / 1.252763 = 7082.17 */
	ck_assert_double_eq_tol(x.n_underflow, 7082.17, 0.01);
	/* cross-check through the rounding itself: finite just before, inf
	 * after 65520 = max + ulp/2 (0.1 position later) */
	ck_assert(isfinite(pe_round_f16(pow(zeta0, -(x.n_overflow - 0.01) / B))));
	ck_assert(isinf(pe_round_f16(pow(zeta0, -(x.n_overflow + 0.2) / B))));
	ck_assert(pe_round_f16(pow(zeta0, (x.n_underflow - 0.01) / B)) > 0.0);
	ck_assert_double_eq(pe_round_f16(pow(zeta0, (x.n_underflow + 0.01) / B)), 0.0);
	/* bfloat16: ln max = ln(2 - 2^-7) + 127 ln 2 = 88.7209, * 512 / ln 3.5
	 * = 36259.1, almost float32's 36260.7 (ln FLT_MAX = 88.7228) */
	ck_assert_int_eq(pe_xpos_fp_limits(&x, &s, PE_BF16), PE_OK);
	ck_assert_double_eq_tol(x.n_overflow, 36259.1, 0.1);
	ck_assert(isinf(pe_round_bf16(pow(zeta0, -(x.n_overflow + 1.0) / B))));
	ck_assert_int_eq(pe_xpos_fp_limits(&x, &s, PE_FP32), PE_OK);
	ck_assert_double_eq_tol(x.n_overflow, 36260.7, 0.1);
	pe_scheme_free(&s);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_invariance_f64)
{
	struct pe_scheme s;
	double e;

	init_kind(&s, PE_SCHEME_ROPE);
	ck_assert_int_eq(pe_invariance_fp(&e, &s, PE_FP64, 1024, 1), PE_OK);
	ck_assert_msg(e <= tol_f64(1024) && e <= 1e-12, "float64 invariance %g", e);
	ck_assert_int_eq(pe_invariance_fp(&e, &s, PE_FP64, 131072, 1), PE_OK);
	ck_assert_msg(e <= tol_f64(131072), "float64 invariance %g", e);
	ck_assert_int_eq(pe_composition_fp(&e, &s, PE_FP64, 131072, 1), PE_OK);
	ck_assert_msg(e <= tol_f64(131072), "float64 composition %g", e);
	pe_scheme_free(&s);
}
END_TEST

/*
 * The error grows with the length.  bfloat16 holds integers exactly only
 * to 256, so by 1024 positions are off by up to 2 and pair 0's angle by 2
 * rad: the error is already O(1) there, and 1024 -> 131072 adds the slower
 * pairs (more of them get angle errors of order 1): a factor > 2.  From 16
 * (every position exact, only the rounding of theta and of the products)
 * to 1024 it grows far more, > 10x.  float32 keeps positions exact: its
 * angle error is n eps_32 theta, so 128 times more positions give about
 * 128 times the error; asserted > 16x.
 */
START_TEST(test_invariance_grows)
{
	struct pe_scheme s;
	double e16, e1k, e128k;

	init_kind(&s, PE_SCHEME_ROPE);
	ck_assert_int_eq(pe_invariance_fp(&e16, &s, PE_BF16, 16, 1), PE_OK);
	ck_assert_int_eq(pe_invariance_fp(&e1k, &s, PE_BF16, 1024, 1), PE_OK);
	ck_assert_int_eq(pe_invariance_fp(&e128k, &s, PE_BF16, 131072, 1), PE_OK);
	ck_assert_msg(e1k > 10.0 * e16, "bf16 %g at 16, %g at 1024", e16, e1k);
	ck_assert_msg(e128k > 2.0 * e1k, "bf16 %g at 1024, %g at 131072", e1k, e128k);
	ck_assert_int_eq(pe_invariance_fp(&e1k, &s, PE_FP32, 1024, 1), PE_OK);
	ck_assert_int_eq(pe_invariance_fp(&e128k, &s, PE_FP32, 131072, 1), PE_OK);
	ck_assert_msg(e128k > 16.0 * e1k, "f32 %g at 1024, %g at 131072", e1k, e128k);
	/* every low-precision error is far above float64's */
	ck_assert(e1k > 1e3 * tol_f64(1024));
	/* composition in bfloat16 also degrades: O(1) by 1024 */
	ck_assert_int_eq(pe_composition_fp(&e1k, &s, PE_BF16, 1024, 1), PE_OK);
	ck_assert(e1k > 0.1);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_sinusoidal_shift)
{
	struct pe_scheme s;
	double e, e32;
	size_t at;

	init_kind(&s, PE_SCHEME_SINUSOIDAL);
	/* float64: sin and cos of angles p theta < n: errors about n eps */
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &at, &s, PE_FP64, 1.0, 1024), PE_OK);
	ck_assert_msg(e <= tol_f64(1024), "float64 shift map %g", e);
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e32, &at, &s, PE_FP32, 1.0, 1024), PE_OK);
	ck_assert(e32 > e && e32 < 1e-3);   /* n eps_32 = 1024 * 1.2e-7 = 1.2e-4 */
	/* bfloat16 beyond 256: p + 1 rounds onto p's neighbour, the map breaks */
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &at, &s, PE_BF16, 1.0, 1024), PE_OK);
	ck_assert(e > 0.5 && at >= 256);
	/* k = 0 is the identity: M_0 = I in every format (cos 0 = 1, sin 0 = 0
	 * are exact) */
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &at, &s, PE_BF16, 0.0, 1024), PE_OK);
	ck_assert_double_eq(e, 0.0);
	pe_scheme_free(&s);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_precision_errors)
{
	struct pe_scheme rope, sinu, xpos;
	struct pe_precision_table t;
	struct pe_xpos_limits x;
	double e;
	size_t p;

	init_kind(&rope, PE_SCHEME_ROPE);
	init_kind(&sinu, PE_SCHEME_SINUSOIDAL);
	init_kind(&xpos, PE_SCHEME_XPOS);
	/* float16 positions above 65519 round to inf */
	ck_assert_int_eq(pe_invariance_fp(&e, &rope, PE_FP16, 131072, 1), PE_ERANGE);
	ck_assert_int_eq(pe_precision_table(&t, &rope, PE_FP16, 70000), PE_ERANGE);
	ck_assert_int_eq(pe_invariance_fp(&e, &rope, PE_FP32, 2, 1), PE_EINVAL);
	ck_assert_int_eq(pe_invariance_fp(&e, &rope, (enum pe_fp)99, 100, 1), PE_EINVAL);
	ck_assert_int_eq(pe_invariance_fp(&e, &sinu, PE_FP32, 100, 1), PE_ENOTSUP);
	ck_assert_int_eq(pe_composition_fp(&e, &xpos, PE_FP32, 100, 1), PE_ENOTSUP);
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &p, &rope, PE_FP32, 1.0, 10), PE_ENOTSUP);
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &p, &sinu, PE_FP32, -1.0, 10), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_shift_fp(&e, &p, &sinu, PE_FP32, 1.0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_precision_table(&t, &rope, PE_FP32, 0), PE_EINVAL);
	ck_assert_int_eq(pe_precision_first_merge(&p, &rope, (enum pe_fp)-1, 10), PE_EINVAL);
	ck_assert_int_eq(pe_xpos_fp_limits(&x, &rope, PE_FP16), PE_ENOTSUP);
	ck_assert_int_eq(pe_xpos_fp_limits(&x, &xpos, (enum pe_fp)7), PE_EINVAL);
	pe_scheme_free(&rope);
	pe_scheme_free(&sinu);
	pe_scheme_free(&xpos);
}
END_TEST

Suite *suite_precision(void)
{
	Suite *s = suite_create("precision");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_fp_ops_by_hand);
	tcase_add_test(tc, test_first_merge);
	tcase_add_test(tc, test_table_precision);
	tcase_add_test(tc, test_xpos_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_invariance_f64);
	tcase_add_test(tc, test_invariance_grows);
	tcase_add_test(tc, test_sinusoidal_shift);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_precision_errors);
	suite_add_tcase(s, tc);
	return s;
}

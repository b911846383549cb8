/*
 * check_diff.c - two encodings side by side (diff.c): the verdicts, the
 * permutation between pairings, the pairs a scaling changes.
 *
 * Sources: transformers src/transformers/modeling_rope_utils.py,
 * _compute_llama3_parameters (Llama 3.1 8B: factor 8, low_freq_factor 1,
 * high_freq_factor 4, original_max_position_embeddings 8192, rope_theta
 * 500000, head_dim 128): wavelen = 2 pi / inv_freq; wavelen <
 * 8192 / 4 kept, wavelen > 8192 / 1 divided by 8, in between
 * (1 - smooth) inv_freq / 8 + smooth inv_freq with smooth =
 * (8192 / wavelen - 1) / (4 - 1).  The pair indices follow by hand:
 * 2 pi 500000^(i/64) < 2048 iff i < 64 ln(2048 / 2 pi) / ln(500000) = 28.2,
 * > 8192 iff i > 64 ln(8192 / 2 pi) / ln(500000) = 34.98: pairs 0 .. 28
 * kept, 29 .. 34 smoothed, 35 .. 63 divided by 8.  transformers
 * convert_llama_weights_to_hf.py `permute` for the pairing permutation.
 */
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

#define RTOL 1e-9

static void init_llama(struct pe_scheme *s, enum pe_rope_scaling sc,
                       enum pe_rope_pairing pairing)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.base = 500000.0;
	cfg.rope.pairing = pairing;
	cfg.rope.scaling = sc;
	cfg.rope.factor = 8.0;
	cfg.rope.original_max = 8192.0;
	cfg.rope.max_pos = 131072.0;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

static void init_kind(struct pe_scheme *s, enum pe_scheme_kind kind, size_t d, double base)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, kind);
	cfg.n_dim = d;
	cfg.base = base;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* ---- values ---- */

START_TEST(test_llama3_pairs)
{
	struct pe_scheme a, b;
	struct pe_diff r;
	double wavelen29 = 2.0 * PE_PI * pow(500000.0, 29.0 / 64.0);
	double smooth29 = (8192.0 / wavelen29 - 1.0) / 3.0;

	init_llama(&a, PE_ROPE_SCALING_LLAMA3, PE_ROPE_PAIRING_HALF);
	init_llama(&b, PE_ROPE_SCALING_NONE, PE_ROPE_PAIRING_HALF);
	ck_assert_int_eq(pe_diff_schemes(&r, &b, &a, RTOL), PE_OK);   /* llama3 as B */
	ck_assert_int_eq(r.verdict, PE_DIFF_CHANGED);
	ck_assert_uint_eq(r.n_pairs, 64);
	ck_assert_uint_eq(r.n_changed, 35);          /* pairs 29 .. 63 */
	ck_assert_uint_eq(r.first_changed, 29);
	ck_assert_uint_eq(r.last_changed, 63);
	ck_assert_double_eq_tol(r.max_ratio, 8.0, 8.0 * 1e-15);
	/* pair 29, the first of the band: 1 / ((1 - smooth) / 8 + smooth) */
	ck_assert_double_eq_tol(r.min_ratio, 1.0 / ((1.0 - smooth29) / 8.0 + smooth29), 1e-12);
	ck_assert_int_eq(r.attention_changed, 0);    /* llama3 keeps 1 */
	ck_assert_int_eq(r.moved, 0);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

START_TEST(test_pairing_permutation)
{
	struct pe_scheme a, b;
	struct pe_diff r;
	size_t perm[128], ref[128];

	init_llama(&a, PE_ROPE_SCALING_LLAMA3, PE_ROPE_PAIRING_INTERLEAVED);
	init_llama(&b, PE_ROPE_SCALING_LLAMA3, PE_ROPE_PAIRING_HALF);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_PERMUTATION);
	ck_assert_uint_eq(r.n_changed, 0);
	ck_assert_int_eq(r.moved, 1);
	/* interleaved -> half is HF's permute: B dim c 64 + i is A dim 2i + c */
	ck_assert_uint_eq(pe_diff_width(&b), 128);
	pe_diff_perm(perm, &a, &b);
	pe_rope_layout_perm(ref, 128, 128, 1);
	for (size_t j = 0; j < 128; j++)
		ck_assert_uint_eq(perm[j], ref[j]);
	ck_assert_uint_eq(perm[1], 2);
	ck_assert_uint_eq(perm[64], 1);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

START_TEST(test_sinusoidal_layout)
{
	struct pe_scheme a, b;
	struct pe_scheme_cfg cfg;
	struct pe_diff r;
	size_t perm[8];
	/* interleaved [s0 c0 s1 c1 s2 c2 s3 c3] -> concat [s0 s1 s2 s3 c0 c1 c2 c3] */
	static const size_t want[8] = { 0, 2, 4, 6, 1, 3, 5, 7 };

	init_kind(&a, PE_SCHEME_SINUSOIDAL, 8, 10000.0);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 8;
	cfg.layout = PE_LAYOUT_CONCAT;
	ck_assert_int_eq(pe_scheme_init(&b, &cfg), PE_OK);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_PERMUTATION);
	pe_diff_perm(perm, &a, &b);
	for (size_t j = 0; j < 8; j++)
		ck_assert_uint_eq(perm[j], want[j]);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_identical_and_inverse)
{
	struct pe_scheme a, b;
	struct pe_diff r;
	size_t ab[128], ba[128];

	init_llama(&a, PE_ROPE_SCALING_YARN, PE_ROPE_PAIRING_INTERLEAVED);
	init_llama(&b, PE_ROPE_SCALING_YARN, PE_ROPE_PAIRING_INTERLEAVED);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, 0.0), PE_OK);   /* exactly equal */
	ck_assert_int_eq(r.verdict, PE_DIFF_IDENTICAL);
	ck_assert(isnan(r.min_ratio));
	pe_scheme_free(&b);
	/* the permutation back is the inverse: perm_ba[perm_ab[j]] = j */
	init_llama(&b, PE_ROPE_SCALING_YARN, PE_ROPE_PAIRING_HALF);
	pe_diff_perm(ab, &a, &b);
	pe_diff_perm(ba, &b, &a);
	for (size_t j = 0; j < 128; j++)
		ck_assert_uint_eq(ba[ab[j]], j);
	/* comparing B with A changes the sides, not the verdict */
	ck_assert_int_eq(pe_diff_schemes(&r, &b, &a, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_PERMUTATION);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

START_TEST(test_tolerance)
{
	struct pe_scheme a, b;
	struct pe_diff r;

	/* bases 10000 and 10000 (1 + 1e-10): pair 63 differs by
	 * 63/64 ln(1 + 1e-10) ~ 9.8e-11 relative: inside 1e-9, outside 1e-12 */
	init_kind(&a, PE_SCHEME_ROPE, 128, 10000.0);
	init_kind(&b, PE_SCHEME_ROPE, 128, 10000.0 * (1.0 + 1e-10));
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, 1e-9), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_IDENTICAL);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, 1e-12), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_CHANGED);
	ck_assert_uint_eq(r.first_changed, 1);   /* pair 0 is 1 in both */
	ck_assert_int_eq(pe_diff_changed(1.0, 1.0 + 1e-10, 1e-9), 0);
	ck_assert_int_eq(pe_diff_changed(1.0, NAN, 1e-9), 1);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

START_TEST(test_attention_factor)
{
	struct pe_scheme a, b;
	struct pe_scheme_cfg cfg;
	struct pe_diff r;

	/* the same YaRN frequencies, attention factor default (0.1 ln 8 + 1)
	 * against 1: a change with no pair changed */
	init_llama(&a, PE_ROPE_SCALING_YARN, PE_ROPE_PAIRING_HALF);
	cfg = a.cfg;
	cfg.rope.attention_factor = 1.0;
	ck_assert_int_eq(pe_scheme_init(&b, &cfg), PE_OK);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_CHANGED);
	ck_assert_uint_eq(r.n_changed, 0);
	ck_assert_int_eq(r.attention_changed, 1);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
}
END_TEST

/* ---- errors and different schemes ---- */

START_TEST(test_different_schemes)
{
	struct pe_scheme a, b;
	struct pe_diff r;

	init_kind(&a, PE_SCHEME_ROPE, 128, 10000.0);
	init_kind(&b, PE_SCHEME_SINUSOIDAL, 128, 10000.0);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_SCHEMES);
	ck_assert_str_eq(r.why, "different schemes");
	pe_scheme_free(&b);
	init_kind(&b, PE_SCHEME_ROPE, 64, 10000.0);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &b, RTOL), PE_OK);
	ck_assert_int_eq(r.verdict, PE_DIFF_SCHEMES);
	ck_assert_str_eq(r.why, "different numbers of pairs");
	ck_assert_uint_eq(r.n_pairs, 32);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &a, -1.0), PE_EINVAL);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &a, NAN), PE_EINVAL);
	pe_scheme_free(&a);
	pe_scheme_free(&b);
	/* ALiBi has slopes, no frequencies: not compared */
	init_kind(&a, PE_SCHEME_ALIBI, 0, 10000.0);
	ck_assert_int_eq(pe_diff_schemes(&r, &a, &a, RTOL), PE_ENOTSUP);
	pe_scheme_free(&a);
}
END_TEST

Suite *suite_diff(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_llama3_pairs);
	tcase_add_test(tc, test_pairing_permutation);
	tcase_add_test(tc, test_sinusoidal_layout);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_identical_and_inverse);
	tcase_add_test(tc, test_tolerance);
	tcase_add_test(tc, test_attention_factor);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_different_schemes);
	suite_add_tcase(s, tc);
	return s;
}

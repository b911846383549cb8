/*
 * check_alibi.c - ALiBi slopes and biases (Press et al. 2022,
 * arXiv:2108.12409; get_slopes in github ofirpress/attention_with_linear_biases,
 * fairseq/models/transformer.py).
 *
 * values: slopes worked by hand from get_slopes' rule for 8, 16, 12 and 40
 * heads, biases; identities: the slopes of n heads are a geometric series
 * for n a power of two, the bias is linear in the distance; errors: bad
 * head counts give PE_EINVAL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"
#include "table/table.h"

/* exp2 of a dyadic exponent: libm's exp2 is exact for integer exponents
 * and within an ulp otherwise; 2 ulp of slack. */
#define TOL_EXP2 (2 * 0x1p-52)

/* ---- values ---- */

START_TEST(test_slopes_8_heads)
{
	/* 8 heads: start = 2^(-2^-(log2 8 - 3)) = 2^(-2^0) = 2^-1, ratio =
	 * start, m_h = 2^-1 * 2^-h = 2^-(h+1): 2^-1 .. 2^-8, exact in binary. */
	static const double ref[8] = {
		0x1p-1, 0x1p-2, 0x1p-3, 0x1p-4, 0x1p-5, 0x1p-6, 0x1p-7, 0x1p-8
	};
	double m[8];

	ck_assert_int_eq(pe_alibi_slopes(m, 8), PE_OK);
	for (int h = 0; h < 8; h++)
		ck_assert_msg(m[h] == ref[h], "h=%d: %a", h, m[h]);
}
END_TEST

START_TEST(test_slopes_16_heads)
{
	/* 16 heads: start = 2^(-2^-(4-3)) = 2^-0.5, m_h = 2^(-0.5 (h+1)):
	 * 2^-0.5, 2^-1, 2^-1.5, .. 2^-8.  Even h + 1 gives an exact power of
	 * two; odd h + 1 gives 2^-k sqrt(1/2), compared with sqrt (correctly
	 * rounded) to TOL_EXP2. */
	double m[16];

	ck_assert_int_eq(pe_alibi_slopes(m, 16), PE_OK);
	for (int h = 0; h < 16; h++) {
		int e = h + 1;   /* m_h = 2^(-e/2) */
		if (e % 2 == 0) {
			ck_assert_msg(m[h] == ldexp(1.0, -e / 2), "h=%d: %a", h, m[h]);
		} else {
			double ref = ldexp(sqrt(0.5), -(e - 1) / 2);
			ck_assert_msg(fabs(m[h] - ref) <= TOL_EXP2 * ref,
			              "h=%d: %a vs %a", h, m[h], ref);
		}
	}
	ck_assert(m[1] == 0.5);   /* the reference's running product gives 0.5000000000000001 */
	ck_assert(m[15] == 0x1p-8);
}
END_TEST

START_TEST(test_slopes_12_heads)
{
	/* 12 heads, not a power of two: closest_power_of_2 = 2^floor(log2 12)
	 * = 8.  get_slopes(8) = 2^-1 .. 2^-8 (above), then get_slopes(16)[0::2]
	 * = indices 0, 2, 4, 6 of 2^(-0.5 (h+1)) = 2^-0.5, 2^-1.5, 2^-2.5,
	 * 2^-3.5, the first 12 - 8 = 4 of them. */
	double m[12], ref[12];

	for (int h = 0; h < 8; h++)
		ref[h] = ldexp(1.0, -(h + 1));
	for (int k = 0; k < 4; k++)   /* 2^-(k + 0.5) = 2^-k sqrt(1/2) */
		ref[8 + k] = ldexp(sqrt(0.5), -k);
	ck_assert_int_eq(pe_alibi_slopes(m, 12), PE_OK);
	ck_assert_close_array(m, ref, 12, 0.0, TOL_EXP2);
	for (int h = 0; h < 8; h++)
		ck_assert(m[h] == ref[h]);   /* powers of two: exact */
}
END_TEST

START_TEST(test_slopes_40_heads)
{
	/* 40 heads: closest_power_of_2 = 32.  get_slopes(32): start =
	 * 2^(-2^-(5-3)) = 2^(-1/4), m_h = 2^(-(h+1)/4) = 2^(-8/32 (h+1)),
	 * h < 32.  Then get_slopes(64)[0::2][:8]: get_slopes(64) has start =
	 * 2^(-2^-(6-3)) = 2^(-1/8), entry i = 2^(-(i+1)/8); [0::2] keeps
	 * i = 2k, so 2^(-(2k+1)/8) = 2^(-8/64 (2k+1)), k = 0 .. 7:
	 * 2^-0.125, 2^-0.375, 2^-0.625, .. 2^-1.875.  The exponents are exact
	 * in double; pow(2, e) (a different libm path from exp2) is the
	 * independent reference. */
	double m[40], ref[40];

	for (int h = 0; h < 32; h++)
		ref[h] = pow(2.0, -(h + 1) / 4.0);
	for (int k = 0; k < 8; k++)
		ref[32 + k] = pow(2.0, -(2 * k + 1) / 8.0);
	ck_assert_int_eq(pe_alibi_slopes(m, 40), PE_OK);
	ck_assert_close_array(m, ref, 40, 0.0, TOL_EXP2);
	ck_assert(m[3] == 0.5 && m[31] == 0x1p-8);   /* 2^(-4/4), 2^(-32/4) */
	/* the extra heads interleave between the first ones: 2^-0.125 is
	 * between 1 and m_0 = 2^-0.25, 2^-1.875 between m_6 and m_7 */
	ck_assert(m[32] > m[0] && m[39] < m[6] && m[39] > m[7]);
}
END_TEST

START_TEST(test_slopes_small_counts)
{
	/* 1 head: log2 1 = 0, start = 2^(-2^3) = 2^-8.  2 heads: start =
	 * 2^(-2^-(1-3)) = 2^-4: 2^-4, 2^-8.  3 heads: get_slopes(2) +
	 * get_slopes(4)[0::2][:1]; get_slopes(4) = 2^-2, 2^-4, 2^-6, 2^-8,
	 * so 2^-4, 2^-8, 2^-2. */
	double m[3];

	ck_assert_int_eq(pe_alibi_slopes(m, 1), PE_OK);
	ck_assert(m[0] == 0x1p-8);
	ck_assert_int_eq(pe_alibi_slopes(m, 2), PE_OK);
	ck_assert(m[0] == 0x1p-4 && m[1] == 0x1p-8);
	ck_assert_int_eq(pe_alibi_slopes(m, 3), PE_OK);
	ck_assert(m[0] == 0x1p-4 && m[1] == 0x1p-8 && m[2] == 0x1p-2);
}
END_TEST

START_TEST(test_bias_values)
{
	/* Paper, Figure 3: query i = 4 sees keys 0..4 with -m (4, 3, 2, 1, 0);
	 * m = 1/2 (head 0 of 8): -2, -1.5, -1, -0.5, 0; keys 5 and 6 masked. */
	static const double ref[5] = { -2.0, -1.5, -1.0, -0.5, 0.0 };

	for (int j = 0; j <= 4; j++)
		ck_assert_msg(pe_alibi_bias(0.5, 4.0, j) == ref[j], "j=%d", j);
	ck_assert(isnan(pe_alibi_bias(0.5, 4.0, 5.0)));
	ck_assert(isnan(pe_alibi_bias(0.5, 4.0, 6.0)));
	ck_assert(pe_alibi_bias(0.5, 0.0, 0.0) == 0.0);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_power_of_two_is_geometric)
{
	/* For n a power of two, m_{h+1} / m_h = m_0 (ratio = start): the
	 * ratio of powers of two is exact, and to a few ulp otherwise. */
	static const size_t ns[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024 };
	double m[1024];

	for (size_t u = 0; u < sizeof ns / sizeof ns[0]; u++) {
		size_t n = ns[u];
		ck_assert_int_eq(pe_alibi_slopes(m, n), PE_OK);
		ck_assert(m[n - 1] == 0x1p-8);   /* 2^(-8n/n), exact */
		for (size_t h = 1; h < n; h++)
			ck_assert_msg(fabs(m[h] / m[h - 1] - m[0]) <= 4 * TOL_EXP2,
			              "n=%zu h=%zu", n, h);
	}
}
END_TEST

START_TEST(test_bias_linear_in_distance)
{
	/* -m (i - j) depends on i - j only, and is exact for integer positions
	 * times a power-of-two slope below 2^53. */
	for (int i = 0; i < 50; i++)
		for (int j = 0; j <= i; j++)
			ck_assert(pe_alibi_bias(0x1p-3, 1000.0 + i, 1000.0 + j) ==
			          pe_alibi_bias(0x1p-3, i - j, 0.0));
	ck_assert(pe_alibi_bias(0x1p-3, 1e6, 0.0) == -125000.0);
}
END_TEST

START_TEST(test_all_counts_valid)
{
	/* Every n in [1, 1024]: slopes in (0, 1), the first c decreasing, the
	 * extra ones also decreasing, all finite. */
	static double m[PE_ALIBI_HEADS_MAX];

	for (size_t n = 1; n <= PE_ALIBI_HEADS_MAX; n++) {
		size_t c = 1;
		while (2 * c <= n)
			c *= 2;
		size_t bad = n;   /* the first offending head; one assertion per n
		                     keeps the half-million checks fast */
		ck_assert_int_eq(pe_alibi_slopes(m, n), PE_OK);
		for (size_t h = 0; h < n && bad == n; h++)
			if (!(isfinite(m[h]) && m[h] > 0.0 && m[h] < 1.0)
			    || (h > 0 && h != c && !(m[h] < m[h - 1])))
				bad = h;
		ck_assert_msg(bad == n, "n=%zu h=%zu", n, bad);
	}
}
END_TEST

/* ---- errors ---- */

START_TEST(test_bad_head_counts)
{
	double m[2];

	ck_assert_int_eq(pe_alibi_slopes(m, 0), PE_EINVAL);
	ck_assert_int_eq(pe_alibi_slopes(NULL, PE_ALIBI_HEADS_MAX + 1), PE_EINVAL);
	ck_assert_int_eq(pe_alibi_slopes(NULL, (size_t)-1), PE_EINVAL);
}
END_TEST

/* ---- --head-scale each: every head onto [0, 1] ---- */

START_TEST(test_heads_scaled_apart)
{
	/* 4 heads, n = 6: slopes 2^-2, 2^-4, 2^-6, 2^-8 (Press et al. 2022,
	 * get_slopes), head k spans [-m_k 5, 0]: h0 [-1.25, 0], h3 [-5/256, 0].
	 * Scaled apart, bias -m_k (i - j) becomes (5 - (i - j)) / 5 in every head
	 * (ALiBi is linear in the distance: the heads differ by slope alone);
	 * masked cells stay NaN.  Shared, they keep their own values. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct table_src inner, t;
	struct src_bias b;
	struct src_group_scale g;
	struct out_err err;
	double row[1 + 4 * 6], raw[1 + 4 * 6];

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ALIBI);
	cfg.bias.n_heads = 4;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(src_bias_matrix_init(&inner, &b, &s, 6, 1, &err), 0);
	ck_assert_uint_eq(inner.col_group, 6);
	ck_assert_int_eq(src_group_scale_init(&t, &g, &inner, &err), 0);
	ck_assert(g.n_groups == 4 && g.lo[0] == -1.25 && g.hi[0] == 0.0);
	ck_assert(g.lo[3] == -5.0 / 256.0 && g.hi[3] == 0.0);
	ck_assert(t.has_range && t.lo == 0.0 && t.hi == 1.0);
	for (size_t i = 0; i < 6; i++) {
		ck_assert_int_eq(t.fill_row(t.ctx, i, row, &err), 0);
		ck_assert_int_eq(inner.fill_row(inner.ctx, i, raw, &err), 0);
		ck_assert(row[0] == (double)i);
		for (size_t k = 0; k < 4; k++)
			for (size_t j = 0; j < 6; j++) {
				double v = row[1 + k * 6 + j];

				if (j > i) {
					ck_assert(isnan(v) && isnan(raw[1 + k * 6 + j]));
					continue;
				}
				/* (5 m - m r) / (5 m) = (5 - r) / 5, both quotients of
				 * exact numbers (m a power of 2), so equal after rounding */
				ck_assert_msg(v == (5.0 - (double)(i - j)) / 5.0,
				              "head %zu, (%zu, %zu): %.17g", k, i, j, v);
				ck_assert(raw[1 + k * 6 + j] == -(double)(i - j) * s.slopes[k]);
			}
	}
	/* the masked cells still print empty (row 0, key 1 of head 0) */
	ck_assert_int_eq(t.fill_row(t.ctx, 0, row, &err), 0);
	ck_assert_str_eq(t.cell_text(t.ctx, 0, 2, row), "");
	ck_assert_ptr_nonnull(strstr(t.meta[t.n_meta - 1].value, "h0 [-1.25, 0], h3 [-0.0195312, 0]"));
	src_group_scale_free(&g);
	src_bias_free(&b);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_heads_scale_needs_groups)
{
	/* one head shown: no groups to scale apart */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct table_src inner, t;
	struct src_bias b;
	struct src_group_scale g;
	struct out_err err;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ALIBI);
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(src_bias_matrix_init(&inner, &b, &s, 4, 0, &err), 0);
	ck_assert_int_eq(src_group_scale_init(&t, &g, &inner, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "no groups"));
	src_bias_free(&b);
	pe_scheme_free(&s);
}
END_TEST

/* ---- the scheme ---- */

START_TEST(test_scheme_bias)
{
	/* 12 heads: slopes as test_slopes_12_heads (get_slopes); bias(h, m, n)
	 * = -m_h (m - n), masked after the query; score and profile use
	 * cfg.bias.head. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double ref[12], v, w;

	ck_assert_int_eq(pe_alibi_slopes(ref, 12), PE_OK);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ALIBI);
	ck_assert_int_eq(cfg.bias.n_heads, 8);   /* PE_ALIBI_HEADS_DEFAULT */
	cfg.bias.n_heads = 12;
	cfg.bias.head = 9;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert(s.n_heads == 12 && s.n_row == 0 && s.cfg.n_dim == 0);
	for (size_t h = 0; h < 12; h++) {
		ck_assert(s.slopes[h] == ref[h]);
		ck_assert_int_eq(pe_scheme_bias(&s, &v, h, 10.0, 3.0), PE_OK);
		ck_assert(v == -7.0 * ref[h]);
		ck_assert_int_eq(pe_scheme_bias(&s, &v, h, 3.0, 10.0), PE_OK);
		ck_assert(isnan(v));
	}
	/* head 9 = 2^-1.5 (12 heads: 2^-0.5, 2^-1.5, ... after the first 8) */
	ck_assert_int_eq(pe_scheme_score(&s, &v, 5.0, 1.0), PE_OK);
	ck_assert(v == -4.0 * ref[9]);
	ck_assert(fabs(ref[9] - pow(2.0, -1.5)) <= TOL_EXP2);
	/* the profile is the score at any p: profile(r) = score(p, p + r) */
	for (int r = -20; r <= 0; r++)
		for (int p = 20; p < 200; p += 37) {
			ck_assert_int_eq(pe_scheme_profile(&s, &v, r), PE_OK);
			ck_assert_int_eq(pe_scheme_score(&s, &w, p, p + r), PE_OK);
			ck_assert(v == w);
		}
	/* the diagonal is +0, not -0 (so it prints 0) */
	ck_assert_int_eq(pe_scheme_bias(&s, &v, 0, 6.0, 6.0), PE_OK);
	ck_assert(v == 0.0 && !signbit(v));
	ck_assert_int_eq(pe_scheme_bias(&s, &v, 12, 1.0, 0.0), PE_EINVAL);
	ck_assert_int_eq(pe_scheme_row(&s, &v, 0.0), PE_ENOTSUP);
	pe_scheme_free(&s);

	cfg.bias.head = 12;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.bias.head = 0;
	cfg.bias.n_heads = 0;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.bias.n_heads = PE_ALIBI_HEADS_MAX + 1;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
}
END_TEST

Suite *suite_alibi(void)
{
	Suite *s = suite_create("alibi");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_slopes_8_heads);
	tcase_add_test(tc, test_slopes_16_heads);
	tcase_add_test(tc, test_slopes_12_heads);
	tcase_add_test(tc, test_slopes_40_heads);
	tcase_add_test(tc, test_slopes_small_counts);
	tcase_add_test(tc, test_bias_values);
	tcase_add_test(tc, test_scheme_bias);
	tcase_add_test(tc, test_heads_scaled_apart);
	suite_add_tcase(s, tc);

	tc = tcase_create("identities");
	tcase_add_test(tc, test_power_of_two_is_geometric);
	tcase_add_test(tc, test_bias_linear_in_distance);
	tcase_add_test(tc, test_all_counts_valid);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_head_counts);
	tcase_add_test(tc, test_heads_scale_needs_groups);
	suite_add_tcase(s, tc);
	return s;
}

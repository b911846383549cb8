/*
 * check_sinusoidal.c - the sinusoidal encoding of Vaswani et al. 2017.
 *
 * values: worked examples; identities: per-pair sin^2 + cos^2 = 1, the dot
 * product depends only on the distance, the layouts are a column
 * permutation; errors: bad parameters give PE_EINVAL.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* Values printed to 8 decimals in the source: half a unit in the last place. */
#define TOL_PRINTED_8 5e-9
/* Identities in double: a few ulp of the terms summed (d <= 512 terms). */
#define TOL_IDENTITY 1e-12

/* ---- values ---- */

START_TEST(test_hand_worked_d4_pos1)
{
	/* By hand: d=4, base 10000: theta_0 = 1, theta_1 = 10000^(-2/4) = 1/100,
	 * so PE(1) = [sin 1, cos 1, sin 0.01, cos 0.01].  Digits from the series
	 * sin x = x - x^3/3! + x^5/5! - ..., cos x = 1 - x^2/2! + x^4/4! - ...
	 * summed to 30 digits in decimal arithmetic, shown to 19. */
	static const double ref[4] = {
		0.8414709848078965067, 0.5403023058681397174,
		0.009999833334166664683, 0.9999500004166652778
	};
	double inv_freq[2], out[4];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, 4), PE_OK);
	ck_assert(inv_freq[0] == 1.0);
	ck_assert(inv_freq[1] == 0.01);
	pe_sinusoidal_fill_row(out, inv_freq, 1.0, 4, PE_LAYOUT_INTERLEAVED);
	ck_assert_close_array(out, ref, 4, 0.0, 1e-15);
}
END_TEST

START_TEST(test_published_example_n100_d4)
{
	/* Machine Learning Mastery, "A Gentle Introduction to Positional Encoding
	 * in Transformer Models" (Saeed 2022): the matrix for n=100 (the base),
	 * d=4, positions 0..3, printed to 8 decimals. */
	static const double ref[4][4] = {
		{ 0.0, 1.0, 0.0, 1.0 },
		{ 0.84147098, 0.54030231, 0.09983342, 0.99500417 },
		{ 0.90929743, -0.41614684, 0.19866933, 0.98006658 },
		{ 0.14112001, -0.9899925, 0.29552021, 0.95533649 },
	};
	double inv_freq[2], out[4];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 100.0, 4), PE_OK);
	for (int p = 0; p < 4; p++) {
		pe_sinusoidal_fill_row(out, inv_freq, p, 4, PE_LAYOUT_INTERLEAVED);
		ck_assert_close_array(out, ref[p], 4, TOL_PRINTED_8, 0.0);
	}
}
END_TEST

START_TEST(test_inv_freq_midpoint)
{
	/* 10000^(-2i/d) for d=512, i=128 is 10000^(-1/2) = 1/100 exactly in
	 * decimal; pow(10000, 0.5) is exactly 100 in binary64. */
	double inv_freq[256];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, 512), PE_OK);
	ck_assert(inv_freq[0] == 1.0);
	ck_assert(inv_freq[128] == 0.01);
	/* strictly decreasing: each step multiplies by 10000^(-2/512) < 1 */
	for (int i = 1; i < 256; i++)
		ck_assert(inv_freq[i] < inv_freq[i - 1]);
}
END_TEST

START_TEST(test_scheme_row_and_bounds)
{
	/* The scheme seam gives the same row as the direct function. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double inv_freq[4], ref[8], out[8];

	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 8;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_uint_eq(s.n_row, 8);
	ck_assert(s.lo == -1.0 && s.hi == 1.0);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, PE_BASE_DEFAULT, 8), PE_OK);
	pe_sinusoidal_fill_row(ref, inv_freq, 37.0, 8, PE_LAYOUT_INTERLEAVED);
	ck_assert_int_eq(pe_scheme_row(&s, out, 37.0), PE_OK);
	ck_assert_close_array(out, ref, 8, 0.0, 0.0);
	pe_scheme_free(&s);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_pairs_on_unit_circle)
{
	/* sin^2 + cos^2 = 1 for every pair, every position. */
	enum { D = 64 };
	double inv_freq[D / 2], out[D];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, D), PE_OK);
	for (int p = 0; p < 5000; p += 7) {
		pe_sinusoidal_fill_row(out, inv_freq, p, D, PE_LAYOUT_INTERLEAVED);
		for (int i = 0; i < D / 2; i++) {
			double r2 = out[2 * i] * out[2 * i] + out[2 * i + 1] * out[2 * i + 1];
			ck_assert_msg(fabs(r2 - 1.0) <= 4 * 0x1p-52,
			              "p=%d i=%d: %.17g", p, i, r2);
		}
	}
}
END_TEST

START_TEST(test_dot_depends_only_on_distance)
{
	/* PE(p) . PE(p+k) = sum_i cos(k theta_i), whatever p (cos(a-b) identity). */
	enum { D = 128 };
	double inv_freq[D / 2], a[D], b[D];
	static const int ks[] = { 0, 1, 2, 5, 17, 100, 1000 };
	static const int ps[] = { 0, 1, 10, 333, 4096 };

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, D), PE_OK);
	for (size_t u = 0; u < sizeof ks / sizeof ks[0]; u++) {
		double ref = pe_sinusoidal_profile(inv_freq, ks[u], D / 2);
		for (size_t v = 0; v < sizeof ps / sizeof ps[0]; v++) {
			double dot = 0.0;
			pe_sinusoidal_fill_row(a, inv_freq, ps[v], D, PE_LAYOUT_INTERLEAVED);
			pe_sinusoidal_fill_row(b, inv_freq, ps[v] + ks[u], D, PE_LAYOUT_INTERLEAVED);
			for (int j = 0; j < D; j++)
				dot += a[j] * b[j];
			ck_assert_msg(fabs(dot - ref) <= TOL_IDENTITY * D,
			              "k=%d p=%d: %.17g vs %.17g", ks[u], ps[v], dot, ref);
		}
	}
	/* k = 0: the squared norm is d/2 */
	ck_assert(pe_sinusoidal_profile(inv_freq, 0.0, D / 2) == D / 2);
}
END_TEST

START_TEST(test_layouts_are_a_permutation)
{
	/* concat[i] = interleaved[2i], concat[d/2+i] = interleaved[2i+1], bit for bit. */
	enum { D = 32 };
	double inv_freq[D / 2], il[D], cc[D];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, D), PE_OK);
	for (int p = 0; p < 300; p += 13) {
		pe_sinusoidal_fill_row(il, inv_freq, p, D, PE_LAYOUT_INTERLEAVED);
		pe_sinusoidal_fill_row(cc, inv_freq, p, D, PE_LAYOUT_CONCAT);
		for (int i = 0; i < D / 2; i++) {
			ck_assert(cc[i] == il[2 * i]);
			ck_assert(cc[D / 2 + i] == il[2 * i + 1]);
		}
	}
}
END_TEST

START_TEST(test_fairseq_frequencies)
{
	/* fairseq SinusoidalPositionalEmbedding.get_embedding: half_dim = d/2,
	 * emb = log(10000) / (half_dim - 1), freqs = exp(-i emb).  For d = 8:
	 * 10^(-4i/3): 1, 10^(-4/3), 10^(-8/3), 10^-4 (by hand; 10^(-4/3) =
	 * 0.046415888336127788..., 10^(-8/3) = 0.0021544346900318837...). */
	static const double ref[4] = {
		1.0, 0.046415888336127788, 0.0021544346900318837, 1e-4
	};
	double inv_freq[4];

	ck_assert_int_eq(pe_sinusoidal_inv_freq_fairseq(inv_freq, 10000.0, 8), PE_OK);
	/* exp(i * -step) carries a few ulp of ln's and exp's rounding */
	ck_assert_close_array(inv_freq, ref, 4, 0.0, 1e-14);
	ck_assert_int_eq(pe_sinusoidal_inv_freq_fairseq(inv_freq, 10000.0, 2), PE_EINVAL);
}
END_TEST

START_TEST(test_flip_is_a_permutation)
{
	/* flip swaps sin and cos within each pair (interleaved) or the halves
	 * (concat), bit for bit: a channel permutation, same frequencies. */
	enum { D = 16 };
	double inv_freq[D / 2], a[D], b[D];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, D), PE_OK);
	for (int p = 0; p < 100; p += 9) {
		pe_sinusoidal_fill_row(a, inv_freq, p, D, PE_LAYOUT_INTERLEAVED);
		pe_sinusoidal_fill_row_flip(b, inv_freq, p, D, PE_LAYOUT_INTERLEAVED, 1);
		for (int i = 0; i < D / 2; i++)
			ck_assert(b[2 * i] == a[2 * i + 1] && b[2 * i + 1] == a[2 * i]);
		pe_sinusoidal_fill_row(a, inv_freq, p, D, PE_LAYOUT_CONCAT);
		pe_sinusoidal_fill_row_flip(b, inv_freq, p, D, PE_LAYOUT_CONCAT, 1);
		for (int i = 0; i < D / 2; i++)
			ck_assert(b[i] == a[D / 2 + i] && b[D / 2 + i] == a[i]);
	}
}
END_TEST

START_TEST(test_row_draft_within)
{
	/* the draft row is the exact row (glibc's sin and cos) to within its
	 * radii, cell for cell in the same places, for both layouts, flipped
	 * or not, d = 2 to 1030 (blocks of PE_SINCOS_N pairs and a part), at
	 * positions to 6e7; and no draft past PE_SINCOS_MAX */
	static const size_t dims[] = { 2, 128, 1030 };
	static const double pos[] = { 0.0, 1.0, 7.0, 1000.0, 32767.0, 1234567.0, 6e7 };

	for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
		size_t d = dims[k];
		double *inv = malloc(d / 2 * sizeof *inv), *want = malloc(d * sizeof *want);
		double *got = malloc(d * sizeof *got), *rad = malloc(d * sizeof *rad);

		ck_assert(inv && want && got && rad);
		ck_assert_int_eq(pe_sinusoidal_inv_freq(inv, 10000.0, d), PE_OK);
		for (int variant = 0; variant < 4; variant++) {
			enum pe_layout layout = variant & 1 ? PE_LAYOUT_CONCAT : PE_LAYOUT_INTERLEAVED;
			int flip = variant >> 1;
			struct pe_scheme_cfg cfg;
			struct pe_scheme s;

			/* the scheme's frequencies are inv's */
			pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
			cfg.n_dim = d;
			cfg.layout = layout;
			cfg.flip = flip;
			ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
			ck_assert(memcmp(s.inv_freq, inv, d / 2 * sizeof *inv) == 0);
			for (size_t j = 0; j < sizeof pos / sizeof pos[0]; j++) {
				pe_sinusoidal_fill_row_flip(want, inv, pos[j], d, layout, flip);
				ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_ROW, got, rad, pos[j]), PE_OK);
				for (size_t c = 0; c < d; c++) {
					ck_assert(rad[c] == PE_SINCOS_ERR);
					ck_assert_msg(fabs(got[c] - want[c]) <= rad[c],
					              "d %zu variant %d p %g cell %zu: %a, exact %a", d,
					              variant, pos[j], c, got[c], want[c]);
				}
			}
			if (variant == 0)
				ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_ROW, got, rad, 1e8),
				                 PE_ERANGE);
			pe_scheme_free(&s);
		}
		free(inv);
		free(want);
		free(got);
		free(rad);
	}
}
END_TEST

START_TEST(test_nope_is_zero)
{
	/* No encoding: every code is 0, every score 0. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double row[8] = { 1, 1, 1, 1, 1, 1, 1, 1 }, v;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_NOPE);
	cfg.n_dim = 8;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert_int_eq(pe_scheme_row(&s, row, 17.0), PE_OK);
	for (int j = 0; j < 8; j++)
		ck_assert(row[j] == 0.0);
	ck_assert_int_eq(pe_scheme_score(&s, &v, 3.0, 9.0), PE_OK);
	ck_assert(v == 0.0);
	pe_scheme_free(&s);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_bad_parameters)
{
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double inv_freq[8];

	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, 7), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 10000.0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 1.0, 8), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, 0.5, 8), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, NAN, 8), PE_EINVAL);
	ck_assert_int_eq(pe_sinusoidal_inv_freq(inv_freq, INFINITY, 8), PE_EINVAL);

	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 9;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.n_dim = PE_DIM_MAX + 2;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.n_dim = 8;
	cfg.base = -3.0;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.base = 10000.0;
	cfg.layout = (enum pe_layout)42;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	ck_assert_str_eq(pe_status_str(PE_EINVAL), "invalid parameter");
}
END_TEST

Suite *suite_sinusoidal(void)
{
	Suite *s = suite_create("sinusoidal");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_hand_worked_d4_pos1);
	tcase_add_test(tc, test_published_example_n100_d4);
	tcase_add_test(tc, test_inv_freq_midpoint);
	tcase_add_test(tc, test_scheme_row_and_bounds);
	tcase_add_test(tc, test_fairseq_frequencies);
	tcase_add_test(tc, test_nope_is_zero);
	suite_add_tcase(s, tc);

	tc = tcase_create("identities");
	tcase_add_test(tc, test_pairs_on_unit_circle);
	tcase_add_test(tc, test_dot_depends_only_on_distance);
	tcase_add_test(tc, test_layouts_are_a_permutation);
	tcase_add_test(tc, test_flip_is_a_permutation);
	tcase_add_test(tc, test_row_draft_within);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_parameters);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_extrapolate.c - extrapolation analyses (extrapolate.c): per-pair
 * angles and OOD flags, Liu et al.'s critical dimension, Men et al.'s lower
 * bound of the base.
 *
 * Sources: Liu et al. 2023, arXiv:2310.05209 (critical dimension 92 for
 * d = 128, base 10000, L = 4096, LLaMA 2); Men et al. 2024,
 * arXiv:2405.14591 (the condition sum_i cos(m theta_i) >= 0 for m <= L,
 * and their Table 1 of bounds for 1k .. 64k, as quoted by Su 2024: see
 * men_table1).  The other expected values are worked by hand in the
 * comments.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

#define TWO_PI (2.0 * PE_PI)

/* Wavelengths and angles are one pow, one product and one division away
 * from the hand value: a few ulps. */
#define RTOL_FORMULA (16 * DBL_EPSILON)

static void init_rope(struct pe_scheme *s, enum pe_rope_scaling sc, double factor)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);   /* d = 128, base 10^4 */
	cfg.rope.scaling = sc;
	cfg.rope.factor = factor;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* ---- values ---- */

START_TEST(test_critical_dim_liu)
{
	size_t de;

	/* Liu et al. 2023 (LLaMA 2: d = 128, base 10000, L = 4096) report 92:
	 * 64 log10(4096 / 2 pi) / 4 = 64 * 2.81407 / 4 = 45.02, ceil 46, x2 */
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 10000.0, 4096.0), PE_OK);
	ck_assert_uint_eq(de, 92);
	/* L = 16384: 64 log10(2607.6) / 4 = 64 * 3.41624 / 4 = 54.66 -> 55 -> 110 */
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 10000.0, 16384.0), PE_OK);
	ck_assert_uint_eq(de, 110);
	/* L < 2 pi: no pair turns fully: 0 */
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 10000.0, 6.0), PE_OK);
	ck_assert_uint_eq(de, 0);
	/* L = 1e9: 64 log10(1.59e8) / 4 = 130.4 > 64 pairs: clamped to d */
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 10000.0, 1e9), PE_OK);
	ck_assert_uint_eq(de, 128);
}
END_TEST

START_TEST(test_pairs_unscaled)
{
	struct pe_scheme s;
	struct pe_extrap_pair pr[64];
	struct pe_extrap_summary sum;

	init_rope(&s, PE_ROPE_SCALING_NONE, NAN);
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 4096.0, 8192.0), PE_OK);
	/* pair 0: theta = 1, wavelength 2 pi, 4095 rad in training: turned */
	ck_assert_double_eq_tol(pr[0].wavelen, TWO_PI, RTOL_FORMULA * TWO_PI);
	ck_assert_double_eq(pr[0].max_angle_train, 4095.0);
	ck_assert_double_eq(pr[0].max_angle_target, 8191.0);
	ck_assert_double_eq_tol(pr[0].rot_train, 4095.0 / TWO_PI, 1e-12);
	ck_assert_int_eq(pr[0].ood, 0);
	/* full turn in training iff theta_i >= 2 pi / 4095, i.e.
	 * i <= 16 log10(4095 / 2 pi) = 16 * 2.81407 = 45.03: pairs 0 .. 45
	 * (46 pairs, Liu's 92 dims); pair 45 turned, pair 46 did not */
	ck_assert_int_eq(pr[45].ood, 0);
	ck_assert_int_eq(pr[46].ood, 1);
	ck_assert_int_eq(pr[46].ood_base, 1);
	ck_assert(pr[45].rot_train >= 1.0 && pr[46].rot_train < 1.0);
	/* pair 63: wavelength 2 pi 10000^(63/64) */
	ck_assert_double_eq_tol(pr[63].wavelen_base, TWO_PI * pow(1e4, 63.0 / 64.0),
	                        RTOL_FORMULA * pr[63].wavelen_base);
	ck_assert_int_eq(pe_extrap_summarize(&sum, &s, 4096.0, 8192.0), PE_OK);
	/* the method's own critical dimension equals Liu's 92 unscaled (46
	 * pairs turn, see above), and each of the 18 unturned pairs reaches
	 * 8191 theta / (4095 theta) = 8191/4095 of its training angle */
	ck_assert_uint_eq(sum.critical_dim_scaled, 92);
	ck_assert_double_eq_tol(sum.max_angle_ratio, 8191.0 / 4095.0, 1e-12);
	ck_assert_uint_eq(sum.critical_dim, 92);
	ck_assert_uint_eq(sum.n_full_turn, 46);
	ck_assert_uint_eq(sum.n_ood, 18);        /* 64 - 46 */
	ck_assert_uint_eq(sum.n_ood_base, 18);
	ck_assert_double_eq_tol(sum.max_wavelen, TWO_PI * pow(1e4, 63.0 / 64.0),
	                        RTOL_FORMULA * sum.max_wavelen);
	/* T = L: nothing new is met */
	ck_assert_int_eq(pe_extrap_summarize(&sum, &s, 4096.0, 4096.0), PE_OK);
	ck_assert_uint_eq(sum.n_ood, 0);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_pairs_linear)
{
	struct pe_scheme s;
	struct pe_extrap_pair pr[64];
	struct pe_extrap_summary sum;

	/* position interpolation s = 2: theta_i / 2 (exact, a power of two) */
	init_rope(&s, PE_ROPE_SCALING_LINEAR, 2.0);
	/* T = 8191: (T-1)/2 = 4095 = L-1, the training range exactly: no OOD */
	ck_assert_int_eq(pe_extrap_summarize(&sum, &s, 4096.0, 8191.0), PE_OK);
	ck_assert_uint_eq(sum.n_ood, 0);
	ck_assert_uint_eq(sum.n_ood_base, 18);
	/* (T-1) theta/2 = 4095 theta = the training angle: ratio 1 exactly;
	 * turning fully under theta_i / 2: 4095 theta_i / 2 >= 2 pi, i.e.
	 * i <= 16 log10(4095 / 4 pi) = 40.2: 41 pairs, 82 dims */
	ck_assert_double_eq(sum.max_angle_ratio, 1.0);
	ck_assert_uint_eq(sum.critical_dim_scaled, 82);
	ck_assert_double_eq_tol(sum.max_wavelen, 2.0 * sum.max_wavelen_base,
	                        RTOL_FORMULA * sum.max_wavelen);
	/* T = 8192 = s L: T-1 maps to 4095.5, within one position of the
	 * training range (below L = 4096): still in distribution */
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 4096.0, 8192.0), PE_OK);
	ck_assert_double_eq(pr[63].max_angle_target, 4095.5 * s.inv_freq_base[63]);
	ck_assert_int_eq(pr[63].ood, 0);
	ck_assert_int_eq(pr[63].ood_base, 1);
	/* T = 8196: (T-1)/2 = 4097.5 > L = 4096: the slow pairs are out */
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 4096.0, 8196.0), PE_OK);
	ck_assert_int_eq(pr[63].ood, 1);
	ck_assert_int_eq(pr[0].ood, 0);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_base_bound_small)
{
	double b;
	int ok;

	/* d = 2: B = cos(m theta_0) = cos m for every base (theta_0 = 1), and
	 * cos 2 = -0.416: no base passes */
	ck_assert_int_eq(pe_extrap_base_bound(&b, 2, 2.0), PE_ERANGE);
	/* L = 1: m in {0, 1}: sum cos(theta_i) >= 0 already at base 2 */
	ck_assert_int_eq(pe_extrap_base_bound(&b, 128, 1.0), PE_OK);
	ck_assert_double_eq(b, 2.0);
	ck_assert_int_eq(pe_extrap_base_holds(&ok, NULL, 128, 2.0, 1.0), PE_OK);
	ck_assert_int_eq(ok, 1);
}
END_TEST

/*
 * Men et al. 2024, "Base of RoPE Bounds Context Length" (arXiv:2405.14591),
 * Table 1: the lower bound of the base for d = 128 at context lengths 1k ..
 * 1M (k = 1024), printed to two significant digits.  The PDF's table was
 * not readable here; its row is quoted from Su Jianlin, "Transformer
 * upgrade road 18: the principle of choosing the RoPE base" (kexue.fm
 * archives 10122, 2024-05-29, the markdown copy in the public corpus),
 * which also prints a second row from a finer brute-force search (a grid
 * of 10^5 points below the answer) and says the authors obtained theirs by
 * the inverse function: the largest L each of many enumerated bases keeps,
 * so a pass window between two enumerated bases is missed and their
 * numbers can only be at or above the infimum.  pecli scans a 0.01 % grid
 * (pe_extrap_base_bound) and reproduces the finer row at its printed
 * precision, and so the paper's where the two rows agree (1k, 4k, 8k,
 * 64k); elsewhere (2k, 16k, 32k) it is below the paper's, as it must be.
 * Tolerance: the printed precision, the value rounded to 2 significant
 * digits.  128k (4.87e6 here, fine 4.9e6, paper 7.8e6) and 256k (2.37e7,
 * 2.4e7, 3.6e7) agree too but take 10 s and 2 min at -O2, so they are left
 * out; at 512k this scan gives 6.28e7 (pecli, 225 s), between the finer
 * search's 5.8e7 (a window narrower than 0.01 % that its 10^5-point grid
 * caught) and the paper's 6.4e7; at 1M 6.54e7 (138 s), the finer search's
 * 6.5e7, far below the paper's 5.1e8.
 */
static const struct { double L, paper, fine; } men_table1[] = {
	{ 1024.0, 4.3e3, 4.3e3 },
	{ 2048.0, 1.6e4, 1.2e4 },
	{ 4096.0, 2.7e4, 2.7e4 },
	{ 8192.0, 8.4e4, 8.4e4 },
	{ 16384.0, 3.1e5, 2.3e5 },
	{ 32768.0, 6.4e5, 6.3e5 },
	{ 65536.0, 2.1e6, 2.1e6 },
};

/* x to 2 significant digits, as the table prints it */
static double two_digits(double x)
{
	double unit = pow(10.0, floor(log10(x)) - 1.0);

	return round(x / unit) * unit;
}

START_TEST(test_base_bound_men_table)
{
	double b = NAN;
	double L = men_table1[_i].L, paper = men_table1[_i].paper, fine = men_table1[_i].fine;

	ck_assert_int_eq(pe_extrap_base_bound(&b, 128, L), PE_OK);
	ck_assert_msg(fabs(two_digits(b) - fine) <= 1e-9 * fine,
	              "L = %g: bound %.6g, the finer search's %.2g", L, b, fine);
	if (paper == fine)
		ck_assert_msg(fabs(two_digits(b) - paper) <= 1e-9 * paper,
		              "L = %g: bound %.6g, the paper's %.2g", L, b, paper);
	else
		ck_assert_msg(b < paper, "L = %g: bound %.6g above the paper's %.2g", L, b, paper);
}
END_TEST

/* ---- identities ---- */

/* The bound is self-consistent: it holds at the returned base for every
 * m <= L, fails just below it, and fails at the grid points below it: every
 * one in the last 2 % below it (about 200) and every 100th further down
 * (all of them would take 10^5 full checks). */
START_TEST(test_base_bound_consistent)
{
	const double lens[] = { 1000.0, 4096.0 };

	for (size_t u = 0; u < 2; u++) {
		double b, L = lens[u];
		int ok;
		size_t m;

		ck_assert_int_eq(pe_extrap_base_bound(&b, 128, L), PE_OK);
		ck_assert(isfinite(b) && b > 2.0);
		ck_assert_int_eq(pe_extrap_base_holds(&ok, &m, 128, b, L), PE_OK);
		ck_assert_int_eq(ok, 1);
		ck_assert_uint_eq(m, 0);
		/* the bisection's lower end failed; it is within RTOL below b */
		ck_assert_int_eq(pe_extrap_base_holds(&ok, &m, 128,
		                 b / (1.0 + PE_EXTRAP_BASE_RTOL), L), PE_OK);
		ck_assert_int_eq(ok, 0);
		ck_assert(m <= (size_t)L);
		for (size_t j = 0;; j++) {
			double g = 2.0 * pow(PE_EXTRAP_GRID, (double)j);

			if (g >= b / PE_EXTRAP_GRID)
				break;
			if (g < b / 1.02 && j % 100 != 0)
				continue;
			ck_assert_int_eq(pe_extrap_base_holds(&ok, NULL, 128, g, L), PE_OK);
			ck_assert_msg(!ok, "grid base %g < %g passes", g, b);
		}
	}
}
END_TEST

START_TEST(test_base_bound_grows)
{
	double b1, b2;

	/* a longer context needs a larger base (Men et al. Figure 1 rises) */
	ck_assert_int_eq(pe_extrap_base_bound(&b1, 128, 2048.0), PE_OK);
	ck_assert_int_eq(pe_extrap_base_bound(&b2, 128, 8192.0), PE_OK);
	ck_assert(b2 > 2.0 * b1);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_extrap_errors)
{
	struct pe_scheme s;
	struct pe_extrap_pair pr[64];
	struct pe_extrap_summary sum;
	size_t de;
	double b;
	int ok;

	init_rope(&s, PE_ROPE_SCALING_NONE, NAN);
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 0.5, 10.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 10.0, NAN), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_pairs(pr, &s, 10.0, 2e9), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_summarize(&sum, &s, INFINITY, 10.0), PE_EINVAL);
	pe_scheme_free(&s);
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 127, 1e4, 4096.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 1.0, 4096.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_critical_dim(&de, 128, 1e4, -1.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_base_bound(&b, 127, 4096.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_base_bound(&b, 128, 0.0), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_base_bound(&b, 128, NAN), PE_EINVAL);
	ck_assert_int_eq(pe_extrap_base_holds(&ok, NULL, 128, 1.0, 10.0), PE_EINVAL);
}
END_TEST

Suite *suite_extrapolate(void)
{
	Suite *s = suite_create("extrapolate");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_critical_dim_liu);
	tcase_add_test(tc, test_pairs_unscaled);
	tcase_add_test(tc, test_pairs_linear);
	tcase_add_test(tc, test_base_bound_small);
	suite_add_tcase(s, tc);
	/* seconds each at -O2 (L = 65536: a few); the suite's other cases are
	 * quick */
	tc = tcase_create("men_table");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_base_bound_men_table, 0,
	                    (int)(sizeof men_table1 / sizeof men_table1[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_base_bound_consistent);
	tcase_add_test(tc, test_base_bound_grows);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_extrap_errors);
	suite_add_tcase(s, tc);
	return s;
}

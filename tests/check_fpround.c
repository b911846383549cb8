/*
 * check_fpround.c - rounding to float32, float16 and bfloat16 (fpround.c).
 *
 * Expected values are worked by hand from the formats' parameters (IEEE
 * 754-2008 table 3.2: binary16 p = 11, emin = -14, emax = 15; binary32
 * p = 24, emin = -126; bfloat16 p = 8 with binary32's exponents), each
 * case's arithmetic in its comment; the exhaustive tests decode every
 * 16-bit pattern by hand from the bit layout.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* Exact equality that also tells -0 from +0 (rounding is exact: no
 * tolerance). */
static int same(double a, double b)
{
	return a == b && signbit(a) == signbit(b);
}

#define ck_assert_same(got, want)                                            \
	ck_assert_msg(same((got), (want)), "got %a (%.17g), expected %a (%.17g)", \
	              (got), (got), (want), (want))

START_TEST(test_f16_by_hand)
{
	/* binary16 near 1: ulp 2^-10. */
	/* 1 + 2^-11 is halfway between 1 (significand 1024, even) and
	 * 1 + 2^-10 (1025, odd): ties to even gives 1 */
	ck_assert_same(pe_round_f16(1.0 + 0x1p-11), 1.0);
	/* 1 + 3 2^-11 = 1 + 1.5 ulp: halfway between 1025 and 1026 ulps-of-1,
	 * 1026 is even: 1 + 2^-9 */
	ck_assert_same(pe_round_f16(1.0 + 3 * 0x1p-11), 1.0 + 0x1p-9);
	/* just above the tie rounds up: 1 + 2^-11 + 2^-30 -> 1 + 2^-10 */
	ck_assert_same(pe_round_f16(1.0 + 0x1p-11 + 0x1p-30), 1.0 + 0x1p-10);
	/* ... and that is a case double rounding gets wrong: through float32
	 * the 2^-30 is lost first (below float32's half ulp 2^-24), leaving
	 * the tie 1 + 2^-11, which then goes to 1 */
	ck_assert_same(pe_round_f16(pe_round_f32(1.0 + 0x1p-11 + 0x1p-30)), 1.0);
	/* 1/3: 0.333251953125 = 1365 2^-12 (binary 0.0101010101|01..., the
	 * rest 0.333... of an ulp rounds down) */
	ck_assert_same(pe_round_f16(1.0 / 3.0), 1365 * 0x1p-12);
	/* largest finite (2 - 2^-10) 2^15 = 65504; ulp there 32 */
	ck_assert_same(pe_round_f16(65504.0), 65504.0);
	/* 65519 < 65504 + 16: rounds down */
	ck_assert_same(pe_round_f16(65519.0), 65504.0);
	/* 65520 = 65504 + 16, the tie between 2047 32 (odd) and 2048 32 =
	 * 65536 (even): rounds to 65536, which overflows: +inf */
	ck_assert_same(pe_round_f16(65520.0), INFINITY);
	ck_assert_same(pe_round_f16(-65520.0), -INFINITY);
	ck_assert_same(pe_round_f16(1e300), INFINITY);
	/* smallest subnormal 2^(emin - p + 1) = 2^-24 */
	ck_assert_same(pe_round_f16(0x1p-24), 0x1p-24);
	/* 2^-25 is halfway between 0 (even) and 2^-24 (odd): 0 */
	ck_assert_same(pe_round_f16(0x1p-25), 0.0);
	ck_assert_same(pe_round_f16(-0x1p-25), -0.0);
	/* 3 2^-26 = 0.75 2^-24: nearer 2^-24 */
	ck_assert_same(pe_round_f16(3 * 0x1p-26), 0x1p-24);
	/* 2^-14 - 2^-25: halfway between the largest subnormal 1023 2^-24 (odd)
	 * and the smallest normal 1024 2^-24 = 2^-14 (even): 2^-14 */
	ck_assert_same(pe_round_f16(0x1p-14 - 0x1p-25), 0x1p-14);
	/* 1.5 2^-24 (between 1 and 2 ulps, tie): 2 2^-24 (even) */
	ck_assert_same(pe_round_f16(1.5 * 0x1p-24), 0x1p-23);
	/* a double subnormal is far below 2^-25: +0 */
	ck_assert_same(pe_round_f16(DBL_TRUE_MIN), 0.0);
}
END_TEST

START_TEST(test_bf16_by_hand)
{
	/* bfloat16 near 1: ulp 2^-7 */
	/* 1 + 2^-8: tie between 1 (128, even) and 1 + 2^-7 (129): 1 */
	ck_assert_same(pe_round_bf16(1.0 + 0x1p-8), 1.0);
	/* 1 + 3 2^-8: tie between 129 and 130 (even): 1 + 2^-6 */
	ck_assert_same(pe_round_bf16(1.0 + 3 * 0x1p-8), 1.0 + 0x1p-6);
	/* pi = 1.5707963... 2: 1.5707963 128 = 201.06 -> 201; 201/64 = 3.140625 */
	ck_assert_same(pe_round_bf16(3.14159265358979323846), 3.140625);
	/* largest finite (2 - 2^-7) 2^127 = 3.3895313892515355e38 */
	ck_assert_same(pe_round_bf16(0x1.fep127), 0x1.fep127);
	ck_assert(0x1.fep127 == 3.3895313892515355e38);
	/* max + half an ulp (2^119) = (2 - 2^-8) 2^127: tie, the even
	 * neighbour is 2^128: +inf.  Just below it: max. */
	ck_assert_same(pe_round_bf16(0x1.ffp127), INFINITY);
	ck_assert_same(pe_round_bf16(0x1.ffp127 - 0x1p100), 0x1.fep127);
	/* FLT_MAX = (2 - 2^-23) 2^127 is above the tie: +inf in bfloat16 */
	ck_assert_same(pe_round_bf16(FLT_MAX), INFINITY);
	/* smallest subnormal 2^(-126 - 7) = 2^-133; 2^-134 ties to 0;
	 * 3 2^-135 = 0.75 2^-133 -> 2^-133 */
	ck_assert_same(pe_round_bf16(0x1p-133), 0x1p-133);
	ck_assert_same(pe_round_bf16(0x1p-134), 0.0);
	ck_assert_same(pe_round_bf16(3 * 0x1p-135), 0x1p-133);
}
END_TEST

START_TEST(test_f32_by_hand)
{
	/* binary32 near 1: ulp 2^-23; 1 + 2^-24 ties to 1, 1 + 3 2^-24 to
	 * 1 + 2^-22 */
	ck_assert_same(pe_round_f32(1.0 + 0x1p-24), 1.0);
	ck_assert_same(pe_round_f32(1.0 + 3 * 0x1p-24), 1.0 + 0x1p-22);
	/* 0.1 in binary32 is 13421773 2^-27 = 0.100000001490116119384765625 */
	ck_assert_same(pe_round_f32(0.1), 13421773 * 0x1p-27);
	/* FLT_MAX stays; FLT_MAX + half an ulp (2^103) ties to 2^128: +inf */
	ck_assert_same(pe_round_f32(FLT_MAX), (double)FLT_MAX);
	ck_assert_same(pe_round_f32((double)FLT_MAX + 0x1p103), INFINITY);
	ck_assert_same(pe_round_f32((double)FLT_MAX + 0x1p102), (double)FLT_MAX);
	/* smallest subnormal 2^-149; 2^-150 ties to 0 */
	ck_assert_same(pe_round_f32(0x1p-149), 0x1p-149);
	ck_assert_same(pe_round_f32(0x1p-150), 0.0);
	ck_assert_same(pe_round_f32(0x1p-150 + 0x1p-170), 0x1p-149);
}
END_TEST

START_TEST(test_specials)
{
	static const enum pe_fp fps[] = { PE_FP64, PE_FP32, PE_FP16, PE_BF16 };

	for (size_t u = 0; u < 4; u++) {
		ck_assert(isnan(pe_round(fps[u], NAN)));
		ck_assert_same(pe_round(fps[u], INFINITY), INFINITY);
		ck_assert_same(pe_round(fps[u], -INFINITY), -INFINITY);
		ck_assert_same(pe_round(fps[u], 0.0), 0.0);
		ck_assert_same(pe_round(fps[u], -0.0), -0.0);
		ck_assert_same(pe_round(fps[u], 1.0), 1.0);
		ck_assert_same(pe_round(fps[u], -2.5), -2.5);
	}
	/* PE_FP64 is the identity */
	ck_assert_same(pe_round(PE_FP64, 0.1), 0.1);
	ck_assert_same(pe_round(PE_FP16, 0.1), pe_round_f16(0.1));
	ck_assert_str_eq(pe_fp_name(PE_BF16), "bfloat16");
	ck_assert_str_eq(pe_fp_name(PE_FP16), "float16");
	/* unit roundoff 2^-p, p the significand's bits with the hidden one:
	 * binary64 53, binary32 24, binary16 11 (IEEE 754-2008 table 3.5),
	 * bfloat16 8; and the tolerance floor 5 u (pe.h says why) */
	ck_assert_same(pe_fp_unit_roundoff(PE_FP64), 0x1p-53);
	ck_assert_same(pe_fp_unit_roundoff(PE_FP32), 0x1p-24);
	ck_assert_same(pe_fp_unit_roundoff(PE_FP16), 0x1p-11);
	ck_assert_same(pe_fp_unit_roundoff(PE_BF16), 0x1p-8);
	ck_assert(isnan(pe_fp_unit_roundoff((enum pe_fp)9)));
	ck_assert_same(pe_fp_tolerance_floor(PE_FP32), 5.0 * 0x1p-24);
	/* the identity behind it: a value rounded to the format is within u
	 * of it, relatively (round to nearest): 0.1 and 1/3 */
	for (int k = PE_FP32; k <= PE_BF16; k++) {
		double u = pe_fp_unit_roundoff((enum pe_fp)k);

		ck_assert(fabs(pe_round((enum pe_fp)k, 0.1) - 0.1) <= u * 0.1);
		ck_assert(fabs(pe_round((enum pe_fp)k, 1.0 / 3.0) - 1.0 / 3.0) <= u / 3.0);
	}
}
END_TEST

/* ---- identities ---- */

/* Decode a 16-bit pattern by hand: 1 sign bit, ebits exponent bits, mbits
 * mantissa bits (binary16: 5, 10; bfloat16: 8, 7).  Returns 0 for inf/NaN. */
static int decode16(double *v, unsigned bits, int ebits, int mbits)
{
	unsigned e = (bits >> mbits) & ((1u << ebits) - 1);
	unsigned m = bits & ((1u << mbits) - 1);
	int bias = (1 << (ebits - 1)) - 1;

	if (e == (1u << ebits) - 1)
		return 0;
	if (e == 0)
		*v = ldexp((double)m, 1 - bias - mbits);
	else
		*v = ldexp((double)(m + (1u << mbits)), (int)e - bias - mbits);
	if (bits & 0x8000u)
		*v = -*v;
	return 1;
}

/* Every finite value is kept, and the midpoint of every two neighbours
 * rounds to the one whose last encoding bit is 0 (ties to even). */
static void exhaustive16(double (*rnd)(double), int ebits, int mbits)
{
	for (unsigned b = 0; b < 0x8000u; b++) {
		double v, w;

		if (!decode16(&v, b, ebits, mbits))
			continue;
		ck_assert_msg(same(rnd(v), v), "pattern 0x%04x", b);
		ck_assert_msg(same(rnd(-v), -v), "pattern 0x%04x negated", b);
		if (!decode16(&w, b + 1, ebits, mbits))
			continue;
		{
			double mid = 0.5 * (v + w);   /* exact: one more bit */
			double even = (b & 1u) ? w : v;
			double third = v + 0.25 * (w - v);

			ck_assert_msg(same(rnd(mid), even), "midpoint after 0x%04x", b);
			ck_assert_msg(same(rnd(-mid), -even), "-midpoint after 0x%04x", b);
			ck_assert_msg(same(rnd(third), v), "quarter after 0x%04x", b);
		}
	}
}

START_TEST(test_f16_exhaustive)
{
	exhaustive16(pe_round_f16, 5, 10);
}
END_TEST

START_TEST(test_bf16_exhaustive)
{
	exhaustive16(pe_round_bf16, 8, 7);
}
END_TEST

START_TEST(test_bf16_is_f32_top_bits)
{
	/* a float32 with its low 16 bits zero is a bfloat16 (Kalamkar et al.
	 * 2019): rounding one must keep it */
	struct pe_rng rng;

	pe_rng_init(&rng, 3);
	for (int t = 0; t < 20000; t++) {
		uint32_t bits = (uint32_t)(pe_rng_next(&rng) >> 32) & 0xFFFF0000u;
		float f;

		memcpy(&f, &bits, sizeof f);
		if (!isfinite(f))
			continue;
		ck_assert_same(pe_round_bf16((double)f), (double)f);
	}
}
END_TEST

START_TEST(test_f32_matches_cast)
{
	/* C converts double to float with the current rounding mode, round to
	 * nearest even by default (C11 F.4, F.8.3): pe_round_f32 must agree
	 * with it everywhere in float's range, subnormals included.  Random
	 * 64-bit patterns with the exponent drawn over [-160, 128] cover
	 * every binade. */
	struct pe_rng rng;

	pe_rng_init(&rng, 42);
	for (int t = 0; t < 200000; t++) {
		uint64_t bits = pe_rng_next(&rng);
		int e = (int)(pe_rng_next(&rng) % 289) - 160;
		double x;

		bits = (bits & 0x800FFFFFFFFFFFFFu) | ((uint64_t)(e + 1023) << 52);
		memcpy(&x, &bits, sizeof x);
		if (!(fabs(x) <= FLT_MAX))
			continue;   /* converting beyond FLT_MAX is undefined in C */
		ck_assert_msg(same(pe_round_f32(x), (double)(float)x), "x = %a", x);
	}
	/* ties on purpose: float values plus half their ulp */
	for (int t = 0; t < 20000; t++) {
		uint32_t b32 = (uint32_t)(pe_rng_next(&rng) >> 32) & 0x7FFFFFFFu;
		float f, g;
		double mid;

		memcpy(&f, &b32, sizeof f);
		if (!isfinite(f))
			continue;
		g = nextafterf(f, INFINITY);
		mid = 0.5 * ((double)f + (double)g);
		if (!(mid <= FLT_MAX))
			continue;
		ck_assert_msg(same(pe_round_f32(mid), (double)(float)mid), "mid = %a", mid);
	}
}
END_TEST

START_TEST(test_monotone)
{
	/* rounding is monotone: x <= y gives round(x) <= round(y) */
	struct pe_rng rng;

	pe_rng_init(&rng, 9);
	for (int t = 0; t < 50000; t++) {
		double x = ldexp(pe_rng_uniform(&rng) * 2.0 - 1.0, (int)(pe_rng_next(&rng) % 60) - 30);
		double y = nextafter(x, INFINITY);

		ck_assert(pe_round_f16(x) <= pe_round_f16(y));
		ck_assert(pe_round_bf16(x) <= pe_round_bf16(y));
	}
}
END_TEST

START_TEST(test_unknown_format)
{
	/* a value outside the enum is the identity (pe.h) */
	ck_assert_same(pe_round((enum pe_fp)99, 0.1), 0.1);
	ck_assert_str_eq(pe_fp_name((enum pe_fp)99), "unknown");
}
END_TEST

Suite *suite_fpround(void)
{
	Suite *s = suite_create("fpround");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_f16_by_hand);
	tcase_add_test(tc, test_bf16_by_hand);
	tcase_add_test(tc, test_f32_by_hand);
	tcase_add_test(tc, test_specials);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_f16_exhaustive);
	tcase_add_test(tc, test_bf16_exhaustive);
	tcase_add_test(tc, test_bf16_is_f32_top_bits);
	tcase_add_test(tc, test_f32_matches_cast);
	tcase_add_test(tc, test_monotone);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_unknown_format);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_rng.c - the reproducible random stream: reference outputs of
 * splitmix64 and xoshiro256**, and the moments of the normal deviates.
 */
#include <math.h>
#include <stdint.h>

#include "check_pecli.h"
#include "pe/pe.h"

START_TEST(test_splitmix64_reference)
{
	/* Vigna's splitmix64.c seeded with 1234567: the first five outputs, as
	 * printed by the reference implementation (and by every port that
	 * tests against it). */
	static const uint64_t ref[5] = {
		6457827717110365317u, 3203168211198807973u, 9817491932198370423u,
		4593380528125082431u, 16408922859458223821u
	};
	uint64_t state = 1234567;

	for (int k = 0; k < 5; k++)
		ck_assert_uint_eq(pe_rng_splitmix64(&state), ref[k]);
}
END_TEST

START_TEST(test_xoshiro_reference)
{
	/* xoshiro256** 1.0 from the state {1, 2, 3, 4}: the reference
	 * xoshiro256starstar.c gives 11520, 0, 1509978240, 1215971899390074240
	 * (the first is rotl(2 * 5, 7) * 9 = 11520 by hand). */
	static const uint64_t ref[4] = { 11520u, 0u, 1509978240u, 1215971899390074240u };
	struct pe_rng r = { { 1, 2, 3, 4 }, 0, 0.0 };

	for (int k = 0; k < 4; k++)
		ck_assert_uint_eq(pe_rng_next(&r), ref[k]);
}
END_TEST

START_TEST(test_same_seed_same_stream)
{
	struct pe_rng a, b, c;
	int differ = 0;

	pe_rng_init(&a, 42);
	pe_rng_init(&b, 42);
	pe_rng_init(&c, 43);
	for (int k = 0; k < 1000; k++) {
		double x = pe_rng_normal(&a);
		ck_assert(x == pe_rng_normal(&b));
		differ += x != pe_rng_normal(&c);
	}
	ck_assert_int_eq(differ, 1000);
}
END_TEST

START_TEST(test_normal_moments)
{
	/* N = 200000 standard normals: the sample mean has standard error
	 * 1/sqrt(N) = 0.0022 and the sample variance sqrt(2/N) = 0.0032; allow
	 * five standard errors, and 0.1% of draws beyond 3.29 sigma (two-sided
	 * tail 0.001), within five binomial standard errors. */
	enum { N = 200000 };
	struct pe_rng r;
	double sum = 0.0, sum2 = 0.0, mean, var;
	int tail = 0;

	pe_rng_init(&r, 7);
	for (int k = 0; k < N; k++) {
		double z = pe_rng_normal(&r);
		sum += z;
		sum2 += z * z;
		tail += fabs(z) > 3.2905;
	}
	mean = sum / N;
	var = sum2 / N - mean * mean;
	ck_assert_msg(fabs(mean) < 5 * 0.0022, "mean %g", mean);
	ck_assert_msg(fabs(var - 1.0) < 5 * 0.0032, "variance %g", var);
	ck_assert_msg(fabs(tail - 0.001 * N) < 5 * sqrt(0.001 * N), "tail %d", tail);
}
END_TEST

Suite *suite_rng(void)
{
	Suite *s = suite_create("rng");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_splitmix64_reference);
	tcase_add_test(tc, test_xoshiro_reference);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_same_seed_same_stream);
	tcase_add_test(tc, test_normal_moments);
	suite_add_tcase(s, tc);
	return s;
}

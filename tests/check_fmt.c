/*
 * check_fmt.c - the number formatter: printf's %.*g with --digits, the
 * shortest of 15/16/17 digits that round-trips otherwise.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "out/out.h"

static const char *f(double x, int digits)
{
	static char buf[FMT_BUF];

	fmt_double(buf, x, digits);
	return buf;
}

START_TEST(test_shortest_values)
{
	/* Known decimal expansions of binary64 values (IEEE 754; e.g. Python's
	 * repr prints the same shortest round-trip strings). */
	ck_assert_str_eq(f(0.1, 0), "0.1");
	ck_assert_str_eq(f(0.1 + 0.2, 0), "0.30000000000000004");
	ck_assert_str_eq(f(1.0 / 3.0, 0), "0.3333333333333333");
	ck_assert_str_eq(f(0.0, 0), "0");
	ck_assert_str_eq(f(-0.0, 0), "-0");
	ck_assert_str_eq(f(1024.0, 0), "1024");
	ck_assert_str_eq(f(1e300, 0), "1e+300");
	ck_assert_str_eq(f(INFINITY, 0), "inf");
	ck_assert_str_eq(f(-INFINITY, 0), "-inf");
	ck_assert_str_eq(f(NAN, 0), "nan");
	ck_assert_str_eq(f(0x1.fffffffffffffp+1023, 0), "1.7976931348623157e+308");
}
END_TEST

START_TEST(test_digits_is_printf)
{
	/* With digits N the output is printf("%.*g", N, x) exactly. */
	static const double xs[] = { 3.14159265358979323846, -2.5e-7, 123456789.0, 0.5, 1e21, 4.9e-324 };
	char ref[64];

	for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++)
		for (int d = 1; d <= 17; d++) {
			snprintf(ref, sizeof ref, "%.*g", d, xs[k]);
			ck_assert_str_eq(f(xs[k], d), ref);
		}
	ck_assert_str_eq(f(3.14159265358979323846, 6), "3.14159");
}
END_TEST

START_TEST(test_round_trip_random_bits)
{
	/* Every finite double reads back exactly: 200000 random bit patterns
	 * (all exponents, subnormals included) from a fixed xorshift64 stream. */
	uint64_t state = 0x9E3779B97F4A7C15u;
	int checked = 0;

	for (int k = 0; k < 200000; k++) {
		uint64_t bits;
		double x;

		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		bits = state;
		memcpy(&x, &bits, sizeof x);
		if (!isfinite(x))
			continue;
		ck_assert_msg(strtod(f(x, 0), NULL) == x, "%a printed as %s", x, f(x, 0));
		checked++;
	}
	ck_assert_int_gt(checked, 199000);
}
END_TEST

Suite *suite_fmt(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_shortest_values);
	tcase_add_test(tc, test_digits_is_printf);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_round_trip_random_bits);
	suite_add_tcase(s, tc);
	return s;
}

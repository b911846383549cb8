/*
 * check_num.c - the one number reader (src/util/num.c) that option values
 * and CSV fields share, and the escaping of messages (out_shown).
 *
 * Expected values: the grammar of num.h, which is the decimal subset of
 * C11 7.22.1.3 (strtod) without its hexadecimal, INF, INFINITY and NAN
 * forms; each accepted text's value is what strtod reads in the "C" locale
 * (correctly rounded: 0.1 is the double nearest 1/10, 0x1.999999999999ap-4).
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "check_pecli.h"
#include "util/err.h"
#include "util/num.h"

static void ok(const char *s, double want)
{
	double v = -12345.0;

	ck_assert_msg(num_parse_str(s, &v) == NUM_OK, "'%s' refused", s);
	ck_assert_msg(v == want || (v == 0.0 && want == 0.0), "'%s' read as %a, "
	              "expected %a", s, v, want);
}

static void bad(const char *s, enum num_status want)
{
	double v = -12345.0;

	ck_assert_msg(num_parse_str(s, &v) == want, "'%s': status %d, expected %d",
	              s, (int)num_parse_str(s, &v), (int)want);
	ck_assert_double_eq(v, -12345.0);   /* untouched */
}

START_TEST(test_accepted)
{
	ok("0", 0.0);
	ok("-0", -0.0);
	ok("+1", 1.0);
	ok("1.", 1.0);
	ok(".5", 0.5);
	ok("-.5e1", -5.0);
	ok("1e4", 10000.0);
	ok("1E+4", 10000.0);
	ok("2.5e-3", 2.5e-3);
	ok("0.1", 0x1.999999999999ap-4);   /* C11 6.4.4.2: the nearest double */
	ok("1.7976931348623157e308", DBL_MAX);
	/* below the smallest subnormal (4.9e-324): rounds to 0, as strtod does */
	ok("1e-400", 0.0);
	ok("4.9406564584124654e-324", 0x1p-1074);
}
END_TEST

START_TEST(test_refused)
{
	bad("", NUM_EMPTY);
	/* strtod reads each of these; the grammar does not */
	bad("0x10", NUM_SYNTAX);
	bad("0x1p-2", NUM_SYNTAX);
	bad(" 1", NUM_SYNTAX);
	bad("1 ", NUM_SYNTAX);
	bad("\t1", NUM_SYNTAX);
	bad("nan(123)", NUM_SYNTAX);
	/* no digits, stray characters */
	bad(".", NUM_SYNTAX);
	bad("-", NUM_SYNTAX);
	bad("+.e1", NUM_SYNTAX);
	bad("1e", NUM_SYNTAX);
	bad("1e+", NUM_SYNTAX);
	bad("0.2x", NUM_SYNTAX);
	bad("1,5", NUM_SYNTAX);
	bad("1_000", NUM_SYNTAX);
	bad("--1", NUM_SYNTAX);
	bad("1\n", NUM_SYNTAX);
	/* the words strtod reads as inf and nan, any case, signed */
	bad("inf", NUM_NONFINITE);
	bad("-Infinity", NUM_NONFINITE);
	bad("NaN", NUM_NONFINITE);
	bad("+nan", NUM_NONFINITE);
	/* beyond DBL_MAX (1.797e308) */
	bad("1e400", NUM_RANGE);
	bad("-1.8e308", NUM_RANGE);
}
END_TEST

/* num_parse reads [s, s + len) only: a CSV field ends at ',' in place */
START_TEST(test_bounded)
{
	const char *line = "1.25,x";
	char longnum[200];
	double v = 0.0;

	ck_assert_int_eq(num_parse(line, 4, &v), NUM_OK);
	ck_assert_double_eq(v, 1.25);
	ck_assert_int_eq(num_parse(line, 5, &v), NUM_SYNTAX);
	ck_assert_int_eq(num_parse(line, 0, &v), NUM_EMPTY);
	/* a text longer than the reader's stack buffer: 1 and 150 zeros after
	 * the point, then 1: the value 1 + 1e-151, which rounds to 1 */
	memset(longnum, '0', sizeof longnum);
	memcpy(longnum, "1.", 2);
	longnum[152] = '1';
	longnum[153] = '\0';
	ck_assert_int_eq(num_parse_str(longnum, &v), NUM_OK);
	ck_assert_double_eq(v, 1.0);
}
END_TEST

/* out_shown: every control character escaped as C writes it, so a message
 * stays one line; nothing else changed; an escape never cut in half */
START_TEST(test_shown)
{
	char buf[64];

	ck_assert_str_eq(out_shown(buf, sizeof buf, "a\nb\tc\rd"), "a\\nb\\tc\\rd");
	ck_assert_str_eq(out_shown(buf, sizeof buf, "\x1b[31m\x7f\x01"),
	                 "\\x1b[31m\\x7f\\x01");
	ck_assert_str_eq(out_shown(buf, sizeof buf, "caf\xc3\xa9 \\n"), "caf\xc3\xa9 \\n");
	/* 6 bytes of room: "ab" and "\x1b" (4) do not fit together with the NUL */
	ck_assert_str_eq(out_shown(buf, 6, "ab\x1b"), "ab");
	ck_assert_str_eq(out_shown(buf, 7, "ab\x1b"), "ab\\x1b");
}
END_TEST

Suite *suite_num(void)
{
	Suite *s = suite_create("num");
	TCase *values = tcase_create("values");
	TCase *errors = tcase_create("errors");

	tcase_add_test(values, test_accepted);
	tcase_add_test(values, test_bounded);
	tcase_add_test(values, test_shown);
	tcase_add_test(errors, test_refused);
	suite_add_tcase(s, values);
	suite_add_tcase(s, errors);
	return s;
}

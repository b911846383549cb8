/*
 * check_fmt.c - the number formatter: printf's %.*g with --digits, the
 * shortest of 15/16/17 digits that round-trips otherwise.  The exact
 * integer formatter is compared byte for byte with glibc's snprintf (and
 * strtod) on over a million values.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/write.h"

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

/* ---- the fast formatter against the C library, value for value ---- */

/*
 * The specification fmt_double keeps (out.h): glibc's snprintf "%.*g" with
 * digits 1..17, else the first of %.15g, %.16g that strtod reads back as x,
 * else %.17g.  This is the formatter pecli had before the exact integer
 * path, kept here as the reference the fast path must match byte for byte.
 */
static void ref_fmt(char *buf, double x, int digits)
{
	if (isnan(x)) {
		strcpy(buf, "nan");
		return;
	}
	if (isinf(x)) {
		strcpy(buf, x < 0 ? "-inf" : "inf");
		return;
	}
	if (digits > 0) {
		snprintf(buf, FMT_BUF, "%.*g", digits, x);
		return;
	}
	for (int prec = 15; prec < 17; prec++) {
		snprintf(buf, FMT_BUF, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
	snprintf(buf, FMT_BUF, "%.17g", x);
}

/* Compare fmt_double with ref_fmt; the number of mismatches (the first few
 * are printed to stderr so a failure names its values). */
static int mismatches;

static void same(double x, int digits)
{
	char got[FMT_BUF + 8], want[FMT_BUF + 8];
	size_t len;

	/* a guard after the buffer: fmt_double writes at most FMT_BUF bytes */
	memset(got, 'Z', sizeof got);
	len = fmt_double(got, x, digits);
	ref_fmt(want, x, digits);
	if (strcmp(got, want) != 0 || len != strlen(want) || got[FMT_BUF] != 'Z') {
		if (mismatches < 10)
			fprintf(stderr, "fmt_double(%a, %d) = \"%s\" (%zu), printf: \"%s\"\n",
			        x, digits, got, len, want);
		mismatches++;
	}
}

/* the fixed xorshift64 stream of test_round_trip_random_bits */
static uint64_t xorshift(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static double from_bits(uint64_t bits)
{
	double x;

	memcpy(&x, &bits, sizeof x);
	return x;
}

START_TEST(test_special_values)
{
	/* C11 7.21.6.1p8: %g of an infinity is "inf", of a NaN "nan" (with a
	 * sign for negative NaN in glibc, which pecli does not print: NaN has
	 * no sign worth showing in a table); zeros keep their sign. */
	static const double xs[] = { 0.0, -0.0, INFINITY, -INFINITY, 5e-324, -5e-324,
	                             0x1p-1022, 0x1.fffffffffffffp-1023, 0x1.fffffffffffffp+1023,
	                             0x1p52, 0x1p53, 0x1p53 - 1, 0x1p53 + 2, 0x1p64, 0x1p-1074 };

	mismatches = 0;
	for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++)
		for (int d = 0; d <= FMT_DIGITS_MAX; d++)
			same(xs[k], d);
	ck_assert_int_eq(mismatches, 0);
	ck_assert_str_eq(f(NAN, 6), "nan");
	ck_assert_str_eq(f(-0.0, 6), "-0");
	ck_assert_str_eq(f(0.0, 17), "0");
	/* digits past 17 are 17 */
	ck_assert_str_eq(f(0.1, 40), "0.10000000000000001");
}
END_TEST

START_TEST(test_fast_random_bits)
{
	/* 60000 random bit patterns (every exponent, subnormals, inf, nan):
	 * the default form and one --digits form each, digits cycling 1..17. */
	uint64_t state = 0x2545F4914F6CDD1Du;

	mismatches = 0;
	for (int k = 0; k < 60000; k++) {
		double x = from_bits(xorshift(&state));

		same(x, 0);
		same(x, 1 + k % FMT_DIGITS_MAX);
	}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fast_unit_interval)
{
	/* What pecli prints most: values in [-1, 1] (sin, cos, cosine scores).
	 * 100000 uniform doubles (53 random bits, then a random sign and a
	 * random scale 2^-j, j < 30) and 30000 sin(k): the default form,
	 * --digits 6 (the bench and numpy's %.6g) and one more digits. */
	uint64_t state = 0x9E3779B97F4A7C15u;

	mismatches = 0;
	for (int k = 0; k < 100000; k++) {
		uint64_t r = xorshift(&state);
		double x = ldexp((double)(r >> 11), -53 - (int)(r % 30));

		if (r & 1024)
			x = -x;
		same(x, 0);
		same(x, 6);
		same(x, 1 + k % FMT_DIGITS_MAX);
	}
	for (int k = 0; k < 30000; k++) {
		double x = sin((double)k);

		same(x, 0);
		same(x, 6);
		same(x, 1 + k % FMT_DIGITS_MAX);
	}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fast_integers)
{
	/* Integers 0..9999 with every digits (digits8 sees every 4-digit group
	 * and every 2-digit quarter; ties such as 125 at 2 digits), then 50000
	 * random integers below 2^64 and their halves (x.5). */
	uint64_t state = 0xD1B54A32D192ED03u;

	mismatches = 0;
	for (int v = 0; v < 10000; v++)
		for (int d = 0; d <= FMT_DIGITS_MAX; d++)
			same((double)v, d);
	for (int k = 0; k < 50000; k++) {
		uint64_t r = xorshift(&state) >> (xorshift(&state) % 64);
		double x = (double)r;

		same(x, 0);
		same(x, 1 + k % FMT_DIGITS_MAX);
		same(x + 0.5, 1 + (k + 7) % FMT_DIGITS_MAX);
	}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fast_powers_of_ten)
{
	/* 10^k for every k a double reaches, and three doubles on each side: where floor(log10 |x|) changes and the exponent guess must be
	 * corrected.  Also the P-digit round-up boundaries (10^P - 1/2) 10^j,
	 * where 9.99..95 becomes 10.0 and the exponent grows by one. */
	char s[64];

	mismatches = 0;
	for (int k = -324; k <= 308; k++) {
		double x;

		snprintf(s, sizeof s, "1e%d", k);
		x = strtod(s, NULL);
		for (int step = 0; step < 3; step++) {
			for (int d = 0; d <= FMT_DIGITS_MAX; d++) {
				same(x, d);
				same(-x, d);
			}
			x = nextafter(x, INFINITY);
		}
		x = nextafter(strtod(s, NULL), 0.0);
		for (int step = 0; step < 3; step++) {
			for (int d = 0; d <= FMT_DIGITS_MAX; d++)
				same(x, d);
			x = nextafter(x, 0.0);
		}
	}
	/* Powers of two and their neighbours: below 2^j the gap to the next
	 * lower double is half the gap above, so the round-trip test must use
	 * a quarter gap on that side (IEEE 754 binary64 spacing). */
	for (int j = -1074; j <= 1023; j++)
		for (int d = 0; d <= FMT_DIGITS_MAX; d += (d < 15 ? 6 : 1)) {
			same(ldexp(1.0, j), d);
			same(nextafter(ldexp(1.0, j), 0.0), d);
			same(nextafter(ldexp(1.0, j), INFINITY), d);
		}
	for (int p = 1; p <= FMT_DIGITS_MAX; p++)
		for (int j = -30; j <= 30; j++) {
			double x;

			snprintf(s, sizeof s, "%.*se%d", p, "99999999999999999", j);
			x = strtod(s, NULL);   /* 9.99..9 with p nines */
			snprintf(s, sizeof s, "%.*s5e%d", p, "99999999999999999", j);
			x = strtod(s, NULL);   /* ...95: the boundary */
			for (int d = 0; d <= FMT_DIGITS_MAX; d++) {
				same(x, d);
				same(nextafter(x, 0.0), d);
				same(nextafter(x, INFINITY), d);
			}
		}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fast_halfway)
{
	/* Exact decimal ties: k / 2^j has exactly j decimals, the last a 5, so
	 * rounding away its last digit is a tie, which glibc breaks to even on
	 * the exact value (round_away() in glibc include/rounding-mode.h).
	 * 0.125 at 2 digits is "0.12", 0.375 is "0.38", 2.5 at 1 digit "2". */
	uint64_t state = 0xBF58476D1CE4E5B9u;

	ck_assert_str_eq(f(0.125, 2), "0.12");
	ck_assert_str_eq(f(0.375, 2), "0.38");
	ck_assert_str_eq(f(2.5, 1), "2");
	ck_assert_str_eq(f(3.5, 1), "4");
	ck_assert_str_eq(f(-1250.0, 2), "-1.2e+03");
	mismatches = 0;
	for (int k = 0; k < 10000; k++) {
		uint64_t r = xorshift(&state);
		double x = ldexp((double)(r >> (11 + r % 40)), -(int)(1 + r % 20));

		for (int d = 1; d <= FMT_DIGITS_MAX; d++)
			same(x, d);
	}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fast_subnormal_and_huge)
{
	/* Outside the exact fast path: subnormals, tiny normals, |x| >= 2^53.
	 * These take the general integer path or snprintf; same bytes. */
	uint64_t state = 0x94D049BB133111EBu;

	mismatches = 0;
	for (int k = 0; k < 5000; k++) {
		uint64_t r = xorshift(&state);
		double sub = from_bits(r & ((UINT64_C(1) << 52) - 1));
		double tiny = from_bits((r & ((UINT64_C(1) << 52) - 1)) | ((r >> 52) % 60 + 1) << 52);
		double huge = ldexp((double)(r >> 11), (int)(r % 200));

		same(sub, 0);
		same(sub, 1 + k % FMT_DIGITS_MAX);
		same(tiny, 0);
		same(tiny, 1 + k % FMT_DIGITS_MAX);
		same(huge, 0);
		same(huge, 1 + k % FMT_DIGITS_MAX);
	}
	ck_assert_int_eq(mismatches, 0);
}
END_TEST

START_TEST(test_fmt_row_is_fmt_double)
{
	/* fmt_row (out.h) is fmt_double cell by cell, each followed by the
	 * separator: the same bytes for rows of random bits, unit values and
	 * specials (its inlined fast path must fall back exactly where
	 * fmt_double does), every digits, and an empty row. */
	enum { W = 64 };
	uint64_t state = 0x3C6EF372FE94F82Bu;
	double x[W] = { 0.0 };
	char got[W * (FMT_BUF + 1)], want[W * (FMT_BUF + 1)];

	ck_assert_uint_eq(fmt_row(got, x, 0, 6, ','), 0);
	for (int k = 0; k < 50; k++) {
		for (int j = 0; j < W; j++) {
			uint64_t r = xorshift(&state);

			x[j] = j % 3 == 0 ? from_bits(r)
			     : j % 3 == 1 ? ldexp((double)(r >> 11), -53 - (int)(r % 8))
			     : (double)(r % 1000) - 500.0;
		}
		x[k % W] = k % 2 ? -0.0 : NAN;
		x[(k + 1) % W] = k % 2 ? INFINITY : 5e-324;
		for (int d = 0; d <= FMT_DIGITS_MAX + 1; d++) {
			char *q = want;
			size_t len;

			for (int j = 0; j < W; j++) {
				q += fmt_double(q, x[j], d);
				*q++ = d % 2 ? ',' : '\t';
			}
			len = fmt_row(got, x, W, d, d % 2 ? ',' : '\t');
			ck_assert_uint_eq(len, (size_t)(q - want));
			ck_assert(memcmp(got, want, len) == 0);
		}
	}
}
END_TEST

static const char *within(double x, double rad, int digits)
{
	static char buf[FMT_BUF + 1];
	size_t len = fmt_row_within(buf, &x, &rad, 1, digits, ',');

	if (len == 0)
		return NULL;
	buf[len] = '\0';
	return buf;
}

START_TEST(test_row_within_cases)
{
	/* an interval prints when both ends print the same at these digits
	 * (glibc's printf("%.6g") of 1 +- 1e-12 is "1" at both ends) */
	ck_assert_str_eq(within(1.0, 1e-12, 6), "1,");
	ck_assert_str_eq(within(-2.5e-7, 1e-20, 3), "-2.5e-07,");
	ck_assert_str_eq(within(123456.7, 0.01, 6), "123457,");
	/* across a six-digit rounding boundary (1.000005 between 1.00000 and
	 * 1.00001), across zero ("-1e-300" and "1e-300"), across a power of
	 * ten ("9.99999e+04" and "100000") */
	ck_assert_ptr_null(within(1.000005, 1e-9, 6));
	ck_assert_ptr_null(within(0.0, 1e-300, 6));
	ck_assert_ptr_null(within(99999.95, 1e-6, 6));
	/* just under a power of ten: 0.99999996 and 1 - 1e-12 print "1" at six
	 * digits like 1 does; 0.99999949 prints "0.999999" */
	ck_assert_str_eq(within(1.0, 4e-8, 6), "1,");
	ck_assert_ptr_null(within(1.0, 6e-7, 6));
	ck_assert_str_eq(within(0.99999996, 1e-9, 6), "1,");
	/* no interval: a NaN, an infinite or negative radius, an end that
	 * overflows, no digits */
	ck_assert_ptr_null(within(NAN, 1e-9, 6));
	ck_assert_ptr_null(within(1.0, NAN, 6));
	ck_assert_ptr_null(within(1.0, -1e-9, 6));
	ck_assert_ptr_null(within(1.0, INFINITY, 6));
	ck_assert_ptr_null(within(1.7976931348623157e308, 1e300, 6));
	ck_assert_ptr_null(within(1.0, 1e-12, 0));
	/* radius 0: the value is exact and prints as fmt_double does */
	ck_assert_str_eq(within(NAN, 0.0, 6), "nan,");
	ck_assert_str_eq(within(0.1, 0.0, 17), "0.10000000000000001,");
	/* the widening by one ulp each side: 1 + 2^-52 within 2^-53 touches
	 * 1 + 2^-53 ... 1 + 3 2^-53, all "1.0000000000000002" at 17 digits
	 * but the step outwards reaches 1 and 1 + 2^-51 */
	ck_assert_ptr_null(within(1.0 + 0x1p-52, 0x1p-53, 17));
}
END_TEST

/* A table of two columns, a coordinate i + 0.123456789 and a value 1 +
 * i / 4 within rad; no draft of row 3. */
struct toy_draft {
	double rad;
	int n_calls;
};

static int toy_fill_draft(void *ctx, size_t i, double *out, double *rad)
{
	struct toy_draft *c = ctx;

	c->n_calls++;
	if (i == 3)
		return 0;
	out[0] = (double)i + 0.123456789;
	rad[0] = 0.0;
	out[1] = 1.0 + (double)i / 4.0;
	rad[1] = c->rad;
	return 1;
}

static const char *toy_cell_text(void *ctx, size_t i, size_t j, const double *row)
{
	(void)ctx;
	(void)i;
	(void)j;
	(void)row;
	return NULL;
}

/* fmt_draft_row of row i of t at digits, NUL-terminated, or NULL for 0 */
static const char *draft_text(const struct table_src *t, size_t i, int digits)
{
	static char buf[2 * (FMT_BUF + 1) + 1];
	double row[2], rad[2];
	size_t len = fmt_draft_row(buf, t, i, row, rad, digits, ',');

	if (len == 0)
		return NULL;
	buf[len] = '\0';
	return buf;
}

START_TEST(test_draft_row_cases)
{
	/* the writer's one call for a draft row: the coordinate exact (round
	 * trip, whatever the digits), the value at digits when settled; 0
	 * where the row has no draft, is unsettled, or drafts do not apply
	 * (digits 0 or above draft_digits, text cells, no data columns, no
	 * fill_draft: then fill_draft is not even called) */
	struct toy_draft c = { 1e-12, 0 };
	struct table_src t;

	memset(&t, 0, sizeof t);
	t.n_rows = 8;
	t.n_cols = 2;
	t.n_index = 1;
	t.fill_draft = toy_fill_draft;
	t.draft_digits = 8;
	t.ctx = &c;
	ck_assert_str_eq(draft_text(&t, 2, 3), "2.123456789,1.5,");
	ck_assert_str_eq(draft_text(&t, 5, 8), "5.123456789,2.25,");
	ck_assert_ptr_null(draft_text(&t, 3, 6));        /* no draft of row 3 */
	ck_assert_int_eq(c.n_calls, 3);
	c.rad = 0.1;                                      /* 1.4 .. 1.6 at 2 digits */
	ck_assert_ptr_null(draft_text(&t, 2, 2));
	ck_assert_ptr_null(draft_text(&t, 2, 1));        /* "1" and "2" */
	ck_assert_str_eq(draft_text(&t, 4, 1), "4.123456789,2,");   /* 1.9 .. 2.1: "2" */
	c.rad = 1e-12;
	c.n_calls = 0;
	ck_assert_ptr_null(draft_text(&t, 2, 9));        /* above draft_digits */
	ck_assert_ptr_null(draft_text(&t, 2, 0));        /* round trip: never drafted */
	t.cell_text = toy_cell_text;
	ck_assert_ptr_null(draft_text(&t, 2, 6));
	t.cell_text = NULL;
	t.n_index = 2;
	ck_assert_ptr_null(draft_text(&t, 2, 6));
	t.n_index = 1;
	t.fill_draft = NULL;
	ck_assert_ptr_null(draft_text(&t, 2, 6));
	ck_assert_int_eq(c.n_calls, 0);
}
END_TEST

START_TEST(test_row_within_monotonic)
{
	/* whatever fmt_row_within prints, every double in the interval prints
	 * too (rounding to digits is monotonic), checked at 17 points of each
	 * of 40000 random intervals, 1 to 12 digits, a third of them next to
	 * a power of ten; and a row of several
	 * settles only when each of its cells does */
	uint64_t state = 0xBB67AE8584CAA73Bu;
	int settled = 0, unsettled = 0;

	for (int k = 0; k < 40000; k++) {
		uint64_t r = xorshift(&state);
		int digits = 1 + (int)(r % 12);
		double x = ldexp((double)(xorshift(&state) >> 11) * 0x1p-53, (int)(r >> 8) % 80 - 40);
		double rad = fabs(x) * exp2(-16.0 - (double)(xorshift(&state) % 40));

		/* a third next to a power of ten, where the exponent changes */
		if (k % 3 == 0)
			x = pow(10.0, (double)((int)(r >> 16) % 30 - 15))
			    * (1.0 + ((double)(xorshift(&state) >> 11) * 0x1p-52 - 1.0) * 0x1p-18);
		const char *text;
		char want[FMT_BUF + 1];

		if (r & 1)
			x = -x;
		text = within(x, rad, digits);
		if (!text) {
			unsettled++;
			continue;
		}
		settled++;
		for (int t = -8; t <= 8; t++) {
			double y = x + rad * (double)t / 8.0;
			size_t len = fmt_double(want, y, digits);

			want[len] = ',';
			want[len + 1] = '\0';
			ck_assert_msg(strcmp(want, text) == 0, "%a +- %a at %d digits: %s, but %a: %s",
			              x, rad, digits, text, y, want);
		}
	}
	/* both outcomes occur, or the property was not exercised */
	ck_assert_int_gt(settled, 1000);
	ck_assert_int_gt(unsettled, 1000);
	{
		double xs[3] = { 1.0, 1.000005, 2.0 }, rads[3] = { 1e-12, 1e-9, 0.0 };
		char buf[3 * (FMT_BUF + 1)];

		ck_assert_uint_eq(fmt_row_within(buf, xs, rads, 3, 6, ','), 0);
		xs[1] = 1.0000051;
		ck_assert_uint_eq(fmt_row_within(buf, xs, rads, 3, 6, ','), 12);
		ck_assert(memcmp(buf, "1,1.00001,2,", 12) == 0);
	}
}
END_TEST

Suite *suite_fmt(void)
{
	Suite *s = suite_create("fmt");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_shortest_values);
	tcase_add_test(tc, test_digits_is_printf);
	tcase_add_test(tc, test_special_values);
	tcase_add_test(tc, test_fast_halfway);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_round_trip_random_bits);
	tcase_add_test(tc, test_fast_random_bits);
	tcase_add_test(tc, test_fast_unit_interval);
	tcase_add_test(tc, test_fast_integers);
	tcase_add_test(tc, test_fast_powers_of_ten);
	tcase_add_test(tc, test_fast_subnormal_and_huge);
	tcase_add_test(tc, test_fmt_row_is_fmt_double);
	tcase_add_test(tc, test_row_within_cases);
	tcase_add_test(tc, test_draft_row_cases);
	tcase_add_test(tc, test_row_within_monotonic);
	suite_add_tcase(s, tc);
	return s;
}

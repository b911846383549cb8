/*
 * fmt.c - the one number formatter of pecli's text output.
 *
 * By default a number is printed with the fewest of 15, 16 or 17
 * significant digits that reads back as exactly the same double (17 always
 * suffice for IEEE 754 binary64; 15 suffice whenever the shortest
 * round-trip form has at most 15, because a double's half-ulp is smaller
 * than half the spacing of 15-digit decimals).  With --digits N it is
 * printf's "%.*g".  pecli never calls setlocale, so LC_NUMERIC stays "C" and
 * the decimal point is always '.'.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

static size_t put(char *buf, const char *s)
{
	size_t n = strlen(s);

	memcpy(buf, s, n + 1);
	return n;
}

size_t fmt_double(char *buf, double x, int digits)
{
	int n;

	if (isnan(x))
		return put(buf, "nan");
	if (isinf(x))
		return put(buf, x < 0 ? "-inf" : "inf");
	if (digits > 0) {
		if (digits > FMT_DIGITS_MAX)
			digits = FMT_DIGITS_MAX;
		n = snprintf(buf, FMT_BUF, "%.*g", digits, x);
		return (size_t)n;
	}
	for (int prec = 15; prec < 17; prec++) {
		n = snprintf(buf, FMT_BUF, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return (size_t)n;
	}
	n = snprintf(buf, FMT_BUF, "%.17g", x);
	return (size_t)n;
}

/*
 * sincos.c - sines, cosines and lengths for drafts: a block at a time, in
 * straight-line code a compiler turns into vector instructions; the sines
 * and cosines close to glibc's sin and cos but not always the same double,
 * the lengths sqrt(a^2 + b^2) as written (not hypot).
 *
 * A draft is only ever a shortcut to a value whose printed form is already
 * settled: the caller carries an error bound with it (PE_SINCOS_ERR per
 * sine or cosine) and prints the draft only when every number in that
 * interval prints the same (fmt_row_within); otherwise it computes the row
 * again with glibc.  So output never changes, however these bits fall.
 *
 *   x = k pi/2 + r,  |r| <= pi/4 (a little more when x 2/pi rounds off)
 *
 * k = round(x 2/pi), by adding and subtracting 1.5 2^52, whose low bits
 * then hold k mod 4.  r by Cody and Waite's reduction (W. J. Cody and W.
 * Waite, "Software Manual for the Elementary Functions", 1980, ch. 8) with
 * pi/2 = C1 + C2 + C3: C1 and C2 its first two 26-bit pieces, C3 the rest
 * rounded to a double (|pi/2 - C1 - C2 - C3| < 2^-108; the three constants
 * were cut from a 300-bit pi with mpmath).  For |x| <= 2^26, k < 2^26 has
 * 26 bits, so k C1 and k C2 are exact, x - k C1 is exact (Sterbenz), and r
 * is off by a few units of 2^-53 at most.  sin r and cos r by their Taylor
 * series through r^17 and r^18 (next terms below 1e-19 for |r| < 0.8), in
 * Horner form on z = r^2; each 1/n! is an exact integer divided at compile
 * time, so correctly rounded.  Then
 *
 *   k mod 4      0      1      2      3
 *   sin x        s      c     -s     -c
 *   cos x        c     -s     -c      s
 *
 * done with bit masks, not branches.
 *
 * Measured with a one-off program against glibc 2.36's sin and cos: at
 * most 2^-52 apart over 64 million RoPE angles (d = 128, distances below
 * 10^6), 12.8 million log-uniform random ones from 2^-30 to 2^26 and 12.8
 * million within 4 ulps of k pi/2, so PE_SINCOS_ERR = 2^-47 is 32 times
 * the worst seen; the SSE2, AVX2 and AVX-512 builds gave the same bits on
 * 19.2 million of them.  tests/check_decay.c (test_sincos_draft_glibc)
 * repeats a smaller set.  Speed on this repository's bench machine (AMD
 * EPYC, a C timing loop): 4.8 ns an
 * angle with SSE2, 2.3 with AVX2, 1.2 with AVX-512; glibc's sin and cos
 * together 17 ns.  Where the compiler can, the function is built for all
 * three and the loader picks the best the CPU has (target_clones); the
 * operations are the same IEEE ones in every lane and every build (no
 * contraction into fused multiply-adds under -std=c11), so the draft is
 * too.
 */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "pe/pe.h"

#if defined(HAVE_TARGET_CLONES)
#define PE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PE_CLONES
#endif

static const double C1 = 0x1.921fb5p+0;             /* pi/2, first 26 bits */
static const double C2 = 0x1.110b46p-26;            /* the next 26 */
static const double C3 = 0x1.1a62633145c07p-54;     /* the rest, rounded */
static const double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
static const double ROUND = 0x1.8p52;               /* 1.5 2^52 */

PE_CLONES
void pe_sincos_draft(double *restrict c, double *restrict s, const double *restrict x)
{
	for (size_t i = 0; i < PE_SINCOS_N; i++) {
		double t = x[i] * TWO_OVER_PI + ROUND;
		double k = t - ROUND;
		double r = ((x[i] - k * C1) - k * C2) - k * C3;
		double z = r * r;
		double ps = -1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880
		            + z * (-1.0 / 39916800 + z * (1.0 / 6227020800.0
		            + z * (-1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0)))))));
		double pc = 1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
		            + z * (1.0 / 479001600 + z * (-1.0 / 87178291200.0
		            + z * (1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0)))))));
		double sn = r + r * z * ps;
		double cs = 1.0 - 0.5 * z + z * z * pc;
		uint64_t q, sb, cb, odd, so, co;

		memcpy(&q, &t, sizeof q);          /* low bits: k mod 4 */
		memcpy(&sb, &sn, sizeof sb);
		memcpy(&cb, &cs, sizeof cb);
		odd = (uint64_t)0 - (q & 1);       /* all ones when k is odd */
		so = (sb & ~odd) | (cb & odd);
		co = (cb & ~odd) | (sb & odd);
		so ^= (q & 2) << 62;               /* sin < 0 for k = 2, 3 */
		co ^= ((q ^ (q >> 1)) & 1) << 63;  /* cos < 0 for k = 1, 2 */
		memcpy(&s[i], &so, sizeof so);
		memcpy(&c[i], &co, sizeof co);
	}
}

/* Built with -fno-math-errno (Makefile.am): sqrt of a sum of squares never
 * sets errno, but without the flag gcc cannot know that and keeps a scalar
 * sqrt with a test beside it; with it, the vector square root, the same
 * correctly rounded double lane by lane. */
PE_CLONES
void pe_hypot_draft(double *restrict h, const double *restrict a, const double *restrict b)
{
	for (size_t i = 0; i < PE_SINCOS_N; i++)
		h[i] = sqrt(a[i] * a[i] + b[i] * b[i]);
}

int pe_sincos_draft_angles(double *restrict c, double *restrict s, const double *inv_freq,
                           double p, size_t n)
{
	double x[PE_SINCOS_N];
	int in_range = 1;

	for (size_t k = 0; k < PE_SINCOS_N; k++) {
		x[k] = k < n ? p * inv_freq[k] : 0.0;   /* the angle as the exact paths form it */
		in_range &= fabs(x[k]) <= PE_SINCOS_MAX;   /* NaN: 0 */
	}
	if (!in_range)
		return 0;
	pe_sincos_draft(c, s, x);
	return 1;
}

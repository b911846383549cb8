/*
 * fpround.c - exact rounding of a double to the storage formats models keep
 * positional tables in: IEEE 754 binary32 (float32), binary16 (float16) and
 * bfloat16, each round to nearest, ties to even (IEEE 754-2008 section 4.3.1,
 * roundTiesToEven), with gradual underflow to subnormals, overflow to
 * +-infinity and NaN passed through.
 *
 * Formats, as (p significand bits with the hidden one, emin, emax):
 *   binary32  (24, -126, 127)   IEEE 754-2008 table 3.2
 *   binary16  (11,  -14,  15)   IEEE 754-2008 table 3.2
 *   bfloat16  ( 8, -126, 127)   the top 16 bits of binary32 (Google Brain;
 *                               Kalamkar et al. 2019, "A Study of BFLOAT16
 *                               for Deep Learning Training", section 2)
 * Largest finite value (2 - 2^(1-p)) 2^emax; smallest subnormal 2^(emin-p+1).
 *
 * Method: frexp gives |x| = f 2^e, f in [1/2, 1), so the binade exponent is
 * E = e - 1.  The spacing of the target format there is 2^q with
 * q = max(E, emin) - (p - 1) (emin fixes the spacing in the subnormal
 * range).  |x| 2^-q is formed exactly by ldexp (a power-of-two scaling),
 * rounded to an integer with ties to even by hand (floor and the exact
 * fractional part, so the current floating-point rounding mode plays no
 * part), and scaled back exactly.  A result above the largest finite value
 * becomes infinity: IEEE overflow is decided after rounding with an
 * unbounded exponent, so 65520 = 65504 + half an ulp rounds (tie, to the
 * even 2048 * 32) to 65536 and overflows.  Rounding a double to binary16 or
 * bfloat16 goes there directly, never through binary32 (double rounding
 * would break ties: 1 + 2^-11 + 2^-30 rounds to 1 + 2^-10 directly, but
 * to 1 through binary32, which first makes it the tie 1 + 2^-11).
 *
 * Left out: the other rounding directions, signalling NaN payloads (a NaN
 * is returned as it came), the C compiler's _Float16 (not portable).
 *
 * Legend: p precision in bits, E binade exponent, q exponent of the ulp.
 */
#include <math.h>

#include "pe/pe.h"

/* ---- the one rounding routine, parameterised by format ---- */

struct fp_format {
	int p;      /* significand bits, hidden bit included */
	int emin;   /* exponent of the smallest normal number */
	int emax;   /* exponent of the largest finite number */
};

static const struct fp_format fmt_f32 = { 24, -126, 127 };
static const struct fp_format fmt_f16 = { 11, -14, 15 };
static const struct fp_format fmt_bf16 = { 8, -126, 127 };

/* The integer nearest to y >= 0, ties to even; y < 2^53. */
static double rint_even(double y)
{
	double fl = floor(y);
	double frac = y - fl;   /* exact: the low bits of y's own significand */

	if (frac > 0.5)
		return fl + 1.0;
	if (frac < 0.5)
		return fl;
	/* tie: fl < 2^p <= 2^24 here, so fmod is exact */
	return fmod(fl, 2.0) == 0.0 ? fl : fl + 1.0;
}

static double round_to(double x, const struct fp_format *f)
{
	double a, max_finite, y;
	int e, q;

	if (isnan(x) || isinf(x) || x == 0.0)
		return x;
	a = fabs(x);
	(void)frexp(a, &e);
	q = (e - 1 > f->emin ? e - 1 : f->emin) - (f->p - 1);
	y = ldexp(rint_even(ldexp(a, -q)), q);
	max_finite = ldexp(2.0 - ldexp(1.0, 1 - f->p), f->emax);
	if (y > max_finite)
		y = INFINITY;
	return copysign(y, x);   /* keeps -0 for negative values that underflow */
}

/* ---- public entry points ---- */

double pe_round_f32(double x)
{
	return round_to(x, &fmt_f32);
}

double pe_round_f16(double x)
{
	return round_to(x, &fmt_f16);
}

double pe_round_bf16(double x)
{
	return round_to(x, &fmt_bf16);
}

double pe_round(enum pe_fp fp, double x)
{
	switch (fp) {
	case PE_FP32: return pe_round_f32(x);
	case PE_FP16: return pe_round_f16(x);
	case PE_BF16: return pe_round_bf16(x);
	case PE_FP64: break;
	}
	return x;
}

double pe_fp_unit_roundoff(enum pe_fp fp)
{
	switch (fp) {
	case PE_FP64: return 0x1p-53;
	case PE_FP32: return 0x1p-24;
	case PE_FP16: return 0x1p-11;
	case PE_BF16: return 0x1p-8;
	}
	return NAN;
}

double pe_fp_tolerance_floor(enum pe_fp fp)
{
	return 5.0 * pe_fp_unit_roundoff(fp);   /* pe.h: 4u + 2u^2, and margin */
}

const char *pe_fp_name(enum pe_fp fp)
{
	switch (fp) {
	case PE_FP64: return "float64";
	case PE_FP32: return "float32";
	case PE_FP16: return "float16";
	case PE_BF16: return "bfloat16";
	}
	return "unknown";
}

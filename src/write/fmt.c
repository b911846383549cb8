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
 *
 * The output is byte for byte what glibc's snprintf("%.*g") gives (and, by
 * default, what the loop "snprintf %.15g, %.16g; keep the first that strtod
 * reads back as x; else %.17g" gives), but computed exactly with integers,
 * five to ten times faster: CSV output is nearly all number formatting.
 *
 *   x = m 2^e            m < 2^53 the integer significand, e the exponent
 *   P                    significant digits wanted
 *   E = floor(log10 x)   the decimal exponent, s = P - 1 - E the scale
 *   D = round(x 10^s)    the P digits, rounded half to even on the exact
 *                        value, as glibc's printf_fp rounds in the default
 *                        rounding mode (round_away() in glibc's
 *                        include/rounding-mode.h)
 *
 * For |x| < 2^53 and s <= 22, x 10^s = m 10^s / 2^-e exactly with m 10^s <
 * 2^127 (m 10^22 < 2^53 2^73.1), so one 64 x 64 -> 128-bit product and a
 * shift give D and the exact remainder.  Whether D 10^-s reads back as x is
 * exact too: strtod rounds to nearest, ties to even, so it does when D 10^-s
 * lies within half a gap of x (a quarter gap below a power of two, where the
 * gap below is half as wide), or on that boundary with m even.  Anything
 * else (|x| >= 2^53 with s < 0, tiny or subnormal x, compilers without a
 * 128-bit integer) goes to snprintf and strtod as before; tests/check_fmt.c
 * compares both on millions of values.  The %g layout is C11 7.21.6.1p8:
 * style f with precision P - 1 - X when P > X >= -4, X the exponent after
 * rounding, else style e; trailing zeros removed.
 *
 * Drafts (src/pe/draft.c) come with a radius: fmt_row_within prints a row
 * of them only when both ends of every interval print the same (the
 * settled-digits check), and fmt_draft_row, the CSV writer's one call for
 * a draft row, adds the exact coordinates.  The core does not format
 * numbers, so the check lives here.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

static size_t put(char *buf, const char *s)
{
	size_t n = strlen(s);

	memcpy(buf, s, n + 1);
	return n;
}

/* The reference: snprintf and strtod, for whatever the exact path leaves. */
static size_t fmt_slow(char *buf, double x, int digits)
{
	int n;

	if (digits > 0) {
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

#ifdef __SIZEOF_INT128__

__extension__ typedef unsigned __int128 u128;

/* the hot path in one function, whatever gcc's inlining heuristics think */
#define INLINE static inline __attribute__((always_inline))

static const uint64_t pow10_u64[20] = {
	1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u,
	1000000000u, 10000000000u, 100000000000u, 1000000000000u,
	10000000000000u, 100000000000000u, 1000000000000000u,
	10000000000000000u, 100000000000000000u, 1000000000000000000u,
	10000000000000000000u
};

#define SCALE_MAX 22   /* m 10^22 < 2^53 2^73.1 < 2^127 */

static u128 pow10_u128(int s)
{
	return s < 20 ? (u128)pow10_u64[s] : (u128)pow10_u64[19] * pow10_u64[s - 19];
}

/* ---- digits to text ---- */

/*
 * The eight decimal digits of v < 10^8 as byte values 0..9, the first digit
 * in the lowest byte, without a loop: split into two 4-digit halves in
 * 32-bit lanes, each into two 2-digit quarters in 16-bit lanes, each into
 * two digits in bytes.  Lane by lane, y / 100 = (y 10486) >> 20 for y <
 * 10^4 and z / 10 = (z 103) >> 10 for z < 100 (test_digits8 checks both for
 * every y and z); no product leaves its lane.
 */
INLINE uint64_t digits8(uint32_t v)
{
	uint64_t halves = (uint64_t)(v / 10000) | ((uint64_t)(v % 10000) << 32);
	uint64_t hi2 = ((halves * 10486) >> 20) & UINT64_C(0x0000007F0000007F);
	uint64_t quarters = ((halves - 100 * hi2) << 16) | hi2;
	uint64_t tens = ((quarters * 103) >> 10) & UINT64_C(0x000F000F000F000F);

	return tens | ((quarters - 10 * tens) << 8);
}

#define ASCII_ZEROS UINT64_C(0x3030303030303030)

/* The eight bytes of w at out, lowest byte first, whatever the byte order. */
INLINE void store8(char *out, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(out, &w, 8);
#else
	for (int i = 0; i < 8; i++)
		out[i] = (char)(w >> (8 * i));
#endif
}

/* Trailing zero digits of w = digits8(v), v != 0. */
INLINE int zeros8(uint64_t w)
{
	return __builtin_clzll(w) >> 3;
}

/* "e+XX", "e-XXX": at least two exponent digits. */
INLINE char *put_exp(char *q, int E)
{
	int a = E < 0 ? -E : E;

	q[0] = 'e';
	q[1] = E < 0 ? '-' : '+';
	q += 2;
	if (a >= 100) {
		*q++ = (char)('0' + a / 100);
		a %= 100;
	}
	q[0] = (char)('0' + a / 10);
	q[1] = (char)('0' + a % 10);
	*(q += 2) = '\0';
	return q;
}

/*
 * The P <= 8 digits of D (D >= 10^(P-1)) laid out as %g does with exponent
 * E.  Eight-byte stores, some longer than needed: buf has FMT_BUF = 40 bytes
 * and nothing is written past buf + 20.
 */
INLINE size_t put_small(char *buf, int neg, uint64_t D, int E, int P)
{
	uint64_t w = digits8((uint32_t)D);   /* D's digits at bytes [8 - P, 8) */
	int nd = P - zeros8(w);              /* significant digits */
	char *q = buf + neg;

	buf[0] = '-';   /* overwritten when not negative */
	w = (w >> (8 * (8 - P))) + ASCII_ZEROS;   /* at [0, P), '0's after */
	if (E < -4 || E >= P) {   /* style e */
		q[0] = (char)w;
		q[1] = '.';
		store8(q + 2, w >> 8);
		q += nd > 1 ? nd + 1 : 1;
		return (size_t)(put_exp(q, E) - buf);
	}
	if (E < 0) {              /* style f below 1: "0.000ddd" */
		store8(q, UINT64_C(0x3030303030302e30));   /* "0.000000" */
		q += 1 - E;
		store8(q, w);
		q += nd;
	} else if (nd <= E + 1) { /* an integer: pad with the '0's after nd */
		store8(q, w);
		q += E + 1;
	} else {                  /* E + 1 digits, '.', the rest */
		store8(q, w);
		q[E + 1] = '.';
		store8(q + E + 2, w >> (8 * (E + 1)));
		q += nd + 1;
	}
	*q = '\0';
	return (size_t)(q - buf);
}

/* put_small for any P <= 17: nothing is written past buf + 37. */
static size_t put_g(char *buf, int neg, uint64_t D, int E, int P)
{
	uint64_t top = D / 100000000, low = D % 100000000, w_mid, w_low;
	char dig[48], *q = buf + neg, *d;
	int nd;

	if (P <= 8)
		return put_small(buf, neg, D, E, P);
	/* the 17 digits of D: one, eight, eight */
	w_mid = digits8((uint32_t)(top % 100000000));
	w_low = digits8((uint32_t)low);
	dig[0] = (char)('0' + top / 100000000);
	store8(dig + 1, w_mid + ASCII_ZEROS);
	store8(dig + 9, w_low + ASCII_ZEROS);
	memset(dig + 17, '0', sizeof dig - 17);
	nd = P - (low ? zeros8(w_low) : w_mid ? 8 + zeros8(w_mid) : 16);
	d = dig + 17 - P;

	buf[0] = '-';
	if (E < -4 || E >= P) {   /* style e */
		q[0] = d[0];
		q[1] = '.';
		memcpy(q + 2, d + 1, 16);
		q += nd > 1 ? nd + 1 : 1;
		return (size_t)(put_exp(q, E) - buf);
	}
	if (E < 0) {
		memcpy(q, "0.000", 5);
		q += 1 - E;
		memcpy(q, d, 17);
		q += nd;
	} else if (nd <= E + 1) {
		memcpy(q, d, 17);
		q += E + 1;
	} else {
		memcpy(q, d, 17);
		memcpy(q + E + 2, d + E + 1, 16);
		q[E + 1] = '.';
		q += nd + 1;
	}
	*q = '\0';
	return (size_t)(q - buf);
}

/* ---- rounding ---- */

/* 10^(i - 21) rounded to double, i in [0, 38). */
static const double pow10_dbl[38] = {
	1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12,
	1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16
};

/*
 * E = floor(log10 |x|) for x = m 2^e, except possibly next to a power of
 * ten: floor(b log10 2), b = floor(log2 |x|), is E or E - 1 (78913 / 2^18 is
 * log10 2 less 4e-7, exact for |b| <= 1100: test_exp10_guess), and one
 * comparison with the nearest double to 10^(E+1) settles it.  Callers check
 * that D comes out with P digits.
 */
INLINE int guess_exp10(double x, uint64_t m, int e)
{
	int b = 63 - __builtin_clzll(m) + e;
	int E = (int)(((int64_t)b * 78913) >> 18);

	if (E >= -21 && E <= 15)
		E += fabs(x) >= pow10_dbl[E + 1 + 21];
	return E;
}

/*
 * --digits P in the common case, one product: e < 0 (|x| < 2^53) and s in
 * [0, 19], so 10^s fits 64 bits and N = m 10^s < 2^117.  0 when it does not
 * apply.
 *
 * With rad > 0, x stands for any number within rad of it, and *settled
 * says whether they all print as x does (else nothing is written and 0
 * returned).  With x 10^s = q + f (q the P-digit integer part, 0 <= f <
 * 1), the rounding boundaries are q +- 1/2, and for q = 10^(P-1) the one
 * below the power of ten, where digits are ten times finer: a number in
 * [q - 1/20, q) has the exponent E - 1 and rounds up to 10^P at that
 * scale, which prints as q does.  Above, 10^P is no boundary: x 10^s past
 * q + 1/2 rounds up to it anyway.  So x settles when rad 10^s is short of
 * |f - 1/2| and, for q = 10^(P-1), of f + 1/20; f is taken to 2^-53 and
 * rad 10^s to a relative 2^-53 in doubles, hence the margins.
 */
INLINE size_t digits_core(char *buf, double x, uint64_t m, int e, int neg, int P,
                          double rad, int *settled)
{
	const uint64_t lo = pow10_u64[P - 1], hi = pow10_u64[P];
	const uint64_t half = UINT64_C(1) << 63;
	int E = guess_exp10(x, m, e), k = -e, s = P - 1 - E;
	uint64_t f, q, nh, nl, sticky;
	u128 N;

	if (s < 0 || s > 19 || k > 126)
		return 0;
	N = (u128)m * pow10_u64[s];
	/* q = N >> k < 10^(P+1) < 2^64 even when E is one too small, so the
	 * low 64 bits are all of it */
	q = (uint64_t)(N >> k);
	if (q >= hi || q < lo)
		return 0;     /* E was off by one: x is next to a power of ten */
	/* f: the first 64 bits below the binary point; sticky: any after */
	nh = (uint64_t)(N >> 64);
	nl = (uint64_t)N;
	if (k <= 64) {                /* |x| >= 2^-11 or so: the usual case */
		f = nl << (64 - k);
		sticky = 0;
	} else {
		f = (nh << (128 - k)) | (nl >> (k - 64));
		sticky = nl << (128 - k);
	}
	if (rad > 0.0) {
		double fd = (double)(f >> 11) * 0x1p-53;   /* f, within 2^-53 */
		double rs = rad * (double)pow10_u64[s] * (1.0 + 0x1p-40) + 0x1p-50;

		*settled = rs < fabs(fd - 0.5) - 0x1p-50 && (q > lo || rs < fd + 0.05 - 0x1p-50);
		if (!*settled)
			return 0;
	}
	/* round half to even: past one half, or at one half with more bits
	 * after it or q odd */
	if (f > half || (f == half && (sticky != 0 || (q & 1)))) {
		if (++q == hi) {   /* 9.99...5 rounded up to 10.00... */
			q = lo;
			E++;
		}
	}
	return P <= 8 ? put_small(buf, neg, q, E, P) : put_g(buf, neg, q, E, P);
}

INLINE size_t digits_common(char *buf, double x, uint64_t m, int e, int neg, int P)
{
	int settled;

	return digits_core(buf, x, m, e, neg, P, 0.0, &settled);
}

/*
 * The shortest of 15, 16, 17 digits in the same range: N = m 10^s < 2^124
 * after two more factors of ten.  0 when it does not apply.
 */
static size_t shortest_common(char *buf, double x, uint64_t m, int e, int neg)
{
	int E = guess_exp10(x, m, e), P = 15, k = -e, s = P - 1 - E;
	u128 N, q, rem, half;

	if (s < 0 || s > 19 || k > 126)
		return 0;
	N = (u128)m * pow10_u64[s];
	half = (u128)1 << (k - 1);
	for (;;) {
		const uint64_t lo = pow10_u64[P - 1], hi = pow10_u64[P];
		int up;

		q = N >> k;
		if (q < lo || q >= hi)
			return 0;   /* E was off: x is next to a power of ten */
		rem = N & (2 * half - 1);
		up = rem + (q & 1) > half;   /* round half to even */
		if (P < 17) {
			/* the gap 2^e of x is 10^s in units of 2^-k; a quarter
			 * gap below a power of two (see round_digits) */
			u128 dist = up ? 2 * half - rem : rem;
			int below_pow2 = !up && rem != 0 && m == (UINT64_C(1) << 52);
			u128 twice = (below_pow2 ? 4 : 2) * dist, gap = pow10_u128(s);

			if (!(twice < gap || (twice == gap && !(m & 1)))) {
				P++;
				s++;
				N *= 10;
				continue;
			}
		}
		q += up;
		if (q == hi) {
			q = lo;
			E++;
		}
		return put_g(buf, neg, (uint64_t)q, E, P);
	}
}

/*
 * x = m 2^e > 0 rounded to P digits anywhere the integers are wide enough:
 * *D in [10^(P-1), 10^P) and *E with x close to D 10^(E - P + 1); *rt
 * whether that decimal reads back as x.  0 when the exact integer path does
 * not apply.
 */
static int round_digits(uint64_t m, int e, int P, uint64_t *D, int *E, int *rt)
{
	const uint64_t lo = pow10_u64[P - 1], hi = pow10_u64[P];
	int b = 63 - __builtin_clzll(m) + e;   /* floor(log2 x) */
	int E10 = (int)(((int64_t)b * 78913) >> 18);   /* E or E - 1 */

	for (int tries = 0; tries < 3; tries++) {
		int s = P - 1 - E10;
		u128 q, rem, den, gap2;   /* x 10^s = (q den + rem) / den */

		if (s >= 0 && e < 0) {
			int k = -e;
			u128 N;

			if (s > SCALE_MAX || k >= 127)
				return 0;
			N = (u128)m * pow10_u128(s);
			den = (u128)1 << k;
			q = N >> k;
			rem = N & (den - 1);
			gap2 = pow10_u128(s);   /* x's gap 2^e in units of 1/den: 10^s */
		} else if (s >= 0) {
			if (s > SCALE_MAX || e > 63)
				return 0;
			q = ((u128)m << e) * pow10_u128(s);   /* exact integer */
			rem = 0;
			den = 1;
			gap2 = 1;   /* unused: rem = 0 */
		} else if (e < 0) {
			int t = -s, k = -e;
			uint64_t d;

			if (t > 19 || k > 63)
				return 0;
			/* x < 2^53: when 10^t 2^k > m, q = 0 and E10 is too large */
			if (pow10_u64[t] > (m >> k)) {
				q = 0;
				rem = m;
				den = 1;
			} else {
				d = pow10_u64[t] << k;
				q = m / d;
				rem = m % d;
				den = d;
			}
			gap2 = 1;   /* x's gap 2^e in units of 1/den: 10^s 2^e den = 1 */
		} else {
			return 0;   /* |x| >= 2^53 and more than P digits: rare */
		}
		if (q >= hi) {
			E10++;
			continue;
		}
		if (q < lo) {
			E10--;
			continue;
		}
		{
			int up = 2 * rem > den || (2 * rem == den && (q & 1));
			u128 dist = up ? den - rem : rem;
			/* below a power of two (not the least normal) the gap to the
			 * next lower double is half as wide.  Never decisive in the
			 * range this path takes (no 2^j, -23 <= j <= 52, has its 15-
			 * or 16-digit form in that last quarter; test_fast_powers_of_ten
			 * compares every power of two), kept so the rule is whole. */
			int below_pow2 = !up && rem != 0 && m == (UINT64_C(1) << 52) && e > -1074;
			u128 twice = (below_pow2 ? 4 : 2) * dist;

			q += up;
			if (q == hi) {
				q = lo;
				E10++;
			}
			*D = (uint64_t)q;
			*E = E10;
			*rt = twice < gap2 || (twice == gap2 && !(m & 1));
			return 1;
		}
	}
	return 0;
}

/* Zero, subnormals, |x| >= 2^53, and x next to a power of ten. */
static size_t fmt_rare(char *buf, double x, int digits)
{
	uint64_t bits, m, D;
	int neg, e, E, rt;

	memcpy(&bits, &x, sizeof bits);
	neg = (int)(bits >> 63);
	m = bits & ((UINT64_C(1) << 52) - 1);
	e = (int)((bits >> 52) & 0x7ff);
	if (e == 0 && m == 0)
		return put(buf, neg ? "-0" : "0");
	if (e == 0) {
		e = -1074;   /* subnormal */
	} else {
		m |= UINT64_C(1) << 52;
		e -= 1075;
	}
	if (digits > 0) {
		if (round_digits(m, e, digits, &D, &E, &rt))
			return put_g(buf, neg, D, E, digits);
		return fmt_slow(buf, x, digits);
	}
	for (int prec = 15; prec <= 17; prec++) {
		if (!round_digits(m, e, prec, &D, &E, &rt))
			return fmt_slow(buf, x, 0);
		if (rt || prec == 17)
			return put_g(buf, neg, D, E, prec);
	}
	return fmt_slow(buf, x, 0);   /* not reached */
}

size_t fmt_double(char *buf, double x, int digits)
{
	uint64_t bits, m;
	int neg, field;
	size_t n;

	memcpy(&bits, &x, sizeof bits);
	neg = (int)(bits >> 63);
	m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
	field = (int)((bits >> 52) & 0x7ff);
	if (field == 0x7ff)
		return put(buf, isnan(x) ? "nan" : neg ? "-inf" : "inf");
	if (digits > FMT_DIGITS_MAX)
		digits = FMT_DIGITS_MAX;
	/* normal and |x| < 2^52: e = field - 1075 < 0 */
	if (field != 0 && field < 1075) {
		n = digits > 0 ? digits_common(buf, x, m, field - 1075, neg, digits)
		               : shortest_common(buf, x, m, field - 1075, neg);
		if (n)
			return n;
	}
	return fmt_rare(buf, x, digits);
}

size_t fmt_row(char *buf, const double *x, size_t n, int digits, char sep)
{
	char *q = buf;

	if (digits > FMT_DIGITS_MAX)
		digits = FMT_DIGITS_MAX;
	for (size_t j = 0; j < n; j++) {
		uint64_t bits;
		int field;
		size_t len = 0;

		memcpy(&bits, &x[j], sizeof bits);
		field = (int)((bits >> 52) & 0x7ff);
		/* fmt_double's common case, inlined; the rest through it */
		if (digits > 0 && field != 0 && field < 1075)
			len = digits_common(q, x[j], (bits & ((UINT64_C(1) << 52) - 1))
			                                 | (UINT64_C(1) << 52),
			                    field - 1075, (int)(bits >> 63), digits);
		if (len == 0)
			len = fmt_double(q, x[j], digits);
		q += len;
		*q++ = sep;
	}
	return (size_t)(q - buf);
}

/* digits_core with a radius for any x: its length and *settled = 1, or 0
 * and *settled = 0 (unsettled), or 0 and *settled = -1 (outside its
 * range: ask the two ends) */
INLINE size_t within_common(char *buf, double x, double rad, int digits, int *settled)
{
	uint64_t bits, m;
	int field;
	size_t len;

	memcpy(&bits, &x, sizeof bits);
	m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
	field = (int)((bits >> 52) & 0x7ff);
	*settled = -1;
	if (field == 0 || field >= 1075 || !(rad > 0.0) || !isfinite(rad))
		return 0;
	len = digits_core(buf, x, m, field - 1075, (int)(bits >> 63), digits, rad, settled);
	if (len == 0 && *settled != 0)
		*settled = -1;
	return len;
}

#else

static size_t within_common(char *buf, double x, double rad, int digits, int *settled)
{
	(void)buf;
	(void)x;
	(void)rad;
	(void)digits;
	*settled = -1;
	return 0;
}

#endif

size_t fmt_row_within(char *buf, const double *x, const double *rad, size_t n,
                      int digits, char sep)
{
	char *q = buf, hi[FMT_BUF];

	if (digits <= 0)
		return 0;
	if (digits > FMT_DIGITS_MAX)
		digits = FMT_DIGITS_MAX;
	for (size_t j = 0; j < n; j++) {
		size_t len;
		int how = 1;   /* 1 printed, 0 unsettled, -1 ask the two ends */

		if (rad[j] == 0.0)
			len = fmt_double(q, x[j], digits);
		else
			len = within_common(q, x[j], rad[j], digits, &how);
		if (how == 0)
			return 0;
		if (how == -1) {
			/* a step outwards from each rounded end, so [a, b] holds
			 * the real interval whatever the rounding */
			double a = nextafter(x[j] - rad[j], -INFINITY);
			double b = nextafter(x[j] + rad[j], INFINITY);

			if (!(rad[j] > 0.0) || !isfinite(a) || !isfinite(b))
				return 0;   /* NaN, a negative radius, overflow */
			len = fmt_double(q, a, digits);
			if (fmt_double(hi, b, digits) != len || memcmp(q, hi, len) != 0)
				return 0;
		}
		q += len;
		*q++ = sep;
	}
	return (size_t)(q - buf);
}

size_t fmt_draft_row(char *buf, const struct table_src *t, size_t i, double *row,
                     double *rad, int digits, char sep)
{
	char *data;
	size_t len;

	if (!t->fill_draft || t->cell_text || t->n_cols <= t->n_index || digits <= 0
	    || digits > t->draft_digits || !t->fill_draft(t->ctx, i, row, rad))
		return 0;
	/* coordinates (pos, distance) are exact, whatever --digits */
	data = buf + fmt_row(buf, row, t->n_index, 0, sep);
	len = fmt_row_within(data, row + t->n_index, rad + t->n_index,
	                     t->n_cols - t->n_index, digits, sep);
	return len ? (size_t)(data - buf) + len : 0;
}

#ifndef __SIZEOF_INT128__

size_t fmt_double(char *buf, double x, int digits)
{
	if (isnan(x))
		return put(buf, "nan");
	if (isinf(x))
		return put(buf, x < 0 ? "-inf" : "inf");
	if (digits > FMT_DIGITS_MAX)
		digits = FMT_DIGITS_MAX;
	return fmt_slow(buf, x, digits);
}

size_t fmt_row(char *buf, const double *x, size_t n, int digits, char sep)
{
	char *q = buf;

	for (size_t j = 0; j < n; j++) {
		q += fmt_double(q, x[j], digits);
		*q++ = sep;
	}
	return (size_t)(q - buf);
}

#endif

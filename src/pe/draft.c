/*
 * draft.c - drafts: fast values with a proven radius, for text output at a
 * few digits.  One entry point, pe_draft_row (pe.h), drafts
 *
 *   PE_DRAFT_ROW             a sinusoidal code row, pe_scheme_row's doubles
 *                            to within PE_SINCOS_ERR each;
 *   PE_DRAFT_PROFILE_BOUND   RoPE's score with q = k = ones and RoFormer's
 *                            relative bound at one distance, the doubles of
 *                            pe_rope_profile_bound (decay.c) to within the
 *                            radii derived below;
 *
 * from a block of sines and cosines at a time in straight-line code a
 * compiler turns into vector instructions (close to glibc's sin and cos
 * but not always the same double) and lengths sqrt(a^2 + b^2) as written
 * (not hypot).  This file is built with -fno-math-errno (Makefile.am):
 * sqrt of a sum of squares never sets errno, but without the flag gcc
 * cannot know that and keeps a scalar sqrt with a test beside it; with it,
 * the vector square root, the same correctly rounded double lane by lane.
 *
 * A draft is only ever a shortcut to a value whose printed form is already
 * settled: the writer prints a draft only when every number within its
 * radius prints the same (fmt_draft_row and fmt_row_within in
 * src/write/fmt.c: they format numbers, so they are not in the core), and
 * otherwise computes the row again with glibc.  So output never changes,
 * however these bits fall.
 *
 * ---- the kernel: sines and cosines ----
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
 * EPYC, a C timing loop): 4.8 ns an angle with SSE2, 2.3 with AVX2, 1.2
 * with AVX-512; glibc's sin and cos together 17 ns.  Where the compiler
 * can, the kernels are built for all three and the loader picks the best
 * the CPU has (target_clones); the operations are the same IEEE ones in
 * every lane and every build (no contraction into fused multiply-adds
 * under -std=c11), so the drafts are too.
 *
 * ---- the sinusoidal row ----
 *
 * The angles p inv_freq[i] are formed as the exact path forms them, so each
 * draft sine or cosine is within PE_SINCOS_ERR of the exact one, and that
 * is every entry's radius.
 *
 * ---- RoPE's score and RoFormer's bound ----
 *
 * Exact (pe_rope_profile_bound): c_k, s_k glibc's cos and sin of phi_k =
 * r theta_k, C_k = fl(C_{k-1} + c_k) (the cosine sum and Re S_k alike), I_k
 * likewise, H_k = hypot(C_k, I_k), T_F = fl-sum of H_k in order.  Draft:
 * c'_k, s'_k from the kernel, the same sums, H'_k = sqrt(C'_k^2 + I'_k^2).
 * With u = 2^-53, delta = PE_SINCOS_ERR >= |c'_k - c_k|, |s'_k - s_k|,
 * |c_k| <= 1 and F <= 2^20 (so (1 + u)^F < 1.001 and |C_k|, |C'_k| <=
 * 1.01 k):
 *
 *   e_k = |C'_k - C_k| <= e_{k-1} + delta + u |C'_k| + u |C_k|
 *     =>  e_F <= F delta + 1.01 u F (F + 1)                 (same for I)
 *
 * dot = fl(fl(a a) fl(2 C_F)) + P (P = n_dim - 2F, exact), so with y =
 * fl(a a) 2 C'_F rounded,
 *
 *   |dot' - dot| <= 1.01 (2 a^2 e_F + 2u |y'| + 2u |dot'|).
 *
 * glibc's hypot is within 1 ulp (2u relative) of |S_k|, the draft's sqrt
 * within 2.01u of |S'_k| (two squares, a sum, a root), plus 2^-536 when a
 * square underflows; ||S'_k| - |S_k|| <= sqrt(2) e_k; |S_k| <= 1.01 k; the
 * partial sums of H are at most 0.51 k (k + 1).  Adding up,
 *
 *   |T'_F - T_F| <= delta F (F + 1) + u F (F + 1) (F + 5) + F 2^-536
 *   |bound' - bound| <= 1.01 (|T'_F - T_F| / F + 2u |bound'|).
 *
 * For d = 128 (F = 64): about 2e-12 and 1e-12, where six digits of a dot
 * near 1 are 1e-6 apart.  tests/check_decay.c checks both radii against
 * the exact values, and tests/check_out.c that a CSV written from drafts
 * is byte for byte the exact one.
 *
 * Left out: the division by the value at distance 0 (decay --normalize)
 * is the decay table's, which carries the radii through it
 * (src/table/decay.c); drafts of RoPE's angle, cosine and sine tables, of
 * xPos, of the sampled scores and of the similarity profile (not needed
 * yet); drafts for PNG (tried: checking both ends of each cell's colour
 * cost what the sines saved, bench/README.md); the settled-digits check
 * itself (above).
 *
 * Legend: x angle, p position, r distance, k pair index (in a block of
 * PE_SINCOS_N), F = n_freq pairs, theta_k = inv_freq[k], a attention
 * factor, P pass-through dims, u = 2^-53, delta = PE_SINCOS_ERR.
 */
#include <config.h>

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "pe/pe.h"

/* A block on a 64-byte boundary: an AVX-512 load or store of eight
 * doubles then stays within one cache line instead of straddling two.
 * Where the stack happened to put the blocks cost 7% of 'decay --scheme
 * rope --digits 6 --threads 1' when this file was gathered from three
 * (paired runs against the binary before; aligned, the same time). */
#define BLOCK_ALIGN _Alignas(64)

#if defined(HAVE_TARGET_CLONES)
#define PE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PE_CLONES
#endif

/* ---- the kernel: sines and cosines, lengths ---- */

static const double C1 = 0x1.921fb5p+0;             /* pi/2, first 26 bits */
static const double C2 = 0x1.110b46p-26;            /* the next 26 */
static const double C3 = 0x1.1a62633145c07p-54;     /* the rest, rounded */
static const double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
static const double ROUND = 0x1.8p52;               /* 1.5 2^52 */

/* c[k], s[k] close to cos(x[k]), sin(x[k]) (within PE_SINCOS_ERR of
 * glibc's), k < PE_SINCOS_N, for finite |x[k]| <= PE_SINCOS_MAX; any other
 * x[k] gives meaningless c[k], s[k] (no trap, no error). */
PE_CLONES
static void sincos_block(double *restrict c, double *restrict s, const double *restrict x)
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

/* h[k] = sqrt(a[k]^2 + b[k]^2), k < PE_SINCOS_N, each operation rounded
 * as written (no hypot: within 2.01 units of 2^-53 of the true length, not
 * guarded against overflow; 0 when a square underflows). */
PE_CLONES
static void hypot_block(double *restrict h, const double *restrict a, const double *restrict b)
{
	for (size_t i = 0; i < PE_SINCOS_N; i++)
		h[i] = sqrt(a[i] * a[i] + b[i] * b[i]);
}

/* The kernel on the angles p inv_freq[k], k < n <= PE_SINCOS_N (the rest
 * of c and s meaningless), 1; 0 when one is beyond PE_SINCOS_MAX or not
 * finite. */
static int sincos_angles(double *restrict c, double *restrict s, const double *inv_freq,
                         double p, size_t n)
{
	BLOCK_ALIGN double x[PE_SINCOS_N];
	int in_range = 1;

	for (size_t k = 0; k < PE_SINCOS_N; k++) {
		x[k] = k < n ? p * inv_freq[k] : 0.0;   /* the angle as the exact paths form it */
		in_range &= fabs(x[k]) <= PE_SINCOS_MAX;   /* NaN: 0 */
	}
	if (!in_range)
		return 0;
	sincos_block(c, s, x);
	return 1;
}

/* ---- the sinusoidal row ---- */

/* pe_sinusoidal_fill_row_flip's row in its layout: pair i's sine at i step
 * + at_sin, its cosine at i step + at_cos. */
static enum pe_status draft_code(const struct pe_scheme *sch, double *out, double *rad,
                                 double p)
{
	size_t n_dim = sch->cfg.n_dim, n_freq = n_dim / 2;
	int concat = sch->cfg.layout == PE_LAYOUT_CONCAT;
	size_t step = concat ? 1 : 2, second = concat ? n_freq : 1;
	size_t at_sin = sch->cfg.flip ? second : 0, at_cos = sch->cfg.flip ? 0 : second;
	BLOCK_ALIGN double c[PE_SINCOS_N];
	BLOCK_ALIGN double s[PE_SINCOS_N];

	for (size_t k0 = 0; k0 < n_freq; k0 += PE_SINCOS_N) {
		size_t n_b = n_freq - k0 < PE_SINCOS_N ? n_freq - k0 : PE_SINCOS_N;

		if (!sincos_angles(c, s, sch->inv_freq + k0, p, n_b))
			return PE_ERANGE;
		for (size_t k = 0; k < n_b; k++) {
			out[(k0 + k) * step + at_sin] = s[k];
			out[(k0 + k) * step + at_cos] = c[k];
		}
	}
	for (size_t j = 0; j < n_dim; j++)
		rad[j] = PE_SINCOS_ERR;
	return PE_OK;
}

/* ---- RoPE's score and RoFormer's bound ---- */

#define DRAFT_U 0x1p-53
#define DRAFT_F_MAX ((size_t)1 << 20)   /* the derivation's F <= 2^20 */

/* out[0] = dot, out[1] = bound; rad[0], rad[1] their radii (above). */
static enum pe_status draft_profile_bound(const struct pe_scheme *sch, double *out,
                                          double *rad, double r)
{
	const double *inv_freq = sch->inv_freq;
	size_t n_freq = sch->n_freq;
	double a = sch->attention_factor;
	BLOCK_ALIGN double c[PE_SINCOS_N];
	BLOCK_ALIGN double s[PE_SINCOS_N];
	BLOCK_ALIGN double re_k[PE_SINCOS_N];
	BLOCK_ALIGN double im_k[PE_SINCOS_N];
	BLOCK_ALIGN double len_k[PE_SINCOS_N];
	double re = 0.0, im = 0.0, sum = 0.0, y, f = (double)n_freq, e_f, t_err;
	const double u = DRAFT_U, delta = PE_SINCOS_ERR;

	if (n_freq == 0 || n_freq > DRAFT_F_MAX)
		return PE_ERANGE;
	for (size_t k0 = 0; k0 < n_freq; k0 += PE_SINCOS_N) {
		size_t n_b = n_freq - k0 < PE_SINCOS_N ? n_freq - k0 : PE_SINCOS_N;

		if (!sincos_angles(c, s, inv_freq + k0, r, n_b))
			return PE_ERANGE;
		for (size_t k = 0; k < n_b; k++) {
			re += c[k];
			im += s[k];
			re_k[k] = re;
			im_k[k] = im;
		}
		for (size_t k = n_b; k < PE_SINCOS_N; k++)
			re_k[k] = im_k[k] = 0.0;
		hypot_block(len_k, re_k, im_k);
		for (size_t k = 0; k < n_b; k++)
			sum += len_k[k];
	}
	y = a * a * (2.0 * re);
	out[0] = y + (double)(sch->cfg.rope.n_dim - 2 * n_freq);
	out[1] = sum / f;
	e_f = f * delta + 1.01 * u * f * (f + 1.0);
	rad[0] = 1.01 * (2.0 * a * a * e_f + 2.0 * u * fabs(y) + 2.0 * u * fabs(out[0]));
	t_err = delta * f * (f + 1.0) + u * f * (f + 1.0) * (f + 5.0) + f * 0x1p-536;
	rad[1] = 1.01 * (t_err / f + 2.0 * u * fabs(out[1]));
	return PE_OK;
}

/* ---- the entry point ---- */

enum pe_status pe_draft_row(const struct pe_scheme *s, enum pe_draft_kind what,
                            double *out, double *rad, double at)
{
	int offered;

	switch (what) {
	case PE_DRAFT_ROW:
		offered = s->cfg.kind == PE_SCHEME_SINUSOIDAL;
		break;
	case PE_DRAFT_PROFILE_BOUND:
		offered = s->cfg.kind == PE_SCHEME_ROPE;
		break;
	default:
		offered = 0;
		break;
	}
	if (!offered)
		return PE_ENOTSUP;
	if (!out && !rad)
		return PE_OK;   /* only asked whether it is offered */
	assert(out && rad);
	if (what == PE_DRAFT_ROW)
		return draft_code(s, out, rad, at);
	return draft_profile_bound(s, out, rad, at);
}

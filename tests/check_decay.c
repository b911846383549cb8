/*
 * check_decay.c - RoFormer's relative upper bound, sampled scores against
 * distance, and the distance grids (decay.c).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* A sum of F terms of size <= 1 each, by F ulps: the bound's rounding. */
#define TOL_BOUND 1e-13

static void init_ok(struct pe_scheme *s, const struct pe_scheme_cfg *cfg)
{
	ck_assert_int_eq(pe_scheme_init(s, cfg), PE_OK);
}

/* ---- the bound ---- */

START_TEST(test_bound_by_hand)
{
	/*
	 * d = 4, theta = (1, 0.01), r = pi (RoFormer section 3.4.3 with F = 2):
	 *   S_1 = e^{i pi} = -1, |S_1| = 1
	 *   S_2 = -1 + e^{i 0.01 pi}, |S_2|^2 = (1 - cos a)^2 + sin^2 a
	 *       = 2 - 2 cos a = 4 sin^2(a/2), a = 0.01 pi, so |S_2| = 2 sin(0.005 pi)
	 *   bound = (1 + 2 sin(0.005 pi)) / 2 = 0.5157073173118206...
	 */
	double theta[2] = { 1.0, 0.01 };
	double want = (1.0 + 2.0 * sin(0.005 * PE_PI)) / 2.0;

	ck_assert(fabs(pe_rope_bound(theta, PE_PI, 2) - want) <= TOL_BOUND);
	ck_assert(fabs(want - 0.5157073173118206) <= 1e-15);
	/* r = 0: |S_j| = j, (1/F) sum_j j = (F + 1)/2 = 1.5 */
	ck_assert(fabs(pe_rope_bound(theta, 0.0, 2) - 1.5) <= TOL_BOUND);
	/* equal frequencies: S_j = j e^{i r}, bound (F + 1)/2 at every r */
	{
		double same3[3] = { 0.3, 0.3, 0.3 };

		ck_assert(fabs(pe_rope_bound(same3, 17.0, 3) - 2.0) <= TOL_BOUND);
	}
	/* one pair: |S_1| = 1 always */
	ck_assert(fabs(pe_rope_bound(theta, 123.4, 1) - 1.0) <= TOL_BOUND);
	ck_assert(pe_rope_bound(theta, 1.0, 0) == 0.0);
}
END_TEST

START_TEST(test_bound_rope_d128)
{
	/* d = 128, base 10000 (RoFormer Figure 2's setting): (64 + 1)/2 = 32.5
	 * at r = 0; even in r (S_j(-r) is the conjugate of S_j(r)); and it
	 * falls with distance, the paper's long-term decay: at r = 256 it is
	 * below a quarter of its r = 0 value (Figure 2 ends near 6-7). */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double b0, b256;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	init_ok(&s, &cfg);
	b0 = pe_rope_bound(s.inv_freq, 0.0, s.n_freq);
	b256 = pe_rope_bound(s.inv_freq, 256.0, s.n_freq);
	ck_assert(fabs(b0 - 32.5) <= TOL_BOUND);
	ck_assert(b256 < b0 / 4.0);
	for (double r = 1.0; r < 5000.0; r *= 3.7)
		ck_assert(fabs(pe_rope_bound(s.inv_freq, r, s.n_freq)
		               - pe_rope_bound(s.inv_freq, -r, s.n_freq)) <= TOL_BOUND);
	/* the direct sum, written out with partial sums as arrays */
	{
		double re[64], im[64], want = 0.0, r = 100.0;

		for (size_t j = 0; j < 64; j++) {
			re[j] = (j ? re[j - 1] : 0.0) + cos(r * s.inv_freq[j]);
			im[j] = (j ? im[j - 1] : 0.0) + sin(r * s.inv_freq[j]);
			want += sqrt(re[j] * re[j] + im[j] * im[j]);
		}
		ck_assert(fabs(pe_rope_bound(s.inv_freq, r, 64) - want / 64.0) <= TOL_BOUND);
	}
	pe_scheme_free(&s);
}
END_TEST

/* RoPE settings the profile-and-bound tests run through: d = 128; partial
 * rotation; YaRN 8x (attention factor 0.1 ln 8 + 1, Peng et al. 2023, eq.
 * 22); half pairing, d = 80; one pair; 512 pairs (eight blocks of
 * PE_SINCOS_N); base 500000 with 100 pairs (a block and a part). */
#define N_VARIANTS 7

static void variant_cfg(struct pe_scheme_cfg *cfg, int variant)
{
	pe_scheme_cfg_default(cfg, PE_SCHEME_ROPE);
	if (variant == 1) {
		cfg->n_dim = 64;
		cfg->rope.n_rot = 32;   /* 32 dims pass through */
	} else if (variant == 2) {
		cfg->rope.scaling = PE_ROPE_SCALING_YARN;
		cfg->rope.factor = 8.0;
		cfg->rope.original_max = 4096;
	} else if (variant == 3) {
		cfg->rope.pairing = PE_ROPE_PAIRING_HALF;
		cfg->n_dim = 80;
	} else if (variant == 4) {
		cfg->n_dim = 2;
	} else if (variant == 5) {
		cfg->n_dim = 1024;
	} else if (variant == 6) {
		cfg->n_dim = 200;
		cfg->base = 500000.0;
	}
}

START_TEST(test_profile_bound_bitwise)
{
	/* pe_rope_profile_bound is the pair pe_scheme_profile, pe_rope_bound
	 * bit for bit (pe.h promises it: decay output must not change), for
	 * full and partial rotation, attention factor 1 and not (YaRN 8x,
	 * a = 0.1 ln 8 + 1, Peng et al. 2023, eq. 22), both pairings, and
	 * distances from 0 to 10^6 including fractions and negatives. */
	static const double rs[] = { 0.0, 1.0, -1.0, 0.5, 2.75, 100.0, 4095.0,
	                             65537.0, 123456.789, 999999.0, 1000000.0, -31.25 };
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;

	for (int variant = 0; variant < N_VARIANTS; variant++) {
		variant_cfg(&cfg, variant);
		init_ok(&s, &cfg);
		if (variant == 2)
			ck_assert(s.attention_factor > 1.2);
		for (size_t k = 0; k < sizeof rs / sizeof rs[0]; k++) {
			double dot, bound, want_dot, want_bound;

			pe_rope_profile_bound(&dot, &bound, s.inv_freq, rs[k], s.attention_factor,
			                      s.cfg.rope.n_dim, s.n_freq);
			ck_assert_int_eq(pe_scheme_profile(&s, &want_dot, rs[k]), PE_OK);
			want_bound = pe_rope_bound(s.inv_freq, rs[k], s.n_freq);
			ck_assert_msg(memcmp(&dot, &want_dot, sizeof dot) == 0,
			              "variant %d r %g: dot %a, profile %a", variant, rs[k], dot, want_dot);
			ck_assert_msg(memcmp(&bound, &want_bound, sizeof bound) == 0,
			              "variant %d r %g: bound %a, pe_rope_bound %a", variant, rs[k],
			              bound, want_bound);
		}
		pe_scheme_free(&s);
	}
}
END_TEST

/* ---- sampled scores ---- */

/* The worst rounding difference between forming angles m theta and
 * (m + r) theta (pe_rope_score) and r theta (the samples): each angle is
 * off by up to |angle| eps (theta <= 1) plus the cos/sin error; pair i's
 * term, of size w_i |q_i| |k_i|, moves by at most 2 of those.  Allow 4
 * (as check_scheme.c): 8 eps (|m| + |m + r| + 1) sum_i w_i |q_i| |k_i|. */
static double tol_sample(const struct pe_scheme *s, const double *q, const double *k,
                         double m, double r)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;
	double sum = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		size_t j0 = c->pairing == PE_ROPE_PAIRING_HALF ? i : 2 * i;
		size_t j1 = c->pairing == PE_ROPE_PAIRING_HALF ? i + s->n_freq : 2 * i + 1;
		double w = s->zeta ? pow(s->zeta[i], -r / c->scale_base)
		                   : s->attention_factor * s->attention_factor;

		sum += w * hypot(q[j0], q[j1]) * hypot(k[j0], k[j1]);
	}
	return 8.0 * DBL_EPSILON * (fabs(m) + fabs(m + r) + 1.0) * sum;
}

#define N_SAMPLES 40

/* eval(r) against mean and sample std of the direct scores of the same q, k
 * (regenerated from the seed as pe.h documents: q then k, n_dim each). */
static void check_samples(const struct pe_scheme_cfg *cfg)
{
	static const double rs[] = { 0.0, 1.0, 37.0, 1000.0, -250.0, 4096.5 };
	static const double ms[] = { 0.0, 777.0, 12345.0 };
	struct pe_scheme s;
	struct pe_decay_samples ds;
	const struct pe_rope_cfg *c;
	size_t d;
	double *q, *k, score[N_SAMPLES];
	struct pe_rng rng;

	init_ok(&s, cfg);
	c = &s.cfg.rope;
	d = c->n_dim;
	ck_assert_int_eq(pe_decay_samples_init(&ds, &s, N_SAMPLES, 99), PE_OK);
	q = malloc(N_SAMPLES * d * sizeof *q);
	k = malloc(N_SAMPLES * d * sizeof *k);
	ck_assert(q && k);
	pe_rng_init(&rng, 99);
	for (size_t u = 0; u < N_SAMPLES; u++) {
		pe_rng_fill_normal(q + u * d, &rng, d);
		pe_rng_fill_normal(k + u * d, &rng, d);
	}
	/* the coefficients themselves, pair 0: A = q0 k0 + q1 k1,
	 * B = q1 k0 - q0 k1 on the pairing's dims (pe.h) */
	{
		size_t j1 = c->pairing == PE_ROPE_PAIRING_HALF ? s.n_freq : 1;

		ck_assert(ds.coef_a[0] == q[0] * k[0] + q[j1] * k[j1]);
		ck_assert(ds.coef_b[0] == q[j1] * k[0] - q[0] * k[j1]);
	}
	for (size_t a = 0; a < sizeof rs / sizeof rs[0]; a++) {
		double r = rs[a], mean, std;

		ck_assert_int_eq(pe_decay_samples_eval(&mean, &std, &ds, &s, r), PE_OK);
		for (size_t b = 0; b < sizeof ms / sizeof ms[0]; b++) {
			double m = ms[b], sum = 0.0, ss = 0.0, tol = 0.0, mu, sd;

			for (size_t u = 0; u < N_SAMPLES; u++) {
				const double *qu = q + u * d, *ku = k + u * d;
				double t = tol_sample(&s, qu, ku, m, r);

				if (s.zeta)
					score[u] = pe_xpos_score(qu, ku, s.inv_freq, s.zeta, m, m + r,
					                         c->scale_base, d, 2 * s.n_freq, c->pairing);
				else
					score[u] = pe_rope_score(qu, ku, s.inv_freq, m, m + r,
					                         s.attention_factor, d, 2 * s.n_freq,
					                         c->pairing);
				sum += score[u];
				if (t > tol)
					tol = t;
			}
			mu = sum / N_SAMPLES;
			for (size_t u = 0; u < N_SAMPLES; u++)
				ss += (score[u] - mu) * (score[u] - mu);
			sd = sqrt(ss / (N_SAMPLES - 1));   /* sample std, as documented */
			/* the mean moves by at most the worst per-sample error; the std
			 * by at most sqrt(S/(S-1)) times it; plus summation rounding */
			ck_assert_msg(fabs(mean - mu) <= tol + 1e-12 * (1.0 + fabs(mu)),
			              "r=%g m=%g mean %.17g vs %.17g", r, m, mean, mu);
			ck_assert_msg(fabs(std - sd) <= 1.1 * tol + 1e-12 * (1.0 + sd),
			              "r=%g m=%g std %.17g vs %.17g", r, m, std, sd);
		}
	}
	free(q);
	free(k);
	pe_decay_samples_free(&ds);
	pe_scheme_free(&s);
}

START_TEST(test_samples_match_scores_rope)
{
	struct pe_scheme_cfg cfg;

	/* interleaved, full rotation */
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.n_dim = 64;
	check_samples(&cfg);
	/* half pairing, 32 of 128 dims passing through, YaRN's attention
	 * factor 0.1 ln 4 + 1 scaling the rotated part by a^2 */
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.rope.n_rot = 96;
	cfg.rope.pairing = PE_ROPE_PAIRING_HALF;
	cfg.rope.scaling = PE_ROPE_SCALING_YARN;
	cfg.rope.factor = 4.0;
	cfg.rope.original_max = 4096;
	check_samples(&cfg);
}
END_TEST

START_TEST(test_samples_match_scores_xpos)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_XPOS);
	cfg.n_dim = 64;
	cfg.rope.n_rot = 48;
	check_samples(&cfg);
}
END_TEST

START_TEST(test_samples_one_and_zero_distance)
{
	/* S = 1: the std is 0 by definition (pe.h); r = 0 on RoPE: the score
	 * is <q, k> (R_m^T R_m = I), whatever the scaling: a^2 <q_R, k_R> +
	 * <q_pass, k_pass>. */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct pe_decay_samples ds;
	struct pe_rng rng;
	double q[16], k[16], mean, std, want = 0.0;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.n_dim = 16;
	cfg.rope.n_rot = 8;
	init_ok(&s, &cfg);
	ck_assert_int_eq(pe_decay_samples_init(&ds, &s, 1, 5), PE_OK);
	pe_rng_init(&rng, 5);
	pe_rng_fill_normal(q, &rng, 16);
	pe_rng_fill_normal(k, &rng, 16);
	for (int j = 0; j < 16; j++)
		want += q[j] * k[j];
	ck_assert_int_eq(pe_decay_samples_eval(&mean, &std, &ds, &s, 0.0), PE_OK);
	ck_assert(fabs(mean - want) <= 1e-14 * 16);
	ck_assert(std == 0.0);
	pe_decay_samples_free(&ds);
	pe_decay_samples_free(&ds);   /* safe twice */
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_samples_errors)
{
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	struct pe_decay_samples ds;
	double mean, std;

	/* a sinusoidal code has no q and k */
	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 8;
	init_ok(&s, &cfg);
	ck_assert_int_eq(pe_decay_samples_init(&ds, &s, 10, 1), PE_ENOTSUP);
	ck_assert(ds.coef_a == NULL);
	pe_decay_samples_free(&ds);
	pe_scheme_free(&s);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	cfg.n_dim = 8;
	init_ok(&s, &cfg);
	ck_assert_int_eq(pe_decay_samples_init(&ds, &s, 0, 1), PE_EINVAL);
	ck_assert_int_eq(pe_decay_samples_init(&ds, &s, 3, 1), PE_OK);
	ck_assert_int_eq(pe_decay_samples_eval(&mean, &std, &ds, &s, NAN), PE_EINVAL);
	ck_assert_int_eq(pe_decay_samples_eval(&mean, &std, &ds, &s, INFINITY), PE_EINVAL);
	pe_decay_samples_free(&ds);
	pe_scheme_free(&s);
}
END_TEST

/* ---- drafts ---- */

static uint64_t draft_rng = 0x9e3779b97f4a7c15u;

static uint64_t xorshift(void)
{
	draft_rng ^= draft_rng << 13;
	draft_rng ^= draft_rng >> 7;
	draft_rng ^= draft_rng << 17;
	return draft_rng;
}

/* A sinusoidal scheme of one block of pairs, d = 2 PE_SINCOS_N,
 * interleaved: its row is [sin cos sin cos ...]. */
static void block_scheme(struct pe_scheme *sc)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 2 * PE_SINCOS_N;
	init_ok(sc, &cfg);
}

/* The kernel's cosines and sines of x[0 .. PE_SINCOS_N-1], through the
 * one entry point: the draft row of block_scheme with the angles as its
 * frequencies, at p = 1 (1 x is x exactly). */
static void draft_sincos(struct pe_scheme *sc, double *c, double *s, const double *x)
{
	double row[2 * PE_SINCOS_N], rad[2 * PE_SINCOS_N];

	memcpy(sc->inv_freq, x, PE_SINCOS_N * sizeof *x);
	ck_assert_int_eq(pe_draft_row(sc, PE_DRAFT_ROW, row, rad, 1.0), PE_OK);
	for (size_t i = 0; i < PE_SINCOS_N; i++) {
		s[i] = row[2 * i];
		c[i] = row[2 * i + 1];
	}
}

static double draft_gap(struct pe_scheme *sc, const double *x, double *worst)
{
	double c[PE_SINCOS_N], s[PE_SINCOS_N], gap = 0.0;

	draft_sincos(sc, c, s, x);
	for (size_t i = 0; i < PE_SINCOS_N; i++) {
		double e = fmax(fabs(c[i] - cos(x[i])), fabs(s[i] - sin(x[i])));

		if (e > gap) {
			gap = e;
			*worst = x[i];
		}
	}
	return gap;
}

START_TEST(test_sincos_draft_glibc)
{
	/*
	 * Against the reference, glibc's cos and sin of the same double: the
	 * angles of a decay curve (r theta_i, d = 128, base 10000, r < 2^16),
	 * log-uniform random angles from 2^-30 to 2^26 of either sign, and the
	 * doubles within 4 ulps of k pi/2 (k < 2^26), where the reduction
	 * cancels most.  PE_SINCOS_ERR promises 2^-47; draft.c measured 2^-52
	 * at most; anything above 2^-50 here means the kernel changed.
	 */
	double x[PE_SINCOS_N], inv[PE_SINCOS_N], gap = 0.0, worst = 0.0;
	struct pe_scheme sc;

	block_scheme(&sc);
	for (size_t i = 0; i < PE_SINCOS_N; i++)
		inv[i] = pow(10000.0, -(double)(2 * i) / 128.0);
	for (int r = 0; r < 65536; r++) {
		for (size_t i = 0; i < PE_SINCOS_N; i++)
			x[i] = (double)r * inv[i];
		gap = fmax(gap, draft_gap(&sc, x, &worst));
	}
	for (int b = 0; b < 16384; b++) {
		for (size_t i = 0; i < PE_SINCOS_N; i++) {
			double e = -30.0 + 56.0 * (double)(xorshift() >> 11) * 0x1p-53;
			double v = fmin(exp2(e), PE_SINCOS_MAX);

			x[i] = xorshift() & 1 ? -v : v;
		}
		gap = fmax(gap, draft_gap(&sc, x, &worst));
	}
	for (int b = 0; b < 16384; b++) {
		for (size_t i = 0; i < PE_SINCOS_N; i++) {
			double v = (double)(xorshift() % (UINT64_C(1) << 26)) * (PE_PI / 2);
			int steps = (int)(xorshift() % 9) - 4;

			for (int j = 0; j < abs(steps); j++)
				v = nextafter(v, steps > 0 ? INFINITY : 0.0);
			x[i] = fmin(v, PE_SINCOS_MAX);
		}
		gap = fmax(gap, draft_gap(&sc, x, &worst));
	}
	ck_assert_msg(gap <= 0x1p-50, "draft %a from glibc at x = %.17g", gap, worst);
	ck_assert(0x1p-50 < PE_SINCOS_ERR);
	/* exact where the series is: cos 0 = 1, sin 0 = 0 */
	memset(x, 0, sizeof x);
	{
		double c[PE_SINCOS_N], s[PE_SINCOS_N];

		draft_sincos(&sc, c, s, x);
		ck_assert(c[0] == 1.0 && s[0] == 0.0);
	}
	pe_scheme_free(&sc);
}
END_TEST

/* The draft of dot and bound at distance r recomputed in scalar code from
 * the same draft cosines and sines (the row draft of a sinusoidal scheme
 * with s's frequencies): running sums in order, lengths sqrt(C C + I I),
 * their sum over F, a^2 (2 C_F) + P; the same doubles, bit for bit. */
static void check_lengths(const struct pe_scheme *s, double r)
{
	struct pe_scheme_cfg cfg;
	struct pe_scheme sc;
	size_t n_freq = s->n_freq;
	double *row = malloc(2 * n_freq * sizeof *row), *rad = malloc(2 * n_freq * sizeof *rad);
	double out[2], e[2], re = 0.0, im = 0.0, sum = 0.0, dot, bound;

	ck_assert(row && rad);
	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = 2 * n_freq;
	init_ok(&sc, &cfg);
	memcpy(sc.inv_freq, s->inv_freq, n_freq * sizeof *s->inv_freq);
	ck_assert_int_eq(pe_draft_row(&sc, PE_DRAFT_ROW, row, rad, r), PE_OK);
	ck_assert_int_eq(pe_draft_row(s, PE_DRAFT_PROFILE_BOUND, out, e, r), PE_OK);
	for (size_t i = 0; i < n_freq; i++) {
		re += row[2 * i + 1];
		im += row[2 * i];
		sum += sqrt(re * re + im * im);
	}
	bound = sum / (double)n_freq;
	dot = s->attention_factor * s->attention_factor * (2.0 * re)
	      + (double)(s->cfg.rope.n_dim - 2 * n_freq);
	ck_assert_msg(memcmp(&out[1], &bound, sizeof bound) == 0, "F %zu r %.17g: bound %a, not %a",
	              n_freq, r, out[1], bound);
	ck_assert_msg(memcmp(&out[0], &dot, sizeof dot) == 0, "F %zu r %.17g: dot %a, not %a",
	              n_freq, r, out[0], dot);
	pe_scheme_free(&sc);
	free(row);
	free(rad);
}

START_TEST(test_hypot_draft_is_sqrt)
{
	/* IEEE 754 rounds a square root, vector or not, correctly: the draft
	 * lengths |S'_k| are the doubles sqrt(C C + I I) bit for bit, so the
	 * drafted bound is their scalar sum over F (check_lengths).  Zeros,
	 * tiny and large lengths included: angles 0, pi, -pi, 0 over and over
	 * give lengths 1, 1.2e-16, 1, 0; pairs of angles pi apart give lengths
	 * near 1e-16; F = 32768 at r = 0 gives every length k up to 32768. */
	static const double pattern[4] = { 0.0, PE_PI, -PE_PI, 0.0 };
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;

	for (int variant = 0; variant < N_VARIANTS; variant++) {
		variant_cfg(&cfg, variant);
		init_ok(&s, &cfg);
		for (int rep = 0; rep < 200; rep++)
			check_lengths(&s, rep == 0 ? 0.0 : (double)(xorshift() % 100000000) * 0.01);
		pe_scheme_free(&s);
	}
	pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
	init_ok(&s, &cfg);
	for (size_t k = 0; k < s.n_freq; k++)
		s.inv_freq[k] = pattern[k % 4];
	check_lengths(&s, 1.0);
	for (int rep = 0; rep < 200; rep++) {
		for (size_t k = 0; k < s.n_freq; k += 2) {
			s.inv_freq[k] = (double)(xorshift() >> 11) * 0x1p-53 * 1000.0;
			s.inv_freq[k + 1] = s.inv_freq[k] + PE_PI;
		}
		check_lengths(&s, 1.0);
	}
	pe_scheme_free(&s);
	cfg.n_dim = 65536;
	init_ok(&s, &cfg);
	check_lengths(&s, 0.0);
	check_lengths(&s, 12345.5);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_profile_bound_draft_within)
{
	/*
	 * The draft's error bounds hold: |draft - pe_rope_profile_bound| <=
	 * the bound, for every variant and distances from 0 to 6.5 10^7, and
	 * they are small enough to settle six digits (below 1e-10 for these
	 * sizes; draft.c derives about 2e-12 for d = 128).
	 */
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	size_t n_drafts = 0;

	for (int variant = 0; variant < N_VARIANTS; variant++) {
		variant_cfg(&cfg, variant);
		init_ok(&s, &cfg);
		for (int k = 0; k < 6000; k++) {
			/* 0 .. 2999 one by one, then up to 6.5e7 in uneven steps */
			double r = k < 3000 ? (double)k : (double)(k - 2999) * 21661.37;
			double v[2], e[2], dot, bound, dot_err, bound_err, want_dot, want_bound;

			pe_rope_profile_bound(&want_dot, &want_bound, s.inv_freq, r,
			                      s.attention_factor, s.cfg.rope.n_dim, s.n_freq);
			ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e, r), PE_OK);
			dot = v[0];
			bound = v[1];
			dot_err = e[0];
			bound_err = e[1];
			n_drafts++;
			ck_assert_msg(fabs(dot - want_dot) <= dot_err,
			              "variant %d r %.17g: dot %a, exact %a, bound %g", variant, r,
			              dot, want_dot, dot_err);
			ck_assert_msg(fabs(bound - want_bound) <= bound_err,
			              "variant %d r %.17g: bound %a, exact %a, bound %g", variant, r,
			              bound, want_bound, bound_err);
			ck_assert(dot_err > 0.0 && dot_err < 1e-10);
			ck_assert(bound_err > 0.0 && bound_err < 1e-10);
		}
		pe_scheme_free(&s);
	}
	ck_assert_uint_eq(n_drafts, N_VARIANTS * 6000);
}
END_TEST

START_TEST(test_profile_bound_draft_declines)
{
	/* no draft where the kernel does not reach: an angle beyond 2^26
	 * (theta_0 = 1), a non-finite distance, no pairs; and none the scheme
	 * does not offer */
	struct pe_scheme s, none, code;
	double v[2], e[2], row[128];

	ck_scheme(&s, PE_SCHEME_ROPE, 128, 10000.0);
	ck_assert(s.attention_factor == 1.0 && s.cfg.rope.n_dim == 128 && s.n_freq == 64);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e, PE_SINCOS_MAX), PE_OK);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e,
	                              nextafter(PE_SINCOS_MAX, INFINITY)), PE_ERANGE);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e, -1e9), PE_ERANGE);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e, NAN), PE_ERANGE);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, v, e, INFINITY), PE_ERANGE);
	none = s;
	none.n_freq = 0;
	ck_assert_int_eq(pe_draft_row(&none, PE_DRAFT_PROFILE_BOUND, v, e, 1.0), PE_ERANGE);
	/* offered: asked with NULL buffers, the same answer */
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_PROFILE_BOUND, NULL, NULL, 0.0), PE_OK);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_ROW, NULL, NULL, 0.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_draft_row(&s, PE_DRAFT_ROW, row, row, 1.0), PE_ENOTSUP);
	ck_scheme(&code, PE_SCHEME_SINUSOIDAL, 128, 10000.0);
	ck_assert_int_eq(pe_draft_row(&code, PE_DRAFT_PROFILE_BOUND, NULL, NULL, 0.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_draft_row(&code, PE_DRAFT_PROFILE_BOUND, v, e, 1.0), PE_ENOTSUP);
	ck_assert_int_eq(pe_draft_row(&code, PE_DRAFT_ROW, NULL, NULL, 0.0), PE_OK);
	pe_scheme_free(&code);
	pe_scheme_free(&s);
}
END_TEST

/* ---- distance grids ---- */

START_TEST(test_grid_linear)
{
	struct pe_decay_grid g;

	/* 0, 1, ..., 10 */
	ck_assert_int_eq(pe_decay_grid_init(&g, 10.0, 1.0, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 11);
	ck_assert(pe_decay_grid_point(&g, 0) == 0.0);
	ck_assert(pe_decay_grid_point(&g, 10) == 10.0);
	/* 0.3 / 0.1 = 2.9999999999999996 in double; the slack keeps 0.3, and
	 * 3 * 0.1 = 0.30000000000000004 is clamped to it */
	ck_assert_int_eq(pe_decay_grid_init(&g, 0.3, 0.1, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 4);
	ck_assert(pe_decay_grid_point(&g, 3) == 0.3);
	/* 0 .. 2.5 by 1: 0, 1, 2 */
	ck_assert_int_eq(pe_decay_grid_init(&g, 2.5, 1.0, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 3);
	ck_assert_int_eq(pe_decay_grid_init(&g, 0.0, 1.0, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 1);
	/* 10^7 and 10^12 distances, points on demand */
	ck_assert_int_eq(pe_decay_grid_init(&g, 1e7, 1.0, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 10000001);
	ck_assert(pe_decay_grid_point(&g, 10000000) == 1e7);
	ck_assert(pe_decay_grid_point(&g, 1234567) == 1234567.0);
	ck_assert_int_eq(pe_decay_grid_init(&g, 1e12, 1.0, 0, 0), PE_OK);
	ck_assert(g.n_points == (size_t)1000000000001u);
	ck_assert(pe_decay_grid_point(&g, (size_t)999999999999u) == 999999999999.0);
	ck_assert_int_eq(pe_decay_grid_init(&g, 1e7, 64.0, 0, 0), PE_OK);
	ck_assert_uint_eq(g.n_points, 156251);   /* floor(1e7 / 64) + 1 */
}
END_TEST

/* The log grid against the brute-force list: round every geometric point
 * M^(j/L) (pow, not the grid's exp), deduplicate, and compare. */
static void check_log_grid(double max_dist, size_t n_log)
{
	struct pe_decay_grid g;
	double big_m = floor(max_dist), prev = -1.0;
	size_t n_raw = 0, k_int;
	double *raw = malloc(n_log * sizeof *raw);
	char *hit;

	ck_assert(raw != NULL);
	ck_assert_int_eq(pe_decay_grid_init(&g, max_dist, 0.0, 1, n_log), PE_OK);
	for (size_t j = 0; j < n_log; j++) {
		double v = round(pow(big_m, (double)j / (double)(n_log - 1)));

		if (n_raw == 0 || v != raw[n_raw - 1])
			raw[n_raw++] = v;
	}
	hit = calloc(n_raw, 1);
	ck_assert(hit != NULL);
	ck_assert(pe_decay_grid_point(&g, 0) == 0.0);
	ck_assert(pe_decay_grid_point(&g, g.n_points - 1) == big_m);
	k_int = g.n_int;
	for (size_t kk = 0; kk < g.n_points; kk++) {
		double r = pe_decay_grid_point(&g, kk);
		int in_raw = 0;

		ck_assert_msg(r > prev, "point %zu = %g not above %g", kk, r, prev);
		ck_assert(r == floor(r));
		for (size_t j = 0; j < n_raw; j++)
			if (raw[j] == r) {
				hit[j] = 1;
				in_raw = 1;
			}
		/* an integer the rounded points skip may only appear below K,
		 * between two rounded points 2 apart */
		if (!in_raw && r != 0.0) {
			int below = 0, above = 0;

			ck_assert_msg(r <= (double)k_int, "extra %g above K = %zu", r, k_int);
			for (size_t j = 0; j < n_raw; j++) {
				below |= raw[j] == r - 1.0;
				above |= raw[j] == r + 1.0;
			}
			ck_assert_msg(below && above, "extra %g not between rounded points", r);
		}
		prev = r;
	}
	for (size_t j = 0; j < n_raw; j++)
		ck_assert_msg(hit[j], "rounded point %g missing", raw[j]);
	free(hit);
	free(raw);
}

START_TEST(test_grid_log)
{
	check_log_grid(1000.0, 20);
	check_log_grid(1e7, 100);
	check_log_grid(1e7 + 0.9, 400);   /* M = floor(max_dist) */
	check_log_grid(50.0, 200);        /* dense: every integer 1 .. 50 */
	check_log_grid(1e5, 7);           /* sparse: no integer run beyond 1 */
	check_log_grid(1.0, 5);           /* 0, 1 */
	check_log_grid(2.0, 2);           /* 0, 1, 2 */
	check_log_grid(1e12, 1000);
}
END_TEST

START_TEST(test_grid_log_counts)
{
	/* M = 50 and 200 points: the geometric steps never reach 2 below 50
	 * (50 (50^(1/199) - 1) = 0.99), so the grid is 0, 1, ..., 50 */
	struct pe_decay_grid g;

	ck_assert_int_eq(pe_decay_grid_init(&g, 50.0, 0.0, 1, 200), PE_OK);
	ck_assert_uint_eq(g.n_points, 51);
	/* M = 10^5 and 7 points: g_j = 10^(5j/6), rho - 1 = 10^(5/6) - 1 =
	 * 5.81, so the steps are >= 2 from j = 0 and K = 1: 0, 1, then
	 * 6.81 -> 7, 46.4 -> 46, 316.2 -> 316, 2154.4 -> 2154, 14678.0 ->
	 * 14678, 100000 */
	ck_assert_int_eq(pe_decay_grid_init(&g, 1e5, 0.0, 1, 7), PE_OK);
	ck_assert_uint_eq(g.n_points, 8);
	ck_assert(pe_decay_grid_point(&g, 1) == 1.0);
	ck_assert(pe_decay_grid_point(&g, 2) == 7.0);
	ck_assert(pe_decay_grid_point(&g, 3) == 46.0);
	ck_assert(pe_decay_grid_point(&g, 5) == 2154.0);
	ck_assert(pe_decay_grid_point(&g, 6) == 14678.0);
	ck_assert(pe_decay_grid_point(&g, 7) == 100000.0);
}
END_TEST

START_TEST(test_grid_errors)
{
	struct pe_decay_grid g;

	ck_assert_int_eq(pe_decay_grid_init(&g, 10.0, 0.0, 0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_decay_grid_init(&g, 10.0, -1.0, 0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_decay_grid_init(&g, 10.0, NAN, 0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_decay_grid_init(&g, -1.0, 1.0, 0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_decay_grid_init(&g, INFINITY, 1.0, 0, 0), PE_EINVAL);
	ck_assert_int_eq(pe_decay_grid_init(&g, 1e16, 1.0, 0, 0), PE_ERANGE);  /* > 2^53 */
	ck_assert_int_eq(pe_decay_grid_init(&g, 0.5, 0.0, 1, 10), PE_EINVAL);  /* M < 1 */
	ck_assert_int_eq(pe_decay_grid_init(&g, 100.0, 0.0, 1, 1), PE_EINVAL); /* n_log < 2 */
}
END_TEST

Suite *suite_decay(void)
{
	Suite *s = suite_create("decay");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_bound_by_hand);
	tcase_add_test(tc, test_bound_rope_d128);
	tcase_add_test(tc, test_samples_one_and_zero_distance);
	tcase_add_test(tc, test_grid_linear);
	tcase_add_test(tc, test_grid_log_counts);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_samples_match_scores_rope);
	tcase_add_test(tc, test_samples_match_scores_xpos);
	tcase_add_test(tc, test_profile_bound_bitwise);
	tcase_add_test(tc, test_sincos_draft_glibc);
	tcase_add_test(tc, test_hypot_draft_is_sqrt);
	tcase_add_test(tc, test_profile_bound_draft_within);
	tcase_add_test(tc, test_profile_bound_draft_declines);
	tcase_add_test(tc, test_grid_log);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_samples_errors);
	tcase_add_test(tc, test_grid_errors);
	suite_add_tcase(s, tc);
	return s;
}

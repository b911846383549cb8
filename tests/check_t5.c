/*
 * check_t5.c - T5 relative position buckets (Raffel et al. 2020; Hugging
 * Face transformers T5Attention._relative_position_bucket in
 * src/transformers/models/t5/modeling_t5.py, mesh_tensorflow
 * _relative_position_bucket in mesh_tensorflow/transformer/transformer_layers.py).
 *
 * values: hand checks and the full tables for r in [-200, 200] with the
 * defaults (32 buckets, max_distance 128); identities: float32 and double
 * agree there, buckets are monotone in the distance and in range;
 * errors: bad parameters give -1 / PE_EINVAL.
 */
#include <limits.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

/* Where the bucket changes, scanning r = -200 .. 200 upward: {first r, its
 * bucket}.  Source: HF's _relative_position_bucket transcribed to plain
 * Python (kept out of the repository), float32 emulated with
 * struct.pack('f') after every operation as torch does it (.float(), the
 * Python scalars cast to float32, .to(torch.long) truncating), evaluated at
 * every r in [-200, 200]. */
struct edge {
	long r;
	int bucket;
};

/* bidirectional, 32, 128 */
static const struct edge edges_bi[] = {
	{ -200, 15 }, { -90, 14 }, { -63, 13 }, { -45, 12 }, { -31, 11 },
	{ -22, 10 }, { -15, 9 }, { -11, 8 }, { -7, 7 }, { -6, 6 }, { -5, 5 },
	{ -4, 4 }, { -3, 3 }, { -2, 2 }, { -1, 1 }, { 0, 0 }, { 1, 17 },
	{ 2, 18 }, { 3, 19 }, { 4, 20 }, { 5, 21 }, { 6, 22 }, { 7, 23 },
	{ 8, 24 }, { 12, 25 }, { 16, 26 }, { 23, 27 }, { 32, 28 }, { 46, 29 },
	{ 64, 30 }, { 91, 31 }
};

/* causal, 32, 128: every r >= 0 is bucket 0 */
static const struct edge edges_causal[] = {
	{ -200, 31 }, { -112, 30 }, { -98, 29 }, { -86, 28 }, { -76, 27 },
	{ -66, 26 }, { -58, 25 }, { -51, 24 }, { -45, 23 }, { -39, 22 },
	{ -34, 21 }, { -30, 20 }, { -26, 19 }, { -23, 18 }, { -20, 17 },
	{ -18, 16 }, { -15, 15 }, { -14, 14 }, { -13, 13 }, { -12, 12 },
	{ -11, 11 }, { -10, 10 }, { -9, 9 }, { -8, 8 }, { -7, 7 }, { -6, 6 },
	{ -5, 5 }, { -4, 4 }, { -3, 3 }, { -2, 2 }, { -1, 1 }, { 0, 0 }
};

static int expected(const struct edge *e, size_t n, long r)
{
	int b = -1;

	for (size_t k = 0; k < n && e[k].r <= r; k++)
		b = e[k].bucket;
	return b;
}

static void check_table(const struct edge *e, size_t n, int bidirectional)
{
	for (long r = -200; r <= 200; r++) {
		int want = expected(e, n, r);
		int got = pe_t5_bucket(r, bidirectional, 32, 128);
		ck_assert_msg(got == want, "bidirectional=%d r=%ld: got %d, expected %d",
		              bidirectional, r, got, want);
	}
}

/* ---- values ---- */

START_TEST(test_hand_checks)
{
	/* By hand from the rule.  Bidirectional: B = 16, E = 8; r = 0 -> 0;
	 * r = +1: offset 16, a = 1 < 8 -> 17; r = -1: a = 1 -> 1.  Causal:
	 * B = 32, E = 16; r = -1 -> a = 1 -> 1; r = +5 -> a = 0 -> 0;
	 * r = -200: 16 + trunc(ln(12.5)/ln(8) * 16) = 16 + trunc(19.43) = 35,
	 * capped at 31. */
	ck_assert_int_eq(pe_t5_bucket(0, 1, 32, 128), 0);
	ck_assert_int_eq(pe_t5_bucket(0, 0, 32, 128), 0);
	ck_assert_int_eq(pe_t5_bucket(1, 1, 32, 128), 17);
	ck_assert_int_eq(pe_t5_bucket(-1, 1, 32, 128), 1);
	ck_assert_int_eq(pe_t5_bucket(-1, 0, 32, 128), 1);
	ck_assert_int_eq(pe_t5_bucket(5, 0, 32, 128), 0);
	ck_assert_int_eq(pe_t5_bucket(-200, 0, 32, 128), 31);
	/* the first log bucket: bidirectional a = 8 -> 8 + trunc(ln(1)) = 8;
	 * a = 16 -> 8 + ln 2 / ln 16 * 8 = 8 + 2 exactly in reals: an edge
	 * that float32 (and double) must land on, not below: 10. */
	ck_assert_int_eq(pe_t5_bucket(-8, 1, 32, 128), 8);
	ck_assert_int_eq(pe_t5_bucket(-16, 1, 32, 128), 10);
	ck_assert_int_eq(pe_t5_bucket(16, 1, 32, 128), 26);
	ck_assert_int_eq(pe_t5_bucket(32, 1, 32, 128), 28);
	ck_assert_int_eq(pe_t5_bucket(64, 1, 32, 128), 30);
}
END_TEST

START_TEST(test_table_bidirectional)
{
	check_table(edges_bi, sizeof edges_bi / sizeof edges_bi[0], 1);
}
END_TEST

START_TEST(test_table_causal)
{
	check_table(edges_causal, sizeof edges_causal / sizeof edges_causal[0], 0);
}
END_TEST

START_TEST(test_far_distances)
{
	/* Every distance >= max_distance is in the last bucket of its half,
	 * whatever float32 does to huge a (and |LONG_MIN| does not overflow). */
	static const long rs[] = { 128, 1000, 1L << 24, (1L << 24) + 1, 1000000007L,
	                           LONG_MAX };

	for (size_t u = 0; u < sizeof rs / sizeof rs[0]; u++) {
		ck_assert_int_eq(pe_t5_bucket(rs[u], 1, 32, 128), 31);
		ck_assert_int_eq(pe_t5_bucket(-rs[u], 1, 32, 128), 15);
		ck_assert_int_eq(pe_t5_bucket(-rs[u], 0, 32, 128), 31);
		ck_assert_int_eq(pe_t5_bucket(rs[u], 0, 32, 128), 0);
	}
	ck_assert_int_eq(pe_t5_bucket(LONG_MIN, 1, 32, 128), 15);
	ck_assert_int_eq(pe_t5_bucket(LONG_MIN, 0, 32, 128), 31);
	ck_assert_int_eq(pe_t5_bucket_f64(LONG_MIN, 0, 32, 128), 31);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_float32_equals_double_defaults)
{
	/* The finding documented in t5.c: for (32, 128), the float32 log
	 * branch (HF) and a double one give the same bucket everywhere. */
	for (long r = -5000; r <= 5000; r++)
		for (int bi = 0; bi <= 1; bi++)
			ck_assert_msg(pe_t5_bucket(r, bi, 32, 128) ==
			              pe_t5_bucket_f64(r, bi, 32, 128),
			              "r=%ld bidirectional=%d", r, bi);
}
END_TEST

START_TEST(test_monotone_and_in_range)
{
	/* Over other parameters: buckets in [0, B), non-decreasing in the
	 * distance within each half, keys after the query in bucket 0 when
	 * causal, and distance max_distance in the last bucket of its half. */
	static const int nbs[] = { 4, 8, 16, 32, 64, 128, 320 };
	static const int mds[] = { 20, 64, 128, 256, 800, 4096 };

	for (size_t u = 0; u < sizeof nbs / sizeof nbs[0]; u++)
		for (size_t v = 0; v < sizeof mds / sizeof mds[0]; v++)
			for (int bi = 0; bi <= 1; bi++) {
				int nb = nbs[u], md = mds[v], prev_neg = -1, prev_pos = -1;
				if (pe_t5_check(bi, nb, md) != PE_OK)
					continue;
				for (long a = 0; a <= 3L * md; a++) {
					int bn = pe_t5_bucket(-a, bi, nb, md);
					int bp = pe_t5_bucket(a, bi, nb, md);
					ck_assert(bn >= 0 && bn < nb && bp >= 0 && bp < nb);
					ck_assert_msg(bn >= prev_neg, "nb=%d md=%d a=%ld", nb, md, a);
					if (bi)
						ck_assert(a == 0 ? bp == 0 : bp >= prev_pos);
					else
						ck_assert(bp == 0);
					prev_neg = bn;
					prev_pos = a == 0 ? nb / 2 : bp;
				}
				/* the far end is the last bucket of the half */
				ck_assert_int_eq(pe_t5_bucket(-(long)md, bi, nb, md),
				                 (bi ? nb / 2 : nb) - 1);
			}
}
END_TEST

/* ---- errors ---- */

START_TEST(test_bad_parameters)
{
	ck_assert_int_eq(pe_t5_check(1, 32, 128), PE_OK);
	ck_assert_int_eq(pe_t5_check(0, 32, 128), PE_OK);
	ck_assert_int_eq(pe_t5_check(0, 2, 2), PE_OK);        /* E = 1, D = 2 */
	ck_assert_int_eq(pe_t5_check(1, 2, 128), PE_EINVAL);  /* E = 0 */
	ck_assert_int_eq(pe_t5_check(1, 3, 128), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(0, 1, 128), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(0, 0, 128), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(0, -32, 128), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(0, PE_T5_BUCKETS_MAX + 1, 1000000), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(1, 32, 8), PE_EINVAL);   /* D = E: log 1 = 0 */
	ck_assert_int_eq(pe_t5_check(1, 32, 9), PE_OK);
	ck_assert_int_eq(pe_t5_check(0, 32, 16), PE_EINVAL);
	ck_assert_int_eq(pe_t5_check(0, 32, -5), PE_EINVAL);
	ck_assert_int_eq(pe_t5_bucket(-5, 1, 2, 128), -1);
	ck_assert_int_eq(pe_t5_bucket(-5, 0, 32, 16), -1);
	ck_assert_int_eq(pe_t5_bucket_f64(-5, 0, 32, 16), -1);
}
END_TEST

/* ---- bucket ranges and the scheme ---- */

/* The range of bucket b read off an edge table: from its first r to the
 * r before the next edge; the first and last edges of the table stand for
 * the unbounded ends (-200 and everything beyond 200 are far enough: every
 * distance past 91 (bidirectional) or 113 (causal) is the last bucket). */
static void check_ranges(const struct edge *e, size_t n, int bidirectional)
{
	for (size_t k = 0; k < n; k++) {
		long lo, hi, want_lo = e[k].r, want_hi = k + 1 < n ? e[k + 1].r - 1 : LONG_MAX;
		int empty;

		if (k == 0)
			want_lo = LONG_MIN;
		if (!bidirectional && e[k].bucket == 0)
			want_hi = LONG_MAX;   /* keys after the query */
		ck_assert_int_eq(pe_t5_bucket_range(&lo, &hi, &empty, e[k].bucket, bidirectional,
		                                    32, 128), PE_OK);
		ck_assert_msg(!empty && lo == want_lo && hi == want_hi,
		              "bidirectional=%d bucket %d: [%ld, %ld], expected [%ld, %ld]",
		              bidirectional, e[k].bucket, lo, hi, want_lo, want_hi);
	}
}

START_TEST(test_ranges_from_tables)
{
	/* Expected ranges from the edge tables above (HF's function). */
	long lo, hi;
	int empty;

	check_ranges(edges_bi, sizeof edges_bi / sizeof edges_bi[0], 1);
	check_ranges(edges_causal, sizeof edges_causal / sizeof edges_causal[0], 0);
	/* bidirectional bucket 16 would be "after the query, distance 0": no r
	 * reaches it (it is absent from edges_bi) */
	ck_assert_int_eq(pe_t5_bucket_range(&lo, &hi, &empty, 16, 1, 32, 128), PE_OK);
	ck_assert(empty);
}
END_TEST

START_TEST(test_ranges_cover_every_r)
{
	/* Over the parameters of test_monotone_and_in_range: each r in
	 * [-3D, 3D] lies in the range of its own bucket, and each bucket's
	 * finite ends map back to it. */
	static const int nbs[] = { 4, 8, 32, 128, 320 };
	static const int mds[] = { 20, 128, 800, 4096 };

	for (size_t u = 0; u < sizeof nbs / sizeof nbs[0]; u++)
		for (size_t v = 0; v < sizeof mds / sizeof mds[0]; v++)
			for (int bi = 0; bi <= 1; bi++) {
				int nb = nbs[u], md = mds[v];
				long lo[320], hi[320];
				int empty[320];

				if (pe_t5_check(bi, nb, md) != PE_OK)
					continue;
				for (int b = 0; b < nb; b++) {
					ck_assert_int_eq(pe_t5_bucket_range(&lo[b], &hi[b], &empty[b], b,
					                                    bi, nb, md), PE_OK);
					if (empty[b])
						continue;
					if (lo[b] != LONG_MIN)
						ck_assert_int_eq(pe_t5_bucket(lo[b], bi, nb, md), b);
					if (hi[b] != LONG_MAX)
						ck_assert_int_eq(pe_t5_bucket(hi[b], bi, nb, md), b);
				}
				for (long r = -3L * md; r <= 3L * md; r++) {
					int b = pe_t5_bucket(r, bi, nb, md);
					ck_assert_msg(!empty[b] && lo[b] <= r && r <= hi[b],
					              "nb=%d md=%d bi=%d r=%ld bucket %d [%ld, %ld]",
					              nb, md, bi, r, b, lo[b], hi[b]);
				}
			}
}
END_TEST

START_TEST(test_scheme_bias)
{
	/* The scheme's bias is pe_t5_bucket(n - m) (key - query), or with
	 * weights row bucket of the (buckets, heads) table. */
	static double w[32 * 2];
	struct pe_scheme_cfg cfg;
	struct pe_scheme s;
	double v;

	for (int b = 0; b < 32; b++) {
		w[2 * b] = 100.0 + b;      /* head 0 */
		w[2 * b + 1] = -b;         /* head 1 */
	}
	pe_scheme_cfg_default(&cfg, PE_SCHEME_T5);
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert(s.bias_is_index && s.n_heads == 1 && s.n_row == 0);
	for (long m = 0; m < 300; m += 7)
		for (long n = 0; n < 300; n += 11) {
			ck_assert_int_eq(pe_scheme_bias(&s, &v, 0, (double)m, (double)n), PE_OK);
			ck_assert(v == pe_t5_bucket(n - m, 0, 32, 128));
			ck_assert_int_eq(pe_scheme_profile(&s, &v, (double)(n - m)), PE_OK);
			ck_assert(v == pe_t5_bucket(n - m, 0, 32, 128));
		}
	ck_assert_int_eq(pe_scheme_row(&s, &v, 0.0), PE_ENOTSUP);
	pe_scheme_free(&s);

	cfg.bias.weights = w;
	cfg.bias.n_heads = 2;
	cfg.bias.head = 1;
	cfg.bias.bidirectional = 1;
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
	ck_assert(!s.bias_is_index && s.n_heads == 2);
	/* r = +1: bidirectional bucket 17; r = -200: bucket 15 */
	ck_assert_int_eq(pe_scheme_bias(&s, &v, 0, 4.0, 5.0), PE_OK);
	ck_assert(v == 117.0);
	ck_assert_int_eq(pe_scheme_score(&s, &v, 4.0, 5.0), PE_OK);
	ck_assert(v == -17.0);   /* score: head 1 */
	ck_assert_int_eq(pe_scheme_bias(&s, &v, 1, 200.0, 0.0), PE_OK);
	ck_assert(v == -15.0);
	ck_assert_int_eq(pe_scheme_bias(&s, &v, 2, 0.0, 0.0), PE_EINVAL);
	pe_scheme_free(&s);

	cfg.bias.head = 2;   /* not a head of the table */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
	cfg.bias.head = 0;
	cfg.bias.n_buckets = 3;   /* bidirectional needs 4 */
	ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_EINVAL);
}
END_TEST

Suite *suite_t5(void)
{
	Suite *s = suite_create("t5");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_hand_checks);
	tcase_add_test(tc, test_table_bidirectional);
	tcase_add_test(tc, test_table_causal);
	tcase_add_test(tc, test_far_distances);
	tcase_add_test(tc, test_ranges_from_tables);
	tcase_add_test(tc, test_scheme_bias);
	suite_add_tcase(s, tc);

	tc = tcase_create("identities");
	tcase_add_test(tc, test_float32_equals_double_defaults);
	tcase_add_test(tc, test_monotone_and_in_range);
	tcase_add_test(tc, test_ranges_cover_every_r);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_parameters);
	suite_add_tcase(s, tc);
	return s;
}

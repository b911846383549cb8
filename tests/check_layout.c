/*
 * check_layout.c - the RoPE pairing conversion of a whole q_proj / k_proj
 * weight (pe_rope_layout_perm_heads, pe_rope_layout_verify_heads).
 *
 * values: the permutation for H = 32 query heads, K = 8 key-value heads,
 * head_dim 128 (Llama 3 8B's attention) against the two reference
 * converters, each written here as the index arithmetic of its reshapes:
 *   Hugging Face transformers, src/transformers/models/llama/
 *   convert_llama_weights_to_hf.py (commit 01cc9cd9), write_model's
 *   permute(w, n_heads, dim1, dim2) =
 *     w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2)
 *      .reshape(dim1, dim2)
 *   applied to wq with n_heads and to wk with num_key_value_heads
 *   (Meta interleaved -> HF half): the view puts row h d + 2 i + c at
 *   (h, i, c), the transpose moves it to (h, c, i), row h d + c d/2 + i;
 *   ggml-org/llama.cpp, convert_hf_to_gguf.py, LlamaModel.permute(weights,
 *   n_head, n_head_kv) =
 *     weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, ...)
 *      .swapaxes(1, 2).reshape(weights.shape)
 *   with n_head = n_head_kv for k_proj (HF half -> interleaved, the layout
 *   ggml's LLM_ARCH_LLAMA rotates): row h d + c d/2 + i goes to (h, c, i),
 *   then to (h, i, c), row h d + 2 i + c.
 * identities: each direction undoes the other; the rows of a head stay in
 *   it; scores per head are unchanged, exactly (the same products in the
 *   same pair order).
 * errors: bad sizes.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

#define N_Q 32     /* Llama 3 8B: num_attention_heads */
#define N_KV 8     /* num_key_value_heads */
#define HD 128     /* head_dim */

/* HF permute: from[] such that out row r is input row from[r]. */
static void hf_permute(size_t *from, size_t n_head, size_t d)
{
	for (size_t h = 0; h < n_head; h++)
		for (size_t i = 0; i < d / 2; i++)
			for (size_t c = 0; c < 2; c++)
				from[h * d + c * (d / 2) + i] = h * d + 2 * i + c;
}

/* llama.cpp LlamaModel.permute, the same way. */
static void gguf_permute(size_t *from, size_t n_head, size_t d)
{
	for (size_t h = 0; h < n_head; h++)
		for (size_t c = 0; c < 2; c++)
			for (size_t i = 0; i < d / 2; i++)
				from[h * d + 2 * i + c] = h * d + c * (d / 2) + i;
}

static void check_against(size_t n_head, int to_half)
{
	size_t n = n_head * HD;
	size_t *got = malloc(n * sizeof *got), *want = malloc(n * sizeof *want);

	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_nonnull(want);
	pe_rope_layout_perm_heads(got, n_head, HD, HD, to_half);
	if (to_half)
		hf_permute(want, n_head, HD);
	else
		gguf_permute(want, n_head, HD);
	for (size_t r = 0; r < n; r++)
		ck_assert_msg(got[r] == want[r], "%zu heads, to_half %d: row %zu from %zu, want %zu",
		              n_head, to_half, r, got[r], want[r]);
	free(got);
	free(want);
}

START_TEST(test_heads_hf)
{
	check_against(N_Q, 1);    /* q_proj: permute(wq, n_heads) */
	check_against(N_KV, 1);   /* k_proj: permute(wk, num_key_value_heads, ...) */
}
END_TEST

START_TEST(test_heads_gguf)
{
	check_against(N_Q, 0);    /* permute(q, n_head, n_head) */
	check_against(N_KV, 0);   /* permute(k, n_head, n_head_kv): n_head_kv heads */
}
END_TEST

/* By hand, 2 heads of d = 4: interleaved (x0,x1)(x2,x3) -> half (x0,x2)(x1,x3)
 * in each head; partial rotary (R = 2 of d = 4) leaves the rest. */
START_TEST(test_heads_by_hand)
{
	size_t p[8];
	const size_t half[8] = { 0, 2, 1, 3, 4, 6, 5, 7 };
	const size_t part[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

	pe_rope_layout_perm_heads(p, 2, 4, 4, 1);
	for (size_t j = 0; j < 8; j++)
		ck_assert_uint_eq(p[j], half[j]);
	pe_rope_layout_perm_heads(p, 2, 4, 2, 1);   /* one pair: no move */
	for (size_t j = 0; j < 8; j++)
		ck_assert_uint_eq(p[j], part[j]);
}
END_TEST

/* Round trip: to half, then back, is the identity; heads keep their rows. */
START_TEST(test_heads_round_trip)
{
	size_t n = N_Q * HD, a[N_Q * HD], b[N_Q * HD];

	pe_rope_layout_perm_heads(a, N_Q, HD, HD, 1);
	pe_rope_layout_perm_heads(b, N_Q, HD, HD, 0);
	for (size_t r = 0; r < n; r++) {
		/* out[r] = in[a[r]]; then out2[r] = out[b[r]] = in[a[b[r]]] */
		ck_assert_uint_eq(a[b[r]], r);
		ck_assert_uint_eq(b[a[r]], r);
		ck_assert_uint_eq(a[r] / HD, r / HD);
	}
}
END_TEST

static double *theta(size_t d)
{
	double *t = malloc(d / 2 * sizeof *t);

	for (size_t i = 0; t && i < d / 2; i++)
		t[i] = pow(10000.0, -(double)(2 * i) / (double)d);
	return t;
}

/* Scores per head unchanged, exactly: random q, k, and a random weight's
 * projections (k_proj of 8 heads x 128 rows, 16 columns). */
START_TEST(test_verify_heads_zero)
{
	double *inv = theta(HD), *w = malloc(N_KV * HD * 16 * sizeof *w);
	struct pe_rng rng;
	struct pe_layout_check chk;
	struct pe_layout_heads lh = { N_KV, HD, HD, inv, 1, NULL, 0 };

	ck_assert_ptr_nonnull(inv);
	ck_assert_ptr_nonnull(w);
	for (int dir = 0; dir < 2; dir++) {
		lh.to_half = dir;
		ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 7, 200, 4095.0), PE_OK);
		ck_assert_double_eq(chk.max_abs, 0.0);
		ck_assert_uint_eq(chk.n_head, N_KV);
		ck_assert(chk.pass);
	}
	pe_rng_init(&rng, 3);
	pe_rng_fill_normal(w, &rng, N_KV * HD * 16);
	lh.w = w;
	lh.n_cols = 16;
	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 7, 8, 4095.0), PE_OK);
	ck_assert_double_eq(chk.max_abs, 0.0);
	ck_assert(chk.pass);
	free(inv);
	free(w);
}
END_TEST

/* The check has teeth: the same q, k scored in the target pairing without
 * the permutation differ far beyond the tolerance. */
START_TEST(test_verify_heads_teeth)
{
	double *inv = theta(HD), q[HD], k[HD];
	struct pe_rng rng;
	double a, b;

	ck_assert_ptr_nonnull(inv);
	pe_rng_init(&rng, 11);
	pe_rng_fill_normal(q, &rng, HD);
	pe_rng_fill_normal(k, &rng, HD);
	a = pe_rope_score(q, k, inv, 3.0, 900.0, 1.0, HD, HD, PE_ROPE_PAIRING_INTERLEAVED);
	b = pe_rope_score(q, k, inv, 3.0, 900.0, 1.0, HD, HD, PE_ROPE_PAIRING_HALF);
	/* |q| |k| is about d = 128; the tolerance 4 d eps of that, times 1e3 */
	ck_assert(fabs(a - b) > 1e3 * 4.0 * HD * DBL_EPSILON * HD);
	free(inv);
}
END_TEST

START_TEST(test_verify_heads_errors)
{
	double inv[2] = { 1.0, 0.01 };
	struct pe_layout_check chk;
	struct pe_layout_heads lh = { 0, 4, 4, inv, 1, NULL, 0 };
	double w[8] = { 0 };

	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 1, 1, 10.0), PE_EINVAL);
	lh.n_head = 2;
	lh.n_dim = 3;
	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 1, 1, 10.0), PE_EINVAL);
	lh.n_dim = 4;
	lh.w = w;   /* a weight without columns */
	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 1, 1, 10.0), PE_EINVAL);
	lh.w = NULL;
	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 1, 0, 10.0), PE_EINVAL);
	ck_assert_int_eq(pe_rope_layout_verify_heads(&chk, &lh, 1, 1, NAN), PE_EINVAL);
}
END_TEST

Suite *suite_layout(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_heads_hf);
	tcase_add_test(tc, test_heads_gguf);
	tcase_add_test(tc, test_heads_by_hand);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_heads_round_trip);
	tcase_add_test(tc, test_verify_heads_zero);
	tcase_add_test(tc, test_verify_heads_teeth);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_verify_heads_errors);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_axes.c - positions with several axes (src/pe/axes.c, mrope.c,
 * rope2d.c, sinusoidal_nd.c).
 *
 * values: the position ids of a text-image-text sequence worked by hand
 * from Qwen2VLModel.get_rope_index (transformers,
 * src/transformers/models/qwen2_vl/modeling_qwen2_vl.py); the M-RoPE angles
 * from apply_multimodal_rotary_pos_emb (same file: cos.split(mrope_section
 * * 2), chunk i from axis i % 3) and Qwen3VLTextRotaryEmbedding.
 * apply_interleaved_mrope (models/qwen3_vl/modeling_qwen3_vl.py), each
 * transcribed below as the reference computes it; the vision towers'
 * 2-D angles from Qwen2VisionTransformerPretrainedModel.rot_pos_emb with
 * VisionRotaryEmbedding(head_dim // 2) (qwen2_vl) and
 * PixtralRotaryEmbedding (models/pixtral/modeling_pixtral.py); MAE's 2-D
 * sinusoidal code (facebookresearch/mae, util/pos_embed.py,
 * get_2d_sincos_pos_embed_from_grid).  Tolerance 1e-12 relative.
 * identities: M-RoPE on text equals RoPE; the grid's closed-form
 * uniqueness equals the smallest distance between codes pair by pair.
 */
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "pe/pe.h"

static void scheme_cfg(struct pe_scheme *s, struct pe_scheme_cfg *c)
{
	ck_assert_int_eq(pe_scheme_init(s, c), PE_OK);
}

/* text 3, an image of 1 x 2 x 3 patches (after the merge), text 2, a
 * video of 2 x 1 x 2, text 1: get_rope_index's st_idx rule by hand */
START_TEST(test_token_positions)
{
	static const struct pe_token_span spans[] = {
		{ 0, 3, 0, 0, 0 }, { 1, 0, 1, 2, 3 }, { 0, 2, 0, 0, 0 }, { 1, 0, 2, 1, 2 },
		{ 0, 1, 0, 0, 0 }
	};
	static const double want[][3] = {
		{ 0, 0, 0 }, { 1, 1, 1 }, { 2, 2, 2 },               /* text: arange(3) */
		{ 3, 3, 3 }, { 3, 3, 4 }, { 3, 3, 5 },               /* image + text_len + st_idx = 3 */
		{ 3, 4, 3 }, { 3, 4, 4 }, { 3, 4, 5 },
		{ 6, 6, 6 }, { 7, 7, 7 },                            /* max 5 + 1 */
		{ 8, 8, 8 }, { 8, 8, 9 }, { 9, 8, 8 }, { 9, 8, 9 },  /* video: t = arange(2) + 8 */
		{ 10, 10, 10 }                                       /* max 9 + 1 */
	};
	struct pe_points pts;

	ck_assert_int_eq(pe_points_tokens(&pts, spans, 5), PE_OK);
	ck_assert_uint_eq(pts.n, 16);
	ck_assert_close_array(pts.thw, &want[0][0], 48, 0.0, 0.0);
	ck_assert_int_eq(pts.image[2], 0);
	ck_assert_int_eq(pts.image[3], 1);
	pe_points_free(&pts);
	/* errors: an empty span */
	{
		struct pe_token_span bad = { 1, 0, 0, 2, 2 };
		ck_assert_int_eq(pe_points_tokens(&pts, &bad, 1), PE_EINVAL);
	}
}
END_TEST

/* The axis HF gives pair i: sectioned (split(mrope_section * 2), chunk k
 * from axis k % 3, on the first half) or interleaved (freqs_t[..., idx] =
 * freqs[dim, ..., idx] for idx = slice(offset, section[dim] * 3, 3)). */
static int hf_axis(const int *sec, int interleaved, int i)
{
	if (interleaved) {
		int ax = 0;

		for (int dim = 1; dim <= 2; dim++)
			for (int idx = dim; idx < sec[dim] * 3; idx += 3)
				if (idx == i)
					ax = dim;
		return ax;
	}
	return i < sec[0] ? 0 : i < sec[0] + sec[1] ? 1 : 2;
}

static void check_mrope_angles(const int *sec, int interleaved, size_t d, double base)
{
	struct pe_scheme s;
	struct pe_scheme_cfg c;
	struct pe_points pts;
	struct pe_token_span sp = { 1, 0, 2, 3, 4 };   /* a video 2 x 3 x 4 */
	double secd[3] = { sec[0], sec[1], sec[2] }, got[64], want[64];

	pe_scheme_cfg_default(&c, PE_SCHEME_MROPE);
	c.n_dim = d;
	c.base = base;
	c.table = PE_TABLE_ANGLE;
	c.axes.section = secd;
	c.axes.n_section = 3;
	c.axes.interleaved = interleaved;
	scheme_cfg(&s, &c);
	ck_assert_int_eq(pe_points_tokens(&pts, &sp, 1), PE_OK);
	for (size_t k = 0; k < pts.n; k++) {
		ck_assert_int_eq(pe_scheme_row_at(&s, got, &pts, k), PE_OK);
		for (size_t i = 0; i < d / 2; i++) {
			/* inv_freq = 1 / base^(arange(0, d, 2) / d); freqs = pos x inv_freq */
			double inv = 1.0 / pow(base, (double)(2 * i) / (double)d);

			want[i] = pts.thw[3 * k + hf_axis(sec, interleaved, (int)i)] * inv;
		}
		ck_assert_close_array(got, want, d / 2, 0.0, 1e-12);
	}
	pe_points_free(&pts);
	pe_scheme_free(&s);
}

START_TEST(test_mrope_sectioned)
{
	static const int qwen2[3] = { 16, 24, 24 };   /* Qwen2-VL, Qwen2.5-VL config.json */

	check_mrope_angles(qwen2, 0, 128, 1e6);
}
END_TEST

START_TEST(test_mrope_interleaved)
{
	static const int qwen3[3] = { 24, 20, 20 };   /* Qwen3-VL config.json */

	check_mrope_angles(qwen3, 1, 128, 5e6);
}
END_TEST

/* On text (p, p, p) M-RoPE is RoPE: score and profile agree. */
START_TEST(test_mrope_text_is_rope)
{
	struct pe_scheme m, r;
	struct pe_token_span sp = { 0, 50, 0, 0, 0 };
	struct pe_points pts;

	ck_scheme(&m, PE_SCHEME_MROPE, 128, 1e6);
	ck_scheme(&r, PE_SCHEME_ROPE, 128, 1e6);
	ck_assert_int_eq(pe_points_tokens(&pts, &sp, 1), PE_OK);
	for (size_t k = 0; k < pts.n; k += 7) {
		double a, b;

		ck_assert_int_eq(pe_scheme_score_at(&m, &a, &pts, 3, k), PE_OK);
		ck_assert_int_eq(pe_scheme_score(&r, &b, 3.0, (double)k), PE_OK);
		ck_assert_double_eq_tol(a, b, 1e-12 * fabs(b) + 1e-12);
		ck_assert_int_eq(pe_scheme_profile(&m, &a, (double)k), PE_OK);
		ck_assert_int_eq(pe_scheme_profile(&r, &b, (double)k), PE_OK);
		ck_assert_double_eq(a, b);
	}
	pe_points_free(&pts);
	pe_scheme_free(&m);
	pe_scheme_free(&r);
}
END_TEST

/* rope2d: patch (h, w) = (2, 5) of a d = 80 head (the Qwen2-VL vision
 * tower: 1280 / 16). */
static void check_rope2d(int alternate)
{
	struct pe_scheme s;
	struct pe_scheme_cfg c;
	struct pe_points pts;
	double got[40], want[40];
	const size_t d = 80;

	pe_scheme_cfg_default(&c, PE_SCHEME_ROPE2D);
	c.n_dim = d;
	c.table = PE_TABLE_ANGLE;
	c.axes.alternate = alternate;
	scheme_cfg(&s, &c);
	ck_assert_int_eq(pe_points_grid(&pts, 1, 3, 6), PE_OK);
	ck_assert_int_eq(pe_scheme_row_at(&s, got, &pts, 2 * 6 + 5), PE_OK);
	for (size_t i = 0; i < 20; i++) {
		if (!alternate) {
			/* VisionRotaryEmbedding(40): 1 / 10000^(arange(0, 40, 2) / 40);
			 * rotary_pos_emb_full[pos_ids].flatten(1): h angles, then w */
			double inv = 1.0 / pow(10000.0, (double)(2 * i) / 40.0);
			want[i] = 2.0 * inv;
			want[20 + i] = 5.0 * inv;
		} else {
			/* Pixtral: freqs = 1 / base^(arange(0, 80, 2) / 80); h takes
			 * freqs[::2], w freqs[1::2] */
			want[i] = 2.0 / pow(10000.0, (double)(2 * (2 * i)) / 80.0);
			want[20 + i] = 5.0 / pow(10000.0, (double)(2 * (2 * i + 1)) / 80.0);
		}
	}
	ck_assert_close_array(got, want, 40, 0.0, 1e-12);
	pe_points_free(&pts);
	pe_scheme_free(&s);
}

START_TEST(test_rope2d_same)
{
	check_rope2d(0);
}
END_TEST

START_TEST(test_rope2d_alternate)
{
	check_rope2d(1);
}
END_TEST

/* MAE: embed_dim 16, grid (h, w) = (2, 3): emb_h = 1-D code of grid[0]
 * (the column w = 3), emb_w of grid[1] (the row h = 2), each D = 8:
 * omega = 1 / 10000^(arange(4) / 4), [sin(x omega) | cos(x omega)]. */
START_TEST(test_sinusoidal_nd_mae)
{
	struct pe_scheme s;
	struct pe_points pts;
	double got[16], want[16];

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL_ND, 16, 10000.0);
	ck_assert_int_eq(pe_points_grid(&pts, 1, 4, 4), PE_OK);
	ck_assert_int_eq(pe_scheme_row_at(&s, got, &pts, 2 * 4 + 3), PE_OK);
	for (int i = 0; i < 4; i++) {
		double omega = 1.0 / pow(10000.0, (double)i / 4.0);

		want[i] = sin(3.0 * omega);
		want[4 + i] = cos(3.0 * omega);
		want[8 + i] = sin(2.0 * omega);
		want[12 + i] = cos(2.0 * omega);
	}
	ck_assert_close_array(got, want, 16, 0.0, 1e-12);
	pe_points_free(&pts);
	pe_scheme_free(&s);
}
END_TEST

/* The closed form over displacements equals the smallest distance
 * between the codes (a cos, a sin per pair) of every two patches. */
START_TEST(test_grid_uniqueness_identity)
{
	struct pe_scheme s;
	struct pe_points pts;
	double best = INFINITY, got, code[2][40], row[40];
	size_t i, j;

	ck_scheme(&s, PE_SCHEME_ROPE2D, 16, 10000.0);
	ck_assert_int_eq(pe_points_grid(&pts, 1, 5, 7), PE_OK);
	for (size_t a = 0; a < pts.n; a++)
		for (size_t b = a + 1; b < pts.n; b++) {
			double sum = 0.0;

			for (int k = 0; k < 2; k++) {
				/* the angle table through row_at, then the code */
				struct pe_scheme_cfg c = s.cfg;
				struct pe_scheme t;

				c.table = PE_TABLE_ANGLE;
				scheme_cfg(&t, &c);
				ck_assert_int_eq(pe_scheme_row_at(&t, row, &pts, k ? b : a), PE_OK);
				for (size_t p = 0; p < t.n_freq; p++) {
					code[k][2 * p] = cos(row[p]);
					code[k][2 * p + 1] = sin(row[p]);
				}
				pe_scheme_free(&t);
			}
			for (size_t p = 0; p < 2 * s.n_freq; p++)
				sum += (code[0][p] - code[1][p]) * (code[0][p] - code[1][p]);
			best = fmin(best, sqrt(sum));
		}
	ck_assert_int_eq(pe_props_grid_min_distance(&got, &i, &j, &s, &pts), PE_OK);
	ck_assert_double_eq_tol(got, best, 1e-12);
	ck_assert_uint_lt(i, j);
	pe_points_free(&pts);
	pe_scheme_free(&s);
}
END_TEST

/* On the diagonal the analyses of one distance see M-RoPE as RoPE and
 * the 2-D sinusoidal code as the 1-D code of its frequencies: the rounding
 * measurements agree bit for bit. */
START_TEST(test_diagonal_precision_identity)
{
	struct pe_scheme m, r;
	double a, b;

	ck_scheme(&m, PE_SCHEME_MROPE, 128, 1e6);
	ck_scheme(&r, PE_SCHEME_ROPE, 128, 1e6);
	ck_assert_int_eq(pe_invariance_fp(&a, &m, PE_FP16, 512, 7), PE_OK);
	ck_assert_int_eq(pe_invariance_fp(&b, &r, PE_FP16, 512, 7), PE_OK);
	ck_assert_double_eq(a, b);
	pe_scheme_free(&m);
	pe_scheme_free(&r);
}
END_TEST

/* errors: sections not adding up to R/2, t on a scheme of two axes */
START_TEST(test_axes_errors)
{
	struct pe_scheme s;
	struct pe_scheme_cfg c;
	double bad[3] = { 16, 24, 23 };

	pe_scheme_cfg_default(&c, PE_SCHEME_MROPE);
	c.axes.section = bad;
	c.axes.n_section = 3;
	ck_assert_int_eq(pe_scheme_init(&s, &c), PE_EINVAL);
	pe_scheme_cfg_default(&c, PE_SCHEME_ROPE2D);
	c.axes.dir = PE_AXIS_T;
	ck_assert_int_eq(pe_scheme_init(&s, &c), PE_EINVAL);
	c.axes.dir = PE_AXIS_DIAGONAL;
	c.n_dim = 10;
	ck_assert_int_eq(pe_scheme_init(&s, &c), PE_EINVAL);
}
END_TEST

Suite *suite_axes(void)
{
	Suite *s = suite_create("axes");
	TCase *tc = tcase_create("axes");

	tcase_add_test(tc, test_token_positions);
	tcase_add_test(tc, test_mrope_sectioned);
	tcase_add_test(tc, test_mrope_interleaved);
	tcase_add_test(tc, test_mrope_text_is_rope);
	tcase_add_test(tc, test_rope2d_same);
	tcase_add_test(tc, test_rope2d_alternate);
	tcase_add_test(tc, test_sinusoidal_nd_mae);
	tcase_add_test(tc, test_grid_uniqueness_identity);
	tcase_add_test(tc, test_diagonal_precision_identity);
	tcase_add_test(tc, test_axes_errors);
	suite_add_tcase(s, tc);
	return s;
}

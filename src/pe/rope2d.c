/*
 * rope2d.c - 2-D axial RoPE of vision transformers: an image patch at row
 * h and column w; the first half of the rotary pairs turns with h, the
 * second half with w (d divisible by 4).  Two ways to share the
 * frequencies (theta_j = base^(-2j/d), j in [0, d/2)):
 *
 *   same       both halves take theta_0, theta_2, theta_4, ..., i.e. a
 *              RoPE of d/2 per axis: pair k and pair d/4 + k at
 *              base^(-4k/d).  The vision towers of Qwen2-VL, Qwen2.5-VL
 *              and Qwen3-VL (transformers models/qwen2_vl/
 *              modeling_qwen2_vl.py: VisionRotaryEmbedding(head_dim // 2),
 *              Qwen2VisionTransformerPretrainedModel.rot_pos_emb, whose
 *              rotary_pos_emb_full[pos_ids].flatten(1) lays the h angles
 *              then the w angles).
 *   alternate  rows take the even theta_{2k}, columns the odd
 *              theta_{2k+1}: Pixtral (models/pixtral/modeling_pixtral.py,
 *              PixtralRotaryEmbedding: freqs[::2] for h, freqs[1::2] for
 *              w) and mistral-inference's precompute_freqs_cis_2d.
 *
 * Both pairings: Hugging Face rotates halves (rotate_half, --pairing
 * half), mistral-inference complex pairs (interleaved); the pairs and
 * their angles are the same.  Every analysis of one distance walks the
 * --axis line (diagonal: h and w together).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "pe/pe.h"
#include "pe/rotary.h"

static enum pe_status rope2d_init(struct pe_scheme *s)
{
	size_t d = s->cfg.n_dim, quarter;
	enum pe_status st;

	if (d % 4 != 0 || s->cfg.rope.n_rot != 0)
		return PE_EINVAL;   /* every dimension turns, h and w a half each */
	s->cfg.rope.scaling = PE_ROPE_SCALING_NONE;
	st = pe_rotary_init(s, 0);
	if (st != PE_OK)
		return st;
	st = pe_axes_init(s, 2);
	if (st != PE_OK)
		return st;
	quarter = s->n_freq / 2;
	for (size_t i = 0; i < s->n_freq; i++) {
		size_t k = i % quarter, a = i < quarter ? 1 : 2;
		/* theta_{2k} for rows and for same; theta_{2k+1} for alternate's
		 * columns, as HF forms them: 1 / base^(j / (d/2)) with j = 2k ...
		 * over d, i.e. 1 / base^(2 (2k) / d) */
		size_t j = 2 * k + (a == 2 && s->cfg.axes.alternate);

		s->axis_of[i] = (unsigned char)a;
		s->inv_freq_axes[i] = 1.0 / pow(s->cfg.base, (double)(2 * j) / (double)d);
		s->inv_freq_base[i] = s->inv_freq_axes[i];
		s->inv_freq[i] = s->inv_freq_axes[i] * s->dir[a];
	}
	return PE_OK;
}

static const char *const freqs_names[] = { "same", "alternate", NULL };

const struct pe_opt pe_opt_axial_freqs = {
	.name = "axial-freqs", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = freqs_names,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, axes.alternate),
	.def = 0, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_ROPE,
	.help = "rope2d: same (%D: each axis a RoPE of d/2, the Qwen-VL vision towers)\n"
	        "or alternate (rows the even frequencies, columns the odd: Pixtral)",
};

static const struct pe_opt *const rope2d_opts[] = {
	&pe_opt_d, &pe_opt_base, &pe_opt_pairing, &pe_opt_axial_freqs, &pe_opt_axis,
	&pe_opt_table, NULL
};

static const struct pe_refusal rope2d_refusals[] = {
	{ &pe_opt_rotary_dim, "does not apply to --scheme %s: every dimension turns, a half with each axis" },
	{ &pe_opt_scaling, "does not apply to --scheme %s: vision towers are not extended" },
	{ NULL, NULL }
};

const struct pe_scheme_ops pe_rope2d_ops = {
	.name = "rope2d",
	.init = rope2d_init,
	.row = pe_rotary_row,
	.profile = pe_rope_profile_op,
	.score = pe_rope_score_op,
	.row_at = pe_axes_rotary_row_at,
	.score_at = pe_axes_rotary_score,
	.traits = PE_TRAIT_ROTARY | PE_TRAIT_AXES,
	.n_dim_default = 80,   /* the heads of the Qwen2-VL vision tower: 1280 / 16 */
	.table_default = PE_TABLE_COS,
	.adds = "rotation",
	.description = "2-D axial RoPE of vision transformers: half the pairs turn with the row, half with the column",
	.opts = rope2d_opts,
	.refusals = rope2d_refusals,
	.fields = NULL,
};

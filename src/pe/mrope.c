/*
 * mrope.c - multimodal RoPE (M-RoPE) of the Qwen vision-language models:
 * each position is a triple (t, h, w), and the rotary pairs are shared
 * among the three axes, each pair turning with one coordinate at its usual
 * frequency theta_i = base^(-2i/R) (after any context-extension scaling).
 *
 *   sectioned    Qwen2-VL, Qwen2.5-VL (Wang et al. 2024, "Qwen2-VL",
 *                section 2.1): the first mrope_section[0] pairs turn with
 *                t, the next mrope_section[1] with h, the rest with w
 *                (transformers models/qwen2_vl/modeling_qwen2_vl.py,
 *                apply_multimodal_rotary_pos_emb: cos.split(mrope_section
 *                * 2), chunk i from axis i % 3)
 *   interleaved  Qwen3-VL: pair i turns with h when i % 3 == 1 and
 *                i < 3 mrope_section[1], with w when i % 3 == 2 and
 *                i < 3 mrope_section[2], with t otherwise
 *                (models/qwen3_vl/modeling_qwen3_vl.py,
 *                Qwen3VLTextRotaryEmbedding.apply_interleaved_mrope)
 *
 * The sections add up to R/2.  A text token sits at (p, p, p), so on text
 * M-RoPE is RoPE: the --axis diagonal (the default) is that line; --axis
 * t, h or w moves one coordinate alone.  Positions of a token sequence:
 * pe_points_tokens (axes.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "pe/pe.h"
#include "pe/rotary.h"

static const double section_default[PE_MROPE_SECTIONS] = PE_MROPE_SECTION_DEFAULT;

static const double *sections(const struct pe_scheme_cfg *c, size_t *n)
{
	if (c->axes.section && c->axes.n_section) {
		*n = c->axes.n_section;
		return c->axes.section;
	}
	*n = PE_MROPE_SECTIONS;
	return section_default;
}

/* The axis of pair i of n_freq (0 t, 1 h, 2 w); -1 if sec is not three
 * whole numbers adding up to n_freq. */
static int section_axis(const double *sec, size_t n_sec, int interleaved, size_t i,
                        size_t n_freq)
{
	double sum = 0.0;

	if (n_sec != PE_MROPE_SECTIONS)
		return -1;
	for (size_t a = 0; a < PE_MROPE_SECTIONS; a++) {
		if (!(sec[a] >= 0.0) || sec[a] != floor(sec[a]))
			return -1;
		sum += sec[a];
	}
	if (sum != (double)n_freq)
		return -1;
	if (interleaved) {
		double di = (double)i;

		if (i % 3 == 1 && di < 3.0 * sec[1])
			return 1;
		if (i % 3 == 2 && di < 3.0 * sec[2])
			return 2;
		return 0;
	}
	return (double)i < sec[0] ? 0 : (double)i < sec[0] + sec[1] ? 1 : 2;
}

static enum pe_status mrope_init(struct pe_scheme *s)
{
	size_t n_sec;
	const double *sec = sections(&s->cfg, &n_sec);
	enum pe_status st = pe_rotary_init(s, 0);

	if (st != PE_OK)
		return st;
	st = pe_axes_init(s, 3);
	if (st != PE_OK)
		return st;
	for (size_t i = 0; i < s->n_freq; i++) {
		int a = section_axis(sec, n_sec, s->cfg.axes.interleaved, i, s->n_freq);

		if (a < 0)
			return PE_EINVAL;
		s->axis_of[i] = (unsigned char)a;
		s->inv_freq_axes[i] = s->inv_freq[i];
		s->inv_freq[i] *= s->dir[a];   /* the line the 1-D analyses walk */
	}
	return PE_OK;
}

/* The table at (t, h, w): pair i at angle thw[axis_of[i]] theta_i. */
void pe_axes_rotary_row_at(const struct pe_scheme *s, double *out, const double *thw)
{
	for (size_t i = 0; i < s->n_freq; i++)
		out[i] = pe_rotary_cell(s->cfg.table, thw[s->axis_of[i]] * s->inv_freq_axes[i],
		                        s->attention_factor);
}

/* <a R_m 1, a R_n 1> over the rotated dims plus the d - R others, the
 * angles formed at m and n apart, as a model does (pe_rope_score). */
double pe_axes_rotary_score(const struct pe_scheme *s, const double *m, const double *n)
{
	double a2 = s->attention_factor * s->attention_factor, sum = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		double am = m[s->axis_of[i]] * s->inv_freq_axes[i];
		double an = n[s->axis_of[i]] * s->inv_freq_axes[i];

		sum += cos(am) * cos(an) + sin(am) * sin(an);
	}
	return 2.0 * a2 * sum + (double)(s->cfg.rope.n_dim - 2 * s->n_freq);
}

/* ---- options ---- */

const struct pe_opt pe_opt_mrope_section = {
	.name = "mrope-section", .arg = "LIST", .type = PE_OPT_LIST, .hi = PE_MROPE_SECTIONS,
	.field = PE_FIELD_LIST, .offset = offsetof(struct pe_scheme_cfg, axes.section),
	.count_offset = offsetof(struct pe_scheme_cfg, axes.n_section), .def = NAN,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_ROPE,
	.help = "mrope: T,H,W, the pairs that turn with t, h and w, adding up to\n"
	        "R/2 (default 16,24,24: Qwen2-VL and Qwen2.5-VL)",
};

static const struct pe_opt opt_interleaved = {
	.name = "mrope-interleaved", .type = PE_OPT_FLAG,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, axes.interleaved),
	.def = NAN, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_ROPE,
	.help = "mrope: the axes take turns, t h w t h w ... (Qwen3-VL)",
};

static const struct pe_opt *const mrope_opts[] = {
	PE_ROTARY_OPTS, &pe_opt_mrope_section, &opt_interleaved, &pe_opt_axis, NULL
};

static const struct pe_cfg_field mrope_fields[] = {
	PE_ROTARY_FIELDS,
	{ "rope_scaling.mrope_section", &pe_opt_mrope_section, PE_CFG_VALUE, NULL },
	{ "rope_parameters.mrope_section", &pe_opt_mrope_section, PE_CFG_VALUE, "transformers 5" },
	{ "rope_scaling.mrope_interleaved", &opt_interleaved, PE_CFG_TRUE, "Qwen3-VL" },
	{ "rope_parameters.mrope_interleaved", &opt_interleaved, PE_CFG_TRUE, "transformers 5" },
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};

static const struct pe_refusal mrope_refusals[] = {
	{ &pe_opt_layout, "applies to --scheme sinusoidal; %s pairs dimensions as --pairing says" },
	{ NULL, NULL }
};

const struct pe_scheme_ops pe_mrope_ops = {
	.name = "mrope",
	.init = mrope_init,
	.row = pe_rotary_row,
	.profile = pe_rope_profile_op,
	.score = pe_rope_score_op,
	.row_at = pe_axes_rotary_row_at,
	.score_at = pe_axes_rotary_score,
	.traits = PE_TRAIT_ROTARY | PE_TRAIT_EXTEND | PE_TRAIT_AXES,
	.n_dim_default = 128,   /* Qwen2-VL's head */
	.table_default = PE_TABLE_COS,
	.adds = "rotation",
	.description = "multimodal RoPE: pairs turn with time, height or width (Qwen2-VL, Qwen3-VL)",
	.opts = mrope_opts,
	.refusals = mrope_refusals,
	.fields = mrope_fields,
};

/*
 * rotary.h - what the rotary schemes share, inside src/pe only: rope and
 * xpos (rope.c) and the rotations of positions with several axes (mrope.c,
 * rope2d.c) list the same option rows and read the same config.json
 * fields, defined once in rope.c.
 */
#ifndef PECLI_PE_ROTARY_H
#define PECLI_PE_ROTARY_H

#include "pe/pe.h"

extern const struct pe_opt pe_opt_original_max, pe_opt_seq_len, pe_opt_beta_fast,
	pe_opt_beta_slow, pe_opt_attention_factor, pe_opt_mscale, pe_opt_mscale_all_dim,
	pe_opt_truncate, pe_opt_no_truncate, pe_opt_low_freq_factor, pe_opt_high_freq_factor;

/* The options of RoPE and its context-extension scalings. */
#define PE_ROTARY_OPTS \
	&pe_opt_d, &pe_opt_base, &pe_opt_rotary_dim, \
	&pe_opt_pairing, &pe_opt_scaling, &pe_opt_factor, &pe_opt_original_max, \
	&pe_opt_seq_len, &pe_opt_beta_fast, &pe_opt_beta_slow, &pe_opt_attention_factor, \
	&pe_opt_mscale, &pe_opt_mscale_all_dim, &pe_opt_truncate, &pe_opt_no_truncate, \
	&pe_opt_low_freq_factor, &pe_opt_high_freq_factor, &pe_opt_short_factor, \
	&pe_opt_long_factor, &pe_opt_table

/*
 * The config.json fields of the rotary family, each beside the option with
 * the same meaning.  src/read/hfconfig.c reads them with transformers'
 * precedence (modeling_rope_utils.py standardize_rope_params): the rope
 * dict's keys before the top level's, the first head-dimension field
 * present in this order.
 */
#define PE_ROTARY_FIELD(key, opt, note) { key, opt, PE_CFG_HF_ROPE, note }
#define PE_ROTARY_FIELDS \
	PE_ROTARY_FIELD("qk_rope_head_dim", &pe_opt_d, "DeepSeek MLA: only this part of a head rotates"), \
	PE_ROTARY_FIELD("head_dim", &pe_opt_d, NULL), \
	PE_ROTARY_FIELD("kv_channels", &pe_opt_d, "ChatGLM"), \
	PE_ROTARY_FIELD("hidden_size", &pe_opt_d, "divided by num_attention_heads"), \
	PE_ROTARY_FIELD("num_attention_heads", &pe_opt_d, NULL), \
	PE_ROTARY_FIELD("rope_theta", &pe_opt_base, NULL), \
	PE_ROTARY_FIELD("rotary_emb_base", &pe_opt_base, "GPT-NeoX"), \
	PE_ROTARY_FIELD("rope_ratio", &pe_opt_base, "ChatGLM: base 10000 * rope_ratio"), \
	PE_ROTARY_FIELD("partial_rotary_factor", &pe_opt_rotary_dim, "R = int(d * factor)"), \
	PE_ROTARY_FIELD("rotary_pct", &pe_opt_rotary_dim, "GPT-NeoX"), \
	PE_ROTARY_FIELD("rotary_dim", &pe_opt_rotary_dim, "GPT-J, CodeGen"), \
	PE_ROTARY_FIELD("rope_interleave", &pe_opt_pairing, "DeepSeek-V3"), \
	PE_ROTARY_FIELD("rope_scaling", &pe_opt_scaling, "rope_type or type, and its keys"), \
	PE_ROTARY_FIELD("rope_parameters", &pe_opt_scaling, "transformers 5"), \
	PE_ROTARY_FIELD("max_position_embeddings", NULL, "the context length"), \
	PE_ROTARY_FIELD("original_max_position_embeddings", &pe_opt_original_max, "Phi-3")

/* The rotary scheme's init (rope.c): validate, the inverse frequencies,
 * the table's range; xpos: the zeta scales too. */
enum pe_status pe_rotary_init(struct pe_scheme *s, int xpos);

/* The table row of a rotary scheme at position p (rope.c). */
void pe_rotary_row(const struct pe_scheme *s, double *out, double p);

/* Pair i's entry of the table cfg.table at angle phi, attention factor a. */
double pe_rotary_cell(enum pe_table table, double phi, double a);

/* The score of a rotation with several axes at positions m and n (t, h,
 * w), q = k = ones (mrope.c): 2 a^2 sum_i cos of the two angles' difference
 * plus the d - R dims that do not turn. */
double pe_axes_rotary_score(const struct pe_scheme *s, const double *m, const double *n);

/* RoPE's profile and score with q = k = ones, from s->inv_freq (rope.c). */
double pe_rope_profile_op(const struct pe_scheme *s, double r);
double pe_rope_score_op(const struct pe_scheme *s, double m, double n);

/* The table of a rotation with several axes at (t, h, w): pair i at the
 * angle thw[axis_of[i]] inv_freq_axes[i] (mrope.c). */
void pe_axes_rotary_row_at(const struct pe_scheme *s, double *out, const double *thw);

#endif

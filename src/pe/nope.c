/*
 * nope.c - no positional encoding at all: the baseline against which the
 * others are measured.  Every position's code is the zero vector, so no
 * two positions can be told apart (check's uniqueness fails, as it
 * should), and every score between positions is 0.
 *
 * Llama 4's NoPE layers add one thing, attention temperature tuning
 * (transformers models/llama4/modeling_llama4.py, Llama4TextAttention:
 * "Use temperature tuning from https://huggingface.co/papers/2501.19399
 * to NoROPE layers"): the query of position m is multiplied by
 *   s(m) = log1p(floor((m + 1) / floor_scale)) attn_scale + 1
 * With --temperature-tuning the scheme is that layer's attention: no code
 * still, and score(m, n) = <s(m) q, k> with q = k = all ones, s(m) d, a
 * function of the query's position, not of the distance: no profile.
 * Left out: the float32 arithmetic of transformers (pe.h).
 *
 * Legend: m query position, n key position, d = n_dim, F floor_scale,
 * A attn_scale.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "pe/pe.h"

/* ---- Llama 4's attention temperature ---- */

double pe_nope_temperature(double m, double floor_scale, double attn_scale)
{
	return log1p(floor((m + 1.0) / floor_scale)) * attn_scale + 1.0;
}

/* ---- the scheme ---- */

static const struct pe_scheme_ops nope_tuned_ops;

static enum pe_status nope_init(struct pe_scheme *s)
{
	size_t d = s->cfg.n_dim;
	double F = s->cfg.own.x[0], A = s->cfg.own.x[1];

	if (d < PE_DIM_MIN || d > PE_DIM_MAX || d % 2 != 0)
		return PE_EINVAL;
	if (s->cfg.table != PE_TABLE_CODE)
		return PE_EINVAL;
	if (s->cfg.own.on[0]) {
		if (!(F > 0.0) || !isfinite(F) || !(A >= 0.0) || !isfinite(A))
			return PE_EINVAL;
		s->ops = &nope_tuned_ops;   /* a score that depends on m: no profile */
	}
	s->n_row = d;
	s->has_range = 1;   /* all zeros */
	s->lo = 0.0;
	s->hi = 0.0;
	return PE_OK;
}

static void nope_row(const struct pe_scheme *s, double *out, double p)
{
	(void)p;
	memset(out, 0, s->n_row * sizeof *out);
}

static double nope_zero(const struct pe_scheme *s, double r)
{
	(void)s;
	(void)r;
	return 0.0;
}

static double nope_score(const struct pe_scheme *s, double m, double n)
{
	(void)s;
	(void)m;
	(void)n;
	return 0.0;
}

/* <s(m) q, k>, q = k = ones: s(m) d, whatever the key */
static double nope_tuned_score(const struct pe_scheme *s, double m, double n)
{
	(void)n;
	return pe_nope_temperature(m, s->cfg.own.x[0], s->cfg.own.x[1]) * (double)s->cfg.n_dim;
}

/* ---- options and config fields ---- */

static const struct pe_opt opt_temperature_tuning = {
	.name = "temperature-tuning", .type = PE_OPT_FLAG,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, own.on[0]),
	.def = NAN, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "nope: Llama 4's attention temperature: the query of position m times\n"
	        "s(m) = 1 + A log1p(floor((m + 1) / F)); the score is then s(m) d",
};

static const struct pe_opt opt_floor_scale = {
	.name = "floor-scale", .arg = "F", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = offsetof(struct pe_scheme_cfg, own.x[0]),
	.def = PE_NOPE_FLOOR_SCALE_DEFAULT, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME,
	.mode = &opt_temperature_tuning, .modes = 1u << 1,
	.help = "nope: the temperature's floor scale F: %R (default %D)",
};

static const struct pe_opt opt_attn_scale = {
	.name = "attn-scale", .arg = "A", .type = PE_OPT_AT_LEAST, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = offsetof(struct pe_scheme_cfg, own.x[1]),
	.def = PE_NOPE_ATTN_SCALE_DEFAULT, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME,
	.mode = &opt_temperature_tuning, .modes = 1u << 1,
	.help = "nope: the temperature's strength A: %R (default %D)",
};

static const struct pe_opt *const nope_opts[] = {
	&pe_opt_d, &opt_temperature_tuning, &opt_floor_scale, &opt_attn_scale, NULL
};

/* Llama4TextConfig's fields; read for a NoPE layer of a model whose code
 * tunes the temperature (src/read/layers.c) */
static const struct pe_cfg_field nope_fields[] = {
	{ "attn_temperature_tuning", &opt_temperature_tuning, PE_CFG_TRUE, NULL },
	{ "floor_scale", &opt_floor_scale, PE_CFG_VALUE, NULL },
	{ "attn_scale", &opt_attn_scale, PE_CFG_VALUE, NULL },
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};

static void nope_defaults(struct pe_scheme_cfg *cfg)
{
	cfg->own.x[0] = PE_NOPE_FLOOR_SCALE_DEFAULT;
	cfg->own.x[1] = PE_NOPE_ATTN_SCALE_DEFAULT;
}

/* the two tables of operations differ in the score and the profile */
#define NOPE_OPS(score_fn, profile_fn) { \
	.name = "nope", \
	.init = nope_init, \
	.row = nope_row, \
	.profile = profile_fn, \
	.score = score_fn, \
	.traits = 0, \
	.n_dim_default = 512, \
	.table_default = PE_TABLE_CODE, \
	.adds = "nothing", \
	.description = "no positional information: the baseline on which check fails", \
	.opts = nope_opts, \
	.fields = nope_fields, \
	.defaults = nope_defaults, \
}

const struct pe_scheme_ops pe_nope_ops = NOPE_OPS(nope_score, nope_zero);
static const struct pe_scheme_ops nope_tuned_ops = NOPE_OPS(nope_tuned_score, NULL);

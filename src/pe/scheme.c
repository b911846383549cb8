/*
 * scheme.c - the scheme seam: the registry of schemes (pe.h, PE_SCHEMES),
 * dispatch from a configuration to a family's operations, the options every
 * code scheme shares, and the status strings of the core.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

const char *pe_status_str(enum pe_status st)
{
	switch (st) {
	case PE_OK:      return "success";
	case PE_EINVAL:  return "invalid parameter";
	case PE_ERANGE:  return "result out of range";
	case PE_ENOMEM:  return "out of memory";
	case PE_ENOTSUP: return "not defined for this scheme";
	}
	return "unknown status";
}

/* ---- the registry (pe.h, PE_SCHEMES) ---- */

const struct pe_scheme_ops *const pe_schemes[PE_N_SCHEMES] = {
#define PE_SCHEME_ENTRY(K, name) [PE_SCHEME_##K] = &pe_##name##_ops,
	PE_SCHEMES(PE_SCHEME_ENTRY)
#undef PE_SCHEME_ENTRY
};

static const struct pe_scheme_ops *ops_of(enum pe_scheme_kind kind)
{
	return (unsigned)kind < PE_N_SCHEMES ? pe_schemes[kind] : NULL;
}

int pe_scheme_takes(const struct pe_scheme_ops *ops, const struct pe_opt *opt)
{
	for (size_t k = 0; ops->opts && ops->opts[k]; k++)
		if (ops->opts[k] == opt)
			return 1;
	return 0;
}

/* ---- the options every code scheme shares ---- */

const struct pe_opt pe_opt_d = {
	.name = "d", .alias = "dim", .arg = "N", .type = PE_OPT_EVEN,
	.lo = PE_DIM_MIN, .hi = PE_DIM_MAX,
	.field = PE_FIELD_SIZE, .offset = offsetof(struct pe_scheme_cfg, n_dim),
	.def = NAN,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME,
	.flags = PE_OPTF_CODE | PE_OPTF_PER_SCHEME,
	.help = "dimension (rope: head dimension): %R (default %D)",
};

const struct pe_opt pe_opt_base = {
	.name = "base", .arg = "B", .type = PE_OPT_ABOVE, .lo = 1.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = offsetof(struct pe_scheme_cfg, base),
	.def = PE_BASE_DEFAULT,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_CODE,
	.help = "frequency base (rope_theta): %R (default %D)",
};

void pe_scheme_cfg_default(struct pe_scheme_cfg *cfg, enum pe_scheme_kind kind)
{
	const struct pe_scheme_ops *ops = ops_of(kind);

	memset(cfg, 0, sizeof *cfg);
	cfg->kind = kind;
	cfg->base = PE_BASE_DEFAULT;
	cfg->layout = PE_LAYOUT_AUTO;
	pe_rope_cfg_default(&cfg->rope);
	cfg->bias.n_heads = PE_ALIBI_HEADS_DEFAULT;
	cfg->bias.n_buckets = PE_T5_NUM_BUCKETS_DEFAULT;
	cfg->bias.max_distance = PE_T5_MAX_DISTANCE_DEFAULT;
	if (ops) {
		cfg->n_dim = ops->n_dim_default;   /* 0 for a bias: no code */
		cfg->table = ops->table_default;
		if (ops->defaults)
			ops->defaults(cfg);
	}
}

void pe_scheme_cfg_resolve(struct pe_scheme_cfg *cfg)
{
	const struct pe_scheme_ops *ops = ops_of(cfg->kind);

	if (ops && ops->resolve)
		ops->resolve(cfg);
	if (cfg->layout == PE_LAYOUT_AUTO)
		cfg->layout = PE_LAYOUT_INTERLEAVED;
}

enum pe_status pe_scheme_init(struct pe_scheme *s, const struct pe_scheme_cfg *cfg)
{
	enum pe_status st;

	memset(s, 0, sizeof *s);
	s->ops = ops_of(cfg->kind);
	if (!s->ops)
		return PE_EINVAL;
	s->cfg = *cfg;
	pe_scheme_cfg_resolve(&s->cfg);
	s->attention_factor = 1.0;
	s->n_heads = 1;
	s->n_axes = 1;
	s->row_label = "d";
	st = s->ops->init(s);
	if (st != PE_OK)
		pe_scheme_free(s);
	return st;
}

void pe_scheme_free(struct pe_scheme *s)
{
	free(s->inv_freq);
	free(s->inv_freq_base);
	free(s->zeta);
	free(s->slopes);
	free(s->axis_of);
	free(s->inv_freq_axes);
	memset(s, 0, sizeof *s);
}

enum pe_status pe_scheme_row(const struct pe_scheme *s, double *out, double p)
{
	if (!s->ops->row)
		return PE_ENOTSUP;
	s->ops->row(s, out, p);
	return PE_OK;
}

enum pe_status pe_scheme_profile(const struct pe_scheme *s, double *out, double r)
{
	if (!s->ops->profile)
		return PE_ENOTSUP;
	*out = s->ops->profile(s, r);
	return isfinite(*out) ? PE_OK : PE_ERANGE;
}

enum pe_status pe_scheme_score(const struct pe_scheme *s, double *out, double m, double n)
{
	if (!s->ops->score)
		return PE_ENOTSUP;
	*out = s->ops->score(s, m, n);
	return isfinite(*out) ? PE_OK : PE_ERANGE;
}

enum pe_status pe_scheme_bias(const struct pe_scheme *s, double *out, size_t h,
                              double m, double n)
{
	if (!s->ops->bias)
		return PE_ENOTSUP;
	if (h >= s->n_heads)
		return PE_EINVAL;
	*out = s->ops->bias(s, h, m, n);
	return PE_OK;
}

/*
 * scheme.c - the scheme seam: dispatch from a configuration to a family's
 * operations, and the status strings of the core.
 */
#include <math.h>
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

static const struct pe_scheme_ops *ops_of(enum pe_scheme_kind kind)
{
	switch (kind) {
	case PE_SCHEME_SINUSOIDAL: return &pe_sinusoidal_ops;
	case PE_SCHEME_ROPE:       return &pe_rope_ops;
	case PE_SCHEME_XPOS:       return &pe_xpos_ops;
	case PE_SCHEME_NOPE:       return &pe_nope_ops;
	case PE_SCHEME_LEARNED:    return &pe_learned_ops;
	case PE_SCHEME_ALIBI:      return &pe_alibi_ops;
	case PE_SCHEME_T5:         return &pe_t5_ops;
	}
	return NULL;
}

void pe_scheme_cfg_default(struct pe_scheme_cfg *cfg, enum pe_scheme_kind kind)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->kind = kind;
	cfg->n_dim = kind == PE_SCHEME_ROPE || kind == PE_SCHEME_XPOS ? 128 : 512;
	cfg->base = PE_BASE_DEFAULT;
	cfg->layout = PE_LAYOUT_INTERLEAVED;
	pe_rope_cfg_default(&cfg->rope);
	cfg->table = kind == PE_SCHEME_ROPE || kind == PE_SCHEME_XPOS ? PE_TABLE_COS
	                                                              : PE_TABLE_CODE;
	cfg->bias.n_heads = PE_ALIBI_HEADS_DEFAULT;
	cfg->bias.n_buckets = PE_T5_NUM_BUCKETS_DEFAULT;
	cfg->bias.max_distance = PE_T5_MAX_DISTANCE_DEFAULT;
	if (kind == PE_SCHEME_ALIBI || kind == PE_SCHEME_T5)
		cfg->n_dim = 0;   /* no code */
}

enum pe_status pe_scheme_init(struct pe_scheme *s, const struct pe_scheme_cfg *cfg)
{
	enum pe_status st;

	memset(s, 0, sizeof *s);
	s->ops = ops_of(cfg->kind);
	if (!s->ops)
		return PE_EINVAL;
	s->cfg = *cfg;
	s->attention_factor = 1.0;
	s->n_heads = 1;
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

/*
 * sinusoidal.c - the fixed sinusoidal encoding of Vaswani et al. 2017,
 * "Attention Is All You Need", section 3.5:
 *
 *   PE(p, 2i)   = sin(p / base^(2i/d))
 *   PE(p, 2i+1) = cos(p / base^(2i/d))
 *
 * The exponent is 2i/d for the cosine too (the pair shares one frequency; a
 * popular article's (2i+1)/d for the cosine is a typo).  Two channel
 * layouts: interleaved (the paper) and concat ([sin | cos] halves), either
 * with cos first (flip); and fairseq's / tensor2tensor's frequencies,
 * exp(-i ln(base) / (d/2 - 1)), which end exactly at 1/base.
 *
 * Legend: p position, i pair index in [0, d/2), d n_dim, inv_freq[i] =
 * theta_i = base^(-2i/d).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

/* ---- frequencies ---- */

enum pe_status pe_sinusoidal_inv_freq(double *inv_freq, double base, size_t n_dim)
{
	if (n_dim == 0 || n_dim % 2 != 0)
		return PE_EINVAL;
	if (!isfinite(base) || !(base > 1.0))
		return PE_EINVAL;
	for (size_t i = 0; i < n_dim / 2; i++)
		inv_freq[i] = 1.0 / pow(base, (double)(2 * i) / (double)n_dim);
	return PE_OK;
}

/* ---- codes ---- */

/* The sine and cosine of frequency i where the layout puts them. */
static void put_pair(double *out, size_t i, size_t n_freq, enum pe_layout layout,
                     int flip, double s, double c)
{
	double first = flip ? c : s, second = flip ? s : c;

	if (layout == PE_LAYOUT_CONCAT) {
		out[i] = first;
		out[n_freq + i] = second;
	} else {
		out[2 * i] = first;
		out[2 * i + 1] = second;
	}
}

void pe_sinusoidal_fill_row_flip(double *out, const double *inv_freq, double p,
                                 size_t n_dim, enum pe_layout layout, int flip)
{
	size_t n_freq = n_dim / 2;

	for (size_t i = 0; i < n_freq; i++) {
		double theta = p * inv_freq[i];

		put_pair(out, i, n_freq, layout, flip, sin(theta), cos(theta));
	}
}

void pe_sinusoidal_fill_row(double *out, const double *inv_freq, double p,
                            size_t n_dim, enum pe_layout layout)
{
	pe_sinusoidal_fill_row_flip(out, inv_freq, p, n_dim, layout, 0);
}

enum pe_status pe_sinusoidal_inv_freq_fairseq(double *inv_freq, double base, size_t n_dim)
{
	size_t half = n_dim / 2;
	double step;

	if (n_dim < 4 || n_dim % 2 != 0)
		return PE_EINVAL;
	if (!isfinite(base) || !(base > 1.0))
		return PE_EINVAL;
	/* fairseq: emb = math.log(10000) / (half_dim - 1);
	 * torch.exp(torch.arange(half_dim) * -emb) */
	step = log(base) / (double)(half - 1);
	for (size_t i = 0; i < half; i++)
		inv_freq[i] = exp((double)i * -step);
	return PE_OK;
}

double pe_sinusoidal_profile(const double *inv_freq, double r, size_t n_freq)
{
	double sum = 0.0;

	for (size_t i = 0; i < n_freq; i++)
		sum += cos(r * inv_freq[i]);
	return sum;
}

/* ---- scheme operations ---- */

static enum pe_status sin_init(struct pe_scheme *s)
{
	size_t d = s->cfg.n_dim;
	enum pe_status st;

	if (d < PE_DIM_MIN || d > PE_DIM_MAX || d % 2 != 0)
		return PE_EINVAL;
	if (s->cfg.layout != PE_LAYOUT_INTERLEAVED && s->cfg.layout != PE_LAYOUT_CONCAT)
		return PE_EINVAL;
	if (s->cfg.table != PE_TABLE_CODE)
		return PE_EINVAL;
	s->n_freq = d / 2;
	s->n_row = d;
	s->has_range = 1;
	s->lo = -1.0;
	s->hi = 1.0;
	s->inv_freq = malloc(s->n_freq * sizeof *s->inv_freq);
	s->inv_freq_base = malloc(s->n_freq * sizeof *s->inv_freq_base);
	if (!s->inv_freq || !s->inv_freq_base)
		return PE_ENOMEM;
	if (s->cfg.variant == PE_SIN_FAIRSEQ)
		st = pe_sinusoidal_inv_freq_fairseq(s->inv_freq, s->cfg.base, d);
	else if (s->cfg.variant == PE_SIN_VASWANI)
		st = pe_sinusoidal_inv_freq(s->inv_freq, s->cfg.base, d);
	else
		st = PE_EINVAL;
	if (st == PE_OK)  /* no scaling: before = after */
		memcpy(s->inv_freq_base, s->inv_freq, s->n_freq * sizeof *s->inv_freq);
	return st;
}

static void sin_row(const struct pe_scheme *s, double *out, double p)
{
	pe_sinusoidal_fill_row_flip(out, s->inv_freq, p, s->cfg.n_dim, s->cfg.layout,
	                            s->cfg.flip);
}

static double sin_profile(const struct pe_scheme *s, double r)
{
	return pe_sinusoidal_profile(s->inv_freq, r, s->n_freq);
}

/* PE(m) . PE(n) term by term, without the cos(a - b) identity that
 * profile() uses: the direct computation the profile path is tested
 * against. */
static double sin_score(const struct pe_scheme *s, double m, double n)
{
	double sum = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		double a = m * s->inv_freq[i], b = n * s->inv_freq[i];
		sum += sin(a) * sin(b) + cos(a) * cos(b);
	}
	return sum;
}

/* fairseq and tensor2tensor concatenate [sin | cos] */
static void sin_resolve(struct pe_scheme_cfg *cfg)
{
	if (cfg->layout == PE_LAYOUT_AUTO)
		cfg->layout = cfg->variant == PE_SIN_FAIRSEQ ? PE_LAYOUT_CONCAT
		                                             : PE_LAYOUT_INTERLEAVED;
}

/* ---- options ---- */

static const char *const layout_names[] = { "interleaved", "concat", NULL };
static const int layout_values[] = { PE_LAYOUT_INTERLEAVED, PE_LAYOUT_CONCAT };
static const char *const variant_names[] = { "vaswani", "fairseq", NULL };
static const int variant_values[] = { PE_SIN_VASWANI, PE_SIN_FAIRSEQ };

const struct pe_opt pe_opt_layout = {
	.name = "layout", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = layout_names, .values = layout_values,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, layout),
	.def = NAN,   /* by the variant: sin_resolve */
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_CODE,
	.help = "sinusoidal channel layout: interleaved (default; concat for fairseq) or concat",
};

static const struct pe_opt opt_variant = {
	.name = "variant", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = variant_names, .values = variant_values,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, variant),
	.def = PE_SIN_VASWANI,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_CODE,
	.help = "sinusoidal frequencies: vaswani (%D) or fairseq (tensor2tensor)",
};

static const struct pe_opt opt_flip = {
	.name = "flip", .type = PE_OPT_FLAG,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, flip),
	.def = NAN,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_CODE,
	.help = "sinusoidal: cos before sin",
};

static const struct pe_opt *const sin_opts[] = {
	&pe_opt_d, &pe_opt_base, &pe_opt_layout, &opt_variant, &opt_flip, NULL
};

const struct pe_scheme_ops pe_sinusoidal_ops = {
	.name = "sinusoidal",
	.init = sin_init,
	.row = sin_row,
	.profile = sin_profile,
	.score = sin_score,
	.traits = PE_TRAIT_SHIFT | PE_TRAIT_SINCOS,
	.n_dim_default = 512,   /* a model dimension (Vaswani et al. 2017, d_model) */
	.table_default = PE_TABLE_CODE,
	.adds = "code",
	.description = "sin and cos of the position at d/2 geometric frequencies (Vaswani et al. 2017)",
	.opts = sin_opts,
	.resolve = sin_resolve,
};

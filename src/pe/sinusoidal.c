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

const struct pe_scheme_ops pe_sinusoidal_ops = {
	.name = "sinusoidal",
	.init = sin_init,
	.row = sin_row,
	.profile = sin_profile,
	.score = sin_score,
};

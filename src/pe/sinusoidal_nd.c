/*
 * sinusoidal_nd.c - the fixed sinusoidal code of a grid (2-D) or a video
 * (3-D): the d channels split into one block per axis, each block the 1-D
 * sinusoidal code of its coordinate, [sin | cos] halves, with theta_i =
 * base^(-2i/D) over the block's width D = d / axes (Vaswani et al. 2017
 * section 3.5, one axis at a time).
 *
 * The blocks follow MAE (He et al. 2022; facebookresearch/mae,
 * util/pos_embed.py, get_2d_sincos_pos_embed_from_grid, used by many ViTs
 * since): in 2-D the first half encodes the column w and the second the
 * row h (the grid is np.meshgrid(grid_w, grid_h), "here w goes first");
 * each half is get_1d_sincos_pos_embed_from_grid, omega = 1 / 10000^(i /
 * (D/2)), np.concatenate([sin, cos]).  In 3-D a first block encodes the
 * time t, then w, then h, the thirds equal (diffusers'
 * get_3d_sincos_pos_embed puts time first too, but gives it d/4 and the
 * 2-D code 3d/4: not this split).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

/* The axis (0 t, 1 h, 2 w) of block b of n_axes. */
static unsigned char block_axis(size_t b, size_t n_axes)
{
	static const unsigned char two[2] = { 2, 1 }, three[3] = { 0, 2, 1 };

	return n_axes == 2 ? two[b] : three[b];
}

static enum pe_status snd_init(struct pe_scheme *s)
{
	size_t d = s->cfg.n_dim, n_axes = s->cfg.axes.n_axes, half;
	enum pe_status st;

	if (n_axes < 2 || n_axes > PE_AXES_MAX || d < PE_DIM_MIN || d > PE_DIM_MAX
	    || d % (2 * n_axes) != 0 || !isfinite(s->cfg.base) || !(s->cfg.base > 1.0))
		return PE_EINVAL;
	s->n_row = d;
	s->n_freq = d / 2;
	st = pe_axes_init(s, n_axes);
	if (st != PE_OK)
		return st;
	s->has_range = 1;
	s->lo = -1.0;
	s->hi = 1.0;
	half = d / n_axes / 2;   /* pairs of a block */
	s->inv_freq = malloc(s->n_freq * sizeof *s->inv_freq);
	s->inv_freq_base = malloc(s->n_freq * sizeof *s->inv_freq_base);
	if (!s->inv_freq || !s->inv_freq_base)
		return PE_ENOMEM;
	st = pe_sinusoidal_inv_freq(s->inv_freq_axes, s->cfg.base, 2 * half);
	if (st != PE_OK)
		return st;
	for (size_t k = 0; k < s->n_freq; k++) {
		unsigned char a = block_axis(k / half, n_axes);

		s->axis_of[k] = a;
		s->inv_freq_axes[k] = s->inv_freq_axes[k % half];
		s->inv_freq_base[k] = s->inv_freq_axes[k];
		s->inv_freq[k] = s->inv_freq_axes[k] * s->dir[a];
	}
	return PE_OK;
}

/* out[d]: block b = [sin(x theta_0) .. sin(x theta_{D/2-1}) | cos ...],
 * x the block's coordinate of thw. */
static void snd_row_at(const struct pe_scheme *s, double *out, const double *thw)
{
	size_t half = s->n_row / s->n_axes / 2;

	for (size_t k = 0; k < s->n_freq; k++) {
		double phi = thw[s->axis_of[k]] * s->inv_freq_axes[k];
		size_t b = k / half, i = k % half;

		out[2 * half * b + i] = sin(phi);
		out[2 * half * b + half + i] = cos(phi);
	}
}

static void snd_row(const struct pe_scheme *s, double *out, double p)
{
	double thw[PE_AXES_MAX];

	for (size_t a = 0; a < PE_AXES_MAX; a++)
		thw[a] = p * s->dir[a];
	snd_row_at(s, out, thw);
}

static double snd_profile(const struct pe_scheme *s, double r)
{
	return pe_sinusoidal_profile(s->inv_freq, r, s->n_freq);
}

/* PE(m) . PE(n), each angle formed at its own position. */
static double snd_score_at(const struct pe_scheme *s, const double *m, const double *n)
{
	double sum = 0.0;

	for (size_t k = 0; k < s->n_freq; k++) {
		double am = m[s->axis_of[k]] * s->inv_freq_axes[k];
		double an = n[s->axis_of[k]] * s->inv_freq_axes[k];

		sum += sin(am) * sin(an) + cos(am) * cos(an);
	}
	return sum;
}

static double snd_score(const struct pe_scheme *s, double m, double n)
{
	double tm[PE_AXES_MAX], tn[PE_AXES_MAX];

	for (size_t a = 0; a < PE_AXES_MAX; a++) {
		tm[a] = m * s->dir[a];
		tn[a] = n * s->dir[a];
	}
	return snd_score_at(s, tm, tn);
}

static const struct pe_opt opt_axes = {
	.name = "axes", .arg = "N", .type = PE_OPT_INT, .lo = 2, .hi = PE_AXES_MAX,
	.field = PE_FIELD_SIZE, .offset = offsetof(struct pe_scheme_cfg, axes.n_axes),
	.def = 2, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_CODE,
	.help = "sinusoidal-nd: 2 (h, w: a grid) or 3 (t, h, w: a video) (default %D);\n"
	        "d is split equally, a multiple of 2 x axes",
};

static void snd_defaults(struct pe_scheme_cfg *cfg)
{
	cfg->axes.n_axes = 2;
}

static const struct pe_opt *const snd_opts[] = {
	&pe_opt_d, &pe_opt_base, &opt_axes, &pe_opt_axis, NULL
};

const struct pe_scheme_ops pe_sinusoidal_nd_ops = {
	.name = "sinusoidal-nd",
	.init = snd_init,
	.row = snd_row,
	.profile = snd_profile,
	.score = snd_score,
	.row_at = snd_row_at,
	.score_at = snd_score_at,
	.traits = PE_TRAIT_SHIFT | PE_TRAIT_SINCOS | PE_TRAIT_AXES,
	.n_dim_default = 768,   /* ViT-B (MAE) */
	.table_default = PE_TABLE_CODE,
	.adds = "code",
	.description = "sinusoidal code of a grid or video: a block of channels per axis (MAE)",
	.opts = snd_opts,
	.defaults = snd_defaults,
};

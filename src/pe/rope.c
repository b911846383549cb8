/*
 * rope.c - rotary position embedding: angle tables, the rotation, scores,
 * the interleaved <-> half layout permutation, and xPos.
 *
 * RoPE: Su et al. 2021, "RoFormer: Enhanced Transformer with Rotary Position
 * Embedding", eq. 13-15 (the block-diagonal rotation R_{Theta,m}) and eq. 16
 * (q_m^T k_n = q^T R_{n-m} k).  Reference implementations: Hugging Face
 * transformers `apply_rotary_pos_emb` / `rotate_half` (half pairing),
 * mesh-transformer-jax GPT-J `rotate_every_two` (interleaved pairing).
 *
 * xPos: Sun et al. 2022, "A Length-Extrapolatable Transformer", section 3.2:
 * pair i of the query at n is scaled by zeta_i^(n/B), of the key by
 * zeta_i^(-n/B); reference microsoft/torchscale
 * torchscale/component/xpos_relative_position.py (XPOS, gamma = 0.4 and
 * B = scale_base = 512 hard-wired there).
 *
 * Left out: the frequencies themselves (rope_scaling.c), ggml's running
 * product theta *= theta_scale (pecli forms every angle as p * inv_freq[i]).
 *
 * Legend: d = n_dim, R = n_rot, i pair index in [0, R/2), (j0, j1) the two
 * dimensions of pair i, p, m, n positions, a attention factor.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "pe/pe.h"
#include "pe/rotary.h"

/* ---- pairing ---- */

/* The two dimensions of pair i: adjacent (2i, 2i+1) or split (i, i + R/2). */
static void pair_dims(size_t *j0, size_t *j1, size_t i, size_t n_rot,
                      enum pe_rope_pairing pairing)
{
	if (pairing == PE_ROPE_PAIRING_HALF) {
		*j0 = i;
		*j1 = i + n_rot / 2;
	} else {
		*j0 = 2 * i;
		*j1 = 2 * i + 1;
	}
}

/* ---- angle tables ---- */

void pe_rope_fill_angles(double *out, const double *inv_freq, double p,
                         size_t n_freq)
{
	for (size_t i = 0; i < n_freq; i++)
		out[i] = p * inv_freq[i];
}

void pe_rope_fill_cos_sin(double *cos_row, double *sin_row,
                          const double *inv_freq, double p, double scale,
                          size_t n_rot, enum pe_rope_pairing pairing)
{
	for (size_t i = 0; i < n_rot / 2; i++) {
		double theta = p * inv_freq[i];
		double c = scale * cos(theta), s = scale * sin(theta);
		size_t j0, j1;

		pair_dims(&j0, &j1, i, n_rot, pairing);
		cos_row[j0] = c;
		cos_row[j1] = c;
		sin_row[j0] = s;
		sin_row[j1] = s;
	}
}

/* ---- rotation ---- */

void pe_rope_apply_scaled(double *out, const double *x, const double *inv_freq,
                          double p, double scale, size_t n_dim, size_t n_rot,
                          enum pe_rope_pairing pairing)
{
	for (size_t i = 0; i < n_rot / 2; i++) {
		double theta = p * inv_freq[i];
		double c = scale * cos(theta), s = scale * sin(theta);
		size_t j0, j1;
		double x0, x1;

		pair_dims(&j0, &j1, i, n_rot, pairing);
		x0 = x[j0];
		x1 = x[j1];
		out[j0] = x0 * c - x1 * s;
		out[j1] = x0 * s + x1 * c;
	}
	if (out != x)
		for (size_t j = n_rot; j < n_dim; j++)
			out[j] = x[j];
}

void pe_rope_apply(double *out, const double *x, const double *inv_freq,
                   double p, size_t n_dim, size_t n_rot,
                   enum pe_rope_pairing pairing)
{
	pe_rope_apply_scaled(out, x, inv_freq, p, 1.0, n_dim, n_rot, pairing);
}

/* ---- scores ---- */

/* q[j] or 1 when q is NULL (the design's "q = k = ones unless given"). */
static double at(const double *v, size_t j)
{
	return v ? v[j] : 1.0;
}

/* <q, k> over the pass-through dims [n_rot, n_dim). */
static double pass_dot(const double *q, const double *k, size_t n_dim, size_t n_rot)
{
	double sum = 0.0;

	for (size_t j = n_rot; j < n_dim; j++)
		sum += at(q, j) * at(k, j);
	return sum;
}

/* Rotate pair (x0, x1) by the angle with cosine c and sine s. */
static void rot2(double *y0, double *y1, double x0, double x1, double c, double s)
{
	*y0 = x0 * c - x1 * s;
	*y1 = x0 * s + x1 * c;
}

/* sum over pairs of w_i <R(m theta_i) q_i, R(n theta_i) k_i>, with the pair
 * weight w_i = zeta_i^(e) when zeta is given (xPos), else 1. */
static double rotated_dot(const double *q, const double *k, const double *inv_freq,
                          const double *zeta, double zeta_exp, double m, double n,
                          size_t n_rot, enum pe_rope_pairing pairing)
{
	double sum = 0.0;

	for (size_t i = 0; i < n_rot / 2; i++) {
		double tm = m * inv_freq[i], tn = n * inv_freq[i];
		double q0, q1, k0, k1, w;
		size_t j0, j1;

		pair_dims(&j0, &j1, i, n_rot, pairing);
		rot2(&q0, &q1, at(q, j0), at(q, j1), cos(tm), sin(tm));
		rot2(&k0, &k1, at(k, j0), at(k, j1), cos(tn), sin(tn));
		w = zeta ? pow(zeta[i], zeta_exp) : 1.0;
		sum += w * (q0 * k0 + q1 * k1);
	}
	return sum;
}

double pe_rope_score(const double *q, const double *k, const double *inv_freq,
                     double m, double n, double attention_factor,
                     size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing)
{
	double a2 = attention_factor * attention_factor;

	return a2 * rotated_dot(q, k, inv_freq, NULL, 0.0, m, n, n_rot, pairing)
	       + pass_dot(q, k, n_dim, n_rot);
}

double pe_rope_profile(const double *q, const double *k, const double *inv_freq,
                       double r, double attention_factor, size_t n_dim,
                       size_t n_rot, enum pe_rope_pairing pairing)
{
	double a2 = attention_factor * attention_factor;
	double sum = 0.0;

	/* <R_m q, R_{m+r} k> = q^T R(r theta) k (RoFormer eq. 16) */
	for (size_t i = 0; i < n_rot / 2; i++) {
		double phi = r * inv_freq[i];
		size_t j0, j1;
		double q0, q1, k0, k1;

		pair_dims(&j0, &j1, i, n_rot, pairing);
		q0 = at(q, j0);
		q1 = at(q, j1);
		k0 = at(k, j0);
		k1 = at(k, j1);
		sum += cos(phi) * (q0 * k0 + q1 * k1) + sin(phi) * (q1 * k0 - q0 * k1);
	}
	return a2 * sum + pass_dot(q, k, n_dim, n_rot);
}

/* ---- layout permutation ---- */

void pe_rope_layout_perm(size_t *perm, size_t n_dim, size_t n_rot, int to_half)
{
	size_t h = n_rot / 2;

	for (size_t i = 0; i < h; i++) {
		for (size_t c = 0; c < 2; c++) {
			if (to_half)
				perm[c * h + i] = 2 * i + c;
			else
				perm[2 * i + c] = c * h + i;
		}
	}
	for (size_t j = n_rot; j < n_dim; j++)
		perm[j] = j;
}

/* ---- xPos ---- */

enum pe_status pe_xpos_zeta(double *zeta, const struct pe_rope_cfg *cfg)
{
	struct pe_rope_cfg plain = *cfg;
	enum pe_status st;
	size_t n_rot, n_freq;
	double g = cfg->gamma;

	/* validate d and R through the shared check, scaling aside */
	plain.scaling = PE_ROPE_SCALING_NONE;
	st = pe_rope_check(&plain);
	if (st != PE_OK)
		return st;
	if (!isfinite(g) || !(g > 0.0))
		return PE_EINVAL;
	if (!isfinite(cfg->scale_base) || !(cfg->scale_base > 0.0))
		return PE_EINVAL;
	n_freq = pe_rope_n_freq(cfg);
	n_rot = 2 * n_freq;
	/* torchscale: (arange(0, D, 2) + gamma D) / ((1 + gamma) D) */
	for (size_t i = 0; i < n_freq; i++)
		zeta[i] = ((double)(2 * i) + g * (double)n_rot) / ((1.0 + g) * (double)n_rot);
	return PE_OK;
}

void pe_xpos_apply(double *out, const double *x, const double *inv_freq,
                   const double *zeta, double p, double e, double scale_base,
                   size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing)
{
	for (size_t i = 0; i < n_rot / 2; i++) {
		double theta = p * inv_freq[i];
		double w = pow(zeta[i], e / scale_base);
		size_t j0, j1;

		pair_dims(&j0, &j1, i, n_rot, pairing);
		rot2(&out[j0], &out[j1], x[j0], x[j1], w * cos(theta), w * sin(theta));
	}
	if (out != x)
		for (size_t j = n_rot; j < n_dim; j++)
			out[j] = x[j];
}

double pe_xpos_score(const double *q, const double *k, const double *inv_freq,
                     const double *zeta, double m, double n, double scale_base,
                     size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing)
{
	/* zeta^(m/B) zeta^(-n/B) = zeta^((m-n)/B), one pow per pair */
	return rotated_dot(q, k, inv_freq, zeta, (m - n) / scale_base, m, n,
	                   n_rot, pairing)
	       + pass_dot(q, k, n_dim, n_rot);
}

/* ---- scheme operations (the scheme seam, pe.h) ---- */

enum pe_status pe_rotary_init(struct pe_scheme *s, int xpos)
{
	struct pe_rope_cfg *r = &s->cfg.rope;
	enum pe_status st;
	size_t n;

	r->n_dim = s->cfg.n_dim;
	r->base = s->cfg.base;
	st = pe_rope_check(r);
	if (st != PE_OK)
		return st;
	if (s->cfg.table == PE_TABLE_CODE)
		s->cfg.table = PE_TABLE_COS;
	if (s->cfg.table == PE_TABLE_SCALE && !xpos)
		return PE_EINVAL;
	if (s->cfg.table > PE_TABLE_SCALE)
		return PE_EINVAL;
	n = s->n_freq = pe_rope_n_freq(r);
	s->n_row = n;
	s->row_label = "pair";
	s->inv_freq = malloc(n * sizeof *s->inv_freq);
	s->inv_freq_base = malloc(n * sizeof *s->inv_freq_base);
	if (xpos)
		s->zeta = malloc(n * sizeof *s->zeta);
	if (!s->inv_freq || !s->inv_freq_base || (xpos && !s->zeta))
		return PE_ENOMEM;
	st = pe_rope_inv_freq(s->inv_freq, s->inv_freq_base, &s->attention_factor, r);
	if (st == PE_OK && xpos)
		st = pe_xpos_zeta(s->zeta, r);
	if (st != PE_OK)
		return st;
	switch (s->cfg.table) {
	case PE_TABLE_COS:
	case PE_TABLE_SIN:
		s->has_range = 1;
		s->lo = -s->attention_factor;
		s->hi = s->attention_factor;
		break;
	case PE_TABLE_SCALE:
		/* zeta_i in (0, 1] and p >= 0: zeta_i^(p/B) in (0, 1] */
		s->has_range = 1;
		s->lo = 0.0;
		s->hi = 1.0;
		break;
	default:
		s->has_range = 0;  /* angles grow with p: the writer measures */
		break;
	}
	return PE_OK;
}

static enum pe_status rope_init(struct pe_scheme *s)
{
	return pe_rotary_init(s, 0);
}

static enum pe_status xpos_init(struct pe_scheme *s)
{
	return pe_rotary_init(s, 1);
}

double pe_rotary_cell(enum pe_table table, double phi, double a)
{
	switch (table) {
	case PE_TABLE_ANGLE:
		return phi;
	case PE_TABLE_SIN:
		return a * sin(phi);
	default:
		return a * cos(phi);
	}
}

void pe_rotary_row(const struct pe_scheme *s, double *out, double p)
{
	const double a = s->attention_factor;

	switch (s->cfg.table) {
	case PE_TABLE_ANGLE:
		pe_rope_fill_angles(out, s->inv_freq, p, s->n_freq);
		break;
	case PE_TABLE_SIN:
		for (size_t i = 0; i < s->n_freq; i++)
			out[i] = a * sin(p * s->inv_freq[i]);
		break;
	case PE_TABLE_SCALE:
		for (size_t i = 0; i < s->n_freq; i++)
			out[i] = pow(s->zeta[i], p / s->cfg.rope.scale_base);
		break;
	default:
		for (size_t i = 0; i < s->n_freq; i++)
			out[i] = a * cos(p * s->inv_freq[i]);
		break;
	}
}

double pe_rope_profile_op(const struct pe_scheme *s, double r)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;

	return pe_rope_profile(NULL, NULL, s->inv_freq, r, s->attention_factor,
	                       c->n_dim, s->n_freq * 2, c->pairing);
}

static double xpos_profile_op(const struct pe_scheme *s, double r)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;

	/* q at position 0, k at r: the score depends only on the distance */
	return pe_xpos_score(NULL, NULL, s->inv_freq, s->zeta, 0.0, r, c->scale_base,
	                     c->n_dim, s->n_freq * 2, c->pairing);
}

double pe_rope_score_op(const struct pe_scheme *s, double m, double n)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;

	return pe_rope_score(NULL, NULL, s->inv_freq, m, n, s->attention_factor,
	                     c->n_dim, s->n_freq * 2, c->pairing);
}

static double xpos_score_op(const struct pe_scheme *s, double m, double n)
{
	const struct pe_rope_cfg *c = &s->cfg.rope;

	return pe_xpos_score(NULL, NULL, s->inv_freq, s->zeta, m, n, c->scale_base,
	                     c->n_dim, s->n_freq * 2, c->pairing);
}

/* ---- options ---- */

static const char *const pairing_names[] = { "interleaved", "half", NULL };
static const int pairing_values[] = { PE_ROPE_PAIRING_INTERLEAVED, PE_ROPE_PAIRING_HALF };
static const char *const scaling_names[] = {
	"none", "linear", "ntk", "dynamic", "yarn", "llama3", "longrope", NULL
};
static const int scaling_values[] = {
	PE_ROPE_SCALING_NONE, PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK,
	PE_ROPE_SCALING_DYNAMIC, PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3,
	PE_ROPE_SCALING_LONGROPE
};
static const char *const table_names[] = { "angle", "cos", "sin", "scale", NULL };
static const int table_values[] = {
	PE_TABLE_ANGLE, PE_TABLE_COS, PE_TABLE_SIN, PE_TABLE_SCALE
};

#define ROPE_CFG(field) offsetof(struct pe_scheme_cfg, rope.field)
#define ROPE_OPT .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_ROPE
/* the scaling methods that read an option (bits 1 << enum pe_rope_scaling) */
#define S(x) (1u << PE_ROPE_SCALING_##x)

const struct pe_opt pe_opt_rotary_dim = {
	.name = "rotary-dim", .arg = "R", .type = PE_OPT_EVEN, .lo = 2, .hi = PE_DIM_MAX,
	.field = PE_FIELD_SIZE, .offset = ROPE_CFG(n_rot), .def = NAN, ROPE_OPT,
	.help = "rotate only the first R dimensions: an even integer in [2, d] (default d)",
};

const struct pe_opt pe_opt_pairing = {
	.name = "pairing", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = pairing_names, .values = pairing_values,
	.field = PE_FIELD_INT, .offset = ROPE_CFG(pairing),
	.def = NAN,   /* interleaved; half from a config.json */
	ROPE_OPT,
	.help = "interleaved: pairs (x0,x1),(x2,x3)... (default); half: x_i with x_{i+R/2}",
};

const struct pe_opt pe_opt_scaling = {
	.name = "scaling", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = scaling_names, .values = scaling_values,
	.field = PE_FIELD_INT, .offset = ROPE_CFG(scaling),
	.def = PE_ROPE_SCALING_NONE, ROPE_OPT, .flags = PE_OPTF_SAY_NOT,
	.help = "context extension: none (%D), linear, ntk, dynamic, yarn, llama3, longrope",
};

const struct pe_opt pe_opt_factor = {
	.name = "factor", .arg = "S", .type = PE_OPT_AT_LEAST, .lo = 1.0,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(factor), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling,
	.modes = S(LINEAR) | S(NTK) | S(DYNAMIC) | S(YARN) | S(LLAMA3) | S(LONGROPE),
	.help = "scaling factor: a finite number >= 1",
};

const struct pe_opt pe_opt_original_max = {
	.name = "original-max", .arg = "L", .type = PE_OPT_INT, .lo = 1, .hi = PE_POS_MAX,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(original_max), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(DYNAMIC) | S(YARN) | S(LLAMA3) | S(LONGROPE),
	.help = "original context length: an integer in [1, 1000000000]",
};

const struct pe_opt pe_opt_seq_len = {
	.name = "seq-len", .arg = "N", .type = PE_OPT_INT, .lo = 1, .hi = PE_POS_MAX,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(seq_len), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(DYNAMIC) | S(LONGROPE),
	.help = "current sequence length (dynamic, longrope): an integer in [1, 1000000000]",
};

const struct pe_opt pe_opt_beta_fast = {
	.name = "beta-fast", .arg = "B", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(beta_fast),
	.def = PE_ROPE_BETA_FAST_DEFAULT, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn: rotations where the ramp starts: a finite number > 0 (default %D)",
};

const struct pe_opt pe_opt_beta_slow = {
	.name = "beta-slow", .arg = "B", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(beta_slow),
	.def = PE_ROPE_BETA_SLOW_DEFAULT, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn: rotations where the ramp ends: a finite number > 0 (default %D)",
};

const struct pe_opt pe_opt_attention_factor = {
	.name = "attention-factor", .arg = "A", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(attention_factor), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN) | S(LONGROPE),
	.help = "yarn, longrope: cos/sin multiplier: a finite number > 0 (default: the method's)",
};

const struct pe_opt pe_opt_mscale = {
	.name = "mscale", .arg = "M", .type = PE_OPT_AT_LEAST, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(mscale), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn (DeepSeek): mscale of get_mscale: a finite number >= 0",
};

const struct pe_opt pe_opt_mscale_all_dim = {
	.name = "mscale-all-dim", .arg = "M", .type = PE_OPT_AT_LEAST, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(mscale_all_dim), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn (DeepSeek): with --mscale, the attention factor is\n"
	        "get_mscale(S, mscale) / get_mscale(S, mscale_all_dim)",
};

const struct pe_opt pe_opt_truncate = {
	.name = "truncate", .type = PE_OPT_FLAG,
	.field = PE_FIELD_INT, .offset = ROPE_CFG(truncate), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn: round the ramp's ends to whole dimensions (the default)",
};

const struct pe_opt pe_opt_no_truncate = {
	.name = "no-truncate", .type = PE_OPT_FLAG, .flags = PE_OPTF_CLEARS,
	.field = PE_FIELD_INT, .offset = ROPE_CFG(truncate), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(YARN),
	.help = "yarn: keep the ramp's ends fractional (gpt-oss: truncate false)",
};

const struct pe_opt pe_opt_low_freq_factor = {
	.name = "low-freq-factor", .arg = "F", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(low_freq_factor),
	.def = PE_ROPE_LOW_FREQ_FACTOR_DEFAULT, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(LLAMA3),
	.help = "llama3: a finite number > 0 (default %D)",
};

const struct pe_opt pe_opt_high_freq_factor = {
	.name = "high-freq-factor", .arg = "F", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(high_freq_factor),
	.def = PE_ROPE_HIGH_FREQ_FACTOR_DEFAULT, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(LLAMA3),
	.help = "llama3: a finite number >= low-freq-factor (default %D)",
};

const struct pe_opt pe_opt_short_factor = {
	.name = "short-factor", .arg = "LIST", .type = PE_OPT_LIST, .hi = PE_ROPE_FACTORS_MAX,
	.field = PE_FIELD_LIST, .offset = ROPE_CFG(short_factor),
	.count_offset = ROPE_CFG(n_short_factor), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(LONGROPE),
	.help = "longrope: R/2 comma-separated numbers > 0, used up to the original length",
};

const struct pe_opt pe_opt_long_factor = {
	.name = "long-factor", .arg = "LIST", .type = PE_OPT_LIST, .hi = PE_ROPE_FACTORS_MAX,
	.field = PE_FIELD_LIST, .offset = ROPE_CFG(long_factor),
	.count_offset = ROPE_CFG(n_long_factor), .def = NAN, ROPE_OPT,
	.mode = &pe_opt_scaling, .modes = S(LONGROPE),
	.help = "longrope: R/2 comma-separated numbers > 0, used beyond it",
};

#undef S

static const struct pe_opt opt_gamma = {
	.name = "gamma", .arg = "G", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(gamma), .def = PE_XPOS_GAMMA_DEFAULT,
	ROPE_OPT,
	.help = "xpos: scale offset gamma: a finite number > 0 (default %D)",
};

static const struct pe_opt opt_scale_base = {
	.name = "scale-base", .arg = "B", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	.field = PE_FIELD_DOUBLE, .offset = ROPE_CFG(scale_base),
	.def = PE_XPOS_SCALE_BASE_DEFAULT, ROPE_OPT,
	.help = "xpos: scale base: a finite number > 0 (default %D)",
};


const struct pe_opt pe_opt_table = {
	.name = "table", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = table_names, .values = table_values,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, table),
	.def = PE_TABLE_COS,
	.cmds = PE_CMDS_TABLE, .group = PE_GROUP_COMMAND, .flags = PE_OPTF_CODE,
	.help = "rope, xpos: angle, cos (default) or sin, n x R/2; xpos also scale",
};

static const struct pe_opt *const rope_opts[] = { PE_ROTARY_OPTS, NULL };

/* The config.json fields of the rotary family (rotary.h). */
static const struct pe_cfg_field rotary_fields[] = {
	PE_ROTARY_FIELDS,
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};
static const struct pe_opt *const xpos_opts[] = { PE_ROTARY_OPTS, &opt_gamma, &opt_scale_base, NULL };

/* the sinusoidal layout means nothing to a rotation: say what does */
static const struct pe_refusal rotary_refusals[] = {
	{ &opt_gamma, "applies to --scheme xpos only" },
	{ &opt_scale_base, "applies to --scheme xpos only" },
	{ &pe_opt_layout, "applies to --scheme sinusoidal; %s pairs dimensions as --pairing says" },
	{ NULL, NULL }
};

const struct pe_scheme_ops pe_rope_ops = {
	.name = "rope",
	.init = rope_init,
	.row = pe_rotary_row,
	.profile = pe_rope_profile_op,
	.score = pe_rope_score_op,
	.traits = PE_TRAIT_ROTARY | PE_TRAIT_BOUND | PE_TRAIT_EXTEND,
	.n_dim_default = 128,   /* a head dimension (Llama, Qwen, Mistral) */
	.table_default = PE_TABLE_COS,
	.adds = "rotation",
	.description = "rotates each pair of q and k by the position times its frequency (RoFormer)",
	.opts = rope_opts,
	.refusals = rotary_refusals,
	.fields = rotary_fields,
};

const struct pe_scheme_ops pe_xpos_ops = {
	.name = "xpos",
	.init = xpos_init,
	.row = pe_rotary_row,
	.profile = xpos_profile_op,
	.score = xpos_score_op,
	.traits = PE_TRAIT_ROTARY | PE_TRAIT_SCALE,
	.n_dim_default = 128,
	.table_default = PE_TABLE_COS,
	.adds = "rotation",
	.description = "RoPE with a per-pair scale that decays with the distance (Sun et al. 2022)",
	.opts = xpos_opts,
	.refusals = rotary_refusals,
	.fields = rotary_fields,
};

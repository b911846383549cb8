/*
 * pe.h - the pecli numerics core: positional encoding schemes and analyses.
 *
 * Everything under src/pe/ is pure computation: C headers and libm only, no
 * file or terminal I/O, no process termination, no environment reads, no
 * mutable globals (tests/layering.sh enforces it).  The caller
 * allocates output buffers; buffers come first in argument lists, then
 * inputs, then sizes.  Matrices are row-major (n_pos, n_dim).  Everything is
 * computed in double.
 *
 * Seam 1 (see ../shared/DESIGN.md): struct pe_scheme.  Every encoding answers
 * the question attention asks, "how strongly does position m meet position
 * n?", and offers what it can:
 *   row(p)      the per-position vector (the code), n_row wide;
 *   profile(r)  the score as a function of distance alone, when the scheme is
 *               translation-invariant: PE(p) . PE(p + r) for every p.
 * Analyses ask for the capability they need and report PE_ENOTSUP otherwise,
 * so adding a scheme never touches a command.
 *
 * Legend: p position, i frequency pair, d = n_dim, theta_i = base^(-2i/d).
 */
#ifndef PECLI_PE_H
#define PECLI_PE_H

#include <stddef.h>
#include <stdint.h>

/* ---- status ---- */

enum pe_status {
	PE_OK = 0,
	PE_EINVAL,   /* a parameter is outside its valid range */
	PE_ERANGE,   /* a result is not finite or not representable */
	PE_ENOMEM,   /* allocation failed */
	PE_ENOTSUP   /* the scheme does not offer what the analysis needs */
};

/* A short lower-case description of a status, never NULL. */
const char *pe_status_str(enum pe_status st);

/* ---- constants ---- */

/* pi to double precision (M_PI is not in ISO C); equals Python math.pi */
#define PE_PI 3.14159265358979323846

/* ---- limits (documented in man/pecli.1) ---- */

#define PE_DIM_MIN 2             /* --d: even, in [PE_DIM_MIN, PE_DIM_MAX] */
#define PE_DIM_MAX 65536
#define PE_POS_MAX 1000000000.0  /* --n: positions 0 .. n-1, n <= 1e9 */

/* ---- defaults ---- */

#define PE_BASE_DEFAULT 10000.0  /* Vaswani et al. 2017, section 3.5 */

/* ==== RoPE and xPos ==== */

/*
 * Rotary position embedding (RoPE) and its context-extension scalings, and
 * xPos (rope.c, rope_scaling.c).
 *
 * RoPE (Su et al. 2021, "RoFormer", eq. 13-15) rotates each pair of a query
 * or key vector by the angle p * theta_i, theta_i = base^(-2i/R):
 *
 *   [y0]   [cos(p theta_i)  -sin(p theta_i)] [x0]
 *   [y1] = [sin(p theta_i)   cos(p theta_i)] [x1]
 *
 * so <R_m q, R_n k> depends only on m - n.  Only the first R = n_rot of the
 * d = n_dim dimensions rotate (partial rotary, GPT-J rotary_dim, HF
 * partial_rotary_factor); the rest pass through unchanged.
 *
 * Which dimensions form pair i (drawn as ggml.h draws them, d = 8):
 *
 *   PE_ROPE_PAIRING_INTERLEAVED  (x0,x1) (x2,x3) ...    [cscs cscs]
 *       GPT-J, Meta llama, ggml NORMAL, MLX traditional=True
 *   PE_ROPE_PAIRING_HALF         (x0,x4) (x1,x5) ...    [cccc ssss]
 *       i with i + R/2: GPT-NeoX, HF transformers rotate_half, ggml NEOX
 *
 * Pair i uses theta_i in both layouts, so one is a fixed permutation of the
 * other (pe_rope_layout_perm).
 *
 * Legend: d = n_dim, R = n_rot (rotary dims), i pair index in [0, R/2),
 * p, m, n positions, s = factor, L = original context length.
 */
/* ---- defaults (printed by the help text as well) ---- */

/* Largest short_factor / long_factor list: a head dimension up to 1024. */
#define PE_ROPE_FACTORS_MAX 512
#define PE_ROPE_BETA_FAST_DEFAULT 32.0        /* YaRN paper section 3.2, HF */
#define PE_ROPE_BETA_SLOW_DEFAULT 1.0
#define PE_ROPE_LOW_FREQ_FACTOR_DEFAULT 1.0   /* Llama 3.1 config.json */
#define PE_ROPE_HIGH_FREQ_FACTOR_DEFAULT 4.0
#define PE_XPOS_GAMMA_DEFAULT 0.4             /* Sun et al. 2022, torchscale */
#define PE_XPOS_SCALE_BASE_DEFAULT 512.0

enum pe_rope_pairing {
	PE_ROPE_PAIRING_INTERLEAVED,
	PE_ROPE_PAIRING_HALF
};

/*
 * The context-extension methods, each as Hugging Face transformers computes
 * it in src/transformers/modeling_rope_utils.py (rope_type in parentheses):
 *
 *   NONE      theta_i = base^(-2i/R)                        ("default")
 *   LINEAR    theta_i / s              (position interpolation, "linear")
 *   NTK       static NTK-aware (bloc97): base' = base s^(R/(R-2)); HF's
 *             dynamic formula with s in place of s N/L - (s-1)
 *   DYNAMIC   base' = base (s N/L - (s-1))^(R/(R-2)), N = max(seq_len, L)
 *                                                           ("dynamic")
 *   YARN      per-pair blend of theta_i and theta_i/s by a linear ramp over
 *             the pair index, plus an attention factor       ("yarn")
 *   LLAMA3    wavelength bands: kept / divided by s / smoothed ("llama3")
 *   LONGROPE  theta_i / short_factor[i] or / long_factor[i]  ("longrope")
 */
enum pe_rope_scaling {
	PE_ROPE_SCALING_NONE,
	PE_ROPE_SCALING_LINEAR,
	PE_ROPE_SCALING_NTK,
	PE_ROPE_SCALING_DYNAMIC,
	PE_ROPE_SCALING_YARN,
	PE_ROPE_SCALING_LLAMA3,
	PE_ROPE_SCALING_LONGROPE
};

/*
 * What a user sets; pe_rope_cfg_default() fills the defaults.  Each scaling
 * reads only the fields named for it and ignores the others.  Lengths are
 * positions, held in double like every position in pecli.
 *
 * L, "the original context length", is original_max if set (> 0), else
 * max_pos: Hugging Face standardises a missing original_max_position_embeddings
 * to max_position_embeddings the same way.
 */
struct pe_rope_cfg {
	size_t n_dim;            /* d: even, [PE_DIM_MIN, PE_DIM_MAX] */
	size_t n_rot;            /* R: even, [2, d]; 0 means d */
	double base;             /* finite, > 1; PE_BASE_DEFAULT (HF rope_theta) */
	enum pe_rope_pairing pairing;
	enum pe_rope_scaling scaling;

	double factor;           /* s, finite >= 1; NaN = unset (see YARN, LONGROPE) */
	double original_max;     /* original_max_position_embeddings; 0 = unset */
	double max_pos;          /* max_position_embeddings; 0 = unset */
	double seq_len;          /* current length (DYNAMIC, LONGROPE); 0 = unset */

	/* YARN */
	double beta_fast;        /* > 0, >= beta_slow; default 32 */
	double beta_slow;        /* > 0; default 1 */
	double attention_factor; /* >= 0 (YARN, LONGROPE); NaN = the method's default */
	double mscale;           /* DeepSeek-style get_mscale weights; NaN = unset */
	double mscale_all_dim;
	int truncate;            /* HF `truncate`: floor/ceil the ramp ends; default 1 */

	/* LLAMA3 */
	double low_freq_factor;  /* > 0; default 1 */
	double high_freq_factor; /* > low_freq_factor; default 4 */

	/* LONGROPE: R/2 rescale factors each, finite > 0; not owned */
	const double *short_factor;
	size_t n_short_factor;
	const double *long_factor;
	size_t n_long_factor;

	/* xPos (pe_xpos_*) */
	double gamma;            /* finite > 0; default 0.4 */
	double scale_base;       /* finite > 0; default 512 */
};

/* d = 128, R = d, base PE_BASE_DEFAULT, interleaved, no scaling, factor NaN,
 * lengths unset, beta 32/1, attention_factor and mscale NaN, truncate 1,
 * low/high_freq_factor 1/4, no longrope lists, gamma 0.4, scale_base 512. */
void pe_rope_cfg_default(struct pe_rope_cfg *cfg);

/* R/2, the number of rotated pairs (R = n_rot, or n_dim when n_rot is 0). */
size_t pe_rope_n_freq(const struct pe_rope_cfg *cfg);

/*
 * *n_rot = int(n_dim * partial_rotary_factor), truncated toward zero as
 * Hugging Face does (`dim = int(head_dim * partial_rotary_factor)`), e.g.
 * Phi-2: 80 * 0.4 = 32.  PE_EINVAL unless the factor is finite in (0, 1]
 * and the result is even and >= 2.
 */
enum pe_status pe_rope_n_rot_partial(size_t *n_rot, size_t n_dim,
                                     double partial_rotary_factor);

/*
 * Validate cfg for pe_rope_inv_freq.  PE_EINVAL when:
 *   d odd or outside [PE_DIM_MIN, PE_DIM_MAX]; R odd, 0 after defaulting, or
 *   > d; base not finite or <= 1; pairing or scaling not an enum value;
 *   LINEAR, NTK, DYNAMIC, LLAMA3: factor not finite or < 1 (HF warns
 *     "factor field must be a float >= 1"; pecli refuses);
 *   NTK, DYNAMIC: R = 2 (the exponent R/(R-2) is undefined);
 *   DYNAMIC, YARN, LLAMA3, LONGROPE: L unset or not finite;
 *   DYNAMIC, LONGROPE: seq_len negative or not finite;
 *   YARN, LONGROPE: factor unset and not derivable as max_pos/original_max,
 *     or < 1; attention_factor negative or infinite;
 *   YARN: beta_fast or beta_slow not finite or <= 0, beta_fast < beta_slow
 *     (HF maps 0 to the default through `or 32`; pecli refuses), mscale or
 *     mscale_all_dim infinite;
 *   LLAMA3: low/high_freq_factor not finite, <= 0, or high < low (equal:
 *     no band between the two, as Llama 4's config.json gives them);
 *   LONGROPE: a factor list NULL, not R/2 long, or with an entry not finite
 *     or <= 0.
 */
enum pe_status pe_rope_check(const struct pe_rope_cfg *cfg);

/*
 * The inverse frequencies after scaling, inv_freq[R/2], before scaling,
 * inv_freq_base[R/2] = 1 / base^(2i/R), and the attention factor (the
 * factor HF multiplies cos and sin by, so attention logits of rotated dims
 * scale by its square).  inv_freq_base and attention_factor may be NULL.
 *
 * Equal to Hugging Face transformers' _compute_<rope_type>_parameters for
 * the same inputs (see rope_scaling.c for the formulas and for where HF
 * versions and the YaRN paper differ), evaluated in double where HF uses
 * float32 tensors: the formulas are the same, the values differ from HF's
 * by float32 rounding (3.2e-7 relative at worst for Llama 3.1 8B).
 *
 * attention factor: 1 for NONE, LINEAR, NTK, DYNAMIC, LLAMA3;
 *   YARN      attention_factor if set, else if mscale and mscale_all_dim are
 *             both set and non-zero get_mscale(s, mscale) /
 *             get_mscale(s, mscale_all_dim), else get_mscale(s) with
 *             get_mscale(s, m) = 1 if s <= 1, else 0.1 m ln(s) + 1;
 *   LONGROPE  attention_factor if set, else 1 if s <= 1, else
 *             sqrt(1 + ln(s) / ln(L)).
 * Statuses: those of pe_rope_check; PE_ERANGE if a result is not finite.
 */
enum pe_status pe_rope_inv_freq(double *inv_freq, double *inv_freq_base,
                                double *attention_factor,
                                const struct pe_rope_cfg *cfg);

/* Llama 3 wavelength band of a pair (HF _compute_llama3_parameters). */
enum pe_rope_region {
	PE_ROPE_REGION_NONE,   /* the scaling is not LLAMA3 */
	PE_ROPE_REGION_HIGH,   /* wavelen < L/high_freq_factor: theta kept */
	PE_ROPE_REGION_MID,    /* in between: (1-g) theta/s + g theta, g = smooth */
	PE_ROPE_REGION_LOW     /* wavelen > L/low_freq_factor: theta / s */
};

/* Per-pair extras for a freqs table. */
struct pe_rope_pair {
	double wavelen;        /* 2 pi / inv_freq_base[i], in positions */
	double ratio;          /* inv_freq_base[i] / inv_freq[i]: 1 kept, s interpolated */
	double ramp;           /* YARN: HF linear_ramp_factor in [0, 1], 0 = theta kept
	                        * (extrapolated), 1 = theta/s (interpolated); the
	                        * paper's gamma(r) is 1 - ramp.  NaN otherwise. */
	double smooth;         /* LLAMA3: HF smooth_factor (L/wavelen - low) /
	                        * (high - low), used in the MID band.  NaN otherwise. */
	enum pe_rope_region region;
};

/* info[R/2] for cfg.  Statuses as pe_rope_inv_freq, and PE_ENOMEM (it
 * allocates R doubles of scratch). */
enum pe_status pe_rope_pair_info(struct pe_rope_pair *info,
                                 const struct pe_rope_cfg *cfg);

/* ---- angle tables and rotation (rope.c) ---- */

/* out[i] = p * inv_freq[i] for i in [0, n_freq), each formed directly (no
 * running product). */
void pe_rope_fill_angles(double *out, const double *inv_freq, double p,
                         size_t n_freq);

/*
 * The cos and sin rows a model caches for position p, n_rot wide each, in
 * the pairing's layout and multiplied by scale (HF's attention_scaling; 1
 * for plain RoPE):
 *   HALF         [c0 .. c_{R/2-1} c0 .. c_{R/2-1}]   (HF cat(freqs, freqs))
 *   INTERLEAVED  [c0 c0 c1 c1 ...]                   (torchscale duplicate_interleave)
 * with c_i = scale cos(p inv_freq[i]), and the same for sin.
 */
void pe_rope_fill_cos_sin(double *cos_row, double *sin_row,
                          const double *inv_freq, double p, double scale,
                          size_t n_rot, enum pe_rope_pairing pairing);

/*
 * out[n_dim] = R_p x: each pair (j0, j1) of the first n_rot dims becomes
 *   out[j0] = x[j0] cos(p theta_i) - x[j1] sin(p theta_i)
 *   out[j1] = x[j0] sin(p theta_i) + x[j1] cos(p theta_i)
 * (HF `x * cos + rotate_half(x) * sin`, GPT-J rotate_every_two); dims
 * >= n_rot are copied.  out may equal x.  n_rot even, <= n_dim.
 */
void pe_rope_apply(double *out, const double *x, const double *inv_freq,
                   double p, size_t n_dim, size_t n_rot,
                   enum pe_rope_pairing pairing);

/* pe_rope_apply with the rotated dims multiplied by scale (HF multiplies cos
 * and sin by attention_scaling; dims >= n_rot are copied unscaled). */
void pe_rope_apply_scaled(double *out, const double *x, const double *inv_freq,
                          double p, double scale, size_t n_dim, size_t n_rot,
                          enum pe_rope_pairing pairing);

/*
 * <a R_m q, a R_n k> over the rotated dims plus <q, k> over the rest,
 * a = attention_factor: the attention logit (before 1/sqrt(d)) HF computes,
 * the rotated part scaled by a^2.  Angles are formed as m theta_i and
 * n theta_i separately, as a model does.  q or k NULL means all ones.
 * O(n_dim) time, no memory.
 */
double pe_rope_score(const double *q, const double *k, const double *inv_freq,
                     double m, double n, double attention_factor,
                     size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing);

/*
 * The same score as a function of distance alone, r = n - m: with
 * phi_i = r theta_i, pair (j0, j1) contributes a^2 (cos phi_i (q0 k0 + q1 k1)
 * + sin phi_i (q1 k0 - q0 k1)).  Equals pe_rope_score(m, m + r) for every m
 * in exact arithmetic.  q = k = NULL (ones) gives 2 a^2 sum_i cos(r theta_i)
 * + (n_dim - n_rot).
 */
double pe_rope_profile(const double *q, const double *k, const double *inv_freq,
                       double r, double attention_factor, size_t n_dim,
                       size_t n_rot, enum pe_rope_pairing pairing);

/*
 * perm[n_dim]: the row permutation of a q or k projection (per head) that
 * turns an interleaved-pairing checkpoint into a half-pairing one
 * (to_half != 0) or back (to_half == 0): row j of the result is row perm[j]
 * of the input.  to_half: perm[c R/2 + i] = 2i + c for c in {0, 1}, which
 * is Hugging Face convert_llama_weights_to_hf.py `permute`:
 *   w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2)
 * (Meta llama -> HF llama).  Rows >= n_rot map to themselves.  n_rot even,
 * <= n_dim.  Applied to q and k, the interleaved score of (q, k) equals the
 * half score of (q[perm], k[perm]).
 */
void pe_rope_layout_perm(size_t *perm, size_t n_dim, size_t n_rot, int to_half);

/* ---- xPos (Sun et al. 2022, "A Length-Extrapolatable Transformer") ---- */

/*
 * zeta[R/2]: zeta_i = (2i/R + gamma) / (1 + gamma) in (0, 1], torchscale
 * XPOS `(torch.arange(0, head_dim, 2) + 0.4 * head_dim) / (1.4 * head_dim)`
 * with gamma = cfg->gamma and head_dim = R.  PE_EINVAL if d or R is invalid
 * (as pe_rope_check) or gamma or scale_base is not finite or <= 0.
 */
enum pe_status pe_xpos_zeta(double *zeta, const struct pe_rope_cfg *cfg);

/*
 * out[n_dim] = zeta_i^(e / scale_base) R_p x on pair i, dims >= n_rot
 * copied; e = +n for a query, -n for a key (torchscale downscale=True),
 * n the scale position (torchscale centres it: n = p - ceil(len/2) for the
 * whole sequence; the centring cancels in q.k).  out may equal x.
 */
void pe_xpos_apply(double *out, const double *x, const double *inv_freq,
                   const double *zeta, double p, double e, double scale_base,
                   size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing);

/*
 * <zeta^(m/B) R_m q, zeta^(-n/B) R_n k> (B = scale_base): pair i is scaled
 * by zeta_i^((m - n)/B) and rotated as in pe_rope_score; the rest is
 * <q, k>.  q or k NULL means all ones.  Depends only on m - n.
 */
double pe_xpos_score(const double *q, const double *k, const double *inv_freq,
                     const double *zeta, double m, double n, double scale_base,
                     size_t n_dim, size_t n_rot, enum pe_rope_pairing pairing);

/* ---- checking a pairing conversion (layout.c) ---- */

struct pe_layout_check {
	size_t n_trials;
	double max_abs;    /* largest |score_from - score_to| */
	double max_rel;    /* largest |score_from - score_to| / (|q| |k|) */
	double tolerance;  /* 4 d DBL_EPSILON, the rounding bound on max_rel */
	int pass;          /* max_rel <= tolerance */
	size_t n_head;     /* heads checked (1 for one head) */
	size_t worst_head; /* the head of max_rel */
};

/*
 * Score n_trials pairs of seeded Gaussian q, k (pe_rng, seed) at positions
 * m, n drawn uniformly from [0, max_pos], once in the source pairing
 * (interleaved if to_half, else half) and once in the target pairing with
 * q and k permuted by pe_rope_layout_perm(to_half); report the largest
 * difference.  inv_freq[n_rot/2].  PE_EINVAL for bad sizes, PE_ENOMEM,
 * PE_ERANGE if a score is not finite.
 */
enum pe_status pe_rope_layout_verify(struct pe_layout_check *out,
                                     const double *inv_freq, size_t n_dim,
                                     size_t n_rot, int to_half, uint64_t seed,
                                     size_t n_trials, double max_pos);

/*
 * A whole q_proj or k_proj weight: n_head heads of n_dim rows each, head h
 * in rows h d .. h d + d - 1 (Hugging Face and Meta alike: q_proj of H
 * query heads, k_proj of K key-value heads under grouped-query attention).
 * perm[n_head n_dim] is pe_rope_layout_perm within every head:
 *   perm[h d + j] = h d + P[j],
 * which for n_rot = n_dim is Hugging Face convert_llama_weights_to_hf.py
 * `permute(w, n_heads)` (to_half) and llama.cpp convert_hf_to_gguf.py
 * `LlamaModel.permute(w, n_head, n_head_kv)` (to_half == 0, half back to
 * interleaved), both applied to the rows of the 2-D weight.
 */
void pe_rope_layout_perm_heads(size_t *perm, size_t n_head, size_t n_dim, size_t n_rot,
                               int to_half);

struct pe_layout_heads {
	size_t n_head, n_dim, n_rot;
	const double *inv_freq;   /* [n_rot/2] */
	int to_half;              /* the direction, as pe_rope_layout_perm */
	const double *w;          /* NULL, or the weight [n_head n_dim x n_cols]
	                             in the source layout, row-major */
	size_t n_cols;
};

/*
 * pe_rope_layout_verify for every head of a whole weight: per trial, q and
 * k of n_head d numbers each are drawn (w NULL: seeded Gaussians, then
 * permuted by pe_rope_layout_perm_heads) or made by the weight from two
 * drawn inputs x, y of n_cols (q = w x, k = w y; q' and k' from the
 * weight's rows taken in the permuted order, as the converted weight
 * holds them), and each head h scores (q_h, k_h) in the source pairing
 * against (q'_h, k'_h) in the target pairing at the trial's positions.
 * The two sides form every pair's products from the same numbers in the
 * same pair order, so the difference is exactly 0 unless the permutation
 * is wrong; the tolerance is pe_rope_layout_verify's rounding bound.
 * out->worst_head is the head of the largest relative difference.
 * PE_EINVAL for bad sizes, PE_ENOMEM, PE_ERANGE if a score is not finite.
 */
enum pe_status pe_rope_layout_verify_heads(struct pe_layout_check *out,
                                           const struct pe_layout_heads *lh,
                                           uint64_t seed, size_t n_trials, double max_pos);

/* ---- schemes ---- */

/* ---- options as data (seam 3) ---- */

/*
 * An option is one row: its names, its argument's type and range, where
 * the value goes, which commands take it, when it applies, its default and
 * its help.  The CLI keeps the rows of the command options; each scheme
 * lists the rows it takes (struct pe_scheme_ops.opts), its own defined
 * beside its code and shared ones (--d, --base) in scheme.c.  The parser,
 * the "does not apply" check, --help, the man page lint and the completion
 * all read the rows (git's parse_options is the model).  Rows are data
 * only: no code runs from here.
 */
enum pe_opt_type {
	PE_OPT_FLAG,      /* no argument: the int field becomes 1 */
	PE_OPT_INT,       /* an integer in [lo, hi] */
	PE_OPT_EVEN,      /* an even integer in [lo, hi] */
	PE_OPT_ABOVE,     /* a finite number greater than lo (at most hi) */
	PE_OPT_AT_LEAST,  /* a finite number >= lo */
	PE_OPT_CHOICE,    /* one of choices; the field gets values[k] (or k) */
	PE_OPT_LIST,      /* up to hi comma-separated finite numbers > 0 */
	PE_OPT_FILE,      /* a file name, not empty; lo 1: '-' is stdin or stdout */
	PE_OPT_U64,       /* an integer in [0, 18446744073709551615] */
	PE_OPT_TEXT,      /* any text, resolved later (--format) */
	PE_OPT_SPECIAL    /* a reader of the CLI's own (--scheme, --range) */
};

/* The C type of an option's destination. */
enum pe_field {
	PE_FIELD_NONE,    /* the value goes nowhere (a choice checked only) */
	PE_FIELD_INT,
	PE_FIELD_SIZE,    /* size_t */
	PE_FIELD_DOUBLE,
	PE_FIELD_U64,     /* uint64_t */
	PE_FIELD_STR,     /* const char *: the argument itself */
	PE_FIELD_LIST     /* double *: a list the CLI holds; count_offset: size_t */
};

/* The --help group of an option, in print order. */
enum pe_opt_group {
	PE_GROUP_SCHEME,
	PE_GROUP_ROPE,
	PE_GROUP_BIAS,
	PE_GROUP_COMMAND,
	PE_GROUP_FIGURE,
	PE_GROUP_OUTPUT,
	PE_GROUP_OTHER
};

/* The commands that take an option, by what they do (the CLI's OPTF_*). */
#define PE_CMDS_SCHEME (1u << 1)   /* every command that builds a scheme */
#define PE_CMDS_TABLE (1u << 3)    /* those that print a scheme's table */

/* struct pe_opt.flags */
#define PE_OPTF_CODE 1u      /* an option of a code: a bias scheme has none */
#define PE_OPTF_PICKS 2u     /* without --scheme, picks the first scheme that
                                takes it (--config: rope; --from: learned) */
#define PE_OPTF_SAY_NOT 16u  /* "applies to ...": add ", not" what is in force */
#define PE_OPTF_CLEARS 32u   /* a FLAG that stores 0 (--no-truncate) */
#define PE_OPTF_PER_SCHEME 8u /* the default is each scheme's (n_dim_default) */

struct pe_opt {
	const char *name;            /* long name: "rotary-dim" */
	const char *alias;           /* another long name, or NULL */
	int short_name;              /* 'o', or 0 */
	const char *arg;             /* placeholder ("N"); NULL: a flag */
	enum pe_opt_type type;
	double lo, hi;               /* the range of INT, EVEN, ABOVE, AT_LEAST;
	                                LIST: hi numbers at most */
	const char *const *choices;  /* CHOICE: the names, NULL-terminated */
	const int *values;           /* CHOICE: the value of each; NULL: k */
	enum pe_field field;         /* where the value goes: */
	size_t offset;               /* into struct pe_scheme_cfg for a scheme's
	                                rows, struct opts for the CLI's */
	size_t count_offset;         /* LIST: the size_t count */
	double def;                  /* the default --help states (%D); NAN:
	                                none, or each scheme's (PE_OPTF_PER_SCHEME) */
	unsigned cmds;               /* the commands that take it (PE_CMDS_*);
	                                0: every command */
	enum pe_opt_group group;
	/* applies only when the option mode has one of the values in modes
	 * (bit 1 << value): --factor only with --scaling linear, ...; a flag's
	 * value is 1 when given */
	const struct pe_opt *mode;
	unsigned modes;
	unsigned flags;              /* PE_OPTF_* */
	unsigned traits;             /* the CLI's rows: only for schemes with
	                                every trait (PE_TRAIT_*); 0: any */
	const char *note;            /* after the scheme list in "applies to" */
	const char *help;            /* --help text: %R the range, %D the default */
	const char *after;           /* --help: printed after this option's line
	                                (the CLI's rows among a scheme's) */
};

/* A scheme's own message for an option it does not take, instead of
 * "option '--X' applies to --scheme A and B, not S": the text after
 * "option '--X' ", %s the scheme's name. */
struct pe_refusal {
	const struct pe_opt *opt;
	const char *text;
};

/*
 * A field of a model's config.json that a scheme reads, beside the option
 * that sets the same thing from the command line: the reader
 * (src/read/model.c) looks the key up in the model's text config and lays
 * the value over the scheme's defaults as if opt had been given it (opt's
 * type, range and destination), under the flags; 'pecli model' names the
 * key as the value's source.  A scheme lists its fields in ops->fields,
 * ended by a row with key NULL.
 */
enum pe_cfg_how {
	PE_CFG_VALUE,   /* the value, read as opt reads its argument */
	PE_CFG_HF_ROPE, /* read with transformers' precedence by the Hugging
	                   Face rope reader (src/read/hfconfig.c): listed here
	                   so that every field a scheme reads is in one place */
	PE_CFG_TRUE     /* a boolean: true sets opt (a flag) */
};

struct pe_cfg_field {
	const char *key;          /* "n_head"; "attn_config.alibi_bias_max": a
	                             member of an object member */
	const struct pe_opt *opt; /* the option with the same meaning; NULL: a
	                             field read by the reader itself */
	enum pe_cfg_how how;
	const char *note;         /* for 'pecli model' and the manual */
};

/* The shared rows (scheme.c): the dimension, the frequency base; and the
 * rows the CLI reads names from or treats apart (sinusoidal.c, rope.c,
 * alibi.c, learned.c). */
extern const struct pe_opt pe_opt_d, pe_opt_base, pe_opt_layout;
extern const struct pe_opt pe_opt_rotary_dim, pe_opt_pairing, pe_opt_scaling,
	pe_opt_factor, pe_opt_short_factor, pe_opt_long_factor, pe_opt_table;
extern const struct pe_opt pe_opt_head, pe_opt_buckets, pe_opt_bucket_weights;
extern const struct pe_opt pe_opt_from, pe_opt_init;
extern const struct pe_opt pe_opt_axis, pe_opt_mrope_section, pe_opt_axial_freqs;

/* ---- schemes ---- */

/*
 * The registry: one line a scheme, X(KIND, name), in --scheme's order.  It
 * makes enum pe_scheme_kind (PE_SCHEME_KIND), declares the scheme's
 * operations pe_<name>_ops (defined in its file under src/pe) and fills
 * pe_schemes[] (scheme.c).  Adding a scheme is its file and a line here.
 *
 *   sinusoidal  Vaswani et al. 2017 (sinusoidal.c)
 *   rope, xpos  rotary (rope.c, rope_scaling.c)
 *   nope        no positional information: the baseline (nope.c)
 *   learned     a learned table, cfg.learned (learned.c)
 *   alibi, t5   a bias on the scores, cfg.bias (alibi.c, t5.c)
 *   mrope, rope2d, sinusoidal-nd
 *               positions with several axes (mrope.c, rope2d.c,
 *               sinusoidal_nd.c; see "positions with several axes")
 */
#define PE_SCHEMES(X) \
	X(SINUSOIDAL, sinusoidal) \
	X(ROPE, rope) \
	X(XPOS, xpos) \
	X(NOPE, nope) \
	X(LEARNED, learned) \
	X(ALIBI, alibi) \
	X(T5, t5) \
	X(MROPE, mrope) \
	X(ROPE2D, rope2d) \
	X(SINUSOIDAL_ND, sinusoidal_nd) \
	/* a new scheme: one line above this one */

enum pe_scheme_kind {
#define PE_SCHEME_ENUM(K, name) PE_SCHEME_##K,
	PE_SCHEMES(PE_SCHEME_ENUM)
#undef PE_SCHEME_ENUM
	PE_N_SCHEMES
};

/* What a scheme is, for the analyses and commands that ask (traits). */
#define PE_TRAIT_ROTARY 1u   /* rotates q and k: tables angle, cos, sin;
                                random q and k; relative invariance */
#define PE_TRAIT_SHIFT 2u    /* PE(p + k) is a fixed linear map of PE(p) */
#define PE_TRAIT_SCALE 4u    /* a per-pair scale that decays (xPos): the key
                                sits before the query */
#define PE_TRAIT_BOUND 8u    /* the RoFormer relative upper bound applies */
#define PE_TRAIT_MASKED 16u  /* a bias that masks keys after the query */
#define PE_TRAIT_BUCKETS 32u /* a bias over buckets of whole distances */
#define PE_TRAIT_EXTEND 64u  /* takes the context-extension scalings */
#define PE_TRAIT_SINCOS 128u /* the code is (sin, cos) of p inv_freq[i] per
                                pair, amplitude 1 (sinusoidal): the closed
                                forms of the properties apply */
#define PE_TRAIT_AXES 256u   /* positions have several axes (axes.c) */

struct pe_learned;

/*
 * The settings of the bias schemes (ALiBi, T5; see "bias schemes" below).
 * head is the head score() and profile() use; bias() takes any head.
 */
struct pe_bias_cfg {
	size_t n_heads;      /* ALiBi: [1, PE_ALIBI_HEADS_MAX] (default 8);
	                        T5 with weights: the weights' columns */
	size_t head;         /* [0, n_heads) */
	int bidirectional;   /* T5: 1 encoder, 0 causal decoder (default) */
	int n_buckets;       /* T5: PE_T5_NUM_BUCKETS_DEFAULT */
	int max_distance;    /* T5: PE_T5_MAX_DISTANCE_DEFAULT */
	const double *weights; /* T5: (n_buckets, n_heads) row-major, one
	                        learned bias per bucket and head (Hugging Face
	                        relative_attention_bias.weight); not owned.
	                        NULL: the bias is the bucket index itself */
};

/*
 * Sinusoidal frequencies:
 *   PE_SIN_VASWANI  theta_i = base^(-2i/d)             (the paper)
 *   PE_SIN_FAIRSEQ  theta_i = exp(-i ln(base) / (d/2 - 1)), fairseq's
 *                   SinusoidalPositionalEmbedding and tensor2tensor's
 *                   get_timing_signal_1d: the same range from 1 to 1/base,
 *                   but the last pair reaches 1/base exactly, so every
 *                   frequency but the first differs (d/2 >= 2).
 */
enum pe_sin_variant {
	PE_SIN_VASWANI,
	PE_SIN_FAIRSEQ
};

/* What row(p) gives: the code itself (sinusoidal), or a rotary table,
 * R/2 wide: the angles p theta_i, the cos and sin cache (times the
 * attention factor, as Hugging Face caches them), or the xPos scale
 * zeta_i^(p / scale_base). */
enum pe_table {
	PE_TABLE_CODE,
	PE_TABLE_ANGLE,
	PE_TABLE_COS,
	PE_TABLE_SIN,
	PE_TABLE_SCALE
};

/*
 * Channel layout of a sinusoidal code, for d = 8 (s_i = sin(p theta_i),
 * c_i = cos(p theta_i)):
 *
 *   PE_LAYOUT_INTERLEAVED  [s0 c0 s1 c1 s2 c2 s3 c3]   Vaswani et al. 2017
 *   PE_LAYOUT_CONCAT       [s0 s1 s2 s3 c0 c1 c2 c3]   [sin | cos] halves
 *
 * Both use the same frequencies theta_i = base^(-2i/d), i = 0 .. d/2-1, so
 * one is a column permutation of the other.
 */
enum pe_layout {
	PE_LAYOUT_INTERLEAVED,
	PE_LAYOUT_CONCAT,
	PE_LAYOUT_AUTO   /* unset: concat for fairseq, else interleaved
	                    (pe_scheme_cfg_resolve) */
};

/*
 * Positions with several axes (time, height, width), for the schemes with
 * PE_TRAIT_AXES.  A position is a triple (t, h, w) whatever the scheme: a
 * scheme with two axes reads h and w, a text token of a vision-language
 * model sits at (p, p, p).  The analyses of one distance (decay, check,
 * matrix, ...) walk a line through the origin: position p is p times the
 * direction --axis names (diagonal: every axis at once, which is what a
 * text token does).
 */
#define PE_AXES_MAX 3
enum pe_axis_dir {
	PE_AXIS_DIAGONAL,   /* (p, p, p) */
	PE_AXIS_T,          /* (p, 0, 0) */
	PE_AXIS_H,          /* (0, p, 0) */
	PE_AXIS_W           /* (0, 0, p) */
};

/* mrope: how the pairs are shared among t, h, w (mrope_section). */
#define PE_MROPE_SECTIONS 3
struct pe_axes_cfg {
	int dir;                  /* enum pe_axis_dir: --axis */
	size_t n_axes;            /* sinusoidal-nd: 2 (h, w) or 3 (t, h, w) */
	const double *section;    /* mrope: pairs of t, h, w; not owned; NULL:
	                             PE_MROPE_SECTION_DEFAULT */
	size_t n_section;
	int interleaved;          /* mrope: Qwen3-VL's t h w t h w ... */
	int alternate;            /* rope2d: Pixtral's even/odd frequencies */
};

/* What a user sets.  pe_scheme_cfg_default() fills the defaults. */
#define PE_SCHEME_OWN_MAX 8
struct pe_scheme_cfg {
	enum pe_scheme_kind kind;
	size_t n_dim;            /* d: even, [PE_DIM_MIN, PE_DIM_MAX] */
	double base;             /* finite, > 1 */
	enum pe_layout layout;   /* sinusoidal */
	enum pe_sin_variant variant; /* sinusoidal frequencies */
	int flip;                /* sinusoidal: cos before sin in each pair/half */
	struct pe_rope_cfg rope; /* rope, xpos; its n_dim and base are taken
	                            from the two fields above */
	enum pe_table table;     /* rope, xpos: PE_TABLE_ANGLE .. _SCALE */
	const struct pe_learned *learned; /* learned: the table (not owned, must
	                            outlive the scheme); n_dim is taken from it */
	struct pe_bias_cfg bias; /* alibi, t5; n_dim is 0 for them (no code) */
	struct pe_axes_cfg axes; /* mrope, rope2d, sinusoidal-nd */
	/* a scheme's own parameters, beside its code, read by no other (its
	 * rows point into it; its ops->defaults fills it) */
	struct {
		double x[PE_SCHEME_OWN_MAX];
		int on[PE_SCHEME_OWN_MAX];   /* its switches (flag rows) */
	} own;
};

struct pe_scheme;

/* The operations a scheme family implements; NULL where it has no answer. */
struct pe_scheme_ops {
	const char *name;
	/* Validate s->cfg and fill the derived state. */
	enum pe_status (*init)(struct pe_scheme *s);
	/* out[0 .. s->n_row-1] = the code of position p (p >= 0). */
	void (*row)(const struct pe_scheme *s, double *out, double p);
	/* PE(p) . PE(p + r), independent of p; NULL if not translation-invariant. */
	double (*profile)(const struct pe_scheme *s, double r);
	/* How strongly position m meets position n, computed directly:
	 * PE(m) . PE(n) for codes, <R_m q, R_n k> with q = k = ones for rotary
	 * schemes, bias(cfg.bias.head, m, n) for bias schemes.  O(d) time, no
	 * memory. */
	double (*score)(const struct pe_scheme *s, double m, double n);
	/* Bias schemes: what head h adds to the score of query m and key n;
	 * NaN where the scheme masks the pair (ALiBi: a key after the query).
	 * NULL for the others. */
	double (*bias)(const struct pe_scheme *s, size_t h, double m, double n);
	/* Schemes with several axes (PE_TRAIT_AXES): row and score at
	 * positions (t, h, w); NULL for the others, whose position is the
	 * index of a point (pe_scheme_row_at). */
	void (*row_at)(const struct pe_scheme *s, double *out, const double *thw);
	double (*score_at)(const struct pe_scheme *s, const double *m, const double *n);
	/* ---- what the scheme is, for the CLI and the listings ---- */
	unsigned traits;              /* PE_TRAIT_* */
	size_t n_dim_default;         /* the default d; 0: no code (a bias) */
	enum pe_table table_default;  /* what row() gives by default */
	const char *adds;             /* "code", "rotation", "bias", "nothing" */
	const char *description;      /* one line for 'pecli schemes' */
	const struct pe_opt *const *opts;  /* the options it takes, NULL-ended */
	const struct pe_refusal *refusals; /* own messages, {NULL} ended; or NULL */
	const struct pe_cfg_field *fields; /* config.json fields it reads, {NULL}
	                                      ended; NULL: none */
	/* Optional: the defaults of the scheme's own parameters (cfg->own),
	 * after pe_scheme_cfg_default has set the shared ones. */
	void (*defaults)(struct pe_scheme_cfg *cfg);
	/* Optional: settle the defaults that depend on other settings, after
	 * every option is applied (sinusoidal: fairseq concatenates). */
	void (*resolve)(struct pe_scheme_cfg *cfg);
};

struct pe_scheme {
	const struct pe_scheme_ops *ops;
	struct pe_scheme_cfg cfg;
	size_t n_row;        /* width of row() */
	const char *row_label; /* what a row entry is: "d" dimension, "pair" */
	int has_range;       /* lo, hi hold closed-form bounds of row() values */
	double lo, hi;
	size_t n_freq;       /* number of frequencies (pairs) */
	double *inv_freq;    /* [n_freq] theta_i after scaling, owned */
	double *inv_freq_base; /* [n_freq] before scaling, owned */
	double *zeta;        /* [n_freq] xPos zeta_i, owned; NULL otherwise */
	double attention_factor; /* 1 unless a scaling says otherwise */
	size_t n_heads;      /* bias schemes: heads bias() takes; 1 otherwise */
	double *slopes;      /* [n_heads] ALiBi slopes, owned; NULL otherwise */
	int bias_is_index;   /* T5 without weights: bias() is a bucket index,
	                        a label rather than a score */
	/* several axes (PE_TRAIT_AXES): pair i turns with coordinate
	 * axis_of[i] of (t, h, w) at inv_freq_axes[i]; inv_freq above is
	 * that frequency times the --axis direction's share of the axis (0 or
	 * 1), so that every analysis of one distance walks the line */
	size_t n_axes;           /* 1; 2 (h, w) or 3 (t, h, w) */
	unsigned char *axis_of;  /* [n_freq] 0 t, 1 h, 2 w; owned */
	double *inv_freq_axes;   /* [n_freq] owned */
	double dir[PE_AXES_MAX]; /* the direction, over (t, h, w) */
};

/* Fill cfg with the defaults of the scheme kind. */
void pe_scheme_cfg_default(struct pe_scheme_cfg *cfg, enum pe_scheme_kind kind);

/* Settle the defaults that depend on other settings (ops->resolve);
 * pe_scheme_init does it too, on its copy. */
void pe_scheme_cfg_resolve(struct pe_scheme_cfg *cfg);

/* Validate cfg and build s.  On error s holds nothing to free.
 * PE_EINVAL: d odd or outside [PE_DIM_MIN, PE_DIM_MAX], base not finite or
 * <= 1.  PE_ENOMEM. */
enum pe_status pe_scheme_init(struct pe_scheme *s, const struct pe_scheme_cfg *cfg);
void pe_scheme_free(struct pe_scheme *s);

/* out[0 .. s->n_row-1] = PE(p).  PE_ENOTSUP if the scheme has no code. */
enum pe_status pe_scheme_row(const struct pe_scheme *s, double *out, double p);

/* *out = PE(p) . PE(p + r).  PE_ENOTSUP if not translation-invariant. */
enum pe_status pe_scheme_profile(const struct pe_scheme *s, double *out, double r);

/* *out = score(m, n) (see struct pe_scheme_ops).  PE_ENOTSUP if the scheme
 * has no score, PE_ERANGE if it is not finite. */
enum pe_status pe_scheme_score(const struct pe_scheme *s, double *out, double m, double n);

/* *out = bias(h, m, n) (see struct pe_scheme_ops), NaN where masked.
 * PE_ENOTSUP unless a bias scheme, PE_EINVAL if h >= s->n_heads. */
enum pe_status pe_scheme_bias(const struct pe_scheme *s, double *out, size_t h,
                              double m, double n);

/* ---- positions with several axes (axes.c) ---- */

/* mrope_section of Qwen2-VL and Qwen2.5-VL (config.json rope_scaling):
 * 16 pairs turn with t, 24 with h, 24 with w, of a head of 128 */
#define PE_MROPE_SECTION_DEFAULT { 16.0, 24.0, 24.0 }

/* The name of axis a of (t, h, w): "t", "h", "w". */
const char *pe_axis_name(size_t a);

/*
 * A list of points, each a position (t, h, w): a grid, or the tokens of a
 * mixed text and image sequence.  A scheme of one axis sees point k at
 * position k (the patches of a grid in raster order, as ViT's learned and
 * 1-D sinusoidal tables number them).
 */
struct pe_points {
	size_t n;                 /* points */
	double *thw;              /* [n][3], owned */
	unsigned char *image;     /* [n] 1 for a patch of an image, owned */
	size_t shape[3];          /* a grid: T, H, W; else 0 */
};

/* Tokens of a sequence, in order: n text tokens, or an image or video of
 * t x h x w patches after the model's spatial merge (Qwen2-VL's
 * llm_grid_t, llm_grid_h, llm_grid_w). */
struct pe_token_span {
	int image;
	size_t n;                 /* text: tokens */
	size_t t, h, w;           /* image: the grid */
};

/* The largest number of points a list holds. */
#define PE_POINTS_MAX 100000000u

/* The T x H x W grid (t = 1 for a 2-D one) in raster order: t, then h,
 * then w.  PE_EINVAL for a zero side or more than PE_POINTS_MAX points;
 * PE_ENOMEM. */
enum pe_status pe_points_grid(struct pe_points *pts, size_t t, size_t h, size_t w);

/*
 * The positions Qwen2-VL gives the tokens of a sequence (transformers,
 * models/qwen2_vl/modeling_qwen2_vl.py, Qwen2VLModel.get_rope_index): a
 * text token after position q sits at (q+1, q+1, q+1); an image's patch
 * (i, j, k) at (s + i, s + j, s + k), s the position the next text token
 * would have taken; the text after an image resumes at the largest
 * position used plus one.  The first token is at 0.  PE_EINVAL for an
 * empty span or list or too many points, PE_ENOMEM.
 */
enum pe_status pe_points_tokens(struct pe_points *pts, const struct pe_token_span *spans,
                                size_t n_spans);

void pe_points_free(struct pe_points *pts);

/* out[n_row] = the scheme's row at point k of pts: row_at((t, h, w)) for a
 * scheme with several axes, row(k) for the others.  PE_ENOTSUP without a
 * code. */
enum pe_status pe_scheme_row_at(const struct pe_scheme *s, double *out,
                                const struct pe_points *pts, size_t k);

/* *out = the score between points m (query) and n (key) of pts, as
 * pe_scheme_row_at places them.  PE_ENOTSUP without a score, PE_ERANGE if
 * not finite. */
enum pe_status pe_scheme_score_at(const struct pe_scheme *s, double *out,
                                  const struct pe_points *pts, size_t m, size_t n);

/*
 * The smallest distance between the codes of two points of a grid, and
 * where: the code a check measures (pe_props_code), at the points'
 * positions.  A scheme with several axes, whose code depends on the
 * displacement only, is measured in closed form over the displacements
 * (O(T H W d)); any other over the raster positions 0 .. n-1 as
 * pe_props_min_distance measures them.  PE_ENOTSUP without a code,
 * PE_EINVAL for fewer than two points, PE_ENOMEM, PE_ERANGE.
 */
enum pe_status pe_props_grid_min_distance(double *min_dist, size_t *at_i, size_t *at_j,
                                          const struct pe_scheme *s,
                                          const struct pe_points *pts);

/* The --axis direction over (t, h, w) for a scheme of n_axes axes into
 * dir; PE_EINVAL for t on a scheme without a time axis. */
enum pe_status pe_axes_direction(double *dir, int axis, size_t n_axes);

/* For a scheme's init: s->n_axes, s->dir from cfg.axes.dir, and
 * s->axis_of, s->inv_freq_axes allocated for s->n_freq pairs.
 * PE_EINVAL (the direction), PE_ENOMEM. */
enum pe_status pe_axes_init(struct pe_scheme *s, size_t n_axes);

/* ---- sinusoidal (Vaswani et al. 2017, section 3.5) ---- */

/*
 * PE(p, 2i) = sin(p / base^(2i/d)),  PE(p, 2i+1) = cos(p / base^(2i/d)).
 * inv_freq[i] = 1 / base^(2i/d) for i in [0, d/2), formed as 1.0 / pow(base,
 * 2i/d) like the reference implementations (numpy `1 / np.power(base, 2i/d)`,
 * Hugging Face `1.0 / (base ** (arange(0, d, 2) / d))`).
 * PE_EINVAL if d is odd or 0, or base is not finite or <= 1.
 */
enum pe_status pe_sinusoidal_inv_freq(double *inv_freq, double base, size_t n_dim);

/* out[n_dim] = PE(p) in the given layout from inv_freq[n_dim/2]; the angle
 * is formed directly as p * inv_freq[i]. */
void pe_sinusoidal_fill_row(double *out, const double *inv_freq, double p,
                            size_t n_dim, enum pe_layout layout);

/* inv_freq[i] = exp(-i ln(base) / (d/2 - 1)), i in [0, d/2) (fairseq,
 * tensor2tensor).  PE_EINVAL if d is odd or < 4 or base is not finite or
 * <= 1. */
enum pe_status pe_sinusoidal_inv_freq_fairseq(double *inv_freq, double base, size_t n_dim);

/* pe_sinusoidal_fill_row with flip: cos first in each pair (interleaved,
 * [c0 s0 c1 s1 ...]) or the cos half first (concat, [cos | sin]), as
 * several diffusion codebases order it.  A channel permutation. */
void pe_sinusoidal_fill_row_flip(double *out, const double *inv_freq, double p,
                                 size_t n_dim, enum pe_layout layout, int flip);

/* PE(p) . PE(p + r) = sum_i cos(r * inv_freq[i]) (sin a sin b + cos a cos b
 * = cos(a - b)), the same for every p. */
double pe_sinusoidal_profile(const double *inv_freq, double r, size_t n_freq);

#define PE_SCHEME_EXTERN(K, name) extern const struct pe_scheme_ops pe_##name##_ops;
PE_SCHEMES(PE_SCHEME_EXTERN)
#undef PE_SCHEME_EXTERN

/* Every scheme's operations, indexed by enum pe_scheme_kind. */
extern const struct pe_scheme_ops *const pe_schemes[PE_N_SCHEMES];

/* Whether the scheme takes the option (lists the row). */
int pe_scheme_takes(const struct pe_scheme_ops *ops, const struct pe_opt *opt);

/* ---- reproducible random numbers (rng.c) ---- */

/* xoshiro256** seeded by splitmix64; Box-Muller normals. */
struct pe_rng {
	uint64_t s[4];
	int has_spare;
	double spare;
};

/* One splitmix64 step: advance *state, return the next output. */
uint64_t pe_rng_splitmix64(uint64_t *state);
/* Seed the stream; the same seed gives the same stream everywhere. */
void pe_rng_init(struct pe_rng *r, uint64_t seed);
/* The next 64 random bits (xoshiro256** 1.0). */
uint64_t pe_rng_next(struct pe_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double pe_rng_uniform(struct pe_rng *r);
/* Standard normal (Box-Muller). */
double pe_rng_normal(struct pe_rng *r);
/* out[n] standard normals. */
void pe_rng_fill_normal(double *out, struct pe_rng *r, size_t n);

/* ==== analyses: decay, properties, rounding ==== */

/*
 * Legend for this section: p, m, n positions, r = n - m distance, i pair
 * index in [0, F), F = n_freq, R = 2F rotated dims, a attention factor,
 * w code width, S number of samples, B xPos scale_base.
 */

/* ---- rounding to storage formats (fpround.c) ---- */

/* The formats a table is stored in; PE_FP64 keeps the value as it is. */
enum pe_fp {
	PE_FP64,
	PE_FP32,   /* IEEE 754 binary32: 24-bit significand, emin -126 */
	PE_FP16,   /* IEEE 754 binary16: 11-bit significand, emin -14, max 65504 */
	PE_BF16    /* bfloat16: 8-bit significand, binary32's exponent range */
};

/*
 * x rounded to the format and returned as a double (exactly representable
 * in the format): round to nearest, ties to even, subnormals kept (gradual
 * underflow), results beyond the largest finite value (after rounding) are
 * +-inf, NaN and +-inf pass through, the sign of zero is kept.  Exact and
 * independent of the FPU rounding mode and of _Float16; a double goes to
 * binary16 or bfloat16 directly, never through binary32 (no double
 * rounding).  Largest finite values: binary32 (2 - 2^-23) 2^127, binary16
 * 65504, bfloat16 (2 - 2^-7) 2^127 = 3.3895313892515355e38.
 */
double pe_round_f32(double x);
double pe_round_f16(double x);
double pe_round_bf16(double x);
/* Dispatch on fp; PE_FP64 (or a value outside the enum) returns x. */
double pe_round(enum pe_fp fp, double x);
/* "float64", "float32", "float16", "bfloat16"; "unknown" otherwise. */
const char *pe_fp_name(enum pe_fp fp);
/* The format's unit roundoff u = 2^-p, p its significand bits: 2^-53,
 * 2^-24, 2^-11, 2^-8 (half the machine epsilon); NAN otherwise. */
double pe_fp_unit_roundoff(enum pe_fp fp);

/*
 * The least relative tolerance a consistency or invariance check of values
 * stored in fp can be held to: 5 u.  Why: a stored value is x (1 + e),
 * |e| <= u (normal numbers), so a dot product a.b moves by at most
 * (2u + u^2) sum |a_i b_i| <= (2u + u^2) ||a|| ||b|| (Cauchy-Schwarz), and
 * the spread max - min of dots that are equal in exact arithmetic reaches
 * 2 (2u + u^2) = 4u + 2u^2 of the scale ||a|| ||b||; a distance
 * ||a - b|| moves by at most u (||a|| + ||b||), a spread of 2u of its
 * scale.  The fifth u covers the second-order terms, the scale measured on
 * rounded norms and the double arithmetic of the measurement (about
 * d 2^-53, below u for every format but float64).  Float32: 2.98e-07;
 * float16: 2.44e-03; bfloat16: 1.95e-02; float64: 5.55e-16, below any
 * tolerance pecli uses.  Subnormal values (float16 below 6.1e-05) round
 * with an absolute error of at most 2^-25, which moves a dot by at most
 * 2^-25 sqrt(d) ||a||: negligible beside u ||a|| ||b|| for codes of norm
 * >= 1.
 */
double pe_fp_tolerance_floor(enum pe_fp fp);

/* ---- long-term decay (decay.c) ---- */

/*
 * RoFormer's relative upper bound (Su et al. 2021, arXiv:2104.09864,
 * section 3.4.3, eq. 35-37 and Figure 2).  With h_i = q_[2i:2i+1]
 * k*_[2i:2i+1] and S_j = sum_{k=0}^{j-1} e^{i r theta_k} (S_0 = 0,
 * h_{d/2} = 0), Abel summation bounds the score by
 *   |sum_i h_i e^{i r theta_i}| <= max_i |h_{i+1} - h_i| sum_{j=1}^{F} |S_j|
 * and the paper plots the "relative upper bound" (1/F) sum_{j=1}^{F} |S_j|:
 *   pe_rope_bound = (1/F) sum_{j=1}^{F} |sum_{k=0}^{j-1} e^{i r theta_k}|
 * with theta_k = inv_freq[k], F = n_freq >= 1.  At r = 0 every |S_j| = j,
 * so the bound is (F + 1) / 2 (32.5 for d = 128).  Even in r.  O(F).
 */
double pe_rope_bound(const double *inv_freq, double r, size_t n_freq);

/*
 * pe_rope_profile(NULL, NULL, inv_freq, r, attention_factor, n_dim,
 * 2 n_freq, any pairing) (the score with q = k = ones) into *dot and
 * pe_rope_bound(inv_freq, r, n_freq) into *bound, bit for bit, from one
 * cosine and sine per pair instead of two: a decay curve's cost.
 * n_dim >= 2 n_freq.
 */
void pe_rope_profile_bound(double *dot, double *bound, const double *inv_freq,
                           double r, double attention_factor, size_t n_dim,
                           size_t n_freq);

/* ---- drafts (draft.c) ---- */

#define PE_SINCOS_N 64            /* angles the kernel takes at a time */
#define PE_SINCOS_MAX 0x1p26      /* |angle| up to this */
/* |draft - glibc's cos or sin| at most, for |x| <= PE_SINCOS_MAX: 32 times
 * the largest difference measured (draft.c) */
#define PE_SINCOS_ERR 0x1p-47

/* What pe_draft_row drafts. */
enum pe_draft_kind {
	PE_DRAFT_ROW,            /* pe_scheme_row(s, out, p): sinusoidal */
	PE_DRAFT_PROFILE_BOUND   /* pe_rope_profile_bound at distance r: rope */
};

/*
 * A draft: values close to the exact doubles with a proven radius, from
 * vectorised sines and cosines (within PE_SINCOS_ERR of glibc's) and
 * vector square roots, for a writer that prints them only when every
 * number within the radius prints the same; draft.c derives the radii.
 *
 *   PE_DRAFT_ROW, at = p >= 0: out[s->n_row] the code of position p in
 *     the scheme's layout, PE(p, 2i) = sin(p theta_i), PE(p, 2i+1) =
 *     cos(p theta_i) (pe_sinusoidal_fill_row_flip), each within rad[j] =
 *     PE_SINCOS_ERR of pe_scheme_row's double.  Sinusoidal schemes.
 *   PE_DRAFT_PROFILE_BOUND, at = r: out[0] = dot = a^2 sum_i 2 cos(r
 *     theta_i) + (d - 2F), out[1] = bound = (1/F) sum_{j=1}^{F} |S_j|,
 *     what pe_rope_profile_bound(&dot, &bound, s->inv_freq, r,
 *     s->attention_factor, s->cfg.rope.n_dim, s->n_freq) sets, each within
 *     rad[0], rad[1] of it (about 2e-12 and 1e-12 for d = 128).  RoPE
 *     schemes.
 *
 * out and rad both NULL: only whether the scheme offers the draft.
 * PE_OK: drafted.  PE_ENOTSUP: the scheme does not offer this draft
 * (nothing set).  PE_ERANGE: beyond the draft's reach, an angle p
 * theta_i or r theta_i not finite or beyond PE_SINCOS_MAX, or F = 0 or
 * above 2^20 (nothing useful set): compute the row exactly.
 */
enum pe_status pe_draft_row(const struct pe_scheme *s, enum pe_draft_kind what,
                            double *out, double *rad, double at);

/*
 * Distances to evaluate a decay curve at, each computed on demand in O(1)
 * so a curve over 10^7 distances needs no table.
 *
 * Linear: r_k = k step, k = 0 .. n_points - 1, the last <= max_dist (a
 *   point within 1e-9 step of max_dist counts, so 0.3 / 0.1 gives 4
 *   points; it is clamped to max_dist).
 * Log-spaced: r_0 = 0, then the geometric points g_j = M^(j/(n_log-1)),
 *   j = 0 .. n_log - 1, M = floor(max_dist) (step unused), rounded to the
 *   nearest integer (C round(), halves up) and deduplicated, with one simplification that keeps point k O(1): below
 *   j0, the first j where the geometric step g_j (rho - 1), rho =
 *   M^(1/(n_log-1)), reaches 2, every integer 1 .. K = round(g_j0) is
 *   taken (the rounded points there are at most 2 apart, so this adds only
 *   the few integers they skip); from j0 on the steps are >= 2 and the
 *   rounded points strictly increase, so no duplicates remain.  The grid
 *   is 0, 1, 2, ..., K, round(g_{j0+1}), ..., M; strictly increasing.
 * PE_EINVAL: max_dist not finite or < 0; linear: step not finite or
 * <= 0; log: max_dist < 1 or n_log < 2.  PE_ERANGE: more than 2^53 points.
 */
struct pe_decay_grid {
	size_t n_points;
	/* the rest is derived state for pe_decay_grid_point */
	double max_dist, step;
	int log_spaced;
	size_t n_log;
	double ln_m;     /* ln M */
	size_t j0;       /* g_j0 rounds to K; points j > j0 follow K */
	size_t n_int;    /* K: integers 1 .. K taken */
};

enum pe_status pe_decay_grid_init(struct pe_decay_grid *g, double max_dist,
                                  double step, int log_spaced, size_t n_log);
/* r_k for k < g->n_points. */
double pe_decay_grid_point(const struct pe_decay_grid *g, size_t k);

/*
 * Sampled attention scores against distance: S seeded Gaussian (q, k)
 * pairs, drawn from pe_rng(seed) as q then k for each sample, n_dim
 * standard normals each (pe_rng_fill_normal).  Each pair is reduced once to
 * the per-pair coefficients of pe_rope_profile, for pair i with dims
 * (j0, j1) of the scheme's pairing:
 *   A_i = q_j0 k_j0 + q_j1 k_j1,   B_i = q_j1 k_j0 - q_j0 k_j1,
 *   C   = sum_{j >= R} q_j k_j   (the pass-through dims)
 * With R(phi) the 2x2 rotation of pe_rope_apply ([c -s; s c] on (j0, j1)),
 *   <R_m q, R_{m+r} k> = q^T R(m theta)^T R((m+r) theta) k = q^T R(r theta) k
 *     = sum_i (A_i cos(r theta_i) + B_i sin(r theta_i))   (RoFormer eq. 16)
 * (q0 (k0 c - k1 s) + q1 (k0 s + k1 c) = c A + s B, c, s of r theta_i),
 * so score(r) = a^2 sum_i (A_i cos(r theta_i) + B_i sin(r theta_i)) + C,
 * equal to pe_rope_score(q, k, inv_freq, m, m + r, a, ...) for every m, and
 * for xPos score(r) = sum_i zeta_i^(-r/B) (A_i cos + B_i sin) + C, equal to
 * pe_xpos_score(q, k, ..., m, m + r, ...) (which, like the xPos profile,
 * applies no attention factor).  r may be negative: for xPos the causal
 * direction (key before query, decaying scale zeta^(|r|/B) <= 1) is r < 0,
 * while r > 0 grows as zeta^(-r/B); for RoPE the sign flips the B_i terms.
 * Memory O(S R) (2 S F + S + 3 F doubles),
 * time O(S R) per distance after O(F) trigonometry.
 *
 * init: PE_ENOTSUP unless the scheme is RoPE or xPos (pe_rope_ops,
 * pe_xpos_ops; a sinusoidal code has no q and k); PE_EINVAL if n_samples is
 * 0; PE_ENOMEM.  On error ds holds nothing to free.  free: safe on a zeroed
 * or freed struct.
 */
struct pe_decay_samples {
	size_t n_samples;   /* S */
	size_t n_freq;      /* F */
	double *coef_a;     /* [S][F] A_i, owned */
	double *coef_b;     /* [S][F] B_i, owned */
	double *pass;       /* [S] C, owned */
	double *scratch;    /* [3F] cos, sin, pair weight at the current r */
};

enum pe_status pe_decay_samples_init(struct pe_decay_samples *ds,
                                     const struct pe_scheme *s,
                                     size_t n_samples, uint64_t seed);
void pe_decay_samples_free(struct pe_decay_samples *ds);

/*
 * *mean and *std of score(r) over the S samples; std is the sample standard
 * deviation, sqrt(sum (x - mean)^2 / (S - 1)) (Bessel's correction: the
 * samples estimate the spread over all Gaussian q, k), 0 when S = 1;
 * accumulated with Welford's update (Welford 1962; Knuth TAOCP vol. 2,
 * 4.2.2) in one pass.  s must be the scheme ds was made from.  Uses ds's
 * scratch, so one ds serves one thread at a time.  PE_EINVAL if r is not
 * finite or s is not rotary or has another n_freq; PE_ERANGE if a result
 * is not finite.
 */
enum pe_status pe_decay_samples_eval(double *mean, double *std,
                                     struct pe_decay_samples *ds,
                                     const struct pe_scheme *s, double r);

/* ---- properties of a good encoding (props.c) ---- */

/*
 * The code of position p, the vector the property checks measure:
 *   sinusoidal and any other scheme with row(): row(p), w = n_row wide;
 *   RoPE and xPos: [a cos(p theta_0), a sin(p theta_0), a cos(p theta_1),
 *     ...], w = 2F: R_p applied to the unit pairs (1, 0), scaled by a (the
 *     cos and sin cache a model keeps, paired up); xPos's
 *     zeta^(+-p/B) query/key scales are not part of it (they are what
 *     "decay" measures; pe_scheme_row with PE_TABLE_SCALE shows them).
 * Both built-in code families have ||c(m) - c(n)||^2 = 4 a^2 sum_i
 * sin^2((n - m) theta_i / 2) and c(m).c(n) = a^2 sum_i cos((n - m)
 * theta_i), a = 1 for sinusoidal: translation-invariant.
 * Schemes are recognised by their ops table (pe_sinusoidal_ops, pe_rope_ops,
 * pe_xpos_ops); any other ops (a learned table, a test's) is measured
 * through row() alone.
 */
size_t pe_props_code_dim(const struct pe_scheme *s);
/* out[pe_props_code_dim(s)] = c(p).  PE_ENOTSUP if the scheme has no code. */
enum pe_status pe_props_code(double *out, const struct pe_scheme *s, double p);

/* How pe_props_min_distance computes. */
enum pe_props_path {
	PE_PROPS_AUTO,     /* closed form for the built-in families, else rows */
	PE_PROPS_CLOSED,   /* closed form; PE_ENOTSUP for other schemes */
	PE_PROPS_ROWS      /* every pair of code rows, any scheme */
};

/*
 * Uniqueness: *min_dist = min over 0 <= i < j < n_pos of ||c(i) - c(j)||,
 * at the first such pair (i, j) in (i, j) order.
 * Closed form (translation-invariant codes): the distance depends only on
 * r = j - i, 2a sqrt(sum_i sin^2(r theta_i / 2)) (the sin^2 form, not
 * 1 - cos, keeps small distances accurate), minimised over r = 1 .. n-1 and
 * reported at (0, r): O(n F) time, O(1) memory.
 * Rows: all n code rows kept (n w doubles), O(n^2 w) time.
 * PE_EINVAL if n_pos < 2 or path is not an enum value; PE_ENOTSUP (no
 * code, or CLOSED for another scheme); PE_ENOMEM; PE_ERANGE if a distance
 * is not finite.
 */
enum pe_status pe_props_min_distance(double *min_dist, size_t *at_i, size_t *at_j,
                                     const struct pe_scheme *s, size_t n_pos,
                                     enum pe_props_path path);

/*
 * Collisions after rounding: the first position p < n_pos whose code,
 * each entry rounded by pe_round(fp, .), equals (==, so -0 equals +0) the
 * rounded code of an earlier position; *found = 1 and *first_p = p,
 * *other_p = that earlier position (the only one: two earlier equal codes
 * would have been found first), or *found = 0 and both set to n_pos.
 * Memory O(n_pos): a 64-bit hash per position in an open-addressing table
 * (2 to 4 slots per position) plus two code rows; a hash match is confirmed
 * by recomputing and comparing both rows, so a hash collision can never
 * report a false match.  Time O(n_pos w) expected.
 * PE_EINVAL if n_pos is 0 or fp is not an enum value; PE_ENOTSUP (no code);
 * PE_ENOMEM.
 */
enum pe_status pe_props_collision(int *found, size_t *first_p, size_t *other_p,
                                  const struct pe_scheme *s, size_t n_pos,
                                  enum pe_fp fp);

/* The bytes pe_props_collision allocates for n_pos positions: 8 per hash,
 * 8 per slot (2 to 4 slots per position), two code rows; infinite if the
 * table size overflows.  For refusing a run before it starts. */
double pe_props_collision_bytes(const struct pe_scheme *s, size_t n_pos);

/* One consistency measurement: the worst offset and how far it spreads. */
struct pe_props_spread {
	double rel;   /* (max - min) / scale, the largest over the offsets */
	double abs;   /* max - min at that offset */
	size_t k;     /* that offset; 0 when there is none (length < 2) */
};

/*
 * Consistency: a relative-position encoding makes ||c(p+k) - c(p)|| and
 * c(p).c(p+k) the same for every p.  For offsets k = 1, 2, 4, ... < L,
 * over p in [0, L - k): the spread max_p - min_p of each quantity, relative
 * to its scale (the Cauchy-Schwarz and triangle bounds on its size, so a
 * quantity passing near 0 does not inflate the ratio):
 *   dist:  scale = max_p (||c(p)|| + ||c(p+k)||)
 *   dot:   scale = max_p ||c(p)|| ||c(p+k)||
 * (0 when the scale is 0).  Measured at the lengths L = n/4, n/2, n
 * (len[0 .. 2]) in one pass.  Translation-invariant codes give spreads at
 * the rounding level of the angles p theta_i (about n eps).  O(n w log2 n)
 * time (rows recomputed for each offset), O(w) memory.
 * PE_EINVAL if n_pos < 2; PE_ENOTSUP; PE_ENOMEM; PE_ERANGE if not finite.
 */
struct pe_props_consistency {
	size_t len[3];
	struct pe_props_spread dist[3];
	struct pe_props_spread dot[3];
};

enum pe_status pe_props_consistency(struct pe_props_consistency *out,
                                    const struct pe_scheme *s, size_t n_pos);

/*
 * Consistency of a bias scheme (ALiBi, T5), which has no code: the same
 * offsets and lengths as pe_props_consistency, over p in [0, L - k) the
 * spread of b(p + k, p) = bias(cfg.bias.head, p + k, p), the key k
 * positions before the query, relative to max_p |b| (0 when that is 0),
 * in out->dot[]; out->dist[] stay zero (k = 0: there is no code to
 * measure distances between).  A relative bias depends on k alone: exactly
 * 0 (positions are integers, exact in double).  O(n log2 n) time, O(1)
 * memory.  PE_EINVAL if n_pos < 2; PE_ENOTSUP unless a bias scheme;
 * PE_ERANGE if a bias is not finite.
 */
enum pe_status pe_props_bias_consistency(struct pe_props_consistency *out,
                                         const struct pe_scheme *s, size_t n_pos);

/*
 * Boundedness over positions 0 .. n_pos - 1: the largest |entry| of any
 * code and where, and the smallest and largest code norm and where (first
 * position on ties).  O(n w) time, O(w) memory.  Sinusoidal: max_abs <= 1,
 * norms sqrt(d/2); RoPE: max_abs <= a, norms a sqrt(F).
 * PE_EINVAL if n_pos is 0; PE_ENOTSUP; PE_ENOMEM; PE_ERANGE if not finite.
 */
struct pe_props_bounds {
	double max_abs;
	size_t max_abs_p;
	double norm_min, norm_max;
	size_t norm_min_p, norm_max_p;
};

enum pe_status pe_props_bounds(struct pe_props_bounds *out,
                               const struct pe_scheme *s, size_t n_pos);

/*
 * Decay of the score with distance: f(r) = the scheme's profile (ops->profile,
 * PE(p).PE(p+r), q = k = ones for RoPE and xPos) for r = 1 .. n_pos - 1;
 * for xPos f(r) = profile(-r), the key r positions before the query
 * (causal attention), since profile(+r) puts the key after the query where
 * the scale zeta^(-r/B) > 1 grows; the other built-in profiles are even.
 * For a bias scheme f(r) = exp(profile(-r)), the factor the bias puts on
 * the weight of a key r positions back before the softmax normalises
 * (ALiBi: exp(-m_h r), falling); PE_ENOTSUP when the bias is a T5 bucket
 * index (bias_is_index), a label with no size.
 * its envelope taken as max |f| over the doubling bins [1, 2), [2, 4),
 * [4, 8), ... (the last bin cut at n_pos - 1).  Bin b "rises" when its max
 * exceeds the previous bin's max (1 + rtol); decays = no bin rises,
 * rise_at = the start 2^b of the first bin that rises (0: none).
 * flat: with two bins or more, no bin rises and none is below the first:
 * the envelope never moves (a constant score; NoPE's score, 0
 * at every distance), and then decays = 0 too: a score that does not fall
 * does not decay, though no bin rises.
 * bin_max (may be NULL) receives the n_bins maxima.  O(n F) time, O(1)
 * memory.  PE_EINVAL if n_pos < 2 or rtol is not finite or < 0;
 * PE_ENOTSUP without a profile; PE_ERANGE if f is not finite.
 */
struct pe_props_decay {
	size_t n_bins;
	int decays;
	size_t rise_at;
	int flat;           /* the envelope never falls below |f(1)| */
	double first_max;   /* max |f| over [1, 2), i.e. |f(1)| */
	double last_max;    /* max |f| over the last bin */
};

/* floor(log2(n_pos - 1)) + 1 bins for n_pos >= 2, else 0. */
size_t pe_props_decay_n_bins(size_t n_pos);
enum pe_status pe_props_decay(struct pe_props_decay *out, double *bin_max,
                              const struct pe_scheme *s, size_t n_pos,
                              double rtol);

/*
 * Relative invariance of RoPE and xPos: with 4 seeded Gaussian (q, k)
 * pairs (pe_rng(seed), q then k, n_dim normals each), over the grid
 * m, n in {round(a H / 7), a = 0 .. 7}, H = floor((n_pos - 1) / 2), and
 * shifts t in {1, 2, 4, ...  <= H} and H, so every position stays below
 * n_pos:
 *   *max_abs = max |score(m, n) - score(m + t, n + t)|
 *   *max_rel = max of that over the Cauchy-Schwarz size of the score,
 *              sum_i w_i |q_pair i| |k_pair i| + |q_pass| |k_pass|
 *              (w_i = a^2 for RoPE, zeta_i^((m - n)/B) for xPos)
 * with score = pe_rope_score or pe_xpos_score.  Exact arithmetic gives 0
 * (RoFormer eq. 16; Sun et al. 2022 section 3.2); rounding of the angles
 * gives about (n_pos) eps.
 * PE_EINVAL if n_pos < 3; PE_ENOTSUP unless RoPE or xPos; PE_ENOMEM;
 * PE_ERANGE if a score is not finite.
 */
enum pe_status pe_props_invariance(double *max_abs, double *max_rel,
                                   const struct pe_scheme *s, size_t n_pos,
                                   uint64_t seed);

/* ==== analyses: extrapolation, invariance, precision ==== */

/*
 * Legend for this section: p, m, n positions, i pair index in [0, F),
 * F = n_freq, theta_i = inv_freq[i] (after scaling), theta_b,i =
 * inv_freq_base[i] (before), L training length, T target length, B xPos
 * scale_base, P a storage format (enum pe_fp), rnd_P rounding to it.
 */

/* ---- extrapolation beyond the training length (extrapolate.c) ---- */

/*
 * One rotary pair at training length L and target length T.  Positions are
 * 0 .. L-1 in training and 0 .. T-1 at the target, and the model was
 * trained unscaled, so the training angles of pair i fill [0, (L-1) theta_b,i]:
 *   wavelen_base     = 2 pi / theta_b,i;  wavelen = 2 pi / theta_i
 *   max_angle_train  = (L-1) theta_b,i;   max_angle_target = (T-1) theta_i
 *   rot_train, rot_target = those angles / 2 pi (turns)
 *   ood       the pair meets at T an angle never met in training:
 *             max_angle_train < 2 pi (no full turn in training; a pair that
 *             turned fully has met every angle mod 2 pi) and
 *             max_angle_target > L theta_b,i, the angle of position L, the
 *             first one training never saw (within one position of the
 *             training range counts as seen, so position interpolation
 *             with s = T/L, which maps T-1 to L - L/T, stays inside);
 *   ood_base  the same without scaling: (T-1) theta_b,i > L theta_b,i.
 */
struct pe_extrap_pair {
	double wavelen_base, wavelen;
	double max_angle_train, max_angle_target;
	double rot_train, rot_target;
	int ood;
	int ood_base;
};

/*
 * out[s->n_freq] for the scheme's inv_freq and inv_freq_base (RoPE, xPos or
 * sinusoidal).  PE_EINVAL if L or T is not finite or outside [1,
 * PE_POS_MAX]; PE_ENOTSUP if the scheme has no frequencies.
 */
enum pe_status pe_extrap_pairs(struct pe_extrap_pair *out,
                               const struct pe_scheme *s, double L, double T);

/*
 * Liu et al. 2023, "Scaling Laws of RoPE-based Extrapolation"
 * (arXiv:2310.05209, ICLR 2024): the critical dimension for extrapolation
 *   d_extra = 2 ceil((d/2) log_base(L / 2 pi))
 * clamped to [0, d]: the dims whose period 2 pi base^(2i/d) fits in L (up to
 * the case where (d/2) log_base(L/2pi) is an integer, where ceil counts one
 * pair fewer than "period <= L").  d = 128, base 10000, L = 4096 gives 92
 * (64 log(4096/2pi)/log(10^4) = 45.02).  PE_EINVAL if n_dim is 0 or odd,
 * base not finite or <= 1, or L not finite or <= 0.
 */
enum pe_status pe_extrap_critical_dim(size_t *d_extra, size_t n_dim,
                                      double base, double L);

/* The pairs of pe_extrap_pairs summed up. */
struct pe_extrap_summary {
	size_t critical_dim;     /* pe_extrap_critical_dim(2F, cfg.base, L) */
	size_t n_full_turn;      /* pairs with (L-1) theta_b,i >= 2 pi */
	double max_wavelen_base; /* 2 pi / min theta_b,i */
	double max_wavelen;      /* 2 pi / min theta_i */
	size_t n_ood;            /* pairs with ood */
	size_t n_ood_base;       /* pairs with ood_base */
	/* the method's own: 2 x the pairs with (L-1) theta_i >= 2 pi, Liu et
	 * al.'s d_extra counted from the scaled frequencies (a tuned base
	 * beta' in their section 4), so that every scaling has one; equals
	 * 2 n_full_turn unscaled */
	size_t critical_dim_scaled;
	/* the largest angle reached relative to training, max over the pairs
	 * without a full turn in training of (T-1) theta_i / ((L-1) theta_b,i);
	 * at most L/(L-1) stays in range; NaN when every pair turned */
	double max_angle_ratio;
};

/* Statuses as pe_extrap_pairs.  O(F) time, no memory. */
enum pe_status pe_extrap_summarize(struct pe_extrap_summary *out,
                                   const struct pe_scheme *s, double L, double T);

/*
 * Men et al. 2024, "Base of RoPE Bounds Context Length" (arXiv:2405.14591,
 * NeurIPS 2024), the long-term decay of the ability to attend more to
 * similar tokens than to random ones needs
 *   B_{m,theta} = sum_{i=0}^{d/2-1} cos(m theta_i) >= 0,
 *   theta_i = base^(-2i/d), for every integer m in [0, L],
 * and the lower bound of the base is the smallest base meeting it.
 * B is not monotone in the base (windows of passing bases open below the
 * last switch), so the search is a scan, not a bisection:
 *   1. candidates b_j = 2 * PE_EXTRAP_GRID^j, j = 0, 1, ... up to
 *      PE_EXTRAP_BASE_MAX; the first b_k that passes (all earlier fail);
 *   2. bisection on log(base) inside (b_{k-1}, b_k] only, down to a
 *      relative width of PE_EXTRAP_BASE_RTOL, keeping a passing upper end.
 * *base_out is that upper end: the condition was verified to hold there for
 * every m in [0, L], and it fails at *base_out / (1 + PE_EXTRAP_BASE_RTOL)
 * or lower in the same interval.  A pass window narrower than one grid
 * step (0.01 %) below it can be missed; inside (b_{k-1}, b_k] bisection
 * assumes one switch.  A base fails as soon as one m has B < 0: the m that
 * failed the bases before (up to PE_EXTRAP_WITNESSES, each followed to the
 * nearest local minimum of B) are tried first, O(d) each, and only when
 * none fails does m run from L down, O(L d); a passing base costs (L+1)
 * d/2 cosines.  Measured at -O2: about 1 s for L = 8192, 10 s for 131072.
 * Men et al.'s Table 1 (d = 128), read from an enumeration of bases, is
 * met where it agrees with a finer search and undercut elsewhere (it can
 * only lie above the infimum): see tests/check_extrapolate.c.
 * PE_EINVAL if n_dim is odd or outside [PE_DIM_MIN, PE_DIM_MAX], or L is
 * not finite or outside [1, PE_POS_MAX]; PE_ENOMEM (d/2 doubles);
 * PE_ERANGE if no base up to PE_EXTRAP_BASE_MAX passes (always for d = 2
 * and L >= 2: B = cos m, theta_0 = 1 for every base, and cos 2 < 0).
 */
#define PE_EXTRAP_GRID 1.0001
#define PE_EXTRAP_WITNESSES 64
#define PE_EXTRAP_BASE_RTOL 1e-6
#define PE_EXTRAP_BASE_MAX 1e15
enum pe_status pe_extrap_base_bound(double *base_out, size_t n_dim, double L);

/* *ok = 1 if B_{m,theta} >= 0 for every integer m in [0, L] at this base
 * (the test pe_extrap_base_bound scans with), else 0; *fail_m (may be
 * NULL) gets the largest failing m (0 when it holds).  PE_EINVAL as
 * pe_extrap_base_bound or base not finite or <= 1; PE_ENOMEM. */
enum pe_status pe_extrap_base_holds(int *ok, size_t *fail_m, size_t n_dim,
                                    double base, double L);

/* ---- two encodings side by side (diff.c) ---- */

/*
 * What tells encodings A and B apart, in this order:
 *   SCHEMES      different kinds, numbers of pairs, head dimensions or axes
 *                (why says which); nothing is compared pair by pair beyond
 *                the first n_pairs
 *   CHANGED      some pair's frequency (or axis, or xPos scale) differs
 *                beyond rtol, or the attention factor does
 *   PERMUTATION  the same frequencies and attention factor, the pairs in
 *                other places: RoPE's pairing (interleaved vs half), the
 *                sinusoidal layout or sin/cos order (pe_diff_perm)
 *   IDENTICAL    none of these
 */
enum pe_diff_verdict {
	PE_DIFF_IDENTICAL,
	PE_DIFF_PERMUTATION,
	PE_DIFF_CHANGED,
	PE_DIFF_SCHEMES
};

struct pe_diff {
	enum pe_diff_verdict verdict;
	const char *why;          /* SCHEMES: what differs; else NULL */
	size_t n_pairs;           /* min(F_A, F_B) */
	size_t n_changed;         /* pairs with pe_diff_changed */
	size_t first_changed, last_changed;  /* when n_changed > 0 */
	double min_ratio, max_ratio; /* theta_i / phi_i over the changed pairs
	                                (8: B's pair turns 8 times slower);
	                                NaN when none changed */
	int attention_changed;    /* the attention factors differ beyond rtol */
	int moved;                /* the pairs sit in other places */
};

/* 1 unless |theta - phi| <= rtol max(|theta|, |phi|) (so 1 for NaN). */
int pe_diff_changed(double theta, double phi, double rtol);

/*
 * Compare a and b (see enum pe_diff_verdict) with relative tolerance rtol
 * on every frequency, scale and attention factor.  PE_EINVAL if rtol is
 * negative or not finite; PE_ENOTSUP if the two are the same kind of
 * scheme and it has no frequencies (ALiBi, T5, learned, NoPE).  O(F).
 */
enum pe_status pe_diff_schemes(struct pe_diff *out, const struct pe_scheme *a,
                               const struct pe_scheme *b, double rtol);

/* The width of the head whose dims pe_diff_perm permutes: n_dim for a
 * rotation (dims past R stay), 2F for a code. */
size_t pe_diff_width(const struct pe_scheme *s);

/*
 * perm[pe_diff_width(b)]: dim j of B's head holds what dim perm[j] of A's
 * holds (component c of pair i: interleaved 2i + c, half c F + i; a
 * sinusoidal code's sin and cos swapped by flip).  A interleaved and B half
 * give pe_rope_layout_perm(to_half = 1): transformers'
 * convert_llama_weights_to_hf.py `permute`.  a and b with equal F.
 */
void pe_diff_perm(size_t *perm, const struct pe_scheme *a, const struct pe_scheme *b);

/* "identical", "permutation", "frequencies changed", "different schemes" */
const char *pe_diff_verdict_name(enum pe_diff_verdict v);

/* ---- arithmetic in a storage format (precision.c) ---- */

/*
 * One operation in format P: the exact result rounded once, rnd_P(a op b),
 * for a, b representable in P (rounded by the caller).  a op b is formed in
 * double first; for +, -, * of P numbers that is innocuous double rounding
 * since 53 >= 2 p + 2 for p = 24, 11, 8 (Figueroa 1995, "When is double
 * rounding innocuous?", SIGNUM Newsletter 30(3)), so the result is the
 * correctly rounded one, as IEEE hardware in P gives.  cos and sin are
 * libm's double result rounded to P: a correctly rounded result in P up to
 * libm's last-bit error, the best a kernel in that format can do.
 * PE_FP64 is plain double arithmetic.
 */
double pe_fp_mul(enum pe_fp fp, double a, double b);
double pe_fp_add(enum pe_fp fp, double a, double b);
double pe_fp_cos(enum pe_fp fp, double x);
double pe_fp_sin(enum pe_fp fp, double x);

/*
 * Relative invariance of RoPE computed in format P.  Every step is rounded
 * to P: the positions rnd_P(m), the frequencies rnd_P(theta_i), the angle
 * rnd_P(m theta_i) (pe_fp_mul), its cos and sin (pe_fp_cos, pe_fp_sin),
 * the rotation (x0 c - x1 s, x0 s + x1 c, each * and + rounded) and the
 * dot product (a running sum over the dims in order, each * and + rounded);
 * the attention factor a multiplies cos and sin (rounded) as HF's cache
 * does.  q, k: 4 seeded Gaussian pairs (pe_rng(seed), q then k, n_dim
 * normals each), rounded to P.  On the grid of pe_props_invariance (m, n in
 * {round(a H/7), a = 0 .. 7}, H = floor((n_pos-1)/2), shifts t = 1, 2, 4,
 * ... <= H and H):
 *   *max_err = max |S(m, n) - S(m+t, n+t)| / (sum_i |q_i| |k_i| + |q_pass| |k_pass|)
 * (the Cauchy-Schwarz size of the score, in double; |q_i| the pair's
 * norm).  Zero in exact arithmetic; in float64 about n_pos eps; in float16
 * and bfloat16 positions beyond 2^11 and 2^8 are rounded themselves, so the
 * error grows with n_pos up to O(1).
 * PE_EINVAL if n_pos < 3 or fp is not an enum value; PE_ENOTSUP unless the
 * scheme rotates without a scale (rope, mrope, rope2d); PE_ENOMEM; PE_ERANGE if a score is not
 * finite (float16 positions above 65519 round to infinity).
 */
enum pe_status pe_invariance_fp(double *max_err, const struct pe_scheme *s,
                                enum pe_fp fp, size_t n_pos, uint64_t seed);

/*
 * Composition in format P: rotating by a then by b against rotating by
 * a + b (R_b R_a = R_{a+b} in exact arithmetic), both computed in P as in
 * pe_invariance_fp, for the 4 seeded q of pe_invariance_fp and a, b on the
 * grid {round(j H/7)}, H = floor((n_pos-1)/2):
 *   *max_err = max ||R_b (R_a q) - R_{a+b} q|| / ||q|| (norms in double).
 * Statuses as pe_invariance_fp.
 */
enum pe_status pe_composition_fp(double *max_err, const struct pe_scheme *s,
                                 enum pe_fp fp, size_t n_pos, uint64_t seed);

/*
 * The relative-position map of the sinusoidal code in format P (Vaswani et
 * al. 2017 section 3.5: PE(p+k) is a linear function of PE(p)).  Pair i,
 * (s, c) = (sin p theta_i, cos p theta_i), moves by the rotation M_k:
 *   sin((p+k) theta) = s cos(k theta) + c sin(k theta)
 *   cos((p+k) theta) = c cos(k theta) - s sin(k theta)
 * With PE_P(p) the code computed in P (rnd_P(p), rnd_P(theta_i), their
 * rounded product, rounded sin and cos) and M_k's entries and the products
 * rounded to P:
 *   *max_err = max over p on a grid, entries, of |M_k PE_P(p) - PE_P(p+k)|
 * (entries are at most 1, so this is relative too), p on a grid of at
 * most PE_SHIFT_GRID positions from 0 to n_pos - 1 (every position when
 * n_pos is smaller; the grid keeps n_pos = 131072, d = 512 in four formats
 * to seconds, and includes the far end where the error is largest).
 * *at_p is the first p reaching it.  O(min(n_pos, PE_SHIFT_GRID) d).
 * PE_EINVAL if n_pos is 0, k is not finite or < 0, or fp is not an enum
 * value; PE_ENOTSUP unless the code is (sin, cos) pairs (sinusoidal,
 * sinusoidal-nd); PE_ERANGE if not finite.
 */
#define PE_SHIFT_GRID 8192
enum pe_status pe_sinusoidal_shift_fp(double *max_err, size_t *at_p,
                                      const struct pe_scheme *s, enum pe_fp fp,
                                      double k, size_t n_pos);

/*
 * Where a rotary table loses precision: the largest error of cos and sin
 * of the angle p theta_i, over p in [0, n_pos) and pairs i, against the
 * float64 angle, with one thing held in P and cos, sin in double:
 *   pos   rnd_P(p) theta_i        (positions stored in P)
 *   freq  p rnd_P(theta_i)        (inv_freq stored in P)
 *   prod  rnd_P(p theta_i)        (the angle stored in P)
 * err = max(|cos a' - cos a|, |sin a' - sin a|); *_p, *_i where the first
 * maximum is.  O(n_pos F).  PE_EINVAL if n_pos is 0 or fp is not an enum
 * value; PE_ENOTSUP without frequencies (n_freq 0); PE_ERANGE if an angle
 * is not finite (float16 positions above 65519).
 */
struct pe_precision_table {
	double err_pos, err_freq, err_prod;
	size_t pos_p, pos_i, freq_p, freq_i, prod_p, prod_i;
};

enum pe_status pe_precision_table(struct pe_precision_table *out,
                                  const struct pe_scheme *s, enum pe_fp fp,
                                  size_t n_pos);

/*
 * The first position p in [1, n_pos) that format P cannot tell from p - 1
 * in the fastest pair f (the largest theta_f):
 *   rnd_P(p) == rnd_P(p-1)  or
 *   rnd_P(rnd_P(p) rnd_P(theta_f)) == rnd_P(rnd_P(p-1) rnd_P(theta_f));
 * *pos = n_pos when there is none below n_pos.  Integers are exact in P up
 * to 2^p (p significand bits), and 2^p + 1 is a tie that rounds to the even
 * 2^p: float16 2049, bfloat16 257, float32 16777217 when theta_f = 1.
 * O(n_pos) time.  PE_EINVAL if fp is not an enum value; PE_ENOTSUP
 * without frequencies.
 */
enum pe_status pe_precision_first_merge(size_t *pos, const struct pe_scheme *s,
                                        enum pe_fp fp, size_t n_pos);

/*
 * The xPos scale positions where format P breaks, for the smallest zeta
 * (zeta_0 = gamma / (1 + gamma), 2/7 with the defaults):
 *   n_overflow   zeta_0^(-n/B) > max_P (the key scale, torchscale
 *                downscale): n = B ln(max_P) / ln(1/zeta_0);
 *   n_subnormal  zeta_0^(n/B) < the smallest normal 2^emin (the query
 *                scale loses bits): n = B (-emin) ln 2 / ln(1/zeta_0);
 *   n_underflow  zeta_0^(n/B) <= half the smallest subnormal, which rounds
 *                to 0: n = B ln(2 / tiny_P) / ln(1/zeta_0).
 * max_P = (2 - 2^(1-p)) 2^emax, tiny_P = 2^(emin-p+1).  Float16 with the
 * defaults: 512 ln(65504) / ln(3.5) = 4532.4; past max_P the value rounds to
 * inf from max_P + ulp/2 = 65520 on, 0.1 position later.  n is the scale
 * position: torchscale centres it (n = p - ceil(len/2)), so a sequence of
 * about twice that length reaches it.
 * PE_EINVAL if fp is not an enum value; PE_ENOTSUP unless xPos.
 */
struct pe_xpos_limits {
	double n_overflow, n_subnormal, n_underflow;
};

enum pe_status pe_xpos_fp_limits(struct pe_xpos_limits *out,
                                 const struct pe_scheme *s, enum pe_fp fp);

/* ==== bias schemes: ALiBi, T5 ==== */

/*
 * Schemes that add a bias to the attention score of query m and key n
 * instead of a code to the embeddings (alibi.c, t5.c).  In the scheme seam
 * they have no row() (n_row 0, no code); bias(h, m, n) gives the bias of
 * any head, score(m, n) and profile(r) = score(p, p + r) that of
 * cfg.bias.head.
 *   alibi  bias = pe_alibi_bias(slope[h], m, n), NaN (masked) for n > m;
 *          slopes from pe_alibi_slopes at init
 *   t5     bucket = pe_t5_bucket(n - m, ...); bias = weights[bucket][h]
 *          with cfg.bias.weights, else the bucket index itself (T5's
 *          per-bucket values are learned weights, so without them the
 *          bucket is what pecli can show; bias_is_index says so)
 * init: PE_EINVAL for n_heads outside [1, PE_ALIBI_HEADS_MAX] (alibi) or
 * 0 (t5 with weights), head >= n_heads, or T5 parameters pe_t5_check
 * refuses; PE_ENOMEM.
 */
#define PE_ALIBI_HEADS_MAX 1024      /* --heads: [1, 1024] */
#define PE_ALIBI_HEADS_DEFAULT 8     /* Press et al. 2022's 8-head examples */
#define PE_T5_NUM_BUCKETS_DEFAULT 32 /* HF T5Config relative_attention_num_buckets */
#define PE_T5_MAX_DISTANCE_DEFAULT 128 /* relative_attention_max_distance */
#define PE_T5_BUCKETS_MAX 65536
#define PE_T5_DISTANCE_MAX 1000000000 /* PE_POS_MAX */

/*
 * ALiBi slopes (Press et al. 2022, arXiv:2108.12409), as get_slopes in
 * ofirpress/attention_with_linear_biases: n = n_heads a power of two gives
 * m_h = 2^(-8(h+1)/n), h in [0, n): 8 heads 2^-1 .. 2^-8, 16 heads 2^-0.5,
 * 2^-1, .. 2^-8.  Otherwise, c = 2^floor(log2 n): the c slopes of c heads,
 * then every other slope of 2c heads from the first, n - c of them:
 * m_{c+k} = 2^(-8(2k+1)/(2c)); 12 heads: 2^-1 .. 2^-8, 2^-0.5, 2^-1.5,
 * 2^-2.5, 2^-3.5.  Each formed as exp2 of its exponent, so powers of two
 * are exact (the reference's start * ratio**h is off by up to 6 ulp at 16
 * heads, 90 at 256).  slopes[n_heads].  PE_EINVAL unless n_heads is in [1,
 * PE_ALIBI_HEADS_MAX].
 */
enum pe_status pe_alibi_slopes(double *slopes, size_t n_heads);

/*
 * The bias a head with this slope adds for query position i and key
 * position j: -slope (i - j) for j <= i; NaN for j > i, a key after the
 * query, which causal ALiBi masks (-inf before the softmax).  The CLI
 * prints those cells as a mask (empty), never as a number.
 */
double pe_alibi_bias(double slope, double i, double j);

/*
 * PE_OK if the T5 bucketing is defined for these parameters: num_buckets in
 * [2, PE_T5_BUCKETS_MAX], max_exact E = (bidirectional ? num_buckets/2 :
 * num_buckets)/2 >= 1 (so bidirectional needs 4 buckets or more), and
 * max_distance in (E, PE_T5_DISTANCE_MAX].  PE_EINVAL otherwise.
 */
enum pe_status pe_t5_check(int bidirectional, int num_buckets, int max_distance);

/*
 * T5's bucket of relative_position r = key - query (Raffel et al. 2020),
 * exactly as Hugging Face T5Attention._relative_position_bucket and
 * mesh_tensorflow's _relative_position_bucket, log branch in float32:
 *   bidirectional: B = num_buckets/2; offset B if r > 0; a = |r|
 *   causal:        B = num_buckets;   a = max(-r, 0) (keys after the query
 *                  share bucket 0 with r = 0)
 *   E = B/2: a < E gives offset + a, else offset +
 *   min(E + trunc(log(a/E) / log(max_distance/E) (B - E)), B - 1).
 * Defaults (32, 128): bidirectional r = -1 -> 1, +1 -> 17; causal r = -1
 * -> 1, r >= 0 -> 0, r <= -113 -> 31 (-112 -> 30).  In [0, num_buckets); -1 if
 * pe_t5_check fails.
 */
int pe_t5_bucket(long relative_position, int bidirectional, int num_buckets,
                 int max_distance);

/* pe_t5_bucket with the log branch in double, to measure what float32
 * changes (nothing for (32, 128); see t5.c).  -1 as pe_t5_bucket. */
int pe_t5_bucket_f64(long relative_position, int bidirectional, int num_buckets,
                     int max_distance);

/*
 * The relative positions r = key - query that pe_t5_bucket maps to bucket b:
 * an interval [*r_lo, *r_hi], LONG_MIN or LONG_MAX where it is unbounded
 * (the last bucket of a direction holds every farther distance; bucket 0
 * of the causal scheme every r >= 0), or *empty = 1 when no r maps there
 * (bidirectional: bucket num_buckets/2 would be "r > 0 at distance 0").
 * Each direction's bucket grows with the distance, so both ends are found
 * by bisection over [0, max_distance]: O(log max_distance) buckets.
 * PE_EINVAL if pe_t5_check fails or b is outside [0, num_buckets).
 */
enum pe_status pe_t5_bucket_range(long *r_lo, long *r_hi, int *empty, int b,
                                  int bidirectional, int num_buckets,
                                  int max_distance);

/* ==== no positional encoding ==== */

/*
 * NoPE (nope.c): no code (every row the zero vector) and every score 0,
 * the baseline on which check fails.
 *
 * With temperature tuning (Llama 4's NoPE layers: transformers
 * models/llama4/modeling_llama4.py, Llama4TextAttention.forward, "if
 * self.attn_temperature_tuning and not self.use_rope"; Nakanishi 2025,
 * arXiv:2501.19399) the query of position m is multiplied by
 *   s(m) = log1p(floor((m + 1) / floor_scale)) attn_scale + 1
 * (Llama4TextConfig: floor_scale 8192, attn_scale 0.1), so s(m) = 1 for
 * m < floor_scale - 1 and 1 + attn_scale ln 2 from m = floor_scale - 1
 * on.  The scheme is then the layer's attention: still no code, and the
 * score of the query at m with any key n is <s(m) q, k> with q = k = all
 * ones, s(m) d.  It depends on m, not on n - m alone: such a scheme has
 * no profile (init gives it operations without one).
 */
#define PE_NOPE_FLOOR_SCALE_DEFAULT 8192.0  /* Llama4TextConfig.floor_scale */
#define PE_NOPE_ATTN_SCALE_DEFAULT 0.1      /* Llama4TextConfig.attn_scale */

/* s(m) above, in double (transformers computes it in float32: the same
 * floor for m + 1 < 2^24, values within float32 rounding).  floor_scale
 * finite > 0, attn_scale finite >= 0, m >= 0. */
double pe_nope_temperature(double m, double floor_scale, double attn_scale);

/* ==== learned tables ==== */

/*
 * A learned absolute position table (learned.c): GPT-2's wpe, BERT's
 * position_embeddings, an (n_pos, n_dim) matrix read from a file
 * (src/read/read.h: .npy or CSV) or drawn at random as an untrained
 * table.  Row p is the code of position p; there is no formula behind it,
 * so there is no profile (a trained table is not translation-invariant) and
 * no position beyond the last row.
 *
 * For the scheme seam (the lead's part, not yet done): struct pe_scheme_cfg
 * gets `const struct pe_learned *learned;` (not owned, outlives the scheme)
 * and a pe_scheme_kind for it; the ops are then
 *   init     n_row = learned->n_dim, PE_EINVAL if learned is NULL
 *   row      pe_learned_row(out, learned, (size_t)p)
 *   profile  NULL (not translation-invariant)
 *   score    pe_learned_score(learned, (size_t)m, (size_t)n)
 * ops->row cannot fail, so positions must be integers in [0, n_pos): the
 * CLI refuses --n above the table's rows before anything is computed.
 *
 * Legend: p, m, n positions (rows), j dimension (column).
 */

/* 2^28 values: 2 GiB as doubles.  GPT-2's 1024 x 768 is 786432 values;
 * a 32768 x 8192 table (2^28) is the largest accepted. */
#define PE_LEARNED_VALUES_MAX ((size_t)1 << 28)
/* The std of an untrained table: GPT-2's initializer_range (Hugging Face
 * GPT2Config.initializer_range = 0.02, the normal init of wpe). */
#define PE_LEARNED_STD_DEFAULT 0.02

struct pe_learned {
	size_t n_pos, n_dim;
	double *data;        /* [n_pos * n_dim], row-major, owned */
	enum pe_fp stored;   /* the precision the values were stored in (a
	                        float32 .npy: PE_FP32); PE_FP64 for text and for
	                        tables made here.  check's tolerances follow it */
};

/*
 * An untrained table: data[p * n_dim + j] = std * z, z standard normals
 * from pe_rng(seed) in row-major order (pe_rng_fill_normal), so the same
 * seed gives the same table everywhere.  PE_EINVAL unless n_pos >= 1,
 * n_dim >= 1, n_pos * n_dim <= PE_LEARNED_VALUES_MAX and std is finite and
 * > 0; PE_ENOMEM.  On error t holds nothing to free.
 */
enum pe_status pe_learned_init_normal(struct pe_learned *t, size_t n_pos,
                                      size_t n_dim, uint64_t seed, double std);

/* Free t->data and empty t; t may be empty already. */
void pe_learned_free(struct pe_learned *t);

/* out[n_dim] = row p of the table.  p < n_pos (asserted). */
void pe_learned_row(double *out, const struct pe_learned *t, size_t p);

/* PE(m) . PE(n) = sum_j t[m, j] t[n, j], j ascending.  m, n < n_pos
 * (asserted). */
double pe_learned_score(const struct pe_learned *t, size_t m, size_t n);

#endif

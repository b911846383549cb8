/*
 * rope_scaling.c - RoPE inverse frequencies and the context-extension
 * scalings, written to give what Hugging Face transformers'
 * src/transformers/modeling_rope_utils.py gives for the same inputs
 * (_compute_default_rope_parameters, _compute_linear_scaling_rope_parameters,
 * _compute_dynamic_ntk_parameters, _compute_yarn_parameters,
 * _compute_llama3_parameters, _compute_longrope_parameters; transformers
 * v4.5x `rope_scaling` and v5 `rope_parameters`, which agree where pecli
 * follows them; version differences below).
 *
 * Methods and papers:
 *   RoPE      Su et al. 2021, RoFormer, eq. 15: theta_i = base^(-2i/R)
 *   LINEAR    Chen et al. 2023, "Extending Context Window ... via Positional
 *             Interpolation", eq. 4 (kaiokendev): theta_i / s
 *   NTK       bloc97 2023 (reddit r/LocalLLaMA, "NTK-Aware Scaled RoPE"):
 *             base' = base s^(R/(R-2))
 *   DYNAMIC   emozilla 2023 (reddit, "Dynamically Scaled RoPE"); HF
 *             _compute_dynamic_ntk_parameters
 *   YARN      Peng et al. 2023, "YaRN: Efficient Context Window Extension of
 *             Large Language Models", section 3.2 (eq. 17-20 "NTK-by-parts")
 *             and 3.4 (sqrt(1/t) = 0.1 ln s + 1); reference code
 *             github.com/jquesnelle/yarn scaled_rope/LlamaYaRNScaledRotaryEmbedding.py
 *   LLAMA3    Meta llama-models `apply_scaling` (Llama 3.1), HF llama3
 *   LONGROPE  Ding et al. 2024, "LongRoPE"; github.com/microsoft/LongRoPE;
 *             HF longrope (Phi-3)
 *
 * Numerics.  HF builds these tensors in float32 (`torch.arange(...).float()`,
 * `linear_ramp_factor` in float32); pecli evaluates the same expressions, in
 * the same order, in double.  The two differ by float32 rounding: for
 * Llama 3.1 8B at most 3.2e-7 relative (largest in the smoothed band, where
 * two terms are blended), and no pair changes band.
 *
 * YaRN: paper versus code (pecli follows the code, as HF does):
 *   1. The paper ramps in r = L / lambda_i (rotations of pair i in the
 *      original context): gamma(r) = 0 for r < alpha, 1 for r > beta,
 *      (r - alpha)/(beta - alpha) between (eq. 18).  The code turns alpha
 *      and beta into pair indices (find_correction_dim: i(r) = R ln(L / (2 pi
 *      r)) / (2 ln base)) and ramps linearly in the pair index i, i.e.
 *      linearly in ln r, not in r.
 *   2. The code rounds the index range outward (floor of the low end, ceil
 *      of the high end) and clamps it to [0, R-1]; HF's `truncate: false`
 *      (gpt-oss) keeps the exact ends.  The paper has no rounding.
 *   3. When the two ends coincide the code adds 0.001 to the high end to
 *      avoid dividing by zero.
 *   4. The paper's names: alpha = beta_slow = 1, beta = beta_fast = 32; the
 *      code's ramp value is 1 - gamma (ramp 0 = frequency kept).
 *   5. The paper scales logits by 1/t with sqrt(1/t) = 0.1 ln s + 1; the
 *      code multiplies cos and sin by mscale = 0.1 ln s + 1 (the same 1/t on
 *      q.k), returns 1 for s <= 1, and (HF) accepts DeepSeek's ratio
 *      get_mscale(s, mscale) / get_mscale(s, mscale_all_dim) or an explicit
 *      attention_factor.
 *
 * Hugging Face version differences (pecli follows v5):
 *   - YARN, LONGROPE: v4.4x-v4.5x replace `factor` by max_position_embeddings
 *     / original_max_position_embeddings whenever the latter is present; v5
 *     uses `factor` and derives it from that ratio only when it is missing.
 *   - YARN: before `truncate` was added (v4.4x) the ends were always rounded,
 *     and the correction range used max_position_embeddings, not the original.
 *   - LONGROPE: v4.4x chose long_factor when the expanded length exceeded the
 *     original one (i.e. by `factor`); later versions choose by seq_len > L.
 *   - DYNAMIC: HF's threshold is config.max_position_embeddings (its TODO
 *     says original_max_position_embeddings); pecli uses L = original_max,
 *     falling back to max_pos, which is HF's value whenever original_max is
 *     not given.
 *   - NTK (static): bloc97's base s^(R/(R-2)), i.e. HF's dynamic formula
 *     with its effective factor s N/L - (s-1) replaced by s; not an HF
 *     rope_type in current releases.
 *
 * Legend: R rotary dims, i pair index, s factor, L original context length,
 * theta_i = inv_freq_base[i], lambda_i = 2 pi / theta_i wavelength.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

/* ---- configuration ---- */

void pe_rope_cfg_default(struct pe_rope_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->n_dim = 128;
	cfg->n_rot = 0;
	cfg->base = PE_BASE_DEFAULT;
	cfg->pairing = PE_ROPE_PAIRING_INTERLEAVED;
	cfg->scaling = PE_ROPE_SCALING_NONE;
	cfg->factor = NAN;
	cfg->original_max = 0.0;
	cfg->max_pos = 0.0;
	cfg->seq_len = 0.0;
	cfg->beta_fast = PE_ROPE_BETA_FAST_DEFAULT;
	cfg->beta_slow = PE_ROPE_BETA_SLOW_DEFAULT;
	cfg->attention_factor = NAN;
	cfg->mscale = NAN;
	cfg->mscale_all_dim = NAN;
	cfg->truncate = 1;
	cfg->low_freq_factor = PE_ROPE_LOW_FREQ_FACTOR_DEFAULT;
	cfg->high_freq_factor = PE_ROPE_HIGH_FREQ_FACTOR_DEFAULT;
	cfg->gamma = PE_XPOS_GAMMA_DEFAULT;
	cfg->scale_base = PE_XPOS_SCALE_BASE_DEFAULT;
}

static size_t n_rot_of(const struct pe_rope_cfg *cfg)
{
	return cfg->n_rot ? cfg->n_rot : cfg->n_dim;
}

size_t pe_rope_n_freq(const struct pe_rope_cfg *cfg)
{
	return n_rot_of(cfg) / 2;
}

enum pe_status pe_rope_n_rot_partial(size_t *n_rot, size_t n_dim,
                                     double partial_rotary_factor)
{
	double prod;
	size_t r;

	if (!isfinite(partial_rotary_factor) || !(partial_rotary_factor > 0.0)
	    || partial_rotary_factor > 1.0)
		return PE_EINVAL;
	/* Python int() of a positive float truncates toward zero */
	prod = (double)n_dim * partial_rotary_factor;
	r = (size_t)prod;
	if (r < 2 || r % 2 != 0)
		return PE_EINVAL;
	*n_rot = r;
	return PE_OK;
}

/* L: original_max if set, else max_pos (HF standardize_rope_params); 0 if
 * neither. */
static double orig_len(const struct pe_rope_cfg *cfg)
{
	return cfg->original_max > 0.0 ? cfg->original_max : cfg->max_pos;
}

static int is_len(double v)
{
	return isfinite(v) && v > 0.0;
}

/* s for YARN and LONGROPE: factor, or max_pos / original_max when unset
 * (HF v5: "if factor is None"); NaN if neither. */
static double derived_factor(const struct pe_rope_cfg *cfg)
{
	if (!isnan(cfg->factor))
		return cfg->factor;
	if (is_len(cfg->max_pos) && is_len(cfg->original_max))
		return cfg->max_pos / cfg->original_max;
	return NAN;
}

static int factor_ok(double s)
{
	return isfinite(s) && s >= 1.0;
}

/* attention_factor is NaN (unset) or finite >= 0 (HF: "must be a float
 * greater than 0", checked as < 0). */
static int attn_ok(double a)
{
	return isnan(a) || (isfinite(a) && a >= 0.0);
}

enum pe_status pe_rope_check(const struct pe_rope_cfg *cfg)
{
	size_t d = cfg->n_dim, r = n_rot_of(cfg);
	double s;

	if (d < PE_DIM_MIN || d > PE_DIM_MAX || d % 2 != 0)
		return PE_EINVAL;
	if (r < 2 || r % 2 != 0 || r > d)
		return PE_EINVAL;
	if (!isfinite(cfg->base) || !(cfg->base > 1.0))
		return PE_EINVAL;
	if (cfg->pairing != PE_ROPE_PAIRING_INTERLEAVED && cfg->pairing != PE_ROPE_PAIRING_HALF)
		return PE_EINVAL;

	switch (cfg->scaling) {
	case PE_ROPE_SCALING_NONE:
		return PE_OK;
	case PE_ROPE_SCALING_LINEAR:
		return factor_ok(cfg->factor) ? PE_OK : PE_EINVAL;
	case PE_ROPE_SCALING_NTK:
		return factor_ok(cfg->factor) && r > 2 ? PE_OK : PE_EINVAL;
	case PE_ROPE_SCALING_DYNAMIC:
		if (!factor_ok(cfg->factor) || r <= 2 || !is_len(orig_len(cfg)))
			return PE_EINVAL;
		return isfinite(cfg->seq_len) && cfg->seq_len >= 0.0 ? PE_OK : PE_EINVAL;
	case PE_ROPE_SCALING_YARN:
		s = derived_factor(cfg);
		if (!factor_ok(s) || !is_len(orig_len(cfg)) || !attn_ok(cfg->attention_factor))
			return PE_EINVAL;
		if (!is_len(cfg->beta_fast) || !is_len(cfg->beta_slow)
		    || cfg->beta_fast < cfg->beta_slow)
			return PE_EINVAL;
		if (isinf(cfg->mscale) || isinf(cfg->mscale_all_dim))
			return PE_EINVAL;
		return PE_OK;
	case PE_ROPE_SCALING_LLAMA3:
		if (!factor_ok(cfg->factor) || !is_len(orig_len(cfg)))
			return PE_EINVAL;
		if (!is_len(cfg->low_freq_factor) || !is_len(cfg->high_freq_factor)
		    || !(cfg->high_freq_factor >= cfg->low_freq_factor))
			return PE_EINVAL;
		return PE_OK;
	case PE_ROPE_SCALING_LONGROPE:
		s = derived_factor(cfg);
		if (!factor_ok(s) || !is_len(orig_len(cfg)) || !attn_ok(cfg->attention_factor))
			return PE_EINVAL;
		if (!isfinite(cfg->seq_len) || cfg->seq_len < 0.0)
			return PE_EINVAL;
		if (!cfg->short_factor || !cfg->long_factor
		    || cfg->n_short_factor != r / 2 || cfg->n_long_factor != r / 2)
			return PE_EINVAL;
		for (size_t i = 0; i < r / 2; i++)
			if (!is_len(cfg->short_factor[i]) || !is_len(cfg->long_factor[i]))
				return PE_EINVAL;
		return PE_OK;
	}
	return PE_EINVAL;
}

/* ---- the methods ---- */

/* inv[i] = 1.0 / (b ** (2i / R)): HF `1.0 / (base ** (torch.arange(0, dim,
 * 2, dtype=torch.int64).float() / dim))`, exponent formed as the quotient. */
static void default_inv_freq(double *inv, double b, size_t r)
{
	for (size_t i = 0; i < r / 2; i++)
		inv[i] = 1.0 / pow(b, (double)(2 * i) / (double)r);
}

/* HF yarn get_mscale */
static double get_mscale(double scale, double mscale)
{
	if (scale <= 1.0)
		return 1.0;
	return 0.1 * mscale * log(scale) + 1.0;
}

/* HF yarn find_correction_dim: the pair index whose wavelength fits
 * n_rotations times into max_pos positions. */
static double find_correction_dim(double n_rotations, double r, double b,
                                  double max_pos)
{
	return (r * log(max_pos / (n_rotations * 2.0 * PE_PI))) / (2.0 * log(b));
}

/* HF yarn find_correction_range + the 0.001 of linear_ramp_factor */
static void yarn_range(double *low, double *high, const struct pe_rope_cfg *cfg)
{
	double r = (double)n_rot_of(cfg), L = orig_len(cfg);
	double lo = find_correction_dim(cfg->beta_fast, r, cfg->base, L);
	double hi = find_correction_dim(cfg->beta_slow, r, cfg->base, L);

	if (cfg->truncate) {
		lo = floor(lo);
		hi = ceil(hi);
	}
	lo = fmax(lo, 0.0);
	hi = fmin(hi, r - 1.0);
	if (lo == hi)
		hi += 0.001; /* HF: "Prevent singularity" */
	*low = lo;
	*high = hi;
}

/* HF linear_ramp_factor at index i: clamp((i - low) / (high - low), 0, 1) */
static double yarn_ramp(size_t i, double low, double high)
{
	double v = ((double)i - low) / (high - low);

	return fmin(fmax(v, 0.0), 1.0);
}

static void yarn(double *inv, const struct pe_rope_cfg *cfg, double s)
{
	size_t r = n_rot_of(cfg);
	double low, high;

	yarn_range(&low, &high, cfg);
	for (size_t i = 0; i < r / 2; i++) {
		double pos_freq = pow(cfg->base, (double)(2 * i) / (double)r);
		double extrapolation = 1.0 / pos_freq;
		double interpolation = 1.0 / (s * pos_freq);
		double ef = 1.0 - yarn_ramp(i, low, high); /* inv_freq_extrapolation_factor */

		inv[i] = interpolation * (1.0 - ef) + extrapolation * ef;
	}
}

static double yarn_attention(const struct pe_rope_cfg *cfg, double s)
{
	double m = cfg->mscale, mad = cfg->mscale_all_dim;

	if (!isnan(cfg->attention_factor))
		return cfg->attention_factor;
	/* Python `if mscale and mscale_all_dim`: both present and non-zero */
	if (!isnan(m) && m != 0.0 && !isnan(mad) && mad != 0.0)
		return get_mscale(s, m) / get_mscale(s, mad);
	return get_mscale(s, 1.0);
}

/* HF _compute_llama3_parameters, one pair; *region and *smooth for pair_info */
static double llama3_one(double theta, const struct pe_rope_cfg *cfg,
                         enum pe_rope_region *region, double *smooth)
{
	double s = cfg->factor, L = orig_len(cfg);
	double lff = cfg->low_freq_factor, hff = cfg->high_freq_factor;
	double low_freq_wavelen = L / lff, high_freq_wavelen = L / hff;
	double wavelen = 2.0 * PE_PI / theta;
	double inv_llama = wavelen > low_freq_wavelen ? theta / s : theta;
	double sf = (L / wavelen - lff) / (hff - lff);
	int is_medium = !(wavelen < high_freq_wavelen) && !(wavelen > low_freq_wavelen);

	*smooth = sf;
	if (is_medium) {
		*region = PE_ROPE_REGION_MID;
		return (1.0 - sf) * inv_llama / s + sf * inv_llama;
	}
	*region = wavelen > low_freq_wavelen ? PE_ROPE_REGION_LOW : PE_ROPE_REGION_HIGH;
	return inv_llama;
}

static int all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

enum pe_status pe_rope_inv_freq(double *inv_freq, double *inv_freq_base,
                                double *attention_factor,
                                const struct pe_rope_cfg *cfg)
{
	enum pe_status st = pe_rope_check(cfg);
	size_t r = n_rot_of(cfg), n_freq = r / 2;
	double rr = (double)r, s = cfg->factor, af = 1.0, b, L, n;
	const double *ext;

	if (st != PE_OK)
		return st;
	if (inv_freq_base)
		default_inv_freq(inv_freq_base, cfg->base, r);

	switch (cfg->scaling) {
	case PE_ROPE_SCALING_NONE:
		default_inv_freq(inv_freq, cfg->base, r);
		break;
	case PE_ROPE_SCALING_LINEAR:
		/* HF: inv_freq /= factor */
		default_inv_freq(inv_freq, cfg->base, r);
		for (size_t i = 0; i < n_freq; i++)
			inv_freq[i] /= s;
		break;
	case PE_ROPE_SCALING_NTK:
		b = cfg->base * pow(s, rr / (rr - 2.0));
		default_inv_freq(inv_freq, b, r);
		break;
	case PE_ROPE_SCALING_DYNAMIC:
		/* HF: seq_len = max(seq_len, max_position_embeddings) */
		L = orig_len(cfg);
		n = fmax(cfg->seq_len, L);
		b = cfg->base * pow((s * n / L) - (s - 1.0), rr / (rr - 2.0));
		default_inv_freq(inv_freq, b, r);
		break;
	case PE_ROPE_SCALING_YARN:
		s = derived_factor(cfg);
		yarn(inv_freq, cfg, s);
		af = yarn_attention(cfg, s);
		break;
	case PE_ROPE_SCALING_LLAMA3:
		default_inv_freq(inv_freq, cfg->base, r);
		for (size_t i = 0; i < n_freq; i++) {
			enum pe_rope_region region;
			double smooth;

			inv_freq[i] = llama3_one(inv_freq[i], cfg, &region, &smooth);
		}
		break;
	case PE_ROPE_SCALING_LONGROPE:
		s = derived_factor(cfg);
		L = orig_len(cfg);
		/* HF: `if seq_len and seq_len > original_max_position_embeddings` */
		ext = cfg->seq_len > L ? cfg->long_factor : cfg->short_factor;
		for (size_t i = 0; i < n_freq; i++)
			inv_freq[i] = 1.0 / (ext[i] * pow(cfg->base, (double)(2 * i) / rr));
		if (!isnan(cfg->attention_factor))
			af = cfg->attention_factor;
		else if (s <= 1.0)
			af = 1.0;
		else
			af = sqrt(1.0 + log(s) / log(L));
		break;
	}

	if (attention_factor)
		*attention_factor = af;
	if (!all_finite(inv_freq, n_freq) || !isfinite(af)
	    || (inv_freq_base && !all_finite(inv_freq_base, n_freq)))
		return PE_ERANGE;
	return PE_OK;
}

enum pe_status pe_rope_pair_info(struct pe_rope_pair *info,
                                 const struct pe_rope_cfg *cfg)
{
	size_t n_freq = pe_rope_n_freq(cfg);
	double *inv, *inv_base, low = 0.0, high = 0.0;
	enum pe_status st = pe_rope_check(cfg);

	if (st != PE_OK)
		return st;
	inv = malloc(2 * n_freq * sizeof *inv);
	if (!inv)
		return PE_ENOMEM;
	inv_base = inv + n_freq;
	st = pe_rope_inv_freq(inv, inv_base, NULL, cfg);
	if (st == PE_OK && cfg->scaling == PE_ROPE_SCALING_YARN)
		yarn_range(&low, &high, cfg);
	for (size_t i = 0; st == PE_OK && i < n_freq; i++) {
		info[i].wavelen = 2.0 * PE_PI / inv_base[i];
		info[i].ratio = inv_base[i] / inv[i];
		info[i].ramp = NAN;
		info[i].smooth = NAN;
		info[i].region = PE_ROPE_REGION_NONE;
		if (cfg->scaling == PE_ROPE_SCALING_YARN)
			info[i].ramp = yarn_ramp(i, low, high);
		if (cfg->scaling == PE_ROPE_SCALING_LLAMA3)
			(void)llama3_one(inv_base[i], cfg, &info[i].region, &info[i].smooth);
	}
	free(inv);
	return st;
}

/*
 * check_rope_scaling.c - RoPE inverse frequencies and attention factors for
 * every scaling, against Hugging Face transformers.
 *
 * values: the golden vectors of HF tests/utils/test_modeling_rope_utils.py
 * (RopeTest.test_*_rope_numerically; LlamaConfig defaults: head_dim
 * 4096/32 = 128, rope_theta 10000, max_position_embeddings 2048), HF's
 * attention-factor formulas, Llama 3.1 8B and a gpt-oss-style YaRN worked
 * from HF's formulas in binary64, and hand-worked cases.
 * identities: HF's own bounds checks (yarn, llama3), dynamic = ntk at the
 * same effective factor, pair_info agrees with the tables.
 * errors: invalid configurations give PE_EINVAL.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "check_pecli.h"
#include "pe/pe.h"

/*
 * HF prints its goldens to 5 significant digits: half a unit in the last
 * place is at most 5e-5 of the value.  HF computes in float32, pecli in
 * double; the float32 rounding of these expressions is below 1e-6 relative
 * (measured 3.2e-7 at worst for Llama 3.1), so the bound is 5e-5 + 1e-6.
 */
#define TOL_HF_PRINTED (5e-5 + 1e-6)
/* The same HF formula evaluated in binary64 by the Python script that made
 * the constants (an independent transcription of HF, kept out of the
 * repository): only libm pow/log rounding differs, a few ulp over a
 * handful of operations. */
#define TOL_SAME_FORMULA 1e-14
/* Two routes that are algebraically equal and differ by an ulp or two. */
#define TOL_ULPS (8 * DBL_EPSILON)

enum { D = 128, NF = D / 2 };

/* LlamaConfig() as HF's tests use it, with the given scaling */
static void llama_cfg(struct pe_rope_cfg *cfg, enum pe_rope_scaling scaling, double factor)
{
	pe_rope_cfg_default(cfg);
	cfg->n_dim = D;
	cfg->base = 10000.0;
	cfg->max_pos = 2048.0;
	cfg->scaling = scaling;
	cfg->factor = factor;
}

/* ---- values: HF golden vectors ---- */

START_TEST(test_hf_default)
{
	/* HF test_default_rope_numerically EXPECTED_INV_FREQ */
	static const double ref[NF] = {
		1.0000e+00, 8.6596e-01, 7.4989e-01, 6.4938e-01, 5.6234e-01, 4.8697e-01,
		4.2170e-01, 3.6517e-01, 3.1623e-01, 2.7384e-01, 2.3714e-01, 2.0535e-01,
		1.7783e-01, 1.5399e-01, 1.3335e-01, 1.1548e-01, 1.0000e-01, 8.6596e-02,
		7.4989e-02, 6.4938e-02, 5.6234e-02, 4.8697e-02, 4.2170e-02, 3.6517e-02,
		3.1623e-02, 2.7384e-02, 2.3714e-02, 2.0535e-02, 1.7783e-02, 1.5399e-02,
		1.3335e-02, 1.1548e-02, 1.0000e-02, 8.6596e-03, 7.4989e-03, 6.4938e-03,
		5.6234e-03, 4.8697e-03, 4.2170e-03, 3.6517e-03, 3.1623e-03, 2.7384e-03,
		2.3714e-03, 2.0535e-03, 1.7783e-03, 1.5399e-03, 1.3335e-03, 1.1548e-03,
		1.0000e-03, 8.6596e-04, 7.4989e-04, 6.4938e-04, 5.6234e-04, 4.8697e-04,
		4.2170e-04, 3.6517e-04, 3.1623e-04, 2.7384e-04, 2.3714e-04, 2.0535e-04,
		1.7783e-04, 1.5399e-04, 1.3335e-04, 1.1548e-04,
	};
	struct pe_rope_cfg cfg;
	double inv[NF], base_inv[NF], af = -1.0;

	llama_cfg(&cfg, PE_ROPE_SCALING_NONE, NAN);
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_HF_PRINTED);
	/* "attention scale is always 1 for default RoPE"; before = after */
	ck_assert(af == 1.0);
	ck_assert_close_array(base_inv, inv, NF, 0.0, 0.0);
}
END_TEST

START_TEST(test_hf_linear)
{
	/* HF test_linear_rope_numerically: inv_freq == default / factor for
	 * factor 2, 10, 20, attention scale 1.  HF's `inv_freq /= factor` is
	 * the same division, so the match is exact. */
	static const double factors[] = { 2.0, 10.0, 20.0 };
	struct pe_rope_cfg cfg;
	double inv[NF], base_inv[NF], ref[NF], af;

	for (size_t u = 0; u < 3; u++) {
		llama_cfg(&cfg, PE_ROPE_SCALING_LINEAR, factors[u]);
		ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
		for (int i = 0; i < NF; i++)
			ref[i] = base_inv[i] / factors[u];
		ck_assert_close_array(inv, ref, NF, 0.0, 0.0);
		ck_assert(af == 1.0);
	}
	/* by hand: d = 4, base 10000, s = 4: [1, 1/100] / 4 */
	cfg.n_dim = 4;
	cfg.factor = 4.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_OK);
	ck_assert(inv[0] == 0.25);
	ck_assert(inv[1] == 0.0025);
}
END_TEST

START_TEST(test_hf_dynamic)
{
	/* HF test_dynamic_rope_numerically EXPECTED_INV_FREQ: factor 10,
	 * seq_len 16384 > max_position_embeddings 2048 */
	static const double ref[NF] = {
		1.0000e+00, 8.0931e-01, 6.5498e-01, 5.3008e-01, 4.2900e-01, 3.4720e-01,
		2.8099e-01, 2.2741e-01, 1.8404e-01, 1.4895e-01, 1.2055e-01, 9.7558e-02,
		7.8955e-02, 6.3899e-02, 5.1714e-02, 4.1853e-02, 3.3872e-02, 2.7413e-02,
		2.2185e-02, 1.7955e-02, 1.4531e-02, 1.1760e-02, 9.5176e-03, 7.7027e-03,
		6.2339e-03, 5.0451e-03, 4.0831e-03, 3.3045e-03, 2.6744e-03, 2.1644e-03,
		1.7517e-03, 1.4176e-03, 1.1473e-03, 9.2852e-04, 7.5146e-04, 6.0817e-04,
		4.9220e-04, 3.9834e-04, 3.2238e-04, 2.6091e-04, 2.1115e-04, 1.7089e-04,
		1.3830e-04, 1.1193e-04, 9.0585e-05, 7.3312e-05, 5.9332e-05, 4.8018e-05,
		3.8861e-05, 3.1451e-05, 2.5453e-05, 2.0600e-05, 1.6672e-05, 1.3492e-05,
		1.0920e-05, 8.8374e-06, 7.1522e-06, 5.7883e-06, 4.6845e-06, 3.7912e-06,
		3.0683e-06, 2.4832e-06, 2.0097e-06, 1.6265e-06,
	};
	static const double factors[] = { 2.0, 10.0, 20.0 };
	struct pe_rope_cfg cfg;
	double inv[NF], base_inv[NF], af;

	llama_cfg(&cfg, PE_ROPE_SCALING_DYNAMIC, 10.0);
	cfg.seq_len = 16384.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_HF_PRINTED);
	ck_assert(af == 1.0);

	/* HF Check 1: no scaling unless seq_len > max_position_embeddings (seq_len
	 * unset or 1).  s 2048 / 2048 - (s - 1) is exactly 1 for these s, so the
	 * base, and every frequency, is unchanged bit for bit. */
	for (size_t u = 0; u < 3; u++) {
		llama_cfg(&cfg, PE_ROPE_SCALING_DYNAMIC, factors[u]);
		for (int k = 0; k < 2; k++) {
			cfg.seq_len = k;
			ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
			ck_assert_close_array(inv, base_inv, NF, 0.0, 0.0);
			ck_assert(af == 1.0);
		}
	}
}
END_TEST

START_TEST(test_hf_yarn)
{
	/* HF test_yarn_rope_numerically EXPECTED_INV_FREQ: factor 10,
	 * beta_fast 32, beta_slow 1, max_position_embeddings 2048 */
	static const double ref[NF] = {
		1.0000e+00, 8.6596e-01, 7.4989e-01, 6.4938e-01, 5.6234e-01, 4.8697e-01,
		4.2170e-01, 3.6517e-01, 3.1623e-01, 2.7384e-01, 2.3714e-01, 2.0535e-01,
		1.7783e-01, 1.5399e-01, 1.3335e-01, 1.1548e-01, 1.0000e-01, 8.3479e-02,
		6.9590e-02, 5.7925e-02, 4.8136e-02, 3.9931e-02, 3.3061e-02, 2.7315e-02,
		2.2515e-02, 1.8512e-02, 1.5177e-02, 1.2403e-02, 1.0101e-02, 8.1924e-03,
		6.6143e-03, 5.3120e-03, 4.2400e-03, 3.3599e-03, 2.6396e-03, 2.0520e-03,
		1.5746e-03, 1.1882e-03, 8.7713e-04, 6.2810e-04, 4.3007e-04, 2.7384e-04,
		2.3714e-04, 2.0535e-04, 1.7783e-04, 1.5399e-04, 1.3335e-04, 1.1548e-04,
		1.0000e-04, 8.6596e-05, 7.4989e-05, 6.4938e-05, 5.6234e-05, 4.8697e-05,
		4.2170e-05, 3.6517e-05, 3.1623e-05, 2.7384e-05, 2.3714e-05, 2.0535e-05,
		1.7783e-05, 1.5399e-05, 1.3335e-05, 1.1548e-05,
	};
	static const double factors[] = { 2.0, 10.0, 20.0 };
	struct pe_rope_cfg cfg;
	double inv[NF], af;

	llama_cfg(&cfg, PE_ROPE_SCALING_YARN, 10.0);
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_HF_PRINTED);

	/* HF Check 1: attention factor 0.1 ln(s) + 1 (assertEqual: the same
	 * expression, so exact), or the given attention_factor */
	for (size_t u = 0; u < 3; u++) {
		llama_cfg(&cfg, PE_ROPE_SCALING_YARN, factors[u]);
		ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
		ck_assert(af == 0.1 * log(factors[u]) + 1.0);
		cfg.attention_factor = 0.5;
		ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
		ck_assert(af == 0.5);
	}
}
END_TEST

START_TEST(test_hf_llama3)
{
	/* HF test_llama3_rope_numerically EXPECTED_INV_FREQ: factor 10,
	 * original_max_position_embeddings 2048, low 1, high 4 */
	static const double ref[NF] = {
		1.0000e+00, 8.6596e-01, 7.4989e-01, 6.4938e-01, 5.6234e-01, 4.8697e-01,
		4.2170e-01, 3.6517e-01, 3.1623e-01, 2.7384e-01, 2.3714e-01, 2.0535e-01,
		1.7783e-01, 1.5399e-01, 1.3335e-01, 1.1548e-01, 1.0000e-01, 8.6596e-02,
		7.4989e-02, 6.4938e-02, 5.6234e-02, 4.8697e-02, 4.2170e-02, 3.6517e-02,
		3.1623e-02, 2.7384e-02, 2.3714e-02, 2.0535e-02, 1.7783e-02, 1.5399e-02,
		1.3335e-02, 1.0730e-02, 7.7785e-03, 5.6009e-03, 3.9991e-03, 2.8248e-03,
		1.9675e-03, 1.3449e-03, 8.9549e-04, 5.7363e-04, 3.4539e-04, 2.7384e-04,
		2.3714e-04, 2.0535e-04, 1.7783e-04, 1.5399e-04, 1.3335e-04, 1.1548e-04,
		1.0000e-04, 8.6596e-05, 7.4989e-05, 6.4938e-05, 5.6234e-05, 4.8697e-05,
		4.2170e-05, 3.6517e-05, 3.1623e-05, 2.7384e-05, 2.3714e-05, 2.0535e-05,
		1.7783e-05, 1.5399e-05, 1.3335e-05, 1.1548e-05,
	};
	static const double factors[] = { 2.0, 10.0, 20.0 };
	struct pe_rope_cfg cfg;
	double inv[NF], af;

	for (size_t u = 0; u < 3; u++) {
		llama_cfg(&cfg, PE_ROPE_SCALING_LLAMA3, factors[u]);
		cfg.original_max = 2048.0;
		ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
		ck_assert(af == 1.0); /* HF Check 1: always 1 */
	}
	llama_cfg(&cfg, PE_ROPE_SCALING_LLAMA3, 10.0);
	cfg.original_max = 2048.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_HF_PRINTED);
}
END_TEST

START_TEST(test_hf_longrope)
{
	/* HF test_longrope_rope_numerically: short_factor = [2] * 64,
	 * long_factor = 1, 2, ..., 64; attention factor sqrt(1 + ln s / ln 2048)
	 * for s = 2, 10, 20 (assertEqual: same expression, exact), or the given
	 * 0.5; seq_len 0 -> default / short, seq_len 2049 -> default / long. */
	static const double factors[] = { 2.0, 10.0, 20.0 };
	double short_f[NF], long_f[NF], inv[NF], base_inv[NF], ref[NF], af;
	struct pe_rope_cfg cfg;

	for (int i = 0; i < NF; i++) {
		short_f[i] = 2.0;
		long_f[i] = i + 1;
	}
	for (size_t u = 0; u < 3; u++) {
		llama_cfg(&cfg, PE_ROPE_SCALING_LONGROPE, factors[u]);
		cfg.short_factor = short_f;
		cfg.n_short_factor = NF;
		cfg.long_factor = long_f;
		cfg.n_long_factor = NF;
		ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
		ck_assert(af == sqrt(1 + log(factors[u]) / log(2048.0)));
		cfg.attention_factor = 0.5;
		ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
		ck_assert(af == 0.5);
	}
	cfg.factor = 1.0;
	cfg.attention_factor = NAN;
	cfg.seq_len = 0.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
	ck_assert(af == 1.0); /* HF: factor <= 1 -> 1 */
	for (int i = 0; i < NF; i++)
		ref[i] = base_inv[i] / short_f[i];
	/* 1/(e x) vs (1/x)/e: two roundings each */
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_ULPS);
	cfg.seq_len = 2049.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
	for (int i = 0; i < NF; i++)
		ref[i] = base_inv[i] / long_f[i];
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_ULPS);
	/* seq_len == L is not "longer": short factors (HF `seq_len > L`) */
	cfg.seq_len = 2048.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, &af, &cfg), PE_OK);
	ck_assert(inv[0] == base_inv[0] / 2.0);
	ck_assert(inv[NF - 1] == base_inv[NF - 1] / 2.0);
}
END_TEST

/* ---- values: models and hand-worked cases ---- */

/*
 * Llama 4 (Scout and Maverick config.json, text_config.rope_scaling as
 * quoted by the hub configs' copies: rope_type llama3, factor 16 (Scout),
 * low_freq_factor 1, high_freq_factor 1, original_max_position_embeddings
 * 8192; rope_theta 500000, head_dim 128).  transformers only warns that
 * high is not above low and computes: with the two wavelengths equal no
 * pair is in the medium band (is_medium_freq needs wavelen == 8192
 * exactly), so _compute_llama3_parameters gives inv_freq / factor where
 * wavelen > low_freq_wavelen and inv_freq elsewhere, as transcribed here.
 */
START_TEST(test_llama4_equal_factors)
{
	struct pe_rope_cfg c;
	double got[64], want[64];

	pe_rope_cfg_default(&c);
	c.n_dim = 128;
	c.base = 500000.0;
	c.scaling = PE_ROPE_SCALING_LLAMA3;
	c.factor = 16.0;
	c.original_max = 8192.0;
	c.low_freq_factor = 1.0;
	c.high_freq_factor = 1.0;
	ck_assert_int_eq(pe_rope_inv_freq(got, NULL, NULL, &c), PE_OK);
	for (int i = 0; i < 64; i++) {
		double inv = 1.0 / pow(500000.0, (double)(2 * i) / 128.0);
		double wavelen = 2.0 * PE_PI / inv;

		want[i] = wavelen > 8192.0 / 1.0 ? inv / 16.0 : inv;
	}
	ck_assert_close_array(got, want, 64, 0.0, 1e-15);
	/* some pairs of each kind */
	ck_assert_double_eq(got[0], 1.0);
	ck_assert_double_lt(got[63], want[63] * 16.0);
	/* high below low is refused */
	c.high_freq_factor = 0.5;
	ck_assert_int_eq(pe_rope_inv_freq(got, NULL, NULL, &c), PE_EINVAL);
}
END_TEST

START_TEST(test_llama31_8b)
{
	/* Llama 3.1 8B config.json: head_dim 128, rope_theta 500000, rope_scaling
	 * {rope_type llama3, factor 8, low_freq_factor 1, high_freq_factor 4,
	 * original_max_position_embeddings 8192}.  Expected: HF
	 * _compute_llama3_parameters transcribed line by line into Python and
	 * evaluated in binary64 (17 digits).  HF's float32 tensors differ from
	 * these by <= 3.2e-7 relative and give the same bands. */
	static const double ref[NF] = {
		1, 0.81461723385654472, 0.66360123769608848,
		0.54058100463576697, 0.44036660267178046, 0.35873022375128993,
		0.29222782257301511, 0.2380538204803507, 0.19392274474868576,
		0.15797280990904317, 0.12868737343265052, 0.10483095217796996,
		0.085397100285765609, 0.069565949614160322, 0.056669621445291044,
		0.04616405026546052, 0.037606030930863933, 0.030634520893224042,
		0.024955408670558694, 0.020329105980970156, 0.016560440080994446,
		0.013490419890226748, 0.010989528534539826, 0.0089522593361943993,
		0.0072926647372171085, 0.0059407303756749668, 0.0048394213457198928,
		0.0039422760301166563, 0.0032114459947525913, 0.0021665707635033591,
		0.0013718935677611381, 0.00085675141291963208, 0.00052484616099295468,
		0.00031269375038406517, 0.00017850781276799638, 9.5562123539646833e-05,
		7.7846552739324498e-05, 6.3415143457776151e-05, 5.1659068748189563e-05,
		4.2082367687255257e-05, 3.4281021959525912e-05, 2.7925911282444464e-05,
		2.2748928601828183e-05, 1.8531669290821308e-05, 1.509621717643313e-05,
		1.2297638677963614e-05, 1.0017868402809974e-05, 8.1607282474359434e-06,
		6.6478698711812362e-06, 5.4154693654999229e-06, 4.4115346745584042e-06,
		3.593712173650999e-06, 2.9274998701761677e-06, 2.3847918463583037e-06,
		1.942692537204043e-06, 1.5825508208909101e-06, 1.2891731721515574e-06,
		1.0501826834601687e-06, 8.5549691264436605e-07, 6.9690252855116753e-07,
		5.6770881007598369e-07, 4.6246538050008837e-07, 3.7673226901739635e-07,
		3.0689259889145111e-07,
	};
	struct pe_rope_cfg cfg;
	struct pe_rope_pair info[NF];
	double inv[NF], af;
	int n_high = 0, n_mid = 0, n_low = 0;

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 128;
	cfg.base = 500000.0;
	cfg.scaling = PE_ROPE_SCALING_LLAMA3;
	cfg.factor = 8.0;
	cfg.low_freq_factor = 1.0;
	cfg.high_freq_factor = 4.0;
	cfg.original_max = 8192.0;
	cfg.max_pos = 131072.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, NF, 0.0, TOL_SAME_FORMULA);
	ck_assert(af == 1.0);

	/* The same script's bands: pairs 0-28 kept (wavelength < 8192/4),
	 * 29-34 smoothed, 35-63 divided by 8 (wavelength > 8192). */
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	for (int i = 0; i < NF; i++) {
		enum pe_rope_region want = i <= 28 ? PE_ROPE_REGION_HIGH
		                         : i <= 34 ? PE_ROPE_REGION_MID : PE_ROPE_REGION_LOW;
		ck_assert_msg(info[i].region == want, "pair %d: region %d", i, (int)info[i].region);
		n_high += info[i].region == PE_ROPE_REGION_HIGH;
		n_mid += info[i].region == PE_ROPE_REGION_MID;
		n_low += info[i].region == PE_ROPE_REGION_LOW;
		ck_assert(isnan(info[i].ramp));
	}
	ck_assert_int_eq(n_high + n_mid + n_low, NF);
	/* low band: exactly theta / 8; high band: ratio 1 */
	ck_assert(info[40].ratio == 8.0);
	ck_assert(info[3].ratio == 1.0);
	/* mid band: the smooth factor is in (0, 1) and the ratio in (1, 8) */
	for (int i = 29; i <= 34; i++) {
		ck_assert(info[i].smooth > 0.0 && info[i].smooth < 1.0);
		ck_assert(info[i].ratio > 1.0 && info[i].ratio < 8.0);
	}
}
END_TEST

START_TEST(test_yarn_no_truncate)
{
	/* gpt-oss-style YaRN (config.json rope_scaling: factor 32, beta_fast 32,
	 * beta_slow 1, original_max_position_embeddings 4096, truncate false;
	 * head_dim 64, rope_theta 150000).  Expected: HF _compute_yarn_parameters
	 * in binary64 (same Python transcription); ramp ends 8.0928, 17.398
	 * unrounded, so ramp values are fractional (0.0975 at pair 9). */
	static const double ref[32] = {
		1, 0.68904430588816334, 0.47478205547690072,
		0.32714587186423649, 0.22541800020287081, 0.15532298948448497,
		0.10702442147781144, 0.073744568210260819, 0.050813274815461475,
		0.031705696184663769, 0.019335001126540362, 0.011592049256286924,
		0.0067949594897322189, 0.0038603593171920685, 0.0020937923789696887,
		0.0010526021013863359, 0.00045648391922324086, 0.00012931870124506317,
		3.8308812373753384e-05, 2.6396469031472782e-05, 1.818833668168956e-05,
		1.2532569824095001e-05, 8.6354958754384803e-06, 5.9502392614916046e-06,
		4.0999784818029795e-06, 2.8250668271503398e-06, 1.9465962110014815e-06,
		1.3412910350540445e-06, 9.242089502428301e-07, 6.3682091461569897e-07,
		4.3879782508643959e-07, 3.0235114281192144e-07,
	};
	static const double ramp9 = 0.097495643247099362, ramp17 = 0.95722579200499758;
	struct pe_rope_cfg cfg;
	struct pe_rope_pair info[32];
	double inv[32], af;

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 64;
	cfg.base = 150000.0;
	cfg.scaling = PE_ROPE_SCALING_YARN;
	cfg.factor = 32.0;
	cfg.original_max = 4096.0;
	cfg.max_pos = 131072.0;
	cfg.truncate = 0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, 32, 0.0, TOL_SAME_FORMULA);
	/* HF get_mscale(32) = 0.1 ln 32 + 1 */
	ck_assert(af == 0.1 * log(32.0) + 1.0);
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	ck_assert(info[8].ramp == 0.0 && info[18].ramp == 1.0);
	ck_assert(fabs(info[9].ramp - ramp9) <= TOL_SAME_FORMULA);
	ck_assert(fabs(info[17].ramp - ramp17) <= TOL_SAME_FORMULA);
	ck_assert(info[0].region == PE_ROPE_REGION_NONE && isnan(info[0].smooth));

	/* truncated (the default): the ends become 8 and 18, so pair 9's ramp
	 * is (9 - 8) / (18 - 8) = 0.1 exactly in HF's formula */
	cfg.truncate = 1;
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	ck_assert(info[9].ramp == 0.1);
	ck_assert(info[8].ramp == 0.0 && info[18].ramp == 1.0);
}
END_TEST

START_TEST(test_yarn_ramp_ends)
{
	/* HF find_correction_range: floor(i(beta_fast)), ceil(i(beta_slow)),
	 * clamped to [0, dim - 1] (dim = R, not R/2).  Ends from HF's
	 * find_correction_dim in the Python transcription:
	 * Qwen2.5 YaRN (README: factor 4, original 32768, rope_theta 1e6, d 128):
	 *   23.596 and 39.651 -> 23 and 40, so pair 24's ramp is 1/17;
	 * base 1e4, d 128, original 65536: 40.21 and 64.29 -> 40 and 65, past the
	 *   last pair (63) and kept, so pair 63's ramp is 23/25, not 1. */
	struct pe_rope_cfg cfg;
	struct pe_rope_pair info[NF];

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = D;
	cfg.base = 1e6;
	cfg.scaling = PE_ROPE_SCALING_YARN;
	cfg.factor = 4.0;
	cfg.original_max = 32768.0;
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	ck_assert(info[23].ramp == 0.0);
	ck_assert(info[24].ramp == 1.0 / 17.0);
	ck_assert(info[40].ramp == 1.0);
	cfg.base = 1e4;
	cfg.factor = 8.0;
	cfg.original_max = 65536.0;
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	ck_assert(info[40].ramp == 0.0);
	ck_assert(info[63].ramp == 23.0 / 25.0);
}
END_TEST

START_TEST(test_yarn_mscale)
{
	/* HF _compute_yarn_parameters with DeepSeek-style mscale: attention factor
	 * get_mscale(s, mscale) / get_mscale(s, mscale_all_dim),
	 * get_mscale(s, m) = 0.1 m ln s + 1.  s = 40, mscale 1, all_dim 0.707:
	 * (0.1 ln 40 + 1) / (0.0707 ln 40 + 1), digits from Python. */
	struct pe_rope_cfg cfg;
	double inv[NF], af;

	llama_cfg(&cfg, PE_ROPE_SCALING_YARN, 40.0);
	cfg.original_max = 4096.0;
	cfg.mscale = 1.0;
	cfg.mscale_all_dim = 0.707;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(fabs(af - 1.0857263992561355) <= TOL_SAME_FORMULA);
	/* DeepSeek-V3: mscale = mscale_all_dim = 1 -> the ratio is 1 */
	cfg.mscale_all_dim = 1.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(af == 1.0);
	/* only one given (or one zero, Python falsy): get_mscale(s) */
	cfg.mscale_all_dim = NAN;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(af == 0.1 * log(40.0) + 1.0);
	cfg.mscale_all_dim = 0.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(af == 0.1 * log(40.0) + 1.0);
	/* factor unset: HF v5 derives max_position_embeddings / original, here
	 * 2048 / 4096 < 1 -> refused; 16384 / 4096 = 4 -> get_mscale(4) */
	cfg.factor = NAN;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_EINVAL);
	cfg.max_pos = 16384.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(af == 0.1 * log(4.0) + 1.0);
}
END_TEST

START_TEST(test_longrope_phi3_attention)
{
	/* Phi-3-mini-128k style: no factor, max_position_embeddings 131072,
	 * original 4096 -> s = 32 and sqrt(1 + ln 32 / ln 4096) = sqrt(1 + 5/12)
	 * = sqrt(17/12) by hand (ln 32 / ln 4096 = 5 ln 2 / 12 ln 2). */
	double short_f[48], long_f[48], inv[48], af;
	struct pe_rope_cfg cfg;

	for (int i = 0; i < 48; i++) {
		short_f[i] = 1.0;
		long_f[i] = 1.0 + i / 8.0;
	}
	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 96;
	cfg.scaling = PE_ROPE_SCALING_LONGROPE;
	cfg.max_pos = 131072.0;
	cfg.original_max = 4096.0;
	cfg.short_factor = short_f;
	cfg.n_short_factor = 48;
	cfg.long_factor = long_f;
	cfg.n_long_factor = 48;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert(fabs(af - sqrt(17.0 / 12.0)) <= TOL_ULPS);
}
END_TEST

START_TEST(test_ntk_by_hand)
{
	/* d = 8, base 10000, s = 4: base' = 10000 4^(8/6), so inv_freq_i =
	 * 10000^(-i/4) 4^(-i/3): 1, 0.1 4^(-1/3), 0.01 4^(-2/3), 0.001/4;
	 * digits of the closed forms from Python. */
	static const double ref[4] = {
		1.0, 0.06299605249474366, 0.0039685026299204991, 0.00025
	};
	struct pe_rope_cfg cfg;
	double inv[4], af;

	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 8;
	cfg.scaling = PE_ROPE_SCALING_NTK;
	cfg.factor = 4.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, &af, &cfg), PE_OK);
	ck_assert_close_array(inv, ref, 4, 0.0, TOL_SAME_FORMULA);
	ck_assert(af == 1.0);
}
END_TEST

START_TEST(test_partial_rotary)
{
	/* HF dim = int(head_dim * partial_rotary_factor): Phi-2 80 * 0.4 = 32,
	 * GPT-NeoX-style 128 * 0.25 = 32; the frequencies use R = 32 in the
	 * exponent: inv_freq[1] = 10000^(-2/32) = 10^(-1/4) = 0.56234132519034907. */
	struct pe_rope_cfg cfg;
	size_t r = 0;
	double inv[16];

	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 80, 0.4), PE_OK);
	ck_assert_uint_eq(r, 32);
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 128, 0.25), PE_OK);
	ck_assert_uint_eq(r, 32);
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 64, 1.0), PE_OK);
	ck_assert_uint_eq(r, 64);
	pe_rope_cfg_default(&cfg);
	cfg.n_dim = 80;
	cfg.n_rot = 32;
	ck_assert_uint_eq(pe_rope_n_freq(&cfg), 16);
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_OK);
	ck_assert(inv[0] == 1.0);
	ck_assert(fabs(inv[1] - 0.56234132519034907) <= TOL_ULPS);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_hf_yarn_bounds)
{
	/* HF test_yarn Check 2: with beta 32/1 every frequency lies in
	 * [default / s, default]; with beta_fast 1000 all but the first are
	 * interpolated and the last 20 equal default / s. */
	struct pe_rope_cfg cfg;
	double inv[NF], base_inv[NF], ref[20];

	llama_cfg(&cfg, PE_ROPE_SCALING_YARN, 10.0);
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, NULL, &cfg), PE_OK);
	for (int i = 0; i < NF; i++)
		ck_assert(inv[i] >= base_inv[i] / 10.0 * (1 - TOL_ULPS) && inv[i] <= base_inv[i]);
	cfg.beta_fast = 1000.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, NULL, &cfg), PE_OK);
	ck_assert(inv[0] == base_inv[0]);
	for (int i = 1; i < NF; i++)
		ck_assert_msg(inv[i] < base_inv[i], "pair %d", i);
	for (int i = 0; i < 20; i++)
		ref[i] = base_inv[NF - 20 + i] / 10.0;
	/* 1/(s x) vs (1/x)/s */
	ck_assert_close_array(inv + NF - 20, ref, 20, 0.0, TOL_ULPS);
}
END_TEST

START_TEST(test_hf_llama3_bounds)
{
	/* HF test_llama3 Check 2: every frequency in [default / s, default]; with
	 * high_freq_factor 1000 every frequency is scaled. */
	struct pe_rope_cfg cfg;
	double inv[NF], base_inv[NF];

	llama_cfg(&cfg, PE_ROPE_SCALING_LLAMA3, 10.0);
	cfg.original_max = 2048.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, NULL, &cfg), PE_OK);
	for (int i = 0; i < NF; i++)
		ck_assert(inv[i] >= base_inv[i] / 10.0 && inv[i] <= base_inv[i]);
	cfg.high_freq_factor = 1000.0;
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, NULL, &cfg), PE_OK);
	for (int i = 0; i < NF; i++)
		ck_assert_msg(inv[i] < base_inv[i], "pair %d", i);
}
END_TEST

START_TEST(test_dynamic_is_ntk_of_effective_factor)
{
	/* HF dynamic: base' = base (s N/L - (s-1))^(R/(R-2)), i.e. static NTK with
	 * s' = s N/L - (s-1).  s = 2, N = 2L: s' = 3 exactly, so the two routes
	 * are the same operations on the same numbers: bit for bit. */
	struct pe_rope_cfg cfg;
	double dyn[NF], ntk[NF];

	llama_cfg(&cfg, PE_ROPE_SCALING_DYNAMIC, 2.0);
	cfg.seq_len = 4096.0;
	ck_assert_int_eq(pe_rope_inv_freq(dyn, NULL, NULL, &cfg), PE_OK);
	llama_cfg(&cfg, PE_ROPE_SCALING_NTK, 3.0);
	ck_assert_int_eq(pe_rope_inv_freq(ntk, NULL, NULL, &cfg), PE_OK);
	ck_assert_close_array(dyn, ntk, NF, 0.0, 0.0);
	ck_assert(dyn[NF - 1] < dyn[0]);
	/* original_max takes precedence over max_pos as L */
	llama_cfg(&cfg, PE_ROPE_SCALING_DYNAMIC, 2.0);
	cfg.max_pos = 100000.0;
	cfg.original_max = 2048.0;
	cfg.seq_len = 4096.0;
	ck_assert_int_eq(pe_rope_inv_freq(ntk, NULL, NULL, &cfg), PE_OK);
	ck_assert_close_array(ntk, dyn, NF, 0.0, 0.0);
}
END_TEST

START_TEST(test_pair_info_matches_tables)
{
	/* wavelen = 2 pi / theta_i and ratio = theta_i / inv_freq_i, for every
	 * scaling; NONE: ratio 1, no ramp, no region. */
	struct pe_rope_cfg cfg;
	struct pe_rope_pair info[NF];
	double inv[NF], base_inv[NF];

	llama_cfg(&cfg, PE_ROPE_SCALING_LINEAR, 4.0);
	ck_assert_int_eq(pe_rope_inv_freq(inv, base_inv, NULL, &cfg), PE_OK);
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	for (int i = 0; i < NF; i++) {
		ck_assert(fabs(info[i].wavelen * base_inv[i] - 2 * PE_PI)
		          <= 4 * TOL_ULPS);
		ck_assert(fabs(info[i].ratio - 4.0) <= 4 * TOL_ULPS);
		ck_assert(isnan(info[i].ramp) && isnan(info[i].smooth));
	}
	llama_cfg(&cfg, PE_ROPE_SCALING_NONE, NAN);
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	for (int i = 0; i < NF; i++) {
		ck_assert(info[i].ratio == 1.0);
		ck_assert(info[i].region == PE_ROPE_REGION_NONE);
	}
	/* YaRN (HF golden case): ramp ends floor(16.1) = 16, ceil(40.8) = 41 (the
	 * same Python script); pair i's ratio is 1 + ramp (s - 1) up to rounding */
	llama_cfg(&cfg, PE_ROPE_SCALING_YARN, 10.0);
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_OK);
	ck_assert(info[16].ramp == 0.0 && info[17].ramp == 1.0 / 25.0);
	ck_assert(info[41].ramp == 1.0 && info[40].ramp < 1.0);
	for (int i = 0; i < NF; i++) {
		double r = 1.0 / (1.0 - info[i].ramp + info[i].ramp / 10.0);
		ck_assert(fabs(info[i].ratio - r) <= 1e-12 * r);
	}
}
END_TEST

/* ---- errors ---- */

START_TEST(test_bad_shapes_and_base)
{
	struct pe_rope_cfg cfg;
	double inv[NF];

	pe_rope_cfg_default(&cfg);
	ck_assert_int_eq(pe_rope_check(&cfg), PE_OK);
	cfg.n_dim = 127;                       /* odd d */
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.n_dim = 0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.n_dim = PE_DIM_MAX + 2;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.n_dim = 64;
	cfg.n_rot = 66;                        /* R > d */
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.n_rot = 31;                        /* odd R */
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.n_rot = 32;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_OK);
	cfg.base = NAN;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.base = INFINITY;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.base = 1.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.base = 10000.0;
	cfg.pairing = (enum pe_rope_pairing)7;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.pairing = PE_ROPE_PAIRING_HALF;
	cfg.scaling = (enum pe_rope_scaling)42;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
}
END_TEST

START_TEST(test_bad_factor)
{
	/* HF validation: "factor field must be a float >= 1" (a warning there, an
	 * error here) for linear, dynamic, yarn, llama3, longrope */
	static const enum pe_rope_scaling kinds[] = {
		PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK, PE_ROPE_SCALING_DYNAMIC,
		PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3, PE_ROPE_SCALING_LONGROPE
	};
	double ones[NF], inv[NF];
	struct pe_rope_cfg cfg;

	for (int i = 0; i < NF; i++)
		ones[i] = 1.0;
	for (size_t u = 0; u < sizeof kinds / sizeof kinds[0]; u++) {
		llama_cfg(&cfg, kinds[u], 2.0);
		cfg.original_max = 1024.0;
		cfg.short_factor = cfg.long_factor = ones;
		cfg.n_short_factor = cfg.n_long_factor = NF;
		ck_assert_msg(pe_rope_check(&cfg) == PE_OK, "scaling %zu", u);
		cfg.factor = 0.5;
		ck_assert_msg(pe_rope_inv_freq(inv, NULL, NULL, &cfg) == PE_EINVAL, "scaling %zu", u);
		cfg.factor = INFINITY;
		ck_assert_msg(pe_rope_check(&cfg) == PE_EINVAL, "scaling %zu", u);
		cfg.factor = -1.0;
		ck_assert_msg(pe_rope_check(&cfg) == PE_EINVAL, "scaling %zu", u);
	}
	/* a required factor left unset */
	llama_cfg(&cfg, PE_ROPE_SCALING_LINEAR, NAN);
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	/* NONE ignores the factor */
	llama_cfg(&cfg, PE_ROPE_SCALING_NONE, 0.5);
	ck_assert_int_eq(pe_rope_check(&cfg), PE_OK);
}
END_TEST

START_TEST(test_bad_method_parameters)
{
	double ones[NF], bad[NF], inv[NF];
	struct pe_rope_cfg cfg;

	for (int i = 0; i < NF; i++)
		ones[i] = bad[i] = 1.0;
	bad[5] = 0.0;

	/* NTK / DYNAMIC with R = 2: R/(R-2) undefined */
	llama_cfg(&cfg, PE_ROPE_SCALING_NTK, 2.0);
	cfg.n_rot = 2;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	/* DYNAMIC without any length, or a negative seq_len */
	llama_cfg(&cfg, PE_ROPE_SCALING_DYNAMIC, 2.0);
	cfg.max_pos = 0.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.max_pos = 2048.0;
	cfg.seq_len = -1.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);

	/* YARN: beta_fast < beta_slow (HF warns), beta 0, negative attention
	 * factor (HF: "must be a float greater than 0"), no length */
	llama_cfg(&cfg, PE_ROPE_SCALING_YARN, 4.0);
	cfg.beta_fast = 0.5;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.beta_fast = 0.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.beta_fast = 32.0;
	cfg.attention_factor = -0.1;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.attention_factor = NAN;
	cfg.max_pos = 0.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);

	/* LLAMA3: high_freq_factor below low_freq_factor swaps the bands (HF
	 * warns); equal is Llama 4's (test_llama4_equal_factors) */
	llama_cfg(&cfg, PE_ROPE_SCALING_LLAMA3, 8.0);
	cfg.original_max = 2048.0;
	cfg.high_freq_factor = 0.5;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.high_freq_factor = 1.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_OK);
	cfg.high_freq_factor = 4.0;
	cfg.low_freq_factor = 0.0;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);

	/* LONGROPE: lists missing, of the wrong length (HF: "must be a list of
	 * length dim // 2"), or with a zero entry */
	llama_cfg(&cfg, PE_ROPE_SCALING_LONGROPE, 2.0);
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.short_factor = cfg.long_factor = ones;
	cfg.n_short_factor = cfg.n_long_factor = NF;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_OK);
	cfg.n_long_factor = NF - 1;
	ck_assert_int_eq(pe_rope_inv_freq(inv, NULL, NULL, &cfg), PE_EINVAL);
	cfg.n_long_factor = NF;
	cfg.n_short_factor = NF + 1;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	cfg.n_short_factor = NF;
	cfg.long_factor = bad;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
	/* lists sized for d, not R: with R = 64 they must be 32 long */
	cfg.long_factor = ones;
	cfg.n_rot = 64;
	ck_assert_int_eq(pe_rope_check(&cfg), PE_EINVAL);
}
END_TEST

START_TEST(test_bad_partial_factor)
{
	size_t r = 99;

	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 10, 0.3), PE_EINVAL); /* int(3.0) odd */
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 64, 0.0), PE_EINVAL);
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 64, 1.5), PE_EINVAL);
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 64, NAN), PE_EINVAL);
	ck_assert_int_eq(pe_rope_n_rot_partial(&r, 4, 0.25), PE_EINVAL); /* int(1.0) */
	ck_assert_uint_eq(r, 99); /* untouched on error */
}
END_TEST

START_TEST(test_pair_info_errors)
{
	struct pe_rope_cfg cfg;
	struct pe_rope_pair info[NF];

	llama_cfg(&cfg, PE_ROPE_SCALING_LLAMA3, 8.0);
	cfg.max_pos = 0.0;  /* no L */
	ck_assert_int_eq(pe_rope_pair_info(info, &cfg), PE_EINVAL);
}
END_TEST

Suite *suite_rope_scaling(void)
{
	Suite *s = suite_create("rope_scaling");
	TCase *tc;

	tc = tcase_create("values");
	tcase_add_test(tc, test_hf_default);
	tcase_add_test(tc, test_hf_linear);
	tcase_add_test(tc, test_hf_dynamic);
	tcase_add_test(tc, test_hf_yarn);
	tcase_add_test(tc, test_hf_llama3);
	tcase_add_test(tc, test_hf_longrope);
	tcase_add_test(tc, test_llama31_8b);
	tcase_add_test(tc, test_llama4_equal_factors);
	tcase_add_test(tc, test_yarn_no_truncate);
	tcase_add_test(tc, test_yarn_ramp_ends);
	tcase_add_test(tc, test_yarn_mscale);
	tcase_add_test(tc, test_longrope_phi3_attention);
	tcase_add_test(tc, test_ntk_by_hand);
	tcase_add_test(tc, test_partial_rotary);
	suite_add_tcase(s, tc);

	tc = tcase_create("identities");
	tcase_add_test(tc, test_hf_yarn_bounds);
	tcase_add_test(tc, test_hf_llama3_bounds);
	tcase_add_test(tc, test_dynamic_is_ntk_of_effective_factor);
	tcase_add_test(tc, test_pair_info_matches_tables);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_shapes_and_base);
	tcase_add_test(tc, test_bad_factor);
	tcase_add_test(tc, test_bad_method_parameters);
	tcase_add_test(tc, test_bad_partial_factor);
	tcase_add_test(tc, test_pair_info_errors);
	suite_add_tcase(s, tc);
	return s;
}

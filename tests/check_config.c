/*
 * check_config.c - reading the RoPE settings of Hugging Face config.json
 * files (tests/configs/, written by hand in the shape of the published
 * files) and the built-in presets; every error message is asserted whole.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_pecli.h"
#include "read/hfconfig.h"
#include "read/model.h"

/* tests/configs/<file> under $top_srcdir (set by automake; "." by hand). */
static const char *cfg_path(const char *file)
{
	static char buf[4096];
	const char *top = getenv("top_srcdir");

	snprintf(buf, sizeof buf, "%s/tests/configs/%s",
	         top && *top ? top : ".", file);
	return buf;
}

static void load_ok(struct hf_rope_config *c, const char *file)
{
	struct out_err err = { "" };
	int rc = hf_config_load(c, cfg_path(file), &err);

	ck_assert_msg(rc == 0, "%s: %s", file, err.msg);
}

static int parse(struct hf_rope_config *c, const char *json,
                 struct out_err *err)
{
	return hf_config_parse(c, json, strlen(json), "config.json", err);
}

static void parse_ok(struct hf_rope_config *c, const char *json)
{
	struct out_err err = { "" };

	ck_assert_msg(parse(c, json, &err) == 0, "%s: %s", json, err.msg);
}

static void expect_error(const char *json, const char *msg)
{
	struct hf_rope_config c;
	struct out_err err = { "" };

	ck_assert_int_eq(parse(&c, json, &err), -1);
	ck_assert_str_eq(err.msg, msg);
}

/* Every scaling parameter absent. */
static void assert_no_scaling(const struct hf_rope_config *c)
{
	ck_assert_int_eq(c->type, HF_ROPE_DEFAULT);
	ck_assert(isnan(c->factor));
	ck_assert(isnan(c->original_max_position_embeddings));
	ck_assert(isnan(c->beta_fast) && isnan(c->beta_slow));
	ck_assert(isnan(c->attention_factor));
	ck_assert(isnan(c->mscale) && isnan(c->mscale_all_dim));
	ck_assert(isnan(c->low_freq_factor) && isnan(c->high_freq_factor));
	ck_assert_int_eq(c->truncate, -1);
	ck_assert_uint_eq(c->n_short_factor, 0);
	ck_assert_uint_eq(c->n_long_factor, 0);
}

/* ---- values ---- */

START_TEST(test_llama31)
{
	/* meta-llama/Llama-3.1-8B config.json (transformers 4.43): rope_theta
	 * 500000.0, llama3 scaling factor 8, low 1, high 4, from 8192 to
	 * 131072; no head_dim key, so 4096 / 32 = 128 */
	struct hf_rope_config c;

	load_ok(&c, "llama3.1-8b.json");
	ck_assert_str_eq(c.source, cfg_path("llama3.1-8b.json"));
	ck_assert_double_eq(c.rope_theta, 500000.0);
	ck_assert_uint_eq(c.head_dim, 128);
	ck_assert(isnan(c.partial_rotary_factor));
	ck_assert_double_eq(c.max_position_embeddings, 131072.0);
	ck_assert_int_eq(c.type, HF_ROPE_LLAMA3);
	ck_assert_str_eq(hf_rope_type_name(c.type), "llama3");
	ck_assert_double_eq(c.factor, 8.0);
	ck_assert_double_eq(c.low_freq_factor, 1.0);
	ck_assert_double_eq(c.high_freq_factor, 4.0);
	ck_assert_double_eq(c.original_max_position_embeddings, 8192.0);
	ck_assert(isnan(c.beta_fast) && isnan(c.attention_factor));
	ck_assert_int_eq(c.truncate, -1);
	ck_assert_uint_eq(c.n_short_factor, 0);
	ck_assert_str_eq(c.warning, "");
}
END_TEST

START_TEST(test_qwen_yarn)
{
	/* Qwen/Qwen2.5-7B-Instruct config.json plus the model card's
	 * rope_scaling {"factor": 4.0, "original_max_position_embeddings":
	 * 32768, "type": "yarn"}; 3584 / 28 = 128 */
	struct hf_rope_config c;

	load_ok(&c, "qwen2.5-7b-yarn.json");
	ck_assert_int_eq(c.type, HF_ROPE_YARN);
	ck_assert_double_eq(c.rope_theta, 1000000.0);
	ck_assert_uint_eq(c.head_dim, 128);
	ck_assert_double_eq(c.max_position_embeddings, 32768.0);
	ck_assert_double_eq(c.factor, 4.0);
	ck_assert_double_eq(c.original_max_position_embeddings, 32768.0);
	/* not in the file: transformers' defaults (32, 1, 0.1 ln s + 1) are
	 * the core's to apply */
	ck_assert(isnan(c.beta_fast) && isnan(c.beta_slow));
	ck_assert(isnan(c.attention_factor) && isnan(c.mscale));
	ck_assert_str_eq(c.warning, "");
}
END_TEST

START_TEST(test_gpt_neox)
{
	/* EleutherAI/gpt-neox-20b config.json: rotary_pct 0.25 and
	 * rotary_emb_base 10000, which GPTNeoXConfig maps to
	 * partial_rotary_factor and rope_theta; 6144 / 64 = 96 */
	struct hf_rope_config c;

	load_ok(&c, "gpt-neox-20b.json");
	ck_assert_double_eq(c.rope_theta, 10000.0);
	ck_assert_double_eq(c.partial_rotary_factor, 0.25);
	ck_assert_uint_eq(c.head_dim, 96);
	ck_assert_double_eq(c.max_position_embeddings, 2048.0);
	assert_no_scaling(&c);
	ck_assert_str_eq(c.warning, "");

	/* GPTNeoXConfig's default rotary_pct is 0.25 (convert_rope_params_to_dict) */
	parse_ok(&c, "{\"model_type\": \"gpt_neox\", \"hidden_size\": 512,"
	             " \"num_attention_heads\": 8}");
	ck_assert_double_eq(c.partial_rotary_factor, 0.25);
	ck_assert(isnan(c.rope_theta));
	/* other models: absent stays absent (means 1) */
	parse_ok(&c, "{\"model_type\": \"llama\"}");
	ck_assert(isnan(c.partial_rotary_factor));
}
END_TEST

START_TEST(test_rope_parameters)
{
	/* transformers 5 layout of the Llama 3.1 8B settings: rope_theta moved
	 * into rope_parameters (RotaryEmbeddingConfigMixin) */
	struct hf_rope_config c;

	load_ok(&c, "rope-parameters.json");
	ck_assert_int_eq(c.type, HF_ROPE_LLAMA3);
	ck_assert_double_eq(c.rope_theta, 500000.0);
	ck_assert_uint_eq(c.head_dim, 128);
	ck_assert_double_eq(c.factor, 8.0);
	ck_assert_double_eq(c.low_freq_factor, 1.0);
	ck_assert_double_eq(c.high_freq_factor, 4.0);
	ck_assert_double_eq(c.original_max_position_embeddings, 8192.0);
	ck_assert_str_eq(c.warning, "");

	/* the nested rope_theta wins over the top-level one (transformers 5:
	 * rope_parameters.setdefault("rope_theta", ...)) */
	parse_ok(&c, "{\"rope_theta\": 10000.0, \"rope_parameters\":"
	             " {\"rope_type\": \"default\", \"rope_theta\": 20000.0}}");
	ck_assert_double_eq(c.rope_theta, 20000.0);
	/* rope_scaling wins over rope_parameters (convert_rope_params_to_dict:
	 * rope_scaling or self.rope_parameters), with a warning */
	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2},"
	             " \"rope_parameters\": {\"rope_type\": \"linear\","
	             " \"factor\": 3}}");
	ck_assert_int_eq(c.type, HF_ROPE_LINEAR);
	ck_assert_double_eq(c.factor, 2.0);
	ck_assert_str_eq(c.warning,
	                 "rope_parameters ignored: rope_scaling takes precedence");
	/* an empty rope_scaling is no scaling: rope_parameters is used */
	parse_ok(&c, "{\"rope_scaling\": {}, \"rope_parameters\":"
	             " {\"rope_type\": \"linear\", \"factor\": 3}}");
	ck_assert_double_eq(c.factor, 3.0);
	ck_assert_str_eq(c.warning, "");
}
END_TEST

START_TEST(test_legacy_type)
{
	/* a Llama 3 8B fine-tune (transformers 4.40) with the older spelling
	 * rope_scaling {"factor": 4.0, "type": "linear"} */
	struct hf_rope_config c;

	load_ok(&c, "legacy-type-linear.json");
	ck_assert_int_eq(c.type, HF_ROPE_LINEAR);
	ck_assert_double_eq(c.factor, 4.0);
	ck_assert_double_eq(c.rope_theta, 500000.0);
	ck_assert_double_eq(c.max_position_embeddings, 32768.0);
	ck_assert_uint_eq(c.head_dim, 128);

	/* rope_type wins over type (rope_scaling.get("rope_type",
	 * rope_scaling.get("type"))) */
	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"linear\","
	             " \"rope_type\": \"dynamic\", \"factor\": 2.0}}");
	ck_assert_int_eq(c.type, HF_ROPE_DYNAMIC);
	/* "default" and a dict without any type are plain RoPE */
	parse_ok(&c, "{\"rope_scaling\": {\"rope_type\": \"default\"}}");
	assert_no_scaling(&c);
	ck_assert_str_eq(c.warning, "");
	/* keys the type does not read are ignored and named, as transformers
	 * logs them (_check_received_keys) */
	parse_ok(&c, "{\"rope_scaling\": {\"factor\": 2.0}}");
	assert_no_scaling(&c);
	ck_assert_str_eq(c.warning,
	                 "rope_scaling: ignored for rope type 'default': factor");
	/* Qwen2-VL's "mrope" is plain RoPE on text positions (Qwen2VLConfig);
	 * its mrope_section is the mrope scheme's field (src/pe/mrope.c), not
	 * an ignored key */
	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"mrope\","
	             " \"mrope_section\": [16, 24, 24]}}");
	assert_no_scaling(&c);
	ck_assert_str_eq(c.warning, "");
	/* null rope_scaling, as Llama 2 writes it */
	parse_ok(&c, "{\"rope_scaling\": null, \"rope_theta\": 10000.0}");
	assert_no_scaling(&c);
}
END_TEST

START_TEST(test_phi3_su)
{
	/* Phi-3 mini 128k's first release spelled longrope "su"
	 * (Phi3Config._rope_scaling_adjustment) and keeps
	 * original_max_position_embeddings 4096 at the top level, which
	 * standardize_rope_params prefers; values from the hidden_size-16
	 * test copy huggingface.co/yujiepan/phi-3-tiny-random: 16 / 4 = 4,
	 * two factors each */
	struct hf_rope_config c;
	const double long_ref[] = { 1.0299, 1.0499 }, short_ref[] = { 1.05, 1.05 };

	load_ok(&c, "phi3-su.json");
	ck_assert_int_eq(c.type, HF_ROPE_LONGROPE);
	ck_assert_uint_eq(c.head_dim, 4);
	ck_assert_double_eq(c.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(c.max_position_embeddings, 131072.0);
	ck_assert(isnan(c.factor));
	ck_assert_uint_eq(c.n_long_factor, 2);
	ck_assert_uint_eq(c.n_short_factor, 2);
	ck_assert_close_array(c.long_factor, long_ref, 2, 0.0, 0.0);
	ck_assert_close_array(c.short_factor, short_ref, 2, 0.0, 0.0);
	ck_assert_str_eq(c.warning, "");
}
END_TEST

START_TEST(test_yarn_all_keys)
{
	/* every key transformers 5 reads for yarn (_validate_yarn_rope_
	 * parameters), DeepSeek-V3 values: mscale 1.0, mscale_all_dim 1.0,
	 * beta_fast 32, beta_slow 1, factor 40 from 4096; truncate as gpt-oss;
	 * "finetuned" is not a key transformers reads */
	struct hf_rope_config c;

	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 40,"
	             " \"original_max_position_embeddings\": 4096,"
	             " \"beta_fast\": 32, \"beta_slow\": 1, \"mscale\": 1.0,"
	             " \"mscale_all_dim\": 0.707, \"attention_factor\": 1.2,"
	             " \"truncate\": false, \"finetuned\": true},"
	             " \"rope_theta\": 10000, \"partial_rotary_factor\": 0.5,"
	             " \"head_dim\": 64, \"hidden_size\": 7168,"
	             " \"num_attention_heads\": 128}");
	ck_assert_int_eq(c.type, HF_ROPE_YARN);
	ck_assert_double_eq(c.factor, 40.0);
	ck_assert_double_eq(c.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(c.beta_fast, 32.0);
	ck_assert_double_eq(c.beta_slow, 1.0);
	ck_assert_double_eq(c.mscale, 1.0);
	ck_assert_double_eq(c.mscale_all_dim, 0.707);
	ck_assert_double_eq(c.attention_factor, 1.2);
	ck_assert_int_eq(c.truncate, 0);
	ck_assert_double_eq(c.partial_rotary_factor, 0.5);
	/* head_dim wins over hidden_size / num_attention_heads (56) */
	ck_assert_uint_eq(c.head_dim, 64);
	ck_assert_str_eq(c.warning,
	                 "rope_scaling: ignored for rope type 'yarn': finetuned");
}
END_TEST

START_TEST(test_head_dim_and_nesting)
{
	struct hf_rope_config c;

	/* nothing RoPE-related: everything absent */
	parse_ok(&c, "{}");
	ck_assert(isnan(c.rope_theta) && isnan(c.max_position_embeddings));
	ck_assert(isnan(c.partial_rotary_factor));
	ck_assert_uint_eq(c.head_dim, 0);
	assert_no_scaling(&c);
	ck_assert_str_eq(c.source, "config.json");
	/* head_dim null: hidden_size / num_attention_heads (Qwen3-style
	 * configs write "head_dim": null) */
	parse_ok(&c, "{\"head_dim\": null, \"hidden_size\": 2048,"
	             " \"num_attention_heads\": 16}");
	ck_assert_uint_eq(c.head_dim, 128);
	/* an integral float is an integer, as int(128.0) in Python */
	parse_ok(&c, "{\"head_dim\": 128.0}");
	ck_assert_uint_eq(c.head_dim, 128);
	/* a multimodal config: the text model sits in text_config */
	parse_ok(&c, "{\"model_type\": \"llava\", \"text_config\":"
	             " {\"hidden_size\": 4096, \"num_attention_heads\": 32,"
	             " \"rope_theta\": 1000000.0}}");
	ck_assert_uint_eq(c.head_dim, 128);
	ck_assert_double_eq(c.rope_theta, 1000000.0);
	/* a null value is an absent one (Python None) */
	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 2,"
	             " \"beta_fast\": null}, \"rope_theta\": null}");
	ck_assert(isnan(c.beta_fast) && isnan(c.rope_theta));
}
END_TEST

START_TEST(test_read_stream)
{
	/* hf_config_read takes any stream, here a temporary file */
	struct hf_rope_config c;
	struct out_err err = { "" };
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	fputs("{\"rope_theta\": 250000, \"max_position_embeddings\": 2048}\n", fp);
	rewind(fp);
	ck_assert_int_eq(hf_config_read(&c, fp, "-", &err), 0);
	ck_assert_double_eq(c.rope_theta, 250000.0);
	ck_assert_double_eq(c.max_position_embeddings, 2048.0);
	ck_assert_str_eq(c.source, "-");
	fclose(fp);
}
END_TEST

START_TEST(test_presets)
{
	/* The values each preset's comment in presets.c cites. */
	const struct hf_preset *p;
	size_t n = 0;

	for (; (p = hf_preset_at(n)) != NULL; n++) {
		char source[64];

		snprintf(source, sizeof source, "preset %s", p->name);
		ck_assert_str_eq(p->cfg.source, source);
		ck_assert_msg(p->cfg.warning[0] == '\0', "%s: %s", p->name,
		              p->cfg.warning);
		ck_assert_ptr_eq(hf_preset_find(p->name), p);
		ck_assert(p->description && p->description[0]);
		/* a rotation has a base and a head; the others none */
		if (pe_schemes[p->kind]->traits & PE_TRAIT_ROTARY)
			ck_assert(p->cfg.rope_theta > 0 && p->cfg.head_dim > 0);
	}
	ck_assert_uint_eq(n, 20);
	/* the presets of models without a rotation: their model_type */
	ck_assert_int_eq(hf_preset_find("gpt2")->kind, PE_SCHEME_LEARNED);
	ck_assert_int_eq(hf_preset_find("bert-base-uncased")->kind, PE_SCHEME_LEARNED);
	ck_assert_int_eq(hf_preset_find("t5-small")->kind, PE_SCHEME_T5);
	ck_assert_int_eq(hf_preset_find("bloom-3b")->kind, PE_SCHEME_ALIBI);
	ck_assert_int_eq(hf_preset_find("mpt-30b")->kind, PE_SCHEME_ALIBI);
	ck_assert_int_eq(hf_preset_find("llama2-7b")->kind, PE_SCHEME_ROPE);
	/* google/gemma-3-4b-it: text_config without head_dim or rope_theta,
	 * so Gemma3TextConfig's defaults, head_dim 256 and rope_theta 1e6
	 * (transformers configuration_gemma3.py), and its linear x8 */
	p = hf_preset_find("gemma3-4b");
	ck_assert_uint_eq(p->cfg.head_dim, 256);
	ck_assert_double_eq(p->cfg.rope_theta, 1e6);
	ck_assert_int_eq(p->cfg.type, HF_ROPE_LINEAR);
	ck_assert_double_eq(p->cfg.factor, 8.0);
	ck_assert_ptr_null(hf_preset_find("llama-9"));
	ck_assert_ptr_null(hf_preset_find(""));

	/* meta-llama/Llama-2-7b-hf: theta 10000, 4096 / 32, 4096 positions */
	p = hf_preset_find("llama2-7b");
	ck_assert_double_eq(p->cfg.rope_theta, 10000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 4096.0);
	assert_no_scaling(&p->cfg);
	/* meta-llama/Meta-Llama-3-8B: theta 500000, 8192 positions */
	p = hf_preset_find("llama3-8b");
	ck_assert_double_eq(p->cfg.rope_theta, 500000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 8192.0);
	assert_no_scaling(&p->cfg);
	/* meta-llama/Llama-3.1-8B: llama3 x8, low 1, high 4, 8192 -> 131072 */
	p = hf_preset_find("llama3.1-8b");
	ck_assert_int_eq(p->cfg.type, HF_ROPE_LLAMA3);
	ck_assert_double_eq(p->cfg.rope_theta, 500000.0);
	ck_assert_double_eq(p->cfg.factor, 8.0);
	ck_assert_double_eq(p->cfg.low_freq_factor, 1.0);
	ck_assert_double_eq(p->cfg.high_freq_factor, 4.0);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 8192.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 131072.0);
	/* mistralai/Mistral-7B-v0.1: theta 10000, 32768 positions */
	p = hf_preset_find("mistral-7b");
	ck_assert_double_eq(p->cfg.rope_theta, 10000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 32768.0);
	assert_no_scaling(&p->cfg);
	/* Qwen2.5-7B-Instruct + model card YaRN: theta 1e6, 3584 / 28, x4 */
	p = hf_preset_find("qwen2.5-7b-yarn");
	ck_assert_int_eq(p->cfg.type, HF_ROPE_YARN);
	ck_assert_double_eq(p->cfg.rope_theta, 1000000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.factor, 4.0);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 32768.0);
	/* EleutherAI/gpt-neox-20b: rotary_pct 0.25, base 10000, 6144 / 64 */
	p = hf_preset_find("gpt-neox-20b");
	ck_assert_double_eq(p->cfg.rope_theta, 10000.0);
	ck_assert_double_eq(p->cfg.partial_rotary_factor, 0.25);
	ck_assert_uint_eq(p->cfg.head_dim, 96);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 2048.0);
	/* codellama/CodeLlama-7b-hf: theta 1000000, 16384 positions */
	p = hf_preset_find("codellama-7b");
	ck_assert_double_eq(p->cfg.rope_theta, 1000000.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 16384.0);
	assert_no_scaling(&p->cfg);
	/* microsoft/Phi-3-mini-128k-instruct: longrope, 3072 / 32 = 96, 48
	 * factors; first and last long_factor 1.0700000524520874 and
	 * 64.76000213623047, short_factor 1.1 and 3.049999999999997 */
	p = hf_preset_find("phi3-mini-128k");
	ck_assert_int_eq(p->cfg.type, HF_ROPE_LONGROPE);
	ck_assert_uint_eq(p->cfg.head_dim, 96);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 131072.0);
	ck_assert_uint_eq(p->cfg.n_long_factor, 48);
	ck_assert_uint_eq(p->cfg.n_short_factor, 48);
	ck_assert_double_eq(p->cfg.long_factor[0], 1.0700000524520874);
	ck_assert_double_eq(p->cfg.long_factor[47], 64.76000213623047);
	ck_assert_double_eq(p->cfg.short_factor[0], 1.1);
	ck_assert_double_eq(p->cfg.short_factor[47], 3.049999999999997);
	/* Qwen/Qwen2.5-7B-Instruct as published: theta 1e6, 3584 / 28, no
	 * scaling */
	p = hf_preset_find("qwen2.5-7b");
	ck_assert_double_eq(p->cfg.rope_theta, 1000000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 32768.0);
	assert_no_scaling(&p->cfg);
	/* Qwen/Qwen3-8B: theta 1e6, 4096 / 32, 40960 positions */
	p = hf_preset_find("qwen3-8b");
	ck_assert_double_eq(p->cfg.rope_theta, 1000000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 40960.0);
	assert_no_scaling(&p->cfg);
	/* deepseek-ai/DeepSeek-V3: yarn x40, mscale 1 / 1, 4096 -> 163840.
	 * Its rotation works on qk_rope_head_dim 64 (DeepseekV3Config,
	 * DeepseekV3RotaryEmbedding: dim = config.qk_rope_head_dim), not
	 * 7168 / 128 = 56 */
	p = hf_preset_find("deepseek-v3");
	ck_assert_uint_eq(p->cfg.head_dim, 64);
	ck_assert_int_eq(p->cfg.type, HF_ROPE_YARN);
	ck_assert_double_eq(p->cfg.rope_theta, 10000.0);
	ck_assert_double_eq(p->cfg.factor, 40.0);
	ck_assert_double_eq(p->cfg.beta_fast, 32.0);
	ck_assert_double_eq(p->cfg.beta_slow, 1.0);
	ck_assert_double_eq(p->cfg.mscale, 1.0);
	ck_assert_double_eq(p->cfg.mscale_all_dim, 1.0);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 163840.0);
	/* deepseek-ai/DeepSeek-V2-Lite: yarn x40 with mscale 0.707 / 0.707,
	 * 4096 -> 163840; DeepseekV2Config: head_dim = qk_rope_head_dim 64,
	 * not 2048 / 16 = 128 */
	p = hf_preset_find("deepseek-v2-lite");
	ck_assert_uint_eq(p->cfg.head_dim, 64);
	ck_assert_int_eq(p->cfg.type, HF_ROPE_YARN);
	ck_assert_double_eq(p->cfg.rope_theta, 10000.0);
	ck_assert_double_eq(p->cfg.factor, 40.0);
	ck_assert_double_eq(p->cfg.mscale, 0.707);
	ck_assert_double_eq(p->cfg.mscale_all_dim, 0.707);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 163840.0);
	/* openai/gpt-oss-20b: yarn x32, truncate false, head_dim 64 given
	 * (2880 / 64 would be 45), theta 150000 */
	p = hf_preset_find("gpt-oss-20b");
	ck_assert_int_eq(p->cfg.type, HF_ROPE_YARN);
	ck_assert_double_eq(p->cfg.rope_theta, 150000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 64);
	ck_assert_double_eq(p->cfg.factor, 32.0);
	ck_assert_int_eq(p->cfg.truncate, 0);
	ck_assert_double_eq(p->cfg.original_max_position_embeddings, 4096.0);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 131072.0);
	/* mistralai/Mistral-Nemo-Base-2407: head_dim 128 given (5120 / 32
	 * would be 160), theta 1e6, 128000 positions, no scaling */
	p = hf_preset_find("mistral-nemo");
	ck_assert_double_eq(p->cfg.rope_theta, 1000000.0);
	ck_assert_uint_eq(p->cfg.head_dim, 128);
	ck_assert_double_eq(p->cfg.max_position_embeddings, 128000.0);
	assert_no_scaling(&p->cfg);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_file_errors)
{
	struct hf_rope_config c;
	struct out_err err = { "" };
	char want[8192], dir[] = "/tmp/pecli-config-XXXXXX", big[64];
	FILE *fp;

	/* json-c: ",," leaves an object key expected, on line 3 */
	ck_assert_int_eq(hf_config_load(&c, cfg_path("malformed.json"), &err), -1);
	snprintf(want, sizeof want, "%s: not valid JSON: quoted object property "
	         "name expected at line 3", cfg_path("malformed.json"));
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(hf_config_load(&c, cfg_path("not-object.json"), &err), -1);
	snprintf(want, sizeof want, "%s: expected a JSON object at the top level, "
	         "got an array", cfg_path("not-object.json"));
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(hf_config_load(&c, cfg_path("per-layer.json"), &err), -1);
	snprintf(want, sizeof want, "%s: rope_parameters: per-layer-type RoPE "
	         "parameters (full_attention, sliding_attention) are not "
	         "supported: expected one flat set of parameters",
	         cfg_path("per-layer.json"));
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(hf_config_load(&c, cfg_path("absent.json"), &err), -1);
	snprintf(want, sizeof want, "cannot read '%s': No such file or directory",
	         cfg_path("absent.json"));
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(hf_config_load(&c, cfg_path(""), &err), -1);
	snprintf(want, sizeof want, "cannot read '%s': Is a directory",
	         cfg_path(""));
	ck_assert_str_eq(err.msg, want);

	/* a 65 MiB file (sparse, so cheap): refused before reading */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(big, sizeof big, "%s/config.json", dir);
	fp = fopen(big, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(ftruncate(fileno(fp), (off_t)65 << 20), 0);
	ck_assert_int_eq(hf_config_load(&c, big, &err), -1);
	snprintf(want, sizeof want, "cannot read '%s': too large (68157440 bytes): "
	         "a config.json is at most 64 MiB", big);
	ck_assert_str_eq(err.msg, want);
	/* the same through a stream, which cannot be measured first */
	rewind(fp);
	fclose(fp);
	fp = fopen(big, "r");
	ck_assert_int_eq(hf_config_read(&c, fp, "big.json", &err), -1);
	ck_assert_str_eq(err.msg, "cannot read 'big.json': too large (more than "
	                 "64 MiB): not a model config");
	fclose(fp);
	unlink(big);
	rmdir(dir);
}
END_TEST

START_TEST(test_malformed)
{
	expect_error("", "config.json: not valid JSON: unexpected end of data "
	             "at line 1");
	expect_error("{\n\"rope_theta\": 10000.0\n", "config.json: not valid JSON: "
	             "unexpected end of data at line 3");
	/* a second value: json-c's strict mode stops at its first character */
	expect_error("{\"a\": 1}\n{\"b\": 2}", "config.json: not valid JSON: "
	             "unexpected character at line 2");
	expect_error("123", "config.json: expected a JSON object at the top "
	             "level, got a number");
	expect_error("\"config\"", "config.json: expected a JSON object at the top "
	             "level, got a string");
}
END_TEST

START_TEST(test_wrong_types)
{
	expect_error("{\"rope_theta\": \"10000\"}",
	             "config.json: rope_theta: expected a number, got a string");
	expect_error("{\"rope_theta\": true}",
	             "config.json: rope_theta: expected a number, got a boolean");
	expect_error("{\"rope_theta\": -1}",
	             "config.json: rope_theta: expected a positive number, got '-1'");
	expect_error("{\"head_dim\": 64.5}",
	             "config.json: head_dim: expected a positive integer, got '64.5'");
	expect_error("{\"head_dim\": 0}",
	             "config.json: head_dim: expected a positive integer, got '0'");
	expect_error("{\"max_position_embeddings\": [4096]}",
	             "config.json: max_position_embeddings: expected a number, "
	             "got an array");
	expect_error("{\"partial_rotary_factor\": 1.5}",
	             "config.json: partial_rotary_factor: expected a number in "
	             "(0, 1], got '1.5'");
	expect_error("{\"rotary_pct\": 0}",
	             "config.json: rotary_pct: expected a number in (0, 1], got '0'");
	expect_error("{\"rope_scaling\": \"linear\"}",
	             "config.json: rope_scaling: expected an object or null, "
	             "got a string");
	expect_error("{\"rope_parameters\": [1]}",
	             "config.json: rope_parameters: expected an object or null, "
	             "got an array");
	expect_error("{\"rope_scaling\": {\"rope_type\": 3}}",
	             "config.json: rope_scaling.rope_type: expected a string, "
	             "got a number");
	expect_error("{\"rope_scaling\": {\"type\": \"linear\", \"factor\": -2.0}}",
	             "config.json: rope_scaling.factor: expected a positive number, "
	             "got '-2.0'");
	expect_error("{\"rope_scaling\": {\"type\": \"linear\", \"factor\": 0}}",
	             "config.json: rope_scaling.factor: expected a positive number, "
	             "got '0'");
	expect_error("{\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 2,"
	             " \"truncate\": 1}}",
	             "config.json: rope_scaling.truncate: expected true or false, "
	             "got a number");
	expect_error("{\"rope_parameters\": {\"rope_type\": \"yarn\", \"factor\": 2,"
	             " \"original_max_position_embeddings\": 4096.5}}",
	             "config.json: rope_parameters.original_max_position_embeddings: "
	             "expected a positive integer, got '4096.5'");
	expect_error("{\"rope_parameters\": {\"rope_theta\": \"1e6\"}}",
	             "config.json: rope_parameters.rope_theta: expected a number, "
	             "got a string");
	expect_error("{\"text_config\": {\"rope_theta\": \"x\"}}",
	             "config.json: text_config.rope_theta: expected a number, "
	             "got a string");
}
END_TEST

START_TEST(test_lists)
{
	const char *head = "{\"hidden_size\": 16, \"num_attention_heads\": 4,"
	                   " \"rope_scaling\": {\"type\": \"longrope\",";
	char json[512];

	snprintf(json, sizeof json, "%s \"short_factor\": [1.0, \"2\"],"
	         " \"long_factor\": [1, 2]}}", head);
	expect_error(json, "config.json: rope_scaling.short_factor[1]: expected "
	             "a number, got a string");
	snprintf(json, sizeof json, "%s \"short_factor\": [1.0, 0],"
	         " \"long_factor\": [1, 2]}}", head);
	expect_error(json, "config.json: rope_scaling.short_factor[1]: expected "
	             "a positive number, got '0'");
	snprintf(json, sizeof json, "%s \"short_factor\": [1, null],"
	         " \"long_factor\": [1, 2]}}", head);
	expect_error(json, "config.json: rope_scaling.short_factor[1]: expected "
	             "a number, got null");
	snprintf(json, sizeof json, "%s \"short_factor\": 1.0,"
	         " \"long_factor\": [1, 2]}}", head);
	expect_error(json, "config.json: rope_scaling.short_factor: expected a "
	             "list of numbers, got a number");
	snprintf(json, sizeof json, "%s \"short_factor\": [],"
	         " \"long_factor\": [1, 2]}}", head);
	expect_error(json, "config.json: rope_scaling.short_factor: expected a "
	             "non-empty list of numbers");
	/* head_dim 16 / 4 = 4: one factor per rotary pair, 2 */
	snprintf(json, sizeof json, "%s \"short_factor\": [1, 1],"
	         " \"long_factor\": [1, 2, 3]}}", head);
	expect_error(json, "config.json: rope_scaling.long_factor: expected 2 "
	             "values (half the rotary dimension 4), got 3");
	/* with partial_rotary_factor 0.5 the rotary dimension is 2: one pair */
	snprintf(json, sizeof json, "{\"hidden_size\": 16,"
	         " \"num_attention_heads\": 4, \"partial_rotary_factor\": 0.5,"
	         " \"rope_scaling\": {\"type\": \"longrope\","
	         " \"short_factor\": [1, 1], \"long_factor\": [2]}}");
	expect_error(json, "config.json: rope_scaling.short_factor: expected 1 "
	             "values (half the rotary dimension 2), got 2");
}
END_TEST

START_TEST(test_semantic_errors)
{
	expect_error("{\"rope_scaling\": {\"rope_type\": \"foo\"}}",
	             "config.json: rope_scaling.rope_type: unknown rope type 'foo': "
	             "expected one of default, linear, dynamic, yarn, longrope, "
	             "llama3");
	expect_error("{\"rope_scaling\": {\"type\": \"ntk\", \"factor\": 2}}",
	             "config.json: rope_scaling.type: unknown rope type 'ntk': "
	             "expected one of default, linear, dynamic, yarn, longrope, "
	             "llama3");
	expect_error("{\"hidden_size\": 4100, \"num_attention_heads\": 32}",
	             "config.json: hidden_size: 4100 is not divisible by "
	             "num_attention_heads (32)");
	/* missing required keys raise KeyError in transformers
	 * (_check_received_keys) */
	expect_error("{\"rope_scaling\": {\"type\": \"linear\"}}",
	             "config.json: rope_scaling: missing 'factor', required for "
	             "rope type 'linear'");
	expect_error("{\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8,"
	             " \"high_freq_factor\": 4,"
	             " \"original_max_position_embeddings\": 8192}}",
	             "config.json: rope_scaling: missing 'low_freq_factor', required "
	             "for rope type 'llama3'");
	expect_error("{\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8,"
	             " \"low_freq_factor\": 1, \"high_freq_factor\": 4}}",
	             "config.json: rope_scaling: missing "
	             "'original_max_position_embeddings', required for rope type "
	             "'llama3'");
	expect_error("{\"rope_scaling\": {\"type\": \"su\","
	             " \"short_factor\": [1]}}",
	             "config.json: rope_scaling: missing 'long_factor', required for "
	             "rope type 'longrope'");
	/* llama3 smooths between the two wavelengths: high below low swaps
	 * them (equal is Llama 4's, read in test_llama4_equal_factors) */
	expect_error("{\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8,"
	             " \"low_freq_factor\": 4, \"high_freq_factor\": 2,"
	             " \"original_max_position_embeddings\": 8192}}",
	             "config.json: rope_scaling.high_freq_factor: expected a number "
	             "at least low_freq_factor (4), got 2");
}
END_TEST

/*
 * Found by tests/fuzz/fuzz_config (its corpus keeps the input as
 * config/one_line_type): a rope type holding a newline, which json-c takes
 * raw even in strict mode, made a two-line message.  Strings from the file
 * are shown with control characters escaped as JSON writes them.
 */
START_TEST(test_one_line)
{
	struct hf_rope_config c;

	expect_error("{\"rope_scaling\": {\"rope_type\": \"lla3\nam\"}}",
	             "config.json: rope_scaling.rope_type: unknown rope type "
	             "'lla3\\nam': expected one of default, linear, dynamic, "
	             "yarn, longrope, llama3");
	expect_error("{\"rope_scaling\": {\"rope_type\": \"a\\tb\\u001b\"}}",
	             "config.json: rope_scaling.rope_type: unknown rope type "
	             "'a\\tb\\x1b': expected one of default, linear, dynamic, "
	             "yarn, longrope, llama3");
	expect_error("{\"rope_parameters\": {\"full\\nattention\": {}}}",
	             "config.json: rope_parameters: per-layer-type RoPE parameters "
	             "(full\\nattention) are not supported: expected one flat "
	             "set of parameters");
	parse_ok(&c, "{\"rope_scaling\": {\"type\": \"linear\", \"factor\": 2,"
	         " \"x\\ny\": 1}}");
	ck_assert_str_eq(c.warning, "rope_scaling: ignored for rope type 'linear': "
	                 "x\\ny");
}
END_TEST


/* ---- models: the architecture table and the fields of each scheme ---- */

static struct pe_model mdl;   /* 20 KiB: not on the stack */

/* model_load_text of json, which must succeed. */
static void model_ok(const char *json)
{
	struct out_err err;

	err.msg[0] = '\0';
	ck_assert_msg(model_load_text(&mdl, "config.json", json, strlen(json),
	                              PE_N_SCHEMES, NULL, &err) == 0,
	              "%s: %s", json, err.msg);
}

static void model_error(const char *json, const char *want)
{
	struct out_err err;

	ck_assert_int_eq(model_load_text(&mdl, "config.json", json, strlen(json),
	                                 PE_N_SCHEMES, NULL, &err), -1);
	ck_assert_str_eq(err.msg, want);
}

START_TEST(test_model_ids)
{
	/* huggingface_hub validate_repo_id: [\w.-], at most one '/', no '--'
	 * or '..' */
	ck_assert(hf_is_model_id("meta-llama/Llama-3.1-8B"));
	ck_assert(hf_is_model_id("gpt2"));
	ck_assert(hf_is_model_id("Qwen/Qwen2.5-VL-7B-Instruct"));
	ck_assert(!hf_is_model_id("a/b/c"));
	ck_assert(!hf_is_model_id("../x"));
	ck_assert(!hf_is_model_id("a--b/c"));
	ck_assert(!hf_is_model_id(""));
	ck_assert(!hf_is_model_id("org/"));
	ck_assert(!hf_is_model_id("/abs"));
	ck_assert(!hf_is_model_id("a b"));
}
END_TEST

START_TEST(test_model_types)
{
	/* transformers modeling files: which scheme, which pairing */
	model_ok("{\"model_type\": \"llama\", \"hidden_size\": 4096,"
	         " \"num_attention_heads\": 32}");
	ck_assert_int_eq(mdl.kind, PE_SCHEME_ROPE);
	ck_assert_int_eq(mdl.pairing, PE_ROPE_PAIRING_HALF);
	ck_assert_uint_eq(mdl.hf.head_dim, 128);
	/* modeling_gptj.py rotate_every_two: interleaved; rotary_dim 64 */
	model_ok("{\"model_type\": \"gptj\", \"n_embd\": 4096, \"n_head\": 16,"
	         " \"rotary_dim\": 64, \"head_dim\": 256}");
	ck_assert_int_eq(mdl.pairing, PE_ROPE_PAIRING_INTERLEAVED);
	ck_assert_uint_eq(mdl.hf.rotary_dim, 64);
	/* DeepseekV3RotaryEmbedding: dim = qk_rope_head_dim, before head_dim */
	model_ok("{\"model_type\": \"deepseek_v3\", \"hidden_size\": 7168,"
	         " \"num_attention_heads\": 128, \"qk_rope_head_dim\": 64,"
	         " \"head_dim\": 192}");
	ck_assert_uint_eq(mdl.hf.head_dim, 64);
	ck_assert_str_eq(mdl.hf.from_head_dim, "qk_rope_head_dim");
	ck_assert_int_eq(mdl.pairing, PE_ROPE_PAIRING_INTERLEAVED);
	/* THUDM chatglm3-6b modeling_chatglm.py: rotary_dim = kv_channels,
	 * RotaryEmbedding(rotary_dim // 2, base 10000 * rope_ratio) */
	model_ok("{\"model_type\": \"chatglm\", \"kv_channels\": 128,"
	         " \"rope_ratio\": 500, \"hidden_size\": 4096,"
	         " \"num_attention_heads\": 32}");
	ck_assert_uint_eq(mdl.hf.head_dim, 128);
	ck_assert_double_eq(mdl.hf.partial_rotary_factor, 0.5);
	ck_assert_double_eq(mdl.hf.rope_theta, 5e6);
	/* InternVL keeps the language model in llm_config, DeepSeek-VL in
	 * language_config */
	model_ok("{\"model_type\": \"internvl_chat\", \"llm_config\": {"
	         "\"model_type\": \"qwen2\", \"hidden_size\": 896,"
	         " \"num_attention_heads\": 14, \"rope_theta\": 1000000}}");
	ck_assert_str_eq(mdl.model_type, "qwen2");
	ck_assert_uint_eq(mdl.hf.head_dim, 64);
	ck_assert_str_eq(mdl.hf.from_theta, "llm_config.rope_theta");
	model_ok("{\"language_config\": {\"model_type\": \"llama\","
	         " \"head_dim\": 128, \"rope_theta\": 10000}}");
	ck_assert_uint_eq(mdl.hf.head_dim, 128);
	/* no model_type: architectures[0] names it (an early BERT) */
	model_ok("{\"architectures\": [\"BertForMaskedLM\"],"
	         " \"max_position_embeddings\": 512, \"hidden_size\": 768}");
	ck_assert_int_eq(mdl.kind, PE_SCHEME_LEARNED);
	ck_assert_str_eq(mdl.model_type, "bert");
	ck_assert_str_eq(mdl.tensor, "bert.embeddings.position_embeddings.weight");
	ck_assert_double_eq(mdl.n_positions, 512.0);
	/* BloomConfig n_head: ALiBi */
	model_ok("{\"model_type\": \"bloom\", \"n_head\": 16}");
	ck_assert_int_eq(mdl.kind, PE_SCHEME_ALIBI);
	ck_assert_uint_eq(mdl.set.bias.n_heads, 16);
	ck_assert_str_eq(model_prov_of(&mdl, "heads"), "n_head");
	/* T5Config: buckets and distance; the encoder's tensor of layer 0 */
	model_ok("{\"model_type\": \"t5\", \"relative_attention_num_buckets\": 32,"
	         " \"relative_attention_max_distance\": 128}");
	ck_assert_int_eq(mdl.kind, PE_SCHEME_T5);
	ck_assert_int_eq(mdl.set.bias.n_buckets, 32);
	ck_assert_int_eq(mdl.set.bias.max_distance, 128);
	ck_assert_str_eq(mdl.tensor, "encoder.block.0.layer.0.SelfAttention."
	                 "relative_attention_bias.weight");
	/* baichuan-inc: hidden_size 5120 is the 13B, ALiBi; else RoPE */
	model_ok("{\"model_type\": \"baichuan\", \"hidden_size\": 5120,"
	         " \"num_attention_heads\": 40}");
	ck_assert_int_eq(mdl.kind, PE_SCHEME_ALIBI);
	ck_assert_uint_eq(mdl.set.bias.n_heads, 40);
	/* a positional field no scheme reads is named */
	model_ok("{\"model_type\": \"qwen2\", \"head_dim\": 128,"
	         " \"mrope_theta\": 5, \"vocab_size\": 10}");
	ck_assert_str_eq(mdl.warning, "mrope_theta");
}
END_TEST

START_TEST(test_model_errors)
{
	model_error("{\"model_type\": \"rwkv\"}",
	            "config.json: model_type: 'rwkv' is not a model pecli knows: "
	            "give --scheme to read it as one (see 'pecli model --help')");
	model_error("{\"hidden_size\": 768}",
	            "config.json: model_type: absent, and neither architectures nor "
	            "a RoPE field tells the model: give --scheme to read it as one");
	model_error("{\"model_type\": 5}",
	            "config.json: model_type: expected a string, got a number");
	model_error("{\"model_type\": \"bloom\", \"n_head\": 2.5}",
	            "config.json: n_head: 2.5 is out of range: expected an integer in "
	            "[1, 1024] (as --heads)");
	model_error("{\"model_type\": \"bert\", \"position_embedding_type\":"
	            " \"relative_key\"}",
	            "config.json: position_embedding_type: 'relative_key' is not "
	            "supported: expected 'absolute'");
	/* MPTConfig attn_config: without alibi, MPT learns its positions */
	model_error("{\"model_type\": \"mpt\", \"n_heads\": 32,"
	            " \"attn_config\": {\"alibi\": false}}",
	            "config.json: attn_config.alibi: expected true: MPT without ALiBi "
	            "learns a table pecli does not read from here");
	model_error("{\"model_type\": \"mpt\", \"n_heads\": 32,"
	            " \"attn_config\": {\"alibi\": true, \"alibi_bias_max\": 16}}",
	            "config.json: attn_config.alibi_bias_max: 16 is not supported: "
	            "expected 8 (the paper's slopes)");
	/* a control character is shown escaped, so the message stays one line
	 * (found by fuzz_config) */
	model_error("{\"model_type\": \"llam\\na\"}",
	            "config.json: model_type: 'llam\\na' is not a model pecli "
	            "knows: give --scheme to read it as one (see 'pecli model --help')");
	model_error("{\"model_type\": \"gpt2\", \"n_positions\": 0}",
	            "config.json: n_positions: expected a positive integer, got 0");
}
END_TEST

Suite *suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_llama31);
	tcase_add_test(tc, test_qwen_yarn);
	tcase_add_test(tc, test_gpt_neox);
	tcase_add_test(tc, test_rope_parameters);
	tcase_add_test(tc, test_legacy_type);
	tcase_add_test(tc, test_phi3_su);
	tcase_add_test(tc, test_yarn_all_keys);
	tcase_add_test(tc, test_head_dim_and_nesting);
	tcase_add_test(tc, test_read_stream);
	tcase_add_test(tc, test_presets);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_file_errors);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_wrong_types);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_semantic_errors);
	tcase_add_test(tc, test_one_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("models");
	tcase_add_test(tc, test_model_ids);
	tcase_add_test(tc, test_model_types);
	tcase_add_test(tc, test_model_errors);
	suite_add_tcase(s, tc);
	return s;
}

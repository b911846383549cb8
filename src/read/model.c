/*
 * model.c - a model folder, a config.json or a cached model id, read into
 * the scheme its architecture uses (model.h).
 *
 * Sources of the architecture table, per model_type: the Hugging Face
 * transformers modeling and configuration files of each model
 * (src/transformers/models/<type>/modeling_<type>.py and
 * configuration_<type>.py), and for ChatGLM and Baichuan the modeling code
 * their hub repositories ship (THUDM/chatglm3-6b modeling_chatglm.py,
 * baichuan-inc/Baichuan2-13B-Base modeling_baichuan.py).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json.h>

#include "read/json.h"
#include "read/model.h"
#include "read/read.h"

#define HALF PE_ROPE_PAIRING_HALF
#define INTERLEAVED PE_ROPE_PAIRING_INTERLEAVED

/*
 * What a model_type means.  pairing: how its code pairs dimensions
 * (rotate_half: half; rotate_every_two, view_as_complex or DeepSeek-V3's
 * rope_interleave: interleaved).  defs: its configuration class's
 * defaults where they differ from the generic rule (head_dim = hidden_size
 * / num_attention_heads, rope_theta 10000, the whole head rotated).
 */
static const struct arch {
	const char *model_type;
	enum pe_scheme_kind kind;
	int pairing;
	struct hf_defaults defs;
	const char *tensors[4];   /* learned, t5: the weight's names, first found;
	                             %zu: the layer */
	size_t row_offset;        /* rows before position 0 */
	int offset_extra;         /* the table has row_offset rows more than
	                             the config's count (OPT), not within it */
} archs[] = {
	/* the Llama family: rotate_half on the whole head */
	{ "llama", PE_SCHEME_ROPE, HALF, { "LlamaConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "mistral", PE_SCHEME_ROPE, HALF, { "MistralConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "mixtral", PE_SCHEME_ROPE, HALF, { "MixtralConfig", 0, 1e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen2", PE_SCHEME_ROPE, HALF, { "Qwen2Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen2_moe", PE_SCHEME_ROPE, HALF, { "Qwen2MoeConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3", PE_SCHEME_ROPE, HALF, { "Qwen3Config", 128, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3_moe", PE_SCHEME_ROPE, HALF, { "Qwen3MoeConfig", 128, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "gemma", PE_SCHEME_ROPE, HALF, { "GemmaConfig", 256, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "gemma2", PE_SCHEME_ROPE, HALF, { "Gemma2Config", 256, 0, 0, 0 }, { NULL }, 0, 0 },
	/* Gemma 3: the global layers' rotation (rope_local_base_freq is the
	 * sliding layers', issue 20) */
	{ "gemma3_text", PE_SCHEME_ROPE, HALF, { "Gemma3TextConfig", 256, 1e6, 0, 131072 }, { NULL }, 0, 0 },
	{ "cohere2", PE_SCHEME_ROPE, INTERLEAVED, { "Cohere2Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	/* ModernBERT: rotate_half; its bases are per layer type (layers.c) */
	{ "modernbert", PE_SCHEME_ROPE, HALF, { "ModernBertConfig", 0, 160000, 0, 0 }, { NULL }, 0, 0 },
	/* Llama 4: complex pairs (view_as_complex): interleaved; NoPE layers */
	{ "llama4_text", PE_SCHEME_ROPE, INTERLEAVED, { "Llama4TextConfig", 128, 500000, 0, 0 }, { NULL }, 0, 0 },
	{ "phi3", PE_SCHEME_ROPE, HALF, { "Phi3Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "phi", PE_SCHEME_ROPE, HALF, { "PhiConfig", 0, 0, 0.5, 0 }, { NULL }, 0, 0 },
	{ "stablelm", PE_SCHEME_ROPE, HALF, { "StableLmConfig", 0, 0, 0.25, 0 }, { NULL }, 0, 0 },
	{ "persimmon", PE_SCHEME_ROPE, HALF, { "PersimmonConfig", 0, 25000, 0.5, 0 }, { NULL }, 0, 0 },
	{ "gpt_neox", PE_SCHEME_ROPE, HALF, { "GPTNeoXConfig", 0, 0, 0.25, 0 }, { NULL }, 0, 0 },
	{ "olmo", PE_SCHEME_ROPE, HALF, { "OlmoConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "olmo2", PE_SCHEME_ROPE, HALF, { "Olmo2Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "granite", PE_SCHEME_ROPE, HALF, { "GraniteConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "starcoder2", PE_SCHEME_ROPE, HALF, { "Starcoder2Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "gpt_oss", PE_SCHEME_ROPE, HALF, { "GptOssConfig", 64, 150000, 0, 0 }, { NULL }, 0, 0 },
	/* M-RoPE (mrope.c): Qwen2VLTextConfig, Qwen2_5_VLTextConfig,
	 * Qwen3VLTextConfig (head_dim 128, rope_theta 5000000) in
	 * configuration_qwen*_vl.py; rotate_half */
	{ "qwen2_vl", PE_SCHEME_MROPE, HALF, { "Qwen2VLConfig", 0, 1e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen2_vl_text", PE_SCHEME_MROPE, HALF, { "Qwen2VLTextConfig", 0, 1e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen2_5_vl", PE_SCHEME_MROPE, HALF, { "Qwen2_5_VLConfig", 0, 1e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen2_5_vl_text", PE_SCHEME_MROPE, HALF, { "Qwen2_5_VLTextConfig", 0, 1e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3_vl", PE_SCHEME_MROPE, HALF, { "Qwen3VLConfig", 128, 5e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3_vl_text", PE_SCHEME_MROPE, HALF, { "Qwen3VLTextConfig", 128, 5e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3_vl_moe", PE_SCHEME_MROPE, HALF, { "Qwen3VLMoeConfig", 128, 5e6, 0, 0 }, { NULL }, 0, 0 },
	{ "qwen3_vl_moe_text", PE_SCHEME_MROPE, HALF, { "Qwen3VLMoeTextConfig", 128, 5e6, 0, 0 }, { NULL }, 0, 0 },
	/* rotate_every_two / complex pairs: interleaved */
	{ "gptj", PE_SCHEME_ROPE, INTERLEAVED, { "GPTJConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "codegen", PE_SCHEME_ROPE, INTERLEAVED, { "CodeGenConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "cohere", PE_SCHEME_ROPE, INTERLEAVED, { "CohereConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "glm", PE_SCHEME_ROPE, INTERLEAVED, { "GlmConfig", 0, 0, 0.5, 0 }, { NULL }, 0, 0 },
	{ "glm4", PE_SCHEME_ROPE, INTERLEAVED, { "Glm4Config", 0, 0, 0.5, 0 }, { NULL }, 0, 0 },
	{ "chatglm", PE_SCHEME_ROPE, INTERLEAVED, { "ChatGLMConfig", 0, 0, 0.5, 0 }, { NULL }, 0, 0 },
	{ "deepseek_v2", PE_SCHEME_ROPE, INTERLEAVED, { "DeepseekV2Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "deepseek_v3", PE_SCHEME_ROPE, INTERLEAVED, { "DeepseekV3Config", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	/* learned absolute tables */
	{ "gpt2", PE_SCHEME_LEARNED, HALF, { "GPT2Config", 0, 0, 0, 0 },
	  { "wpe.weight", "transformer.wpe.weight", NULL }, 0, 0 },
	/* OPTLearnedPositionalEmbedding: offset 2 */
	{ "opt", PE_SCHEME_LEARNED, HALF, { "OPTConfig", 0, 0, 0, 0 },
	  { "model.decoder.embed_positions.weight", "decoder.embed_positions.weight", NULL }, 2, 1 },
	{ "bert", PE_SCHEME_LEARNED, HALF, { "BertConfig", 0, 0, 0, 0 },
	  { "bert.embeddings.position_embeddings.weight",
	    "embeddings.position_embeddings.weight", NULL }, 0, 0 },
	/* RobertaEmbeddings: positions start at padding_idx + 1 = 2 */
	{ "roberta", PE_SCHEME_LEARNED, HALF, { "RobertaConfig", 0, 0, 0, 0 },
	  { "roberta.embeddings.position_embeddings.weight",
	    "embeddings.position_embeddings.weight", NULL }, 2, 0 },
	/* relative attention bias (T5Attention): the encoder's, bidirectional */
	{ "t5", PE_SCHEME_T5, HALF, { "T5Config", 0, 0, 0, 0 },
	  { "encoder.block.%zu.layer.0.SelfAttention.relative_attention_bias.weight", NULL }, 0, 0 },
	{ "mt5", PE_SCHEME_T5, HALF, { "MT5Config", 0, 0, 0, 0 },
	  { "encoder.block.%zu.layer.0.SelfAttention.relative_attention_bias.weight", NULL }, 0, 0 },
	/* ALiBi */
	{ "bloom", PE_SCHEME_ALIBI, HALF, { "BloomConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
	{ "mpt", PE_SCHEME_ALIBI, HALF, { "MPTConfig", 0, 0, 0, 0 }, { NULL }, 0, 0 },
};
#define N_ARCHS (sizeof archs / sizeof archs[0])

static const struct arch *arch_find(const char *type)
{
	for (size_t i = 0; i < N_ARCHS; i++)
		if (!strcmp(archs[i].model_type, type))
			return &archs[i];
	return NULL;
}

void model_prov_add(struct pe_model *m, const char *opt, const char *fmt, ...)
{
	va_list ap;

	for (size_t i = 0; i < m->n_prov; i++)
		if (!strcmp(m->prov[i].opt, opt)) {
			va_start(ap, fmt);
			vsnprintf(m->prov[i].from, sizeof m->prov[i].from, fmt, ap);
			va_end(ap);
			return;
		}
	if (m->n_prov >= MODEL_PROV_MAX)
		return;
	snprintf(m->prov[m->n_prov].opt, sizeof m->prov[m->n_prov].opt, "%s", opt);
	va_start(ap, fmt);
	vsnprintf(m->prov[m->n_prov].from, sizeof m->prov[m->n_prov].from, fmt, ap);
	va_end(ap);
	m->n_prov++;
}

const char *model_prov_of(const struct pe_model *m, const char *opt)
{
	for (size_t i = 0; i < m->n_prov; i++)
		if (!strcmp(m->prov[i].opt, opt))
			return m->prov[i].from;
	return NULL;
}

/* ---- where the model is ---- */

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* m->dir and m->config from arg: a folder, a file, or a cached id. */
static int locate(struct pe_model *m, const char *arg, const char *revision,
                  int ids, struct out_err *err)
{
	struct stat st;

	if (ids && stat(arg, &st) != 0 && hf_is_model_id(arg)) {
		if (hf_cache_resolve(arg, revision, m->dir, sizeof m->dir, err) != 0)
			return -1;
	} else if (is_dir(arg)) {
		snprintf(m->dir, sizeof m->dir, "%s", arg);
	} else {
		if (revision)
			return out_fail(err, "option '--revision' applies to a model id in "
			                "the Hugging Face cache, not the file '%s'", arg);
		snprintf(m->config, sizeof m->config, "%s", arg);
		return 0;
	}
	if (snprintf(m->config, sizeof m->config, "%s/config.json", m->dir)
	    >= (int)sizeof m->config)
		return out_fail(err, "%s: path too long", m->dir);
	if (stat(m->config, &st) != 0)
		return out_fail(err, "%s: no config.json in this folder: expected a "
		                "Hugging Face model folder", m->dir);
	return 0;
}

/* ---- reading fields ---- */

static json_object *member(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

/* obj[key], where key may be "a.b" (a member of a member). */
static json_object *member_path(json_object *obj, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[64];

	if (!dot)
		return member(obj, key);
	snprintf(head, sizeof head, "%.*s", (int)(dot - key), key);
	obj = member(obj, head);
	return obj && json_object_is_type(obj, json_type_object)
	       ? member_path(obj, dot + 1) : NULL;
}

/* A string member, "" when absent; -1 when it is not a string.  Control
 * characters are kept escaped (\n, out_shown), so that every message and cell
 * that shows the string stays one line. */
static int get_string(const char *name, const char *pfx, json_object *obj,
                      const char *key, char *out, size_t size, struct out_err *err)
{
	json_object *v = member(obj, key);

	out[0] = '\0';
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return out_fail(err, "%s: %s%s: expected a string, got %s", name, pfx,
		                key, json_kind(v));
	out_shown(out, size, json_object_get_string(v));
	return 0;
}

/* A list field (mrope_section): an array of up to o->hi numbers >= 0,
 * kept in m and pointed to from m->set. */
static int read_list(struct pe_model *m, const char *path, const struct pe_opt *o,
                     json_object *v, char *dest, struct out_err *err)
{
	size_t n, cap = sizeof m->set_lists[0] / sizeof m->set_lists[0][0];
	double *buf;

	if (!json_object_is_type(v, json_type_array))
		return out_fail(err, "%s: %s: expected a list of numbers, got %s", m->config,
		                path, json_kind(v));
	n = json_object_array_length(v);
	if (n == 0 || n > (size_t)o->hi || n > cap
	    || m->n_set_lists >= sizeof m->set_lists / sizeof m->set_lists[0])
		return out_fail(err, "%s: %s: expected 1 to %.0f numbers, got %zu", m->config,
		                path, o->hi, n);
	buf = m->set_lists[m->n_set_lists++];
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		if (!e || !(json_object_is_type(e, json_type_int)
		            || json_object_is_type(e, json_type_double))
		    || !isfinite(json_object_get_double(e)) || json_object_get_double(e) < 0.0)
			return out_fail(err, "%s: %s[%zu]: expected a number >= 0, got %s",
			                m->config, path, i, e ? json_text(e, JSON_C_TO_STRING_SPACED) : "null");
		buf[i] = json_object_get_double(e);
	}
	*(const double **)(void *)dest = buf;
	*(size_t *)(void *)((char *)&m->set + o->count_offset) = n;
	return 0;
}

/* Store the config value v of field f into m->set as its option reads it. */
static int read_field(struct pe_model *m, const char *path,
                      const struct pe_cfg_field *f, json_object *v,
                      struct out_err *err)
{
	const struct pe_opt *o = f->opt;
	char *dest;
	double x;

	if (!o)
		return 0;
	dest = (char *)&m->set + o->offset;
	if (o->type == PE_OPT_LIST) {
		if (read_list(m, path, o, v, dest, err) != 0)
			return -1;
	} else if (f->how == PE_CFG_TRUE || o->type == PE_OPT_FLAG) {
		if (!json_object_is_type(v, json_type_boolean))
			return out_fail(err, "%s: %s: expected true or false, got %s",
			                m->config, path, json_kind(v));
		*(int *)(void *)dest = json_object_get_boolean(v);
	} else {
		if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
			return out_fail(err, "%s: %s: expected a number, got %s", m->config,
			                path, json_kind(v));
		x = json_object_get_double(v);
		if ((o->type == PE_OPT_INT && (x != floor(x) || x < o->lo || x > o->hi))
		    || !isfinite(x) || (o->type == PE_OPT_ABOVE && !(x > o->lo))
		    || (o->type == PE_OPT_AT_LEAST && !(x >= o->lo)))
			return out_fail(err, "%s: %s: %s is out of range: expected %s in "
			                "[%.17g, %.17g] (as --%s)", m->config, path,
			                json_text(v, JSON_C_TO_STRING_SPACED),
			                o->type == PE_OPT_INT ? "an integer" : "a number",
			                o->lo, o->hi, o->name);
		switch (o->field) {
		case PE_FIELD_INT:    *(int *)(void *)dest = (int)x; break;
		case PE_FIELD_SIZE:   *(size_t *)(void *)dest = (size_t)x; break;
		case PE_FIELD_DOUBLE: *(double *)(void *)dest = x; break;
		default:
			return out_fail(err, "%s: %s: cannot be read into --%s", m->config,
			                path, o->name);
		}
	}
	model_set_opt(m, o, path);
	return 0;
}

void model_set_opt(struct pe_model *m, const struct pe_opt *opt, const char *from)
{
	for (size_t i = 0; i < m->n_set; i++)
		if (m->set_opts[i] == opt)
			return;
	if (m->n_set < sizeof m->set_opts / sizeof m->set_opts[0])
		m->set_opts[m->n_set++] = opt;
	model_prov_add(m, opt->name, "%s", from);
}

/* The fields of a scheme other than the rotary family: for each option,
 * the first of its fields present. */
static int read_fields(struct pe_model *m, json_object *obj, const char *pfx,
                       struct out_err *err)
{
	const struct pe_cfg_field *f = pe_schemes[m->kind]->fields;
	char path[128];

	for (; f && f->key; f++) {
		json_object *v = member_path(obj, f->key);

		if (!v || f->how == PE_CFG_HF_ROPE)
			continue;
		snprintf(path, sizeof path, "%s%s", pfx, f->key);
		if (!f->opt) {   /* a learned table's rows */
			if (!isnan(m->n_positions))
				continue;
			if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1)
				return out_fail(err, "%s: %s: expected a positive integer, got %s",
				                m->config, path, json_text(v, JSON_C_TO_STRING_SPACED));
			m->n_positions = (double)json_object_get_int64(v);
			model_prov_add(m, "n", "%s", path);
			continue;
		}
		if (model_prov_of(m, f->opt->name))
			continue;   /* an earlier field gave it */
		if (read_field(m, path, f, v, err) != 0)
			return -1;
	}
	return 0;
}

/* ---- fields no scheme reads: named in a warning ---- */

/* Positional fields pecli knows and reads elsewhere or on purpose ignores. */
static const char *const known_keys[] = {
	"position_embedding_type", "max_position_embeddings", "n_positions",
	"use_sliding_window", "sliding_window", "max_window_layers",
	"rope_scaling", "rope_parameters", "pad_token_id",
	/* read by layers.c */
	"layer_types", "sliding_window_pattern", "rope_local_base_freq",
	"global_rope_theta", "local_rope_theta", "global_attn_every_n_layers",
	"no_rope_layers", "no_rope_layer_interval",
};

static int is_positional(const char *key)
{
	static const char *const words[] = {
		"rope", "rotary", "position", "alibi", "relative_attention", "theta",
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(key, words[i]))
			return 1;
	return 0;
}

static int is_read(const char *key)
{
	for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++)
		if (!strcmp(key, known_keys[i]))
			return 1;
	for (size_t s = 0; s < PE_N_SCHEMES; s++)
		for (const struct pe_cfg_field *f = pe_schemes[s]->fields; f && f->key; f++)
			if (!strcmp(f->key, key))
				return 1;
	return 0;
}

static void warn_unread(struct pe_model *m, json_object *obj, const char *pfx)
{
	size_t used = strlen(m->warning);

	json_object_object_foreach(obj, key, val) {
		char shown[96];

		(void)val;
		if (!is_positional(key) || is_read(key))
			continue;
		used += (size_t)snprintf(m->warning + used,
		                         used < sizeof m->warning ? sizeof m->warning - used : 0,
		                         "%s%s%s", used ? ", " : "", pfx,
		                         out_shown(shown, sizeof shown, key));
		if (used >= sizeof m->warning) {
			m->warning[sizeof m->warning - 1] = '\0';
			break;
		}
	}
}

/* ---- checks of one model family or another ---- */

/* What pecli cannot reproduce exactly is refused, naming the field. */
static int check_family(struct pe_model *m, json_object *obj, const char *pfx,
                        struct out_err *err)
{
	json_object *v;
	char s[64];

	if (get_string(m->config, pfx, obj, "position_embedding_type", s, sizeof s, err) != 0)
		return -1;
	if (s[0] && strcmp(s, "absolute") != 0)
		return out_fail(err, "%s: %sposition_embedding_type: '%s' is not supported: "
		                "expected 'absolute'", m->config, pfx, s);
	if (!strcmp(m->model_type, "mpt")) {
		/* MPTConfig attn_config: alibi (default False, then a learned wpe),
		 * alibi_bias_max 8; gen_slopes orders the slopes of a head count
		 * that is not a power of two differently from the paper */
		v = member_path(obj, "attn_config.alibi");
		if (!v || !json_object_is_type(v, json_type_boolean) || !json_object_get_boolean(v))
			return out_fail(err, "%s: %sattn_config.alibi: expected true: MPT without "
			                "ALiBi learns a table pecli does not read from here",
			                m->config, pfx);
		v = member_path(obj, "attn_config.alibi_bias_max");
		if (v && json_object_get_double(v) != 8.0)
			return out_fail(err, "%s: %sattn_config.alibi_bias_max: %s is not "
			                "supported: expected 8 (the paper's slopes)", m->config,
			                pfx, json_text(v, JSON_C_TO_STRING_SPACED));
	}
	return 0;
}

/* After read_fields: MPT's head count must be a power of two (gen_slopes). */
static int check_heads(const struct pe_model *m, struct out_err *err)
{
	size_t h = m->set.bias.n_heads;

	if (m->kind == PE_SCHEME_ALIBI && !strcmp(m->model_type, "mpt") && h && (h & (h - 1)))
		return out_fail(err, "%s: n_heads: %zu is not supported for MPT: its "
		                "gen_slopes orders the slopes of a head count that is not a "
		                "power of two its own way", m->config, h);
	return 0;
}

/* A config without model_type (transformers before 2.x saved none): the
 * architecture's class name, less its head, names the type: "Roberta" of
 * RobertaForMaskedLM is roberta, "GPT2" of GPT2LMHeadModel gpt2. */
static void type_from_arch(struct pe_model *m)
{
	static const char *const heads[] = {
		"ForCausalLM", "LMHeadModel", "ForMaskedLM", "ForConditionalGeneration",
		"ForSequenceClassification", "ForPreTraining", "Model",
	};
	char base[128];
	size_t len;

	snprintf(base, sizeof base, "%s", m->arch);
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		char *at = strstr(base, heads[i]);

		if (at && at > base) {
			*at = '\0';
			break;
		}
	}
	len = strlen(base);
	for (size_t a = 0; a < N_ARCHS; a++) {
		const char *t = archs[a].model_type;
		size_t i = 0, j = 0;

		/* "GPTNeoX" is gpt_neox: compare without case and underscores */
		for (; t[i] && j < len; i++) {
			if (t[i] == '_')
				continue;
			if ((base[j] | 0x20) != t[i])
				break;
			j++;
		}
		if (!t[i] && j == len) {
			snprintf(m->model_type, sizeof m->model_type, "%s", t);
			snprintf(m->type_from, sizeof m->type_from, "architectures[0]");
			return;
		}
	}
}

/* The text model's type: text_config's model_type, else the root's. */
static int read_types(struct pe_model *m, json_object *root, json_object *obj,
                      const char *pfx, struct out_err *err)
{
	json_object *archs_v = member(root, "architectures");

	if (get_string(m->config, pfx, obj, "model_type", m->model_type,
	               sizeof m->model_type, err) != 0)
		return -1;
	if (!m->model_type[0] && obj != root
	    && get_string(m->config, "", root, "model_type", m->model_type,
	                  sizeof m->model_type, err) != 0)
		return -1;
	if (archs_v && json_object_is_type(archs_v, json_type_array)
	    && json_object_array_length(archs_v) > 0) {
		json_object *a = json_object_array_get_idx(archs_v, 0);

		if (a && json_object_is_type(a, json_type_string))
			out_shown(m->arch, sizeof m->arch, json_object_get_string(a));
	}
	if (m->model_type[0])
		snprintf(m->type_from, sizeof m->type_from, "%smodel_type", pfx);
	else if (m->arch[0])
		type_from_arch(m);
	/* a multimodal Gemma 3 keeps a gemma3_text model in text_config
	 * without always naming it */
	if (!strcmp(m->model_type, "gemma3"))
		snprintf(m->model_type, sizeof m->model_type, "gemma3_text");
	if (!strcmp(m->model_type, "llama4"))
		snprintf(m->model_type, sizeof m->model_type, "llama4_text");
	return 0;
}

/* Baichuan: the 13B models (hidden_size 5120) use ALiBi, the 7B RoPE
 * (baichuan-inc's modeling_baichuan.py of each). */
static const struct arch baichuan_13b = {
	"baichuan", PE_SCHEME_ALIBI, HALF, { "BaichuanConfig", 0, 0, 0, 0 }, { NULL }, 0, 0
};
static const struct arch baichuan_7b = {
	"baichuan", PE_SCHEME_ROPE, HALF, { "BaichuanConfig", 0, 0, 0, 0 }, { NULL }, 0, 0
};

static const struct arch *pick_arch(const struct pe_model *m, json_object *obj)
{
	if (!strcmp(m->model_type, "baichuan")) {
		json_object *v = member(obj, "hidden_size");

		return v && json_object_get_int64(v) == 5120 ? &baichuan_13b : &baichuan_7b;
	}
	return arch_find(m->model_type);
}

/* The tensor of the weights: --tensor, else the architecture's names with
 * the layer put in. */
static void pick_tensor(struct pe_model *m, const struct arch *a, size_t layer,
                        const char *tensor)
{
	size_t k = 0;

	if (tensor) {
		snprintf(m->tensor, sizeof m->tensor, "%s", tensor);
		return;
	}
	for (size_t i = 0; a && i < 4 && a->tensors[i]; i++) {
		static char names[4][256];

		if (strstr(a->tensors[i], "%zu")) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(names[k], sizeof names[k], a->tensors[i], layer);
#pragma GCC diagnostic pop
		} else {
			snprintf(names[k], sizeof names[k], "%s", a->tensors[i]);
		}
		m->tensors[k] = names[k];
		k++;
	}
	if (k)
		snprintf(m->tensor, sizeof m->tensor, "%s", m->tensors[0]);
}

/* Whether a config without a type holds a rotary field (read as Llama's). */
static int has_rope_field(json_object *obj)
{
	static const char *const keys[] = {
		"rope_theta", "rope_scaling", "rope_parameters", "rotary_emb_base",
		"partial_rotary_factor", "rotary_pct", "rotary_dim", "qk_rope_head_dim",
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (member(obj, keys[i]))
			return 1;
	return 0;
}

/* A NoPE layer type whose code tunes the attention temperature (Llama 4):
 * the nope scheme's fields, with attn_temperature_tuning true when absent
 * (the default of the configuration class cls). */
static int read_tuning(struct pe_model *m, json_object *obj, const char *pfx,
                       const char *cls, struct out_err *err)
{
	static const char key[] = "attn_temperature_tuning";
	const struct pe_cfg_field *f;
	char path[128];
	json_object *yes;
	int rc = 0;

	if (read_fields(m, obj, pfx, err) != 0)
		return -1;
	for (f = pe_schemes[m->kind]->fields; f && f->key; f++)
		if (!strcmp(f->key, key) && f->opt && !model_prov_of(m, f->opt->name)) {
			snprintf(path, sizeof path, "%s%s (default of %s)", pfx, key, cls);
			yes = json_object_new_boolean(1);
			if (!yes)
				return out_fault(err, "%s: out of memory", m->config);
			rc = read_field(m, path, f, yes, err);
			json_object_put(yes);
		}
	return rc;
}

static int read_model(struct pe_model *m, json_object *root, enum pe_scheme_kind force,
                      const struct model_pick *pick, struct out_err *err)
{
	json_object *obj;
	const char *pfx;
	const struct arch *a;

	if (pick && pick->tower)
		return model_read_vision(m, root, force, err);
	if (hf_text_config(root, m->config, &obj, &pfx, err) != 0
	    || read_types(m, root, obj, pfx, err) != 0)
		return -1;
	a = pick_arch(m, obj);
	if (force != PE_N_SCHEMES) {
		m->kind = force;
	} else if (a) {
		m->kind = a->kind;
	} else if (m->model_type[0]) {
		return out_fail(err, "%s: %smodel_type: '%s' is not a model pecli knows: "
		                "give --scheme to read it as one (see 'pecli model --help')",
		                m->config, pfx, m->model_type);
	} else if (has_rope_field(obj)) {
		m->kind = PE_SCHEME_ROPE;   /* no model_type: a Llama-style rope config */
	} else {
		return out_fail(err, "%s: %smodel_type: absent, and neither architectures "
		                "nor a RoPE field tells the model: give --scheme to read it "
		                "as one", m->config, pfx);
	}
	m->pairing = a ? a->pairing : HALF;
	m->row_offset = a ? a->row_offset : 0;
	m->offset_extra = a ? a->offset_extra : 0;
	if (check_family(m, obj, pfx, err) != 0)
		return -1;
	if (pe_schemes[m->kind]->traits & PE_TRAIT_ROTARY) {
		/* the layer types first: a rope_parameters of one set per type
		 * (transformers 5) is read for the type in force */
		if (model_read_layers(m, obj, pfx, pick, err) != 0)
			return -1;
		if (m->n_types && m->types[m->used].tuned && m->kind == PE_SCHEME_NOPE
		    && (force == PE_N_SCHEMES || force == PE_SCHEME_NOPE)
		    && read_tuning(m, obj, pfx, a ? a->defs.cls : "its class", err) != 0)
			return -1;
		if (hf_config_from_json(&m->hf, root, m->config, a ? &a->defs : NULL,
		                        m->n_types ? m->types[m->used].name : NULL, err) != 0)
			return -1;
		if (m->hf.warning[0])
			snprintf(m->warning, sizeof m->warning, "%s", m->hf.warning);
		if (read_fields(m, obj, pfx, err) != 0)   /* the scheme's own (mrope) */
			return -1;
		/* DeepseekV3Config.rope_interleave (default True) */
		json_object *ri = member(obj, "rope_interleave");
		if (ri && json_object_is_type(ri, json_type_boolean))
			m->pairing = json_object_get_boolean(ri) ? INTERLEAVED : HALF;
		if (force != PE_N_SCHEMES)
			m->kind = force;   /* --scheme over a NoPE layer type */
	} else {
		if (pick && pick->layer_type)
			return out_fail(err, "option '--layer-type' applies to a model whose "
			                "layers differ, not %s", m->config);
		if (pick && pick->layer != MODEL_NO_LAYER && m->kind != PE_SCHEME_T5)
			return out_fail(err, "option '--layer' applies to a model whose layers "
			                "differ, or to T5: every layer of %s has the same "
			                "encoding", m->config);
		if (read_fields(m, obj, pfx, err) != 0 || check_heads(m, err) != 0)
			return -1;
		pick_tensor(m, a, pick && pick->layer != MODEL_NO_LAYER ? pick->layer : 0,
		            pick ? pick->tensor : NULL);
	}
	warn_unread(m, obj, pfx);
	return 0;
}

static void model_init(struct pe_model *m, const char *name)
{
	memset(m, 0, sizeof *m);
	m->n_positions = NAN;
	hf_config_init(&m->hf, name);
	snprintf(m->name, sizeof m->name, "%s", name);
}

/* The config text of m (m->config names it) read into m. */
static int read_text(struct pe_model *m, const char *text, size_t len,
                     enum pe_scheme_kind force, const struct model_pick *pick,
                     struct out_err *err)
{
	json_object *root;
	int rc;

	if (hf_json_parse(&root, text, len, m->config, err) != 0)
		return -1;
	rc = read_model(m, root, force, pick, err);
	json_object_put(root);
	return rc;
}

int model_load(struct pe_model *m, const char *arg, int ids, const char *revision,
               enum pe_scheme_kind force, const struct model_pick *pick,
               struct out_err *err)
{
	char *text;
	size_t len;
	int rc;

	model_init(m, arg);
	if (locate(m, arg, revision, ids, err) != 0
	    || hf_read_file(&text, &len, m->config, err) != 0)
		return -1;
	rc = read_text(m, text, len, force, pick, err);
	free(text);
	return rc;
}

int model_load_text(struct pe_model *m, const char *name, const char *text,
                    size_t len, enum pe_scheme_kind force,
                    const struct model_pick *pick, struct out_err *err)
{
	model_init(m, name);
	snprintf(m->config, sizeof m->config, "%s", name);
	return read_text(m, text, len, force, pick, err);
}

/* The values read from the scheme's own fields (m->set) into cfg. */
static void apply_set(struct pe_scheme_cfg *cfg, const struct pe_model *m)
{
	for (size_t i = 0; i < m->n_set; i++) {
		const struct pe_opt *o = m->set_opts[i];
		size_t size = o->field == PE_FIELD_INT ? sizeof(int)
		            : o->field == PE_FIELD_SIZE ? sizeof(size_t)
		            : o->field == PE_FIELD_LIST ? sizeof(const double *) : sizeof(double);

		memcpy((char *)cfg + o->offset, (const char *)&m->set + o->offset, size);
		if (o->field == PE_FIELD_LIST)
			memcpy((char *)cfg + o->count_offset,
			       (const char *)&m->set + o->count_offset, sizeof(size_t));
	}
}

int model_apply(struct pe_scheme_cfg *cfg, struct pe_model *m, struct out_err *err)
{
	if (m->tower) {   /* the vision tower: read whole by vision.c */
		apply_set(cfg, m);
		cfg->rope.pairing = m->pairing;
		model_prov_add(m, "pairing", "the vision tower's rotate_half");
		return 0;
	}
	if (pe_schemes[m->kind]->traits & PE_TRAIT_ROTARY) {
		struct hf_prov p[MODEL_PROV_MAX];
		size_t n;

		if (hf_config_apply(cfg, &m->hf, m->config, err) != 0)
			return -1;
		cfg->rope.pairing = m->pairing;
		n = hf_config_prov(&m->hf, p, MODEL_PROV_MAX);
		for (size_t i = 0; i < n; i++)
			model_prov_add(m, p[i].opt, "%s", p[i].from);
		if (m->model_type[0])
			model_prov_add(m, "pairing", "the modeling code of %s", m->model_type);
		model_apply_layer(cfg, m);
		apply_set(cfg, m);
		return 0;
	}
	if (m->n_types && m->types[m->used].nope && m->hf.head_dim) {
		/* a NoPE layer: no code, the head's dimension; its own fields
		 * (Llama 4's temperature) below */
		cfg->n_dim = m->hf.head_dim;
		model_prov_add(m, "d", "%s", m->hf.from_head_dim);
	}
	apply_set(cfg, m);
	if (m->kind == PE_SCHEME_T5) {
		cfg->bias.bidirectional = 1;   /* the encoder's (T5Attention) */
		model_prov_add(m, "bidirectional", "the encoder's bias (T5Attention)");
	}
	return 0;
}

/* ---- weights ---- */

int model_read_weights(struct pe_model *m, struct pe_learned *t, struct out_err *err)
{
	const char *only[2] = { m->tensor, NULL };
	const char *const *names = m->tensors[0] ? m->tensors : only;
	const char *found = NULL;
	char tried[384] = "";
	size_t used = 0;
	int rc = 1;

	if (!m->dir[0]) {
		out_fail(err, "%s: a config.json alone holds no weights: give the model's "
		         "folder, with its model.safetensors", m->config);
		return 1;
	}
	if (!m->tensor[0]) {
		out_fail(err, "%s: model_type '%s' names no tensor to read: give --tensor",
		         m->config, m->model_type);
		return 1;
	}
	for (size_t i = 0; names[i] && i < 4; i++) {
		rc = st_locate(m->dir, names[i], m->tensor_file, sizeof m->tensor_file, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			found = names[i];
			break;
		}
		if (used < sizeof tried)
			used += (size_t)snprintf(tried + used, sizeof tried - used, "%s'%s'",
			                         used ? ", " : "", names[i]);
	}
	if (!found) {
		if (names != only)
			out_fail(err, "%s: no tensor %s in the model's weights", m->dir, tried);
		return 1;
	}
	if (found != m->tensor)
		snprintf(m->tensor, sizeof m->tensor, "%s", found);
	if (table_file_read_tensor(t, m->tensor_file, found, err) != 0)
		return -1;
	snprintf(m->tensor_shape, sizeof m->tensor_shape, "%zu x %zu", t->n_pos, t->n_dim);
	/* transformers refuses a checkpoint whose shape is not the config's;
	 * a tensor --tensor names is the user's choice */
	if (names != only && !isnan(m->n_positions)
	    && (double)t->n_pos != m->n_positions + (m->offset_extra ? (double)m->row_offset : 0)) {
		pe_learned_free(t);
		return out_fail(err, "%s: tensor '%s' has shape %s, but %s says %.17g "
		                "positions%s", m->tensor_file, found, m->tensor_shape,
		                model_prov_of(m, "n") ? model_prov_of(m, "n") : "the config",
		                m->n_positions, m->offset_extra ? " (plus the 2 rows before them)" : "");
	}
	if (m->row_offset) {
		if (t->n_pos <= m->row_offset) {
			pe_learned_free(t);
			return out_fail(err, "%s: tensor '%s' has %s rows: expected more than "
			                "the %zu before position 0", m->tensor_file, found,
			                m->tensor_shape, m->row_offset);
		}
		memmove(t->data, t->data + m->row_offset * t->n_dim,
		        (t->n_pos - m->row_offset) * t->n_dim * sizeof *t->data);
		t->n_pos -= m->row_offset;
	}
	return 0;
}

/*
 * hfconfig.h - the RoPE settings of a Hugging Face model config.json, and a
 * table of built-in presets, as one plain struct.
 *
 * The reader follows Hugging Face transformers (modeling_rope_utils.py:
 * standardize_rope_params, the _validate_*_rope_parameters checks,
 * _check_received_keys; configuration_gpt_neox.py; configuration_phi3.py):
 *
 *   rope_theta          rope_parameters.rope_theta, else top-level rope_theta,
 *                       else rotary_emb_base (GPT-NeoX); NAN when absent
 *                       (transformers then uses 10000)
 *   head_dim            head_dim when present and not null, else
 *                       hidden_size / num_attention_heads (exact division)
 *   partial factor      partial_rotary_factor (top level, then nested),
 *                       else rotary_pct (GPT-NeoX); model_type "gpt_neox"
 *                       without either means 0.25, as GPTNeoXConfig does
 *   scaling             rope_scaling (transformers <= 4.x) or
 *                       rope_parameters (5.x, flat form only); "type" is the
 *                       legacy spelling of "rope_type"; "su" means longrope
 *                       (Phi-3), "default" and "mrope" (Qwen2-VL) mean none
 *
 * A JSON null counts as absent, as a Python None does in transformers.
 * Keys that the rope type does not use are ignored, as transformers does
 * (it logs them); they are named in c->warning.  Errors are lower-case, no
 * final period, and name the file, the field and the value:
 *
 *   config.json: rope_theta: expected a number, got a string
 */
#ifndef PECLI_HFCONFIG_H
#define PECLI_HFCONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "pe/pe.h"
#include "util/err.h"

/* Largest short_factor / long_factor list (pe.h) */
#define HF_FACTOR_MAX PE_ROPE_FACTORS_MAX
/* A config.json is a few KiB; anything past this is not one. */
#define HF_CONFIG_MAX_BYTES ((size_t)64 << 20)

enum hf_rope_type {
	HF_ROPE_DEFAULT,
	HF_ROPE_LINEAR,
	HF_ROPE_DYNAMIC,
	HF_ROPE_YARN,
	HF_ROPE_LONGROPE,
	HF_ROPE_LLAMA3
};

struct hf_rope_config {
	char source[64];              /* file name or "preset NAME" */
	double rope_theta;            /* NAN if absent */
	size_t head_dim;              /* 0 if unknown */
	double partial_rotary_factor; /* in (0, 1]; NAN if absent (means 1) */
	double max_position_embeddings;  /* NAN if absent */
	enum hf_rope_type type;       /* DEFAULT without scaling */
	/* the scaling parameters, NAN if absent */
	double factor;
	double original_max_position_embeddings; /* yarn, longrope, llama3 */
	double beta_fast, beta_slow;             /* yarn */
	double attention_factor;                 /* yarn, longrope */
	double mscale, mscale_all_dim;           /* yarn (DeepSeek) */
	double low_freq_factor, high_freq_factor; /* llama3 */
	int truncate;                 /* yarn (gpt-oss): -1 absent, 0 or 1 */
	size_t n_short_factor, n_long_factor;    /* longrope, 0 if absent */
	double short_factor[HF_FACTOR_MAX];
	double long_factor[HF_FACTOR_MAX];
	size_t rotary_dim;            /* rotary_dim (GPT-J, CodeGen): R itself;
	                                 0 if absent */
	/* num_attention_heads and num_key_value_heads (grouped-query
	 * attention), NAN if absent: pecli layout's whole q_proj / k_proj */
	double n_head, n_kv_head;
	char warning[256];            /* ignored keys; empty if none */
	/* where the values came from, for 'pecli model': the field, or "" */
	char from_head_dim[160], from_theta[160], from_prf[160];
	char dict_path[128];          /* "rope_scaling", "text_config.rope_parameters" */
	char type_key[12];            /* "rope_type" or the legacy "type" */
	char cls[48];                 /* the configuration class whose defaults
	                                 filled absent fields, or "" */
};

/*
 * The defaults of a model type's configuration class where a field is
 * absent (NAN or 0: transformers' generic rule, hidden_size /
 * num_attention_heads and theta 10000): Gemma3TextConfig's head_dim 256
 * and rope_theta 1e6 are not Llama's.
 */
struct hf_defaults {
	const char *cls;        /* "Gemma3TextConfig" */
	size_t head_dim;
	double rope_theta;
	double partial_rotary_factor;
	double max_position_embeddings;
};

/* Where a value came from: the option it sets and the config field. */
struct hf_prov {
	char opt[32];    /* the option's long name: "base", "d" */
	char from[192];  /* "rope_theta", "default of Gemma3TextConfig" */
};

/* Every field absent; source set (truncated) from name. */
void hf_config_init(struct hf_rope_config *c, const char *name);

/* "default", "linear", "dynamic", "yarn", "longrope", "llama3". */
const char *hf_rope_type_name(enum hf_rope_type t);

/*
 * Parse the config.json text[0..len) into c; name prefixes every message.
 * text need not be NUL-terminated.  0 on success, -1 with err set.
 */
int hf_config_parse(struct hf_rope_config *c, const char *text, size_t len,
                    const char *name, struct out_err *err);

/*
 * The JSON object of the config.json text[0..len) in *root (json-c; the
 * caller frees it with json_object_put), as hf_config_parse checks it.
 */
struct json_object;
int hf_json_parse(struct json_object **root, const char *text, size_t len,
                  const char *name, struct out_err *err);

/* Read the file at path (a regular file, at most HF_CONFIG_MAX_BYTES) into
 * a malloc'ed buffer *text of *len bytes. */
int hf_read_file(char **text, size_t *len, const char *path,
                 struct out_err *err);

/* The object holding the text model's settings: root, or its text_config,
 * llm_config or language_config (transformers get_text_config); *pfx is
 * "" or "text_config." for messages. */
int hf_text_config(struct json_object *root, const char *name,
                   struct json_object **obj, const char **pfx,
                   struct out_err *err);

/* Read the rope settings of root (a parsed config.json) into c, with the
 * class defaults defs (NULL: none); layer_type (NULL: none) picks its set
 * from a rope_parameters of one set per layer type (transformers 5). */
int hf_config_from_json(struct hf_rope_config *c, struct json_object *root,
                        const char *name, const struct hf_defaults *defs,
                        const char *layer_type, struct out_err *err);

/* Where the values hf_config_apply lays come from, into p[0..max): the
 * number of entries. */
size_t hf_config_prov(const struct hf_rope_config *c, struct hf_prov *p,
                      size_t max);

/* Read fp to its end (at most HF_CONFIG_MAX_BYTES) and parse it. */
int hf_config_read(struct hf_rope_config *c, FILE *fp, const char *name,
                   struct out_err *err);

/* Open path (a regular file) and read it; path names the messages. */
int hf_config_load(struct hf_rope_config *c, const char *path,
                   struct out_err *err);

/*
 * Lay the settings of a model c (source names it in messages) over the
 * defaults of a rotary scheme in cfg: the head dimension, rope_theta, the
 * partial rotary factor, the lengths, the scaling and its parameters, and
 * the pairing (half: a Hugging Face model rotates halves).  cfg's factor
 * lists point into c, which must outlive it.  0, or -1 (err) when a value
 * is out of range.
 */
int hf_config_apply(struct pe_scheme_cfg *cfg, const struct hf_rope_config *c,
                    const char *source, struct out_err *err);

/* ---- presets (presets.c) ---- */

struct hf_preset {
	const char *name;          /* "llama3.1-8b" */
	const char *description;   /* one line for listings */
	const char *json;          /* the positional keys of the model's
	                              config.json, its model_type included when
	                              it is not a Llama-style rope model */
	struct hf_rope_config cfg; /* json read as --model reads a config */
	enum pe_scheme_kind kind;  /* the scheme it uses */
};

/* Read the presets' settings (once); 0, or -1 (err, a fault) when memory
 * runs out.  The two below call it, and give NULL when it fails: a
 * caller that must tell that from a name not found calls it first. */
int hf_presets_load(struct out_err *err);
/* The preset called name (exact match), or NULL. */
const struct hf_preset *hf_preset_find(const char *name);

/* The i-th preset in listing order, NULL past the end. */
const struct hf_preset *hf_preset_at(size_t i);

#endif

/*
 * hfconfig.c - read the RoPE settings of a Hugging Face config.json with
 * json-c, the way transformers reads them (see hfconfig.h for the rules and
 * the transformers sources they follow).
 *
 * A rope_parameters of one set per layer type (transformers 5: Gemma 3,
 * ModernBERT) is read for the layer type the caller names (model.c reads
 * the types first, layers.c), and refused with a clear message otherwise.
 * Left out: the "ntk" and "proportional" rope types.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "read/hfconfig.h"
#include "read/json.h"
#include "read/read.h"

/* ---- rope types ---- */

static const char *const type_names[] = {
	"default", "linear", "dynamic", "yarn", "longrope", "llama3"
};
#define N_TYPES (sizeof type_names / sizeof type_names[0])
#define TYPE_LIST "default, linear, dynamic, yarn, longrope, llama3"

const char *hf_rope_type_name(enum hf_rope_type t)
{
	return (size_t)t < N_TYPES ? type_names[t] : "unknown";
}

void hf_config_init(struct hf_rope_config *c, const char *name)
{
	memset(c, 0, sizeof *c);
	snprintf(c->source, sizeof c->source, "%s", name ? name : "");
	c->rope_theta = NAN;
	c->head_dim = 0;
	c->partial_rotary_factor = NAN;
	c->max_position_embeddings = NAN;
	c->type = HF_ROPE_DEFAULT;
	c->factor = NAN;
	c->original_max_position_embeddings = NAN;
	c->beta_fast = NAN;
	c->beta_slow = NAN;
	c->attention_factor = NAN;
	c->mscale = NAN;
	c->mscale_all_dim = NAN;
	c->low_freq_factor = NAN;
	c->high_freq_factor = NAN;
	c->truncate = -1;
	c->n_head = NAN;
	c->n_kv_head = NAN;
}

/* ---- checked access to JSON values ---- */

/* What a reader needs to word a message: the file and the key path. */
struct rd {
	const char *name;
	struct out_err *err;
};

/* The member key of obj, NULL when absent or null (None in Python). */
static json_object *member(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;   /* json-c represents null as a NULL object */
}

static int is_number(json_object *v)
{
	return json_object_is_type(v, json_type_double)
	    || json_object_is_type(v, json_type_int);
}

/* The value as written in the file (json-c keeps the text of numbers). */
static const char *text_of(json_object *v)
{
	return json_text(v, JSON_C_TO_STRING_PLAIN
	                                      | JSON_C_TO_STRING_NOSLASHESCAPE);
}

enum num_rule {
	NUM_POSITIVE,    /* > 0 */
	NUM_NONNEG,      /* >= 0 */
	NUM_UNIT,        /* in (0, 1] */
	NUM_POS_INT      /* an integer >= 1 (128.0 counts, as in Python) */
};

/* 2^53: every integer up to here is exact in a double. */
#define EXACT_INT_MAX 9007199254740992.0

/* Read the number v at path into *out under rule; -1 with a message. */
static int get_num(const struct rd *r, const char *path, json_object *v,
                   enum num_rule rule, double *out)
{
	double x;

	if (!is_number(v))
		return out_fail(r->err, "%s: %s: expected a number, got %s",
		                r->name, path, json_kind(v));
	x = json_object_get_double(v);
	if (!isfinite(x))
		return out_fail(r->err, "%s: %s: expected a finite number, got '%s'",
		                r->name, path, text_of(v));
	switch (rule) {
	case NUM_POSITIVE:
		if (!(x > 0))
			return out_fail(r->err, "%s: %s: expected a positive number, "
			                "got '%s'", r->name, path, text_of(v));
		break;
	case NUM_NONNEG:
		if (!(x >= 0))
			return out_fail(r->err, "%s: %s: expected a number >= 0, "
			                "got '%s'", r->name, path, text_of(v));
		break;
	case NUM_UNIT:
		if (!(x > 0 && x <= 1))
			return out_fail(r->err, "%s: %s: expected a number in (0, 1], "
			                "got '%s'", r->name, path, text_of(v));
		break;
	case NUM_POS_INT:
		if (!(x >= 1 && x <= EXACT_INT_MAX && x == floor(x)))
			return out_fail(r->err, "%s: %s: expected a positive integer, "
			                "got '%s'", r->name, path, text_of(v));
		break;
	}
	*out = x;
	return 0;
}

/* Optional number obj[key] (prefix + key names it); NAN when absent. */
static int opt_num(const struct rd *r, const char *prefix, json_object *obj,
                   const char *key, enum num_rule rule, double *out)
{
	json_object *v = member(obj, key);
	char path[128];

	*out = NAN;
	if (!v)
		return 0;
	snprintf(path, sizeof path, "%s%s", prefix, key);
	return get_num(r, path, v, rule, out);
}

/* A list of positive numbers into out[HF_FACTOR_MAX], count in *n. */
static int get_list(const struct rd *r, const char *path, json_object *v,
                    double *out, size_t *n)
{
	size_t len;
	char item[160];

	if (!json_object_is_type(v, json_type_array))
		return out_fail(r->err, "%s: %s: expected a list of numbers, got %s",
		                r->name, path, json_kind(v));
	len = json_object_array_length(v);
	if (len == 0)
		return out_fail(r->err, "%s: %s: expected a non-empty list of numbers",
		                r->name, path);
	if (len > HF_FACTOR_MAX)
		return out_fail(r->err, "%s: %s: too many values (%zu): at most %d",
		                r->name, path, len, HF_FACTOR_MAX);
	for (size_t i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		snprintf(item, sizeof item, "%s[%zu]", path, i);
		if (!e)
			return out_fail(r->err, "%s: %s: expected a number, got null",
			                r->name, item);
		if (get_num(r, item, e, NUM_POSITIVE, &out[i]) != 0)
			return -1;
	}
	*n = len;
	return 0;
}

/* Append ", word" (or "word") to a bounded list buffer. */
static void list_add(char *buf, size_t size, const char *word)
{
	size_t used = strlen(buf);
	char w[160];

	if (used + 1 < size)
		snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
		         out_shown(w, sizeof w, word));
}

/* ---- the scaling dict: rope_scaling or rope_parameters ---- */

#define T(x) (1u << (x))
#define ALL_SCALED (T(HF_ROPE_LINEAR) | T(HF_ROPE_DYNAMIC) | T(HF_ROPE_YARN) \
                    | T(HF_ROPE_LONGROPE) | T(HF_ROPE_LLAMA3))

enum key_kind { K_NUM, K_BOOL, K_LIST };

/*
 * The keys each rope type reads, and those it cannot do without, from
 * transformers' _validate_<type>_rope_parameters (required_keys and
 * optional_keys).  original_max_position_embeddings is not required for
 * yarn here because standardize_rope_params fills it in from
 * max_position_embeddings; dynamic accepts it as transformers 4.4x did.
 */
static const struct scale_key {
	const char *key;
	unsigned used, required;  /* bit sets of enum hf_rope_type */
	enum key_kind kind;
	enum num_rule rule;
	size_t offset;            /* into struct hf_rope_config */
} scale_keys[] = {
	{ "factor", ALL_SCALED,
	  T(HF_ROPE_LINEAR) | T(HF_ROPE_DYNAMIC) | T(HF_ROPE_YARN) | T(HF_ROPE_LLAMA3),
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, factor) },
	{ "original_max_position_embeddings",
	  T(HF_ROPE_DYNAMIC) | T(HF_ROPE_YARN) | T(HF_ROPE_LONGROPE)
	  | T(HF_ROPE_LLAMA3), T(HF_ROPE_LLAMA3), K_NUM, NUM_POS_INT,
	  offsetof(struct hf_rope_config, original_max_position_embeddings) },
	{ "attention_factor", T(HF_ROPE_YARN) | T(HF_ROPE_LONGROPE), 0,
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, attention_factor) },
	{ "beta_fast", T(HF_ROPE_YARN), 0,
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, beta_fast) },
	{ "beta_slow", T(HF_ROPE_YARN), 0,
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, beta_slow) },
	{ "mscale", T(HF_ROPE_YARN), 0,
	  K_NUM, NUM_NONNEG, offsetof(struct hf_rope_config, mscale) },
	{ "mscale_all_dim", T(HF_ROPE_YARN), 0,
	  K_NUM, NUM_NONNEG, offsetof(struct hf_rope_config, mscale_all_dim) },
	{ "truncate", T(HF_ROPE_YARN), 0, K_BOOL, NUM_POSITIVE, 0 },
	{ "short_factor", T(HF_ROPE_LONGROPE), T(HF_ROPE_LONGROPE), K_LIST,
	  NUM_POSITIVE, 0 },
	{ "long_factor", T(HF_ROPE_LONGROPE), T(HF_ROPE_LONGROPE), K_LIST,
	  NUM_POSITIVE, 0 },
	{ "low_freq_factor", T(HF_ROPE_LLAMA3), T(HF_ROPE_LLAMA3),
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, low_freq_factor) },
	{ "high_freq_factor", T(HF_ROPE_LLAMA3), T(HF_ROPE_LLAMA3),
	  K_NUM, NUM_POSITIVE, offsetof(struct hf_rope_config, high_freq_factor) },
};
#define N_SCALE_KEYS (sizeof scale_keys / sizeof scale_keys[0])

/* Keys every rope type accepts; read by read_root, not here, or by the
 * mrope scheme's fields (src/pe/mrope.c: mrope_section,
 * mrope_interleaved). */
static int is_common_key(const char *key)
{
	return strcmp(key, "rope_type") == 0 || strcmp(key, "type") == 0
	    || strcmp(key, "mrope_section") == 0 || strcmp(key, "mrope_interleaved") == 0
	    || strcmp(key, "rope_theta") == 0
	    || strcmp(key, "partial_rotary_factor") == 0;
}

/* rope_type (or legacy type) of dict d, at path dict_path. */
static int read_type(const struct rd *r, const char *dict_path, json_object *d,
                     enum hf_rope_type *type)
{
	const char *key = "rope_type";
	json_object *v = member(d, key);
	const char *s;
	char text[160];

	/* transformers: rope_scaling.get("rope_type", rope_scaling.get("type")) */
	if (!v) {
		key = "type";
		v = member(d, key);
	}
	*type = HF_ROPE_DEFAULT;
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return out_fail(r->err, "%s: %s.%s: expected a string, got %s",
		                r->name, dict_path, key, json_kind(v));
	s = json_object_get_string(v);
	for (size_t t = 0; t < N_TYPES; t++)
		if (strcmp(s, type_names[t]) == 0) {
			*type = (enum hf_rope_type)t;
			return 0;
		}
	/* Phi3Config._rope_scaling_adjustment: "su" was LongRoPE's first name */
	if (strcmp(s, "su") == 0) {
		*type = HF_ROPE_LONGROPE;
		return 0;
	}
	/* Qwen2VLConfig: "mrope" is plain RoPE on text positions */
	if (strcmp(s, "mrope") == 0)
		return 0;
	return out_fail(r->err, "%s: %s.%s: unknown rope type '%s': expected one "
	                "of " TYPE_LIST, r->name, dict_path, key,
	                out_shown(text, sizeof text, s));
}

/* Reject the per-layer-type form {"full_attention": {...}, ...}. */
static int check_flat(const struct rd *r, const char *dict_path,
                      json_object *d)
{
	char keys[200] = "";

	json_object_object_foreach(d, key, val) {
		if (val && json_object_is_type(val, json_type_object))
			list_add(keys, sizeof keys, key);
	}
	if (keys[0])
		return out_fail(r->err, "%s: %s: per-layer-type RoPE parameters (%s) "
		                "are not supported: expected one flat set of parameters",
		                r->name, dict_path, keys);
	return 0;
}

/* The scaling keys of dict d for c->type; ignored keys go to *ignored. */
static int read_scaling(const struct rd *r, const char *dict_path,
                        json_object *d, struct hf_rope_config *c,
                        char *ignored, size_t ignored_size)
{
	unsigned bit = T(c->type);
	char path[160];

	json_object_object_foreach(d, key, val) {
		const struct scale_key *k = NULL;

		if (is_common_key(key))
			continue;
		for (size_t i = 0; i < N_SCALE_KEYS; i++)
			if (strcmp(key, scale_keys[i].key) == 0 && (scale_keys[i].used & bit))
				k = &scale_keys[i];
		if (!k) {
			list_add(ignored, ignored_size, key);
			continue;
		}
		if (!val)
			continue;   /* null: absent */
		snprintf(path, sizeof path, "%s.%s", dict_path, key);
		if (k->kind == K_NUM) {
			if (get_num(r, path, val, k->rule,
			            (double *)((char *)c + k->offset)) != 0)
				return -1;
		} else if (k->kind == K_BOOL) {
			if (!json_object_is_type(val, json_type_boolean))
				return out_fail(r->err, "%s: %s: expected true or false, got %s",
				                r->name, path, json_kind(val));
			c->truncate = json_object_get_boolean(val) ? 1 : 0;
		} else if (strcmp(key, "short_factor") == 0) {
			if (get_list(r, path, val, c->short_factor, &c->n_short_factor) != 0)
				return -1;
		} else {
			if (get_list(r, path, val, c->long_factor, &c->n_long_factor) != 0)
				return -1;
		}
	}
	return 0;
}

/* Is key k present (not null) after reading? */
static int scale_key_set(const struct hf_rope_config *c,
                         const struct scale_key *k)
{
	if (k->kind == K_BOOL)
		return c->truncate >= 0;
	if (k->kind == K_LIST)
		return strcmp(k->key, "short_factor") == 0 ? c->n_short_factor > 0
		                                           : c->n_long_factor > 0;
	return !isnan(*(const double *)((const char *)c + k->offset));
}

/* ---- the whole config ---- */

/* Keys that mark an object as holding the text model's settings. */
static const char *const text_keys[] = {
	"hidden_size", "head_dim", "num_attention_heads", "rope_theta",
	"rope_scaling", "rope_parameters", "rotary_emb_base"
};

/* Where multimodal configs keep the language model (transformers
 * PretrainedConfig.get_text_config; InternVL's llm_config, DeepSeek-VL's
 * language_config). */
static const char *const text_members[] = {
	"text_config", "llm_config", "language_config"
};

int hf_text_config(json_object *root, const char *name, json_object **obj,
                   const char **pfx, struct out_err *err)
{
	static char prefix[32];
	int has_text_keys = 0;

	*obj = root;
	*pfx = "";
	for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++)
		has_text_keys |= member(root, text_keys[i]) != NULL;
	if (has_text_keys)
		return 0;
	for (size_t i = 0; i < sizeof text_members / sizeof text_members[0]; i++) {
		json_object *v = member(root, text_members[i]);

		if (!v)
			continue;
		if (!json_object_is_type(v, json_type_object))
			return out_fail(err, "%s: %s: expected an object, got %s",
			                name, text_members[i], json_kind(v));
		*obj = v;
		snprintf(prefix, sizeof prefix, "%s.", text_members[i]);
		*pfx = prefix;
		return 0;
	}
	return 0;
}

/* The numbers a config gives beside its rope dict, NAN when absent. */
struct top_nums {
	double theta;   /* rope_theta */
	double base;    /* rotary_emb_base (GPT-NeoX) */
	double ratio;   /* rope_ratio (ChatGLM: theta = 10000 * rope_ratio) */
	double prf;     /* partial_rotary_factor */
	double pct;     /* rotary_pct (GPT-NeoX) */
	double omax;    /* original_max_position_embeddings */
};

/* The head dimension the rotation works on, from the first field present:
 * qk_rope_head_dim (DeepSeek's multi-head latent attention rotates only
 * this part of each head: DeepseekV3RotaryEmbedding, dim =
 * config.qk_rope_head_dim), head_dim, kv_channels (ChatGLM), else
 * hidden_size / num_attention_heads (transformers: getattr(config,
 * "head_dim", None) or hidden_size // num_attention_heads); the class
 * default (defs) before the division. */
static int read_head_dim(const struct rd *r, const char *pfx, json_object *obj,
                         struct hf_rope_config *c, const struct hf_defaults *defs)
{
	static const char *const keys[] = { "qk_rope_head_dim", "head_dim", "kv_channels" };
	double v, hidden, n_head, n_kv_head;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (opt_num(r, pfx, obj, keys[i], NUM_POS_INT, &v) != 0)
			return -1;
		if (!isnan(v) && !c->head_dim) {
			c->head_dim = (size_t)v;
			snprintf(c->from_head_dim, sizeof c->from_head_dim, "%s%s", pfx, keys[i]);
		}
	}
	if (opt_num(r, pfx, obj, "hidden_size", NUM_POS_INT, &hidden) != 0
	    || opt_num(r, pfx, obj, "num_attention_heads", NUM_POS_INT, &n_head) != 0
	    || opt_num(r, pfx, obj, "num_key_value_heads", NUM_POS_INT, &n_kv_head) != 0)
		return -1;
	if (isnan(c->n_head))
		c->n_head = n_head;
	if (isnan(c->n_kv_head))
		c->n_kv_head = n_kv_head;
	if (c->head_dim)
		return 0;
	if (defs && defs->head_dim) {
		c->head_dim = defs->head_dim;
		snprintf(c->from_head_dim, sizeof c->from_head_dim, "default of %s", defs->cls);
	} else if (!isnan(hidden) && !isnan(n_head)) {
		if (fmod(hidden, n_head) != 0)
			return out_fail(r->err, "%s: %shidden_size: %.17g is not divisible "
			                "by num_attention_heads (%.17g)",
			                r->name, pfx, hidden, n_head);
		c->head_dim = (size_t)(hidden / n_head);
		snprintf(c->from_head_dim, sizeof c->from_head_dim,
		         "%shidden_size / num_attention_heads", pfx);
	}
	return 0;
}

/* The top-level numbers into *top, and into c max_position_embeddings,
 * rotary_dim and head_dim. */
static int read_top(const struct rd *r, const char *pfx, json_object *obj,
                    struct hf_rope_config *c, struct top_nums *top,
                    const struct hf_defaults *defs)
{
	double rotary_dim;

	if (opt_num(r, pfx, obj, "rope_theta", NUM_POSITIVE, &top->theta) != 0
	    || opt_num(r, pfx, obj, "rotary_emb_base", NUM_POSITIVE, &top->base) != 0
	    || opt_num(r, pfx, obj, "rope_ratio", NUM_POSITIVE, &top->ratio) != 0
	    || opt_num(r, pfx, obj, "partial_rotary_factor", NUM_UNIT, &top->prf) != 0
	    || opt_num(r, pfx, obj, "rotary_pct", NUM_UNIT, &top->pct) != 0
	    || opt_num(r, pfx, obj, "rotary_dim", NUM_POS_INT, &rotary_dim) != 0
	    || opt_num(r, pfx, obj, "max_position_embeddings", NUM_POS_INT,
	               &c->max_position_embeddings) != 0
	    || opt_num(r, pfx, obj, "original_max_position_embeddings", NUM_POS_INT,
	               &top->omax) != 0)
		return -1;
	if (!isnan(rotary_dim))
		c->rotary_dim = (size_t)rotary_dim;
	if (isnan(c->max_position_embeddings) && defs && defs->max_position_embeddings > 0)
		c->max_position_embeddings = defs->max_position_embeddings;
	return read_head_dim(r, pfx, obj, c, defs);
}

/* The rope dict in *d (NULL when there is none), its key in *key.
 * transformers 5 reads rope_scaling first, then rope_parameters
 * (convert_rope_params_to_dict: rope_scaling or self.rope_parameters);
 * an empty dict counts as none. */
static int pick_dict(const struct rd *r, const char *pfx, json_object *obj,
                     struct hf_rope_config *c, json_object **d, const char **key,
                     const char *layer_type)
{
	static char nested[96];
	json_object *rs = member(obj, "rope_scaling");
	json_object *rp = member(obj, "rope_parameters");

	*d = NULL;
	*key = NULL;
	if (rs && !json_object_is_type(rs, json_type_object))
		return out_fail(r->err, "%s: %srope_scaling: expected an object or null, "
		                "got %s", r->name, pfx, json_kind(rs));
	if (rp && !json_object_is_type(rp, json_type_object))
		return out_fail(r->err, "%s: %srope_parameters: expected an object or "
		                "null, got %s", r->name, pfx, json_kind(rp));
	if (rs && json_object_object_length(rs) > 0) {
		*d = rs;
		*key = "rope_scaling";
		if (rp && json_object_object_length(rp) > 0)
			snprintf(c->warning, sizeof c->warning,
			         "%srope_parameters ignored: rope_scaling takes precedence",
			         pfx);
	} else if (rp && json_object_object_length(rp) > 0) {
		json_object *sub = layer_type ? member(rp, layer_type) : NULL;

		*d = rp;
		*key = "rope_parameters";
		/* transformers 5 keeps one set per layer type (Gemma 3, ModernBERT):
		 * the set of the layer type in force */
		if (sub && json_object_is_type(sub, json_type_object)) {
			*d = sub;
			snprintf(nested, sizeof nested, "rope_parameters.%s", layer_type);
			*key = nested;
		}
	}
	return 0;
}

/* The rope dict d at dict_path: flat, its type, the rope_theta and
 * partial_rotary_factor it may give (*theta, *prf, NAN when absent), and
 * the scaling keys, those the type ignores listed in ignored. */
static int read_dict(const struct rd *r, const char *dict_path, json_object *d,
                     struct hf_rope_config *c, double *theta, double *prf,
                     char *ignored, size_t ignored_size)
{
	char path[128];

	if (check_flat(r, dict_path, d) != 0
	    || read_type(r, dict_path, d, &c->type) != 0)
		return -1;
	snprintf(c->type_key, sizeof c->type_key, "%s",
	         member(d, "rope_type") || !member(d, "type") ? "rope_type" : "type");
	snprintf(path, sizeof path, "%s.", dict_path);
	if (opt_num(r, path, d, "rope_theta", NUM_POSITIVE, theta) != 0
	    || opt_num(r, path, d, "partial_rotary_factor", NUM_UNIT, prf) != 0
	    || read_scaling(r, dict_path, d, c, ignored, ignored_size) != 0)
		return -1;
	return 0;
}

/* The keys the rope type requires, when a dict was given, and llama3's
 * high_freq_factor at least its low_freq_factor (transformers only warns
 * when it is not above; equal, as Llama 4 gives them, leaves no band
 * between the two wavelengths, and below would swap them). */
static int check_required(const struct rd *r, const char *dict_path,
                          int has_dict, const struct hf_rope_config *c)
{
	for (size_t i = 0; has_dict && i < N_SCALE_KEYS; i++) {
		const struct scale_key *k = &scale_keys[i];

		if ((k->required & T(c->type)) && !scale_key_set(c, k))
			return out_fail(r->err, "%s: %s: missing '%s', required for rope "
			                "type '%s'", r->name, dict_path, k->key,
			                hf_rope_type_name(c->type));
	}
	if (c->type == HF_ROPE_LLAMA3 && !(c->high_freq_factor >= c->low_freq_factor))
		return out_fail(r->err, "%s: %s.high_freq_factor: expected a number "
		                "at least low_freq_factor (%.17g), got %.17g",
		                r->name, dict_path, c->low_freq_factor,
		                c->high_freq_factor);
	return 0;
}

/* rope_theta and partial_rotary_factor from where transformers takes them:
 * the dict's (theta_in, prf_in) or the top level's, in its order; then the
 * class defaults (defs). */
static void settle_theta_prf(json_object *obj, const char *pfx,
                             const struct top_nums *top, double theta_in,
                             double prf_in, struct hf_rope_config *c,
                             const struct hf_defaults *defs)
{
	json_object *v;

	/* rope_theta: rope_parameters first (transformers 5 priority), then the
	 * top level, then GPT-NeoX's rotary_emb_base, then ChatGLM's
	 * 10000 * rope_ratio (modeling_chatglm.py RotaryEmbedding). */
	if (!isnan(theta_in)) {
		c->rope_theta = theta_in;
		snprintf(c->from_theta, sizeof c->from_theta, "%s.rope_theta", c->dict_path);
	} else if (!isnan(top->theta)) {
		c->rope_theta = top->theta;
		snprintf(c->from_theta, sizeof c->from_theta, "%srope_theta", pfx);
	} else if (!isnan(top->base)) {
		c->rope_theta = top->base;
		snprintf(c->from_theta, sizeof c->from_theta, "%srotary_emb_base", pfx);
	} else if (!isnan(top->ratio)) {
		c->rope_theta = 10000.0 * top->ratio;
		snprintf(c->from_theta, sizeof c->from_theta, "10000 * %srope_ratio", pfx);
	} else if (defs && defs->rope_theta > 0) {
		c->rope_theta = defs->rope_theta;
		snprintf(c->from_theta, sizeof c->from_theta, "default of %s", defs->cls);
	}
	/* partial_rotary_factor: standardize_rope_params copies the top-level
	 * attribute over the nested one; GPT-NeoX calls it rotary_pct and
	 * defaults it to 0.25. */
	if (!isnan(top->prf)) {
		c->partial_rotary_factor = top->prf;
		snprintf(c->from_prf, sizeof c->from_prf, "%spartial_rotary_factor", pfx);
	} else if (!isnan(prf_in)) {
		c->partial_rotary_factor = prf_in;
		snprintf(c->from_prf, sizeof c->from_prf, "%s.partial_rotary_factor",
		         c->dict_path);
	} else if (!isnan(top->pct)) {
		c->partial_rotary_factor = top->pct;
		snprintf(c->from_prf, sizeof c->from_prf, "%srotary_pct", pfx);
	} else if (c->rotary_dim) {
		snprintf(c->from_prf, sizeof c->from_prf, "%srotary_dim", pfx);
	} else if (defs && defs->partial_rotary_factor > 0) {
		c->partial_rotary_factor = defs->partial_rotary_factor;
		snprintf(c->from_prf, sizeof c->from_prf, "default of %s", defs->cls);
	} else {
		v = member(obj, "model_type");
		if (v && json_object_is_type(v, json_type_string)
		    && strcmp(json_object_get_string(v), "gpt_neox") == 0) {
			c->partial_rotary_factor = 0.25;
			snprintf(c->from_prf, sizeof c->from_prf, "default of GPTNeoXConfig");
		}
	}
}

/* LongRoPE scales each rotary frequency pair by one factor: each factor
 * list has half the rotary dimension's values. */
static int check_longrope(const struct rd *r, const char *dict_path,
                          const struct hf_rope_config *c)
{
	double prf;
	size_t n_rot;

	if (c->type != HF_ROPE_LONGROPE || c->head_dim == 0)
		return 0;
	prf = isnan(c->partial_rotary_factor) ? 1.0 : c->partial_rotary_factor;
	n_rot = c->rotary_dim ? c->rotary_dim
	      : (size_t)((double)c->head_dim * prf);   /* int() */
	if (c->n_short_factor != n_rot / 2)
		return out_fail(r->err, "%s: %s.short_factor: expected %zu values "
		                "(half the rotary dimension %zu), got %zu", r->name,
		                dict_path, n_rot / 2, n_rot, c->n_short_factor);
	if (c->n_long_factor != n_rot / 2)
		return out_fail(r->err, "%s: %s.long_factor: expected %zu values "
		                "(half the rotary dimension %zu), got %zu", r->name,
		                dict_path, n_rot / 2, n_rot, c->n_long_factor);
	return 0;
}

static int read_root(const struct rd *r, json_object *root,
                     struct hf_rope_config *c, const struct hf_defaults *defs,
                     const char *layer_type)
{
	json_object *obj, *d;
	const char *pfx, *dict_key;
	char dict_path[128] = "", ignored[160] = "";
	struct top_nums top;
	double theta_in = NAN, prf_in = NAN;

	if (defs)
		snprintf(c->cls, sizeof c->cls, "%s", defs->cls);
	if (hf_text_config(root, r->name, &obj, &pfx, r->err) != 0
	    || read_top(r, pfx, obj, c, &top, defs) != 0
	    || pick_dict(r, pfx, obj, c, &d, &dict_key, layer_type) != 0)
		return -1;
	if (d) {
		snprintf(dict_path, sizeof dict_path, "%s%s", pfx, dict_key);
		snprintf(c->dict_path, sizeof c->dict_path, "%s", dict_path);
		if (read_dict(r, dict_path, d, c, &theta_in, &prf_in, ignored,
		              sizeof ignored) != 0)
			return -1;
	}

	/* Phi-3 keeps original_max_position_embeddings at the top level;
	 * standardize_rope_params gives it priority for these types. */
	if (!isnan(top.omax) && (c->type == HF_ROPE_YARN
	                         || c->type == HF_ROPE_LONGROPE
	                         || c->type == HF_ROPE_LLAMA3))
		c->original_max_position_embeddings = top.omax;

	if (check_required(r, dict_path, d != NULL, c) != 0)
		return -1;
	settle_theta_prf(obj, pfx, &top, theta_in, prf_in, c, defs);
	if (check_longrope(r, dict_path, c) != 0)
		return -1;

	if (ignored[0]) {
		size_t used = strlen(c->warning);

		snprintf(c->warning + used, sizeof c->warning - used,
		         "%s%s: ignored for rope type '%s': %s", used ? "; " : "",
		         dict_path, hf_rope_type_name(c->type), ignored);
	}
	return 0;
}

/* ---- text, files ---- */

int hf_json_parse(json_object **out, const char *text, size_t len,
                  const char *name, struct out_err *err)
{
	json_object *root;

	*out = NULL;
	if (len > HF_CONFIG_MAX_BYTES)
		return out_fail(err, "cannot read '%s': too large (%zu bytes): a "
		                "config.json is at most 64 MiB", name, len);
	if (json_parse_text(&root, text, len, 0, name, "not valid JSON", err) != 0)
		return -1;
	if (!json_object_is_type(root, json_type_object)) {
		out_fail(err, "%s: expected a JSON object at the top level, got %s",
		         name, json_kind(root));
		json_object_put(root);
		return -1;
	}
	*out = root;
	return 0;
}

int hf_config_from_json(struct hf_rope_config *c, json_object *root,
                        const char *name, const struct hf_defaults *defs,
                        const char *layer_type, struct out_err *err)
{
	struct rd r = { name, err };

	hf_config_init(c, name);
	return read_root(&r, root, c, defs, layer_type);
}

int hf_config_parse(struct hf_rope_config *c, const char *text, size_t len,
                    const char *name, struct out_err *err)
{
	json_object *root;
	int rc;

	hf_config_init(c, name);
	if (hf_json_parse(&root, text, len, name, err) != 0)
		return -1;
	rc = hf_config_from_json(c, root, name, NULL, NULL, err);
	json_object_put(root);
	return rc;
}

/* fp to its end, at most HF_CONFIG_MAX_BYTES, into a malloc'ed *text. */
static int read_stream(char **text, size_t *len_out, FILE *fp, const char *name,
                       struct out_err *err)
{
	size_t cap = (size_t)1 << 14, len = 0, n;
	char *buf = malloc(cap), *grown;

	*text = NULL;
	if (!buf)
		return out_fault(err, "%s: out of memory", name);
	for (;;) {
		if (len == cap) {
			/* one byte past the limit is enough to know it is passed */
			size_t want = cap * 2 > HF_CONFIG_MAX_BYTES + 1
			            ? HF_CONFIG_MAX_BYTES + 1 : cap * 2;

			grown = realloc(buf, want);
			if (!grown) {
				free(buf);
				return out_fault(err, "%s: out of memory", name);
			}
			buf = grown;
			cap = want;
		}
		errno = 0;
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0 || len > HF_CONFIG_MAX_BYTES)
			break;
	}
	if (ferror(fp)) {
		int e = errno;

		free(buf);
		return out_fail(err, "cannot read '%s': %s", name,
		                strerror(e ? e : EIO));
	}
	if (len > HF_CONFIG_MAX_BYTES) {
		free(buf);
		return out_fail(err, "cannot read '%s': too large (more than 64 MiB): "
		                "not a model config", name);
	}
	*text = buf;
	*len_out = len;
	return 0;
}

int hf_config_read(struct hf_rope_config *c, FILE *fp, const char *name,
                   struct out_err *err)
{
	char *buf;
	size_t len;
	int rc;

	if (read_stream(&buf, &len, fp, name, err) != 0)
		return -1;
	rc = hf_config_parse(c, buf, len, name, err);
	free(buf);
	return rc;
}

int hf_read_file(char **text, size_t *len, const char *path, struct out_err *err)
{
	intmax_t size;
	FILE *fp = input_open(path, &size, err);
	int rc;

	*text = NULL;
	if (!fp)
		return -1;
	if (size >= 0 && (uintmax_t)size > HF_CONFIG_MAX_BYTES)
		rc = out_fail(err, "cannot read '%s': too large (%jd bytes): a "
		              "config.json is at most 64 MiB", path, size);
	else
		rc = read_stream(text, len, fp, path, err);
	fclose(fp);
	return rc;
}

int hf_config_load(struct hf_rope_config *c, const char *path,
                   struct out_err *err)
{
	char *text;
	size_t len;
	int rc;

	if (hf_read_file(&text, &len, path, err) != 0)
		return -1;
	rc = hf_config_parse(c, text, len, path, err);
	free(text);
	return rc;
}

/* ---- a model's settings laid over a scheme's defaults ---- */

static enum pe_rope_scaling scaling_of(enum hf_rope_type t)
{
	switch (t) {
	case HF_ROPE_DEFAULT:  return PE_ROPE_SCALING_NONE;
	case HF_ROPE_LINEAR:   return PE_ROPE_SCALING_LINEAR;
	case HF_ROPE_DYNAMIC:  return PE_ROPE_SCALING_DYNAMIC;
	case HF_ROPE_YARN:     return PE_ROPE_SCALING_YARN;
	case HF_ROPE_LONGROPE: return PE_ROPE_SCALING_LONGROPE;
	case HF_ROPE_LLAMA3:   return PE_ROPE_SCALING_LLAMA3;
	}
	return PE_ROPE_SCALING_NONE;
}

int hf_config_apply(struct pe_scheme_cfg *cfg, const struct hf_rope_config *hf,
                    const char *source, struct out_err *err)
{
	struct pe_rope_cfg *r = &cfg->rope;

	if (hf->head_dim) {
		if (hf->head_dim % 2 || hf->head_dim < PE_DIM_MIN || hf->head_dim > PE_DIM_MAX) {
			return out_fail(err, "%s: head dimension %zu: expected an even integer in [%d, %d]",
			                source, hf->head_dim, PE_DIM_MIN, PE_DIM_MAX);
		}
		cfg->n_dim = hf->head_dim;
	}
	if (!isnan(hf->rope_theta)) {
		if (!(hf->rope_theta > 1.0) || !isfinite(hf->rope_theta)) {
			return out_fail(err, "%s: rope_theta %g: expected a finite number greater than 1",
			                source, hf->rope_theta);
		}
		cfg->base = hf->rope_theta;
	}
	r->n_rot = 0;
	if (hf->rotary_dim) {
		if (hf->rotary_dim % 2 || hf->rotary_dim < 2 || hf->rotary_dim > cfg->n_dim)
			return out_fail(err, "%s: rotary_dim %zu: expected an even integer in [2, %zu] (the head dimension)",
			                source, hf->rotary_dim, cfg->n_dim);
		r->n_rot = hf->rotary_dim == cfg->n_dim ? 0 : hf->rotary_dim;
	} else if (!isnan(hf->partial_rotary_factor)) {
		size_t n_rot;
		if (pe_rope_n_rot_partial(&n_rot, cfg->n_dim, hf->partial_rotary_factor) != PE_OK) {
			return out_fail(err, "%s: partial_rotary_factor %g of head dimension %zu: expected an even rotary dimension of at least 2",
			                source, hf->partial_rotary_factor, cfg->n_dim);
		}
		r->n_rot = n_rot == cfg->n_dim ? 0 : n_rot;
	}
	if (!isnan(hf->max_position_embeddings))
		r->max_pos = hf->max_position_embeddings;
	/* a config.json describes a Hugging Face model, whose code rotates
	 * halves (rotate_half); --pairing interleaved overrides it */
	r->pairing = PE_ROPE_PAIRING_HALF;
	r->scaling = scaling_of(hf->type);
	r->factor = hf->factor;
	if (!isnan(hf->original_max_position_embeddings))
		r->original_max = hf->original_max_position_embeddings;
	if (!isnan(hf->beta_fast))
		r->beta_fast = hf->beta_fast;
	if (!isnan(hf->beta_slow))
		r->beta_slow = hf->beta_slow;
	r->attention_factor = hf->attention_factor;
	r->mscale = hf->mscale;
	r->mscale_all_dim = hf->mscale_all_dim;
	if (hf->truncate >= 0)
		r->truncate = hf->truncate;
	if (!isnan(hf->low_freq_factor))
		r->low_freq_factor = hf->low_freq_factor;
	if (!isnan(hf->high_freq_factor))
		r->high_freq_factor = hf->high_freq_factor;
	r->short_factor = hf->n_short_factor ? hf->short_factor : NULL;
	r->n_short_factor = hf->n_short_factor;
	r->long_factor = hf->n_long_factor ? hf->long_factor : NULL;
	r->n_long_factor = hf->n_long_factor;
	return 0;
}

/* Append one provenance entry; the number of entries after it. */
static size_t prov_put(struct hf_prov *p, size_t n, size_t max, const char *opt,
                       const char *from)
{
	if (n < max && from && from[0]) {
		snprintf(p[n].opt, sizeof p[n].opt, "%s", opt);
		snprintf(p[n].from, sizeof p[n].from, "%s", from);
		n++;
	}
	return n;
}

size_t hf_config_prov(const struct hf_rope_config *c, struct hf_prov *p, size_t max)
{
	static const struct { const char *opt, *key; } dict_keys[] = {
		{ "factor", "factor" },
		{ "original-max", "original_max_position_embeddings" },
		{ "beta-fast", "beta_fast" }, { "beta-slow", "beta_slow" },
		{ "attention-factor", "attention_factor" },
		{ "mscale", "mscale" }, { "mscale-all-dim", "mscale_all_dim" },
		{ "truncate", "truncate" },
		{ "low-freq-factor", "low_freq_factor" },
		{ "high-freq-factor", "high_freq_factor" },
		{ "short-factor", "short_factor" }, { "long-factor", "long_factor" },
	};
	char from[192];
	size_t n = 0;

	n = prov_put(p, n, max, "d", c->from_head_dim);
	n = prov_put(p, n, max, "base", c->from_theta);
	n = prov_put(p, n, max, "rotary-dim", c->from_prf);
	if (c->dict_path[0]) {
		snprintf(from, sizeof from, "%s.%s", c->dict_path, c->type_key);
		n = prov_put(p, n, max, "scaling", from);
		for (size_t i = 0; i < sizeof dict_keys / sizeof dict_keys[0]; i++) {
			const char *k = dict_keys[i].key;
			int set;

			if (!strcmp(k, "truncate"))
				set = c->truncate >= 0;
			else if (!strcmp(k, "short_factor"))
				set = c->n_short_factor > 0;
			else if (!strcmp(k, "long_factor"))
				set = c->n_long_factor > 0;
			else
				set = 1;
			if (!set)
				continue;
			for (size_t j = 0; j < N_SCALE_KEYS; j++)
				if (!strcmp(scale_keys[j].key, k) && scale_keys[j].kind == K_NUM
				    && isnan(*(const double *)((const char *)c + scale_keys[j].offset)))
					set = 0;
			if (!set)
				continue;
			snprintf(from, sizeof from, "%s.%s", c->dict_path, k);
			n = prov_put(p, n, max, dict_keys[i].opt, from);
		}
	}
	if (!isnan(c->max_position_embeddings))
		n = prov_put(p, n, max, "max-pos", "max_position_embeddings");
	return n;
}

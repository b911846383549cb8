/*
 * layers.c - models whose layers differ: each layer has a type, and each
 * type its own encoding (its base, the model's scaling or none, or no
 * position at all).  Read the way each model's Hugging Face code decides
 * them (transformers, src/transformers/models/<type>/):
 *
 *   any model       layer_types, one name per layer, when the config has it
 *                   (transformers >= 4.53 writes it)
 *   gemma3_text     Gemma3TextConfig: layer i is "sliding_attention" when
 *                   (i + 1) % sliding_window_pattern (default 6), else
 *                   "full_attention"; 26 layers by default.
 *                   Gemma3TextModel rotates the sliding layers with a copy
 *                   of the config whose rope_theta is rope_local_base_freq
 *                   (default 10000) and rope_scaling {"rope_type":
 *                   "default"}; the full layers with the config itself
 *   gemma2          Gemma2Config: sliding when (i + 1) % 2; one rotation
 *   cohere2         Cohere2Attention: sliding when (i + 1) %
 *                   sliding_window_pattern (default 4); only the sliding
 *                   layers apply rotary embeddings (the full ones: none)
 *   modernbert      ModernBertAttention: global when i %
 *                   global_attn_every_n_layers (default 3) == 0, with
 *                   global_rope_theta (default 160000); the others local,
 *                   local_rope_theta (default 10000; null: the global one);
 *                   22 layers by default
 *   llama4_text     Llama4TextConfig: no_rope_layers[i] 1 rotates, 0 is a
 *                   NoPE layer; by default int((i + 1) %
 *                   no_rope_layer_interval (4) != 0); 48 layers by default.
 *                   Llama4TextAttention scales the queries of the NoPE
 *                   layers by the attention temperature when
 *                   attn_temperature_tuning (default True): the nope
 *                   scheme's fields (floor_scale, attn_scale) are read
 *
 * The type in force is --layer-type NAME, or that of layer --layer L, or
 * else: the full-attention (global) layers when they rotate (Gemma 3,
 * ModernBERT), else the first type with the model's encoding unchanged
 * (Llama 4's rotating layers, Cohere 2's sliding ones), else the first
 * that rotates.
 *
 * transformers 5 writes layer_types and one set of rope_parameters per
 * layer type (rope_parameters.full_attention, ...): hfconfig.c then reads
 * the set of the type in force, and the version-4 fields above
 * (rope_local_base_freq, global_rope_theta, ...) are not used.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "read/json.h"
#include "read/model.h"

/* obj[key], NULL when absent or null. */
static json_object *get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

/* A positive integer field (def when absent), into *out; -1 on a bad one. */
static int get_count(const struct pe_model *m, json_object *obj, const char *pfx,
                     const char *key, size_t def, size_t *out, struct out_err *err)
{
	json_object *v = get(obj, key);
	int64_t x;

	*out = def;
	if (!v)
		return 0;
	x = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
	if (x < 1 || x > MODEL_LAYERS_MAX)
		return out_fail(err, "%s: %s%s: expected an integer in [1, %d], got %s",
		                m->config, pfx, key, MODEL_LAYERS_MAX,
		                json_text(v, JSON_C_TO_STRING_SPACED));
	*out = (size_t)x;
	return 0;
}

/* A number field (def when absent or null), into *out. */
static int get_number(const struct pe_model *m, json_object *obj, const char *pfx,
                      const char *key, double def, double *out, struct out_err *err)
{
	json_object *v = get(obj, key);

	*out = def;
	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
		return out_fail(err, "%s: %s%s: expected a number, got %s", m->config, pfx,
		                key, json_kind(v));
	*out = json_object_get_double(v);
	if (!(*out > 1.0) || !isfinite(*out))
		return out_fail(err, "%s: %s%s: expected a finite number greater than 1, "
		                "got %s", m->config, pfx, key,
		                json_text(v, JSON_C_TO_STRING_SPACED));
	return 0;
}

/* The index of type name, added when new; -1 when there are too many. */
static int type_index(struct pe_model *m, const char *name)
{
	for (size_t t = 0; t < m->n_types; t++)
		if (!strcmp(m->types[t].name, name))
			return (int)t;
	if (m->n_types == MODEL_LAYER_TYPES_MAX)
		return -1;
	memset(&m->types[m->n_types], 0, sizeof m->types[0]);
	snprintf(m->types[m->n_types].name, sizeof m->types[0].name, "%s", name);
	m->types[m->n_types].base = NAN;
	return (int)m->n_types++;
}

/* layer_types: one name per layer. */
static int read_layer_types(struct pe_model *m, json_object *v, const char *pfx,
                            struct out_err *err)
{
	size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

	if (n < 1 || n > MODEL_LAYERS_MAX)
		return out_fail(err, "%s: %slayer_types: expected a list of 1 to %d layer "
		                "type names", m->config, pfx, MODEL_LAYERS_MAX);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		char name[32];
		int t;

		if (!e || !json_object_is_type(e, json_type_string))
			return out_fail(err, "%s: %slayer_types[%zu]: expected a string, got %s",
			                m->config, pfx, i, e ? json_kind(e) : "null");
		t = type_index(m, out_shown(name, sizeof name, json_object_get_string(e)));
		if (t < 0)
			return out_fail(err, "%s: %slayer_types: more than %d distinct types",
			                m->config, pfx, MODEL_LAYER_TYPES_MAX);
		m->layer_of[i] = (unsigned char)t;
	}
	m->n_layers = n;
	snprintf(m->layers_from, sizeof m->layers_from, "%slayer_types", pfx);
	return 0;
}

/* Layers by a rule: layer i has type a when pick(i) is true, else b. */
static void by_rule(struct pe_model *m, size_t n, const char *a, const char *b,
                    int (*pick)(size_t i, size_t k), size_t k, const char *from)
{
	int ta = type_index(m, a), tb = type_index(m, b);

	for (size_t i = 0; i < n; i++)
		m->layer_of[i] = (unsigned char)(pick(i, k) ? ta : tb);
	m->n_layers = n;
	snprintf(m->layers_from, sizeof m->layers_from, "%s", from);
	/* a type no layer has (a pattern longer than the model) is dropped */
	for (size_t t = m->n_types; t-- > 0;) {
		size_t used = 0;

		for (size_t i = 0; i < n; i++)
			used += m->layer_of[i] == t;
		if (!used && t == m->n_types - 1)
			m->n_types--;
	}
}

/* transformers 5's rope_parameters of one set per layer type: each type's
 * own rope_theta and scaling are there (hfconfig.c reads the set of the
 * type in force), not in the fields of version 4 */
static int per_type_params(json_object *obj)
{
	json_object *rp = get(obj, "rope_parameters");

	if (!rp || !json_object_is_type(rp, json_type_object))
		return 0;
	json_object_object_foreach(rp, key, val) {
		(void)key;
		if (val && json_object_is_type(val, json_type_object))
			return 1;
	}
	return 0;
}

/* Each type reads its own set of rope_parameters. */
static void types_from_params(struct pe_model *m, const char *pfx)
{
	for (size_t t = 0; t < m->n_types; t++)
		snprintf(m->types[t].from, sizeof m->types[t].from,
		         "%srope_parameters.%s", pfx, m->types[t].name);
}

static int not_every(size_t i, size_t k) { return (i + 1) % k != 0; }
static int every_from_0(size_t i, size_t k) { return i % k == 0; }

static struct model_layer_type *type_named(struct pe_model *m, const char *name)
{
	for (size_t t = 0; t < m->n_types; t++)
		if (!strcmp(m->types[t].name, name))
			return &m->types[t];
	return NULL;
}

/* Each family's rule and its types' encodings. */
static int read_family(struct pe_model *m, json_object *obj, const char *pfx,
                       struct out_err *err)
{
	const char *type = m->model_type;
	json_object *lt = get(obj, "layer_types");
	struct model_layer_type *ty;
	size_t n, k;
	char from[96];
	double x;

	if (!strcmp(type, "gemma3_text") || !strcmp(type, "gemma2") || !strcmp(type, "cohere2")) {
		size_t def_k = !strcmp(type, "gemma3_text") ? 6 : !strcmp(type, "cohere2") ? 4 : 2;

		if (get_count(m, obj, pfx, "num_hidden_layers",
		              !strcmp(type, "gemma3_text") ? 26 : 0, &n, err) != 0
		    || get_count(m, obj, pfx, "sliding_window_pattern", def_k, &k, err) != 0)
			return -1;
		if (lt) {
			if (read_layer_types(m, lt, pfx, err) != 0)
				return -1;
		} else if (n) {
			snprintf(from, sizeof from, "%ssliding_window_pattern %zu%s", pfx, k,
			         get(obj, "sliding_window_pattern") ? "" : " (default)");
			by_rule(m, n, "sliding_attention", "full_attention", not_every, k, from);
		}
		if (per_type_params(obj)) {
			types_from_params(m, pfx);
		} else if (!strcmp(type, "gemma3_text") && (ty = type_named(m, "sliding_attention"))) {
			if (get_number(m, obj, pfx, "rope_local_base_freq", 10000.0, &x, err) != 0)
				return -1;
			ty->base = x;
			ty->plain = 1;
			snprintf(ty->from, sizeof ty->from, "%srope_local_base_freq%s", pfx,
			         get(obj, "rope_local_base_freq") ? "" : " (default)");
		}
		if (!strcmp(type, "cohere2") && (ty = type_named(m, "full_attention"))) {
			ty->nope = 1;
			snprintf(ty->from, sizeof ty->from, "Cohere2Attention: no rotation");
		}
		return 0;
	}
	if (!strcmp(type, "modernbert")) {
		double global, local;

		json_object *v = NULL;
		/* ModernBertConfig: local_rope_theta 10000 when absent; a null one
		 * means the global base (rope_theta = global_rope_theta) */
		int local_null = json_object_object_get_ex(obj, "local_rope_theta", &v) && !v;

		if (get_count(m, obj, pfx, "num_hidden_layers", 22, &n, err) != 0
		    || get_count(m, obj, pfx, "global_attn_every_n_layers", 3, &k, err) != 0
		    || get_number(m, obj, pfx, "global_rope_theta", 160000.0, &global, err) != 0
		    || get_number(m, obj, pfx, "local_rope_theta", local_null ? global : 10000.0,
		                  &local, err) != 0)
			return -1;
		if (lt && per_type_params(obj)) {   /* transformers 5 */
			if (read_layer_types(m, lt, pfx, err) != 0)
				return -1;
			types_from_params(m, pfx);
			return 0;
		}
		snprintf(from, sizeof from, "%sglobal_attn_every_n_layers %zu%s", pfx, k,
		         get(obj, "global_attn_every_n_layers") ? "" : " (default)");
		by_rule(m, n, "global", "local", every_from_0, k, from);
		if ((ty = type_named(m, "global"))) {
			ty->base = global;
			ty->plain = 1;
			snprintf(ty->from, sizeof ty->from, "%sglobal_rope_theta%s", pfx,
			         get(obj, "global_rope_theta") ? "" : " (default)");
		}
		if ((ty = type_named(m, "local"))) {
			ty->base = local;
			ty->plain = 1;
			snprintf(ty->from, sizeof ty->from, "%slocal_rope_theta%s", pfx,
			         get(obj, "local_rope_theta") ? "" : " (default)");
		}
		return 0;
	}
	if (!strcmp(type, "llama4_text")) {
		json_object *nr = get(obj, "no_rope_layers");

		if (get_count(m, obj, pfx, "num_hidden_layers", 48, &n, err) != 0
		    || get_count(m, obj, pfx, "no_rope_layer_interval", 4, &k, err) != 0)
			return -1;
		if (nr && json_object_is_type(nr, json_type_array) && json_object_array_length(nr) > 0) {
			int tr = type_index(m, "rope"), tn = type_index(m, "nope");
			size_t len = json_object_array_length(nr);

			if (len > MODEL_LAYERS_MAX)
				return out_fail(err, "%s: %sno_rope_layers: more than %d layers",
				                m->config, pfx, MODEL_LAYERS_MAX);
			for (size_t i = 0; i < len; i++) {
				json_object *e = json_object_array_get_idx(nr, i);

				if (!e || !json_object_is_type(e, json_type_int)
				    || json_object_get_int64(e) < 0 || json_object_get_int64(e) > 1)
					return out_fail(err, "%s: %sno_rope_layers[%zu]: expected 0 or 1",
					                m->config, pfx, i);
				m->layer_of[i] = (unsigned char)(json_object_get_int64(e) ? tr : tn);
			}
			m->n_layers = len;
			snprintf(m->layers_from, sizeof m->layers_from, "%sno_rope_layers", pfx);
		} else {
			snprintf(from, sizeof from, "%sno_rope_layer_interval %zu%s", pfx, k,
			         get(obj, "no_rope_layer_interval") ? "" : " (default)");
			by_rule(m, n, "rope", "nope", not_every, k, from);
		}
		if ((ty = type_named(m, "nope"))) {
			ty->nope = 1;
			ty->tuned = 1;
			snprintf(ty->from, sizeof ty->from, "no_rope_layers: 0");
		}
		return 0;
	}
	return lt ? read_layer_types(m, lt, pfx, err) : 0;
}

/* The type in force: asked by name or by layer, else the model's own. */
static int pick_type(struct pe_model *m, const struct model_pick *pick,
                     struct out_err *err)
{
	char names[160] = "", shown[64];
	size_t used = 0;

	for (size_t t = 0; t < m->n_types && used < sizeof names; t++)
		used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
		                         t ? ", " : "", m->types[t].name);
	if (pick && pick->layer_type) {
		for (size_t t = 0; t < m->n_types; t++)
			if (!strcmp(m->types[t].name, pick->layer_type)) {
				m->used = t;
				snprintf(m->used_from, sizeof m->used_from, "--layer-type");
				return 0;
			}
		return out_fail(err, "invalid value '%s' for --layer-type: %s has %s",
		                out_shown(shown, sizeof shown, pick->layer_type), m->config,
		                m->n_types ? names : "one kind of layer");
	}
	if (pick && pick->layer != MODEL_NO_LAYER && !m->n_types)
		return out_fail(err, "option '--layer' applies to a model whose layers "
		                "differ, or to T5: every layer of %s has the same encoding",
		                m->config);
	if (pick && pick->layer != MODEL_NO_LAYER) {
		if (pick->layer >= m->n_layers)
			return out_fail(err, "invalid value '%zu' for --layer: expected an integer "
			                "in [0, %zu] (%s has %zu layers)", pick->layer,
			                m->n_layers - 1, m->config, m->n_layers);
		m->used = m->layer_of[pick->layer];
		snprintf(m->used_from, sizeof m->used_from, "--layer %zu", pick->layer);
		return 0;
	}
	/* the full-attention layers when they rotate (their encoding is the
	 * config's own: Gemma 3, ModernBERT); else the first type whose
	 * encoding the config gives unchanged */
	for (size_t t = 0; t < m->n_types; t++)
		if (!m->types[t].nope && (!strcmp(m->types[t].name, "full_attention")
		                          || !strcmp(m->types[t].name, "global"))) {
			m->used = t;
			snprintf(m->used_from, sizeof m->used_from,
			         "default: the full-attention layers");
			return 0;
		}
	for (size_t t = 0; t < m->n_types; t++)
		if (!m->types[t].nope && isnan(m->types[t].base) && !m->types[t].plain) {
			m->used = t;
			snprintf(m->used_from, sizeof m->used_from, "default: the model's own encoding");
			return 0;
		}
	for (size_t t = 0; t < m->n_types; t++)
		if (!m->types[t].nope) {
			m->used = t;
			snprintf(m->used_from, sizeof m->used_from,
			         "default: the first type that rotates");
			return 0;
		}
	m->used = 0;
	return 0;
}

int model_read_layers(struct pe_model *m, json_object *obj, const char *pfx,
                      const struct model_pick *pick, struct out_err *err)
{
	if (read_family(m, obj, pfx, err) != 0 || pick_type(m, pick, err) != 0)
		return -1;
	if (m->n_types && m->types[m->used].nope)
		m->kind = PE_SCHEME_NOPE;
	return 0;
}

void model_apply_layer(struct pe_scheme_cfg *cfg, struct pe_model *m)
{
	const struct model_layer_type *ty;

	if (!m->n_types || m->used >= m->n_types)
		return;
	ty = &m->types[m->used];
	if (!isnan(ty->base)) {
		cfg->base = ty->base;
		model_prov_add(m, "base", "%s", ty->from);
	}
	if (ty->plain && cfg->rope.scaling != PE_ROPE_SCALING_NONE) {
		cfg->rope.scaling = PE_ROPE_SCALING_NONE;
		model_prov_add(m, "scaling", "%s layers: none", ty->name);
	}
}

size_t model_layers_text(const struct pe_model *m, size_t t, char *buf, size_t size)
{
	size_t used = 0, count = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->n_layers; i++) {
		size_t j = i;

		if (m->layer_of[i] != t)
			continue;
		while (j + 1 < m->n_layers && m->layer_of[j + 1] == t)
			j++;
		count += j - i + 1;
		if (used < size) {
			if (j > i)
				used += (size_t)snprintf(buf + used, size - used, "%s%zu-%zu",
				                         used ? " " : "", i, j);
			else
				used += (size_t)snprintf(buf + used, size - used, "%s%zu",
				                         used ? " " : "", i);
		}
		i = j;
	}
	return count;
}

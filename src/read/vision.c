/*
 * vision.c - the vision tower of a vision-language model (--tower vision):
 * its image patches turn by row and column, the 2-D axial RoPE of
 * src/pe/rope2d.c.  Read as each model's Hugging Face code builds it
 * (transformers, src/transformers/models/<type>/modeling_<type>.py):
 *
 *   qwen2_vl     Qwen2VisionTransformerPretrainedModel: head_dim =
 *                vision_config.embed_dim // num_heads,
 *                VisionRotaryEmbedding(head_dim // 2), theta 10000 (its
 *                default; the config has no field for it)
 *   qwen2_5_vl   Qwen2_5_VisionTransformerPretrainedModel: head_dim =
 *                vision_config.hidden_size // num_heads, the same rotation
 *   qwen3_vl     Qwen3VLVisionModel: hidden_size // num_heads,
 *                Qwen3VLVisionRotaryEmbedding(head_dim // 2), theta 10000
 *                (it also adds a learned absolute table, pos_embed,
 *                interpolated to the grid: not read here)
 *   llava, mistral3 with vision_config.model_type pixtral
 *                PixtralRotaryEmbedding: dim = vision_config.head_dim
 *                (PixtralVisionConfig: hidden_size // num_attention_heads
 *                when absent), base = rope_theta (default 10000), rows
 *                the even frequencies, columns the odd
 *
 * Each rotates halves (rotate_half).  A field the rule needs and the
 * config lacks is refused by name, not filled from a class default.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "read/json.h"
#include "read/model.h"

static const struct tower {
	const char *model_type;   /* the config's top-level model_type */
	const char *vision_type;  /* vision_config.model_type it needs, or NULL */
	const char *width;        /* the width field */
	const char *heads;        /* the heads field */
	int pixtral;              /* head_dim and rope_theta fields, alternate */
	const char *rule;         /* the code that builds the rotation */
} towers[] = {
	{ "qwen2_vl", NULL, "embed_dim", "num_heads", 0, "VisionRotaryEmbedding" },
	{ "qwen2_5_vl", NULL, "hidden_size", "num_heads", 0, "Qwen2_5_VisionRotaryEmbedding" },
	{ "qwen3_vl", NULL, "hidden_size", "num_heads", 0, "Qwen3VLVisionRotaryEmbedding" },
	{ "qwen3_vl_moe", NULL, "hidden_size", "num_heads", 0, "Qwen3VLMoeVisionRotaryEmbedding" },
	{ "llava", "pixtral", "hidden_size", "num_attention_heads", 1, "PixtralRotaryEmbedding" },
	{ "mistral3", "pixtral", "hidden_size", "num_attention_heads", 1, "PixtralRotaryEmbedding" },
};
#define N_TOWERS (sizeof towers / sizeof towers[0])
#define VISION_THETA 10000.0   /* VisionRotaryEmbedding(dim, theta=10000.0) */

static json_object *get(json_object *obj, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

/* The string obj[key] into buf ("" when absent or not a string). */
static void get_text(json_object *obj, const char *key, char *buf, size_t size)
{
	json_object *v = get(obj, key);

	buf[0] = '\0';
	if (v && json_object_is_type(v, json_type_string))
		out_shown(buf, size, json_object_get_string(v));
}

/* A positive integer vision_config.key into *out. */
static int get_int(const struct pe_model *m, json_object *vc, const char *key, size_t *out,
                   struct out_err *err)
{
	json_object *v = get(vc, key);
	int64_t x;

	if (!v)
		return out_fail(err, "%s: vision_config.%s: absent: the vision tower's rotation needs it",
		                m->config, key);
	x = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
	if (x < 1 || x > PE_DIM_MAX * 1024)
		return out_fail(err, "%s: vision_config.%s: expected a positive integer, got %s",
		                m->config, key, json_text(v, JSON_C_TO_STRING_SPACED));
	*out = (size_t)x;
	return 0;
}

static const struct tower *find(const char *type, const char *vision_type)
{
	for (size_t i = 0; i < N_TOWERS; i++)
		if (!strcmp(towers[i].model_type, type)
		    && (!towers[i].vision_type || !strcmp(towers[i].vision_type, vision_type)))
			return &towers[i];
	return NULL;
}

/* The head dimension (Pixtral: head_dim, else width / heads) into *d. */
static int head_dim(struct pe_model *m, const struct tower *t, json_object *vc, size_t *d,
                    char *from, size_t size, struct out_err *err)
{
	size_t width, heads;

	if (t->pixtral && get(vc, "head_dim")) {
		snprintf(from, size, "vision_config.head_dim");
		return get_int(m, vc, "head_dim", d, err);
	}
	if (get_int(m, vc, t->width, &width, err) != 0 || get_int(m, vc, t->heads, &heads, err) != 0)
		return -1;
	*d = width / heads;   /* Python's // */
	snprintf(from, size, "vision_config.%s / vision_config.%s", t->width, t->heads);
	return 0;
}

int model_read_vision(struct pe_model *m, json_object *root, enum pe_scheme_kind force,
                      struct out_err *err)
{
	json_object *vc = get(root, "vision_config"), *th;
	char type[64], vtype[64], from[96];
	const struct tower *t;
	size_t d;

	get_text(root, "model_type", type, sizeof type);
	if (!vc || !json_object_is_type(vc, json_type_object))
		return out_fail(err, "%s: option '--tower vision' needs a vision_config, and the config has none",
		                m->config);
	get_text(vc, "model_type", vtype, sizeof vtype);
	t = find(type, vtype);
	if (!t)
		return out_fail(err, "%s: model_type: '%s'%s%s%s: not a vision tower pecli knows "
		                "(qwen2_vl, qwen2_5_vl, qwen3_vl, qwen3_vl_moe, and llava or mistral3 with pixtral)",
		                m->config, type, vtype[0] ? " with vision_config.model_type '" : "",
		                vtype, vtype[0] ? "'" : "");
	if (force != PE_N_SCHEMES && force != PE_SCHEME_ROPE2D)
		return out_fail(err, "%s: the vision tower turns by row and column: --scheme rope2d, not %s",
		                m->config, pe_schemes[force]->name);
	snprintf(m->model_type, sizeof m->model_type, "%s", type);
	snprintf(m->type_from, sizeof m->type_from, "model_type");
	m->kind = PE_SCHEME_ROPE2D;
	m->tower = 1;
	m->pairing = PE_ROPE_PAIRING_HALF;
	if (head_dim(m, t, vc, &d, from, sizeof from, err) != 0)
		return -1;
	if (d % 4 != 0 || d > PE_DIM_MAX)
		return out_fail(err, "%s: %s = %zu: the vision tower gives each axis half the pairs: "
		                "expected a multiple of 4", m->config, from, d);
	m->set.n_dim = d;
	model_set_opt(m, &pe_opt_d, from);
	m->set.base = VISION_THETA;
	th = t->pixtral ? get(vc, "rope_theta") : NULL;
	if (th) {
		double x = json_object_get_double(th);

		if (!(json_object_is_type(th, json_type_double) || json_object_is_type(th, json_type_int))
		    || !(x > 1.0) || x > 1e300)
			return out_fail(err, "%s: vision_config.rope_theta: expected a finite number greater than 1, got %s",
			                m->config, json_text(th, JSON_C_TO_STRING_SPACED));
		m->set.base = x;
		model_set_opt(m, &pe_opt_base, "vision_config.rope_theta");
	} else {
		snprintf(from, sizeof from, "the theta of %s%s", t->rule,
		         t->pixtral ? " (PixtralVisionConfig's default)" : " (fixed in the code)");
		model_set_opt(m, &pe_opt_base, from);
	}
	m->set.axes.alternate = t->pixtral;
	snprintf(from, sizeof from, "%s", t->rule);
	model_set_opt(m, &pe_opt_axial_freqs, from);
	return 0;
}

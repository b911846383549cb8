/*
 * model.h - a model as an engineer holds it: a folder from the Hugging Face
 * hub (config.json and its safetensors weights), a lone config.json, or a
 * model id found in the local Hugging Face cache; read into the scheme it
 * uses and the values it gives, each with the config field it came from.
 *
 * What a config.json means is decided by its model_type (the text model's,
 * for a multimodal config): the architecture table in model.c names the
 * scheme (rope for the Llama family, learned for GPT-2, OPT, BERT and
 * RoBERTa, t5, alibi for BLOOM, MPT and Baichuan-13B), the pairing its
 * modeling code rotates, the tensor that holds a learned table and the
 * defaults of its configuration class.  The fields each scheme reads are
 * its own rows (ops->fields, pe.h); the rope family's are read with
 * transformers' precedence by hfconfig.c.  A model_type pecli does not
 * know is refused, naming the field, unless --scheme says what to read.
 */
#ifndef PECLI_MODEL_H
#define PECLI_MODEL_H

#include <stddef.h>

#include "pe/pe.h"
#include "read/hfconfig.h"
#include "util/err.h"

#define MODEL_PATH_MAX 4096
#define MODEL_PROV_MAX 40
#define MODEL_LAYERS_MAX 4096
#define MODEL_LAYER_TYPES_MAX 4
#define MODEL_NO_LAYER ((size_t)-1)

/* A kind of layer and its encoding (layers.c). */
struct model_layer_type {
	char name[32];       /* "full_attention", "sliding_attention", "nope" */
	int nope;            /* no positional encoding in these layers */
	double base;         /* their own base; NAN: the model's */
	int plain;           /* the model's scaling does not apply to them */
	int tuned;           /* NoPE layers whose code tunes the attention
	                        temperature (Llama 4): the nope scheme's fields
	                        are read for them */
	char from[96];       /* the field that says so */
};

/* What a command asks of a model: a layer, a layer type, a tensor. */
struct model_pick {
	size_t layer;            /* --layer, or MODEL_NO_LAYER */
	const char *layer_type;  /* --layer-type, or NULL */
	const char *tensor;      /* --tensor, or NULL */
	int tower;               /* --tower: 0 the text model, 1 the vision tower */
};

struct pe_model {
	char name[MODEL_PATH_MAX];    /* as given: a folder, a file or an id */
	char dir[MODEL_PATH_MAX];     /* the folder; "" for a lone config.json */
	char config[MODEL_PATH_MAX];  /* the config.json read */
	char model_type[64];          /* the text model's, "" when absent */
	int tower;                    /* the vision tower's encoding (vision.c) */
	char type_from[48];           /* "model_type", "architectures[0]" */
	char arch[128];               /* architectures[0], "" when absent */
	enum pe_scheme_kind kind;
	int pairing;                  /* PE_ROPE_PAIRING_* its code rotates */
	struct hf_rope_config hf;     /* rope, xpos: what hfconfig read */
	struct pe_scheme_cfg set;     /* the other schemes' fields, at their
	                                 options' offsets */
	const struct pe_opt *set_opts[16];  /* the options set in set */
	double set_lists[2][8];       /* the lists set points to (mrope_section) */
	size_t n_set_lists;
	size_t n_set;
	/* weights: a learned table or T5's bucket weights */
	char tensor[256];             /* the tensor to read; "" none */
	char tensor_file[MODEL_PATH_MAX + 64]; /* the file it was read from */
	char tensor_shape[64];        /* "1024 x 768" as stored */
	char weights_note[512];       /* why no weights were read, or "" */
	const char *tensors[4];       /* the architecture's names for it */
	size_t row_offset;            /* rows before position 0 (OPT, RoBERTa) */
	int offset_extra;             /* those rows are beyond the config's count
	                                 of positions (OPT) rather than in it */
	double n_positions;           /* learned: the table's rows in the
	                                 config (NAN when absent) */
	struct hf_prov prov[MODEL_PROV_MAX];
	size_t n_prov;
	char warning[512];            /* fields read but not understood */
	/* layers (layers.c): their types, which one is in force */
	struct model_layer_type types[MODEL_LAYER_TYPES_MAX];
	size_t n_types;               /* 0: one kind of layer, not listed */
	unsigned char layer_of[MODEL_LAYERS_MAX];   /* layer -> type */
	size_t n_layers;
	char layers_from[96];         /* the field the list came from */
	size_t used;                  /* the type in force */
	char used_from[96];           /* why: a flag, or the default */
};

/*
 * Read the model arg: a folder holding config.json, a config.json, or
 * (when ids) a model id (ORG/NAME) in the local Hugging Face cache at
 * revision (NULL: main); a path that exists is never taken for an id.
 * force: the scheme to read it as (--scheme given), or PE_N_SCHEMES to
 * take the model's own.  pick (NULL: the defaults): the layer (T5: whose
 * relative_attention_bias is read, 0 by default; a model whose layers
 * differ: whose type is in force), the layer type, the tensor to read
 * instead of the architecture's.  0, or -1 with a message naming the
 * file, the field and the value.
 */
int model_load(struct pe_model *m, const char *arg, int ids, const char *revision,
               enum pe_scheme_kind force, const struct model_pick *pick,
               struct out_err *err);

/* The same for a config.json text of len bytes (a preset): name names it
 * in messages; it has no folder, so no weights. */
int model_load_text(struct pe_model *m, const char *name, const char *text,
                    size_t len, enum pe_scheme_kind force,
                    const struct model_pick *pick, struct out_err *err);

/* Record that the model sets option opt (its value already in m->set),
 * from the config field or rule from. */
void model_set_opt(struct pe_model *m, const struct pe_opt *opt, const char *from);

/* ---- the vision tower (vision.c) ---- */

/* The 2-D rotation of the vision tower of the vision-language model whose
 * config.json is root (--tower vision) into m: scheme rope2d, its head
 * dimension, base and frequencies.  force: --scheme, or PE_N_SCHEMES. */
struct json_object;
int model_read_vision(struct pe_model *m, struct json_object *root,
                      enum pe_scheme_kind force, struct out_err *err);

/* ---- layers (layers.c) ---- */

/* The layer types of the text config obj (pfx names it) into m, and the
 * one in force; a NoPE type makes m->kind nope. */
struct json_object;
int model_read_layers(struct pe_model *m, struct json_object *obj, const char *pfx,
                      const struct model_pick *pick, struct out_err *err);

/* Lay the type in force over cfg (after the model's values): its base, no
 * scaling where the model's does not apply. */
void model_apply_layer(struct pe_scheme_cfg *cfg, struct pe_model *m);

/* The layers of type t as "0-4 6-10 12" into buf; their number. */
size_t model_layers_text(const struct pe_model *m, size_t t, char *buf, size_t size);

/* Lay the model's values over cfg (defaults of m->kind), recording where
 * each came from in m->prov.  0, or -1 (err) when a value is out of range. */
int model_apply(struct pe_scheme_cfg *cfg, struct pe_model *m,
                struct out_err *err);

/*
 * The model's weight into t: m->tensor when --tensor named it, else the
 * first of the architecture's names the folder holds (m->tensor and
 * m->tensor_file then say which), from model.safetensors or the shard
 * model.safetensors.index.json names; m->row_offset rows before position
 * 0 dropped (OPT, RoBERTa).  0; 1 when the model has no weights to read
 * (a lone config.json, a folder without safetensors, no such tensor), the
 * reason in err; -1 on a malformed file.
 */
int model_read_weights(struct pe_model *m, struct pe_learned *t,
                       struct out_err *err);

/* The source m->prov gives for option opt (its long name), or NULL. */
const char *model_prov_of(const struct pe_model *m, const char *opt);

/* Record that option opt's value came from "from" (printf-style). */
void model_prov_add(struct pe_model *m, const char *opt, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- the local Hugging Face cache (hfcache.c) ---- */

/* Whether s has the form of a hub model id: NAME or ORG/NAME. */
int hf_is_model_id(const char *s);

/* The snapshot folder of model id at revision (NULL: main) in the local
 * cache, into dir; -1 with a message saying where pecli looked. */
int hf_cache_resolve(const char *id, const char *revision, char *dir,
                     size_t size, struct out_err *err);

#endif

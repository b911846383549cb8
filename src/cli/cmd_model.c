/*
 * cmd_model.c - pecli model: what a model's positional encoding is, in one
 * screen: the model, its architecture, the scheme, and each value the
 * scheme takes with the config field (or default, or flag) it came from.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include <config.h>

#define MODEL_OPTS (OPTF_SCHEME | OPTF_OUTPUT | OPTF_OPERAND)

static void model_help(void)
{
	fputs("Usage: pecli model DIR|FILE|ID [SCHEME OPTIONS] [--format table|csv|tsv|json]\n"
	      "                   [-o FILE]\n"
	      "Show a model's positional encoding: the model folder, config.json or\n"
	      "model id (as --model), its architecture, the scheme it uses, and every\n"
	      "value of the scheme with where it came from: a config field, the\n"
	      "default of the model's configuration class or of pecli, or a flag given\n"
	      "here (flags override the model).  A model whose layers differ lists\n"
	      "its layer types with their layers; the values are those of the type\n"
	      "in force (--layer L, --layer-type NAME, else the full-attention\n"
	      "layers).  Columns: name, value, from.  An aligned table on a\n"
	      "terminal, CSV otherwise.\n"
	      "\n", stdout);
}

static const struct cli_cmd model_cmd = { MODEL_OPTS, model_help, cli_table_formats, 0 };

static const char *const model_cols[] = { "name", "value", "from" };

/* The rows of 'pecli model', their texts held here. */
struct lines {
	struct src_small sm;
	char text[SRC_SMALL_CELLS][160];
	size_t n;
};

static void line_add(struct lines *l, const char *name, const char *value, const char *from)
{
	const char *cells[3] = { name, value, from };

	if (3 * (l->n + 1) > SRC_SMALL_CELLS)
		return;
	for (size_t j = 0; j < 3; j++) {
		snprintf(l->text[3 * l->n + j], sizeof l->text[0], "%s", cells[j] ? cells[j] : "");
		l->sm.texts[3 * l->n + j] = l->text[3 * l->n + j];
	}
	l->n++;
}

/* Whether row applies with the values in cfg (its mode's value). */
static int row_applies(const struct pe_opt *row, const struct pe_scheme_cfg *cfg)
{
	int v;

	if (!row->mode)
		return 1;
	v = *(const int *)(const void *)((const char *)cfg + row->mode->offset);
	return (row->modes >> v) & 1u;
}

/* The value of row in cfg as text; 0 when it has none to show. */
static int value_text(char *buf, size_t cap, const struct pe_opt *row,
                      const struct pe_scheme_cfg *cfg)
{
	const char *p = (const char *)cfg + row->offset;
	size_t used = 0;

	switch (row->field) {
	case PE_FIELD_INT: {
		int v = *(const int *)(const void *)p;

		if (row->type == PE_OPT_CHOICE)
			snprintf(buf, cap, "%s", opt_choice_name(row, v));
		else if (row->type == PE_OPT_FLAG)
			snprintf(buf, cap, "%s", v ? "yes" : "no");
		else
			snprintf(buf, cap, "%d", v);
		return 1;
	}
	case PE_FIELD_SIZE:
		snprintf(buf, cap, "%zu", *(const size_t *)(const void *)p);
		return 1;
	case PE_FIELD_DOUBLE: {
		double v = *(const double *)(const void *)p;

		if (isnan(v) || v == 0)
			return 0;
		fmt_double(buf, v, 0);
		return 1;
	}
	case PE_FIELD_LIST: {
		const double *v = *(const double *const *)(const void *)p;
		size_t n = *(const size_t *)(const void *)((const char *)cfg + row->count_offset);
		char num[FMT_BUF];

		if (!v || !n)
			return 0;
		buf[0] = '\0';
		for (size_t i = 0; i < n && used + 32 < cap; i++) {
			fmt_double(num, v[i], 0);
			used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? " " : "", num);
		}
		if (used + 32 >= cap)
			snprintf(buf + used, cap - used, " ... (%zu values)", n);
		return 1;
	}
	default:
		return 0;
	}
}

/* Each option row of the scheme that applies, with its value and source. */
static void scheme_lines(struct lines *l, const struct opts *o)
{
	const struct pe_scheme_ops *ops = opt_ops(o);
	char value[160], from[128];

	for (size_t k = 0; ops->opts && ops->opts[k]; k++) {
		const struct pe_opt *row = ops->opts[k];
		const char *src = o->has_model ? model_prov_of(&o->model, row->name) : NULL;

		if (row->type == PE_OPT_FILE || row->type == PE_OPT_SPECIAL
		    || (row->flags & PE_OPTF_CLEARS)
		    || row == &pe_opt_table || row == &pe_opt_init || row == &pe_opt_head
		    || !row_applies(row, &o->scheme)
		    || !value_text(value, sizeof value, row, &o->scheme))
			continue;
		if (row == &pe_opt_rotary_dim && !o->scheme.rope.n_rot) {
			snprintf(value, sizeof value, "%zu", o->scheme.n_dim);
			if (!src)
				src = "d: the whole head";
		}
		if (opt_given(o, row))
			snprintf(from, sizeof from, "--%s", row->name);
		else if (src)
			snprintf(from, sizeof from, "%s", src);
		else if (o->source[0] && !o->has_model)
			snprintf(from, sizeof from, "%s", o->source);
		else
			snprintf(from, sizeof from, "default");
		line_add(l, row->name, value, from);
	}
}

/* A model whose layers differ: each type with its layers and encoding,
 * and the one in force (the values below are its). */
static void layer_lines(struct lines *l, const struct pe_model *m)
{
	char name[64], value[160], from[160], num[32];

	if (!m->n_types)
		return;
	snprintf(num, sizeof num, "%zu", m->n_layers);
	line_add(l, "layers", num, m->layers_from);
	for (size_t t = 0; t < m->n_types; t++) {
		const struct model_layer_type *ty = &m->types[t];
		size_t n = model_layers_text(m, t, value, sizeof value);

		snprintf(name, sizeof name, "layer_type %s", ty->name);
		if (ty->nope)
			snprintf(from, sizeof from, "%zu layers, no position (%s)", n, ty->from);
		else if (!isnan(ty->base))
			snprintf(from, sizeof from, "%zu layers, base %.17g%s (%s)", n, ty->base,
			         ty->plain ? ", no scaling" : "", ty->from);
		else if (ty->from[0])
			snprintf(from, sizeof from, "%zu layers, %s", n, ty->from);
		else
			snprintf(from, sizeof from, "%zu layers, the model's rotation", n);
		line_add(l, name, value, from);
	}
	line_add(l, "layer_type", m->types[m->used].name, m->used_from);
}

int cmd_model(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	static struct lines l;
	enum out_format fmt;
	char num[FMT_BUF], from[128];
	int rc;

	/* the scheme is built only where it adds a number (the attention
	 * factor): a learned model is described without its table */
	rc = cli_setup(&o, NULL, argc, argv, &model_cmd, &fmt);
	if (rc == EXIT_OK && (opt_ops(&o)->traits & PE_TRAIT_ROTARY))
		rc = opt_scheme(&scheme, &o);
	if (rc != EXIT_OK)
		goto done;
	if (!o.has_model && !opt_given(&o, &cli_opt_preset)) {
		msg_usage("which model? give its folder, config.json or id, or --preset");
		rc = EXIT_USAGE;
		goto done;
	}
	fmt = cli_table_or_csv(&o, fmt);
	memset(&l, 0, sizeof l);
	line_add(&l, "model", o.has_model ? o.model.name : o.source, NULL);
	if (o.has_model) {
		if (o.model.dir[0])
			line_add(&l, "config", o.model.config, NULL);
		if (o.model.arch[0])
			line_add(&l, "architecture", o.model.arch, "architectures[0]");
		if (o.model.model_type[0])
			line_add(&l, "model_type", o.model.model_type, o.model.type_from);
	}
	if (opt_given(&o, &cli_opt_scheme))
		snprintf(from, sizeof from, "--scheme");
	else if (o.has_model && o.model.model_type[0])
		snprintf(from, sizeof from, "model_type %s", o.model.model_type);
	else
		snprintf(from, sizeof from, "default");
	line_add(&l, "scheme", opt_ops(&o)->name, from);
	if (o.has_model)
		layer_lines(&l, &o.model);
	scheme_lines(&l, &o);
	if (o.has_model && !isnan(o.model.n_positions)) {
		snprintf(num, sizeof num, "%.17g", o.model.n_positions);
		line_add(&l, "positions", num, model_prov_of(&o.model, "n"));
	}
	if (opt_ops(&o)->traits & PE_TRAIT_ROTARY) {
		const struct pe_rope_cfg *r = &o.scheme.rope;
		const char *mp = o.has_model ? model_prov_of(&o.model, "max-pos") : o.source;

		if (r->scaling != PE_ROPE_SCALING_NONE && r->original_max > 0) {
			fmt_double(num, r->original_max, 0);
			line_add(&l, "training_length", num, "original-max");
			if (r->max_pos > 0) {
				fmt_double(num, r->max_pos, 0);
				line_add(&l, "target_length", num, mp);
			}
		} else if (r->max_pos > 0) {
			fmt_double(num, r->max_pos, 0);
			line_add(&l, "training_length", num, mp);
		}
		fmt_double(num, scheme.attention_factor, 0);
		line_add(&l, "attention_factor", num, "computed");
		snprintf(num, sizeof num, "%zu", scheme.n_freq);
		line_add(&l, "pairs", num, "rotary-dim / 2");
	}
	if (o.has_model && o.model.tensor[0])
		line_add(&l, "tensor", o.model.tensor, o.tensor ? "--tensor" : "the architecture's");
	if (o.has_model && o.model.tensor_file[0]) {
		line_add(&l, "weights", o.model.tensor_file, NULL);
		line_add(&l, "shape", o.model.tensor_shape, "as stored");
		if (o.model.row_offset) {
			snprintf(num, sizeof num, "%zu", o.model.row_offset);
			line_add(&l, "row_offset", num, "rows before position 0");
		}
	} else if (o.has_model && o.model.weights_note[0]) {
		line_add(&l, "weights", "none", o.model.weights_note);
	}
	src_small_init(&t, &l.sm, l.n, 3, model_cols);
	for (size_t i = 0; i < l.n; i++)
		for (size_t j = 0; j < 3; j++)
			l.sm.texts[3 * i + j] = l.text[3 * i + j];
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "%s", "model");
	if (o.has_model && o.model.warning[0])
		table_meta_add(&t, "not_read", "%s", o.model.warning);
	rc = cli_emit(&t, &o, fmt);
done:
	pe_scheme_free(&scheme);
	opt_cleanup();
	return rc == CLI_DONE ? EXIT_OK : rc;
}

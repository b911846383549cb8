/*
 * each_type.c - --layer-type all: a command's table once for each layer
 * type of the model, in the order 'pecli model' lists them, joined into
 * one table behind a first column layer_type (src/table/concat.c).
 *
 * Each type's options are those --layer-type NAME gives (opt_resolve_type:
 * the model read for that type, every check made for it, an error named
 * after the type), its scheme is built from them, and the command's own
 * table function makes its table, the same function that makes the one
 * table without 'all'.  The metadata keeps what every type shares, adds
 * layer_types (each type, its layers and its encoding), then each type's
 * own lines as "TYPE.KEY".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* The metadata value for the types; with every layer when it fits, else
 * with the count of layers of each. */
static void types_line(struct table_src *t, const struct cli_types *c, const struct pe_model *m)
{
	char line[sizeof t->meta[0].value], caption[128], layers[MODEL_LAYERS_MAX * 6];

	for (int full = 1; full >= 0; full--) {
		size_t used = 0;

		line[0] = '\0';
		for (size_t k = 0; k < c->n && used < sizeof line; k++) {
			size_t n = model_layers_text(m, k, layers, sizeof layers);

			cli_scheme_caption(caption, sizeof caption, &c->type[k].o, &c->type[k].s);
			if (full)
				used += (size_t)snprintf(line + used, sizeof line - used, "%s%s (layer%s %s): %s",
				                         k ? "; " : "", m->types[k].name, n == 1 ? "" : "s", layers,
				                         caption);
			else
				used += (size_t)snprintf(line + used, sizeof line - used, "%s%s (%zu layers): %s",
				                         k ? "; " : "", m->types[k].name, n, caption);
		}
		if (used < sizeof line)
			break;
	}
	table_meta_add(t, "layer_types", "%s", line);
}

int cli_types_source(struct table_src *t, struct cli_types *c, const struct opts *o,
                     enum out_format fmt, cli_table_fn fn, void *states, size_t state_size)
{
	const struct pe_model *m = &o->model;
	const char *labels[MODEL_LAYER_TYPES_MAX];
	char ctx[64];
	struct out_err err;
	int rc = EXIT_OK;

	memset(c, 0, sizeof *c);
	if (fmt == OUT_FORMAT_GNUPLOT) {
		msg_usage("options '--layer-type all' and '--%s' cannot be combined: a figure "
		          "draws one layer type (--layer-type NAME)",
		          o->plot ? "plot" : "format gnuplot");
		return EXIT_USAGE;
	}
	c->type = calloc(m->n_types, sizeof *c->type);
	if (!c->type) {
		msg_error("out of memory for %zu layer types", m->n_types);
		return EXIT_RUNTIME;
	}
	c->n = m->n_types;
	for (size_t k = 0; k < c->n && rc == EXIT_OK; k++) {
		struct cli_type *ty = &c->type[k];

		snprintf(ctx, sizeof ctx, "layer type %s", m->types[k].name);
		msg_set_context(ctx);
		rc = opt_resolve_type(&ty->o, o, k);
		if (rc == EXIT_OK)
			rc = opt_scheme(&ty->s, &ty->o);
		if (rc == EXIT_OK)
			rc = fn(&ty->t, (char *)states + k * state_size, &ty->o, &ty->s);
		c->parts[k] = &ty->t;
		labels[k] = m->types[k].name;
	}
	msg_set_context(NULL);
	if (rc != EXIT_OK)
		return rc;
	if (src_concat_init(t, &c->cat, "layer_type", c->parts, labels, c->n, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	types_line(t, c, m);
	src_concat_meta_parts(t, &c->cat);
	return EXIT_OK;
}

void cli_types_free(struct cli_types *c)
{
	for (size_t k = 0; k < c->n; k++)
		pe_scheme_free(&c->type[k].s);
	free(c->type);
	memset(c, 0, sizeof *c);
}

/*
 * opt_help.c - what the option rows say to people: --help (each command's
 * options, grouped, with the defaults and ranges the rows state), pecli
 * --list-options (every row as CSV, for the tests and the completion), the
 * names of choices, and the resolved parameters as metadata.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include <config.h>

static const char *const group_titles[] = {
	[PE_GROUP_SCHEME] = "Scheme options",
	[PE_GROUP_ROPE] = "RoPE options (--scheme rope or xpos)",
	[PE_GROUP_BIAS] = "Bias options (--scheme alibi or t5)",
	[PE_GROUP_COMMAND] = "Command options",
	[PE_GROUP_FIGURE] = "Figure options",
	[PE_GROUP_OUTPUT] = "Output options",
	[PE_GROUP_OTHER] = "Other options",
};

const char *opt_choice_name(const struct pe_opt *row, int value)
{
	for (size_t k = 0; row->choices && row->choices[k]; k++)
		if ((row->values ? row->values[k] : (int)k) == value)
			return row->choices[k];
	return "?";
}

const char *opt_table_name(enum pe_table table)
{
	return table == PE_TABLE_CODE ? "code" : opt_choice_name(&pe_opt_table, (int)table);
}

/* ---- what a row states ---- */

/* The default of d, scheme by scheme: "512; 128 for rope and xpos". */
static void dim_defaults(char *buf, size_t cap)
{
	const char *names[PE_N_SCHEMES];
	char list[256];
	size_t main_d = pe_schemes[0]->n_dim_default, len;
	int done[PE_N_SCHEMES] = { 0 };

	len = (size_t)snprintf(buf, cap, "%zu", main_d);
	for (size_t s = 0; s < PE_N_SCHEMES && len < cap; s++) {
		size_t v = pe_schemes[s]->n_dim_default, n = 0;

		if (!v || v == main_d || done[s])
			continue;
		for (size_t j = s; j < PE_N_SCHEMES; j++)
			if (pe_schemes[j]->n_dim_default == v) {
				names[n++] = pe_schemes[j]->name;
				done[j] = 1;
			}
		opt_join_and(list, sizeof list, names, n);
		int w = snprintf(buf + len, cap - len, "; %zu for %s", v, list);
		len += w > 0 ? (size_t)w : 0;
	}
}

/* The default as --help states it: a number, a choice's name, d's by
 * scheme; "" when the row states none. */
static void default_text(char *buf, size_t cap, const struct pe_opt *row)
{
	buf[0] = '\0';
	if (row->flags & PE_OPTF_PER_SCHEME)
		dim_defaults(buf, cap);
	else if (isnan(row->def))
		return;
	else if (row->type == PE_OPT_CHOICE)
		snprintf(buf, cap, "%s", opt_choice_name(row, (int)row->def));
	else if (cap >= FMT_BUF)
		fmt_double(buf, row->def, 0);
}

/* The range as the error messages state it ("an even integer in [2, 65536]"). */
static void range_text(char *buf, size_t cap, const struct pe_opt *row)
{
	char lo[FMT_BUF];

	fmt_double(lo, row->lo, 0);
	switch (row->type) {
	case PE_OPT_INT:
	case PE_OPT_EVEN:
		snprintf(buf, cap, "%s integer in [%.0f, %.0f]",
		         row->type == PE_OPT_EVEN ? "an even" : "an", row->lo, row->hi);
		break;
	case PE_OPT_ABOVE:
		snprintf(buf, cap, "a finite number greater than %s", lo);
		break;
	case PE_OPT_AT_LEAST:
		snprintf(buf, cap, "a finite number >= %s", lo);
		break;
	default:
		buf[0] = '\0';
		break;
	}
}

/* The row's help with %D (default; a choice's: "default"), %R (range) and
 * %S (the schemes) filled in, continuation lines indented by indent. */
static void expand_help(char *buf, size_t cap, const struct pe_opt *row, int indent)
{
	size_t len = 0;

	buf[0] = '\0';
	for (const char *p = row->help; *p && len + 1 < cap; p++) {
		char part[512];

		part[0] = '\0';
		if (p[0] == '%' && p[1] == 'D') {
			if (row->type == PE_OPT_CHOICE)
				snprintf(part, sizeof part, "default");
			else
				default_text(part, sizeof part, row);
			p++;
		} else if (p[0] == '%' && p[1] == 'R') {
			range_text(part, sizeof part, row);
			p++;
		} else if (p[0] == '%' && p[1] == 'S') {
			const char *names[PE_N_SCHEMES + 1];

			for (size_t s = 0; s < PE_N_SCHEMES; s++)
				names[s] = pe_schemes[s]->name;
			names[PE_N_SCHEMES] = NULL;
			opt_join(part, sizeof part, names);
			/* "a, b or c" */
			char *last = strrchr(part, ',');
			if (last && strlen(part) + 3 < sizeof part) {
				memmove(last + 3, last + 1, strlen(last + 1) + 1);
				memcpy(last, " or", 3);
			}
			p++;
		} else if (*p == '\n') {
			snprintf(part, sizeof part, "\n%*s", indent, "");
		} else {
			part[0] = *p;
			part[1] = '\0';
		}
		int w = snprintf(buf + len, cap - len, "%s", part);
		len += w > 0 ? (size_t)w : 0;
	}
}

/* ---- --help ---- */

static void help_left(char *left, size_t cap, const struct pe_opt *row)
{
	if (row->short_name)
		snprintf(left, cap, "-%c, --%s%s%s", row->short_name, row->name,
		         row->arg ? " " : "", row->arg ? row->arg : "");
	else if (row->alias)
		snprintf(left, cap, "--%s %s, --%s %s", row->name, row->arg, row->alias, row->arg);
	else
		snprintf(left, cap, "--%s%s%s", row->name, row->arg ? " " : "",
		         row->arg ? row->arg : "");
}

static void help_format(FILE *fp, const char *left, const struct opt_format *formats)
{
	const char *names[8];
	char list[128];
	size_t n;

	for (n = 0; formats[n].name && n < 7; n++)
		names[n] = formats[n].name;
	names[n] = NULL;
	opt_join(list, sizeof list, names);
	if (formats[0].format == OUT_FORMAT_TABLE)
		fprintf(fp, "  %-24s output format: %s (default: table on a terminal,\n"
		        "  %-24s csv otherwise)\n", left, list, "");
	else
		fprintf(fp, "  %-24s output format: %s (default %s)\n", left, list,
		        formats[0].name);
}

static void help_row(FILE *fp, const struct pe_opt *row, const struct opt_format *formats,
                     size_t n_default)
{
	struct pe_opt own;
	char left[64], text[1024];

	help_left(left, sizeof left, row);
	if (row == &cli_opt_format) {
		help_format(fp, left, formats);
		return;
	}
	if (row == &cli_opt_n && n_default) {   /* the command's own */
		own = *row;
		own.def = (double)n_default;
		row = &own;
	}
	expand_help(text, sizeof text, row, 27);
	if (strlen(left) > 24)
		fprintf(fp, "  %s\n  %-24s %s\n", left, "", text);
	else
		fprintf(fp, "  %-24s %s\n", left, text);
}

static void help_title(FILE *fp, int *shown, enum pe_opt_group g)
{
	if (!*shown)
		fprintf(fp, "%s:\n", group_titles[g]);
	*shown = 1;
}

/*
 * The options a command takes, group by group: the command rows of the
 * scheme group (--scheme) lead it; then the schemes' rows, each followed by
 * the command rows placed after it (--n after --d); then the other command
 * rows.
 */
void opt_help(FILE *fp, unsigned accepts, const struct opt_format *formats, size_t n_default)
{
	struct opts *o = calloc(1, sizeof *o);

	if (!o)
		return;
	opt_rows_of(o, accepts);
	for (int g = PE_GROUP_SCHEME; g <= PE_GROUP_OTHER; g++) {
		int shown = 0;

		for (size_t k = 0; k < o->n_rows; k++)
			if (!o->is_scheme[k] && o->rows[k]->group == (enum pe_opt_group)g
			    && g == PE_GROUP_SCHEME && !o->rows[k]->after) {
				help_title(fp, &shown, g);
				help_row(fp, o->rows[k], formats, n_default);
			}
		for (size_t k = 0; k < o->n_rows; k++) {
			if (!o->is_scheme[k] || o->rows[k]->group != (enum pe_opt_group)g)
				continue;
			help_title(fp, &shown, g);
			help_row(fp, o->rows[k], formats, n_default);
			for (size_t j = 0; j < o->n_rows; j++)
				if (!o->is_scheme[j] && o->rows[j]->after
				    && strcmp(o->rows[j]->after, o->rows[k]->name) == 0)
					help_row(fp, o->rows[j], formats, n_default);
		}
		for (size_t k = 0; k < o->n_rows; k++)
			if (!o->is_scheme[k] && o->rows[k]->group == (enum pe_opt_group)g
			    && g != PE_GROUP_SCHEME && !o->rows[k]->after) {
				help_title(fp, &shown, g);
				help_row(fp, o->rows[k], formats, n_default);
			}
	}
	free(o);
}

/* ---- pecli --list-options ---- */

/* When a row applies: "scaling=linear|ntk", "log", or "" (always). */
static void mode_text(char *buf, size_t cap, const struct pe_opt *row)
{
	const struct pe_opt *m = row->mode;
	size_t len;

	buf[0] = '\0';
	if (!m)
		return;
	if (m->type == PE_OPT_FLAG) {
		snprintf(buf, cap, "%s", m->name);
		return;
	}
	len = (size_t)snprintf(buf, cap, "%s=", m->name);
	for (size_t c = 0; m->choices[c] && len < cap; c++)
		if ((row->modes >> (m->values ? m->values[c] : (int)c)) & 1u) {
			int w = snprintf(buf + len, cap - len, "%s%s", buf[len - 1] == '=' ? "" : "|",
			                 m->choices[c]);
			len += w > 0 ? (size_t)w : 0;
		}
}

static void list_row(FILE *fp, const struct pe_opt *row, int scheme_row)
{
	char schemes[256] = "", mode[256], def[256];
	size_t len = 0;

	for (size_t s = 0; s < PE_N_SCHEMES && len < sizeof schemes; s++)
		if (scheme_row ? pe_scheme_takes(pe_schemes[s], row)
		               : (row->traits && (pe_schemes[s]->traits & row->traits) == row->traits)) {
			int w = snprintf(schemes + len, sizeof schemes - len, "%s%s", len ? " " : "",
			                 pe_schemes[s]->name);
			len += w > 0 ? (size_t)w : 0;
		}
	mode_text(mode, sizeof mode, row);
	default_text(def, sizeof def, row);
	if (row->flags & PE_OPTF_PER_SCHEME)
		snprintf(def, sizeof def, "scheme");   /* each scheme's: pecli schemes */
	fprintf(fp, "%s,%s,%s,%s,%s,%s\n", row->name, row->alias ? row->alias : "",
	        row->arg ? row->arg : "", schemes, mode, def);
}

void opt_list(FILE *fp)
{
	struct opts *o = calloc(1, sizeof *o);

	if (!o)
		return;
	opt_rows_of(o, ~0u);
	fputs("option,alias,argument,schemes,applies_with,default\n", fp);
	for (size_t k = 0; k < o->n_rows; k++)
		list_row(fp, o->rows[k], o->is_scheme[k]);
	free(o);
}

/* ---- the scheme and its metadata ---- */

int opt_scheme(struct pe_scheme *s, const struct opts *o)
{
	enum pe_status st = pe_scheme_init(s, &o->scheme);

	if (st == PE_OK)
		return EXIT_OK;
	msg_error("cannot build the %s scheme: %s", opt_ops(o)->name, pe_status_str(st));
	return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

static void meta_num(struct table_src *t, const char *key, double v)
{
	char num[FMT_BUF];

	fmt_double(num, v, 0);
	table_meta_add(t, key, "%s", num);
}

/* A scheme with several axes: the pairs of each axis, in the order the
 * pairs first take them, and the line the 1-D analyses walk. */
static void meta_axes(struct table_src *t, const struct pe_scheme *s)
{
	size_t count[PE_AXES_MAX] = { 0 }, used = 0;
	unsigned char order[PE_AXES_MAX];
	char buf[128];
	int len = 0;

	for (size_t i = 0; i < s->n_freq; i++) {
		if (count[s->axis_of[i]]++ == 0)
			order[used++] = s->axis_of[i];
	}
	for (size_t k = 0; k < used; k++)
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s %zu", k ? ", " : "",
		                pe_axis_name(order[k]), count[order[k]]);
	table_meta_add(t, "axes", "%s pairs%s%s", buf,
	               s->cfg.axes.interleaved ? ", interleaved (t h w t h w ...)" : "",
	               s->cfg.axes.alternate ? ", alternate frequencies" : "");
	if (s->cfg.axes.dir == PE_AXIS_DIAGONAL)
		table_meta_add(t, "axis", "diagonal: position p is p on every axis (a text token's place)");
	else
		table_meta_add(t, "axis", "%s: position p moves %s alone", pe_axis_name((size_t)(s->cfg.axes.dir - PE_AXIS_T)),
		               pe_axis_name((size_t)(s->cfg.axes.dir - PE_AXIS_T)));
}

/* Whether row is one of the scheme's own parameters (cfg.own) that applies
 * in cfg: a switch that is on, a number whose mode applies. */
static int own_on(const struct pe_opt *row, const struct pe_scheme_cfg *cfg)
{
	const size_t lo = offsetof(struct pe_scheme_cfg, own), hi = lo + sizeof cfg->own;
	const char *at = (const char *)cfg + row->offset;

	if (row->offset < lo || row->offset >= hi
	    || (row->mode && !((row->modes >> *(const int *)(const void *)
	                        ((const char *)cfg + row->mode->offset)) & 1u)))
		return 0;
	if (row->type == PE_OPT_FLAG)
		return row->field == PE_FIELD_INT && *(const int *)(const void *)at;
	return row->field == PE_FIELD_DOUBLE;
}

/* Those parameters as metadata, by their options' names. */
static void own_meta(struct table_src *t, const struct pe_scheme_ops *ops,
                     const struct pe_scheme_cfg *cfg)
{
	for (size_t k = 0; ops->opts && ops->opts[k]; k++) {
		const struct pe_opt *row = ops->opts[k];

		if (!own_on(row, cfg))
			continue;
		if (row->type == PE_OPT_FLAG)
			table_meta_add(t, row->name, "%s", "yes");
		else
			meta_num(t, row->name, *(const double *)(const void *)
			         ((const char *)cfg + row->offset));
	}
}

void opt_own_switches(char *buf, size_t cap, const struct pe_scheme_ops *ops,
                      const struct pe_scheme_cfg *cfg)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; ops->opts && ops->opts[k] && len < cap; k++)
		if (ops->opts[k]->type == PE_OPT_FLAG && own_on(ops->opts[k], cfg))
			len += (size_t)snprintf(buf + len, cap - len, ", %s", ops->opts[k]->name);
}

void opt_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s,
              const char *cmd)
{
	const struct pe_scheme_cfg *cfg = &o->scheme;
	const struct pe_rope_cfg *r = &cfg->rope;
	const struct pe_scheme_ops *ops = opt_ops(o);

	table_meta_add(t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(t, "command", "%s", cmd);
	if (o->source[0])
		table_meta_add(t, "source", "%s", o->source);
	if (o->has_model && o->model.n_types && !o->per_type)   /* per type: a column */
		table_meta_add(t, "layer_type", "%s (%s)", o->model.types[o->model.used].name,
		               o->model.used_from);
	table_meta_add(t, "scheme", "%s", ops->name);
	if (!ops->bias)
		table_meta_add(t, "d", "%zu", cfg->n_dim);
	if (strcmp(cmd, "decay") != 0 && strcmp(cmd, "extrapolate") != 0
	    && (strcmp(cmd, "check") == 0 || (!o->grid[0] && !o->n_spans)))
		/* decay's range is --max-dist, extrapolate's the two lengths */
		table_meta_add(t, "n", "%zu", o->n_pos);
	own_meta(t, ops, cfg);
	if (ops->bias) {
		const struct pe_bias_cfg *b = &cfg->bias;

		if (ops->traits & PE_TRAIT_BUCKETS) {
			table_meta_add(t, "buckets", "%d", b->n_buckets);
			table_meta_add(t, "max_distance", "%d", b->max_distance);
			table_meta_add(t, "direction", "%s", b->bidirectional
			               ? "bidirectional (half the buckets for keys after the query)"
			               : "causal (keys after the query share bucket 0)");
			table_meta_add(t, "values", "%s", b->weights ? "bias (bucket weights)"
			                                             : "bucket index");
			if (!b->weights)
				return;
		}
		table_meta_add(t, "heads", "%zu", b->n_heads);
		if (o->all_heads)
			table_meta_add(t, "head", "%s", "all, side by side");
		else
			table_meta_add(t, "head", "%zu", b->head);
		return;
	}
	if (!pe_scheme_takes(ops, &pe_opt_base))   /* no frequencies */
		return;
	meta_num(t, "base", cfg->base);
	if (s && s->axis_of)
		meta_axes(t, s);
	if (pe_scheme_takes(ops, &pe_opt_layout)) {
		table_meta_add(t, "layout", "%s", opt_layout_name(cfg->layout));
		if (cfg->variant == PE_SIN_FAIRSEQ)
			table_meta_add(t, "variant", "%s", "fairseq");
		if (cfg->flip)
			table_meta_add(t, "flip", "%s", "cos before sin");
		return;
	}
	if (!pe_scheme_takes(ops, &pe_opt_rotary_dim))
		return;
	table_meta_add(t, "rotary_dim", "%zu", r->n_rot ? r->n_rot : cfg->n_dim);
	table_meta_add(t, "pairing", "%s", opt_pairing_name(r->pairing));
	table_meta_add(t, "scaling", "%s", opt_scaling_name(r->scaling));
	if (r->scaling != PE_ROPE_SCALING_NONE && !isnan(r->factor))
		meta_num(t, "factor", r->factor);
	else if ((r->scaling == PE_ROPE_SCALING_YARN || r->scaling == PE_ROPE_SCALING_LONGROPE)
	         && r->original_max > 0 && r->max_pos > 0)
		table_meta_add(t, "factor", "%.17g (max_pos / original_max)",
		               r->max_pos / r->original_max);
	if (r->original_max > 0)
		meta_num(t, "original_max", r->original_max);
	if (r->max_pos > 0)
		meta_num(t, "max_pos", r->max_pos);
	if (r->seq_len > 0)
		meta_num(t, "seq_len", r->seq_len);
	if (r->scaling == PE_ROPE_SCALING_YARN) {
		meta_num(t, "beta_fast", r->beta_fast);
		meta_num(t, "beta_slow", r->beta_slow);
	}
	if (r->scaling == PE_ROPE_SCALING_LLAMA3) {
		meta_num(t, "low_freq_factor", r->low_freq_factor);
		meta_num(t, "high_freq_factor", r->high_freq_factor);
	}
	if (ops->traits & PE_TRAIT_SCALE) {
		meta_num(t, "gamma", r->gamma);
		meta_num(t, "scale_base", r->scale_base);
	}
	if (s)
		meta_num(t, "attention_factor", s->attention_factor);
}

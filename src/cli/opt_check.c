/*
 * opt_check.c - from the options given to the scheme: which scheme, a
 * model's settings, the flags laid over them, and the checks that make an
 * option that means nothing here an error rather than silently ignored.
 *
 * Where an option applies is read from the rows: a scheme takes the rows
 * its ops list (src/pe), a row with a mode applies only for some values of
 * another option (--factor: --scaling linear, ...), a command row with
 * traits only to the schemes that have them (--samples: a rotation).  The
 * checks that follow belong to groups of options, not to schemes: a scheme
 * that takes --rotary-dim gets the rotary checks, one that takes --from
 * its table loaded, one that takes --head its heads checked.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const struct pe_scheme_ops *opt_ops(const struct opts *o)
{
	return pe_schemes[o->scheme.kind];
}

int opt_takes(const struct opts *o, const struct pe_opt *row)
{
	return pe_scheme_takes(opt_ops(o), row);
}

/* ---- messages ---- */

/* text with its one "%s" replaced by arg, into buf */
static void subst(char *buf, size_t cap, const char *text, const char *arg)
{
	const char *at = strstr(text, "%s");

	if (!at)
		snprintf(buf, cap, "%s", text);
	else
		snprintf(buf, cap, "%.*s%s%s", (int)(at - text), text, arg, at + 2);
}

/* The schemes that take row (row NULL: any) and have every trait. */
static void schemes_with(char *buf, size_t cap, const struct pe_opt *row, unsigned traits)
{
	const char *names[PE_N_SCHEMES];
	size_t n = 0;

	for (size_t s = 0; s < PE_N_SCHEMES; s++)
		if ((!row || pe_scheme_takes(pe_schemes[s], row))
		    && (pe_schemes[s]->traits & traits) == traits)
			names[n++] = pe_schemes[s]->name;
	opt_join_and(buf, cap, names, n);
}

/* Where a value came from, for messages: " (from config.json)" or "". */
static const char *from(const struct opts *o, const struct pe_opt *row)
{
	static char buf[128];

	if (!row || opt_given(o, row) || !o->source[0])
		return "";
	snprintf(buf, sizeof buf, " (from %s)", o->source);
	return buf;
}

/* The row this command takes by that name, or NULL. */
static const struct pe_opt *named(const struct opts *o, const char *name)
{
	for (size_t k = 0; k < o->n_rows; k++)
		if (strcmp(o->rows[k]->name, name) == 0)
			return o->rows[k];
	return NULL;
}

/* ---- where the options given apply ---- */

/* A scheme row the scheme does not take: its own words, a code's option
 * on a bias, or the schemes that take it. */
static int refuse_row(const struct opts *o, const struct pe_opt *row)
{
	const struct pe_scheme_ops *ops = opt_ops(o);
	char list[256];

	for (const struct pe_refusal *r = ops->refusals; r && r->opt; r++)
		if (r->opt == row) {
			subst(list, sizeof list, r->text, ops->name);
			msg_usage("option '--%s' %s", row->name, list);
			return EXIT_USAGE;
		}
	if ((row->flags & PE_OPTF_CODE) && ops->bias) {
		msg_usage("option '--%s' applies to schemes with a code, not %s (a bias on the scores)",
		          row->name, ops->name);
		return EXIT_USAGE;
	}
	schemes_with(list, sizeof list, row, 0);
	msg_usage("option '--%s' applies to --scheme %s, not %s", row->name, list, ops->name);
	return EXIT_USAGE;
}

/* The value of a flag or choice row (index k of o->rows). */
static int row_value(const struct opts *o, size_t k)
{
	const char *base = o->is_scheme[k] ? (const char *)&o->scheme : (const char *)o;

	return *(const int *)(base + o->rows[k]->offset);
}

static size_t row_index(const struct opts *o, const struct pe_opt *row)
{
	for (size_t k = 0; k < o->n_rows; k++)
		if (o->rows[k] == row)
			return k;
	return o->n_rows;
}

/* A row with a mode given while the mode's value is not one of its modes. */
static int refuse_mode(const struct opts *o, const struct pe_opt *row)
{
	const struct pe_opt *m = row->mode;
	size_t km = row_index(o, m);
	const char *names[32];
	char list[256];
	size_t n = 0;
	int v;

	if (km == o->n_rows)
		return EXIT_OK;   /* the command does not take the mode: no such case */
	v = row_value(o, km);
	if (m->type == PE_OPT_FLAG ? v == 1 : (row->modes >> v) & 1u)
		return EXIT_OK;
	if (m->type == PE_OPT_FLAG) {
		msg_usage("option '--%s' applies to --%s", row->name, m->name);
		return EXIT_USAGE;
	}
	for (size_t c = 0; m->choices[c] && n < 32; c++)
		if ((row->modes >> (m->values ? m->values[c] : (int)c)) & 1u)
			names[n++] = m->choices[c];
	opt_join_and(list, sizeof list, names, n);
	if (m->flags & PE_OPTF_SAY_NOT)
		msg_usage("option '--%s' applies to --%s %s, not %s", row->name, m->name, list,
		          opt_choice_name(m, v));
	else
		msg_usage("option '--%s' applies to --%s %s", row->name, m->name, list);
	return EXIT_USAGE;
}

/* A command row for schemes with some traits, given for another. */
static int refuse_traits(const struct opts *o, const struct pe_opt *row)
{
	char list[256];

	if ((opt_ops(o)->traits & row->traits) == row->traits)
		return EXIT_OK;
	schemes_with(list, sizeof list, NULL, row->traits);
	if (row->flags & PE_OPTF_SAY_NOT)
		msg_usage("option '--%s' applies to --scheme %s%s, not %s", row->name, list,
		          row->note ? row->note : "", opt_ops(o)->name);
	else
		msg_usage("option '--%s' applies to --scheme %s%s", row->name, list,
		          row->note ? row->note : "");
	return EXIT_USAGE;
}

static int compares(const struct opts *o, enum pe_rope_scaling m)
{
	for (size_t k = 0; k < o->n_compare; k++)
		if (o->compare[k] == m)
			return 1;
	return 0;
}

static int check_rows(const struct opts *o)
{
	int rc;

	for (size_t k = 0; k < o->n_rows; k++)
		if (o->given[k] && o->is_scheme[k] && !opt_takes(o, o->rows[k]))
			return refuse_row(o, o->rows[k]);
	for (size_t k = 0; k < o->n_rows; k++) {
		const struct pe_opt *row = o->rows[k];

		if (!o->given[k])
			continue;
		/* extrapolate --compare gives each method --factor, and
		 * longrope the factor lists */
		if (row->mode && !(row == &pe_opt_factor && o->n_compare)
		    && !((row == &pe_opt_short_factor || row == &pe_opt_long_factor)
		         && compares(o, PE_ROPE_SCALING_LONGROPE))
		    && (rc = refuse_mode(o, row)) != EXIT_OK)
			return rc;
		if (row->traits && (rc = refuse_traits(o, row)) != EXIT_OK)
			return rc;
	}
	return EXIT_OK;
}

/* ---- how the command options go together ---- */

/* Whether anything this run draws at random takes --seed. */
static int seed_used(const struct opts *o)
{
	unsigned tr = opt_ops(o)->traits, accepts = o->accepts;

	return opt_given(o, &pe_opt_init)                        /* the learned table */
	       || ((accepts & OPTF_LAYOUT) && o->verify)         /* layout --verify */
	       || ((accepts & OPTF_DECAY) && o->samples)         /* decay --samples */
	       || ((accepts & OPTF_CHECK) && (tr & PE_TRAIT_ROTARY))  /* check: invariance */
	       || ((accepts & OPTF_INVAR) && (tr & PE_TRAIT_ROTARY) && !(tr & PE_TRAIT_SCALE));
}

static int check_together(const struct opts *o)
{
	const char *name = opt_ops(o)->name;

	if (opt_ops(o)->bias && o->similarity) {
		msg_usage("--of similarity scores codes; the %s matrix is already the bias between positions",
		          name);
		return EXIT_USAGE;
	}
	if (opt_ops(o)->bias && o->normalize) {
		msg_usage("option '--normalize' divides by the value at distance 0, which a bias makes 0");
		return EXIT_USAGE;
	}
	if (opt_given(o, &cli_opt_step) && o->log) {
		msg_usage("options '--step' and '--log' cannot be combined");
		return EXIT_USAGE;
	}
	if (opt_given(o, &cli_opt_seed) && !seed_used(o)) {
		msg_usage("option '--seed' has nothing to seed here: it seeds --init normal, "
		          "layout --verify, decay --samples, and the random q and k of check "
		          "and invariance for rope");
		return EXIT_USAGE;
	}
	if (o->log && o->max_dist < 1.0) {
		msg_usage("--log spaces distances from 1: --max-dist must be at least 1");
		return EXIT_USAGE;
	}
	if (o->normalize && o->samples == 1) {
		msg_usage("--normalize divides mean and std by the std at distance 0: --samples must be at least 2");
		return EXIT_USAGE;
	}
	if (opt_given(o, &pe_opt_table) && o->similarity) {
		msg_usage("options '--table' and '--of similarity' cannot be combined");
		return EXIT_USAGE;
	}
	if (o->scale && o->max_size && o->scale > o->max_size) {
		msg_usage("--scale %zu is larger than --max-size %zu: a cell would not fit",
		          o->scale, o->max_size);
		return EXIT_USAGE;
	}
	if ((o->model_arg || o->config_arg) && opt_given(o, &cli_opt_preset)) {
		msg_usage("options '--%s' and '--preset' cannot be combined",
		          o->model_arg ? "model" : "config");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---- the checks of option groups ---- */

/* A sinusoidal code (the scheme takes --layout). */
static int check_sinusoidal(const struct opts *o)
{
	if (o->scheme.variant == PE_SIN_FAIRSEQ && o->scheme.n_dim < 4) {
		msg_usage("--variant fairseq divides by d/2 - 1: --d must be at least 4");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The schemes with several axes (they take --axis): what their axes need
 * of d, and M-RoPE's sections of the rotary pairs. */
static int check_axes(const struct opts *o)
{
	const struct pe_scheme_cfg *cfg = &o->scheme;
	const struct pe_scheme_ops *ops = opt_ops(o);
	size_t n_axes = opt_takes(o, &pe_opt_mrope_section) ? 3 : cfg->axes.n_axes;
	size_t quantum = opt_takes(o, &pe_opt_mrope_section) ? 2 : opt_takes(o, &pe_opt_pairing)
	                 ? 4 : 2 * n_axes;

	if (n_axes < 3 && cfg->axes.dir == PE_AXIS_T) {
		msg_usage("invalid value 't' for --axis: the %s scheme has the axes h and w%s",
		          ops->name, opt_takes(o, &pe_opt_pairing) ? "" : " (--axes 3 adds t)");
		return EXIT_USAGE;
	}
	if (cfg->n_dim % quantum != 0) {
		msg_usage("invalid value '%zu' for --d%s: the %s scheme splits it among its axes: expected a multiple of %zu",
		          cfg->n_dim, from(o, &pe_opt_d), ops->name, quantum);
		return EXIT_USAGE;
	}
	if (opt_takes(o, &pe_opt_mrope_section)) {
		static const double def[PE_MROPE_SECTIONS] = PE_MROPE_SECTION_DEFAULT;
		const double *sec = cfg->axes.section ? cfg->axes.section : def;
		size_t n = cfg->axes.section ? cfg->axes.n_section : PE_MROPE_SECTIONS;
		size_t n_rot = cfg->rope.n_rot ? cfg->rope.n_rot : cfg->n_dim;
		double sum = 0.0;
		int whole = n == PE_MROPE_SECTIONS;

		for (size_t k = 0; k < n; k++) {
			sum += sec[k];
			whole &= sec[k] == floor(sec[k]);
		}
		if (!whole || sum != (double)(n_rot / 2)) {
			msg_usage("--mrope-section %g,%g,%g%s: expected three whole numbers adding up to R/2 = %zu (the rotary pairs)",
			          sec[0], n > 1 ? sec[1] : 0.0, n > 2 ? sec[2] : 0.0,
			          cfg->axes.section ? from(o, &pe_opt_mrope_section)
			                            : " (the default, for d = 128)", n_rot / 2);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* What each scaling needs besides its mode's options. */
static int check_scaling(const struct opts *o, size_t n_rot)
{
	const struct pe_rope_cfg *r = &o->scheme.rope;
	const char *name = opt_scaling_name(r->scaling);
	int needs_len = r->scaling == PE_ROPE_SCALING_DYNAMIC || r->scaling == PE_ROPE_SCALING_YARN
	                || r->scaling == PE_ROPE_SCALING_LLAMA3 || r->scaling == PE_ROPE_SCALING_LONGROPE;
	int len_gives_factor = r->scaling == PE_ROPE_SCALING_YARN
	                       || r->scaling == PE_ROPE_SCALING_LONGROPE;

	if ((r->scaling == PE_ROPE_SCALING_NTK || r->scaling == PE_ROPE_SCALING_DYNAMIC) && n_rot == 2) {
		msg_usage("--scaling %s needs a rotary dimension above 2 (the exponent is R/(R-2))", name);
		return EXIT_USAGE;
	}
	if (r->scaling != PE_ROPE_SCALING_NONE && isnan(r->factor)
	    && !(len_gives_factor && r->original_max > 0 && r->max_pos > 0)) {
		msg_usage("--scaling %s needs --factor", name);
		return EXIT_USAGE;
	}
	if (r->scaling != PE_ROPE_SCALING_NONE && !isnan(r->factor) && !(r->factor >= 1.0)) {
		msg_error("scaling factor %g%s: expected a finite number >= 1",
		          r->factor, from(o, &pe_opt_factor));
		return EXIT_USAGE;
	}
	if (needs_len && !(r->original_max > 0) && !(r->max_pos > 0)) {
		msg_usage("--scaling %s needs --original-max", name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The parameters of yarn, llama3 and longrope against each other. */
static int check_scaling_params(const struct opts *o, size_t n_freq)
{
	const struct pe_rope_cfg *r = &o->scheme.rope;
	const struct pe_opt *lists[2] = { &pe_opt_short_factor, &pe_opt_long_factor };
	size_t counts[2] = { r->n_short_factor, r->n_long_factor };

	if (r->scaling == PE_ROPE_SCALING_YARN && r->beta_fast < r->beta_slow) {
		msg_usage("--beta-fast %g%s is below --beta-slow %g%s: expected beta-fast >= beta-slow",
		          r->beta_fast, from(o, named(o, "beta-fast")),
		          r->beta_slow, from(o, named(o, "beta-slow")));
		return EXIT_USAGE;
	}
	if (r->scaling == PE_ROPE_SCALING_LLAMA3 && !(r->high_freq_factor >= r->low_freq_factor)) {
		msg_usage("--high-freq-factor %g%s is below --low-freq-factor %g%s",
		          r->high_freq_factor, from(o, named(o, "high-freq-factor")),
		          r->low_freq_factor, from(o, named(o, "low-freq-factor")));
		return EXIT_USAGE;
	}
	if (r->scaling != PE_ROPE_SCALING_LONGROPE)
		return EXIT_OK;
	for (int k = 0; k < 2; k++) {
		if (counts[k] == n_freq)
			continue;
		if (counts[k] == 0)
			msg_usage("--scaling longrope needs --%s: %zu number%s (rotary dimension / 2)",
			          lists[k]->name, n_freq, n_freq == 1 ? "" : "s");
		else
			msg_usage("--%s%s has %zu number%s: expected %zu (rotary dimension / 2)",
			          lists[k]->name, from(o, lists[k]), counts[k], counts[k] == 1 ? "" : "s",
			          n_freq);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* A rotary table (the scheme takes --table): scale is xPos's. */
static int check_table(const struct opts *o)
{
	if (!(opt_ops(o)->traits & PE_TRAIT_SCALE) && o->scheme.table == PE_TABLE_SCALE) {
		msg_usage("invalid value 'scale' for --table: expected one of angle, cos, sin (scale is for --scheme xpos)");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* A rotation (the scheme takes --rotary-dim). */
static int check_rotary(const struct opts *o)
{
	const struct pe_scheme_cfg *cfg = &o->scheme;
	const struct pe_rope_cfg *r = &cfg->rope;
	unsigned tr = opt_ops(o)->traits;
	char list[128];
	size_t n_rot;
	int rc;

	if (!(tr & PE_TRAIT_EXTEND) && r->scaling != PE_ROPE_SCALING_NONE) {
		/* xPos has its own length extrapolation and no attention factor */
		schemes_with(list, sizeof list, NULL, PE_TRAIT_EXTEND);
		msg_usage("--scaling %s%s applies to --scheme %s, not %s",
		          opt_scaling_name(r->scaling), from(o, &pe_opt_scaling), list,
		          opt_ops(o)->name);
		return EXIT_USAGE;
	}
	if (r->n_rot > cfg->n_dim) {
		if (opt_given(o, &pe_opt_rotary_dim)) {
			msg_usage("invalid value '%zu' for --rotary-dim: expected an even integer in [2, %zu] (at most --d)",
			          r->n_rot, cfg->n_dim);
			return EXIT_USAGE;
		}
		msg_error("rotary dimension %zu%s exceeds the dimension %zu%s",
		          r->n_rot, from(o, &pe_opt_rotary_dim), cfg->n_dim, from(o, &pe_opt_d));
		return EXIT_USAGE;
	}
	n_rot = r->n_rot ? r->n_rot : cfg->n_dim;
	rc = check_scaling(o, n_rot);
	return rc != EXIT_OK ? rc : check_scaling_params(o, n_rot / 2);
}

/* ---- the scheme ---- */

/* The scheme: --scheme; else one an option given picks (--config: rope,
 * --from: learned); else the command's (layout, extrapolate: the first
 * rotary scheme); else the registry's first. */
static enum pe_scheme_kind pick_scheme(const struct opts *o, const struct pe_scheme_cfg *fl)
{
	enum pe_scheme_kind kind = 0;

	if (fl->kind != PE_N_SCHEMES)
		return fl->kind;
	for (size_t s = 0; (o->accepts & OPTF_ROTARY) && s < PE_N_SCHEMES; s++)
		if (pe_schemes[s]->traits & PE_TRAIT_ROTARY) {
			kind = (enum pe_scheme_kind)s;
			break;
		}
	for (size_t k = 0; k < o->n_rows; k++) {
		if (!o->given[k] || !(o->rows[k]->flags & PE_OPTF_PICKS))
			continue;
		for (size_t s = 0; s < PE_N_SCHEMES; s++)
			if (pe_scheme_takes(pe_schemes[s], o->rows[k])) {
				kind = (enum pe_scheme_kind)s;
				break;
			}
	}
	return kind;
}

/* Lay the values of the scheme rows given (in fl) over the scheme. */
static void apply_flags(struct opts *o, const struct pe_scheme_cfg *fl)
{
	for (size_t k = 0; k < o->n_rows; k++) {
		const struct pe_opt *row = o->rows[k];
		const char *src = (const char *)fl + row->offset;
		char *dst = (char *)&o->scheme + row->offset;

		if (!o->given[k] || !o->is_scheme[k])
			continue;
		switch (row->field) {
		case PE_FIELD_INT:    memcpy(dst, src, sizeof(int)); break;
		case PE_FIELD_SIZE:   memcpy(dst, src, sizeof(size_t)); break;
		case PE_FIELD_DOUBLE: memcpy(dst, src, sizeof(double)); break;
		case PE_FIELD_U64:    memcpy(dst, src, sizeof(uint64_t)); break;
		case PE_FIELD_STR:
			*(const char **)(void *)dst = *(const char *const *)(const void *)src;
			break;
		case PE_FIELD_LIST:
			*(const double **)(void *)dst = *(const double *const *)(const void *)src;
			memcpy((char *)&o->scheme + row->count_offset,
			       (const char *)fl + row->count_offset, sizeof(size_t));
			break;
		case PE_FIELD_NONE:   break;
		}
	}
}

int opt_resolve(struct opts *o, const struct pe_scheme_cfg *fl)
{
	enum pe_scheme_kind kind;
	char list[128];
	int rc = opt_read_model(o, fl->kind);

	if (rc != EXIT_OK)
		return rc;
	kind = o->has_model && fl->kind == PE_N_SCHEMES ? o->model.kind : pick_scheme(o, fl);

	if ((o->accepts & OPTF_LAYOUT) && !(pe_schemes[kind]->traits & PE_TRAIT_ROTARY)) {
		schemes_with(list, sizeof list, NULL, PE_TRAIT_ROTARY);
		msg_usage("a pairing layout belongs to --scheme %s, not %s", list,
		          pe_schemes[kind]->name);
		return EXIT_USAGE;
	}
	pe_scheme_cfg_default(&o->scheme, kind);
	rc = opt_load_model(o);
	if (rc != EXIT_OK)
		return rc;
	apply_flags(o, fl);
	pe_scheme_cfg_resolve(&o->scheme);
	o->all_heads = !opt_given(o, &pe_opt_head);
	rc = check_together(o);
	if (rc == EXIT_OK)
		rc = check_rows(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_layout))
		rc = check_sinusoidal(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_table))
		rc = check_table(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_rotary_dim))
		rc = check_rotary(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_axis))
		rc = check_axes(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_from))
		rc = opt_load_learned(o);
	if (rc == EXIT_OK && opt_takes(o, &pe_opt_head))
		rc = opt_check_bias(o);
	return rc;
}

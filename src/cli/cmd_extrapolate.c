/*
 * cmd_extrapolate.c - pecli extrapolate: what each rotary pair meets beyond
 * the training length.  One row per pair: the largest angle seen in
 * training and at the target length, the turns within each, and whether
 * the pair meets angles it never met in training (out of distribution),
 * without and with the scheme's scaling, and for each --compare method.
 * Metadata: the critical dimension of Liu et al. 2023, the longest
 * wavelength, the number of out-of-distribution pairs, and with
 * --base-bound the base lower bound of Men et al. 2024.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define EXTRAP_OPTS (OPTF_SCHEME | OPTF_OUTPUT | OPTF_DIGITS | OPTF_EXTRAP | OPTF_ROTARY \
                     | OPTF_LAYERS)

static void extrapolate_help(void)
{
	fputs("Usage: pecli extrapolate [SCHEME OPTIONS] [--train-len L] [--target-len T]\n"
	      "                         [--compare LIST] [--base-bound]\n"
	      "                         [--format csv|tsv|gnuplot|json] [--plot] [--digits N]\n"
	      "                         [-o FILE]\n"
	      "For a model trained on positions 0 .. L-1 and run on 0 .. T-1, print one row\n"
	      "per rotary pair: pair, wavelength_base (2 pi / theta), angle_train ((L-1)\n"
	      "theta), rotations_train, angle_target_base ((T-1) theta), ood_base (yes when\n"
	      "the pair made no full turn in training and meets a larger angle at T); with\n"
	      "--scaling also wavelength, angle_target, rotations_target and ood for the\n"
	      "scaled frequencies; with --compare, M_wavelength, M_angle_target, M_ood for\n"
	      "each method M at --factor, else the factor of the model's own scaling\n"
	      "(Llama 3.1: llama3 x8), else T/L; longrope with the model's (or\n"
	      "--short-factor, --long-factor) lists.  A summary line per method\n"
	      "(unscaled, the model's, each compared): ood pairs, critical dimension,\n"
	      "largest angle relative to training.  L defaults to the model's\n"
	      "original length (else its max_position_embeddings), T to its\n"
	      "max_position_embeddings when that is longer.  --format gnuplot draws each\n"
	      "pair's largest angle in training and at T (log scale) against one full turn\n"
	      "and the critical dimension; --plot runs gnuplot on it.  With --layer-type\n"
	      "all, a first column layer_type and each layer type's pairs in turn (none\n"
	      "for a NoPE type; csv or tsv: a figure draws one type).\n"
	      "\n", stdout);
}

static const struct cli_cmd extrapolate_cmd = { EXTRAP_OPTS, extrapolate_help,
                                                cli_figure_formats, 0 };

static const char *method_name(enum pe_rope_scaling m)
{
	return opt_scaling_name(m);
}

/* The factor of the compared methods: --factor; else the factor the
 * model's own scaling is configured with (Llama 3.1: llama3 x8), or its
 * max_position_embeddings / original_max when it states no factor (YaRN,
 * LongRoPE); else T/L. */
static double compare_factor(const struct opts *o, const struct pe_rope_cfg *r, double L,
                             double T)
{
	if (o->factor_given)
		return r->factor;
	if (r->scaling != PE_ROPE_SCALING_NONE) {
		if (isfinite(r->factor))
			return r->factor;
		if (r->original_max > 0 && r->max_pos > r->original_max)
			return r->max_pos / r->original_max;
	}
	return fmax(T / L, 1.0);
}

/* The model's own scaling as run at T: DYNAMIC and LONGROPE choose by the
 * current length (LongRoPE's long factors beyond L), so seq_len is T. */
static enum pe_status own_at_target(struct pe_scheme *own, const struct pe_scheme *scheme,
                                    double T)
{
	struct pe_scheme_cfg cfg = scheme->cfg;

	if (!(cfg.rope.seq_len > 0))
		cfg.rope.seq_len = T;
	return pe_scheme_init(own, &cfg);
}

/* Each compared method: the same head, scaled from L to T at one factor;
 * the model's own method as configured; LongRoPE with the model's (or the
 * flags') short and long factors. */
static int build_methods(struct pe_scheme *methods, size_t *n_methods, const struct opts *o,
                         const struct pe_scheme *scheme, double L, double T)
{
	const struct pe_rope_cfg *r = &scheme->cfg.rope;
	double factor = compare_factor(o, r, L, T);

	for (size_t k = 0; k < o->n_compare; k++) {
		struct pe_scheme_cfg cfg = scheme->cfg;
		size_t half = pe_rope_n_freq(r);
		enum pe_status st;

		if (o->compare[k] == r->scaling) {
			st = own_at_target(&methods[k], scheme, T);
			goto built;
		}
		if (o->compare[k] == PE_ROPE_SCALING_LONGROPE
		    && (cfg.rope.n_short_factor != half || cfg.rope.n_long_factor != half)) {
			msg_usage("--compare longrope needs %zu short and %zu long factors: a LongRoPE model's config (--preset phi3-mini-128k) or --short-factor and --long-factor",
			          half, half);
			return EXIT_USAGE;
		}
		cfg.rope.scaling = o->compare[k];
		cfg.rope.factor = factor;
		cfg.rope.original_max = L;
		cfg.rope.max_pos = T;
		cfg.rope.seq_len = T;
		cfg.rope.attention_factor = NAN;
		if (o->compare[k] != PE_ROPE_SCALING_LONGROPE) {
			cfg.rope.short_factor = cfg.rope.long_factor = NULL;
			cfg.rope.n_short_factor = cfg.rope.n_long_factor = 0;
		}
		st = pe_scheme_init(&methods[k], &cfg);
built:
		if (st != PE_OK) {
			msg_error("cannot build --compare %s: %s", method_name(o->compare[k]),
			          pe_status_str(st));
			return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
		(*n_methods)++;
	}
	return EXIT_OK;
}

/* One method's summary line: its factor, the pairs out of range, its
 * critical dimension and the largest angle relative to training. */
static void method_meta(struct table_src *t, const char *key, const struct pe_scheme *m,
                        const char *whose, double L, double T)
{
	struct pe_extrap_summary ms;
	const struct pe_rope_cfg *r = &m->cfg.rope;
	char ratio[40], factor[48];

	if (pe_extrap_summarize(&ms, m, L, T) != PE_OK)
		return;
	if (isnan(ms.max_angle_ratio))
		snprintf(ratio, sizeof ratio, "none (every pair turned)");
	else
		snprintf(ratio, sizeof ratio, "%.6g", ms.max_angle_ratio);
	if (r->scaling == PE_ROPE_SCALING_NONE)
		snprintf(factor, sizeof factor, "1");
	else if (r->scaling == PE_ROPE_SCALING_LONGROPE)
		snprintf(factor, sizeof factor, "%.17g, %s factors",
		         isfinite(r->factor) ? r->factor : r->max_pos / r->original_max,
		         r->seq_len > (r->original_max > 0 ? r->original_max : r->max_pos)
		         ? "long" : "short");
	else
		snprintf(factor, sizeof factor, "%.17g", r->factor);
	table_meta_add(t, key, "factor %s%s, %zu ood pairs, critical_dim %zu, max_angle_ratio %s",
	               factor, whose, ms.n_ood, ms.critical_dim_scaled, ratio);
}

/* The summary lines: the critical dimension, the pairs out of range, each
 * method's, and with --base-bound the bound of Men et al. */
static int summary_meta(struct table_src *t, struct pe_extrap_summary *sum, int scaled,
                        const struct opts *o, const struct pe_scheme *own,
                        const struct pe_scheme *methods, const char *const *names,
                        size_t n_methods, double L, double T)
{
	enum pe_status st = pe_extrap_summarize(sum, own, L, T);
	struct pe_scheme_cfg cfg = own->cfg;
	struct pe_scheme base;

	cfg.rope.scaling = PE_ROPE_SCALING_NONE;
	if (st == PE_OK)
		st = pe_scheme_init(&base, &cfg);
	if (st != PE_OK) {
		msg_error("cannot summarise the pairs: %s", pe_status_str(st));
		return EXIT_RUNTIME;
	}
	table_meta_add(t, "critical_dim", "%zu (Liu et al. 2023: 2 ceil((R/2) log_base(L / 2 pi)))",
	               sum->critical_dim);
	table_meta_add(t, "full_turn_pairs", "%zu", sum->n_full_turn);
	table_meta_add(t, "longest_wavelength_base", "%.17g", sum->max_wavelen_base);
	table_meta_add(t, "ood_pairs_base", "%zu", sum->n_ood_base);
	if (scaled) {
		table_meta_add(t, "longest_wavelength", "%.17g", sum->max_wavelen);
		table_meta_add(t, "ood_pairs", "%zu", sum->n_ood);
	}
	method_meta(t, "unscaled", &base, "", L, T);
	if (scaled)
		method_meta(t, opt_scaling_name(own->cfg.rope.scaling), own, " (the model's)", L, T);
	for (size_t k = 0; k < n_methods; k++)
		if (!scaled || methods[k].cfg.rope.scaling != own->cfg.rope.scaling)
			method_meta(t, names[1 + k], &methods[k], "", L, T);
	pe_scheme_free(&base);
	if (o->base_bound) {
		double bound;
		st = pe_extrap_base_bound(&bound, 2 * own->n_freq, L);
		if (st == PE_OK)
			table_meta_add(t, "base_bound", "%.17g (Men et al. 2024, for L = %.17g)", bound, L);
		else if (st == PE_ERANGE)
			table_meta_add(t, "base_bound", "none up to 1e15");
		else {
			msg_error("cannot search the base bound: %s", pe_status_str(st));
			return EXIT_RUNTIME;
		}
	}
	return EXIT_OK;
}

/* The figure's texts, which must live until the table is written. */
struct extrap_fig {
	struct plot_desc pd;
	char caption[128], title[224], scaled_title[64];
	char method_titles[OPT_COMPARE_MAX][64], col[OPT_COMPARE_MAX][48];
};

/* Each pair's largest angle: below one turn in training and above the
 * training angle at T is out of distribution. */
static void extrap_figure(struct extrap_fig *f, struct table_src *t, const struct opts *o,
                          const struct pe_scheme *scheme, const struct pe_scheme *methods,
                          const char *const *names, size_t n_methods,
                          const struct pe_extrap_summary *sum, double L, double T)
{
	struct plot_desc *pd = &f->pd;
	struct plot_series *train;

	cli_scheme_caption(f->caption, sizeof f->caption, o, scheme);
	snprintf(f->title, sizeof f->title, "largest angle per pair, L=%.17g -> T=%.17g: %s", L, T,
	         f->caption);
	t->title = f->title;
	plot_desc_init(pd, PLOT_CURVE);
	pd->xlabel = "frequency pair i";
	pd->ylabel = "largest angle (radians)";
	pd->log_y = 1;
	pd->points = 1;
	train = plot_series_add(pd, t, "angle_train", NULL, "in training, (L-1) theta_i");
	if (train)
		train->baseline = 1;
	pd->key_bottom_left = 1;
	plot_series_add(pd, t, "angle_target_base", NULL, "at T, unscaled");
	snprintf(f->scaled_title, sizeof f->scaled_title, "at T, %s",
	         opt_scaling_name(scheme->cfg.rope.scaling));
	plot_series_add(pd, t, "angle_target", NULL, f->scaled_title);
	for (size_t k = 0; k < n_methods; k++) {
		snprintf(f->col[k], sizeof f->col[k], "%s_angle_target", names[1 + k]);
		snprintf(f->method_titles[k], sizeof f->method_titles[k], "at T, %s x%.4g",
		         names[1 + k], methods[k].cfg.rope.factor);
		plot_series_add(pd, t, f->col[k], NULL, f->method_titles[k]);
	}
	plot_ref_add(pd, 'y', 2.0 * PE_PI, "one full turn, 2 pi");
	if (sum->critical_dim / 2 < scheme->n_freq)
		plot_ref_add(pd, 'x', (double)(sum->critical_dim / 2), "critical dimension %zu",
		             sum->critical_dim);
	t->plot = pd;
}

/* What one extrapolate table holds: the pairs, the compared methods. */
struct extrap_state {
	struct src_extrap x;
	struct pe_scheme own;     /* the scheme as run at T (seq_len T) */
	struct pe_scheme methods[OPT_COMPARE_MAX];
	const char *names[1 + OPT_COMPARE_MAX];
	size_t n_methods;
	struct pe_extrap_summary sum;
	double L, T;
};

/* The pairs of one scheme into t.  With --layer-type all, a type without
 * frequencies (NoPE) has no rows, and its metadata says so. */
static int extrap_table(struct table_src *t, void *state, const struct opts *o,
                        const struct pe_scheme *scheme)
{
	struct extrap_state *e = state;
	const struct pe_scheme *all[1 + OPT_COMPARE_MAX];
	const struct pe_rope_cfg *r = &scheme->cfg.rope;
	struct out_err err;
	int rc;

	e->L = o->train_len > 0 ? o->train_len : r->original_max > 0 ? r->original_max
	       : r->max_pos > 0 ? r->max_pos : 0;
	e->T = o->target_len > 0 ? o->target_len : r->max_pos > e->L ? r->max_pos : 0;
	if (!scheme->inv_freq && o->per_type) {
		memset(t, 0, sizeof *t);
		opt_meta(t, o, scheme, "extrapolate");
		if (e->L > 0 && e->T > 0) {
			table_meta_add(t, "train_len", "%.17g", e->L);
			table_meta_add(t, "target_len", "%.17g", e->T);
		}
		table_meta_add(t, "pairs", "none: %s has no frequencies", scheme->ops->name);
		return EXIT_OK;
	}
	if (!scheme->inv_freq) {
		msg_usage("--scheme %s has no frequencies to extrapolate", scheme->ops->name);
		return EXIT_USAGE;
	}
	if (!(e->L > 0) || !(e->T > 0)) {
		msg_usage("give --train-len and --target-len (a model's config sets them through original_max_position_embeddings and max_position_embeddings)");
		return EXIT_USAGE;
	}
	if (own_at_target(&e->own, scheme, e->T) != PE_OK) {
		msg_error("cannot build the scheme at --target-len %.17g", e->T);
		return EXIT_RUNTIME;
	}
	rc = build_methods(e->methods, &e->n_methods, o, scheme, e->L, e->T);
	if (rc != EXIT_OK)
		return rc;
	all[0] = &e->own;
	e->names[0] = "";
	for (size_t k = 0; k < e->n_methods; k++) {
		all[1 + k] = &e->methods[k];
		e->names[1 + k] = method_name(o->compare[k]);
	}
	if (src_extrap_init(t, &e->x, all, e->names, 1 + e->n_methods, e->L, e->T, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	opt_meta(t, o, scheme, "extrapolate");
	table_meta_add(t, "train_len", "%.17g", e->L);
	table_meta_add(t, "target_len", "%.17g", e->T);
	return summary_meta(t, &e->sum, e->x.scaled, o, &e->own, e->methods, e->names,
	                    e->n_methods, e->L, e->T);
}

int cmd_extrapolate(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct extrap_state e[MODEL_LAYER_TYPES_MAX];
	struct cli_types types = { 0 };
	struct table_src t;
	struct extrap_fig fig;
	enum out_format fmt;
	int rc;

	memset(e, 0, sizeof e);
	rc = cli_setup(&o, &scheme, argc, argv, &extrapolate_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (o.all_types) {   /* one block of pairs per layer type */
		rc = cli_types_source(&t, &types, &o, fmt, extrap_table, e, sizeof e[0]);
	} else {
		rc = extrap_table(&t, &e[0], &o, &scheme);
		if (rc == EXIT_OK)
			extrap_figure(&fig, &t, &o, &scheme, e[0].methods, e[0].names,
			              e[0].n_methods, &e[0].sum, e[0].L, e[0].T);
	}
	if (rc == EXIT_OK)
		rc = cli_emit(&t, &o, fmt);
done:
	for (size_t k = 0; k < MODEL_LAYER_TYPES_MAX; k++) {
		src_extrap_free(&e[k].x);
		pe_scheme_free(&e[k].own);
		for (size_t m = 0; m < OPT_COMPARE_MAX; m++)
			pe_scheme_free(&e[k].methods[m]);
	}
	cli_types_free(&types);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

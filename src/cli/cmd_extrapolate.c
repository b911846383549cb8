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

#define EXTRAP_OPTS (OPTF_SCHEME | OPTF_OUTPUT | OPTF_DIGITS | OPTF_EXTRAP)

static void extrapolate_help(void)
{
	fputs("Usage: pecli extrapolate [SCHEME OPTIONS] [--train-len L] [--target-len T]\n"
	      "                         [--compare LIST] [--base-bound]\n"
	      "                         [--format csv|tsv|gnuplot] [--plot] [--digits N]\n"
	      "                         [-o FILE]\n"
	      "For a model trained on positions 0 .. L-1 and run on 0 .. T-1, print one row\n"
	      "per rotary pair: pair, wavelength_base (2 pi / theta), angle_train ((L-1)\n"
	      "theta), rotations_train, angle_target_base ((T-1) theta), ood_base (yes when\n"
	      "the pair made no full turn in training and meets a larger angle at T); with\n"
	      "--scaling also wavelength, angle_target, rotations_target and ood for the\n"
	      "scaled frequencies; with --compare, M_wavelength, M_angle_target, M_ood for\n"
	      "each method M at factor T/L (or --factor).  L defaults to the model's\n"
	      "original length (else its max_position_embeddings), T to its\n"
	      "max_position_embeddings when that is longer.  --format gnuplot draws each\n"
	      "pair's largest angle in training and at T (log scale) against one full turn\n"
	      "and the critical dimension; --plot runs gnuplot on it.\n"
	      "\n", stdout);
}

static const struct cli_cmd extrapolate_cmd = { EXTRAP_OPTS, extrapolate_help,
                                                cli_figure_formats };

static const char *method_name(enum pe_rope_scaling m)
{
	return opt_scaling_name(m);
}

int cmd_extrapolate(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 }, methods[OPT_COMPARE_MAX];
	const struct pe_scheme *all[1 + OPT_COMPARE_MAX];
	const char *names[1 + OPT_COMPARE_MAX];
	struct table_src t;
	struct src_extrap x = { 0 };
	struct pe_extrap_summary sum;
	struct out_err err;
	struct plot_desc pd;
	enum out_format fmt;
	enum pe_status st;
	const struct pe_rope_cfg *r;
	char caption[128], title[224], scaled_title[64];
	char method_titles[OPT_COMPARE_MAX][64], col[OPT_COMPARE_MAX][48];
	double L, T;
	size_t n_methods = 0;
	int rc;

	memset(methods, 0, sizeof methods);
	rc = cli_setup(&o, &scheme, argc, argv, &extrapolate_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	r = &scheme.cfg.rope;
	L = o.train_len > 0 ? o.train_len : r->original_max > 0 ? r->original_max
	    : r->max_pos > 0 ? r->max_pos : 0;
	T = o.target_len > 0 ? o.target_len : r->max_pos > L ? r->max_pos : 0;
	if (!scheme.inv_freq) {
		msg_usage("--scheme %s has no frequencies to extrapolate", scheme.ops->name);
		rc = EXIT_USAGE;
		goto done;
	}
	if (!(L > 0) || !(T > 0)) {
		msg_usage("give --train-len and --target-len (a model's config sets them through original_max_position_embeddings and max_position_embeddings)");
		rc = EXIT_USAGE;
		goto done;
	}
	if (o.n_compare && scheme.cfg.kind != PE_SCHEME_ROPE) {
		msg_usage("option '--compare' applies to --scheme rope");
		rc = EXIT_USAGE;
		goto done;
	}
	/* each compared method: the same head, scaled from L to T */
	for (size_t k = 0; k < o.n_compare; k++) {
		struct pe_scheme_cfg cfg = scheme.cfg;
		cfg.rope.scaling = o.compare[k];
		cfg.rope.factor = o.factor_given ? r->factor : fmax(T / L, 1.0);
		cfg.rope.original_max = L;
		cfg.rope.max_pos = T;
		cfg.rope.seq_len = T;
		cfg.rope.attention_factor = NAN;
		if (o.compare[k] != PE_ROPE_SCALING_LONGROPE) {
			cfg.rope.short_factor = cfg.rope.long_factor = NULL;
			cfg.rope.n_short_factor = cfg.rope.n_long_factor = 0;
		}
		st = pe_scheme_init(&methods[k], &cfg);
		if (st != PE_OK) {
			msg_error("cannot build --compare %s: %s", method_name(o.compare[k]),
			          pe_status_str(st));
			rc = st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
			goto done;
		}
		n_methods++;
	}
	all[0] = &scheme;
	names[0] = "";
	for (size_t k = 0; k < n_methods; k++) {
		all[1 + k] = &methods[k];
		names[1 + k] = method_name(o.compare[k]);
	}
	if (src_extrap_init(&t, &x, all, names, 1 + n_methods, L, T, &err) != 0) {
		msg_error("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto done;
	}
	opt_meta(&t, &o, &scheme, "extrapolate");
	table_meta_add(&t, "train_len", "%.17g", L);
	table_meta_add(&t, "target_len", "%.17g", T);
	st = pe_extrap_summarize(&sum, &scheme, L, T);
	if (st != PE_OK) {
		msg_error("cannot summarise the pairs: %s", pe_status_str(st));
		rc = EXIT_RUNTIME;
		goto done;
	}
	table_meta_add(&t, "critical_dim", "%zu (Liu et al. 2023: 2 ceil((R/2) log_base(L / 2 pi)))",
	               sum.critical_dim);
	table_meta_add(&t, "full_turn_pairs", "%zu", sum.n_full_turn);
	table_meta_add(&t, "longest_wavelength_base", "%.17g", sum.max_wavelen_base);
	table_meta_add(&t, "ood_pairs_base", "%zu", sum.n_ood_base);
	if (x.scaled) {
		table_meta_add(&t, "longest_wavelength", "%.17g", sum.max_wavelen);
		table_meta_add(&t, "ood_pairs", "%zu", sum.n_ood);
	}
	for (size_t k = 0; k < n_methods; k++) {
		struct pe_extrap_summary ms;
		if (pe_extrap_summarize(&ms, &methods[k], L, T) == PE_OK)
			table_meta_add(&t, names[1 + k], "factor %.17g, %zu ood pairs",
			               methods[k].cfg.rope.factor, ms.n_ood);
	}
	if (o.base_bound) {
		double bound;
		st = pe_extrap_base_bound(&bound, 2 * scheme.n_freq, L);
		if (st == PE_OK)
			table_meta_add(&t, "base_bound", "%.17g (Men et al. 2024, for L = %.17g)", bound, L);
		else if (st == PE_ERANGE)
			table_meta_add(&t, "base_bound", "none up to 1e15");
		else {
			msg_error("cannot search the base bound: %s", pe_status_str(st));
			rc = EXIT_RUNTIME;
			goto done;
		}
	}

	/* each pair's largest angle: below one turn in training and above the
	 * training angle at T is out of distribution */
	cli_scheme_caption(caption, sizeof caption, &o, &scheme);
	snprintf(title, sizeof title, "largest angle per pair, L=%.17g -> T=%.17g: %s", L, T, caption);
	t.title = title;
	plot_desc_init(&pd, PLOT_CURVE);
	pd.xlabel = "frequency pair i";
	pd.ylabel = "largest angle (radians)";
	pd.log_y = 1;
	pd.points = 1;
	struct plot_series *train = plot_series_add(&pd, &t, "angle_train", NULL,
	                                            "in training, (L-1) theta_i");
	if (train)
		train->baseline = 1;
	pd.key_bottom_left = 1;
	plot_series_add(&pd, &t, "angle_target_base", NULL, "at T, unscaled");
	snprintf(scaled_title, sizeof scaled_title, "at T, %s", opt_scaling_name(r->scaling));
	plot_series_add(&pd, &t, "angle_target", NULL, scaled_title);
	for (size_t k = 0; k < n_methods; k++) {
		snprintf(col[k], sizeof col[k], "%s_angle_target", names[1 + k]);
		snprintf(method_titles[k], sizeof method_titles[k], "at T, %s x%.4g", names[1 + k],
		         methods[k].cfg.rope.factor);
		plot_series_add(&pd, &t, col[k], NULL, method_titles[k]);
	}
	plot_ref_add(&pd, 'y', 2.0 * PE_PI, "one full turn, 2 pi");
	if (sum.critical_dim / 2 < scheme.n_freq)
		plot_ref_add(&pd, 'x', (double)(sum.critical_dim / 2), "critical dimension %zu",
		             sum.critical_dim);
	t.plot = &pd;
	rc = cli_emit(&t, &o, fmt);
done:
	src_extrap_free(&x);
	for (size_t k = 0; k < OPT_COMPARE_MAX; k++)
		pe_scheme_free(&methods[k]);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

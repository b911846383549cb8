/*
 * cmd_decay.c - pecli decay: similarity versus relative distance, one row
 * per distance, streamed so memory stays O(d) over any range: the dot
 * product (RoFormer's curve for RoPE with q = k = ones), the RoFormer
 * relative upper bound for RoPE, and the mean and spread of the score for
 * random q and k.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define DECAY_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_DECAY | OPTF_LAYERS)

static void decay_help(void)
{
	fputs("Usage: pecli decay [SCHEME OPTIONS] [--max-dist D] [--step S | --log [--points N]]\n"
	      "                   [--samples S [--seed N]] [--normalize]\n"
	      "                   [--format csv|tsv|gnuplot|npy] [--plot] [--digits N]\n"
	      "                   [-o FILE]\n"
	      "Print the score between two positions as a function of their distance r:\n"
	      "distance; dot = PE(p).PE(p+r) (sinusoidal, the same for every p; a learned\n"
	      "table, averaged over its positions p < n - r) or\n"
	      "<R_p q, R_{p+r} k> with q = k = ones (rope; xpos with the key r positions\n"
	      "before the query) or s(p+r) d averaged over p < n (nope with\n"
	      "--temperature-tuning: s(m) the query's temperature); bound (rope) = the\n"
	      "RoFormer relative upper bound (1/F) sum_j |S_j|, S_j = sum_{i<j}\n"
	      "exp(i r theta_i); with --samples, mean\n"
	      "and std of the score over random Gaussian q and k.  Distances run 0, S,\n"
	      "2S, ... up to --max-dist, or 0 and log-spaced from 1 with --log.  alibi\n"
	      "and t5: the bias added to the score of the key r positions before the\n"
	      "query (t5 without --bucket-weights: its bucket), one column per head\n"
	      "(bias, or h0, h1, ... side by side).  --format gnuplot draws the columns\n"
	      "against the distance (log scale with --log, mean +- std shaded); --plot\n"
	      "runs gnuplot on it.  --format npy writes the table as a NumPy float64 array\n"
	      "(-o FILE.npy, its metadata in FILE.json).  With --layer-type all, a first\n"
	      "column layer_type and each layer type's curve in turn (csv or tsv: a figure\n"
	      "draws one type, an array holds no names).\n"
	      "\n", stdout);
}

static const struct cli_cmd decay_cmd = { DECAY_OPTS, decay_help, cli_array_formats, 0 };

/* The metadata of a decay table: the scheme's, then the distances. */
static void distances_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s)
{
	char num[FMT_BUF];

	opt_meta(t, o, s, "decay");
	fmt_double(num, o->max_dist, 0);
	table_meta_add(t, "max_dist", "%s", num);
	if (o->log) {
		table_meta_add(t, "distances", "0 and %zu log-spaced from 1", o->points);
	} else {
		fmt_double(num, o->step, 0);
		table_meta_add(t, "step", "%s", num);
	}
}

/* alibi, t5: the bias of the key r positions before the query. */
static int bias_decay(struct table_src *t, struct src_bias *b, const struct opts *o,
                      const struct pe_scheme *s)
{
	struct pe_decay_grid grid;
	struct out_err err;
	enum pe_status st;

	if ((s->ops->traits & PE_TRAIT_BUCKETS) && !o->log
	    && (o->step != floor(o->step) || o->max_dist != floor(o->max_dist))) {
		msg_usage("--scheme t5 buckets whole distances: --step and --max-dist must be integers");
		return EXIT_USAGE;
	}
	st = pe_decay_grid_init(&grid, o->max_dist, o->step, o->log, o->points);
	if (st != PE_OK) {
		msg_error("cannot lay out the distances: %s", pe_status_str(st));
		return EXIT_RUNTIME;
	}
	if (src_bias_decay_init(t, b, s, &grid, o->all_heads, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	distances_meta(t, o, s);
	table_meta_add(t, "of", "%s", "the key r positions before the query");
	return EXIT_OK;
}

/* The state of one decay table: a code's curve or a bias's. */
struct decay_state {
	struct src_decay m;
	struct src_bias b;
};

/* The curve of one scheme into t. */
static int decay_table(struct table_src *t, void *state, const struct opts *o,
                       const struct pe_scheme *scheme)
{
	struct decay_state *d = state;
	struct src_decay_opts dopt;
	struct out_err err;
	int rc;

	/* rows: the distances (0 and at most --points + a few log-spaced) */
	rc = cli_check_cells(o->log ? (double)o->points + 2.0 : floor(o->max_dist / o->step) + 1.0,
	                     scheme->ops->bias ? 1.0 + (double)scheme->n_heads : 5.0,
	                     "raise --step or lower --max-dist");
	if (rc != EXIT_OK)
		return rc;
	if (scheme->ops->bias)
		return bias_decay(t, &d->b, o, scheme);
	dopt.max_dist = o->max_dist;
	dopt.step = o->step;
	dopt.log = o->log;
	dopt.points = o->points;
	dopt.samples = o->samples;
	dopt.seed = o->seed;
	dopt.normalize = o->normalize;
	dopt.n_pos = o->n_pos;
	if (src_decay_init(t, &d->m, scheme, &dopt, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	distances_meta(t, o, scheme);
	if (o->samples) {
		table_meta_add(t, "samples", "%zu", o->samples);
		table_meta_add(t, "seed", "%llu", (unsigned long long)o->seed);
	}
	if (o->normalize)
		table_meta_add(t, "normalize", "%s",
		               "dot and bound by their value at 0, mean and std by std at 0");
	return EXIT_OK;
}

int cmd_decay(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct decay_state d[MODEL_LAYER_TYPES_MAX];
	struct cli_types types = { 0 };
	struct plot_desc pd;
	enum out_format fmt;
	char caption[128], title[192];
	struct plot_series *bound;
	int rc, rotary;

	memset(d, 0, sizeof d);
	rc = cli_setup(&o, &scheme, argc, argv, &decay_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (o.all_types) {   /* one curve per layer type, one after another */
		rc = cli_types_source(&t, &types, &o, fmt, decay_table, d, sizeof d[0]);
		if (rc == EXIT_OK)
			rc = cli_emit(&t, &o, fmt);
		goto done;
	}
	rc = decay_table(&t, &d[0], &o, &scheme);
	if (rc != EXIT_OK)
		goto done;
	/* the figure: every column against the distance */
	cli_scheme_caption(caption, sizeof caption, &o, &scheme);
	plot_desc_init(&pd, PLOT_CURVE);
	pd.xlabel = "distance r";
	pd.log_x = o.log;
	if (scheme.ops->bias) {
		snprintf(title, sizeof title, "%s versus distance: %s",
		         scheme.bias_is_index ? "bucket" : "bias", caption);
		pd.ylabel = scheme.bias_is_index ? "bucket of the key r positions before the query"
		                                 : "bias of the key r positions before the query";
		pd.all_from = 1;
	} else {
		snprintf(title, sizeof title, "score versus distance: %s", caption);
		rotary = (scheme.ops->traits & PE_TRAIT_ROTARY) != 0;
		pd.ylabel = o.normalize ? "score / score at r = 0" : "score";
		plot_series_add(&pd, &t, "dot", NULL,
		                rotary ? "dot: <R_p q, R_p+r k>, q = k = ones"
		                : !scheme.ops->profile ? "dot: mean score of the query at p+r, key at p"
		                : "dot: PE(p) . PE(p+r)");
		/* the bound is relative: its own scale, on its own axis, as
		 * plots/decay.gp draws it (RoFormer, Figure 2) */
		bound = plot_series_add(&pd, &t, "bound", NULL,
		                        "RoFormer relative upper bound (right axis)");
		if (bound) {
			bound->y2 = 1;
			pd.y2label = o.normalize ? "relative bound / bound at r = 0"
			                         : "relative upper bound";
		}
		plot_series_add(&pd, &t, "mean", "std", "mean over random q, k");
	}
	t.title = title;
	t.plot = &pd;
	rc = cli_emit(&t, &o, fmt);
done:
	for (size_t k = 0; k < MODEL_LAYER_TYPES_MAX; k++) {
		src_decay_free(&d[k].m);
		src_bias_free(&d[k].b);
	}
	cli_types_free(&types);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

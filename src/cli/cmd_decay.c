/*
 * cmd_decay.c - pecli decay: similarity versus relative distance, one row
 * per distance, streamed so memory stays O(d) over any range: the dot
 * product (RoFormer's curve for RoPE with q = k = ones), the RoFormer
 * relative upper bound for RoPE, and the mean and spread of the score for
 * random q and k.
 */
#include <stdio.h>

#include "cli/cli.h"

#define DECAY_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DECAY)

static void decay_help(void)
{
	fputs("Usage: pecli decay [SCHEME OPTIONS] [--max-dist D] [--step S | --log [--points N]]\n"
	      "                   [--samples S [--seed N]] [--normalize] [--format csv|tsv]\n"
	      "                   [--digits N] [-o FILE]\n"
	      "Print the score between two positions as a function of their distance r:\n"
	      "distance; dot = PE(p).PE(p+r) (sinusoidal, the same for every p; a learned\n"
	      "table, averaged over its positions p < n - r) or\n"
	      "<R_p q, R_{p+r} k> with q = k = ones (rope; xpos with the key r positions\n"
	      "before the query); bound (rope) = the RoFormer relative upper bound\n"
	      "(1/F) sum_j |S_j|, S_j = sum_{i<j} exp(i r theta_i); with --samples, mean\n"
	      "and std of the score over random Gaussian q and k.  Distances run 0, S,\n"
	      "2S, ... up to --max-dist, or 0 and log-spaced from 1 with --log.\n"
	      "\n", stdout);
}

static const struct cli_cmd decay_cmd = { DECAY_OPTS, decay_help, cli_text_formats };

int cmd_decay(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_decay m = { 0 };
	struct src_decay_opts dopt;
	struct out_err err;
	enum out_format fmt;
	char num[FMT_BUF];
	int rc;

	rc = cli_setup(&o, &scheme, argc, argv, &decay_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	dopt.max_dist = o.max_dist;
	dopt.step = o.step;
	dopt.log = o.log;
	dopt.points = o.points;
	dopt.samples = o.samples;
	dopt.seed = o.seed;
	dopt.normalize = o.normalize;
	dopt.n_pos = o.n_pos;
	if (src_decay_init(&t, &m, &scheme, &dopt, &err) != 0) {
		msg_error("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto done;
	}
	opt_meta(&t, &o, &scheme, "decay");
	fmt_double(num, o.max_dist, 0);
	table_meta_add(&t, "max_dist", "%s", num);
	if (o.log) {
		table_meta_add(&t, "distances", "0 and %zu log-spaced from 1", o.points);
	} else {
		fmt_double(num, o.step, 0);
		table_meta_add(&t, "step", "%s", num);
	}
	if (o.samples) {
		table_meta_add(&t, "samples", "%zu", o.samples);
		table_meta_add(&t, "seed", "%llu", (unsigned long long)o.seed);
	}
	if (o.normalize)
		table_meta_add(&t, "normalize", "%s",
		               "dot and bound by their value at 0, mean and std by std at 0");
	rc = cli_emit(&t, &o, fmt);
done:
	src_decay_free(&m);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

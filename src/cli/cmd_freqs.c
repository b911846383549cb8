/*
 * cmd_freqs.c - pecli freqs: one row per frequency pair, with the inverse
 * frequency after and before scaling, the wavelength, the turns made over
 * the original context, and what the scaling defines per pair (the YaRN
 * ramp, the Llama 3 band).  The attention factor is a metadata line.
 */
#include <stdio.h>

#include "cli/cli.h"

#define FREQS_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS)

static void freqs_help(void)
{
	fputs("Usage: pecli freqs [SCHEME OPTIONS] [--format csv|tsv|gnuplot|npy|json]\n"
	      "                   [--plot] [--digits N] [-o FILE]\n"
	      "Print one row per frequency pair i: pair, inv_freq (after scaling),\n"
	      "inv_freq_base (before), wavelength = 2 pi / inv_freq, rotations = turns of\n"
	      "the unscaled pair over the original context length L, ratio =\n"
	      "inv_freq_base / inv_freq; with --scaling yarn also ramp (0 extrapolated,\n"
	      "1 interpolated), with llama3 smooth and region (high, mid, low).  L is\n"
	      "--original-max, else the model's max_position_embeddings, else --n.\n"
	      "alibi: one row per head, head and slope.  t5: one row per bucket, bucket,\n"
	      "rel_min and rel_max (the relative positions key - query it holds), and\n"
	      "with --bucket-weights the bias of each head (bias, or h0, h1, ...).\n"
	      "--format gnuplot draws inv_freq before and after scaling per pair on a log\n"
	      "scale, with the band edges of yarn and llama3 (alibi: the slope per head;\n"
	      "t5: each bucket's relative positions); --plot runs gnuplot on it.  --format\n"
	      "npy writes the table as a NumPy float64 array (-o FILE.npy, its metadata in\n"
	      "FILE.json); not with the text columns region and axis.\n"
	      "\n", stdout);
}

/* cli_array_formats, and json: a table of d/2 rows at most */
static const struct opt_format freqs_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ "gnuplot", OUT_FORMAT_GNUPLOT },
	{ "npy", OUT_FORMAT_NPY },
	{ "json", OUT_FORMAT_JSON },
	{ NULL, OUT_FORMAT_CSV }
};

static const struct cli_cmd freqs_cmd = { FREQS_OPTS, freqs_help, freqs_formats, 0 };

int cmd_freqs(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_freqs f = { 0 };
	struct src_bias b = { 0 };
	struct out_err err;
	struct plot_desc pd;
	enum out_format fmt;
	const struct pe_rope_cfg *r;
	const double two_pi = 2.0 * PE_PI;
	char caption[128], title[192], after[64];
	double context;
	int rc, scaled;

	rc = cli_setup(&o, &scheme, argc, argv, &freqs_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (scheme.ops->bias) {   /* ALiBi's slopes, T5's buckets */
		if (src_bias_freqs_init(&t, &b, &scheme, o.all_heads, &err) != 0) {
			msg_error("%s", err.msg);
			rc = EXIT_RUNTIME;
			goto done;
		}
		opt_meta(&t, &o, &scheme, "freqs");
		/* alibi: the slopes, geometric; t5: what each bucket holds, or
		 * with weights each head's bias */
		cli_scheme_caption(caption, sizeof caption, &o, &scheme);
		plot_desc_init(&pd, PLOT_CURVE);
		pd.points = 1;
		if (!(scheme.ops->traits & PE_TRAIT_BUCKETS)) {   /* slopes */
			snprintf(title, sizeof title, "slopes: %s", caption);
			pd.xlabel = "head h";
			pd.ylabel = "slope m_h";
			pd.log_y = 1;
			pd.all_from = 1;
		} else if (scheme.bias_is_index) {
			snprintf(title, sizeof title, "buckets: %s", caption);
			pd.xlabel = "bucket";
			pd.ylabel = "relative position key - query";
			plot_series_add(&pd, &t, "rel_min", NULL, "smallest in the bucket");
			plot_series_add(&pd, &t, "rel_max", NULL, "largest in the bucket");
		} else {
			snprintf(title, sizeof title, "bucket weights: %s", caption);
			pd.xlabel = "bucket";
			pd.ylabel = "bias";
			pd.all_from = 3;   /* after bucket, rel_min, rel_max */
		}
		t.title = title;
		t.plot = &pd;
		rc = cli_emit(&t, &o, fmt);
		goto done;
	}
	if (!scheme.inv_freq) {   /* nope, learned: a usage error (exit 2), as
	                             extrapolate's, not a runtime one */
		msg_usage("--scheme %s has no frequencies to list", scheme.ops->name);
		rc = EXIT_USAGE;
		goto done;
	}
	/* rotations count turns over the original context length L */
	r = &scheme.cfg.rope;
	context = (double)o.n_pos;
	if (scheme.ops->traits & PE_TRAIT_ROTARY)
		context = r->original_max > 0 ? r->original_max
		          : r->max_pos > 0 ? r->max_pos : (double)o.n_pos;
	if (src_freqs_init(&t, &f, &scheme, context, &err) != 0) {
		msg_error("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto done;
	}
	opt_meta(&t, &o, &scheme, "freqs");
	table_meta_add(&t, "context", "%.17g", context);

	cli_scheme_caption(caption, sizeof caption, &o, &scheme);
	snprintf(title, sizeof title, "inverse frequencies: %s", caption);
	t.title = title;
	scaled = (scheme.ops->traits & PE_TRAIT_ROTARY) && r->scaling != PE_ROPE_SCALING_NONE;
	plot_desc_init(&pd, PLOT_CURVE);
	pd.xlabel = "frequency pair i";
	pd.ylabel = "inverse frequency theta_i (radians per position)";
	pd.log_y = 1;
	pd.points = 1;
	if (scaled) {
		snprintf(after, sizeof after, "after %s scaling", opt_scaling_name(r->scaling));
		struct plot_series *before = plot_series_add(&pd, &t, "inv_freq_base", NULL,
		                                             "before scaling");
		if (before)
			before->baseline = 1;
		plot_series_add(&pd, &t, "inv_freq", NULL, after);
	} else {
		plot_series_add(&pd, &t, "inv_freq", NULL, "theta_i = base^(-2i/d)");
	}
	/* where each method's bands begin and end: turns over the context */
	if (scaled && r->scaling == PE_ROPE_SCALING_YARN) {
		plot_ref_add(&pd, 'y', two_pi * r->beta_fast / context,
		             "beta_fast: %.4g turns in %.17g positions; kept above",
		             r->beta_fast, context);
		plot_ref_add(&pd, 'y', two_pi * r->beta_slow / context,
		             "beta_slow: %.4g turn%s in %.17g positions; interpolated below",
		             r->beta_slow, r->beta_slow == 1.0 ? "" : "s", context);
	} else if (scaled && r->scaling == PE_ROPE_SCALING_LLAMA3) {
		plot_ref_add(&pd, 'y', two_pi * r->high_freq_factor / context,
		             "wavelength %.17g/%.4g: kept above", context, r->high_freq_factor);
		plot_ref_add(&pd, 'y', two_pi * r->low_freq_factor / context,
		             "wavelength %.17g/%.4g: divided by the factor below", context,
		             r->low_freq_factor);
	}
	t.plot = &pd;
	rc = cli_emit(&t, &o, fmt);
done:
	src_freqs_free(&f);
	src_bias_free(&b);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

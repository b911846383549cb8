/*
 * cmd_freqs.c - pecli freqs: one row per frequency pair, with the inverse
 * frequency after and before scaling, the wavelength, the turns made over
 * the original context, and what the scaling defines per pair (the YaRN
 * ramp, the Llama 3 band).  The attention factor is a metadata line.
 */
#include <stdio.h>

#include "cli/cli.h"

#define FREQS_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT)

static void freqs_help(void)
{
	fputs("Usage: pecli freqs [SCHEME OPTIONS] [--format csv|tsv] [--digits N] [-o FILE]\n"
	      "Print one row per frequency pair i: pair, inv_freq (after scaling),\n"
	      "inv_freq_base (before), wavelength = 2 pi / inv_freq, rotations = turns of\n"
	      "the unscaled pair over the original context length L, ratio =\n"
	      "inv_freq_base / inv_freq; with --scaling yarn also ramp (0 extrapolated,\n"
	      "1 interpolated), with llama3 smooth and region (high, mid, low).  L is\n"
	      "--original-max, else the model's max_position_embeddings, else --n.\n"
	      "alibi: one row per head, head and slope.  t5: one row per bucket, bucket,\n"
	      "rel_min and rel_max (the relative positions key - query it holds), and\n"
	      "with --bucket-weights the bias of each head (bias, or h0, h1, ...).\n"
	      "\n", stdout);
}

static const struct cli_cmd freqs_cmd = { FREQS_OPTS, freqs_help, cli_text_formats };

int cmd_freqs(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_freqs f = { 0 };
	struct src_bias b = { 0 };
	struct out_err err;
	enum out_format fmt;
	const struct pe_rope_cfg *r;
	double context;
	int rc;

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
		rc = cli_emit(&t, &o, fmt);
		goto done;
	}
	/* rotations count turns over the original context length L */
	r = &scheme.cfg.rope;
	context = (double)o.n_pos;
	if (scheme.cfg.kind != PE_SCHEME_SINUSOIDAL)
		context = r->original_max > 0 ? r->original_max
		          : r->max_pos > 0 ? r->max_pos : (double)o.n_pos;
	if (src_freqs_init(&t, &f, &scheme, context, &err) != 0) {
		msg_error("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto done;
	}
	opt_meta(&t, &o, &scheme, "freqs");
	table_meta_add(&t, "context", "%.17g", context);
	rc = cli_emit(&t, &o, fmt);
done:
	src_freqs_free(&f);
	src_bias_free(&b);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

/*
 * cmd_freqs.c - pecli freqs: one row per frequency pair, with the inverse
 * frequency after and before scaling, the wavelength, the turns made over
 * the original context, and what the scaling defines per pair (the YaRN
 * ramp, the Llama 3 band).  The attention factor is a metadata line.
 */
#include <stdio.h>

#include "cli/cli.h"

#define FREQS_OPTS (OPTF_SCHEME | OPTF_OUTPUT)

static const struct opt_format freqs_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_CSV }
};

static void freqs_help(void)
{
	fputs("Usage: pecli freqs [SCHEME OPTIONS] [--format csv|tsv] [--digits N] [-o FILE]\n"
	      "Print one row per frequency pair i: pair, inv_freq (after scaling),\n"
	      "inv_freq_base (before), wavelength = 2 pi / inv_freq, rotations = turns of\n"
	      "the unscaled pair over the original context length L, ratio =\n"
	      "inv_freq_base / inv_freq; with --scaling yarn also ramp (0 extrapolated,\n"
	      "1 interpolated), with llama3 smooth and region (high, mid, low).  L is\n"
	      "--original-max, else the model's max_position_embeddings, else --n.\n"
	      "\n", stdout);
	opt_help(stdout, FREQS_OPTS, freqs_formats);
}

int cmd_freqs(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_freqs f = { 0 };
	struct ofile of = { 0 };
	struct out_err err;
	enum out_format fmt;
	const struct pe_rope_cfg *r;
	double context;
	int rc;

	rc = opt_parse(&o, argc, argv, FREQS_OPTS);
	if (rc != EXIT_OK || o.help) {
		if (o.help)
			freqs_help();
		return rc;
	}
	rc = opt_format(&fmt, &o, freqs_formats);
	if (rc != EXIT_OK)
		return rc;
	rc = opt_scheme(&scheme, &o);
	if (rc != EXIT_OK)
		return rc;

	r = &scheme.cfg.rope;
	context = (double)o.n_pos;
	if (scheme.cfg.kind != PE_SCHEME_SINUSOIDAL)
		context = r->original_max > 0 ? r->original_max
		          : r->max_pos > 0 ? r->max_pos : (double)o.n_pos;

	rc = EXIT_RUNTIME;
	if (src_freqs_init(&t, &f, &scheme, context, &err) != 0)
		goto fail;
	opt_meta(&t, &o, &scheme, "freqs");
	table_meta_add(&t, "context", "%.17g", context);
	if (ofile_open(&of, o.output, &err) != 0)
		goto fail;
	if (write_delimited(of.fp, &t, fmt == OUT_FORMAT_TSV ? '\t' : ',', o.digits,
	                    &err) != 0 || ofile_commit(&of, &err) != 0)
		goto fail;
	rc = EXIT_OK;
	goto done;
fail:
	msg_error("%s", err.msg);
	ofile_abort(&of);
done:
	src_freqs_free(&f);
	pe_scheme_free(&scheme);
	return rc;
}

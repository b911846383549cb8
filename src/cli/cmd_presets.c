/*
 * cmd_presets.c - pecli presets: the built-in RoPE settings of well-known
 * models, with their values, for --preset NAME.
 */
#include <stdio.h>

#include "cli/cli.h"
#include <config.h>

#define PRESETS_OPTS OPTF_OUTPUT

static const struct opt_format presets_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_CSV }
};

static void presets_help(void)
{
	fputs("Usage: pecli presets [--format csv|tsv] [--digits N] [-o FILE]\n"
	      "List the models --preset knows: name, d (head dimension), rotary_dim,\n"
	      "base (rope_theta), scaling, factor, original_max, max_pos, description.\n"
	      "Empty cells are settings the model's config.json does not have.\n"
	      "\n", stdout);
	opt_help(stdout, PRESETS_OPTS, presets_formats);
}

int cmd_presets(int argc, char **argv)
{
	struct opts o;
	struct table_src t;
	struct ofile of = { 0 };
	struct out_err err;
	enum out_format fmt;
	int rc;

	rc = opt_parse(&o, argc, argv, PRESETS_OPTS);
	if (rc != EXIT_OK || o.help) {
		if (o.help)
			presets_help();
		return rc;
	}
	rc = opt_format(&fmt, &o, presets_formats);
	if (rc != EXIT_OK)
		return rc;
	src_presets_init(&t);
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "%s", "presets");
	if (ofile_open(&of, o.output, &err) != 0
	    || write_delimited(of.fp, &t, fmt == OUT_FORMAT_TSV ? '\t' : ',', o.digits,
	                       &err) != 0
	    || ofile_commit(&of, &err) != 0) {
		msg_error("%s", err.msg);
		ofile_abort(&of);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

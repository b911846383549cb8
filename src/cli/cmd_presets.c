/*
 * cmd_presets.c - pecli presets: the built-in positional settings of
 * well-known models, with their values, for --preset NAME.
 */
#include <stdio.h>

#include "cli/cli.h"
#include <config.h>

#define PRESETS_OPTS (OPTF_OUTPUT | OPTF_DIGITS)

static void presets_help(void)
{
	fputs("Usage: pecli presets [--format csv|tsv|json] [--digits N] [-o FILE]\n"
	      "List the models --preset knows: name, scheme, d (head dimension),\n"
	      "rotary_dim, base (rope_theta), scaling, factor, original_max, max_pos,\n"
	      "description.  Empty cells are settings the model's config.json does not\n"
	      "have, and the rotary ones of a model without a rotation.\n"
	      "\n", stdout);
}

static const struct cli_cmd presets_cmd = { PRESETS_OPTS, presets_help, cli_text_formats, 0 };

int cmd_presets(int argc, char **argv)
{
	struct opts o;
	struct table_src t;
	struct out_err err;
	enum out_format fmt;
	int rc;

	rc = cli_setup(&o, NULL, argc, argv, &presets_cmd, &fmt);
	if (rc != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	if (hf_presets_load(&err) != 0) {   /* memory ran out */
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	src_presets_init(&t);
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "%s", "presets");
	return cli_emit(&t, &o, fmt);
}

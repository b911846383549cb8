/*
 * run.c - the steps every command shares: parse the options (printing the
 * help when asked), resolve --format, build the scheme; and at the end hand
 * the table source to the writer the format names, on stdout or in -o FILE
 * (written whole or not at all).
 */
#include <stdio.h>

#include "cli/cli.h"

int cli_setup(struct opts *o, struct pe_scheme *s, int argc, char **argv,
              const struct cli_cmd *cmd, enum out_format *fmt)
{
	int rc = opt_parse(o, argc, argv, cmd->accepts);

	if (rc != EXIT_OK)
		return rc;
	if (o->help) {
		cmd->help();
		opt_help(stdout, cmd->accepts, cmd->formats);
		return CLI_DONE;
	}
	rc = opt_format(fmt, o, cmd->formats);
	if (rc != EXIT_OK || !s)
		return rc;
	return opt_scheme(s, o);
}

int cli_emit(struct table_src *t, const struct opts *o, enum out_format fmt)
{
	struct ofile of;
	struct out_err err;
	int rc;

	if (ofile_open(&of, o->output, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	switch (fmt) {
	case OUT_FORMAT_LIST:
		rc = write_list(of.fp, t, &err);
		break;
	case OUT_FORMAT_TABLE:
		rc = write_aligned(of.fp, t, o->digits, &err);
		break;
	default:
		rc = write_delimited(of.fp, t, fmt == OUT_FORMAT_TSV ? '\t' : ',',
		                     o->digits, &err);
		break;
	}
	if (rc != 0 || ofile_commit(&of, &err) != 0) {
		msg_error("%s", err.msg);
		ofile_abort(&of);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* The text formats most commands offer; csv is the default. */
const struct opt_format cli_text_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_CSV }
};

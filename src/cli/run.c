/*
 * run.c - the steps every command shares: parse the options (printing the
 * help when asked), resolve --format, build the scheme; and at the end hand
 * the table source to the writer the format names, on stdout or in -o FILE
 * (written whole or not at all).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

/* Write t to path (NULL or "-": stdout) in fmt; po for PNG. */
static int emit(struct table_src *t, const char *path, enum out_format fmt, int digits,
                const struct png_opts *po)
{
	struct ofile of;
	struct out_err err;
	int rc;

	if (ofile_open(&of, path, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	switch (fmt) {
	case OUT_FORMAT_PNG:
		rc = write_png(of.fp, t, po, &err);
		break;
	case OUT_FORMAT_LIST:
		rc = write_list(of.fp, t, &err);
		break;
	case OUT_FORMAT_TABLE:
		rc = write_aligned(of.fp, t, digits, &err);
		break;
	default:
		rc = write_delimited(of.fp, t, fmt == OUT_FORMAT_TSV ? '\t' : ',', digits, &err);
		break;
	}
	if (rc != 0 || ofile_commit(&of, &err) != 0) {
		msg_error("%s", err.msg);
		ofile_abort(&of);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int cli_emit(struct table_src *t, const struct opts *o, enum out_format fmt)
{
	return emit(t, o->output, fmt, o->digits, NULL);
}

int cli_emit_png(struct table_src *t, const char *path, const struct png_opts *po)
{
	return emit(t, path, OUT_FORMAT_PNG, 0, po);
}

/* The code of each position, or with --of similarity the matrix of scores
 * between positions, with the metadata that says which. */
int cli_matrix_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd)
{
	struct out_err err;
	int rotary = s->cfg.kind == PE_SCHEME_ROPE || s->cfg.kind == PE_SCHEME_XPOS;

	memset(m, 0, sizeof *m);
	/* refused before anything is allocated: n x n similarity, heads x n
	 * bias columns, n x d codes */
	if (cli_check_cells((double)o->n_pos,
	                    1.0 + (s->ops->bias ? (double)o->n_pos * (o->all_heads ? (double)s->n_heads : 1.0)
	                           : o->similarity ? (double)o->n_pos : (double)s->n_row),
	                    s->ops->bias || o->similarity ? "lower --n" : "lower --n or --d") != EXIT_OK)
		return EXIT_USAGE;
	if (s->ops->bias) {
		if (src_bias_matrix_init(t, &m->bias, s, o->n_pos, o->all_heads, &err) != 0) {
			msg_error("%s", err.msg);
			return EXIT_RUNTIME;
		}
		opt_meta(t, o, s, cmd);
		table_meta_add(t, "of", "%s", s->bias_is_index
		               ? "bucket of (query, key), rows queries, columns keys"
		               : "bias added to the score of (query, key), rows queries, columns keys; empty: masked");
		return EXIT_OK;
	}
	if (o->similarity ? src_similarity_init(t, &m->sim, s, o->n_pos, o->cosine, 0, &err) != 0
	                  : src_matrix_init(t, &m->code, s, o->n_pos, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	opt_meta(t, o, s, cmd);
	if (o->similarity)
		table_meta_add(t, "of", "similarity, metric %s", o->cosine ? "cosine" : "dot");
	else if (rotary)
		table_meta_add(t, "table", "%s", opt_table_name(s->cfg.table));
	return EXIT_OK;
}

void cli_matrix_free(struct cli_matrix *m)
{
	src_matrix_free(&m->code);
	src_similarity_free(&m->sim);
	src_bias_free(&m->bias);
}

/* ---- size limits (man/pecli.1, LIMITS) ---- */

int cli_check_cells(double n_rows, double n_cols, const char *hint)
{
	double cells = n_rows * n_cols;

	if (cells <= CLI_CELLS_MAX)
		return EXIT_OK;
	msg_usage("the output would be %.0f rows x %.0f columns = %.3g cells, more than pecli writes (%.0f, 2^37): %s",
	          n_rows, n_cols, cells, CLI_CELLS_MAX, hint);
	return EXIT_USAGE;
}

double cli_memory_limit(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || size <= 0)
		return 4.0 * 1073741824.0;   /* unknown: assume a small machine */
	return 0.5 * (double)pages * (double)size;
}

int cli_check_memory(double bytes, const char *what, const char *hint)
{
	double limit = cli_memory_limit();

	if (bytes <= limit)
		return EXIT_OK;
	msg_usage("%s needs about %.3g GiB of memory, more than pecli takes (%.3g GiB, half of this machine's memory): %s",
	          what, bytes / 1073741824.0, limit / 1073741824.0, hint);
	return EXIT_USAGE;
}

/* check and schemes: an aligned table for people, CSV otherwise. */
const struct opt_format cli_table_formats[] = {
	{ "table", OUT_FORMAT_TABLE },
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_TABLE }
};

enum out_format cli_table_or_csv(const struct opts *o, enum out_format fmt)
{
	if (!o->format && ((o->output && strcmp(o->output, "-") != 0) || !isatty(STDOUT_FILENO)))
		return OUT_FORMAT_CSV;   /* a file or a pipe */
	return fmt;
}

/* The text formats most commands offer; csv is the default. */
const struct opt_format cli_text_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_CSV }
};

/*
 * cmd_matrix.c - pecli matrix: the n x d encoding matrix, one row per
 * position, as CSV (or TSV) on stdout or in -o FILE.
 */
#include <stdio.h>

#include "cli/cli.h"

static const struct opt_format matrix_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ NULL, OUT_FORMAT_CSV }
};

#define MATRIX_OPTS (OPTF_SCHEME | OPTF_OUTPUT | OPTF_TABLE)

static void matrix_help(void)
{
	fputs("Usage: pecli matrix [SCHEME OPTIONS] [--table NAME | --of similarity\n"
	      "                    [--metric dot|cosine]] [--format csv|tsv]\n"
	      "                    [--digits N] [-o FILE]\n"
	      "Print the encoding matrix: '# key: value' metadata lines, a header row, and\n"
	      "one row per position 0 .. n-1.  Sinusoidal: the n x d code, columns\n"
	      "pos,d0,d1,...  RoPE and xPos: the n x R/2 table --table names, columns\n"
	      "pos,pair0,pair1,...  With --of similarity: the n x n matrix of scores\n"
	      "between query position (row) and key position (column k0, k1, ...):\n"
	      "PE(m).PE(n), or <R_m q, R_n k> with q = k = ones for rope and xpos;\n"
	      "--metric cosine divides by the two self-scores.\n"
	      "\n", stdout);
	opt_help(stdout, MATRIX_OPTS, matrix_formats);
}

int cmd_matrix(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_matrix m = { 0 };
	struct src_similarity sim = { 0 };
	struct ofile of = { 0 };
	struct out_err err;
	enum out_format fmt;
	int rc;

	rc = opt_parse(&o, argc, argv, MATRIX_OPTS);
	if (rc != EXIT_OK || o.help) {
		if (o.help)
			matrix_help();
		return rc;
	}
	rc = opt_format(&fmt, &o, matrix_formats);
	if (rc != EXIT_OK)
		return rc;
	rc = opt_scheme(&scheme, &o);
	if (rc != EXIT_OK)
		return rc;

	rc = EXIT_RUNTIME;
	if (o.similarity ? src_similarity_init(&t, &sim, &scheme, o.n_pos, o.cosine, 0, &err) != 0
	                 : src_matrix_init(&t, &m, &scheme, o.n_pos, &err) != 0)
		goto fail;
	opt_meta(&t, &o, &scheme, "matrix");
	if (o.similarity)
		table_meta_add(&t, "of", "similarity, metric %s", o.cosine ? "cosine" : "dot");
	else if (scheme.cfg.kind != PE_SCHEME_SINUSOIDAL)
		table_meta_add(&t, "table", "%s", opt_table_name(scheme.cfg.table));
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
	src_matrix_free(&m);
	src_similarity_free(&sim);
	pe_scheme_free(&scheme);
	return rc;
}

/*
 * cmd_matrix.c - pecli matrix: the n x d encoding matrix, one row per
 * position, as CSV (or TSV) on stdout or in -o FILE, or as a gnuplot image
 * (positions down, as heatmap draws it).
 */
#include <stdio.h>

#include "cli/cli.h"

#define MATRIX_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_TABLE | OPTF_COLORS)

static void matrix_help(void)
{
	fputs("Usage: pecli matrix [SCHEME OPTIONS] [--table NAME | --of similarity\n"
	      "                    [--metric dot|cosine] [--query PATCH]]\n"
	      "                    [--grid HxW|TxHxW | --tokens SPEC]\n"
	      "                    [--format csv|tsv|gnuplot|npy] [--plot]\n"
	      "                    [--digits N] [--colormap NAME] [--range LO:HI]\n"
	      "                    [--head-scale shared|each] [-o FILE]\n"
	      "Print the encoding matrix: '# key: value' metadata lines, a header row, and\n"
	      "one row per position 0 .. n-1.  Sinusoidal: the n x d code, columns\n"
	      "pos,d0,d1,...  RoPE and xPos: the n x R/2 table --table names, columns\n"
	      "pos,pair0,pair1,...  With --of similarity: the n x n matrix of scores\n"
	      "between query position (row) and key position (column k0, k1, ...):\n"
	      "PE(m).PE(n), or <R_m q, R_n k> with q = k = ones for rope and xpos;\n"
	      "--metric cosine divides by the two self-scores.  alibi and t5: the n x n\n"
	      "bias matrix, queries down, keys across (k0, k1, ...), every head side by\n"
	      "side (h0_k0, ...) unless --head names one; masked cells are empty.\n"
	      "--format gnuplot prints a gnuplot script that draws the matrix as an\n"
	      "image, positions down; --plot runs gnuplot on it.  --format npy writes the\n"
	      "table, every column, as a NumPy float64 array (-o FILE.npy, its metadata\n"
	      "in FILE.json).\n"
	      "\n", stdout);
}

static const struct cli_cmd matrix_cmd = { MATRIX_OPTS, matrix_help, cli_array_formats, 0 };

int cmd_matrix(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct cli_matrix m = { 0 };
	enum out_format fmt;
	int rc;

	rc = cli_setup(&o, &scheme, argc, argv, &matrix_cmd, &fmt);
	if (rc == EXIT_OK)
		rc = cli_matrix_source(&t, &m, &o, &scheme, "matrix");
	if (rc == EXIT_OK)
		rc = cli_head_scale(&t, &m, &o, fmt);
	if (rc == EXIT_OK)
		rc = cli_emit(&t, &o, fmt);
	cli_matrix_free(&m);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

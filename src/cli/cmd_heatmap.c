/*
 * cmd_heatmap.c - pecli heatmap: the encoding matrix (or the similarity
 * matrix) drawn as a PNG figure, positions down, columns across, with a
 * title, axes and a colour bar; --raw the cells alone (see write/figure.h).
 *
 * The colours: the range is --range, else the table's closed-form range
 * ([-1, 1] for sinusoidal) or, without one, the data's (a first pass over
 * the rows); the map and the final range follow colormap_rule (the one rule
 * of matrix's gnuplot image too): coolwarm symmetric about zero for values
 * that straddle zero, viridis over the values' own range for values on one
 * side of it.  --colormap replaces the map.
 *
 * Destination: -o FILE; else stdout when it is not a terminal; else a
 * default file in the current folder, named on stderr.  PNG bytes are never
 * written to a terminal.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "write/colormap.h"

static const struct opt_format heatmap_formats[] = {
	{ "png", OUT_FORMAT_PNG },
	{ NULL, OUT_FORMAT_PNG }
};

#define HEATMAP_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_TABLE | OPTF_RAW | OPTF_COLORS)

static void heatmap_help(void)
{
	fputs("Usage: pecli heatmap [SCHEME OPTIONS] [--table NAME | --of similarity\n"
	      "                     [--metric dot|cosine] [--query PATCH]]\n"
	      "                     [--grid HxW|TxHxW | --tokens SPEC] [--format png]\n"
	      "                     [--colormap NAME] [--range LO:HI]\n"
	      "                     [--head-scale shared|each] [--raw] [--scale K]\n"
	      "                     [--max-size N] [--compression N] [-o FILE]\n"
	      "Draw the encoding matrix as a PNG figure: positions down, columns across,\n"
	      "with a title, axes and a colour bar (--raw: the cells alone, one pixel\n"
	      "each).  Cells are enlarged until each side of the plot has at least 256\n"
	      "pixels, and a table of more than --max-size cells a side is drawn as the\n"
	      "means of blocks of cells, as the subtitle says.  The colours span the\n"
	      "values' range ([-1, 1] for sinusoidal, [-a, a] for RoPE's cos and sin with\n"
	      "attention factor a, measured for angles and --of similarity) or --range.\n"
	      "Values that straddle zero get the diverging coolwarm map over a range\n"
	      "symmetric about zero; values on one side of zero (the sinusoidal similarity\n"
	      "is all positive) get viridis over their own range (pecli(1), COLOURS).\n"
	      "NaN (masked) cells are white.  alibi and t5 draw every head side by side\n"
	      "unless --head: --head-scale each (the default, not with --range) maps each\n"
	      "head onto [0, 1] by its own range, as the title says; shared colours them\n"
	      "alike.  With --grid and\n"
	      "--query H,W: the similarity of one patch to every patch, as the grid (all:\n"
	      "every patch's, side by side).  Without -o, the PNG\n"
	      "goes to standard output when that is not a terminal, and otherwise to\n"
	      "heatmap-SCHEME-dD-nN.png in the current folder.\n"
	      "\n", stdout);
}

static const struct cli_cmd heatmap_cmd = { HEATMAP_OPTS, heatmap_help, heatmap_formats, 0 };

int cmd_heatmap(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct cli_matrix m = { 0 };
	struct out_err err;
	struct png_opts po = { 0 };
	enum out_format fmt;
	char default_name[96];
	const char *path;
	int rc;

	rc = cli_setup(&o, &scheme, argc, argv, &heatmap_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	path = o.output;
	if (path && strcmp(path, "-") == 0 && isatty(STDOUT_FILENO)) {
		msg_usage("refusing to write PNG data to a terminal: redirect standard output or use -o FILE");
		rc = EXIT_USAGE;
		goto done;
	}
	if (!path && isatty(STDOUT_FILENO)) {
		if (scheme.ops->bias)   /* no dimension */
			snprintf(default_name, sizeof default_name, "heatmap-%s-n%zu.png",
			         scheme.ops->name, o.n_pos);
		else
			snprintf(default_name, sizeof default_name, "heatmap-%s-d%zu-n%zu.png",
			         scheme.ops->name, o.scheme.n_dim, o.n_pos);
		path = default_name;
	}
	rc = cli_matrix_source(&t, &m, &o, &scheme, "heatmap");
	if (rc == EXIT_OK)
		rc = cli_head_scale(&t, &m, &o, fmt);
	if (rc != EXIT_OK)
		goto done;

	cli_run_setup(&t, &o);   /* the range pass runs on the threads too */
	if (o.has_range) {
		po.lo = o.range_lo;
		po.hi = o.range_hi;
	} else if (table_range(&t, &po.lo, &po.hi, &err) != 0) {
		msg_error("%s", err.msg);
		rc = EXIT_RUNTIME;
		goto done;
	}
	po.colormap = colormap_rule(&po.lo, &po.hi, o.has_range);
	if (o.colormap)
		po.colormap = o.colormap;
	po.raw = o.raw;
	po.scale = o.scale;
	po.max_size = o.max_size;
	po.compression = o.compression;
	po.command = cli_command_line();
	rc = cli_emit_png(&t, path, &po);
	if (rc == EXIT_OK && path == default_name)
		msg_info("wrote %s", default_name);
done:
	cli_matrix_free(&m);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

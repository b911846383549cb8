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
 * default file in the current folder, named on stderr.  PNG, SVG or PDF
 * bytes are never written to a terminal.  The format: --format, else -o's
 * extension (.svg, .pdf), else PNG; SVG and PDF are framed figures only.
 * A PDF's creation date is SOURCE_DATE_EPOCH's (reproducible-builds.org),
 * else a fixed one (figdraw.c), never the clock.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "write/colormap.h"
#include "write/figure.h"

static const struct opt_format heatmap_formats[] = {
	{ "png", OUT_FORMAT_PNG },
	{ "svg", OUT_FORMAT_SVG },
	{ "pdf", OUT_FORMAT_PDF },
	{ NULL, OUT_FORMAT_PNG }
};

#define HEATMAP_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_TABLE | OPTF_RAW | OPTF_COLORS)

static void heatmap_help(void)
{
	fputs("Usage: pecli heatmap [SCHEME OPTIONS] [--table NAME | --of similarity\n"
	      "                     [--metric dot|cosine] [--query PATCH]]\n"
	      "                     [--grid HxW|TxHxW | --tokens SPEC] [--format png|svg|pdf]\n"
	      "                     [--colormap NAME] [--range LO:HI]\n"
	      "                     [--head-scale shared|each] [--raw] [--scale K]\n"
	      "                     [--max-size N] [--compression N] [--font-size PX]\n"
	      "                     [-o FILE]\n"
	      "Draw the encoding matrix as a figure: positions down, columns across,\n"
	      "with a title, axes and a colour bar lettered in DejaVu Sans (--font-size),\n"
	      "as a PNG, or as an SVG or PDF vector figure when -o FILE ends in .svg or\n"
	      ".pdf or --format says so (--raw: the cells alone, one pixel each, as a\n"
	      "PNG).  Cells are enlarged until each side of the plot has at least 256\n"
	      "pixels (256 PX / 12 with --font-size PX), and a table of more than\n"
	      "--max-size cells a side is drawn as the means of blocks of cells, as the\n"
	      "subtitle says.  The colours span the\n"
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
	      "every patch's, side by side).  Without -o, the figure goes to standard\n"
	      "output when that is not a terminal, and otherwise to\n"
	      "heatmap-SCHEME-dD-nN.png (.svg, .pdf) in the current folder.\n"
	      "\n", stdout);
}

/* SOURCE_DATE_EPOCH as an ISO 8601 date into buf, or NULL when unset;
 * "" after a usage error (not whole seconds in [0, 253402300799], the
 * last second of year 9999, which a PDF date can hold). */
static const char *pdf_date(char *buf, size_t size)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long sec;
	struct tm tm;
	time_t t;

	if (!env)
		return NULL;
	errno = 0;
	sec = strtoll(env, &end, 10);
	if (!*env || *end || errno || sec < 0 || sec > 253402300799LL || env[0] == ' ') {
		msg_usage("invalid value '%s' for SOURCE_DATE_EPOCH: expected whole seconds since 1970 in [0, 253402300799]",
		          env);
		return "";
	}
	t = (time_t)sec;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

/* The format against --raw and --max-size, the destination and its
 * default name, the PDF's date: EXIT_OK or a usage error. */
static int heatmap_dest(struct png_opts *po, const char **path, char *name, size_t name_size,
                        const struct opts *o, const struct pe_scheme *scheme,
                        enum out_format fmt, char *date, size_t date_size)
{
	const char *ext = fmt == OUT_FORMAT_SVG ? "svg" : fmt == OUT_FORMAT_PDF ? "pdf" : "png";

	if (o->raw && fmt != OUT_FORMAT_PNG) {
		msg_usage("option '--raw' writes the cells as a PNG: not with --format %s", ext);
		return EXIT_USAGE;
	}
	if (o->raw && opt_given(o, &cli_opt_font_size)) {
		msg_usage("option '--font-size' sets the framed figure's type: not with --raw");
		return EXIT_USAGE;
	}
	if (!o->raw && o->max_size > FIG_FRAMED_MAX) {
		msg_usage("invalid value '%zu' for --max-size: a framed figure takes at most %d (--raw: 1000000000)",
		          o->max_size, FIG_FRAMED_MAX);
		return EXIT_USAGE;
	}
	*path = o->output;
	if (*path && strcmp(*path, "-") == 0 && isatty(STDOUT_FILENO)) {
		msg_usage("refusing to write %s data to a terminal: redirect standard output or use -o FILE",
		          fmt == OUT_FORMAT_PNG ? "PNG" : fmt == OUT_FORMAT_SVG ? "SVG" : "PDF");
		return EXIT_USAGE;
	}
	if (!*path && isatty(STDOUT_FILENO)) {
		if (scheme->ops->bias)   /* no dimension */
			snprintf(name, name_size, "heatmap-%s-n%zu.%s", scheme->ops->name, o->n_pos, ext);
		else
			snprintf(name, name_size, "heatmap-%s-d%zu-n%zu.%s", scheme->ops->name,
			         o->scheme.n_dim, o->n_pos, ext);
		*path = name;
	}
	po->format = fmt;
	po->font_size = o->font_size;
	po->date = fmt == OUT_FORMAT_PDF ? pdf_date(date, date_size) : NULL;
	return po->date && !*po->date ? EXIT_USAGE : EXIT_OK;
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
	char default_name[96], date[32];
	const char *path;
	int rc;

	rc = cli_setup(&o, &scheme, argc, argv, &heatmap_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	rc = heatmap_dest(&po, &path, default_name, sizeof default_name, &o, &scheme, fmt,
	                  date, sizeof date);
	if (rc != EXIT_OK)
		goto done;
	rc = cli_matrix_source(&t, &m, &o, &scheme, "heatmap");
	if (rc == EXIT_OK)
		rc = cli_head_scale(&t, &m, &o, fmt);
	if (rc != EXIT_OK)
		goto done;

	cli_run_setup(&t, &o);   /* the range pass runs on the threads too */
	rc = cli_check_png(&t, &o);
	if (rc != EXIT_OK)
		goto done;
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

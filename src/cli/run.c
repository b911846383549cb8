/*
 * run.c - the steps every command shares: parse the options (printing the
 * help when asked), resolve --format, build the scheme; and at the end hand
 * the table source to the writer the format names, on stdout or in -o FILE
 * (written whole or not at all), or with --plot to gnuplot, which draws on
 * the terminal or into -o FILE.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"

/* ---- --plot: gnuplot's terminal ---- */

#define TEXT_COLS 80      /* dumb terminal, when nothing says the size */
#define TEXT_ROWS 25

/* M4's columns for a PDF, which has no pixels: 600 dpi across gnuplot's
 * 5 inches */
#define PDF_COLS 3000

/* The figure file's terminal from its extension, and its width in pixels
 * into *width (if not NULL); NULL if unknown.  png and svg are 800 x 600
 * pixels, pdf gnuplot's 5 x 3 inches; cairo's png and pdf when gnuplot has
 * them (gnuplot-nox does), else libgd's and pdflib's. */
static const char *file_terminal(const char *path, int *width)
{
	static const char *const terms[][2] = {
		{ ".png", "if (strstrt(GPVAL_TERMINALS, ' pngcairo ')) {\n"
		          "    set terminal pngcairo size 800,600\n"
		          "} else {\n"
		          "    set terminal png size 800,600\n"
		          "}" },
		{ ".svg", "set terminal svg size 800,600" },
		{ ".pdf", "if (strstrt(GPVAL_TERMINALS, ' pdfcairo ')) {\n"
		          "    set terminal pdfcairo\n"
		          "} else {\n"
		          "    set terminal pdf\n"
		          "}" },
	};
	size_t len = strlen(path);

	for (size_t k = 0; k < sizeof terms / sizeof terms[0]; k++)
		if (len > 4 && strcasecmp(path + len - 4, terms[k][0]) == 0) {
			if (width)
				*width = k == 2 ? PDF_COLS : 800;
			return terms[k][1];
		}
	return NULL;
}

/* A positive size from the environment, or 0. */
static int env_size(const char *name)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno || *end || n < 1 || n > 10000 ? 0 : (int)n;
}

/*
 * The dumb terminal: the size of the terminal on stdout (TIOCGWINSZ), else
 * COLUMNS and LINES, else 80 x 25; one line less than the rows, for the
 * prompt.  Colours (ansi256) only on a terminal: a matrix is drawn in
 * colour, so a pipe gets its frame and colour bar only.
 */
static void text_terminal(char *buf, size_t cap, int *width)
{
	struct winsize ws;
	int tty = isatty(STDOUT_FILENO), cols = 0, rows = 0;

	if (tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
		cols = ws.ws_col;
		rows = ws.ws_row;
	}
	if (!cols)
		cols = env_size("COLUMNS");
	if (!rows)
		rows = env_size("LINES");
	cols = cols ? cols : TEXT_COLS;
	rows = rows ? rows : TEXT_ROWS;
	/* below this gnuplot has no room for a frame */
	cols = cols < 20 ? 20 : cols;
	rows = rows < 11 ? 10 : rows - 1;
	*width = cols;
	snprintf(buf, cap, "set terminal dumb size %d,%d feed%s", cols, rows,
	         tty ? " ansi256" : "");
}

static int takes_format(const struct opt_format *formats, enum out_format fmt)
{
	for (size_t k = 0; formats[k].name; k++)
		if (formats[k].format == fmt)
			return 1;
	return 0;
}

/* -o through a symbolic link loop, or a link into a folder that does not
 * exist: refused before any work (ofile_target). */
static int check_output_path(const struct opts *o)
{
	struct out_err err;
	char *target;
	int rc;

	if (!o->output || strcmp(o->output, "-") == 0)
		return EXIT_OK;
	rc = ofile_target(&target, o->output, &err);
	free(target);
	if (rc == 0)
		return EXIT_OK;
	if (rc == OFILE_BAD_PATH) {
		msg_usage("%s", err.msg);
		return EXIT_USAGE;
	}
	msg_error("%s", err.msg);
	return EXIT_RUNTIME;
}

int cli_setup(struct opts *o, struct pe_scheme *s, int argc, char **argv,
              const struct cli_cmd *cmd, enum out_format *fmt)
{
	/* a command that draws gnuplot scripts can also run gnuplot; one
	 * that writes CSV can leave out the metadata */
	unsigned accepts = cmd->accepts | (takes_format(cmd->formats, OUT_FORMAT_GNUPLOT) ? OPTF_PLOT : 0)
	                   | (takes_format(cmd->formats, OUT_FORMAT_CSV) ? OPTF_META : 0);
	int rc = opt_parse(o, argc, argv, accepts);

	if (rc != EXIT_OK)
		return rc;
	if (o->help) {
		cmd->help();
		opt_help(stdout, accepts, cmd->formats, cmd->n_default);
		return CLI_DONE;
	}
	if (cmd->n_default && !o->n_given)
		o->n_pos = cmd->n_default;
	rc = opt_format(fmt, o, cmd->formats);
	if (rc != EXIT_OK)
		return rc;
	if (o->plot) {
		if (o->format && *fmt != OUT_FORMAT_GNUPLOT) {
			msg_usage("options '--plot' and '--format %s' cannot be combined", o->format);
			return EXIT_USAGE;
		}
		*fmt = OUT_FORMAT_GNUPLOT;
		if (o->output && strcmp(o->output, "-") != 0 && !file_terminal(o->output, NULL)) {
			msg_usage("invalid value '%s' for --output: --plot writes a .png, .svg or .pdf file",
			          o->output);
			return EXIT_USAGE;
		}
	}
	rc = cli_check_output(o, *fmt);
	if (rc == EXIT_OK)
		rc = check_output_path(o);
	if (rc != EXIT_OK)
		return rc;
	if (opt_given(o, &cli_opt_aggregate) && *fmt != OUT_FORMAT_GNUPLOT) {
		msg_usage("option '--aggregate' thins a line plot: use it with --format gnuplot or --plot");
		return EXIT_USAGE;
	}
	if ((o->colormap || o->has_range) && *fmt != OUT_FORMAT_PNG && *fmt != OUT_FORMAT_SVG
	    && *fmt != OUT_FORMAT_PDF && *fmt != OUT_FORMAT_GNUPLOT) {
		msg_usage("option '--%s' colours a figure: use it with --format gnuplot or --plot",
		          o->colormap ? "colormap" : "range");
		return EXIT_USAGE;
	}
	if (o->threads == 0) {
		size_t n = table_cpus();   /* the cores this process may use */
		o->threads = (unsigned)(n < OPT_THREADS_MAX ? n : OPT_THREADS_MAX);
	}
	msg_progress_allow(!o->no_progress);
	if (!s)
		return rc;
	return opt_scheme(s, o);
}

void cli_run_setup(struct table_src *t, const struct opts *o)
{
	t->n_threads = o->threads;
	t->progress = msg_progress();
}

/* The gnuplot script's settings from the options (o NULL: none given). */
static struct gnuplot_opts plot_opts(const struct opts *o)
{
	struct gnuplot_opts go = { 0, cli_command_line(), NULL, NULL, 0, 0.0, 0.0, 0, 0 };

	if (o) {
		go.digits = o->digits;
		go.colormap = o->colormap;
		go.has_range = o->has_range;
		go.lo = o->range_lo;
		go.hi = o->range_hi;
		go.aggregate = (size_t)o->aggregate;
	}
	return go;
}

/* ofile_open's failure rc reported; an exit status. */
static int open_failed(int rc, const struct out_err *err)
{
	if (rc == OFILE_BAD_PATH) {
		msg_usage("%s", err->msg);
		return EXIT_USAGE;
	}
	msg_error("%s", err->msg);
	return EXIT_RUNTIME;
}

/* --plot: gnuplot draws t into -o FILE (whole or not at all) or stdout. */
static int emit_plot(struct table_src *t, const struct opts *o)
{
	const char *path = o->output && strcmp(o->output, "-") != 0 ? o->output : NULL;
	const char *prog = getenv("PECLI_GNUPLOT"), *origin = "PECLI_GNUPLOT";
	char text_term[96];
	struct gnuplot_opts go = plot_opts(o);
	struct ofile of;
	struct out_err err;
	int width, rc;

	if (!prog || !*prog) {
		prog = "gnuplot";
		origin = NULL;
	}

	if (path) {
		go.terminal = file_terminal(path, &width);
	} else {
		text_terminal(text_term, sizeof text_term, &width);
		go.terminal = text_term;
	}
	/* M4 over the output's width unless --aggregate says otherwise; a PNG
	 * over the frame's own pixel columns (the picture of every row) */
	if (!opt_given(o, &cli_opt_aggregate)) {
		size_t len = path ? strlen(path) : 0;

		go.aggregate = (size_t)width;
		if (len > 4 && strcasecmp(path + len - 4, ".png") == 0)
			go.px_width = (size_t)width;
	}
	if ((rc = ofile_open(&of, path, &err)) != 0)
		return open_failed(rc, &err);
	if (gnuplot_run(prog, origin, of.fp, t, &go, &err) != 0 || ofile_commit(&of, &err) != 0) {
		msg_error("%s", err.msg);
		ofile_abort(&of);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* Write t to path (NULL or "-": stdout) in fmt; po for PNG. */
static int emit(struct table_src *t, const struct opts *o, const char *path,
                enum out_format fmt, const struct png_opts *po)
{
	int digits = o ? o->digits : 0;
	struct ofile of;
	struct out_err err;
	int rc;

	if ((rc = ofile_open(&of, path, &err)) != 0)
		return open_failed(rc, &err);
	switch (fmt) {
	case OUT_FORMAT_PNG:
	case OUT_FORMAT_SVG:
	case OUT_FORMAT_PDF:
		rc = write_png(of.fp, t, po, &err);
		break;
	case OUT_FORMAT_LIST:
		rc = write_list(of.fp, t, &err);
		break;
	case OUT_FORMAT_TABLE:
		rc = write_aligned(of.fp, t, digits, &err);
		break;
	case OUT_FORMAT_JSON:
		rc = write_json(of.fp, t, digits, !(o && o->no_meta), &err);
		break;
	case OUT_FORMAT_GNUPLOT: {
		struct gnuplot_opts go = plot_opts(o);

		rc = write_gnuplot(of.fp, t, &go, &err);
		break;
	}
	default:
		rc = (o && o->no_meta ? write_rows : write_delimited)(of.fp, t, fmt == OUT_FORMAT_TSV ? '\t' : ',',
		                                                      digits, &err);
		break;
	}
	progress_end(t->progress);
	if (rc != 0 || ofile_commit(&of, &err) != 0) {
		msg_error("%s", err.msg);
		ofile_abort(&of);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int cli_emit(struct table_src *t, const struct opts *o, enum out_format fmt)
{
	cli_run_setup(t, o);
	if (fmt == OUT_FORMAT_GNUPLOT && o->plot)
		return emit_plot(t, o);
	if (fmt == OUT_FORMAT_NPY)
		return cli_emit_npy(t, o);
	return emit(t, o, o->output, fmt, NULL);
}

int cli_emit_png(struct table_src *t, const char *path, const struct png_opts *po)
{
	return emit(t, NULL, path, po->format == OUT_FORMAT_SVG || po->format == OUT_FORMAT_PDF
	            ? po->format : OUT_FORMAT_PNG, po);
}

int cli_check_png(const struct table_src *t, const struct opts *o)
{
	struct png_opts po = { 0 };
	struct out_err err;
	size_t width, height;
	double bytes;
	char what[96];

	po.raw = o->raw;
	po.scale = o->scale;
	po.max_size = o->max_size;
	po.font_size = o->font_size;
	po.lo = 0.0;
	po.hi = 1.0;
	if (png_plan(t, &po, &width, &height, &bytes, &err) != 0) {
		if (out_is_fault(&err)) {
			msg_error("%s", err.msg);
			return EXIT_RUNTIME;
		}
		msg_usage("%s", err.msg);
		return EXIT_USAGE;
	}
	snprintf(what, sizeof what, "a PNG of %zu x %zu pixels", width, height);
	return cli_check_memory(bytes, what, "lower --scale or --max-size, or --threads");
}

/* The code of each position, or with --of similarity the matrix of scores
 * between positions, with the metadata that says which. */
int cli_matrix_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd)
{
	struct out_err err;
	int rotary = (s->ops->traits & PE_TRAIT_ROTARY) != 0;

	memset(m, 0, sizeof *m);
	if (o->grid[0] || o->n_spans)
		return cli_points_source(t, m, o, s, cmd);
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
		if (o->all_heads && s->n_heads > 1)
			snprintf(m->title, sizeof m->title, "%s %s, heads 0..%zu side by side, n=%zu",
			         s->ops->name, s->bias_is_index ? "bucket" : "bias", s->n_heads - 1,
			         o->n_pos);
		else
			snprintf(m->title, sizeof m->title, "%s %s, head %zu, n=%zu", s->ops->name,
			         s->bias_is_index ? "bucket" : "bias", s->cfg.bias.head, o->n_pos);
		t->title = m->title;
		/* masked cells (NaN) are left blank by gnuplot */
		plot_desc_init(&m->plot, PLOT_MATRIX);
		m->plot.xlabel = o->all_heads && s->n_heads > 1 ? "key position n in each head, heads h0, h1, ... side by side"
		                                                 : "key position n";
		m->plot.ylabel = "query position m";
		m->plot.cblabel = s->bias_is_index ? "bucket" : "bias";
		t->plot = &m->plot;
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

	if (o->similarity)
		snprintf(m->title, sizeof m->title, "%s similarity (%s), d=%zu, n=%zu",
		         s->ops->name, o->cosine ? "cosine" : "dot", o->scheme.n_dim, o->n_pos);
	else if (pe_scheme_takes(s->ops, &pe_opt_layout))
		snprintf(m->title, sizeof m->title, "%s encoding, d=%zu, n=%zu, %s layout",
		         s->ops->name, o->scheme.n_dim, o->n_pos, opt_layout_name(o->scheme.layout));
	else if (rotary)
		snprintf(m->title, sizeof m->title, "%s %s table, d=%zu, R=%zu, n=%zu, scaling %s",
		         s->ops->name, opt_table_name(s->cfg.table), o->scheme.n_dim,
		         2 * s->n_freq, o->n_pos, opt_scaling_name(s->cfg.rope.scaling));
	else
		snprintf(m->title, sizeof m->title, "%s encoding, d=%zu, n=%zu",
		         s->ops->name, o->scheme.n_dim, o->n_pos);
	t->title = m->title;

	plot_desc_init(&m->plot, PLOT_MATRIX);
	if (o->similarity) {
		m->plot.xlabel = "key position n";
		m->plot.ylabel = "query position m";
		snprintf(m->cblabel, sizeof m->cblabel, "%s",
		         o->cosine ? "cosine similarity" : rotary ? "<R_m q, R_n k>, q = k = ones"
		                                          : "PE(m) . PE(n)");
	} else {
		static const char *const what[] = {
			[PE_TABLE_ANGLE] = "angle p theta_i (radians)",
			[PE_TABLE_COS] = "cos(p theta_i)",
			[PE_TABLE_SIN] = "sin(p theta_i)",
			[PE_TABLE_SCALE] = "xPos scale zeta_i^(p/B)",
		};
		m->plot.xlabel = rotary ? "frequency pair i" : "dimension";
		m->plot.ylabel = "position p";
		if (rotary && s->cfg.table < sizeof what / sizeof what[0] && what[s->cfg.table])
			snprintf(m->cblabel, sizeof m->cblabel, "%s%s",
			         (s->cfg.table == PE_TABLE_COS || s->cfg.table == PE_TABLE_SIN)
			         && s->attention_factor != 1.0 ? "attention factor x " : "",
			         what[s->cfg.table]);
		else
			snprintf(m->cblabel, sizeof m->cblabel, "%s", "value");
	}
	m->plot.cblabel = m->cblabel;
	t->plot = &m->plot;
	return EXIT_OK;
}

void cli_scheme_caption(char *buf, size_t cap, const struct opts *o,
                        const struct pe_scheme *s)
{
	const struct pe_rope_cfg *r = &s->cfg.rope;
	char base[FMT_BUF], factor[FMT_BUF];
	size_t len;

	if (!s->ops->bias && !pe_scheme_takes(s->ops, &pe_opt_base)) {   /* no frequencies */
		len = (size_t)snprintf(buf, cap, "%s, d=%zu", s->ops->name, o->scheme.n_dim);
		if (len < cap)   /* and its own switches that are on (nope's temperature) */
			opt_own_switches(buf + len, cap - len, s->ops, &s->cfg);
		return;
	}
	if (s->ops->bias) {   /* no dimension, no base */
		const struct pe_bias_cfg *b = &s->cfg.bias;

		len = 0;
		if (s->ops->traits & PE_TRAIT_BUCKETS)
			len = (size_t)snprintf(buf, cap, "t5, %d buckets, max distance %d%s",
			                       b->n_buckets, b->max_distance,
			                       b->bidirectional ? ", bidirectional" : "");
		else
			len = (size_t)snprintf(buf, cap, "%s", s->ops->name);
		if (len >= cap || s->bias_is_index)   /* a bucket is the same in every head */
			return;
		if (o->all_heads && s->n_heads > 1)
			snprintf(buf + len, cap - len, ", %zu heads", s->n_heads);
		else
			snprintf(buf + len, cap - len, ", head %zu of %zu", b->head, s->n_heads);
		return;
	}
	fmt_double(base, s->cfg.base, 0);
	snprintf(buf, cap, "%s, d=%zu, base=%s", s->ops->name, o->scheme.n_dim, base);
	if (!(s->ops->traits & PE_TRAIT_ROTARY))
		return;
	len = strlen(buf);
	if (2 * s->n_freq != o->scheme.n_dim && len < cap)
		len += (size_t)snprintf(buf + len, cap - len, ", R=%zu", 2 * s->n_freq);
	if (r->scaling != PE_ROPE_SCALING_NONE && len < cap) {
		int n = snprintf(buf + len, cap - len, ", %s", opt_scaling_name(r->scaling));
		len += n > 0 ? (size_t)n : 0;
		if (!isnan(r->factor) && len < cap) {
			fmt_double(factor, r->factor, 0);
			snprintf(buf + len, cap - len, " x%s", factor);
		}
	}
}

void cli_matrix_free(struct cli_matrix *m)
{
	src_points_free(&m->points);
	pe_points_free(&m->pts);
	src_matrix_free(&m->code);
	src_similarity_free(&m->sim);
	src_bias_free(&m->bias);
	src_group_scale_free(&m->heads);
}

/* A format that draws the matrix: the heatmap's, matrix's gnuplot image. */
static int is_figure(enum out_format fmt)
{
	return fmt == OUT_FORMAT_PNG || fmt == OUT_FORMAT_SVG || fmt == OUT_FORMAT_PDF
	       || fmt == OUT_FORMAT_GNUPLOT;
}

int cli_head_scale(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                   enum out_format fmt)
{
	int given = opt_given(o, &cli_opt_head_scale);
	int heads = o->all_heads && t->col_group > 0 && !o->grid[0] && !o->n_spans;
	size_t len = strlen(m->title);
	struct out_err err;

	if (given && (!heads || !is_figure(fmt))) {
		msg_usage("option '--head-scale' colours the heads of a bias drawn side by side: "
		          "use it with --scheme alibi or t5, without --head, and a figure");
		return EXIT_USAGE;
	}
	if (given && o->head_each && o->has_range) {
		msg_usage("options '--head-scale each' and '--range' cannot be combined: "
		          "--range colours every head alike");
		return EXIT_USAGE;
	}
	if (!heads || !o->head_each || o->has_range || !is_figure(fmt))
		return EXIT_OK;
	m->inner = *t;
	if (src_group_scale_init(t, &m->heads, &m->inner, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	snprintf(m->title + len, sizeof m->title - len, ", each head its own colours");
	m->plot.cblabel = "each head from its lowest (0) to its highest (1)";
	return EXIT_OK;
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
	{ "json", OUT_FORMAT_JSON },
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
	{ "json", OUT_FORMAT_JSON },
	{ NULL, OUT_FORMAT_CSV }
};

const struct opt_format cli_figure_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ "gnuplot", OUT_FORMAT_GNUPLOT },
	{ "json", OUT_FORMAT_JSON },
	{ NULL, OUT_FORMAT_CSV }
};

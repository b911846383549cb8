/*
 * gnuplot.c - a table source as a self-contained gnuplot script, and gnuplot
 * run on it through a pipe.
 *
 * The script, in this order (gnuplot 5.0 or later):
 *
 *   # comments: how to run it, the command line, every metadata line
 *   the terminal, with --plot; else a text plot where gnuplot has none
 *   (gnuplot-nox), so that '| gnuplot -p' and '| gnuplot -' draw anywhere
 *   $data << EOD          the rows inline, written as they are computed:
 *   ...                   curve:  CSV with its header row (as 'pecli ...
 *   EOD                           --format csv' without the metadata)
 *                         matrix: the data columns only, space-separated
 *   set title / xlabel / ylabel / logscale / ranges / palette
 *   plot $data ...
 *
 * With go->aggregate W, a curve's datablock holds only the rows M4 keeps
 * for a plot W columns wide (m4.c), between a comment that says so and
 * one that counts them ("# M4: 1000001 rows became 3757").  With
 * go->px_width (--plot -o FILE.png) the script fixes the frame's left and
 * right edges and M4 runs over the frame's own pixel columns, so that the
 * kept rows draw the picture every row draws.
 *
 * Settings come after the datablock so that those that depend on the data
 * (the symmetric colour range of a signed matrix) are known by then without
 * holding the matrix: memory is O(n_cols), as for every writer.  Text goes
 * into single-quoted gnuplot strings with 'noenhanced', so that names such
 * as inv_freq are not read as subscripts.
 *
 * gnuplot_run starts the program with posix_spawnp (so a missing program is
 * reported as such), lets a child process write the script into its
 * standard input while it copies gnuplot's output into the caller's FILE
 * (gnuplot itself exits 0 on a full disk; pecli sees the write fail), and
 * waits for both.  A gnuplot that stops reading is a gnuplot failure,
 * reported from its exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "write/colormap.h"
#include "write/figure.h"
#include "write/write.h"

extern char **environ;

#define M4_TEXT_MAX 256   /* longest text cell of an aggregated curve */

/* A script without a terminal of its own ('gnuplot -p', 'gnuplot -') draws
 * on gnuplot's default one; where that is 'unknown' (gnuplot-nox, or no
 * display) gnuplot would draw nothing but a warning, so it gets a text
 * plot instead.  A terminal set before the script (a file) is kept. */
#define NO_DISPLAY \
	"# no display (gnuplot-nox): a text plot, not nothing; for a file, set the\n" \
	"# terminal first: { echo 'set terminal pngcairo'; cat FILE; } | gnuplot - > f.png\n" \
	"if (GPVAL_TERM eq 'unknown') {\n    set terminal dumb\n}\n"

/* ---- the script ---- */

/* A comment line: "# " text, line breaks made spaces so that nothing in a
 * value (a file name) can end the comment and become a command. */
static int put_comment(FILE *fp, const char *key, const char *text)
{
	if (fputs("# ", fp) == EOF)
		return -1;
	if (key && fprintf(fp, "%s: ", key) < 0)
		return -1;
	for (const char *c = text; *c; c++)
		if (putc(*c == '\n' || *c == '\r' ? ' ' : *c, fp) == EOF)
			return -1;
	return putc('\n', fp) == EOF ? -1 : 0;
}

/* A single-quoted gnuplot string: '' stands for ', line breaks become
 * spaces (a string cannot span lines). */
static int put_quoted(FILE *fp, const char *text)
{
	if (putc('\'', fp) == EOF)
		return -1;
	for (const char *c = text; *c; c++) {
		if (*c == '\'' && putc('\'', fp) == EOF)
			return -1;
		if (putc(*c == '\n' || *c == '\r' ? ' ' : *c, fp) == EOF)
			return -1;
	}
	return putc('\'', fp) == EOF ? -1 : 0;
}

/* "set WHAT 'text' noenhanced", when text is set. */
static int put_label(FILE *fp, const char *what, const char *text)
{
	if (!text)
		return 0;
	if (fprintf(fp, "set %s ", what) < 0 || put_quoted(fp, text) != 0)
		return -1;
	/* the colour bar's label is rotated at the right edge: one character
	 * in, so that its descenders are not cut off */
	if (strcmp(what, "cblabel") == 0 && fputs(" offset -1, 0", fp) == EOF)
		return -1;
	return fputs(" noenhanced\n", fp) == EOF ? -1 : 0;
}

static int put_num(FILE *fp, double x)
{
	char num[FMT_BUF];

	fmt_double(num, x, 0);
	return fputs(num, fp) == EOF ? -1 : 0;
}

/* The colour map as a gnuplot palette: 33 evenly spaced entries of the
 * 256 (every 8th, and the last), which gnuplot interpolates linearly; the
 * tables are smooth, so the largest difference from the full table is a
 * unit or two of 255. */
#define PALETTE_KNOTS 33

static int put_palette(FILE *fp, const char *name)
{
	const struct colormap *cm = colormap_find(name);

	if (!cm)
		return 0;  /* gnuplot's default palette */
	if (fprintf(fp, "# palette: matplotlib's %s, every 8th of its 256 entries\n"
	                "set palette defined (", name) < 0)
		return -1;
	for (int k = 0; k < PALETTE_KNOTS; k++) {
		int i = k == PALETTE_KNOTS - 1 ? 255 : 8 * k;
		const unsigned char *c = cm->rgb[i];
		if (fprintf(fp, "%s%d '#%02x%02x%02x'", k ? ", " : "", i, c[0], c[1], c[2]) < 0)
			return -1;
	}
	return fputs(")\n", fp) == EOF ? -1 : 0;
}

/* Columns in groups side by side (heads): an x tic at each group's first
 * column, named h0, h1, ... (every 2nd, 5th, 10th, ... group beyond 16). */
static int put_group_tics(FILE *fp, const struct table_src *t)
{
	size_t g = t->col_group, n_g = g ? (t->n_cols - t->n_index) / g : 0, every;

	if (n_g < 2)
		return 0;
	every = fig_group_every(n_g, 1.0, 0.0, 16);
	if (fputs("set xtics (", fp) == EOF)
		return -1;
	for (size_t h = 0; h < n_g; h += every)
		if (fprintf(fp, "%s'h%zu' %zu", h ? ", " : "", h, h * g) < 0)
			return -1;
	return fputs(")\n", fp) == EOF ? -1 : 0;
}

/*
 * The colour range and map of a matrix by colormap_rule, as heatmap draws
 * them: the range of --range, else the table's closed form, else the data's
 * [lo, hi] (known once the datablock is written); --colormap replaces the
 * map.  A range of one value (or none) is widened by 1 each way, which
 * gnuplot needs for a colour bar.
 */
static int put_colours(FILE *fp, const struct table_src *t, const struct gnuplot_opts *go,
                       double lo, double hi)
{
	const char *map;

	if (go->has_range) {
		lo = go->lo;
		hi = go->hi;
	} else if (t->has_range) {
		lo = t->lo;
		hi = t->hi;
	}
	if (isnan(lo) || isnan(hi))
		lo = hi = 0.0;
	if (!(hi > lo)) {
		lo -= 1.0;
		hi += 1.0;
	}
	map = colormap_rule(&lo, &hi, go->has_range);
	if (fputs("set cbrange [", fp) == EOF || put_num(fp, lo) != 0
	    || putc(':', fp) == EOF || put_num(fp, hi) != 0 || fputs("]\n", fp) == EOF)
		return -1;
	return put_palette(fp, go->colormap ? go->colormap : map);
}

static int write_failed(struct out_err *err)
{
	return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
}

/*
 * The data columns of every row, space-separated; the smallest and largest
 * finite value into *lo and *hi (for the colour rule; NaN when none) and the
 * number of cells without a finite value (a masked bias) into *n_blank.  Those are
 * written Inf: gnuplot's matrix reader takes it as a number, where NaN
 * draws a warning, and the plot command turns it into a blank cell.
 */
static int put_matrix_rows(FILE *fp, struct table_src *t, int digits, double *lo,
                           double *hi, size_t *n_blank, struct out_err *err)
{
	size_t n_data = t->n_cols - t->n_index;
	double *row = malloc(t->n_cols * sizeof *row);
	char *line = malloc(n_data * (FMT_BUF + 1) + 1);
	int rc = -1;

	*lo = *hi = NAN;
	*n_blank = 0;
	if (!row || !line) {
		out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
		goto out;
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		char *q = line;

		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = t->n_index; j < t->n_cols; j++) {
			if (!isfinite(row[j])) {
				memcpy(q, "Inf", 3);
				q += 3;
				(*n_blank)++;
				*q++ = j + 1 < t->n_cols ? ' ' : '\n';
				continue;
			}
			if (!(row[j] >= *lo))   /* NaN at first */
				*lo = row[j];
			if (!(row[j] <= *hi))
				*hi = row[j];
			q += fmt_double(q, row[j], digits);
			*q++ = j + 1 < t->n_cols ? ' ' : '\n';
		}
		if (fwrite(line, 1, (size_t)(q - line), fp) != (size_t)(q - line)) {
			write_failed(err);
			goto out;
		}
	}
	rc = 0;
out:
	free(row);
	free(line);
	return rc;
}

/* ---- a curve's rows: every one, or those M4 keeps ---- */

struct m4_out {
	FILE *fp;
	const struct table_src *t;
	int digits;
	char *line;          /* a row as text */
};

/* Row i as a CSV line (the bytes write_rows gives it). */
static int put_kept_row(void *ctx, size_t i, const double *row, struct out_err *err)
{
	struct m4_out *o = ctx;
	const struct table_src *t = o->t;
	char *q = o->line;

	for (size_t j = 0; j < t->n_cols; j++) {
		const char *text = t->cell_text ? t->cell_text(t->ctx, i, j, row) : NULL;

		if (text) {
			/* names and yes / no: quoted only if they hold a comma */
			int quote = strpbrk(text, ",\"\n") != NULL;
			size_t len = strnlen(text, M4_TEXT_MAX);

			if (quote)
				*q++ = '"';
			for (size_t k = 0; k < len; k++) {
				if (text[k] == '"')
					*q++ = '"';
				*q++ = text[k];
			}
			if (quote)
				*q++ = '"';
		} else {
			q += fmt_double(q, row[j], j < t->n_index ? 0 : o->digits);
		}
		*q++ = j + 1 < t->n_cols ? ',' : '\n';
	}
	if (fwrite(o->line, 1, (size_t)(q - o->line), o->fp) != (size_t)(q - o->line))
		return write_failed(err);
	return 0;
}

/*
 * The datablock of a curve, the header row and every row (write_rows), or with
 * go->aggregate those M4 keeps for a plot that many columns wide (m4.c),
 * said in comments around the datablock (comments inside it would be
 * data).
 */
static int put_curve_rows(FILE *fp, struct table_src *t, const struct plot_desc *pd,
                          const struct gnuplot_opts *go, struct out_err *err)
{
	struct m4_out o = { fp, t, go->digits, NULL };
	struct m4_sink sink = { put_kept_row, &o };
	struct m4_stats st;
	size_t n_px = go->px_width ? gnuplot_frame_px(go->px_width) : 0;
	int rc;

	if (n_px) {
		/* the frame where M4's columns are: its pixels known */
		if (fprintf(fp, "set lmargin at screen %g\nset rmargin at screen %g\n",
		            GNUPLOT_MARGIN_L, GNUPLOT_MARGIN_R) < 0)
			return write_failed(err);
	}
	if (!go->aggregate && !n_px) {
		if (fputs("$data << EOD\n", fp) == EOF)
			return write_failed(err);
		if (write_rows(fp, t, ',', go->digits, err) != 0)
			return -1;
		return fputs("EOD\n", fp) == EOF ? write_failed(err) : 0;
	}
	if (fprintf(fp, "# M4 aggregation (Jugel et al., VLDB 2014): of each of %zu %scolumns of\n"
	                "# the %s, the first, last, smallest and largest row of each curve\n"
	                "$data << EOD\n", n_px ? n_px : go->aggregate, n_px ? "pixel " : "",
	            n_px ? "plot's frame" : "x range") < 0)
		return write_failed(err);
	for (size_t j = 0; j < t->n_cols; j++)
		if (fputs(t->col_names[j], fp) == EOF || putc(j + 1 < t->n_cols ? ',' : '\n', fp) == EOF)
			return write_failed(err);
	o.line = malloc(t->n_cols * (2 * M4_TEXT_MAX + 2 + FMT_BUF + 1) + 1);
	if (!o.line)
		return out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
	rc = n_px ? m4_pixels(t, pd, n_px, &sink, &st, err)
	          : m4_rows(t, pd, go->aggregate, &sink, &st, err);
	free(o.line);
	if (rc != 0)
		return -1;
	if (fprintf(fp, "EOD\n# M4: %zu rows became %zu\n", st.n_in, st.n_out) < 0)
		return write_failed(err);
	return 0;
}

size_t gnuplot_frame_px(size_t px_width)
{
	/* float, as gnuplot computes it; px_width >= 2 */
	float xmax = (float)(px_width > 1 ? px_width - 1 : 1);
	int left = (int)((float)GNUPLOT_MARGIN_L * xmax + 0.5f);
	int right = (int)((float)GNUPLOT_MARGIN_R * xmax + 0.5f);

	return right > left ? (size_t)(right - left) + 1 : 0;
}

static int put_refs(FILE *fp, const struct plot_desc *pd)
{
	for (size_t k = 0; k < pd->n_refs; k++) {
		const struct plot_ref *r = &pd->refs[k];
		char at[FMT_BUF];

		fmt_double(at, r->at, 0);
		if (r->axis == 'x') {
			if (fprintf(fp, "set arrow from %s, graph 0 to %s, graph 1 nohead dt 2 lc rgb 'gray40'\n"
			                "set label ", at, at) < 0
			    || put_quoted(fp, r->label) != 0
			    || fprintf(fp, " at %s, graph 0.96 offset 0.5, 0 noenhanced front\n", at) < 0)
				return -1;
		} else {
			if (fprintf(fp, "set arrow from graph 0, first %s to graph 1, first %s nohead dt 2 lc rgb 'gray40'\n"
			                "set label ", at, at) < 0
			    || put_quoted(fp, r->label) != 0
			    || fprintf(fp, " at graph 0.02, first %s offset 0, 0.6 noenhanced front\n", at) < 0)
				return -1;
		}
	}
	return 0;
}

/* A right-hand axis for the series that ask for one (y2), with its own
 * tics and label; the left axis's tics then stay on the left. */
static int put_y2(FILE *fp, const struct plot_desc *pd)
{
	int any = 0;

	for (size_t k = 0; k < pd->n_series; k++)
		any |= pd->series[k].y2;
	if (!any)
		return 0;
	if (fputs("set ytics nomirror\nset y2tics\n", fp) == EOF
	    || (pd->log_y && fputs("set logscale y2\nset format y2 '%g'\n", fp) == EOF))
		return -1;
	return put_label(fp, "y2label", pd->y2label);
}

static int put_curve_plot(FILE *fp, const struct table_src *t, const struct plot_desc *pd)
{
	const char *with = pd->points ? "linespoints pt 7 ps 0.6" : "lines";
	size_t x = pd->x_col + 1;   /* gnuplot counts columns from 1 */
	size_t n = 0;

	if (pd->all_from) {
		/* one line per column, titled by its name while the key can
		 * hold them */
		size_t n_lines = t->n_cols - pd->all_from;
		if (fprintf(fp, "plot for [c = %zu:%zu] $data using %zu:c with %s lw 2 %s\n",
		            pd->all_from + 1, t->n_cols, x, with,
		            n_lines <= PLOT_SERIES_MAX ? "title columnhead(c) noenhanced"
		                                       : "notitle") < 0)
			return -1;
		return 0;
	}
	if (fputs("plot", fp) == EOF)
		return -1;
	/* baselines last, so that the curves that meet them do not hide them */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < pd->n_series; k++) {
			const struct plot_series *s = &pd->series[k];
			const char *title = s->title ? s->title : t->col_names[s->col];
			char style[64];

			if (!s->baseline != !pass)
				continue;
			if (s->baseline)
				snprintf(style, sizeof style, "lw 2 lc rgb 'black' dt 2");
			else
				snprintf(style, sizeof style, "lw 2 lt %zu", k + 1);
			if (s->err_col != PLOT_NONE) {
				char band[128];

				/* the band first, under its line */
				snprintf(band, sizeof band, "%s +- %s", title, t->col_names[s->err_col]);
				if (fprintf(fp, "%s $data using %zu:(column(%zu) - column(%zu)):(column(%zu) + column(%zu)) "
				                "with filledcurves fs transparent solid 0.25 noborder lt %zu title ",
				            n++ ? ", \\\n    " : "", x, s->col + 1, s->err_col + 1, s->col + 1,
				            s->err_col + 1, k + 1) < 0
				    || put_quoted(fp, band) != 0 || fputs(" noenhanced", fp) == EOF)
					return -1;
			}
			if (fprintf(fp, "%s $data using %zu:%zu%s with %s %s title ",
			            n++ ? ", \\\n    " : "", x, s->col + 1, s->y2 ? " axes x1y2" : "",
			            with, style) < 0
			    || put_quoted(fp, title) != 0 || fputs(" noenhanced", fp) == EOF)
				return -1;
		}
	return fputs("\n", fp) == EOF ? -1 : 0;
}

int write_gnuplot(FILE *fp, struct table_src *t, const struct gnuplot_opts *go,
                  struct out_err *err)
{
	const struct plot_desc *pd = t->plot;
	const char *title = pd && pd->title ? pd->title : t->title;
	double lo = NAN, hi = NAN;
	size_t n_blank = 0;

	if (!pd || (pd->kind == PLOT_CURVE && pd->n_series == 0
	            && !(pd->all_from && pd->all_from < t->n_cols)))
		return out_fail(err, "this table is not a figure: no gnuplot script");
	errno = 0;
	if (put_comment(fp, NULL, "gnuplot script written by pecli: run 'gnuplot -p FILE', "
	                          "or pipe it into 'gnuplot -p'") != 0
	    || (go->command && put_comment(fp, "made by", go->command) != 0))
		return write_failed(err);
	for (size_t k = 0; k < t->n_meta; k++)
		if (put_comment(fp, t->meta[k].key, t->meta[k].value) != 0)
			return write_failed(err);
	if (go->terminal ? fprintf(fp, "%s\n", go->terminal) < 0
	                 : fputs(NO_DISPLAY, fp) == EOF)
		return write_failed(err);

	/* the data */
	if (pd->kind == PLOT_CURVE) {
		if (fputs("set datafile separator comma\n"
		          "set datafile columnheaders\n", fp) == EOF)
			return write_failed(err);
		if (put_curve_rows(fp, t, pd, go, err) != 0)
			return -1;
	} else {
		if (fprintf(fp, "# %zu rows (%s), %zu columns (%s .. %s)\n$data << EOD\n",
		            t->n_rows, t->n_index ? t->col_names[0] : "row",
		            t->n_cols - t->n_index, t->col_names[t->n_index],
		            t->col_names[t->n_cols - 1]) < 0)
			return write_failed(err);
		if (put_matrix_rows(fp, t, go->digits, &lo, &hi, &n_blank, err) != 0)
			return -1;
		if (fputs("EOD\n", fp) == EOF)
			return write_failed(err);
	}

	/* the frame */
	if (put_label(fp, "title", title) != 0 || put_label(fp, "xlabel", pd->xlabel) != 0
	    || put_label(fp, "ylabel", pd->ylabel) != 0
	    || fputs("set key noenhanced\n", fp) == EOF)
		return write_failed(err);
	if (pd->kind == PLOT_CURVE) {
		/* a grid helps on paper, but fills a text plot with dots */
		if (fprintf(fp, "if (GPVAL_TERM ne 'dumb') {\n    set grid\n}\n"
		                "set autoscale xfix\n%s%s%s",
		            pd->key_bottom_left ? "set key bottom left\n" : "",
		            pd->log_x ? "set logscale x\nset format x '%g'\n" : "",
		            pd->log_y ? "set logscale y\nset format y '%g'\n" : "") < 0
		    || put_y2(fp, pd) != 0 || put_refs(fp, pd) != 0 || put_curve_plot(fp, t, pd) != 0)
			return write_failed(err);
		return 0;
	}
	if (put_label(fp, "cblabel", pd->cblabel) != 0
	    || fprintf(fp, "set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n"
	                   "set tics out\n",
	               t->n_cols - t->n_index - 1, t->n_rows - 1) < 0
	    || put_group_tics(fp, t) != 0)
		return write_failed(err);
	if (put_colours(fp, t, go, lo, hi) != 0)
		return write_failed(err);
	/* Inf * 0 is NaN, which the image leaves blank */
	if (n_blank ? fprintf(fp, "# %zu cells have no finite value (masked): written Inf, drawn blank\n"
	                          "plot $data matrix using 1:2:($3 * 0 == 0 ? $3 : NaN) with image notitle\n",
	                      n_blank) < 0
	            : fputs("plot $data matrix using 1:2:3 with image notitle\n", fp) == EOF)
		return write_failed(err);
	return 0;
}

/* ---- running gnuplot ---- */

/* The writer: a child process that writes the script into gnuplot's
 * standard input (fd) while the parent copies gnuplot's output, so that
 * neither side can fill a pipe the other is not reading.  A failure is the
 * message on msg_fd and exit status 1. */
static void run_writer(int fd, int msg_fd, struct table_src *t,
                       const struct gnuplot_opts *go)
{
	struct out_err werr;
	FILE *fp = fdopen(fd, "w");
	int rc;

	/* a gnuplot that stops reading is reported from its own status */
	signal(SIGPIPE, SIG_IGN);
	/* one thread in the forked writer: OpenMP (libgomp) hangs in a child
	 * whose parent has run a parallel region, so none is started here */
	t->n_threads = 1;
	if (!fp) {
		rc = out_fail(&werr, "cannot write to gnuplot: %s", strerror(errno));
	} else {
		rc = write_gnuplot(fp, t, go, &werr);
		if (fclose(fp) != 0 && rc == 0)
			rc = out_fail(&werr, "write error: %s", strerror(errno));
	}
	if (rc != 0 && write(msg_fd, werr.msg, strlen(werr.msg)) < 0)
		rc = -1;  /* the status still says it failed */
	_exit(rc == 0 ? 0 : 1);
}

static void close_pair(int *fds)
{
	for (int k = 0; k < 2; k++)
		if (fds[k] >= 0) {
			close(fds[k]);
			fds[k] = -1;
		}
}

static void wait_for(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR) {
			*status = 0;
			return;
		}
}

int gnuplot_run(const char *prog, const char *origin, FILE *out, struct table_src *t,
                const struct gnuplot_opts *go, struct out_err *err)
{
	char *argv[] = { (char *)prog, NULL };
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, res[2] = { -1, -1 }, msg[2] = { -1, -1 };
	int st, gp_status, wr_status, out_errno = 0;
	pid_t gp, wr;
	char buf[1 << 16], wmsg[sizeof err->msg];
	ssize_t n;

	if (pipe(in) != 0 || pipe(res) != 0 || pipe(msg) != 0) {
		st = errno;
		close_pair(in);
		close_pair(res);
		return out_fail(err, "cannot start gnuplot: %s", strerror(st));
	}
	/* the children inherit only what each needs */
	for (int k = 0; k < 2; k++) {
		fcntl(in[k], F_SETFD, FD_CLOEXEC);
		fcntl(res[k], F_SETFD, FD_CLOEXEC);
		fcntl(msg[k], F_SETFD, FD_CLOEXEC);
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		st = ENOMEM;
		goto spawn_failed;
	}
	posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, res[1], STDOUT_FILENO);
	st = posix_spawnp(&gp, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (st != 0) {
spawn_failed:
		close_pair(in);
		close_pair(res);
		close_pair(msg);
		if (st == ENOENT && !origin)
			return out_fail(err, "gnuplot not found: install the gnuplot-nox package "
			                     "(apt-get install gnuplot-nox)");
		if (st == ENOENT)
			return out_fail(err, "gnuplot not found: '%s' (from %s): %s", prog, origin,
			                strerror(st));
		return out_fail(err, "cannot run '%s': %s", prog, strerror(st));
	}
	close(in[0]);
	close(res[1]);
	in[0] = res[1] = -1;

	/* nothing of ours may be written twice by the writer */
	fflush(NULL);
	wr = fork();
	if (wr == 0) {
		close(res[0]);
		close(msg[0]);
		run_writer(in[1], msg[1], t, go);
	}
	st = wr < 0 ? errno : 0;
	close_pair(in);
	close(msg[1]);
	msg[1] = -1;

	/* gnuplot's output into out; after a write error, drained so that
	 * gnuplot can finish and say how it went */
	while ((n = read(res[0], buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			out_errno = errno;
			break;
		}
		if (!out_errno && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			out_errno = errno ? errno : EIO;
	}
	close_pair(res);
	n = wr < 0 ? 0 : read(msg[0], wmsg, sizeof wmsg - 1);
	wmsg[n > 0 ? n : 0] = '\0';
	close_pair(msg);
	wait_for(gp, &gp_status);
	if (wr > 0)
		wait_for(wr, &wr_status);

	/* gnuplot's failure explains a broken pipe; then the script's, then ours */
	if (WIFSIGNALED(gp_status))
		return out_fail(err, "gnuplot failed: killed by signal %d", WTERMSIG(gp_status));
	if (WEXITSTATUS(gp_status) != 0)
		return out_fail(err, "gnuplot failed: exit status %d", WEXITSTATUS(gp_status));
	if (wr < 0)
		return out_fail(err, "cannot write to gnuplot: %s", strerror(st));
	if (!WIFEXITED(wr_status) || WEXITSTATUS(wr_status) != 0)
		return out_fail(err, "%s", wmsg[0] ? wmsg : "cannot write the gnuplot script");
	if (out_errno)
		return out_fail(err, "write error: %s", strerror(out_errno));
	return 0;
}

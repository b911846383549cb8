/*
 * points.c - matrix and heatmap over the points of --grid (the patches of
 * an image or a video) or --tokens (a sequence of text and images, placed
 * as Qwen2-VL places them): the code at each point, the scores between
 * points, or with --query the scores of one patch (or of each) to every
 * patch, laid out as the grid.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int cli_points(struct pe_points *pts, const struct opts *o, const struct pe_scheme *s)
{
	const struct pe_opt *row = o->grid[0] ? &cli_opt_grid : &cli_opt_tokens;
	enum pe_status st;

	memset(pts, 0, sizeof *pts);
	if (o->grid[0] && o->n_spans) {
		msg_usage("--grid and --tokens both give the positions: give one");
		return EXIT_USAGE;
	}
	if (o->grid[0] > 1 && s->n_axes == 2) {
		msg_usage("invalid value '%s' for --grid: the %s scheme has two axes (h, w): expected HxW",
		          opt_arg(o, &cli_opt_grid), s->ops->name);
		return EXIT_USAGE;
	}
	st = o->grid[0] ? pe_points_grid(pts, o->grid[0], o->grid[1], o->grid[2])
	                : pe_points_tokens(pts, o->spans, o->n_spans);
	if (st == PE_ENOMEM) {
		msg_error("out of memory for the points of --%s %s", row->name, opt_arg(o, row));
		return EXIT_RUNTIME;
	}
	if (st != PE_OK) {
		msg_usage("invalid value '%s' for --%s: more than %u points", opt_arg(o, row),
		          row->name, PE_POINTS_MAX);
		return EXIT_USAGE;
	}
	/* a table of one axis: point k is its row k */
	if (!s->ops->row_at && s->cfg.learned && pts->n > s->cfg.learned->n_pos) {
		msg_usage("invalid value '%s' for --%s: %zu points, but the table has %zu positions",
		          opt_arg(o, row), row->name, pts->n, s->cfg.learned->n_pos);
		pe_points_free(pts);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* --query: a patch of a 2-D grid, or all; an exit status. */
static int check_query(const struct opts *o)
{
	if (!o->has_query)
		return EXIT_OK;
	if (!o->grid[0] || o->grid[0] > 1) {
		msg_usage("--query needs a 2-D --grid HxW");
		return EXIT_USAGE;
	}
	if (!o->query_all && (o->query_h >= o->grid[1] || o->query_w >= o->grid[2])) {
		msg_usage("invalid value '%s' for --query: the grid has rows 0..%zu and columns 0..%zu",
		          opt_arg(o, &cli_opt_query), o->grid[1] - 1, o->grid[2] - 1);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void points_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s)
{
	if (o->grid[0])
		table_meta_add(t, "grid", "%s (t, h, w in raster order)", opt_arg(o, &cli_opt_grid));
	else
		table_meta_add(t, "tokens", "%s (positions as Qwen2-VL's get_rope_index numbers them)",
		               opt_arg(o, &cli_opt_tokens));
	if (!s->ops->row_at)
		table_meta_add(t, "positions", "%s has one axis: point k is at position k",
		               s->ops->name);
	if (o->has_query && o->query_all)
		table_meta_add(t, "query", "every patch: block (h, w) holds its scores, blank lines between");
	else if (o->has_query)
		table_meta_add(t, "query", "patch at row %zu, column %zu", o->query_h, o->query_w);
}

int cli_points_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd)
{
	enum src_points_what what = !o->similarity ? SRC_POINTS_CODE
	                          : !o->has_query ? SRC_POINTS_SIMILARITY
	                          : o->query_all ? SRC_POINTS_QUERY_ALL : SRC_POINTS_QUERY;
	size_t H = o->grid[1], W = o->grid[2];
	struct out_err err;
	double rows, cols;
	int rc;

	if (s->ops->bias) {
		msg_usage("--%s: the %s scheme is a bias between positions, not a code at a point",
		          o->grid[0] ? "grid" : "tokens", s->ops->name);
		return EXIT_USAGE;
	}
	if (opt_given(o, &cli_opt_n)) {
		msg_usage("--n and --%s both give the positions: give one",
		          o->grid[0] ? "grid" : "tokens");
		return EXIT_USAGE;
	}
	rc = check_query(o);
	if (rc == EXIT_OK)
		rc = cli_points(&m->pts, o, s);
	if (rc != EXIT_OK)
		return rc;
	rows = what == SRC_POINTS_QUERY_ALL ? (double)H * (double)(H + 1) : what == SRC_POINTS_QUERY
	       ? (double)H : (double)m->pts.n;
	cols = what == SRC_POINTS_QUERY_ALL ? (double)W * (double)(W + 1) : what == SRC_POINTS_QUERY
	       ? (double)W : 4.0 + (what == SRC_POINTS_CODE ? (double)s->n_row : (double)m->pts.n);
	if (cli_check_cells(rows, cols, o->grid[0] ? "a smaller --grid" : "fewer --tokens") != EXIT_OK)
		return EXIT_USAGE;
	if (src_points_init(t, &m->points, s, &m->pts, what, o->query_h * W + o->query_w,
	                    o->cosine, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	opt_meta(t, o, s, cmd);
	points_meta(t, o, s);
	if (o->similarity)
		table_meta_add(t, "of", "similarity, metric %s", o->cosine ? "cosine" : "dot");
	snprintf(m->title, sizeof m->title, "%s %s, d=%zu, %s %s", s->ops->name,
	         o->similarity ? (o->cosine ? "similarity (cosine)" : "similarity (dot)") : "encoding",
	         o->scheme.n_dim, o->grid[0] ? "grid" : "tokens",
	         opt_arg(o, o->grid[0] ? &cli_opt_grid : &cli_opt_tokens));
	t->title = m->title;
	plot_desc_init(&m->plot, PLOT_MATRIX);
	m->plot.xlabel = t->col_axis;
	m->plot.ylabel = t->row_axis;
	snprintf(m->cblabel, sizeof m->cblabel, "%s", o->similarity ? (o->cosine ? "cosine similarity"
	         : "score") : "value");
	m->plot.cblabel = m->cblabel;
	t->plot = &m->plot;
	return EXIT_OK;
}

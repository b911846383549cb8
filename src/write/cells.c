/*
 * cells.c - the plot of a heatmap: the table's rows pulled, averaged in
 * blocks and coloured, one plot row at a time, on the table's worker
 * threads a pass of rows at a time (see figure.h); the colour map's
 * palette, and the figure's layout from the writer's options.
 *
 * Each cell is kx x ky pixels, and a table wider or taller than the
 * largest side is shown as the means of blocks of cells, NaN cells left
 * out (a block of NaN only is masked).  A value v becomes the palette
 * entry of colormap_index(v, lo, hi), matplotlib's rule.  Memory: a pass
 * of plot rows, O(width).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "write/colormap.h"
#include "write/figure.h"
#include "write/write.h"

/* ---- a pass of plot rows ---- */

/* One worker's buffers, and the first row it could not fill. */
struct cell_part {
	double *row;          /* [n_cols] a source row */
	double *sum;          /* [f->cols] sums of a block row's cells */
	size_t *count;        /* [f->cols] how many of them are not NaN */
	size_t fail;          /* the plot row that failed, or SIZE_MAX */
	struct out_err err;
};

/* The state of one write: the source, the layout, the plot rows of a pass
 * (computed on every worker at once, then compressed in order). */
struct cell_job {
	struct table_src *t;
	const struct figure *f;
	const unsigned char *level;
	unsigned char mask;   /* the palette entry of a masked cell */
	double lo, hi;
	struct cell_part *part;   /* [workers] */
	unsigned char *plot;     /* [per_pass][f->plot_w] the plot's pixel rows */
	size_t r0, n_plot;       /* the plot rows held: r0 .. r0 + n_plot - 1 */
};

/* Plot row r into px: rows r by .. r by + by - 1 of the source, averaged
 * in blocks of bx columns and widened to kx pixels a cell. */
static int plot_row(const struct cell_job *j, struct cell_part *p, size_t r,
                    unsigned char *px)
{
	const struct figure *f = j->f;
	struct table_src *t = j->t;
	size_t i_end = (r + 1) * f->by < t->n_rows ? (r + 1) * f->by : t->n_rows;

	memset(p->sum, 0, f->cols * sizeof *p->sum);
	memset(p->count, 0, f->cols * sizeof *p->count);
	for (size_t i = r * f->by; i < i_end; i++) {
		const double *v = p->row + t->n_index;

		if (t->fill_row(t->ctx, i, p->row, &p->err) != 0)
			return -1;
		for (size_t c = 0; c < t->n_cols - t->n_index; c++)
			if (!isnan(v[c])) {
				p->sum[c / f->bx] += v[c];
				p->count[c / f->bx]++;
			}
	}
	for (size_t c = 0; c < f->cols; c++) {
		unsigned char e = j->mask;

		if (p->count[c]) {
			double mean = p->sum[c] / (double)p->count[c];
			if (!isnan(mean))   /* inf - inf: shown as masked */
				e = j->level[colormap_index(mean, j->lo, j->hi)];
		}
		if (f->kx == 1)
			px[c] = e;   /* one pixel a cell: no call per pixel */
		else
			memset(px + c * f->kx, e, f->kx);
	}
	return 0;
}

/* Plot rows [lo, hi) of a pass, on worker c. */
static void plot_chunk(void *ctx, size_t c, size_t lo, size_t hi)
{
	struct cell_job *j = ctx;
	struct cell_part *p = &j->part[c];

	p->fail = SIZE_MAX;
	for (size_t r = lo; r < hi; r++)
		if (plot_row(j, p, r, j->plot + (r - j->r0) * j->f->plot_w) != 0) {
			p->fail = r;
			return;
		}
}

/* Plot rows a worker draws in one pass: enough to make the pass worth its
 * start, few enough to keep memory O(width). */
#define PLOT_PASS_BYTES (256 * 1024)

static size_t plot_per_pass(const struct figure *f, size_t n_workers)
{
	size_t per = f->plot_w < PLOT_PASS_BYTES ? PLOT_PASS_BYTES / f->plot_w : 1;

	if (per > 64)
		per = 64;
	return n_workers * per;
}

/* Make plot row r available: the pass starting at r, if r is not held. */
static int plot_fetch(struct cell_job *j, size_t r, size_t per_pass, size_t n_workers,
                      struct out_err *err)
{
	size_t n;

	if (j->n_plot && r >= j->r0 && r < j->r0 + j->n_plot)
		return 0;
	n = j->f->rows - r < per_pass ? j->f->rows - r : per_pass;
	j->r0 = r;
	j->n_plot = 0;
	table_chunks(j->t, n_workers, r, n, plot_chunk, j);
	for (size_t w = 0; w < n_workers; w++)
		if (j->part[w].fail != SIZE_MAX) {
			*err = j->part[w].err;
			return -1;
		}
	j->n_plot = n;
	progress_update(j->t->progress, "rows", (r + n) * j->f->by < j->t->n_rows
	                ? (r + n) * j->f->by : j->t->n_rows, j->t->n_rows);
	return 0;
}

/* ---- the palette ---- */

/* The colour map po names, its palette into pal and level (the entries of
 * its 256 indices), and the entry of a masked cell; NULL with the message
 * for an unknown name. */
const struct colormap *fig_palette(const struct png_opts *po, const struct table_src *t,
                                   unsigned char pal[256][3], unsigned char level[256],
                                   unsigned char *mask, struct out_err *err)
{
	const struct colormap *cm = colormap_find(po->colormap ? po->colormap
	                                                       : "viridis");

	if (!cm) {
		out_fail(err, "unknown colour map '%s'", po->colormap);
		return NULL;
	}
	colormap_palette(cm, pal, level);
	*mask = PAL_MASK;
	if (po->raw && !t->masked) {
		/* no frame, no text, no masked cell: the palette is the colour
		 * map's 256 entries exactly, as matplotlib's table */
		memcpy(pal, cm->rgb, 256 * sizeof pal[0]);
		for (int k = 0; k < 256; k++)
			level[k] = (unsigned char)k;
		*mask = 0;   /* a NaN the source did not expect: entry 0 */
	}
	return cm;
}

/* The plot rows of a pass and each worker's buffers. */
static int job_alloc(struct cell_job *j, size_t n_workers, size_t per_pass,
                     struct out_err *err)
{
	const struct figure *f = j->f;

	j->part = calloc(n_workers, sizeof *j->part);
	j->plot = malloc(per_pass * f->plot_w);
	if (!j->part || !j->plot)
		return out_fail(err, "out of memory for an image row of %zu pixels",
		                f->width);
	for (size_t w = 0; w < n_workers; w++) {
		struct cell_part *p = &j->part[w];

		p->row = malloc(j->t->n_cols * sizeof *p->row);
		p->sum = malloc(f->cols * sizeof *p->sum);
		p->count = malloc(f->cols * sizeof *p->count);
		if (!p->row || !p->sum || !p->count)
			return out_fail(err, "out of memory for an image row of %zu pixels",
			                f->width);
	}
	return 0;
}

static void job_free(struct cell_job *j, size_t n_workers)
{
	for (size_t w = 0; j->part && w < n_workers; w++) {
		free(j->part[w].row);
		free(j->part[w].sum);
		free(j->part[w].count);
	}
	free(j->part);
	free(j->plot);
}

/* ---- the layout ---- */

struct figure *fig_new(const struct table_src *t, const struct png_opts *po,
                       const char *colormap, const unsigned char *level,
                       const struct fig_font *font, struct out_err *err)
{
	struct fig_spec spec;
	struct figure *f;

	memset(&spec, 0, sizeof spec);
	spec.n_rows = t->n_rows;
	spec.n_cols = t->n_cols - t->n_index;
	spec.raw = po->raw;
	spec.scale = po->scale;
	spec.max_size = po->max_size;
	spec.lo = po->lo;
	spec.hi = po->hi;
	spec.title = t->title;
	spec.colormap = colormap;
	spec.row_axis = t->row_axis ? t->row_axis : t->col_names[0];
	spec.col_axis = t->col_axis;
	spec.col_group = t->col_group;
	spec.level = level;
	spec.font = font;
	f = malloc(sizeof *f);
	if (!f) {
		out_fault(err, "out of memory for the figure's layout");
		return NULL;
	}
	if (fig_layout(f, &spec, err) != 0) {
		free(f);
		return NULL;
	}
	return f;
}

/* ---- every plot row ---- */

double fig_plot_rows_bytes(const struct table_src *t, const struct figure *f)
{
	size_t n_workers = table_workers(t);

	return (double)plot_per_pass(f, n_workers) * (double)f->plot_w
	       + (double)n_workers * ((double)t->n_cols * sizeof(double)
	                              + (double)f->cols * (sizeof(double) + sizeof(size_t)));
}

int fig_plot_rows(struct table_src *t, const struct figure *f, const unsigned char *level,
                  unsigned char mask, double lo, double hi, fig_row_fn fn, void *ctx,
                  struct out_err *err)
{
	struct cell_job job;
	size_t n_workers = table_workers(t), per_pass;
	int rc = -1;

	memset(&job, 0, sizeof job);
	job.t = t;
	job.f = f;
	job.level = level;
	job.mask = mask;
	job.lo = lo;
	job.hi = hi;
	per_pass = plot_per_pass(f, n_workers);
	if (job_alloc(&job, n_workers, per_pass, err) != 0)
		goto out;
	for (size_t r = 0; r < f->rows; r++) {
		if (plot_fetch(&job, r, per_pass, n_workers, err) != 0)
			goto out;
		if (fn(ctx, r, job.plot + (r - job.r0) * f->plot_w) != 0)
			goto out;
	}
	rc = 0;
out:
	job_free(&job, n_workers);
	return rc;
}

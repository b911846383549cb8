/*
 * png.c - a table source's data columns as a heatmap PNG, through libpng.
 *
 * Rows of the table run down, data columns across.  By default the image
 * is a finished figure (figure.c: title, axes, colour bar); raw it is the
 * cells alone.  Each cell is kx x ky pixels, and a table wider or taller
 * than the largest side is shown as the means of blocks of cells, NaN cells
 * left out (a block of NaN only is masked).  The image is a palette
 * (indexed, 8-bit) PNG: the colour map's entries (colormap_palette), then
 * the mask, background and ink, so a value v becomes the entry of
 * colormap_index(v, lo, hi), matplotlib's rule.  Rows are pulled from the
 * source one at a time and image rows written as they are drawn: memory is
 * O(width).  tEXt chunks record the software, the command line, the value
 * range, the colour map, any block averaging and every metadata line of the
 * source.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "write/colormap.h"
#include "write/figure.h"
#include "write/write.h"

#include <config.h>

struct png_errctx {
	jmp_buf jmp;
	struct out_err *err;
};

static void on_png_error(png_structp png, png_const_charp msg)
{
	struct png_errctx *ec = png_get_error_ptr(png);

	/* errno says why only when the write itself failed (libpng's
	 * png_default_write_data); after any other error it is stale */
	if (errno && strcmp(msg, "Write Error") == 0)
		out_fail(ec->err, "libpng: %s: %s", msg, strerror(errno));
	else
		out_fail(ec->err, "libpng: %s", msg);
	longjmp(ec->jmp, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;  /* warnings do not change the output; stay quiet */
}

#define PNG_TEXT_MAX (TABLE_META_MAX + 6)

/* One worker's buffers, and the first row it could not fill. */
struct png_part {
	double *row;          /* [n_cols] a source row */
	double *sum;          /* [f->cols] sums of a block row's cells */
	size_t *count;        /* [f->cols] how many of them are not NaN */
	size_t fail;          /* the plot row that failed, or SIZE_MAX */
	struct out_err err;
};

/* The state of one write: the source, the layout, the plot rows of a pass
 * (computed on every worker at once, then compressed in order). */
struct png_job {
	struct table_src *t;
	const struct figure *f;
	const unsigned char *level;
	unsigned char mask;   /* the palette entry of a masked cell */
	double lo, hi;
	struct png_part *part;   /* [workers] */
	unsigned char *plot;     /* [per_pass][f->plot_w] the plot's pixel rows */
	size_t r0, n_plot;       /* the plot rows held: r0 .. r0 + n_plot - 1 */
};

/* Plot row r into px: rows r by .. r by + by - 1 of the source, averaged
 * in blocks of bx columns and widened to kx pixels a cell. */
static int plot_row(const struct png_job *j, struct png_part *p, size_t r,
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
	struct png_job *j = ctx;
	struct png_part *p = &j->part[c];

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
static int plot_fetch(struct png_job *j, size_t r, size_t per_pass, size_t n_workers,
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

/* ---- the image ---- */

/* The colour map po names, its palette into pal and level (the entries of
 * its 256 indices), and the entry of a masked cell; NULL with the message
 * for an unknown name. */
static const struct colormap *choose_palette(const struct png_opts *po,
                                             const struct table_src *t,
                                             unsigned char pal[256][3],
                                             unsigned char level[256],
                                             unsigned char *mask,
                                             struct out_err *err)
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

/* The figure's layout for t (figure.c); NULL with the message. */
static struct figure *figure_new(const struct table_src *t,
                                 const struct png_opts *po,
                                 const char *cm_name,
                                 const unsigned char *level, struct out_err *err)
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
	spec.colormap = cm_name;
	spec.row_axis = t->row_axis ? t->row_axis : t->col_names[0];
	spec.col_axis = t->col_axis;
	spec.col_group = t->col_group;
	spec.level = level;
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

/* The plot rows of a pass and each worker's buffers. */
static int job_alloc(struct png_job *j, size_t n_workers, size_t per_pass,
                     struct out_err *err)
{
	const struct figure *f = j->f;

	j->part = calloc(n_workers, sizeof *j->part);
	j->plot = malloc(per_pass * f->plot_w);
	if (!j->part || !j->plot)
		return out_fail(err, "out of memory for an image row of %zu pixels",
		                f->width);
	for (size_t w = 0; w < n_workers; w++) {
		struct png_part *p = &j->part[w];

		p->row = malloc(j->t->n_cols * sizeof *p->row);
		p->sum = malloc(f->cols * sizeof *p->sum);
		p->count = malloc(f->cols * sizeof *p->count);
		if (!p->row || !p->sum || !p->count)
			return out_fail(err, "out of memory for an image row of %zu pixels",
			                f->width);
	}
	return 0;
}

static void job_free(struct png_job *j, size_t n_workers)
{
	for (size_t w = 0; j->part && w < n_workers; w++) {
		free(j->part[w].row);
		free(j->part[w].sum);
		free(j->part[w].count);
	}
	free(j->part);
	free(j->plot);
}

/* The header: an 8-bit palette image of the figure's size, pal its
 * palette.  libpng errors jump to the caller's setjmp. */
static void set_header(png_structp png, png_infop info, FILE *fp,
                       const struct png_opts *po, const struct figure *f,
                       unsigned char pal[256][3])
{
	png_color palette[256];

	png_init_io(png, fp);
	png_set_compression_level(png, po->compression);
	png_set_IHDR(png, info, (png_uint_32)f->width, (png_uint_32)f->height, 8,
	             PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	for (int k = 0; k < 256; k++) {
		palette[k].red = pal[k][0];
		palette[k].green = pal[k][1];
		palette[k].blue = pal[k][2];
	}
	png_set_PLTE(png, info, palette, 256);
}

/* The tEXt chunks: the software, the title, the command line, the range,
 * the colour map, any block averaging, then the source's metadata. */
static void set_text(png_structp png, png_infop info, struct table_src *t,
                     const struct png_opts *po, const char *colormap,
                     const struct figure *f)
{
	png_text text[PNG_TEXT_MAX];
	char range[2 * FMT_BUF + 4], lo_s[FMT_BUF], hi_s[FMT_BUF], reduced[96];
	size_t n_text = 0;

	fmt_double(lo_s, po->lo, 0);
	fmt_double(hi_s, po->hi, 0);
	snprintf(range, sizeof range, "%s:%s", lo_s, hi_s);
	memset(text, 0, sizeof text);
	text[n_text].key = "Software";
	text[n_text++].text = PACKAGE_NAME " " PACKAGE_VERSION;
	if (t->title) {
		text[n_text].key = "Title";
		text[n_text++].text = (char *)t->title;
	}
	if (po->command) {
		text[n_text].key = "Comment";
		text[n_text++].text = (char *)po->command;
	}
	text[n_text].key = "range";
	text[n_text++].text = range;
	text[n_text].key = "colormap";
	text[n_text++].text = (char *)colormap;
	if (f->bx > 1 || f->by > 1) {
		snprintf(reduced, sizeof reduced, "means of %zu x %zu cell blocks (rows x columns)",
		         f->by, f->bx);
		text[n_text].key = "reduced";
		text[n_text++].text = reduced;
	}
	for (size_t k = 0; k < t->n_meta && n_text < PNG_TEXT_MAX; k++) {
		text[n_text].key = (char *)t->meta[k].key;
		text[n_text++].text = t->meta[k].value;
	}
	for (size_t k = 0; k < n_text; k++)
		text[k].compression = PNG_TEXT_COMPRESSION_NONE;
	png_set_text(png, info, text, (int)n_text);
}

/* Every image row, drawn into pix and written; the plot's rows fetched a
 * pass at a time.  libpng errors jump to the caller's setjmp. */
static int write_image_rows(png_structp png, struct png_job *j,
                            size_t per_pass, size_t n_workers,
                            unsigned char *pix, struct out_err *err)
{
	const struct figure *f = j->f;

	for (size_t y = 0; y < f->height; y++) {
		const unsigned char *plot = NULL;

		if (y >= f->plot_y && y < f->plot_y + f->plot_h) {
			size_t r = (y - f->plot_y) / f->ky;
			if (plot_fetch(j, r, per_pass, n_workers, err) != 0)
				return -1;
			plot = j->plot + (r - j->r0) * f->plot_w;
		}
		fig_draw_row(f, y, plot, pix);
		png_write_row(png, pix);
	}
	return 0;
}

int png_plan(const struct table_src *t, const struct png_opts *po, size_t *width,
             size_t *height, double *bytes, struct out_err *err)
{
	unsigned char level[256] = { 0 };
	size_t n_workers = table_workers(t), per_pass;
	struct figure *f = figure_new(t, po, "viridis", level, err);

	if (!f)
		return -1;
	per_pass = plot_per_pass(f, n_workers);
	*width = f->width;
	*height = f->height;
	/* job_alloc's, the image row, and libpng's two rows (the row and
	 * the one before, for filtering) */
	*bytes = (double)per_pass * (double)f->plot_w + 3.0 * (double)f->width
	         + (double)n_workers * ((double)t->n_cols * sizeof(double)
	                                + (double)f->cols * (sizeof(double) + sizeof(size_t)));
	free(f);
	return 0;
}

int write_png(FILE *fp, struct table_src *t, const struct png_opts *po,
              struct out_err *err)
{
	const struct colormap *cm;
	struct png_errctx ec;
	struct png_job job;
	struct figure *volatile f = NULL;
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char pal[256][3], level[256];
	size_t n_workers = table_workers(t);
	volatile size_t per_pass = 0;
	unsigned char *volatile pix = NULL;
	volatile int rc = -1;

	memset(&job, 0, sizeof job);
	cm = choose_palette(po, t, pal, level, &job.mask, err);
	if (!cm)
		return -1;
	f = figure_new(t, po, cm->name, level, err);
	if (!f)
		goto out;

	job.t = t;
	job.f = f;
	job.level = level;
	job.lo = po->lo;
	job.hi = po->hi;
	per_pass = plot_per_pass(f, n_workers);
	if (job_alloc(&job, n_workers, per_pass, err) != 0)
		goto out;
	pix = malloc(f->width);
	if (!pix) {
		out_fail(err, "out of memory for an image row of %zu pixels", f->width);
		goto out;
	}

	ec.err = err;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ec, on_png_error,
	                              on_png_warning);
	if (!png) {
		out_fail(err, "libpng: cannot create a write structure");
		goto out;
	}
	/* libpng refuses sides above 1000000 pixels unless told (its
	 * PNG_USER_WIDTH_MAX); pecli's are checked by png_plan */
	png_set_user_limits(png, FIG_SIDE_MAX, FIG_SIDE_MAX);
	info = png_create_info_struct(png);
	if (!info) {
		out_fail(err, "libpng: cannot create an info structure");
		goto out;
	}
	if (setjmp(ec.jmp))
		goto out;

	set_header(png, info, fp, po, f, pal);
	set_text(png, info, t, po, cm->name, f);
	png_write_info(png, info);
	if (write_image_rows(png, &job, per_pass, n_workers, pix, err) != 0)
		goto out;
	png_write_end(png, info);
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	job_free(&job, n_workers);
	free(pix);
	free(f);
	return rc;
}

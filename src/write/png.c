/*
 * png.c - a table source's data columns as a heatmap, through libpng (and
 * cairo for a framed figure).
 *
 * Rows of the table run down, data columns across (cells.c pulls them and
 * colours them).  Raw, the image is the cells alone, a palette (indexed,
 * 8-bit) PNG of the colour map's entries, written a row at a time as the
 * rows are computed: memory O(width).  By default it is a finished figure
 * (figure.c: title, axes, colour bar) drawn whole by cairo (figdraw.c): an
 * 8-bit RGB PNG whose rows are written here, or an SVG or PDF that cairo
 * writes.  A PNG's tEXt chunks record the software, the command line, the
 * value range, the colour map, any block averaging and every metadata
 * line of the source.
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

#define PNG_TEXT_MAX (TABLE_META_MAX + 7)

/* The header: an 8-bit image of w x h pixels, with pal a palette image
 * (raw), else RGB.  libpng errors jump to the caller's setjmp. */
static void set_header(png_structp png, png_infop info, FILE *fp,
                       const struct png_opts *po, size_t w, size_t h,
                       unsigned char (*pal)[3])
{
	png_color palette[256];

	png_init_io(png, fp);
	png_set_compression_level(png, po->compression);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	             pal ? PNG_COLOR_TYPE_PALETTE : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	             PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (!pal)
		return;
	for (int k = 0; k < 256; k++) {
		palette[k].red = pal[k][0];
		palette[k].green = pal[k][1];
		palette[k].blue = pal[k][2];
	}
	png_set_PLTE(png, info, palette, 256);
}

/* The tEXt chunks: the software, the title, the command line, the range,
 * the colour map, any block averaging, a framed figure's plot (its
 * pixels: "X,Y,W,H", left, top, width, height, for programs that crop it),
 * then the source's metadata. */
static void set_text(png_structp png, png_infop info, struct table_src *t,
                     const struct png_opts *po, const char *colormap,
                     const struct figure *f)
{
	png_text text[PNG_TEXT_MAX];
	char range[2 * FMT_BUF + 4], lo_s[FMT_BUF], hi_s[FMT_BUF], reduced[96], plot[96];
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
	if (f->framed) {
		snprintf(plot, sizeof plot, "%zu,%zu,%zu,%zu", f->plot_x, f->plot_y, f->plot_w,
		         f->plot_h);
		text[n_text].key = "plot";
		text[n_text++].text = plot;
	}
	for (size_t k = 0; k < t->n_meta && n_text < PNG_TEXT_MAX; k++) {
		text[n_text].key = (char *)t->meta[k].key;
		text[n_text++].text = t->meta[k].value;
	}
	for (size_t k = 0; k < n_text; k++)
		text[k].compression = PNG_TEXT_COMPRESSION_NONE;
	png_set_text(png, info, text, (int)n_text);
}

/* One write: libpng's state, the layout, the image's buffers. */
struct png_run {
	png_structp png;
	png_infop info;
	struct png_errctx ec;
	const struct figure *f;
	unsigned char *cells;          /* framed: [rows][cols] palette entries */
	struct fig_drawing *drawing;   /* framed */
	unsigned char *rgb;            /* framed PNG: one RGB row */
	unsigned char *pixels;         /* framed PNG from fig_raster: all of them */
};

/* Raw: plot row r is ky image rows, written at once (a libpng error
 * returns here through its jump, with the message). */
static int raw_row(void *ctx, size_t r, const unsigned char *px)
{
	struct png_run *w = ctx;

	(void)r;
	if (setjmp(w->ec.jmp))
		return -1;
	for (size_t k = 0; k < w->f->ky; k++)
		png_write_row(w->png, px);
	return 0;
}

/* Framed: plot row r's cells, one entry each (the first pixel of each). */
static int keep_cells(void *ctx, size_t r, const unsigned char *px)
{
	struct png_run *w = ctx;
	const struct figure *f = w->f;

	for (size_t c = 0; c < f->cols; c++)
		w->cells[r * f->cols + c] = px[c * f->kx];
	return 0;
}

static int png_start(struct png_run *w, struct out_err *err)
{
	w->ec.err = err;
	w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &w->ec, on_png_error,
	                                 on_png_warning);
	if (!w->png)
		return out_fail(err, "libpng: cannot create a write structure");
	/* libpng refuses sides above 1000000 pixels unless told (its
	 * PNG_USER_WIDTH_MAX); pecli's are checked by png_plan */
	png_set_user_limits(w->png, FIG_SIDE_MAX, FIG_SIDE_MAX);
	w->info = png_create_info_struct(w->png);
	if (!w->info)
		return out_fail(err, "libpng: cannot create an info structure");
	return 0;
}

/* The framed figure's PNG: the header, the text, the rows of the image
 * fig_raster (or, without the font's file, cairo) drew. */
static int write_framed_png(struct png_run *w, FILE *fp, struct table_src *t,
                            const struct png_opts *po, const char *colormap)
{
	const struct figure *f = w->f;

	if (setjmp(w->ec.jmp))
		return -1;
	set_header(w->png, w->info, fp, po, f->width, f->height, NULL);
	set_text(w->png, w->info, t, po, colormap, f);
	png_write_info(w->png, w->info);
	for (size_t y = 0; y < f->height; y++) {
		if (w->pixels) {
			png_write_row(w->png, w->pixels + 3 * f->width * y);
			continue;
		}
		fig_drawing_rgb_row(w->drawing, y, w->rgb);
		png_write_row(w->png, w->rgb);
	}
	png_write_end(w->png, w->info);
	return 0;
}

/* Framed: the font, the layout, the cells, the drawing, the output. */
static int write_framed(struct png_run *w, FILE *fp, struct table_src *t,
                        const struct png_opts *po, const struct colormap *cm,
                        unsigned char pal[256][3], const unsigned char *level,
                        unsigned char mask, struct out_err *err)
{
	struct fig_font font;
	enum out_format fmt = po->format == OUT_FORMAT_SVG || po->format == OUT_FORMAT_PDF
	                      ? po->format : OUT_FORMAT_PNG;

	w->drawing = fig_drawing_new(po->font_size > 0.0 ? po->font_size : FIG_FONT_SIZE_DEFAULT,
	                             &font, err);
	if (!w->drawing)
		return -1;
	w->f = fig_new(t, po, cm->name, level, &font, err);
	if (!w->f || fig_drawing_measured(w->drawing, err) != 0)
		return -1;
	w->cells = malloc(w->f->rows * w->f->cols);
	w->rgb = malloc(3 * w->f->width);
	if (!w->cells || !w->rgb)
		return out_fail(err, "out of memory for the figure's %zu x %zu cells",
		                w->f->rows, w->f->cols);
	if (fig_plot_rows(t, w->f, level, mask, po->lo, po->hi, keep_cells, w, err) != 0)
		return -1;
	if (fmt == OUT_FORMAT_PNG && fig_drawing_font_file(w->drawing)) {
		w->pixels = fig_raster(w->f, w->cells, (const unsigned char (*)[3])pal,
		                       fig_drawing_font_file(w->drawing), err);
		if (!w->pixels)
			return -1;
	} else if (fig_drawing_draw(w->drawing, w->f, w->cells, (const unsigned char (*)[3])pal,
	                            fmt, po, fp, err) != 0) {
		return -1;
	}
	if (fmt != OUT_FORMAT_PNG)
		return 0;
	if (png_start(w, err) != 0)
		return -1;
	return write_framed_png(w, fp, t, po, cm->name);
}

/* Raw: the palette PNG, streamed. */
static int write_raw(struct png_run *w, FILE *fp, struct table_src *t,
                     const struct png_opts *po, const struct colormap *cm,
                     unsigned char pal[256][3], const unsigned char *level,
                     unsigned char mask, struct out_err *err)
{
	w->f = fig_new(t, po, cm->name, level, NULL, err);
	if (!w->f || png_start(w, err) != 0)
		return -1;
	if (setjmp(w->ec.jmp))
		return -1;
	set_header(w->png, w->info, fp, po, w->f->width, w->f->height, pal);
	set_text(w->png, w->info, t, po, cm->name, w->f);
	png_write_info(w->png, w->info);
	if (fig_plot_rows(t, w->f, level, mask, po->lo, po->hi, raw_row, w, err) != 0)
		return -1;
	if (setjmp(w->ec.jmp))
		return -1;
	png_write_end(w->png, w->info);
	return 0;
}

int png_plan(const struct table_src *t, const struct png_opts *po, size_t *width,
             size_t *height, double *bytes, struct out_err *err)
{
	unsigned char level[256] = { 0 };
	struct fig_drawing *d = NULL;
	struct fig_font font;
	struct figure *f;

	if (!po->raw) {
		d = fig_drawing_new(po->font_size > 0.0 ? po->font_size : FIG_FONT_SIZE_DEFAULT,
		                    &font, err);
		if (!d)
			return -1;
	}
	f = fig_new(t, po, "viridis", level, d ? &font : NULL, err);
	if (f && d && fig_drawing_measured(d, err) != 0) {
		free(f);
		f = NULL;
	}
	fig_drawing_free(d);
	if (!f)
		return -1;
	*width = f->width;
	*height = f->height;
	/* the plot rows' buffers, the image row, and libpng's two rows (the
	 * row and the one before, for filtering); framed, also the cells and
	 * cairo's 4-byte image surface of the whole figure */
	*bytes = fig_plot_rows_bytes(t, f) + 3.0 * (double)f->width;
	if (!po->raw)
		*bytes += (double)f->rows * (double)f->cols
		          + 4.0 * (double)f->width * (double)f->height;
	free(f);
	return 0;
}

int write_png(FILE *fp, struct table_src *t, const struct png_opts *po,
              struct out_err *err)
{
	const struct colormap *cm;
	struct png_run w;
	unsigned char pal[256][3], level[256], mask;
	int rc;

	memset(&w, 0, sizeof w);
	cm = fig_palette(po, t, pal, level, &mask, err);
	if (!cm)
		return -1;
	if (po->raw)
		rc = write_raw(&w, fp, t, po, cm, pal, level, mask, err);
	else
		rc = write_framed(&w, fp, t, po, cm, pal, level, mask, err);
	if (w.png)
		png_destroy_write_struct(&w.png, w.info ? &w.info : NULL);
	fig_drawing_free(w.drawing);
	free(w.cells);
	free(w.rgb);
	free(w.pixels);
	free((void *)w.f);
	return rc;
}

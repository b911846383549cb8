/*
 * figdraw.c - a framed heatmap figure (figure.h) drawn with cairo: the
 * cells as one image scaled without smoothing (CAIRO_FILTER_NEAREST), the
 * colour bar as another, frames and tick marks as whole-pixel rectangles,
 * and the text in DejaVu Sans (Debian's fonts-dejavu-core), the face
 * figfont.c reads from its file.  A PNG is drawn into an RGB
 * image surface that png.c writes through libpng (only without the font's
 * file: figraster.c draws it otherwise); an SVG or a PDF goes to the
 * output through cairo's stream surfaces.
 *
 * The drawing runs in a child process (figproc.c): cairo 1.16 crashes
 * when an allocation fails while it draws or finishes a surface (it
 * survives them while it measures text, so fig_drawing_new runs here).
 * The child draws a PNG into pixels the parent mapped shared before the
 * fork, and an SVG or a PDF into the output stream it inherits (flushed
 * before the fork); the parent writes the PNG only once the child has
 * reported success.  A crash is a fault (exit 3), with the temporary -o
 * file removed as after any error.  So is a failure cairo does not
 * report while it draws: errno ENOMEM after the drawing (an image, glyphs
 * or a PDF's font silently left out, found by comparing each run of a
 * sweep of failing allocations that ends well with the run without one).
 *
 * Reproducible bytes: the font is measured and drawn with hinting off
 * (CAIRO_HINT_STYLE_NONE, CAIRO_HINT_METRICS_OFF) and grey antialiasing,
 * so the layout is the same for every surface and does not depend on the
 * screen settings fontconfig reads; a PDF's creation date is the one given
 * (SOURCE_DATE_EPOCH, read by the caller) or a fixed one, never the clock.
 * Without the font's file, fontconfig finds DejaVu Sans or substitutes
 * another font: the figure is then still the same on every run on that
 * machine, but not the same as with the file.
 */
#define _DEFAULT_SOURCE   /* MAP_ANONYMOUS */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "write/colormap.h"
#include "write/figure.h"
#include "write/write.h"

#include <config.h>

/* A PDF's creation date without SOURCE_DATE_EPOCH: the start of the Unix
 * epoch, so that two runs give the same bytes. */
#define FIG_PDF_DATE_FIXED "1970-01-01T00:00:00Z"

#define FIG_QUARTER_TURN 1.5707963267948966   /* pi / 2: the turned axis label */

struct fig_drawing {
	struct fig_face *face;
	cairo_surface_t *measure_surface;   /* 1 x 1: for the font's widths */
	cairo_t *measure;
	unsigned char *pixels;              /* the PNG's RGB24 image: a shared mapping */
	size_t map_size, width;
	int stride;
	double size;
	cairo_status_t measure_status;      /* the first failure of a measure */
};

/* The font and its options on cr: the same for measuring and drawing. */
static void set_font(cairo_t *cr, const struct fig_face *face, double size)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	fig_face_set(face, cr, size);
}

/* The advance of s; a failure (memory running out inside cairo) is kept
 * for fig_drawing_measured, the width then being wrong. */
static double measure_width(void *ctx, const char *s)
{
	struct fig_drawing *d = ctx;
	cairo_text_extents_t te;

	cairo_text_extents(d->measure, s, &te);
	if (d->measure_status == CAIRO_STATUS_SUCCESS)
		d->measure_status = cairo_status(d->measure);
	return d->measure_status == CAIRO_STATUS_SUCCESS ? te.x_advance : 0.0;
}

const char *fig_drawing_font_file(const struct fig_drawing *d)
{
	return fig_face_file(d->face);
}

int fig_drawing_measured(const struct fig_drawing *d, struct out_err *err)
{
	if (fig_face_failed(d->face))
		return out_fault(err, "out of memory for the figure's font");
	if (d->measure_status == CAIRO_STATUS_SUCCESS)
		return 0;
	if (d->measure_status == CAIRO_STATUS_NO_MEMORY)
		return out_fault(err, "cairo: %s", cairo_status_to_string(d->measure_status));
	return out_fail(err, "cairo: %s", cairo_status_to_string(d->measure_status));
}

struct fig_drawing *fig_drawing_new(double size, struct fig_font *font, struct out_err *err)
{
	struct fig_drawing *d = calloc(1, sizeof *d);
	cairo_font_extents_t fe;
	cairo_text_extents_t te;

	if (!d) {
		out_fault(err, "out of memory for the figure's font");
		return NULL;
	}
	d->size = size;
	d->face = fig_face_new(err);
	if (!d->face) {
		fig_drawing_free(d);
		return NULL;
	}
	d->measure_surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	d->measure = cairo_create(d->measure_surface);
	if (cairo_status(d->measure) == CAIRO_STATUS_NO_MEMORY) {
		out_fault(err, "cairo: %s", cairo_status_to_string(CAIRO_STATUS_NO_MEMORY));
		fig_drawing_free(d);
		return NULL;
	}
	if (cairo_status(d->measure) != CAIRO_STATUS_SUCCESS) {
		out_fail(err, "cairo: %s", cairo_status_to_string(cairo_status(d->measure)));
		fig_drawing_free(d);
		return NULL;
	}
	set_font(d->measure, d->face, size);
	cairo_font_extents(d->measure, &fe);
	cairo_text_extents(d->measure, "0", &te);
	if (cairo_status(d->measure) == CAIRO_STATUS_NO_MEMORY) {
		out_fault(err, "cairo: %s", cairo_status_to_string(CAIRO_STATUS_NO_MEMORY));
		fig_drawing_free(d);
		return NULL;
	}
	if (cairo_status(d->measure) != CAIRO_STATUS_SUCCESS || !(fe.ascent > 0.0)) {
		out_fail(err, "cairo: no usable font for '%s'", fig_face_name(d->face));
		fig_drawing_free(d);
		return NULL;
	}
	font->size = size;
	font->ascent = fe.ascent;
	font->descent = fe.descent;
	font->digit_h = te.height;
	font->width = measure_width;
	font->ctx = d;
	return d;
}

/* The last cairo object gone, the face, cairo's font caches and
 * fontconfig's configuration are released too (fig_face_free), so that a
 * run ends with nothing of theirs still allocated (valgrind, make
 * check-valgrind); the next drawing builds them again. */
void fig_drawing_free(struct fig_drawing *d)
{
	if (!d)
		return;
	if (d->measure)
		cairo_destroy(d->measure);
	if (d->measure_surface)
		cairo_surface_destroy(d->measure_surface);
	if (d->pixels)
		munmap(d->pixels, d->map_size);
	fig_face_free(d->face);
	free(d);
}

/* ---- the images: the cells and the colour bar ---- */

static uint32_t rgb_of(const unsigned char c[3])
{
	return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | (uint32_t)c[2];
}

/* An RGB24 image of w x h pixels; at(ctx, x, y) the palette entry. */
static cairo_surface_t *make_image(size_t w, size_t h, const unsigned char pal[256][3],
                                   unsigned char (*at)(const void *, size_t, size_t),
                                   const void *ctx)
{
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
	unsigned char *data;
	int stride;

	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
		return img;
	cairo_surface_flush(img);
	data = cairo_image_surface_get_data(img);
	stride = cairo_image_surface_get_stride(img);
	for (size_t y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)(void *)(data + y * (size_t)stride);
		for (size_t x = 0; x < w; x++)
			row[x] = rgb_of(pal[at(ctx, x, y)]);
	}
	cairo_surface_mark_dirty(img);
	return img;
}

/* ctx: the figure, the cells and the pixels of a cell (1 x 1, or kx x ky
 * for an image as large as the plot). */
struct cell_ctx {
	const struct figure *f;
	const unsigned char *cells;
	size_t kx, ky;
};

static unsigned char cell_at(const void *ctx, size_t x, size_t y)
{
	const struct cell_ctx *c = ctx;

	return c->cells[y / c->ky * c->f->cols + x / c->kx];
}

/* The colour bar shows the value at the middle of its pixel row. */
static unsigned char bar_at(const void *ctx, size_t x, size_t y)
{
	(void)x;
	return fig_bar_level(ctx, y);
}

/* img over [x, x + w) x [y, y + h), each pixel a sx x sy block. */
static void paint_image(cairo_t *cr, cairo_surface_t *img, double x, double y,
                        double sx, double sy, double w, double h)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, sx, sy);
	cairo_set_source_surface(cr, img, 0.0, 0.0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_paint(cr);
	cairo_restore(cr);
}

/* ---- the figure ---- */

static void draw_text(cairo_t *cr, const struct fig_text *t)
{
	cairo_save(cr);
	cairo_move_to(cr, t->x, t->y);
	if (t->vertical)
		cairo_rotate(cr, -FIG_QUARTER_TURN);
	cairo_show_text(cr, t->s);
	cairo_restore(cr);
}

/*
 * The figure on cr.  An SVG gets its cells and colour bar as images as
 * large as they are drawn: cairo 1.16 writes no image-rendering attribute
 * for CAIRO_FILTER_NEAREST, so a viewer would smooth small images it
 * enlarges; a PNG's are drawn by cairo itself, and a PDF says
 * /Interpolate false, so theirs have one pixel a cell.
 */
static int draw(cairo_t *cr, const struct fig_face *face, double size, const struct figure *f,
                const unsigned char *cells, const unsigned char pal[256][3], int full,
                struct out_err *err)
{
	struct cell_ctx cc = { f, cells, full ? f->kx : 1, full ? f->ky : 1 };
	cairo_surface_t *img = make_image(f->cols * cc.kx, f->rows * cc.ky, pal, cell_at, &cc);
	cairo_surface_t *bar = make_image(full ? f->bar_w : 1, f->plot_h, pal, bar_at, f);
	const unsigned char *bg = pal[PAL_BG], *ink = pal[PAL_INK];
	int rc = 0;

	cairo_set_source_rgb(cr, bg[0] / 255.0, bg[1] / 255.0, bg[2] / 255.0);
	cairo_paint(cr);
	paint_image(cr, img, (double)f->plot_x, (double)f->plot_y, (double)(f->kx / cc.kx),
	            (double)(f->ky / cc.ky), (double)f->plot_w, (double)f->plot_h);
	paint_image(cr, bar, (double)f->bar_x, (double)f->plot_y, full ? 1.0 : (double)f->bar_w,
	            1.0, (double)f->bar_w, (double)f->plot_h);
	cairo_set_source_rgb(cr, ink[0] / 255.0, ink[1] / 255.0, ink[2] / 255.0);
	for (size_t k = 0; k < f->n_rect; k++) {
		const struct fig_rect *r = &f->rect[k];
		cairo_rectangle(cr, (double)r->x0, (double)r->y0, (double)(r->x1 - r->x0),
		                (double)(r->y1 - r->y0));
	}
	cairo_fill(cr);
	set_font(cr, face, size);
	for (size_t k = 0; k < f->n_text; k++)
		draw_text(cr, &f->text[k]);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
		rc = out_fail(err, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
	cairo_surface_destroy(img);
	cairo_surface_destroy(bar);
	return rc;
}

/* cairo's stream writer: onto the output file, the first error's errno kept. */
struct stream {
	FILE *fp;
	int err;
};

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	struct stream *st = closure;

	if (st->err == 0 && fwrite(data, 1, len, st->fp) == len)
		return CAIRO_STATUS_SUCCESS;
	if (st->err == 0)
		st->err = errno ? errno : EIO;
	return CAIRO_STATUS_WRITE_ERROR;
}

static void pdf_metadata(cairo_surface_t *s, const struct figure *f, const struct png_opts *po)
{
	(void)f;
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	                               PACKAGE_NAME " " PACKAGE_VERSION);
	if (po->command)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, po->command);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
	                               po->date ? po->date : FIG_PDF_DATE_FIXED);
}

/* One drawing, for draw_step in the child (or in this process). */
struct draw_job {
	const struct fig_drawing *d;
	const struct figure *f;
	const unsigned char *cells;
	const unsigned char (*pal)[3];
	enum out_format fmt;
	const struct png_opts *po;
	FILE *fp;
};

/* The surface of job's format: an SVG or a PDF onto *out, a PNG on the
 * shared pixels. */
static cairo_surface_t *make_surface(const struct draw_job *job, struct stream *out)
{
	const struct figure *f = job->f;

	if (job->fmt == OUT_FORMAT_SVG)
		return cairo_svg_surface_create_for_stream(write_stream, out, (double)f->width,
		                                           (double)f->height);
	if (job->fmt == OUT_FORMAT_PDF)
		return cairo_pdf_surface_create_for_stream(write_stream, out, (double)f->width,
		                                           (double)f->height);
	return cairo_image_surface_create_for_data(job->d->pixels, CAIRO_FORMAT_RGB24,
	                                           (int)f->width, (int)f->height,
	                                           job->d->stride);
}

/* The figure drawn and its surface finished: the step fig_proc_run runs. */
static void draw_step(void *ctx, struct fig_report *r)
{
	const struct draw_job *job = ctx;
	const struct figure *f = job->f;
	struct stream out = { job->fp, 0 };
	struct out_err e;
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_status_t st;
	int lost;

	errno = 0;
	s = make_surface(job, &out);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		r->rc = out_fail(&e, "cairo: cannot make a %zu x %zu surface: %s", f->width,
		                 f->height, cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		goto done;
	}
	if (job->fmt == OUT_FORMAT_PDF)
		pdf_metadata(s, f, job->po);
	cr = cairo_create(s);
	r->rc = draw(cr, job->d->face, job->d->size, f, job->cells, job->pal,
	             job->fmt == OUT_FORMAT_SVG, &e);
	cairo_destroy(cr);
	cairo_surface_finish(s);   /* the SVG or PDF written out; the PNG's pixels kept */
	lost = errno == ENOMEM;
	st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (job->fmt != OUT_FORMAT_PNG && out.err == 0 && fflush(job->fp) != 0)
		out.err = errno ? errno : EIO;
	if (out.err) {   /* the cause of any cairo error after it */
		r->rc = -1;
		r->write_errno = out.err;
		return;
	}
	if (r->rc == 0 && st != CAIRO_STATUS_SUCCESS)
		r->rc = out_fail(&e, "cairo: %s", cairo_status_to_string(st));
	/* cairo 1.16 swallows some allocations that fail while it draws: an
	 * image or glyphs it cannot make are left out (a white plot, a black
	 * figure without text; a PDF without its font), its status still
	 * SUCCESS.  malloc sets errno to ENOMEM when it fails (POSIX), and
	 * nothing else in the drawing sets it to that: ENOMEM after the
	 * drawing is a drawing that ran out of memory.  So is an allocation
	 * of FreeType's that failed (figft.h: counted, in this process). */
	if (r->rc == 0 && (lost || fig_face_failed(job->d->face)))
		r->rc = out_fault(&e, "cairo: out of memory while drawing the figure");
done:
	if (r->rc != 0) {
		r->fault = out_is_fault(&e);
		snprintf(r->msg, sizeof r->msg, "%s", e.msg);
	}
}

/* The PNG's pixels: a mapping the child draws into and this process
 * reads, zeroed as cairo_image_surface_create's. */
static int map_pixels(struct fig_drawing *d, const struct figure *f, struct out_err *err)
{
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)f->width);
	void *p;

	if (d->pixels)
		munmap(d->pixels, d->map_size);
	d->pixels = NULL;
	if (stride <= 0)   /* figure.c keeps the sides within cairo's limit */
		return out_fail(err, "cairo: cannot make a %zu x %zu surface: %s", f->width,
		                f->height, cairo_status_to_string(CAIRO_STATUS_INVALID_SIZE));
	d->map_size = (size_t)stride * f->height;
	p = mmap(NULL, d->map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		if (errno == ENOMEM)
			return out_fault(err, "out of memory for the figure's %zu x %zu pixels",
			                 f->width, f->height);
		return out_fail(err, "cannot map the figure's %zu x %zu pixels: %s", f->width,
		                f->height, strerror(errno));
	}
	d->pixels = p;
	d->stride = stride;
	d->width = f->width;
	return 0;
}

int fig_drawing_draw(struct fig_drawing *d, const struct figure *f,
                     const unsigned char *cells, const unsigned char pal[256][3],
                     enum out_format fmt, const struct png_opts *po, FILE *fp,
                     struct out_err *err)
{
	struct draw_job job = { d, f, cells, pal, fmt, po, fp };

	if (fmt == OUT_FORMAT_PNG) {
		if (map_pixels(d, f, err) != 0)
			return -1;
	} else if (fflush(fp) != 0) {   /* nothing of ours written twice */
		return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
	}
	return fig_proc_run(draw_step, &job, "cairo: drawing the figure", err);
}

void fig_drawing_rgb_row(const struct fig_drawing *d, size_t y, unsigned char *rgb)
{
	const uint32_t *row = (const uint32_t *)(const void *)(d->pixels + y * (size_t)d->stride);

	for (size_t x = 0; x < d->width; x++) {
		rgb[3 * x] = (unsigned char)(row[x] >> 16);
		rgb[3 * x + 1] = (unsigned char)(row[x] >> 8);
		rgb[3 * x + 2] = (unsigned char)row[x];
	}
}

/*
 * figure.h - the heatmap as a finished figure: its layout (title, axes
 * with ticks, colour bar), measured with the real font (fig_font), and its
 * drawing with cairo (figdraw.c) into a PNG, SVG or PDF; the plot's cells
 * pulled from the table source (cells.c).  figure.c is pure computation.
 *
 * The framed figure, in pixels (a PNG) or points (SVG, PDF: one pixel is
 * one point), c x r the cells of the plot after block averaging, each
 * kx x ky pixels, fs the font size (--font-size, pixels):
 *
 *   +--------------------------------------------------------------+
 *   |                 title (the table source's title)         top |
 *   |                 subtitle (colour map, range, blocks)         |
 *   |  p     +-----------------------+       +--+                  |
 *   |  o  0 -|                       |       |  |- 1.0             |
 *   |  s     |   plot: c*kx x r*ky   |       |  |- 0.5             |
 *   |  i 10 -|                       |       |  |- 0.0  colour bar |
 *   |  t     +-----------------------+       +--+                  |
 *   |  i      |    |    |    |                                     |
 *   |  on     0   10   20   30                             bottom  |
 *   |  left              dimension                  right          |
 *   +--------------------------------------------------------------+
 *
 *   line   = ceil(ascent + descent) of the font at fs
 *   top    = margin + line + gap + line + title gap + 1
 *   bottom = 1 + tick + tick gap + line + gap + line + margin
 *   left   = margin + line + axis gap + widest row label + tick gap + tick + 1
 *   right  = 1 + bar gap + 1 + bar + 1 + tick + tick gap + widest bar label + margin
 *   width  = c kx + left + right, widened (both sides alike) until the
 *            title and the subtitle fit between the margins
 *   height = r ky + top + bottom
 *
 * The pads scale with fs (FIG_PAD below): at fs 12 they are 10 (margin),
 * 4 (gap), 10 (title gap), 4 (tick), 3 (tick gap), 6 (axis gap), 12 (bar
 * gap) and 16 (bar) pixels.  With raw the image is the plot alone:
 * c kx x r ky, streamed one row at a time (png.c), no font.
 *
 * Memory: a framed figure is drawn whole: a PNG in a cairo image surface
 * of 4 width height bytes, plus the cells (c r bytes, and 4 c r as an
 * image); --max-size bounds the plot's sides, at most FIG_FRAMED_MAX for
 * a framed figure, so the surface stays under about 4 (4096 + 2 pads)^2
 * bytes, some 80 MB (the default 2048: about 20 MB).
 */
#ifndef PECLI_FIGURE_H
#define PECLI_FIGURE_H

#include <stddef.h>

#include "write/write.h"

/* ---- the font: measured by the drawing code (figdraw.c) ---- */

#define FIG_FONT_FAMILY "DejaVu Sans"   /* fontconfig's name, when FIG_FONT_FILE cannot be read */
#define FIG_FONT_SIZE_DEFAULT 12        /* pixels (points in SVG and PDF) */
#define FIG_FONT_SIZE_MIN 6
#define FIG_FONT_SIZE_MAX 72

struct fig_font {
	double size;              /* the em, pixels */
	double ascent, descent;   /* of a line, above and below the baseline */
	double digit_h;           /* the ink height of a digit: labels centre on ticks by it */
	double (*width)(void *ctx, const char *s);   /* the advance of s */
	void *ctx;
};

/* ---- the layout ---- */

/* A pad of f times the font size fs, whole pixels (so the plot and the
 * frames sit on the pixel grid): the factors make the old 12-pixel
 * bitmap figure's pads at fs 12. */
#define FIG_PAD(fs, f) ((size_t)ceil((fs) * (f) - 1e-9))
#define FIG_MARGIN_EM (10.0 / 12.0)
#define FIG_GAP_EM (4.0 / 12.0)         /* title to subtitle, tick labels to axis label */
#define FIG_TITLE_GAP_EM (10.0 / 12.0)  /* subtitle to the plot's frame */
#define FIG_TICK_EM (4.0 / 12.0)        /* a tick mark's length */
#define FIG_TICK_GAP_EM (3.0 / 12.0)    /* a tick mark to its label */
#define FIG_AXIS_GAP_EM (6.0 / 12.0)    /* the turned axis label to the tick labels */
#define FIG_BAR_GAP_EM 1.0              /* the plot's frame to the colour bar's */
#define FIG_BAR_EM (16.0 / 12.0)        /* the colour bar's width */

#define FIG_MIN_PLOT 256          /* without a scale, a side of the plot is at least this at fs 12 */
#define FIG_MAX_SIZE_DEFAULT 2048 /* the framed plot's largest side, without max_size */
#define FIG_FRAMED_MAX 4096       /* the largest max_size of a framed figure (memory, above) */
#define FIG_SIDE_MAX 0x7fffffffu  /* PNG's limit on a side (raw) */
#define FIG_SURFACE_MAX 32767     /* cairo's limit on an image surface's side */
#define FIG_TICKS_MAX 16
#define FIG_TEXT_MAX (3 * FIG_TICKS_MAX + 4)
#define FIG_RECT_MAX (3 * FIG_TICKS_MAX + 8)
#define FIG_TEXT_LEN 160
#define FIG_LABEL_LEN 24

struct fig_spec {
	size_t n_rows, n_cols;        /* data cells: positions down, columns across */
	int raw;                      /* the plot alone, no frame */
	size_t scale;                 /* pixels per cell a side; 0: automatic */
	size_t max_size;              /* largest plot side; 0: the default */
	double lo, hi;                /* the range mapped onto the colour map */
	const char *title;            /* NULL: none */
	const char *colormap;         /* its name, for the subtitle */
	const char *row_axis;         /* axis labels */
	const char *col_axis;
	size_t col_group;             /* columns in groups of this many side by
	                                 side: ticks at each group's first
	                                 column, named h0, h1, ...; 0: none */
	const unsigned char *level;   /* [256]: palette entry of a colour map index */
	const struct fig_font *font;  /* framed: the font measured */
};

struct fig_text {
	double x, y;           /* the start of its baseline */
	int vertical;          /* turned a quarter left: read upwards from (x, y) */
	char s[FIG_TEXT_LEN];
};

struct fig_rect {
	size_t x0, y0, x1, y1; /* ink over [x0, x1) x [y0, y1) */
};

struct figure {
	int framed;
	size_t bx, by;          /* data cells averaged into one plot cell, across and down */
	size_t kx, ky;          /* pixels of a plot cell, across and down */
	size_t cols, rows;      /* plot cells: ceil(n_cols / bx) x ceil(n_rows / by) */
	size_t width, height;   /* the image */
	size_t plot_x, plot_y, plot_w, plot_h;
	size_t bar_x, bar_w;    /* first column of the colour bar, its width */
	double font_size;
	double lo, hi;
	const unsigned char *level;
	char subtitle[FIG_TEXT_LEN];
	struct fig_rect rect[FIG_RECT_MAX];
	size_t n_rect;
	struct fig_text text[FIG_TEXT_MAX];
	size_t n_text;
};

/*
 * Ticks for n_groups groups of columns side by side (heads), one at a
 * group's first column: every group, or every 2nd, 5th, 10th, 20th, ...
 * so that ticks are at least min_px apart (group_px pixels a group) and
 * at most max_ticks.
 */
size_t fig_group_every(size_t n_groups, double group_px, double min_px, size_t max_ticks);

/*
 * One axis of n cells: the pixels per cell k (scale, or without one the
 * smallest k that makes n k at least min_plot, at most max_size / n;
 * min_plot 0, raw: 1) and the block b, the smallest with ceil(n / b) k <=
 * max_size.  max_size >= scale.  A framed figure's min_plot is
 * FIG_MIN_PLOT at 12 pixels and grows with the font: 256 fs / 12.
 */
void fig_axis(size_t *k, size_t *b, size_t n, size_t scale, size_t max_size, size_t min_plot);

/*
 * Nice tick values in [lo, hi]: the multiples of the smallest step s of
 * 1, 2 or 5 times a power of ten with s >= min_step (min_step > 0).  Returns
 * the count (at most max) and sets *step; lo == hi gives the one tick lo.
 */
size_t fig_ticks(double *v, size_t max, double lo, double hi, double min_step,
                 double *step);

/*
 * Labels for the ticks v[0..n-1] of step: fixed-point with as many decimals
 * as the step needs when that fits in max_chars, else the shortest %.Ng
 * that tells every tick apart.  "-0" prints as "0".
 */
void fig_tick_labels(char (*label)[FIG_LABEL_LEN], const double *v, size_t n,
                     double step, size_t max_chars);

/* Lay the figure out; -1 (err) when an image side would exceed PNG's
 * limit (raw) or cairo's (framed). */
int fig_layout(struct figure *f, const struct fig_spec *s, struct out_err *err);

/* ---- the plot's cells (cells.c) ---- */

/*
 * The colour map po names (viridis if none) into pal and level (the
 * palette entries of its 256 indices, colormap_palette; raw without masked
 * cells the map's own 256 entries) and the entry of a masked cell; NULL
 * with the message for an unknown name.
 */
const struct colormap *fig_palette(const struct png_opts *po, const struct table_src *t,
                                   unsigned char pal[256][3], unsigned char level[256],
                                   unsigned char *mask, struct out_err *err);

/* The layout of t's figure as po asks (font: framed, the font measured);
 * NULL with the message. */
struct figure *fig_new(const struct table_src *t, const struct png_opts *po,
                       const char *colormap, const unsigned char *level,
                       const struct fig_font *font, struct out_err *err);

/* Called with each plot row r, 0 .. f->rows - 1 in order: px its f->plot_w
 * palette entries (kx a cell); 0 to go on, -1 (err set) to stop. */
typedef int (*fig_row_fn)(void *ctx, size_t r, const unsigned char *px);

/*
 * Pull the table's rows, block-average them and colour each plot row
 * (NaN cells: mask), on table_workers(t) threads a pass at a time,
 * memory O(width); hand each to fn.  0, or -1 (err).
 */
/* The bytes fig_plot_rows holds at once for f on table_workers(t) threads. */
double fig_plot_rows_bytes(const struct table_src *t, const struct figure *f);
int fig_plot_rows(struct table_src *t, const struct figure *f, const unsigned char *level,
                  unsigned char mask, double lo, double hi, fig_row_fn fn, void *ctx,
                  struct out_err *err);

/* ---- drawing with cairo (figdraw.c) ---- */

struct fig_drawing;   /* the font's cairo state, a figure's pixels */

/* ---- the font (figfont.c) ---- */

struct fig_face;      /* the figure's font face */
struct _cairo;        /* cairo_t */

/* The face of FIG_FONT_FILE (configure --with-font; DejaVu Sans from
 * fonts-dejavu-core) through FreeType, or when that file cannot be read,
 * of FIG_FONT_FAMILY through fontconfig; NULL (err, a fault) when memory
 * runs out. */
struct fig_face *fig_face_new(struct out_err *err);
/* Select ff at size on cr. */
void fig_face_set(const struct fig_face *ff, struct _cairo *cr, double size);
/* The file's path, or the family's name, for messages. */
const char *fig_face_name(const struct fig_face *ff);
/* Whether an allocation of the file's FreeType library failed (FreeType
 * may have gone on without reporting it: figft.h). */
int fig_face_failed(const struct fig_face *ff);
/* The file's path, or NULL for fontconfig's font. */
const char *fig_face_file(const struct fig_face *ff);

/* ---- a PNG figure's pixels without cairo (figraster.c) ---- */

/* f drawn from cells (rows x cols palette entries) through pal, its text
 * from font_file at f->font_size pixels: width x height RGB pixels,
 * row-major, to free; NULL (err; a fault when memory ran out). */
unsigned char *fig_raster(const struct figure *f, const unsigned char *cells,
                          const unsigned char pal[256][3], const char *font_file,
                          struct out_err *err);
/* The palette entry of the colour bar's pixel row y (0 at the top): the
 * value at the middle of the row. */
unsigned char fig_bar_level(const struct figure *f, size_t y);
/* Free ff and cairo's caches: no other cairo object may be alive. */
void fig_face_free(struct fig_face *ff);

/* The font FIG_FONT_FAMILY at size pixels, measured into *font; NULL with
 * the message when cairo fails. */
struct fig_drawing *fig_drawing_new(double size, struct fig_font *font, struct out_err *err);
/* The font's file when the text is drawn from it (figfont.c), else NULL
 * (fontconfig's font, drawn by cairo). */
const char *fig_drawing_font_file(const struct fig_drawing *d);
/* 0 if every width measured through the font d made (the layout) was
 * measured; -1 (err; a fault when memory ran out) if one failed. */
int fig_drawing_measured(const struct fig_drawing *d, struct out_err *err);
/* Free d, then cairo's and fontconfig's caches: no other cairo object may
 * be alive (one drawing at a time). */
void fig_drawing_free(struct fig_drawing *d);

/*
 * Draw f (framed), its plot from cells (f->rows x f->cols palette
 * entries, row-major) through pal:
 *   OUT_FORMAT_PNG: into an RGB image (a shared mapping, kept until
 *                   fig_drawing_free); fig_drawing_rgb_row reads it back;
 *   OUT_FORMAT_SVG, OUT_FORMAT_PDF: as vectors onto fp, the cells one
 *                   embedded image; po's command and date into the PDF's
 *                   metadata.
 * cairo draws in a child process (fig_proc_run): a crash of cairo is -1
 * with a fault in err, and nothing written to fp.  0, or -1 (err).
 */
int fig_drawing_draw(struct fig_drawing *d, const struct figure *f,
                     const unsigned char *cells, const unsigned char pal[256][3],
                     enum out_format fmt, const struct png_opts *po, FILE *fp,
                     struct out_err *err);

/* Row y of the image drawn for OUT_FORMAT_PNG as 8-bit RGB into rgb[3 f->width]. */
void fig_drawing_rgb_row(const struct fig_drawing *d, size_t y, unsigned char *rgb);

/* ---- a step in a child process (figproc.c) ---- */

/* What a step run by fig_proc_run reports: 0 or -1 in rc; on -1, either
 * write_errno (a write error's errno) or the message, a fault or not. */
struct fig_report {
	int rc;
	int fault;         /* out_is_fault of the step's message */
	int write_errno;   /* 0: no write error */
	char msg[sizeof ((struct out_err *)0)->msg];
};
typedef void (*fig_step_fn)(void *ctx, struct fig_report *r);

/*
 * step(ctx, r) in a forked child that leaves with _exit, so that a crash
 * inside it (cairo's, on a failed allocation) ends the child alone: the
 * report, or a fault naming what and the signal.  The child shares with
 * the caller only what was there at the fork: memory it writes must be a
 * shared mapping, and a stream it writes into must be flushed before.
 * fork failing for want of memory is a fault; for a limit on processes,
 * the step runs in this process.  0, or -1 (err).
 */
int fig_proc_run(fig_step_fn step, void *ctx, const char *what, struct out_err *err);

#endif

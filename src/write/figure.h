/*
 * figure.h - the heatmap as a finished figure: a built-in bitmap font, the
 * layout (title, axes with ticks, colour bar), and its drawing one image
 * row at a time, so that the PNG writer streams rows and never holds the
 * image.  Pure computation: no I/O.
 *
 * The framed figure, in pixels (c x r the cells of the plot, after block
 * averaging, each kx x ky pixels):
 *
 *   +--------------------------------------------------------------+
 *   |                 title (the table source's title)         top |
 *   |                 subtitle (colour map, range, blocks)     43  |
 *   |  p     +-----------------------+       +--+                  |
 *   |  o  0 -|                       |       |  |- 1.0             |
 *   |  s     |   plot: c*kx x r*ky   |       |  |- 0.5             |
 *   |  i 10 -|                       |       |  |- 0.0  colour bar |
 *   |  t     +-----------------------+       +--+                  |
 *   |  i      |    |    |    |                                     |
 *   |  on     0   10   20   30                             bottom  |
 *   |  left 87           dimension                  right 108  40  |
 *   +--------------------------------------------------------------+
 *
 *   width  = c kx + FIG_PAD_LEFT + FIG_PAD_RIGHT  = c kx + 195
 *   height = r ky + FIG_PAD_TOP + FIG_PAD_BOTTOM  = r ky + 83
 *
 * With raw the image is the plot alone: c kx x r ky.
 */
#ifndef PECLI_FIGURE_H
#define PECLI_FIGURE_H

#include <stddef.h>

#include "write/write.h"

/* ---- the font (font.c) ---- */

#define FONT_FIRST 32    /* ' ' */
#define FONT_LAST 126    /* '~' */
#define FONT_W 5         /* glyph width */
#define FONT_H 9         /* glyph height: 7 above the baseline, 2 below */
#define FONT_ASCENT 7
#define FONT_ADVANCE 6   /* glyph width and one blank column */

/* Row y (0 top .. FONT_H-1) of the glyph of c as bits, bit FONT_W-1 the
 * leftmost column; a character outside 32 .. 126 draws as '?'. */
unsigned font_glyph_row(int c, int y);
/* Width in pixels of s drawn in one line: FONT_ADVANCE strlen(s) - 1. */
size_t font_text_width(const char *s);

/* ---- the layout ---- */

#define FIG_MARGIN 10          /* blank border all round */
#define FIG_TICK 4             /* tick mark length */
#define FIG_TICK_GAP 3         /* between a tick mark and its label */
#define FIG_BAR_GAP 12         /* between the plot's frame and the colour bar's */
#define FIG_BAR_W 16           /* colour bar width inside its frame */
#define FIG_YLABEL_CHARS 9     /* position labels up to 999999999 */
#define FIG_BARLABEL_CHARS 10  /* colour bar labels: "-1.23e+100" at most */
#define FIG_LINE_GAP 4         /* between title and subtitle, tick labels and axis label */
#define FIG_TITLE_GAP 10       /* between the subtitle and the plot's frame */
#define FIG_AXIS_GAP 6         /* between the rotated axis label and the tick labels */

#define FIG_PAD_LEFT (FIG_MARGIN + FONT_H + FIG_AXIS_GAP + FIG_YLABEL_CHARS * FONT_ADVANCE \
                      + FIG_TICK_GAP + FIG_TICK + 1)                               /* 87 */
#define FIG_PAD_RIGHT (1 + FIG_BAR_GAP + 1 + FIG_BAR_W + 1 + FIG_TICK + FIG_TICK_GAP \
                       + FIG_BARLABEL_CHARS * FONT_ADVANCE + FIG_MARGIN)           /* 108 */
#define FIG_PAD_TOP (FIG_MARGIN + FONT_H + FIG_LINE_GAP + FONT_H + FIG_TITLE_GAP + 1) /* 43 */
#define FIG_PAD_BOTTOM (1 + FIG_TICK + FIG_TICK_GAP + FONT_H + FIG_LINE_GAP + FONT_H \
                        + FIG_MARGIN)                                              /* 40 */

#define FIG_MIN_PLOT 256          /* without a scale, a side of the plot is at least this */
#define FIG_MAX_SIZE_DEFAULT 2048 /* the framed plot's largest side, without max_size */
#define FIG_SIDE_MAX 0x7fffffffu  /* PNG's limit on a side */
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
};

struct fig_text {
	size_t x, y;           /* top-left corner of its box */
	int vertical;          /* turned a quarter left: read upwards */
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
	size_t bar_x;           /* first column of the colour bar */
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
 * smallest k that makes n k at least FIG_MIN_PLOT, at most max_size / n,
 * and 1 for raw) and the block b, the smallest with ceil(n / b) k <=
 * max_size.  max_size >= scale.
 */
void fig_axis(size_t *k, size_t *b, size_t n, size_t scale, size_t max_size, int raw);

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

/* Lay the figure out; -1 (err) when an image side would exceed PNG's limit. */
int fig_layout(struct figure *f, const struct fig_spec *s, struct out_err *err);

/*
 * Draw image row y into pix[f->width] (palette entries).  plot holds the
 * plot's row (f->plot_w entries) when y crosses the plot, else NULL.
 */
void fig_draw_row(const struct figure *f, size_t y, const unsigned char *plot,
                  unsigned char *pix);

#endif

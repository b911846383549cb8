/*
 * figure.c - the layout of a heatmap figure (see figure.h for the picture
 * and the size formula), with the widths of the real font (struct
 * fig_font); figdraw.c draws it.
 *
 * Ticks follow the habit of plotting programs (matplotlib's MaxNLocator):
 * steps of 1, 2 or 5 times a power of ten, at most about ten to an axis,
 * spaced so that their labels do not touch.  Position and column ticks sit
 * at the centre of the cell they name, as matplotlib's imshow puts them.
 * Frames and tick marks are whole-pixel rectangles, so that they stay
 * crisp in a PNG; text is placed by its baseline.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "write/colormap.h"
#include "write/figure.h"

/* ---- scale and blocks ---- */

void fig_axis(size_t *k, size_t *b, size_t n, size_t scale, size_t max_size, size_t min_plot)
{
	size_t kk = scale, fit;

	if (!kk) {
		kk = min_plot ? (min_plot + n - 1) / n : 1;
		if (min_plot && kk > max_size / n)
			kk = max_size / n;
		if (kk < 1)
			kk = 1;
	}
	fit = max_size / kk;   /* whole cells that fit; the caller keeps scale <= max_size */
	if (fit < 1)
		fit = 1;
	*k = kk;
	*b = n <= fit ? 1 : (n + fit - 1) / fit;
}

/* ---- ticks and their labels ---- */

size_t fig_ticks(double *v, size_t max, double lo, double hi, double min_step,
                 double *step)
{
	static const double mult[] = { 1.0, 2.0, 5.0, 10.0 };
	double p, s = 0.0, k0, k1;
	size_t n = 0;

	*step = 0.0;
	if (max == 0)
		return 0;
	if (!(hi > lo) || !(min_step > 0.0)) {
		v[0] = lo;
		return 1;
	}
	if (!isfinite(hi - lo) || !isfinite(min_step)) {
		/* a range near the largest double: its ends only */
		v[0] = lo;
		if (max > 1)
			v[1] = hi;
		return max > 1 ? 2 : 1;
	}
	p = pow(10.0, floor(log10(min_step)));
	for (size_t m = 0; m < 4; m++) {
		s = mult[m] * p;
		/* 1e-12: log10 and pow may land a hair below an exact power */
		if (s >= min_step * (1.0 - 1e-12))
			break;
	}
	/* 1e-9 of a step: accept the ends of [lo, hi] despite rounding */
	k0 = ceil(lo / s - 1e-9);
	k1 = floor(hi / s + 1e-9);
	for (double k = k0; k <= k1 && n < max; k++) {
		double x = k * s;
		v[n++] = fabs(x) < 1e-9 * s ? 0.0 : x;
	}
	*step = s;
	return n;
}

void fig_tick_labels(char (*label)[FIG_LABEL_LEN], const double *v, size_t n,
                     double step, size_t max_chars)
{
	int fits = step > 0.0, dec = 0;

	if (fits) {
		/* 1e-9: log10(0.1) may fall a hair below -1 */
		dec = (int)-floor(log10(step) + 1e-9);
		if (dec < 0)
			dec = 0;
		if (dec > 17)
			fits = 0;
	}
	for (size_t i = 0; fits && i < n; i++) {
		snprintf(label[i], FIG_LABEL_LEN, "%.*f", dec, v[i] == 0.0 ? 0.0 : v[i]);
		if (strlen(label[i]) > max_chars)
			fits = 0;
	}
	if (fits)
		return;
	for (int p = step > 0.0 ? 1 : 6; p <= 17; p++) {
		int distinct = 1;

		for (size_t i = 0; i < n; i++) {
			snprintf(label[i], FIG_LABEL_LEN, "%.*g", p, v[i] == 0.0 ? 0.0 : v[i]);
			if (i > 0 && strcmp(label[i], label[i - 1]) == 0)
				distinct = 0;
		}
		if (distinct)
			return;
	}
}

/* ---- layout ---- */

/* The font's width of s. */
static double text_w(const struct fig_font *ft, const char *s)
{
	return ft->width(ft->ctx, s);
}

static void add_text(struct figure *f, const char *s, double x, double y, int vertical)
{
	struct fig_text *t;

	if (f->n_text == FIG_TEXT_MAX)
		return;
	t = &f->text[f->n_text++];
	snprintf(t->s, sizeof t->s, "%s", s);
	t->x = x;
	t->y = y;
	t->vertical = vertical;
}

static void add_rect(struct figure *f, size_t x0, size_t y0, size_t x1, size_t y1)
{
	if (f->n_rect < FIG_RECT_MAX)
		f->rect[f->n_rect++] = (struct fig_rect){ x0, y0, x1, y1 };
}

/* A one-pixel frame around [x, x + w) x [y, y + h). */
static void add_frame(struct figure *f, size_t x, size_t y, size_t w, size_t h)
{
	add_rect(f, x - 1, y - 1, x + w + 1, y);
	add_rect(f, x - 1, y + h, x + w + 1, y + h + 1);
	add_rect(f, x - 1, y, x, y + h);
	add_rect(f, x + w, y, x + w + 1, y + h);
}

/* A line of text of width w centred over the plot, kept inside the
 * margins; y its baseline. */
static void add_heading(struct figure *f, const char *s, double w, double y, size_t margin)
{
	double x = (double)f->plot_x + ((double)f->plot_w - w) / 2.0;

	if (x + w > (double)(f->width - margin))
		x = (double)(f->width - margin) - w;
	if (x < (double)margin)
		x = (double)margin;
	add_text(f, s, x, y, 0);
}

static size_t n_digits(size_t n)
{
	size_t k = 1;

	while (n >= 10) {
		n /= 10;
		k++;
	}
	return k;
}

/* Ticks of an axis of n cells shown as n / b * k pixels; min_px apart. */
static size_t cell_ticks(double *v, size_t n, size_t k, size_t b, double min_px)
{
	double step, min_step = min_px * (double)b / (double)k;

	if (min_step < (double)(n - 1) / 10.0)   /* at most about ten ticks */
		min_step = (double)(n - 1) / 10.0;
	if (min_step < 1.0)
		min_step = 1.0;
	return fig_ticks(v, FIG_TICKS_MAX, 0.0, (double)(n - 1), min_step, &step);
}

/* Ticks at the first column of groups of g columns, n_g groups, labels
 * h0, h1, ...: every group, or every 2nd, 5th, 10th, ... so that ticks
 * stay two labels' widths apart and at most FIG_TICKS_MAX. */
size_t fig_group_every(size_t n_groups, double group_px, double min_px, size_t max_ticks)
{
	static const size_t steps[] = { 1, 2, 5 };
	size_t every = 1;

	for (size_t m = 1, i = 0; (double)every * group_px < min_px
	                          || (n_groups - 1) / every + 1 > max_ticks; ) {
		i = (i + 1) % 3;
		if (i == 0)
			m *= 10;
		every = steps[i] * m;
	}
	return every;
}

static size_t group_ticks(double *v, char (*label)[FIG_LABEL_LEN], size_t n_g, size_t g,
                          size_t k, size_t b, double min_px)
{
	double px = (double)g * (double)k / (double)b;   /* pixels a group */
	size_t every = fig_group_every(n_g, px, min_px, FIG_TICKS_MAX), n = 0;

	for (size_t h = 0; h < n_g; h += every, n++) {
		v[n] = (double)(h * g);
		snprintf(label[n], FIG_LABEL_LEN, "h%zu", h);
	}
	return n;
}

/* The pixel (from the plot's edge) at the centre of cell index v. */
static size_t cell_pixel(double v, size_t k, size_t b, size_t extent)
{
	size_t p = (size_t)floor((v + 0.5) * (double)k / (double)b);

	return p < extent ? p : extent - 1;
}

/* The ticks of the three axes, their labels and pixels from the plot's
 * edge (the colour bar's from its top). */
struct fig_axes {
	size_t n_col, n_row, n_bar;
	size_t col_px[FIG_TICKS_MAX], row_px[FIG_TICKS_MAX], bar_px[FIG_TICKS_MAX];
	char col[FIG_TICKS_MAX][FIG_LABEL_LEN], row[FIG_TICKS_MAX][FIG_LABEL_LEN],
	     bar[FIG_TICKS_MAX][FIG_LABEL_LEN];
	double row_w, bar_w;   /* the widest label of each */
};

static void axes_ticks(struct fig_axes *a, const struct figure *f, const struct fig_spec *s,
                       const struct fig_font *ft)
{
	double v[FIG_TICKS_MAX], step, fs = ft->size, zero = text_w(ft, "0");

	/* across: labels at least two digits' widths apart, and 3.3 em (40
	 * pixels at 12); columns in groups: a tick at the first column of
	 * every group (or every second, fifth, ... as the room allows) */
	if (s->col_group && s->n_cols / s->col_group > 1) {
		size_t n_g = s->n_cols / s->col_group;
		a->n_col = group_ticks(v, a->col, n_g, s->col_group, f->kx, f->bx,
		                       (double)(n_digits(n_g - 1) + 3) * zero);
	} else {
		a->n_col = cell_ticks(v, s->n_cols, f->kx, f->bx,
		                      fmax(40.0 / 12.0 * fs, (double)(n_digits(s->n_cols - 1) + 2) * zero));
		fig_tick_labels(a->col, v, a->n_col, 1.0, FIG_LABEL_LEN - 1);
	}
	for (size_t i = 0; i < a->n_col; i++)
		a->col_px[i] = cell_pixel(v[i], f->kx, f->bx, f->plot_w);

	/* down: 2.5 lines apart */
	a->n_row = cell_ticks(v, s->n_rows, f->ky, f->by, 2.5 * fs);
	fig_tick_labels(a->row, v, a->n_row, 1.0, FIG_LABEL_LEN - 1);
	a->row_w = 0.0;
	for (size_t i = 0; i < a->n_row; i++) {
		a->row_px[i] = cell_pixel(v[i], f->ky, f->by, f->plot_h);
		a->row_w = fmax(a->row_w, text_w(ft, a->row[i]));
	}

	/* the colour bar: values down from hi, two lines apart, at most ~8 */
	a->n_bar = fig_ticks(v, FIG_TICKS_MAX, s->lo, s->hi,
	                     fmax((s->hi - s->lo) * 2.0 * fs / (double)f->plot_h,
	                          (s->hi - s->lo) / 8.0), &step);
	fig_tick_labels(a->bar, v, a->n_bar, step, 10);
	a->bar_w = 0.0;
	for (size_t i = 0; i < a->n_bar; i++) {
		size_t y = f->plot_h / 2;

		if (s->hi > s->lo) {
			double r = floor((s->hi - v[i]) / (s->hi - s->lo) * (double)f->plot_h);
			y = r < (double)f->plot_h ? (size_t)r : f->plot_h - 1;
		}
		a->bar_px[i] = y;
		a->bar_w = fmax(a->bar_w, text_w(ft, a->bar[i]));
	}
}

/* The cells' geometry: scale, blocks, the plot's size. */
static int plot_geometry(struct figure *f, const struct fig_spec *s, struct out_err *err)
{
	size_t max = s->max_size ? s->max_size
	                         : s->raw ? FIG_SIDE_MAX : FIG_MAX_SIZE_DEFAULT, min_plot;

	if (s->n_rows == 0 || s->n_cols == 0)
		return out_fail(err, "nothing to draw: %zu x %zu cells", s->n_rows, s->n_cols);
	if (s->scale > max)
		return out_fail(err, "a scale of %zu pixels exceeds the largest side, %zu",
		                s->scale, max);
	if (!s->raw && max > FIG_FRAMED_MAX)
		return out_fail(err, "a framed figure's plot is at most %d pixels a side, not %zu",
		                FIG_FRAMED_MAX, max);
	/* the plot grows with the type: at least 256 pixels a side at 12 */
	min_plot = s->raw ? 0 : s->font ? FIG_PAD(s->font->size, FIG_MIN_PLOT / 12.0) : FIG_MIN_PLOT;
	fig_axis(&f->kx, &f->bx, s->n_cols, s->scale, max, min_plot);
	fig_axis(&f->ky, &f->by, s->n_rows, s->scale, max, min_plot);
	f->cols = (s->n_cols + f->bx - 1) / f->bx;
	f->rows = (s->n_rows + f->by - 1) / f->by;
	f->plot_w = f->cols * f->kx;
	f->plot_h = f->rows * f->ky;
	return 0;
}

/* The pads of figure.h from the font and the widest labels; the figure's
 * size, widened for the headings of widths head_w. */
static int frame_size(struct figure *f, const struct fig_font *ft, const struct fig_axes *a,
                      double head_w, struct out_err *err)
{
	double fs = ft->size;
	size_t line = (size_t)ceil(ft->ascent + ft->descent), margin = FIG_PAD(fs, FIG_MARGIN_EM);
	size_t tick = FIG_PAD(fs, FIG_TICK_EM), tick_gap = FIG_PAD(fs, FIG_TICK_GAP_EM);
	size_t left = margin + line + FIG_PAD(fs, FIG_AXIS_GAP_EM) + (size_t)ceil(a->row_w)
	              + tick_gap + tick + 1;
	size_t right = 1 + FIG_PAD(fs, FIG_BAR_GAP_EM) + 1 + FIG_PAD(fs, FIG_BAR_EM) + 1 + tick
	               + tick_gap + (size_t)ceil(a->bar_w) + margin;
	size_t top = margin + 2 * line + FIG_PAD(fs, FIG_GAP_EM) + FIG_PAD(fs, FIG_TITLE_GAP_EM) + 1;
	size_t bottom = 1 + tick + tick_gap + 2 * line + FIG_PAD(fs, FIG_GAP_EM) + margin;
	size_t need = (size_t)ceil(head_w) + 2 * margin;

	if (left + f->plot_w + right < need) {
		size_t extra = need - (left + f->plot_w + right);
		left += extra / 2;
		right += extra - extra / 2;
	}
	if (f->plot_w + left + right > FIG_SURFACE_MAX || f->plot_h + top + bottom > FIG_SURFACE_MAX)
		return out_fail(err, "a figure of %zu x %zu pixels exceeds cairo's limit, %d a side",
		                f->plot_w + left + right, f->plot_h + top + bottom, FIG_SURFACE_MAX);
	f->width = f->plot_w + left + right;
	f->height = f->plot_h + top + bottom;
	f->plot_x = left;
	f->plot_y = top;
	f->bar_w = FIG_PAD(fs, FIG_BAR_EM);
	f->bar_x = f->plot_x + f->plot_w + 1 + FIG_PAD(fs, FIG_BAR_GAP_EM) + 1;
	return 0;
}

/* The title and subtitle; the subtitle into f. */
static void set_subtitle(struct figure *f, const struct fig_spec *s)
{
	char lo_s[FMT_BUF], hi_s[FMT_BUF];
	size_t len;

	fmt_double(lo_s, s->lo, 4);
	fmt_double(hi_s, s->hi, 4);
	len = (size_t)snprintf(f->subtitle, sizeof f->subtitle, "%s over [%s, %s]",
	                       s->colormap, lo_s, hi_s);
	if ((f->bx > 1 || f->by > 1) && len < sizeof f->subtitle)
		snprintf(f->subtitle + len, sizeof f->subtitle - len,
		         "; means of %zu x %zu cell blocks", f->by, f->bx);
}

/* Frames, tick marks and every text, once the size is known. */
static void place(struct figure *f, const struct fig_spec *s, const struct fig_font *ft,
                  const struct fig_axes *a)
{
	double fs = ft->size, line = ceil(ft->ascent + ft->descent);
	size_t margin = FIG_PAD(fs, FIG_MARGIN_EM), gap = FIG_PAD(fs, FIG_GAP_EM);
	size_t tick = FIG_PAD(fs, FIG_TICK_EM), tick_gap = FIG_PAD(fs, FIG_TICK_GAP_EM);
	const char *title = s->title ? s->title : "";
	const char *col_axis = s->col_axis ? s->col_axis : "column";
	const char *row_axis = s->row_axis ? s->row_axis : "row";
	double below = (double)(f->plot_y + f->plot_h + 1 + tick + tick_gap), w, x;

	add_heading(f, title, text_w(ft, title), (double)margin + ft->ascent, margin);
	add_heading(f, f->subtitle, text_w(ft, f->subtitle),
	            (double)margin + line + (double)gap + ft->ascent, margin);
	add_frame(f, f->plot_x, f->plot_y, f->plot_w, f->plot_h);
	add_frame(f, f->bar_x, f->plot_y, f->bar_w, f->plot_h);
	for (size_t i = 0; i < a->n_col; i++) {
		size_t px = f->plot_x + a->col_px[i], py = f->plot_y + f->plot_h + 1;

		add_rect(f, px, py, px + 1, py + tick);
		w = text_w(ft, a->col[i]);
		x = fmin(fmax((double)px + 0.5 - w / 2.0, (double)margin), (double)f->width - w);
		add_text(f, a->col[i], x, below + ft->ascent, 0);
	}
	add_heading(f, col_axis, text_w(ft, col_axis),
	            below + line + (double)gap + ft->ascent, margin);
	for (size_t i = 0; i < a->n_row; i++) {
		size_t py = f->plot_y + a->row_px[i], px = f->plot_x - 1 - tick;

		add_rect(f, px, py, px + tick, py + 1);
		add_text(f, a->row[i], (double)(px - tick_gap) - text_w(ft, a->row[i]),
		         (double)py + 0.5 + ft->digit_h / 2.0, 0);
	}
	/* the row axis's name, turned, its glyphs' tops to the left: the
	 * baseline a descent right of the ink's left edge */
	w = text_w(ft, row_axis);
	x = (double)(f->plot_x - 1 - tick - tick_gap) - ceil(a->row_w)
	    - (double)FIG_PAD(fs, FIG_AXIS_GAP_EM) - ft->descent;
	add_text(f, row_axis, fmax(x, (double)margin + ft->ascent),
	         fmin((double)f->plot_y + ((double)f->plot_h + w) / 2.0, (double)f->height - margin), 1);
	for (size_t i = 0; i < a->n_bar; i++) {
		size_t py = f->plot_y + a->bar_px[i], px = f->bar_x + f->bar_w + 1;

		add_rect(f, px, py, px + tick, py + 1);
		add_text(f, a->bar[i], (double)(px + tick + tick_gap),
		         (double)py + 0.5 + ft->digit_h / 2.0, 0);
	}
}

int fig_layout(struct figure *f, const struct fig_spec *s, struct out_err *err)
{
	struct fig_axes a;
	const struct fig_font *ft = s->font;

	memset(f, 0, sizeof *f);
	if (plot_geometry(f, s, err) != 0)
		return -1;
	f->framed = !s->raw;
	f->lo = s->lo;
	f->hi = s->hi;
	f->level = s->level;
	if (!f->framed) {
		f->width = f->plot_w;
		f->height = f->plot_h;
		return 0;
	}
	if (!ft)
		return out_fail(err, "a framed figure needs its font");
	f->font_size = ft->size;
	set_subtitle(f, s);
	axes_ticks(&a, f, s, ft);
	/* the headings, and the column axis's name, fit across */
	if (frame_size(f, ft, &a, fmax(fmax(text_w(ft, s->title ? s->title : ""),
	                                    text_w(ft, f->subtitle)),
	                               text_w(ft, s->col_axis ? s->col_axis : "column")),
	               err) != 0)
		return -1;
	place(f, s, ft, &a);
	return 0;
}

unsigned char fig_bar_level(const struct figure *f, size_t y)
{
	double v = f->hi - ((double)y + 0.5) / (double)f->plot_h * (f->hi - f->lo);

	return f->level[colormap_index(v, f->lo, f->hi)];
}

/*
 * figure.c - the layout of a heatmap figure and its drawing, one image row
 * at a time (see figure.h for the picture and the size formula).
 *
 * Ticks follow the habit of plotting programs (matplotlib's MaxNLocator):
 * steps of 1, 2 or 5 times a power of ten, at most about ten to an axis,
 * spaced so that their labels do not touch.  Position and column ticks sit
 * at the centre of the cell they name, as matplotlib's imshow puts them.
 * Everything is drawn in two palette entries, PAL_BG and PAL_INK, besides
 * the plot and the colour bar.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "write/colormap.h"
#include "write/figure.h"

/* ---- scale and blocks ---- */

void fig_axis(size_t *k, size_t *b, size_t n, size_t scale, size_t max_size, int raw)
{
	size_t kk = scale, fit;

	if (!kk) {
		kk = raw ? 1 : (FIG_MIN_PLOT + n - 1) / n;
		if (!raw && kk > max_size / n)
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

static size_t clamp_pos(long x, size_t extent, size_t limit)
{
	if (x + (long)extent > (long)limit)
		x = (long)limit - (long)extent;
	return x < 0 ? 0 : (size_t)x;
}

/* Text s with its box's top-left corner at (x, y), kept inside the image. */
static void add_text(struct figure *f, const char *s, long x, long y, int vertical)
{
	struct fig_text *t;
	size_t w;

	if (f->n_text == FIG_TEXT_MAX)
		return;
	t = &f->text[f->n_text++];
	snprintf(t->s, sizeof t->s, "%s", s);
	w = font_text_width(t->s);
	t->vertical = vertical;
	t->x = clamp_pos(x, vertical ? FONT_H : w, f->width);
	t->y = clamp_pos(y, vertical ? w : FONT_H, f->height);
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

/* A line of text centred over the plot, cut with "..." to fit the image. */
static void add_heading(struct figure *f, const char *s, size_t y)
{
	char buf[FIG_TEXT_LEN];
	size_t max_chars = (f->width - 2 * FIG_MARGIN + 1) / FONT_ADVANCE, w;
	long x;

	snprintf(buf, sizeof buf, "%s", s);
	if (strlen(buf) > max_chars && max_chars >= 3)
		strcpy(buf + max_chars - 3, "...");
	w = font_text_width(buf);
	x = (long)f->plot_x + ((long)f->plot_w - (long)w) / 2;
	if (x + (long)w > (long)(f->width - FIG_MARGIN))
		x = (long)(f->width - FIG_MARGIN) - (long)w;
	if (x < FIG_MARGIN)
		x = FIG_MARGIN;
	add_text(f, buf, x, (long)y, 0);
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
                          size_t k, size_t b)
{
	double px = (double)g * (double)k / (double)b;   /* pixels a group */
	size_t every = fig_group_every(n_g, px, (double)((n_digits(n_g - 1) + 3) * FONT_ADVANCE),
	                               FIG_TICKS_MAX), n = 0;

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

int fig_layout(struct figure *f, const struct fig_spec *s, struct out_err *err)
{
	size_t max = s->max_size ? s->max_size
	                         : s->raw ? FIG_SIDE_MAX : FIG_MAX_SIZE_DEFAULT;
	double v[FIG_TICKS_MAX], step;
	char label[FIG_TICKS_MAX][FIG_LABEL_LEN], lo_s[FMT_BUF], hi_s[FMT_BUF];
	size_t n, len, widest = 0;

	memset(f, 0, sizeof *f);
	if (s->n_rows == 0 || s->n_cols == 0)
		return out_fail(err, "nothing to draw: %zu x %zu cells", s->n_rows, s->n_cols);
	if (s->scale > max)
		return out_fail(err, "a scale of %zu pixels exceeds the largest side, %zu",
		                s->scale, max);
	f->framed = !s->raw;
	f->lo = s->lo;
	f->hi = s->hi;
	f->level = s->level;
	fig_axis(&f->kx, &f->bx, s->n_cols, s->scale, max, s->raw);
	fig_axis(&f->ky, &f->by, s->n_rows, s->scale, max, s->raw);
	f->cols = (s->n_cols + f->bx - 1) / f->bx;
	f->rows = (s->n_rows + f->by - 1) / f->by;
	f->plot_w = f->cols * f->kx;
	f->plot_h = f->rows * f->ky;
	if (!f->framed) {
		f->width = f->plot_w;
		f->height = f->plot_h;
		return 0;
	}
	if (f->plot_w > FIG_SIDE_MAX - FIG_PAD_LEFT - FIG_PAD_RIGHT
	    || f->plot_h > FIG_SIDE_MAX - FIG_PAD_TOP - FIG_PAD_BOTTOM)
		return out_fail(err, "a figure of %zu x %zu plot pixels exceeds PNG's limit",
		                f->plot_w, f->plot_h);
	f->width = f->plot_w + FIG_PAD_LEFT + FIG_PAD_RIGHT;
	f->height = f->plot_h + FIG_PAD_TOP + FIG_PAD_BOTTOM;
	f->plot_x = FIG_PAD_LEFT;
	f->plot_y = FIG_PAD_TOP;
	f->bar_x = f->plot_x + f->plot_w + 1 + FIG_BAR_GAP + 1;

	/* title and subtitle */
	add_heading(f, s->title ? s->title : "", FIG_MARGIN);
	fmt_double(lo_s, s->lo, 4);
	fmt_double(hi_s, s->hi, 4);
	len = (size_t)snprintf(f->subtitle, sizeof f->subtitle, "%s over [%s, %s]",
	                       s->colormap, lo_s, hi_s);
	if ((f->bx > 1 || f->by > 1) && len < sizeof f->subtitle)
		snprintf(f->subtitle + len, sizeof f->subtitle - len,
		         "; means of %zu x %zu cell blocks", f->by, f->bx);
	add_heading(f, f->subtitle, FIG_MARGIN + FONT_H + FIG_LINE_GAP);

	/* frames */
	add_frame(f, f->plot_x, f->plot_y, f->plot_w, f->plot_h);
	add_frame(f, f->bar_x, f->plot_y, FIG_BAR_W, f->plot_h);

	/* across: ticks below the plot at least two characters apart, and 40
	 * pixels; columns in groups: a tick at the first column of every
	 * group (or every second, fifth, ... as the room allows), h0, h1, ... */
	if (s->col_group && s->n_cols / s->col_group > 1)
		n = group_ticks(v, label, s->n_cols / s->col_group, s->col_group, f->kx, f->bx);
	else {
		n = cell_ticks(v, s->n_cols, f->kx, f->bx,
		               fmax(40.0, (double)((n_digits(s->n_cols - 1) + 2) * FONT_ADVANCE)));
		fig_tick_labels(label, v, n, 1.0, FIG_LABEL_LEN - 1);
	}
	for (size_t i = 0; i < n; i++) {
		size_t x = f->plot_x + cell_pixel(v[i], f->kx, f->bx, f->plot_w);
		size_t y = f->plot_y + f->plot_h + 1;

		add_rect(f, x, y, x + 1, y + FIG_TICK);
		add_text(f, label[i], (long)x - (long)(font_text_width(label[i]) - 1) / 2,
		         (long)(y + FIG_TICK + FIG_TICK_GAP), 0);
	}
	add_heading(f, s->col_axis ? s->col_axis : "column",
	            f->plot_y + f->plot_h + 1 + FIG_TICK + FIG_TICK_GAP + FONT_H + FIG_LINE_GAP);

	/* down: ticks left of the plot, 30 pixels apart (three lines of text) */
	n = cell_ticks(v, s->n_rows, f->ky, f->by, 30.0);
	fig_tick_labels(label, v, n, 1.0, FIG_LABEL_LEN - 1);
	for (size_t i = 0; i < n; i++) {
		size_t y = f->plot_y + cell_pixel(v[i], f->ky, f->by, f->plot_h);
		size_t x = f->plot_x - 1 - FIG_TICK;

		add_rect(f, x, y, x + FIG_TICK, y + 1);
		add_text(f, label[i], (long)(x - FIG_TICK_GAP) - (long)font_text_width(label[i]),
		         (long)y - FONT_ASCENT / 2, 0);
		if (font_text_width(label[i]) > widest)
			widest = font_text_width(label[i]);
	}
	{
		/* the axis name, turned, next to the widest label */
		const char *name = s->row_axis ? s->row_axis : "row";
		long w = (long)font_text_width(name);
		long x = (long)(f->plot_x - 1 - FIG_TICK - FIG_TICK_GAP - widest - FIG_AXIS_GAP - FONT_H);
		add_text(f, name, x > FIG_MARGIN ? x : FIG_MARGIN,
		         (long)f->plot_y + ((long)f->plot_h - w) / 2, 1);
	}

	/* the colour bar: values down from hi, ticks 24 pixels apart, at most ~8 */
	n = fig_ticks(v, FIG_TICKS_MAX, s->lo, s->hi,
	              fmax((s->hi - s->lo) * 24.0 / (double)f->plot_h, (s->hi - s->lo) / 8.0),
	              &step);
	fig_tick_labels(label, v, n, step, FIG_BARLABEL_CHARS);
	for (size_t i = 0; i < n; i++) {
		size_t y = f->plot_y + f->plot_h / 2, x = f->bar_x + FIG_BAR_W + 1;

		if (s->hi > s->lo) {
			double r = floor((s->hi - v[i]) / (s->hi - s->lo) * (double)f->plot_h);
			y = f->plot_y + (r < (double)f->plot_h ? (size_t)r : f->plot_h - 1);
		}
		add_rect(f, x, y, x + FIG_TICK, y + 1);
		add_text(f, label[i], (long)(x + FIG_TICK + FIG_TICK_GAP), (long)y - FONT_ASCENT / 2, 0);
	}
	return 0;
}

/* ---- drawing ---- */

static void draw_text_row(const struct fig_text *t, size_t y, unsigned char *pix,
                          size_t width)
{
	size_t len = strlen(t->s), w = font_text_width(t->s);

	if (!t->vertical) {
		unsigned gy = (unsigned)(y - t->y);

		if (y < t->y || y >= t->y + FONT_H)
			return;
		for (size_t i = 0; i < len; i++) {
			unsigned bits = font_glyph_row((unsigned char)t->s[i], (int)gy);
			for (int c = 0; c < FONT_W; c++) {
				size_t x = t->x + i * FONT_ADVANCE + (size_t)c;
				if ((bits >> (FONT_W - 1 - c)) & 1u && x < width)
					pix[x] = PAL_INK;
			}
		}
		return;
	}
	/* turned a quarter left: the text's first character at the bottom,
	 * the top of the glyphs facing left */
	if (y < t->y || y >= t->y + w)
		return;
	{
		size_t u = w - 1 - (y - t->y);
		int c = (int)(u % FONT_ADVANCE);

		if (c >= FONT_W)
			return;
		for (int gy = 0; gy < FONT_H; gy++) {
			unsigned bits = font_glyph_row((unsigned char)t->s[u / FONT_ADVANCE], gy);
			size_t x = t->x + (size_t)gy;
			if ((bits >> (FONT_W - 1 - c)) & 1u && x < width)
				pix[x] = PAL_INK;
		}
	}
}

void fig_draw_row(const struct figure *f, size_t y, const unsigned char *plot,
                  unsigned char *pix)
{
	if (!f->framed) {
		memcpy(pix, plot, f->plot_w);
		return;
	}
	memset(pix, PAL_BG, f->width);
	if (y >= f->plot_y && y < f->plot_y + f->plot_h) {
		/* the colour bar shows the value at the middle of its pixel row */
		double v = f->hi - ((double)(y - f->plot_y) + 0.5) / (double)f->plot_h
		                   * (f->hi - f->lo);

		if (plot)
			memcpy(pix + f->plot_x, plot, f->plot_w);
		memset(pix + f->bar_x, f->level[colormap_index(v, f->lo, f->hi)], FIG_BAR_W);
	}
	for (size_t k = 0; k < f->n_rect; k++) {
		const struct fig_rect *r = &f->rect[k];
		if (y >= r->y0 && y < r->y1)
			memset(pix + r->x0, PAL_INK, r->x1 - r->x0);
	}
	for (size_t k = 0; k < f->n_text; k++)
		draw_text_row(&f->text[k], y, pix, f->width);
}

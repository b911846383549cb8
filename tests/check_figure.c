/*
 * check_figure.c - the heatmap figure: scale and block sizes, ticks and
 * their labels, the layout and its size formula (src/write/figure.h),
 * measured with a fixed-width test font so that every number can be
 * worked by hand; the font cairo measures is tested end to end
 * (tests/figures.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/colormap.h"
#include "write/figure.h"

START_TEST(test_axis_scale_and_blocks)
{
	size_t k, b;

	/* framed, automatic: ceil(256 / n) pixels a cell */
	fig_axis(&k, &b, 16, 0, 2048, FIG_MIN_PLOT);
	ck_assert(k == 16 && b == 1);
	fig_axis(&k, &b, 5, 0, 2048, FIG_MIN_PLOT);     /* 52 x 5 = 260 >= 256 */
	ck_assert(k == 52 && b == 1);
	fig_axis(&k, &b, 300, 0, 2048, FIG_MIN_PLOT);
	ck_assert(k == 1 && b == 1);
	fig_axis(&k, &b, 2048, 0, 2048, FIG_MIN_PLOT);
	ck_assert(k == 1 && b == 1);
	/* too many cells: blocks of ceil(5000 / 2048) = 3, 1667 cells */
	fig_axis(&k, &b, 5000, 0, 2048, FIG_MIN_PLOT);
	ck_assert(k == 1 && b == 3);
	/* the automatic scale stays within the largest side: 100 / 10 */
	fig_axis(&k, &b, 10, 0, 100, FIG_MIN_PLOT);
	ck_assert(k == 10 && b == 1);
	/* raw: one pixel a cell unless scaled */
	fig_axis(&k, &b, 16, 0, FIG_SIDE_MAX, 0);
	ck_assert(k == 1 && b == 1);
	/* scale 3 in 10 pixels: 3 cells fit, blocks of ceil(16 / 3) = 6 */
	fig_axis(&k, &b, 16, 3, 10, 0);
	ck_assert(k == 3 && b == 6);
	fig_axis(&k, &b, 3, 3, 9, 0);
	ck_assert(k == 3 && b == 1);
}
END_TEST

/* ---- ticks ---- */

START_TEST(test_ticks)
{
	/* Worked by hand: the smallest of 1, 2, 5 x 10^e at least min_step,
	 * and its multiples within [lo, hi]. */
	double v[FIG_TICKS_MAX], step;
	size_t n;

	n = fig_ticks(v, FIG_TICKS_MAX, 0.0, 1023.0, 102.3, &step);
	ck_assert_uint_eq(n, 6);
	ck_assert(step == 200.0 && v[0] == 0.0 && v[5] == 1000.0);
	n = fig_ticks(v, FIG_TICKS_MAX, -1.0, 1.0, 0.25, &step);
	ck_assert_uint_eq(n, 5);
	ck_assert(step == 0.5 && v[0] == -1.0 && v[2] == 0.0 && v[4] == 1.0);
	n = fig_ticks(v, FIG_TICKS_MAX, -32.0, 32.0, 8.0, &step);
	ck_assert_uint_eq(n, 7);
	ck_assert(step == 10.0 && v[0] == -30.0 && v[6] == 30.0);
	/* 0.1 is not exact in binary: 3 x 0.1 still counts, ends included */
	n = fig_ticks(v, FIG_TICKS_MAX, 0.0, 0.3, 0.1, &step);
	ck_assert_uint_eq(n, 4);
	/* a single value: one tick */
	n = fig_ticks(v, FIG_TICKS_MAX, 0.0, 0.0, 0.0, &step);
	ck_assert(n == 1 && v[0] == 0.0 && step == 0.0);
	/* never more than asked */
	n = fig_ticks(v, 3, 0.0, 100.0, 1.0, &step);
	ck_assert_uint_eq(n, 3);
}
END_TEST

START_TEST(test_tick_labels)
{
	char l[FIG_TICKS_MAX][FIG_LABEL_LEN];
	const double a[] = { -1.0, -0.5, 0.0, 0.5, 1.0 };
	const double b[] = { 0.0, 20000.0, 100000.0 };
	const double c[] = { 1e12, 2e12 };
	const double d[] = { 1e-9, 2e-9 };
	const double e[] = { 0.30000000000000004 };

	/* as many decimals as the step has (matplotlib's -1.0 ... 1.0) */
	fig_tick_labels(l, a, 5, 0.5, 10);
	ck_assert_str_eq(l[0], "-1.0");
	ck_assert_str_eq(l[2], "0.0");
	ck_assert_str_eq(l[3], "0.5");
	fig_tick_labels(l, b, 3, 20000.0, 10);
	ck_assert_str_eq(l[1], "20000");
	ck_assert_str_eq(l[2], "100000");
	/* too long in fixed point: the shortest %g that tells them apart */
	fig_tick_labels(l, c, 2, 1e12, 10);
	ck_assert_str_eq(l[0], "1e+12");
	ck_assert_str_eq(l[1], "2e+12");
	fig_tick_labels(l, d, 2, 1e-9, 10);
	ck_assert_str_eq(l[0], "1e-09");
	/* 3 x 0.1 prints as 0.3 */
	fig_tick_labels(l, e, 1, 0.1, 10);
	ck_assert_str_eq(l[0], "0.3");
	/* no step (a single value): six significant digits */
	fig_tick_labels(l, e, 1, 0.0, 10);
	ck_assert_str_eq(l[0], "0.3");
}
END_TEST

/* ---- layout ---- */

static unsigned char levels[256];
static struct fig_font test_font;   /* font_init */

static void spec_init(struct fig_spec *s, size_t n_rows, size_t n_cols)
{
	unsigned char pal[256][3];

	colormap_palette(colormap_find("viridis"), pal, levels);
	memset(s, 0, sizeof *s);
	s->n_rows = n_rows;
	s->n_cols = n_cols;
	s->lo = -1.0;
	s->hi = 1.0;
	s->title = "sinusoidal encoding, d=16, n=4, interleaved layout";
	s->colormap = "viridis";
	s->row_axis = "position";
	s->col_axis = "dimension";
	s->level = levels;
	s->font = &test_font;
}

/* A test font of fixed advance: at size 12, the old bitmap font's metrics
 * (6 pixels a character less the last blank column, 7 above the baseline,
 * 2 below), scaled with the size. */
static double fixed_width(void *ctx, const char *s)
{
	const struct fig_font *ft = ctx;
	size_t n = strlen(s);

	return n ? (6.0 * (double)n - 1.0) * ft->size / 12.0 : 0.0;
}


static void font_init(double size)
{
	test_font.size = size;
	test_font.ascent = 7.0 * size / 12.0;
	test_font.descent = 2.0 * size / 12.0;
	test_font.digit_h = 7.0 * size / 12.0;
	test_font.width = fixed_width;
	test_font.ctx = &test_font;
}

static const struct fig_text *find_text(const struct figure *f, const char *s)
{
	for (size_t k = 0; k < f->n_text; k++)
		if (strcmp(f->text[k].s, s) == 0)
			return &f->text[k];
	return NULL;
}

START_TEST(test_layout_sizes)
{
	/* The size formula of figure.h with the test font at 12 (line 9):
	 * top = 10 + 9 + 4 + 9 + 10 + 1 = 43, bottom = 1 + 4 + 3 + 9 + 4 + 9
	 * + 10 = 40; left = 10 + 9 + 6 + widest row label + 3 + 4 + 1 = 33 +
	 * widest; right = 1 + 12 + 1 + 16 + 1 + 4 + 3 + widest bar label +
	 * 10 = 48 + widest. */
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;

	font_init(12.0);
	spec_init(&s, 4, 16);                 /* 16 x 16 and 4 x 64 pixels a cell */
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->kx == 16 && f->ky == 64 && f->bx == 1 && f->by == 1);
	/* rows 0..3: widest "0", 5 pixels; bar -1.0 .. 1.0: "-1.0", 23 */
	ck_assert_uint_eq(f->plot_x, 33 + 5);
	ck_assert_uint_eq(f->plot_y, 43);
	ck_assert_uint_eq(f->width, 256 + 38 + 48 + 23);
	ck_assert_uint_eq(f->height, 256 + 43 + 40);
	ck_assert_uint_eq(f->bar_w, 16);
	ck_assert_uint_eq(f->bar_x, 38 + 256 + 1 + 12 + 1);
	ck_assert_str_eq(f->subtitle, "viridis over [-1, 1]");

	s.raw = 1;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->width == 16 && f->height == 4 && f->n_text == 0 && f->n_rect == 0);
	s.scale = 5;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->width == 80 && f->height == 20);

	/* 5000 positions: blocks of 3, 1667 rows; 64 columns of 4 pixels;
	 * row ticks every 500 (at most about ten), widest "4500", 23 */
	spec_init(&s, 5000, 64);
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->by == 3 && f->rows == 1667 && f->bx == 1 && f->kx == 4);
	ck_assert_uint_eq(f->width, 256 + 33 + 23 + 48 + 23);
	ck_assert_uint_eq(f->height, 1667 + 83);
	ck_assert_ptr_nonnull(find_text(f, "4500"));
	ck_assert_str_eq(f->subtitle, "viridis over [-1, 1]; means of 3 x 1 cell blocks");

	/* a scale larger than the largest side is refused */
	s.scale = 8;
	s.max_size = 4;
	ck_assert_int_eq(fig_layout(f, &s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "exceeds"));
	/* a framed plot larger than FIG_FRAMED_MAX is refused, raw is not */
	s.scale = 0;
	s.max_size = FIG_FRAMED_MAX + 1;
	ck_assert_int_eq(fig_layout(f, &s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "4096"));
	s.raw = 1;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	/* without a font a framed figure cannot be laid out */
	spec_init(&s, 4, 16);
	s.font = NULL;
	ck_assert_int_eq(fig_layout(f, &s, &err), -1);
	free(f);
}
END_TEST

START_TEST(test_layout_font_size)
{
	/* The pads scale with the font: at 24 the test font's line is 18,
	 * margin 20, gap 8, title gap 20: top = 20 + 18 + 8 + 18 + 20 + 1 = 85;
	 * bottom = 1 + 8 + 6 + 18 + 8 + 18 + 20 = 79; left = 20 + 18 + 12 +
	 * 10 ("0") + 6 + 8 + 1 = 75. */
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;

	font_init(24.0);
	spec_init(&s, 4, 16);
	s.title = "t";   /* short: the figure is not widened for it */
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	/* the plot grows with the type: at least 256 x 24 / 12 = 512 a side,
	 * cells of 32 x 128 */
	ck_assert(f->kx == 32 && f->ky == 128 && f->plot_w == 512 && f->plot_h == 512);
	ck_assert_uint_eq(f->plot_y, 85);
	ck_assert_uint_eq(f->height, 512 + 85 + 79);
	ck_assert_uint_eq(f->plot_x, 75);
	ck_assert_uint_eq(f->bar_w, 32);
	ck_assert(f->font_size == 24.0);
	/* the title's baseline one ascent below the margin: 20 + 14 */
	ck_assert(find_text(f, s.title)->y == 34.0);
	free(f);
}
END_TEST

/* Every text's box (its width, ascent and descent around the baseline,
 * turned for a vertical one) inside the image. */
static void assert_inside(const struct figure *f)
{
	for (size_t k = 0; k < f->n_text; k++) {
		const struct fig_text *t = &f->text[k];
		double w = fixed_width(&test_font, t->s);
		double x0 = t->vertical ? t->x - test_font.ascent : t->x;
		double x1 = t->vertical ? t->x + test_font.descent : t->x + w;
		double y0 = t->vertical ? t->y - w : t->y - test_font.ascent;
		double y1 = t->vertical ? t->y : t->y + test_font.descent;

		ck_assert_msg(x0 >= 0.0 && y0 >= 0.0 && x1 <= (double)f->width
		              && y1 <= (double)f->height, "'%s' outside the image", t->s);
	}
}

START_TEST(test_layout_texts)
{
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;
	const struct fig_text *t, *row0;
	char long_title[160];

	font_init(12.0);
	spec_init(&s, 4, 16);
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	assert_inside(f);
	/* the title on the first line, centred over the 256-pixel plot: 50
	 * characters, 299 pixels, from 38 + (256 - 299) / 2 = 16.5 */
	t = find_text(f, s.title);
	ck_assert_ptr_nonnull(t);
	ck_assert(t->y == 10.0 + 7.0 && t->x == 16.5);
	/* ticks: 16 columns of 16 pixels, labels 40 pixels apart at least:
	 * step 5 (2.5 cells would be 40 pixels), 0, 5, 10, 15 */
	ck_assert_ptr_nonnull(find_text(f, "15"));
	ck_assert_ptr_null(find_text(f, "14"));
	/* "0" below the plot is centred on the middle of cell 0, the tick
	 * at plot pixel 8: 38 + 8 + 0.5 - 5 / 2 = 44; the row's "0" is left
	 * of the plot, its right edge a tick and a gap from the frame */
	t = NULL;
	row0 = NULL;
	for (size_t k = 0; k < f->n_text; k++)
		if (strcmp(f->text[k].s, "0") == 0) {
			if (f->text[k].y > (double)f->plot_y + (double)f->plot_h)
				t = &f->text[k];
			else
				row0 = &f->text[k];
		}
	ck_assert(t && t->x == 44.0);
	ck_assert(row0 && row0->x + 5.0 == (double)(f->plot_x - 1 - 4 - 3));
	/* the colour bar: -1.0 .. 1.0 by 0.5 */
	ck_assert_ptr_nonnull(find_text(f, "-1.0"));
	ck_assert_ptr_nonnull(find_text(f, "0.5"));
	/* axis names, the one down turned, left of the row labels */
	t = find_text(f, "position");
	ck_assert(t && t->vertical);
	ck_assert(t->x + test_font.descent <= row0->x);
	t = find_text(f, "dimension");
	ck_assert(t && !t->vertical);

	/* a title wider than the plot widens the figure, both sides alike,
	 * until it fits between the margins: 159 characters, 953 pixels */
	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	s.title = long_title;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	assert_inside(f);
	ck_assert_uint_eq(f->width, 953 + 20);
	ck_assert_uint_eq(f->plot_x - 38, (953 + 20 - (256 + 38 + 71)) / 2);
	ck_assert(find_text(f, long_title)->x == 10.0);
	free(f);
}
END_TEST

START_TEST(test_layout_group_ticks)
{
	/* Heads side by side (ALiBi, 8 heads of 64 keys): a tick at the first
	 * key of each head, h0 .. h7, instead of column numbers; the plot is
	 * 512 cells of 1 pixel (64 x 8 >= 256), so h3 sits on the middle of
	 * column 192, pixel 192 of the plot. */
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;
	const struct fig_text *t, *t0;
	char name[8];

	font_init(12.0);
	spec_init(&s, 64, 512);
	s.col_group = 64;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert_uint_eq(f->kx, 1);
	for (int h = 0; h < 8; h++) {
		snprintf(name, sizeof name, "h%d", h);
		ck_assert_msg(find_text(f, name) != NULL, "no tick %s", name);
	}
	ck_assert_ptr_null(find_text(f, "h8"));
	ck_assert_ptr_null(find_text(f, "100"));   /* no column numbers */
	t0 = find_text(f, "h0");
	t = find_text(f, "h3");
	ck_assert(t->x - t0->x == 192.0);
	ck_assert(t->y == t0->y);

	/* 40 heads of 8 keys, 320 pixels: 8 pixels a head; labels up to
	 * "h39" need (2 + 3) digits' widths, so every 5th head: h0, h5, .. h35 */
	spec_init(&s, 8, 320);
	s.col_group = 8;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert_ptr_nonnull(find_text(f, "h35"));
	ck_assert_ptr_null(find_text(f, "h1"));
	ck_assert_ptr_null(find_text(f, "h2"));

	/* one group is no group: column numbers */
	spec_init(&s, 4, 16);
	s.col_group = 16;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert_ptr_nonnull(find_text(f, "15"));
	ck_assert_ptr_null(find_text(f, "h0"));
	free(f);
}
END_TEST

START_TEST(test_palette)
{
	/* colormap.c's rule: the three entries nearest their predecessor are
	 * dropped, and every value shows its matplotlib colour within one unit
	 * a channel, exactly for at least 253 of the 256 entries.  viridis
	 * (colormap.c's table, = matplotlib 3.6.3): entry 105 repeats 104,
	 * (40, 122, 142), and 138 repeats 137, (30, 153, 138); so they go. */
	for (size_t m = 0; colormap_at(m); m++) {
		const struct colormap *cm = colormap_at(m);
		unsigned char pal[256][3], level[256];
		int exact = 0;

		colormap_palette(cm, pal, level);
		ck_assert_int_eq(level[0], 0);
		ck_assert_int_eq(level[255], PAL_LEVELS - 1);
		for (int i = 0; i < 256; i++) {
			int same = 1;
			ck_assert(i == 0 || level[i] == level[i - 1] || level[i] == level[i - 1] + 1);
			for (int c = 0; c < 3; c++) {
				int e = (int)pal[level[i]][c] - cm->rgb[i][c];
				ck_assert_msg(e >= -1 && e <= 1, "%s entry %d", cm->name, i);
				same &= e == 0;
			}
			exact += same;
		}
		ck_assert_int_ge(exact, 253);
		ck_assert(pal[PAL_MASK][0] == 255 && pal[PAL_MASK][1] == 255 && pal[PAL_MASK][2] == 255);
		ck_assert(pal[PAL_BG][0] == 255 && pal[PAL_INK][0] == 0 && pal[PAL_INK][2] == 0);
		if (strcmp(cm->name, "viridis") == 0) {
			ck_assert_int_eq(level[105], level[104]);
			ck_assert_int_eq(level[138], level[137]);
			ck_assert_int_eq(level[255], 255 - 3);
		}
	}
}
END_TEST

Suite *suite_figure(void)
{
	Suite *s = suite_create("figure");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_axis_scale_and_blocks);
	tcase_add_test(tc, test_ticks);
	tcase_add_test(tc, test_tick_labels);
	tcase_add_test(tc, test_layout_sizes);
	tcase_add_test(tc, test_layout_font_size);
	tcase_add_test(tc, test_layout_texts);
	tcase_add_test(tc, test_layout_group_ticks);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_palette);
	suite_add_tcase(s, tc);
	return s;
}

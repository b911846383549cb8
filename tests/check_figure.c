/*
 * check_figure.c - the heatmap figure: the bitmap font, scale and block
 * sizes, ticks and their labels, the layout and its size formula
 * (src/out/figure.h), and rows drawn one at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/colormap.h"
#include "write/figure.h"

/* ---- font ---- */

START_TEST(test_font_glyphs)
{
	/* Every printable character has its own glyph within 5 columns; only
	 * the blank is empty; rows 7 and 8 (below the baseline) hold only the
	 * descenders and tails drawn there (font.c's header). */
	static const char below[] = ",;_|gjpqy";

	for (int c = FONT_FIRST; c <= FONT_LAST; c++) {
		unsigned ink = 0, under = 0;

		for (int y = 0; y < FONT_H; y++) {
			unsigned bits = font_glyph_row(c, y);
			ck_assert_uint_lt(bits, 1u << FONT_W);
			ink |= bits;
			if (y >= FONT_ASCENT)
				under |= bits;
		}
		ck_assert_msg((ink == 0) == (c == ' '), "glyph '%c'", c);
		ck_assert_msg((under != 0) == (strchr(below, c) != NULL), "glyph '%c' below", c);
		for (int d = FONT_FIRST; d < c; d++) {
			int same = 1;
			for (int y = 0; y < FONT_H; y++)
				same &= font_glyph_row(c, y) == font_glyph_row(d, y);
			ck_assert_msg(!same, "glyphs '%c' and '%c' are the same", d, c);
		}
	}
}
END_TEST

START_TEST(test_font_values)
{
	/* From the glyph sheet in font.c: H's crossbar is row 3, full width;
	 * '-' is the same bar alone; 'i' has its dot in the middle column. */
	ck_assert_uint_eq(font_glyph_row('H', 3), 0x1f);
	ck_assert_uint_eq(font_glyph_row('H', 0), 0x11);
	ck_assert_uint_eq(font_glyph_row('-', 3), 0x1f);
	ck_assert_uint_eq(font_glyph_row('-', 2), 0);
	ck_assert_uint_eq(font_glyph_row('i', 0), 0x04);
	/* outside 32..126: '?'; rows outside 0..8: nothing */
	for (int y = 0; y < FONT_H; y++) {
		ck_assert_uint_eq(font_glyph_row('\t', y), font_glyph_row('?', y));
		ck_assert_uint_eq(font_glyph_row(200, y), font_glyph_row('?', y));
	}
	ck_assert_uint_eq(font_glyph_row('H', -1), 0);
	ck_assert_uint_eq(font_glyph_row('H', FONT_H), 0);
	/* width: 6 per character less the last blank column */
	ck_assert_uint_eq(font_text_width(""), 0);
	ck_assert_uint_eq(font_text_width("0"), 5);
	ck_assert_uint_eq(font_text_width("position"), 47);
}
END_TEST

/* ---- scale and blocks ---- */

START_TEST(test_axis_scale_and_blocks)
{
	size_t k, b;

	/* framed, automatic: ceil(256 / n) pixels a cell */
	fig_axis(&k, &b, 16, 0, 2048, 0);
	ck_assert(k == 16 && b == 1);
	fig_axis(&k, &b, 5, 0, 2048, 0);     /* 52 x 5 = 260 >= 256 */
	ck_assert(k == 52 && b == 1);
	fig_axis(&k, &b, 300, 0, 2048, 0);
	ck_assert(k == 1 && b == 1);
	fig_axis(&k, &b, 2048, 0, 2048, 0);
	ck_assert(k == 1 && b == 1);
	/* too many cells: blocks of ceil(5000 / 2048) = 3, 1667 cells */
	fig_axis(&k, &b, 5000, 0, 2048, 0);
	ck_assert(k == 1 && b == 3);
	/* the automatic scale stays within the largest side: 100 / 10 */
	fig_axis(&k, &b, 10, 0, 100, 0);
	ck_assert(k == 10 && b == 1);
	/* raw: one pixel a cell unless scaled */
	fig_axis(&k, &b, 16, 0, FIG_SIDE_MAX, 1);
	ck_assert(k == 1 && b == 1);
	/* scale 3 in 10 pixels: 3 cells fit, blocks of ceil(16 / 3) = 6 */
	fig_axis(&k, &b, 16, 3, 10, 1);
	ck_assert(k == 3 && b == 6);
	fig_axis(&k, &b, 3, 3, 9, 1);
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

/* ---- layout and drawing ---- */

static unsigned char levels[256];

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
}

START_TEST(test_layout_sizes)
{
	/* The size formula of figure.h and man/pecli.1: framed, c kx + 195 by
	 * r ky + 83; raw, c kx by r ky. */
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;

	ck_assert_int_eq(FIG_PAD_LEFT + FIG_PAD_RIGHT, 195);
	ck_assert_int_eq(FIG_PAD_TOP + FIG_PAD_BOTTOM, 83);
	ck_assert_int_eq(FIG_PAD_LEFT, 87);
	ck_assert_int_eq(FIG_PAD_TOP, 43);

	spec_init(&s, 4, 16);                 /* 16 x 16 and 4 x 64 pixels a cell */
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->kx == 16 && f->ky == 64 && f->bx == 1 && f->by == 1);
	ck_assert(f->width == 256 + 195 && f->height == 256 + 83);
	ck_assert(f->plot_x == 87 && f->plot_y == 43);
	ck_assert_str_eq(f->subtitle, "viridis over [-1, 1]");

	s.raw = 1;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->width == 16 && f->height == 4 && f->n_text == 0 && f->n_rect == 0);
	s.scale = 5;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->width == 80 && f->height == 20);

	/* 5000 positions: blocks of 3, 1667 rows; 64 columns of 4 pixels */
	spec_init(&s, 5000, 64);
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	ck_assert(f->by == 3 && f->rows == 1667 && f->bx == 1 && f->kx == 4);
	ck_assert(f->width == 256 + 195 && f->height == 1667 + 83);
	ck_assert_str_eq(f->subtitle, "viridis over [-1, 1]; means of 3 x 1 cell blocks");

	/* a scale larger than the largest side is refused */
	s.scale = 8;
	s.max_size = 4;
	ck_assert_int_eq(fig_layout(f, &s, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "exceeds"));
	free(f);
}
END_TEST

static const struct fig_text *find_text(const struct figure *f, const char *s)
{
	for (size_t k = 0; k < f->n_text; k++)
		if (strcmp(f->text[k].s, s) == 0)
			return &f->text[k];
	return NULL;
}

START_TEST(test_layout_texts)
{
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;
	const struct fig_text *t;
	char long_title[200];

	spec_init(&s, 4, 16);
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	/* the title on the first line, centred over the 256-pixel plot: 50
	 * characters, 299 pixels, from 87 + (256 - 299) / 2 = 66 */
	t = find_text(f, s.title);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->y, FIG_MARGIN);
	ck_assert_uint_eq(font_text_width(s.title), 299);
	ck_assert_uint_eq(t->x, 66);
	/* ticks: 16 columns of 16 pixels, labels 40 pixels apart at least:
	 * step 5 (2.5 cells would be 40 pixels), 0, 5, 10, 15 */
	ck_assert_ptr_nonnull(find_text(f, "15"));
	ck_assert_ptr_null(find_text(f, "14"));
	/* "0" is centred on the middle of cell 0, pixel 8 of the plot */
	t = find_text(f, "0");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->x, 87 + 8 - 2);
	/* the colour bar: -1.0 .. 1.0 by 0.5 */
	ck_assert_ptr_nonnull(find_text(f, "-1.0"));
	ck_assert_ptr_nonnull(find_text(f, "0.5"));
	/* axis names, the one down turned */
	t = find_text(f, "position");
	ck_assert(t && t->vertical);
	t = find_text(f, "dimension");
	ck_assert(t && !t->vertical);

	/* a title too long for the image is cut with "..." */
	memset(long_title, 'x', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	s.title = long_title;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	t = &f->text[0];
	ck_assert_uint_le(t->x + font_text_width(t->s), f->width - FIG_MARGIN);
	ck_assert_ptr_nonnull(strstr(t->s, "..."));
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
	ck_assert_uint_eq(t->x - t0->x, 192);
	ck_assert_uint_eq(t->y, t0->y);

	/* 40 heads of 8 keys, 320 pixels: 8 pixels a head; labels up to
	 * "h39" need (2 + 3) characters, so every 5th head: h0, h5, .. h35 */
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

START_TEST(test_draw_rows)
{
	struct figure *f = malloc(sizeof *f);
	struct fig_spec s;
	struct out_err err;
	const struct fig_text *t;
	unsigned char plot[256], *pix;
	size_t w, ink;

	spec_init(&s, 4, 16);
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	pix = malloc(f->width);
	for (size_t x = 0; x < 256; x++)
		plot[x] = (unsigned char)(x / 16);
	/* the plot's first row: the row given, framed, the colour bar's top */
	fig_draw_row(f, 43, plot, pix);
	ck_assert_int_eq(pix[0], PAL_BG);
	ck_assert_int_eq(pix[86], PAL_INK);
	ck_assert(memcmp(pix + 87, plot, 256) == 0);
	ck_assert_int_eq(pix[87 + 256], PAL_INK);
	ck_assert_int_eq(pix[f->bar_x], levels[255]);
	ck_assert_int_eq(pix[f->bar_x + FIG_BAR_W - 1], levels[255]);
	ck_assert_int_eq(pix[f->bar_x + FIG_BAR_W], PAL_INK);
	/* the last: the bottom of the colour bar */
	fig_draw_row(f, 43 + 255, plot, pix);
	ck_assert_int_eq(pix[f->bar_x], levels[0]);
	/* the frame's top line */
	fig_draw_row(f, 42, NULL, pix);
	for (size_t x = 86; x <= 87 + 256; x++)
		ck_assert_int_eq(pix[x], PAL_INK);
	ck_assert_int_eq(pix[85], PAL_BG);
	/* the turned axis name: its first letter 'p' at the bottom, the tops
	 * of the glyphs to the left; p's left column is ink in rows 2..8 */
	t = find_text(f, "position");
	w = font_text_width("position");
	fig_draw_row(f, t->y + w - 1, NULL, pix);
	for (int gy = 0; gy < FONT_H; gy++)
		ck_assert_int_eq(pix[t->x + (size_t)gy], gy >= 2 ? PAL_INK : PAL_BG);
	/* a blank row between the title and the subtitle */
	fig_draw_row(f, FIG_MARGIN + FONT_H + 1, NULL, pix);
	for (size_t x = 0; x < f->width; x++)
		ck_assert_int_eq(pix[x], PAL_BG);
	/* and ink on the title's middle row */
	fig_draw_row(f, FIG_MARGIN + 3, NULL, pix);
	ink = 0;
	for (size_t x = 0; x < f->width; x++)
		ink += pix[x] == PAL_INK;
	ck_assert_uint_gt(ink, 20);
	/* raw: the plot row as it is */
	s.raw = 1;
	ck_assert_int_eq(fig_layout(f, &s, &err), 0);
	fig_draw_row(f, 0, plot, pix);
	ck_assert(memcmp(pix, plot, 16) == 0);
	free(pix);
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

	tcase_add_test(tc, test_font_values);
	tcase_add_test(tc, test_axis_scale_and_blocks);
	tcase_add_test(tc, test_ticks);
	tcase_add_test(tc, test_tick_labels);
	tcase_add_test(tc, test_layout_sizes);
	tcase_add_test(tc, test_layout_texts);
	tcase_add_test(tc, test_layout_group_ticks);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_font_glyphs);
	tcase_add_test(tc, test_draw_rows);
	tcase_add_test(tc, test_palette);
	suite_add_tcase(s, tc);
	return s;
}

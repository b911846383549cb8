/*
 * check_out.c - writers read back: CSV text, the PNG through libpng (size,
 * depth, palette, chosen pixels), tables joined (concat.c), and output files
 * that appear whole or not at all.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <png.h>

#include "check_pecli.h"
#include "write/colormap.h"
#include "write/figure.h"
#include "write/write.h"

START_TEST(test_csv_text)
{
	/* d=4, base 100, positions 0 and 1: PE(0) = [0, 1, 0, 1];
	 * PE(1) = [sin 1, cos 1, sin 0.1, cos 0.1] printed with 8 digits
	 * (values as in the Machine Learning Mastery worked example). */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 4, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 2, &err), 0);
	table_meta_add(&t, "d", "%d", 4);
	ck_assert_int_eq(write_delimited(fp, &t, ',', 8, &err), 0);
	text = ck_slurp(fp, NULL);
	ck_assert_str_eq(text,
	                 "# d: 4\n"
	                 "pos,d0,d1,d2,d3\n"
	                 "0,0,1,0,1\n"
	                 "1,0.84147098,0.54030231,0.099833417,0.99500417\n");
	free(text);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_csv_concat)
{
	/* two tables joined (--layer-type all): the columns by name in the
	 * order they first appear, empty where a part lacks one, each part's
	 * text cells its own, the shared metadata once, the rest per part */
	static const char *const cols_a[] = { "x", "a", "flag" };
	static const char *const cols_b[] = { "x", "b" };
	static const char *const labels[] = { "A", "B" };
	struct src_small sa, sb;
	struct table_src ta, tb, t;
	const struct table_src *parts[2] = { &ta, &tb };
	struct src_concat c;
	struct out_err err;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	src_small_init(&ta, &sa, 1, 3, cols_a);
	sa.cells[1] = 1.5;
	sa.texts[2] = "yes";
	table_meta_add(&ta, "pecli", "%s", "0.1");
	table_meta_add(&ta, "base", "%d", 10);
	src_small_init(&tb, &sb, 2, 2, cols_b);
	sb.cells[1] = 2.0;
	sb.cells[2] = 1.0;
	sb.cells[3] = 3.0;
	table_meta_add(&tb, "pecli", "%s", "0.1");
	table_meta_add(&tb, "base", "%d", 20);
	ck_assert_int_eq(src_concat_init(&t, &c, "part", parts, labels, 2, &err), 0);
	src_concat_meta_parts(&t, &c);
	ck_assert_int_eq(write_delimited(fp, &t, ',', 0, &err), 0);
	text = ck_slurp(fp, NULL);
	ck_assert_str_eq(text,
	                 "# pecli: 0.1\n"
	                 "# A.base: 10\n"
	                 "# B.base: 20\n"
	                 "part,x,a,flag,b\n"
	                 "A,0,1.5,yes,\n"
	                 "B,0,,,2\n"
	                 "B,1,,,3\n");
	free(text);
	fclose(fp);
}
END_TEST

START_TEST(test_csv_round_trips)
{
	/* The default output reads back as the very doubles computed. */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	FILE *fp = tmpfile();
	double row[9], got;
	char *text, *q;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 8, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 50, &err), 0);
	ck_assert_int_eq(write_delimited(fp, &t, '\t', 0, &err), 0);
	text = ck_slurp(fp, NULL);
	q = strchr(text, '\n') + 1;   /* skip the header */
	for (size_t i = 0; i < 50; i++) {
		ck_assert_int_eq(t.fill_row(t.ctx, i, row, &err), 0);
		for (int j = 0; j < 9; j++) {
			got = strtod(q, &q);
			ck_assert_msg(got == row[j], "row %zu col %d", i, j);
			ck_assert(*q == (j < 8 ? '\t' : '\n'));
			q++;
		}
	}
	free(text);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

/* A PNG read back: size, palette, and every pixel's palette entry. */
struct png_back {
	png_uint_32 w, h;
	int depth, type, n_pal;
	png_color pal[256];
	unsigned char *pix;   /* [h][w] palette entries, or [h][w][3] RGB */
	char text[8][2][128]; /* the first tEXt chunks: key, value */
	int n_text;
};

static void png_back_read(struct png_back *b, FILE *fp)
{
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	png_colorp pal;
	png_textp text;
	int n_text;

	memset(b, 0, sizeof *b);
	rewind(fp);
	ck_assert(!setjmp(png_jmpbuf(png)));
	png_init_io(png, fp);
	png_read_info(png, info);
	b->w = png_get_image_width(png, info);
	b->h = png_get_image_height(png, info);
	b->depth = png_get_bit_depth(png, info);
	b->type = png_get_color_type(png, info);
	if (b->type == PNG_COLOR_TYPE_PALETTE) {
		ck_assert(png_get_PLTE(png, info, &pal, &b->n_pal));
		memcpy(b->pal, pal, (size_t)b->n_pal * sizeof *pal);
	}
	n_text = png_get_text(png, info, &text, NULL);
	for (int k = 0; k < n_text && b->n_text < 8; k++) {
		snprintf(b->text[b->n_text][0], 128, "%s", text[k].key);
		snprintf(b->text[b->n_text++][1], 128, "%s", text[k].text);
	}
	{
		size_t bpp = b->type == PNG_COLOR_TYPE_RGB ? 3 : 1;

		b->pix = malloc((size_t)b->w * b->h * bpp);
		ck_assert_ptr_nonnull(b->pix);
		for (png_uint_32 y = 0; y < b->h; y++)
			png_read_row(png, b->pix + (size_t)y * b->w * bpp, NULL);
	}
	png_destroy_read_struct(&png, &info, NULL);
}

static unsigned char png_at(const struct png_back *b, size_t x, size_t y)
{
	ck_assert(x < b->w && y < b->h);
	return b->pix[y * b->w + x];
}

static const char *back_text(const struct png_back *b, const char *key)
{
	for (int k = 0; k < b->n_text; k++)
		if (strcmp(b->text[k][0], key) == 0)
			return b->text[k][1];
	return NULL;
}

/* palette entry e shows the colour of table entry i of the map */
static int shows(const struct png_back *b, unsigned char e, const struct colormap *cm,
                 int i)
{
	return b->pal[e].red == cm->rgb[i][0] && b->pal[e].green == cm->rgb[i][1]
	       && b->pal[e].blue == cm->rgb[i][2];
}

START_TEST(test_png_read_back)
{
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	struct png_opts po = { "viridis", -1.0, 1.0, "pecli heatmap test", 1, 0, 0, 6, OUT_FORMAT_PNG, 0.0, NULL };
	const struct colormap *cm = colormap_find("viridis");
	struct png_back b;
	FILE *fp = tmpfile();
	int found = 0;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 16, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 3, &err), 0);
	table_meta_add(&t, "scheme", "%s", "sinusoidal");
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	png_back_read(&b, fp);
	/* raw: one pixel per cell */
	ck_assert_uint_eq(b.w, 16);
	ck_assert_uint_eq(b.h, 3);
	ck_assert_int_eq(b.depth, 8);
	ck_assert_int_eq(b.type, PNG_COLOR_TYPE_PALETTE);
	ck_assert_int_eq(b.n_pal, 256);
	/* raw with no masked cell: the palette is the colour map's 256 entries
	 * exactly (a framed or masked image keeps three for mask, background
	 * and ink: colormap_palette, test_png_framed) */
	for (int k = 0; k < 256; k++)
		ck_assert(b.pal[k].red == cm->rgb[k][0] && b.pal[k].green == cm->rgb[k][1]
		          && b.pal[k].blue == cm->rgb[k][2]);
	/* matplotlib's viridis as uint8: first (68, 1, 84), last (253, 231, 36) */
	ck_assert(b.pal[0].red == 68 && b.pal[0].green == 1 && b.pal[0].blue == 84);
	ck_assert(b.pal[255].red == 253 && b.pal[255].green == 231 && b.pal[255].blue == 36);
	for (int k = 0; k < b.n_text; k++)
		if (strcmp(b.text[k][0], "Comment") == 0)
			found += strcmp(b.text[k][1], "pecli heatmap test") == 0;
		else if (strcmp(b.text[k][0], "scheme") == 0)
			found += strcmp(b.text[k][1], "sinusoidal") == 0;
	ck_assert_int_eq(found, 2);
	/* position 0: sin 0 = 0 -> floor(0.5 * 256) = 128; cos 0 = 1 -> 255 */
	ck_assert(shows(&b, png_at(&b, 0, 0), cm, 128));
	ck_assert(shows(&b, png_at(&b, 1, 0), cm, 255));
	/* position 2, pair 0: sin 2 = 0.909..., cos 2 = -0.416...;
	 * floor((v + 1) / 2 * 256) = 244 and 74 */
	ck_assert(shows(&b, png_at(&b, 0, 2), cm, 244));
	ck_assert(shows(&b, png_at(&b, 1, 2), cm, 74));
	ck_assert_int_eq(png_at(&b, 0, 2), 244);   /* the entry is the index */
	free(b.pix);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

/* A 5 x 6 grid: cell (i, j) = 10 i + j, NaN (masked) at (0..1, 0..1) and
 * (2, 0); counts the rows asked for. */
#define GRID_ROWS 5
#define GRID_COLS 6
static size_t grid_calls;

static int grid_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	(void)ctx;
	(void)err;
	grid_calls++;
	out[0] = (double)i;
	for (size_t j = 0; j < GRID_COLS; j++)
		out[1 + j] = (i < 2 && j < 2) || (i == 2 && j == 0) ? NAN : 10.0 * i + j;
	return 0;
}

static void grid_init(struct table_src *t)
{
	static const char *const names[] = { "pos", "c0", "c1", "c2", "c3", "c4", "c5" };

	memset(t, 0, sizeof *t);
	t->n_rows = GRID_ROWS;
	t->n_cols = GRID_COLS + 1;
	t->n_index = 1;
	t->col_names = names;
	t->title = "grid";
	t->masked = 1;   /* it holds NaN cells */
	t->fill_row = grid_fill;
	grid_calls = 0;
}

START_TEST(test_png_blocks_and_mask)
{
	/* raw, --max-size 3: blocks of ceil(5/3) = 2 rows and ceil(6/3) = 2
	 * columns, 3 x 3 plot cells; range [0, 256] with gray so that the
	 * colour map index of a mean m is floor(m) (colormap.c's rule). */
	struct table_src t;
	struct out_err err;
	struct png_opts po = { "gray", 0.0, 256.0, NULL, 1, 0, 3, 6, OUT_FORMAT_PNG, 0.0, NULL };
	const struct colormap *cm = colormap_find("gray");
	unsigned char pal[256][3], level[256];
	struct png_back b;
	FILE *fp = tmpfile();

	grid_init(&t);
	colormap_palette(cm, pal, level);
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	png_back_read(&b, fp);
	ck_assert_uint_eq(b.w, 3);
	ck_assert_uint_eq(b.h, 3);
	ck_assert_uint_eq(grid_calls, GRID_ROWS);   /* every row once: one pass */
	ck_assert_str_eq(back_text(&b, "reduced"), "means of 2 x 2 cell blocks (rows x columns)");
	/* rows 0-1 x columns 0-1: NaN only -> the mask entry, white */
	ck_assert_int_eq(png_at(&b, 0, 0), PAL_MASK);
	ck_assert(b.pal[PAL_MASK].red == 255 && b.pal[PAL_MASK].green == 255
	          && b.pal[PAL_MASK].blue == 255);
	/* rows 0-1 x columns 2-3: (2 + 3 + 12 + 13) / 4 = 7.5 -> 7 */
	ck_assert_int_eq(png_at(&b, 1, 0), level[7]);
	/* rows 2-3 x columns 0-1, NaN at (2, 0) left out: (21 + 30 + 31) / 3 = 27.33 */
	ck_assert_int_eq(png_at(&b, 0, 1), level[27]);
	/* row 4 alone x columns 4-5: (44 + 45) / 2 = 44.5 */
	ck_assert_int_eq(png_at(&b, 2, 2), level[44]);
	free(b.pix);
	fclose(fp);

	/* no blocks: a NaN cell alone is masked, its neighbour (2, 1) = 21 not */
	fp = tmpfile();
	po.max_size = 0;
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	png_back_read(&b, fp);
	ck_assert_uint_eq(b.w, GRID_COLS);
	ck_assert_uint_eq(b.h, GRID_ROWS);
	ck_assert_ptr_null(back_text(&b, "reduced"));
	ck_assert_int_eq(png_at(&b, 0, 2), PAL_MASK);
	ck_assert_int_eq(png_at(&b, 1, 2), level[21]);
	free(b.pix);
	fclose(fp);
}
END_TEST

START_TEST(test_png_scale)
{
	/* raw --scale 3: every cell a 3 x 3 square of one entry */
	struct table_src t;
	struct out_err err;
	struct png_opts po = { "gray", 0.0, 256.0, NULL, 1, 3, 0, 6, OUT_FORMAT_PNG, 0.0, NULL };
	unsigned char pal[256][3], level[256];
	struct png_back b;
	FILE *fp = tmpfile();

	grid_init(&t);
	colormap_palette(colormap_find("gray"), pal, level);
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	png_back_read(&b, fp);
	ck_assert_uint_eq(b.w, 3 * GRID_COLS);
	ck_assert_uint_eq(b.h, 3 * GRID_ROWS);
	for (size_t y = 0; y < b.h; y++)
		for (size_t x = 0; x < b.w; x++) {
			size_t i = y / 3, j = x / 3;
			int want = (i < 2 && j < 2) || (i == 2 && j == 0) ? PAL_MASK
			           : level[10 * i + j];
			ck_assert_msg(png_at(&b, x, y) == want, "pixel (%zu, %zu)", x, y);
		}
	free(b.pix);
	fclose(fp);
}
END_TEST

/* The RGB pixel (x, y) of an RGB PNG read back equals c. */
static int rgb_is(const struct png_back *b, size_t x, size_t y, const unsigned char c[3])
{
	const unsigned char *p;

	ck_assert(x < b->w && y < b->h && b->type == PNG_COLOR_TYPE_RGB);
	p = b->pix + 3 * (y * b->w + x);
	return p[0] == c[0] && p[1] == c[1] && p[2] == c[2];
}

START_TEST(test_png_framed)
{
	/* The framed figure of the 5 x 6 grid (figure.h), an RGB PNG drawn
	 * by cairo: cells of ceil(256 / 6) = 43 x ceil(256 / 5) = 52 pixels,
	 * a plot of 258 x 260 where the layout (measured with the same font)
	 * puts it, frames one pixel outside, the colour bar beside it. */
	struct table_src t;
	struct out_err err;
	struct png_opts po = { "viridis", 0.0, 256.0, NULL, 0, 0, 0, 6, OUT_FORMAT_PNG, 12.0, NULL };
	unsigned char pal[256][3], level[256], mask;
	const unsigned char white[3] = { 255, 255, 255 }, black[3] = { 0, 0, 0 };
	struct fig_font font;
	struct fig_drawing *d = fig_drawing_new(12.0, &font, &err);
	struct figure *f;
	struct png_back b;
	FILE *fp = tmpfile();
	size_t x0, y0, ink = 0;

	grid_init(&t);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(fig_palette(&po, &t, pal, level, &mask, &err));
	f = fig_new(&t, &po, "viridis", level, &font, &err);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->kx == 43 && f->ky == 52 && f->plot_w == 258 && f->plot_h == 260);
	fig_drawing_free(d);   /* one drawing at a time (figure.h) */
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	png_back_read(&b, fp);
	ck_assert_int_eq(b.type, PNG_COLOR_TYPE_RGB);
	ck_assert_int_eq(b.depth, 8);
	ck_assert_uint_eq(b.w, f->width);
	ck_assert_uint_eq(b.h, f->height);
	ck_assert_uint_eq(grid_calls, GRID_ROWS);   /* each row once */
	ck_assert_ptr_nonnull(back_text(&b, "range"));
	x0 = f->plot_x;
	y0 = f->plot_y;
	ck_assert(rgb_is(&b, 0, 0, white));
	/* the plot: cells (0, 0) and (1, 1) masked, (0, 2) = 2, and (4, 5) =
	 * 45 in the last corner, each its palette colour exactly */
	ck_assert(rgb_is(&b, x0, y0, pal[PAL_MASK]));
	ck_assert(rgb_is(&b, x0 + 42, y0 + 51, pal[PAL_MASK]));
	ck_assert(rgb_is(&b, x0 + 2 * 43, y0, pal[level[2]]));
	ck_assert(rgb_is(&b, x0 + 2 * 43 + 42, y0 + 51, pal[level[2]]));
	ck_assert(rgb_is(&b, x0 + 257, y0 + 259, pal[level[45]]));
	/* its frame, one pixel outside */
	ck_assert(rgb_is(&b, x0 - 1, y0, black));
	ck_assert(rgb_is(&b, x0 + 258, y0 + 100, black));
	ck_assert(rgb_is(&b, x0 + 100, y0 - 1, black));
	ck_assert(rgb_is(&b, x0 + 100, y0 + 260, black));
	/* the colour bar: hi at the top, lo at the bottom */
	ck_assert(rgb_is(&b, f->bar_x, y0, pal[level[255]]));
	ck_assert(rgb_is(&b, f->bar_x + f->bar_w - 1, y0 + 259, pal[level[0]]));
	ck_assert(rgb_is(&b, f->bar_x - 1, y0 + 100, black));
	/* the title "grid" is drawn in its line: dark pixels above the
	 * subtitle's baseline, none in the margin above */
	for (size_t y = 0; y < (size_t)f->text[1].y; y++)
		for (size_t x = 0; x < b.w; x++) {
			const unsigned char *p = b.pix + 3 * (y * b.w + x);
			if (p[0] < 128) {
				ink++;
				ck_assert_uint_ge(y, 10 - 1);   /* the margin, 10 at 12 px */
			}
		}
	ck_assert_uint_gt(ink, 10);
	free(b.pix);
	free(f);
	fclose(fp);
}
END_TEST

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

START_TEST(test_ofile_whole_or_nothing)
{
	char dir[] = "/tmp/pecli-test-XXXXXX", path[64];
	struct ofile of;
	struct out_err err;
	FILE *fp;
	char line[16];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.csv", dir);

	/* aborted: nothing left behind */
	ck_assert_int_eq(ofile_open(&of, path, &err), 0);
	fputs("partial\n", of.fp);
	ofile_abort(&of);
	ck_assert_int_eq(count_entries(dir), 0);

	/* committed: exactly the final file */
	ck_assert_int_eq(ofile_open(&of, path, &err), 0);
	fputs("whole\n", of.fp);
	ck_assert_int_eq(ofile_commit(&of, &err), 0);
	ck_assert_int_eq(count_entries(dir), 1);
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
	ck_assert_str_eq(line, "whole\n");
	fclose(fp);

	/* a folder where a file is expected */
	ck_assert_int_eq(ofile_open(&of, dir, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "Is a directory"));
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_similarity_profile_equals_direct)
{
	/* The O(n d) profile path and the O(n^2 d) direct path give the same
	 * n x n matrix (issue: similarity matrices), for sinusoidal (PE(m).PE(n),
	 * cos(a - b) identity vs term by term), RoPE and xPos (score(m, m + r) =
	 * profile(r)); both metrics.  Tolerance: the angles m theta and n theta
	 * carry (m + n) eps of rounding each, summed over d/2 pairs of size
	 * <= zeta^(-r/B) (< 7 here for xPos at r <= 300, B = 512, zeta >= 2/7). */
	static const enum pe_scheme_kind kinds[] = {
		PE_SCHEME_SINUSOIDAL, PE_SCHEME_ROPE, PE_SCHEME_XPOS
	};
	enum { N = 300, D = 64 };
	double *a = malloc((N + 1) * sizeof *a), *b = malloc((N + 1) * sizeof *b);

	for (size_t u = 0; u < 3; u++)
		for (int cosine = 0; cosine < 2; cosine++) {
			struct pe_scheme_cfg cfg;
			struct pe_scheme s;
			struct table_src tp, td;
			struct src_similarity mp, md;
			struct out_err err;

			pe_scheme_cfg_default(&cfg, kinds[u]);
			cfg.n_dim = D;
			ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
			ck_assert_int_eq(src_similarity_init(&tp, &mp, &s, N, cosine, 0, &err), 0);
			ck_assert_int_eq(src_similarity_init(&td, &md, &s, N, cosine, 1, &err), 0);
			ck_assert_ptr_nonnull(mp.prof);
			ck_assert_ptr_null(md.prof);
			for (size_t i = 0; i < N; i += 13) {
				ck_assert_int_eq(tp.fill_row(tp.ctx, i, a, &err), 0);
				ck_assert_int_eq(td.fill_row(td.ctx, i, b, &err), 0);
				ck_assert_close_array(a, b, N + 1, 7 * D * 2 * N * 2.3e-16, 0.0);
			}
			/* the diagonal: score(i, i) = d/2 (sinusoidal), d (RoPE, ones),
			 * and 1 for cosine */
			ck_assert_int_eq(tp.fill_row(tp.ctx, 5, a, &err), 0);
			if (cosine)
				ck_assert(fabs(a[6] - 1.0) < 1e-15);
			else
				ck_assert(fabs(a[6] - (u == 0 ? D / 2 : D)) < 1e-12);
			src_similarity_free(&mp);
			src_similarity_free(&md);
			pe_scheme_free(&s);
		}
	free(a);
	free(b);
}
END_TEST

START_TEST(test_similarity_range_from_profile)
{
	/* The dot similarity on the profile path knows its range from the
	 * 2n - 1 profile values: exactly what table_range measures over all
	 * n^2 cells (min and max of the cells, compared bit for bit), for
	 * sinusoidal, RoPE and xPos, with an odd n and n = 1. */
	static const enum pe_scheme_kind kinds[] = {
		PE_SCHEME_SINUSOIDAL, PE_SCHEME_ROPE, PE_SCHEME_XPOS
	};
	static const size_t ns[] = { 1, 2, 77 };

	for (size_t u = 0; u < 3; u++)
		for (size_t k = 0; k < 3; k++) {
			struct pe_scheme_cfg cfg;
			struct pe_scheme s;
			struct table_src t;
			struct src_similarity m;
			struct out_err err;
			double lo, hi, lo_all, hi_all;

			pe_scheme_cfg_default(&cfg, kinds[u]);
			cfg.n_dim = 32;
			ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
			ck_assert_int_eq(src_similarity_init(&t, &m, &s, ns[k], 0, 0, &err), 0);
			ck_assert_int_eq(t.has_range, 1);
			ck_assert_int_eq(table_range(&t, &lo, &hi, &err), 0);
			t.has_range = 0;   /* now measured over every cell */
			ck_assert_int_eq(table_range(&t, &lo_all, &hi_all, &err), 0);
			ck_assert_msg(memcmp(&lo, &lo_all, sizeof lo) == 0 && memcmp(&hi, &hi_all, sizeof hi) == 0,
			              "kind %zu n %zu: range [%a, %a], cells [%a, %a]",
			              u, ns[k], lo, hi, lo_all, hi_all);
			/* the diagonal holds the largest score of an absolute code */
			if (u == 0)
				ck_assert(hi == 16.0);
			src_similarity_free(&m);
			pe_scheme_free(&s);
		}
}
END_TEST

/* a table source that forwards to another and counts its exact rows */
struct counted {
	struct table_src *t;
	size_t n_exact;
};

static int counted_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct counted *c = ctx;

	c->n_exact++;
	return c->t->fill_row(c->t->ctx, i, out, err);
}


static int counted_draft(void *ctx, size_t i, double *out, double *rad)
{
	struct counted *c = ctx;

	return c->t->fill_draft(c->t->ctx, i, out, rad);
}

/* t's CSV at digits, from drafts where they settle (up to draft_max
 * digits) or from fill_row alone (draft_max 0); *n_exact fill_row calls */
static char *csv_of(struct table_src *t, int digits, int draft_max, size_t *n_exact)
{
	struct counted c = { t, 0 };
	struct table_src w = *t;
	struct out_err err;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	w.ctx = &c;
	w.fill_row = counted_fill;
	w.fill_draft = draft_max ? counted_draft : NULL;
	w.draft_digits = draft_max;
	ck_assert_int_eq(write_rows(fp, &w, ',', digits, &err), 0);
	text = ck_slurp(fp, NULL);
	fclose(fp);
	*n_exact = c.n_exact;
	return text;
}

/* t's CSV from drafts (allowed at any digits) is its CSV from exact rows,
 * at 1 .. 17 digits; at 6 digits at most one row in 'settle6' is computed
 * exactly, at 17 at least half */
static void same_csv_every_digits(struct table_src *t, int variant, size_t settle6)
{
	for (int digits = 1; digits <= FMT_DIGITS_MAX; digits++) {
		size_t n_draft_exact, n_exact_only;
		char *drafted = csv_of(t, digits, FMT_DIGITS_MAX, &n_draft_exact);
		char *exact = csv_of(t, digits, 0, &n_exact_only);

		ck_assert_msg(strcmp(drafted, exact) == 0, "variant %d, %d digits differ",
		              variant, digits);
		ck_assert_uint_eq(n_exact_only, t->n_rows);
		if (digits == 6)
			ck_assert_msg(n_draft_exact <= t->n_rows / settle6,
			              "%zu of %zu rows exact at 6 digits", n_draft_exact, t->n_rows);
		if (digits == FMT_DIGITS_MAX)
			ck_assert_msg(n_draft_exact >= t->n_rows / 2,
			              "%zu of %zu rows exact at 17 digits", n_draft_exact, t->n_rows);
		free(drafted);
		free(exact);
	}
}

START_TEST(test_decay_drafts_same_bytes)
{
	/*
	 * Results must not change (issue 8): a RoPE decay curve written from
	 * drafts is byte for byte the one written from exact rows, at every
	 * --digits (drafts allowed up to 17 here, where most rows are computed
	 * again: the fallback is exercised, and a radius too small or a
	 * settled test too loose would show as different bytes), for d = 128,
	 * YaRN with --normalize, and base 500000 with fractional distances.
	 * At 6 digits the drafts settle nearly every row.
	 */
	for (int variant = 0; variant < 3; variant++) {
		struct pe_scheme_cfg cfg;
		struct pe_scheme s;
		struct table_src t;
		struct src_decay m;
		struct src_decay_opts dopts;
		struct out_err err;

		pe_scheme_cfg_default(&cfg, PE_SCHEME_ROPE);
		memset(&dopts, 0, sizeof dopts);
		dopts.max_dist = 3000.0;
		dopts.step = 1.0;
		if (variant == 1) {
			cfg.rope.scaling = PE_ROPE_SCALING_YARN;
			cfg.rope.factor = 8.0;
			cfg.rope.original_max = 4096;
			dopts.normalize = 1;
		} else if (variant == 2) {
			cfg.n_dim = 64;
			cfg.base = 500000.0;
			dopts.max_dist = 1000.0;
			dopts.step = 0.37;
		}
		ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
		ck_assert_int_eq(src_decay_init(&t, &m, &s, &dopts, &err), 0);
		/* the source offers drafts, and the writer takes them up to 10 */
		ck_assert_ptr_nonnull(t.fill_draft);
		ck_assert_int_eq(t.draft_digits, 10);
		same_csv_every_digits(&t, variant, 100);
		src_decay_free(&m);
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_matrix_drafts_same_bytes)
{
	/* the same for the rows of a sinusoidal matrix: d = 256 (interleaved)
	 * and d = 100 (concat, flipped, base 500), 1500 positions, every
	 * --digits; at 6 digits nearly every row settles */
	for (int variant = 0; variant < 2; variant++) {
		struct pe_scheme_cfg cfg;
		struct pe_scheme s;
		struct table_src t;
		struct src_matrix m;
		struct out_err err;

		pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
		cfg.n_dim = 256;
		if (variant == 1) {
			cfg.n_dim = 100;
			cfg.layout = PE_LAYOUT_CONCAT;
			cfg.flip = 1;
			cfg.base = 500.0;
		}
		ck_assert_int_eq(pe_scheme_init(&s, &cfg), PE_OK);
		ck_assert_int_eq(src_matrix_init(&t, &m, &s, 1500, &err), 0);
		ck_assert_ptr_nonnull(t.fill_draft);
		ck_assert_int_eq(t.draft_digits, 8);
		same_csv_every_digits(&t, variant, 50);
		src_matrix_free(&m);
		pe_scheme_free(&s);
	}
}
END_TEST

START_TEST(test_decay_drafts_only_rope)
{
	/* decay drafts come only with the RoPE bound: not for sinusoidal, not
	 * with sampled q and k */
	struct pe_scheme s;
	struct table_src t;
	struct src_decay m;
	struct src_decay_opts dopts;
	struct out_err err;

	memset(&dopts, 0, sizeof dopts);
	dopts.max_dist = 100.0;
	dopts.step = 1.0;
	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 64, 10000.0);
	ck_assert_int_eq(src_decay_init(&t, &m, &s, &dopts, &err), 0);
	ck_assert_ptr_null(t.fill_draft);
	src_decay_free(&m);
	pe_scheme_free(&s);
	/* nor a rope matrix (angles, cos, sin tables: not drafted) */
	ck_scheme(&s, PE_SCHEME_ROPE, 64, 10000.0);
	{
		struct src_matrix mm;

		ck_assert_int_eq(src_matrix_init(&t, &mm, &s, 10, &err), 0);
		ck_assert_ptr_null(t.fill_draft);
		src_matrix_free(&mm);
	}
	dopts.samples = 10;
	ck_assert_int_eq(src_decay_init(&t, &m, &s, &dopts, &err), 0);
	ck_assert_ptr_null(t.fill_draft);
	src_decay_free(&m);
	pe_scheme_free(&s);
}
END_TEST

Suite *suite_out(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_csv_text);
	tcase_add_test(tc, test_csv_concat);
	tcase_add_test(tc, test_png_read_back);
	tcase_add_test(tc, test_png_blocks_and_mask);
	tcase_add_test(tc, test_png_scale);
	tcase_add_test(tc, test_png_framed);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_csv_round_trips);
	tcase_add_test(tc, test_ofile_whole_or_nothing);
	tcase_add_test(tc, test_similarity_profile_equals_direct);
	tcase_add_test(tc, test_similarity_range_from_profile);
	tcase_add_test(tc, test_decay_drafts_same_bytes);
	tcase_add_test(tc, test_decay_drafts_only_rope);
	tcase_add_test(tc, test_matrix_drafts_same_bytes);
	suite_add_tcase(s, tc);
	return s;
}

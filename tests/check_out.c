/*
 * check_out.c - writers read back: CSV text, the PNG through libpng (size,
 * depth, palette, chosen pixels), and output files that appear whole or not
 * at all.
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
#include "out/colormap.h"
#include "out/out.h"

static void make_scheme(struct pe_scheme *s, size_t d, double base)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, PE_SCHEME_SINUSOIDAL);
	cfg.n_dim = d;
	cfg.base = base;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

/* Read all of fp (rewound) into a NUL-terminated buffer. */
static char *slurp(FILE *fp)
{
	size_t cap = 1 << 16, len;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	rewind(fp);
	len = fread(buf, 1, cap - 1, fp);
	buf[len] = '\0';
	return buf;
}

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
	make_scheme(&s, 4, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 2, &err), 0);
	table_meta_add(&t, "d", "%d", 4);
	ck_assert_int_eq(write_delimited(fp, &t, ',', 8, &err), 0);
	text = slurp(fp);
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

	make_scheme(&s, 8, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 50, &err), 0);
	ck_assert_int_eq(write_delimited(fp, &t, '\t', 0, &err), 0);
	text = slurp(fp);
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

START_TEST(test_png_read_back)
{
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	struct png_opts po = { "viridis", -1.0, 1.0, "pecli heatmap test" };
	const struct colormap *cm = colormap_find("viridis");
	FILE *fp = tmpfile();
	png_structp png;
	png_infop info;
	png_colorp pal;
	png_textp text;
	int n_pal, n_text, found = 0;
	unsigned char rows[3][16];

	make_scheme(&s, 16, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 3, &err), 0);
	table_meta_add(&t, "scheme", "%s", "sinusoidal");
	ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
	rewind(fp);

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	ck_assert(!setjmp(png_jmpbuf(png)));
	png_init_io(png, fp);
	png_read_info(png, info);
	ck_assert_uint_eq(png_get_image_width(png, info), 16);
	ck_assert_uint_eq(png_get_image_height(png, info), 3);
	ck_assert_int_eq(png_get_bit_depth(png, info), 8);
	ck_assert_int_eq(png_get_color_type(png, info), PNG_COLOR_TYPE_PALETTE);
	ck_assert(png_get_PLTE(png, info, &pal, &n_pal));
	ck_assert_int_eq(n_pal, 256);
	for (int k = 0; k < 256; k++)
		ck_assert(pal[k].red == cm->rgb[k][0] && pal[k].green == cm->rgb[k][1]
		          && pal[k].blue == cm->rgb[k][2]);
	/* matplotlib's viridis as uint8: first (68, 1, 84), last (253, 231, 36) */
	ck_assert(pal[0].red == 68 && pal[0].green == 1 && pal[0].blue == 84);
	ck_assert(pal[255].red == 253 && pal[255].green == 231 && pal[255].blue == 36);
	n_text = png_get_text(png, info, &text, NULL);
	for (int k = 0; k < n_text; k++)
		if (strcmp(text[k].key, "Comment") == 0)
			found += strcmp(text[k].text, "pecli heatmap test") == 0;
		else if (strcmp(text[k].key, "scheme") == 0)
			found += strcmp(text[k].text, "sinusoidal") == 0;
	ck_assert_int_eq(found, 2);
	for (int i = 0; i < 3; i++)
		png_read_row(png, rows[i], NULL);
	/* position 0: sin 0 = 0 -> floor(0.5 * 256) = 128; cos 0 = 1 -> 255 */
	ck_assert_int_eq(rows[0][0], 128);
	ck_assert_int_eq(rows[0][1], 255);
	/* position 2, pair 0: sin 2 = 0.909..., cos 2 = -0.416...;
	 * floor((v + 1) / 2 * 256) = 244 and 74 */
	ck_assert_int_eq(rows[2][0], 244);
	ck_assert_int_eq(rows[2][1], 74);
	png_destroy_read_struct(&png, &info, NULL);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
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

Suite *suite_out(void)
{
	Suite *s = suite_create("out");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_csv_text);
	tcase_add_test(tc, test_png_read_back);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_csv_round_trips);
	tcase_add_test(tc, test_ofile_whole_or_nothing);
	tcase_add_test(tc, test_similarity_profile_equals_direct);
	suite_add_tcase(s, tc);
	return s;
}

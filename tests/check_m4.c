/*
 * check_m4.c - M4 aggregation (src/write/m4.c) on small tables whose kept
 * rows can be named by hand: per column of the x range the first, last,
 * smallest and largest row of each curve (Jugel et al., PVLDB 7(10), 2014,
 * section 4), a column of at most four rows whole, a non-finite row passed
 * through, columns on the log scale; and the gnuplot script's count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/write.h"

#define M4_ROWS_MAX 32

struct synth {
	size_t n;
	double x[M4_ROWS_MAX], y[M4_ROWS_MAX], z[M4_ROWS_MAX];
};

static int synth_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct synth *s = ctx;

	(void)err;
	out[0] = s->x[i];
	out[1] = s->y[i];
	out[2] = s->z[i];
	return 0;
}

/* a draft a quarter above the exact row, within its radius of 0.25 */
static int synth_draft(void *ctx, size_t i, double *out, double *rad)
{
	const struct synth *s = ctx;

	out[0] = s->x[i];
	out[1] = s->y[i] + 0.25;
	out[2] = s->z[i] + 0.25;
	rad[0] = 0.0;
	rad[1] = rad[2] = 0.25;
	return 1;
}

struct kept {
	size_t n;
	size_t idx[M4_ROWS_MAX];
	double y[M4_ROWS_MAX];
};

static int keep(void *ctx, size_t i, const double *row, struct out_err *err)
{
	struct kept *k = ctx;

	(void)err;
	ck_assert_uint_lt(k->n, M4_ROWS_MAX);
	k->idx[k->n] = i;
	k->y[k->n++] = row[1];
	return 0;
}

static const char *const synth_names[] = { "x", "y", "z" };

/* t over s, x against y (and z with two); log_x on pd */
static void synth_table(struct table_src *t, struct plot_desc *pd, struct synth *s,
                        int two, int log_x)
{
	memset(t, 0, sizeof *t);
	t->n_rows = s->n;
	t->n_cols = 3;
	t->n_index = 1;
	t->col_names = synth_names;
	t->fill_row = synth_fill;
	t->ctx = s;
	plot_desc_init(pd, PLOT_CURVE);
	pd->log_x = log_x;
	ck_assert_ptr_nonnull(plot_series_add(pd, t, "y", NULL, NULL));
	if (two)
		ck_assert_ptr_nonnull(plot_series_add(pd, t, "z", NULL, NULL));
	t->plot = pd;
}

static void run_m4(struct table_src *t, struct plot_desc *pd, size_t n_buckets,
                   struct kept *k, const size_t *want, size_t n_want)
{
	struct m4_sink sink = { keep, k };
	struct m4_stats st;
	struct out_err err;

	k->n = 0;
	ck_assert_msg(m4_rows(t, pd, n_buckets, &sink, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(st.n_in, t->n_rows);
	ck_assert_uint_eq(st.n_out, k->n);
	ck_assert_uint_eq(k->n, n_want);
	for (size_t j = 0; j < n_want; j++)
		ck_assert_msg(k->idx[j] == want[j], "kept row %zu is %zu, want %zu", j, k->idx[j],
		              want[j]);
}

/* x = 0 .. 19; y: the digits of pi and e, worked by hand below */
static void synth_digits(struct synth *s)
{
	static const double y[20] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3,
	                              5, 8, 9, 7, 9, 3, 2, 3, 8, 4 };

	memset(s, 0, sizeof *s);
	s->n = 20;
	for (size_t i = 0; i < s->n; i++) {
		s->x[i] = (double)i;
		s->y[i] = y[i];
	}
}

START_TEST(test_first_last_min_max)
{
	/* two columns over [0, 19], 9.5 wide: rows 0..9 and 10..19.  Column
	 * 0: first 0, last 9, min 1 (y = 1, the first of two), max 5 (y = 9);
	 * column 1: first 10, last 19, min 16 (y = 2), max 12 (y = 9, the
	 * first of two) */
	static const size_t want[] = { 0, 1, 5, 9, 10, 12, 16, 19 };
	/* z's largest value in column 0 is row 8's: one more row kept */
	static const size_t want2[] = { 0, 1, 5, 8, 9, 10, 12, 16, 19 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	synth_digits(&s);
	synth_table(&t, &pd, &s, 0, 0);
	run_m4(&t, &pd, 2, &k, want, sizeof want / sizeof want[0]);
	ck_assert(k.y[2] == 9.0 && k.y[5] == 9.0);
	s.z[8] = 7.0;
	synth_table(&t, &pd, &s, 1, 0);
	run_m4(&t, &pd, 2, &k, want2, sizeof want2 / sizeof want2[0]);
}
END_TEST

START_TEST(test_drafts_compared_rows_exact)
{
	/* compared on the drafts (the same order here), handed on exact */
	static const size_t want[] = { 0, 1, 5, 9, 10, 12, 16, 19 };
	static const double want_y[] = { 3, 1, 9, 3, 5, 9, 2, 4 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	synth_digits(&s);
	synth_table(&t, &pd, &s, 0, 0);
	t.fill_draft = synth_draft;
	t.draft_digits = 1;
	run_m4(&t, &pd, 2, &k, want, sizeof want / sizeof want[0]);
	for (size_t j = 0; j < k.n; j++)
		ck_assert_msg(k.y[j] == want_y[j], "row %zu: y %g, want %g", k.idx[j], k.y[j], want_y[j]);
}
END_TEST

START_TEST(test_band_edges)
{
	/* a band y +- z: its edges are curves too.  Column 0's y alone keeps
	 * 0, 1, 5, 9; y + z is largest at row 2 (4 + 10), y - z smallest
	 * there too */
	static const size_t want[] = { 0, 1, 2, 5, 9, 10, 12, 16, 19 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	synth_digits(&s);
	s.z[2] = 10.0;
	synth_table(&t, &pd, &s, 0, 0);
	pd.series[0].err_col = 2;
	run_m4(&t, &pd, 2, &k, want, sizeof want / sizeof want[0]);
}
END_TEST

START_TEST(test_nan_breaks)
{
	/* row 3 NaN: rows 0..2 (three, kept whole), row 3 itself, then rows
	 * 4..9 (first 4, max 5, min 6, last 9); column 1 as before */
	static const size_t want[] = { 0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 16, 19 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	synth_digits(&s);
	s.y[3] = NAN;
	synth_table(&t, &pd, &s, 0, 0);
	run_m4(&t, &pd, 2, &k, want, sizeof want / sizeof want[0]);
	ck_assert(isnan(k.y[3]));
}
END_TEST

START_TEST(test_log_columns)
{
	/* x = 2^i, i = 0 .. 15, on a log axis in two columns: i < 7.5 and
	 * i >= 7.5, rows 0..7 and 8..15 (linear columns would put rows 0..14
	 * in the first) */
	static const double y[16] = { 0, 5, 1, 2, 3, -1, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const size_t want[] = { 0, 1, 5, 7, 8, 15 };
	static const size_t want_lin[] = { 0, 1, 5, 14, 15 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	memset(&s, 0, sizeof s);
	s.n = 16;
	for (size_t i = 0; i < s.n; i++) {
		s.x[i] = ldexp(1.0, (int)i);
		s.y[i] = y[i];
	}
	synth_table(&t, &pd, &s, 0, 1);
	run_m4(&t, &pd, 2, &k, want, sizeof want / sizeof want[0]);
	synth_table(&t, &pd, &s, 0, 0);
	run_m4(&t, &pd, 2, &k, want_lin, sizeof want_lin / sizeof want_lin[0]);
}
END_TEST

START_TEST(test_sparse_unchanged)
{
	/* at most four rows a column: every row, whatever the values (20 rows
	 * in 5 columns of 3.8: four each; in 10: two each; 0: no columns) */
	static const size_t n_buckets[] = { 5, 10, 20, 1000, 0 };
	size_t all[20];
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k;

	synth_digits(&s);
	for (size_t i = 0; i < 20; i++) {
		all[i] = i;
		s.z[i] = (double)((i * 7) % 5);
	}
	synth_table(&t, &pd, &s, 1, 0);
	for (size_t b = 0; b < sizeof n_buckets / sizeof n_buckets[0]; b++)
		run_m4(&t, &pd, n_buckets[b], &k, all, 20);
}
END_TEST

START_TEST(test_script_counts)
{
	/* the script says what it aggregated, after the datablock */
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 2, 0 };
	FILE *fp = tmpfile();
	char *text;

	synth_digits(&s);
	synth_table(&t, &pd, &s, 0, 0);
	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(write_gnuplot(fp, &t, &go, &err) == 0, "%s", err.msg);
	text = ck_slurp(fp, NULL);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "$data << EOD\nx,y,z\n0,3,0\n1,1,0\n5,9,0\n9,3,0\n"
	                                   "10,5,0\n12,9,0\n16,2,0\n19,4,0\nEOD\n"
	                                   "# M4: 20 rows became 8\n"));
	free(text);
}
END_TEST

START_TEST(test_pixel_columns)
{
	/* a frame 3 pixels wide over x in [0, 19]: gnuplot draws x at pixel
	 * round(x / 19 * 2) (axis_map: + 0.5, then truncation), so pixel 0
	 * holds rows 0..4 (x < 4.75), pixel 1 rows 5..14 (x < 14.25), pixel 2
	 * rows 15..19.  Pixel 0: first 0, last 4, min 1 (y = 1, the first of
	 * two), max 4 (y = 5); pixel 1: first 5 and max (y = 9), min 6 (y =
	 * 2), last 14; pixel 2: first 15, min 16 (y = 2), max 18 (y = 8), last
	 * 19 */
	static const size_t want[] = { 0, 1, 4, 5, 6, 14, 15, 16, 18, 19 };
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct kept k = { 0 };
	struct m4_sink sink = { keep, &k };
	struct m4_stats st;
	struct out_err err;

	synth_digits(&s);
	synth_table(&t, &pd, &s, 0, 0);
	ck_assert_msg(m4_pixels(&t, &pd, 3, &sink, &st, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(k.n, sizeof want / sizeof want[0]);
	for (size_t j = 0; j < k.n; j++)
		ck_assert_msg(k.idx[j] == want[j], "kept row %zu is %zu, want %zu", j, k.idx[j], want[j]);
	/* a frame as wide as the rows are many: every row its own pixel, all
	 * kept (an identity) */
	k.n = 0;
	ck_assert_int_eq(m4_pixels(&t, &pd, 20, &sink, &st, &err), 0);
	ck_assert_uint_eq(k.n, 20);
	/* 800 pixels with margins at screen 0.1 and 0.9: the frame on pixels
	 * 80 and 719 (gnuplot 5.4, png and pngcairo, measured), 640 columns */
	ck_assert_uint_eq(gnuplot_frame_px(800), 640);
}
END_TEST

START_TEST(test_pixel_script)
{
	/* px_width: the margins that make the frame's pixels known, then M4
	 * over those pixel columns (aggregate ignored) */
	struct synth s;
	struct table_src t;
	struct plot_desc pd;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 5, 800 };
	struct out_err err;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	synth_digits(&s);
	synth_table(&t, &pd, &s, 0, 0);
	ck_assert_msg(write_gnuplot(fp, &t, &go, &err) == 0, "%s", err.msg);
	text = ck_slurp(fp, NULL);
	ck_assert_ptr_nonnull(strstr(text, "set lmargin at screen 0.1\nset rmargin at screen 0.9\n"
	                                   "# M4 aggregation (Jugel et al., VLDB 2014): of each of 640 pixel columns of\n"
	                                   "# the plot's frame,"));
	/* 20 rows in 640 pixels: each row alone, all kept */
	ck_assert_ptr_nonnull(strstr(text, "# M4: 20 rows became 20\n"));
	free(text);
	fclose(fp);
}
END_TEST

Suite *suite_m4(void)
{
	Suite *s = suite_create("m4");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_first_last_min_max);
	tcase_add_test(tc, test_band_edges);
	tcase_add_test(tc, test_drafts_compared_rows_exact);
	tcase_add_test(tc, test_nan_breaks);
	tcase_add_test(tc, test_log_columns);
	tcase_add_test(tc, test_pixel_columns);
	tcase_add_test(tc, test_pixel_script);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_sparse_unchanged);
	tcase_add_test(tc, test_script_counts);
	suite_add_tcase(s, tc);
	return s;
}

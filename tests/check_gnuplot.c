/*
 * check_gnuplot.c - the gnuplot writer read back as text: the datablock
 * holds exactly the rows, the settings that depend on the data follow it,
 * text cannot escape its comment or its string, and a table that is not a
 * figure is refused.  (tests/gnuplot.sh runs the scripts in gnuplot.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/colormap.h"
#include "write/write.h"

/* Write t as a script into a NUL-terminated buffer (caller frees). */
static char *script_of(struct table_src *t, const struct gnuplot_opts *go)
{
	struct out_err err;
	FILE *fp = tmpfile();
	char *buf;

	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(write_gnuplot(fp, t, go, &err) == 0, "%s", err.msg);
	buf = ck_slurp(fp, NULL);
	fclose(fp);
	return buf;
}

START_TEST(test_matrix_script)
{
	/* d = 4, base 100, positions 0 and 1: PE(0) = [0, 1, 0, 1], PE(1) =
	 * [sin 1, cos 1, sin 0.1, cos 0.1] (the values of check_out.c's CSV
	 * test, here at 8 digits) */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 8, "pecli matrix --format gnuplot", NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	const char *last = "plot $data matrix using 1:2:3 with image notitle\n";
	char *text;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 4, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 2, &err), 0);
	table_meta_add(&t, "d", "%d", 4);
	t.title = "it's a title";
	plot_desc_init(&pd, PLOT_MATRIX);
	pd.xlabel = "dimension";
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "# made by: pecli matrix --format gnuplot\n# d: 4\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"$data << EOD\n"
		"0 1 0 1\n"
		"0.84147098 0.54030231 0.099833417 0.99500417\n"
		"EOD\n"));
	/* gnuplot strings double the apostrophe */
	ck_assert_ptr_nonnull(strstr(text, "set title 'it''s a title' noenhanced\n"));
	ck_assert_ptr_nonnull(strstr(text, "set xlabel 'dimension' noenhanced\n"));
	/* 4 columns across, 2 positions down, from the top */
	ck_assert_ptr_nonnull(strstr(text, "set xrange [-0.5:3.5]\nset yrange [1.5:-0.5]\n"));
	/* the sinusoidal range in closed form, [-1, 1]: it straddles zero, so
	 * coolwarm (first and last entry, matplotlib _cm.py), as heatmap */
	ck_assert_ptr_nonnull(strstr(text, "set cbrange [-1:1]\n"));
	ck_assert_ptr_nonnull(strstr(text, "(0 '#3a4cc0', "));
	ck_assert_ptr_nonnull(strstr(text, ", 255 '#b30326')\n"));
	/* the plot command last */
	ck_assert_str_eq(text + strlen(text) - strlen(last), last);
	free(text);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_similarity_range)
{
	/* d = 4, base 100: score(0, 0) = 2 is the largest |score| (Cauchy-
	 * Schwarz) and score(0, 3) = cos 3 + cos 0.3 = -0.0347 < 0: the values
	 * straddle zero, so by the colour rule the range is [-2, 2] (coolwarm),
	 * found while the rows stream and written after the datablock */
	struct pe_scheme s;
	struct table_src t;
	struct src_similarity m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, "set terminal dumb", NULL, 0, 0.0, 0.0, 0, 0 };
	char *text;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 4, 100.0);
	ck_assert_int_eq(src_similarity_init(&t, &m, &s, 4, 0, 0, &err), 0);
	plot_desc_init(&pd, PLOT_MATRIX);
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "\nset terminal dumb\n"
	                                   "# 4 rows (pos), 4 columns (k0 .. k3)\n"
	                                   "$data << EOD\n2 "));
	ck_assert(strstr(text, "set cbrange [-2:2]\n") > strstr(text, "EOD\n"));
	/* coolwarm's first and last entry */
	ck_assert_ptr_nonnull(strstr(text, "(0 '#3a4cc0', "));
	ck_assert_ptr_nonnull(strstr(text, ", 255 '#b30326')\n"));
	free(text);
	src_similarity_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_similarity_positive)
{
	/* d = 32, base 10000, n = 30: PE(m) . PE(n) = sum_i cos((n - m)
	 * theta_i) (Vaswani et al. 2017, section 3.5) is positive for every
	 * distance up to 29: largest 16 = d / 2 at distance 0, smallest
	 * 5.96856376519568 at distance 28 (numpy: np.cos(np.outer(r, 10000.0
	 * ** (-np.arange(0, 32, 2) / 32))).sum(1).min(), r < 30).  By the
	 * colour rule that is viridis over [5.97, 16], not coolwarm over
	 * [-16, 16] */
	struct pe_scheme s;
	struct table_src t;
	struct src_similarity m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	char *text;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 32, 10000.0);
	ck_assert_int_eq(src_similarity_init(&t, &m, &s, 30, 0, 0, &err), 0);
	plot_desc_init(&pd, PLOT_MATRIX);
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "set cbrange [5.96856376519568"));
	ck_assert_ptr_nonnull(strstr(text, ":16]\n"));
	ck_assert_ptr_nonnull(strstr(text, "(0 '#440154', "));   /* viridis */
	free(text);
	/* --colormap and --range override the rule */
	go.colormap = "coolwarm";
	go.has_range = 1;
	go.lo = 0.0;
	go.hi = 20.0;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "set cbrange [0:20]\n"));
	ck_assert_ptr_nonnull(strstr(text, "(0 '#3a4cc0', "));   /* coolwarm */
	free(text);
	src_similarity_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_colour_rule)
{
	/* identities of colormap_rule: a range that straddles zero becomes
	 * symmetric and coolwarm, and the rule is then a fixed point; a range
	 * on one side of zero (zero included) is kept and viridis; a range
	 * given is kept, coolwarm only when centred on zero */
	static const double cases[][5] = {
		/* lo, hi, given -> lo, hi */
		{ -0.034656007474839434, 2.0, 0, -2.0, 2.0 },
		{ -7.5, 0.0, 0, -7.5, 0.0 },
		{ 0.0, 15.0, 0, 0.0, 15.0 },
		{ -3.0, 1.0, 0, -3.0, 3.0 },
		{ -4.0, 20.0, 1, -4.0, 20.0 },
		{ -1.0, 1.0, 1, -1.0, 1.0 },
	};
	static const char *const maps[] = { "coolwarm", "viridis", "viridis", "coolwarm",
	                                    "viridis", "coolwarm" };

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		double lo = cases[k][0], hi = cases[k][1];
		const char *map = colormap_rule(&lo, &hi, (int)cases[k][2]);

		ck_assert_msg(lo == cases[k][3] && hi == cases[k][4] && strcmp(map, maps[k]) == 0,
		              "case %zu: [%g, %g] %s", k, lo, hi, map);
		if (cases[k][2] != 0.0)
			continue;
		ck_assert_str_eq(colormap_rule(&lo, &hi, 0), map);   /* a fixed point */
		ck_assert(lo == cases[k][3] && hi == cases[k][4]);
	}
}
END_TEST

/* A 2 x 2 table whose cell (0, 1) is masked (NaN), as a causal bias. */
static int masked_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	(void)ctx;
	(void)err;
	out[0] = (double)i;
	out[1] = -0.5 * (double)i;
	out[2] = i == 0 ? NAN : 0.0;
	return 0;
}

START_TEST(test_masked_cells)
{
	/* gnuplot's matrix reader warns about NaN but reads Inf; Inf * 0 is
	 * NaN again in the using expression, and the image leaves it blank */
	static const char *const names[] = { "pos", "k0", "k1" };
	struct table_src t = { 0 };
	struct plot_desc pd;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	char *text;

	t.n_rows = 2;
	t.n_cols = 3;
	t.n_index = 1;
	t.col_names = names;
	t.fill_row = masked_fill;
	plot_desc_init(&pd, PLOT_MATRIX);
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "$data << EOD\n-0 Inf\n-0.5 0\nEOD\n"));
	ck_assert_ptr_nonnull(strstr(text, "# 1 cells have no finite value (masked): written Inf, drawn blank\n"
	                                   "plot $data matrix using 1:2:($3 * 0 == 0 ? $3 : NaN) with image notitle\n"));
	free(text);
}
END_TEST

START_TEST(test_curve_script)
{
	/* a curve: CSV with its header in the datablock, one line per series,
	 * the baseline drawn last, a band as col +- err */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	struct plot_series *base;
	char *text, *first, *second;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 4, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 2, &err), 0);
	plot_desc_init(&pd, PLOT_CURVE);
	pd.log_y = 1;
	base = plot_series_add(&pd, &t, "d0", NULL, "sine");
	ck_assert_ptr_nonnull(base);
	base->baseline = 1;
	ck_assert_ptr_nonnull(plot_series_add(&pd, &t, "d1", "d3", NULL));
	/* a column the table does not have is left out */
	ck_assert_ptr_null(plot_series_add(&pd, &t, "bound", NULL, "bound"));
	ck_assert_ptr_null(plot_series_add(&pd, &t, "d1", "std", NULL));
	ck_assert_uint_eq(pd.n_series, 2);
	plot_ref_add(&pd, 'y', 0.5, "half %s", "way");
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "set datafile separator comma\n"));
	ck_assert_ptr_nonnull(strstr(text,
		"$data << EOD\n"
		"pos,d0,d1,d2,d3\n"
		"0,0,1,0,1\n"));
	ck_assert_ptr_nonnull(strstr(text, "set logscale y\n"));
	ck_assert_ptr_nonnull(strstr(text, "set label 'half way' at graph 0.02, first 0.5"));
	ck_assert_ptr_nonnull(strstr(text,
		"(column(3) - column(5)):(column(3) + column(5)) with filledcurves"));
	first = strstr(text, "using 1:3 with lines lw 2 lt 2 title 'd1' noenhanced");
	second = strstr(text, "using 1:2 with lines lw 2 lc rgb 'black' dt 2 title 'sine' noenhanced");
	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_nonnull(second);
	ck_assert(first < second);
	/* no series on the right-hand axis: no y2 axis */
	ck_assert_ptr_null(strstr(text, "y2"));
	free(text);
	/* a series of another scale (RoFormer's bound) on its own axis, as
	 * plots/decay.gp draws it: y2 tics and label, the left tics on the left */
	pd.series[1].y2 = 1;
	pd.y2label = "relative upper bound";
	text = script_of(&t, &go);
	ck_assert_ptr_nonnull(strstr(text, "set ytics nomirror\nset y2tics\nset logscale y2\n"));
	ck_assert_ptr_nonnull(strstr(text, "set y2label 'relative upper bound' noenhanced\n"));
	ck_assert_ptr_nonnull(strstr(text, "using 1:3 axes x1y2 with lines lw 2 lt 2 title 'd1'"));
	ck_assert_ptr_nonnull(strstr(text, "using 1:2 with lines lw 2 lc rgb 'black'"));
	free(text);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_text_stays_text)
{
	/* a line break in a value (a file name) ends neither the comment nor
	 * the string: no line of the script starts with what follows it */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, "pecli x\nsystem('true')", NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	char *text;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 2, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 1, &err), 0);
	table_meta_add(&t, "source", "%s", "a\nsystem('true')");
	t.title = "b\nsystem('true')";
	plot_desc_init(&pd, PLOT_MATRIX);
	t.plot = &pd;
	text = script_of(&t, &go);
	ck_assert_ptr_null(strstr(text, "\nsystem"));
	ck_assert_ptr_nonnull(strstr(text, "# source: a system('true')\n"));
	ck_assert_ptr_nonnull(strstr(text, "set title 'b system(''true'')' noenhanced\n"));
	free(text);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_not_a_figure)
{
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	FILE *fp = tmpfile();

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 2, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 1, &err), 0);
	ck_assert_int_eq(write_gnuplot(fp, &t, &go, &err), -1);
	ck_assert_str_eq(err.msg, "this table is not a figure: no gnuplot script");
	/* a curve with no series draws nothing either */
	plot_desc_init(&pd, PLOT_CURVE);
	t.plot = &pd;
	ck_assert_int_eq(write_gnuplot(fp, &t, &go, &err), -1);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_run_missing_program)
{
	/* a program that does not exist: one message naming where it came
	 * from, and nothing run */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct plot_desc pd;
	struct out_err err;
	struct gnuplot_opts go = { 0, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 2, 100.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 1, &err), 0);
	plot_desc_init(&pd, PLOT_MATRIX);
	t.plot = &pd;
	ck_assert_int_eq(gnuplot_run("/nonexistent/gnuplot", "TEST", stdout, &t, &go, &err), -1);
	ck_assert_str_eq(err.msg, "gnuplot not found: '/nonexistent/gnuplot' (from TEST): "
	                          "No such file or directory");
	ck_assert_int_eq(gnuplot_run("/nonexistent/gnuplot", NULL, stdout, &t, &go, &err), -1);
	ck_assert_str_eq(err.msg, "gnuplot not found: install the gnuplot-nox package "
	                          "(apt-get install gnuplot-nox)");
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

Suite *suite_gnuplot(void)
{
	Suite *s = suite_create("gnuplot");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_matrix_script);
	tcase_add_test(tc, test_similarity_range);
	tcase_add_test(tc, test_similarity_positive);
	tcase_add_test(tc, test_colour_rule);
	tcase_add_test(tc, test_curve_script);
	tcase_add_test(tc, test_masked_cells);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_text_stays_text);
	tcase_add_test(tc, test_not_a_figure);
	tcase_add_test(tc, test_run_missing_program);
	suite_add_tcase(s, tc);
	return s;
}

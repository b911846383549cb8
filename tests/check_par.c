/*
 * check_par.c - rows on several threads (table_chunks) and the progress
 * line.  Threads only change who computes a row: every writer's bytes, a
 * failing row's message and the rows written before it must be those of
 * one thread.  The expected values are those of the one-thread run, which
 * the other suites check against worked examples.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_pecli.h"
#include "write/write.h"

static const unsigned thread_counts[] = { 2, 3, 5, 8 };
#define N_THREAD_COUNTS (sizeof thread_counts / sizeof thread_counts[0])

/* ---- table_chunks covers every row once, chunk after chunk ---- */

#define COVER_MAX 1000
#define CHUNKS_MAX 16

struct cover {
	unsigned char seen[COVER_MAX];
	size_t lo[CHUNKS_MAX], hi[CHUNKS_MAX];
};

static void cover_chunk(void *ctx, size_t c, size_t lo, size_t hi)
{
	struct cover *cv = ctx;

	cv->lo[c] = lo;
	cv->hi[c] = hi;
	for (size_t i = lo; i < hi; i++)
		cv->seen[i]++;
}

START_TEST(test_chunks_cover)
{
	static const size_t ns[] = { 0, 1, 5, 16, 999 }, chunks[] = { 1, 2, 3, 7, 16 };
	struct table_src t;
	struct cover cv;

	memset(&t, 0, sizeof t);
	t.parallel = 1;
	for (size_t a = 0; a < 5; a++)
		for (size_t b = 0; b < 5; b++)
			for (unsigned th = 1; th <= 4; th++) {
				size_t n = ns[a], n_chunks = chunks[b], i0 = 1;

				memset(&cv, 0, sizeof cv);
				t.n_threads = th;
				table_chunks(&t, n_chunks, i0, n, cover_chunk, &cv);
				for (size_t i = 0; i < COVER_MAX; i++)
					ck_assert_msg(cv.seen[i] == (i >= i0 && i < i0 + n),
					              "n %zu, %zu chunks, %u threads: row %zu seen %d times",
					              n, n_chunks, th, i, cv.seen[i]);
				/* contiguous, in order, sizes within one of each other */
				ck_assert_uint_eq(cv.lo[0], i0);
				ck_assert_uint_eq(cv.hi[n_chunks - 1], i0 + n);
				for (size_t c = 0; c < n_chunks; c++) {
					ck_assert(cv.lo[c] <= cv.hi[c]);
					ck_assert(cv.hi[c] - cv.lo[c] <= n / n_chunks + 1);
					if (c > 0)
						ck_assert_uint_eq(cv.lo[c], cv.hi[c - 1]);
				}
			}
	/* not parallel: one worker whatever n_threads */
	t.parallel = 0;
	t.n_threads = 8;
	ck_assert_uint_eq(table_workers(&t), 1);
	t.parallel = 1;
	ck_assert_uint_eq(table_workers(&t), 8);
	t.n_threads = 0;
	ck_assert_uint_eq(table_workers(&t), 1);
}
END_TEST

/* ---- the same bytes on any number of threads ---- */

static char *csv_of(struct table_src *t, unsigned threads, int digits, size_t *len)
{
	struct out_err err;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	t->n_threads = threads;
	ck_assert_int_eq(write_delimited(fp, t, ',', digits, &err), 0);
	text = ck_slurp(fp, len);
	fclose(fp);
	return text;
}

static void same_csv_any_threads(struct table_src *t, const char *what)
{
	static const int digits[] = { 0, 6 };

	ck_assert_msg(t->parallel, "%s: the source runs on threads", what);
	for (size_t k = 0; k < 2; k++) {
		size_t len1, len;
		char *one = csv_of(t, 1, digits[k], &len1);

		for (size_t a = 0; a < N_THREAD_COUNTS; a++) {
			char *many = csv_of(t, thread_counts[a], digits[k], &len);

			ck_assert_msg(len == len1 && memcmp(one, many, len) == 0,
			              "%s, --digits %d: %u threads differ from one", what,
			              digits[k], thread_counts[a]);
			free(many);
		}
		free(one);
	}
}

START_TEST(test_threads_same_csv)
{
	struct pe_scheme sin_s, rope_s;
	struct table_src t;
	struct src_matrix m;
	struct src_similarity sim;
	struct src_decay dec;
	struct src_decay_opts dopts;
	struct out_err err;

	ck_scheme(&sin_s, PE_SCHEME_SINUSOIDAL, 16, 10000.0);
	ck_scheme(&rope_s, PE_SCHEME_ROPE, 32, 10000.0);

	/* 1000 rows: several passes of CHUNK bytes each on every count */
	ck_assert_int_eq(src_matrix_init(&t, &m, &sin_s, 1000, &err), 0);
	same_csv_any_threads(&t, "sinusoidal matrix");
	src_matrix_free(&m);

	ck_assert_int_eq(src_similarity_init(&t, &sim, &sin_s, 97, 0, 0, &err), 0);
	same_csv_any_threads(&t, "similarity");
	src_similarity_free(&sim);

	memset(&dopts, 0, sizeof dopts);
	dopts.max_dist = 20000.0;
	dopts.step = 1.0;
	dopts.n_pos = 1024;
	ck_assert_int_eq(src_decay_init(&t, &dec, &rope_s, &dopts, &err), 0);
	same_csv_any_threads(&t, "rope decay with its bound");
	src_decay_free(&dec);

	pe_scheme_free(&sin_s);
	pe_scheme_free(&rope_s);
}
END_TEST

START_TEST(test_threads_same_png)
{
	/* the framed figure, whose range pass also runs on the threads */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	struct png_opts po = { "viridis", 0.0, 0.0, "test", 0, 0, 0, 1, OUT_FORMAT_PNG, 0.0, NULL };
	size_t len1 = 0, len;
	char *one = NULL;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 64, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 300, &err), 0);
	t.has_range = 0;   /* measure it: the range pass */
	for (size_t a = 0; a <= N_THREAD_COUNTS; a++) {
		FILE *fp = tmpfile();
		char *png;

		ck_assert_ptr_nonnull(fp);
		t.n_threads = a == 0 ? 1 : thread_counts[a - 1];
		ck_assert_int_eq(table_range(&t, &po.lo, &po.hi, &err), 0);
		ck_assert_int_eq(write_png(fp, &t, &po, &err), 0);
		png = ck_slurp(fp, &len);
		fclose(fp);
		if (a == 0) {
			one = png;
			len1 = len;
			continue;
		}
		ck_assert_msg(len == len1 && memcmp(one, png, len) == 0,
		              "PNG on %u threads differs from one", t.n_threads);
		free(png);
	}
	free(one);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

/* ---- a failing row: the same rows before it, its own message ---- */

#define FAIL_ROWS 400
#define FAIL_FROM 230   /* rows 230 .. 399 fail, each naming itself */

static int failing_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	(void)ctx;
	if (i >= FAIL_FROM)
		return out_fail(err, "row %zu fails", i);
	out[0] = (double)i;
	out[1] = sqrt((double)i);
	return 0;
}

static void failing_init(struct table_src *t, unsigned threads)
{
	static const char *const names[] = { "pos", "root" };

	memset(t, 0, sizeof *t);
	t->n_rows = FAIL_ROWS;
	t->n_cols = 2;
	t->n_index = 1;
	t->col_names = names;
	t->fill_row = failing_fill;
	t->parallel = 1;
	t->n_threads = threads;
}

START_TEST(test_threads_failing_row)
{
	struct table_src t;
	struct out_err err;
	size_t len1 = 0, len;
	char *one = NULL;
	double lo, hi;

	for (size_t a = 0; a <= N_THREAD_COUNTS; a++) {
		FILE *fp = tmpfile();
		char *text;

		ck_assert_ptr_nonnull(fp);
		failing_init(&t, a == 0 ? 1 : thread_counts[a - 1]);
		memset(&err, 0, sizeof err);
		ck_assert_int_eq(write_rows(fp, &t, ',', 0, &err), -1);
		ck_assert_str_eq(err.msg, "row 230 fails");   /* the first, not a later one */
		text = ck_slurp(fp, &len);
		fclose(fp);
		/* the header and rows 0 .. 229, as one thread wrote them */
		ck_assert_ptr_nonnull(strstr(text, "\n229,"));
		ck_assert_ptr_null(strstr(text, "\n230,"));
		if (a == 0) {
			one = text;
			len1 = len;
		} else {
			ck_assert_msg(len == len1 && memcmp(one, text, len) == 0,
			              "%u threads: other rows before the failure", t.n_threads);
			free(text);
		}
		memset(&err, 0, sizeof err);
		ck_assert_int_eq(table_range(&t, &lo, &hi, &err), -1);
		ck_assert_str_eq(err.msg, "row 230 fails");
	}
	free(one);
}
END_TEST

/* ---- the progress line ---- */

START_TEST(test_progress_line)
{
	struct progress p;
	FILE *fp = tmpfile();
	size_t len;
	char *text;

	ck_assert_ptr_nonnull(fp);
	/* before the delay: nothing drawn, nothing to clear */
	progress_init(&p, fp, "pecli: matrix");
	ck_assert(p.delay == PROGRESS_DELAY);
	progress_update(&p, "rows", 5, 10);
	progress_end(&p);
	text = ck_slurp(fp, &len);
	ck_assert_uint_eq(len, 0);
	free(text);

	/* after it: one line, redrawn at most every 0.1 s, then cleared */
	progress_init(&p, fp, "pecli: matrix");
	p.delay = 0.0;
	progress_update(&p, "rows", 13763, 32768);
	progress_update(&p, "rows", 20000, 32768);   /* too soon: skipped */
	progress_end(&p);
	progress_end(&p);                             /* cleared once */
	text = ck_slurp(fp, &len);
	ck_assert_str_eq(text, "\rpecli: matrix:  42% (13763 of 32768 rows)\033[K\r\033[K");
	free(text);
	fclose(fp);

	/* no line at all (not a terminal): NULL is accepted */
	progress_update(NULL, "rows", 1, 2);
	progress_end(NULL);
}
END_TEST

/* ---- --plot after threads: the forked script writer must not hang ---- */

START_TEST(test_threads_then_fork)
{
	/* libgomp hangs in a forked child whose parent ran a parallel region
	 * (a C program doing just that hung until killed here); gnuplot_run
	 * forks the script's writer, so it must write on one thread.  'cat'
	 * stands in for gnuplot and sends the script back. */
	struct pe_scheme s;
	struct table_src t;
	struct src_decay m;
	struct src_decay_opts dopts;
	struct out_err err;
	struct gnuplot_opts go = { 6, NULL, NULL, NULL, 0, 0.0, 0.0, 0, 0 };
	struct plot_desc pd;
	FILE *fp = tmpfile(), *back = tmpfile();
	size_t len;
	char *text;

	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(back);
	ck_scheme(&s, PE_SCHEME_ROPE, 32, 10000.0);
	memset(&dopts, 0, sizeof dopts);
	dopts.max_dist = 20000.0;
	dopts.step = 1.0;
	ck_assert_int_eq(src_decay_init(&t, &m, &s, &dopts, &err), 0);
	/* a curve: its rows go through write_rows, on the threads */
	plot_desc_init(&pd, PLOT_CURVE);
	ck_assert_ptr_nonnull(plot_series_add(&pd, &t, "dot", NULL, "dot"));
	t.plot = &pd;
	t.n_threads = 2;
	ck_assert_int_eq(write_delimited(fp, &t, ',', 6, &err), 0);   /* threads run */
	ck_assert_int_eq(gnuplot_run("cat", NULL, back, &t, &go, &err), 0);
	text = ck_slurp(back, &len);
	ck_assert_ptr_nonnull(strstr(text, "\nEOD\n"));
	free(text);
	fclose(fp);
	fclose(back);
	src_decay_free(&m);
	pe_scheme_free(&s);
}
END_TEST

Suite *suite_par(void)
{
	Suite *s = suite_create("par");
	TCase *tc = tcase_create("threads");

	tcase_add_test(tc, test_chunks_cover);
	tcase_add_test(tc, test_threads_same_csv);
	tcase_add_test(tc, test_threads_same_png);
	tcase_add_test(tc, test_threads_failing_row);
	tcase_add_test(tc, test_progress_line);
	tcase_add_test(tc, test_threads_then_fork);
	tcase_set_timeout(tc, 30);   /* a hang fails in 30 s */
	suite_add_tcase(s, tc);
	return s;
}

/*
 * check_npy.c - the npy writer (src/write/npy.c), the JSON of its
 * metadata and --format json (src/write/json.c), read back byte by byte
 * (JSON through json-c's parser).
 *
 * The expected header bytes are NumPy's format version 1.0 as
 * numpy/lib/format.py defines and writes it (module docstring "Format
 * Version 1.0"; MAGIC_PREFIX, ARRAY_ALIGN = 64, _write_array_header: the
 * dict's keys sorted, each "'key': repr(value), "; _wrap_header: HEADER_LEN
 * = len(dict) + 1 + padlen, padlen = 64 - ((8 + 2 + len(dict) + 1) % 64)
 * spaces, then '\n'): np.save of a C-order float64 array of that shape
 * writes this header, save that newer numpy also puts spaces after the dict
 * for growing the first axis in place (GROWTH_AXIS_MAX_DIGITS), which
 * np.load skips.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "check_pecli.h"
#include "read/read.h"
#include "write/write.h"

/* The double at data offset k (in doubles) of an npy image, little-endian. */
static double f8_at(const unsigned char *data, size_t k)
{
	uint64_t u = 0;
	double x;

	for (int b = 7; b >= 0; b--)
		u = (u << 8) | data[8 * k + (size_t)b];
	memcpy(&x, &u, sizeof x);
	return x;
}

/* t as npy, the bytes (owned) and their count */
static unsigned char *npy_bytes(struct table_src *t, size_t *len)
{
	FILE *fp = tmpfile();
	struct out_err err;
	unsigned char *bytes;

	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(write_npy(fp, t, &err) == 0, "%s", err.msg);
	bytes = (unsigned char *)ck_slurp(fp, len);
	fclose(fp);
	return bytes;
}

START_TEST(test_npy_header_bytes)
{
	/* shape (3, 5): the dict is 59 characters, hlen 60, padlen 64 - (8 +
	 * 2 + 60) % 64 = 58, so HEADER_LEN = 118 = 0x76 and the data starts at
	 * byte 128 (format.py's _wrap_header worked by hand) */
	static const char dict[] = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }";
	char buf[NPY_WHEADER_MAX];
	size_t len = npy_header(buf, 3, 5);

	ck_assert_uint_eq(sizeof dict - 1, 59);
	ck_assert_uint_eq(len, 128);
	ck_assert_int_eq(memcmp(buf, "\x93NUMPY\x01\x00\x76\x00", 10), 0);
	ck_assert_int_eq(memcmp(buf + 10, dict, 59), 0);
	for (size_t k = 69; k < 127; k++)
		ck_assert_msg(buf[k] == ' ', "byte %zu is %d, not a space", k, buf[k]);
	ck_assert_int_eq(buf[127], '\n');
}
END_TEST

START_TEST(test_npy_header_aligned)
{
	/* every shape: the data starts at a multiple of 64, HEADER_LEN counts
	 * what follows the 10 prefix bytes, 1 to 64 spaces before the '\n'
	 * (padlen is never 0 in _wrap_header), and the shape reads back */
	static const size_t shapes[][2] = {
		{ 0, 1 }, { 1, 1 }, { 3, 5 }, { 9, 99 }, { 100000, 513 },
		{ 123456789, 4096 }, { 1000, 1 }, { 10000, 1 }, { 100, 10000 },
		{ SIZE_MAX, SIZE_MAX },
	};

	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
		char buf[NPY_WHEADER_MAX], *end;
		size_t len = npy_header(buf, shapes[k][0], shapes[k][1]), dict, r, c;
		unsigned hlen = (unsigned char)buf[8] | (unsigned)(unsigned char)buf[9] << 8;

		ck_assert_uint_eq(len % 64, 0);
		ck_assert_uint_le(len, NPY_WHEADER_MAX);
		ck_assert_uint_eq(hlen, len - 10);
		ck_assert_int_eq(buf[len - 1], '\n');
		end = memchr(buf, '}', len);
		ck_assert_ptr_nonnull(end);
		dict = (size_t)(end - buf) + 1;
		ck_assert_uint_ge(len - 1 - dict, 1);
		ck_assert_uint_le(len - 1 - dict, 64);
		for (size_t b = dict; b < len - 1; b++)
			ck_assert_int_eq(buf[b], ' ');
		ck_assert_int_eq(sscanf(buf + 10, "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), }",
		                        &r, &c), 2);
		ck_assert_uint_eq(r, shapes[k][0]);
		ck_assert_uint_eq(c, shapes[k][1]);
	}
}
END_TEST

START_TEST(test_npy_small_values)
{
	/* a 3 x 3 table: every double written as it is, bit for bit (signed
	 * zero, the smallest subnormal, infinities, a double that is not the
	 * value of its shortest decimal), the index column too; an empty text
	 * cell is NaN */
	static const char *const cols[] = { "pos", "a", "b" };
	static const double want[9] = {
		0.0, -0.0, 0x1p-1074,
		1.0, 0.1 + 0.2, -INFINITY,
		2.0, 1e308, INFINITY,
	};
	struct src_small m;
	struct table_src t;
	unsigned char expect[8 * 9];
	unsigned char *bytes;
	size_t len;

	src_small_init(&t, &m, 3, 3, cols);
	t.n_index = 1;
	memcpy(m.cells, want, sizeof want);
	bytes = npy_bytes(&t, &len);
	ck_assert_uint_eq(len, 128 + sizeof expect);
	ck_le_f8(expect, want, 9);
	ck_assert_int_eq(memcmp(bytes + 128, expect, sizeof expect), 0);
	ck_assert(signbit(f8_at(bytes + 128, 1)));
	free(bytes);

	m.texts[4] = "";   /* printed empty: (1, 1) */
	bytes = npy_bytes(&t, &len);
	ck_assert(isnan(f8_at(bytes + 128, 4)));
	ck_assert(f8_at(bytes + 128, 5) == -INFINITY);
	free(bytes);
}
END_TEST

START_TEST(test_npy_equals_csv)
{
	/* np.load gives the doubles of the CSV at full digits: each CSV field
	 * read by strtod is the npy double, bit for bit (rope's cos table:
	 * index column, then values that need 17 digits) */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct out_err err;
	FILE *fp = tmpfile();
	unsigned char *bytes;
	char *text, *q;
	size_t len, n_cols;

	ck_assert_ptr_nonnull(fp);
	ck_scheme(&s, PE_SCHEME_ROPE, 16, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 40, &err), 0);
	n_cols = t.n_cols;
	ck_assert_int_eq(write_rows(fp, &t, ',', 0, &err), 0);
	text = ck_slurp(fp, NULL);
	bytes = npy_bytes(&t, &len);
	ck_assert_uint_eq(len, 128 + 8 * 40 * n_cols);
	q = strchr(text, '\n') + 1;
	for (size_t k = 0; k < 40 * n_cols; k++) {
		double csv = strtod(q, &q), npy = f8_at(bytes + 128, k);

		ck_assert_msg(memcmp(&csv, &npy, sizeof csv) == 0, "cell %zu: csv %.17g, npy %.17g",
		              k, csv, npy);
		q++;   /* the separator or the newline */
	}
	ck_assert_int_eq(*q, '\0');
	free(bytes);
	free(text);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_npy_threads_same_bytes)
{
	/* rows made on several threads go out in row order: the same file */
	struct pe_scheme s;
	struct table_src t;
	struct src_similarity m;
	struct out_err err;
	unsigned char *one, *three;
	size_t len1, len3;

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 8, 10000.0);
	ck_assert_int_eq(src_similarity_init(&t, &m, &s, 300, 1, 0, &err), 0);
	t.n_threads = 1;
	one = npy_bytes(&t, &len1);
	t.n_threads = 3;
	three = npy_bytes(&t, &len3);
	ck_assert_uint_eq(len1, 128 + 8 * 300 * 301);
	ck_assert_uint_eq(len3, len1);
	ck_assert_int_eq(memcmp(one, three, len1), 0);
	free(one);
	free(three);
	src_similarity_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_npy_read_back)
{
	/* pecli's own .npy reader (src/read/npy.c, written from the same
	 * spec) takes the file: shape and every value */
	struct pe_scheme s;
	struct table_src t;
	struct src_matrix m;
	struct pe_learned back = { 0 };
	struct out_err err;
	double row[9];
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 8, 10000.0);
	ck_assert_int_eq(src_matrix_init(&t, &m, &s, 7, &err), 0);
	ck_assert_int_eq(write_npy(fp, &t, &err), 0);
	rewind(fp);
	ck_assert_msg(npy_read_fp(&back, fp, "m.npy", &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(back.n_pos, 7);
	ck_assert_uint_eq(back.n_dim, 9);
	for (size_t i = 0; i < 7; i++) {
		ck_assert_int_eq(t.fill_row(t.ctx, i, row, &err), 0);
		ck_assert_int_eq(memcmp(back.data + 9 * i, row, sizeof row), 0);
	}
	pe_learned_free(&back);
	fclose(fp);
	src_matrix_free(&m);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_npy_text_refused)
{
	/* a name has no double: npy_text_column finds it in row 0 and
	 * write_npy refuses it wherever it is */
	static const char *const cols[] = { "x", "a", "flag" };
	struct src_small m;
	struct table_src t;
	struct out_err err;
	const char *text;
	size_t col;
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	src_small_init(&t, &m, 2, 3, cols);
	m.texts[1] = "";   /* empty: NaN, not text */
	ck_assert_int_eq(npy_text_column(&t, &col, &text, &err), 0);
	ck_assert_uint_eq(col, SIZE_MAX);
	m.texts[5] = "yes";   /* row 1 only: found by the writer */
	ck_assert_int_eq(write_npy(fp, &t, &err), -1);
	ck_assert_str_eq(err.msg, "--format npy holds numbers only: column 'flag' holds text ('yes')");
	m.texts[2] = "no";
	ck_assert_int_eq(npy_text_column(&t, &col, &text, &err), 0);
	ck_assert_uint_eq(col, 2);
	ck_assert_str_eq(text, "no");
	fclose(fp);
}
END_TEST

static int fail_row_1(void *ctx, size_t i, double *out, struct out_err *err)
{
	(void)ctx;
	out[0] = (double)i;
	return i == 1 ? out_fail(err, "row %zu failed", i) : 0;
}

START_TEST(test_npy_row_fails)
{
	static const char *const cols[] = { "x" };
	struct table_src t;
	struct out_err err;
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	memset(&t, 0, sizeof t);
	t.n_rows = 3;
	t.n_cols = 1;
	t.col_names = cols;
	t.fill_row = fail_row_1;
	ck_assert_int_eq(write_npy(fp, &t, &err), -1);
	ck_assert_str_eq(err.msg, "row 1 failed");
	fclose(fp);
}
END_TEST

START_TEST(test_meta_json)
{
	/* the '# key: value' lines as strings, then columns and shape; json-c
	 * reads it back (quotes and backslashes escaped) */
	static const char *const cols[] = { "pos", "d0" };
	struct src_small m;
	struct table_src t;
	struct out_err err;
	json_object *root, *v;
	FILE *fp = tmpfile();
	char *text;

	ck_assert_ptr_nonnull(fp);
	src_small_init(&t, &m, 4, 2, cols);
	table_meta_add(&t, "pecli", "%s", "0.1.0");
	table_meta_add(&t, "base", "%d", 10000);
	table_meta_add(&t, "source", "%s", "config \"a\\b\".json");
	ck_assert_int_eq(write_meta_json(fp, &t, &err), 0);
	text = ck_slurp(fp, NULL);
	root = json_tokener_parse(text);
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(json_object_object_length(root), 5);
	ck_assert(json_object_object_get_ex(root, "base", &v));
	ck_assert_str_eq(json_object_get_string(v), "10000");
	ck_assert(json_object_object_get_ex(root, "source", &v));
	ck_assert_str_eq(json_object_get_string(v), "config \"a\\b\".json");
	ck_assert(json_object_object_get_ex(root, "columns", &v));
	ck_assert_int_eq((int)json_object_array_length(v), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(v, 1)), "d0");
	ck_assert(json_object_object_get_ex(root, "shape", &v));
	ck_assert_int_eq((int)json_object_array_length(v), 2);
	ck_assert_int_eq(json_object_get_int64(json_object_array_get_idx(v, 0)), 4);
	ck_assert_int_eq(json_object_get_int64(json_object_array_get_idx(v, 1)), 2);
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	json_object_put(root);
	free(text);
	fclose(fp);
}
END_TEST

/* t as --format json (digits, with_meta), parsed back by json-c; the text
 * into *text (owned) */
static json_object *json_of(struct table_src *t, int digits, int with_meta, char **text)
{
	FILE *fp = tmpfile();
	struct out_err err;
	json_object *root;

	ck_assert_ptr_nonnull(fp);
	ck_assert_msg(write_json(fp, t, digits, with_meta, &err) == 0, "%s", err.msg);
	*text = ck_slurp(fp, NULL);
	fclose(fp);
	root = json_tokener_parse(*text);
	ck_assert_ptr_nonnull(root);
	return root;
}

START_TEST(test_json_equals_csv)
{
	/* sinusoidal d = 8: inv_freq_i = 10000^(-2i/8) = 1, 0.1, 0.01, 0.001
	 * (Vaswani et al. 2017, section 3.5); every number of --format json
	 * reads back as the very double of the table, and is written with the
	 * bytes CSV gives it (fmt_double), --digits included */
	struct pe_scheme s;
	struct table_src t;
	struct src_freqs f;
	struct out_err err;
	json_object *root, *rows, *v;
	double row[16];
	char *text, num[FMT_BUF], key[FMT_BUF + 8];

	ck_scheme(&s, PE_SCHEME_SINUSOIDAL, 8, 10000.0);
	ck_assert_int_eq(src_freqs_init(&t, &f, &s, 1024.0, &err), 0);
	table_meta_add(&t, "base", "%d", 10000);
	for (int digits = 0; digits <= 4; digits += 4) {
		root = json_of(&t, digits, 1, &text);
		ck_assert(json_object_object_get_ex(root, "base", &v));
		ck_assert_str_eq(json_object_get_string(v), "10000");
		ck_assert(!json_object_object_get_ex(root, "null", NULL));
		ck_assert(json_object_object_get_ex(root, "rows", &rows));
		ck_assert_uint_eq(json_object_array_length(rows), 4);
		for (size_t i = 0; i < 4; i++) {
			json_object *obj = json_object_array_get_idx(rows, i);

			ck_assert_int_eq(t.fill_row(t.ctx, i, row, &err), 0);
			ck_assert_int_eq(json_object_object_length(obj), (int)t.n_cols);
			for (size_t j = 0; j < t.n_cols; j++) {
				ck_assert(json_object_object_get_ex(obj, t.col_names[j], &v));
				fmt_double(num, row[j], j < t.n_index ? 0 : digits);
				snprintf(key, sizeof key, "\"%s\": %s", t.col_names[j], num);
				ck_assert_msg(strstr(text, key) != NULL, "%s not in the text", key);
				if (digits == 0)
					ck_assert_msg(json_object_get_double(v) == row[j],
					              "row %zu, %s: %.17g read back as %.17g", i,
					              t.col_names[j], row[j], json_object_get_double(v));
			}
		}
		ck_assert(json_object_get_double(json_object_object_get(
			json_object_array_get_idx(rows, 1), "inv_freq")) == 0.1);
		json_object_put(root);
		free(text);
	}
	/* --no-meta: the columns and rows alone */
	root = json_of(&t, 0, 0, &text);
	ck_assert_int_eq(json_object_object_length(root), 2);
	json_object_put(root);
	free(text);
	src_freqs_free(&f);
	pe_scheme_free(&s);
}
END_TEST

START_TEST(test_json_nulls)
{
	/* text cells are strings; NaN, inf and an empty text cell are null,
	 * and the member "null" says what null stands for */
	static const char *const cols[] = { "name", "x" };
	struct src_small m;
	struct table_src t;
	json_object *root, *rows, *v;
	char *text;

	src_small_init(&t, &m, 4, 2, cols);
	m.texts[0] = "a \"quoted\" name";
	m.cells[1] = -0.5;
	m.texts[2] = "";
	m.cells[3] = NAN;
	m.texts[4] = "b";
	m.cells[5] = INFINITY;
	m.texts[6] = "c";
	m.cells[7] = 1e-300;
	root = json_of(&t, 0, 1, &text);
	ck_assert(json_object_object_get_ex(root, "rows", &rows));
	v = json_object_array_get_idx(rows, 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "name")), "a \"quoted\" name");
	ck_assert(json_object_get_double(json_object_object_get(v, "x")) == -0.5);
	v = json_object_array_get_idx(rows, 1);
	ck_assert(json_object_object_get_ex(v, "name", NULL));
	ck_assert_ptr_null(json_object_object_get(v, "name"));   /* null */
	ck_assert_ptr_null(json_object_object_get(v, "x"));
	ck_assert_ptr_null(json_object_object_get(json_object_array_get_idx(rows, 2), "x"));
	ck_assert(json_object_get_double(json_object_object_get(json_object_array_get_idx(rows, 3), "x"))
	          == 1e-300);
	ck_assert(json_object_object_get_ex(root, "null", &v));
	ck_assert_str_eq(json_object_get_string(v), JSON_NULL_NOTE);
	ck_assert_ptr_null(strstr(text, "\": nan"));
	ck_assert_ptr_null(strstr(text, "\": inf"));
	json_object_put(root);
	free(text);
}
END_TEST

START_TEST(test_json_too_large)
{
	/* refused before any row is made: the tree would not fit */
	static const char *const cols[] = { "pos", "d0" };
	struct src_small m;
	struct table_src t;
	struct out_err err;
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	src_small_init(&t, &m, 1, 2, cols);
	t.n_rows = (size_t)JSON_CELLS_MAX;
	ck_assert_int_eq(write_json(fp, &t, 0, 1, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "too large for JSON"));
	ck_assert_int_eq(ftell(fp), 0);
	fclose(fp);
}
END_TEST

Suite *suite_npy(void)
{
	Suite *s = suite_create("npy");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, test_npy_header_bytes);
	tcase_add_test(tc, test_npy_small_values);
	tcase_add_test(tc, test_meta_json);
	tcase_add_test(tc, test_json_nulls);
	suite_add_tcase(s, tc);
	tc = tcase_create("identities");
	tcase_add_test(tc, test_npy_header_aligned);
	tcase_add_test(tc, test_npy_equals_csv);
	tcase_add_test(tc, test_npy_threads_same_bytes);
	tcase_add_test(tc, test_npy_read_back);
	tcase_add_test(tc, test_json_equals_csv);
	suite_add_tcase(s, tc);
	tc = tcase_create("errors");
	tcase_add_test(tc, test_npy_text_refused);
	tcase_add_test(tc, test_npy_row_fails);
	tcase_add_test(tc, test_json_too_large);
	suite_add_tcase(s, tc);
	return s;
}

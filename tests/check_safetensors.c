/*
 * check_safetensors.c - the safetensors reader (src/read/safetensors.c):
 * tables read from single files of every float dtype, a tensor chosen by
 * name, model folders (one file, or shards with an index), and malformed
 * files, each with the message it must give, asserted whole.  Every file
 * is written here, byte by byte, in a private temporary folder.
 *
 * The layout written is the format's
 * (https://huggingface.co/docs/safetensors/index): the header size N as 8
 * bytes little-endian, N bytes of JSON, then the byte buffer the
 * data_offsets index.  Value bits are IEEE 754-2008 binary16 / binary32 /
 * binary64 and bfloat16 (the upper half of a binary32: Google Brain's
 * format, PyTorch c10/util/BFloat16.h), all stored little-endian.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_pecli.h"
#include "read/read.h"
#include "pe/pe.h"

/* ---- files ---- */

/* A safetensors file: N = strlen(header) as 8 bytes little-endian, the
 * header, then n_data bytes of data (may be NULL: zeros). */
static const char *st_write(const char *name, const char *header,
                            const void *data, size_t n_data)
{
	size_t n = strlen(header), len = 8 + n + n_data;
	unsigned char *buf = calloc(len ? len : 1, 1);
	const char *path;

	ck_assert_ptr_nonnull(buf);
	for (int k = 0; k < 8; k++)
		buf[k] = (unsigned char)((uint64_t)n >> (8 * k));
	memcpy(buf + 8, header, n);
	if (data && n_data)
		memcpy(buf + 8 + n, data, n_data);
	path = ck_tmp_write(name, buf, len);
	free(buf);
	return path;
}

/* st_read_table of path (tensor may be NULL) must succeed with a
 * rows x cols table equal to want. */
static void expect_table(const char *path, const char *tensor, size_t rows,
                         size_t cols, const double *want)
{
	struct pe_learned t;
	struct out_err err = { "" };

	ck_assert_msg(st_read_table(&t, path, tensor, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(t.n_pos, rows);
	ck_assert_uint_eq(t.n_dim, cols);
	for (size_t k = 0; k < rows * cols; k++)
		ck_assert_msg(t.data[k] == want[k] && signbit(t.data[k]) == signbit(want[k]),
		              "value %zu: got %.17g, expected %.17g", k, t.data[k], want[k]);
	pe_learned_free(&t);
}

/* A file (header, data) read whole, as expect_table says. */
static void expect_file(const char *header, const void *data, size_t n_data,
                        const char *tensor, size_t rows, size_t cols,
                        const double *want)
{
	ck_tmp_setup();
	expect_table(st_write("t.safetensors", header, data, n_data), tensor,
	             rows, cols, want);
	ck_tmp_remove("t.safetensors");
	ck_tmp_teardown();
}

/* A file (header, data) must be refused with "<path>: msg", by
 * st_read_table (tensor may be NULL) and by table_file_read_tensor. */
static void expect_error(const char *header, const void *data, size_t n_data,
                         const char *tensor, const char *msg)
{
	struct pe_learned t;
	struct out_err err = { "" };
	char want[700];
	const char *path;

	ck_tmp_setup();
	path = st_write("bad.safetensors", header, data, n_data);
	snprintf(want, sizeof want, "%s: %s", path, msg);
	ck_assert_int_eq(st_read_table(&t, path, tensor, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(t.data);
	ck_assert_uint_eq(t.n_pos, 0);
	ck_assert_uint_eq(t.n_dim, 0);
	err.msg[0] = '\0';
	ck_assert_int_eq(table_file_read_tensor(&t, path, tensor, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("bad.safetensors");
	ck_tmp_teardown();
}

/* The same for raw bytes (no header written for us). */
static void expect_raw_error(const void *bytes, size_t len, const char *msg)
{
	struct pe_learned t;
	struct out_err err = { "" };
	char want[700];
	const char *path;

	ck_tmp_setup();
	path = ck_tmp_write("bad.safetensors", bytes, len);
	snprintf(want, sizeof want, "%s: %s", path, msg);
	ck_assert_int_eq(st_read_table(&t, path, NULL, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(t.data);
	ck_tmp_remove("bad.safetensors");
	ck_tmp_teardown();
}

/* ---- values ---- */

/* Values every float dtype holds exactly: 0.5 = 2^-1; -1.25 = -(1 + 2^-2);
 * 65504 = (2 - 2^-10) 2^15, binary16's largest finite value; 2^-24,
 * binary16's smallest subnormal (IEEE 754-2008, 3.6: emin = -14, p = 11,
 * so 2^(emin - p + 1)); -0.0. */
static const double exact[5] = { 0.5, -1.25, 65504.0, 0x1p-24, -0.0 };
/* the same in binary16 bits: sign | exponent (bias 15) | 10 fraction bits */
static const uint16_t exact_f16[5] = { 0x3800, 0xbd00, 0x7bff, 0x0001, 0x8000 };
/* F16 header: shape [5] is 5 x 1 */
#define HDR_EXACT(dt, n) "{\"x\":{\"dtype\":\"" dt "\",\"shape\":[5],\"data_offsets\":[0," #n "]}}"

START_TEST(test_f32)
{
	float xf[5];
	unsigned char d[20];

	for (int k = 0; k < 5; k++)
		xf[k] = (float)exact[k];   /* exact: every value is a binary32 */
	ck_le_f4(d, xf, 5);
	/* a 1-D tensor is n x 1 (read.h) */
	expect_file(HDR_EXACT("F32", 20), d, sizeof d, NULL, 5, 1, exact);
}
END_TEST

START_TEST(test_f64)
{
	/* binary64 comes back bit for bit, whatever the value: 0.1 and 1/3 are
	 * not exact in binary, but the double read is the double written */
	const double x[6] = { 0.1, 1.0 / 3.0, -2.5e-300, 5e-324, 1e308, -0.0 };
	const char *hdr = "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":"
	                  "\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]}}     ";
	unsigned char d[48];

	ck_le_f8(d, x, 6);
	expect_file(hdr, d, sizeof d, NULL, 2, 3, x);
	expect_file(hdr, d, sizeof d, "w", 2, 3, x);
}
END_TEST

START_TEST(test_f16)
{
	unsigned char d[10];

	ck_le16(d, exact_f16, 5);
	expect_file(HDR_EXACT("F16", 10), d, sizeof d, NULL, 5, 1, exact);
}
END_TEST

START_TEST(test_bf16)
{
	/* bfloat16 = the upper 16 bits of a binary32 (PyTorch
	 * c10/util/BFloat16.h, f32_from_bits: bits << 16):
	 *   0x3EAB: binary32 0x3EAB0000 = 1.3359375 * 2^-2 = 0.333984375
	 *           (the bfloat16 nearest 1/3, fraction 0x2B/128)
	 *   0x3F80: 1.0   0xC040: -3.0 (-1.5 * 2^1)
	 *   0x0001: binary32 0x00010000 = 2^16 * 2^-149 = 2^-133, a subnormal
	 *   0x7F7F: binary32 0x7F7F0000 = (2 - 2^-7) 2^127, the largest finite */
	static const uint16_t b[5] = { 0x3EAB, 0x3F80, 0xC040, 0x0001, 0x7F7F };
	const double want[5] = { 0.333984375, 1.0, -3.0, 0x1p-133, 0x1.fep127 };
	unsigned char d[10];

	ck_le16(d, b, 5);
	expect_file(HDR_EXACT("BF16", 10), d, sizeof d, NULL, 5, 1, want);
	{
		struct pe_learned t;
		struct out_err err = { "" };

		ck_tmp_setup();
		ck_assert_msg(st_read_table(&t, st_write("b.safetensors", HDR_EXACT("BF16", 10),
		                                         d, sizeof d), NULL, &err) == 0,
		              "%s", err.msg);
		ck_assert_int_eq(t.stored, PE_BF16);
		pe_learned_free(&t);
		ck_tmp_remove("b.safetensors");
		ck_tmp_teardown();
	}
}
END_TEST

START_TEST(test_shapes)
{
	/* rows = shape[0], columns = the product of the other axes (read.h):
	 * [2, 2, 3] is 2 x 6, row-major as stored */
	double x[12];
	unsigned char d[96];
	const char *path;

	for (int k = 0; k < 12; k++)
		x[k] = k - 5.5;
	ck_le_f8(d, x, 12);
	ck_tmp_setup();
	path = st_write("a.safetensors", "{\"t\":{\"dtype\":\"F64\",\"shape\":"
	                "[2,2,3],\"data_offsets\":[0,96]}}", d, sizeof d);
	expect_table(path, NULL, 2, 6, x);
	/* [12, 1] and [12] are both 12 x 1 */
	path = st_write("a.safetensors", "{\"t\":{\"dtype\":\"F64\",\"shape\":"
	                "[12,1],\"data_offsets\":[0,96]}}", d, sizeof d);
	expect_table(path, NULL, 12, 1, x);
	ck_tmp_remove("a.safetensors");
	ck_tmp_teardown();
}
END_TEST

/*
 * A tensor chosen by name among others, where mmap needs a page-aligned
 * offset below the tensor's: 'big' (F32, 3000 x 2 = 24000 bytes, more
 * than any page size up to 16 KiB) comes first, 'wpe' after it, then a
 * zero-sized tensor and an I32 one the reader never decodes.
 */
START_TEST(test_by_name)
{
	const char *hdr = "{\"big\":{\"dtype\":\"F32\",\"shape\":[3000,2],"
	                  "\"data_offsets\":[0,24000]},"
	                  "\"wpe\":{\"dtype\":\"F64\",\"shape\":[3,2],"
	                  "\"data_offsets\":[24000,24048]},"
	                  "\"none\":{\"dtype\":\"F16\",\"shape\":[0,4],"
	                  "\"data_offsets\":[24048,24048]},"
	                  "\"ids\":{\"dtype\":\"I32\",\"shape\":[2],"
	                  "\"data_offsets\":[24048,24056]},"
	                  "\"__metadata__\":{\"format\":\"pt\"}}";
	const double w[6] = { 1, 2, 3, -4, 0.125, 1e-3 };
	size_t n = 24056;
	unsigned char *d = calloc(n, 1);
	struct pe_learned t;
	struct out_err err = { "" };
	const char *path;
	char want[700];

	ck_assert_ptr_nonnull(d);
	ck_le_f8(d + 24000, w, 6);
	ck_tmp_setup();
	path = st_write("m.safetensors", hdr, d, n);
	expect_table(path, "wpe", 3, 2, w);
	ck_assert_msg(table_file_read_tensor(&t, path, "wpe", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(memcmp(t.data, w, sizeof w), 0);
	pe_learned_free(&t);
	/* the format lists names, in no order; pecli names them as written */
	snprintf(want, sizeof want, "%s: 4 tensors ('big', 'wpe', 'none' and 1 "
	         "more): choose one by name", path);
	ck_assert_int_eq(st_read_table(&t, path, NULL, &err), -1);
	ck_assert_str_eq(err.msg, want);
	snprintf(want, sizeof want, "%s: no tensor 'wte': the file holds 'big', "
	         "'wpe', 'none' and 1 more", path);
	ck_assert_int_eq(st_read_table(&t, path, "wte", &err), -1);
	ck_assert_str_eq(err.msg, want);
	snprintf(want, sizeof want, "%s: unsupported dtype 'I32' for tensor "
	         "'ids': expected F64, F32, F16 or BF16", path);
	ck_assert_int_eq(st_read_table(&t, path, "ids", &err), -1);
	ck_assert_str_eq(err.msg, want);
	snprintf(want, sizeof want, "%s: empty tensor 'none': shape [0, 4]", path);
	ck_assert_int_eq(st_read_table(&t, path, "none", &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("m.safetensors");
	ck_tmp_teardown();
	free(d);
}
END_TEST

/* ---- identities ---- */

START_TEST(test_same_values)
{
	/* the same values as F16, F32 and F64 files read equal (each holds
	 * them exactly); table_file_read, recognising each file by its first
	 * 9 bytes (no extension), equals st_read_table */
	unsigned char d2[10], d4[20], d8[40];
	float xf[5];
	const struct { const char *name, *header; const unsigned char *data; size_t n;
	               enum pe_fp fp; } f[3] = {
		{ "h", HDR_EXACT("F16", 10), d2, sizeof d2, PE_FP16 },
		{ "f", HDR_EXACT("F32", 20), d4, sizeof d4, PE_FP32 },
		{ "d", HDR_EXACT("F64", 40), d8, sizeof d8, PE_FP64 },
	};
	struct pe_learned first = { 0 };

	for (int k = 0; k < 5; k++)
		xf[k] = (float)exact[k];
	ck_le16(d2, exact_f16, 5);
	ck_le_f4(d4, xf, 5);
	ck_le_f8(d8, exact, 5);
	ck_tmp_setup();
	for (int i = 0; i < 3; i++) {
		const char *p = st_write(f[i].name, f[i].header, f[i].data, f[i].n);
		struct pe_learned a, b;
		struct out_err err = { "" };

		ck_assert_msg(table_file_read(&a, p, &err) == 0, "%s", err.msg);
		ck_assert_msg(st_read_table(&b, p, NULL, &err) == 0, "%s", err.msg);
		ck_assert_uint_eq(a.n_pos, 5);
		ck_assert_uint_eq(b.n_pos, 5);
		ck_assert_int_eq(memcmp(a.data, b.data, 5 * sizeof *a.data), 0);
		/* the precision the values were stored in is kept: check's
		 * tolerances follow it (issue 22) */
		ck_assert_int_eq(a.stored, f[i].fp);
		ck_assert_int_eq(b.stored, f[i].fp);
		if (i == 0)
			first = a;
		else
			ck_assert_int_eq(memcmp(a.data, first.data, 5 * sizeof *a.data), 0);
		if (i > 0)
			pe_learned_free(&a);
		pe_learned_free(&b);
		ck_tmp_remove(f[i].name);
	}
	pe_learned_free(&first);
	ck_tmp_teardown();
}
END_TEST

START_TEST(test_half_all)
{
	/* every binary16 bit pattern: finite ones equal sign * 2^(e-15) *
	 * (1 + f/1024) (normal) or sign * 2^-14 * f/1024 (subnormal) by the
	 * definition (IEEE 754-2008 3.4), computed here by another route
	 * (pow, division); exponent 31 is inf or nan */
	for (uint32_t h = 0; h < 65536; h++) {
		int e = (int)(h >> 10) & 31;
		double f = (double)(h & 1023), s = h & 0x8000 ? -1.0 : 1.0, want;
		double got = half_to_double((uint16_t)h);

		if (e == 31) {
			ck_assert(f == 0 ? isinf(got) && (got > 0) == (s > 0) : isnan(got));
			continue;
		}
		want = e == 0 ? s * pow(2.0, -14) * (f / 1024.0)
		              : s * pow(2.0, e - 15) * (1.0 + f / 1024.0);
		ck_assert_msg(got == want && signbit(got) == signbit(want),
		              "0x%04x: got %.17g, expected %.17g", (unsigned)h, got, want);
	}
}
END_TEST

START_TEST(test_bf16_is_f32)
{
	/* bfloat16 b is the binary32 with bits b << 16 (BFloat16.h), for
	 * every pattern: compared as bits of the float after narrowing back */
	for (uint32_t b = 0; b < 65536; b++) {
		double got = bf16_to_double((uint16_t)b);
		uint32_t u = b << 16, v;
		float g = (float)got, x;

		memcpy(&x, &u, 4);
		if (isnan(x)) {
			ck_assert(isnan(got));
			continue;
		}
		memcpy(&v, &g, 4);
		ck_assert_uint_eq(v, u);
		ck_assert(got == (double)x);
	}
}
END_TEST

/* ---- model folders ---- */

/* tmp_dir/sub, made. */
static const char *sub_dir(char *buf, size_t size, const char *sub)
{
	ck_tmp_path(buf, size, sub);
	ck_assert_int_eq(mkdir(buf, 0700), 0);
	return buf;
}

#define F32_ONE(name) "{\"" name "\":{\"dtype\":\"F32\",\"shape\":[1]," \
                     "\"data_offsets\":[0,4]}}"

START_TEST(test_folder_sharded)
{
	char dir[512], file[512], want[2048];
	struct out_err err = { "" };
	const float one = 1.0f;
	unsigned char d[4];
	const char *index = "{\"metadata\":{\"total_size\":8},\"weight_map\":{"
	                    "\"wte.weight\":\"model-00001-of-00002.safetensors\","
	                    "\"wpe.weight\":\"model-00002-of-00002.safetensors\","
	                    "\"gone\":\"model-00003-of-00003.safetensors\","
	                    "\"up\":\"../x.safetensors\","
	                    "\"h.0\":\"model-00001-of-00002.safetensors\"}}";

	ck_le_f4(d, &one, 1);
	ck_tmp_setup();
	sub_dir(dir, sizeof dir, "m");
	ck_tmp_write("m/model.safetensors.index.json", index, strlen(index));
	st_write("m/model-00001-of-00002.safetensors", F32_ONE("wte.weight"), d, 4);
	st_write("m/model-00002-of-00002.safetensors", F32_ONE("wpe.weight"), d, 4);

	ck_assert_msg(st_locate(dir, "wpe.weight", file, sizeof file, &err) == 0,
	              "%s", err.msg);
	snprintf(want, sizeof want, "%s/model-00002-of-00002.safetensors", dir);
	ck_assert_str_eq(file, want);
	ck_assert_int_eq(st_locate(dir, "wte.weight", file, sizeof file, &err), 0);
	snprintf(want, sizeof want, "%s/model-00001-of-00002.safetensors", dir);
	ck_assert_str_eq(file, want);
	/* not in the weight map: 1, not an error, err says where it looked */
	ck_assert_int_eq(st_locate(dir, "position_embeddings", file, sizeof file,
	                           &err), 1);
	snprintf(want, sizeof want, "no tensor 'position_embeddings' in "
	         "%s/model.safetensors.index.json", dir);
	ck_assert_str_eq(err.msg, want);
	/* named shard missing */
	ck_assert_int_eq(st_locate(dir, "gone", file, sizeof file, &err), -1);
	snprintf(want, sizeof want, "%s/model.safetensors.index.json: shard "
	         "'model-00003-of-00003.safetensors' of tensor 'gone' is missing: "
	         "cannot read '%s/model-00003-of-00003.safetensors': No such file "
	         "or directory", dir, dir);
	ck_assert_str_eq(err.msg, want);
	/* a shard name with '/' could leave the folder */
	ck_assert_int_eq(st_locate(dir, "up", file, sizeof file, &err), -1);
	snprintf(want, sizeof want, "%s/model.safetensors.index.json: shard "
	         "'../x.safetensors' of tensor 'up' is not a file name in the "
	         "folder (no '/', not '.' or '..')", dir);
	ck_assert_str_eq(err.msg, want);
	/* the index names a shard whose header lacks the tensor */
	ck_assert_int_eq(st_locate(dir, "h.0", file, sizeof file, &err), -1);
	snprintf(want, sizeof want, "%s/model-00001-of-00002.safetensors: no "
	         "tensor 'h.0', though %s/model.safetensors.index.json names this "
	         "shard for it", dir, dir);
	ck_assert_str_eq(err.msg, want);

	ck_tmp_remove("m/model.safetensors.index.json");
	ck_tmp_remove("m/model-00001-of-00002.safetensors");
	ck_tmp_remove("m/model-00002-of-00002.safetensors");
	/* a malformed index */
	ck_tmp_write("m/model.safetensors.index.json", "{\"metadata\":{}}", 15);
	ck_assert_int_eq(st_locate(dir, "wpe.weight", file, sizeof file, &err), -1);
	snprintf(want, sizeof want, "%s/model.safetensors.index.json: missing "
	         "'weight_map'", dir);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_write("m/model.safetensors.index.json", "{\"weight_map\":", 14);
	ck_assert_int_eq(st_locate(dir, "wpe.weight", file, sizeof file, &err), -1);
	snprintf(want, sizeof want, "%s/model.safetensors.index.json: not valid "
	         "JSON: unexpected end of data at line 1", dir);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("m/model.safetensors.index.json");
	ck_assert_int_eq(rmdir(dir), 0);
	ck_tmp_teardown();
}
END_TEST

START_TEST(test_folder_single)
{
	char dir[512], file[512], want[2048];
	struct out_err err = { "" };
	const float one = 1.0f;
	unsigned char d[4];

	ck_le_f4(d, &one, 1);
	ck_tmp_setup();
	/* trailing '/' on the folder: no '//' in the path */
	sub_dir(dir, sizeof dir, "s");
	snprintf(want, sizeof want, "no model.safetensors or "
	         "model.safetensors.index.json in %s", dir);
	ck_assert_int_eq(st_locate(dir, "wpe", file, sizeof file, &err), -1);
	ck_assert_str_eq(err.msg, want);
	st_write("s/model.safetensors", F32_ONE("wpe"), d, 4);
	strcat(dir, "/");
	ck_assert_msg(st_locate(dir, "wpe", file, sizeof file, &err) == 0, "%s", err.msg);
	snprintf(want, sizeof want, "%smodel.safetensors", dir);
	ck_assert_str_eq(file, want);
	ck_assert_int_eq(st_locate(dir, "wte", file, sizeof file, &err), 1);
	snprintf(want, sizeof want, "no tensor 'wte' in %smodel.safetensors", dir);
	ck_assert_str_eq(err.msg, want);
	/* a file, not a folder */
	snprintf(want, sizeof want, "cannot read '%smodel.safetensors': Not a "
	         "directory", dir);
	ck_assert_int_eq(st_locate(file, "wpe", file, sizeof file, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("s/model.safetensors");
	ck_tmp_path(dir, sizeof dir, "s");
	ck_assert_int_eq(rmdir(dir), 0);
	ck_tmp_teardown();
}
END_TEST

/* ---- errors ---- */

START_TEST(test_short_files)
{
	/* the format starts with an 8-byte size (the crate: HeaderTooSmall) */
	expect_raw_error("", 0, "not a safetensors file: it is empty");
	expect_raw_error("\x02\0\0\0\0\0\0", 7, "not a safetensors file: 7 bytes, "
	                 "shorter than the 8-byte header size");
}
END_TEST

START_TEST(test_header_size)
{
	/* N > MAX_HEADER_SIZE = 100,000,000 (the crate: HeaderTooLarge):
	 * 0x05f5e101 = 100000001 */
	expect_raw_error("\x01\xe1\xf5\x05\0\0\0\0{}", 10, "header size 100000001 "
	                 "is too large: at most 100000000 bytes");
	/* 2^64 - 1 */
	expect_raw_error("\xff\xff\xff\xff\xff\xff\xff\xff{}", 10, "header size "
	                 "18446744073709551615 is too large: at most 100000000 bytes");
	/* 8 + N past the end (the crate: InvalidHeaderLength): N = 16, 2 bytes */
	expect_raw_error("\x10\0\0\0\0\0\0\0{}", 10, "header size 16 runs past the "
	                 "end of the file: it holds 2 bytes after the 8-byte size");
}
END_TEST

START_TEST(test_header_json)
{
	/* not JSON, not UTF-8, not an object (the crate: InvalidHeader,
	 * InvalidHeaderDeserialization); json-c's own descriptions */
	expect_error("{\"x\": 1,}", NULL, 0, NULL, "header is not valid JSON: "
	             "unexpected character at line 1");
	expect_error("{\"\xff\": 1}", NULL, 0, NULL, "header is not valid JSON: "
	             "invalid utf-8 string at line 1");
	expect_error("[1, 2]  ", NULL, 0, NULL, "header is not a JSON object: got "
	             "an array");
	/* json-c >= 0.14 refuses a second value itself */
	expect_error("{} {}", NULL, 0, NULL, "header is not valid JSON: "
	             "unexpected character at line 1");
	/* __metadata__ is a map of strings */
	expect_error("{\"__metadata__\":{\"format\":1}}", NULL, 0, NULL,
	             "bad '__metadata__': 'format' is a number, expected a string");
	/* a valid header with no tensor and no data */
	expect_error("{\"__metadata__\":{}}", NULL, 0, NULL, "no tensors in the file");
	expect_error("{}", NULL, 0, "wpe", "no tensor 'wpe': the file holds no tensors");
}
END_TEST

START_TEST(test_entries)
{
	expect_error("{\"x\":[1]}", NULL, 0, NULL, "bad entry for tensor 'x': "
	             "expected an object with dtype, shape and data_offsets, got an array");
	expect_error("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", NULL, 4, NULL,
	             "missing 'dtype' for tensor 'x'");
	/* the crate's Dtype names: F17 is none of them */
	expect_error("{\"x\":{\"dtype\":\"F17\",\"shape\":[1],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "unknown dtype 'F17' for tensor 'x': not a "
	             "safetensors dtype");
	expect_error("{\"x\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "unsupported dtype 'I8' for tensor 'x': "
	             "expected F64, F32, F16 or BF16");
	/* shape: non-negative integers (the crate: Vec<usize>) */
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "bad 'shape' for tensor 'x': expected an array "
	             "of non-negative integers, got [2,-1]");
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "bad 'shape' for tensor 'x': expected an array "
	             "of non-negative integers, got [1.0]");
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}",
	             NULL, 4, NULL, "bad 'data_offsets' for tensor 'x': expected "
	             "[begin, end], two non-negative integers, got [0]");
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}",
	             NULL, 4, NULL, "bad data_offsets [4, 0] for tensor 'x': end "
	             "before begin");
	/* end - begin = product(shape) * size (the crate: TensorInvalidInfo):
	 * [2, 2] of F32 is 16 bytes */
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
	             NULL, 12, NULL, "data_offsets [0, 12] for tensor 'x' hold 12 "
	             "bytes: shape [2, 2] of F32 needs 16");
	/* 2^32 * 2^32 overflows 64 bits (the crate: ValidationOverflow) */
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
	             "\"data_offsets\":[0,4]}}", NULL, 4, NULL, "shape [4294967296, "
	             "4294967296] of tensor 'x' is too large: its size in bytes "
	             "overflows 64 bits");
	/* 0-D: a scalar has no positions */
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "tensor 'x' is a scalar (shape []): expected 1 "
	             "or more dimensions, positions first");
	/* a name with a newline stays on one line */
	expect_error("{\"a\\nb\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}",
	             NULL, 4, NULL, "data_offsets [0, 4] for tensor 'a\\nb' hold "
	             "4 bytes: shape [2] of F32 needs 8");
}
END_TEST

START_TEST(test_tiling)
{
	/* sorted by begin, the tensors cover the buffer exactly (the crate's
	 * Metadata::validate: InvalidOffset; read_metadata:
	 * MetadataIncompleteBuffer) */
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
	             NULL, 8, NULL, "data_offsets [0, 16] for tensor 'x' run past "
	             "the end of the file: the byte buffer holds 8 bytes");
	expect_error("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
	             NULL, 8, NULL, "4 bytes of unexpected data after the last tensor");
	expect_error("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]},"
	             "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
	             NULL, 12, "a", "data_offsets [4, 12] for tensor 'b' overlap "
	             "tensor 'a' at [0, 8]");
	expect_error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
	             "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}",
	             NULL, 24, "a", "data_offsets [16, 24] for tensor 'b' leave a "
	             "hole: bytes [8, 16) of the buffer belong to no tensor");
	expect_error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
	             NULL, 12, NULL, "data_offsets [4, 12] for tensor 'a' leave a "
	             "hole: bytes [0, 4) of the buffer belong to no tensor");
}
END_TEST

START_TEST(test_values_refused)
{
	/* binary16 0x7c00 = +inf, 0xfe00 = a nan (exponent 31), refused as
	 * npy.c refuses them; row and column of the first one */
	static const uint16_t h[4] = { 0x3c00, 0x3c00, 0xfc00, 0x7e00 };
	unsigned char d[8];

	ck_le16(d, h, 4);
	expect_error("{\"x\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}",
	             d, 8, NULL, "non-finite value (-inf) in tensor 'x' at row 1, "
	             "column 0 (counted from 0)");
}
END_TEST

START_TEST(test_too_large)
{
	/* 16384 x 16385 = 268451840 > 2^28 values of BF16: 536903680 bytes,
	 * written as a sparse file (ftruncate: no disk used) */
	char path[512], want[700];
	const char *hdr = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[16384,16385],"
	                  "\"data_offsets\":[0,536903680]}}";
	struct pe_learned t;
	struct out_err err = { "" };
	FILE *fp;

	ck_tmp_setup();
	st_write("big.safetensors", hdr, NULL, 0);
	ck_tmp_path(path, sizeof path, "big.safetensors");
	ck_assert_int_eq(truncate(path, (off_t)(8 + strlen(hdr) + 536903680ULL)), 0);
	snprintf(want, sizeof want, "%s: tensor 'x' of shape [16384, 16385] is "
	         "too large: 268451840 values; at most 268435456 (2 GiB as "
	         "doubles)", path);
	ck_assert_int_eq(st_read_table(&t, path, NULL, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("big.safetensors");
	/* a tensor name needs a safetensors file: a CSV table is not one */
	fp = fopen(ck_tmp_path(path, sizeof path, "t.csv"), "w");
	ck_assert_ptr_nonnull(fp);
	fputs("1,2\n", fp);
	ck_assert_int_eq(fclose(fp), 0);
	snprintf(want, sizeof want, "%s: not a safetensors file: a tensor name "
	         "('wpe') needs one", path);
	ck_assert_int_eq(table_file_read_tensor(&t, path, "wpe", &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_tmp_remove("t.csv");
	ck_tmp_teardown();
}
END_TEST

Suite *suite_safetensors(void)
{
	Suite *s = suite_create("safetensors");
	TCase *values = tcase_create("values");
	TCase *identities = tcase_create("identities");
	TCase *folders = tcase_create("folders");
	TCase *errors = tcase_create("errors");

	tcase_add_test(values, test_f32);
	tcase_add_test(values, test_f64);
	tcase_add_test(values, test_f16);
	tcase_add_test(values, test_bf16);
	tcase_add_test(values, test_shapes);
	tcase_add_test(values, test_by_name);
	suite_add_tcase(s, values);

	tcase_add_test(identities, test_same_values);
	tcase_add_test(identities, test_half_all);
	tcase_add_test(identities, test_bf16_is_f32);
	suite_add_tcase(s, identities);

	tcase_add_test(folders, test_folder_sharded);
	tcase_add_test(folders, test_folder_single);
	suite_add_tcase(s, folders);

	tcase_add_test(errors, test_short_files);
	tcase_add_test(errors, test_header_size);
	tcase_add_test(errors, test_header_json);
	tcase_add_test(errors, test_entries);
	tcase_add_test(errors, test_tiling);
	tcase_add_test(errors, test_values_refused);
	tcase_add_test(errors, test_too_large);
	suite_add_tcase(s, errors);
	return s;
}

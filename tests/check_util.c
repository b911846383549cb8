/*
 * check_util.c - helpers the suites share: a scheme made from a few
 * settings, a temporary file read back whole, a private folder for the
 * files a reader's test writes, and little-endian bytes of values.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_pecli.h"

void ck_scheme(struct pe_scheme *s, enum pe_scheme_kind kind, size_t d, double base)
{
	struct pe_scheme_cfg cfg;

	pe_scheme_cfg_default(&cfg, kind);
	cfg.n_dim = d;
	cfg.base = base;
	ck_assert_int_eq(pe_scheme_init(s, &cfg), PE_OK);
}

char *ck_slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);

	ck_assert_ptr_nonnull(buf);
	rewind(fp);
	while ((got = fread(buf + n, 1, cap - 1 - n, fp)) > 0) {
		n += got;
		if (n + 1 == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* ---- a private folder for the files one test writes ---- */

static char tmp_dir[256];

void ck_tmp_setup(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmp_dir, sizeof tmp_dir, "%s/pecli-check-XXXXXX",
	         base && *base ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

const char *ck_tmp_path(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", tmp_dir, name);

	ck_assert(n >= 0 && (size_t)n < size);
	return buf;
}

const char *ck_tmp_write(const char *name, const void *bytes, size_t len)
{
	static char path[512];
	FILE *fp;

	ck_tmp_path(path, sizeof path, name);
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	if (len)
		ck_assert_uint_eq(fwrite(bytes, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	return path;
}

void ck_tmp_remove(const char *name)
{
	char path[512];

	unlink(ck_tmp_path(path, sizeof path, name));
}

void ck_tmp_teardown(void)
{
	ck_assert_int_eq(rmdir(tmp_dir), 0);   /* every test removes its files */
}

/* ---- little-endian bytes (the test host may be either) ---- */

void ck_le_f8(unsigned char *out, const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t u;

		memcpy(&u, &x[i], 8);
		for (int k = 0; k < 8; k++)
			out[8 * i + k] = (unsigned char)(u >> (8 * k));
	}
}

void ck_le_f4(unsigned char *out, const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t u;

		memcpy(&u, &x[i], 4);
		for (int k = 0; k < 4; k++)
			out[4 * i + k] = (unsigned char)(u >> (8 * k));
	}
}

void ck_le16(unsigned char *out, const uint16_t *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = (unsigned char)(h[i] & 0xff);
		out[2 * i + 1] = (unsigned char)(h[i] >> 8);
	}
}

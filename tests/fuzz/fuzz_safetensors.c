/*
 * fuzz_safetensors.c - libFuzzer harness for the safetensors reader
 * (src/read/safetensors.c).
 *
 * Each input is a file (fuzz.h's memfd, /proc/self/fd/N: the reader maps
 * the file, so it must be a regular one) read three ways:
 * st_read_table of its only tensor, st_read_table of the tensor named
 * "wpe", and table_file_read, which takes the file as safetensors when its
 * first 9 bytes say so (the memfd's name has no extension).  Each result
 * must pass fuzz_check_table (fuzz.h); when table_file_read takes the
 * input as safetensors, it must agree with st_read_table.
 */
#define _GNU_SOURCE   /* memfd_create */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/read.h"
#include "tests/fuzz/fuzz.h"

/* Whether the first 9 bytes make table_file_read take the safetensors
 * reader (read.h: N <= ST_HEADER_MAX, then '{'). */
static int sniffed(const uint8_t *data, size_t size)
{
	uint64_t n = 0;

	if (size < 9 || data[8] != '{')
		return 0;
	for (int k = 8; k-- > 0;)
		n = n << 8 | data[k];
	return n >= 2 && n <= ST_HEADER_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_learned a, b, c;
	struct out_err err_a = { "" }, err_b = { "" }, err_c = { "" };
	const char *file_path = fuzz_file(data, size);
	int rc_a, rc_b, rc_c;

	rc_a = st_read_table(&a, file_path, NULL, &err_a);
	fuzz_check_table(rc_a, &a, &err_a, file_path);
	rc_b = st_read_table(&b, file_path, "wpe", &err_b);
	fuzz_check_table(rc_b, &b, &err_b, file_path);
	rc_c = table_file_read(&c, file_path, &err_c);
	fuzz_check_table(rc_c, &c, &err_c, file_path);

	/* the only tensor, if it is called wpe, is the same table by name */
	if (rc_a == 0 && rc_b == 0) {
		FUZZ_ASSERT(a.n_pos == b.n_pos && a.n_dim == b.n_dim);
		FUZZ_ASSERT(memcmp(a.data, b.data, a.n_pos * a.n_dim * sizeof *a.data) == 0);
	}
	/* taken as safetensors by its first bytes, table_file_read is
	 * st_read_table of the only tensor, message and all */
	if (sniffed(data, size)) {
		FUZZ_ASSERT(rc_a == rc_c);
		if (rc_a == 0) {
			FUZZ_ASSERT(a.n_pos == c.n_pos && a.n_dim == c.n_dim);
			FUZZ_ASSERT(memcmp(a.data, c.data,
			                   a.n_pos * a.n_dim * sizeof *a.data) == 0);
		} else {
			FUZZ_ASSERT(strcmp(err_a.msg, err_c.msg) == 0);
		}
	}
	pe_learned_free(&a);
	pe_learned_free(&b);
	pe_learned_free(&c);
	return 0;
}

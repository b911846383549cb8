/*
 * fuzz_npy.c - libFuzzer harness for the .npy reader (src/read/npy.c).
 *
 * Each input is read twice: as a stream (npy_read_fp, no size known, the
 * path of stdin and pipes) and as a regular file through table_file_read
 * (which picks the .npy reader by the first byte and checks the file size
 * before allocating; the file is fuzz.h's memfd).  Both must agree, and
 * each result pass fuzz_check_table (fuzz.h).
 */
#define _GNU_SOURCE   /* memfd_create */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/read.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_learned a, b;
	struct out_err err_a = { "" }, err_b = { "" };
	const char *file_path;
	FILE *fp;
	int rc_a, rc_b;

	fp = fuzz_stream(data, size);
	if (!fp)
		return 0;
	rc_a = npy_read_fp(&a, fp, "stream", &err_a);
	fclose(fp);
	fuzz_check_table(rc_a, &a, &err_a, "stream");

	file_path = fuzz_file(data, size);
	rc_b = table_file_read(&b, file_path, &err_b);
	fuzz_check_table(rc_b, &b, &err_b, file_path);

	/* a .npy input reads the same whether its size is known or not */
	if (size > 0 && data[0] == 0x93) {
		FUZZ_ASSERT(rc_a == rc_b);
		if (rc_a == 0) {
			FUZZ_ASSERT(a.n_pos == b.n_pos && a.n_dim == b.n_dim);
			FUZZ_ASSERT(memcmp(a.data, b.data,
			                   a.n_pos * a.n_dim * sizeof *a.data) == 0);
		}
	}
	pe_learned_free(&a);
	pe_learned_free(&b);
	return 0;
}

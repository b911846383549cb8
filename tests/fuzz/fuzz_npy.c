/*
 * fuzz_npy.c - libFuzzer harness for the .npy reader (src/read/npy.c).
 *
 * Each input is read twice: as a stream (npy_read_fp, no size known, the
 * path of stdin and pipes) and as a regular file through table_file_read
 * (which picks the .npy reader by the first byte and checks the file size
 * before allocating).  The file is a memfd (Linux, as libFuzzer is) named
 * /proc/self/fd/N: a file on disk costs a flush per input.  Both must agree, and a table must hold what
 * read.h promises: a shape within PE_LEARNED_VALUES_MAX and finite
 * values; an error must leave the table empty with a one-line message.
 */
#define _GNU_SOURCE   /* memfd_create */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "read/read.h"
#include "tests/fuzz/fuzz.h"

static int file_fd;
static char file_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	file_fd = memfd_create("input.npy", 0);
	if (file_fd < 0) {
		perror("memfd_create");
		exit(1);
	}
	snprintf(file_path, sizeof file_path, "/proc/self/fd/%d", file_fd);
	return 0;
}

/* The table of a successful read, or the emptiness of a failed one. */
static void check_result(int rc, const struct pe_learned *t,
                         const struct out_err *err, const char *name)
{
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_ASSERT(t->data == NULL && t->n_pos == 0 && t->n_dim == 0);
		fuzz_check_error(err, name);
		return;
	}
	FUZZ_ASSERT(t->data != NULL && t->n_pos >= 1 && t->n_dim >= 1);
	FUZZ_ASSERT(t->n_dim <= PE_LEARNED_VALUES_MAX / t->n_pos);
	for (size_t k = 0; k < t->n_pos * t->n_dim; k++)
		FUZZ_ASSERT(isfinite(t->data[k]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_learned a, b;
	struct out_err err_a = { "" }, err_b = { "" };
	FILE *fp;
	int rc_a, rc_b;

	fp = fuzz_stream(data, size);
	if (!fp)
		return 0;
	rc_a = npy_read_fp(&a, fp, "stream", &err_a);
	fclose(fp);
	check_result(rc_a, &a, &err_a, "stream");

	FUZZ_ASSERT(ftruncate(file_fd, 0) == 0);
	FUZZ_ASSERT(pwrite(file_fd, data, size, 0) == (ssize_t)size);
	rc_b = table_file_read(&b, file_path, &err_b);
	check_result(rc_b, &b, &err_b, file_path);

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

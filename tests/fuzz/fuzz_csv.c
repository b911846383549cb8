/*
 * fuzz_csv.c - libFuzzer harness for the CSV table reader
 * (src/read/csvread.c, csv_table_read).  A table must hold what
 * read.h promises (a shape within PE_LEARNED_VALUES_MAX, finite
 * values); an error must leave the table empty with a one-line message
 * that starts with the name given.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "read/read.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_learned t;
	struct out_err err = { "" };
	FILE *fp = fuzz_stream(data, size);
	int rc;

	if (!fp)
		return 0;
	rc = csv_table_read(&t, fp, "input.csv", &err);
	fclose(fp);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_ASSERT(t.data == NULL && t.n_pos == 0 && t.n_dim == 0);
		fuzz_check_error(&err, "input.csv");
		return 0;
	}
	FUZZ_ASSERT(t.data != NULL && t.n_pos >= 1 && t.n_dim >= 1);
	FUZZ_ASSERT(t.n_dim <= PE_LEARNED_VALUES_MAX / t.n_pos);
	for (size_t k = 0; k < t.n_pos * t.n_dim; k++)
		FUZZ_ASSERT(isfinite(t.data[k]));
	pe_learned_free(&t);
	return 0;
}

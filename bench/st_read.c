/*
 * st_read.c - the benchmark driver of bench/st_read.sh (make bench-st, never
 * part of make check): read one tensor of a safetensors file as pecli reads
 * a learned table (table_file_read_tensor), and print its shape and the sum
 * of its values, so that the read cannot be optimised away and the result
 * can be checked.  pecli's --from takes a file of one tensor; a shard of
 * many needs a tensor name, which the CLI does not take yet.
 *
 *   bench/st_read FILE TENSOR
 */
#include <stdio.h>

#include "read/read.h"

int main(int argc, char **argv)
{
	struct pe_learned t;
	struct out_err err = { "" };
	double sum = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: st_read FILE TENSOR\n");
		return 2;
	}
	if (table_file_read_tensor(&t, argv[1], argv[2], &err) != 0) {
		fprintf(stderr, "st_read: %s\n", err.msg);
		return 3;
	}
	for (size_t k = 0; k < t.n_pos * t.n_dim; k++)
		sum += t.data[k];
	printf("%zu x %zu, sum %.17g\n", t.n_pos, t.n_dim, sum);
	pe_learned_free(&t);
	return 0;
}

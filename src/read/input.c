/*
 * input.c - open a file the user named as input (a model config, a
 * learned table, bucket weights) for reading, with the checks and the
 * messages every reader shares; see read.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "read/read.h"

FILE *input_open(const char *path, intmax_t *size, struct out_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;

	if (!fp) {
		out_fail(err, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) != 0) {
		out_fail(err, "cannot read '%s': %s", path, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		/* fopen opens a folder for reading; the first read fails */
		out_fail(err, "cannot read '%s': %s", path, strerror(EISDIR));
	} else {
		*size = S_ISREG(st.st_mode) ? (intmax_t)st.st_size : -1;
		return fp;
	}
	fclose(fp);
	return NULL;
}

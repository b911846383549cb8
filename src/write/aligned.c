/*
 * aligned.c - a small table aligned in columns for a terminal (check,
 * schemes, presets on a terminal).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

/* ---- aligned text table (check on a terminal) ---- */

int write_aligned(FILE *fp, struct table_src *t, int digits, struct out_err *err)
{
	enum { CELL = 2 * FMT_BUF };
	size_t n = t->n_rows * t->n_cols, *width;
	char *cells;
	double *row;
	int rc = -1;

	cells = calloc(n ? n : 1, CELL);
	width = calloc(t->n_cols, sizeof *width);
	row = malloc(t->n_cols * sizeof *row);
	if (!cells || !width || !row) {
		out_fail(err, "out of memory for a table of %zu cells", n);
		goto out;
	}
	for (size_t j = 0; j < t->n_cols; j++)
		width[j] = strlen(t->col_names[j]);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = 0; j < t->n_cols; j++) {
			char *c = cells + (i * t->n_cols + j) * CELL;
			const char *text = t->cell_text ? t->cell_text(t->ctx, i, j, row) : NULL;
			size_t len;

			if (text)
				snprintf(c, CELL, "%s", text);
			else
				fmt_double(c, row[j], j < t->n_index ? 0 : digits);
			len = strlen(c);
			if (len > width[j])
				width[j] = len;
		}
	}
	for (size_t j = 0; j < t->n_cols; j++)
		fprintf(fp, "%-*s%s", (int)width[j], t->col_names[j], j + 1 < t->n_cols ? "  " : "\n");
	for (size_t i = 0; i < t->n_rows; i++)
		for (size_t j = 0; j < t->n_cols; j++)
			fprintf(fp, "%-*s%s", j + 1 < t->n_cols ? (int)width[j] : 0,
			        cells + (i * t->n_cols + j) * CELL, j + 1 < t->n_cols ? "  " : "\n");
	if (ferror(fp)) {
		out_fail(err, "write error");
		goto out;
	}
	rc = 0;
out:
	free(cells);
	free(width);
	free(row);
	return rc;
}

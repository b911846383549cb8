/*
 * csv.c - delimited text (CSV, TSV) from a table source, one row at a time.
 *
 * Layout: optional "# key: value" metadata lines, one header row, the data
 * rows.  Numbers go through fmt_double, so '.' is the decimal point in every
 * locale and the default output reads back as the same doubles.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/out.h"

static int write_failed(FILE *fp, struct out_err *err)
{
	(void)fp;
	return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
}

int write_delimited(FILE *fp, struct table_src *t, char sep, int digits,
                    struct out_err *err)
{
	double *row;
	char *line, *q;
	size_t cap;
	int rc = -1;

	for (size_t k = 0; k < t->n_meta; k++)
		if (fprintf(fp, "# %s: %s\n", t->meta[k].key, t->meta[k].value) < 0)
			return write_failed(fp, err);
	for (size_t j = 0; j < t->n_cols; j++)
		if (fputs(t->col_names[j], fp) == EOF
		    || putc(j + 1 < t->n_cols ? sep : '\n', fp) == EOF)
			return write_failed(fp, err);

	cap = t->n_cols * (FMT_BUF + 1) + 1;
	row = malloc(t->n_cols * sizeof *row);
	line = malloc(cap);
	if (!row || !line) {
		out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
		goto out;
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		q = line;
		for (size_t j = 0; j < t->n_cols; j++) {
			/* coordinates (pos, distance) are printed exactly, whatever --digits */
			q += fmt_double(q, row[j], j < t->n_index ? 0 : digits);
			*q++ = j + 1 < t->n_cols ? sep : '\n';
		}
		if (fwrite(line, 1, (size_t)(q - line), fp) != (size_t)(q - line)) {
			write_failed(fp, err);
			goto out;
		}
	}
	rc = 0;
out:
	free(row);
	free(line);
	return rc;
}

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

#define TEXT_MAX 256   /* longest text cell written (names, descriptions) */

/* A text cell, quoted as RFC 4180 says when it holds the separator, a
 * double quote or a line break; cut at TEXT_MAX bytes. */
static size_t put_text(char *q, const char *text, char sep)
{
	size_t len = strnlen(text, TEXT_MAX), n = 0;
	int quote = memchr(text, sep, len) || memchr(text, '"', len)
	            || memchr(text, '\n', len);

	if (quote)
		q[n++] = '"';
	for (size_t k = 0; k < len; k++) {
		if (text[k] == '"')
			q[n++] = '"';
		q[n++] = text[k];
	}
	if (quote)
		q[n++] = '"';
	return n;
}

int write_list(FILE *fp, struct table_src *t, struct out_err *err)
{
	char num[FMT_BUF];
	double *row = malloc(t->n_cols * sizeof *row);
	int rc = -1;

	if (!row)
		return out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		fmt_double(num, row[t->n_index], 0);
		if (fputs(num, fp) == EOF || putc(i + 1 < t->n_rows ? ',' : '\n', fp) == EOF) {
			write_failed(fp, err);
			goto out;
		}
	}
	rc = 0;
out:
	free(row);
	return rc;
}

/* Rows are gathered in one buffer of at least this many bytes and handed
 * to stdio in large writes: one fwrite per row cost more than formatting
 * a short row (decay: three numbers a row, a million rows). */
#define CHUNK (256 * 1024)

int write_delimited(FILE *fp, struct table_src *t, char sep, int digits,
                    struct out_err *err)
{
	for (size_t k = 0; k < t->n_meta; k++)
		if (fprintf(fp, "# %s: %s\n", t->meta[k].key, t->meta[k].value) < 0)
			return write_failed(fp, err);
	return write_rows(fp, t, sep, digits, err);
}

int write_rows(FILE *fp, struct table_src *t, char sep, int digits, struct out_err *err)
{
	double *row;
	char *buf, *q;
	size_t row_max, cap;
	int rc = -1;

	for (size_t j = 0; j < t->n_cols; j++)
		if (fputs(t->col_names[j], fp) == EOF
		    || putc(j + 1 < t->n_cols ? sep : '\n', fp) == EOF)
			return write_failed(fp, err);

	/* numbers take at most FMT_BUF bytes; text cells (rare, short tables) more */
	row_max = t->n_cols * ((t->cell_text ? 2 * TEXT_MAX + 2 : FMT_BUF) + 1) + 1;
	cap = row_max > CHUNK ? 2 * row_max : CHUNK + row_max;
	row = malloc(t->n_cols * sizeof *row);
	buf = malloc(cap);
	if (!row || !buf) {
		out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
		goto out;
	}
	q = buf;
	for (size_t i = 0; i < t->n_rows; i++) {
		char *line = q;

		if (t->fill_row(t->ctx, i, row, err) != 0) {
			/* the rows before it still go out, as they always did */
			if (fwrite(buf, 1, (size_t)(q - buf), fp) != (size_t)(q - buf))
				write_failed(fp, err);
			goto out;
		}
		if (t->cell_text) {
			for (size_t j = 0; j < t->n_cols; j++) {
				const char *text = t->cell_text(t->ctx, i, j, row);

				if (text)
					q += put_text(q, text, sep);
				else
					q += fmt_double(q, row[j], j < t->n_index ? 0 : digits);
				*q++ = sep;
			}
		} else {
			/* coordinates (pos, distance) are exact, whatever --digits */
			for (size_t j = 0; j < t->n_index; j++) {
				q += fmt_double(q, row[j], 0);
				*q++ = sep;
			}
			q += fmt_row(q, row + t->n_index, t->n_cols - t->n_index, digits, sep);
		}
		if (q > line)
			q[-1] = '\n';   /* the last separator ends the line */
		if ((size_t)(q - buf) + row_max > cap || i + 1 == t->n_rows) {
			if (fwrite(buf, 1, (size_t)(q - buf), fp) != (size_t)(q - buf)) {
				write_failed(fp, err);
				goto out;
			}
			q = buf;
		}
	}
	rc = 0;
out:
	free(row);
	free(buf);
	return rc;
}

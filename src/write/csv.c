/*
 * csv.c - delimited text (CSV, TSV) from a table source, one row at a time.
 *
 * Layout: optional "# key: value" metadata lines, one header row, the data
 * rows.  Numbers go through fmt_double, so '.' is the decimal point in every
 * locale and the default output reads back as the same doubles.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

static int write_failed(FILE *fp, struct out_err *err)
{
	(void)fp;
	return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
}

#define TEXT_MAX 4096  /* longest text cell written (names, descriptions, paths) */

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

/* Rows are gathered in buffers of at least this many bytes and handed to
 * stdio in large writes: one fwrite per row cost more than formatting a
 * short row (decay: three numbers a row, a million rows).  With several
 * threads each formats its own run of rows into its own buffer, and the
 * buffers go out in row order: the same bytes as one thread.  Each run is
 * also a wait for the other threads, so it must be long: with 256 KiB
 * (six rows of a d = 1024 matrix) 'pecli matrix --d 1024 --n 32768
 * --digits 6' took 0.51 s on two cores, with 1 MiB 0.35 s (4 MiB: the
 * same), the CPU time of one thread halved. */
#define CHUNK (1024 * 1024)

struct csv_part {
	double *row;          /* [n_cols] */
	double *rad;          /* [n_cols] a draft row's radii */
	char *buf;            /* [cap] this worker's rows as text */
	size_t len;
	size_t fail;          /* the row that failed, or SIZE_MAX */
	struct out_err err;
};

struct csv_job {
	struct table_src *t;
	char sep;
	int digits;
	struct csv_part *part;   /* [workers] */
};

/* Rows [lo, hi) as text into part c's buffer; a failing row ends it. */
static void csv_chunk(void *ctx, size_t c, size_t lo, size_t hi)
{
	struct csv_job *job = ctx;
	struct table_src *t = job->t;
	struct csv_part *p = &job->part[c];
	char *q = p->buf, sep = job->sep;

	p->fail = SIZE_MAX;
	for (size_t i = lo; i < hi; i++) {
		char *line = q;
		/* from a draft where it settles, else the exact row below */
		size_t len = fmt_draft_row(q, t, i, p->row, p->rad, job->digits, sep);

		q += len;
		if (len == 0 && t->fill_row(t->ctx, i, p->row, &p->err) != 0) {
			p->fail = i;
			break;
		}
		if (len == 0 && t->cell_text) {
			for (size_t j = 0; j < t->n_cols; j++) {
				const char *text = t->cell_text(t->ctx, i, j, p->row);

				if (text)
					q += put_text(q, text, sep);
				else
					q += fmt_double(q, p->row[j], j < t->n_index ? 0 : job->digits);
				*q++ = sep;
			}
		} else if (len == 0) {
			q += fmt_row(q, p->row, t->n_index, 0, sep);
			q += fmt_row(q, p->row + t->n_index, t->n_cols - t->n_index, job->digits, sep);
		}
		if (q > line)
			q[-1] = '\n';   /* the last separator ends the line */
	}
	p->len = (size_t)(q - p->buf);
}

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
	struct csv_job job = { t, sep, digits, NULL };
	size_t n_workers = table_workers(t), row_max, per_worker;
	int rc = -1;

	for (size_t j = 0; j < t->n_cols; j++)
		if (fputs(t->col_names[j], fp) == EOF
		    || putc(j + 1 < t->n_cols ? sep : '\n', fp) == EOF)
			return write_failed(fp, err);

	/* numbers take at most FMT_BUF bytes; text cells (rare, short tables) more */
	row_max = t->n_cols * ((t->cell_text ? 2 * TEXT_MAX + 2 : FMT_BUF) + 1) + 1;
	per_worker = row_max < CHUNK ? CHUNK / row_max : 1;   /* rows a pass */
	job.part = calloc(n_workers, sizeof *job.part);
	if (!job.part)
		return out_fail(err, "out of memory for %zu threads", n_workers);
	for (size_t w = 0; w < n_workers; w++) {
		job.part[w].row = malloc(t->n_cols * sizeof *job.part[w].row);
		job.part[w].rad = malloc(t->n_cols * sizeof *job.part[w].rad);
		job.part[w].buf = malloc(per_worker * row_max);
		if (!job.part[w].row || !job.part[w].rad || !job.part[w].buf) {
			out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
			goto out;
		}
	}
	for (size_t i0 = 0; i0 < t->n_rows; i0 += n_workers * per_worker) {
		size_t nb = t->n_rows - i0;

		if (nb > n_workers * per_worker)
			nb = n_workers * per_worker;
		table_chunks(t, n_workers, i0, nb, csv_chunk, &job);
		for (size_t w = 0; w < n_workers; w++) {
			struct csv_part *p = &job.part[w];

			/* the rows before a failing one still go out, as they
			 * always did */
			if (fwrite(p->buf, 1, p->len, fp) != p->len) {
				write_failed(fp, err);
				goto out;
			}
			if (p->fail != SIZE_MAX) {
				*err = p->err;
				goto out;
			}
		}
		progress_update(t->progress, "rows", i0 + nb, t->n_rows);
	}
	rc = 0;
out:
	for (size_t w = 0; job.part && w < n_workers; w++) {
		free(job.part[w].row);
		free(job.part[w].rad);
		free(job.part[w].buf);
	}
	free(job.part);
	return rc;
}

/*
 * table.c - the table seam: metadata, rows on several threads, the range of
 * the data, column names.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

void table_meta_add(struct table_src *t, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct table_kv *kv;

	if (t->n_meta >= TABLE_META_MAX)
		return;  /* a programmer error; the list is fixed and short */
	kv = &t->meta[t->n_meta++];
	kv->key = key;
	va_start(ap, fmt);
	vsnprintf(kv->value, sizeof kv->value, fmt, ap);
	va_end(ap);
}

/* ---- rows on several threads ---- */

size_t table_workers(const struct table_src *t)
{
	return t->parallel && t->n_threads > 1 ? t->n_threads : 1;
}

/* table_chunks: pool.c */

/* ---- the range of the data columns ---- */

struct range_part {
	double *row;
	double lo, hi;
	size_t fail;          /* the first row that failed, or SIZE_MAX */
	struct out_err err;
};

struct range_job {
	struct table_src *t;
	struct range_part *part;   /* [workers] */
};

static void range_chunk(void *ctx, size_t c, size_t i_lo, size_t i_hi)
{
	struct range_job *job = ctx;
	struct table_src *t = job->t;
	struct range_part *p = &job->part[c];

	for (size_t i = i_lo; i < i_hi; i++) {
		if (t->fill_row(t->ctx, i, p->row, &p->err) != 0) {
			p->fail = i;
			return;
		}
		for (size_t j = t->n_index; j < t->n_cols; j++)
			if (isfinite(p->row[j])) {
				if (p->row[j] < p->lo)
					p->lo = p->row[j];
				if (p->row[j] > p->hi)
					p->hi = p->row[j];
			}
	}
}

/* Rows per worker and pass; the progress line is redrawn between passes. */
#define RANGE_ROWS 64

int table_range(struct table_src *t, double *lo, double *hi, struct out_err *err)
{
	struct range_job job = { t, NULL };
	size_t n_workers = table_workers(t), batch = n_workers * RANGE_ROWS;
	double a = INFINITY, b = -INFINITY;
	int rc = -1;

	if (t->has_range) {
		*lo = t->lo;
		*hi = t->hi;
		return 0;
	}
	job.part = calloc(n_workers, sizeof *job.part);
	if (!job.part)
		return out_fail(err, "out of memory for %zu threads", n_workers);
	for (size_t w = 0; w < n_workers; w++) {
		job.part[w].row = malloc(t->n_cols * sizeof *job.part[w].row);
		if (!job.part[w].row) {
			out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
			goto out;
		}
	}
	for (size_t i0 = 0; i0 < t->n_rows; i0 += batch) {
		size_t nb = t->n_rows - i0 < batch ? t->n_rows - i0 : batch;

		for (size_t w = 0; w < n_workers; w++) {
			job.part[w].lo = INFINITY;
			job.part[w].hi = -INFINITY;
			job.part[w].fail = SIZE_MAX;
		}
		table_chunks(t, n_workers, i0, nb, range_chunk, &job);
		/* in row order, with the same strict comparisons as one pass:
		 * of equal extremes (0 and -0) the first row's stays */
		for (size_t w = 0; w < n_workers; w++) {
			if (job.part[w].fail != SIZE_MAX) {
				*err = job.part[w].err;
				goto out;
			}
			if (job.part[w].lo < a)
				a = job.part[w].lo;
			if (job.part[w].hi > b)
				b = job.part[w].hi;
		}
		progress_update(t->progress, "rows scanned for the colour range", i0 + nb, t->n_rows);
	}
	if (!(a <= b)) {
		out_fail(err, "no finite value to draw");
		goto out;
	}
	*lo = a;
	*hi = b;
	rc = 0;
out:
	for (size_t w = 0; job.part && w < n_workers; w++)
		free(job.part[w].row);
	free(job.part);
	return rc;
}

/* ---- column names ---- */

/* "pos", then a prefix of at most 5 characters and up to 20 digits each */
#define COL_NAME_MAX 26

int col_names_init(struct col_names *c, const char *prefix, size_t n,
                   struct out_err *err)
{
	char *q;

	c->names = calloc(n + 1, sizeof *c->names);
	c->buf = malloc(4 + n * COL_NAME_MAX);
	if (!c->names || !c->buf) {
		col_names_free(c);
		return out_fail(err, "out of memory for %zu column names", n + 1);
	}
	q = c->buf;
	c->names[0] = strcpy(q, "pos");
	q += 4;
	for (size_t j = 0; j < n; j++) {
		int k = snprintf(q, COL_NAME_MAX, "%s%zu", prefix, j);
		c->names[j + 1] = q;
		q += k + 1;
	}
	return 0;
}

void col_names_free(struct col_names *c)
{
	free(c->names);
	free(c->buf);
	c->names = NULL;
	c->buf = NULL;
}

/*
 * npy.c - a table source as a NumPy array: a .npy file of format version
 * 1.0, as numpy/lib/format.py describes it ("Format Version 1.0") and
 * writes it (_write_array_header, _wrap_header):
 *
 *   "\x93NUMPY" 1 0 | HEADER_LEN, uint16 little-endian | the header dict
 *   "{'descr': '<f8', 'fortran_order': False, 'shape': (R, C), }", padded
 *   with spaces and ended by '\n' so that the data starts at a multiple of
 *   64 bytes (ARRAY_ALIGN) | R x C little-endian float64, row after row.
 *
 * The shape is known before the first row (n_rows, n_cols), so the rows go
 * out as they are made and memory stays O(n_cols) per thread.  Every column
 * is written, the index columns too, each the double fill_row gives: the
 * same number CSV prints at full digits (fmt_double's shortest round-trip
 * reads back as that double).  A cell that CSV prints empty (cell_text ""),
 * a masked bias or a value not used, is NaN, as numpy's genfromtxt reads an
 * empty field; a cell with any other text (a name, yes / no) has no double,
 * and the table is refused (npy_text_column lets the caller say so first).
 *
 * Left out: the spaces newer numpy puts after the dict for growing the
 * first axis in place (GROWTH_AXIS_MAX_DIGITS; np.load skips them either
 * way), formats 2.0 and 3.0 (a 2-D float64 header is far from 65535
 * bytes), other dtypes.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

#define NPY_ALIGN 64       /* format.py's ARRAY_ALIGN */
#define NPY_PREFIX 10      /* magic (6), version (2), HEADER_LEN (2) */

size_t npy_header(char *buf, size_t n_rows, size_t n_cols)
{
	int len = snprintf(buf + NPY_PREFIX, NPY_WHEADER_MAX - NPY_PREFIX,
	                   "{'descr': '<f8', 'fortran_order': False, 'shape': (%zu, %zu), }",
	                   n_rows, n_cols);
	/* _wrap_header: the dict, 1 to 64 spaces, '\n' */
	size_t hlen = (size_t)len + 1;
	size_t pad = NPY_ALIGN - (NPY_PREFIX + hlen) % NPY_ALIGN;
	size_t total = NPY_PREFIX + hlen + pad;

	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (char)((hlen + pad) & 0xff);
	buf[9] = (char)((hlen + pad) >> 8);
	memset(buf + NPY_PREFIX + len, ' ', pad);
	buf[total - 1] = '\n';
	return total;
}

/* x as 8 bytes, least significant first, on any host */
static void put_f64le(unsigned char *q, double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	for (int k = 0; k < 8; k++)
		q[k] = (unsigned char)(u >> (8 * k));
}

int npy_text_column(struct table_src *t, size_t *col, const char **text,
                    struct out_err *err)
{
	double *row;

	*col = SIZE_MAX;
	*text = NULL;
	if (!t->cell_text || t->n_rows == 0)
		return 0;
	row = malloc(t->n_cols * sizeof *row);
	if (!row)
		return out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
	if (t->fill_row(t->ctx, 0, row, err) != 0) {
		free(row);
		return -1;
	}
	for (size_t j = 0; j < t->n_cols && *col == SIZE_MAX; j++) {
		const char *s = t->cell_text(t->ctx, 0, j, row);

		if (s && *s) {
			*col = j;
			*text = s;
		}
	}
	free(row);
	return 0;
}

/* Rows are gathered in buffers of at least this many bytes, as in csv.c:
 * one large fwrite per run of rows, each thread filling its own. */
#define CHUNK (1024 * 1024)

struct npy_part {
	double *row;          /* [n_cols] */
	unsigned char *buf;   /* this worker's rows as bytes */
	size_t len;
	size_t fail;          /* the row that failed, or SIZE_MAX */
	struct out_err err;
};

struct npy_job {
	struct table_src *t;
	struct npy_part *part;   /* [workers] */
};

/* Rows [lo, hi) as bytes into part c's buffer; a failing row ends it. */
static void npy_chunk(void *ctx, size_t c, size_t lo, size_t hi)
{
	struct npy_job *job = ctx;
	struct table_src *t = job->t;
	struct npy_part *p = &job->part[c];
	unsigned char *q = p->buf;

	p->fail = SIZE_MAX;
	for (size_t i = lo; i < hi; i++) {
		if (t->fill_row(t->ctx, i, p->row, &p->err) != 0) {
			p->fail = i;
			break;
		}
		for (size_t j = 0; t->cell_text && j < t->n_cols; j++) {
			const char *text = t->cell_text(t->ctx, i, j, p->row);

			if (text && *text) {
				char shown[64];

				out_fail(&p->err, "--format npy holds numbers only: column '%s' holds text ('%s')",
				         t->col_names[j], out_shown(shown, sizeof shown, text));
				p->fail = i;
				break;
			}
			if (text)
				p->row[j] = NAN;   /* printed empty */
		}
		if (p->fail != SIZE_MAX)
			break;
		for (size_t j = 0; j < t->n_cols; j++, q += 8)
			put_f64le(q, p->row[j]);
	}
	p->len = (size_t)(q - p->buf);
}

static int npy_rows(FILE *fp, struct table_src *t, struct npy_job *job, size_t per_worker,
                    struct out_err *err)
{
	size_t n_workers = table_workers(t);

	for (size_t i0 = 0; i0 < t->n_rows; i0 += n_workers * per_worker) {
		size_t nb = t->n_rows - i0;

		if (nb > n_workers * per_worker)
			nb = n_workers * per_worker;
		table_chunks(t, n_workers, i0, nb, npy_chunk, job);
		for (size_t w = 0; w < n_workers; w++) {
			struct npy_part *p = &job->part[w];

			if (fwrite(p->buf, 1, p->len, fp) != p->len)
				return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
			if (p->fail != SIZE_MAX) {
				*err = p->err;
				return -1;
			}
		}
		progress_update(t->progress, "rows", i0 + nb, t->n_rows);
	}
	return 0;
}

int write_npy(FILE *fp, struct table_src *t, struct out_err *err)
{
	struct npy_job job = { t, NULL };
	size_t n_workers = table_workers(t), row_bytes = 8 * (t->n_cols ? t->n_cols : 1);
	size_t per_worker = row_bytes < CHUNK ? CHUNK / row_bytes : 1;   /* rows a pass */
	char head[NPY_WHEADER_MAX];
	size_t len = npy_header(head, t->n_rows, t->n_cols);
	int rc = -1;

	if (fwrite(head, 1, len, fp) != len)
		return out_fail(err, "write error: %s", strerror(errno ? errno : EIO));
	job.part = calloc(n_workers, sizeof *job.part);
	if (!job.part)
		return out_fail(err, "out of memory for %zu threads", n_workers);
	for (size_t w = 0; w < n_workers; w++) {
		job.part[w].row = malloc(t->n_cols * sizeof *job.part[w].row);
		job.part[w].buf = malloc(per_worker * row_bytes);
		if (!job.part[w].row || !job.part[w].buf) {
			out_fail(err, "out of memory for a row of %zu columns", t->n_cols);
			goto out;
		}
	}
	rc = npy_rows(fp, t, &job, per_worker, err);
out:
	for (size_t w = 0; job.part && w < n_workers; w++) {
		free(job.part[w].row);
		free(job.part[w].buf);
	}
	free(job.part);
	return rc;
}

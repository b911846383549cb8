/*
 * m4.c - M4 aggregation of a curve's rows for a line plot.
 *
 * Jugel, Jerzak, Hackenbroich, Markl, "M4: A Visualization-Oriented Time
 * Series Data Aggregation", PVLDB 7(10), 2014: a line chart w pixels wide
 * is drawn the same from every point as from, per pixel column, the
 * first, last, smallest and largest point of each series (the lines
 * between columns join a column's last point to the next one's first; a
 * column's own vertical extent is its minimum to its maximum).
 *
 * Here the x range [x(row 0), x(row n-1)] (on the axis's own scale: log x
 * for a log axis) is cut into n_buckets columns of equal width (m4_rows),
 * or into the pixel columns of a plot whose frame spans n_px pixels
 * (m4_pixels: the columns centred on the pixels, as gnuplot rounds a point
 * to its nearest pixel), and the rows are read once, in order, one at a
 * time.  Memory: for each series
 * value the rows holding its first, last, smallest and largest value of
 * the current column (4 n_vals row copies), plus the column's first four
 * rows: a column of at most four rows is passed whole, so that a table no
 * denser than that comes out unchanged.  At the end of a column its kept
 * rows go out once each, in row order.
 *
 * The series values of a row: every plotted y column (pd->series, or
 * every column from pd->all_from on), and for a band col +- err its two
 * edges.  A row where one of them or x is not finite (or x <= 0 on a log
 * axis) is one gnuplot does not join to its neighbours: it ends the
 * column's group, goes out itself, and a new group starts after it.
 *
 * A source with drafts (t->fill_draft: values within a proven radius of
 * the exact ones, about 1e-12 relative for decay) is compared on its
 * drafts, several times cheaper than the exact rows, and only the rows
 * kept are computed exactly (fill_row) and handed on: a first, last,
 * smallest or largest row may then be one whose value is within that
 * radius of the exact extreme's, a difference no plot can show.
 *
 * Left out: x not monotonic is still correct (a column's group ends
 * whenever the column changes) but less reduced; an x range wider than
 * rows 0 and n-1 say only makes the columns narrower than the plot's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "write/write.h"

#define M4_KEEP 4        /* first, last, min, max */

struct m4_val {          /* a series value: row[a], or row[a] + sign row[b] */
	size_t a, b;
	double sign;         /* 0: row[a] alone */
};

struct m4_state {
	struct table_src *t;
	double *exact;       /* [n_cols] a kept row computed exactly */
	int drafted;         /* rows may be drafts: recomputed when kept */
	size_t n_cols, n_vals;
	struct m4_val *vals;
	size_t *idx;         /* [n_vals * M4_KEEP] kept row, SIZE_MAX: none */
	double *ext;         /* [n_vals * M4_KEEP] its value (min, max) */
	double *rows;        /* [n_vals * M4_KEEP * n_cols] the kept rows */
	size_t head_idx[M4_KEEP];
	double *head;        /* [M4_KEEP * n_cols] the column's first rows */
	size_t n_in_col;     /* rows in the current column */
	const size_t **order; /* [n_vals * M4_KEEP] scratch for the flush */
};

static double val_of(const struct m4_val *v, const double *row)
{
	return v->sign == 0.0 ? row[v->a] : row[v->a] + v->sign * row[v->b];
}

/* The series values of a curve into s->vals; -1 when memory runs out. */
static int m4_vals(struct m4_state *s, const struct table_src *t, const struct plot_desc *pd)
{
	size_t n = 0, cap = pd->all_from ? t->n_cols - pd->all_from : 3 * pd->n_series;

	s->vals = malloc((cap ? cap : 1) * sizeof *s->vals);
	if (!s->vals)
		return -1;
	if (pd->all_from) {
		for (size_t j = pd->all_from; j < t->n_cols; j++)
			s->vals[n++] = (struct m4_val){ j, 0, 0.0 };
	} else {
		for (size_t k = 0; k < pd->n_series; k++) {
			const struct plot_series *p = &pd->series[k];

			s->vals[n++] = (struct m4_val){ p->col, 0, 0.0 };
			if (p->err_col != PLOT_NONE) {
				s->vals[n++] = (struct m4_val){ p->col, p->err_col, -1.0 };
				s->vals[n++] = (struct m4_val){ p->col, p->err_col, 1.0 };
			}
		}
	}
	s->n_vals = n;
	return 0;
}

static void m4_reset(struct m4_state *s)
{
	for (size_t k = 0; k < s->n_vals * M4_KEEP; k++)
		s->idx[k] = SIZE_MAX;
	s->n_in_col = 0;
}

static int by_index(const void *a, const void *b)
{
	size_t x = **(const size_t *const *)a, y = **(const size_t *const *)b;

	return x < y ? -1 : x > y;
}

/* Row i, kept (row: as read) to the sink: exactly computed, if it may
 * have been a draft. */
static int m4_emit(struct m4_state *s, const struct m4_sink *sink, size_t i,
                   const double *row, struct m4_stats *st, struct out_err *err)
{
	if (s->drafted) {
		if (s->t->fill_row(s->t->ctx, i, s->exact, err) != 0)
			return -1;
		row = s->exact;
	}
	st->n_out++;
	return sink->emit(sink->ctx, i, row, err);
}

/* The current column's kept rows out, in row order, each once. */
static int m4_flush(struct m4_state *s, const struct m4_sink *sink, struct m4_stats *st,
                    struct out_err *err)
{
	size_t n = 0, last = SIZE_MAX;
	const size_t **ord = s->order;

	if (s->n_in_col <= M4_KEEP) {
		for (size_t k = 0; k < s->n_in_col; k++) {
			if (m4_emit(s, sink, s->head_idx[k], s->head + k * s->n_cols, st, err) != 0)
				return -1;
		}
		m4_reset(s);
		return 0;
	}
	for (size_t k = 0; k < s->n_vals * M4_KEEP; k++)
		if (s->idx[k] != SIZE_MAX)
			ord[n++] = &s->idx[k];
	qsort(ord, n, sizeof *ord, by_index);
	for (size_t k = 0; k < n; k++) {
		size_t slot = (size_t)(ord[k] - s->idx);

		if (*ord[k] == last)
			continue;
		last = *ord[k];
		if (m4_emit(s, sink, last, s->rows + slot * s->n_cols, st, err) != 0)
			return -1;
	}
	m4_reset(s);
	return 0;
}

/* Row i (values row) into the current column. */
static void m4_add(struct m4_state *s, size_t i, const double *row)
{
	size_t bytes = s->n_cols * sizeof *row;

	if (s->n_in_col < M4_KEEP) {
		s->head_idx[s->n_in_col] = i;
		memcpy(s->head + s->n_in_col * s->n_cols, row, bytes);
	}
	s->n_in_col++;
	for (size_t v = 0; v < s->n_vals; v++) {
		double y = val_of(&s->vals[v], row);
		size_t *idx = s->idx + v * M4_KEEP;
		double *ext = s->ext + v * M4_KEEP;
		/* slots: 0 first, 1 last, 2 min, 3 max */
		int take[M4_KEEP] = { idx[0] == SIZE_MAX, 1, idx[2] == SIZE_MAX || y < ext[2],
		                      idx[3] == SIZE_MAX || y > ext[3] };

		for (int k = 0; k < M4_KEEP; k++)
			if (take[k]) {
				idx[k] = i;
				ext[k] = y;
				memcpy(s->rows + (v * M4_KEEP + (size_t)k) * s->n_cols, row, bytes);
			}
	}
}

/* Does gnuplot join row to its neighbours?  (Every value finite, x on the
 * axis.) */
static int m4_joined(const struct m4_state *s, const double *row, double x, int log_x)
{
	if (!isfinite(x) || (log_x && !(x > 0.0)))
		return 0;
	for (size_t v = 0; v < s->n_vals; v++)
		if (!isfinite(val_of(&s->vals[v], row)))
			return 0;
	return 1;
}

/* Row i into row: its draft when the source has one that is finite
 * (use_draft), else exact; s->drafted records that kept rows may need
 * computing again. */
static int m4_read(struct m4_state *s, size_t i, double *row, double *rad, int use_draft,
                   struct out_err *err)
{
	const struct table_src *t = s->t;

	if (use_draft && t->fill_draft && t->fill_draft(t->ctx, i, row, rad)) {
		size_t j = 0;

		while (j < t->n_cols && isfinite(row[j]))
			j++;
		if (j == t->n_cols) {
			s->drafted = 1;
			return 0;
		}
	}
	return t->fill_row(t->ctx, i, row, err);
}

static void m4_free(struct m4_state *s)
{
	free(s->vals);
	free(s->idx);
	free(s->ext);
	free(s->rows);
	free(s->head);
	free(s->order);
	free(s->exact);
}

/* x on the axis's scale */
static double m4_u(double x, int log_x)
{
	return log_x ? log(x) : x;
}

/*
 * The columns: row with x (on the axis's scale u, the range [u0, u1]) goes
 * into column floor((u - u0) / (u1 - u0) * span + offset), at most
 * n_buckets - 1: equal columns of the range (span n_buckets, offset 0), or
 * a plot's pixel columns (span n_px - 1, offset 1/2: gnuplot's axis_map
 * rounds to the nearest pixel, with u0 on the first and u1 on the last).
 */
static int m4_run(struct table_src *t, const struct plot_desc *pd, size_t n_buckets,
                  double span, double offset, const struct m4_sink *sink,
                  struct m4_stats *st, struct out_err *err)
{
	struct m4_state s = { 0 };
	double *row = malloc(t->n_cols * sizeof *row);
	double *rad = malloc(t->n_cols * sizeof *rad);
	double u0 = NAN, u1 = NAN, col = NAN;
	int rc = -1;

	st->n_in = t->n_rows;
	st->n_out = 0;
	s.n_cols = t->n_cols;
	s.t = t;
	s.exact = malloc(t->n_cols * sizeof *s.exact);
	if (!row || !rad || !s.exact || m4_vals(&s, t, pd) != 0)
		goto nomem;
	s.idx = malloc(s.n_vals * M4_KEEP * sizeof *s.idx + 1);
	s.order = malloc(s.n_vals * M4_KEEP * sizeof *s.order + 1);
	s.ext = malloc(s.n_vals * M4_KEEP * sizeof *s.ext + 1);
	s.rows = malloc(s.n_vals * M4_KEEP * t->n_cols * sizeof *s.rows + 1);
	s.head = malloc(M4_KEEP * t->n_cols * sizeof *s.head);
	if (!s.idx || !s.order || !s.ext || !s.rows || !s.head)
		goto nomem;
	m4_reset(&s);
	/* the x range from its ends: x is a distance or an index, rising */
	if (n_buckets > 0 && t->n_rows > 1) {
		if (t->fill_row(t->ctx, 0, row, err) != 0)
			goto out;
		u0 = m4_u(row[pd->x_col], pd->log_x);
		if (t->fill_row(t->ctx, t->n_rows - 1, row, err) != 0)
			goto out;
		u1 = m4_u(row[pd->x_col], pd->log_x);
	}
	/* no usable range: every row goes out */
	if (!(isfinite(u0) && isfinite(u1) && u1 > u0))
		n_buckets = 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		double x, c;

		if (m4_read(&s, i, row, rad, n_buckets > 0, err) != 0)
			goto out;
		x = row[pd->x_col];
		if (n_buckets == 0 || !m4_joined(&s, row, x, pd->log_x)) {
			if (m4_flush(&s, sink, st, err) != 0 || m4_emit(&s, sink, i, row, st, err) != 0)
				goto out;
			col = NAN;
			continue;
		}
		c = floor((m4_u(x, pd->log_x) - u0) / (u1 - u0) * span + offset);
		if (c >= (double)n_buckets)
			c = (double)n_buckets - 1;   /* the last point, on the range's end */
		if (c != col && m4_flush(&s, sink, st, err) != 0)
			goto out;
		col = c;
		m4_add(&s, i, row);
		if (t->progress && i % 65536 == 0)
			progress_update(t->progress, "rows", i, t->n_rows);
	}
	if (m4_flush(&s, sink, st, err) != 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	out_fail(err, "out of memory for the aggregation of %zu columns", t->n_cols);
out:
	m4_free(&s);
	free(row);
	free(rad);
	return rc;
}

int m4_rows(struct table_src *t, const struct plot_desc *pd, size_t n_buckets,
            const struct m4_sink *sink, struct m4_stats *st, struct out_err *err)
{
	return m4_run(t, pd, n_buckets, (double)n_buckets, 0.0, sink, st, err);
}

int m4_pixels(struct table_src *t, const struct plot_desc *pd, size_t n_px,
              const struct m4_sink *sink, struct m4_stats *st, struct out_err *err)
{
	/* one pixel: every row in it */
	return m4_run(t, pd, n_px, n_px > 1 ? (double)(n_px - 1) : 0.0, n_px > 1 ? 0.5 : 0.0,
	              sink, st, err);
}

/*
 * matrix.c - the encoding matrix of a scheme as a table (pos, d0, d1, ...),
 * rows computed on demand, from drafts where the scheme offers them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- the encoding matrix ---- */

static int matrix_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_matrix *m = ctx;
	enum pe_status st;

	out[0] = (double)i;
	st = pe_scheme_row(m->scheme, out + 1, (double)i);
	if (st != PE_OK)
		return out_fail(err, "position %zu: %s", i, pe_status_str(st));
	return 0;
}

static int matrix_draft(void *ctx, size_t i, double *out, double *rad)
{
	struct src_matrix *m = ctx;

	out[0] = (double)i;
	rad[0] = 0.0;
	return pe_draft_row(m->scheme, PE_DRAFT_ROW, out + 1, rad + 1, (double)i) == PE_OK;
}

int src_matrix_init(struct table_src *t, struct src_matrix *m,
                    const struct pe_scheme *scheme, size_t n_pos,
                    struct out_err *err)
{
	size_t n = scheme->n_row;

	memset(m, 0, sizeof *m);
	if (!scheme->ops->row)
		return out_fail(err, "the %s scheme has no per-position code",
		                scheme->ops->name);
	m->scheme = scheme;
	if (col_names_init(&m->cols, scheme->row_label, n, err) != 0)
		return -1;

	memset(t, 0, sizeof *t);
	t->n_rows = n_pos;
	t->n_cols = n + 1;
	t->n_index = 1;
	t->col_names = m->cols.names;
	t->row_axis = "position";
	t->col_axis = strcmp(scheme->row_label, "d") == 0 ? "dimension" : scheme->row_label;
	t->has_range = scheme->has_range;
	t->lo = scheme->lo;
	t->hi = scheme->hi;
	t->fill_row = matrix_fill;
	if (pe_draft_row(scheme, PE_DRAFT_ROW, NULL, NULL, 0.0) == PE_OK) {
		/* values within 2^-47: of the 32768 rows of a d = 1024 code 3
		 * stay unsettled at 6 digits, 209 at 8, 1665 at 9 (a one-off
		 * count over every row); beyond 8 too many are computed twice */
		t->fill_draft = matrix_draft;
		t->draft_digits = 8;
	}
	t->ctx = m;
	t->parallel = 1;   /* each row is pe_scheme_row of its position */
	return 0;
}

void src_matrix_free(struct src_matrix *m)
{
	col_names_free(&m->cols);
	memset(m, 0, sizeof *m);
}

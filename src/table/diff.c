/*
 * diff.c - two encodings pair by pair (pe_diff_schemes): each pair's
 * frequency and wavelength in A and in B, their ratio, and whether it
 * changed beyond the tolerance.
 */
#include <math.h>
#include <string.h>

#include "table/table.h"

static const char *const diff_cols[] = {
	"pair", "freq_a", "freq_b", "wavelength_a", "wavelength_b", "ratio", "changed"
};

enum { D_COLS = sizeof diff_cols / sizeof diff_cols[0] };

static int diff_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_diff *d = ctx;
	double theta = d->a->inv_freq[i], phi = d->b->inv_freq[i];

	(void)err;
	out[0] = (double)i;
	out[1] = theta;
	out[2] = phi;
	out[3] = 2.0 * PE_PI / theta;
	out[4] = 2.0 * PE_PI / phi;
	out[5] = theta / phi;
	out[6] = pe_diff_changed(theta, phi, d->rtol);
	return 0;
}

static const char *diff_text(void *ctx, size_t i, size_t j, const double *row)
{
	(void)ctx;
	(void)i;
	return j == D_COLS - 1 ? (row[j] != 0.0 ? "yes" : "no") : NULL;
}

void src_diff_init(struct table_src *t, struct src_diff *d, const struct pe_scheme *a,
                   const struct pe_scheme *b, size_t n_pairs, double rtol)
{
	memset(t, 0, sizeof *t);
	d->a = a;
	d->b = b;
	d->rtol = rtol;
	t->n_rows = n_pairs;
	t->n_cols = D_COLS;
	t->n_index = 1;
	t->col_names = diff_cols;
	t->fill_row = diff_fill;
	t->cell_text = diff_text;
	t->ctx = d;
}

/*
 * extrapolate.c - one row per rotary pair beyond the training length, the
 * compared scaling methods side by side.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- extrapolate: one row per rotary pair, methods side by side ---- */

static const char *const extrap_base_cols[] = {
	"pair", "wavelength_base", "angle_train", "rotations_train",
	"angle_target_base", "ood_base", "wavelength", "angle_target",
	"rotations_target", "ood"
};

enum { X_BASE_COLS = 6, X_SCHEME_COLS = 4, X_METHOD_COLS = 3 };

static int extrap_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_extrap *x = ctx;
	const struct pe_extrap_pair *p = &x->pairs[0][i];
	double T1 = x->target - 1.0;
	size_t j = 0;

	(void)err;
	out[j++] = (double)i;
	out[j++] = p->wavelen_base;
	out[j++] = p->max_angle_train;
	out[j++] = p->rot_train;
	out[j++] = T1 * x->schemes[0]->inv_freq_base[i];
	out[j++] = p->ood_base;
	if (x->scaled) {
		out[j++] = p->wavelen;
		out[j++] = p->max_angle_target;
		out[j++] = p->rot_target;
		out[j++] = p->ood;
	}
	for (size_t m = 1; m < x->n_schemes; m++) {
		const struct pe_extrap_pair *q = &x->pairs[m][i];
		out[j++] = q->wavelen;
		out[j++] = q->max_angle_target;
		out[j++] = q->ood;
	}
	return 0;
}

static const char *extrap_text(void *ctx, size_t i, size_t j, const double *row)
{
	struct src_extrap *x = ctx;

	(void)i;
	return x->is_flag[j] ? (row[j] != 0.0 ? "yes" : "no") : NULL;
}

int src_extrap_init(struct table_src *t, struct src_extrap *x,
                    const struct pe_scheme *const *schemes, const char *const *method_names,
                    size_t n_schemes, double train, double target, struct out_err *err)
{
	size_t n = schemes[0]->n_freq, c = 0;
	char *q;
	enum pe_status st;

	memset(x, 0, sizeof *x);
	memset(t, 0, sizeof *t);
	if (n_schemes > SRC_EXTRAP_MAX)
		return out_fail(err, "too many methods");
	x->n_schemes = n_schemes;
	x->target = target;
	x->scaled = schemes[0]->cfg.rope.scaling != PE_ROPE_SCALING_NONE;
	for (size_t m = 0; m < n_schemes; m++) {
		x->schemes[m] = schemes[m];
		x->pairs[m] = malloc(n * sizeof *x->pairs[m]);
		if (!x->pairs[m]) {
			src_extrap_free(x);
			return out_fail(err, "out of memory for %zu pairs", n);
		}
		st = pe_extrap_pairs(x->pairs[m], schemes[m], train, target);
		if (st != PE_OK) {
			src_extrap_free(x);
			return out_fail(err, "cannot follow the pairs: %s", pe_status_str(st));
		}
	}
	for (size_t k = 0; k < X_BASE_COLS; k++)
		x->names[c++] = extrap_base_cols[k];
	x->is_flag[X_BASE_COLS - 1] = 1;
	if (x->scaled) {
		for (size_t k = 0; k < X_SCHEME_COLS; k++)
			x->names[c++] = extrap_base_cols[X_BASE_COLS + k];
		x->is_flag[c - 1] = 1;
	}
	q = x->names_buf;
	for (size_t m = 1; m < n_schemes; m++) {
		static const char *const suffix[X_METHOD_COLS] = { "wavelength", "angle_target", "ood" };
		for (size_t k = 0; k < X_METHOD_COLS; k++) {
			int len = snprintf(q, 40, "%s_%s", method_names[m], suffix[k]);
			x->names[c++] = q;
			q += len + 1;
		}
		x->is_flag[c - 1] = 1;
	}
	t->n_rows = n;
	t->n_cols = c;
	t->n_index = 1;
	t->col_names = x->names;
	t->fill_row = extrap_fill;
	t->cell_text = extrap_text;
	t->ctx = x;
	return 0;
}

void src_extrap_free(struct src_extrap *x)
{
	for (size_t m = 0; m < SRC_EXTRAP_MAX; m++)
		free(x->pairs[m]);
	memset(x, 0, sizeof *x);
}

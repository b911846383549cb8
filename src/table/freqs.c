/*
 * freqs.c - the frequencies of a scheme as a table: one row per rotary pair
 * (pair, inv_freq, inv_freq_base, wavelength, rotations, ratio; yarn adds
 * ramp, llama3 smooth and region).  A scheme with several axes adds the
 * axis each pair turns with, and gives each pair's own frequency (not its
 * share of the --axis line).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/table.h"

/* ---- freqs: one row per frequency pair ---- */

static const char *const freqs_cols[] = {
	"pair", "inv_freq", "inv_freq_base", "wavelength", "rotations", "ratio",
	"ramp", "smooth", "region", "axis"
};

enum { F_PAIR, F_INV, F_BASE, F_WAVE, F_ROT, F_RATIO, F_RAMP, F_SMOOTH, F_REGION, F_AXIS, F_ALL };

static int freqs_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_freqs *f = ctx;
	const struct pe_scheme *s = f->scheme;
	const double two_pi = 2.0 * PE_PI;
	double all[F_ALL];
	const double *inv = s->inv_freq_axes ? s->inv_freq_axes : s->inv_freq;

	(void)err;
	all[F_PAIR] = (double)i;
	all[F_AXIS] = s->axis_of ? (double)s->axis_of[i] : NAN;
	all[F_INV] = inv[i];
	all[F_BASE] = s->inv_freq_base[i];
	all[F_WAVE] = two_pi / inv[i];
	all[F_ROT] = f->context * s->inv_freq_base[i] / two_pi;
	all[F_RATIO] = s->inv_freq_base[i] / inv[i];
	all[F_RAMP] = f->info ? f->info[i].ramp : NAN;
	all[F_SMOOTH] = f->info ? f->info[i].smooth : NAN;
	all[F_REGION] = f->info ? (double)f->info[i].region : NAN;
	for (size_t j = 0; j < f->n_cols; j++)
		out[j] = all[f->cols[j]];
	return 0;
}

static const char *freqs_text(void *ctx, size_t i, size_t j, const double *row)
{
	struct src_freqs *f = ctx;

	(void)row;
	if (f->cols[j] == F_AXIS)
		return pe_axis_name(f->scheme->axis_of[i]);
	if (f->cols[j] == F_SMOOTH && f->info[i].region != PE_ROPE_REGION_MID)
		return "";   /* the smooth factor is used in the mid band only */
	if (f->cols[j] != F_REGION)
		return NULL;
	switch (f->info[i].region) {
	case PE_ROPE_REGION_HIGH: return "high";
	case PE_ROPE_REGION_MID:  return "mid";
	case PE_ROPE_REGION_LOW:  return "low";
	default:                  return "";
	}
}

int src_freqs_init(struct table_src *t, struct src_freqs *f,
                   const struct pe_scheme *scheme, double context,
                   struct out_err *err)
{
	enum pe_rope_scaling scaling = scheme->cfg.rope.scaling;
	int rotary = (scheme->ops->traits & PE_TRAIT_ROTARY) != 0;
	enum pe_status st;

	memset(f, 0, sizeof *f);
	memset(t, 0, sizeof *t);
	if (!scheme->inv_freq)
		return out_fail(err, "the %s scheme has no frequencies", scheme->ops->name);
	f->scheme = scheme;
	f->context = context;
	f->cols[f->n_cols++] = F_PAIR;
	if (scheme->axis_of) {
		f->cols[f->n_cols++] = F_AXIS;
		t->cell_text = freqs_text;
	}
	for (int c = F_INV; c <= F_RATIO; c++)
		f->cols[f->n_cols++] = c;
	if (rotary && (scaling == PE_ROPE_SCALING_YARN || scaling == PE_ROPE_SCALING_LLAMA3)) {
		f->info = malloc(scheme->n_freq * sizeof *f->info);
		if (!f->info)
			return out_fail(err, "out of memory for %zu pairs", scheme->n_freq);
		st = pe_rope_pair_info(f->info, &scheme->cfg.rope);
		if (st != PE_OK) {
			free(f->info);
			f->info = NULL;
			return out_fail(err, "cannot describe the pairs: %s", pe_status_str(st));
		}
		if (scaling == PE_ROPE_SCALING_YARN) {
			f->cols[f->n_cols++] = F_RAMP;
		} else {
			f->cols[f->n_cols++] = F_SMOOTH;
			f->cols[f->n_cols++] = F_REGION;
		}
		t->cell_text = freqs_text;
	}
	for (size_t j = 0; j < f->n_cols; j++)
		f->names[j] = freqs_cols[f->cols[j]];
	t->n_rows = scheme->n_freq;
	t->n_cols = f->n_cols;
	t->n_index = 1;
	t->col_names = f->names;
	t->fill_row = freqs_fill;
	t->ctx = f;
	return 0;
}

void src_freqs_free(struct src_freqs *f)
{
	free(f->info);
	memset(f, 0, sizeof *f);
}

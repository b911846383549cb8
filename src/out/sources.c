/*
 * sources.c - analyses wrapped as table sources: the frequencies of a
 * scheme (freqs), the pairing permutation (layout), the preset list, and
 * small tables of results held in memory (layout --verify).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/config.h"
#include "out/out.h"

/* ---- freqs: one row per frequency pair ---- */

static const char *const freqs_cols[] = {
	"pair", "inv_freq", "inv_freq_base", "wavelength", "rotations", "ratio",
	"ramp", "smooth", "region"
};

enum { F_PAIR, F_INV, F_BASE, F_WAVE, F_ROT, F_RATIO, F_RAMP, F_SMOOTH, F_REGION, F_ALL };

static int freqs_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_freqs *f = ctx;
	const struct pe_scheme *s = f->scheme;
	const double two_pi = 2.0 * 3.14159265358979323846;
	double all[F_ALL];

	(void)err;
	all[F_PAIR] = (double)i;
	all[F_INV] = s->inv_freq[i];
	all[F_BASE] = s->inv_freq_base[i];
	all[F_WAVE] = two_pi / s->inv_freq[i];
	all[F_ROT] = f->context * s->inv_freq_base[i] / two_pi;
	all[F_RATIO] = s->inv_freq_base[i] / s->inv_freq[i];
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
	int rotary = scheme->cfg.kind != PE_SCHEME_SINUSOIDAL;
	enum pe_status st;

	memset(f, 0, sizeof *f);
	memset(t, 0, sizeof *t);
	if (!scheme->inv_freq)
		return out_fail(err, "the %s scheme has no frequencies", scheme->ops->name);
	f->scheme = scheme;
	f->context = context;
	for (int c = F_PAIR; c <= F_RATIO; c++)
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

/* ---- layout: the row permutation ---- */

static const char *const layout_cols[] = { "row", "from" };

static int layout_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const size_t *perm = ctx;

	(void)err;
	out[0] = (double)i;
	out[1] = (double)perm[i];
	return 0;
}

void src_layout_init(struct table_src *t, const size_t *perm, size_t n_dim)
{
	memset(t, 0, sizeof *t);
	t->n_rows = n_dim;
	t->n_cols = 2;
	t->n_index = 1;
	t->col_names = layout_cols;
	t->fill_row = layout_fill;
	t->ctx = (void *)perm;
}

/* ---- a small table held in memory ---- */

static int small_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_small *m = ctx;

	(void)err;
	memcpy(out, m->cells + i * m->n_cols, m->n_cols * sizeof *out);
	return 0;
}

static const char *small_text(void *ctx, size_t i, size_t j, const double *row)
{
	struct src_small *m = ctx;

	(void)row;
	return m->texts[i * m->n_cols + j];
}

void src_small_init(struct table_src *t, struct src_small *m, size_t n_rows,
                    size_t n_cols, const char *const *names)
{
	memset(t, 0, sizeof *t);
	memset(m->cells, 0, sizeof m->cells);
	memset(m->texts, 0, sizeof m->texts);
	m->n_cols = n_cols;
	t->n_rows = n_rows;
	t->n_cols = n_cols;
	t->col_names = names;
	t->fill_row = small_fill;
	t->cell_text = small_text;
	t->ctx = m;
}

/* ---- presets ---- */

static const char *const preset_cols[] = {
	"name", "d", "rotary_dim", "base", "scaling", "factor", "original_max",
	"max_pos", "description"
};

static int preset_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	const struct hf_preset *p = hf_preset_at(i);
	const struct hf_rope_config *c = &p->cfg;
	double d = (double)c->head_dim;

	(void)ctx;
	(void)err;
	out[0] = (double)i;
	out[1] = d;
	out[2] = d;
	if (!isnan(c->partial_rotary_factor)) {
		size_t n_rot;   /* the rule --preset itself applies (HF int(d * f)) */
		out[2] = pe_rope_n_rot_partial(&n_rot, c->head_dim, c->partial_rotary_factor)
		         == PE_OK ? (double)n_rot : NAN;
	}
	out[3] = isnan(c->rope_theta) ? PE_BASE_DEFAULT : c->rope_theta;
	out[4] = 0.0;
	out[5] = c->type == HF_ROPE_DEFAULT ? NAN : c->factor;
	out[6] = c->original_max_position_embeddings;
	out[7] = c->max_position_embeddings;
	out[8] = 0.0;
	return 0;
}

static const char *preset_text(void *ctx, size_t i, size_t j, const double *row)
{
	const struct hf_preset *p = hf_preset_at(i);

	(void)ctx;
	if (j == 0)
		return p->name;
	if (j == 4)
		return p->cfg.type == HF_ROPE_DEFAULT ? "none" : hf_rope_type_name(p->cfg.type);
	if (j == 8)
		return p->description;
	if (isnan(row[j]))
		return "";   /* not set for this model */
	return NULL;
}

void src_presets_init(struct table_src *t)
{
	size_t n = 0;

	while (hf_preset_at(n))
		n++;
	memset(t, 0, sizeof *t);
	t->n_rows = n;
	t->n_cols = 9;
	t->col_names = preset_cols;
	t->fill_row = preset_fill;
	t->cell_text = preset_text;
}

/* ---- similarity: the n x n matrix of scores between positions ---- */

static int sim_fill(void *ctx, size_t i, double *out, struct out_err *err)
{
	struct src_similarity *m = ctx;
	size_t n = m->n_pos;

	out[0] = (double)i;
	if (m->prof) {
		/* row i is profile(j - i), j = 0 .. n-1: a slice of prof */
		const double *p = m->prof + (n - 1 - i);

		if (m->cosine)
			for (size_t j = 0; j < n; j++)
				out[j + 1] = p[j] / m->prof[n - 1];
		else
			memcpy(out + 1, p, n * sizeof *out);
		return 0;
	}
	for (size_t j = 0; j < n; j++) {
		double v;

		{
			enum pe_status st = pe_scheme_score(m->scheme, &v, (double)i, (double)j);
			if (st != PE_OK)
				return out_fail(err, "score(%zu, %zu): %s", i, j, pe_status_str(st));
			if (m->cosine)
				v /= sqrt(m->self[i] * m->self[j]);
		}
		out[j + 1] = v;
	}
	return 0;
}

int src_similarity_init(struct table_src *t, struct src_similarity *m,
                        const struct pe_scheme *scheme, size_t n_pos, int cosine,
                        int direct, struct out_err *err)
{
	enum pe_status st = PE_OK;
	size_t n = n_pos;

	memset(m, 0, sizeof *m);
	memset(t, 0, sizeof *t);
	m->scheme = scheme;
	m->n_pos = n;
	m->cosine = cosine;
	if (!scheme->ops->score)
		return out_fail(err, "the %s scheme has no score between positions",
		                scheme->ops->name);
	if (!scheme->ops->profile)
		direct = 1;
	if (col_names_init(&m->cols, "k", n, err) != 0)
		return -1;
	if (direct)
		m->self = malloc(n * sizeof *m->self);
	else
		m->prof = malloc((2 * n - 1) * sizeof *m->prof);
	if (!(direct ? (void *)m->self : (void *)m->prof)) {
		src_similarity_free(m);
		return out_fail(err, "out of memory for %zu positions", n);
	}
	/* profile path: score(i, j) = profile(j - i), O(n d) in all */
	for (size_t k = 0; !direct && k < 2 * n - 1 && st == PE_OK; k++)
		st = pe_scheme_profile(scheme, &m->prof[k], (double)k - (double)(n - 1));
	for (size_t i = 0; direct && i < n && st == PE_OK; i++)
		st = pe_scheme_score(scheme, &m->self[i], (double)i, (double)i);
	if (st == PE_OK && cosine && !direct && !(m->prof[n - 1] > 0.0))
		st = PE_ERANGE;
	for (size_t i = 0; direct && cosine && st == PE_OK && i < n; i++)
		if (!(m->self[i] > 0.0))
			st = PE_ERANGE;
	if (st != PE_OK) {
		src_similarity_free(m);
		return out_fail(err, "cannot compute the similarity: %s", pe_status_str(st));
	}
	t->n_rows = n;
	t->n_cols = n + 1;
	t->n_index = 1;
	t->col_names = m->cols.names;
	t->row_axis = "query position";
	t->col_axis = "key position";
	t->has_range = cosine;   /* cosine is in [-1, 1]; dot is measured */
	t->lo = -1.0;
	t->hi = 1.0;
	if (!direct && !cosine) {
		/* The range table_range would measure over the n^2 cells, from the
		 * 2n - 1 profile values, all finite, each of which appears (cell
		 * (i, j) holds prof[j - i + n - 1]).  Visited in the order the
		 * cells first show them (row 0: n-1 .. 2n-2, then column 0: n-2
		 * .. 0) with table_range's strict comparisons, so even a tie
		 * between 0 and -0 comes out the same. */
		t->has_range = 1;
		t->lo = INFINITY;
		t->hi = -INFINITY;
		for (size_t c = 0; c < 2 * n - 1; c++) {
			double v = m->prof[c < n ? n - 1 + c : 2 * n - 2 - c];

			if (v < t->lo)
				t->lo = v;
			if (v > t->hi)
				t->hi = v;
		}
	}
	t->fill_row = sim_fill;
	t->ctx = m;
	t->parallel = 1;   /* slices of prof, or scores: read only */
	return 0;
}

void src_similarity_free(struct src_similarity *m)
{
	col_names_free(&m->cols);
	free(m->prof);
	free(m->self);
	memset(m, 0, sizeof *m);
}

/* ---- decay: score versus distance, streamed one distance at a time ---- */

enum { D_DIST, D_DOT, D_BOUND, D_MEAN, D_STD, D_ALL };

static const char *const decay_cols[] = { "distance", "dot", "bound", "mean", "std" };

/* All columns at distance r, before normalising. */
static int decay_values(struct src_decay *m, double r, double *all, struct out_err *err)
{
	const struct pe_scheme *s = m->scheme;
	enum pe_status st;

	all[D_DIST] = r;
	if (m->bound) {
		/* rope: the profile and the bound share each pair's cosine and
		 * sine, the same doubles as pe_scheme_profile and pe_rope_bound */
		pe_rope_profile_bound(&all[D_DOT], &all[D_BOUND], s->inv_freq, r,
		                      s->attention_factor, s->cfg.rope.n_dim, s->n_freq);
		st = isfinite(all[D_DOT]) ? PE_OK : PE_ERANGE;
	} else if (s->ops->profile) {
		st = pe_scheme_profile(s, &all[D_DOT], m->sign * r);
	} else {
		/* no profile (a learned table): PE(p).PE(p+r) averaged over the
		 * n - r pairs of positions the table holds, O((n - r) d) */
		double sum = 0.0, v;
		size_t n_pairs = m->n_pos - (size_t)r;

		st = PE_OK;
		for (size_t p = 0; p < n_pairs && st == PE_OK; p++) {
			st = pe_scheme_score(s, &v, (double)p, (double)p + r);
			sum += v;
		}
		all[D_DOT] = sum / (double)n_pairs;
	}
	if (st == PE_OK && m->has_samples)
		st = pe_decay_samples_eval(&all[D_MEAN], &all[D_STD], &m->samples, s, m->sign * r);
	if (st != PE_OK)
		return out_fail(err, "distance %.17g: %s", r, pe_status_str(st));
	return 0;
}

static int decay_fill(void *ctx, size_t k, double *out, struct out_err *err)
{
	struct src_decay *m = ctx;
	double all[D_ALL];

	if (decay_values(m, pe_decay_grid_point(&m->grid, k), all, err) != 0)
		return -1;
	for (size_t j = 0; j < m->n_cols; j++) {
		out[j] = all[m->cols[j]];
		if (m->normalize && j > 0)
			out[j] /= m->norm[m->cols[j]];
	}
	return 0;
}

/*
 * RoPE without samples: dot and bound from pe_rope_profile_bound_draft,
 * with their error bounds carried through the normalising division
 * (|v'/n - v/n| <= rad/|n| + u (|v'/n| + |v/n|), u = 2^-53, fl(v/n) within
 * u of v/n, and a 1% margin for the second-order terms).
 */
static int decay_draft(void *ctx, size_t k, double *out, double *rad)
{
	struct src_decay *m = ctx;
	const struct pe_scheme *s = m->scheme;
	double all[D_ALL], err[D_ALL];
	double r = pe_decay_grid_point(&m->grid, k);

	if (!pe_rope_profile_bound_draft(&all[D_DOT], &all[D_BOUND], &err[D_DOT],
	                                 &err[D_BOUND], s->inv_freq, r,
	                                 s->attention_factor, s->cfg.rope.n_dim,
	                                 s->n_freq))
		return 0;
	all[D_DIST] = r;
	err[D_DIST] = 0.0;
	for (size_t j = 0; j < m->n_cols; j++) {
		out[j] = all[m->cols[j]];
		rad[j] = err[m->cols[j]];
		if (m->normalize && j > 0) {
			double n = fabs(m->norm[m->cols[j]]);

			out[j] /= m->norm[m->cols[j]];
			rad[j] = 1.01 * (rad[j] / n + 0x1p-53 * (2.0 * fabs(out[j]) + rad[j] / n));
		}
	}
	return 1;
}

int src_decay_init(struct table_src *t, struct src_decay *m,
                   const struct pe_scheme *scheme, const struct src_decay_opts *o,
                   struct out_err *err)
{
	int rotary = scheme->cfg.kind == PE_SCHEME_ROPE || scheme->cfg.kind == PE_SCHEME_XPOS;
	enum pe_status st;

	memset(m, 0, sizeof *m);
	memset(t, 0, sizeof *t);
	m->scheme = scheme;
	if (!scheme->ops->profile && !scheme->ops->score)
		return out_fail(err, "the %s scheme has no score as a function of distance",
		                scheme->ops->name);
	m->n_pos = o->n_pos;
	if (!scheme->ops->profile && !(o->max_dist <= (double)o->n_pos - 1.0))
		return out_fail(err, "--max-dist %.17g reaches past the table's %zu positions: at most %zu",
		                o->max_dist, o->n_pos, o->n_pos - 1);
	/* xPos: the key r positions before the query, where its scale decays */
	m->sign = scheme->cfg.kind == PE_SCHEME_XPOS ? -1.0 : 1.0;
	m->bound = scheme->cfg.kind == PE_SCHEME_ROPE;
	m->normalize = o->normalize;
	st = pe_decay_grid_init(&m->grid, o->max_dist, o->step, o->log, o->points);
	if (st != PE_OK)
		return out_fail(err, "cannot lay out the distances: %s", pe_status_str(st));
	if (o->samples) {
		if (!rotary)
			return out_fail(err, "random q and k need a rotary scheme");
		st = pe_decay_samples_init(&m->samples, scheme, o->samples, o->seed);
		if (st != PE_OK)
			return out_fail(err, "cannot draw %zu samples: %s", o->samples,
			                pe_status_str(st));
		m->has_samples = 1;
	}
	m->cols[m->n_cols++] = D_DIST;
	m->cols[m->n_cols++] = D_DOT;
	if (m->bound)
		m->cols[m->n_cols++] = D_BOUND;
	if (m->has_samples) {
		m->cols[m->n_cols++] = D_MEAN;
		m->cols[m->n_cols++] = D_STD;
	}
	for (size_t j = 0; j < m->n_cols; j++)
		m->names[j] = decay_cols[m->cols[j]];
	if (m->normalize) {
		double all[D_ALL];
		if (decay_values(m, 0.0, all, err) != 0) {
			src_decay_free(m);
			return -1;
		}
		m->norm[D_DOT] = all[D_DOT];
		m->norm[D_BOUND] = all[D_BOUND];
		/* the mean score at distance 0 is near 0: scale by the spread */
		m->norm[D_MEAN] = m->norm[D_STD] = all[D_STD];
		for (size_t j = 1; j < m->n_cols; j++)
			if (!(m->norm[m->cols[j]] != 0.0) || !isfinite(m->norm[m->cols[j]])) {
				out_fail(err, "cannot normalise %s: its divisor at distance 0 is %g",
				         decay_cols[m->cols[j]], m->norm[m->cols[j]]);
				src_decay_free(m);
				return -1;
			}
	}
	t->n_rows = m->grid.n_points;
	t->n_cols = m->n_cols;
	t->n_index = 1;
	t->col_names = m->names;
	t->fill_row = decay_fill;
	if (m->bound && !m->has_samples) {
		/* errors near 1e-12 for d = 128: of 10^6 distances 3 rows stay
		 * unsettled at 6 digits, 9495 at 10, 71144 at 11 (a one-off
		 * count over every row); beyond 10 too many are computed twice */
		t->fill_draft = decay_draft;
		t->draft_digits = 10;
	}
	t->ctx = m;
	/* the sampled q and k share one scratch row: one thread */
	t->parallel = !m->has_samples;
	return 0;
}

void src_decay_free(struct src_decay *m)
{
	pe_decay_samples_free(&m->samples);
	memset(m, 0, sizeof *m);
}

/* ---- aligned text table (check on a terminal) ---- */

int write_aligned(FILE *fp, struct table_src *t, int digits, struct out_err *err)
{
	enum { CELL = 2 * FMT_BUF };
	size_t n = t->n_rows * t->n_cols, *width;
	char *cells;
	double *row;
	int rc = -1;

	cells = calloc(n ? n : 1, CELL);
	width = calloc(t->n_cols, sizeof *width);
	row = malloc(t->n_cols * sizeof *row);
	if (!cells || !width || !row) {
		out_fail(err, "out of memory for a table of %zu cells", n);
		goto out;
	}
	for (size_t j = 0; j < t->n_cols; j++)
		width[j] = strlen(t->col_names[j]);
	for (size_t i = 0; i < t->n_rows; i++) {
		if (t->fill_row(t->ctx, i, row, err) != 0)
			goto out;
		for (size_t j = 0; j < t->n_cols; j++) {
			char *c = cells + (i * t->n_cols + j) * CELL;
			const char *text = t->cell_text ? t->cell_text(t->ctx, i, j, row) : NULL;
			size_t len;

			if (text)
				snprintf(c, CELL, "%s", text);
			else
				fmt_double(c, row[j], j < t->n_index ? 0 : digits);
			len = strlen(c);
			if (len > width[j])
				width[j] = len;
		}
	}
	for (size_t j = 0; j < t->n_cols; j++)
		fprintf(fp, "%-*s%s", (int)width[j], t->col_names[j], j + 1 < t->n_cols ? "  " : "\n");
	for (size_t i = 0; i < t->n_rows; i++)
		for (size_t j = 0; j < t->n_cols; j++)
			fprintf(fp, "%-*s%s", j + 1 < t->n_cols ? (int)width[j] : 0,
			        cells + (i * t->n_cols + j) * CELL, j + 1 < t->n_cols ? "  " : "\n");
	if (ferror(fp)) {
		out_fail(err, "write error");
		goto out;
	}
	rc = 0;
out:
	free(cells);
	free(width);
	free(row);
	return rc;
}

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

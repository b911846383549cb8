/*
 * axes.c - positions with several axes: points (a grid, or the tokens of a
 * mixed text and image sequence), the row and score of a scheme at a
 * point, the uniqueness of codes over a grid, and the --axis direction the
 * analyses of one distance walk.
 *
 * The token positions are Qwen2-VL's (transformers,
 * src/transformers/models/qwen2_vl/modeling_qwen2_vl.py,
 * Qwen2VLModel.get_rope_index), which Qwen2.5-VL and Qwen3-VL keep for
 * images: text takes st_idx + arange(text_len) on every axis, an image
 * stack([t_index, h_index, w_index]) + text_len + st_idx, and st_idx is
 * llm_pos_ids_list[-1].max() + 1.  Left out: Qwen2.5-VL's video time
 * scale (second_per_grid_t * tokens_per_second; a video here steps one
 * position per frame grid, as Qwen2-VL does) and Qwen3-VL's timestamps.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

const char *pe_axis_name(size_t a)
{
	static const char *const names[PE_AXES_MAX] = { "t", "h", "w" };

	return a < PE_AXES_MAX ? names[a] : "?";
}

enum pe_status pe_axes_direction(double *dir, int axis, size_t n_axes)
{
	for (size_t a = 0; a < PE_AXES_MAX; a++)
		dir[a] = axis == PE_AXIS_DIAGONAL || axis == (int)a + PE_AXIS_T ? 1.0 : 0.0;
	if (axis == PE_AXIS_T && n_axes < 3)
		return PE_EINVAL;   /* no time axis */
	if (axis < PE_AXIS_DIAGONAL || axis > PE_AXIS_W)
		return PE_EINVAL;
	return PE_OK;
}

enum pe_status pe_axes_init(struct pe_scheme *s, size_t n_axes)
{
	enum pe_status st = pe_axes_direction(s->dir, s->cfg.axes.dir, n_axes);

	if (st != PE_OK)
		return st;
	s->n_axes = n_axes;
	s->axis_of = malloc(s->n_freq);
	s->inv_freq_axes = malloc(s->n_freq * sizeof *s->inv_freq_axes);
	return s->axis_of && s->inv_freq_axes ? PE_OK : PE_ENOMEM;
}

/* ---- points ---- */

static enum pe_status points_alloc(struct pe_points *pts, size_t n)
{
	memset(pts, 0, sizeof *pts);
	if (n == 0 || n > PE_POINTS_MAX)
		return PE_EINVAL;
	pts->thw = malloc(3 * n * sizeof *pts->thw);
	pts->image = calloc(n, 1);
	if (!pts->thw || !pts->image) {
		pe_points_free(pts);
		return PE_ENOMEM;
	}
	pts->n = n;
	return PE_OK;
}

void pe_points_free(struct pe_points *pts)
{
	free(pts->thw);
	free(pts->image);
	memset(pts, 0, sizeof *pts);
}

/* a * b * c, or 0 when it passes PE_POINTS_MAX */
static size_t count3(size_t a, size_t b, size_t c)
{
	if (a == 0 || b == 0 || c == 0)
		return 0;
	if (a > PE_POINTS_MAX / b || a * b > PE_POINTS_MAX / c)
		return PE_POINTS_MAX + (size_t)1;
	return a * b * c;
}

enum pe_status pe_points_grid(struct pe_points *pts, size_t t, size_t h, size_t w)
{
	size_t n = count3(t, h, w), k = 0;
	enum pe_status st = points_alloc(pts, n);

	if (st != PE_OK)
		return st;
	for (size_t i = 0; i < t; i++)
		for (size_t j = 0; j < h; j++)
			for (size_t l = 0; l < w; l++, k++) {
				pts->thw[3 * k] = (double)i;
				pts->thw[3 * k + 1] = (double)j;
				pts->thw[3 * k + 2] = (double)l;
				pts->image[k] = 1;
			}
	pts->shape[0] = t;
	pts->shape[1] = h;
	pts->shape[2] = w;
	return PE_OK;
}

enum pe_status pe_points_tokens(struct pe_points *pts, const struct pe_token_span *spans,
                                size_t n_spans)
{
	size_t n = 0, k = 0;
	double next = 0.0;   /* st_idx: the position the next text token takes */
	enum pe_status st;

	memset(pts, 0, sizeof *pts);
	for (size_t s = 0; s < n_spans; s++) {
		size_t m = spans[s].image ? count3(spans[s].t, spans[s].h, spans[s].w) : spans[s].n;

		if (m == 0 || m > PE_POINTS_MAX - n)
			return PE_EINVAL;
		n += m;
	}
	st = points_alloc(pts, n);
	if (st != PE_OK)
		return st;
	for (size_t s = 0; s < n_spans; s++) {
		const struct pe_token_span *sp = &spans[s];
		double top = next;   /* the largest position used, plus one */

		if (!sp->image) {
			for (size_t i = 0; i < sp->n; i++, k++)
				for (int a = 0; a < 3; a++)
					pts->thw[3 * k + a] = next + (double)i;
			next += (double)sp->n;
			continue;
		}
		for (size_t i = 0; i < sp->t; i++)
			for (size_t j = 0; j < sp->h; j++)
				for (size_t l = 0; l < sp->w; l++, k++) {
					pts->thw[3 * k] = next + (double)i;
					pts->thw[3 * k + 1] = next + (double)j;
					pts->thw[3 * k + 2] = next + (double)l;
					pts->image[k] = 1;
					for (int a = 0; a < 3; a++)
						if (pts->thw[3 * k + a] + 1.0 > top)
							top = pts->thw[3 * k + a] + 1.0;
				}
		next = top;
	}
	return PE_OK;
}

/* ---- a scheme at a point ---- */

enum pe_status pe_scheme_row_at(const struct pe_scheme *s, double *out,
                                const struct pe_points *pts, size_t k)
{
	if (k >= pts->n)
		return PE_EINVAL;
	if (s->ops->row_at) {
		s->ops->row_at(s, out, pts->thw + 3 * k);
		return PE_OK;
	}
	return pe_scheme_row(s, out, (double)k);
}

enum pe_status pe_scheme_score_at(const struct pe_scheme *s, double *out,
                                  const struct pe_points *pts, size_t m, size_t n)
{
	if (m >= pts->n || n >= pts->n)
		return PE_EINVAL;
	if (!s->ops->score_at)
		return pe_scheme_score(s, out, (double)m, (double)n);
	*out = s->ops->score_at(s, pts->thw + 3 * m, pts->thw + 3 * n);
	return isfinite(*out) ? PE_OK : PE_ERANGE;
}

/* ---- uniqueness over a grid ---- */

/*
 * ||c(P + D) - c(P)|| for displacement D (dt, dh, dw), the same for every
 * P: 2 a sqrt(sum_i sin^2(D[axis_of[i]] theta_i / 2)), the closed form of
 * props.c with each pair's own axis (a the attention factor of a rotation,
 * 1 for a sinusoidal code).
 */
static double grid_dist(const struct pe_scheme *s, const double *disp)
{
	double a = s->ops->traits & PE_TRAIT_ROTARY ? s->attention_factor : 1.0;
	double sum = 0.0;

	for (size_t i = 0; i < s->n_freq; i++) {
		double h = sin(0.5 * disp[s->axis_of[i]] * s->inv_freq_axes[i]);

		sum += h * h;
	}
	return 2.0 * fabs(a) * sqrt(sum);
}

enum pe_status pe_props_grid_min_distance(double *min_dist, size_t *at_i, size_t *at_j,
                                          const struct pe_scheme *s,
                                          const struct pe_points *pts)
{
	const size_t *sh = pts->shape;
	double best = INFINITY;
	size_t bi = 0, bj = 1;

	if (pts->n < 2)
		return PE_EINVAL;
	if (!s->axis_of)
		return pe_props_min_distance(min_dist, at_i, at_j, s, pts->n, PE_PROPS_AUTO);
	if (sh[0] == 0)
		return PE_EINVAL;   /* not a grid */
	/* every displacement D with 0 <= D in raster order, D != 0: the
	 * pair (0, D) if D >= 0 on each axis, else the pair that reaches it */
	for (size_t i = 0; i < sh[0]; i++)
		for (long j = -(long)sh[1] + 1; j < (long)sh[1]; j++)
			for (long l = -(long)sh[2] + 1; l < (long)sh[2]; l++) {
				double disp[3] = { (double)i, (double)j, (double)l }, d;

				if (i == 0 && (j < 0 || (j == 0 && l <= 0)))
					continue;   /* counted as -D */
				d = grid_dist(s, disp);
				if (!isfinite(d))
					return PE_ERANGE;
				if (d < best) {
					/* the points P = (0, max(0,-j), max(0,-l)), P + D */
					size_t h0 = j < 0 ? (size_t)(-j) : 0, w0 = l < 0 ? (size_t)(-l) : 0;

					best = d;
					bi = h0 * sh[2] + w0;
					bj = (i * sh[1] + (size_t)((long)h0 + j)) * sh[2] + (size_t)((long)w0 + l);
				}
			}
	*min_dist = best;
	*at_i = bi < bj ? bi : bj;
	*at_j = bi < bj ? bj : bi;
	return PE_OK;
}

/* ---- the shared option ---- */

static const char *const axis_names[] = { "diagonal", "t", "h", "w", NULL };
static const int axis_values[] = { PE_AXIS_DIAGONAL, PE_AXIS_T, PE_AXIS_H, PE_AXIS_W };

const struct pe_opt pe_opt_axis = {
	.name = "axis", .arg = "NAME", .type = PE_OPT_CHOICE,
	.choices = axis_names, .values = axis_values,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, axes.dir),
	.def = PE_AXIS_DIAGONAL, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "the line a distance walks: diagonal (%D: every axis, as a text\n"
	        "token moves), t, h or w",
};

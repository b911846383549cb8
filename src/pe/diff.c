/*
 * diff.c - two encodings side by side: are they the same, the same pairs
 * in another order, the same scheme with changed frequencies, or different
 * schemes?
 *
 * A rotary or sinusoidal encoding is its frequencies theta_i (one per
 * pair), its attention factor, and how its pairs sit in the head: the
 * pairing of RoPE (interleaved [x0 y0 x1 y1 ..] as Meta's llama and GPT-J,
 * half [x0 x1 .. | y0 y1 ..] as Hugging Face's and GPT-NeoX), the layout of
 * the sinusoidal code (interleaved or concat) and which of sin and cos comes
 * first.  Two encodings with equal frequencies that only place the pairs
 * differently compute the same scores once the dimensions are permuted:
 * that is what converting a checkpoint between pairings does
 * (transformers' convert_llama_weights_to_hf.py `permute`).
 *
 * Left out: schemes without frequencies (ALiBi, T5, learned tables, NoPE)
 * are compared by kind only.
 *
 * Legend: i pair index, F = n_freq, theta_i inv_freq[i] of A, phi_i of B,
 * rtol the relative tolerance, c the component of a pair (0 the first of
 * the two, x or sin; 1 the second).
 */
#include <math.h>
#include <stddef.h>

#include "pe/pe.h"

int pe_diff_changed(double theta, double phi, double rtol)
{
	/* |theta - phi| <= rtol max(|theta|, |phi|), false for NaN */
	return !(fabs(theta - phi) <= rtol * fmax(fabs(theta), fabs(phi)));
}

/* Where component c of pair i sits in the head of s, or n_dim for a
 * scheme without a placement of its own. */
static size_t column_of(const struct pe_scheme *s, size_t i, size_t c)
{
	size_t n_freq = s->n_freq;

	if (s->ops->traits & PE_TRAIT_ROTARY)
		return s->cfg.rope.pairing == PE_ROPE_PAIRING_HALF ? c * n_freq + i : 2 * i + c;
	if (s->cfg.kind == PE_SCHEME_SINUSOIDAL) {
		size_t k = s->cfg.flip ? 1 - c : c;
		return s->cfg.layout == PE_LAYOUT_CONCAT ? k * n_freq + i : 2 * i + k;
	}
	return 2 * i + c;
}

size_t pe_diff_width(const struct pe_scheme *s)
{
	if (s->ops->traits & PE_TRAIT_ROTARY)
		return s->cfg.n_dim;
	return 2 * s->n_freq;
}

void pe_diff_perm(size_t *perm, const struct pe_scheme *a, const struct pe_scheme *b)
{
	size_t n = pe_diff_width(b);

	for (size_t j = 0; j < n; j++)
		perm[j] = j;   /* dims past the rotated ones stay */
	for (size_t i = 0; i < b->n_freq && i < a->n_freq; i++)
		for (size_t c = 0; c < 2; c++)
			perm[column_of(b, i, c)] = column_of(a, i, c);
}

/* Whether the pairs of a and b sit in the same places. */
static int same_places(const struct pe_scheme *a, const struct pe_scheme *b)
{
	for (size_t i = 0; i < a->n_freq; i++)
		for (size_t c = 0; c < 2; c++)
			if (column_of(a, i, c) != column_of(b, i, c))
				return 0;
	return 1;
}

/* Why a and b are different schemes, or NULL when they compare pair by
 * pair. */
static const char *schemes_differ(const struct pe_scheme *a, const struct pe_scheme *b)
{
	if (a->ops != b->ops)
		return "different schemes";
	if (a->n_freq != b->n_freq)
		return "different numbers of pairs";
	if (pe_diff_width(a) != pe_diff_width(b))
		return "different head dimensions";
	if ((a->axis_of == NULL) != (b->axis_of == NULL))
		return "different axes";
	return NULL;
}

/* Pair i changed: its frequency, its axis, or its xPos scale. */
static int pair_changed(const struct pe_scheme *a, const struct pe_scheme *b, size_t i,
                        double rtol)
{
	if (pe_diff_changed(a->inv_freq[i], b->inv_freq[i], rtol))
		return 1;
	if (a->axis_of && (a->axis_of[i] != b->axis_of[i]
	                   || pe_diff_changed(a->inv_freq_axes[i], b->inv_freq_axes[i], rtol)))
		return 1;
	return a->zeta && b->zeta && pe_diff_changed(a->zeta[i], b->zeta[i], rtol);
}

enum pe_status pe_diff_schemes(struct pe_diff *out, const struct pe_scheme *a,
                               const struct pe_scheme *b, double rtol)
{
	*out = (struct pe_diff){ .verdict = PE_DIFF_IDENTICAL, .min_ratio = NAN,
	                         .max_ratio = NAN };
	if (!isfinite(rtol) || rtol < 0.0)
		return PE_EINVAL;
	out->why = schemes_differ(a, b);
	out->n_pairs = a->n_freq < b->n_freq ? a->n_freq : b->n_freq;
	if (out->why && a->ops != b->ops) {
		out->verdict = PE_DIFF_SCHEMES;
		return PE_OK;
	}
	if (!a->inv_freq || !b->inv_freq)
		return PE_ENOTSUP;
	if (out->why) {
		out->verdict = PE_DIFF_SCHEMES;
		return PE_OK;
	}
	for (size_t i = 0; i < out->n_pairs; i++) {
		double ratio = a->inv_freq[i] / b->inv_freq[i];

		if (!pair_changed(a, b, i, rtol))
			continue;
		if (out->n_changed++ == 0)
			out->first_changed = i;
		out->last_changed = i;
		if (!(ratio >= out->min_ratio))   /* NaN at first */
			out->min_ratio = ratio;
		if (!(ratio <= out->max_ratio))
			out->max_ratio = ratio;
	}
	out->attention_changed = pe_diff_changed(a->attention_factor, b->attention_factor, rtol);
	out->moved = !same_places(a, b);
	if (out->n_changed || out->attention_changed)
		out->verdict = PE_DIFF_CHANGED;
	else if (out->moved)
		out->verdict = PE_DIFF_PERMUTATION;
	return PE_OK;
}

const char *pe_diff_verdict_name(enum pe_diff_verdict v)
{
	switch (v) {
	case PE_DIFF_IDENTICAL: return "identical";
	case PE_DIFF_PERMUTATION: return "permutation";
	case PE_DIFF_CHANGED: return "frequencies changed";
	case PE_DIFF_SCHEMES: return "different schemes";
	}
	return "?";
}

/*
 * learned.c - learned absolute position tables (GPT-2 wpe, BERT
 * position_embeddings): row p of an (n_pos, n_dim) matrix is the code of
 * position p, and the score of two positions is the dot product of their
 * rows.  An untrained table is drawn as GPT-2 initialises wpe: normal with
 * mean 0 and std initializer_range (0.02).
 *
 * Left out: the scheme ops (the lead wires these functions into struct
 * pe_scheme_ops once struct pe_scheme_cfg can carry a table; see pe.h),
 * reading files (src/read/npy.c, src/read/csvread.c).
 *
 * Legend: p, m, n positions (rows), j dimension (column), d = n_dim.
 */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"

enum pe_status pe_learned_init_normal(struct pe_learned *t, size_t n_pos,
                                      size_t n_dim, uint64_t seed, double std)
{
	struct pe_rng rng;
	size_t n;

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	if (n_pos < 1 || n_dim < 1 || n_dim > PE_LEARNED_VALUES_MAX / n_pos)
		return PE_EINVAL;
	if (!isfinite(std) || !(std > 0))
		return PE_EINVAL;
	n = n_pos * n_dim;
	t->data = malloc(n * sizeof *t->data);
	if (!t->data)
		return PE_ENOMEM;
	pe_rng_init(&rng, seed);
	pe_rng_fill_normal(t->data, &rng, n);
	for (size_t k = 0; k < n; k++)
		t->data[k] *= std;
	t->n_pos = n_pos;
	t->n_dim = n_dim;
	return PE_OK;
}

void pe_learned_free(struct pe_learned *t)
{
	free(t->data);
	t->data = NULL;
	t->n_pos = 0;
	t->n_dim = 0;
}

void pe_learned_row(double *out, const struct pe_learned *t, size_t p)
{
	assert(t->data && p < t->n_pos);
	memcpy(out, t->data + p * t->n_dim, t->n_dim * sizeof *out);
}

double pe_learned_score(const struct pe_learned *t, size_t m, size_t n)
{
	const double *a, *b;
	double sum = 0.0;

	assert(t->data && m < t->n_pos && n < t->n_pos);
	a = t->data + m * t->n_dim;
	b = t->data + n * t->n_dim;
	for (size_t j = 0; j < t->n_dim; j++)
		sum += a[j] * b[j];
	return sum;
}

/* ---- scheme operations (the scheme seam) ---- */

static enum pe_status learned_init(struct pe_scheme *s)
{
	const struct pe_learned *t = s->cfg.learned;

	if (!t || !t->data || t->n_pos == 0 || t->n_dim == 0)
		return PE_EINVAL;
	if (s->cfg.table != PE_TABLE_CODE)
		return PE_EINVAL;
	s->cfg.n_dim = t->n_dim;
	s->n_row = t->n_dim;
	s->has_range = 0;   /* whatever the table holds: writers measure it */
	return PE_OK;
}

static void learned_row_op(const struct pe_scheme *s, double *out, double p)
{
	pe_learned_row(out, s->cfg.learned, (size_t)p);
}

static double learned_score_op(const struct pe_scheme *s, double m, double n)
{
	return pe_learned_score(s->cfg.learned, (size_t)m, (size_t)n);
}

/* ---- options: the table is read or drawn by the CLI (src/read/read.h) ---- */

const struct pe_opt pe_opt_from = {
	.name = "from", .arg = "FILE", .type = PE_OPT_FILE, .lo = 1, .def = NAN,
	.cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_PICKS,
	.help = "learned: read the (positions, d) table from a .npy or CSV file, '-' stdin",
};

static const char *const init_names[] = { "normal", NULL };

const struct pe_opt pe_opt_init = {
	.name = "init", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = init_names,
	.def = NAN, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_SCHEME, .flags = PE_OPTF_PICKS,
	.help = "learned: an untrained table instead: normal (std 0.02, seeded by --seed)",
};

static const struct pe_opt *const learned_opts[] = { &pe_opt_d, &pe_opt_from, &pe_opt_init, NULL };

/* The table's rows as a config states them (the weights hold the values):
 * max_position_embeddings (BERT, OPT, RoBERTa), n_positions (GPT-2). */
static const struct pe_cfg_field learned_fields[] = {
	{ "max_position_embeddings", NULL, PE_CFG_VALUE, "the table's rows" },
	{ "n_positions", NULL, PE_CFG_VALUE, "GPT-2: the table's rows" },
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};

const struct pe_scheme_ops pe_learned_ops = {
	.name = "learned",
	.init = learned_init,
	.row = learned_row_op,
	.profile = NULL,   /* a trained table is not translation-invariant */
	.score = learned_score_op,
	.traits = 0,
	.n_dim_default = 512,   /* --init normal: GPT-2's d_model is 768; 512 as sinusoidal */
	.table_default = PE_TABLE_CODE,
	.adds = "code",
	.description = "a learned table of one code per position (GPT-2 wpe), from a file or random",
	.opts = learned_opts,
	.fields = learned_fields,
};

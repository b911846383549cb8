/*
 * nope.c - no positional encoding at all: the baseline against which the
 * others are measured.  Every position's code is the zero vector, so no
 * two positions can be told apart (check's uniqueness fails, as it
 * should), and every score between positions is 0.
 */
#include <string.h>

#include "pe/pe.h"

static enum pe_status nope_init(struct pe_scheme *s)
{
	size_t d = s->cfg.n_dim;

	if (d < PE_DIM_MIN || d > PE_DIM_MAX || d % 2 != 0)
		return PE_EINVAL;
	if (s->cfg.table != PE_TABLE_CODE)
		return PE_EINVAL;
	s->n_row = d;
	s->has_range = 1;   /* all zeros */
	s->lo = 0.0;
	s->hi = 0.0;
	return PE_OK;
}

static void nope_row(const struct pe_scheme *s, double *out, double p)
{
	(void)p;
	memset(out, 0, s->n_row * sizeof *out);
}

static double nope_zero(const struct pe_scheme *s, double r)
{
	(void)s;
	(void)r;
	return 0.0;
}

static double nope_score(const struct pe_scheme *s, double m, double n)
{
	(void)s;
	(void)m;
	(void)n;
	return 0.0;
}

static const struct pe_opt *const nope_opts[] = { &pe_opt_d, NULL };

const struct pe_scheme_ops pe_nope_ops = {
	.name = "nope",
	.init = nope_init,
	.row = nope_row,
	.profile = nope_zero,
	.score = nope_score,
	.traits = 0,
	.n_dim_default = 512,
	.table_default = PE_TABLE_CODE,
	.adds = "nothing",
	.description = "no positional information: the baseline on which check fails",
	.opts = nope_opts,
};

/*
 * alibi.c - Attention with Linear Biases (Press, Smith and Lewis 2022,
 * "Train Short, Test Long", arXiv:2108.12409, section 3): no code is added
 * to the embeddings; head h adds to the score of query i and key j the bias
 *
 *   -m_h (i - j),   j <= i     (keys after the query are masked, causal)
 *
 * with a fixed head-specific slope m_h.  The slopes are those of get_slopes
 * in the reference code, github ofirpress/attention_with_linear_biases,
 * fairseq/models/transformer.py (TransformerDecoder.__init__):
 *
 *   n a power of two:  start = 2**(-2**-(log2(n)-3)) = 2^(-8/n),
 *                      ratio = start, slopes = [start * ratio**h, h < n]
 *                      so m_h = 2^(-8(h+1)/n)
 *   otherwise:         c = 2**floor(log2(n));
 *                      get_slopes(c) + get_slopes(2c)[0::2][:n-c]
 *                      so m_h = 2^(-8(h+1)/c) for h < c and
 *                      m_{c+k} = 2^(-8(2k+1)/(2c)) for k < n-c
 *
 * The slope is formed directly as exp2 of the exponent (a dyadic rational,
 * exact in double), not as start * ratio**h: the reference's product
 * carries the rounding of ratio h times (for 16 heads start * ratio =
 * 0.5000000000000001, not 2^-1; up to 6 ulp at 16 heads, 10 at 32, 90 at
 * 256, measured against Python's get_slopes); pecli computes the intended
 * value, correctly rounded up to libm's exp2.
 *
 * The reference adds m_h * j (a row that grows with the key) and relies on
 * softmax being invariant to a per-query constant; -m_h (i - j) is the
 * paper's form (Figure 3) and differs from it by m_h i in each row.
 * Left out: the bidirectional / symmetric variants (-m |i - j|) some
 * encoders use, and trainable slopes.
 *
 * Legend: h head, n n_heads, m_h = slope, i query position, j key position.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "pe/pe.h"

enum pe_status pe_alibi_slopes(double *slopes, size_t n_heads)
{
	size_t c = 1;

	if (n_heads < 1 || n_heads > PE_ALIBI_HEADS_MAX)
		return PE_EINVAL;
	while (2 * c <= n_heads)   /* c = 2^floor(log2 n) */
		c *= 2;
	for (size_t h = 0; h < c; h++)
		slopes[h] = exp2(-8.0 * (double)(h + 1) / (double)c);
	/* get_slopes(2c)[0::2]: every other slope of 2c heads, from the first */
	for (size_t k = 0; k < n_heads - c; k++)
		slopes[c + k] = exp2(-8.0 * (double)(2 * k + 1) / (double)(2 * c));
	return PE_OK;
}

double pe_alibi_bias(double slope, double i, double j)
{
	if (j > i)
		return NAN;   /* masked: the key comes after the query */
	return slope * (j - i);   /* -m (i - j), with +0 (not -0) on the diagonal */
}

/* ---- the scheme (the seam of pe.h) ---- */

static enum pe_status alibi_init(struct pe_scheme *s)
{
	const struct pe_bias_cfg *b = &s->cfg.bias;
	enum pe_status st;

	if (b->n_heads < 1 || b->n_heads > PE_ALIBI_HEADS_MAX || b->head >= b->n_heads)
		return PE_EINVAL;
	s->slopes = malloc(b->n_heads * sizeof *s->slopes);
	if (!s->slopes)
		return PE_ENOMEM;
	st = pe_alibi_slopes(s->slopes, b->n_heads);
	if (st != PE_OK)
		return st;
	s->n_heads = b->n_heads;
	s->n_row = 0;
	s->cfg.n_dim = 0;
	return PE_OK;
}

static double alibi_bias(const struct pe_scheme *s, size_t h, double m, double n)
{
	return pe_alibi_bias(s->slopes[h], m, n);
}

static double alibi_score(const struct pe_scheme *s, double m, double n)
{
	return pe_alibi_bias(s->slopes[s->cfg.bias.head], m, n);
}

/* score(p, p + r): -m_h (-r) = m_h r for r <= 0, masked for r > 0 */
static double alibi_profile(const struct pe_scheme *s, double r)
{
	return pe_alibi_bias(s->slopes[s->cfg.bias.head], 0.0, r);
}

/* ---- options ---- */

static const struct pe_opt opt_heads = {
	.name = "heads", .arg = "H", .type = PE_OPT_INT, .lo = 1, .hi = PE_ALIBI_HEADS_MAX,
	.field = PE_FIELD_SIZE, .offset = offsetof(struct pe_scheme_cfg, bias.n_heads),
	.def = PE_ALIBI_HEADS_DEFAULT, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_BIAS,
	.help = "alibi: number of heads: an integer in [1, 1024] (default %D)",
};

/* alibi and t5 (t5.c lists it too) */
const struct pe_opt pe_opt_head = {
	.name = "head", .arg = "H", .type = PE_OPT_INT, .lo = 0, .hi = PE_ALIBI_HEADS_MAX - 1,
	.field = PE_FIELD_SIZE, .offset = offsetof(struct pe_scheme_cfg, bias.head),
	.def = NAN, .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_BIAS,
	.help = "show head H only, in [0, heads-1] (default: every head, side by side)",
};

static const struct pe_opt *const alibi_opts[] = { &opt_heads, &pe_opt_head, NULL };

/* A model's heads, under the names its config uses (the first present):
 * BloomConfig n_head, MPT's n_heads, Baichuan's num_attention_heads. */
static const struct pe_cfg_field alibi_fields[] = {
	{ "n_head", &opt_heads, PE_CFG_VALUE, "BLOOM" },
	{ "n_heads", &opt_heads, PE_CFG_VALUE, "MPT" },
	{ "num_attention_heads", &opt_heads, PE_CFG_VALUE, "Baichuan-13B" },
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};

const struct pe_scheme_ops pe_alibi_ops = {
	.name = "alibi",
	.init = alibi_init,
	.row = NULL,
	.profile = alibi_profile,
	.score = alibi_score,
	.bias = alibi_bias,
	.traits = PE_TRAIT_MASKED,
	.n_dim_default = 0,   /* no code */
	.table_default = PE_TABLE_CODE,
	.adds = "bias",
	.description = "-m (i - j) per head, slopes m = 2^(-8k/H) for k = 1..H, keys after the query masked (Press et al. 2022)",
	.opts = alibi_opts,
	.fields = alibi_fields,
};

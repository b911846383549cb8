/*
 * t5.c - the relative position buckets of T5 (Raffel et al. 2020,
 * "Exploring the Limits of Transfer Learning with a Unified Text-to-Text
 * Transformer", JMLR 21(140), section 2.1): each head adds a learned scalar
 * per bucket of the relative position r = key - query (memory_position -
 * context_position).  Only the bucketing is fixed, and that is what lives
 * here; the learned per-bucket values are a model's weights.
 *
 * References, which agree:
 *   mesh_tensorflow/transformer/transformer_layers.py, _relative_position_bucket
 *     (github tensorflow/mesh; works on n = -r)
 *   src/transformers/models/t5/modeling_t5.py,
 *     T5Attention._relative_position_bucket (Hugging Face transformers,
 *     "Adapted from Mesh Tensorflow")
 *
 *   bidirectional: B = B / 2; bucket = (r > 0) B; a = |r|
 *   causal:        bucket = 0;           a = -min(r, 0)   (r > 0 -> a = 0)
 *   E = B / 2 (max_exact)
 *   a < E:  bucket += a
 *   else:   bucket += min(E + trunc(log(a / E) / log(D / E) (B - E)), B - 1)
 *
 * (integer division by 2; D = max_distance).  HF computes the log branch in
 * float32 (relative_position.float(); the Python scalars math.log(D / E)
 * and B - E meet a float32 tensor and are cast to float32) and truncates
 * toward zero with .to(torch.long); mesh_tensorflow uses to_float (float32)
 * and to_int32 the same way.  pe_t5_bucket repeats those float32 steps:
 * each is assigned to a float, which rounds it to float32 whatever the
 * evaluation method (C11 5.2.4.2.2p9; GCC -std=c11 implies
 * -fexcess-precision=standard and -ffp-contract=off, so no fused
 * multiply-add either); logf is glibc's, torch's CPU log may differ in the
 * last bit.  pe_t5_bucket_f64 does the same steps in double.
 *
 * Does float32 matter?  Not for any setting measured: the two agree on
 * every r in [-200, 200] and far beyond with the T5 defaults (32, 128)
 * (tests/check_t5.c checks [-5000, 5000]; every a >= D is the last bucket
 * either way), and a float32 emulation of HF's function (Python,
 * struct.pack('f') after each step) agreed with double for 8 .. 320
 * buckets, D from 16 to 4096, |r| <= 3D.  The delicate cells are those
 * where log(a/E) / log(D/E) (B - E) is an integer in exact arithmetic
 * (bidirectional defaults: a = 16, 32, 64, buckets 10, 12, 14 of a half);
 * float32 and double both land on the integer there.  Another float32
 * evaluation order can miss: dividing by multiplying with float32
 * reciprocals gives 27 instead of 28 at B = 32, D = 800, r = 80.
 *
 * Legend: r relative position, a distance, B num_buckets, E max_exact,
 * D max_distance.
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>

#include "pe/pe.h"

/* PE_OK if the log branch is defined: E >= 1 and D > E (see pe.h). */
enum pe_status pe_t5_check(int bidirectional, int num_buckets, int max_distance)
{
	int half = bidirectional ? num_buckets / 2 : num_buckets;

	if (num_buckets < 2 || num_buckets > PE_T5_BUCKETS_MAX)
		return PE_EINVAL;
	if (half / 2 < 1)   /* E = 0: log(a / 0) */
		return PE_EINVAL;
	if (max_distance <= half / 2 || max_distance > PE_T5_DISTANCE_MAX)
		return PE_EINVAL;   /* D <= E: log(D / E) <= 0 */
	return PE_OK;
}

/* Steps shared by both precisions: the sign half and the distance a. */
static int t5_split(long r, int bidirectional, int *n_buckets, double *a)
{
	int bucket = 0;
	/* |r| without overflow at LONG_MIN (torch.abs would wrap there) */
	unsigned long mag = r < 0 ? 0UL - (unsigned long)r : (unsigned long)r;

	if (bidirectional) {
		*n_buckets /= 2;
		if (r > 0)
			bucket = *n_buckets;
		*a = (double)mag;
	} else {
		*a = r < 0 ? (double)mag : 0.0;
	}
	return bucket;
}

int pe_t5_bucket(long relative_position, int bidirectional, int num_buckets,
                 int max_distance)
{
	int B = num_buckets, E, bucket;
	double a;
	float x, l, q, v;

	if (pe_t5_check(bidirectional, num_buckets, max_distance) != PE_OK)
		return -1;
	bucket = t5_split(relative_position, bidirectional, &B, &a);
	E = B / 2;
	if (a < (double)E)
		return bucket + (int)a;
	/* float32, one rounding per step as torch does it */
	x = (float)a / (float)E;
	l = logf(x);
	q = l / (float)log((double)max_distance / (double)E);
	v = q * (float)(B - E);
	if (v > (float)(B - 1 - E))   /* the cap, before a cast could overflow */
		return bucket + B - 1;
	return bucket + E + (int)v;   /* .to(torch.long): toward zero, v >= 0 */
}

int pe_t5_bucket_f64(long relative_position, int bidirectional, int num_buckets,
                     int max_distance)
{
	int B = num_buckets, E, bucket;
	double a, v;

	if (pe_t5_check(bidirectional, num_buckets, max_distance) != PE_OK)
		return -1;
	bucket = t5_split(relative_position, bidirectional, &B, &a);
	E = B / 2;
	if (a < (double)E)
		return bucket + (int)a;
	v = log(a / (double)E) / log((double)max_distance / (double)E) * (double)(B - E);
	if (v > (double)(B - 1 - E))   /* the cap, before a cast could overflow */
		return bucket + B - 1;
	return bucket + E + (int)v;
}

/* ---- which relative positions share a bucket ---- */

/* The bucket of distance a on one side: r = -a (the key before the query)
 * or, bidirectional, r = +a (after). */
static int side_bucket(long a, int after, int bidirectional, int num_buckets,
                       int max_distance)
{
	return pe_t5_bucket(after ? a : -a, bidirectional, num_buckets, max_distance);
}

/* The smallest a in [a_min, D] whose bucket is at least target (the bucket
 * of D is the side's last, so one exists for every target of the side). */
static long lower_bound(long a_min, int target, int after, int bidirectional,
                        int num_buckets, int max_distance)
{
	long lo = a_min, hi = max_distance;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (side_bucket(mid, after, bidirectional, num_buckets, max_distance) >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

enum pe_status pe_t5_bucket_range(long *r_lo, long *r_hi, int *empty, int b,
                                  int bidirectional, int num_buckets,
                                  int max_distance)
{
	int half = bidirectional ? num_buckets / 2 : num_buckets;
	int after = bidirectional && b >= half;
	int first = after ? half : 0, last = first + half - 1;
	long a_min = after ? 1 : 0, a_lo, a_hi;

	*r_lo = *r_hi = 0;
	*empty = 0;
	if (pe_t5_check(bidirectional, num_buckets, max_distance) != PE_OK
	    || b < 0 || b >= num_buckets)
		return PE_EINVAL;
	a_lo = lower_bound(a_min, b, after, bidirectional, num_buckets, max_distance);
	if (side_bucket(a_lo, after, bidirectional, num_buckets, max_distance) != b) {
		*empty = 1;
		return PE_OK;
	}
	a_hi = b == last ? LONG_MAX
	       : lower_bound(a_lo, b + 1, after, bidirectional, num_buckets, max_distance) - 1;
	if (after) {
		*r_lo = a_lo;
		*r_hi = a_hi;
	} else {
		*r_lo = a_hi == LONG_MAX ? LONG_MIN : -a_hi;
		*r_hi = -a_lo;
		if (!bidirectional && b == 0)
			*r_hi = LONG_MAX;   /* a key after the query shares bucket 0 */
	}
	return PE_OK;
}

/* ---- the scheme (the seam of pe.h) ---- */

static enum pe_status t5_init(struct pe_scheme *s)
{
	const struct pe_bias_cfg *b = &s->cfg.bias;

	if (pe_t5_check(b->bidirectional, b->n_buckets, b->max_distance) != PE_OK)
		return PE_EINVAL;
	s->n_heads = 1;
	if (b->weights) {
		if (b->n_heads < 1 || b->n_heads > PE_ALIBI_HEADS_MAX)
			return PE_EINVAL;
		s->n_heads = b->n_heads;
	}
	if (b->head >= s->n_heads)
		return PE_EINVAL;
	s->bias_is_index = b->weights == NULL;
	s->n_row = 0;
	s->cfg.n_dim = 0;
	return PE_OK;
}

static double t5_bias(const struct pe_scheme *s, size_t h, double m, double n)
{
	const struct pe_bias_cfg *b = &s->cfg.bias;
	int bucket = pe_t5_bucket((long)(n - m), b->bidirectional, b->n_buckets,
	                          b->max_distance);

	if (bucket < 0)
		return NAN;
	if (!b->weights)
		return (double)bucket;
	return b->weights[(size_t)bucket * s->n_heads + h];
}

static double t5_score(const struct pe_scheme *s, double m, double n)
{
	return t5_bias(s, s->cfg.bias.head, m, n);
}

static double t5_profile(const struct pe_scheme *s, double r)
{
	return t5_bias(s, s->cfg.bias.head, 0.0, r);
}

/* ---- options ---- */

#define T5_OPT .cmds = PE_CMDS_SCHEME, .group = PE_GROUP_BIAS

const struct pe_opt pe_opt_buckets = {
	.name = "buckets", .arg = "N", .type = PE_OPT_INT, .lo = 2, .hi = PE_T5_BUCKETS_MAX,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, bias.n_buckets),
	.def = PE_T5_NUM_BUCKETS_DEFAULT, T5_OPT,
	.help = "t5: number of buckets: an integer in [2, 65536], >= 4 if bidirectional (default %D)",
};

static const struct pe_opt opt_max_distance = {
	.name = "max-distance", .arg = "D", .type = PE_OPT_INT, .lo = 1, .hi = PE_T5_DISTANCE_MAX,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, bias.max_distance),
	.def = PE_T5_MAX_DISTANCE_DEFAULT, T5_OPT,
	.help = "t5: distance where the last bucket starts: an integer in [1, 1000000000],\n"
	        "above buckets/4 (buckets/2 causal) (default %D)",
};

static const struct pe_opt opt_bidirectional = {
	.name = "bidirectional", .type = PE_OPT_FLAG,
	.field = PE_FIELD_INT, .offset = offsetof(struct pe_scheme_cfg, bias.bidirectional),
	.def = NAN, T5_OPT,
	.help = "t5: half the buckets for keys after the query (encoder); default causal",
};

/* read by the CLI (src/read/read.h) into cfg.bias.weights */
const struct pe_opt pe_opt_bucket_weights = {
	.name = "bucket-weights", .arg = "FILE", .type = PE_OPT_FILE, .lo = 1, .def = NAN, T5_OPT,
	.help = "t5: the learned (buckets, heads) bias table, .npy or CSV: show the bias,\n"
	        "not the bucket index",
};

static const struct pe_opt *const t5_opts[] = {
	&pe_opt_buckets, &opt_max_distance, &opt_bidirectional, &pe_opt_bucket_weights,
	&pe_opt_head, NULL
};

/* T5Config's relative position fields; the weights come with the model. */
static const struct pe_cfg_field t5_fields[] = {
	{ "relative_attention_num_buckets", &pe_opt_buckets, PE_CFG_VALUE, NULL },
	{ "relative_attention_max_distance", &opt_max_distance, PE_CFG_VALUE, NULL },
	{ NULL, NULL, PE_CFG_VALUE, NULL }
};

const struct pe_scheme_ops pe_t5_ops = {
	.name = "t5",
	.init = t5_init,
	.row = NULL,
	.profile = t5_profile,
	.score = t5_score,
	.bias = t5_bias,
	.traits = PE_TRAIT_BUCKETS,
	.n_dim_default = 0,   /* no code */
	.table_default = PE_TABLE_CODE,
	.adds = "bias",
	.description = "a learned bias per bucket of the relative position, log-spaced buckets (Raffel et al. 2020)",
	.opts = t5_opts,
	.fields = t5_fields,
};

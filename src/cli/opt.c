/*
 * opt.c - the options every command shares, parsed by one piece of code.
 *
 * One table describes every option once: its long name, its argument, the
 * commands that take it and its help line, so --help, the parser and the
 * man page's OPTIONS list stay in step.  Values are checked here (strtoll/
 * strtod, errno, end pointer, empty, finite, range) and a bad one is
 * reported as "invalid value 'V' for --OPT: expected ...".
 *
 * The scheme is resolved in three layers: the scheme's defaults, then a
 * model's settings from --config FILE or --preset NAME, then every flag
 * given on the command line.  Then the combination is checked, so that an
 * option that means nothing for the scheme or the scaling is an error, not
 * silently ignored.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "write/colormap.h"
#include "read/read.h"
#include <config.h>

enum {
	OPT_SCHEME = 256,
	OPT_D,
	OPT_N,
	OPT_BASE,
	OPT_LAYOUT,
	OPT_VARIANT,
	OPT_FLIP,
	OPT_ROTARY_DIM,
	OPT_PAIRING,
	OPT_SCALING,
	OPT_FACTOR,
	OPT_ORIGINAL_MAX,
	OPT_SEQ_LEN,
	OPT_BETA_FAST,
	OPT_BETA_SLOW,
	OPT_ATTENTION_FACTOR,
	OPT_LOW_FREQ_FACTOR,
	OPT_HIGH_FREQ_FACTOR,
	OPT_SHORT_FACTOR,
	OPT_LONG_FACTOR,
	OPT_GAMMA,
	OPT_SCALE_BASE,
	OPT_CONFIG,
	OPT_PRESET,
	OPT_FROM,
	OPT_INIT,
	OPT_HEADS,
	OPT_HEAD,
	OPT_BUCKETS,
	OPT_MAX_DISTANCE,
	OPT_BIDIRECTIONAL,
	OPT_BUCKET_WEIGHTS,
	OPT_TABLE,
	OPT_OF,
	OPT_METRIC,
	OPT_TO,
	OPT_VERIFY,
	OPT_SEED,
	OPT_MAX_DIST,
	OPT_STEP,
	OPT_LOG,
	OPT_POINTS,
	OPT_SAMPLES,
	OPT_NORMALIZE,
	OPT_MIN_DISTANCE,
	OPT_MAX_ABS,
	OPT_TOLERANCE,
	OPT_TRAIN_LEN,
	OPT_TARGET_LEN,
	OPT_COMPARE,
	OPT_BASE_BOUND,
	OPT_OFFSET,
	OPT_FORMAT,
	OPT_DIGITS,
	OPT_RAW,
	OPT_COLORMAP,
	OPT_RANGE,
	OPT_SCALE,
	OPT_MAX_SIZE,
	OPT_PLOT,
	OPT_THREADS,
	OPT_NO_PROGRESS,
	OPT_COMPRESSION,
	OPT_LAST
};

#define GIVEN(id) ((uint64_t)1 << ((id) - OPT_SCHEME))
_Static_assert(OPT_LAST - OPT_SCHEME <= 64, "o->given has one bit per option: 64 at most");

enum opt_group { G_SCHEME, G_ROPE, G_BIAS, G_COMMAND, G_FIGURE, G_OUTPUT, G_OTHER };

static const char *const group_titles[] = {
	"Scheme options",
	"RoPE options (--scheme rope or xpos)",
	"Bias options (--scheme alibi or t5)",
	"Command options",
	"Figure options",
	"Output options",
	"Other options",
};

struct opt_def {
	const char *name;     /* long name */
	const char *alias;    /* another long name, or NULL */
	int short_name;       /* 0 if none */
	int id;
	const char *arg;      /* argument placeholder, NULL for a flag */
	unsigned flag;        /* 0: every command; else the OPTF_* group */
	enum opt_group group;
	const char *help;
};

static const struct opt_def opt_defs[] = {
	{ "scheme", NULL, 0, OPT_SCHEME, "NAME", OPTF_SCHEME, G_SCHEME,
	  "encoding: sinusoidal, rope, xpos, alibi, t5, nope or learned (default\n"
	  "                           sinusoidal; rope with --config, --preset, and for\n"
	  "                           layout and extrapolate; learned with --from or --init)" },
	{ "d", "dim", 0, OPT_D, "N", OPTF_SCHEME, G_SCHEME,
	  "dimension (rope: head dimension): an even integer in [2, 65536] (default 512; 128 for rope and xpos)" },
	{ "n", NULL, 0, OPT_N, "N", OPTF_N, G_SCHEME,
	  "number of positions: an integer in [1, 1000000000] (default 1024)" },
	{ "base", NULL, 0, OPT_BASE, "B", OPTF_SCHEME, G_SCHEME,
	  "frequency base (rope_theta): a finite number greater than 1 (default 10000)" },
	{ "layout", NULL, 0, OPT_LAYOUT, "NAME", OPTF_SCHEME, G_SCHEME,
	  "sinusoidal channel layout: interleaved (default; concat for fairseq) or concat" },
	{ "variant", NULL, 0, OPT_VARIANT, "NAME", OPTF_SCHEME, G_SCHEME,
	  "sinusoidal frequencies: vaswani (default) or fairseq (tensor2tensor)" },
	{ "flip", NULL, 0, OPT_FLIP, NULL, OPTF_SCHEME, G_SCHEME,
	  "sinusoidal: cos before sin" },
	{ "config", NULL, 0, OPT_CONFIG, "FILE", OPTF_SCHEME, G_SCHEME,
	  "take the RoPE settings of a Hugging Face config.json" },
	{ "preset", NULL, 0, OPT_PRESET, "NAME", OPTF_SCHEME, G_SCHEME,
	  "take the RoPE settings of a known model (see 'pecli presets')" },
	{ "from", NULL, 0, OPT_FROM, "FILE", OPTF_SCHEME, G_SCHEME,
	  "learned: read the (positions, d) table from a .npy or CSV file, '-' stdin" },
	{ "init", NULL, 0, OPT_INIT, "NAME", OPTF_SCHEME, G_SCHEME,
	  "learned: an untrained table instead: normal (std 0.02, seeded by --seed)" },
	{ "rotary-dim", NULL, 0, OPT_ROTARY_DIM, "R", OPTF_SCHEME, G_ROPE,
	  "rotate only the first R dimensions: an even integer in [2, d] (default d)" },
	{ "pairing", NULL, 0, OPT_PAIRING, "NAME", OPTF_SCHEME, G_ROPE,
	  "interleaved: pairs (x0,x1),(x2,x3)... (default); half: x_i with x_{i+R/2}" },
	{ "scaling", NULL, 0, OPT_SCALING, "NAME", OPTF_SCHEME, G_ROPE,
	  "context extension: none (default), linear, ntk, dynamic, yarn, llama3, longrope" },
	{ "factor", NULL, 0, OPT_FACTOR, "S", OPTF_SCHEME, G_ROPE,
	  "scaling factor: a finite number >= 1" },
	{ "original-max", NULL, 0, OPT_ORIGINAL_MAX, "L", OPTF_SCHEME, G_ROPE,
	  "original context length: an integer in [1, 1000000000]" },
	{ "seq-len", NULL, 0, OPT_SEQ_LEN, "N", OPTF_SCHEME, G_ROPE,
	  "current sequence length (dynamic, longrope): an integer in [1, 1000000000]" },
	{ "beta-fast", NULL, 0, OPT_BETA_FAST, "B", OPTF_SCHEME, G_ROPE,
	  "yarn: rotations where the ramp starts: a finite number > 0 (default 32)" },
	{ "beta-slow", NULL, 0, OPT_BETA_SLOW, "B", OPTF_SCHEME, G_ROPE,
	  "yarn: rotations where the ramp ends: a finite number > 0 (default 1)" },
	{ "attention-factor", NULL, 0, OPT_ATTENTION_FACTOR, "A", OPTF_SCHEME, G_ROPE,
	  "yarn, longrope: cos/sin multiplier: a finite number > 0 (default: the method's)" },
	{ "low-freq-factor", NULL, 0, OPT_LOW_FREQ_FACTOR, "F", OPTF_SCHEME, G_ROPE,
	  "llama3: a finite number > 0 (default 1)" },
	{ "high-freq-factor", NULL, 0, OPT_HIGH_FREQ_FACTOR, "F", OPTF_SCHEME, G_ROPE,
	  "llama3: a finite number > low-freq-factor (default 4)" },
	{ "short-factor", NULL, 0, OPT_SHORT_FACTOR, "LIST", OPTF_SCHEME, G_ROPE,
	  "longrope: R/2 comma-separated numbers > 0, used up to the original length" },
	{ "long-factor", NULL, 0, OPT_LONG_FACTOR, "LIST", OPTF_SCHEME, G_ROPE,
	  "longrope: R/2 comma-separated numbers > 0, used beyond it" },
	{ "gamma", NULL, 0, OPT_GAMMA, "G", OPTF_SCHEME, G_ROPE,
	  "xpos: scale offset gamma: a finite number > 0 (default 0.4)" },
	{ "scale-base", NULL, 0, OPT_SCALE_BASE, "B", OPTF_SCHEME, G_ROPE,
	  "xpos: scale base: a finite number > 0 (default 512)" },
	{ "heads", NULL, 0, OPT_HEADS, "H", OPTF_SCHEME, G_BIAS,
	  "alibi: number of heads: an integer in [1, 1024] (default 8)" },
	{ "head", NULL, 0, OPT_HEAD, "H", OPTF_SCHEME, G_BIAS,
	  "show head H only, in [0, heads-1] (default: every head, side by side)" },
	{ "buckets", NULL, 0, OPT_BUCKETS, "N", OPTF_SCHEME, G_BIAS,
	  "t5: number of buckets: an integer in [2, 65536], >= 4 if bidirectional (default 32)" },
	{ "max-distance", NULL, 0, OPT_MAX_DISTANCE, "D", OPTF_SCHEME, G_BIAS,
	  "t5: distance where the last bucket starts: an integer in [1, 1000000000],\n"
	  "                           above buckets/4 (buckets/2 causal) (default 128)" },
	{ "bidirectional", NULL, 0, OPT_BIDIRECTIONAL, NULL, OPTF_SCHEME, G_BIAS,
	  "t5: half the buckets for keys after the query (encoder); default causal" },
	{ "bucket-weights", NULL, 0, OPT_BUCKET_WEIGHTS, "FILE", OPTF_SCHEME, G_BIAS,
	  "t5: the learned (buckets, heads) bias table, .npy or CSV: show the bias,\n"
	  "                           not the bucket index" },
	{ "table", NULL, 0, OPT_TABLE, "NAME", OPTF_TABLE, G_COMMAND,
	  "rope, xpos: angle, cos (default) or sin, n x R/2; xpos also scale" },
	{ "of", NULL, 0, OPT_OF, "WHAT", OPTF_TABLE, G_COMMAND,
	  "code (default): the encoding itself; similarity: the n x n score matrix" },
	{ "metric", NULL, 0, OPT_METRIC, "NAME", OPTF_TABLE, G_COMMAND,
	  "similarity: dot (default) or cosine" },
	{ "to", NULL, 0, OPT_TO, "NAME", OPTF_LAYOUT, G_COMMAND,
	  "convert interleaved rows to half (default half) or half to interleaved" },
	{ "verify", NULL, 0, OPT_VERIFY, NULL, OPTF_LAYOUT, G_COMMAND,
	  "check the permutation on random q and k instead of printing it" },
	{ "max-dist", NULL, 0, OPT_MAX_DIST, "D", OPTF_DECAY, G_COMMAND,
	  "largest distance: a finite number > 0, at most 1e15 (default 1024)" },
	{ "step", NULL, 0, OPT_STEP, "S", OPTF_DECAY, G_COMMAND,
	  "distance step: a finite number > 0 (default 1)" },
	{ "log", NULL, 0, OPT_LOG, NULL, OPTF_DECAY, G_COMMAND,
	  "log-spaced distances from 1 to --max-dist instead of a fixed step" },
	{ "points", NULL, 0, OPT_POINTS, "N", OPTF_DECAY, G_COMMAND,
	  "with --log: number of points, an integer in [2, 1000000] (default 256)" },
	{ "samples", NULL, 0, OPT_SAMPLES, "S", OPTF_DECAY, G_COMMAND,
	  "rope, xpos: add mean and std over S random Gaussian q, k, in [1, 100000]" },
	{ "normalize", NULL, 0, OPT_NORMALIZE, NULL, OPTF_DECAY, G_COMMAND,
	  "divide dot and bound by their value at distance 0, mean and std by std at 0" },
	{ "min-distance", NULL, 0, OPT_MIN_DISTANCE, "D", OPTF_CHECK, G_COMMAND,
	  "uniqueness: codes closer than D collide: a finite number >= 0 (default 1e-06)" },
	{ "max-abs", NULL, 0, OPT_MAX_ABS, "A", OPTF_CHECK, G_COMMAND,
	  "boundedness: largest allowed |value|: a finite number > 0 (default 10)" },
	{ "tolerance", NULL, 0, OPT_TOLERANCE, "T", OPTF_CHECK, G_COMMAND,
	  "consistency, invariance: largest relative spread: a finite number > 0 (default 1e-09)" },
	{ "train-len", NULL, 0, OPT_TRAIN_LEN, "L", OPTF_EXTRAP, G_COMMAND,
	  "training length: an integer in [1, 1000000000] (default: the model's original length)" },
	{ "target-len", NULL, 0, OPT_TARGET_LEN, "T", OPTF_EXTRAP, G_COMMAND,
	  "target length: an integer in [1, 1000000000] (default: the model's max_position_embeddings)" },
	{ "compare", NULL, 0, OPT_COMPARE, "LIST", OPTF_EXTRAP, G_COMMAND,
	  "scalings side by side, from linear, ntk, dynamic, yarn, llama3 (factor T/L)" },
	{ "base-bound", NULL, 0, OPT_BASE_BOUND, NULL, OPTF_EXTRAP, G_COMMAND,
	  "add the smallest base with sum_i cos(m theta_i) >= 0 up to L (Men et al. 2024)" },
	{ "offset", NULL, 0, OPT_OFFSET, "K", OPTF_INVAR, G_COMMAND,
	  "sinusoidal: the offset k of the map PE(p) -> PE(p+k): an integer in [0, 1000000000] (default 1)" },
	{ "seed", NULL, 0, OPT_SEED, "N", OPTF_SCHEME, G_COMMAND,
	  "random seed: an integer in [0, 18446744073709551615] (default 1)" },
	{ "colormap", NULL, 0, OPT_COLORMAP, "NAME", OPTF_COLORS, G_FIGURE,
	  "viridis, magma, inferno, plasma, cividis, gray or coolwarm (default: coolwarm\n"
	  "                           when the range is centred on 0, else viridis)" },
	{ "range", NULL, 0, OPT_RANGE, "LO:HI", OPTF_COLORS, G_FIGURE,
	  "values spanned by the colour map (default: the data's; [-m, m] if signed)" },
	{ "raw", NULL, 0, OPT_RAW, NULL, OPTF_RAW, G_FIGURE,
	  "the cells alone (one pixel each unless --scale): no title, axes or colour bar" },
	{ "scale", NULL, 0, OPT_SCALE, "K", OPTF_RAW, G_FIGURE,
	  "draw a cell as K x K pixels, K in [1, 1024] (default: at least 256 pixels\n"
	  "                           a side, 1 with --raw)" },
	{ "max-size", NULL, 0, OPT_MAX_SIZE, "N", OPTF_RAW, G_FIGURE,
	  "average blocks of cells to keep the plot at most N pixels a side, N in\n"
	  "                           [1, 1000000000] (default 2048; none with --raw)" },
	{ "compression", NULL, 0, OPT_COMPRESSION, "N", OPTF_RAW, G_FIGURE,
	  "zlib level of the PNG, N in [0, 9]: 0 none, 9 smallest (default 1, fast)" },
	{ "output", NULL, 'o', 'o', "FILE", OPTF_OUTPUT, G_OUTPUT,
	  "write to FILE (a file is replaced only on success, a device or FIFO\n"
	  "                           written in place); '-' is standard output" },
	{ "format", NULL, 0, OPT_FORMAT, "NAME", OPTF_OUTPUT, G_OUTPUT, NULL },
	{ "plot", NULL, 0, OPT_PLOT, NULL, OPTF_PLOT, G_OUTPUT,
	  "draw with gnuplot: a text plot, or the -o FILE .png, .svg or .pdf" },
	{ "digits", NULL, 0, OPT_DIGITS, "N", OPTF_DIGITS, G_OUTPUT,
	  "significant digits: an integer in [1, 17] (default: shortest round-trip)" },
	{ "threads", NULL, 0, OPT_THREADS, "N", OPTF_OUTPUT, G_OUTPUT,
	  "compute and format rows on N threads, N in [0, 1024]; 0: one per core\n"
	  "                           (default 0); the output is the same for every N" },
	{ "no-progress", NULL, 0, OPT_NO_PROGRESS, NULL, OPTF_OUTPUT, G_OUTPUT,
	  "no progress line on stderr (shown only on a terminal, after 1 s)" },
	{ "help", NULL, 'h', 'h', NULL, 0, G_OTHER, "show this help and exit" },
};

#define N_OPT_DEFS (sizeof opt_defs / sizeof opt_defs[0])

/* in enum pe_scheme_kind order: scheme_names[kind] names a kind */
static const char *const scheme_names[] = {
	"sinusoidal", "rope", "xpos", "nope", "learned", "alibi", "t5", NULL
};
static const enum pe_scheme_kind scheme_kinds[] = {
	PE_SCHEME_SINUSOIDAL, PE_SCHEME_ROPE, PE_SCHEME_XPOS, PE_SCHEME_NOPE, PE_SCHEME_LEARNED,
	PE_SCHEME_ALIBI, PE_SCHEME_T5
};
static const char *const init_names[] = { "normal", NULL };

/* The learned table of this run (one command per process): loaded by
 * opt_parse, freed by opt_cleanup. */
static struct pe_learned learned_table;
/* T5's --bucket-weights, held the same way */
static struct pe_learned bucket_weights;

void opt_cleanup(void)
{
	pe_learned_free(&learned_table);
	pe_learned_free(&bucket_weights);
}
static const char *const variant_names[] = { "vaswani", "fairseq", NULL };
static const char *const layout_names[] = { "interleaved", "concat", NULL };
static const enum pe_layout layout_kinds[] = { PE_LAYOUT_INTERLEAVED, PE_LAYOUT_CONCAT };
static const char *const pairing_names[] = { "interleaved", "half", NULL };
static const enum pe_rope_pairing pairing_kinds[] = {
	PE_ROPE_PAIRING_INTERLEAVED, PE_ROPE_PAIRING_HALF
};
static const char *const scaling_names[] = {
	"none", "linear", "ntk", "dynamic", "yarn", "llama3", "longrope", NULL
};
static const enum pe_rope_scaling scaling_kinds[] = {
	PE_ROPE_SCALING_NONE, PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK,
	PE_ROPE_SCALING_DYNAMIC, PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3,
	PE_ROPE_SCALING_LONGROPE
};
static const char *const table_names[] = { "angle", "cos", "sin", "scale", NULL };
static const enum pe_table table_kinds[] = {
	PE_TABLE_ANGLE, PE_TABLE_COS, PE_TABLE_SIN, PE_TABLE_SCALE
};
static const char *const to_names[] = { "interleaved", "half", NULL };
static const char *const of_names[] = { "code", "similarity", NULL };
static const char *const metric_names[] = { "dot", "cosine", NULL };

/* ---- value parsers ---- */

static void join(char *buf, size_t cap, const char *const *names)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; names[k] && len + 3 < cap; k++) {
		int n = snprintf(buf + len, cap - len, "%s%s", k ? ", " : "", names[k]);
		if (n < 0)
			break;
		len += (size_t)n;
	}
}

static int bad_value(const char *opt, const char *val, const char *expected)
{
	msg_usage("invalid value '%s' for --%s: expected %s", val, opt, expected);
	return -1;
}

/* An integer in [lo, hi], even if 'even'. */
static int parse_int(long long *out, const char *opt, const char *val,
                     long long lo, long long hi, int even)
{
	char expected[128], *end;
	long long v;

	snprintf(expected, sizeof expected, "%s integer in [%lld, %lld]",
	         even ? "an even" : "an", lo, hi);
	if (!*val || isspace((unsigned char)*val))
		return bad_value(opt, val, expected);
	errno = 0;
	v = strtoll(val, &end, 10);
	if (errno || *end || v < lo || v > hi || (even && v % 2 != 0))
		return bad_value(opt, val, expected);
	*out = v;
	return 0;
}

/*
 * strtod of a decimal number: glibc's strtod also reads hexadecimal
 * ("0x10" = 16) and "infinity"/"nan", which no option means; those are
 * refused here (the finite checks refuse inf and nan).  *end as strtod's.
 */
static double decimal_strtod(const char *val, char **end)
{
	double v = strtod(val, end);
	size_t len = (size_t)(*end - val);

	if (memchr(val, 'x', len) || memchr(val, 'X', len))
		*end = (char *)val;   /* nothing read */
	return v;
}

/* A finite number greater than lo. */
static int parse_above(double *out, const char *opt, const char *val, double lo)
{
	char expected[128], lo_s[FMT_BUF], *end;
	double v;

	fmt_double(lo_s, lo, 0);
	snprintf(expected, sizeof expected, "a finite number greater than %s", lo_s);
	if (!*val || isspace((unsigned char)*val))
		return bad_value(opt, val, expected);
	errno = 0;
	v = decimal_strtod(val, &end);
	if (errno || *end || !isfinite(v) || !(v > lo))
		return bad_value(opt, val, expected);
	*out = v;
	return 0;
}

/* One of names; *index receives its position. */
static int parse_choice(size_t *index, const char *opt, const char *val,
                        const char *const *names)
{
	char expected[256], list[200];

	for (size_t k = 0; names[k]; k++)
		if (strcmp(val, names[k]) == 0) {
			*index = k;
			return 0;
		}
	join(list, sizeof list, names);
	snprintf(expected, sizeof expected, "one of %s", list);
	return bad_value(opt, val, expected);
}

/* A finite number >= lo. */
static int parse_at_least(double *out, const char *opt, const char *val, double lo)
{
	char expected[128], lo_s[FMT_BUF], *end;
	double v;

	fmt_double(lo_s, lo, 0);
	snprintf(expected, sizeof expected, "a finite number >= %s", lo_s);
	if (!*val || isspace((unsigned char)*val))
		return bad_value(opt, val, expected);
	errno = 0;
	v = decimal_strtod(val, &end);
	if (errno || *end || !isfinite(v) || !(v >= lo))
		return bad_value(opt, val, expected);
	*out = v;
	return 0;
}

/* An unsigned 64-bit integer. */
static int parse_u64(uint64_t *out, const char *opt, const char *val)
{
	char *end;
	unsigned long long v;

	if (!*val || !isdigit((unsigned char)*val))
		return bad_value(opt, val, "an integer in [0, 18446744073709551615]");
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno || *end)
		return bad_value(opt, val, "an integer in [0, 18446744073709551615]");
	*out = (uint64_t)v;
	return 0;
}

/* Comma-separated finite numbers > 0, at most HF_FACTOR_MAX of them. */
static int parse_list(double *out, size_t *n, const char *opt, const char *val)
{
	char expected[128];
	const char *q = val;
	char *end;

	snprintf(expected, sizeof expected,
	         "up to %d comma-separated finite numbers greater than 0", HF_FACTOR_MAX);
	*n = 0;
	for (;;) {
		double v;

		if (*n == HF_FACTOR_MAX || !*q || isspace((unsigned char)*q) || *q == ',')
			return bad_value(opt, val, expected);
		errno = 0;
		v = decimal_strtod(q, &end);
		if (errno || end == q || !isfinite(v) || !(v > 0.0))
			return bad_value(opt, val, expected);
		out[(*n)++] = v;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return bad_value(opt, val, expected);
		q = end + 1;
	}
}

/* --compare: a comma-separated list of distinct scalings (not none, not
 * longrope, whose factor lists belong to one model). */
static int parse_compare(struct opts *o, const char *val)
{
	static const char *const names[] = { "linear", "ntk", "dynamic", "yarn", "llama3", NULL };
	static const enum pe_rope_scaling kinds[] = {
		PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK, PE_ROPE_SCALING_DYNAMIC,
		PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3
	};
	const char *q = val;

	o->n_compare = 0;
	for (;;) {
		size_t len = strcspn(q, ","), k;

		for (k = 0; names[k]; k++)
			if (strlen(names[k]) == len && strncmp(names[k], q, len) == 0)
				break;
		if (!names[k] || o->n_compare == OPT_COMPARE_MAX)
			return bad_value("compare", val,
			                 "distinct names from linear, ntk, dynamic, yarn, llama3, comma-separated");
		for (size_t j = 0; j < o->n_compare; j++)
			if (o->compare[j] == kinds[k])
				return bad_value("compare", val,
				                 "distinct names from linear, ntk, dynamic, yarn, llama3, comma-separated");
		o->compare[o->n_compare++] = kinds[k];
		if (!q[len])
			return 0;
		q += len + 1;
	}
}

/* --range LO:HI: two finite numbers, LO < HI, HI - LO finite. */
static int parse_range(struct opts *o, const char *val)
{
	const char *expected = "LO:HI, two finite numbers with LO < HI";
	const char *h;
	char *end;
	double lo, hi;

	errno = 0;
	lo = decimal_strtod(val, &end);
	if (end == val || *end != ':' || isspace((unsigned char)*val))
		return bad_value("range", val, expected);
	h = end + 1;
	hi = decimal_strtod(h, &end);
	if (errno || *end || end == h || isspace((unsigned char)*h) || !isfinite(lo)
	    || !isfinite(hi) || !(lo < hi) || !isfinite(hi - lo))
		return bad_value("range", val, expected);
	o->range_lo = lo;
	o->range_hi = hi;
	o->has_range = 1;
	return 0;
}

/* ---- the parser ---- */

/* getopt's '?': an unknown option, or a flag given a value (--raw=yes). */
void opt_bad_option(const char *arg, int opt)
{
	const char *eq = strchr(arg, '=');

	if (arg[0] == '-' && arg[1] == '-') {
		if (opt && eq)
			msg_usage("option '%.*s' doesn't allow an argument",
			          (int)(eq - arg), arg);
		else
			msg_usage("unrecognized option '%s'", arg);
	} else {
		msg_usage("invalid option -- '%c'", opt);
	}
}

/* An abbreviation that fits several options: name them all (glibc's words). */
static int report_ambiguous(const char *arg, const struct option *longopts)
{
	char list[512];
	size_t len, n_match = 0, used = 0;
	int first_id = -1, distinct = 0;

	if (arg[0] != '-' || arg[1] != '-')
		return 0;
	arg += 2;
	len = strcspn(arg, "=");
	list[0] = '\0';
	for (const struct option *lo = longopts; lo->name; lo++) {
		if (strncmp(lo->name, arg, len) != 0)
			continue;
		if (strlen(lo->name) == len)
			return 0;  /* an exact match is not ambiguous */
		if (first_id < 0)
			first_id = lo->val;
		else if (lo->val != first_id)
			distinct = 1;
		n_match++;
		int k = snprintf(list + used, sizeof list - used, " '--%s'", lo->name);
		if (k > 0 && (size_t)k < sizeof list - used)
			used += (size_t)k;
	}
	if (n_match < 2 || !distinct)
		return 0;
	msg_usage("option '--%.*s' is ambiguous; possibilities:%s", (int)len, arg, list);
	return 1;
}

static int takes(const struct opt_def *def, unsigned accepts)
{
	return def->flag == 0 || (def->flag & accepts);
}

static const char *opt_name(int id)
{
	for (size_t k = 0; k < N_OPT_DEFS; k++)
		if (opt_defs[k].id == id)
			return opt_defs[k].name;
	return "?";
}

/* ---- resolving the scheme: defaults < config or preset < flags ---- */

/* The scaling methods that read each scaling option. */
static const struct {
	int id;
	unsigned mask;   /* bits 1 << enum pe_rope_scaling */
	const char *which;
} scaling_uses[] = {
#define S(x) (1u << PE_ROPE_SCALING_##x)
	{ OPT_FACTOR, S(LINEAR) | S(NTK) | S(DYNAMIC) | S(YARN) | S(LLAMA3) | S(LONGROPE),
	  "linear, ntk, dynamic, yarn, llama3 and longrope" },
	{ OPT_ORIGINAL_MAX, S(DYNAMIC) | S(YARN) | S(LLAMA3) | S(LONGROPE),
	  "dynamic, yarn, llama3 and longrope" },
	{ OPT_SEQ_LEN, S(DYNAMIC) | S(LONGROPE), "dynamic and longrope" },
	{ OPT_BETA_FAST, S(YARN), "yarn" },
	{ OPT_BETA_SLOW, S(YARN), "yarn" },
	{ OPT_ATTENTION_FACTOR, S(YARN) | S(LONGROPE), "yarn and longrope" },
	{ OPT_LOW_FREQ_FACTOR, S(LLAMA3), "llama3" },
	{ OPT_HIGH_FREQ_FACTOR, S(LLAMA3), "llama3" },
	{ OPT_SHORT_FACTOR, S(LONGROPE), "longrope" },
	{ OPT_LONG_FACTOR, S(LONGROPE), "longrope" },
#undef S
};

static enum pe_rope_scaling scaling_of(enum hf_rope_type t)
{
	switch (t) {
	case HF_ROPE_DEFAULT:  return PE_ROPE_SCALING_NONE;
	case HF_ROPE_LINEAR:   return PE_ROPE_SCALING_LINEAR;
	case HF_ROPE_DYNAMIC:  return PE_ROPE_SCALING_DYNAMIC;
	case HF_ROPE_YARN:     return PE_ROPE_SCALING_YARN;
	case HF_ROPE_LONGROPE: return PE_ROPE_SCALING_LONGROPE;
	case HF_ROPE_LLAMA3:   return PE_ROPE_SCALING_LLAMA3;
	}
	return PE_ROPE_SCALING_NONE;
}

/* Lay a model's settings over the defaults in cfg. */
static int apply_model(struct opts *o, struct pe_scheme_cfg *cfg)
{
	const struct hf_rope_config *hf = &o->hf;
	struct pe_rope_cfg *r = &cfg->rope;

	if (hf->head_dim) {
		if (hf->head_dim % 2 || hf->head_dim < PE_DIM_MIN || hf->head_dim > PE_DIM_MAX) {
			msg_error("%s: head dimension %zu: expected an even integer in [%d, %d]",
			          o->source, hf->head_dim, PE_DIM_MIN, PE_DIM_MAX);
			return EXIT_USAGE;
		}
		cfg->n_dim = hf->head_dim;
	}
	if (!isnan(hf->rope_theta)) {
		if (!(hf->rope_theta > 1.0) || !isfinite(hf->rope_theta)) {
			msg_error("%s: rope_theta %g: expected a finite number greater than 1",
			          o->source, hf->rope_theta);
			return EXIT_USAGE;
		}
		cfg->base = hf->rope_theta;
	}
	r->n_rot = 0;
	if (!isnan(hf->partial_rotary_factor)) {
		size_t n_rot;
		if (pe_rope_n_rot_partial(&n_rot, cfg->n_dim, hf->partial_rotary_factor) != PE_OK) {
			msg_error("%s: partial_rotary_factor %g of head dimension %zu: expected an even rotary dimension of at least 2",
			          o->source, hf->partial_rotary_factor, cfg->n_dim);
			return EXIT_USAGE;
		}
		r->n_rot = n_rot == cfg->n_dim ? 0 : n_rot;
	}
	if (!isnan(hf->max_position_embeddings))
		r->max_pos = hf->max_position_embeddings;
	/* a config.json describes a Hugging Face model, whose code rotates
	 * halves (rotate_half); --pairing interleaved overrides it */
	r->pairing = PE_ROPE_PAIRING_HALF;
	r->scaling = scaling_of(hf->type);
	r->factor = hf->factor;
	if (!isnan(hf->original_max_position_embeddings))
		r->original_max = hf->original_max_position_embeddings;
	if (!isnan(hf->beta_fast))
		r->beta_fast = hf->beta_fast;
	if (!isnan(hf->beta_slow))
		r->beta_slow = hf->beta_slow;
	r->attention_factor = hf->attention_factor;
	r->mscale = hf->mscale;
	r->mscale_all_dim = hf->mscale_all_dim;
	if (hf->truncate >= 0)
		r->truncate = hf->truncate;
	if (!isnan(hf->low_freq_factor))
		r->low_freq_factor = hf->low_freq_factor;
	if (!isnan(hf->high_freq_factor))
		r->high_freq_factor = hf->high_freq_factor;
	memcpy(o->short_f, hf->short_factor, hf->n_short_factor * sizeof *o->short_f);
	memcpy(o->long_f, hf->long_factor, hf->n_long_factor * sizeof *o->long_f);
	o->n_short_f = hf->n_short_factor;
	o->n_long_f = hf->n_long_factor;
	return EXIT_OK;
}

/* Lay the flags given over cfg. */
static void apply_flags(struct pe_scheme_cfg *cfg, const struct pe_scheme_cfg *fl,
                        uint64_t given)
{
	struct pe_rope_cfg *r = &cfg->rope;
	const struct pe_rope_cfg *f = &fl->rope;

	if (given & GIVEN(OPT_D)) cfg->n_dim = fl->n_dim;
	if (given & GIVEN(OPT_BASE)) cfg->base = fl->base;
	if (given & GIVEN(OPT_LAYOUT)) cfg->layout = fl->layout;
	if (given & GIVEN(OPT_VARIANT)) cfg->variant = fl->variant;
	if (given & GIVEN(OPT_FLIP)) cfg->flip = fl->flip;
	/* fairseq and tensor2tensor concatenate [sin | cos] */
	if (cfg->variant == PE_SIN_FAIRSEQ && !(given & GIVEN(OPT_LAYOUT)))
		cfg->layout = PE_LAYOUT_CONCAT;
	if (given & GIVEN(OPT_TABLE)) cfg->table = fl->table;
	if (given & GIVEN(OPT_ROTARY_DIM)) r->n_rot = f->n_rot;
	if (given & GIVEN(OPT_PAIRING)) r->pairing = f->pairing;
	if (given & GIVEN(OPT_SCALING)) r->scaling = f->scaling;
	if (given & GIVEN(OPT_FACTOR)) r->factor = f->factor;
	if (given & GIVEN(OPT_ORIGINAL_MAX)) r->original_max = f->original_max;
	if (given & GIVEN(OPT_SEQ_LEN)) r->seq_len = f->seq_len;
	if (given & GIVEN(OPT_BETA_FAST)) r->beta_fast = f->beta_fast;
	if (given & GIVEN(OPT_BETA_SLOW)) r->beta_slow = f->beta_slow;
	if (given & GIVEN(OPT_ATTENTION_FACTOR)) r->attention_factor = f->attention_factor;
	if (given & GIVEN(OPT_LOW_FREQ_FACTOR)) r->low_freq_factor = f->low_freq_factor;
	if (given & GIVEN(OPT_HIGH_FREQ_FACTOR)) r->high_freq_factor = f->high_freq_factor;
	if (given & GIVEN(OPT_GAMMA)) r->gamma = f->gamma;
	if (given & GIVEN(OPT_SCALE_BASE)) r->scale_base = f->scale_base;
	if (given & GIVEN(OPT_HEADS)) cfg->bias.n_heads = fl->bias.n_heads;
	if (given & GIVEN(OPT_HEAD)) cfg->bias.head = fl->bias.head;
	if (given & GIVEN(OPT_BUCKETS)) cfg->bias.n_buckets = fl->bias.n_buckets;
	if (given & GIVEN(OPT_MAX_DISTANCE)) cfg->bias.max_distance = fl->bias.max_distance;
	if (given & GIVEN(OPT_BIDIRECTIONAL)) cfg->bias.bidirectional = 1;
}

/* Where a value came from, for messages: " (from config.json)" or "". */
static const char *from(const struct opts *o, int id)
{
	static char buf[128];

	if ((o->given & GIVEN(id)) || !o->source[0])
		return "";
	snprintf(buf, sizeof buf, " (from %s)", o->source);
	return buf;
}

/* Whether anything this run draws at random takes --seed. */
static int seed_used(const struct opts *o, unsigned accepts)
{
	enum pe_scheme_kind kind = o->scheme.kind;
	int rotary = kind == PE_SCHEME_ROPE || kind == PE_SCHEME_XPOS;

	return (o->given & GIVEN(OPT_INIT))                   /* the learned table */
	       || ((accepts & OPTF_LAYOUT) && o->verify)      /* layout --verify */
	       || ((accepts & OPTF_DECAY) && o->samples)      /* decay --samples */
	       || ((accepts & OPTF_CHECK) && rotary)          /* check: invariance */
	       || ((accepts & OPTF_INVAR) && kind == PE_SCHEME_ROPE);
}

/* Check the resolved combination; the core checks again (pe_rope_check). */
static int check_combination(struct opts *o, unsigned accepts)
{
	struct pe_scheme_cfg *cfg = &o->scheme;
	struct pe_rope_cfg *r = &cfg->rope;
	int rotary = cfg->kind == PE_SCHEME_ROPE || cfg->kind == PE_SCHEME_XPOS;
	size_t n_rot, n_freq;
	int bias = cfg->kind == PE_SCHEME_ALIBI || cfg->kind == PE_SCHEME_T5;

	for (int id = OPT_HEADS; id <= OPT_BUCKET_WEIGHTS; id++) {
		int ok = id == OPT_HEADS ? cfg->kind == PE_SCHEME_ALIBI
		         : id == OPT_HEAD ? bias : cfg->kind == PE_SCHEME_T5;
		if ((o->given & GIVEN(id)) && !ok) {
			msg_usage("option '--%s' applies to --scheme %s, not %s", opt_name(id),
			          id == OPT_HEADS ? "alibi" : id == OPT_HEAD ? "alibi and t5" : "t5",
			          scheme_names[cfg->kind]);
			return EXIT_USAGE;
		}
	}
	if (bias) {
		/* a bias has no code: nothing has a dimension or a frequency */
		static const int code_only[] = { OPT_D, OPT_BASE, OPT_LAYOUT, OPT_VARIANT,
		                                 OPT_FLIP, OPT_TABLE };
		for (size_t k = 0; k < sizeof code_only / sizeof code_only[0]; k++)
			if (o->given & GIVEN(code_only[k])) {
				msg_usage("option '--%s' applies to schemes with a code, not %s (a bias on the scores)",
				          opt_name(code_only[k]), scheme_names[cfg->kind]);
				return EXIT_USAGE;
			}
		if (o->similarity) {
			msg_usage("--of similarity scores codes; the %s matrix is already the bias between positions",
			          scheme_names[cfg->kind]);
			return EXIT_USAGE;
		}
		if (o->normalize) {
			msg_usage("option '--normalize' divides by the value at distance 0, which a bias makes 0");
			return EXIT_USAGE;
		}
	}

	if ((o->given & GIVEN(OPT_POINTS)) && !o->log) {
		msg_usage("option '--points' applies to --log");
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_STEP)) && o->log) {
		msg_usage("options '--step' and '--log' cannot be combined");
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_SAMPLES))
	    && o->scheme.kind != PE_SCHEME_ROPE && o->scheme.kind != PE_SCHEME_XPOS) {
		msg_usage("option '--samples' applies to --scheme rope and xpos (random q and k), not %s",
		          scheme_names[o->scheme.kind]);
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_SEED)) && !seed_used(o, accepts)) {
		msg_usage("option '--seed' has nothing to seed here: it seeds --init normal, "
		          "layout --verify, decay --samples, and the random q and k of check "
		          "and invariance for rope");
		return EXIT_USAGE;
	}
	if (o->log && o->max_dist < 1.0) {
		msg_usage("--log spaces distances from 1: --max-dist must be at least 1");
		return EXIT_USAGE;
	}
	if (o->normalize && o->samples == 1) {
		msg_usage("--normalize divides mean and std by the std at distance 0: --samples must be at least 2");
		return EXIT_USAGE;
	}
	if ((accepts & OPTF_INVAR) && (o->given & GIVEN(OPT_OFFSET))
	    && o->scheme.kind != PE_SCHEME_SINUSOIDAL) {
		msg_usage("option '--offset' applies to --scheme sinusoidal (the map PE(p) -> PE(p+k))");
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_METRIC)) && !o->similarity) {
		msg_usage("option '--metric' applies to --of similarity");
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_TABLE)) && o->similarity) {
		msg_usage("options '--table' and '--of similarity' cannot be combined");
		return EXIT_USAGE;
	}
	if (o->scale && o->max_size && o->scale > o->max_size) {
		msg_usage("--scale %zu is larger than --max-size %zu: a cell would not fit",
		          o->scale, o->max_size);
		return EXIT_USAGE;
	}
	if ((o->given & GIVEN(OPT_CONFIG)) && (o->given & GIVEN(OPT_PRESET))) {
		msg_usage("options '--config' and '--preset' cannot be combined");
		return EXIT_USAGE;
	}
	if (!rotary) {
		for (int id = OPT_ROTARY_DIM; id <= OPT_PRESET; id++)
			if (o->given & GIVEN(id)) {
				msg_usage("option '--%s' applies to --scheme rope and xpos, not %s",
				          opt_name(id), scheme_names[cfg->kind]);
				return EXIT_USAGE;
			}
		if (cfg->variant == PE_SIN_FAIRSEQ && cfg->n_dim < 4) {
			msg_usage("--variant fairseq divides by d/2 - 1: --d must be at least 4");
			return EXIT_USAGE;
		}
		if (cfg->kind == PE_SCHEME_NOPE)
			for (int id = OPT_BASE; id <= OPT_FLIP; id++)
				if (o->given & GIVEN(id)) {
					msg_usage("option '--%s' applies to --scheme sinusoidal, not nope",
					          opt_name(id));
					return EXIT_USAGE;
				}
		if ((o->given & GIVEN(OPT_TABLE)) && cfg->table != PE_TABLE_CODE) {
			msg_usage("option '--table' applies to --scheme rope and xpos, not %s",
			          scheme_names[cfg->kind]);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	if (o->given & GIVEN(OPT_LAYOUT)) {
		msg_usage("option '--layout' applies to --scheme sinusoidal; %s pairs dimensions as --pairing says",
		          scheme_names[cfg->kind]);
		return EXIT_USAGE;
	}
	for (int id = OPT_VARIANT; id <= OPT_FLIP; id++)
		if (o->given & GIVEN(id)) {
			msg_usage("option '--%s' applies to --scheme sinusoidal, not %s",
			          opt_name(id), scheme_names[cfg->kind]);
			return EXIT_USAGE;
		}
	if (cfg->kind != PE_SCHEME_XPOS) {
		static const int xpos_only[] = { OPT_GAMMA, OPT_SCALE_BASE };
		for (size_t k = 0; k < 2; k++)
			if (o->given & GIVEN(xpos_only[k])) {
				msg_usage("option '--%s' applies to --scheme xpos only",
				          opt_name(xpos_only[k]));
				return EXIT_USAGE;
			}
		if (cfg->table == PE_TABLE_SCALE) {
			msg_usage("invalid value 'scale' for --table: expected one of angle, cos, sin (scale is for --scheme xpos)");
			return EXIT_USAGE;
		}
	}
	if (cfg->kind == PE_SCHEME_XPOS && r->scaling != PE_ROPE_SCALING_NONE) {
		/* xPos has its own length extrapolation and no attention factor */
		msg_usage("--scaling %s%s applies to --scheme rope, not xpos",
		          scaling_names[r->scaling], from(o, OPT_SCALING));
		return EXIT_USAGE;
	}
	if (!(accepts & OPTF_TABLE) || cfg->table == PE_TABLE_CODE)
		cfg->table = PE_TABLE_COS;
	for (size_t k = 0; k < sizeof scaling_uses / sizeof scaling_uses[0]; k++)
		if ((o->given & GIVEN(scaling_uses[k].id))
		    && !(scaling_uses[k].id == OPT_FACTOR && o->n_compare)
		    && !(scaling_uses[k].mask & (1u << r->scaling))) {
			msg_usage("option '--%s' applies to --scaling %s, not %s",
			          opt_name(scaling_uses[k].id), scaling_uses[k].which,
			          scaling_names[r->scaling]);
			return EXIT_USAGE;
		}

	/* dimensions */
	if (r->n_rot > cfg->n_dim) {
		if (o->given & GIVEN(OPT_ROTARY_DIM)) {
			msg_usage("invalid value '%zu' for --rotary-dim: expected an even integer in [2, %zu] (at most --d)",
			          r->n_rot, cfg->n_dim);
			return EXIT_USAGE;
		}
		msg_error("rotary dimension %zu%s exceeds the dimension %zu%s",
		          r->n_rot, from(o, OPT_ROTARY_DIM), cfg->n_dim, from(o, OPT_D));
		return EXIT_USAGE;
	}
	n_rot = r->n_rot ? r->n_rot : cfg->n_dim;
	n_freq = n_rot / 2;

	/* what each scaling needs */
	switch (r->scaling) {
	case PE_ROPE_SCALING_NONE:
		break;
	case PE_ROPE_SCALING_NTK:
	case PE_ROPE_SCALING_DYNAMIC:
		if (n_rot == 2) {
			msg_usage("--scaling %s needs a rotary dimension above 2 (the exponent is R/(R-2))",
			          scaling_names[r->scaling]);
			return EXIT_USAGE;
		}
		/* fall through */
	case PE_ROPE_SCALING_LINEAR:
	case PE_ROPE_SCALING_LLAMA3:
		if (isnan(r->factor)) {
			msg_usage("--scaling %s needs --factor", scaling_names[r->scaling]);
			return EXIT_USAGE;
		}
		break;
	case PE_ROPE_SCALING_YARN:
	case PE_ROPE_SCALING_LONGROPE:
		if (isnan(r->factor) && !(r->original_max > 0 && r->max_pos > 0)) {
			msg_usage("--scaling %s needs --factor", scaling_names[r->scaling]);
			return EXIT_USAGE;
		}
		break;
	}
	if (r->scaling != PE_ROPE_SCALING_NONE && !isnan(r->factor) && !(r->factor >= 1.0)) {
		msg_error("scaling factor %g%s: expected a finite number >= 1",
		          r->factor, from(o, OPT_FACTOR));
		return EXIT_USAGE;
	}
	if ((r->scaling == PE_ROPE_SCALING_DYNAMIC || r->scaling == PE_ROPE_SCALING_YARN
	     || r->scaling == PE_ROPE_SCALING_LLAMA3 || r->scaling == PE_ROPE_SCALING_LONGROPE)
	    && !(r->original_max > 0) && !(r->max_pos > 0)) {
		msg_usage("--scaling %s needs --original-max", scaling_names[r->scaling]);
		return EXIT_USAGE;
	}
	if (r->scaling == PE_ROPE_SCALING_YARN && r->beta_fast < r->beta_slow) {
		msg_usage("--beta-fast %g%s is below --beta-slow %g%s: expected beta-fast >= beta-slow",
		          r->beta_fast, from(o, OPT_BETA_FAST), r->beta_slow, from(o, OPT_BETA_SLOW));
		return EXIT_USAGE;
	}
	if (r->scaling == PE_ROPE_SCALING_LLAMA3 && !(r->high_freq_factor > r->low_freq_factor)) {
		msg_usage("--high-freq-factor %g%s is not above --low-freq-factor %g%s",
		          r->high_freq_factor, from(o, OPT_HIGH_FREQ_FACTOR),
		          r->low_freq_factor, from(o, OPT_LOW_FREQ_FACTOR));
		return EXIT_USAGE;
	}
	if (r->scaling == PE_ROPE_SCALING_LONGROPE) {
		static const int ids[2] = { OPT_SHORT_FACTOR, OPT_LONG_FACTOR };
		size_t counts[2] = { o->n_short_f, o->n_long_f };
		for (int k = 0; k < 2; k++) {
			if (counts[k] == n_freq)
				continue;
			if (counts[k] == 0)
				msg_usage("--scaling longrope needs --%s: %zu number%s (rotary dimension / 2)",
				          opt_name(ids[k]), n_freq, n_freq == 1 ? "" : "s");
			else
				msg_usage("--%s%s has %zu number%s: expected %zu (rotary dimension / 2)",
				          opt_name(ids[k]), from(o, ids[k]), counts[k], counts[k] == 1 ? "" : "s", n_freq);
			return EXIT_USAGE;
		}
		r->short_factor = o->short_f;
		r->n_short_factor = o->n_short_f;
		r->long_factor = o->long_f;
		r->n_long_factor = o->n_long_f;
	}
	return EXIT_OK;
}

/* The learned table: --from FILE, or --init normal of --n x --d. */
static int load_learned(struct opts *o, const char *from_path, unsigned accepts)
{
	struct out_err err;
	enum pe_status st;

	(void)accepts;
	if (!from_path == !(o->given & GIVEN(OPT_INIT))) {
		msg_usage("--scheme learned needs one of --from FILE and --init normal");
		return EXIT_USAGE;
	}
	for (int id = OPT_BASE; id <= OPT_FLIP; id++)
		if (o->given & GIVEN(id)) {
			msg_usage("option '--%s' applies to --scheme sinusoidal, not learned",
			          opt_name(id));
			return EXIT_USAGE;
		}
	if (from_path) {
		if (o->given & GIVEN(OPT_D)) {
			msg_usage("option '--d' does not apply with --from: the table's columns are its dimension");
			return EXIT_USAGE;
		}
		if (table_file_read(&learned_table, from_path, &err) != 0) {
			msg_error("%s", err.msg);
			return EXIT_USAGE;
		}
		if (!o->n_given) {
			o->n_pos = learned_table.n_pos;
		} else if (o->n_pos > learned_table.n_pos) {
			msg_usage("invalid value '%zu' for --n: the table has %zu positions",
			          o->n_pos, learned_table.n_pos);
			return EXIT_USAGE;
		}
		snprintf(o->source, sizeof o->source, "%s", strcmp(from_path, "-") ? from_path : "stdin");
	} else {
		double values = (double)o->n_pos * (double)o->scheme.n_dim;

		if (values > (double)PE_LEARNED_VALUES_MAX) {
			/* refused before any allocation: n and d are each in range,
			 * their product is not */
			msg_usage("--init normal: a %zu x %zu table is %.3g values, %.3g GiB as doubles: at most %lu values (%lu GiB); lower --n or --d",
			          o->n_pos, o->scheme.n_dim, values, values * 8.0 / 1073741824.0,
			          (unsigned long)PE_LEARNED_VALUES_MAX,
			          (unsigned long)(PE_LEARNED_VALUES_MAX * 8.0 / 1073741824.0));
			return EXIT_USAGE;
		}
		st = pe_learned_init_normal(&learned_table, o->n_pos, o->scheme.n_dim, o->seed,
		                            PE_LEARNED_STD_DEFAULT);
		if (st != PE_OK) {
			msg_error("cannot draw a %zu x %zu table: %s", o->n_pos, o->scheme.n_dim,
			          pe_status_str(st));
			return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
		snprintf(o->source, sizeof o->source, "init normal, std 0.02, seed %llu",
		         (unsigned long long)o->seed);
	}
	o->scheme.learned = &learned_table;
	o->scheme.n_dim = learned_table.n_dim;
	return EXIT_OK;
}

/* The bias schemes' settings, after the combination check: --head within
 * the heads, T5's buckets and distance, and the weights file. */
static int check_bias(struct opts *o, const char *weights_path)
{
	struct pe_bias_cfg *b = &o->scheme.bias;
	struct out_err err;

	if (o->scheme.kind == PE_SCHEME_T5) {
		int half = b->bidirectional ? b->n_buckets / 2 : b->n_buckets;

		if (weights_path) {
			if (table_file_read(&bucket_weights, weights_path, &err) != 0) {
				msg_error("%s", err.msg);
				return EXIT_USAGE;
			}
			if (!(o->given & GIVEN(OPT_BUCKETS))) {
				if (bucket_weights.n_pos > PE_T5_BUCKETS_MAX) {
					msg_usage("%s holds %zu rows: expected one per bucket, at most %d",
					          weights_path, bucket_weights.n_pos, PE_T5_BUCKETS_MAX);
					return EXIT_USAGE;
				}
				b->n_buckets = (int)bucket_weights.n_pos;
				half = b->bidirectional ? b->n_buckets / 2 : b->n_buckets;
			} else if (bucket_weights.n_pos != (size_t)b->n_buckets) {
				msg_usage("%s holds %zu rows: expected one per bucket, %d (--buckets)",
				          weights_path, bucket_weights.n_pos, b->n_buckets);
				return EXIT_USAGE;
			}
			if (bucket_weights.n_dim > PE_ALIBI_HEADS_MAX) {
				msg_usage("%s holds %zu columns: expected one per head, at most %d",
				          weights_path, bucket_weights.n_dim, PE_ALIBI_HEADS_MAX);
				return EXIT_USAGE;
			}
			b->weights = bucket_weights.data;
			b->n_heads = bucket_weights.n_dim;
			snprintf(o->source, sizeof o->source, "%s",
			         strcmp(weights_path, "-") ? weights_path : "stdin");
		} else if (o->given & GIVEN(OPT_HEAD)) {
			msg_usage("option '--head' applies to t5 with --bucket-weights (the bucket index is the same for every head)");
			return EXIT_USAGE;
		}
		if (b->n_buckets < (b->bidirectional ? 4 : 2)) {
			msg_usage("invalid value '%d' for --buckets: expected an integer in [%d, %d]%s",
			          b->n_buckets, b->bidirectional ? 4 : 2, PE_T5_BUCKETS_MAX,
			          b->bidirectional ? " (--bidirectional splits them in two)" : "");
			return EXIT_USAGE;
		}
		if (b->max_distance <= half / 2) {
			/* half/2 buckets are exact distances; the log buckets start there */
			msg_usage("invalid value '%d' for --max-distance: expected an integer in [%d, %d] (above the %d exact buckets)",
			          b->max_distance, half / 2 + 1, PE_T5_DISTANCE_MAX, half / 2);
			return EXIT_USAGE;
		}
	}
	if (b->head >= (o->scheme.kind == PE_SCHEME_T5 && !b->weights ? 1 : b->n_heads)) {
		msg_usage("invalid value '%zu' for --head: expected an integer in [0, %zu] (%zu heads)",
		          b->head, b->n_heads - 1, b->n_heads);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int opt_parse(struct opts *o, int argc, char **argv, unsigned accepts)
{
	struct option longopts[2 * N_OPT_DEFS + 1];
	char shortopts[2 * N_OPT_DEFS + 2];
	struct pe_scheme_cfg fl;   /* the flags' values, applied last */
	const char *config_path = NULL, *preset_name = NULL, *from_path = NULL;
	const char *weights_path = NULL;
	enum pe_scheme_kind kind = PE_SCHEME_SINUSOIDAL;
	size_t n_long = 0, n_short = 0;
	long long v;
	size_t k;
	int c, rc;

	memset(o, 0, sizeof *o);
	o->n_pos = OPT_N_DEFAULT;
	o->seed = OPT_SEED_DEFAULT;
	o->to_half = 1;
	o->max_dist = OPT_MAX_DIST_DEFAULT;
	o->step = 1.0;
	o->points = OPT_POINTS_DEFAULT;
	o->min_distance = OPT_MIN_DISTANCE_DEFAULT;
	o->max_abs = OPT_MAX_ABS_DEFAULT;
	o->tolerance = OPT_TOLERANCE_DEFAULT;
	o->offset = 1.0;
	o->compression = OPT_COMPRESSION_DEFAULT;
	pe_scheme_cfg_default(&fl, PE_SCHEME_SINUSOIDAL);

	shortopts[n_short++] = ':';
	for (k = 0; k < N_OPT_DEFS; k++) {
		const struct opt_def *def = &opt_defs[k];
		int has_arg = def->arg ? required_argument : no_argument;

		if (!takes(def, accepts))
			continue;
		longopts[n_long++] = (struct option){ def->name, has_arg, NULL, def->id };
		if (def->alias)
			longopts[n_long++] = (struct option){ def->alias, has_arg, NULL, def->id };
		if (def->short_name) {
			shortopts[n_short++] = (char)def->short_name;
			if (def->arg)
				shortopts[n_short++] = ':';
		}
	}
	longopts[n_long] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[n_short] = '\0';

	/* getopt_long takes any unique prefix: "--d" would mean --digits to a
	 * command without --d.  An option another command takes, spelt out in
	 * full, is refused rather than read as an abbreviation of another. */
	for (int a = 1; a < argc && strcmp(argv[a], "--") != 0; a++) {
		size_t len;

		if (strncmp(argv[a], "--", 2) != 0)
			continue;
		len = strcspn(argv[a] + 2, "=");
		for (k = 0; k < N_OPT_DEFS; k++) {
			const struct opt_def *def = &opt_defs[k];
			int exact = (strlen(def->name) == len && !strncmp(def->name, argv[a] + 2, len))
			            || (def->alias && strlen(def->alias) == len
			                && !strncmp(def->alias, argv[a] + 2, len));
			if (exact && !takes(def, accepts)) {
				msg_usage("unrecognized option '%.*s'", (int)len + 2, argv[a]);
				return EXIT_USAGE;
			}
		}
	}

	optind = 0;  /* glibc: reinitialise getopt for this argument vector */
	opterr = 0;  /* every message is ours */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c >= OPT_SCHEME && c < OPT_LAST)
			o->given |= GIVEN(c);
		if (c == OPT_N)
			o->n_given = 1;
		if (c == OPT_FACTOR)
			o->factor_given = 1;
		switch (c) {
		case OPT_SCHEME:
			if (parse_choice(&k, "scheme", optarg, scheme_names))
				return EXIT_USAGE;
			kind = scheme_kinds[k];
			break;
		case OPT_D:
			if (parse_int(&v, "d", optarg, PE_DIM_MIN, PE_DIM_MAX, 1))
				return EXIT_USAGE;
			fl.n_dim = (size_t)v;
			break;
		case OPT_N:
			if (parse_int(&v, "n", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			o->n_pos = (size_t)v;
			break;
		case OPT_BASE:
			if (parse_above(&fl.base, "base", optarg, 1.0))
				return EXIT_USAGE;
			break;
		case OPT_LAYOUT:
			if (parse_choice(&k, "layout", optarg, layout_names))
				return EXIT_USAGE;
			fl.layout = layout_kinds[k];
			break;
		case OPT_VARIANT:
			if (parse_choice(&k, "variant", optarg, variant_names))
				return EXIT_USAGE;
			fl.variant = k == 1 ? PE_SIN_FAIRSEQ : PE_SIN_VASWANI;
			break;
		case OPT_FLIP:
			fl.flip = 1;
			break;
		case OPT_FROM:
			if (!*optarg) {
				msg_usage("invalid value '' for --from: expected a file name or '-'");
				return EXIT_USAGE;
			}
			from_path = optarg;
			break;
		case OPT_INIT:
			if (parse_choice(&k, "init", optarg, init_names))
				return EXIT_USAGE;
			break;
		case OPT_HEADS:
			if (parse_int(&v, "heads", optarg, 1, PE_ALIBI_HEADS_MAX, 0))
				return EXIT_USAGE;
			fl.bias.n_heads = (size_t)v;
			break;
		case OPT_HEAD:
			if (parse_int(&v, "head", optarg, 0, PE_ALIBI_HEADS_MAX - 1, 0))
				return EXIT_USAGE;
			fl.bias.head = (size_t)v;
			break;
		case OPT_BUCKETS:
			if (parse_int(&v, "buckets", optarg, 2, PE_T5_BUCKETS_MAX, 0))
				return EXIT_USAGE;
			fl.bias.n_buckets = (int)v;
			break;
		case OPT_MAX_DISTANCE:
			if (parse_int(&v, "max-distance", optarg, 1, PE_T5_DISTANCE_MAX, 0))
				return EXIT_USAGE;
			fl.bias.max_distance = (int)v;
			break;
		case OPT_BIDIRECTIONAL:
			fl.bias.bidirectional = 1;
			break;
		case OPT_BUCKET_WEIGHTS:
			if (!*optarg) {
				msg_usage("invalid value '' for --bucket-weights: expected a file name or '-'");
				return EXIT_USAGE;
			}
			weights_path = optarg;
			break;
		case OPT_CONFIG:
			if (!*optarg) {
				msg_usage("invalid value '' for --config: expected a file name");
				return EXIT_USAGE;
			}
			config_path = optarg;
			break;
		case OPT_PRESET:
			if (!hf_preset_find(optarg)) {
				char list[512];
				const char *names[64];
				size_t n = 0;
				for (const struct hf_preset *p; n < 63 && (p = hf_preset_at(n)); n++)
					names[n] = p->name;
				names[n] = NULL;
				join(list, sizeof list, names);
				msg_usage("invalid value '%s' for --preset: expected one of %s", optarg, list);
				return EXIT_USAGE;
			}
			preset_name = optarg;
			break;
		case OPT_ROTARY_DIM:
			if (parse_int(&v, "rotary-dim", optarg, 2, PE_DIM_MAX, 1))
				return EXIT_USAGE;
			fl.rope.n_rot = (size_t)v;
			break;
		case OPT_PAIRING:
			if (parse_choice(&k, "pairing", optarg, pairing_names))
				return EXIT_USAGE;
			fl.rope.pairing = pairing_kinds[k];
			break;
		case OPT_SCALING:
			if (parse_choice(&k, "scaling", optarg, scaling_names))
				return EXIT_USAGE;
			fl.rope.scaling = scaling_kinds[k];
			break;
		case OPT_FACTOR:
			if (parse_at_least(&fl.rope.factor, "factor", optarg, 1.0))
				return EXIT_USAGE;
			break;
		case OPT_ORIGINAL_MAX:
			if (parse_int(&v, "original-max", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			fl.rope.original_max = (double)v;
			break;
		case OPT_SEQ_LEN:
			if (parse_int(&v, "seq-len", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			fl.rope.seq_len = (double)v;
			break;
		case OPT_BETA_FAST:
			if (parse_above(&fl.rope.beta_fast, "beta-fast", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_BETA_SLOW:
			if (parse_above(&fl.rope.beta_slow, "beta-slow", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_ATTENTION_FACTOR:
			if (parse_above(&fl.rope.attention_factor, "attention-factor", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_LOW_FREQ_FACTOR:
			if (parse_above(&fl.rope.low_freq_factor, "low-freq-factor", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_HIGH_FREQ_FACTOR:
			if (parse_above(&fl.rope.high_freq_factor, "high-freq-factor", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_SHORT_FACTOR:
			if (parse_list(o->short_f, &o->n_short_f, "short-factor", optarg))
				return EXIT_USAGE;
			break;
		case OPT_LONG_FACTOR:
			if (parse_list(o->long_f, &o->n_long_f, "long-factor", optarg))
				return EXIT_USAGE;
			break;
		case OPT_GAMMA:
			if (parse_above(&fl.rope.gamma, "gamma", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_SCALE_BASE:
			if (parse_above(&fl.rope.scale_base, "scale-base", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_TABLE:
			if (parse_choice(&k, "table", optarg, table_names))
				return EXIT_USAGE;
			fl.table = table_kinds[k];
			break;
		case OPT_OF:
			if (parse_choice(&k, "of", optarg, of_names))
				return EXIT_USAGE;
			o->similarity = k == 1;
			break;
		case OPT_METRIC:
			if (parse_choice(&k, "metric", optarg, metric_names))
				return EXIT_USAGE;
			o->cosine = k == 1;
			break;
		case OPT_TO:
			if (parse_choice(&k, "to", optarg, to_names))
				return EXIT_USAGE;
			o->to_half = k == 1;
			break;
		case OPT_VERIFY:
			o->verify = 1;
			break;
		case OPT_MAX_DIST:
			if (parse_above(&o->max_dist, "max-dist", optarg, 0.0))
				return EXIT_USAGE;
			if (o->max_dist > OPT_MAX_DIST_MAX) {
				bad_value("max-dist", optarg, "a finite number > 0, at most 1e15");
				return EXIT_USAGE;
			}
			break;
		case OPT_STEP:
			if (parse_above(&o->step, "step", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_LOG:
			o->log = 1;
			break;
		case OPT_POINTS:
			if (parse_int(&v, "points", optarg, 2, 1000000, 0))
				return EXIT_USAGE;
			o->points = (size_t)v;
			break;
		case OPT_SAMPLES:
			if (parse_int(&v, "samples", optarg, 1, 100000, 0))
				return EXIT_USAGE;
			o->samples = (size_t)v;
			break;
		case OPT_NORMALIZE:
			o->normalize = 1;
			break;
		case OPT_MIN_DISTANCE:
			if (parse_at_least(&o->min_distance, "min-distance", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_MAX_ABS:
			if (parse_above(&o->max_abs, "max-abs", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_TOLERANCE:
			if (parse_above(&o->tolerance, "tolerance", optarg, 0.0))
				return EXIT_USAGE;
			break;
		case OPT_TRAIN_LEN:
			if (parse_int(&v, "train-len", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			o->train_len = (double)v;
			break;
		case OPT_TARGET_LEN:
			if (parse_int(&v, "target-len", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			o->target_len = (double)v;
			break;
		case OPT_COMPARE:
			if (parse_compare(o, optarg))
				return EXIT_USAGE;
			break;
		case OPT_BASE_BOUND:
			o->base_bound = 1;
			break;
		case OPT_OFFSET:
			if (parse_int(&v, "offset", optarg, 0, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			o->offset = (double)v;
			break;
		case OPT_SEED:
			if (parse_u64(&o->seed, "seed", optarg))
				return EXIT_USAGE;
			break;
		case 'o':
			if (!*optarg) {
				msg_usage("invalid value '' for --output: expected a file name or '-'");
				return EXIT_USAGE;
			}
			o->output = optarg;
			break;
		case OPT_FORMAT:
			o->format = optarg;
			break;
		case OPT_DIGITS:
			if (parse_int(&v, "digits", optarg, 1, FMT_DIGITS_MAX, 0))
				return EXIT_USAGE;
			o->digits = (int)v;
			break;
		case OPT_RAW:
			o->raw = 1;
			break;
		case OPT_COLORMAP: {
			const char *names[16];
			for (k = 0; k < 15 && colormap_at(k); k++)
				names[k] = colormap_at(k)->name;
			names[k] = NULL;
			if (parse_choice(&k, "colormap", optarg, names))
				return EXIT_USAGE;
			o->colormap = names[k];
			break;
		}
		case OPT_RANGE:
			if (parse_range(o, optarg))
				return EXIT_USAGE;
			break;
		case OPT_SCALE:
			if (parse_int(&v, "scale", optarg, 1, 1024, 0))
				return EXIT_USAGE;
			o->scale = (size_t)v;
			break;
		case OPT_MAX_SIZE:
			if (parse_int(&v, "max-size", optarg, 1, 1000000000, 0))
				return EXIT_USAGE;
			o->max_size = (size_t)v;
			break;
		case OPT_PLOT:
			o->plot = 1;
			break;
		case OPT_THREADS:
			if (parse_int(&v, "threads", optarg, 0, OPT_THREADS_MAX, 0))
				return EXIT_USAGE;
			o->threads = (unsigned)v;
			break;
		case OPT_NO_PROGRESS:
			o->no_progress = 1;
			break;
		case OPT_COMPRESSION:
			if (parse_int(&v, "compression", optarg, 0, 9, 0))
				return EXIT_USAGE;
			o->compression = (int)v;
			break;
		case 'h':
			o->help = 1;
			return EXIT_OK;
		case ':':
			msg_usage("option '%s' requires an argument", argv[optind - 1]);
			return EXIT_USAGE;
		case '?':
		default:
			if (!report_ambiguous(argv[optind - 1], longopts))
				opt_bad_option(argv[optind - 1], optopt);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		msg_usage("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	/* the scheme: --scheme, else rope when a model is named */
	if (!(o->given & GIVEN(OPT_SCHEME)) && (config_path || preset_name
	                                        || (accepts & (OPTF_LAYOUT | OPTF_EXTRAP))))
		kind = PE_SCHEME_ROPE;
	if (!(o->given & GIVEN(OPT_SCHEME)) && (from_path || (o->given & GIVEN(OPT_INIT))))
		kind = PE_SCHEME_LEARNED;
	if ((accepts & OPTF_LAYOUT) && kind != PE_SCHEME_ROPE && kind != PE_SCHEME_XPOS) {
		msg_usage("a pairing layout belongs to --scheme rope and xpos, not %s",
		          scheme_names[kind]);
		return EXIT_USAGE;
	}
	pe_scheme_cfg_default(&o->scheme, kind);
	if (kind == PE_SCHEME_ROPE || kind == PE_SCHEME_XPOS)
		o->scheme.n_dim = OPT_D_ROPE_DEFAULT;
	else if (kind != PE_SCHEME_ALIBI && kind != PE_SCHEME_T5)
		o->scheme.n_dim = OPT_D_DEFAULT;
	if (kind != PE_SCHEME_SINUSOIDAL && (config_path || preset_name)
	    && !((o->given & GIVEN(OPT_CONFIG)) && (o->given & GIVEN(OPT_PRESET)))) {
		struct out_err err;

		if (config_path) {
			snprintf(o->source, sizeof o->source, "%s", config_path);
			if (hf_config_load(&o->hf, config_path, &err) != 0) {
				/* a missing or malformed input file is the user's to fix */
				msg_error("%s", err.msg);
				return EXIT_USAGE;
			}
		} else {
			snprintf(o->source, sizeof o->source, "preset %s", preset_name);
			o->hf = hf_preset_find(preset_name)->cfg;
		}
		rc = apply_model(o, &o->scheme);
		if (rc != EXIT_OK)
			return rc;
	}
	apply_flags(&o->scheme, &fl, o->given);
	if (kind == PE_SCHEME_LEARNED) {
		rc = load_learned(o, from_path, accepts);
		if (rc != EXIT_OK)
			return rc;
	} else if (o->given & (GIVEN(OPT_FROM) | GIVEN(OPT_INIT))) {
		msg_usage("option '--%s' applies to --scheme learned, not %s",
		          (o->given & GIVEN(OPT_FROM)) ? "from" : "init", scheme_names[kind]);
		return EXIT_USAGE;
	}
	if (o->given & GIVEN(OPT_TABLE))
		o->scheme.table = fl.table;
	o->all_heads = !(o->given & GIVEN(OPT_HEAD));
	rc = check_combination(o, accepts);
	if (rc == EXIT_OK && (kind == PE_SCHEME_ALIBI || kind == PE_SCHEME_T5))
		rc = check_bias(o, weights_path);
	return rc;
}

int opt_format(enum out_format *fmt, const struct opts *o,
               const struct opt_format *choices)
{
	const char *names[8];
	size_t k, n = 0;

	if (!o->format) {
		*fmt = choices[0].format;
		return EXIT_OK;
	}
	for (n = 0; choices[n].name && n < 7; n++)
		names[n] = choices[n].name;
	names[n] = NULL;
	if (parse_choice(&k, "format", o->format, names))
		return EXIT_USAGE;
	*fmt = choices[k].format;
	return EXIT_OK;
}

void opt_help(FILE *fp, unsigned accepts, const struct opt_format *formats)
{
	char left[64], list[128];
	const char *names[8];
	size_t n;

	for (int g = G_SCHEME; g <= G_OTHER; g++) {
		int header = 0;

		for (size_t k = 0; k < N_OPT_DEFS; k++) {
			const struct opt_def *def = &opt_defs[k];

			if (def->group != (enum opt_group)g || !takes(def, accepts))
				continue;
			if (!header) {
				fprintf(fp, "%s:\n", group_titles[g]);
				header = 1;
			}
			if (def->short_name)
				snprintf(left, sizeof left, "-%c, --%s%s%s", def->short_name,
				         def->name, def->arg ? " " : "", def->arg ? def->arg : "");
			else if (def->alias)
				snprintf(left, sizeof left, "--%s %s, --%s %s", def->name,
				         def->arg, def->alias, def->arg);
			else
				snprintf(left, sizeof left, "--%s%s%s", def->name,
				         def->arg ? " " : "", def->arg ? def->arg : "");
			if (def->id == OPT_FORMAT) {
				for (n = 0; formats[n].name && n < 7; n++)
					names[n] = formats[n].name;
				names[n] = NULL;
				join(list, sizeof list, names);
				if (formats[0].format == OUT_FORMAT_TABLE)
					fprintf(fp, "  %-24s output format: %s (default: table on a terminal,\n"
					        "  %-24s csv otherwise)\n", left, list, "");
				else
					fprintf(fp, "  %-24s output format: %s (default %s)\n", left, list,
					        formats[0].name);
				continue;
			}
			if (strlen(left) > 24)
				fprintf(fp, "  %s\n  %-24s %s\n", left, "", def->help);
			else
				fprintf(fp, "  %-24s %s\n", left, def->help);
		}
	}
}

/* ---- the scheme and its metadata ---- */

int opt_scheme(struct pe_scheme *s, const struct opts *o)
{
	enum pe_status st = pe_scheme_init(s, &o->scheme);

	if (st == PE_OK)
		return EXIT_OK;
	msg_error("cannot build the %s scheme: %s", scheme_names[o->scheme.kind],
	          pe_status_str(st));
	return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

static const char *name_of(const char *const *names, const int *kinds, int kind)
{
	for (size_t k = 0; names[k]; k++)
		if (kinds[k] == kind)
			return names[k];
	return "?";
}

const char *opt_layout_name(enum pe_layout layout)
{
	return name_of(layout_names, (const int *)layout_kinds, (int)layout);
}

const char *opt_pairing_name(enum pe_rope_pairing pairing)
{
	return name_of(pairing_names, (const int *)pairing_kinds, (int)pairing);
}

const char *opt_scaling_name(enum pe_rope_scaling scaling)
{
	return name_of(scaling_names, (const int *)scaling_kinds, (int)scaling);
}

const char *opt_table_name(enum pe_table table)
{
	if (table == PE_TABLE_CODE)
		return "code";
	return name_of(table_names, (const int *)table_kinds, (int)table);
}

static void meta_num(struct table_src *t, const char *key, double v)
{
	char num[FMT_BUF];

	fmt_double(num, v, 0);
	table_meta_add(t, key, "%s", num);
}

void opt_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s,
              const char *cmd)
{
	const struct pe_scheme_cfg *cfg = &o->scheme;
	const struct pe_rope_cfg *r = &cfg->rope;

	table_meta_add(t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(t, "command", "%s", cmd);
	if (o->source[0])
		table_meta_add(t, "source", "%s", o->source);
	table_meta_add(t, "scheme", "%s", scheme_names[cfg->kind]);
	if (cfg->kind != PE_SCHEME_ALIBI && cfg->kind != PE_SCHEME_T5)
		table_meta_add(t, "d", "%zu", cfg->n_dim);
	if (strcmp(cmd, "decay") != 0 && strcmp(cmd, "extrapolate") != 0)
		/* decay's range is --max-dist, extrapolate's the two lengths */
		table_meta_add(t, "n", "%zu", o->n_pos);
	if (cfg->kind == PE_SCHEME_ALIBI || cfg->kind == PE_SCHEME_T5) {
		const struct pe_bias_cfg *b = &cfg->bias;

		if (cfg->kind == PE_SCHEME_T5) {
			table_meta_add(t, "buckets", "%d", b->n_buckets);
			table_meta_add(t, "max_distance", "%d", b->max_distance);
			table_meta_add(t, "direction", "%s", b->bidirectional
			               ? "bidirectional (half the buckets for keys after the query)"
			               : "causal (keys after the query share bucket 0)");
			table_meta_add(t, "values", "%s", b->weights ? "bias (bucket weights)"
			                                             : "bucket index");
			if (!b->weights)
				return;
		}
		table_meta_add(t, "heads", "%zu", b->n_heads);
		if (o->all_heads)
			table_meta_add(t, "head", "%s", "all, side by side");
		else
			table_meta_add(t, "head", "%zu", b->head);
		return;
	}
	if (cfg->kind == PE_SCHEME_NOPE || cfg->kind == PE_SCHEME_LEARNED)
		return;
	meta_num(t, "base", cfg->base);
	if (cfg->kind == PE_SCHEME_SINUSOIDAL) {
		table_meta_add(t, "layout", "%s", opt_layout_name(cfg->layout));
		if (cfg->variant == PE_SIN_FAIRSEQ)
			table_meta_add(t, "variant", "%s", "fairseq");
		if (cfg->flip)
			table_meta_add(t, "flip", "%s", "cos before sin");
		return;
	}
	table_meta_add(t, "rotary_dim", "%zu", r->n_rot ? r->n_rot : cfg->n_dim);
	table_meta_add(t, "pairing", "%s", opt_pairing_name(r->pairing));
	table_meta_add(t, "scaling", "%s", opt_scaling_name(r->scaling));
	if (r->scaling != PE_ROPE_SCALING_NONE && !isnan(r->factor))
		meta_num(t, "factor", r->factor);
	else if ((r->scaling == PE_ROPE_SCALING_YARN || r->scaling == PE_ROPE_SCALING_LONGROPE)
	         && r->original_max > 0 && r->max_pos > 0)
		table_meta_add(t, "factor", "%.17g (max_pos / original_max)",
		               r->max_pos / r->original_max);
	if (r->original_max > 0)
		meta_num(t, "original_max", r->original_max);
	if (r->max_pos > 0)
		meta_num(t, "max_pos", r->max_pos);
	if (r->seq_len > 0)
		meta_num(t, "seq_len", r->seq_len);
	if (r->scaling == PE_ROPE_SCALING_YARN) {
		meta_num(t, "beta_fast", r->beta_fast);
		meta_num(t, "beta_slow", r->beta_slow);
	}
	if (r->scaling == PE_ROPE_SCALING_LLAMA3) {
		meta_num(t, "low_freq_factor", r->low_freq_factor);
		meta_num(t, "high_freq_factor", r->high_freq_factor);
	}
	if (cfg->kind == PE_SCHEME_XPOS) {
		meta_num(t, "gamma", r->gamma);
		meta_num(t, "scale_base", r->scale_base);
	}
	if (s)
		meta_num(t, "attention_factor", s->attention_factor);
}

/*
 * cmd_check.c - pecli check: the properties of a good positional encoding,
 * one row each (property, value, threshold, status), and exit status 1 when
 * one fails, so a script can gate on it:
 *
 *   uniqueness     smallest distance between the codes of two positions
 *   collision_*    first position whose code, rounded to float32, float16 or
 *                  bfloat16, equals an earlier one
 *   consistency_*  spread of ||PE(p+k) - PE(p)|| and PE(p).PE(p+k) over p
 *                  and over lengths n/4, n/2, n
 *   bounded        largest |value|
 *   decay          whether the score's envelope falls over distances < n
 *   invariance     RoPE, xPos: largest relative change of a score when both
 *                  positions shift
 *   uniqueness_grid  with --grid: smallest distance between the codes of
 *                  two patches of the grid
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define CHECK_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_CHECK | OPTF_LAYERS)

/* decay: a bin may exceed the previous one by this much and still count as
 * falling (rounding, not a rise) */
#define CHECK_DECAY_RTOL 1e-9

static void check_help(void)
{
	fputs("Usage: pecli check [SCHEME OPTIONS] [--min-distance D] [--max-abs A]\n"
	      "                   [--tolerance T] [--seed N] [--grid HxW|TxHxW]\n"
	      "                   [--format table|csv|tsv|json] [--digits N] [-o FILE]\n"
	      "Measure the properties of a good encoding over positions 0 .. n-1 and print\n"
	      "one row each: property, value, threshold, status (pass, fail or skip).\n"
	      "uniqueness: the smallest distance between two codes (pass above\n"
	      "--min-distance); collision_float32, _float16, _bfloat16: the first position\n"
	      "whose rounded code repeats an earlier one (pass: none); consistency_distance,\n"
	      "consistency_dot: the relative spread over p and lengths (pass below\n"
	      "--tolerance, raised to 5 units of roundoff for a table stored in float32,\n"
	      "float16 or bfloat16); bounded: the largest |value| (pass up to --max-abs);\n"
	      "decay: the distance where the score's envelope first rises, 1 if it never\n"
	      "falls (pass: none); invariance (rope, xpos): the relative change under a\n"
	      "shift (pass below --tolerance);\n"
	      "uniqueness_grid, with --grid: the smallest distance between the codes of\n"
	      "two patches of the grid (pass above --min-distance).\n"
	      "alibi and t5 have no code: consistency_bias replaces the code's rows (the\n"
	      "spread of the bias at each distance), and decay is measured on exp(bias).\n"
	      "With --layer-type all, a first column layer_type and each layer type's rows\n"
	      "in turn.  An aligned table on a terminal, CSV otherwise.  Exit status 1 if a\n"
	      "property fails (of any layer type).\n"
	      "\n", stdout);
}

static const struct cli_cmd check_cmd = { CHECK_OPTS, check_help, cli_table_formats, 0 };

static const char *const check_cols[] = { "property", "value", "threshold", "status" };

enum { N_PROPS = 10 };

struct check_rows {
	struct src_small sm;
	size_t n;
	int failed;
};

/* One row: status from pass; value or threshold NAN prints empty. */
static void add(struct check_rows *c, const char *name, double value, double threshold,
                const char *status)
{
	size_t base = c->n * 4;

	c->sm.texts[base + 0] = name;
	c->sm.cells[base + 1] = value;
	c->sm.cells[base + 2] = threshold;
	if (isnan(value))
		c->sm.texts[base + 1] = "";
	if (isnan(threshold))
		c->sm.texts[base + 2] = "";
	c->sm.texts[base + 3] = status;
	c->failed |= status[0] == 'f';
	c->n++;
}

static const char *verdict(int pass)
{
	return pass ? "pass" : "fail";
}

/* decay's value: the distance from which the envelope stops falling, where
 * it first rises, or 1 when it never falls (a flat score: NoPE's 0 at every
 * distance fails, it does not decay); empty when it decays. */
static double decay_value(const struct pe_props_decay *d)
{
	return d->decays ? NAN : d->flat ? 1.0 : (double)d->rise_at;
}

/*
 * The bias schemes have no code: uniqueness, the collisions, the distance
 * consistency and boundedness are properties of a code and are skipped.
 * consistency_bias: the bias of the key k positions back is the same
 * wherever the query is, at every length; decay: exp(bias) falls with the
 * distance (not for T5's bare bucket index).  Each over every head shown,
 * the worst reported.
 */
static int check_bias(struct check_rows *c, const struct opts *o,
                      const struct pe_scheme *scheme)
{
	static const char *const code_props[] = {
		"uniqueness", "collision_float32", "collision_float16", "collision_bfloat16",
		"consistency_distance"
	};
	size_t h0 = o->all_heads ? 0 : scheme->cfg.bias.head;
	size_t n_shown = o->all_heads ? scheme->n_heads : 1;
	double spread = 0.0;
	size_t rise_at = 0;
	int decays = 1, has_decay = 1;
	enum pe_status st = PE_OK;

	for (size_t k = 0; k < sizeof code_props / sizeof code_props[0]; k++)
		add(c, code_props[k], NAN, NAN, "skip");
	for (size_t h = h0; h < h0 + n_shown && st == PE_OK; h++) {
		struct pe_scheme one = *scheme;   /* the same tables, another head */
		struct pe_props_consistency cons;
		struct pe_props_decay dec;

		one.cfg.bias.head = h;
		st = pe_props_bias_consistency(&cons, &one, o->n_pos);
		for (int t = 0; st == PE_OK && t < 3; t++)
			spread = fmax(spread, cons.dot[t].rel);
		if (st != PE_OK)
			break;
		st = pe_props_decay(&dec, NULL, &one, o->n_pos, CHECK_DECAY_RTOL);
		if (st == PE_ENOTSUP || (st == PE_OK && dec.n_bins < 2)) {
			has_decay = 0;
			st = PE_OK;
		} else if (st == PE_OK && !dec.decays
		           && (decays || decay_value(&dec) < (double)rise_at)) {
			decays = 0;
			rise_at = (size_t)decay_value(&dec);
		}
	}
	if (st != PE_OK) {
		msg_error("cannot measure the properties: %s", pe_status_str(st));
		return EXIT_RUNTIME;
	}
	add(c, "consistency_bias", spread, o->tolerance, verdict(spread <= o->tolerance));
	add(c, "bounded", NAN, NAN, "skip");
	if (has_decay)
		add(c, "decay", decays ? NAN : (double)rise_at, NAN, verdict(decays));
	else
		add(c, "decay", NAN, NAN, "skip");
	add(c, "invariance", NAN, NAN, "skip");
	return EXIT_OK;
}

/* The precision of a learned table as stored (a float32 .npy, a BF16
 * tensor); PE_FP64 for text, --init and the schemes computed here. */
static enum pe_fp stored_fp(const struct pe_scheme *scheme)
{
	return scheme->cfg.learned ? scheme->cfg.learned->stored : PE_FP64;
}

/* --tolerance, raised to the least a table stored in fp can meet
 * (pe_fp_tolerance_floor, pe.h, says why 5 units of roundoff). */
static double check_tolerance(const struct opts *o, enum pe_fp fp)
{
	return fmax(o->tolerance, pe_fp_tolerance_floor(fp));
}

/* Say which precision the tolerances assume, when it is not double. */
static void precision_meta(struct table_src *t, const struct opts *o, enum pe_fp fp)
{
	char num[FMT_BUF];

	if (fp == PE_FP64)
		return;
	fmt_double(num, check_tolerance(o, fp), 0);
	table_meta_add(t, "precision", "%s, the table as stored: tolerance at least %s "
	               "(5 units of its roundoff)", pe_fp_name(fp), num);
}

/* --grid: the smallest distance between the codes of two patches. */
static int check_grid(struct check_rows *c, const struct opts *o,
                      const struct pe_scheme *scheme)
{
	struct pe_points pts;
	double dmin;
	size_t i, j;
	enum pe_status st;
	int rc;

	if (!o->grid[0])
		return EXIT_OK;
	rc = cli_points(&pts, o, scheme);
	if (rc != EXIT_OK)
		return rc;
	st = pts.n < 2 ? PE_EINVAL : pe_props_grid_min_distance(&dmin, &i, &j, scheme, &pts);
	pe_points_free(&pts);
	if (st == PE_EINVAL) {
		msg_usage("invalid value '%s' for --grid: uniqueness needs two patches",
		          opt_arg(o, &cli_opt_grid));
		return EXIT_USAGE;
	}
	if (st != PE_OK) {
		msg_error("cannot measure the uniqueness over the grid: %s", pe_status_str(st));
		return EXIT_RUNTIME;
	}
	add(c, "uniqueness_grid", dmin, o->min_distance, verdict(dmin > o->min_distance));
	return EXIT_OK;
}

/* The properties of one scheme into t, their rows held in state (struct
 * check_rows). */
static int check_table(struct table_src *t, void *state, const struct opts *o,
                       const struct pe_scheme *scheme)
{
	static const enum pe_fp fps[3] = { PE_FP32, PE_FP16, PE_BF16 };
	static const char *const collision_names[3] = {
		"collision_float32", "collision_float16", "collision_bfloat16"
	};
	struct check_rows *c = state;
	enum pe_status st;
	int rc, rotary;
	size_t n = o->n_pos;
	double tol = check_tolerance(o, stored_fp(scheme));

	if (!scheme->ops->bias) {
		char what[64];

		snprintf(what, sizeof what, "check --n %zu (the collision hashes)", n);
		rc = cli_check_memory(pe_props_collision_bytes(scheme, n), what, "lower --n");
		if (rc != EXIT_OK)
			return rc;
	}
	rotary = (scheme->ops->traits & PE_TRAIT_ROTARY) != 0;
	src_small_init(t, &c->sm, N_PROPS, 4, check_cols);

	if (scheme->ops->bias) {
		if (o->grid[0]) {
			msg_usage("--grid: the %s scheme is a bias between positions, not a code at a patch",
			          scheme->ops->name);
			return EXIT_USAGE;
		}
		rc = check_bias(c, o, scheme);
		if (rc != EXIT_OK)
			return rc;
		goto emit;
	}

	/* uniqueness */
	{
		double dmin;
		size_t i, j;
		st = pe_props_min_distance(&dmin, &i, &j, scheme, n, PE_PROPS_AUTO);
		if (st != PE_OK)
			goto core_fail;
		add(c, "uniqueness", dmin, o->min_distance, verdict(dmin > o->min_distance));
	}
	for (int k = 0; k < 3; k++) {
		int found;
		size_t first, other;
		st = pe_props_collision(&found, &first, &other, scheme, n, fps[k]);
		if (st != PE_OK)
			goto core_fail;
		add(c, collision_names[k], found ? (double)first : NAN, NAN, verdict(!found));
	}
	{
		struct pe_props_consistency cons;
		double dist = 0.0, dot = 0.0;
		st = pe_props_consistency(&cons, scheme, n);
		if (st != PE_OK)
			goto core_fail;
		for (int k = 0; k < 3; k++) {
			dist = fmax(dist, cons.dist[k].rel);
			dot = fmax(dot, cons.dot[k].rel);
		}
		add(c, "consistency_distance", dist, tol, verdict(dist <= tol));
		add(c, "consistency_dot", dot, tol, verdict(dot <= tol));
	}
	{
		struct pe_props_bounds b;
		st = pe_props_bounds(&b, scheme, n);
		if (st != PE_OK)
			goto core_fail;
		add(c, "bounded", b.max_abs, o->max_abs, verdict(b.max_abs <= o->max_abs));
	}
	{
		struct pe_props_decay dec;
		st = pe_props_decay(&dec, NULL, scheme, n, CHECK_DECAY_RTOL);
		/* one bin (n = 2): no envelope to judge */
		if (st == PE_ENOTSUP || (st == PE_OK && dec.n_bins < 2))
			add(c, "decay", NAN, NAN, "skip");
		else if (st != PE_OK)
			goto core_fail;
		else
			add(c, "decay", decay_value(&dec), NAN, verdict(dec.decays));
	}
	if (rotary && n >= 3) {   /* a shift needs room: positions 0, 1 and 2 */
		double max_abs, max_rel;
		st = pe_props_invariance(&max_abs, &max_rel, scheme, n, o->seed);
		if (st != PE_OK)
			goto core_fail;
		add(c, "invariance", max_rel, tol, verdict(max_rel <= tol));
	} else {
		add(c, "invariance", NAN, NAN, "skip");
	}
	rc = check_grid(c, o, scheme);
	if (rc != EXIT_OK)
		return rc;
emit:
	t->n_rows = c->n;
	opt_meta(t, o, scheme, "check");
	precision_meta(t, o, stored_fp(scheme));
	return EXIT_OK;
core_fail:
	msg_error("cannot measure the properties: %s", pe_status_str(st));
	return EXIT_RUNTIME;
}

int cmd_check(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct check_rows rows[MODEL_LAYER_TYPES_MAX];
	struct cli_types types = { 0 };
	struct table_src t;
	enum out_format fmt;
	int rc;

	memset(rows, 0, sizeof rows);
	rc = cli_setup(&o, NULL, argc, argv, &check_cmd, &fmt);
	if (rc != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	fmt = cli_table_or_csv(&o, fmt);
	if (o.n_pos < 2) {
		msg_usage("invalid value '%zu' for --n: check compares positions: expected an integer in [2, 1000000000]",
		          o.n_pos);
		return EXIT_USAGE;
	}
	if (o.all_types)   /* one block of rows per layer type */
		rc = cli_types_source(&t, &types, &o, fmt, check_table, rows, sizeof rows[0]);
	else if ((rc = opt_scheme(&scheme, &o)) == EXIT_OK)
		rc = check_table(&t, &rows[0], &o, &scheme);
	if (rc == EXIT_OK)
		rc = cli_emit(&t, &o, fmt);
	for (size_t k = 0; k < MODEL_LAYER_TYPES_MAX && rc == EXIT_OK; k++)
		if (rows[k].failed)
			rc = EXIT_FAIL;
	cli_types_free(&types);
	pe_scheme_free(&scheme);
	return rc;
}

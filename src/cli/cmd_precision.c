/*
 * cmd_precision.c - pecli precision: where a positional table kept in a
 * low-precision format loses positions.  One row per format: the largest
 * error of the cos/sin table when the positions, the inverse frequencies
 * or their products are held in it, the first position the fastest pair
 * cannot tell from the one before, and for xPos the scale positions where
 * the format overflows, goes subnormal and underflows.
 */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"

#define PRECISION_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS)
#define PRECISION_N_DEFAULT 131072

static void precision_help(void)
{
	fputs("Usage: pecli precision [SCHEME OPTIONS] [--format csv|tsv|json] [--digits N]\n"
	      "                       [-o FILE]\n"
	      "One row per format (float32, float16, bfloat16): err_positions, err_inv_freq,\n"
	      "err_angle = the largest error of cos and sin over positions below --n\n"
	      "(default 131072) and all pairs when the positions, the inverse frequencies\n"
	      "or the angles are held in the format (inf: the format cannot hold the\n"
	      "positions); first_merge = the first position whose angle in the fastest pair\n"
	      "rounds onto its neighbour's (empty: none below n); xpos adds overflow_at,\n"
	      "subnormal_at, underflow_at: the scale positions where zeta^(+-n/B) leaves\n"
	      "the format.\n"
	      "\n", stdout);
}

static const struct cli_cmd precision_cmd = { PRECISION_OPTS, precision_help, cli_text_formats,
                                              PRECISION_N_DEFAULT };

static const char *const cols[] = {
	"format", "err_positions", "err_inv_freq", "err_angle", "first_merge",
	"overflow_at", "subnormal_at", "underflow_at"
};
static const enum pe_fp fps[3] = { PE_FP32, PE_FP16, PE_BF16 };

int cmd_precision(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_small sm;
	enum out_format fmt;
	char merge_txt[3][24];   /* positions print exactly, whatever --digits */
	size_t nc;
	int rc, xpos;

	rc = cli_setup(&o, &scheme, argc, argv, &precision_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (!scheme.inv_freq) {
		msg_usage("--scheme %s has no table to hold in low precision", scheme.ops->name);
		rc = EXIT_USAGE;
		goto done;
	}
	xpos = (scheme.ops->traits & PE_TRAIT_SCALE) != 0;
	nc = xpos ? 8 : 5;
	src_small_init(&t, &sm, 3, nc, cols);
	for (int k = 0; k < 3; k++) {
		struct pe_precision_table pt;
		size_t merge;
		enum pe_status st;
		double *c = &sm.cells[k * nc];

		sm.texts[k * nc] = pe_fp_name(fps[k]);
		st = pe_precision_table(&pt, &scheme, fps[k], o.n_pos);
		if (st == PE_ERANGE)
			pt.err_pos = pt.err_freq = pt.err_prod = INFINITY;
		else if (st != PE_OK)
			goto core_fail;
		c[1] = pt.err_pos;
		c[2] = pt.err_freq;
		c[3] = pt.err_prod;
		st = pe_precision_first_merge(&merge, &scheme, fps[k], o.n_pos);
		if (st != PE_OK)
			goto core_fail;
		c[4] = (double)merge;
		snprintf(merge_txt[k], sizeof merge_txt[k], "%zu", merge);
		sm.texts[k * nc + 4] = merge >= o.n_pos ? "" : merge_txt[k];
		if (xpos) {
			struct pe_xpos_limits lim;
			st = pe_xpos_fp_limits(&lim, &scheme, fps[k]);
			if (st != PE_OK)
				goto core_fail;
			c[5] = lim.n_overflow;
			c[6] = lim.n_subnormal;
			c[7] = lim.n_underflow;
		}
		continue;
core_fail:
		msg_error("cannot measure %s: %s", pe_fp_name(fps[k]), pe_status_str(st));
		rc = EXIT_RUNTIME;
		goto done;
	}
	opt_meta(&t, &o, &scheme, "precision");
	rc = cli_emit(&t, &o, fmt);
done:
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

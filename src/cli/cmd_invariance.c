/*
 * cmd_invariance.c - pecli invariance: relative invariance measured, not
 * assumed, in float64, float32, float16 and bfloat16 arithmetic (each
 * operation rounded to the format, emulated exactly).  RoPE: the largest
 * relative change of <R_m q, R_n k> when both positions shift, and the
 * error of rotating by a then b against a + b.  Sinusoidal: the error of
 * the linear map M_k PE(p) = PE(p+k).
 */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"

#define INVAR_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_INVAR)
#define INVAR_N_DEFAULT 131072   /* positions up to 2^17: past float16's 2^11 */

static void invariance_help(void)
{
	fputs("Usage: pecli invariance [SCHEME OPTIONS] [--offset K] [--seed N]\n"
	      "                        [--format csv|tsv|json] [--digits N] [-o FILE]\n"
	      "Measure relative invariance in each arithmetic: one row per format\n"
	      "(float64, float32, float16, bfloat16), every operation rounded to it.\n"
	      "rope: shift_error = the largest |<R_m q,R_n k> - <R_m+s q,R_n+s k>| relative\n"
	      "to |q| |k| over a grid of m, n, s below --n (default 131072), and\n"
	      "compose_error = the largest |R_b R_a q - R_a+b q| / |q|, for seeded random\n"
	      "q and k.  sinusoidal: map_error = the largest |M_k PE(p) - PE(p+k)| over\n"
	      "p < n, k = --offset, and at_pos where it first occurs.  inf: the format\n"
	      "cannot hold the positions (float16 rounds 65520 and above to inf).\n"
	      "\n", stdout);
}

static const struct cli_cmd invariance_cmd = { INVAR_OPTS, invariance_help, cli_text_formats,
                                               INVAR_N_DEFAULT };

static const char *const rope_cols[] = { "format", "shift_error", "compose_error" };
static const char *const sin_cols[] = { "format", "map_error", "at_pos" };
static const enum pe_fp fps[4] = { PE_FP64, PE_FP32, PE_FP16, PE_BF16 };

int cmd_invariance(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_small sm;
	enum out_format fmt;
	char at_txt[4][24];   /* positions print exactly, whatever --digits */
	int rc, rope;

	rc = cli_setup(&o, &scheme, argc, argv, &invariance_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	/* a rotation without a scale (rope), or a code whose shift is a map */
	rope = (scheme.ops->traits & (PE_TRAIT_ROTARY | PE_TRAIT_SCALE)) == PE_TRAIT_ROTARY;
	if (!rope && !(scheme.ops->traits & PE_TRAIT_SHIFT)) {
		msg_usage("invariance measures --scheme rope and sinusoidal, not %s", scheme.ops->name);
		rc = EXIT_USAGE;
		goto done;
	}
	if (o.n_pos < 3) {
		msg_usage("invalid value '%zu' for --n: invariance shifts positions: expected an integer in [3, 1000000000]",
		          o.n_pos);
		rc = EXIT_USAGE;
		goto done;
	}
	src_small_init(&t, &sm, 4, 3, rope ? rope_cols : sin_cols);
	for (int k = 0; k < 4; k++) {
		double a = 0.0, b = 0.0;
		size_t at = 0;
		enum pe_status st;

		sm.texts[k * 3] = pe_fp_name(fps[k]);
		if (rope) {
			st = pe_invariance_fp(&a, &scheme, fps[k], o.n_pos, o.seed);
			if (st == PE_OK)
				st = pe_composition_fp(&b, &scheme, fps[k], o.n_pos, o.seed);
		} else {
			st = pe_sinusoidal_shift_fp(&a, &at, &scheme, fps[k], o.offset, o.n_pos);
			b = (double)at;
		}
		if (st == PE_ERANGE) {
			/* the format cannot hold the positions at all */
			a = b = INFINITY;
			if (!rope)
				sm.texts[k * 3 + 2] = "";
		} else if (st != PE_OK) {
			msg_error("cannot measure %s: %s", pe_fp_name(fps[k]), pe_status_str(st));
			rc = EXIT_RUNTIME;
			goto done;
		}
		sm.cells[k * 3 + 1] = a;
		sm.cells[k * 3 + 2] = b;
		if (!rope && isfinite(b)) {
			snprintf(at_txt[k], sizeof at_txt[k], "%zu", at);
			sm.texts[k * 3 + 2] = at_txt[k];
		}
	}
	opt_meta(&t, &o, &scheme, "invariance");
	if (rope)
		table_meta_add(&t, "seed", "%llu", (unsigned long long)o.seed);
	else
		table_meta_add(&t, "offset", "%.17g", o.offset);
	rc = cli_emit(&t, &o, fmt);
done:
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

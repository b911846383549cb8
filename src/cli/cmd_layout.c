/*
 * cmd_layout.c - pecli layout: the row permutation of a q or k projection
 * that converts a checkpoint from one RoPE pairing to the other, and
 * --verify, which applies RoPE in both pairings to seeded random vectors
 * under that permutation and reports the largest score difference.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

#define LAYOUT_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_LAYOUT | OPTF_ROTARY)

/* Random (q, k) pairs per direction: enough to meet every pair at many
 * angles; the check costs O(trials d). */
#define LAYOUT_TRIALS 1000

static const struct opt_format layout_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ "list", OUT_FORMAT_LIST },
	{ "npy", OUT_FORMAT_NPY },
	{ "json", OUT_FORMAT_JSON },
	{ NULL, OUT_FORMAT_CSV }
};

static void layout_help(void)
{
	fputs("Usage: pecli layout [SCHEME OPTIONS] [--to NAME] [--verify] [--seed N]\n"
	      "                    [--format csv|tsv|list|npy|json] [--digits N] [-o FILE]\n"
	      "Print the row permutation that converts the q and k projection rows of one\n"
	      "attention head from interleaved pairing (GPT-J, Meta llama) to half pairing\n"
	      "(GPT-NeoX, Hugging Face) with --to half, or back with --to interleaved:\n"
	      "row j of the result is row 'from' of the input.  --format list prints the\n"
	      "'from' column on one line, --format npy the table as a NumPy float64 array\n"
	      "(-o FILE.npy, its metadata in FILE.json).  With --verify, score random q\n"
	      "and k in both pairings instead and report the largest difference for each\n"
	      "direction; the exit status is 3 if it exceeds the rounding bound.\n"
	      "\n", stdout);
}

static const struct cli_cmd layout_cmd = { LAYOUT_OPTS, layout_help, layout_formats, 0 };

static const char *const verify_cols[] = {
	"direction", "trials", "max_abs_diff", "max_rel_diff", "tolerance", "status"
};

int cmd_layout(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct table_src t;
	struct src_small sm;
	enum out_format fmt;
	size_t *perm = NULL, n_rot, n_dim;
	int rc, failed = 0;

	rc = cli_setup(&o, &scheme, argc, argv, &layout_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (o.verify && fmt == OUT_FORMAT_LIST) {
		msg_usage("--format list prints the permutation; it cannot be combined with --verify");
		rc = EXIT_USAGE;
		goto done;
	}
	n_dim = scheme.cfg.n_dim;
	n_rot = 2 * scheme.n_freq;
	if (o.verify) {
		src_small_init(&t, &sm, 2, 6, verify_cols);
		for (int dir = 0; dir < 2; dir++) {
			struct pe_layout_check chk;
			int to_half = dir == 0;
			enum pe_status st = pe_rope_layout_verify(&chk, scheme.inv_freq, n_dim, n_rot,
			                                          to_half, o.seed, LAYOUT_TRIALS,
			                                          (double)o.n_pos - 1);
			if (st != PE_OK) {
				msg_error("cannot verify the layout: %s", pe_status_str(st));
				rc = EXIT_RUNTIME;
				goto done;
			}
			sm.texts[dir * 6 + 0] = to_half ? "interleaved->half" : "half->interleaved";
			sm.cells[dir * 6 + 1] = (double)chk.n_trials;
			sm.cells[dir * 6 + 2] = chk.max_abs;
			sm.cells[dir * 6 + 3] = chk.max_rel;
			sm.cells[dir * 6 + 4] = chk.tolerance;
			sm.texts[dir * 6 + 5] = chk.pass ? "pass" : "fail";
			failed |= !chk.pass;
		}
	} else {
		perm = malloc(n_dim * sizeof *perm);
		if (!perm) {
			msg_error("out of memory for %zu rows", n_dim);
			rc = EXIT_RUNTIME;
			goto done;
		}
		pe_rope_layout_perm(perm, n_dim, n_rot, o.to_half);
		src_layout_init(&t, perm, n_dim);
	}
	opt_meta(&t, &o, &scheme, "layout");
	if (o.verify) {
		table_meta_add(&t, "seed", "%llu", (unsigned long long)o.seed);
		table_meta_add(&t, "positions", "0..%zu", o.n_pos - 1);
	} else {
		table_meta_add(&t, "to", "%s", o.to_half ? "half" : "interleaved");
	}
	rc = cli_emit(&t, &o, fmt);
	if (rc == EXIT_OK && failed) {
		msg_error("the pairings disagree beyond rounding: see the status column");
		rc = EXIT_RUNTIME;
	}
done:
	free(perm);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

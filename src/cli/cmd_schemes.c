/*
 * cmd_schemes.c - pecli schemes: every encoding --scheme takes, what it is
 * in one line, and the options that set it.
 */
#include <stdio.h>

#include "cli/cli.h"
#include <config.h>

#define SCHEMES_OPTS OPTF_OUTPUT

static void schemes_help(void)
{
	fputs("Usage: pecli schemes [--format table|csv|tsv] [-o FILE]\n"
	      "List the encodings --scheme takes: scheme, adds (what the scheme adds to\n"
	      "a transformer: a code to the token vectors, a rotation of q and k, or a\n"
	      "bias to the attention scores), description, and the options that set it.\n"
	      "An aligned table on a terminal, CSV otherwise.\n"
	      "\n", stdout);
}

static const struct cli_cmd schemes_cmd = { SCHEMES_OPTS, schemes_help, cli_table_formats };

static const char *const schemes_cols[] = { "scheme", "adds", "description", "options" };

/* In the order of --scheme's list. */
static const char *const schemes[][4] = {
	{ "sinusoidal", "code",
	  "sin and cos of the position at d/2 geometric frequencies (Vaswani et al. 2017)",
	  "--d --base --layout --variant --flip" },
	{ "rope", "rotation",
	  "rotates each pair of q and k by the position times its frequency (RoFormer)",
	  "--d --base --rotary-dim --pairing --scaling (and its RoPE options) --config --preset" },
	{ "xpos", "rotation",
	  "RoPE with a per-pair scale that decays with the distance (Sun et al. 2022)",
	  "--d --base --rotary-dim --pairing --gamma --scale-base" },
	{ "nope", "nothing",
	  "no positional information: the baseline on which check fails",
	  "--d" },
	{ "learned", "code",
	  "a learned table of one code per position (GPT-2 wpe), from a file or random",
	  "--from --init --d --seed" },
	{ "alibi", "bias",
	  "-m (i - j) per head, slopes m = 2^(-8k/H) for k = 1..H, keys after the query masked (Press et al. 2022)",
	  "--heads --head" },
	{ "t5", "bias",
	  "a learned bias per bucket of the relative position, log-spaced buckets (Raffel et al. 2020)",
	  "--buckets --max-distance --bidirectional --bucket-weights --head" },
};

#define N_SCHEMES (sizeof schemes / sizeof schemes[0])

int cmd_schemes(int argc, char **argv)
{
	struct opts o;
	struct table_src t;
	struct src_small sm;
	enum out_format fmt;
	int rc;

	rc = cli_setup(&o, NULL, argc, argv, &schemes_cmd, &fmt);
	if (rc != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	fmt = cli_table_or_csv(&o, fmt);
	src_small_init(&t, &sm, N_SCHEMES, 4, schemes_cols);
	for (size_t k = 0; k < N_SCHEMES; k++)
		for (size_t j = 0; j < 4; j++)
			sm.texts[4 * k + j] = schemes[k][j];
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "%s", "schemes");
	return cli_emit(&t, &o, fmt);
}

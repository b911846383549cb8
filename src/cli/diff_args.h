/*
 * diff_args.h - pecli diff's command line split into the two encodings
 * (cmd_diff.c).  A side starts at its source (an operand, --preset,
 * --config, --model or --scheme) and takes the scheme options that follow
 * it; the scheme options before the first source go to both; when '--' is
 * given, the options before it are A's and after it B's; the command's own
 * options (--tolerance, the output) go to both (common).
 */
#ifndef PECLI_DIFF_ARGS_H
#define PECLI_DIFF_ARGS_H

#include "cli/cli.h"

#define DIFF_ARGS_MAX 256

struct diff_side {
	char *argv[DIFF_ARGS_MAX];
	int argc;
	int sources;   /* operands, --preset, --config, --model, --scheme */
};

struct diff_split {
	struct diff_side side[2], common;
	struct diff_side shared;   /* scheme options before the first source */
	int n_sides;   /* sides opened so far */
	const struct pe_opt *refused;
	int bad;       /* an option getopt refused: the split stopped there */   /* a table's option: nothing to compare */
};

/*
 * Split argv (argv[0] the command) by the rows of accepts (o: scratch for
 * the rows).  An operand becomes --model (a folder), --config (a file) or
 * --preset (a preset's name; else --model, a cached model id).  A third
 * source is a usage error, reported; --from, --init and --bucket-weights
 * are noted in refused; an unknown option or a missing argument stops the
 * split (bad) for opt_parse to report on the whole line.  An exit status.  argv is changed around a '--'.
 */
int diff_split_args(struct diff_split *sp, struct opts *o, int argc, char **argv, unsigned accepts);

#endif

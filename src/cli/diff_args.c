/*
 * diff_args.c - pecli diff's command line split into A, B and the options
 * of both (see diff_args.h).  getopt_long walks the line with the rows of
 * diff, as opt_parse will walk each side's, so that an option's argument
 * stays with it; operands come in order (optstring '-').
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/diff_args.h"

static int push(struct diff_side *s, char *arg)
{
	if (s->argc >= DIFF_ARGS_MAX - 1)
		return -1;
	s->argv[s->argc++] = arg;
	s->argv[s->argc] = NULL;
	return 0;
}

static int is_source(const struct pe_opt *row)
{
	return row == &cli_opt_preset || row == &cli_opt_config || row == &cli_opt_model
	       || row == &cli_opt_scheme;
}

/* An operand: a folder is a model, a file a config.json, else a preset
 * name if there is one, else a model (a Hugging Face id in the cache,
 * whose reader reports what is missing). */
static char *operand_option(const char *arg)
{
	struct stat st;

	if (stat(arg, &st) == 0)
		return S_ISDIR(st.st_mode) ? "--model" : "--config";
	return hf_preset_find(arg) ? "--preset" : "--model";
}

/* The side a source opens: the current one if it has none yet. */
static struct diff_side *source_side(struct diff_split *sp, int fixed)
{
	if (fixed >= 0)
		return &sp->side[fixed];
	if (sp->n_sides == 0 || sp->side[sp->n_sides - 1].sources > 0)
		sp->n_sides++;
	return sp->n_sides <= 2 ? &sp->side[sp->n_sides - 1] : NULL;
}

static void build_longopts(struct option *lo, char *so, const struct opts *o)
{
	size_t n = 0, m = 0;

	so[m++] = '-';   /* operands in order, as option 1 */
	so[m++] = ':';
	for (size_t k = 0; k < o->n_rows; k++) {
		const struct pe_opt *row = o->rows[k];
		int has_arg = row->arg ? required_argument : no_argument;

		lo[n++] = (struct option){ row->name, has_arg, NULL, 256 + (int)k };
		if (row->alias)
			lo[n++] = (struct option){ row->alias, has_arg, NULL, 256 + (int)k };
		if (row->short_name) {
			so[m++] = (char)row->short_name;
			if (row->arg)
				so[m++] = ':';
		}
	}
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	so[m] = '\0';
}

/* The row of getopt's answer c, or NULL (an error, or an operand). */
static const struct pe_opt *row_of(const struct opts *o, int c, int *scheme_row)
{
	*scheme_row = 0;
	if (c > 0 && c < 256)   /* a short name */
		for (size_t k = 0; k < o->n_rows; k++)
			if (o->rows[k]->short_name == c)
				c = 256 + (int)k;
	if (c < 256 || c >= 256 + (int)o->n_rows)
		return NULL;
	*scheme_row = o->is_scheme[c - 256] || (o->rows[c - 256]->cmds & OPTF_SCHEME);
	return o->rows[c - 256];
}

/* The tokens argv[from, to) into the sides; fixed: every side token goes
 * to side fixed (around '--'), -1: sources open sides. */
static int split_part(struct diff_split *sp, struct opts *o, int argc, char **argv,
                      int fixed)
{
	struct option lo[2 * OPT_ROWS_MAX + 1];
	char so[2 * OPT_ROWS_MAX + 3];
	int c, last = 1;

	build_longopts(lo, so, o);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		int scheme_row;
		const struct pe_opt *row = row_of(o, c, &scheme_row);
		struct diff_side *dst = &sp->common;

		if (c == '?' || c == ':') {   /* opt_parse reports it on the whole line */
			sp->bad = 1;
			return EXIT_OK;
		}
		if (row == &pe_opt_from || row == &pe_opt_init || row == &pe_opt_bucket_weights)
			sp->refused = row;   /* reported after --help */
		if (c == 1 || (row && is_source(row))) {
			dst = source_side(sp, fixed);
			if (!dst || (fixed >= 0 && dst->sources > 0)) {
				char what[160];

				snprintf(what, sizeof what, "%s%s%s", row ? "--" : "",
				         row ? row->name : argv[optind - 1], row ? " " : "");
				if (row)   /* its argument */
					snprintf(what + strlen(what), sizeof what - strlen(what), "%s",
					         optarg ? optarg : "");
				if (fixed >= 0)
					msg_usage("'%s' would be a second encoding %s '--': give one on each side",
					          what, fixed ? "after" : "before");
				else
					msg_usage("'%s' would be a third encoding: diff compares two", what);
				return EXIT_USAGE;
			}
			dst->sources++;
		} else if (row && scheme_row) {
			dst = fixed >= 0 ? &sp->side[fixed]
			      : sp->n_sides == 0 ? &sp->shared : &sp->side[sp->n_sides - 1];
		}
		if (c == 1 && push(dst, operand_option(argv[optind - 1])) != 0)
			return EXIT_USAGE;
		for (; last < optind; last++)
			if (push(dst, argv[last]) != 0) {
				msg_usage("too many arguments");
				return EXIT_USAGE;
			}
	}
	for (; last < argc; last++)   /* after a '--' of getopt's own: none here */
		if (push(&sp->common, argv[last]) != 0)
			return EXIT_USAGE;
	return EXIT_OK;
}

int diff_split_args(struct diff_split *sp, struct opts *o, int argc, char **argv, unsigned accepts)
{
	int dd = 0, rc;

	memset(sp, 0, sizeof *sp);
	opt_rows_of(o, accepts);
	for (int a = 1; a < argc && !dd; a++)
		if (strcmp(argv[a], "--") == 0)
			dd = a;
	if (!dd)
		return split_part(sp, o, argc, argv, -1);
	argv[dd] = argv[0];   /* the second part, from its own argv[0] */
	rc = split_part(sp, o, dd, argv, 0);
	if (rc == EXIT_OK && !sp->bad)
		rc = split_part(sp, o, argc - dd, argv + dd, 1);
	sp->n_sides = 2;
	return rc;
}


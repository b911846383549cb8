/*
 * opt.c - the option parser: one loop over the rows (struct pe_opt) a
 * command takes, its own (opt_rows.c) and every scheme's (src/pe), and one
 * reader per argument type.  Values are checked here (strtoll/strtod,
 * errno, end pointer, empty, finite, range) and a bad one is reported as
 * "invalid value 'V' for --OPT: expected ..." with the row's range.
 *
 * A scheme row's value goes into a scratch configuration, laid over the
 * scheme's defaults and a model's settings once the scheme is known
 * (opt_check.c); a command row's value goes straight into struct opts.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"

/* ---- one value into its row's field ---- */

static void store(char *base, const struct pe_opt *row, double v)
{
	void *dest = base + row->offset;

	switch (row->field) {
	case PE_FIELD_INT:    *(int *)dest = (int)v; break;
	case PE_FIELD_SIZE:   *(size_t *)dest = (size_t)v; break;
	case PE_FIELD_DOUBLE: *(double *)dest = v; break;
	default: break;
	}
}

/* Read val for row k of o into its field (base: o or the scratch cfg). */
static int read_value(struct opts *o, struct pe_scheme_cfg *fl, size_t k, const char *val)
{
	const struct pe_opt *row = o->rows[k];
	char *base = o->is_scheme[k] ? (char *)fl : (char *)o;
	long long i;
	double v;
	size_t c;

	switch (row->type) {
	case PE_OPT_FLAG:
		store(base, row, row->flags & PE_OPTF_CLEARS ? 0.0 : 1.0);
		return 0;
	case PE_OPT_INT:
	case PE_OPT_EVEN:
		if (opt_read_int(&i, row->name, val, (long long)row->lo, (long long)row->hi,
		             row->type == PE_OPT_EVEN))
			return -1;
		store(base, row, (double)i);
		return 0;
	case PE_OPT_ABOVE:
	case PE_OPT_AT_LEAST:
		if (opt_read_number(&v, row->name, val, row->lo, row->type == PE_OPT_ABOVE))
			return -1;
		store(base, row, v);
		return 0;
	case PE_OPT_CHOICE:
		if (opt_read_choice(&c, row->name, val, row->choices))
			return -1;
		store(base, row, row->values ? (double)row->values[c] : (double)c);
		return 0;
	case PE_OPT_LIST: {
		size_t slot = 0, n;
		double *buf;

		for (size_t j = 0; j < k; j++)   /* one buffer per list row */
			slot += o->rows[j]->type == PE_OPT_LIST;
		if (slot >= OPT_LISTS_MAX)
			return 0;   /* a programmer error: more list rows than buffers */
		buf = o->lists[slot];
		if (opt_read_list(buf, &n, row->name, val, (size_t)row->hi))
			return -1;
		*(const double **)(base + row->offset) = buf;
		*(size_t *)(base + row->count_offset) = n;
		return 0;
	}
	case PE_OPT_U64:
		return opt_read_u64((uint64_t *)(base + row->offset), row->name, val);
	case PE_OPT_FILE:
		if (!*val) {
			msg_usage("invalid value '' for --%s: expected a file name%s", row->name,
			          row->lo > 0 ? " or '-'" : "");
			return -1;
		}
		/* fall through */
	case PE_OPT_TEXT:
		if (row->field == PE_FIELD_STR)
			*(const char **)(base + row->offset) = val;
		return 0;
	case PE_OPT_SPECIAL:
		return opt_read_special(o, fl, row, val);
	}
	return 0;
}

/* ---- the rows a command takes ---- */

static int takes(const struct pe_opt *row, unsigned accepts)
{
	return row->cmds == 0 || (row->cmds & accepts);
}

static int listed(const struct opts *o, const struct pe_opt *row)
{
	for (size_t k = 0; k < o->n_rows; k++)
		if (o->rows[k] == row)
			return 1;
	return 0;
}

static void add_row(struct opts *o, const struct pe_opt *row, int scheme)
{
	if (o->n_rows == OPT_ROWS_MAX || listed(o, row))
		return;   /* OPT_ROWS_MAX is above every row there is (tests) */
	o->is_scheme[o->n_rows] = (unsigned char)scheme;
	o->rows[o->n_rows++] = row;
}

void opt_rows_of(struct opts *o, unsigned accepts)
{
	/* the schemes' first: getopt_long names ambiguous abbreviations in
	 * this order ('--di': --dim, then --digits) */
	for (size_t s = 0; s < PE_N_SCHEMES; s++)
		for (size_t k = 0; pe_schemes[s]->opts && pe_schemes[s]->opts[k]; k++)
			if (takes(pe_schemes[s]->opts[k], accepts))
				add_row(o, pe_schemes[s]->opts[k], 1);
	for (size_t k = 0; cli_opt_rows[k]; k++)
		if (takes(cli_opt_rows[k], accepts))
			add_row(o, cli_opt_rows[k], 0);
}

/* The default of every command row that states one, in its field; the
 * scheme rows' are the scheme's (pe_scheme_cfg_default). */
static void set_defaults(struct opts *o)
{
	for (size_t k = 0; cli_opt_rows[k]; k++) {
		const struct pe_opt *row = cli_opt_rows[k];

		if (isnan(row->def) || row == &cli_opt_max_size)
			continue;   /* none; or the writer's, 0 in the field */
		if (row->type == PE_OPT_U64)
			*(uint64_t *)((char *)o + row->offset) = (uint64_t)row->def;
		else
			store((char *)o, row, row->def);
	}
}

int opt_given(const struct opts *o, const struct pe_opt *row)
{
	for (size_t k = 0; k < o->n_rows; k++)
		if (o->rows[k] == row)
			return o->given[k];
	return 0;
}

const char *opt_arg(const struct opts *o, const struct pe_opt *row)
{
	for (size_t k = 0; k < o->n_rows; k++)
		if (o->rows[k] == row)
			return o->args[k];
	return NULL;
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

static int names_row(const struct pe_opt *row, const char *name, size_t len)
{
	return (strlen(row->name) == len && !strncmp(row->name, name, len))
	       || (row->alias && strlen(row->alias) == len && !strncmp(row->alias, name, len));
}

/*
 * getopt_long takes any unique prefix: "--d" would mean --digits to a
 * command without --d.  An option another command takes, spelt out in
 * full, is refused rather than read as an abbreviation of another.
 */
static int refuse_foreign(int argc, char **argv, unsigned accepts)
{
	for (int a = 1; a < argc && strcmp(argv[a], "--") != 0; a++) {
		size_t len;
		int foreign = 0;

		if (strncmp(argv[a], "--", 2) != 0)
			continue;
		len = strcspn(argv[a] + 2, "=");
		for (size_t k = 0; cli_opt_rows[k]; k++)
			if (names_row(cli_opt_rows[k], argv[a] + 2, len) && !takes(cli_opt_rows[k], accepts))
				foreign = 1;
		for (size_t s = 0; s < PE_N_SCHEMES; s++)
			for (size_t k = 0; pe_schemes[s]->opts && pe_schemes[s]->opts[k]; k++)
				if (names_row(pe_schemes[s]->opts[k], argv[a] + 2, len)
				    && !takes(pe_schemes[s]->opts[k], accepts))
					foreign = 1;
		if (foreign) {
			msg_usage("unrecognized option '%.*s'", (int)len + 2, argv[a]);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

#define OPT_ID0 256   /* getopt_long's value of row k: OPT_ID0 + k */

int opt_parse(struct opts *o, int argc, char **argv, unsigned accepts)
{
	struct option longopts[2 * OPT_ROWS_MAX + 1];
	char shortopts[2 * OPT_ROWS_MAX + 2];
	struct pe_scheme_cfg *fl = &o->flags;   /* the flags' values, applied last */
	size_t n_long = 0, n_short = 0, k;
	int c;

	memset(o, 0, sizeof *o);
	fl->kind = PE_N_SCHEMES;   /* none given */
	o->accepts = accepts;
	opt_rows_of(o, accepts);
	set_defaults(o);

	shortopts[n_short++] = ':';
	for (k = 0; k < o->n_rows; k++) {
		const struct pe_opt *row = o->rows[k];
		int has_arg = row->arg ? required_argument : no_argument;

		longopts[n_long++] = (struct option){ row->name, has_arg, NULL, OPT_ID0 + (int)k };
		if (row->alias)
			longopts[n_long++] = (struct option){ row->alias, has_arg, NULL, OPT_ID0 + (int)k };
		if (row->short_name) {
			shortopts[n_short++] = (char)row->short_name;
			if (row->arg)
				shortopts[n_short++] = ':';
		}
	}
	longopts[n_long] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[n_short] = '\0';

	if (refuse_foreign(argc, argv, accepts) != EXIT_OK)
		return EXIT_USAGE;

	optind = 0;  /* glibc: reinitialise getopt for this argument vector */
	opterr = 0;  /* every message is ours */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == ':') {
			msg_usage("option '%s' requires an argument", argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (c < OPT_ID0)   /* a short name */
			for (k = 0; k < o->n_rows; k++)
				if (o->rows[k]->short_name == c) {
					c = OPT_ID0 + (int)k;
					break;
				}
		if (c < OPT_ID0 || c >= OPT_ID0 + (int)o->n_rows) {
			if (!report_ambiguous(argv[optind - 1], longopts))
				opt_bad_option(argv[optind - 1], optopt);
			return EXIT_USAGE;
		}
		k = (size_t)(c - OPT_ID0);
		o->given[k] = 1;
		o->args[k] = optarg;
		c = read_value(o, fl, k, optarg ? optarg : "");
		if (c != 0)
			return c == OPT_FAULT ? EXIT_RUNTIME : EXIT_USAGE;
		if (o->help)
			return EXIT_OK;
	}
	if (optind < argc && (accepts & OPTF_OPERAND) && !o->model_arg && !o->config_arg) {
		o->model_arg = argv[optind++];   /* pecli model DIR */
		for (k = 0; k < o->n_rows; k++)
			if (o->rows[k] == &cli_opt_model)
				o->given[k] = 1, o->args[k] = o->model_arg;
	}
	if (optind < argc) {
		msg_usage("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	o->n_given = opt_given(o, &cli_opt_n);
	o->factor_given = opt_given(o, &pe_opt_factor);
	return opt_resolve(o, fl);
}

/* The figure format (PNG, SVG, PDF) among choices whose name -o ends with
 * as an extension (".svg", any case), or -1. */
static int figure_ext(const struct opts *o, const struct opt_format *choices)
{
	size_t len = o->output ? strlen(o->output) : 0;

	for (size_t k = 0; choices[k].name; k++) {
		enum out_format f = choices[k].format;
		size_t n = strlen(choices[k].name);

		if ((f == OUT_FORMAT_PNG || f == OUT_FORMAT_SVG || f == OUT_FORMAT_PDF)
		    && len > n + 1 && o->output[len - n - 1] == '.'
		    && strcasecmp(o->output + len - n, choices[k].name) == 0)
			return (int)k;
	}
	return -1;
}

int opt_format(enum out_format *fmt, const struct opts *o,
               const struct opt_format *choices)
{
	const char *names[8];
	size_t k, n = 0;
	int ext = figure_ext(o, choices);   /* -o FILE.svg, .pdf, .png */

	if (!o->format) {
		size_t len = o->output ? strlen(o->output) : 0;
		int npy = len > 4 && strcmp(o->output + len - 4, ".npy") == 0;

		*fmt = choices[0].format;
		if (ext >= 0 && choices[1].name) {
			*fmt = choices[ext].format;   /* -o FILE.svg: an SVG */
			return EXIT_OK;
		}
		for (k = 0; npy && choices[k].name; k++)
			if (choices[k].format == OUT_FORMAT_NPY) {
				*fmt = OUT_FORMAT_NPY;   /* -o FILE.npy: an array */
				return EXIT_OK;
			}
		if (npy && choices[0].format != OUT_FORMAT_PNG) {
			const char *text = choices[0].name;

			for (k = 0; choices[k].name; k++)
				if (choices[k].format == OUT_FORMAT_CSV)
					text = choices[k].name;
			msg_usage("-o %s: this command writes no NumPy array: give --format %s to write %s into it, or another name",
			          o->output, text, text);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	for (n = 0; choices[n].name && n < 7; n++)
		names[n] = choices[n].name;
	names[n] = NULL;
	if (opt_read_choice(&k, "format", o->format, names))
		return EXIT_USAGE;
	*fmt = choices[k].format;
	if (ext >= 0 && (size_t)ext != k && (*fmt == OUT_FORMAT_PNG || *fmt == OUT_FORMAT_SVG
	                                     || *fmt == OUT_FORMAT_PDF)) {
		msg_usage("-o %s names a%s %s file, but --format %s writes %s: give --format %s or another name",
		          o->output, choices[ext].format == OUT_FORMAT_SVG ? "n" : "",
		          choices[ext].name, choices[k].name, choices[k].name, choices[ext].name);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

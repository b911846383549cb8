/*
 * opt.c - the options every command shares, parsed by one piece of code.
 *
 * One table describes every option once: its long name, its argument, the
 * commands that take it (0: all) and its help line, so --help, the parser
 * and the man page's OPTIONS list stay in step.  Values are checked here
 * (strtoll/strtod, errno, end pointer, empty, finite, range) and a bad one
 * is reported as "invalid value 'V' for --OPT: expected ...".
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"

enum {
	OPT_SCHEME = 256,
	OPT_D,
	OPT_N,
	OPT_BASE,
	OPT_LAYOUT,
	OPT_FORMAT,
	OPT_DIGITS,
	OPT_RAW
};

struct opt_def {
	const char *name;     /* long name */
	const char *alias;    /* another long name, or NULL */
	int short_name;       /* 0 if none */
	int id;
	const char *arg;      /* argument placeholder, NULL for a flag */
	unsigned flag;        /* 0: every command; else an OPTF_* bit */
	const char *help;
};

static const struct opt_def opt_defs[] = {
	{ "scheme", NULL, 0, OPT_SCHEME, "NAME", 0,
	  "encoding scheme: sinusoidal (default sinusoidal)" },
	{ "d", "dim", 0, OPT_D, "N", 0,
	  "dimension: an even integer in [2, 65536] (default 512)" },
	{ "n", NULL, 0, OPT_N, "N", 0,
	  "number of positions: an integer in [1, 1000000000] (default 1024)" },
	{ "base", NULL, 0, OPT_BASE, "B", 0,
	  "frequency base: a finite number greater than 1 (default 10000)" },
	{ "layout", NULL, 0, OPT_LAYOUT, "NAME", 0,
	  "channel layout: interleaved (default) or concat" },
	{ "output", NULL, 'o', 'o', "FILE", 0,
	  "write to FILE (replaced only on success)" },
	{ "format", NULL, 0, OPT_FORMAT, "NAME", 0, NULL },
	{ "digits", NULL, 0, OPT_DIGITS, "N", 0,
	  "significant digits: an integer in [1, 17] (default: shortest round-trip)" },
	{ "raw", NULL, 0, OPT_RAW, NULL, OPTF_RAW,
	  "one pixel per cell, no frame (the only style so far)" },
	{ "help", NULL, 'h', 'h', NULL, 0, "show this help and exit" },
};

#define N_OPT_DEFS (sizeof opt_defs / sizeof opt_defs[0])

static const char *const scheme_names[] = { "sinusoidal", NULL };
static const enum pe_scheme_kind scheme_kinds[] = { PE_SCHEME_SINUSOIDAL };
static const char *const layout_names[] = { "interleaved", "concat", NULL };
static const enum pe_layout layout_kinds[] = { PE_LAYOUT_INTERLEAVED, PE_LAYOUT_CONCAT };

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
	v = strtod(val, &end);
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

int opt_parse(struct opts *o, int argc, char **argv, unsigned accepts)
{
	struct option longopts[2 * N_OPT_DEFS + 1];
	char shortopts[2 * N_OPT_DEFS + 2];
	size_t n_long = 0, n_short = 0;
	long long v;
	size_t k;
	int c;

	memset(o, 0, sizeof *o);
	pe_scheme_cfg_default(&o->scheme, PE_SCHEME_SINUSOIDAL);
	o->scheme.n_dim = OPT_D_DEFAULT;
	o->n_pos = OPT_N_DEFAULT;

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

	optind = 0;  /* glibc: reinitialise getopt for this argument vector */
	opterr = 0;  /* every message is ours */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SCHEME:
			if (parse_choice(&k, "scheme", optarg, scheme_names))
				return EXIT_USAGE;
			o->scheme.kind = scheme_kinds[k];
			break;
		case OPT_D:
			if (parse_int(&v, "d", optarg, PE_DIM_MIN, PE_DIM_MAX, 1))
				return EXIT_USAGE;
			o->scheme.n_dim = (size_t)v;
			break;
		case OPT_N:
			if (parse_int(&v, "n", optarg, 1, (long long)PE_POS_MAX, 0))
				return EXIT_USAGE;
			o->n_pos = (size_t)v;
			break;
		case OPT_BASE:
			if (parse_above(&o->scheme.base, "base", optarg, 1.0))
				return EXIT_USAGE;
			break;
		case OPT_LAYOUT:
			if (parse_choice(&k, "layout", optarg, layout_names))
				return EXIT_USAGE;
			o->scheme.layout = layout_kinds[k];
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
	return EXIT_OK;
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

	fputs("Options:\n", fp);
	for (size_t k = 0; k < N_OPT_DEFS; k++) {
		const struct opt_def *def = &opt_defs[k];
		const char *help = def->help;

		if (!takes(def, accepts))
			continue;
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
			fprintf(fp, "  %-20s output format: %s (default %s)\n", left, list,
			        formats[0].name);
			continue;
		}
		fprintf(fp, "  %-20s %s\n", left, help);
	}
}

/* ---- the scheme and its metadata ---- */

int opt_scheme(struct pe_scheme *s, const struct opts *o)
{
	enum pe_status st = pe_scheme_init(s, &o->scheme);

	if (st == PE_OK)
		return EXIT_OK;
	msg_error("cannot build the scheme: %s", pe_status_str(st));
	return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

const char *opt_layout_name(enum pe_layout layout)
{
	for (size_t k = 0; layout_names[k]; k++)
		if (layout_kinds[k] == layout)
			return layout_names[k];
	return "?";
}

void opt_meta(struct table_src *t, const struct opts *o, const char *cmd)
{
	char num[FMT_BUF];

	table_meta_add(t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(t, "command", "%s", cmd);
	table_meta_add(t, "scheme", "%s", scheme_names[o->scheme.kind]);
	table_meta_add(t, "d", "%zu", o->scheme.n_dim);
	table_meta_add(t, "n", "%zu", o->n_pos);
	fmt_double(num, o->scheme.base, 0);
	table_meta_add(t, "base", "%s", num);
	table_meta_add(t, "layout", "%s", opt_layout_name(o->scheme.layout));
}

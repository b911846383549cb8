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

#include "cli/cli.h"
#include "write/colormap.h"

/* ---- value readers ---- */

void opt_join_and(char *buf, size_t cap, const char *const *names, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n && len < cap; k++) {
		int w = snprintf(buf + len, cap - len, "%s%s",
		                 k == 0 ? "" : k + 1 == n ? " and " : ", ", names[k]);
		len += w > 0 ? (size_t)w : 0;
	}
}

void opt_join(char *buf, size_t cap, const char *const *names)
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

int opt_bad_value(const char *opt, const char *val, const char *expected)
{
	msg_usage("invalid value '%s' for --%s: expected %s", val, opt, expected);
	return -1;
}

/* An integer in [lo, hi], even if 'even'. */
static int read_int(long long *out, const char *opt, const char *val,
                    long long lo, long long hi, int even)
{
	char expected[128], *end;
	long long v;

	snprintf(expected, sizeof expected, "%s integer in [%lld, %lld]",
	         even ? "an even" : "an", lo, hi);
	if (!*val || isspace((unsigned char)*val))
		return opt_bad_value(opt, val, expected);
	errno = 0;
	v = strtoll(val, &end, 10);
	if (errno || *end || v < lo || v > hi || (even && v % 2 != 0))
		return opt_bad_value(opt, val, expected);
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

/* A finite number above lo (strict) or at least lo. */
static int read_number(double *out, const char *opt, const char *val, double lo, int strict)
{
	char expected[128], lo_s[FMT_BUF], *end;
	double v;

	fmt_double(lo_s, lo, 0);
	snprintf(expected, sizeof expected, strict ? "a finite number greater than %s"
	                                           : "a finite number >= %s", lo_s);
	if (!*val || isspace((unsigned char)*val))
		return opt_bad_value(opt, val, expected);
	errno = 0;
	v = decimal_strtod(val, &end);
	if (errno || *end || !isfinite(v) || !(strict ? v > lo : v >= lo))
		return opt_bad_value(opt, val, expected);
	*out = v;
	return 0;
}

/* One of names; *index receives its position. */
static int read_choice(size_t *index, const char *opt, const char *val,
                       const char *const *names)
{
	char expected[256], list[200];

	for (size_t k = 0; names[k]; k++)
		if (strcmp(val, names[k]) == 0) {
			*index = k;
			return 0;
		}
	opt_join(list, sizeof list, names);
	snprintf(expected, sizeof expected, "one of %s", list);
	return opt_bad_value(opt, val, expected);
}

/* An unsigned 64-bit integer. */
static int read_u64(uint64_t *out, const char *opt, const char *val)
{
	char *end;
	unsigned long long v;

	if (!*val || !isdigit((unsigned char)*val))
		return opt_bad_value(opt, val, "an integer in [0, 18446744073709551615]");
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno || *end)
		return opt_bad_value(opt, val, "an integer in [0, 18446744073709551615]");
	*out = (uint64_t)v;
	return 0;
}

/* Comma-separated finite numbers > 0, at most max of them. */
static int read_list(double *out, size_t *n, const char *opt, const char *val, size_t max)
{
	char expected[128];
	const char *q = val;
	char *end;

	snprintf(expected, sizeof expected,
	         "up to %zu comma-separated finite numbers greater than 0", max);
	*n = 0;
	for (;;) {
		double v;

		if (*n == max || !*q || isspace((unsigned char)*q) || *q == ',')
			return opt_bad_value(opt, val, expected);
		errno = 0;
		v = decimal_strtod(q, &end);
		if (errno || end == q || !isfinite(v) || !(v > 0.0))
			return opt_bad_value(opt, val, expected);
		out[(*n)++] = v;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return opt_bad_value(opt, val, expected);
		q = end + 1;
	}
}

/* ---- the readers of the CLI's own (PE_OPT_SPECIAL) ---- */

static int read_scheme(struct opts *o, struct pe_scheme_cfg *fl, const char *val)
{
	const char *names[PE_N_SCHEMES + 1];
	size_t k;

	for (k = 0; k < PE_N_SCHEMES; k++)
		names[k] = pe_schemes[k]->name;
	names[k] = NULL;
	if (read_choice(&k, "scheme", val, names))
		return -1;
	(void)o;
	fl->kind = (enum pe_scheme_kind)k;
	return 0;
}

static int read_preset(const char *val)
{
	char list[512];
	const char *names[64];
	size_t n = 0;

	if (hf_preset_find(val))
		return 0;
	for (const struct hf_preset *p; n < 63 && (p = hf_preset_at(n)); n++)
		names[n] = p->name;
	names[n] = NULL;
	opt_join(list, sizeof list, names);
	msg_usage("invalid value '%s' for --preset: expected one of %s", val, list);
	return -1;
}

static int read_colormap(struct opts *o, const char *val)
{
	const char *names[16];
	size_t k;

	for (k = 0; k < 15 && colormap_at(k); k++)
		names[k] = colormap_at(k)->name;
	names[k] = NULL;
	if (read_choice(&k, "colormap", val, names))
		return -1;
	o->colormap = names[k];
	return 0;
}

/* --range LO:HI: two finite numbers, LO < HI, HI - LO finite. */
static int read_range(struct opts *o, const char *val)
{
	const char *expected = "LO:HI, two finite numbers with LO < HI";
	const char *h;
	char *end;
	double lo, hi;

	errno = 0;
	lo = decimal_strtod(val, &end);
	if (end == val || *end != ':' || isspace((unsigned char)*val))
		return opt_bad_value("range", val, expected);
	h = end + 1;
	hi = decimal_strtod(h, &end);
	if (errno || *end || end == h || isspace((unsigned char)*h) || !isfinite(lo)
	    || !isfinite(hi) || !(lo < hi) || !isfinite(hi - lo))
		return opt_bad_value("range", val, expected);
	o->range_lo = lo;
	o->range_hi = hi;
	o->has_range = 1;
	return 0;
}

/* --compare: a comma-separated list of distinct scalings (not none, not
 * longrope, whose factor lists belong to one model). */
static int read_compare(struct opts *o, const char *val)
{
	static const char *const names[] = { "linear", "ntk", "dynamic", "yarn", "llama3", NULL };
	static const enum pe_rope_scaling kinds[] = {
		PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK, PE_ROPE_SCALING_DYNAMIC,
		PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3
	};
	static const char expected[] =
		"distinct names from linear, ntk, dynamic, yarn, llama3, comma-separated";
	const char *q = val;

	o->n_compare = 0;
	for (;;) {
		size_t len = strcspn(q, ","), k;

		for (k = 0; names[k]; k++)
			if (strlen(names[k]) == len && strncmp(names[k], q, len) == 0)
				break;
		if (!names[k] || o->n_compare == OPT_COMPARE_MAX)
			return opt_bad_value("compare", val, expected);
		for (size_t j = 0; j < o->n_compare; j++)
			if (o->compare[j] == kinds[k])
				return opt_bad_value("compare", val, expected);
		o->compare[o->n_compare++] = kinds[k];
		if (!q[len])
			return 0;
		q += len + 1;
	}
}

/* --max-dist: above 0, at most OPT_MAX_DIST_MAX. */
static int read_max_dist(struct opts *o, const char *val)
{
	if (read_number(&o->max_dist, "max-dist", val, 0.0, 1))
		return -1;
	if (o->max_dist > OPT_MAX_DIST_MAX)
		return opt_bad_value("max-dist", val, "a finite number > 0, at most 1e15");
	return 0;
}

static int read_special(struct opts *o, struct pe_scheme_cfg *fl, const struct pe_opt *row,
                        const char *val)
{
	if (row == &cli_opt_scheme)
		return read_scheme(o, fl, val);
	if (row == &pe_opt_preset)
		return read_preset(val);
	if (row == &cli_opt_colormap)
		return read_colormap(o, val);
	if (row == &cli_opt_range)
		return read_range(o, val);
	if (row == &cli_opt_compare)
		return read_compare(o, val);
	if (row == &cli_opt_max_dist)
		return read_max_dist(o, val);
	return 0;   /* a programmer error: a special row without a reader */
}

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
		store(base, row, 1.0);
		return 0;
	case PE_OPT_INT:
	case PE_OPT_EVEN:
		if (read_int(&i, row->name, val, (long long)row->lo, (long long)row->hi,
		             row->type == PE_OPT_EVEN))
			return -1;
		store(base, row, (double)i);
		return 0;
	case PE_OPT_ABOVE:
	case PE_OPT_AT_LEAST:
		if (read_number(&v, row->name, val, row->lo, row->type == PE_OPT_ABOVE))
			return -1;
		store(base, row, v);
		return 0;
	case PE_OPT_CHOICE:
		if (read_choice(&c, row->name, val, row->choices))
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
		if (read_list(buf, &n, row->name, val, (size_t)row->hi))
			return -1;
		*(const double **)(base + row->offset) = buf;
		*(size_t *)(base + row->count_offset) = n;
		return 0;
	}
	case PE_OPT_U64:
		return read_u64((uint64_t *)(base + row->offset), row->name, val);
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
		return read_special(o, fl, row, val);
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
	struct pe_scheme_cfg fl;   /* the flags' values, applied last */
	size_t n_long = 0, n_short = 0, k;
	int c;

	memset(o, 0, sizeof *o);
	memset(&fl, 0, sizeof fl);
	fl.kind = PE_N_SCHEMES;   /* none given */
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
		if (read_value(o, &fl, k, optarg ? optarg : ""))
			return EXIT_USAGE;
		if (o->help)
			return EXIT_OK;
	}
	if (optind < argc) {
		msg_usage("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	o->n_given = opt_given(o, &cli_opt_n);
	o->factor_given = opt_given(o, &pe_opt_factor);
	return opt_resolve(o, &fl);
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
	if (read_choice(&k, "format", o->format, names))
		return EXIT_USAGE;
	*fmt = choices[k].format;
	return EXIT_OK;
}

/*
 * opt_read.c - the readers of option values, one per argument type, and
 * those of the options the CLI reads itself (--scheme, --preset, --range,
 * --compare, --colormap, --max-dist).  Each checks the whole text (strtoll
 * with errno, end pointer and empty for integers; num_parse, the reader
 * files share, for numbers; range) and reports a bad value as
 * "invalid value 'V' for --OPT: expected ..." with the valid range.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/num.h"
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
int opt_read_int(long long *out, const char *opt, const char *val,
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

/* A finite number above lo (strict) or at least lo. */
int opt_read_number(double *out, const char *opt, const char *val, double lo, int strict)
{
	char expected[128], lo_s[FMT_BUF];
	double v;

	fmt_double(lo_s, lo, 0);
	snprintf(expected, sizeof expected, strict ? "a finite number greater than %s"
	                                           : "a finite number >= %s", lo_s);
	if (num_parse_str(val, &v) != NUM_OK || !(strict ? v > lo : v >= lo))
		return opt_bad_value(opt, val, expected);
	*out = v;
	return 0;
}

/* One of names; *index receives its position. */
int opt_read_choice(size_t *index, const char *opt, const char *val,
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
int opt_read_u64(uint64_t *out, const char *opt, const char *val)
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
int opt_read_list(double *out, size_t *n, const char *opt, const char *val, size_t max)
{
	char expected[128];
	const char *q = val;

	snprintf(expected, sizeof expected,
	         "up to %zu comma-separated finite numbers greater than 0", max);
	*n = 0;
	for (;;) {
		size_t len = strcspn(q, ",");
		double v;

		if (*n == max || num_parse(q, len, &v) != NUM_OK || !(v > 0.0))
			return opt_bad_value(opt, val, expected);
		out[(*n)++] = v;
		if (q[len] == '\0')
			return 0;
		q += len + 1;
	}
}

/* ---- the readers of the CLI's own (PE_OPT_SPECIAL) ---- */

static int read_scheme(struct pe_scheme_cfg *fl, const char *val)
{
	const char *names[PE_N_SCHEMES + 1];
	size_t k;

	for (k = 0; k < PE_N_SCHEMES; k++)
		names[k] = pe_schemes[k]->name;
	names[k] = NULL;
	if (opt_read_choice(&k, "scheme", val, names))
		return -1;
	fl->kind = (enum pe_scheme_kind)k;
	return 0;
}

static int read_preset(const char *val)
{
	char list[512];
	const char *names[64];
	size_t n = 0;
	struct out_err err;

	if (hf_presets_load(&err) != 0) {
		msg_error("%s", err.msg);
		return OPT_FAULT;
	}
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
	if (opt_read_choice(&k, "colormap", val, names))
		return -1;
	o->colormap = names[k];
	return 0;
}

/* --range LO:HI: two finite numbers, LO < HI, HI - LO finite.  LO ends at
 * the first ':' (no number holds one). */
static int read_range(struct opts *o, const char *val)
{
	const char *expected = "LO:HI, two finite numbers with LO < HI";
	const char *colon = strchr(val, ':');
	double lo, hi;

	if (!colon || num_parse(val, (size_t)(colon - val), &lo) != NUM_OK
	    || num_parse_str(colon + 1, &hi) != NUM_OK || !(lo < hi) || !isfinite(hi - lo))
		return opt_bad_value("range", val, expected);
	o->range_lo = lo;
	o->range_hi = hi;
	o->has_range = 1;
	return 0;
}

/* --compare: a comma-separated list of distinct scalings (not none;
 * longrope takes its factor lists from the model or the flags). */
static int read_compare(struct opts *o, const char *val)
{
	static const char *const names[] = { "linear", "ntk", "dynamic", "yarn", "llama3", "longrope",
	                                      NULL };
	static const enum pe_rope_scaling kinds[] = {
		PE_ROPE_SCALING_LINEAR, PE_ROPE_SCALING_NTK, PE_ROPE_SCALING_DYNAMIC,
		PE_ROPE_SCALING_YARN, PE_ROPE_SCALING_LLAMA3, PE_ROPE_SCALING_LONGROPE
	};
	static const char expected[] =
		"distinct names from linear, ntk, dynamic, yarn, llama3, longrope, comma-separated";
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
	if (opt_read_number(&o->max_dist, "max-dist", val, 0.0, 1))
		return -1;
	if (o->max_dist > OPT_MAX_DIST_MAX)
		return opt_bad_value("max-dist", val, "a finite number > 0, at most 1e15");
	return 0;
}

/* "HxW" or "TxHxW" (whole numbers >= 1) into dims[3] (T 1 for HxW);
 * the number of sides, 0 if not one of them. */
static int read_sides(size_t *dims, const char *val)
{
	size_t got[3], n = 0;
	const char *p = val;
	int ended = 0;

	while (n < 3 && !ended) {
		char *end;
		unsigned long long v;

		if (!isdigit((unsigned char)*p))
			return 0;
		errno = 0;
		v = strtoull(p, &end, 10);
		if (errno || v < 1 || v > PE_POINTS_MAX)
			return 0;
		got[n++] = (size_t)v;
		ended = *end == '\0';
		if (!ended && *end != 'x')
			return 0;
		p = end + 1;
	}
	if (n < 2 || !ended)
		return 0;
	dims[0] = n == 3 ? got[0] : 1;
	dims[1] = got[n - 2];
	dims[2] = got[n - 1];
	return (int)n;
}

static int read_grid(struct opts *o, const char *val)
{
	const char *expected = "HxW or TxHxW, whole numbers of patches >= 1";

	if (!read_sides(o->grid, val))
		return opt_bad_value("grid", val, expected);
	return 0;
}

/* --tokens: comma-separated spans, N text tokens or an image's sides. */
static int read_tokens(struct opts *o, const char *val)
{
	const char *expected = "comma-separated spans: N text tokens, or HxW or TxHxW image patches (e.g. 4,3x3,2)";
	const char *p = val;

	o->n_spans = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char item[64];
		struct pe_token_span *sp = &o->spans[o->n_spans];

		if (len == 0 || len >= sizeof item || o->n_spans == OPT_SPANS_MAX)
			return opt_bad_value("tokens", val, o->n_spans == OPT_SPANS_MAX
			                     ? "at most 64 spans" : expected);
		memcpy(item, p, len);
		item[len] = '\0';
		memset(sp, 0, sizeof *sp);
		if (strchr(item, 'x')) {
			size_t dims[3];

			if (!read_sides(dims, item))
				return opt_bad_value("tokens", val, expected);
			sp->image = 1;
			sp->t = dims[0];
			sp->h = dims[1];
			sp->w = dims[2];
		} else {
			long long n;
			char *end;

			errno = 0;
			n = isdigit((unsigned char)item[0]) ? strtoll(item, &end, 10) : 0;
			if (errno || n < 1 || n > (long long)PE_POINTS_MAX || *end)
				return opt_bad_value("tokens", val, expected);
			sp->n = (size_t)n;
		}
		o->n_spans++;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* --query H,W (a patch's row and column) or all. */
static int read_query(struct opts *o, const char *val)
{
	const char *expected = "H,W (a patch's row and column, from 0) or all";
	unsigned long long h, w;
	char *end;

	o->has_query = 1;
	o->query_all = strcmp(val, "all") == 0;
	if (o->query_all)
		return 0;
	if (!isdigit((unsigned char)val[0]))
		return opt_bad_value("query", val, expected);
	errno = 0;
	h = strtoull(val, &end, 10);
	if (errno || *end != ',' || !isdigit((unsigned char)end[1]))
		return opt_bad_value("query", val, expected);
	w = strtoull(end + 1, &end, 10);
	if (errno || *end || h >= PE_POINTS_MAX || w >= PE_POINTS_MAX)
		return opt_bad_value("query", val, expected);
	o->query_h = (size_t)h;
	o->query_w = (size_t)w;
	return 0;
}

int opt_read_special(struct opts *o, struct pe_scheme_cfg *fl, const struct pe_opt *row,
                        const char *val)
{
	if (row == &cli_opt_scheme)
		return read_scheme(fl, val);
	if (row == &cli_opt_preset)
		return read_preset(val);
	if (row == &cli_opt_colormap)
		return read_colormap(o, val);
	if (row == &cli_opt_range)
		return read_range(o, val);
	if (row == &cli_opt_compare)
		return read_compare(o, val);
	if (row == &cli_opt_max_dist)
		return read_max_dist(o, val);
	if (row == &cli_opt_grid)
		return read_grid(o, val);
	if (row == &cli_opt_tokens)
		return read_tokens(o, val);
	if (row == &cli_opt_query)
		return read_query(o, val);
	return 0;   /* a programmer error: a special row without a reader */
}


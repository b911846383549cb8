/*
 * csvread.c - read a learned position table from a CSV table, one row per
 * position, such as pecli matrix writes ("# key: value" metadata, a header
 * row "pos,d0,d1,...", then the rows) or numpy.savetxt(..., delimiter=",")
 * and pandas to_csv(index=False) write.  See read.h for the rules and
 * the messages; table_file_read chooses .npy, safetensors or CSV by the
 * first bytes (and the name).
 *
 * Left out: quoted fields (RFC 4180), other separators, a pandas index
 * column without a "pos" name.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/read.h"
#include "util/num.h"

/* One field of a line: [s, s + len), trimmed of spaces and tabs. */
struct field {
	const char *s;
	size_t len;
};

/* Split line (no newline) at commas into f[], growing it; count in *n. */
static int split(char *line, struct field **f, size_t *cap, size_t *n)
{
	char *p = line;

	*n = 0;
	for (;;) {
		char *end = strchr(p, ',');
		char *stop = end ? end : p + strlen(p);
		struct field fl;

		while (p < stop && (*p == ' ' || *p == '\t'))
			p++;
		while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		fl.s = p;
		fl.len = (size_t)(stop - p);
		if (*n == *cap) {
			size_t want = *cap ? *cap * 2 : 64;
			struct field *g = realloc(*f, want * sizeof *g);

			if (!g)
				return -1;
			*f = g;
			*cap = want;
		}
		(*f)[(*n)++] = fl;
		if (!end)
			return 0;
		p = end + 1;
	}
}

/* The field as a number (num.h, the syntax options use). */
static enum num_status number(const struct field *fl, double *x)
{
	return num_parse(fl->s, fl->len, x);
}

/* At most 40 bytes of a field, for messages. */
static const char *quote(const struct field *fl, char *buf, size_t size)
{
	size_t n = fl->len < size - 1 ? fl->len : size - 1;

	memcpy(buf, fl->s, n);
	buf[n] = '\0';
	if (n < fl->len && n >= 3)
		memcpy(buf + n - 3, "...", 3);
	return buf;
}

/* The longest line read: d <= 65536 numbers of at most 25 characters is
 * 1.6 MiB, so a longer line is not a table (an endless stream such as
 * /dev/zero or 'yes 1,' must end in an error, not fill the memory). */
#define CSV_LINE_MAX ((size_t)64 << 20)

enum line_status { LINE_OK, LINE_EOF, LINE_NUL, LINE_LONG, LINE_NOMEM };

/*
 * getline, bounded: the next line into *line (without its '\n'), its
 * length in *len.  Stops at the first NUL byte (LINE_NUL) and after
 * CSV_LINE_MAX bytes (LINE_LONG), so neither a binary file nor an endless
 * line is read whole.  LINE_EOF at the end (or a read error: ferror).
 */
static enum line_status read_line(char **line, size_t *cap, size_t *len, FILE *fp)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (c == '\0')
			return LINE_NUL;
		if (n >= CSV_LINE_MAX)
			return LINE_LONG;
		if (n + 2 > *cap) {
			size_t want = *cap ? 2 * *cap : 256;
			char *p;

			p = realloc(*line, want);
			if (!p)
				return LINE_NOMEM;
			*line = p;
			*cap = want;
		}
		(*line)[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return LINE_EOF;
	if (!*line) {   /* an empty last line */
		*line = malloc(1);
		if (!*line)
			return LINE_NOMEM;
		*cap = 1;
	}
	(*line)[n] = '\0';
	*len = n;
	return LINE_OK;
}

/* The table as it is read: the current line and its fields, the columns
 * the first line fixes, the rows so far. */
struct csv {
	const char *name;
	struct out_err *err;
	char *line;
	size_t line_cap, lineno;
	struct field *f;
	size_t fcap, nf;
	int seen_first, has_pos;
	size_t n_fields, n_dim, n_pos, data_cap;
	double *data;
};

/* The next line that is neither a comment nor empty, split into c->f: 1;
 * 0 at the end of the input (or a read error: ferror, errno kept); -1 with
 * the message. */
static int next_line(struct csv *c, FILE *fp)
{
	for (;;) {
		size_t len = 0;
		enum line_status ls;

		errno = 0;
		ls = read_line(&c->line, &c->line_cap, &len, fp);
		if (ls == LINE_EOF)
			return 0;
		c->lineno++;
		if (ls == LINE_NUL)
			return out_fail(c->err, "%s: line %zu: contains a NUL byte",
			                c->name, c->lineno);
		if (ls == LINE_LONG)
			return out_fail(c->err, "%s: line %zu: longer than %zu MiB, not a "
			                "table row", c->name, c->lineno, CSV_LINE_MAX >> 20);
		if (ls == LINE_NOMEM)
			return out_fault(c->err, "%s: out of memory", c->name);
		if (len > 0 && c->line[len - 1] == '\r')
			c->line[--len] = '\0';
		if (c->line[0] == '#' || len == 0)
			continue;
		if (split(c->line, &c->f, &c->fcap, &c->nf) != 0)
			return out_fault(c->err, "%s: out of memory", c->name);
		return 1;
	}
}

/* Report field k of the current line (0-based), which is not a number:
 * -1 with the message; why says what was expected of it. */
static int bad_field(struct csv *c, size_t k, enum num_status st, const char *why)
{
	const struct field *fl = &c->f[k];
	char txt[44], shown[176];

	if (st == NUM_EMPTY)
		return out_fail(c->err, "%s: line %zu, field %zu: empty field", c->name,
		                c->lineno, k + 1);
	out_shown(shown, sizeof shown, quote(fl, txt, sizeof txt));
	if (st == NUM_NONFINITE || st == NUM_RANGE)
		return out_fail(c->err, "%s: line %zu, field %zu: non-finite value '%s'",
		                c->name, c->lineno, k + 1, shown);
	return out_fail(c->err, "%s: line %zu, field %zu: '%s' is not a number%s",
	                c->name, c->lineno, k + 1, shown, why);
}

/*
 * The first line fixes the columns.  It is a header when none of its
 * fields is a number ("pos" first marks the position column): 1; data
 * when all are: 0; else -1 naming the first field that is not a number
 * (a data row with a typo such as "0.2x" must not pass for a header and be
 * dropped), and -1 for an empty field or a header that leaves no data
 * column.
 */
static int first_line(struct csv *c)
{
	size_t n_num = 0, first_bad = 0;
	enum num_status bad_st = NUM_OK;

	c->seen_first = 1;
	for (size_t k = 0; k < c->nf; k++) {
		double x;
		enum num_status st = number(&c->f[k], &x);

		if (st == NUM_EMPTY)
			return bad_field(c, k, st, "");
		if (st == NUM_OK || st == NUM_RANGE)   /* "1e999" is a number's text */
			n_num++;
		else if (bad_st == NUM_OK) {
			bad_st = st;
			first_bad = k;
		}
	}
	c->n_fields = c->nf;
	if (n_num == c->nf) {
		c->n_dim = c->n_fields;
		return 0;
	}
	if (n_num > 0)
		return bad_field(c, first_bad, bad_st, " (a first row is a header "
		                 "only when none of its fields is a number)");
	c->has_pos = c->f[0].len == 3 && memcmp(c->f[0].s, "pos", 3) == 0;
	c->n_dim = c->n_fields - (c->has_pos ? 1 : 0);
	if (c->n_dim == 0)
		return out_fail(c->err, "%s: no data columns (only the pos column)",
		                c->name);
	return 1;
}

/* Room in c->data for one more row, at most PE_LEARNED_VALUES_MAX values
 * in all, the buffer doubled as it fills: 0, or -1 with the message. */
static int grow_rows(struct csv *c)
{
	size_t need, want;
	double *g;

	if (c->n_pos + 1 > PE_LEARNED_VALUES_MAX / c->n_dim)
		return out_fail(c->err, "%s: too many values: at most %zu (2 GiB as "
		                "doubles)", c->name, PE_LEARNED_VALUES_MAX);
	need = (c->n_pos + 1) * c->n_dim;
	if (need <= c->data_cap)
		return 0;
	want = c->data_cap ? c->data_cap * 2 : c->n_dim * 64;
	if (want > PE_LEARNED_VALUES_MAX)
		want = PE_LEARNED_VALUES_MAX;
	if (want < need)
		want = need;
	g = realloc(c->data, want * sizeof *g);
	if (!g)
		return out_fault(c->err, "%s: out of memory for %zu rows of %zu values",
		                c->name, c->n_pos + 1, c->n_dim);
	c->data = g;
	c->data_cap = want;
	return 0;
}

/* The fields of a data line as row c->n_pos, the position column checked
 * and dropped: 0, or -1 with the message. */
static int store_row(struct csv *c)
{
	size_t skip = c->has_pos ? 1 : 0;
	char txt[44];

	for (size_t k = 0; k < c->nf; k++) {
		const struct field *fl = &c->f[k];
		enum num_status st;
		double x;

		if ((st = number(fl, &x)) != NUM_OK)
			return bad_field(c, k, st, "");
		if (k < skip) {
			/* the position column: rows are positions 0, 1, 2, ... */
			if (x != (double)c->n_pos)
				return out_fail(c->err, "%s: line %zu: pos is %s, expected %zu",
				                c->name, c->lineno, quote(fl, txt, sizeof txt),
				                c->n_pos);
			continue;
		}
		c->data[c->n_pos * c->n_dim + (k - skip)] = x;
	}
	c->n_pos++;
	return 0;
}

int csv_table_read(struct pe_learned *t, FILE *fp, const char *name,
                   struct out_err *err)
{
	struct csv c = { .name = name, .err = err };
	int r, rc = -1;

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	while ((r = next_line(&c, fp)) > 0) {
		if (!c.seen_first && (r = first_line(&c)) != 0) {
			if (r < 0)
				goto out;
			continue;   /* the header */
		}
		if (c.nf != c.n_fields) {
			out_fail(err, "%s: line %zu: %zu fields, expected %zu", name,
			         c.lineno, c.nf, c.n_fields);
			goto out;
		}
		if (grow_rows(&c) != 0 || store_row(&c) != 0)
			goto out;
	}
	if (r < 0)
		goto out;
	if (ferror(fp)) {
		out_fail(err, "cannot read '%s': %s", name, strerror(errno ? errno : EIO));
		goto out;
	}
	if (c.n_pos == 0) {
		out_fail(err, "%s: no data rows", name);
		goto out;
	}
	t->n_pos = c.n_pos;
	t->n_dim = c.n_dim;
	t->data = c.data;
	c.data = NULL;
	rc = 0;
out:
	free(c.line);
	free(c.f);
	free(c.data);
	return rc;
}

/* ---- choosing the reader ---- */

/* 0x93: the first byte of "\x93NUMPY", not ASCII, so never CSV text. */
#define NPY_FIRST_BYTE 0x93

/* Whether path ends in suffix (ASCII letters in any case). */
static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if ((path[n - k + i] | 0x20) != (suffix[i] | 0x20))
			return 0;
	return 1;
}

/*
 * Whether the regular file fp (at its start, left there) is a safetensors
 * file: by its name, or by its first 9 bytes (read.h says why these).
 */
static int is_safetensors(FILE *fp, const char *path)
{
	unsigned char b[9];
	uint64_t n = 0;
	size_t got;

	if (has_suffix(path, ".safetensors"))
		return 1;
	got = fread(b, 1, sizeof b, fp);
	rewind(fp);
	if (got < sizeof b || b[8] != '{')
		return 0;
	for (int k = 8; k-- > 0;)
		n = n << 8 | b[k];
	return n >= 2 && n <= ST_HEADER_MAX;   /* "{}" is the smallest header */
}

int table_file_read(struct pe_learned *t, const char *path, struct out_err *err)
{
	return table_file_read_tensor(t, path, NULL, err);
}

int table_file_read_tensor(struct pe_learned *t, const char *path,
                           const char *tensor, struct out_err *err)
{
	FILE *fp;
	intmax_t size;
	int c, rc;
	char shown[96];

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	if (strcmp(path, "-") == 0) {
		if (tensor)
			return out_fail(err, "stdin: not a safetensors file: a tensor "
			                "name ('%s') needs one",
			                out_shown(shown, sizeof shown, tensor));
		c = getc(stdin);
		if (c == EOF && ferror(stdin))
			return out_fail(err, "cannot read 'stdin': %s",
			                strerror(errno ? errno : EIO));
		if (c != EOF && ungetc(c, stdin) == EOF)
			return out_fail(err, "cannot read 'stdin': %s", strerror(EIO));
		if (c == NPY_FIRST_BYTE)
			return npy_read_fp(t, stdin, "stdin", err);
		return csv_table_read(t, stdin, "stdin", err);
	}
	fp = input_open(path, &size, err);
	if (!fp)
		return -1;
	if (size >= 0 && is_safetensors(fp, path)) {
		fclose(fp);
		return st_read_table(t, path, tensor, err);
	}
	if (tensor) {
		fclose(fp);
		return out_fail(err, "%s: not a safetensors file: a tensor name "
		                "('%s') needs one", path,
		                out_shown(shown, sizeof shown, tensor));
	}
	c = getc(fp);
	if (c == EOF && ferror(fp)) {
		rc = out_fail(err, "cannot read '%s': %s", path,
		              strerror(errno ? errno : EIO));
	} else if (c == NPY_FIRST_BYTE && size >= 0) {
		/* reopen by name: npy_read knows the size of a regular file
		 * and refuses a truncated one before allocating */
		fclose(fp);
		return npy_read(t, path, err);
	} else if (c != NPY_FIRST_BYTE && has_suffix(path, ".npy")) {
		/* named .npy but not one: say so, not "line 1: ..." */
		rc = out_fail(err, "%s: not a .npy file: %s", path,
		              c == EOF ? "it is empty" : "it does not start with \\x93NUMPY");
	} else if (c != EOF && ungetc(c, fp) == EOF) {
		rc = out_fail(err, "cannot read '%s': %s", path, strerror(EIO));
	} else if (c == NPY_FIRST_BYTE) {
		rc = npy_read_fp(t, fp, path, err);
	} else {
		rc = csv_table_read(t, fp, path, err);
	}
	fclose(fp);
	return rc;
}

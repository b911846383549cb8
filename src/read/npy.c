/*
 * npy.c - read a learned position table from a NumPy .npy file, as
 * numpy.lib.format describes it
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html;
 * numpy/lib/format.py: MAGIC_PREFIX, _header_size_info, _filter_header,
 * read_array_header).  See read.h for what is accepted and the
 * messages.
 *
 * The header dict is parsed by hand, not evaluated: keys in any order,
 * single or double quotes, any whitespace, a trailing comma in the dict
 * and in the shape tuple, and the "3L" integers of files written by
 * Python 2 (format.py's _filter_header drops the L the same way).
 *
 * float16 ('<f2') is converted exactly by half_to_double (half.c).
 *
 * Left out: other dtypes (big-endian, integers, bfloat16, structured),
 * Fortran order, .npz archives, memory mapping.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/read.h"

#define MAGIC "\x93NUMPY"
#define MAGIC_LEN 6
#define SHAPE_MAX_DIMS 32   /* numpy's NPY_MAXDIMS (64 since 2.0); more is
                               reported as "too many dimensions" */
#define CHUNK 65536         /* bytes read at a time */

/* ---- the header dict ---- */

struct hdr {
	char descr[16];
	int has_descr, has_order, has_shape;
	int fortran;
	size_t n_shape;                     /* dimensions, may exceed the array */
	uintmax_t shape[SHAPE_MAX_DIMS];
	int shape_overflow;                 /* an axis beyond uintmax_t */
};

struct cur {
	const char *s, *end;
};

static void skip_ws(struct cur *c)
{
	while (c->s < c->end && strchr(" \t\r\n", *c->s) && *c->s)
		c->s++;
}

static int eat(struct cur *c, char ch)
{
	skip_ws(c);
	if (c->s < c->end && *c->s == ch) {
		c->s++;
		return 1;
	}
	return 0;
}

/* A quoted Python string into buf (cut at size - 1); 0 if malformed. */
static int get_string(struct cur *c, char *buf, size_t size)
{
	char q;
	size_t n = 0;

	skip_ws(c);
	if (c->s >= c->end || (*c->s != '\'' && *c->s != '"'))
		return 0;
	q = *c->s++;
	while (c->s < c->end && *c->s != q) {
		if (*c->s == '\\' || *c->s == '\n')
			return 0;   /* no escapes in the keys and dtypes we read */
		if (n + 1 < size)
			buf[n++] = *c->s;
		c->s++;
	}
	if (c->s >= c->end)
		return 0;
	c->s++;
	buf[n] = '\0';
	return 1;
}

/* A non-negative integer, optionally with Python 2's L suffix. */
static int get_uint(struct cur *c, uintmax_t *v, int *overflow)
{
	uintmax_t x = 0;
	const char *start;

	skip_ws(c);
	start = c->s;
	while (c->s < c->end && *c->s >= '0' && *c->s <= '9') {
		unsigned dig = (unsigned)(*c->s - '0');

		if (x > (UINTMAX_MAX - dig) / 10)
			*overflow = 1;
		else
			x = x * 10 + dig;
		c->s++;
	}
	if (c->s == start)
		return 0;
	if (c->s < c->end && (*c->s == 'L' || *c->s == 'l'))
		c->s++;
	*v = x;
	return 1;
}

/* (), (n,), (n, d), (n,d,) ... */
static int get_shape(struct cur *c, struct hdr *h)
{
	if (!eat(c, '('))
		return 0;
	h->n_shape = 0;
	if (eat(c, ')'))
		return 1;
	for (;;) {
		uintmax_t v;

		if (!get_uint(c, &v, &h->shape_overflow))
			return 0;
		if (h->n_shape < SHAPE_MAX_DIMS)
			h->shape[h->n_shape] = v;
		h->n_shape++;
		if (eat(c, ')'))
			return 1;
		if (!eat(c, ','))
			return 0;
		if (eat(c, ')'))
			return 1;
	}
}

static int bad_header(struct out_err *err, const char *name, const char *what)
{
	return out_fail(err, "%s: bad header: %s", name, what);
}

static int parse_header(struct hdr *h, const char *text, size_t len,
                        const char *name, struct out_err *err)
{
	struct cur c = { text, text + len };
	char key[32];

	memset(h, 0, sizeof *h);
	if (!eat(&c, '{'))
		return bad_header(err, name, "expected a dict starting with '{'");
	for (;;) {
		if (eat(&c, '}'))
			break;
		if (!get_string(&c, key, sizeof key))
			return bad_header(err, name, "expected a quoted key");
		if (!eat(&c, ':'))
			return bad_header(err, name, "expected ':' after a key");
		if (strcmp(key, "descr") == 0) {
			if (h->has_descr)
				return bad_header(err, name, "duplicate key 'descr'");
			if (!get_string(&c, h->descr, sizeof h->descr))
				return bad_header(err, name, "'descr' is not a dtype string "
				                  "(structured arrays are not supported)");
			h->has_descr = 1;
		} else if (strcmp(key, "fortran_order") == 0) {
			if (h->has_order)
				return bad_header(err, name, "duplicate key 'fortran_order'");
			skip_ws(&c);
			if ((size_t)(c.end - c.s) >= 4 && memcmp(c.s, "True", 4) == 0) {
				h->fortran = 1;
				c.s += 4;
			} else if ((size_t)(c.end - c.s) >= 5 && memcmp(c.s, "False", 5) == 0) {
				h->fortran = 0;
				c.s += 5;
			} else {
				return bad_header(err, name, "'fortran_order' is not True or False");
			}
			h->has_order = 1;
		} else if (strcmp(key, "shape") == 0) {
			if (h->has_shape)
				return bad_header(err, name, "duplicate key 'shape'");
			if (!get_shape(&c, h))
				return bad_header(err, name, "'shape' is not a tuple of integers");
			h->has_shape = 1;
		} else {
			char what[160], shown[120];

			snprintf(what, sizeof what, "unknown key '%s'",
			         out_shown(shown, sizeof shown, key));
			return bad_header(err, name, what);
		}
		if (eat(&c, '}'))
			break;
		if (!eat(&c, ','))
			return bad_header(err, name, "expected ',' or '}' after a value");
	}
	skip_ws(&c);
	if (c.s != c.end)
		return bad_header(err, name, "unexpected text after the dict");
	if (!h->has_descr)
		return bad_header(err, name, "missing key 'descr'");
	if (!h->has_order)
		return bad_header(err, name, "missing key 'fortran_order'");
	if (!h->has_shape)
		return bad_header(err, name, "missing key 'shape'");
	return 0;
}

/* The shape as Python prints a tuple: (5,) (3, 4) (2, 3, 4). */
static void shape_str(char *buf, size_t size, const struct hdr *h)
{
	size_t used = 0, n = h->n_shape < SHAPE_MAX_DIMS ? h->n_shape : SHAPE_MAX_DIMS;

	used += (size_t)snprintf(buf, size, "(");
	for (size_t k = 0; k < n && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, "%s%ju",
		                         k ? ", " : "", h->shape[k]);
	if (used < size)
		snprintf(buf + used, size - used, "%s)", n == 1 ? "," : "");
}

/* ---- data ---- */

static uint64_t le_u64(const unsigned char *b, size_t n)
{
	uint64_t v = 0;

	for (size_t k = n; k-- > 0;)
		v = v << 8 | b[k];
	return v;
}

static double le_value(const unsigned char *b, size_t itemsize)
{
	if (itemsize == 2) {
		return half_to_double((uint16_t)le_u64(b, 2));
	} else if (itemsize == 4) {
		uint32_t u = (uint32_t)le_u64(b, 4);
		float f;

		memcpy(&f, &u, sizeof f);
		return (double)f;
	} else {
		uint64_t u = le_u64(b, 8);
		double x;

		memcpy(&x, &u, sizeof x);
		return x;
	}
}

static int read_failed(struct out_err *err, const char *name)
{
	return out_fail(err, "cannot read '%s': %s", name,
	                strerror(errno ? errno : EIO));
}

/* ---- the file ---- */

/* The array as it is read: its layout from the header, the data bytes
 * expected and read, the values so far. */
struct arr {
	const char *name;
	struct out_err *err;
	size_t itemsize, n_pos, n_dim, n_vals;
	uintmax_t data_off, need, have;   /* bytes: where the data starts, its size */
	size_t cap;                       /* values data has room for */
	double *data;
	unsigned char *chunk;
};

/* The magic string, the version and the header length (*n_len bytes of
 * it, then the header of *hlen bytes). */
static int read_preamble(FILE *fp, const char *name, size_t *n_len,
                         uintmax_t *hlen, struct out_err *err)
{
	unsigned char pre[12];
	size_t got;

	errno = 0;
	got = fread(pre, 1, 8, fp);
	if (got < 8 && ferror(fp))
		return read_failed(err, name);
	if (got < MAGIC_LEN || memcmp(pre, MAGIC, MAGIC_LEN) != 0)
		return out_fail(err, "%s: not a .npy file: bad magic string", name);
	if (got < 8)
		return out_fail(err, "%s: truncated header", name);
	/* format.py _header_size_info: (1, 0) '<H', (2, 0) and (3, 0) '<I';
	 * 3.0 only allows a utf8 header, the same bytes for our ASCII keys */
	if (pre[6] == 1 && pre[7] == 0)
		*n_len = 2;
	else if ((pre[6] == 2 || pre[6] == 3) && pre[7] == 0)
		*n_len = 4;
	else
		return out_fail(err, "%s: unsupported .npy format version %u.%u: "
		                "expected 1.0, 2.0 or 3.0", name, pre[6], pre[7]);
	if (fread(pre + 8, 1, *n_len, fp) != *n_len)
		return ferror(fp) ? read_failed(err, name)
		                  : out_fail(err, "%s: truncated header", name);
	*hlen = le_u64(pre + 8, *n_len);
	if (*hlen > NPY_HEADER_MAX)
		return out_fail(err, "%s: header too long (%ju bytes): at most %d",
		                name, *hlen, NPY_HEADER_MAX);
	return 0;
}

/* The header dict of hlen bytes, parsed into *h. */
static int read_header(FILE *fp, const char *name, uintmax_t hlen,
                     struct hdr *h, struct out_err *err)
{
	char *text = malloc((size_t)hlen + 1);
	int rc = -1;

	if (!text)
		return out_fault(err, "%s: out of memory", name);
	if (fread(text, 1, (size_t)hlen, fp) != (size_t)hlen) {
		rc = ferror(fp) ? read_failed(err, name)
		                : out_fail(err, "%s: truncated header", name);
	} else {
		text[hlen] = '\0';
		if (memchr(text, '\0', (size_t)hlen))
			bad_header(err, name, "contains a NUL byte");
		else
			rc = parse_header(h, text, (size_t)hlen, name, err);
	}
	free(text);
	return rc;
}

/* A shape of more than PE_LEARNED_VALUES_MAX values (or an axis beyond
 * uintmax_t), refused with its size. */
static int too_large(const struct arr *a, const struct hdr *h, const char *shp)
{
	/* in double: the product may not fit any integer type */
	double vals = (double)h->shape[0] * (double)h->shape[1];

	if (h->shape_overflow)
		return out_fail(a->err, "%s: shape is too large: an axis exceeds %ju; "
		                "at most %zu values (2 GiB)", a->name, UINTMAX_MAX,
		                PE_LEARNED_VALUES_MAX);
	return out_fail(a->err, "%s: shape %s is too large: %.3g values, %.3g GiB "
	                "as doubles; at most %zu values (2 GiB)", a->name, shp, vals,
	                vals * 8.0 / 1073741824.0, PE_LEARNED_VALUES_MAX);
}

/* The dtype, order and shape of h checked, the layout into a. */
static int check_layout(struct arr *a, const struct hdr *h)
{
	char shp[160], shown[96];

	if (strcmp(h->descr, "<f8") == 0)
		a->itemsize = 8;
	else if (strcmp(h->descr, "<f4") == 0)
		a->itemsize = 4;
	else if (strcmp(h->descr, "<f2") == 0)
		a->itemsize = 2;
	else
		return out_fail(a->err, "%s: unsupported dtype '%s': expected '<f2', "
		                "'<f4' or '<f8' (little-endian float16, float32 or "
		                "float64)", a->name, out_shown(shown, sizeof shown, h->descr));
	if (h->fortran)
		return out_fail(a->err, "%s: fortran_order True is not supported: save "
		                "a C-order array", a->name);
	shape_str(shp, sizeof shp, h);
	if (h->n_shape != 2)
		return out_fail(a->err, "%s: expected a 2-D array (positions, "
		                "dimensions), got shape %s", a->name, shp);
	if (h->shape[0] == 0 || h->shape[1] == 0)
		return out_fail(a->err, "%s: empty array: shape %s", a->name, shp);
	if (h->shape_overflow || h->shape[0] > PE_LEARNED_VALUES_MAX
	    || h->shape[1] > PE_LEARNED_VALUES_MAX / h->shape[0])
		return too_large(a, h, shp);
	a->n_pos = (size_t)h->shape[0];
	a->n_dim = (size_t)h->shape[1];
	a->n_vals = a->n_pos * a->n_dim;
	a->need = (uintmax_t)a->n_vals * a->itemsize;
	return 0;
}

/* Everything before the data: the layout into a. */
static int read_head(struct arr *a, FILE *fp)
{
	struct hdr h;
	size_t n_len = 0;
	uintmax_t hlen = 0;

	if (read_preamble(fp, a->name, &n_len, &hlen, a->err) != 0
	    || read_header(fp, a->name, hlen, &h, a->err) != 0)
		return -1;
	a->data_off = 8 + n_len + hlen;
	return check_layout(a, &h);
}

/* Room in a->data for n values, the buffer doubled as the data comes. */
static int grow_values(struct arr *a, size_t n)
{
	/* doubling: O(n) copying in all, at most twice the data read */
	size_t grow = a->cap > a->n_vals / 2 ? a->n_vals : 2 * a->cap;
	double *g;

	if (n <= a->cap)
		return 0;
	if (grow < n)
		grow = n;
	g = realloc(a->data, grow * sizeof *g);
	if (!g)
		return out_fault(a->err, "%s: out of memory for %zu x %zu values",
		                a->name, a->n_pos, a->n_dim);
	a->data = g;
	a->cap = grow;
	return 0;
}

/* The got bytes of a->chunk as values from index base, each finite. */
static int store_chunk(struct arr *a, size_t base, size_t got)
{
	/* CHUNK is a multiple of every item size, so items never straddle
	 * chunks except in a short (truncated) read */
	for (size_t k = 0; k + a->itemsize <= got; k += a->itemsize) {
		size_t idx = base + k / a->itemsize;
		double x = le_value(a->chunk + k, a->itemsize);

		if (!isfinite(x))
			return out_fail(a->err, "%s: non-finite value (%s) at row %zu, "
			                "column %zu (counted from 0)", a->name,
			                isnan(x) ? "nan" : x > 0 ? "inf" : "-inf",
			                idx / a->n_dim, idx % a->n_dim);
		a->data[idx] = x;
	}
	return 0;
}

/*
 * The data, a->need bytes.  A regular file (sized) holds all its data
 * (checked before): the table is allocated at once.  A stream may end long
 * before its header's shape says, so the table grows with the data read:
 * a few bytes claiming 2^28 values must not cost 2 GiB.
 */
static int read_values(struct arr *a, FILE *fp, int sized)
{
	a->cap = sized ? a->n_vals : 0;
	a->data = a->cap ? malloc(a->cap * sizeof *a->data) : NULL;
	a->chunk = malloc(CHUNK);
	if ((a->cap && !a->data) || !a->chunk)
		return out_fault(a->err, "%s: out of memory for %zu x %zu values",
		                a->name, a->n_pos, a->n_dim);
	while (a->have < a->need) {
		size_t want = a->need - a->have > CHUNK ? CHUNK
		            : (size_t)(a->need - a->have);
		size_t base = (size_t)(a->have / a->itemsize), got;

		errno = 0;
		got = fread(a->chunk, 1, want, fp);
		if (got < want && ferror(fp))
			return read_failed(a->err, a->name);
		if (grow_values(a, base + got / a->itemsize) != 0
		    || store_chunk(a, base, got) != 0)
			return -1;
		a->have += got;
		if (got < want)
			return out_fail(a->err, "%s: truncated data: expected %ju bytes, "
			                "got %ju", a->name, a->need, a->have);
	}
	return 0;
}

/* Nothing after the array: counted from the size of a regular file
 * (file_size >= 0), else read to the end of the stream. */
static int check_trailing(struct arr *a, FILE *fp, intmax_t file_size)
{
	uintmax_t extra = 0;
	size_t got;

	if (file_size >= 0) {
		if ((uintmax_t)file_size > a->data_off + a->need)
			return out_fail(a->err, "%s: %ju bytes of unexpected data after "
			                "the array", a->name,
			                (uintmax_t)file_size - a->data_off - a->need);
		return 0;
	}
	while ((got = fread(a->chunk, 1, CHUNK, fp)) > 0)
		extra += got;
	if (ferror(fp))
		return read_failed(a->err, a->name);
	if (extra > 0)
		return out_fail(a->err, "%s: %ju bytes of unexpected data after the "
		                "array", a->name, extra);
	return 0;
}

/*
 * The body of npy_read_fp; file_size is the size of a regular file (-1
 * otherwise), so that a file too short for its shape is refused before the
 * table is allocated.
 */
static int read_stream(struct pe_learned *t, FILE *fp, const char *name,
                       intmax_t file_size, struct out_err *err)
{
	struct arr a = { .name = name, .err = err };
	int rc = -1;

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	if (read_head(&a, fp) != 0)
		return -1;
	if (file_size >= 0 && (uintmax_t)file_size < a.data_off + a.need) {
		uintmax_t left = (uintmax_t)file_size > a.data_off
		               ? (uintmax_t)file_size - a.data_off : 0;

		return out_fail(err, "%s: truncated data: expected %ju bytes, got %ju",
		                name, a.need, left);
	}
	if (read_values(&a, fp, file_size >= 0) == 0
	    && check_trailing(&a, fp, file_size) == 0) {
		t->n_pos = a.n_pos;
		t->n_dim = a.n_dim;
		t->data = a.data;
		t->stored = a.itemsize == 2 ? PE_FP16 : a.itemsize == 4 ? PE_FP32 : PE_FP64;
		a.data = NULL;
		rc = 0;
	}
	free(a.chunk);
	free(a.data);
	return rc;
}

int npy_read_fp(struct pe_learned *t, FILE *fp, const char *name,
                struct out_err *err)
{
	return read_stream(t, fp, name, -1, err);
}

int npy_read(struct pe_learned *t, const char *path, struct out_err *err)
{
	intmax_t size;
	FILE *fp;
	int rc;

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	fp = input_open(path, &size, err);
	if (!fp)
		return -1;
	rc = read_stream(t, fp, path, size, err);
	fclose(fp);
	return rc;
}

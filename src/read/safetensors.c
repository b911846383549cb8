/*
 * safetensors.c - read one tensor of a safetensors file as a learned table
 * (rows = the first axis), and find the file of a model folder that holds
 * a tensor; see read.h for what is accepted and the messages.
 *
 * Format: https://huggingface.co/docs/safetensors/index: 8 bytes, the
 * little-endian u64 N, then N bytes of JSON (a UTF-8 object, padded with
 * spaces), then the byte buffer.  The checks are those of the Rust crate
 * (safetensors/src/tensor.rs: SafeTensors::read_metadata,
 * Metadata::validate): N <= MAX_HEADER_SIZE (100,000,000) and 8 + N <= the
 * file size; the header a JSON object; each tensor a known dtype, a shape
 * of non-negative integers and data_offsets [begin, end] with end - begin
 * = product(shape) * the dtype's size, without overflow; sorted by begin,
 * the tensors cover the byte buffer from 0 to its end, with no hole and no
 * overlap.
 *
 * Only the header is read (pread), and of the byte buffer only the pages
 * of the tensor asked for (mmap from a page-aligned offset): a 16 x 768
 * table in a 5 GB shard costs what the table costs.  Values are decoded
 * little-endian byte by byte, so the host's byte order does not matter;
 * F16 and BF16 through half.c, exactly.
 *
 * Left out: reading standard input or a pipe (the file is mapped), dtypes
 * other than F64, F32, F16 and BF16 (named, and refused), and a file that
 * shrinks while mapped (SIGBUS, as with any mapped reader).
 */
#include <config.h>   /* first: _FILE_OFFSET_BITS (AC_SYS_LARGEFILE) */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/json.h"
#include "read/read.h"

#define SHOWN 96          /* bytes of a name from the file in a message */
#define LISTED 3          /* tensor names listed when one must be chosen */

/* ---- dtypes: the crate's Dtype, sizes in bits ---- */

enum st_kind { ST_OTHER, ST_F64, ST_F32, ST_F16, ST_BF16 };

struct st_dtype {
	const char *name;
	unsigned bits;
	enum st_kind kind;
};

static const struct st_dtype st_dtypes[] = {
	{ "F64", 64, ST_F64 }, { "F32", 32, ST_F32 }, { "F16", 16, ST_F16 },
	{ "BF16", 16, ST_BF16 },
	{ "BOOL", 8, ST_OTHER }, { "U8", 8, ST_OTHER }, { "I8", 8, ST_OTHER },
	{ "F8_E5M2", 8, ST_OTHER }, { "F8_E4M3", 8, ST_OTHER },
	{ "F8_E8M0", 8, ST_OTHER }, { "F4", 4, ST_OTHER },
	{ "F6_E2M3", 6, ST_OTHER }, { "F6_E3M2", 6, ST_OTHER },
	{ "I16", 16, ST_OTHER }, { "U16", 16, ST_OTHER }, { "I32", 32, ST_OTHER },
	{ "U32", 32, ST_OTHER }, { "I64", 64, ST_OTHER }, { "U64", 64, ST_OTHER },
	{ "C64", 64, ST_OTHER },
};

static const struct st_dtype *dtype_of(const char *name)
{
	for (size_t k = 0; k < sizeof st_dtypes / sizeof st_dtypes[0]; k++)
		if (strcmp(st_dtypes[k].name, name) == 0)
			return &st_dtypes[k];
	return NULL;
}

/* ---- the file and its header ---- */

struct st_tensor {
	const char *name;               /* a key of the header (json-c owns it) */
	const struct st_dtype *dtype;
	json_object *shape;             /* an array of non-negative integers */
	uint64_t n_vals;                /* product(shape) */
	uint64_t begin, end;            /* in the byte buffer */
	size_t order;                   /* place in the header */
};

struct st_file {
	const char *path;
	struct out_err *err;
	int fd;
	uint64_t size, n_header;        /* the file's size, N */
	json_object *root;
	struct st_tensor *t;            /* in header order */
	size_t n_t;
};

static uint64_t le64(const unsigned char *b)
{
	uint64_t v = 0;

	for (int k = 8; k-- > 0;)
		v = v << 8 | b[k];
	return v;
}

/* len bytes at off of fd; -1 with a message naming path. */
static int read_at(int fd, void *buf, size_t len, uint64_t off,
                   const char *path, struct out_err *err)
{
	unsigned char *p = buf;

	while (len > 0) {
		ssize_t got = pread(fd, p, len, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return out_fail(err, "cannot read '%s': %s", path, strerror(errno));
		if (got == 0)
			return out_fail(err, "cannot read '%s': the file ended early "
			                "(changed while read)", path);
		p += got;
		len -= (size_t)got;
		off += (uint64_t)got;
	}
	return 0;
}

/* path opened for pread and mmap: a regular file, its size into *size. */
static int open_regular(const char *path, uint64_t *size, struct out_err *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return out_fail(err, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		out_fail(err, "cannot read '%s': %s", path, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		out_fail(err, "cannot read '%s': %s", path, strerror(EISDIR));
	} else if (!S_ISREG(st.st_mode)) {
		out_fail(err, "cannot read '%s': not a regular file (a safetensors "
		         "file is read in place, not from a pipe)", path);
	} else {
		*size = (uint64_t)st.st_size;
		return fd;
	}
	close(fd);
	return -1;
}

/* "[2, 3]" from a validated shape. */
static const char *shape_str(char *buf, size_t size, json_object *shape)
{
	size_t n = json_object_array_length(shape), used = 0;

	buf[0] = '\0';
	used += (size_t)snprintf(buf, size, "[");
	for (size_t k = 0; k < n && used < size; k++)
		used += (size_t)snprintf(buf + used, size - used, "%s%" PRIu64,
		                         k ? ", " : "",
		                         json_object_get_uint64(
		                             json_object_array_get_idx(shape, k)));
	if (used < size)
		snprintf(buf + used, size - used, "]");
	return buf;
}

/* A non-negative JSON integer into *out; 0 if v is not one. */
static int get_u64(json_object *v, uint64_t *out)
{
	if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 0)
		return 0;
	*out = json_object_get_uint64(v);
	return 1;
}

/* The JSON text of v, cut for a message. */
static const char *text_of(char *buf, size_t size, json_object *v)
{
	return out_shown(buf, size, json_text(v, JSON_C_TO_STRING_PLAIN
	                                         | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* The entry of one tensor checked, into *t. */
static int read_entry(struct st_file *f, const char *key, json_object *v,
                      struct st_tensor *t)
{
	char nm[SHOWN], txt[SHOWN], shp[SHOWN];
	json_object *dt, *shape, *offs;
	uint64_t n = 1, bits, b, e;
	int overflow = 0;

	out_shown(nm, sizeof nm, key);
	t->name = key;
	if (!json_object_is_type(v, json_type_object))
		return out_fail(f->err, "%s: bad entry for tensor '%s': expected an "
		                "object with dtype, shape and data_offsets, got %s",
		                f->path, nm, json_kind(v));
	if (!json_object_object_get_ex(v, "dtype", &dt))
		return out_fail(f->err, "%s: missing 'dtype' for tensor '%s'", f->path, nm);
	if (!json_object_is_type(dt, json_type_string))
		return out_fail(f->err, "%s: bad 'dtype' for tensor '%s': expected a "
		                "string, got %s", f->path, nm, json_kind(dt));
	t->dtype = dtype_of(json_object_get_string(dt));
	if (!t->dtype)
		return out_fail(f->err, "%s: unknown dtype '%s' for tensor '%s': not "
		                "a safetensors dtype", f->path,
		                out_shown(txt, sizeof txt, json_object_get_string(dt)), nm);

	if (!json_object_object_get_ex(v, "shape", &shape))
		return out_fail(f->err, "%s: missing 'shape' for tensor '%s'", f->path, nm);
	if (!json_object_is_type(shape, json_type_array))
		goto bad_shape;
	for (size_t k = 0; k < json_object_array_length(shape); k++) {
		uint64_t d;

		if (!get_u64(json_object_array_get_idx(shape, k), &d))
			goto bad_shape;
		/* the crate's checked_mul fails even if a later axis is 0 */
		if (d != 0 && n > UINT64_MAX / d)
			overflow = 1;
		else
			n *= d;
	}
	t->shape = shape;

	if (!json_object_object_get_ex(v, "data_offsets", &offs))
		return out_fail(f->err, "%s: missing 'data_offsets' for tensor '%s'",
		                f->path, nm);
	if (!json_object_is_type(offs, json_type_array)
	    || json_object_array_length(offs) != 2
	    || !get_u64(json_object_array_get_idx(offs, 0), &b)
	    || !get_u64(json_object_array_get_idx(offs, 1), &e))
		return out_fail(f->err, "%s: bad 'data_offsets' for tensor '%s': "
		                "expected [begin, end], two non-negative integers, "
		                "got %s", f->path, nm, text_of(txt, sizeof txt, offs));
	if (e < b)
		return out_fail(f->err, "%s: bad data_offsets [%" PRIu64 ", %" PRIu64
		                "] for tensor '%s': end before begin", f->path, b, e, nm);

	/* the crate: nelements * bitsize must not overflow, and be whole bytes */
	shape_str(shp, sizeof shp, shape);
	bits = t->dtype->bits;
	if (overflow || n > UINT64_MAX / bits)
		return out_fail(f->err, "%s: shape %s of tensor '%s' is too large: "
		                "its size in bytes overflows 64 bits", f->path, shp, nm);
	if (n * bits % 8 != 0)
		return out_fail(f->err, "%s: shape %s of %s tensor '%s' is not a whole "
		                "number of bytes", f->path, shp, t->dtype->name, nm);
	if (e - b != n * bits / 8)
		return out_fail(f->err, "%s: data_offsets [%" PRIu64 ", %" PRIu64 "] "
		                "for tensor '%s' hold %" PRIu64 " bytes: shape %s of %s "
		                "needs %" PRIu64, f->path, b, e, nm, e - b, shp,
		                t->dtype->name, n * bits / 8);
	t->n_vals = n;
	t->begin = b;
	t->end = e;
	return 0;

bad_shape:
	return out_fail(f->err, "%s: bad 'shape' for tensor '%s': expected an "
	                "array of non-negative integers, got %s", f->path, nm,
	                text_of(txt, sizeof txt, shape));
}

/* __metadata__: an object of strings (the crate: HashMap<String, String>). */
static int read_metadata(struct st_file *f, json_object *v)
{
	char txt[SHOWN];

	if (!json_object_is_type(v, json_type_object))
		return out_fail(f->err, "%s: bad '__metadata__': expected an object "
		                "of strings, got %s", f->path, json_kind(v));
	json_object_object_foreach(v, key, val) {
		if (!json_object_is_type(val, json_type_string))
			return out_fail(f->err, "%s: bad '__metadata__': '%s' is %s, "
			                "expected a string", f->path,
			                out_shown(txt, sizeof txt, key), json_kind(val));
	}
	return 0;
}

static int by_offset(const void *pa, const void *pb)
{
	const struct st_tensor *a = *(const struct st_tensor *const *)pa;
	const struct st_tensor *b = *(const struct st_tensor *const *)pb;

	if (a->begin != b->begin)
		return a->begin < b->begin ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sorted by begin, the tensors tile the byte buffer exactly. */
static int check_tiling(struct st_file *f)
{
	uint64_t buffer = f->size - 8 - f->n_header, at = 0;
	const struct st_tensor **s = malloc((f->n_t ? f->n_t : 1) * sizeof *s);
	const struct st_tensor *prev = NULL;
	char nm[SHOWN], pn[SHOWN];
	int rc = 0;

	if (!s)
		return out_fault(f->err, "%s: out of memory", f->path);
	for (size_t k = 0; k < f->n_t; k++)
		s[k] = &f->t[k];
	qsort(s, f->n_t, sizeof *s, by_offset);
	for (size_t k = 0; k < f->n_t && rc == 0; k++) {
		const struct st_tensor *t = s[k];

		out_shown(nm, sizeof nm, t->name);
		if (t->begin > at)
			rc = out_fail(f->err, "%s: data_offsets [%" PRIu64 ", %" PRIu64
			              "] for tensor '%s' leave a hole: bytes [%" PRIu64
			              ", %" PRIu64 ") of the buffer belong to no tensor",
			              f->path, t->begin, t->end, nm, at, t->begin);
		else if (t->begin < at)
			rc = out_fail(f->err, "%s: data_offsets [%" PRIu64 ", %" PRIu64
			              "] for tensor '%s' overlap tensor '%s' at [%" PRIu64
			              ", %" PRIu64 "]", f->path, t->begin, t->end, nm,
			              out_shown(pn, sizeof pn, prev->name), prev->begin,
			              prev->end);
		else if (t->end > buffer)
			rc = out_fail(f->err, "%s: data_offsets [%" PRIu64 ", %" PRIu64
			              "] for tensor '%s' run past the end of the file: the "
			              "byte buffer holds %" PRIu64 " bytes", f->path,
			              t->begin, t->end, nm, buffer);
		at = t->end;
		prev = t;
	}
	if (rc == 0 && at < buffer)
		rc = out_fail(f->err, "%s: %" PRIu64 " bytes of unexpected data after "
		              "the last tensor", f->path, buffer - at);
	free(s);
	return rc;
}

static void st_close(struct st_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	json_object_put(f->root);
	free(f->t);
	f->fd = -1;
	f->root = NULL;
	f->t = NULL;
	f->n_t = 0;
}

/* The header of path read and checked; st_close after success or not. */
static int st_open(struct st_file *f, const char *path, struct out_err *err)
{
	unsigned char pre[8];
	char *text;
	int rc;

	memset(f, 0, sizeof *f);
	f->path = path;
	f->err = err;
	f->fd = open_regular(path, &f->size, err);
	if (f->fd < 0)
		return -1;
	if (f->size == 0)
		return out_fail(err, "%s: not a safetensors file: it is empty", path);
	if (f->size < 8)
		return out_fail(err, "%s: not a safetensors file: %" PRIu64 " bytes, "
		                "shorter than the 8-byte header size", path, f->size);
	if (read_at(f->fd, pre, 8, 0, path, err) != 0)
		return -1;
	f->n_header = le64(pre);
	if (f->n_header > ST_HEADER_MAX)
		return out_fail(err, "%s: header size %" PRIu64 " is too large: at "
		                "most %d bytes", path, f->n_header, ST_HEADER_MAX);
	if (f->n_header > f->size - 8)
		return out_fail(err, "%s: header size %" PRIu64 " runs past the end "
		                "of the file: it holds %" PRIu64 " bytes after the "
		                "8-byte size", path, f->n_header, f->size - 8);

	text = malloc((size_t)f->n_header + 1);
	if (!text)
		return out_fault(err, "%s: out of memory for a header of %" PRIu64
		                " bytes", path, f->n_header);
	rc = read_at(f->fd, text, (size_t)f->n_header, 8, path, err);
	if (rc == 0)
		rc = json_parse_text(&f->root, text, (size_t)f->n_header, 1, path,
		                     "header is not valid JSON", err);
	free(text);
	if (rc != 0)
		return -1;
	if (!json_object_is_type(f->root, json_type_object))
		return out_fail(err, "%s: header is not a JSON object: got %s", path,
		                json_kind(f->root));

	f->t = malloc((size_t)json_object_object_length(f->root) * sizeof *f->t + 1);
	if (!f->t)
		return out_fault(err, "%s: out of memory", path);
	json_object_object_foreach(f->root, key, val) {
		if (strcmp(key, "__metadata__") == 0) {
			if (read_metadata(f, val) != 0)
				return -1;
			continue;
		}
		f->t[f->n_t].order = f->n_t;
		if (read_entry(f, key, val, &f->t[f->n_t]) != 0)
			return -1;
		f->n_t++;
	}
	return check_tiling(f);
}

static const struct st_tensor *st_find(const struct st_file *f, const char *name)
{
	for (size_t k = 0; k < f->n_t; k++)
		if (strcmp(f->t[k].name, name) == 0)
			return &f->t[k];
	return NULL;
}

/* "'a', 'b', 'c' and 2 more": the first names in header order. */
static const char *names_list(char *buf, size_t size, const struct st_file *f)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < f->n_t && k < LISTED && used < size; k++) {
		char nm[SHOWN];

		used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
		                         k == 0 ? "" : k + 1 == f->n_t ? " and " : ", ",
		                         out_shown(nm, sizeof nm, f->t[k].name));
	}
	if (f->n_t > LISTED && used < size)
		snprintf(buf + used, size - used, " and %zu more", f->n_t - LISTED);
	return buf;
}

/* ---- values ---- */

static double value_at(const unsigned char *b, enum st_kind kind)
{
	uint64_t u = 0;
	int n = kind == ST_F64 ? 8 : kind == ST_F32 ? 4 : 2;

	for (int k = n; k-- > 0;)
		u = u << 8 | b[k];
	switch (kind) {
	case ST_F64: {
		double x;

		memcpy(&x, &u, sizeof x);
		return x;
	}
	case ST_F32: {
		uint32_t w = (uint32_t)u;
		float x;

		memcpy(&x, &w, sizeof x);
		return (double)x;
	}
	case ST_F16:
		return half_to_double((uint16_t)u);
	default:
		return bf16_to_double((uint16_t)u);
	}
}

/* Tensor t of f into the table: only its pages are mapped. */
static int read_tensor(const struct st_file *f, const struct st_tensor *t,
                       struct pe_learned *tab)
{
	char nm[SHOWN], shp[SHOWN];
	size_t n_axes = json_object_array_length(t->shape), item, n_rows, n_cols;
	uint64_t rows, off, base, page;
	size_t len;
	unsigned char *map;
	double *data;

	out_shown(nm, sizeof nm, t->name);
	shape_str(shp, sizeof shp, t->shape);
	if (t->dtype->kind == ST_OTHER)
		return out_fail(f->err, "%s: unsupported dtype '%s' for tensor '%s': "
		                "expected F64, F32, F16 or BF16", f->path,
		                t->dtype->name, nm);
	if (n_axes == 0)
		return out_fail(f->err, "%s: tensor '%s' is a scalar (shape []): "
		                "expected 1 or more dimensions, positions first",
		                f->path, nm);
	if (t->n_vals == 0)
		return out_fail(f->err, "%s: empty tensor '%s': shape %s", f->path,
		                nm, shp);
	if (t->n_vals > PE_LEARNED_VALUES_MAX)
		return out_fail(f->err, "%s: tensor '%s' of shape %s is too large: %"
		                PRIu64 " values; at most %zu (2 GiB as doubles)",
		                f->path, nm, shp, t->n_vals, PE_LEARNED_VALUES_MAX);
	rows = json_object_get_uint64(json_object_array_get_idx(t->shape, 0));
	n_rows = (size_t)rows;
	n_cols = (size_t)(t->n_vals / rows);
	item = t->dtype->bits / 8;

	/* mmap wants an offset that is a multiple of the page size */
	page = (uint64_t)sysconf(_SC_PAGESIZE);
	off = 8 + f->n_header + t->begin;
	base = off - off % page;
	len = (size_t)(off - base) + (size_t)(t->end - t->begin);
	data = malloc((size_t)t->n_vals * sizeof *data);
	if (!data)
		return out_fault(f->err, "%s: out of memory for %zu x %zu values",
		                f->path, n_rows, n_cols);
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, f->fd, (off_t)base);
	if (map == MAP_FAILED) {
		free(data);
		return out_fail(f->err, "cannot read '%s': %s", f->path, strerror(errno));
	}
	for (size_t k = 0; k < (size_t)t->n_vals; k++) {
		double x = value_at(map + (off - base) + k * item, t->dtype->kind);

		if (!isfinite(x)) {
			munmap(map, len);
			free(data);
			return out_fail(f->err, "%s: non-finite value (%s) in tensor '%s' "
			                "at row %zu, column %zu (counted from 0)", f->path,
			                isnan(x) ? "nan" : x > 0 ? "inf" : "-inf", nm,
			                k / n_cols, k % n_cols);
		}
		data[k] = x;
	}
	munmap(map, len);
	tab->n_pos = n_rows;
	tab->n_dim = n_cols;
	tab->data = data;
	tab->stored = t->dtype->kind == ST_F32 ? PE_FP32 : t->dtype->kind == ST_F16 ? PE_FP16
	            : t->dtype->kind == ST_F64 ? PE_FP64 : PE_BF16;
	return 0;
}

int st_read_table(struct pe_learned *t, const char *path, const char *tensor,
                  struct out_err *err)
{
	struct st_file f;
	const struct st_tensor *s = NULL;
	char nm[SHOWN], list[512];
	int rc = -1;

	t->n_pos = 0;
	t->n_dim = 0;
	t->data = NULL;
	t->stored = PE_FP64;
	if (st_open(&f, path, err) != 0) {
		st_close(&f);
		return -1;
	}
	if (tensor) {
		s = st_find(&f, tensor);
		if (!s && f.n_t == 0)
			out_fail(err, "%s: no tensor '%s': the file holds no tensors",
			         path, out_shown(nm, sizeof nm, tensor));
		else if (!s)
			out_fail(err, "%s: no tensor '%s': the file holds %s", path,
			         out_shown(nm, sizeof nm, tensor),
			         names_list(list, sizeof list, &f));
	} else if (f.n_t == 0) {
		out_fail(err, "%s: no tensors in the file", path);
	} else if (f.n_t > 1) {
		out_fail(err, "%s: %zu tensors (%s): choose one by name", path, f.n_t,
		         names_list(list, sizeof list, &f));
	} else {
		s = &f.t[0];
	}
	if (s)
		rc = read_tensor(&f, s, t);
	st_close(&f);
	return rc;
}

/* ---- model folders ---- */

#define INDEX_NAME "model.safetensors.index.json"
#define SINGLE_NAME "model.safetensors"
#define INDEX_MAX ((uint64_t)64 << 20)   /* an index is KiBs; 64 MiB is not one */

/* dir/name into buf; -1 when it does not fit. */
static int join(char *buf, size_t size, const char *dir, const char *name,
                struct out_err *err)
{
	size_t n = strlen(dir);
	int len = snprintf(buf, size, "%s%s%s", dir,
	                   n && dir[n - 1] == '/' ? "" : "/", name);

	if (len < 0 || (size_t)len >= size)
		return out_fail(err, "%s: path too long for '%s' (at most %zu bytes)",
		                dir, name, size ? size - 1 : 0);
	return 0;
}

/* 1 if the safetensors file at path holds tensor, 0 if not (err says
 * so), -1 on error. */
static int st_holds(const char *path, const char *tensor, struct out_err *err)
{
	struct st_file f;
	char nm[SHOWN];
	int rc;

	if (st_open(&f, path, err) != 0)
		rc = -1;
	else if (st_find(&f, tensor))
		rc = 1;
	else
		rc = out_fail(err, "no tensor '%s' in %s", out_shown(nm, sizeof nm,
		              tensor), path) + 1;
	st_close(&f);
	return rc;
}

/* The index file at ipath (fd open): the shard holding tensor into *shard
 * (a string of *root); 1 when the weight map has no such tensor. */
static int index_lookup(int fd, uint64_t size, const char *ipath,
                        const char *tensor, json_object **root,
                        const char **shard, struct out_err *err)
{
	json_object *map, *v;
	char *text;
	char nm[SHOWN];
	int rc;

	if (size > INDEX_MAX)
		return out_fail(err, "%s: too large (%" PRIu64 " bytes): an index is "
		                "at most 64 MiB", ipath, size);
	text = malloc((size_t)size + 1);
	if (!text)
		return out_fault(err, "%s: out of memory", ipath);
	rc = read_at(fd, text, (size_t)size, 0, ipath, err);
	if (rc == 0)
		rc = json_parse_text(root, text, (size_t)size, 1, ipath,
		                     "not valid JSON", err);
	free(text);
	if (rc != 0)
		return -1;
	if (!json_object_is_type(*root, json_type_object))
		return out_fail(err, "%s: expected a JSON object at the top level, "
		                "got %s", ipath, json_kind(*root));
	if (!json_object_object_get_ex(*root, "weight_map", &map))
		return out_fail(err, "%s: missing 'weight_map'", ipath);
	if (!json_object_is_type(map, json_type_object))
		return out_fail(err, "%s: weight_map: expected an object, got %s",
		                ipath, json_kind(map));
	out_shown(nm, sizeof nm, tensor);
	if (!json_object_object_get_ex(map, tensor, &v))
		return out_fail(err, "no tensor '%s' in %s", nm, ipath) + 2;
	if (!json_object_is_type(v, json_type_string))
		return out_fail(err, "%s: weight_map: '%s': expected a file name, got "
		                "%s", ipath, nm, json_kind(v));
	*shard = json_object_get_string(v);
	return 0;
}

int st_locate(const char *dir, const char *tensor, char *file, size_t size,
              struct out_err *err)
{
	char ipath[4096], nm[SHOWN], sh[SHOWN];
	json_object *root = NULL;
	const char *shard = NULL;
	struct stat st;
	uint64_t isize;
	int fd, rc;

	if (stat(dir, &st) != 0)
		return out_fail(err, "cannot read '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return out_fail(err, "cannot read '%s': %s", dir, strerror(ENOTDIR));
	if (join(ipath, sizeof ipath, dir, INDEX_NAME, err) != 0)
		return -1;
	if (access(ipath, F_OK) != 0) {
		if (errno != ENOENT)
			return out_fail(err, "cannot read '%s': %s", ipath, strerror(errno));
		/* no index: one file, model.safetensors */
		if (join(file, size, dir, SINGLE_NAME, err) != 0)
			return -1;
		if (access(file, F_OK) != 0)
			return errno == ENOENT
			       ? out_fail(err, "no %s or %s in %s", SINGLE_NAME,
			                  INDEX_NAME, dir)
			       : out_fail(err, "cannot read '%s': %s", file, strerror(errno));
		rc = st_holds(file, tensor, err);
		return rc == 1 ? 0 : rc == 0 ? 1 : -1;
	}

	fd = open_regular(ipath, &isize, err);
	if (fd < 0)
		return -1;
	rc = index_lookup(fd, isize, ipath, tensor, &root, &shard, err);
	close(fd);
	if (rc == 0) {
		out_shown(nm, sizeof nm, tensor);
		out_shown(sh, sizeof sh, shard);
		if (!*shard || strchr(shard, '/') || strcmp(shard, ".") == 0
		    || strcmp(shard, "..") == 0)
			rc = out_fail(err, "%s: shard '%s' of tensor '%s' is not a file "
			              "name in the folder (no '/', not '.' or '..')",
			              ipath, sh, nm);
		else if (join(file, size, dir, shard, err) != 0)
			rc = -1;
		else if (access(file, F_OK) != 0)
			rc = out_fail(err, "%s: shard '%s' of tensor '%s' is missing: "
			              "cannot read '%s': %s", ipath, sh, nm, file,
			              strerror(errno));
		else if ((rc = st_holds(file, tensor, err)) == 1)
			rc = 0;
		else if (rc == 0)
			rc = out_fail(err, "%s: no tensor '%s', though %s names this "
			              "shard for it", file, nm, ipath);
	}
	json_object_put(root);
	return rc;
}

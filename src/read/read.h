/*
 * read.h - reading a learned position table (struct pe_learned, one
 * row per position) from a NumPy .npy file (npy.c), a CSV table
 * (csvread.c) or a tensor of a safetensors file (safetensors.c), finding
 * a tensor in a model folder (safetensors.c), and opening any input file
 * the user names (input.c).
 *
 * All readers fill t (t->data owned by the caller afterwards, freed with
 * pe_learned_free) and return 0, or return -1 with a message in err
 * (lower-case, no final period, starting with the file's name) and leave t
 * empty.  At most PE_LEARNED_VALUES_MAX (2^28) values, 2 GiB of doubles,
 * refused before any allocation.  Values must be finite.
 *
 * .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
 *   "\x93NUMPY", major and minor version bytes, the header length (2 bytes
 *   little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header,
 *   a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': ...}
 *   padded with spaces and a newline, then the data.  Accepted: versions
 *   1.0, 2.0, 3.0; descr '<f2', '<f4' or '<f8' (little-endian float16,
 *   float32, float64; '=' and '|' are not accepted; float16 converted
 *   exactly, half.c); fortran_order False; a 2-D shape
 *   (n_pos, n_dim), both >= 1; exactly n_pos * n_dim * itemsize bytes of
 *   data after the header.  Header at most NPY_HEADER_MAX bytes (numpy's
 *   own read_array_header default max_header_size is 10000).
 *
 *   name: not a .npy file: bad magic string
 *   name: unsupported .npy format version 4.0: expected 1.0, 2.0 or 3.0
 *   name: unsupported dtype '<i4': expected '<f2', '<f4' or '<f8' (little-endian
 *         float16, float32 or float64)
 *   name: fortran_order True is not supported: save a C-order array
 *   name: expected a 2-D array (positions, dimensions), got shape (5,)
 *   name: empty array: shape (0, 4)
 *   name: shape (1000000000000, 1000000000000) is too large: 1e+24 values,
 *         7.45e+15 GiB as doubles; at most 268435456 values (2 GiB)
 *   name: truncated data: expected 96 bytes, got 50
 *   name: 7 bytes of unexpected data after the array
 *   name: non-finite value (nan) at row 1, column 2 (counted from 0)
 *   name: bad header: <what is wrong>
 *
 * CSV: one row per position, comma-separated, numbers as strtod reads them
 * in the "C" locale (pecli never changes LC_NUMERIC).  Lines starting with
 * '#' and empty lines are skipped; a trailing '\r' is dropped.  The first
 * other line is a header when any of its fields is not a number; a header
 * whose first field is "pos" (pecli matrix's own output) marks that column
 * as the position, dropped from the table, and its values must be 0, 1,
 * 2, ... in order.  Fields are trimmed of spaces and tabs; no quoting.
 * Line and field numbers count from 1 and name the file's own lines.
 *
 *   name: line 7: 3 fields, expected 4
 *   name: line 5, field 2: 'abc' is not a number
 *   name: line 5, field 2: empty field
 *   name: line 5, field 2: non-finite value 'inf'
 *   name: line 9: pos is 7, expected 6
 *   name: no data rows
 *   name: no data columns (only the pos column)
 *   name: too many values: at most 268435456 (2 GiB as doubles)
 *
 * safetensors (https://huggingface.co/docs/safetensors/index): 8 bytes, the
 *   header size N as a little-endian u64, N bytes of JSON, then the byte
 *   buffer.  Checked as the Rust crate does (SafeTensors::read_metadata,
 *   Metadata::validate): N at most ST_HEADER_MAX and 8 + N at most the file
 *   size; the header a UTF-8 JSON object (json-c's strict parser; trailing
 *   spaces allowed); "__metadata__" an object of strings; every other key a
 *   tensor {"dtype": a safetensors dtype name, "shape": [non-negative
 *   integers], "data_offsets": [begin, end]}, offsets into the byte buffer,
 *   end - begin = product(shape) x the dtype's size (no 64-bit overflow);
 *   sorted by begin, the tensors cover the buffer from 0 to its last byte
 *   with no hole and no overlap.  Unknown keys inside an entry are ignored,
 *   as the crate ignores them.  The table of a tensor: rows = shape[0],
 *   columns = the product of the other axes (a 1-D tensor is n x 1),
 *   values F64, F32, F16 or BF16 converted exactly, finite, at most
 *   PE_LEARNED_VALUES_MAX.  A regular file only (the tensor is mapped, not
 *   read whole): not standard input.  Names from the file are shown with
 *   control characters escaped (out_shown) and cut to 95 bytes.
 *
 *   name: not a safetensors file: it is empty
 *   name: not a safetensors file: 7 bytes, shorter than the 8-byte header size
 *   name: header size 200000000 is too large: at most 100000000 bytes
 *   name: header size 1000 runs past the end of the file: it holds 50 bytes
 *         after the 8-byte size
 *   name: header is not valid JSON: unexpected character at line 1
 *   name: header is not a JSON object: got an array
 *   name: bad '__metadata__': 'format' is a number, expected a string
 *   name: bad entry for tensor 'x': expected an object with dtype, shape and
 *         data_offsets, got an array
 *   name: missing 'dtype' for tensor 'x'        (also 'shape', 'data_offsets')
 *   name: unknown dtype 'F17' for tensor 'x': not a safetensors dtype
 *   name: bad 'shape' for tensor 'x': expected an array of non-negative
 *         integers, got [2,-1]
 *   name: bad 'data_offsets' for tensor 'x': expected [begin, end], two
 *         non-negative integers, got [0]
 *   name: bad data_offsets [8, 4] for tensor 'x': end before begin
 *   name: shape [4294967296, 4294967296] of tensor 'x' is too large: its size
 *         in bytes overflows 64 bits
 *   name: shape [3] of F4 tensor 'x' is not a whole number of bytes
 *   name: data_offsets [0, 12] for tensor 'x' hold 12 bytes: shape [2, 2] of
 *         F32 needs 16
 *   name: data_offsets [16, 24] for tensor 'b' leave a hole: bytes [8, 16) of
 *         the buffer belong to no tensor
 *   name: data_offsets [4, 12] for tensor 'b' overlap tensor 'a' at [0, 8]
 *   name: data_offsets [0, 16] for tensor 'x' run past the end of the file:
 *         the byte buffer holds 8 bytes
 *   name: 4 bytes of unexpected data after the last tensor
 *   name: no tensor 'y': the file holds 'a', 'b', 'c' and 2 more
 *   name: 5 tensors ('a', 'b', 'c' and 2 more): choose one by name
 *   name: no tensors in the file
 *   name: unsupported dtype 'I32' for tensor 'x': expected F64, F32, F16 or BF16
 *   name: tensor 'x' is a scalar (shape []): expected 1 or more dimensions,
 *         positions first
 *   name: empty tensor 'x': shape [0, 4]
 *   name: tensor 'x' of shape [65536, 65536] is too large: 4294967296 values;
 *         at most 268435456 (2 GiB as doubles)
 *   name: non-finite value (inf) in tensor 'x' at row 1, column 2 (counted from 0)
 *   cannot read 'name': not a regular file (a safetensors file is read in
 *         place, not from a pipe)
 */
#ifndef PECLI_READ_H
#define PECLI_READ_H

#include <stdint.h>
#include <stdio.h>

#include "util/err.h"
#include "pe/pe.h"

/*
 * Open path for reading (every reader's input file: config.json, a table,
 * bucket weights).  Returns the stream with *size the size of a regular
 * file, -1 for anything else (a pipe, a device); or NULL with a message in
 * err, a folder refused:
 *
 *   cannot read 'x.npy': No such file or directory
 *   cannot read 'models': Is a directory
 */
FILE *input_open(const char *path, intmax_t *size, struct out_err *err);

#define NPY_HEADER_MAX 65536   /* bytes; version 1.0 cannot exceed 65535 */
/* bytes of a safetensors header: the crate's MAX_HEADER_SIZE */
#define ST_HEADER_MAX 100000000

/*
 * half.c: IEEE 754-2008 binary16 and bfloat16 (the upper half of a
 * binary32) from their bits, exactly: subnormals kept, +-inf and nan
 * returned as such (the readers refuse them).
 */
double half_to_double(uint16_t h);
double bf16_to_double(uint16_t b);

/* A .npy file at path. */
int npy_read(struct pe_learned *t, const char *path, struct out_err *err);

/* A .npy stream from its first byte (stdin, a pipe); name for messages. */
int npy_read_fp(struct pe_learned *t, FILE *fp, const char *name,
                struct out_err *err);

/* A CSV table from fp; name for messages. */
int csv_table_read(struct pe_learned *t, FILE *fp, const char *name,
                   struct out_err *err);

/*
 * A safetensors file at path (see above): the tensor named tensor, or with
 * tensor NULL the file's only tensor (a file of several is refused with a
 * few of their names).
 */
int st_read_table(struct pe_learned *t, const char *path, const char *tensor,
                  struct out_err *err);

/*
 * The file of model folder dir that holds tensor, into file[size]: the
 * shard model.safetensors.index.json's "weight_map" names for it (a plain
 * file name in dir: no '/', not '.' or '..'; its header must list the
 * tensor), else model.safetensors when there is no index (its header must
 * list the tensor).  Only headers are read.  Returns 0; 1 when the folder
 * has weights but no such tensor, not an error: err says where it looked
 * ("no tensor 'wpe.weight' in DIR/model.safetensors"), so that a caller
 * may try another name; -1 on error:
 *
 *   no model.safetensors or model.safetensors.index.json in DIR
 *   DIR/model.safetensors.index.json: missing 'weight_map'
 *   DIR/model.safetensors.index.json: shard '../x.safetensors' of tensor
 *         'wpe.weight' is not a file name in the folder (no '/', not '.' or '..')
 *   DIR/model.safetensors.index.json: shard 'model-00002-of-00002.safetensors'
 *         of tensor 'wpe.weight' is missing: cannot read
 *         'DIR/model-00002-of-00002.safetensors': No such file or directory
 *   DIR/model-00001-of-00002.safetensors: no tensor 'wpe.weight', though
 *         DIR/model.safetensors.index.json names this shard for it
 *   (and any message of a malformed index or safetensors header)
 */
int st_locate(const char *dir, const char *tensor, char *file, size_t size,
              struct out_err *err);

/*
 * path: .npy when the file starts with the byte 0x93 (the first byte of
 * the magic string, never the start of a CSV table), whatever its
 * extension; safetensors when the name ends in ".safetensors" (any case;
 * then every message is the safetensors reader's) or when the file starts
 * with a header size N <= ST_HEADER_MAX followed by '{' (N < 2^27 puts NUL
 * bytes in bytes 4 to 7, which a CSV table never holds, and 0x93 is never
 * its first byte); CSV otherwise.  "-" reads standard input as .npy or CSV
 * (named "stdin" in messages).
 *
 *   cannot read 'x.npy': No such file or directory
 */
int table_file_read(struct pe_learned *t, const char *path, struct out_err *err);

/*
 * table_file_read, but with tensor not NULL the file must be a safetensors
 * file (recognised as above) and the table is that tensor:
 *
 *   name: not a safetensors file: a tensor name ('wpe') needs one
 */
int table_file_read_tensor(struct pe_learned *t, const char *path,
                           const char *tensor, struct out_err *err);

#endif

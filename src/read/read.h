/*
 * read.h - reading a learned position table (struct pe_learned, one
 * row per position) from a NumPy .npy file (npy.c) or a CSV table
 * (csvread.c), and opening any input file the user names (input.c).
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
 * path: .npy when the file starts with the byte 0x93 (the first byte of
 * the magic string, never the start of a CSV table), whatever its
 * extension; CSV otherwise.  "-" reads standard input the same way (named
 * "stdin" in messages).
 *
 *   cannot read 'x.npy': No such file or directory
 */
int table_file_read(struct pe_learned *t, const char *path, struct out_err *err);

#endif

/*
 * write.h - the writers: one number formatter (fmt.c), CSV/TSV and aligned
 * text, PNG (png.c), the framed figure as PNG, SVG or PDF (figure.c, cells.c,
 * figdraw.c with cairo, colormap.c), gnuplot scripts and
 * the gnuplot pipe (with m4.c, the rows of a line plot that can be seen),
 * NumPy .npy arrays (npy.c) with their metadata as JSON (json.c), and the
 * output-file logic (ofile.c).  Each pulls rows from a struct table_src
 * (table/table.h) one at a time.
 */
#ifndef PECLI_WRITE_H
#define PECLI_WRITE_H

#include <stddef.h>
#include <stdio.h>

#include "table/table.h"

/* ---- number formatting (fmt.c) ---- */

#define FMT_DIGITS_MAX 17
#define FMT_BUF 40   /* enough for any output of fmt_double */

/*
 * Format x into buf (FMT_BUF bytes) and return the length.  digits 0: the
 * shortest of %.15g, %.16g, %.17g that reads back as exactly x; digits
 * 1..17: printf("%.*g", digits, x).  Always '.' as decimal point (pecli
 * never changes LC_NUMERIC from "C").  inf, -inf and nan print as such.
 */
size_t fmt_double(char *buf, double x, int digits);

/* fmt_double of x[0 .. n-1], each followed by sep, into buf (n (FMT_BUF
 * + 1) bytes, no terminating NUL); the number of bytes.  The same bytes as
 * n calls, faster: a CSV row at a time. */
size_t fmt_row(char *buf, const double *x, size_t n, int digits, char sep);

/*
 * fmt_row of values known only to within rad[j] (x[j] - rad[j] <= exact
 * <= x[j] + rad[j]; rad[j] = 0: exact), digits > 0: when both ends of
 * every interval print the same, that text (which any value between them
 * prints too: rounding to digits is monotonic) and its length; else 0, and
 * buf holds nothing useful.
 */
size_t fmt_row_within(char *buf, const double *x, const double *rad, size_t n,
                      int digits, char sep);

/*
 * Row i of t as text from its draft, when t offers one (t->fill_draft, no
 * cell_text, data columns, 0 < digits <= t->draft_digits) and it settles:
 * the coordinates exact (fmt_row, digits 0), the data columns by
 * fmt_row_within, each followed by sep, into buf (t->n_cols (FMT_BUF + 1)
 * bytes); the number of bytes.  0 otherwise (no draft, or a number not
 * settled at digits), buf holding nothing useful: the writer computes the
 * row with fill_row.  row and rad: t->n_cols doubles of scratch.
 */
size_t fmt_draft_row(char *buf, const struct table_src *t, size_t i, double *row,
                     double *rad, int digits, char sep);

/* ---- writers ---- */

enum out_format {
	OUT_FORMAT_CSV,
	OUT_FORMAT_TSV,
	OUT_FORMAT_PNG,
	OUT_FORMAT_LIST,
	OUT_FORMAT_TABLE,
	OUT_FORMAT_GNUPLOT,
	OUT_FORMAT_NPY,
	OUT_FORMAT_SVG,
	OUT_FORMAT_PDF,
	OUT_FORMAT_JSON
};

/* "# key: value" lines, a header row, then the rows, separated by sep. */
int write_delimited(FILE *fp, struct table_src *t, char sep, int digits,
                    struct out_err *err);

/* The header row, then the rows (write_delimited without the metadata). */
int write_rows(FILE *fp, struct table_src *t, char sep, int digits, struct out_err *err);

/* The first data column of every row on one line, comma-separated (a
 * permutation to paste into numpy: w[[...]]). */
int write_list(FILE *fp, struct table_src *t, struct out_err *err);

/* A small table aligned in columns for a terminal (all rows held). */
int write_aligned(FILE *fp, struct table_src *t, int digits, struct out_err *err);

struct png_opts {
	const char *colormap;   /* NULL: viridis */
	double lo, hi;          /* value range mapped onto the colour map */
	const char *command;    /* the command line, recorded in tEXt */
	int raw;                /* the cells alone: no title, axes, colour bar */
	size_t scale;           /* pixels per cell a side; 0: automatic (1 raw) */
	size_t max_size;        /* largest side of the plot; 0: 2048 (none raw) */
	int compression;        /* zlib level, 0 .. 9 */
	enum out_format format; /* PNG (0 given: PNG), SVG or PDF (framed only) */
	double font_size;       /* framed: pixels; 0: FIG_FONT_SIZE_DEFAULT */
	const char *date;       /* a PDF's creation date, ISO 8601; NULL: none */
};

/*
 * The data columns of t as a heatmap: raw, the n_rows x (n_cols - n_index)
 * cells alone as a palette PNG streamed a row at a time; framed, a figure
 * around them (figure.h) in po->format: an RGB PNG, an SVG or a PDF.
 * Sizes, scale and block averaging in figure.h.  NaN cells are masked.
 */
int write_png(FILE *fp, struct table_src *t, const struct png_opts *po,
              struct out_err *err);

/*
 * The image write_png would make of t: its width and height in pixels and
 * the bytes it would hold at once on table_workers(t) threads, without
 * computing a row; -1 (err) for a layout that cannot be drawn (a side
 * above PNG's 2^31 - 1, a scale above the largest side).
 */
int png_plan(const struct table_src *t, const struct png_opts *po, size_t *width,
             size_t *height, double *bytes, struct out_err *err);

struct gnuplot_opts {
	int digits;               /* as for CSV; 0: round-trip */
	const char *command;      /* the command line, as a comment; NULL: none */
	const char *terminal;     /* lines that set the terminal first; NULL: none
	                             (gnuplot's default, for 'gnuplot -p') */
	/* a matrix's colours: the colour map (NULL: by colormap_rule, as
	 * heatmap) and the range it spans (has_range; else the table's closed
	 * form or the data's, by the same rule) */
	const char *colormap;
	int has_range;
	double lo, hi;
	/* a curve: M4 over this many columns of the x range (m4_rows); 0:
	 * every row */
	size_t aggregate;
	/* a curve on a terminal of pixels this wide (png), 0: none: the script
	 * sets the left and right margins at GNUPLOT_MARGIN_L and _R of the
	 * width, and M4 runs over the frame's pixel columns (m4_pixels), so
	 * that the picture is the one every row draws; aggregate is ignored */
	size_t px_width;
};

/* The margins of a curve drawn with px_width (screen fractions): room for
 * the tics and labels of y on the left and y2 on the right. */
#define GNUPLOT_MARGIN_L 0.1
#define GNUPLOT_MARGIN_R 0.9

/* The pixel columns of the frame on a terminal px_width pixels wide:
 * gnuplot puts an edge at screen fraction f on pixel (int)(f (px_width -
 * 1) + 0.5) (boundary.c: f * t->xmax + 0.5, xmax the last pixel; f a
 * float), both edges included. */
size_t gnuplot_frame_px(size_t px_width);

/*
 * A self-contained gnuplot script drawing t as t->plot describes: the
 * metadata as comments, the rows inline in a datablock ($data << EOD ..
 * EOD), then the title, labels, ranges, log axes, palette and the plot
 * command.  Rows are written as they are computed (O(n_cols) memory); the
 * settings that need the data (a symmetric colour range) follow the
 * datablock.  -1 (err) when t is not a figure or a write fails.
 */
int write_gnuplot(FILE *fp, struct table_src *t, const struct gnuplot_opts *go,
                  struct out_err *err);

/*
 * Run the gnuplot program prog (a name looked up on PATH, or a path) with
 * the script of write_gnuplot on its standard input, copy what it writes
 * into out, and wait for it.  0 when gnuplot exits 0 and everything was
 * written; -1 (err) when it cannot be started ("gnuplot not found: ...";
 * origin, if not NULL, names where prog came from), fails, the script
 * cannot be made, or out cannot be written.  The caller flushes out.
 */
int gnuplot_run(const char *prog, const char *origin, FILE *out, struct table_src *t,
                const struct gnuplot_opts *go, struct out_err *err);

/* ---- NumPy arrays (npy.c) and their metadata (json.c) ---- */

#define NPY_WHEADER_MAX 256   /* the header written: a 2-D float64 header takes at most 192 bytes */

/*
 * t as a NumPy .npy file, format 1.0: a header for shape (n_rows, n_cols)
 * and dtype '<f8', the data aligned to 64 bytes, then every column (index
 * columns too) of every row as a little-endian float64, rows made on
 * table_workers(t) threads as CSV's are.  A cell CSV prints empty
 * (cell_text "") is NaN; a text cell fails ("column 'X' holds text").
 */
int write_npy(FILE *fp, struct table_src *t, struct out_err *err);

/* The .npy header of a (n_rows, n_cols) float64 array into buf
 * (NPY_WHEADER_MAX bytes): magic, version 1.0, HEADER_LEN, the dict padded
 * with spaces and ended by '\n'; its length, a multiple of 64. */
size_t npy_header(char *buf, size_t n_rows, size_t n_cols);

/* The first column whose cell in row 0 is text (not empty) into *col and
 * its text into *text (valid until the next call on t), or SIZE_MAX: what
 * write_npy would refuse, found before anything is written.  -1 (err)
 * when the row fails. */
int npy_text_column(struct table_src *t, size_t *col, const char **text,
                    struct out_err *err);

/* The metadata of t as a JSON object: "key": "value" for each '# key:
 * value' line, "columns": the header row, "shape": [n_rows, n_cols]. */
int write_meta_json(FILE *fp, const struct table_src *t, struct out_err *err);

/*
 * --format json: one JSON object, the members of write_meta_json (the
 * '# key: value' lines unless with_meta is 0, "columns"), then "rows": one
 * object per row, column name to cell: a number as CSV prints it (digits
 * as for CSV), a text cell as a string, null for a value that is not
 * finite or an empty cell (and then "null": JSON_NULL_NOTE).  The whole
 * tree is built in memory: more than JSON_CELLS_MAX cells fail ("too large
 * for JSON").
 */
#define JSON_CELLS_MAX 4194304.0   /* 2^22: ~0.5 GB of json-c objects */
#define JSON_NULL_NOTE "null stands for a value that is not a finite number (NaN, inf) or an empty cell"
int write_json(FILE *fp, struct table_src *t, int digits, int with_meta, struct out_err *err);

/* ---- M4 aggregation of a curve (m4.c) ---- */

struct m4_sink {
	/* row i of the table, kept: 0, or -1 (err) */
	int (*emit)(void *ctx, size_t i, const double *row, struct out_err *err);
	void *ctx;
};

struct m4_stats {
	size_t n_in, n_out;   /* rows read, rows kept */
};

/*
 * The rows of the curve t (as pd draws it: x column pd->x_col, log_x) that
 * M4 (Jugel et al., PVLDB 2014) keeps for a plot n_buckets columns wide:
 * the x range [x(row 0), x(row n-1)], on the log scale when pd->log_x, in
 * n_buckets equal columns; per column and plotted value (each series, a
 * band's two edges) its first, last, smallest and largest row, handed to
 * sink in row order, each once.  A column of at most 4 rows is kept whole;
 * a row with a value or x not finite (x <= 0 on a log axis) ends the
 * column's group and is kept.  n_buckets 0, or x(row n-1) <= x(row 0):
 * every row.  Rows are read once in order (plus rows 0 and n-1 first);
 * memory O(n_vals n_cols).  0, or -1 (err) when a row, sink or memory
 * fails.
 */
int m4_rows(struct table_src *t, const struct plot_desc *pd, size_t n_buckets,
            const struct m4_sink *sink, struct m4_stats *st, struct out_err *err);

/*
 * m4_rows over the pixel columns of a plot whose x range [x(row 0), x(row
 * n-1)] spans n_px pixel columns, x(row 0) on the first and x(row n-1) on
 * the last: gnuplot draws x at pixel round((x - x0) / (x1 - x0) (n_px -
 * 1)) from the frame's left edge (axis_map), so each column holds the rows
 * gnuplot draws in one pixel column, and the picture drawn from the rows
 * kept is the picture drawn from every row (up to gnuplot's own rounding,
 * and anti-aliasing, which M4 cannot see).
 */
int m4_pixels(struct table_src *t, const struct plot_desc *pd, size_t n_px,
              const struct m4_sink *sink, struct m4_stats *st, struct out_err *err);

/* ---- output files (ofile.c) ---- */

/*
 * An output that is either stdout or a file written under a temporary name
 * in the same folder and renamed onto its final name only on success, so a
 * failing run never leaves a truncated file behind.
 */
struct ofile {
	FILE *fp;
	char *path;      /* final name, NULL for stdout */
	char *tmp_path;  /* temporary name while writing; NULL when written in
	                    place (a device or a pipe: /dev/null, a FIFO) */
};

/* A name that can never be written (a symbolic link loop, a link into a
 * folder that does not exist): a usage error, told apart from -1. */
#define OFILE_BAD_PATH (-2)

/* The file that writing path replaces or creates: path with its symbolic
 * links followed, into *target (freed by the caller).  0; -1 (out of
 * memory, a link that cannot be read) or OFILE_BAD_PATH, with err. */
int ofile_target(char **target, const char *path, struct out_err *err);
/* path NULL or "-": stdout.  0, -1 or OFILE_BAD_PATH with err. */
int ofile_open(struct ofile *of, const char *path, struct out_err *err);
/* Flush, close and rename into place; on failure remove the temporary. */
int ofile_commit(struct ofile *of, struct out_err *err);
/* Remove the temporary file, if any (after a failure). */
void ofile_abort(struct ofile *of);
/* In a forked child that leaves with _exit: the fatal signals whose
 * handler removes the parent's temporary files back to their default
 * action (a signal to the process group then ends the child alone). */
void ofile_child_signals(void);

#endif

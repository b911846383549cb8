/*
 * table.h - seam 2 (see ../shared/DESIGN.md): struct table_src, and every
 * analysis wrapped as a table source, one file each in src/table.
 * Seam 2 (see ../shared/DESIGN.md): struct table_src.  An analysis is
 * wrapped as a source of rows produced on demand; every writer pulls one row
 * at a time, so memory is O(n_cols) for every format.
 *
 *   struct pe_scheme -> analysis -> struct table_src -> writer (csv | tsv | png | gnuplot | npy)
 *
 * A table that is a figure (a curve or a matrix) also carries a struct
 * plot_desc: which column goes against which, the labels, the log axes.
 * Only the gnuplot writer reads it; the numbers stay in the source.
 *
 * Threads: DESIGN.md keeps them inside fill_row batches, but formatting is
 * most of a CSV's cost, so a writer hands table_chunks a run of rows per
 * thread to fill *and* format (or colour) into that thread's buffer, and
 * writes the runs in row order: the bytes of one thread.  A source opts in
 * with t->parallel; the writers stay one pass over the rows.
 *
 * Writers return 0 on success and -1 on failure with a message in
 * struct out_err (lower-case, no final period); the CLI reports it.
 */
#ifndef PECLI_TABLE_H
#define PECLI_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pe/pe.h"
#include "util/err.h"

/* ---- the table source ---- */

struct plot_desc;   /* below: how a table is drawn */

struct table_kv {
	const char *key;
	char value[256];
};

/* a table joined per layer type holds each type's own lines too */
#define TABLE_META_MAX 64

struct table_src {
	size_t n_rows, n_cols;
	size_t n_index;               /* leading columns that are coordinates
	                                 (pos, distance), not data */
	const char *const *col_names; /* [n_cols] header row */
	struct table_kv meta[TABLE_META_MAX]; /* resolved parameters */
	size_t n_meta;
	/* range of the data columns, when known without a pass over the rows
	 * (closed form, or a similarity's profile values) (has_range) */
	int has_range;
	double lo, hi;
	const char *title;            /* one line describing the table */
	/* what the rows and the data columns index, for a figure's axes
	 * ("position", "dimension"); NULL: col_names[0] and "column" */
	const char *row_axis, *col_axis;
	int masked;                   /* cells may be NaN, masked (ALiBi): a
	                                 PNG keeps a palette entry for them */
	/* data columns come in groups of col_group side by side (the heads of
	 * a bias, each over the same keys), named "h0", "h1", ... on a
	 * figure's axis; 0: one group */
	size_t col_group;
	/* row i into out[n_cols]; 0 on success, -1 on failure (err set) */
	int (*fill_row)(void *ctx, size_t i, double *out, struct out_err *err);
	/* optional: a draft of row i (from the core's pe_draft_row), each
	 * out[j] within rad[j] of fill_row's (0: exact), 1; or 0 for "no
	 * draft of this row".  A text writer asked for at most draft_digits
	 * digits prints a draft whose every number rounds unambiguously
	 * (fmt_draft_row), else calls fill_row: the bytes are fill_row's
	 * either way.  Faster when most rows settle. */
	int (*fill_draft)(void *ctx, size_t i, double *out, double *rad);
	int draft_digits;
	/* optional: the text of cell (i, j) of a row just filled, for columns
	 * that hold names (a preset, a region); NULL prints the number */
	const char *(*cell_text)(void *ctx, size_t i, size_t j, const double *row);
	void *ctx;
	const struct plot_desc *plot; /* how to draw it (gnuplot); NULL: not a figure */
	/* fill_row and cell_text may run for different rows at the same time:
	 * each row a function of its index alone, ctx only read (parallel) */
	int parallel;
	/* How the writers run, set by the caller before writing (0 / NULL: one
	 * thread, no progress).  Threads change who computes a row, never its
	 * bytes. */
	unsigned n_threads;           /* rows at once, when parallel */
	struct progress *progress;    /* rows done so far, for a terminal */
};

/*
 * The range of the data columns: [t->lo, t->hi] when the source knows it in
 * closed form (has_range), else one pass over every row, ignoring
 * non-finite values.  -1 (err) if a row fails or no value is finite.
 */
int table_range(struct table_src *t, double *lo, double *hi, struct out_err *err);

/*
 * Rows [i0, i0 + n) of t in n_chunks contiguous chunks: work(ctx, c, lo,
 * hi) for chunk c, rows [i0 + n c / n_chunks, i0 + n (c + 1) / n_chunks),
 * on table_workers(t) threads at once (each chunk on one thread, chunk c's
 * state indexed by c).  Returns when every chunk is done.  The threads are
 * pool.c's: a thread that cannot be started means fewer of them, never an
 * error.
 */
void table_chunks(const struct table_src *t, size_t n_chunks, size_t i0, size_t n,
                  void (*work)(void *ctx, size_t c, size_t lo, size_t hi), void *ctx);

/* How many threads table_chunks uses for t: t->n_threads when t->parallel
 * (at least 1), else 1.  A writer keeps that many sets of row buffers. */
size_t table_workers(const struct table_src *t);

/* The cores this process may run on (its affinity mask), at least 1. */
size_t table_cpus(void);

/* ---- progress on a terminal (progress.c) ---- */

struct progress {
	FILE *fp;            /* stderr, a terminal */
	const char *label;   /* "pecli: matrix" */
	double t0, last;     /* seconds: the start, the last line drawn */
	double delay;        /* seconds before the first line (PROGRESS_DELAY) */
	int shown;           /* a line is on the terminal */
};

/* Start the clock; lines go to fp after p->delay = PROGRESS_DELAY seconds. */
void progress_init(struct progress *p, FILE *fp, const char *label);
/* done of total rows, what: "rows" or a phase ("rows scanned for the
 * range"): redraws the line at most ten times a second, and only once the
 * work has taken PROGRESS_DELAY seconds.  p may be NULL. */
void progress_update(struct progress *p, const char *what, size_t done, size_t total);
/* Clears the line, if one was drawn.  p may be NULL. */
void progress_end(struct progress *p);

#define PROGRESS_DELAY 1.0

/* Append a metadata line "# key: value"; key must outlive the source. */
void table_meta_add(struct table_src *t, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- column names "pos", PREFIX0, PREFIX1, ... ---- */

struct col_names {
	char *buf;            /* owned storage of the names */
	const char **names;   /* owned [n + 1] */
};

/* names[0] = "pos", names[1 + j] = prefix followed by j, j < n; prefix at
 * most 5 characters.  0, or -1 (err) when memory runs out. */
int col_names_init(struct col_names *c, const char *prefix, size_t n,
                   struct out_err *err);
void col_names_free(struct col_names *c);

/* ---- the encoding matrix of a scheme as a table ---- */

struct src_matrix {
	const struct pe_scheme *scheme;
	struct col_names cols;
};

/* Rows p = 0 .. n_pos-1, columns pos, d0 .. d{n_row-1}.  The scheme must
 * outlive t.  Returns -1 (err) when the scheme has no code or memory runs
 * out. */
int src_matrix_init(struct table_src *t, struct src_matrix *m,
                    const struct pe_scheme *scheme, size_t n_pos,
                    struct out_err *err);
void src_matrix_free(struct src_matrix *m);

/* ---- more sources (sources.c) ---- */

/* freqs: pair, inv_freq, inv_freq_base, wavelength (2 pi / inv_freq),
 * rotations (context * inv_freq_base / 2 pi), ratio (inv_freq_base /
 * inv_freq); yarn adds ramp, llama3 smooth and region; a scheme with
 * several axes the axis of each pair (text t, h or w) after pair. */
struct src_freqs {
	const struct pe_scheme *scheme;
	double context;                 /* the length 'rotations' counts over */
	struct pe_rope_pair *info;      /* owned, yarn and llama3 only */
	int cols[10];
	const char *names[10];
	size_t n_cols;
};

int src_freqs_init(struct table_src *t, struct src_freqs *f,
                   const struct pe_scheme *scheme, double context,
                   struct out_err *err);
void src_freqs_free(struct src_freqs *f);

/* layout: columns row, from; row j of the result is row perm[j]. */
void src_layout_init(struct table_src *t, const size_t *perm, size_t n_dim);

/* A weight w[n_rows x n_cols] (row-major, outliving t) converted: row j is
 * row perm[j] of w, columns c0 .. c{n_cols-1}, no index column, so that
 * npy writes an array of w's shape.  -1 (err) when memory runs out. */
struct src_weight {
	const double *w;
	const size_t *perm;
	size_t n_cols;
	struct col_names cols;
};
int src_weight_init(struct table_src *t, struct src_weight *m, const double *w,
                    const size_t *perm, size_t n_rows, size_t n_cols, struct out_err *err);
void src_weight_free(struct src_weight *m);

/* A small table of results held in memory, with optional text cells. */
#define SRC_SMALL_CELLS 192
struct src_small {
	size_t n_cols;
	double cells[SRC_SMALL_CELLS];
	const char *texts[SRC_SMALL_CELLS];   /* NULL: print the number */
};

/* n_rows * n_cols <= SRC_SMALL_CELLS; fill m->cells and m->texts after. */
void src_small_init(struct table_src *t, struct src_small *m, size_t n_rows,
                    size_t n_cols, const char *const *names);

/*
 * similarity: row i (the query position), columns pos, k0 .. k{n-1} (key
 * positions): score(i, j), or with cosine score(i, j) / sqrt(score(i, i)
 * score(j, j)).  When the scheme has a profile, score(i, j) =
 * profile(j - i) from 2n - 1 profile values (O(n d) work, O(n) memory);
 * direct (or no profile) calls score() n^2 times (O(n^2 d)).
 */
struct src_similarity {
	const struct pe_scheme *scheme;
	size_t n_pos;
	int cosine;
	double *prof;        /* owned [2n-1], profile(r) at r = k - (n-1) */
	double *self;        /* owned [n], score(i, i) on the direct path */
	struct col_names cols;
};

int src_similarity_init(struct table_src *t, struct src_similarity *m,
                        const struct pe_scheme *scheme, size_t n_pos, int cosine,
                        int direct, struct out_err *err);
void src_similarity_free(struct src_similarity *m);

/*
 * Tables over points with several axes (points.c), a grid or the tokens of
 * a sequence (struct pe_points), each point where pe_scheme_row_at puts
 * it:
 *   CODE       rows point, t, h, w, then the scheme's row at the point;
 *   SIMILARITY rows point, t, h, w, then the score to every point;
 *   QUERY      a 2-D grid's H x W scores of point query to each patch
 *              (rows h, columns w0 ..);
 *   QUERY_ALL  every query at once: block (qh, qw) of H x W, blocks apart
 *              by a blank (NaN) row and column.
 * cosine divides each score by the two self-scores' root.  pts and the
 * scheme outlive t.
 */
enum src_points_what {
	SRC_POINTS_CODE,
	SRC_POINTS_SIMILARITY,
	SRC_POINTS_QUERY,
	SRC_POINTS_QUERY_ALL
};

struct src_points {
	const struct pe_scheme *scheme;
	const struct pe_points *pts;
	int cosine, all;
	size_t query, n_cols;
	double *self;               /* owned [n] score(k, k), with cosine */
	struct col_names cols;
	const char **names;         /* owned [4 + n] */
};

int src_points_init(struct table_src *t, struct src_points *m, const struct pe_scheme *scheme,
                    const struct pe_points *pts, enum src_points_what what, size_t query,
                    int cosine, struct out_err *err);
void src_points_free(struct src_points *m);

/*
 * decay: one row per distance r of the grid (pe_decay_grid): distance,
 * dot = the scheme's profile (PE(p).PE(p+r); RoPE and xPos with q = k =
 * ones, xPos at -r, the key before the query), bound (RoPE: the RoFormer
 * relative upper bound), mean and std (with samples: random Gaussian q, k).
 * Without a profile, dot = score(p + r, p), the query r after its key,
 * averaged over the n_pos - r pairs of a table (cfg.learned; max_dist
 * below n_pos), else over the keys p < n_pos (a tuned NoPE layer).
 * O(d) memory (plus O(S R) for samples) whatever the number of distances.
 */
struct src_decay_opts {
	double max_dist, step;
	int log;
	size_t points;
	size_t samples;     /* 0: none */
	uint64_t seed;
	int normalize;
	size_t n_pos;       /* positions of a table without a profile */
};

struct src_decay {
	const struct pe_scheme *scheme;
	struct pe_decay_grid grid;
	struct pe_decay_samples samples;
	int has_samples, bound, normalize;
	size_t n_pos;
	double sign;
	double norm[5];
	int cols[5];
	const char *names[5];
	size_t n_cols;
};

int src_decay_init(struct table_src *t, struct src_decay *m,
                   const struct pe_scheme *scheme, const struct src_decay_opts *o,
                   struct out_err *err);
void src_decay_free(struct src_decay *m);

/*
 * extrapolate: one row per rotary pair at training length L and target T
 * (pe_extrap_pairs): pair, wavelength_base, angle_train, rotations_train,
 * angle_target_base, ood_base; with a scaling: wavelength, angle_target,
 * rotations_target, ood; then for each compared method M: M_wavelength,
 * M_angle_target, M_ood.  ood columns print yes / no.  schemes[0] is the
 * scheme itself, schemes[1..] the compared methods.
 */
#define SRC_EXTRAP_MAX 7
struct src_extrap {
	const struct pe_scheme *schemes[SRC_EXTRAP_MAX];
	struct pe_extrap_pair *pairs[SRC_EXTRAP_MAX];   /* owned */
	size_t n_schemes;
	double target;
	int scaled;
	const char *names[6 + 4 + 3 * SRC_EXTRAP_MAX];
	int is_flag[6 + 4 + 3 * SRC_EXTRAP_MAX];
	char names_buf[3 * SRC_EXTRAP_MAX * 40];
};

int src_extrap_init(struct table_src *t, struct src_extrap *x,
                    const struct pe_scheme *const *schemes, const char *const *method_names,
                    size_t n_schemes, double train, double target, struct out_err *err);
void src_extrap_free(struct src_extrap *x);

/*
 * diff: one row per pair of two encodings with the same number of pairs
 * (pe_diff_schemes): pair, freq_a, freq_b (theta_i of A and B),
 * wavelength_a, wavelength_b (2 pi / theta_i), ratio (freq_a / freq_b:
 * how many times slower B's pair turns), changed (yes / no, beyond rtol).
 * a and b must outlive t; nothing to free.
 */
struct src_diff {
	const struct pe_scheme *a, *b;
	double rtol;
};

void src_diff_init(struct table_src *t, struct src_diff *d, const struct pe_scheme *a,
                   const struct pe_scheme *b, size_t n_pairs, double rtol);

/*
 * The bias schemes (alibi, t5; bias.c), one head (cfg.bias.head) or, with
 * all_heads, every head side by side:
 *   matrix  row i (query), columns pos, then k0 .. k{n-1} (keys) for one
 *           head, h0_k0 .. h0_k{n-1}, h1_k0, ... for several: bias(h, i, j),
 *           NaN (printed empty) where masked
 *   decay   one row per distance r of the grid: distance, then bias (or
 *           bucket for T5 without weights) of one head, h0, h1, ... of
 *           several: bias(h, r, 0), the key r positions before the query
 *   freqs   ALiBi: head, slope; T5: bucket, rel_min, rel_max (the relative
 *           positions key - query in the bucket, -inf/inf unbounded, empty
 *           for a bucket no position reaches), then the weights: bias or
 *           h0, h1, ...
 * The scheme must outlive t.
 */
struct src_bias {
	const struct pe_scheme *scheme;
	size_t n_pos;
	size_t head0, n_shown;     /* the heads shown: head0 .. head0+n_shown-1 */
	struct pe_decay_grid grid;
	size_t n_cols;
	const char **names;        /* owned */
	char *buf;                 /* owned storage of the names */
};

int src_bias_matrix_init(struct table_src *t, struct src_bias *b,
                         const struct pe_scheme *s, size_t n_pos, int all_heads,
                         struct out_err *err);
int src_bias_decay_init(struct table_src *t, struct src_bias *b,
                        const struct pe_scheme *s, const struct pe_decay_grid *grid,
                        int all_heads, struct out_err *err);
int src_bias_freqs_init(struct table_src *t, struct src_bias *b,
                        const struct pe_scheme *s, int all_heads, struct out_err *err);
void src_bias_free(struct src_bias *b);

/*
 * --head-scale each (group_scale.c): inner's rows with each group of
 * inner->col_group data columns (a head) mapped onto [0, 1] by the
 * group's own lowest and highest finite value, found in one pass at init;
 * NaN stays NaN, a group of one value maps to 0.  t's range is [0, 1], its
 * metadata inner's and a line head_scale.  inner outlives t.  -1 (err)
 * when inner has no groups, a row fails or memory runs out.
 */
struct src_group_scale {
	struct table_src *inner;
	size_t group, n_groups;
	double *lo, *hi;           /* owned [n_groups] */
};
int src_group_scale_init(struct table_src *t, struct src_group_scale *g,
                         struct table_src *inner, struct out_err *err);
void src_group_scale_free(struct src_group_scale *g);

/*
 * Tables one after another (concat.c): the rows of parts[0], then of
 * parts[1], ..., behind a first text column label_col holding each row's
 * label (labels[k] for the rows of parts[k]).  The columns are the parts'
 * by name, in the order they first appear; a column a part lacks is empty
 * in its rows.  Metadata: the lines every part shares (same key, same
 * value); src_concat_meta_parts then adds each part's other lines as
 * "LABEL.KEY".  The parts, the labels and label_col must outlive t.
 * -1 (err) for more than SRC_CONCAT_MAX parts or SRC_CONCAT_COLS - 1
 * columns.
 */
#define SRC_CONCAT_MAX 8
#define SRC_CONCAT_COLS 32
struct src_concat {
	const struct table_src *parts[SRC_CONCAT_MAX];
	const char *labels[SRC_CONCAT_MAX];
	size_t n_parts;
	size_t start[SRC_CONCAT_MAX + 1];      /* each part's first row */
	const char *names[SRC_CONCAT_COLS];
	size_t n_cols;
	int col[SRC_CONCAT_MAX][SRC_CONCAT_COLS];   /* column j -> the part's, -1 */
	char keys[TABLE_META_MAX][64];         /* "LABEL.KEY" */
	size_t n_keys;
};

int src_concat_init(struct table_src *t, struct src_concat *c, const char *label_col,
                    const struct table_src *const *parts, const char *const *labels,
                    size_t n_parts, struct out_err *err);
void src_concat_meta_parts(struct table_src *t, struct src_concat *c);

/* The built-in presets: name, d, rotary_dim, base, scaling, factor,
 * original_max, max_pos, description. */
void src_presets_init(struct table_src *t);

/* ---- plot descriptions (plot.c) ---- */

/*
 * What a figure shows, supplied by the command beside its analysis.
 *
 *   PLOT_CURVE   y columns against one x column, one line each; a band is
 *                col +- err_col (mean and std), drawn shaded
 *   PLOT_MATRIX  the data columns (after n_index) as an image: column j
 *                across, row i down (row 0 at the top, as in the PNG)
 */
enum plot_kind { PLOT_CURVE, PLOT_MATRIX };

#define PLOT_SERIES_MAX 16
#define PLOT_REFS_MAX 4
#define PLOT_NONE ((size_t)-1)   /* no column */

struct plot_series {
	size_t col;          /* the y column */
	size_t err_col;      /* PLOT_NONE, or a band col - err .. col + err */
	const char *title;   /* key entry; NULL: the column name */
	int baseline;        /* what the others are compared with: drawn
	                        black and dashed, over them */
	int y2;              /* against the right-hand axis (y2label): a
	                        quantity of another scale (RoFormer's bound) */
};

/* A labelled reference line: x = at (axis 'x') or y = at (axis 'y'). */
struct plot_ref {
	char axis;
	double at;
	char label[64];
};

struct plot_desc {
	enum plot_kind kind;
	const char *title;              /* NULL: the table's title */
	const char *xlabel, *ylabel;
	const char *y2label;            /* curve: the right-hand axis, for the
	                                   series with y2 */
	const char *cblabel;            /* matrix: the colour bar */
	size_t x_col;                   /* curve */
	struct plot_series series[PLOT_SERIES_MAX];
	size_t n_series;
	size_t all_from;                /* curve: instead of series, every column
	                                   from this one on (heads side by side);
	                                   0: the series */
	int points;                     /* curve: mark each row (a few discrete x) */
	int key_bottom_left;            /* the key where the curves are not */
	int log_x, log_y;
	struct plot_ref refs[PLOT_REFS_MAX];
	size_t n_refs;
};

/* An empty description of the kind; x_col 0. */
void plot_desc_init(struct plot_desc *pd, enum plot_kind kind);
/* Add the column named name as a curve (band: err_name, else NULL); a
 * column t does not have is left out quietly (bound exists for rope only).
 * Returns the series added, or NULL. */
struct plot_series *plot_series_add(struct plot_desc *pd, const struct table_src *t, const char *name,
                    const char *err_name, const char *title);
/* Add a labelled reference line (label printf-style). */
void plot_ref_add(struct plot_desc *pd, char axis, double at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

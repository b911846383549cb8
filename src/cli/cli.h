/*
 * cli.h - the command-line layer: commands, shared options, messages.
 *
 * Every command is the same three steps: build a scheme from the options,
 * wrap an analysis as a table source, hand it to the writer the user chose.
 * Commands return an exit status (EXIT_OK .. EXIT_RUNTIME) and never call
 * exit(); main() flushes and closes stdout.
 */
#ifndef PECLI_CLI_H
#define PECLI_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "read/hfconfig.h"
#include "read/model.h"
#include "write/write.h"
#include "pe/pe.h"

/* ---- exit status (man/pecli.1, EXIT STATUS) ---- */

enum {
	EXIT_OK = 0,       /* success */
	EXIT_FAIL = 1,     /* check: a property is violated */
	EXIT_USAGE = 2,    /* unknown command or option, bad value */
	EXIT_RUNTIME = 3   /* I/O, libpng, memory, non-finite result */
};

/* ---- messages (msg.c): one line on stderr, "pecli: CMD: ..." ---- */

void msg_set_command(const char *cmd);  /* NULL: none */
/* The progress line on stderr when it is a terminal and allowed
 * (--no-progress: not), else NULL; every message clears it first. */
struct progress *msg_progress(void);
void msg_progress_allow(int allow);
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error line, then "Try 'pecli CMD --help'." */
void msg_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What the messages are about, after the command: "pecli: CMD: CTX: ..."
 * (the layer type of --layer-type all); NULL: nothing. */
void msg_set_context(const char *ctx);

/* ---- options (opt.c, opt_rows.c, opt_check.c, opt_help.c) ---- */

/*
 * Seam 3 (see ../shared/DESIGN.md): options are data.  Each option is a row
 * (struct pe_opt, pe.h): the command options are opt_rows.c's, the scheme
 * options each scheme's own (src/pe/<scheme>.c, listed in its ops).  One
 * loop parses them (opt.c), one check says where a given option does not
 * apply (opt_check.c), and --help, --list-options, the man page lint and
 * the completion read the same rows (opt_help.c).
 */

/* The defaults of the command options, each used once, in its row. */
#define OPT_N_DEFAULT 1024
#define OPT_SEED_DEFAULT 1
#define OPT_MAX_DIST_DEFAULT 1024.0
#define OPT_MAX_DIST_MAX 1e15           /* distances stay exact integers in double */
#define OPT_STEP_DEFAULT 1.0
#define OPT_POINTS_DEFAULT 256
#define OPT_MIN_DISTANCE_DEFAULT 1e-6   /* check: uniqueness */
#define OPT_MAX_ABS_DEFAULT 10.0        /* check: boundedness */
#define OPT_TOLERANCE_DEFAULT 1e-9      /* check: consistency, invariance */
#define OPT_OFFSET_DEFAULT 1.0          /* invariance: the shift k */
#define OPT_THREADS_MAX 1024
#define OPT_COMPRESSION_DEFAULT 1       /* PNG zlib level: fast */

/* Which option groups a command takes (struct pe_opt.cmds). */
enum {
	OPTF_RAW = 1u << 0,     /* --raw and the figure options (heatmap) */
	OPTF_SCHEME = PE_CMDS_SCHEME,  /* the scheme options, rope options included */
	OPTF_OUTPUT = 1u << 2,  /* -o, --format */
	OPTF_TABLE = PE_CMDS_TABLE,    /* --table, --of (matrix, heatmap) */
	OPTF_LAYOUT = 1u << 4,  /* --to, --verify (layout) */
	OPTF_DECAY = 1u << 6,   /* decay's own */
	OPTF_CHECK = 1u << 7,   /* check's thresholds */
	OPTF_EXTRAP = 1u << 8,  /* extrapolate's own */
	OPTF_INVAR = 1u << 9,   /* invariance's own */
	OPTF_N = 1u << 10,      /* --n (every scheme command but extrapolate) */
	OPTF_PLOT = 1u << 11,   /* --plot: given by cli_setup to the commands
	                           whose formats include gnuplot */
	OPTF_DIGITS = 1u << 12, /* --digits: the commands that print numbers */
	OPTF_COLORS = 1u << 13, /* --colormap, --range: heatmap, and matrix's
	                           gnuplot figure */
	OPTF_ROTARY = 1u << 14, /* not options: the command's default scheme is
	                           the first rotary one (layout, extrapolate) */
	OPTF_OPERAND = 1u << 15, /* not an option: one operand, the model (as
	                           --model) */
	OPTF_LAYERS = 1u << 16, /* not an option: --layer-type all runs the
	                           command once per layer type (check, decay,
	                           extrapolate) */
	OPTF_META = 1u << 17,   /* --no-meta: given by cli_setup to the commands
	                           whose formats include csv */
	OPTF_DIFF = 1u << 18    /* diff's own (--tolerance) */
};

/* The options one command takes: the command rows, then the scheme rows of
 * every registered scheme, each once. */
#define OPT_ROWS_MAX 96

struct opts {
	struct pe_scheme_cfg scheme;  /* resolved: defaults < config/preset < flags */
	size_t n_pos;            /* --n */
	const char *output;      /* -o, NULL: standard output */
	const char *format;      /* --format as given, NULL: the command's default */
	int digits;              /* --digits, 0: shortest round-trip */
	int raw;                 /* --raw */
	const char *colormap;    /* --colormap, NULL: by the range */
	int head_each;           /* --head-scale each (1) or shared (0) */
	int has_range;           /* --range LO:HI given */
	double range_lo, range_hi;
	size_t scale;            /* --scale, 0: automatic */
	size_t max_size;         /* --max-size, 0: the default */
	int plot;                /* --plot */
	int aggregate;           /* --aggregate W (opt_given: given) */
	unsigned threads;        /* --threads, 0: one per core (resolved by cli_setup) */
	int no_progress;         /* --no-progress */
	int no_meta;             /* --no-meta */
	int compression;         /* --compression: PNG zlib level */
	int font_size;           /* --font-size: the figure's type, pixels */
	int help;                /* -h, --help */
	int verify;              /* --verify */
	int similarity;          /* --of similarity */
	int cosine;              /* --metric cosine */
	double max_dist, step;   /* decay: --max-dist, --step */
	int log;                 /* decay: --log */
	size_t points;           /* decay: --points */
	size_t samples;          /* decay: --samples, 0: none */
	int normalize;           /* decay: --normalize */
	double min_distance, max_abs, tolerance;  /* check thresholds */
	int n_given;             /* --n was given (commands with another default) */
	int factor_given;        /* --factor was given */
	double train_len, target_len;  /* extrapolate; 0: unset */
#define OPT_COMPARE_MAX 6
	enum pe_rope_scaling compare[OPT_COMPARE_MAX];   /* --compare */
	size_t n_compare;
	int base_bound;          /* --base-bound */
	double offset;           /* invariance: --offset */
	int to_half;             /* --to half (1) or interleaved (0) */
	uint64_t seed;           /* --seed */
	size_t n_heads, n_kv_heads;  /* layout: --heads, --kv-heads */
	int proj_k;              /* layout: --proj k (1) or q (0) */
	const char *weight;      /* layout: --weight FILE */
	int all_heads;           /* alibi, t5: no --head, every head side by side */
	char source[96];         /* "config.json" or "preset NAME", "" if none */
	const char *model_arg, *config_arg;    /* --model, --config */
	const char *revision, *tensor;         /* --revision, --tensor */
	const char *layer_type;  /* --layer-type */
	int tower;               /* --tower: 1 the vision tower */
	size_t layer;            /* --layer */
	int has_model;           /* --model or --config read into model */
	/* positions with several axes: --grid, --tokens, --query */
	size_t grid[3];          /* --grid: T, H, W (T 1 for HxW); 0: none */
#define OPT_SPANS_MAX 64
	struct pe_token_span spans[OPT_SPANS_MAX];   /* --tokens */
	size_t n_spans;
	int has_query, query_all;  /* --query H,W or all */
	size_t query_h, query_w;
	struct pe_model model;
	int all_types;           /* --layer-type all: model holds the default
	                            type; each type is resolved apart */
	int per_type;            /* these are one type's of --layer-type all
	                            (opt_resolve_type): quiet about the model */
	struct pe_scheme_cfg flags;   /* the scheme rows given, laid over the
	                                 model's values (opt_resolve) */
	/* the rows this command takes, and what was given */
	const struct pe_opt *rows[OPT_ROWS_MAX];
	const char *args[OPT_ROWS_MAX];   /* the argument given, or NULL */
	unsigned char given[OPT_ROWS_MAX];
	unsigned char is_scheme[OPT_ROWS_MAX];  /* a scheme's row: into cfg */
	size_t n_rows;
	unsigned accepts;        /* the command's OPTF_* */
	/* the lists given (--short-factor, --long-factor), one per list row */
#define OPT_LISTS_MAX 3
	double lists[OPT_LISTS_MAX][PE_ROPE_FACTORS_MAX];
};

/* The command rows (opt_rows.c), NULL-terminated, and the ones the
 * checks name. */
extern const struct pe_opt *const cli_opt_rows[];
extern const struct pe_opt cli_opt_model, cli_opt_config, cli_opt_preset, cli_opt_revision,
	cli_opt_tensor, cli_opt_layer, cli_opt_layer_type, cli_opt_tower, cli_opt_grid, cli_opt_tokens,
	cli_opt_query;
extern const struct pe_opt cli_opt_scheme, cli_opt_n, cli_opt_max_dist, cli_opt_step,
	cli_opt_compare, cli_opt_seed, cli_opt_colormap, cli_opt_range, cli_opt_max_size,
	cli_opt_format, cli_opt_aggregate, cli_opt_head_scale;
extern const struct pe_opt cli_opt_heads, cli_opt_kv_heads, cli_opt_proj, cli_opt_weight;
extern const struct pe_opt cli_opt_font_size;

/* Whether the option was given; its argument as given (NULL if not). */
int opt_given(const struct opts *o, const struct pe_opt *row);
const char *opt_arg(const struct opts *o, const struct pe_opt *row);

/* The scheme's operations, and whether it takes the option. */
const struct pe_scheme_ops *opt_ops(const struct opts *o);
int opt_takes(const struct opts *o, const struct pe_opt *row);

/* One entry of a command's --format choices; the first is the default. */
struct opt_format {
	const char *name;
	enum out_format format;
};

/*
 * Parse argv (argv[0] is the command name) into o, with defaults filled
 * first, then --config or --preset, then the flags given, and check the
 * combination.  Reports its own errors; returns EXIT_OK, EXIT_USAGE, or
 * EXIT_RUNTIME (a config file that cannot be read).
 */
int opt_parse(struct opts *o, int argc, char **argv, unsigned accepts);

/* opt_check.c: the scheme from the options given (opt_parse's second
 * half): its kind, a model's settings, the flags, and every check. */
int opt_resolve(struct opts *o, const struct pe_scheme_cfg *fl);

/* opt_load.c: --layer-type all: the options of the model's layer type t
 * into dst, as --layer-type NAME would give them (the model read again for
 * it, every check made for it); an exit status, the error reported. */
int opt_resolve_type(struct opts *dst, const struct opts *o, size_t t);

/* opt_read.c: the readers of values, each 0 or -1 with the message
 * reported: an integer in [lo, hi] (even), a finite number above lo
 * (strict) or at least lo, one of names (its index), an unsigned 64-bit
 * integer, up to max comma-separated numbers > 0; and the CLI's own
 * (struct pe_opt type PE_OPT_SPECIAL) into o or the scheme fl. */
int opt_read_int(long long *out, const char *opt, const char *val,
                 long long lo, long long hi, int even);
int opt_read_number(double *out, const char *opt, const char *val, double lo, int strict);
int opt_read_choice(size_t *index, const char *opt, const char *val,
                    const char *const *names);
int opt_read_u64(uint64_t *out, const char *opt, const char *val);
int opt_read_list(double *out, size_t *n, const char *opt, const char *val, size_t max);
int opt_read_special(struct opts *o, struct pe_scheme_cfg *fl, const struct pe_opt *row,
                     const char *val);
/* What opt_read_special returns for a fault it reported (memory ran out
 * while reading): exit 3, not a usage error. */
#define OPT_FAULT (-3)

/* opt_load.c: read what --model/--config/--preset, --from/--init and
 * --bucket-weights name, and check it against the other options; each an
 * exit status with the error reported.  opt_read_model reads the model
 * (force: the --scheme given, or PE_N_SCHEMES) before the scheme is
 * picked; opt_load_model lays it (or the preset) over the defaults. */
int opt_read_model(struct opts *o, enum pe_scheme_kind force);
int opt_load_model(struct opts *o);
int opt_load_learned(struct opts *o);
int opt_check_bias(struct opts *o);

/* Report "invalid value 'V' for --OPT: expected WHAT"; returns -1. */
int opt_bad_value(const char *opt, const char *val, const char *expected);
/* names joined "a, b, c" into buf (NULL-terminated names); names[0..n)
 * joined "a", "a and b", "a, b and c" */
void opt_join(char *buf, size_t cap, const char *const *names);
void opt_join_and(char *buf, size_t cap, const char *const *names, size_t n);

/* The rows a command takes (accepts: its OPTF_*) into o->rows: its own,
 * then each scheme's, once each. */
void opt_rows_of(struct opts *o, unsigned accepts);

/* Resolve --format against the command's choices (NULL-terminated by name). */
int opt_format(enum out_format *fmt, const struct opts *o,
               const struct opt_format *choices);

/* Print the options a command takes, grouped, for --help; n_default: the
 * command's own default of --n, 0 for the row's. */
void opt_help(FILE *fp, unsigned accepts, const struct opt_format *formats, size_t n_default);

/* pecli --list-options: every option, one CSV row each (name, alias,
 * argument, commands, schemes, applies when, default). */
void opt_list(FILE *fp);

/* Build the scheme from the options; reports errors, returns an exit status. */
int opt_scheme(struct pe_scheme *s, const struct opts *o);

/* ", NAME" for each of the scheme's own switches (cfg.own.on) that is on,
 * into buf (nope: ", temperature-tuning"). */
void opt_own_switches(char *buf, size_t cap, const struct pe_scheme_ops *ops,
                      const struct pe_scheme_cfg *cfg);

/* Add the version, the command and every resolved parameter as metadata. */
void opt_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s,
              const char *cmd);

/* The name of a choice option's value ("half" for PE_ROPE_PAIRING_HALF). */
const char *opt_choice_name(const struct pe_opt *row, int value);
#define opt_layout_name(v) opt_choice_name(&pe_opt_layout, (int)(v))
#define opt_pairing_name(v) opt_choice_name(&pe_opt_pairing, (int)(v))
#define opt_scaling_name(v) opt_choice_name(&pe_opt_scaling, (int)(v))
const char *opt_table_name(enum pe_table table);

/* Free what opt_parse loaded (a learned table); main() calls it. */
void opt_cleanup(void);
/* A reader's failure: the user's to fix (EXIT_USAGE), unless it was a
 * fault such as memory running out (EXIT_RUNTIME; out_is_fault). */
int cli_read_status(const struct out_err *err);

/* Report getopt's '?' for the argument arg (optopt opt). */
void opt_bad_option(const char *arg, int opt);

/* The command line as run, for PNG provenance. */
const char *cli_command_line(void);

/* ---- the shared command steps (run.c) ---- */

/* What a command declares: its options, its help text, its formats. */
struct cli_cmd {
	unsigned accepts;                  /* OPTF_* groups */
	void (*help)(void);                /* usage and description, to stdout */
	const struct opt_format *formats;  /* the first is the default */
	size_t n_default;                  /* --n's default here; 0: the row's */
};

/* cli_setup's "the help was printed; return EXIT_OK". */
#define CLI_DONE (-1)

/*
 * Parse argv, print the help if asked (CLI_DONE), resolve --format into
 * *fmt and, when s is not NULL, build the scheme (freed by the caller with
 * pe_scheme_free in every case).  Returns EXIT_OK to go on, CLI_DONE, or
 * the exit status of an error already reported.
 */
int cli_setup(struct opts *o, struct pe_scheme *s, int argc, char **argv,
              const struct cli_cmd *cmd, enum out_format *fmt);

/* Write t in fmt to -o FILE or stdout; reports errors; an exit status. */
int cli_emit(struct table_src *t, const struct opts *o, enum out_format fmt);

/* The heatmap of t in path (NULL or "-": stdout), written whole or not at
 * all: a PNG, or the SVG or PDF po->format names. */
int cli_emit_png(struct table_src *t, const char *path, const struct png_opts *po);
/* heatmap, before any row is computed (after cli_run_setup): the image's
 * layout (a side above PNG's 2^31 - 1) and memory, as a usage error; an
 * exit status. */
int cli_check_png(const struct table_src *t, const struct opts *o);
/* How t's rows are made: --threads, and the progress line.  cli_emit does
 * it; a command that reads t before (a colour range) calls it first. */
void cli_run_setup(struct table_src *t, const struct opts *o);

/* matrix and heatmap: the code of each position, or the similarity matrix. */
struct cli_matrix {
	struct pe_points pts;     /* --grid or --tokens */
	struct src_points points;
	struct src_matrix code;
	struct src_similarity sim;
	struct src_bias bias;
	struct table_src inner;   /* --head-scale each: the bias table, */
	struct src_group_scale heads;   /* each head scaled apart */
	char title[160];          /* the table's title */
	char cblabel[64];
	struct plot_desc plot;    /* drawn as an image, positions down */
};
int cli_matrix_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd);
void cli_matrix_free(struct cli_matrix *m);
/* --head-scale each, when it applies (every head of a bias, drawn: fmt png
 * or gnuplot; not with --range unless given): t becomes m's bias table
 * with each head on [0, 1] (src_group_scale), the title and colour bar
 * saying so.  --head-scale given where it does not apply is a usage error.
 * An exit status, the error reported. */
int cli_head_scale(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                   enum out_format fmt);

/* points.c: the same over the points of --grid or --tokens (o has one). */
int cli_points_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd);
/* The points of --grid or --tokens into pts; an exit status, the error
 * reported. */
int cli_points(struct pe_points *pts, const struct opts *o, const struct pe_scheme *s);

/*
 * Size limits, checked before the work starts.  A table of more than
 * CLI_CELLS_MAX cells (rows x columns, index columns included) is refused:
 * at the ~10 ns a number takes that is over 20 minutes of output, more
 * likely a mistake than a wish.  Work that would allocate more than half
 * of the machine's physical memory is refused too.  Both report a usage
 * error naming the size and what to lower (hint); an exit status.
 */
#define CLI_CELLS_MAX 137438953472.0   /* 2^37 */
int cli_check_cells(double n_rows, double n_cols, const char *hint);
double cli_memory_limit(void);
int cli_check_memory(double bytes, const char *what, const char *hint);

/* ---- --layer-type all (each_type.c) ---- */

/*
 * A command's table for one scheme: built into t from the options o and
 * the scheme s (both outlive t), its state (the command's, freed by the
 * command) in state; an exit status, the error reported.  A command
 * builds its one table with it, and cli_types_source each type's.
 */
typedef int (*cli_table_fn)(struct table_src *t, void *state, const struct opts *o,
                            const struct pe_scheme *s);

struct cli_type {
	struct opts o;           /* as --layer-type NAME gives them */
	struct pe_scheme s;
	struct table_src t;
};

struct cli_types {
	struct cli_type *type;   /* [n], owned */
	size_t n;
	const struct table_src *parts[MODEL_LAYER_TYPES_MAX];
	struct src_concat cat;
};

/*
 * --layer-type all: fn's table for each layer type of o's model in turn
 * (state k in states + k * state_size), joined into t with a first column
 * layer_type (src_concat), and the metadata line layer_types: each type
 * with its layers and encoding.  A figure (fmt gnuplot, --plot) draws one
 * type and is refused.  An exit status; free c with cli_types_free in
 * every case.
 */
int cli_types_source(struct table_src *t, struct cli_types *c, const struct opts *o,
                     enum out_format fmt, cli_table_fn fn, void *states, size_t state_size);
void cli_types_free(struct cli_types *c);

/* csv (default), tsv and json (the small tables: write_json). */
extern const struct opt_format cli_text_formats[];
/* table (default on a terminal), csv, tsv, json; cli_table_or_csv picks csv
 * when no --format was given and the output is a file or a pipe. */
extern const struct opt_format cli_table_formats[];
enum out_format cli_table_or_csv(const struct opts *o, enum out_format fmt);
/* csv (default), tsv, gnuplot and json: the commands whose table is a small
 * figure (extrapolate). */
extern const struct opt_format cli_figure_formats[];

/* ---- npy and its metadata (npy_out.c) ---- */

/* csv (default), tsv, gnuplot and npy: the figures whose tables are
 * numbers (matrix, decay, freqs). */
extern const struct opt_format cli_array_formats[];

/*
 * The output options against the format, before any work (cli_setup):
 * npy is never written to a terminal (like PNG), takes no --digits (it
 * holds every double whole); --no-meta does not apply to gnuplot.  An exit
 * status, the error reported.
 */
int cli_check_output(const struct opts *o, enum out_format fmt);

/*
 * t as npy on stdout or in -o FILE, and unless --no-meta, when FILE is a
 * file, its metadata as JSON in FILE.json (FILE without its .npy), each
 * written whole or not at all.  A table with a text column is refused
 * first, a usage error naming the column.  An exit status.
 */
int cli_emit_npy(struct table_src *t, const struct opts *o);

/* "rope, d=128, base=10000" and what else sets the scheme apart (rotary
 * dimension, scaling and factor), for titles. */
void cli_scheme_caption(char *buf, size_t cap, const struct opts *o,
                        const struct pe_scheme *s);

/* ---- commands ---- */

int cmd_matrix(int argc, char **argv);
int cmd_heatmap(int argc, char **argv);
int cmd_freqs(int argc, char **argv);
int cmd_layout(int argc, char **argv);
int cmd_presets(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_schemes(int argc, char **argv);
int cmd_decay(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_extrapolate(int argc, char **argv);
int cmd_invariance(int argc, char **argv);
int cmd_precision(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif

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

/* ---- shared options (opt.c) ---- */

#define OPT_N_DEFAULT 1024
#define OPT_D_DEFAULT 512        /* sinusoidal: a model dimension */
#define OPT_D_ROPE_DEFAULT 128   /* rope, xpos: a head dimension */
#define OPT_SEED_DEFAULT 1
#define OPT_MAX_DIST_DEFAULT 1024.0
#define OPT_MAX_DIST_MAX 1e15           /* distances stay exact integers in double */
#define OPT_POINTS_DEFAULT 256
#define OPT_MIN_DISTANCE_DEFAULT 1e-6   /* check: uniqueness */
#define OPT_MAX_ABS_DEFAULT 10.0        /* check: boundedness */
#define OPT_TOLERANCE_DEFAULT 1e-9      /* check: consistency, invariance */
#define OPT_THREADS_MAX 1024
#define OPT_COMPRESSION_DEFAULT 1       /* PNG zlib level: fast */

/* Which option groups a command takes (--help: every command). */
enum {
	OPTF_RAW = 1u << 0,     /* --raw and the figure options (heatmap) */
	OPTF_SCHEME = 1u << 1,  /* the scheme options, rope options included */
	OPTF_OUTPUT = 1u << 2,  /* -o, --format, --digits */
	OPTF_TABLE = 1u << 3,   /* --table (matrix, heatmap) */
	OPTF_LAYOUT = 1u << 4,  /* --to, --verify, --seed (layout) */
	OPTF_DECAY = 1u << 6,   /* decay's own */
	OPTF_CHECK = 1u << 7,   /* check's thresholds */
	OPTF_EXTRAP = 1u << 8,  /* extrapolate's own */
	OPTF_INVAR = 1u << 9,   /* invariance's own */
	OPTF_N = 1u << 10,      /* --n (every scheme command but extrapolate) */
	OPTF_PLOT = 1u << 11,   /* --plot: given by cli_setup to the commands
	                           whose formats include gnuplot */
	OPTF_DIGITS = 1u << 12, /* --digits: the commands that print numbers */
	OPTF_COLORS = 1u << 13  /* --colormap, --range: heatmap, and matrix's
	                           gnuplot figure */
};

struct opts {
	struct pe_scheme_cfg scheme;  /* resolved: defaults < config/preset < flags */
	size_t n_pos;            /* --n */
	const char *output;      /* -o, NULL: standard output */
	const char *format;      /* --format as given, NULL: the command's default */
	int digits;              /* --digits, 0: shortest round-trip */
	int raw;                 /* --raw */
	const char *colormap;    /* --colormap, NULL: by the range */
	int has_range;           /* --range LO:HI given */
	double range_lo, range_hi;
	size_t scale;            /* --scale, 0: automatic */
	size_t max_size;         /* --max-size, 0: the default */
	int plot;                /* --plot */
	unsigned threads;        /* --threads, 0: one per core (resolved by cli_setup) */
	int no_progress;         /* --no-progress */
	int compression;         /* --compression: PNG zlib level */
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
#define OPT_COMPARE_MAX 5
	enum pe_rope_scaling compare[OPT_COMPARE_MAX];   /* --compare */
	size_t n_compare;
	int base_bound;          /* --base-bound */
	double offset;           /* invariance: --offset */
	int to_half;             /* --to half (1) or interleaved (0) */
	uint64_t seed;           /* --seed */
	int all_heads;           /* alibi, t5: no --head, every head side by side */
	uint64_t given;          /* options given on the command line */
	char source[96];         /* "config.json" or "preset NAME", "" if none */
	struct hf_rope_config hf;              /* what --config/--preset said */
	double short_f[HF_FACTOR_MAX], long_f[HF_FACTOR_MAX];  /* the lists used */
	size_t n_short_f, n_long_f;
};

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

/* Resolve --format against the command's choices (NULL-terminated by name). */
int opt_format(enum out_format *fmt, const struct opts *o,
               const struct opt_format *choices);

/* Print the options a command takes, grouped, for --help. */
void opt_help(FILE *fp, unsigned accepts, const struct opt_format *formats);

/* Build the scheme from the options; reports errors, returns an exit status. */
int opt_scheme(struct pe_scheme *s, const struct opts *o);

/* Add the version, the command and every resolved parameter as metadata. */
void opt_meta(struct table_src *t, const struct opts *o, const struct pe_scheme *s,
              const char *cmd);

/* Names of enum values, as the options spell them. */
const char *opt_layout_name(enum pe_layout layout);
const char *opt_pairing_name(enum pe_rope_pairing pairing);
const char *opt_scaling_name(enum pe_rope_scaling scaling);
const char *opt_table_name(enum pe_table table);

/* Free what opt_parse loaded (a learned table); main() calls it. */
void opt_cleanup(void);

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

/* The PNG of t in path (NULL or "-": stdout), written whole or not at all. */
int cli_emit_png(struct table_src *t, const char *path, const struct png_opts *po);
/* How t's rows are made: --threads, and the progress line.  cli_emit does
 * it; a command that reads t before (a colour range) calls it first. */
void cli_run_setup(struct table_src *t, const struct opts *o);

/* matrix and heatmap: the code of each position, or the similarity matrix. */
struct cli_matrix {
	struct src_matrix code;
	struct src_similarity sim;
	struct src_bias bias;
	char title[160];          /* the table's title */
	char cblabel[64];
	struct plot_desc plot;    /* drawn as an image, positions down */
};
int cli_matrix_source(struct table_src *t, struct cli_matrix *m, const struct opts *o,
                      const struct pe_scheme *s, const char *cmd);
void cli_matrix_free(struct cli_matrix *m);

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

/* csv (default) and tsv. */
extern const struct opt_format cli_text_formats[];
/* table (default on a terminal), csv, tsv; cli_table_or_csv picks csv when
 * no --format was given and the output is a file or a pipe. */
extern const struct opt_format cli_table_formats[];
enum out_format cli_table_or_csv(const struct opts *o, enum out_format fmt);
/* csv (default), tsv and gnuplot: the commands whose table is a figure. */
extern const struct opt_format cli_figure_formats[];

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
int cmd_schemes(int argc, char **argv);
int cmd_decay(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_extrapolate(int argc, char **argv);
int cmd_invariance(int argc, char **argv);
int cmd_precision(int argc, char **argv);

#endif

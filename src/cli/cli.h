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
#include <stdio.h>

#include "out/out.h"
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
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An error line, then "Try 'pecli CMD --help'." */
void msg_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- shared options (opt.c) ---- */

#define OPT_N_DEFAULT 1024
#define OPT_D_DEFAULT 512

/* Which options a command takes, beyond the shared ones every command has. */
enum {
	OPTF_RAW = 1u << 0     /* --raw (heatmap) */
};

struct opts {
	struct pe_scheme_cfg scheme;
	size_t n_pos;            /* --n */
	const char *output;      /* -o, NULL: standard output */
	const char *format;      /* --format as given, NULL: the command's default */
	int digits;              /* --digits, 0: shortest round-trip */
	int raw;                 /* --raw */
	int help;                /* -h, --help */
};

/* One entry of a command's --format choices; the first is the default. */
struct opt_format {
	const char *name;
	enum out_format format;
};

/*
 * Parse argv (argv[0] is the command name) into o, with defaults filled
 * first.  Reports its own errors; returns EXIT_OK or EXIT_USAGE.
 */
int opt_parse(struct opts *o, int argc, char **argv, unsigned accepts);

/* Report getopt's '?' for the argument arg (optopt opt). */
void opt_bad_option(const char *arg, int opt);

/* Resolve --format against the command's choices (NULL-terminated by name). */
int opt_format(enum out_format *fmt, const struct opts *o,
               const struct opt_format *choices);

/* Print the shared options (and those in accepts) for --help. */
void opt_help(FILE *fp, unsigned accepts, const struct opt_format *formats);

/* Build the scheme from the options; reports errors, returns an exit status. */
int opt_scheme(struct pe_scheme *s, const struct opts *o);

/* Add the version, the command and every resolved parameter as metadata. */
void opt_meta(struct table_src *t, const struct opts *o, const char *cmd);

const char *opt_layout_name(enum pe_layout layout);

/* The command line as run, for PNG provenance. */
const char *cli_command_line(void);

/* ---- commands ---- */

int cmd_matrix(int argc, char **argv);
int cmd_heatmap(int argc, char **argv);

#endif

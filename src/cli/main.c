/*
 * main.c - pecli's entry point: global options, the command table, and the
 * final check that everything written to stdout reached it (git's
 * run_builtin, coreutils' close_stdout).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include <config.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "matrix", cmd_matrix, "print the encoding matrix as CSV or TSV" },
	{ "heatmap", cmd_heatmap, "draw the encoding matrix as a PNG heatmap" },
	{ "decay", cmd_decay, "print the score versus distance, with the RoFormer bound" },
	{ "check", cmd_check, "measure the properties of a good encoding" },
	{ "extrapolate", cmd_extrapolate, "follow each rotary pair beyond the training length" },
	{ "invariance", cmd_invariance, "measure relative invariance in float64, 32, 16, bf16" },
	{ "precision", cmd_precision, "find where low-precision tables lose positions" },
	{ "freqs", cmd_freqs, "list the frequencies of each pair, before and after scaling" },
	{ "layout", cmd_layout, "convert or verify a RoPE pairing permutation" },
	{ "diff", cmd_diff, "compare two encodings pair by pair: same, permuted or changed" },
	{ "model", cmd_model, "show a model's positional encoding and where each value comes from" },
	{ "presets", cmd_presets, "list the RoPE settings of known models" },
	{ "schemes", cmd_schemes, "list the encodings, what each adds, and its options" },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static char cmdline[4096];

const char *cli_command_line(void)
{
	return cmdline;
}

static void save_command_line(int argc, char **argv)
{
	size_t len = 0;

	for (int k = 0; k < argc && len + 4 < sizeof cmdline; k++) {
		const char *a = k == 0 ? "pecli" : argv[k];
		int quote = *a == '\0' || strpbrk(a, " \t\n'\"\\$") != NULL;
		int n = snprintf(cmdline + len, sizeof cmdline - len, "%s%s%s%s",
		                 k ? " " : "", quote ? "'" : "", a, quote ? "'" : "");
		if (n < 0 || (size_t)n >= sizeof cmdline - len)
			break;
		len += (size_t)n;
	}
}

static void usage(FILE *fp)
{
	fputs("Usage: pecli [--help | --version] COMMAND [OPTIONS]\n"
	      "       pecli help COMMAND\n"
	      "Compute, check and draw the positional encodings of transformer models.\n"
	      "\n"
	      "Commands:\n", fp);
	for (size_t k = 0; k < N_COMMANDS; k++)
		fprintf(fp, "  %-12s %s\n", commands[k].name, commands[k].summary);
	fputs("  help         show the help of a command\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help     show this help and exit\n"
	      "  -V, --version  show the version and exit\n"
	      "\n"
	      "Run 'pecli COMMAND --help' for the options of a command; see pecli(1).\n",
	      fp);
}

static const struct command *find_command(const char *name)
{
	for (size_t k = 0; k < N_COMMANDS; k++)
		if (strcmp(commands[k].name, name) == 0)
			return &commands[k];
	return NULL;
}

/* Flush and close stdout; a failure is a runtime error (exit 3). */
static int close_stdout(int rc)
{
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;

	if (fclose(stdout) != 0 && !failed) {
		failed = 1;
		e = errno;
	}
	if (failed && rc == EXIT_OK) {
		msg_set_command(NULL);
		msg_error("write error: %s", strerror(e ? e : EIO));
		return EXIT_RUNTIME;
	}
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		/* not in --help: every option row as CSV, for the tests and the
		 * completion (git's --list-cmds); see HACKING.md */
		{ "list-options", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const struct command *cmd;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("pecli %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case 'L':
			opt_list(stdout);
			return EXIT_OK;
		default:
			opt_bad_option(argv[optind - 1], optopt);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		msg_usage("missing command");
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;

	if (strcmp(argv[0], "help") == 0) {
		if (argc == 1) {
			usage(stdout);
			return EXIT_OK;
		}
		if (argc > 2) {
			msg_usage("help: unexpected argument '%s'", argv[2]);
			return EXIT_USAGE;
		}
		cmd = find_command(argv[1]);
		if (!cmd) {
			msg_usage("'%s' is not a pecli command", argv[1]);
			return EXIT_USAGE;
		}
		char *help_argv[] = { argv[1], "--help", NULL };
		msg_set_command(cmd->name);
		return cmd->fn(2, help_argv);
	}
	cmd = find_command(argv[0]);
	if (!cmd) {
		msg_usage("'%s' is not a pecli command", argv[0]);
		return EXIT_USAGE;
	}
	msg_set_command(cmd->name);
	return cmd->fn(argc, argv);
}

int main(int argc, char **argv)
{
	save_command_line(argc, argv);
	int rc = run(argc, argv);

	opt_cleanup();
	return close_stdout(rc);
}

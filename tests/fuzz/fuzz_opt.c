/*
 * fuzz_opt.c - libFuzzer harness for the option parser (src/cli/opt.c):
 * opt_parse, then opt_scheme on what it resolved, as cli_setup does.
 *
 * Input: the first byte picks the command (its OPTF_* groups, copied from
 * the cmd_*.c files below); the rest, split at NUL bytes, is argv[1..]
 * (argv[0] is the command's name).  Diagnostics go to a memory stream in
 * place of stderr (glibc lets a program assign stderr) and are checked:
 * a refusal prints one message line, and for a usage error one "Try" line
 * after it; a success prints nothing.  opt_cleanup frees the tables
 * --from and --bucket-weights loaded, so LeakSanitizer sees any leak.
 *
 * Files: the harness runs in a scratch folder holding t.csv, t.npy (3 x 4
 * tables), w.csv (8 x 2 T5 bucket weights), c.json (Llama 3.1 RoPE) and
 * p.json (Phi-3 LongRoPE); an argument containing '/' is refused so that
 * nothing outside it is read, and stdin is /dev/null.  --init with --n or
 * --d (any "--i" with any "--n" or "--d" prefix) is skipped: it may draw
 * 2^28 normals (2 GiB, half a minute), a size pecli accepts by design.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tests/fuzz/fuzz.h"

/* The option groups of each command, as src/cli/cmd_<name>.c define them,
 * with OPTF_PLOT and OPTF_META where cli_setup adds them (the formats include
 * gnuplot, csv). */
static const struct {
	const char *name;
	unsigned accepts;
} commands[] = {
	{ "matrix", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_TABLE | OPTF_COLORS | OPTF_PLOT | OPTF_META },
	{ "heatmap", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_TABLE | OPTF_RAW | OPTF_COLORS },
	{ "decay", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_DECAY | OPTF_PLOT | OPTF_META },
	{ "check", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_CHECK | OPTF_META },
	{ "extrapolate", OPTF_SCHEME | OPTF_OUTPUT | OPTF_DIGITS | OPTF_EXTRAP | OPTF_PLOT | OPTF_ROTARY | OPTF_META },
	{ "invariance", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_INVAR | OPTF_META },
	{ "precision", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_META },
	{ "freqs", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_PLOT | OPTF_META },
	{ "layout", OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_LAYOUT | OPTF_ROTARY | OPTF_META },
	{ "presets", OPTF_OUTPUT | OPTF_DIGITS | OPTF_META },
	{ "schemes", OPTF_OUTPUT | OPTF_META },
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

#define MAX_ARGS 64

static const char csv_table[] =
	"# pecli: 0.1.0\n"
	"pos,d0,d1,d2,d3\n"
	"0,0,0.125,0.25,0.375\n"
	"1,1,1.125,1.25,1.375\n"
	"2,2,2.125,2.25,2.375\n";
static const char csv_weights[] =
	"h0,h1\n0,0\n-0.5,0.25\n-1,0.5\n-1.5,0.75\n-2,1\n-2.5,1.25\n-3,1.5\n"
	"-3.5,1.75\n";
static const char json_llama[] =
	"{\"hidden_size\": 4096, \"num_attention_heads\": 32,\n"
	" \"max_position_embeddings\": 131072, \"rope_theta\": 500000.0,\n"
	" \"rope_scaling\": {\"factor\": 8.0, \"low_freq_factor\": 1.0,\n"
	"  \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 8192,\n"
	"  \"rope_type\": \"llama3\"}}\n";
static const char json_phi3[] =
	"{\"hidden_size\": 16, \"num_attention_heads\": 4,\n"
	" \"max_position_embeddings\": 131072,\n"
	" \"original_max_position_embeddings\": 4096,\n"
	" \"rope_scaling\": {\"long_factor\": [1.0299, 1.0499],\n"
	"  \"short_factor\": [1.05, 1.05], \"type\": \"su\"}}\n";

static void write_file(const char *name, const void *bytes, size_t len)
{
	FILE *fp = fopen(name, "wb");

	FUZZ_ASSERT(fp != NULL);
	FUZZ_ASSERT(fwrite(bytes, 1, len, fp) == len);
	FUZZ_ASSERT(fclose(fp) == 0);
}

/* t.npy: the 3 x 4 table t[p][j] = p + j/8 as '<f8', format 1.0. */
static void put_table_npy(void)
{
	static const char dict[] =
		"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }\n";
	unsigned char buf[512];
	size_t at = 0, hlen = sizeof dict - 1;

	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	buf[8] = (unsigned char)hlen;
	buf[9] = 0;
	at = 10;
	memcpy(buf + at, dict, hlen);
	at += hlen;
	for (int p = 0; p < 3; p++)
		for (int j = 0; j < 4; j++) {
			double x = p + j / 8.0;
			uint64_t u;

			memcpy(&u, &x, 8);
			for (int k = 0; k < 8; k++)
				buf[at++] = (unsigned char)(u >> (8 * k));
		}
	write_file("t.npy", buf, at);
}

static char scratch[4096];

/* libFuzzer ends with exit(): remove the scratch folder then. */
static void remove_scratch(void)
{
	static const char *const files[] = { "t.csv", "w.csv", "c.json", "p.json", "t.npy" };
	char path[4200];

	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		snprintf(path, sizeof path, "%s/%s", scratch, files[k]);
		unlink(path);
	}
	rmdir(scratch);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = scratch;

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof scratch, "%s/pecli-fuzz-opt-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir) || chdir(dir) != 0) {
		perror(dir);
		exit(1);
	}
	atexit(remove_scratch);
	write_file("t.csv", csv_table, sizeof csv_table - 1);
	write_file("w.csv", csv_weights, sizeof csv_weights - 1);
	write_file("c.json", json_llama, sizeof json_llama - 1);
	write_file("p.json", json_phi3, sizeof json_phi3 - 1);
	put_table_npy();
	if (!freopen("/dev/null", "r", stdin)) {
		perror("/dev/null");
		exit(1);
	}
	return 0;
}

/* Inputs the harness does not run (see the header comment). */
static int skipped(char **argv, int argc)
{
	int init = 0, size = 0;

	for (int a = 1; a < argc; a++) {
		if (strchr(argv[a], '/'))
			return 1;
		init |= strncmp(argv[a], "--i", 3) == 0;
		size |= strncmp(argv[a], "--n", 3) == 0 || strncmp(argv[a], "--d", 3) == 0;
	}
	return init && size;
}

/* What opt_parse printed, given its status. */
static void check_messages(const char *out, size_t len, int rc, char **argv,
                           int argc)
{
	size_t lines = 0;
	const char *second;

	for (int a = 0; a < argc; a++)
		if (strchr(argv[a], '\n'))
			return;   /* a value is echoed as given: its lines count */
	FUZZ_ASSERT(strlen(out) == len);
	for (size_t k = 0; k < len; k++)
		lines += out[k] == '\n';
	if (rc == EXIT_OK) {
		FUZZ_ASSERT(len == 0);
		return;
	}
	FUZZ_ASSERT(len > 0 && out[len - 1] == '\n');
	FUZZ_ASSERT(strncmp(out, "pecli: ", 7) == 0);
	FUZZ_ASSERT(lines == 1 || lines == 2);
	if (lines == 2) {
		second = strchr(out, '\n') + 1;
		FUZZ_ASSERT(strncmp(second, "Try 'pecli ", 11) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct opts o;
	char *buf, *argv[MAX_ARGS + 1], *out = NULL;
	size_t out_len = 0, cmd;
	FILE *real_stderr, *mem;
	struct pe_scheme s;
	int argc = 0, rc;

	if (size == 0)
		return 0;
	cmd = data[0] % N_COMMANDS;
	/* argv[1..] from data[1..], NUL-terminated pieces */
	buf = malloc(size + 1);
	FUZZ_ASSERT(buf != NULL);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	argv[argc++] = (char *)commands[cmd].name;
	for (char *p = buf; p < buf + size - 1 && argc < MAX_ARGS;
	     p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	if (skipped(argv, argc)) {
		free(buf);
		return -1;   /* libFuzzer: do not keep this input */
	}

	mem = open_memstream(&out, &out_len);
	FUZZ_ASSERT(mem != NULL);
	real_stderr = stderr;
	stderr = mem;
	clearerr(stdin);
	msg_set_command(commands[cmd].name);
	rc = opt_parse(&o, argc, argv, commands[cmd].accepts);
	FUZZ_ASSERT(rc == EXIT_OK || rc == EXIT_USAGE || rc == EXIT_RUNTIME);
	if (rc == EXIT_OK && !o.help) {
		rc = opt_scheme(&s, &o);
		FUZZ_ASSERT(rc == EXIT_OK || rc == EXIT_USAGE || rc == EXIT_RUNTIME);
		if (rc == EXIT_OK)
			pe_scheme_free(&s);
	}
	fflush(mem);
	stderr = real_stderr;
	check_messages(out, out_len, rc, argv, argc);
	fclose(mem);
	free(out);
	opt_cleanup();
	free(buf);
	return 0;
}

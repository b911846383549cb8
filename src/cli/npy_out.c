/*
 * npy_out.c - --format npy for the commands whose tables are numbers: the
 * checks made before any work, and the output, an .npy file (write_npy)
 * with, beside a named file, its metadata as JSON (write_meta_json), since
 * an .npy holds numbers only.  Both go through the output-file logic
 * (ofile.c): each appears whole or not at all.
 *
 * A table with a text column (check's property names, freqs' region, the
 * layer_type column of --layer-type all) has no honest float64 array: it is
 * refused, naming the column, rather than losing the column quietly.  An
 * empty cell (a masked bias) is NaN, as numpy reads an empty CSV field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

const struct opt_format cli_array_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ "gnuplot", OUT_FORMAT_GNUPLOT },
	{ "npy", OUT_FORMAT_NPY },
	{ NULL, OUT_FORMAT_CSV }
};

static int to_stdout(const struct opts *o)
{
	return !o->output || strcmp(o->output, "-") == 0;
}

int cli_check_output(const struct opts *o, enum out_format fmt)
{
	if (fmt == OUT_FORMAT_NPY && to_stdout(o) && isatty(STDOUT_FILENO)) {
		msg_usage("refusing to write npy data to a terminal: redirect standard output or use -o FILE");
		return EXIT_USAGE;
	}
	if (fmt == OUT_FORMAT_NPY && o->digits) {
		msg_usage("option '--digits' rounds printed numbers: --format npy holds every double whole");
		return EXIT_USAGE;
	}
	if (fmt == OUT_FORMAT_GNUPLOT && o->no_meta) {
		msg_usage("option '--no-meta' applies to --format csv, tsv and npy, not %s",
		          o->plot ? "--plot" : "gnuplot");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/*
 * The name of the JSON beside the npy -o names into *path (owned): FILE
 * with .npy (any case) replaced by .json, else FILE.json; NULL (no JSON)
 * for standard output, a device or a FIFO (/dev/null: nothing to put
 * beside it) or --no-meta.  -1 (err) when memory runs out.
 */
static int json_path(char **path, const struct opts *o, struct out_err *err)
{
	struct stat sb;
	size_t len;

	*path = NULL;
	if (o->no_meta || to_stdout(o))
		return 0;
	if (stat(o->output, &sb) == 0 && !S_ISREG(sb.st_mode))
		return 0;
	len = strlen(o->output);
	if (len > 4 && strcasecmp(o->output + len - 4, ".npy") == 0)
		len -= 4;
	*path = malloc(len + sizeof ".json");
	if (!*path)
		return out_fail(err, "out of memory");
	memcpy(*path, o->output, len);
	memcpy(*path + len, ".json", sizeof ".json");
	return 0;
}

/* The text column npy cannot hold, as a usage error; an exit status. */
static int refuse_text(struct table_src *t)
{
	struct out_err err;
	const char *text;
	char shown[64];
	size_t col;

	if (npy_text_column(t, &col, &text, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	if (col == SIZE_MAX)
		return EXIT_OK;
	msg_usage("--format npy holds numbers only: column '%s' holds text ('%s')",
	          t->col_names[col], out_shown(shown, sizeof shown, text));
	return EXIT_USAGE;
}

int cli_emit_npy(struct table_src *t, const struct opts *o)
{
	struct ofile npy = { 0 }, meta = { 0 };
	struct out_err err;
	char *jpath = NULL;
	int rc = refuse_text(t);

	if (rc != EXIT_OK)
		return rc;
	rc = EXIT_RUNTIME;
	if (json_path(&jpath, o, &err) != 0)
		goto fail;
	if ((rc = ofile_open(&npy, o->output, &err)) != 0
	    || (jpath && (rc = ofile_open(&meta, jpath, &err)) != 0)) {
		rc = rc == OFILE_BAD_PATH ? EXIT_USAGE : EXIT_RUNTIME;
		goto fail;
	}
	rc = EXIT_RUNTIME;
	if (write_npy(npy.fp, t, &err) != 0)
		goto fail;
	progress_end(t->progress);
	if (jpath && write_meta_json(meta.fp, t, &err) != 0)
		goto fail;
	/* the array first: a JSON never describes a file that is not there */
	if (ofile_commit(&npy, &err) != 0 || (jpath && ofile_commit(&meta, &err) != 0))
		goto fail;
	free(jpath);
	return EXIT_OK;
fail:
	progress_end(t->progress);
	msg_error("%s", err.msg);
	ofile_abort(&npy);
	ofile_abort(&meta);
	free(jpath);
	return rc;
}

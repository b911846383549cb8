/*
 * cmd_schemes.c - pecli schemes: every encoding --scheme takes, what it is
 * in one line, and the options that set it, from the registry (pe.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include <config.h>

#define SCHEMES_OPTS OPTF_OUTPUT

static void schemes_help(void)
{
	fputs("Usage: pecli schemes [--format table|csv|tsv|json] [-o FILE]\n"
	      "List the encodings --scheme takes: scheme, adds (what the scheme adds to\n"
	      "a transformer: a code to the token vectors, a rotation of q and k, or a\n"
	      "bias to the attention scores), description, and the options that set it.\n"
	      "An aligned table on a terminal, CSV otherwise.\n"
	      "\n", stdout);
}

static const struct cli_cmd schemes_cmd = { SCHEMES_OPTS, schemes_help, cli_table_formats, 0 };

static const char *const schemes_cols[] = { "scheme", "adds", "description", "options" };

/* "--d --base ...": the options the scheme takes, from its rows. */
static void options_text(char *buf, size_t cap, const struct pe_scheme_ops *ops)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; ops->opts && ops->opts[k] && len < cap; k++) {
		int w = snprintf(buf + len, cap - len, "%s--%s", k ? " " : "", ops->opts[k]->name);
		len += w > 0 ? (size_t)w : 0;
	}
}

_Static_assert(4 * PE_N_SCHEMES <= SRC_SMALL_CELLS, "pecli schemes: a row per scheme fits the small table");

int cmd_schemes(int argc, char **argv)
{
	struct opts o;
	struct table_src t;
	struct src_small sm;
	static char opts[PE_N_SCHEMES][1024];
	enum out_format fmt;
	int rc;

	rc = cli_setup(&o, NULL, argc, argv, &schemes_cmd, &fmt);
	if (rc != EXIT_OK)
		return rc == CLI_DONE ? EXIT_OK : rc;
	fmt = cli_table_or_csv(&o, fmt);
	src_small_init(&t, &sm, PE_N_SCHEMES, 4, schemes_cols);
	for (size_t k = 0; k < PE_N_SCHEMES; k++) {
		options_text(opts[k], sizeof opts[k], pe_schemes[k]);
		sm.texts[4 * k] = pe_schemes[k]->name;
		sm.texts[4 * k + 1] = pe_schemes[k]->adds;
		sm.texts[4 * k + 2] = pe_schemes[k]->description;
		sm.texts[4 * k + 3] = opts[k];
	}
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "%s", "schemes");
	return cli_emit(&t, &o, fmt);
}

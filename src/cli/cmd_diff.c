/*
 * cmd_diff.c - pecli diff A B: two encodings pair by pair.  A and B are
 * each a model folder, a config.json, a preset or a set of scheme options;
 * the table gives each pair's frequency and wavelength in both, their
 * ratio and whether it changed, and the metadata a verdict: identical, a
 * permutation of the same pairs (with the permutation), changed
 * frequencies (which pairs, by how much), or different schemes.  Exit 0
 * when identical within --tolerance, 1 when not, 2 on bad input, as cmp
 * and diff do.
 *
 * The command line is split into the two sides (diff_args.c), then each
 * side is parsed as any command's (cli_setup) and built into its scheme;
 * the comparison is pe_diff_schemes (src/pe/diff.c), the table src_diff.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diff_args.h"
#include <config.h>

#define DIFF_OPTS (OPTF_SCHEME | OPTF_OUTPUT | OPTF_DIGITS | OPTF_DIFF | OPTF_ROTARY)

static void diff_help(void)
{
	fputs("Usage: pecli diff A B [--tolerance T] [--format csv|tsv|gnuplot|json] [--plot]\n"
	      "                  [--digits N] [-o FILE]\n"
	      "       pecli diff [SCHEME OPTIONS] -- [SCHEME OPTIONS]\n"
	      "Compare two encodings pair by pair.  A and B are each a model folder, a\n"
	      "config.json or a preset name, or one of --preset, --config, --model,\n"
	      "--scheme (pecli diff --preset llama3.1-8b --preset llama3-8b); the scheme\n"
	      "options after each belong to it (pecli diff c.json c.json --pairing\n"
	      "interleaved), or those before '--' to A and after it to B.  One row per\n"
	      "pair: pair, freq_a, freq_b (inverse frequencies), wavelength_a,\n"
	      "wavelength_b, ratio (freq_a / freq_b), changed (beyond --tolerance,\n"
	      "relative).  The metadata line verdict says: identical; permutation (the\n"
	      "same frequencies, the pairs in other places: RoPE's pairing, the\n"
	      "sinusoidal layout; the line permutation gives B's dims as A's); frequencies\n"
	      "changed (the pairs and the ratios, or the attention factor); different\n"
	      "schemes (kinds, pairs or head dimensions).  Exit status 0 identical, 1\n"
	      "not, 2 bad input.  --format gnuplot draws both wavelengths per pair (log\n"
	      "scale); --plot runs gnuplot on it.\n"
	      "\n", stdout);
}

static const struct cli_cmd diff_cmd = { DIFF_OPTS, diff_help, cli_figure_formats, 0 };

/* ---- the comparison ---- */

/* What the table needs while it is written. */
struct diff_state {
	struct src_diff d;
	struct pe_diff res;
	struct plot_desc pd;
	char keys[TABLE_META_MAX][40];   /* "a.KEY", "b.KEY" */
	struct table_src side;           /* one side's metadata, for side_meta */
	char caption[2][160], series[2][192], title[256];
};

/* Each side's resolved parameters, as "a.KEY" and "b.KEY". */
static void side_meta(struct table_src *t, struct diff_state *st, const struct opts *o,
                      const struct pe_scheme *s)
{
	struct table_src *tmp = &st->side;

	for (int k = 0; k < 2; k++) {
		tmp->n_meta = 0;
		opt_meta(tmp, &o[k], &s[k], "diff");
		for (size_t j = 2; j < tmp->n_meta && t->n_meta < TABLE_META_MAX - 12; j++) {
			char *key = st->keys[t->n_meta];

			/* the source is in the line "a" already; --n is not diff's */
			if (!strcmp(tmp->meta[j].key, "source") || !strcmp(tmp->meta[j].key, "n"))
				continue;

			snprintf(key, sizeof st->keys[0], "%c.%s", "ab"[k], tmp->meta[j].key);
			table_meta_add(t, key, "%s", tmp->meta[j].value);
		}
	}
}

/* perm as runs "first:step:last" (three or more), else single numbers,
 * into buf; 0 if it does not fit. */
static int perm_runs(char *buf, size_t cap, const size_t *perm, size_t n)
{
	size_t len = 0, j = 0;

	buf[0] = '\0';
	while (j < n) {
		size_t k = j + 1;
		long step = k < n ? (long)perm[k] - (long)perm[j] : 0;
		int w;

		while (k < n && (long)perm[k] - (long)perm[k - 1] == step)
			k++;
		if (k - j >= 3)
			w = snprintf(buf + len, cap - len, "%s%zu:%ld:%zu", j ? " " : "", perm[j], step,
			             perm[k - 1]);
		else
			w = snprintf(buf + len, cap - len, "%s%zu", j ? " " : "", perm[j]), k = j + 1;
		if (w < 0 || (size_t)w >= cap - len)
			return 0;
		len += (size_t)w;
		j = k;
	}
	return 1;
}

/* The permutation line: B's dims as A's, or when that is long A's as B's
 * (half -> interleaved is the inverse of a short one). */
static int perm_meta(struct table_src *t, const struct pe_scheme *s)
{
	size_t n = pe_diff_width(&s[1]);
	size_t *perm = malloc(2 * n * sizeof *perm), *inv;
	char runs[160];
	const char *how = "";

	if (!perm) {
		msg_error("out of memory for a permutation of %zu dims", n);
		return EXIT_RUNTIME;
	}
	inv = perm + n;
	pe_diff_perm(perm, &s[0], &s[1]);
	if ((s[0].ops->traits & PE_TRAIT_ROTARY) && s[0].cfg.rope.pairing != s[1].cfg.rope.pairing)
		how = s[1].cfg.rope.pairing == PE_ROPE_PAIRING_HALF
		      ? " (interleaved -> half: convert_llama_weights_to_hf.py permute)"
		      : " (half -> interleaved: the inverse of convert_llama_weights_to_hf.py permute)";
	for (size_t j = 0; j < n; j++)
		inv[perm[j]] = j;
	if (perm_runs(runs, sizeof runs, perm, n))
		table_meta_add(t, "permutation", "dim j of B is dim perm[j] of A, perm = %s%s", runs, how);
	else if (perm_runs(runs, sizeof runs, inv, n))
		table_meta_add(t, "permutation", "dim i of A is dim inv[i] of B, inv = %s%s", runs, how);
	else
		table_meta_add(t, "permutation", "of %zu dims, too long to list: see pecli layout%s", n,
		               how);
	free(perm);
	return EXIT_OK;
}

/* The verdict lines: what changed, the permutation, why the schemes differ. */
static int verdict_meta(struct table_src *t, const struct pe_diff *r, const struct pe_scheme *s)
{
	table_meta_add(t, "verdict", "%s", pe_diff_verdict_name(r->verdict));
	if (r->why && s[0].ops != s[1].ops)
		table_meta_add(t, "schemes", "%s against %s", s[0].ops->name, s[1].ops->name);
	else if (r->why)
		table_meta_add(t, "schemes", "%s", r->why);
	if (r->n_changed) {
		char lo[FMT_BUF], hi[FMT_BUF];

		fmt_double(lo, r->min_ratio, 0);
		fmt_double(hi, r->max_ratio, 0);
		table_meta_add(t, "changed_pairs", "%zu of %zu, pairs %zu to %zu, ratio freq_a / freq_b from %s to %s",
		               r->n_changed, r->n_pairs, r->first_changed, r->last_changed, lo, hi);
	}
	else if (r->verdict != PE_DIFF_SCHEMES)
		table_meta_add(t, "changed_pairs", "0 of %zu", r->n_pairs);
	if (r->attention_changed) {
		char fa[FMT_BUF], fb[FMT_BUF];

		fmt_double(fa, s[0].attention_factor, 0);
		fmt_double(fb, s[1].attention_factor, 0);
		table_meta_add(t, "attention_factor", "changed: %s in A, %s in B", fa, fb);
	}
	if (r->moved && r->verdict != PE_DIFF_SCHEMES)
		return perm_meta(t, s);
	return EXIT_OK;
}

/* Both spectra: each pair's wavelength in A and in B, log scale. */
static void diff_figure(struct table_src *t, struct diff_state *st)
{
	struct plot_desc *pd = &st->pd;

	snprintf(st->title, sizeof st->title, "wavelength per pair: %s",
	         pe_diff_verdict_name(st->res.verdict));
	t->title = st->title;
	plot_desc_init(pd, PLOT_CURVE);
	pd->xlabel = "frequency pair i";
	pd->ylabel = "wavelength 2 pi / theta_i (positions)";
	pd->log_y = 1;
	pd->points = 1;
	pd->key_bottom_left = 0;
	snprintf(st->series[0], sizeof st->series[0], "A: %s", st->caption[0]);
	snprintf(st->series[1], sizeof st->series[1], "B: %s", st->caption[1]);
	plot_series_add(pd, t, "wavelength_a", NULL, st->series[0]);
	plot_series_add(pd, t, "wavelength_b", NULL, st->series[1]);
	t->plot = pd;
}

/* Parse side k (argv: its own tokens, then the common ones) and build its
 * scheme; errors name the side. */
static int setup_side(struct opts *o, struct pe_scheme *s, const struct diff_split *sp, int k,
                      char *argv0, enum out_format *fmt)
{
	char *argv[3 * DIFF_ARGS_MAX + 1];
	int argc = 0, rc;

	argv[argc++] = argv0;
	for (int j = 0; j < sp->shared.argc; j++)
		argv[argc++] = sp->shared.argv[j];
	for (int j = 0; j < sp->side[k].argc; j++)
		argv[argc++] = sp->side[k].argv[j];
	for (int j = 0; j < sp->common.argc; j++)
		argv[argc++] = sp->common.argv[j];
	argv[argc] = NULL;
	msg_set_context(k ? "B" : "A");
	rc = cli_setup(o, s, argc, argv, &diff_cmd, fmt);
	msg_set_context(NULL);
	return rc;
}

static int setup_common(struct opts *o, const struct diff_split *sp, char *argv0,
                        enum out_format *fmt)
{
	char *argv[DIFF_ARGS_MAX + 1];
	int argc = 0;

	argv[argc++] = argv0;
	for (int j = 0; j < sp->common.argc; j++)
		argv[argc++] = sp->common.argv[j];
	argv[argc] = NULL;
	return cli_setup(o, NULL, argc, argv, &diff_cmd, fmt);
}

static int diff_run(struct opts *o, struct pe_scheme *s, struct diff_state *st,
                    enum out_format fmt)
{
	struct table_src t;
	enum pe_status ps = pe_diff_schemes(&st->res, &s[0], &s[1], o[0].tolerance);
	char tol[FMT_BUF];
	int rc;

	if (ps == PE_ENOTSUP) {
		msg_usage("--scheme %s has no frequencies to compare: diff compares rotary and sinusoidal encodings",
		          s[0].ops->name);
		return EXIT_USAGE;
	}
	if (ps != PE_OK) {
		msg_error("cannot compare: %s", pe_status_str(ps));
		return EXIT_RUNTIME;
	}
	src_diff_init(&t, &st->d, &s[0], &s[1],
	              s[0].inv_freq && s[1].inv_freq ? st->res.n_pairs : 0, o[0].tolerance);
	table_meta_add(&t, "pecli", "%s", PACKAGE_VERSION);
	table_meta_add(&t, "command", "diff");
	for (int k = 0; k < 2; k++) {
		cli_scheme_caption(st->caption[k], sizeof st->caption[k], &o[k], &s[k]);
		table_meta_add(&t, k ? "b" : "a", "%s%s%s", o[k].source, o[k].source[0] ? ": " : "",
		               st->caption[k]);
	}
	side_meta(&t, st, o, s);
	fmt_double(tol, o[0].tolerance, 0);
	table_meta_add(&t, "tolerance", "%s (relative)", tol);
	rc = verdict_meta(&t, &st->res, s);
	if (rc != EXIT_OK)
		return rc;
	diff_figure(&t, st);
	rc = cli_emit(&t, &o[0], fmt);
	if (rc != EXIT_OK)
		return rc;
	return st->res.verdict == PE_DIFF_IDENTICAL ? EXIT_OK : EXIT_FAIL;
}

int cmd_diff(int argc, char **argv)
{
	struct opts *o = calloc(3, sizeof *o);   /* the rows, then A and B */
	struct pe_scheme s[2] = { { 0 }, { 0 } };
	struct diff_state *st = calloc(1, sizeof *st);
	struct diff_split *sp = calloc(1, sizeof *sp);
	enum out_format fmt;
	int rc;

	if (!o || !st || !sp) {
		msg_error("out of memory");
		rc = EXIT_RUNTIME;
		goto done;
	}
	/* --help: the whole line parsed as one (an option of another
	 * command is refused, as everywhere) */
	for (int a = 1; a < argc && strcmp(argv[a], "--") != 0; a++)
		if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
			rc = cli_setup(&o[0], NULL, argc, argv, &diff_cmd, &fmt);
			goto done;
		}
	rc = diff_split_args(sp, o, argc, argv, diff_cmd.accepts | OPTF_PLOT | OPTF_META);
	if (rc != EXIT_OK)
		goto done;
	if (sp->bad) {   /* the whole line, as any command's: its message */
		rc = cli_setup(&o[0], NULL, argc, argv, &diff_cmd, &fmt);
		if (rc == EXIT_OK) {
			msg_usage("cannot read the options");
			rc = EXIT_USAGE;
		}
		goto done;
	}
	if (sp->refused) {
		msg_usage("option '--%s' does not apply to diff: it compares frequencies, which learned tables and T5 weights do not have",
		          sp->refused->name);
		rc = EXIT_USAGE;
		goto done;
	}
	/* the command's options first (their errors name no side), then A's
	 * (a bad value before a missing B) */
	rc = setup_common(&o[0], sp, argv[0], &fmt);
	if (rc == EXIT_OK && (sp->n_sides >= 1 || sp->shared.argc > 0))
		rc = setup_side(&o[1], &s[0], sp, 0, argv[0], &fmt);
	if (rc == EXIT_OK && sp->n_sides < 2) {
		msg_usage("give two encodings: A and B (model folders, config.json files, presets), two of --preset, --config, --model or --scheme, or the options of each around '--'");
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK)
		rc = setup_side(&o[2], &s[1], sp, 1, argv[0], &fmt);
	if (rc == EXIT_OK)
		rc = diff_run(o + 1, s, st, fmt);
done:
	pe_scheme_free(&s[0]);
	pe_scheme_free(&s[1]);
	free(o);
	free(st);
	free(sp);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

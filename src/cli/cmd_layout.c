/*
 * cmd_layout.c - pecli layout: the row permutation of a q or k projection
 * that converts a checkpoint from one RoPE pairing to the other, and
 * --verify, which applies RoPE in both pairings to seeded random vectors
 * under that permutation and reports the largest score difference.
 *
 * With --q-heads (or a model's num_attention_heads, when --kv-heads,
 * --proj k, --weight or --tensor asks for a whole weight) the permutation
 * covers a whole q_proj (H heads) or k_proj (K key-value heads): what
 * Hugging Face's convert_llama_weights_to_hf.py and llama.cpp's
 * convert_hf_to_gguf.py apply; --weight (or --model DIR --tensor NAME)
 * applies it to a 2-D tensor, written as npy float64.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "read/read.h"

#define LAYOUT_OPTS (OPTF_SCHEME | OPTF_N | OPTF_OUTPUT | OPTF_DIGITS | OPTF_LAYOUT | OPTF_ROTARY)

/* Random (q, k) pairs per direction: enough to meet every pair at many
 * angles; the check costs O(trials d). */
#define LAYOUT_TRIALS 1000
/* With a weight each trial is four products of the whole weight with a
 * vector (O(rows cols)); 32 trials of every head are 32 H checks. */
#define LAYOUT_WEIGHT_TRIALS 32

static const struct opt_format layout_formats[] = {
	{ "csv", OUT_FORMAT_CSV },
	{ "tsv", OUT_FORMAT_TSV },
	{ "list", OUT_FORMAT_LIST },
	{ "npy", OUT_FORMAT_NPY },
	{ "json", OUT_FORMAT_JSON },
	{ NULL, OUT_FORMAT_CSV }
};

static void layout_help(void)
{
	fputs("Usage: pecli layout [SCHEME OPTIONS] [--to NAME] [--verify] [--seed N]\n"
	      "                    [--q-heads H] [--kv-heads K] [--proj q|k] [--weight FILE]\n"
	      "                    [--format csv|tsv|list|npy|json] [--digits N] [-o FILE]\n"
	      "Print the row permutation that converts the q and k projection rows of one\n"
	      "attention head from interleaved pairing (GPT-J, Meta llama) to half pairing\n"
	      "(GPT-NeoX, Hugging Face) with --to half, or back with --to interleaved:\n"
	      "row j of the result is row 'from' of the input.  --format list prints the\n"
	      "'from' column on one line, --format npy the table as a NumPy float64 array\n"
	      "(-o FILE.npy, its metadata in FILE.json).  With --verify, score random q\n"
	      "and k in both pairings instead and report the largest difference for each\n"
	      "direction; the exit status is 3 if it exceeds the rounding bound.\n"
	      "With --q-heads H (or a model's num_attention_heads, once --kv-heads, --proj\n"
	      "k, --weight or --tensor is given) the permutation covers a whole q_proj of H\n"
	      "heads or, with --proj k, a k_proj of K key-value heads: the same within\n"
	      "each head of --d rows, as Hugging Face's convert_llama_weights_to_hf.py\n"
	      "(to half) and llama.cpp's convert_hf_to_gguf.py (to interleaved) permute.\n"
	      "--weight FILE (.npy or safetensors, --tensor NAME) or --model DIR --tensor\n"
	      "NAME converts that weight and writes it as npy float64 (the default format\n"
	      "then) to -o FILE; with --verify, each head's scores of the weight's\n"
	      "projections of random inputs are compared instead, columns direction,\n"
	      "heads, trials, max_abs_diff, max_rel_diff, worst_head, tolerance, status.\n"
	      "\n", stdout);
}

static const struct cli_cmd layout_cmd = { LAYOUT_OPTS, layout_help, layout_formats, 0 };

static const char *const verify_cols[] = {
	"direction", "trials", "max_abs_diff", "max_rel_diff", "tolerance", "status"
};

static const char *const heads_cols[] = {
	"direction", "heads", "trials", "max_abs_diff", "max_rel_diff", "worst_head",
	"tolerance", "status"
};

/* What the command works on: one head, or a whole weight. */
struct layout_job {
	int whole;               /* --q-heads or a model's heads */
	size_t n_head;           /* the weight's heads (H for q, K for k) */
	size_t n_q, n_kv;        /* H, K */
	struct pe_learned w;     /* --weight / --tensor, else empty */
	char wname[MODEL_PATH_MAX + 320];   /* "tensor 'x' in FILE" or FILE */
};

/* ---- one head (as before issue 23) ---- */

static int verify_one(struct table_src *t, struct src_small *sm, const struct opts *o,
                      const struct pe_scheme *s, int *failed)
{
	src_small_init(t, sm, 2, 6, verify_cols);
	for (int dir = 0; dir < 2; dir++) {
		struct pe_layout_check chk;
		int to_half = dir == 0;
		enum pe_status st = pe_rope_layout_verify(&chk, s->inv_freq, s->cfg.n_dim,
		                                          2 * s->n_freq, to_half, o->seed,
		                                          LAYOUT_TRIALS, (double)o->n_pos - 1);
		if (st != PE_OK) {
			msg_error("cannot verify the layout: %s", pe_status_str(st));
			return EXIT_RUNTIME;
		}
		sm->texts[dir * 6 + 0] = to_half ? "interleaved->half" : "half->interleaved";
		sm->cells[dir * 6 + 1] = (double)chk.n_trials;
		sm->cells[dir * 6 + 2] = chk.max_abs;
		sm->cells[dir * 6 + 3] = chk.max_rel;
		sm->cells[dir * 6 + 4] = chk.tolerance;
		sm->texts[dir * 6 + 5] = chk.pass ? "pass" : "fail";
		*failed |= !chk.pass;
	}
	return EXIT_OK;
}

/* ---- a whole weight ---- */

/* The head counts: the flags, else the model's; whole stays 0 when no
 * option asks for a whole weight. */
static int job_heads(struct layout_job *j, const struct opts *o)
{
	double mh = o->has_model ? o->model.hf.n_head : NAN;
	double mk = o->has_model ? o->model.hf.n_kv_head : NAN;

	/* --proj q alone is the default: one head, as without it */
	j->whole = opt_given(o, &cli_opt_heads) || opt_given(o, &cli_opt_kv_heads)
	           || o->proj_k || o->weight || (o->has_model && o->tensor);
	if (!j->whole)
		return EXIT_OK;
	if (!opt_given(o, &cli_opt_heads) && isnan(mh)) {
		msg_usage("a whole weight needs its heads: give --q-heads H (or a model whose "
		          "config.json has num_attention_heads)");
		return EXIT_USAGE;
	}
	j->n_q = opt_given(o, &cli_opt_heads) ? o->n_heads : (size_t)mh;
	/* each count from its flag, else the model's, else K = H */
	j->n_kv = opt_given(o, &cli_opt_kv_heads) ? o->n_kv_heads
	          : !isnan(mk) ? (size_t)mk : j->n_q;
	if ((j->n_kv > j->n_q || j->n_q % j->n_kv != 0) && opt_given(o, &cli_opt_kv_heads)) {
		msg_usage("invalid value '%zu' for --kv-heads: expected a divisor of the %zu "
		          "query heads (grouped-query attention)", j->n_kv, j->n_q);
		return EXIT_USAGE;
	}
	if (j->n_kv > j->n_q || j->n_q % j->n_kv != 0) {
		msg_usage("%s: num_key_value_heads %zu does not divide the %zu query heads: "
		          "give --kv-heads", o->model.config, j->n_kv, j->n_q);
		return EXIT_USAGE;
	}
	j->n_head = o->proj_k ? j->n_kv : j->n_q;
	return EXIT_OK;
}

/* --weight FILE [--tensor NAME], or --model DIR --tensor NAME, into j->w,
 * its rows checked against the heads. */
static int job_weight(struct layout_job *j, const struct opts *o, size_t n_dim)
{
	struct out_err err;
	char file[MODEL_PATH_MAX + 64];
	const char *path = o->weight;
	size_t want = j->n_head * n_dim;

	if (!o->weight && !(o->has_model && o->tensor))
		return EXIT_OK;
	if (!path) {
		if (!o->model.dir[0]) {
			msg_usage("option '--tensor' needs a model folder with its weights "
			          "(--model DIR), or --weight FILE");
			return EXIT_USAGE;
		}
		if (st_locate(o->model.dir, o->tensor, file, sizeof file, &err) != 0) {
			msg_error("%s", err.msg);
			return cli_read_status(&err);
		}
		path = file;
	}
	if (table_file_read_tensor(&j->w, path, o->tensor, &err) != 0) {
		msg_error("%s", err.msg);
		return cli_read_status(&err);
	}
	if (o->tensor)
		snprintf(j->wname, sizeof j->wname, "tensor '%s' in %s", o->tensor, path);
	else
		snprintf(j->wname, sizeof j->wname, "%s", path);
	if (j->w.n_pos != want) {
		msg_usage("%s has shape [%zu, %zu]: expected %zu rows for --proj %s "
		          "(%zu heads x --d %zu)", j->wname, j->w.n_pos, j->w.n_dim, want,
		          o->proj_k ? "k" : "q", j->n_head, n_dim);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int verify_heads(struct table_src *t, struct src_small *sm, const struct opts *o,
                        const struct pe_scheme *s, const struct layout_job *j, int *failed)
{
	int n_dir = j->w.data ? 1 : 2;

	src_small_init(t, sm, (size_t)n_dir, 8, heads_cols);
	for (int dir = 0; dir < n_dir; dir++) {
		struct pe_layout_check chk;
		int to_half = j->w.data ? o->to_half : dir == 0;
		struct pe_layout_heads lh = {
			j->n_head, s->cfg.n_dim, 2 * s->n_freq, s->inv_freq, to_half,
			j->w.data, j->w.n_dim
		};
		double *c = sm->cells + dir * 8;
		enum pe_status st = pe_rope_layout_verify_heads(
			&chk, &lh, o->seed, j->w.data ? LAYOUT_WEIGHT_TRIALS : LAYOUT_TRIALS,
			(double)o->n_pos - 1);

		/* a weight's projections can overflow (entries of 1e154 and more):
		 * the check cannot be made, which is not a usage error */
		if (st == PE_ERANGE && j->w.data) {
			msg_error("cannot verify the layout: a score of %s overflows a double",
			          j->wname);
			return EXIT_RUNTIME;
		}
		if (st != PE_OK) {
			msg_error("cannot verify the layout: %s", pe_status_str(st));
			return EXIT_RUNTIME;
		}
		sm->texts[dir * 8] = to_half ? "interleaved->half" : "half->interleaved";
		c[1] = (double)chk.n_head;
		c[2] = (double)chk.n_trials;
		c[3] = chk.max_abs;
		c[4] = chk.max_rel;
		c[5] = (double)chk.worst_head;
		c[6] = chk.tolerance;
		sm->texts[dir * 8 + 7] = chk.pass ? "pass" : "fail";
		*failed |= !chk.pass;
	}
	return EXIT_OK;
}

/* The permutation table (or the converted weight) of the job. */
static int permute_source(struct table_src *t, struct src_weight *sw, size_t **perm,
                          const struct opts *o, const struct pe_scheme *s,
                          const struct layout_job *j)
{
	size_t n_dim = s->cfg.n_dim, n = (j->whole ? j->n_head : 1) * n_dim;
	struct out_err err;

	if (cli_check_memory((double)n * sizeof **perm, "the permutation", "lower --q-heads") != EXIT_OK)
		return EXIT_USAGE;
	*perm = malloc(n * sizeof **perm);
	if (!*perm) {
		msg_error("out of memory for %zu rows", n);
		return EXIT_RUNTIME;
	}
	pe_rope_layout_perm_heads(*perm, j->whole ? j->n_head : 1, n_dim, 2 * s->n_freq,
	                          o->to_half);
	if (!j->w.data) {
		src_layout_init(t, *perm, n);
		return EXIT_OK;
	}
	if (src_weight_init(t, sw, j->w.data, *perm, n, j->w.n_dim, &err) != 0) {
		msg_error("%s", err.msg);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static void layout_meta(struct table_src *t, const struct opts *o, const struct layout_job *j)
{
	if (j->whole) {
		table_meta_add(t, "heads", "%zu (--proj %s; %zu query, %zu key-value)",
		               j->n_head, o->proj_k ? "k" : "q", j->n_q, j->n_kv);
		if (j->w.data)
			table_meta_add(t, "weight", "%s", j->wname);
	}
	if (o->verify) {
		table_meta_add(t, "seed", "%llu", (unsigned long long)o->seed);
		table_meta_add(t, "positions", "0..%zu", o->n_pos - 1);
	}
	if (!o->verify || j->w.data)
		table_meta_add(t, "to", "%s", o->to_half ? "half" : "interleaved");
}

/* --weight: npy unless --format says otherwise; never list. */
static int weight_format(enum out_format *fmt, const struct opts *o, const struct layout_job *j)
{
	if (!j->w.data || o->verify)
		return EXIT_OK;
	if (!o->format)
		*fmt = OUT_FORMAT_NPY;
	if (*fmt == OUT_FORMAT_LIST) {
		msg_usage("--format list prints the permutation; a converted weight is "
		          "written as npy, csv or tsv");
		return EXIT_USAGE;
	}
	return cli_check_output(o, *fmt);
}

int cmd_layout(int argc, char **argv)
{
	struct opts o;
	struct pe_scheme scheme = { 0 };
	struct layout_job job = { 0 };
	struct table_src t;
	struct src_small sm;
	struct src_weight sw = { 0 };
	enum out_format fmt;
	size_t *perm = NULL;
	int rc, failed = 0;

	rc = cli_setup(&o, &scheme, argc, argv, &layout_cmd, &fmt);
	if (rc != EXIT_OK)
		goto done;
	if (o.verify && fmt == OUT_FORMAT_LIST) {
		msg_usage("--format list prints the permutation; it cannot be combined with --verify");
		rc = EXIT_USAGE;
		goto done;
	}
	rc = job_heads(&job, &o);
	if (rc == EXIT_OK && job.whole)
		rc = job_weight(&job, &o, scheme.cfg.n_dim);
	if (rc == EXIT_OK)
		rc = weight_format(&fmt, &o, &job);
	if (rc != EXIT_OK)
		goto done;
	if (o.verify)
		rc = job.whole ? verify_heads(&t, &sm, &o, &scheme, &job, &failed)
		               : verify_one(&t, &sm, &o, &scheme, &failed);
	else
		rc = permute_source(&t, &sw, &perm, &o, &scheme, &job);
	if (rc != EXIT_OK)
		goto done;
	opt_meta(&t, &o, &scheme, "layout");
	layout_meta(&t, &o, &job);
	rc = cli_emit(&t, &o, fmt);
	if (rc == EXIT_OK && failed) {
		msg_error("the pairings disagree beyond rounding: see the status column");
		rc = EXIT_RUNTIME;
	}
done:
	src_weight_free(&sw);
	pe_learned_free(&job.w);
	free(perm);
	pe_scheme_free(&scheme);
	return rc == CLI_DONE ? EXIT_OK : rc;
}

/*
 * opt_load.c - the inputs some options name, read once the scheme is known:
 * a model's settings (--config FILE, --preset NAME), a learned table
 * (--from FILE, or --init normal drawn at random) and T5's learned bucket
 * weights (--bucket-weights FILE), with the checks of what they hold
 * against the other options (--n within the table, --head within the heads,
 * T5's buckets and distance).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "read/read.h"

/* The learned table of this run (one command per process): loaded by
 * opt_parse, freed by opt_cleanup; T5's --bucket-weights, held the same way. */
static struct pe_learned learned_table;
static struct pe_learned bucket_weights;

void opt_cleanup(void)
{
	pe_learned_free(&learned_table);
	pe_learned_free(&bucket_weights);
}

int cli_read_status(const struct out_err *err)
{
	return out_is_fault(err) ? EXIT_RUNTIME : EXIT_USAGE;
}

/* The schemes that read a model's fields, for messages. */
static void schemes_with_fields(char *buf, size_t size)
{
	const char *names[PE_N_SCHEMES];
	size_t n = 0;

	for (size_t s = 0; s < PE_N_SCHEMES; s++)
		if (pe_schemes[s]->fields)
			names[n++] = pe_schemes[s]->name;
	opt_join_and(buf, size, names, n);
}

/* --layer-type all: for the commands that report per layer type, without
 * --layer, with a model (whose types are counted once it is read). */
static int check_all(const struct opts *o, int has_model)
{
	if (!(o->accepts & OPTF_LAYERS)) {
		msg_usage("invalid value 'all' for --layer-type: expected the name of one layer "
		          "type here (all applies to check, decay and extrapolate)");
		return EXIT_USAGE;
	}
	if (opt_given(o, &cli_opt_layer)) {
		msg_usage("options '--layer' and '--layer-type all' cannot be combined");
		return EXIT_USAGE;
	}
	if (!has_model) {
		msg_usage("invalid value 'all' for --layer-type: expected a model whose layers "
		          "differ, given with --model, --config or --preset");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int opt_read_model(struct opts *o, enum pe_scheme_kind force)
{
	const char *arg = o->model_arg ? o->model_arg : o->config_arg;
	const char *preset = opt_arg(o, &cli_opt_preset);
	const struct pe_opt *needs[] = {
		&cli_opt_tensor, &cli_opt_layer, &cli_opt_layer_type, &cli_opt_tower
	};
	/* all: the model's default type here, each type by opt_resolve_type */
	int all = o->layer_type && !strcmp(o->layer_type, "all");
	const struct model_pick pick = {
		opt_given(o, &cli_opt_layer) ? o->layer : MODEL_NO_LAYER,
		all ? NULL : o->layer_type, o->tensor, o->tower
	};
	struct out_err err;
	char list[128];

	if (all && check_all(o, arg || preset) != EXIT_OK)
		return EXIT_USAGE;
	if (o->model_arg && o->config_arg) {
		msg_usage("options '--model' and '--config' cannot be combined");
		return EXIT_USAGE;
	}
	if (!o->model_arg && opt_given(o, &cli_opt_revision)) {
		msg_usage("option '--revision' applies with --model");
		return EXIT_USAGE;
	}
	for (size_t i = 0; !arg && !preset && i < sizeof needs / sizeof needs[0]; i++)
		if (opt_given(o, needs[i]) && !(needs[i] == &cli_opt_tensor && o->weight)) {
			msg_usage("option '--%s' applies with --model, --config or --preset",
			          needs[i]->name);
			return EXIT_USAGE;
		}
	if (!arg && !preset)
		return EXIT_OK;
	for (size_t i = 0; o->tower && i < 3; i++)   /* the tower has one kind of layer */
		if (opt_given(o, needs[i])) {
			msg_usage("options '--tower vision' and '--%s' cannot be combined",
			          needs[i]->name);
			return EXIT_USAGE;
		}
	if (preset && arg) {
		msg_usage("options '--%s' and '--preset' cannot be combined",
		          o->model_arg ? "model" : "config");
		return EXIT_USAGE;
	}
	if (force != PE_N_SCHEMES && !pe_schemes[force]->fields && !o->tower) {
		schemes_with_fields(list, sizeof list);
		msg_usage("option '--%s' applies to --scheme %s, not %s",
		          o->model_arg ? "model" : preset ? "preset" : "config", list,
		          pe_schemes[force]->name);
		return EXIT_USAGE;
	}
	if (preset) {
		const struct hf_preset *p = hf_preset_find(preset);

		snprintf(o->source, sizeof o->source, "preset %s", preset);
		if (model_load_text(&o->model, o->source, p->json, strlen(p->json), force,
		                    &pick, &err) != 0) {
			msg_error("%s", err.msg);
			return cli_read_status(&err);
		}
	} else {
		if (model_load(&o->model, arg, o->model_arg != NULL, o->revision, force, &pick,
		               &err) != 0) {
			/* a missing or malformed input file is the user's to fix */
			msg_error("%s", err.msg);
			return cli_read_status(&err);
		}
		if (o->model.warning[0] && !o->per_type)   /* said once */
			msg_info("warning: %s: not read: %s", o->model.config, o->model.warning);
		snprintf(o->source, sizeof o->source, "%s", arg);
	}
	o->has_model = 1;
	o->all_types = all;
	if (all && o->model.n_types < 2) {
		msg_usage("invalid value 'all' for --layer-type: %s has one kind of layer: "
		          "expected a model whose layers differ", o->model.config);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int opt_resolve_type(struct opts *dst, const struct opts *o, size_t t)
{
	*dst = *o;
	dst->layer_type = o->model.types[t].name;
	dst->all_types = 0;
	dst->per_type = 1;
	dst->has_model = 0;
	return opt_resolve(dst, &dst->flags);
}

/* --model, --config or --preset: the model's values under the flags. */
int opt_load_model(struct opts *o)
{
	struct out_err err;

	if (o->has_model && model_apply(&o->scheme, &o->model, &err) != 0) {
		msg_error("%s", err.msg);
		return cli_read_status(&err);
	}
	return EXIT_OK;
}

/* The model's weight into t (a learned table, T5's bucket weights).  For
 * 'pecli model', which describes a model without them, no weights is not
 * an error: *loaded says whether t was read. */
static int load_model_weights(struct opts *o, struct pe_learned *t, const char *with,
                              int *loaded)
{
	struct out_err err;
	int rc;

	*loaded = 0;
	if (with) {
		msg_usage("options '--%s' and '--%s' cannot be combined",
		          o->model_arg ? "model" : "config", with);
		return EXIT_USAGE;
	}
	rc = model_read_weights(&o->model, t, &err);
	/* 'pecli model' describes a model without its weights; T5's buckets
	 * without a folder (a config.json, a preset) are the bucket index */
	if (rc == 1 && ((o->accepts & OPTF_OPERAND)
	                || (t == &bucket_weights && !o->model.dir[0]))) {
		snprintf(o->model.weights_note, sizeof o->model.weights_note, "%s", err.msg);
		return EXIT_OK;
	}
	if (rc != 0) {
		msg_error("%s", err.msg);
		return cli_read_status(&err);
	}
	*loaded = 1;
	return EXIT_OK;
}

/* --n: the table's rows by default, and never more. */
static int take_table_rows(struct opts *o)
{
	if (!o->n_given) {
		o->n_pos = learned_table.n_pos;
	} else if (o->n_pos > learned_table.n_pos) {
		msg_usage("invalid value '%zu' for --n: the table has %zu positions",
		          o->n_pos, learned_table.n_pos);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* A learned table from the model's weights, its rows the positions. */
static int load_model_table(struct opts *o)
{
	int loaded, rc;

	rc = load_model_weights(o, &learned_table, opt_given(o, &pe_opt_from) ? "from"
	                        : opt_given(o, &pe_opt_init) ? "init" : NULL, &loaded);
	if (rc != EXIT_OK || !loaded)
		return rc;
	if (take_table_rows(o) != EXIT_OK)
		return EXIT_USAGE;
	if (opt_given(o, &pe_opt_d)) {
		msg_usage("option '--d' does not apply with a model: the table's columns are its dimension");
		return EXIT_USAGE;
	}
	o->scheme.learned = &learned_table;
	o->scheme.n_dim = learned_table.n_dim;
	model_prov_add(&o->model, "d", "the tensor's columns");
	return EXIT_OK;
}

/* A learned table (the scheme takes --from): the model's, --from FILE, or
 * --init normal of --n x --d. */
static int load_learned(struct opts *o)
{
	const char *from_path = opt_arg(o, &pe_opt_from);
	struct out_err err;
	enum pe_status st;

	if (o->has_model)
		return load_model_table(o);
	if (!from_path == !opt_given(o, &pe_opt_init)) {
		msg_usage("--scheme learned needs one of --from FILE and --init normal");
		return EXIT_USAGE;
	}
	if (from_path) {
		if (opt_given(o, &pe_opt_d)) {
			msg_usage("option '--d' does not apply with --from: the table's columns are its dimension");
			return EXIT_USAGE;
		}
		if (table_file_read(&learned_table, from_path, &err) != 0) {
			msg_error("%s", err.msg);
			return cli_read_status(&err);
		}
		if (take_table_rows(o) != EXIT_OK)
			return EXIT_USAGE;
		snprintf(o->source, sizeof o->source, "%s", strcmp(from_path, "-") ? from_path : "stdin");
	} else {
		double values = (double)o->n_pos * (double)o->scheme.n_dim;

		if (values > (double)PE_LEARNED_VALUES_MAX) {
			/* refused before any allocation: n and d are each in range,
			 * their product is not */
			msg_usage("--init normal: a %zu x %zu table is %.3g values, %.3g GiB as doubles: at most %lu values (%lu GiB); lower --n or --d",
			          o->n_pos, o->scheme.n_dim, values, values * 8.0 / 1073741824.0,
			          (unsigned long)PE_LEARNED_VALUES_MAX,
			          (unsigned long)(PE_LEARNED_VALUES_MAX * 8.0 / 1073741824.0));
			return EXIT_USAGE;
		}
		st = pe_learned_init_normal(&learned_table, o->n_pos, o->scheme.n_dim, o->seed,
		                            PE_LEARNED_STD_DEFAULT);
		if (st != PE_OK) {
			msg_error("cannot draw a %zu x %zu table: %s", o->n_pos, o->scheme.n_dim,
			          pe_status_str(st));
			return st == PE_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
		snprintf(o->source, sizeof o->source, "init normal, std 0.02, seed %llu",
		         (unsigned long long)o->seed);
	}
	o->scheme.learned = &learned_table;
	o->scheme.n_dim = learned_table.n_dim;
	return EXIT_OK;
}

/* decay of a table (a score only between its rows): --max-dist within
 * them, a usage error before any work (issue 22: it was a runtime error
 * from the table, exit 3). */
static int check_table_dist(const struct opts *o)
{
	char num[FMT_BUF];

	if (!(o->accepts & OPTF_DECAY) || opt_ops(o)->profile || !o->scheme.learned
	    || o->max_dist <= (double)o->n_pos - 1.0)
		return EXIT_OK;
	fmt_double(num, o->max_dist, 0);
	msg_usage("invalid value '%s' for --max-dist%s: expected at most %zu, the "
	          "farthest distance between the table's %zu positions", num,
	          opt_given(o, &cli_opt_max_dist) ? "" : " (the default)", o->n_pos - 1,
	          o->n_pos);
	return EXIT_USAGE;
}

int opt_load_learned(struct opts *o)
{
	int rc = load_learned(o);

	return rc == EXIT_OK ? check_table_dist(o) : rc;
}

/* The bias schemes' settings (the scheme takes --head): --head within the
 * heads, T5's buckets and distance, and the weights file. */
int opt_check_bias(struct opts *o)
{
	const char *weights_path = opt_arg(o, &pe_opt_bucket_weights);
	struct pe_bias_cfg *b = &o->scheme.bias;
	int buckets = opt_takes(o, &pe_opt_buckets);
	struct out_err err;

	if (buckets && o->has_model) {
		int loaded, rc = load_model_weights(o, &bucket_weights, weights_path
		                                    ? "bucket-weights" : NULL, &loaded);

		if (rc != EXIT_OK)
			return rc;
		if (loaded && bucket_weights.n_pos != (size_t)b->n_buckets) {
			msg_usage("%s: tensor '%s' holds %zu rows: expected one per bucket, %d",
			          o->model.tensor_file, o->model.tensor, bucket_weights.n_pos,
			          b->n_buckets);
			return EXIT_USAGE;
		}
		if (loaded && bucket_weights.n_dim > PE_ALIBI_HEADS_MAX) {
			msg_usage("%s: tensor '%s' holds %zu columns: expected one per head, at most %d",
			          o->model.tensor_file, o->model.tensor, bucket_weights.n_dim,
			          PE_ALIBI_HEADS_MAX);
			return EXIT_USAGE;
		}
		if (loaded) {
			b->weights = bucket_weights.data;
			b->n_heads = bucket_weights.n_dim;
		}
	}
	if (buckets) {
		int half = b->bidirectional ? b->n_buckets / 2 : b->n_buckets;

		if (weights_path && !o->has_model) {
			if (table_file_read(&bucket_weights, weights_path, &err) != 0) {
				msg_error("%s", err.msg);
				return cli_read_status(&err);
			}
			if (!opt_given(o, &pe_opt_buckets)) {
				if (bucket_weights.n_pos > PE_T5_BUCKETS_MAX) {
					msg_usage("%s holds %zu rows: expected one per bucket, at most %d",
					          weights_path, bucket_weights.n_pos, PE_T5_BUCKETS_MAX);
					return EXIT_USAGE;
				}
				b->n_buckets = (int)bucket_weights.n_pos;
				half = b->bidirectional ? b->n_buckets / 2 : b->n_buckets;
			} else if (bucket_weights.n_pos != (size_t)b->n_buckets) {
				msg_usage("%s holds %zu rows: expected one per bucket, %d (--buckets)",
				          weights_path, bucket_weights.n_pos, b->n_buckets);
				return EXIT_USAGE;
			}
			if (bucket_weights.n_dim > PE_ALIBI_HEADS_MAX) {
				msg_usage("%s holds %zu columns: expected one per head, at most %d",
				          weights_path, bucket_weights.n_dim, PE_ALIBI_HEADS_MAX);
				return EXIT_USAGE;
			}
			b->weights = bucket_weights.data;
			b->n_heads = bucket_weights.n_dim;
			snprintf(o->source, sizeof o->source, "%s",
			         strcmp(weights_path, "-") ? weights_path : "stdin");
		} else if (!b->weights && opt_given(o, &pe_opt_head)) {
			msg_usage("option '--head' applies to t5 with --bucket-weights (the bucket index is the same for every head)");
			return EXIT_USAGE;
		}
		if (b->n_buckets < (b->bidirectional ? 4 : 2)) {
			msg_usage("invalid value '%d' for --buckets: expected an integer in [%d, %d]%s",
			          b->n_buckets, b->bidirectional ? 4 : 2, PE_T5_BUCKETS_MAX,
			          b->bidirectional ? " (--bidirectional splits them in two)" : "");
			return EXIT_USAGE;
		}
		if (b->max_distance <= half / 2) {
			/* half/2 buckets are exact distances; the log buckets start there */
			msg_usage("invalid value '%d' for --max-distance: expected an integer in [%d, %d] (above the %d exact buckets)",
			          b->max_distance, half / 2 + 1, PE_T5_DISTANCE_MAX, half / 2);
			return EXIT_USAGE;
		}
	}
	if (b->head >= (buckets && !b->weights ? 1 : b->n_heads)) {
		msg_usage("invalid value '%zu' for --head: expected an integer in [0, %zu] (%zu heads)",
		          b->head, b->n_heads - 1, b->n_heads);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}


/*
 * opt_rows.c - the command options, one row each (struct pe_opt, pe.h):
 * names, argument type and range, the field of struct opts the value goes
 * to, the commands that take it (OPTF_*), when it applies, its default and
 * its help.  The scheme options are the schemes' own rows (src/pe, one file each);
 * opt.c reads both kinds the same way.
 */
#include <math.h>
#include <stddef.h>

#include "cli/cli.h"
#include "write/figure.h"

#define DEST(type, f) .field = PE_FIELD_##type, .offset = offsetof(struct opts, f)

/* ---- scheme options the CLI reads itself ---- */

const struct pe_opt cli_opt_scheme = {
	.name = "scheme", .arg = "NAME", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	/* %S: the registry's names */
	.help = "encoding: %S (default\n"
	        "sinusoidal; rope with --config, --preset, and for\n"
	        "layout and extrapolate; learned with --from or --init)",
};

const struct pe_opt cli_opt_n = {
	.name = "n", .arg = "N", .type = PE_OPT_INT, .lo = 1, .hi = PE_POS_MAX,
	DEST(SIZE, n_pos), .def = OPT_N_DEFAULT, .cmds = OPTF_N, .group = PE_GROUP_SCHEME,
	.after = "d",
	.help = "number of positions: an integer in [1, 1000000000] (default %D)",
};

/* A model: its folder, its config.json, or its id in the local Hugging
 * Face cache (src/read/model.h); the model picks the scheme. */
const struct pe_opt cli_opt_model = {
	.name = "model", .arg = "DIR|ID", .type = PE_OPT_FILE, DEST(STR, model_arg),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "a Hugging Face model: its folder (config.json, and the weights of a\n"
	        "learned table from its safetensors), its config.json, or its id\n"
	        "(ORG/NAME) in the local Hugging Face cache; picks the scheme",
};

const struct pe_opt cli_opt_config = {
	.name = "config", .arg = "FILE", .type = PE_OPT_FILE, DEST(STR, config_arg),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "a model's config.json, or its folder (as --model)",
};

const struct pe_opt cli_opt_preset = {
	.name = "preset", .arg = "NAME", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "a known model's config.json, built in (see 'pecli presets'); read as\n"
	        "--model reads one",
};

const struct pe_opt cli_opt_revision = {
	.name = "revision", .arg = "REV", .type = PE_OPT_TEXT, DEST(STR, revision),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "with a model id: the branch, tag or commit in the cache (default main)",
};

const struct pe_opt cli_opt_tensor = {
	.name = "tensor", .arg = "NAME", .type = PE_OPT_TEXT, DEST(STR, tensor),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "with a model: the weight to read (default: the architecture's, such\n"
	        "as GPT-2's wpe.weight)",
};

const struct pe_opt cli_opt_layer = {
	.name = "layer", .arg = "L", .type = PE_OPT_INT, .lo = 0, .hi = 100000, DEST(SIZE, layer),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "with a model whose layers differ: the encoding of layer L; with T5:\n"
	        "the encoder layer whose relative_attention_bias is read (default 0)",
};

const struct pe_opt cli_opt_layer_type = {
	.name = "layer-type", .arg = "NAME", .type = PE_OPT_TEXT, DEST(STR, layer_type),
	.def = NAN, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "with a model whose layers differ: the encoding of its layers of\n"
	        "type NAME (full_attention, sliding_attention, nope, ...; see 'pecli model');\n"
	        "all: check, decay and extrapolate report each type in turn",
};

static const char *const tower_names[] = { "text", "vision", NULL };

const struct pe_opt cli_opt_tower = {
	.name = "tower", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = tower_names,
	DEST(INT, tower), .def = 0, .cmds = OPTF_SCHEME, .group = PE_GROUP_SCHEME,
	.help = "with a vision-language model: text (%D: the text model's encoding)\n"
	        "or vision (the vision tower's 2-D rotation of image patches: rope2d)",
};

/* ---- command options ---- */

static const char *const of_names[] = { "code", "similarity", NULL };

static const struct pe_opt cli_opt_of = {
	.name = "of", .arg = "WHAT", .type = PE_OPT_CHOICE, .choices = of_names,
	DEST(INT, similarity), .def = 0, .cmds = OPTF_TABLE, .group = PE_GROUP_COMMAND,
	.help = "code (%D): the encoding itself; similarity: the n x n score matrix",
};

static const char *const metric_names[] = { "dot", "cosine", NULL };

static const struct pe_opt cli_opt_metric = {
	.name = "metric", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = metric_names,
	DEST(INT, cosine), .def = 0, .cmds = OPTF_TABLE, .group = PE_GROUP_COMMAND,
	.mode = &cli_opt_of, .modes = 1u << 1,
	.help = "similarity: dot (%D) or cosine",
};

static const char *const to_names[] = { "interleaved", "half", NULL };

static const struct pe_opt opt_to = {
	.name = "to", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = to_names,
	DEST(INT, to_half), .def = 1, .cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "convert interleaved rows to half (%D) or half to interleaved",
};

static const struct pe_opt opt_verify = {
	.name = "verify", .type = PE_OPT_FLAG, DEST(INT, verify), .def = NAN,
	.cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "check the permutation on random q and k instead of printing it",
};

/* layout of a whole q_proj / k_proj weight (issue 23) */
const struct pe_opt cli_opt_heads = {
	.name = "q-heads", .arg = "H", .type = PE_OPT_INT, .lo = 1, .hi = 65536,
	DEST(SIZE, n_heads), .def = NAN, .cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "a whole weight of H query heads of --d rows each: an integer in\n"
	        "[1, 65536] (default: a model's num_attention_heads, else one head)",
};

const struct pe_opt cli_opt_kv_heads = {
	.name = "kv-heads", .arg = "K", .type = PE_OPT_INT, .lo = 1, .hi = 65536,
	DEST(SIZE, n_kv_heads), .def = NAN, .cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "key-value heads (grouped-query attention), dividing H: an integer in\n"
	        "[1, 65536] (default: a model's num_key_value_heads, else H)",
};

static const char *const proj_names[] = { "q", "k", NULL };

const struct pe_opt cli_opt_proj = {
	.name = "proj", .arg = "NAME", .type = PE_OPT_CHOICE, .choices = proj_names,
	DEST(INT, proj_k), .def = 0, .cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "the weight: q (%D: q_proj, H heads) or k (k_proj, K heads)",
};

const struct pe_opt cli_opt_weight = {
	.name = "weight", .arg = "FILE", .type = PE_OPT_FILE, DEST(STR, weight),
	.def = NAN, .cmds = OPTF_LAYOUT, .group = PE_GROUP_COMMAND,
	.help = "convert this 2-D weight (.npy, or safetensors with --tensor NAME)\n"
	        "and write it as npy (float64) to -o FILE",
};

const struct pe_opt cli_opt_max_dist = {
	.name = "max-dist", .arg = "D", .type = PE_OPT_SPECIAL, .lo = 0.0, .hi = OPT_MAX_DIST_MAX,
	DEST(DOUBLE, max_dist), .def = OPT_MAX_DIST_DEFAULT,
	.cmds = OPTF_DECAY, .group = PE_GROUP_COMMAND,
	.help = "largest distance: a finite number > 0, at most 1e15 (default %D)",
};

static const struct pe_opt cli_opt_log = {
	.name = "log", .type = PE_OPT_FLAG, DEST(INT, log), .def = NAN,
	.cmds = OPTF_DECAY, .group = PE_GROUP_COMMAND,
	.help = "log-spaced distances from 1 to --max-dist instead of a fixed step",
};

const struct pe_opt cli_opt_step = {
	.name = "step", .arg = "S", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	DEST(DOUBLE, step), .def = OPT_STEP_DEFAULT, .cmds = OPTF_DECAY, .group = PE_GROUP_COMMAND,
	.help = "distance step: a finite number > 0 (default %D)",
};

static const struct pe_opt opt_points = {
	.name = "points", .arg = "N", .type = PE_OPT_INT, .lo = 2, .hi = 1000000,
	DEST(SIZE, points), .def = OPT_POINTS_DEFAULT, .cmds = OPTF_DECAY,
	.group = PE_GROUP_COMMAND, .mode = &cli_opt_log, .modes = 1u << 1,
	.help = "with --log: number of points, an integer in [2, 1000000] (default %D)",
};

static const struct pe_opt cli_opt_samples = {
	.name = "samples", .arg = "S", .type = PE_OPT_INT, .lo = 1, .hi = 100000,
	DEST(SIZE, samples), .def = NAN, .cmds = OPTF_DECAY, .group = PE_GROUP_COMMAND,
	.traits = PE_TRAIT_ROTARY, .note = " (random q and k)", .flags = PE_OPTF_SAY_NOT,
	.help = "rope, xpos: add mean and std over S random Gaussian q, k, in [1, 100000]",
};

static const struct pe_opt opt_normalize = {
	.name = "normalize", .type = PE_OPT_FLAG, DEST(INT, normalize), .def = NAN,
	.cmds = OPTF_DECAY, .group = PE_GROUP_COMMAND,
	.help = "divide dot and bound by their value at distance 0, mean and std by std at 0",
};

static const struct pe_opt opt_min_distance = {
	.name = "min-distance", .arg = "D", .type = PE_OPT_AT_LEAST, .lo = 0.0,
	DEST(DOUBLE, min_distance), .def = OPT_MIN_DISTANCE_DEFAULT,
	.cmds = OPTF_CHECK, .group = PE_GROUP_COMMAND,
	.help = "uniqueness: codes closer than D collide: a finite number >= 0 (default %D)",
};

static const struct pe_opt opt_max_abs = {
	.name = "max-abs", .arg = "A", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	DEST(DOUBLE, max_abs), .def = OPT_MAX_ABS_DEFAULT,
	.cmds = OPTF_CHECK, .group = PE_GROUP_COMMAND,
	.help = "boundedness: largest allowed |value|: a finite number > 0 (default %D)",
};

static const struct pe_opt opt_tolerance = {
	.name = "tolerance", .arg = "T", .type = PE_OPT_ABOVE, .lo = 0.0, .hi = INFINITY,
	DEST(DOUBLE, tolerance), .def = OPT_TOLERANCE_DEFAULT,
	.cmds = OPTF_CHECK | OPTF_DIFF, .group = PE_GROUP_COMMAND,
	.help = "check: consistency, invariance: largest relative spread; diff: largest\n"
	        "relative difference of two equal frequencies: a finite number > 0 (default %D)",
};

static const struct pe_opt opt_train_len = {
	.name = "train-len", .arg = "L", .type = PE_OPT_INT, .lo = 1, .hi = PE_POS_MAX,
	DEST(DOUBLE, train_len), .def = NAN, .cmds = OPTF_EXTRAP, .group = PE_GROUP_COMMAND,
	.help = "training length: an integer in [1, 1000000000] (default: the model's original length)",
};

static const struct pe_opt opt_target_len = {
	.name = "target-len", .arg = "T", .type = PE_OPT_INT, .lo = 1, .hi = PE_POS_MAX,
	DEST(DOUBLE, target_len), .def = NAN, .cmds = OPTF_EXTRAP, .group = PE_GROUP_COMMAND,
	.help = "target length: an integer in [1, 1000000000] (default: the model's max_position_embeddings)",
};

const struct pe_opt cli_opt_compare = {
	.name = "compare", .arg = "LIST", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_EXTRAP, .group = PE_GROUP_COMMAND, .traits = PE_TRAIT_EXTEND,
	.help = "scalings side by side, from linear, ntk, dynamic, yarn, llama3, longrope\n"
	        "(at --factor, else the model's own factor, else T/L)",
};

static const struct pe_opt opt_base_bound = {
	.name = "base-bound", .type = PE_OPT_FLAG, DEST(INT, base_bound), .def = NAN,
	.cmds = OPTF_EXTRAP, .group = PE_GROUP_COMMAND,
	.help = "add the smallest base with sum_i cos(m theta_i) >= 0 up to L (Men et al. 2024)",
};

static const struct pe_opt cli_opt_offset = {
	.name = "offset", .arg = "K", .type = PE_OPT_INT, .lo = 0, .hi = PE_POS_MAX,
	DEST(DOUBLE, offset), .def = OPT_OFFSET_DEFAULT, .cmds = OPTF_INVAR,
	.group = PE_GROUP_COMMAND, .traits = PE_TRAIT_SHIFT,
	.note = " (the map PE(p) -> PE(p+k))",
	.help = "sinusoidal: the offset k of the map PE(p) -> PE(p+k): an integer in [0, 1000000000] (default %D)",
};

const struct pe_opt cli_opt_seed = {
	.name = "seed", .arg = "N", .type = PE_OPT_U64, DEST(U64, seed),
	.def = OPT_SEED_DEFAULT, .cmds = OPTF_SCHEME, .group = PE_GROUP_COMMAND,
	.help = "random seed: an integer in [0, 18446744073709551615] (default %D)",
};

/* ---- figure options ---- */

const struct pe_opt cli_opt_colormap = {
	.name = "colormap", .arg = "NAME", .type = PE_OPT_SPECIAL, DEST(STR, colormap),
	.def = NAN, .cmds = OPTF_COLORS, .group = PE_GROUP_FIGURE,
	.help = "viridis, magma, inferno, plasma, cividis, gray or coolwarm (default:\n"
	        "coolwarm when the values straddle 0, else viridis)",
};

/* Positions with several axes (src/cli/points.c). */
const struct pe_opt cli_opt_grid = {
	.name = "grid", .arg = "HxW|TxHxW", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_TABLE | OPTF_CHECK, .group = PE_GROUP_COMMAND,
	.help = "the patches of an H x W image (or T x H x W video) instead of --n\n"
	        "positions, in raster order; a scheme of one axis sees patch k at k",
};

const struct pe_opt cli_opt_tokens = {
	.name = "tokens", .arg = "SPEC", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_TABLE, .group = PE_GROUP_COMMAND,
	.help = "a sequence of text and images instead of --n positions: N text\n"
	        "tokens, HxW or TxHxW an image's patches after the spatial merge,\n"
	        "comma-separated (4,3x3,2); numbered as Qwen2-VL numbers them",
};

const struct pe_opt cli_opt_query = {
	.name = "query", .arg = "PATCH", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_TABLE, .group = PE_GROUP_COMMAND,
	.mode = &cli_opt_of, .modes = 1u << 1,
	.help = "with --grid: the scores of the patch H,W (its row and column) to\n"
	        "every patch, laid out as the grid; all: every patch's, side by side",
};

const struct pe_opt cli_opt_range = {
	.name = "range", .arg = "LO:HI", .type = PE_OPT_SPECIAL, .def = NAN,
	.cmds = OPTF_COLORS, .group = PE_GROUP_FIGURE,
	.help = "values spanned by the colour map (default: the data's, [-m, m] when it\n"
	        "straddles 0)",
};

/* --head-scale: bias heads side by side, coloured together or apart */
static const char *const head_scale_names[] = { "shared", "each", NULL };

const struct pe_opt cli_opt_head_scale = {
	.name = "head-scale", .arg = "HOW", .type = PE_OPT_CHOICE, .choices = head_scale_names,
	DEST(INT, head_each), .def = 1, .cmds = OPTF_COLORS, .group = PE_GROUP_FIGURE,
	.help = "every head of alibi or t5: each (%D): a colour range per head; shared:\n"
	        "one range for all (the default with --range)",
};

static const struct pe_opt opt_raw = {
	.name = "raw", .type = PE_OPT_FLAG, DEST(INT, raw), .def = NAN,
	.cmds = OPTF_RAW, .group = PE_GROUP_FIGURE,
	.help = "the cells alone (one pixel each unless --scale): no title, axes or colour bar",
};

static const struct pe_opt cli_opt_scale = {
	.name = "scale", .arg = "K", .type = PE_OPT_INT, .lo = 1, .hi = 1024,
	DEST(SIZE, scale), .def = NAN, .cmds = OPTF_RAW, .group = PE_GROUP_FIGURE,
	.help = "draw a cell as K x K pixels, K in [1, 1024] (default: a plot of at least\n"
	        "256 pixels a side, 256 PX / 12 with --font-size PX; 1 with --raw)",
};

const struct pe_opt cli_opt_max_size = {
	.name = "max-size", .arg = "N", .type = PE_OPT_INT, .lo = 1, .hi = 1000000000,
	DEST(SIZE, max_size), .def = FIG_MAX_SIZE_DEFAULT, .cmds = OPTF_RAW,
	.group = PE_GROUP_FIGURE,
	.help = "average blocks of cells to keep the plot at most N pixels a side, N in\n"
	        "[1, 1000000000] (default %D; none with --raw)",
};

static const struct pe_opt opt_compression = {
	.name = "compression", .arg = "N", .type = PE_OPT_INT, .lo = 0, .hi = 9,
	DEST(INT, compression), .def = OPT_COMPRESSION_DEFAULT, .cmds = OPTF_RAW,
	.group = PE_GROUP_FIGURE,
	.help = "zlib level of the PNG, N in [0, 9]: 0 none, 9 smallest (default %D, fast)",
};

const struct pe_opt cli_opt_font_size = {
	.name = "font-size", .arg = "PX", .type = PE_OPT_INT, .lo = FIG_FONT_SIZE_MIN,
	.hi = FIG_FONT_SIZE_MAX, DEST(INT, font_size), .def = FIG_FONT_SIZE_DEFAULT,
	.cmds = OPTF_RAW, .group = PE_GROUP_FIGURE,
	.help = "the figure's type, PX pixels to the em (points in SVG and PDF), PX in\n"
	        "[6, 72] (default %D)",
};

/* ---- output options ---- */

static const struct pe_opt opt_output = {
	.name = "output", .short_name = 'o', .arg = "FILE", .type = PE_OPT_FILE,
	.lo = 1,   /* '-' is standard output */
	DEST(STR, output), .def = NAN, .cmds = OPTF_OUTPUT, .group = PE_GROUP_OUTPUT,
	.help = "write to FILE (a file is replaced only on success, a device or FIFO\n"
	        "written in place); '-' is standard output",
};

const struct pe_opt cli_opt_format = {
	.name = "format", .arg = "NAME", .type = PE_OPT_TEXT, DEST(STR, format),
	.def = NAN, .cmds = OPTF_OUTPUT, .group = PE_GROUP_OUTPUT,
	.help = NULL,   /* the command's formats (opt_help) */
};

static const struct pe_opt opt_plot = {
	.name = "plot", .type = PE_OPT_FLAG, DEST(INT, plot), .def = NAN,
	.cmds = OPTF_PLOT, .group = PE_GROUP_OUTPUT,
	.help = "draw with gnuplot: a text plot, or the -o FILE .png, .svg or .pdf",
};

const struct pe_opt cli_opt_aggregate = {
	.name = "aggregate", .arg = "W", .type = PE_OPT_INT, .lo = 0, .hi = 1000000,
	DEST(INT, aggregate), .def = NAN, .cmds = OPTF_PLOT, .group = PE_GROUP_OUTPUT,
	.help = "line plots: of each of W columns of the x range send gnuplot only the\n"
	        "first, last, smallest and largest point of each curve (M4), W in\n"
	        "[0, 1000000]; 0: every point (default: the --plot output's width, a .png's\n"
	        "pixel columns of its frame; every point with --format gnuplot)",
};

static const struct pe_opt opt_digits = {
	.name = "digits", .arg = "N", .type = PE_OPT_INT, .lo = 1, .hi = FMT_DIGITS_MAX,
	DEST(INT, digits), .def = NAN, .cmds = OPTF_DIGITS, .group = PE_GROUP_OUTPUT,
	.help = "significant digits: an integer in [1, 17] (default: shortest round-trip)",
};

static const struct pe_opt opt_no_meta = {
	.name = "no-meta", .type = PE_OPT_FLAG, DEST(INT, no_meta), .def = NAN,
	.cmds = OPTF_META, .group = PE_GROUP_OUTPUT,
	.help = "no metadata: CSV and TSV without the '# key: value' lines, npy\n"
	        "without the FILE.json beside it",
};

static const struct pe_opt opt_threads = {
	.name = "threads", .arg = "N", .type = PE_OPT_INT, .lo = 0, .hi = OPT_THREADS_MAX,
	DEST(INT, threads), .def = 0, .cmds = OPTF_OUTPUT, .group = PE_GROUP_OUTPUT,
	.help = "compute and format rows on N threads, N in [0, 1024]; 0: one per core\n"
	        "(default %D); the output is the same for every N",
};

static const struct pe_opt opt_no_progress = {
	.name = "no-progress", .type = PE_OPT_FLAG, DEST(INT, no_progress), .def = NAN,
	.cmds = OPTF_OUTPUT, .group = PE_GROUP_OUTPUT,
	.help = "no progress line on stderr (shown only on a terminal, after 1 s)",
};

static const struct pe_opt opt_help_row = {
	.name = "help", .short_name = 'h', .type = PE_OPT_FLAG, DEST(INT, help), .def = NAN,
	.cmds = 0, .group = PE_GROUP_OTHER,
	.help = "show this help and exit",
};

/* In --help order within each group; the schemes' rows come between the
 * lead rows and the rest (opt_help.c). */
const struct pe_opt *const cli_opt_rows[] = {
	&cli_opt_scheme, &cli_opt_model, &cli_opt_config, &cli_opt_preset, &cli_opt_revision,
	&cli_opt_tensor,
	&cli_opt_layer, &cli_opt_layer_type, &cli_opt_tower, &cli_opt_n,
	&cli_opt_of, &cli_opt_metric, &opt_to, &opt_verify,
	&cli_opt_heads, &cli_opt_kv_heads, &cli_opt_proj, &cli_opt_weight,
	&cli_opt_max_dist, &cli_opt_step, &cli_opt_log, &opt_points, &cli_opt_samples,
	&opt_normalize, &opt_min_distance, &opt_max_abs, &opt_tolerance,
	&opt_train_len, &opt_target_len, &cli_opt_compare, &opt_base_bound,
	&cli_opt_offset, &cli_opt_seed,
	&cli_opt_grid, &cli_opt_tokens, &cli_opt_query,
	&cli_opt_colormap, &cli_opt_range, &cli_opt_head_scale, &opt_raw, &cli_opt_scale, &cli_opt_max_size,
	&opt_compression,
	&cli_opt_font_size,
	&opt_output, &cli_opt_format, &opt_plot, &cli_opt_aggregate, &opt_digits, &opt_no_meta,
	&opt_threads,
	&opt_no_progress,
	&opt_help_row,
	NULL
};

#!/bin/sh
# tests/layers.sh - --layer-type all: check, decay and extrapolate once per
# layer type of a model whose layers differ, in one table with a first
# column layer_type, on configs written here:
#   gemma3.json  a Gemma 3 text config (transformers
#                models/gemma3/configuration_gemma3.py, Gemma3TextConfig):
#                layer i slides when (i + 1) % sliding_window_pattern (6,
#                the default), so of 12 layers 0-4 and 6-10 slide and 5, 11
#                are global; Gemma3TextModel rotates the sliding layers with
#                rope_local_base_freq (default 10000) and no scaling, the
#                global ones with rope_theta and rope_scaling (linear x8)
#   llama4.json  a Llama 4 text config (models/llama4/configuration_llama4.py,
#                Llama4TextConfig): no_rope_layers by default
#                int((i + 1) % no_rope_layer_interval (4) != 0), so of 8
#                layers 3 and 7 are NoPE (Llama4TextAttention.use_rope 0)
# Each type's block must be what --layer-type NAME gives alone; the refusals
# are usage errors (2).  Then Llama 4's attention temperature in its NoPE
# layers (--temperature-tuning of the nope scheme).  Prints "N passed,
# N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-layers.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# run ARGS...: pecli, with $rc, $T/out and $T/err
run() {
	"$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

# meta KEY: the value of the metadata line '# KEY: ' of $T/out
meta() { sed -n "s/^# $1: //p" "$T/out"; }
# table: the lines of $T/out after the '#' lines
table() { grep -v '^#' "$T/out"; }

printf '{"model_type": "gemma3_text", "num_hidden_layers": 12, "head_dim": 64, "rope_theta": 1000000.0, "rope_scaling": {"rope_type": "linear", "factor": 8.0}, "max_position_embeddings": 131072}' >gemma3.json
printf '{"model_type": "llama4", "text_config": {"model_type": "llama4_text", "num_hidden_layers": 8, "head_dim": 64, "rope_theta": 500000, "hidden_size": 64, "num_attention_heads": 8}}' >llama4.json

# ---- decay: one block per type, each the type's own curve ----
run decay --config gemma3.json --layer-type all --max-dist 3
expect_eq "gemma 3 decay all: exit" "$rc" 0
expect_eq "gemma 3 decay all: header" "$(table | head -1)" "layer_type,distance,dot,bound"
expect_eq "gemma 3 decay all: the types in order, 4 rows each" \
	"$(table | sed 1d | cut -d, -f1 | uniq -c | tr -s ' ' | paste -sd/ -)" \
	" 4 sliding_attention/ 4 full_attention"
expect_eq "gemma 3 decay all: layer_types" "$(meta layer_types)" \
	"sliding_attention (layers 0-4 6-10): rope, d=64, base=10000; full_attention (layers 5 11): rope, d=64, base=1000000, linear x8"
expect_eq "gemma 3 decay all: the sliding base (rope_local_base_freq's default)" \
	"$(meta sliding_attention.base),$(meta sliding_attention.scaling)" "10000,none"
expect_eq "gemma 3 decay all: the global base and scaling" \
	"$(meta full_attention.base),$(meta full_attention.scaling),$(meta full_attention.factor)" \
	"1000000,linear,8"
expect_eq "gemma 3 decay all: shared lines once" "$(meta d),$(meta pairing),$(meta max_dist)" "64,half,3"
expect_eq "gemma 3 decay all: no layer_type line" "$(grep -c '^# layer_type:' "$T/out")" 0
cp "$T/out" all.csv
for ty in sliding_attention full_attention; do
	run decay --config gemma3.json --layer-type "$ty" --max-dist 3
	expect_eq "gemma 3 decay all: the $ty block is --layer-type $ty's" \
		"$(grep "^$ty," all.csv | cut -d, -f2-)" "$(table | sed 1d)"
done
# dot(1) = 2 sum_i cos(theta_i), theta_i = base^(-2i/64) / factor, i = 0..31
# (q = k = ones, RoFormer eq. 16): sliding base 10000, global 1e6 / 8
for ty in "sliding_attention 10000 1" "full_attention 1000000 8"; do
	set -- $ty
	want=$(awk -v b="$2" -v s="$3" 'BEGIN { for (i = 0; i < 32; i++) d += 2 * cos(b ^ (-2 * i / 64) / s); printf "%.12f", d }')
	got=$(awk -F, -v t="$1" '$1 == t && $2 == 1 { printf "%.12f", $3 }' all.csv)
	expect_eq "gemma 3 decay all: $1 dot at distance 1" "$got" "$want"
done

# ---- check: a NoPE type as nope gives it, exit 1 when any type fails ----
run check --config llama4.json --layer-type all --n 64 --format csv
expect_eq "llama 4 check all: exit 1 (the NoPE layers fail uniqueness)" "$rc" 1
expect_eq "llama 4 check all: 9 rows each" \
	"$(table | sed 1d | cut -d, -f1 | uniq -c | tr -s ' ' | paste -sd/ -)" " 9 rope/ 9 nope"
expect_eq "llama 4 check all: the rotating layers pass" \
	"$(table | grep -c '^rope,.*,fail$')" 0
expect_eq "llama 4 check all: NoPE uniqueness" "$(table | grep '^nope,uniqueness,')" \
	"nope,uniqueness,0,1e-06,fail"
expect_eq "llama 4 check all: layer_types" "$(meta layer_types)" \
	"rope (layers 0-2 4-6): rope, d=64, base=500000; nope (layers 3 7): nope, d=64, temperature-tuning"
expect_eq "llama 4 check all: each scheme" "$(meta rope.scheme),$(meta nope.scheme)" "rope,nope"
cp "$T/out" all.csv
run check --config llama4.json --layer-type nope --n 64 --format csv
expect_eq "llama 4 check all: the nope block is --layer-type nope's" \
	"$(grep '^nope,' all.csv | cut -d, -f2-)" "$(table | sed 1d)"
run check --config gemma3.json --layer-type all --n 64 --format csv
expect_eq "gemma 3 check all: every type passes: exit 0" "$rc" 0
run check --config gemma3.json --layer-type all --n 64 --format table
expect_eq "check all --format table: the first column" \
	"$(head -2 "$T/out" | awk '{ print $1, $2 }' | paste -sd/ -)" \
	"layer_type property/sliding_attention uniqueness"

# ---- decay and extrapolate of a NoPE type ----
# the NoPE layers tune the temperature (below): below position 8191 the
# score is d = 64 for every query
run decay --config llama4.json --layer-type all --max-dist 1
expect_eq "llama 4 decay all: NoPE rows, no bound" "$(table | grep '^nope,')" "nope,0,64,
nope,1,64,"
run extrapolate --config llama4.json --layer-type all --train-len 64 --target-len 256
expect_eq "llama 4 extrapolate all: exit" "$rc" 0
expect_eq "llama 4 extrapolate all: pairs of the rotating layers only" \
	"$(table | sed 1d | cut -d, -f1 | uniq -c | tr -s ' ')" " 32 rope"
expect_eq "llama 4 extrapolate all: the NoPE type says why" "$(meta nope.pairs)" \
	"none: nope has no frequencies"
expect_eq "llama 4 extrapolate all: the lengths shared" "$(meta train_len),$(meta target_len)" "64,256"
run extrapolate --config gemma3.json --layer-type all --train-len 4096 --target-len 32768
expect_eq "gemma 3 extrapolate all: the scaled columns" "$(table | head -1)" \
	"layer_type,pair,wavelength_base,angle_train,rotations_train,angle_target_base,ood_base,wavelength,angle_target,rotations_target,ood"
expect_eq "gemma 3 extrapolate all: empty for the unscaled type" \
	"$(table | grep -c '^sliding_attention,.*,,,,$')" 32
expect_eq "gemma 3 extrapolate all: the global type's scaled pair 0 (8 x 2 pi)" \
	"$(table | awk -F, '$1 == "full_attention" && $2 == 0 { print $8 }')" 50.26548245743669

# ---- refusals: usage errors naming the option and the value ----
run freqs --config gemma3.json --layer-type all
expect_eq "freqs --layer-type all: exit" "$rc" 2
expect_eq "freqs --layer-type all: the message" "$(head -1 "$T/err")" \
	"pecli: freqs: invalid value 'all' for --layer-type: expected the name of one layer type here (all applies to check, decay and extrapolate)"
for cmd in matrix heatmap invariance precision; do
	run $cmd --config gemma3.json --layer-type all -o x.png
	expect_eq "$cmd --layer-type all: exit" "$rc" 2
	grep -q "invalid value 'all' for --layer-type" "$T/err" && pass || { fail "$cmd --layer-type all: says why"; cat "$T/err"; }
done
run model gemma3.json --layer-type all
expect_eq "model --layer-type all: exit" "$rc" 2
run check --layer-type all
expect_eq "check --layer-type all without a model: exit" "$rc" 2
expect_eq "check --layer-type all without a model: the message" "$(head -1 "$T/err")" \
	"pecli: check: invalid value 'all' for --layer-type: expected a model whose layers differ, given with --model, --config or --preset"
printf '{"model_type": "llama", "head_dim": 8, "rope_theta": 10000}' >llama.json
run decay --config llama.json --layer-type all
expect_eq "decay --layer-type all, one kind of layer: exit" "$rc" 2
expect_eq "decay --layer-type all, one kind of layer: the message" "$(head -1 "$T/err")" \
	"pecli: decay: invalid value 'all' for --layer-type: llama.json has one kind of layer: expected a model whose layers differ"
run check --config gemma3.json --layer-type all --layer 5
expect_eq "--layer and --layer-type all: exit" "$rc" 2
expect_eq "--layer and --layer-type all: the message" "$(head -1 "$T/err")" \
	"pecli: check: options '--layer' and '--layer-type all' cannot be combined"
for f in "--plot" "--format gnuplot"; do
	run decay --config gemma3.json --layer-type all $f
	expect_eq "decay --layer-type all $f: exit" "$rc" 2
	expect_eq "decay --layer-type all $f: the message" "$(head -1 "$T/err")" \
		"pecli: decay: options '--layer-type all' and '$f' cannot be combined: a figure draws one layer type (--layer-type NAME)"
	expect_eq "decay --layer-type all $f: nothing on stdout" "$(wc -c <"$T/out" | tr -d ' ')" 0
done
run extrapolate --config gemma3.json --layer-type all --train-len 4 --target-len 8 --plot
expect_eq "extrapolate --layer-type all --plot: exit" "$rc" 2
# an option one type does not take is refused, naming the type
run decay --config llama4.json --layer-type all --samples 2
expect_eq "decay all --samples with a NoPE type: exit" "$rc" 2
expect_eq "decay all --samples with a NoPE type: names it" "$(head -1 "$T/err")" \
	"pecli: decay: layer type nope: option '--samples' applies to --scheme rope, xpos, mrope and rope2d (random q and k), not nope"

# ---- Llama 4's attention temperature in its NoPE layers ----
# Llama4TextAttention.forward (modeling_llama4.py), when
# attn_temperature_tuning and not use_rope: the query of position m times
# s(m) = log1p(floor((m + 1) / floor_scale)) * attn_scale + 1;
# Llama4TextConfig: attn_temperature_tuning True, floor_scale 8192,
# attn_scale 0.1.  The nope scheme's score is then s(m) d (q = k = ones).
run model llama4.json --layer 3 --format csv
expect_eq "llama 4 NoPE layer: tuned by default" "$(grep '^temperature-tuning,' "$T/out")" \
	"temperature-tuning,yes,text_config.attn_temperature_tuning (default of Llama4TextConfig)"
expect_eq "llama 4 NoPE layer: floor scale and strength" \
	"$(grep -E '^(floor|attn)-scale,' "$T/out" | paste -sd/ -)" "floor-scale,8192,default/attn-scale,0.1,default"
run model llama4.json --layer 2 --format csv
expect_eq "llama 4 rotating layer: no temperature" "$(grep -c 'temperature' "$T/out")" 0
printf '{"model_type": "llama4_text", "num_hidden_layers": 4, "head_dim": 8, "floor_scale": 4, "attn_scale": 0.5}' >l4t.json
run model l4t.json --layer 3 --format csv
expect_eq "llama 4: floor_scale and attn_scale read" \
	"$(grep -E '^(floor|attn)-scale,' "$T/out" | paste -sd/ -)" "floor-scale,4,floor_scale/attn-scale,0.5,attn_scale"
# s(m) d, d = 8, F = 4, A = 0.5: rows 0-2 8, rows 3-6 8 (1 + 0.5 ln 2), row 7 8 (1 + 0.5 ln 3)
run matrix --config l4t.json --layer 3 --of similarity --n 8 --format csv
want=$(awk 'BEGIN { for (m = 0; m < 8; m++) printf "%.12f\n", 8 * (1 + 0.5 * log(1 + int((m + 1) / 4))) }')
expect_eq "llama 4 NoPE similarity: s(m) d down the rows" \
	"$(table | awk -F, 'NR > 1 { printf "%.12f\n", $2 }')" "$want"
expect_eq "llama 4 NoPE similarity: the same for every key" \
	"$(table | awk -F, 'NR > 1 { for (j = 3; j <= NF; j++) if ($j != $2) print "row " $1 }')" ""
expect_eq "llama 4 NoPE similarity: metadata" \
	"$(meta temperature-tuning),$(meta floor-scale),$(meta attn-scale)" "yes,4,0.5"
# decay: the score of the query at p + r with its key at p, averaged over p < n
run decay --config l4t.json --layer 3 --n 8 --max-dist 10
want=$(awk 'function s(m) { return 8 * (1 + 0.5 * log(1 + int((m + 1) / 4))) }
	BEGIN { for (r = 0; r <= 10; r++) { t = 0; for (p = 0; p < 8; p++) t += s(p + r); printf "%d,%.12f\n", r, t / 8 } }')
expect_eq "llama 4 NoPE decay: the mean score of the queries r after their keys" \
	"$(table | awk -F, 'NR > 1 { printf "%d,%.12f\n", $1, $2 }')" "$want"
run check --config l4t.json --layer 3 --n 16 --format csv
expect_eq "llama 4 NoPE check: no decay as a function of distance" "$(table | grep '^decay,')" "decay,,,skip"
printf '{"model_type": "llama4_text", "num_hidden_layers": 4, "head_dim": 8, "attn_temperature_tuning": false, "floor_scale": 4}' >l4off.json
run matrix --config l4off.json --layer 3 --of similarity --n 8 --format csv
expect_eq "llama 4 without tuning: the zero baseline" "$(table | sed 1d | tr ',' '\n' | sort -u | paste -sd' ' -)" "0 1 2 3 4 5 6 7"
expect_eq "llama 4 without tuning: no temperature metadata" "$(grep -c temperature "$T/out")" 0
printf '{"model_type": "cohere2", "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 8}' >cohere2.json
run model cohere2.json --layer-type full_attention --format csv
expect_eq "cohere 2's NoPE layers: no temperature (Cohere2Attention has none)" \
	"$(grep '^temperature-tuning,' "$T/out")" "temperature-tuning,no,default"
run decay --config l4t.json --layer-type all --n 8 --max-dist 1
expect_eq "llama 4 decay all: the NoPE block tuned" "$(meta nope.temperature-tuning),$(meta nope.floor-scale)" "yes,4"
# the flags, without a model
run matrix --scheme nope --d 2 --temperature-tuning --floor-scale 1 --attn-scale 1 --of similarity --n 2 --format csv
expect_eq "--temperature-tuning: s(1) = 1 + ln 3" "$(table | awk -F, 'NR == 3 { printf "%.12f", $2 }')" \
	"$(awk 'BEGIN { printf "%.12f", 2 * (1 + log(3)) }')"
run matrix --scheme nope --floor-scale 2
expect_eq "--floor-scale without --temperature-tuning: exit" "$rc" 2
expect_eq "--floor-scale without --temperature-tuning: the message" "$(head -1 "$T/err")" \
	"pecli: matrix: option '--floor-scale' applies to --temperature-tuning"

finish

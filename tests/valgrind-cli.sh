#!/bin/sh
# tests/valgrind-cli.sh - pecli under valgrind memcheck: every command, on
# success and failure paths, with learned tables from files and stdin,
# config files, PNG output and write errors.  Each case must exit with its
# own status (0, 1, 2 or 3, as without valgrind) and valgrind must report
# nothing: an error or a definite or indirect leak exits 99 (the flags
# come from 'make check-valgrind').  tests/cli/run.sh checks the outputs
# themselves; this script only looks for memory errors and leaks.
#
#   make check-valgrind
#   VALGRIND='valgrind --error-exitcode=99 --leak-check=full ...' sh tests/valgrind-cli.sh
#
# Prints "N passed, N failed" last.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
VALGRIND=${VALGRIND:-valgrind --quiet --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect}
PECLI=$(cd "$top_builddir" && pwd)/pecli
DATA=$(cd "$top_srcdir/tests/data" && pwd)
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-valgrind.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
mkdir "$T/w" || exit 99

n_pass=0
n_fail=0

# a truncated .npy (3 x 4 float64 header, 50 bytes of data) and a ragged CSV
head -c 178 "$DATA/table_f8_v1.npy" >"$T/truncated.npy"
printf '1,2,3\n4,5\n' >"$T/ragged.csv"
# a safetensors file of one F16 tensor [2, 2] (as in tests/cli/run.sh), and
# one with a hole before its tensor
{
	printf '\072\000\000\000\000\000\000\000'
	printf '{"wpe":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}'
	printf '\000\070\000\275\377\173\001\000'
} >"$T/wpe.safetensors"
{
	printf '\070\000\000\000\000\000\000\000'
	printf '{"wpe":{"dtype":"F16","shape":[2],"data_offsets":[4,8]}}'
	printf '\000\070\000\275\377\173\001\000'
} >"$T/hole.safetensors"
# model folders: GPT-2's wpe.weight and T5's bias, F16 [2, 2] each
# st_one FILE NAME ROWS: a safetensors file of one F16 [ROWS, 2] tensor
# NAME (ROWS 2 or 4), the rows of wpe.safetensors
st_one() {
	h="{\"$2\":{\"dtype\":\"F16\",\"shape\":[$3,2],\"data_offsets\":[0,$(($3 * 4))]}}"
	{
		# shellcheck disable=SC2059
		printf "\\$(printf %o ${#h})\\000\\000\\000\\000\\000\\000\\000"
		printf '%s' "$h"
		printf '\000\070\000\275\377\173\001\000'
		[ "$3" = 4 ] && printf '\000\070\000\275\377\173\001\000'
	} >"$1"
}
mkdir "$T/gpt2" "$T/t5" || exit 99
printf '{"model_type": "gpt2", "n_positions": 2}' >"$T/gpt2/config.json"
st_one "$T/gpt2/model.safetensors" wpe.weight 2
printf '{"model_type": "t5", "relative_attention_num_buckets": 4, "relative_attention_max_distance": 2}' >"$T/t5/config.json"
st_one "$T/t5/model.safetensors" encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight 4

# Each case: EXIT|STDIN|STDOUT|ARGS.  STDIN defaults to /dev/null, STDOUT to
# a file; ARGS are split by the shell after $DATA, $CONFIGS and $T expand.
while IFS='|' read -r want in out args; do
	case $want in ''|'#'*) continue ;; esac
	eval "set -- $args"
	(cd "$T/w" && $VALGRIND "$PECLI" "$@" <"${in:-/dev/null}" \
		>"${out:-$T/out}" 2>"$T/err")
	rc=$?
	if [ "$rc" = "$want" ]; then
		n_pass=$((n_pass + 1))
	else
		n_fail=$((n_fail + 1))
		echo "FAIL: pecli $args: exit $rc, expected $want"
		sed 's/^/  /' "$T/err" | head -40
	fi
done <<EOF_CASES
# global options and the command table
0|||--help
0|||--version
0|||help matrix
2|||bogus
# matrix: schemes, tables, similarity, learned tables, bias schemes
0|||matrix --d 8 --n 5 --digits 4
0|||matrix --scheme rope --d 16 --n 8 --table sin --pairing half
0|||matrix --scheme xpos --d 8 --n 4 --table scale
0|||matrix --of similarity --d 8 --n 16 --metric cosine --format tsv
0|||matrix --scheme rope --preset llama3.1-8b --n 4 --d 8
0|||matrix --from $DATA/table_f8_v1.npy
0|||matrix --from $DATA/table_f4_v2.npy --of similarity
0|||matrix --from $DATA/sinusoidal_d4_n3.csv --n 2
0|||matrix --from $T/wpe.safetensors
2|||matrix --from $T/hole.safetensors
0|$DATA/table_f8_v1.npy||matrix --from -
0|$DATA/sinusoidal_d4_n3.csv||matrix --from -
0|||matrix --scheme learned --init normal --n 16 --d 8 --seed 3
0|||matrix --scheme alibi --heads 4 --n 8
0|||matrix --scheme t5 --n 8 --bidirectional
0|||matrix --scheme t5 --bucket-weights $DATA/t5_weights_8x2.csv --n 8 --head 1
2|||matrix --d 7
2|||matrix --from $T/truncated.npy
2|$T/truncated.npy||matrix --from -
2|||matrix --from $T/ragged.csv
2|||matrix --from $T/missing.csv
2|||matrix --scheme t5 --bucket-weights $T/ragged.csv
3||/dev/full|matrix --n 100
# gnuplot scripts, and --plot through a pipe to gnuplot (not traced)
0|||matrix --d 4 --n 3 --format gnuplot
0|||decay --scheme rope --d 16 --max-dist 16 --format gnuplot
0|||freqs --scheme rope --d 16 --format gnuplot
0|||decay --scheme rope --d 16 --max-dist 16 --plot -o d.png
# npy with its JSON, without, refused, failing
0|||matrix --d 4 --n 3 --format npy -o m.npy
0|||matrix --scheme alibi --n 8 --threads 2 --format npy -o a.npy
0||$T/stdout.npy|decay --scheme rope --d 16 --max-dist 16 --format npy --no-meta
2|||freqs --preset llama3.1-8b --format npy -o f.npy
3|||matrix --d 4 --n 3 --format npy -o $T/nodir/m.npy
# heatmap: PNG to a file, to a pipe-like stdout, and failing
0|||heatmap --d 16 --n 16 -o h.png
0|||heatmap --of similarity --d 16 --n 16 -o s.png
0|||heatmap --scheme rope --config $CONFIGS/llama3.1-8b.json --n 16 --table angle -o r.png
0|||heatmap --from $DATA/table_f8_v1.npy -o l.png
0|||heatmap --scheme alibi --heads 2 --n 8 -o a.png
0|||heatmap --scheme t5 --bucket-weights $DATA/t5_weights_8x2.csv --n 8 -o t.png
0|||heatmap --d 8 --n 8
0|||heatmap --d 64 --n 300 --colormap magma --range -1:1 --max-size 100 -o f.png
0|||heatmap --d 8 --n 8 --raw --scale 3 -o raw.png
2|||heatmap --d 8 --n 8 --range 1:0
3|||heatmap --d 8 --n 8 -o $T/nodir/x.png
3||/dev/full|heatmap --d 8 --n 8
# decay
0|||decay --scheme rope --d 16 --max-dist 64 --step 8
0|||decay --scheme rope --d 16 --max-dist 16 --samples 4 --normalize
0|||decay --log --points 4 --max-dist 100 --d 16
0|||decay --from $DATA/table_f8_v1.npy --max-dist 2
0|||decay --scheme t5 --max-dist 8
2|||decay --step -1
# check: every property holds, or one fails (decay, with d = 16)
0|||check --d 64 --n 128 --format csv
0|||check --scheme rope --d 64 --n 128 --format csv
1|||check --d 16 --n 32
0|||check --from $DATA/sinusoidal_d4_n3.csv --format csv
0|||check --scheme alibi --n 16 --format csv
# extrapolate, invariance, precision
0|||extrapolate --preset llama3-8b --target-len 32768 --compare linear,ntk,yarn --base-bound
0|||extrapolate --config $CONFIGS/llama3.1-8b.json
2|||extrapolate --train-len 0 --target-len 10
0|||extrapolate --preset phi3-mini-128k --compare longrope,yarn
1|||diff $CONFIGS/llama3.1-8b.json llama3-8b --pairing interleaved --format gnuplot
0|||diff --base 10000 -- --base 10001 --tolerance 1e-3
2|||diff --preset llama3-8b --preset bogus
0|||invariance --n 16 --d 8
0|||invariance --scheme rope --n 16 --d 8
0|||precision --n 64 --d 16
0|||precision --scheme rope --n 64 --d 16
# freqs, with every kind of config
0|||freqs --config $CONFIGS/phi3-su.json
0|||freqs --config $CONFIGS/qwen2.5-7b-yarn.json
0|||freqs --config $CONFIGS/gpt-neox-20b.json
0|||freqs --config $CONFIGS/rope-parameters.json
0|||freqs --scheme alibi --heads 8
2|||freqs --config $CONFIGS/malformed.json
0|||freqs --config $CONFIGS/per-layer.json
0|||freqs --config $CONFIGS/per-layer.json --layer-type sliding_attention
2|||freqs --config $T
# layout, presets
0|||layout --d 8
0|||layout --d 16 --verify --seed 3
0|||presets
0|||presets --format tsv
# models: folders, config files, presets
0|||matrix --model $T/gpt2
1|||check --model $T/gpt2
0|||model $T/gpt2
0|||decay --model $T/t5 --head 1 --max-dist 4
0|||model $CONFIGS/hub/deepseek-v3.json
0|||freqs --config $CONFIGS/hub/gemma-3-4b-it.json
0|||model --preset t5-small
0|||model --preset gemma3-4b --layer 0
0|||freqs --config $CONFIGS/hub/gemma-3-4b-it.json --layer-type sliding_attention
2|||freqs --config $CONFIGS/hub/gemma-3-4b-it.json --layer 99
0|||check --preset gemma3-4b --layer-type all --n 16
0|||decay --config $CONFIGS/per-layer.json --layer-type all --max-dist 4
0|||extrapolate --preset gemma3-4b --layer-type all --train-len 4096 --target-len 32768 --compare yarn
2|||decay --preset gemma3-4b --layer-type all --plot
2|||freqs --preset gemma3-4b --layer-type all
2|||matrix --model $T/none-such/x
2|||matrix --config $CONFIGS/hub/gpt2.json
0|||schemes
0|||matrix --scheme mrope --tokens 2,2x3,2 --table angle
0|||matrix --config $CONFIGS/hub/qwen3-vl-8b-instruct.json --tokens 1,1x2x2,1 --of similarity --metric cosine
0|||heatmap --scheme rope2d --d 16 --grid 4x5 --of similarity --query all -o q.png
0|||matrix --scheme sinusoidal-nd --axes 3 --d 12 --grid 2x2x3
1|||check --scheme rope2d --d 16 --grid 6x6 --n 8
0|||freqs --scheme mrope --mrope-interleaved --mrope-section 24,20,20
2|||matrix --scheme rope2d --grid 4x4 --of similarity --query 9,9
EOF_CASES

echo "$n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]

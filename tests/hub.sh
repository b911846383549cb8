#!/bin/sh
# tests/hub.sh - pecli against Hugging Face on the published config.json of
# real models (tests/configs/hub/, sources in its README.md).
#
# For each rope row of tests/configs/hub/expected.csv (written by
# reference.py, a transcription of transformers' modeling_rope_utils.py):
#   pecli freqs --config tests/configs/hub/<model>.json --format csv
# must exit 0, print '# d:', '# rotary_dim:', '# base:' and
# '# attention_factor:' equal to the row, and one inv_freq per pair equal
# to expected/<model>.csv.  Numbers match within REL_TOL relative: both
# sides evaluate HF's formula in double, and 1e-12 leaves room for pow()
# and the order of operations (a few ulps) but not for any float32 step,
# wrong dimension, base or scaling band, which move values by 1e-8 or more.
# The other rows (learned tables, T5 buckets, ALiBi heads) are checked
# against 'pecli model --format csv', ALiBi's slopes against 'pecli freqs'
# (below).
# Prints "N passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
HUB=$(cd "$top_srcdir" && pwd)/tests/configs/hub
REL_TOL=1e-12
# Rows of expected.csv whose config pecli may not read yet.  While pecli
# refuses one as a model it does not know (exit 2, 'is not a model pecli
# knows') that refusal is the check; once pecli reads it, its row is
# checked as every other.  Empty now: a refusal fails.
PENDING=""

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-hub.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# meta KEY: the value of the '# KEY: value' line of $T/out
meta() { sed -n "s/^# $1: //p" "$T/out" | head -n 1; }

# model,scheme,d,rotary_dim,base,scaling,factor,attention_factor,max_position,extra
tail -n +2 "$HUB/expected.csv" | while IFS=, read -r model scheme d rdim base scaling factor af maxpos extra; do
	[ "$scheme" = rope ] || continue
	"$PECLI" freqs --config "$HUB/$model.json" --format csv >"$T/out" 2>"$T/err"
	rc=$?
	case $PENDING in
	*" $model "*)
		if [ "$rc" -eq 2 ] && grep -q 'is not a model pecli knows' "$T/err"; then
			pass
			echo "$n_pass $n_fail" >"$T/counts"
			continue
		fi ;;
	esac
	if [ "$rc" -ne 0 ]; then
		fail "$model: pecli freqs --config exits $rc"; cat "$T/err"
		echo "$n_pass $n_fail" >"$T/counts"
		continue
	fi
	pass
	expect_eq "$model: d" "$(meta d)" "$d"
	expect_eq "$model: rotary_dim" "$(meta rotary_dim)" "$rdim"
	close "$model: base" "$(meta base)" "$base"
	close "$model: attention_factor" "$(meta attention_factor)" "$af"
	# the table after the '#' lines: its columns named pair and inv_freq,
	# wherever the header puts them (M-RoPE's freqs has an axis column
	# between them)
	grep -v '^#' "$T/out" | awk -F, '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
		          if (!col["pair"] || !col["inv_freq"]) { print "no pair, inv_freq columns: " $0; exit }
		          next }
		{ print $col["pair"] "," $col["inv_freq"] }' >"$T/got"
	tail -n +2 "$HUB/expected/$model.csv" >"$T/want"
	awk -F, -v t="$REL_TOL" -v model="$model" '
		NR == FNR { want[$1] = $2; n_want++; next }
		{ n_got++
		  if (!($1 in want)) { print "  pair " $1 " not expected"; bad++; next }
		  d = $2 - want[$1]; if (d < 0) d = -d
		  m = want[$1] < 0 ? -want[$1] : want[$1]
		  if (d > t * m) {
		      if (bad < 5) print "  pair " $1 ": got " $2 ", want " want[$1]
		      bad++ } }
		END { if (n_got != n_want) { print "  " n_got " pairs, want " n_want; bad++ }
		      exit bad > 0 }' "$T/want" "$T/got" >"$T/diff"
	if [ $? -eq 0 ]; then pass; else
		fail "$model: inv_freq per pair within $REL_TOL"; cat "$T/diff"
	fi
	echo "$n_pass $n_fail" >"$T/counts"
done
# the loop ran in a subshell (a pipe): take its counters back
if [ -s "$T/counts" ]; then
	read -r n_pass n_fail <"$T/counts"
else
	fail "no rope row in $HUB/expected.csv"
fi

# The other rows: 'pecli model --format csv' names the scheme, the table's
# positions or T5's buckets, and the tensor transformers loads.  A config
# with neither model_type nor architectures (an early RoBERTa) says nothing
# of its model: pecli must refuse it, naming model_type.
# ALiBi rows (BLOOM, MPT): 'pecli model' gives the head count of the row's
# extra (BloomConfig n_head, MptConfig n_heads), and 'pecli freqs' one
# slope per head equal to expected/<model>.csv (head,slope: reference.py's
# transcription of build_alibi_tensor / gen_slopes) within REL_TOL.  An
# MPT row names attn_config.alibi_bias_max: pecli reads that key and takes
# 8, the value transformers' MptModel always uses (it does not pass the
# config's); the same file with 16 there must be refused (exit 2, naming
# attn_config.alibi_bias_max), not read as 8.
# mval NAME: the value of row NAME of $T/out
mval() { awk -F, -v n="$1" '$1 == n { print $2; exit }' "$T/out"; }
# xval KEY: the value of KEY=value in the row's extra column
xval() { printf '%s' "$extra" | tr ';' '\n' | sed -n "s/^$1=//p"; }
tail -n +2 "$HUB/expected.csv" | while IFS=, read -r model scheme d rdim base scaling factor af maxpos extra; do
	[ "$scheme" = rope ] && continue
	"$PECLI" model "$HUB/$model.json" --format csv >"$T/out" 2>"$T/err"
	rc=$?
	if ! grep -q '"model_type"\|"architectures"' "$HUB/$model.json"; then
		expect_eq "$model: no model_type: refused" "$rc" 2
		grep -q 'model_type: absent' "$T/err" && pass || { fail "$model: names model_type"; cat "$T/err"; }
		echo "$n_pass $n_fail" >"$T/counts2"
		continue
	fi
	expect_eq "$model: pecli model exits 0" "$rc" 0
	expect_eq "$model: scheme" "$(mval scheme)" "$scheme"
	tensor=$(printf '%s' "$extra" | tr ';' '\n' | sed -n 's/^tensor=//p')
	expect_eq "$model: tensor" "$(mval tensor)" "$tensor"
	case $scheme in
	learned) expect_eq "$model: positions" "$(mval positions)" "$maxpos" ;;
	t5)
		expect_eq "$model: buckets" "$(mval buckets)" \
			"$(printf '%s' "$extra" | tr ';' '\n' | sed -n 's/^buckets=//p')"
		expect_eq "$model: max-distance" "$(mval max-distance)" \
			"$(printf '%s' "$extra" | tr ';' '\n' | sed -n 's/^max_distance=//p')" ;;
	alibi)
		expect_eq "$model: heads" "$(mval heads)" "$(xval heads)"
		if "$PECLI" freqs --config "$HUB/$model.json" --format csv \
			>"$T/slopes" 2>"$T/err"; then
			grep -v '^#' "$T/slopes" | awk -F, '
				NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i
				          if (!col["head"] || !col["slope"]) { print "no head, slope columns: " $0; exit }
				          next }
				{ print $col["head"] "," $col["slope"] }' >"$T/got"
			tail -n +2 "$HUB/expected/$model.csv" >"$T/want"
			awk -F, -v t="$REL_TOL" '
				NR == FNR { want[$1] = $2; n_want++; next }
				{ n_got++
				  if (!($1 in want)) { print "  head " $1 " not expected"; bad++; next }
				  d = $2 - want[$1]; if (d < 0) d = -d
				  if (d > t * want[$1]) {
				      if (bad < 5) print "  head " $1 ": got " $2 ", want " want[$1]
				      bad++ } }
				END { if (n_got != n_want) { print "  " n_got " heads, want " n_want; bad++ }
				      exit bad > 0 }' "$T/want" "$T/got" >"$T/diff"
			if [ $? -eq 0 ]; then pass; else
				fail "$model: slope per head within $REL_TOL"; cat "$T/diff"
			fi
		else
			fail "$model: pecli freqs --config exits $?"; cat "$T/err"
		fi
		bmax=$(xval alibi_bias_max)
		if [ -n "$bmax" ]; then
			expect_eq "$model: attn_config.alibi_bias_max" "$bmax" 8
			sed 's/"alibi_bias_max": *[0-9.]*/"alibi_bias_max": 16/' "$HUB/$model.json" >"$T/bias16.json"
			"$PECLI" model "$T/bias16.json" --format csv >/dev/null 2>"$T/err"
			expect_eq "$model: alibi_bias_max 16 refused" "$?" 2
			grep -q 'attn_config.alibi_bias_max: 16' "$T/err" && pass ||
				{ fail "$model: alibi_bias_max 16: names the key"; cat "$T/err"; }
		fi ;;
	esac
	echo "$n_pass $n_fail" >"$T/counts2"
done
[ -s "$T/counts2" ] && read -r n_pass n_fail <"$T/counts2"

# Models whose layers differ: expected/<model>.layers.csv (reference.py)
# gives each layer's type and base as transformers builds them
# (ModernBERT: ModernBertConfig's layer_types, full_attention when
# i % global_attn_every_n_layers == 0, else sliding_attention, with
# global_rope_theta and local_rope_theta).  pecli names the types its own
# way (ModernBERT's 'global' and 'local', after ModernBertAttention of
# transformers 4.48), so the types are compared by their layers:
#   'pecli freqs --layer L' names a type in '# layer_type: NAME (--layer L)'
#   and gives layer L's base; pecli's names and transformers' types must
#   match one to one; 'pecli model' lists the model's layer count and, for
#   each NAME, exactly the layers of that type (as ranges, "1-2 4-5");
#   'pecli freqs --layer-type NAME' gives their base; --layer one past the
#   last layer is refused (exit 2).
# ranges: layer numbers, one a line, as pecli model lists them ("0 3 1-2")
ranges() {
	awk 'NR == 1 { a = b = $1; next }
	     $1 == b + 1 { b = $1; next }
	     { s = s (s == "" ? "" : " ") (a == b ? a : a "-" b); a = b = $1 }
	     END { if (NR) print s (s == "" ? "" : " ") (a == b ? a : a "-" b) }'
}
for lf in "$HUB"/expected/*.layers.csv; do
	[ -e "$lf" ] || continue
	model=$(basename "$lf" .layers.csv)
	cfg=$HUB/$model.json
	if ! "$PECLI" model "$cfg" --format csv >"$T/model" 2>"$T/err"; then
		fail "$model: pecli model exits $?"; cat "$T/err"; continue
	fi
	tail -n +2 "$lf" >"$T/layers"
	n_layers=$(wc -l <"$T/layers" | tr -d ' ')
	expect_eq "$model: layers" \
		"$(awk -F, '$1 == "layers" { print $2; exit }' "$T/model")" "$n_layers"
	: >"$T/map"
	while IFS=, read -r layer type base; do
		if ! "$PECLI" freqs --config "$cfg" --layer "$layer" --format csv \
			>"$T/out" 2>"$T/err"; then
			fail "$model: --layer $layer exits $?"; cat "$T/err"; continue
		fi
		name=$(meta layer_type)
		case $name in
		*" (--layer $layer)") pass ;;
		*) fail "$model: --layer $layer: '# layer_type: $name'" ;;
		esac
		close "$model: --layer $layer: base" "$(meta base)" "$base"
		echo "$layer,${name% (--layer "$layer")},$type,$base" >>"$T/map"
	done <"$T/layers"
	# one pecli name per transformers type, and one type per name
	if awk -F, '{ if (($2 in t) && t[$2] != $3) bad = 1; t[$2] = $3
	              if (($3 in n) && n[$3] != $2) bad = 1; n[$3] = $2 }
	            END { exit bad }' "$T/map"; then pass; else
		fail "$model: pecli's layer types are not transformers'"; cat "$T/map"
	fi
	for name in $(cut -d, -f2 "$T/map" | sort -u); do
		expect_eq "$model: pecli model: layer_type $name" \
			"$(awk -F, -v n="layer_type $name" '$1 == n { print $2; exit }' "$T/model")" \
			"$(awk -F, -v n="$name" '$2 == n { print $1 }' "$T/map" | ranges)"
		base=$(awk -F, -v n="$name" '$2 == n { print $4; exit }' "$T/map")
		if ! "$PECLI" freqs --config "$cfg" --layer-type "$name" --format csv \
			>"$T/out" 2>"$T/err"; then
			fail "$model: --layer-type $name exits $?"; cat "$T/err"; continue
		fi
		expect_eq "$model: --layer-type $name" "$(meta layer_type)" "$name (--layer-type)"
		close "$model: --layer-type $name: base" "$(meta base)" "$base"
	done
	"$PECLI" freqs --config "$cfg" --layer "$n_layers" >/dev/null 2>"$T/err"
	expect_eq "$model: --layer $n_layers (one past the last) refused" "$?" 2
done
# The vision-language models: scheme mrope with the config's mrope_section
# and mrope_interleaved (expected.csv's extra column, reference.py), as
# Qwen2VLTextConfig / Qwen3VLTextConfig read them.
grep 'mrope_section=' "$HUB/expected.csv" >"$T/vl"
while IFS=, read -r model scheme d rdim base scaling factor af maxpos extra; do
	sec=$(printf '%s\n' "$extra" | sed -n 's/.*mrope_section=\([0-9/]*\).*/\1/p' | tr / ' ')
	case $extra in *mrope_interleaved=true*) inter=yes ;; *) inter=no ;; esac
	if ! "$PECLI" model --config "$HUB/$model.json" >"$T/out" 2>"$T/err"; then
		fail "$model: pecli model exits $?"; cat "$T/err"
		continue
	fi
	expect_eq "$model: scheme" "$(awk -F, '$1 == "scheme" { print $2 }' "$T/out")" mrope
	expect_eq "$model: mrope-section" "$(awk -F, '$1 == "mrope-section" { print $2 }' "$T/out")" "$sec"
	expect_eq "$model: mrope-interleaved" "$(awk -F, '$1 == "mrope-interleaved" { print $2 }' "$T/out")" "$inter"
done <"$T/vl"
# Their vision towers (--tower vision): rope2d with head_dim // 2 per axis
# at theta 10000 (transformers: Qwen2VisionTransformerPretrainedModel
# head_dim = embed_dim // num_heads, Qwen2_5_Vision... and Qwen3VLVisionModel
# hidden_size // num_heads; VisionRotaryEmbedding(head_dim // 2)), d from
# these files' vision_config: 1280 / 16, 1280 / 16, 1152 / 16.
for pair in qwen2-vl-2b-instruct:80 qwen2.5-vl-7b-instruct:80 qwen3-vl-8b-instruct:72; do
	model=${pair%:*} d=${pair#*:}
	if ! "$PECLI" model --config "$HUB/$model.json" --tower vision >"$T/out" 2>"$T/err"; then
		fail "$model --tower vision exits $?"; cat "$T/err"
		continue
	fi
	expect_eq "$model tower: scheme" "$(awk -F, '$1 == "scheme" { print $2 }' "$T/out")" rope2d
	expect_eq "$model tower: d" "$(awk -F, '$1 == "d" { print $2 }' "$T/out")" "$d"
	expect_eq "$model tower: base" "$(awk -F, '$1 == "base" { print $2 }' "$T/out")" 10000
	expect_eq "$model tower: frequencies" "$(awk -F, '$1 == "axial-freqs" { print $2 }' "$T/out")" same
done
finish

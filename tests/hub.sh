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
# The other rows (learned tables, T5 buckets) are checked against
# 'pecli model --format csv' (below).
# Prints "N passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
HUB=$(cd "$top_srcdir" && pwd)/tests/configs/hub
REL_TOL=1e-12

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-hub.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# close NAME GOT WANT: numbers within REL_TOL relative (exact when WANT is 0)
close() {
	if [ -n "$2" ] && awk -v a="$2" -v b="$3" -v t="$REL_TOL" 'BEGIN {
		d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
		exit !(d <= t * m) }'; then pass; else
		fail "$1"; echo "  got:  $2"; echo "  want: $3"
	fi
}

# meta KEY: the value of the '# KEY: value' line of $T/out
meta() { sed -n "s/^# $1: //p" "$T/out" | head -n 1; }

# model,scheme,d,rotary_dim,base,scaling,factor,attention_factor,max_position,extra
tail -n +2 "$HUB/expected.csv" | while IFS=, read -r model scheme d rdim base scaling factor af maxpos extra; do
	[ "$scheme" = rope ] || continue
	if ! "$PECLI" freqs --config "$HUB/$model.json" --format csv >"$T/out" 2>"$T/err"; then
		fail "$model: pecli freqs --config exits $?"; cat "$T/err"
		echo "$n_pass $n_fail" >"$T/counts"
		continue
	fi
	pass
	expect_eq "$model: d" "$(meta d)" "$d"
	expect_eq "$model: rotary_dim" "$(meta rotary_dim)" "$rdim"
	close "$model: base" "$(meta base)" "$base"
	close "$model: attention_factor" "$(meta attention_factor)" "$af"
	# the table: pair,inv_freq,... after the '#' lines and the header
	grep -v '^#' "$T/out" | tail -n +2 | cut -d, -f1,2 >"$T/got"
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
# mval NAME: the value of row NAME of $T/out
mval() { awk -F, -v n="$1" '$1 == n { print $2; exit }' "$T/out"; }
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
	esac
	echo "$n_pass $n_fail" >"$T/counts2"
done
[ -s "$T/counts2" ] && read -r n_pass n_fail <"$T/counts2"
finish

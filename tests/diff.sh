#!/bin/sh
# tests/diff.sh - pecli diff end to end: the verdicts and their exit
# statuses (0 identical, 1 different, 2 bad input, as cmp), the pairs the
# Llama 3.1 scaling changes, a config against its own conversion to the
# other pairing, the ways of giving A and B, the figure.
#
# Expected values: transformers src/transformers/modeling_rope_utils.py,
# _compute_llama3_parameters (Llama 3.1 8B: factor 8, low_freq_factor 1,
# high_freq_factor 4, original_max_position_embeddings 8192, rope_theta
# 500000, head_dim 128): pairs with wavelength 2 pi 500000^(i/64) below
# 8192/4 are kept (i <= 28), above 8192/1 divided by 8 (i >= 35), and in
# between theta ((1 - smooth)/8 + smooth), smooth = (8192/wavelength - 1)/3;
# recomputed below by awk from the formula, not by pecli.  The pairing
# permutation is transformers' convert_llama_weights_to_hf.py `permute`.
# Run by 'make check' with top_srcdir and top_builddir set; prints
# "N passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-diff.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# run ARGS...: pecli in an empty folder w; sets rc, files
run() {
	rm -rf "$T/w" && mkdir "$T/w" && (cd "$T/w" && "$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w" | tr '\n' ' ')
}
meta() { sed -n "s/^# $1: //p" "$T/out"; }
rows() { grep -v '^#' "$T/out" | sed 1d; }

# ---- Llama 3 8B (A) against Llama 3.1 8B (B): the llama3 bands ----
run diff --preset llama3-8b --preset llama3.1-8b
expect_eq "llama3: exit 1 (different)" "$rc" 1
expect_eq "llama3: stderr empty" "$(cat "$T/err")" ""
expect_eq "llama3: verdict" "$(meta verdict)" "frequencies changed"
expect_eq "llama3: changed pairs" "$(meta changed_pairs | cut -d, -f1-2)" "35 of 64, pairs 29 to 63"
expect_eq "llama3: header" "$(grep -v '^#' "$T/out" | head -1)" \
	"pair,freq_a,freq_b,wavelength_a,wavelength_b,ratio,changed"
expect_eq "llama3: 64 rows" "$(rows | wc -l | tr -d ' ')" 64
# every row against the HF formula, from A's wavelength: kept, smoothed or / 8
bad=$(rows | awk -F, '{
	w = $4; r = $6
	if (w < 8192 / 4) { want = 1; ch = "no" }
	else if (w > 8192 / 1) { want = 8; ch = "yes" }
	else { s = (8192 / w - 1) / 3; want = 1 / ((1 - s) / 8 + s); ch = "yes" }
	d = r - want; if (d < 0) d = -d
	if (d > 1e-12 * want || $7 != ch) print $1
}')
expect_eq "llama3: every pair as _compute_llama3_parameters" "$bad" ""
expect_eq "llama3: pair 28 kept, 29 smoothed" "$(rows | sed -n '29p;30p' | cut -d, -f1,7 | tr '\n' ' ')" \
	"28,no 29,yes "
expect_eq "llama3: pair 35 divided by 8" "$(rows | sed -n 36p | cut -d, -f6)" 8
# the other way round: the ratio is the inverse
run diff --preset llama3.1-8b --preset llama3-8b
expect_eq "llama3 reversed: exit" "$rc" 1
expect_eq "llama3 reversed: ratio of pair 63" "$(rows | sed -n 64p | cut -d, -f6)" 0.125

# ---- a config against its own conversion to the other pairing ----
run diff "$CONFIGS/llama3.1-8b.json" "$CONFIGS/llama3.1-8b.json" --pairing interleaved
expect_eq "pairing: exit 1" "$rc" 1
expect_eq "pairing: verdict" "$(meta verdict)" permutation
expect_eq "pairing: no pair changed" "$(meta changed_pairs)" "0 of 64"
expect_eq "pairing: the inverse of permute" "$(meta permutation)" \
	"dim i of A is dim inv[i] of B, inv = 0:2:126 1:2:127 (half -> interleaved: the inverse of convert_llama_weights_to_hf.py permute)"
# interleaved -> half is permute itself: B row c 64 + i is A row 2i + c, the
# column 'from' of pecli layout
run diff "$CONFIGS/llama3.1-8b.json" --pairing interleaved --config "$CONFIGS/llama3.1-8b.json"
expect_eq "pairing: permute" "$(meta permutation)" \
	"dim j of B is dim perm[j] of A, perm = 0:2:126 1:2:127 (interleaved -> half: convert_llama_weights_to_hf.py permute)"
run layout --d 128 --format list
expect_eq "pairing: as pecli layout" "$(cut -d, -f1-3,64-66 "$T/out")" "0,2,4,126,1,3"

# ---- identical: exit 0 ----
run diff "$CONFIGS/llama3.1-8b.json" llama3.1-8b
expect_eq "config vs preset: exit 0" "$rc" 0
expect_eq "config vs preset: verdict" "$(meta verdict)" identical
expect_eq "config vs preset: sources" "$(meta a | cut -d: -f1) / $(meta b | cut -d: -f1)" \
	"$CONFIGS/llama3.1-8b.json / preset llama3.1-8b"
run diff --scheme sinusoidal --scheme sinusoidal
expect_eq "sinusoidal, same base: identical" "$rc:$(meta verdict)" "0:identical"

# ---- scheme options: shared before the first source, each side's after it ----
# interleaved [s0 c0 s1 c1 ..] to concat [s0 s1 .. c0 c1 ..]: dim j of B is
# dim 2j (j < 4), 2(j-4)+1 of A
run diff --d 8 --scheme sinusoidal --scheme sinusoidal --layout concat
expect_eq "shared --d, layout: permutation" "$rc:$(meta verdict)" "1:permutation"
expect_eq "layout: perm" "$(meta permutation)" "dim j of B is dim perm[j] of A, perm = 0:2:6 1:2:7"
# '--': base 10000 against 500000; pair 63: (500000 / 10000)^(63/64) = 47.035...
run diff --base 10000 -- --base 500000
expect_eq "--: changed pairs" "$(meta changed_pairs | cut -d, -f1-2)" "63 of 64, pairs 1 to 63"
REL_TOL=1e-13 close "--: ratio of pair 63" "$(rows | sed -n 64p | cut -d, -f6)" \
	"$(awk 'BEGIN { printf "%.17g", exp(63 / 64 * log(50)) }')"

# ---- the tolerance: base 10000 against 10001 moves pair 63 by
# (63/64) ln(1.0001) = 9.8e-5 relative ----
run diff --base 10000 -- --base 10001
expect_eq "tolerance 1e-9: changed" "$rc:$(meta verdict)" "1:frequencies changed"
run diff --base 10000 -- --base 10001 --tolerance 1e-3
expect_eq "tolerance 1e-3: identical" "$rc:$(meta verdict)" "0:identical"
expect_eq "tolerance in the metadata" "$(meta tolerance)" "0.001 (relative)"

# ---- the attention factor alone: YaRN x4 (0.1 ln 4 + 1) against 1 ----
run diff --scaling yarn --factor 4 --original-max 4096 -- --scaling yarn --factor 4 --original-max 4096 --attention-factor 1
expect_eq "attention factor: verdict" "$rc:$(meta verdict)" "1:frequencies changed"
# HF get_mscale(4) = 0.1 ln 4 + 1 = 1.138629436111989 (shortest digits)
expect_eq "attention factor: line" "$(meta attention_factor)" "changed: 1.138629436111989 in A, 1 in B"

# ---- different schemes ----
run diff --scheme rope --scheme sinusoidal
expect_eq "rope vs sinusoidal: exit 1" "$rc" 1
expect_eq "rope vs sinusoidal: verdict" "$(meta verdict) / $(meta schemes)" "different schemes / rope against sinusoidal"
run diff --preset llama2-7b --preset gpt-neox-20b
expect_eq "head sizes: pairs" "$rc:$(meta schemes):$(rows | wc -l | tr -d ' ')" "1:different numbers of pairs:12"

# ---- formats ----
run diff --preset llama3-8b --preset llama3.1-8b --format tsv --no-meta
expect_eq "tsv: header" "$(head -1 "$T/out")" "$(printf 'pair\tfreq_a\tfreq_b\twavelength_a\twavelength_b\tratio\tchanged')"
expect_eq "tsv: exit still 1" "$rc" 1
run diff --preset llama3-8b --preset llama3.1-8b --format gnuplot
expect_eq "gnuplot: exit" "$rc" 1
grep -q '^set logscale y' "$T/out" && pass || fail "gnuplot: log scale"
expect_eq "gnuplot: both spectra" "$(grep -c "using 1:[45] .* title '[AB]: rope, d=128" "$T/out")" 2
run diff --preset llama3-8b --preset llama3.1-8b -o d.csv
expect_eq "-o: exit 1, the file written" "$rc:$files" "1:d.csv "

# ---- usage errors: exit 2, one message, nothing written ----
run diff --preset llama3-8b -o d.csv
expect_eq "one side: exit 2" "$rc:$files" "2:"
run diff --preset llama3-8b --preset llama3.1-8b --preset llama2-7b
expect_eq "three sides" "$(sed -n 1p "$T/err")" "pecli: diff: '--preset llama2-7b' would be a third encoding: diff compares two"
run diff --preset llama3-8b --preset llama3.1-8b --d 7
expect_eq "bad value names its side" "$(sed -n 1p "$T/err")" \
	"pecli: diff: B: invalid value '7' for --d: expected an even integer in [2, 65536]"
run diff llama3-8b llama3.1-8b qwen3-8b
expect_eq "three operands" "$(sed -n 1p "$T/err")" "pecli: diff: 'qwen3-8b' would be a third encoding: diff compares two"
run diff --scheme alibi --scheme alibi
expect_eq "alibi: no frequencies" "$rc:$(sed -n 1p "$T/err")" \
	"2:pecli: diff: --scheme alibi has no frequencies to compare: diff compares rotary and sinusoidal encodings"

finish

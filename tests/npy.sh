#!/bin/sh
# tests/npy.sh - --format npy and --no-meta end to end: every .npy pecli
# writes is read back by tests/npyread (a reader of NumPy's format 1.0
# that shares no code with pecli: header bytes, alignment to 64, shape, and
# each double equal bit for bit to the CSV field of the same table); the
# JSON beside -o FILE.npy holds the metadata, the columns and the shape;
# both files appear whole or not at all; text tables, terminals and
# --digits are refused; --no-meta leaves out the '#' lines and the JSON.
# No numpy: nothing here needs Python.  Run by 'make check' with
# top_srcdir and top_builddir set; prints "N passed, N failed, N skipped"
# last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
NPYREAD=$(cd "$top_builddir" && pwd)/tests/npyread
VERSION=$("$PECLI" --version | sed 's/^pecli //')

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-npy.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# run ARGS...: pecli in an empty folder w; sets rc, files (the folder's)
run() {
	rm -rf "$T/w" && mkdir "$T/w" && (cd "$T/w" && "$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w" | tr '\n' ' ')
}

# ---- the worked example: pecli matrix --d 4 --n 3 ----
run matrix --d 4 --n 3 --format npy -o m.npy
expect_eq "matrix -o m.npy: exit" "$rc" 0
expect_eq "matrix -o m.npy: stdout and stderr empty" "$(cat "$T/out" "$T/err")" ""
expect_eq "matrix -o m.npy: the array and its JSON" "$files" "m.json m.npy "
# the header as od shows it: magic, version 1.0, HEADER_LEN 118 (0x76 0),
# then 128 bytes of header in all (10 + 118) and 3 x 5 doubles
expect_eq "matrix: magic and version" "$(od -An -tu1 -N10 "$T/w/m.npy" | tr -s ' ')" \
	" 147 78 85 77 80 89 1 0 118 0"
expect_eq "matrix: size" "$(wc -c <"$T/w/m.npy" | tr -d ' ')" $((128 + 8 * 15))
expect_eq "matrix: dict" "$(dd if="$T/w/m.npy" bs=1 skip=10 count=59 2>/dev/null)" \
	"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }"
# row 0 as od reads the doubles: pos 0, sin 0, cos 0, sin 0, cos 0
expect_eq "matrix: row 0 by od" "$(od -An -tf8 -j 128 -N 40 "$T/w/m.npy" | tr -s ' \n' ' ')" " 0 0 1 0 1 "
cp "$T/w/m.npy" "$T/m.npy"
"$PECLI" matrix --d 4 --n 3 --no-meta >"$T/m.csv"
expect_eq "matrix: npyread against the CSV" "$("$NPYREAD" "$T/w/m.npy" "$T/m.csv" 2>&1)" "3 5"
# the JSON: the '# key: value' lines as strings, columns, shape
expect_eq "matrix: m.json" "$(tr -d ' \n' <"$T/w/m.json")" \
	"{\"pecli\":\"$VERSION\",\"command\":\"matrix\",\"scheme\":\"sinusoidal\",\"d\":\"4\",\"n\":\"3\",\"base\":\"10000\",\"layout\":\"interleaved\",\"columns\":[\"pos\",\"d0\",\"d1\",\"d2\",\"d3\"],\"shape\":[3,5]}"
expect_eq "matrix: JSON keys are the CSV's metadata" \
	"$(sed -n 's/^  "\([a-z_.]*\)": ".*/\1/p' "$T/w/m.json" | tr '\n' ' ')" \
	"$("$PECLI" matrix --d 4 --n 3 | sed -n 's/^# \([^:]*\): .*/\1/p' | tr '\n' ' ')"

# a test that cannot fail is a defect: npyread sees a changed double
cp "$T/w/m.npy" "$T/bad.npy"
printf '\001' | dd of="$T/bad.npy" bs=1 seek=200 conv=notrunc 2>/dev/null
"$NPYREAD" "$T/bad.npy" "$T/m.csv" >/dev/null 2>&1 && fail "npyread: a changed byte passes" || pass
printf 'x' | dd of="$T/bad.npy" bs=1 seek=100 conv=notrunc 2>/dev/null
"$NPYREAD" "$T/bad.npy" >/dev/null 2>&1 && fail "npyread: a bad header passes" || pass

# ---- every numeric table: the doubles of its CSV, bit for bit ----
while IFS='|' read -r shape args; do
	case $shape in ''|'#'*) continue ;; esac
	eval "set -- $args"
	"$PECLI" "$@" --format npy -o "$T/a.npy" 2>"$T/err"
	expect_eq "pecli $args --format npy: exit" "$?" 0
	"$PECLI" "$@" --no-meta >"$T/a.csv"
	expect_eq "pecli $args: npyread" "$("$NPYREAD" "$T/a.npy" "$T/a.csv" 2>&1)" "$shape"
	expect_eq "pecli $args: JSON shape" "$(tr -d ' \n' <"$T/a.json" | sed 's/.*"shape":\[\([0-9]*\),\([0-9]*\)\]}$/\1 \2/')" "$shape"
done <<'EOF'
# rows cols|arguments
7 17|matrix --scheme rope --d 32 --n 7 --table cos --preset llama3.1-8b
50 51|matrix --scheme rope --d 64 --n 50 --of similarity --metric cosine
6 9|matrix --d 8 --n 6 --layout concat --base 100
5 6|matrix --scheme alibi --n 5 --head 2
4 5|matrix --scheme t5 --n 4
6 10|matrix --scheme rope2d --d 16 --grid 2x3 --of similarity
6 12|matrix --scheme rope2d --d 16 --grid 2x3
95 3|decay --scheme rope --d 64 --log --max-dist 1000000 --points 100
65 3|decay --scheme rope --d 32 --max-dist 64
4 9|decay --scheme alibi --max-dist 3
4 5|decay --scheme rope --d 16 --max-dist 3 --samples 20
8 6|freqs --scheme rope --d 16
8 6|freqs --preset gemma3-4b --d 16
8 7|freqs --scheme rope --d 16 --scaling yarn --factor 4 --original-max 4096
8 2|freqs --scheme alibi
32 3|freqs --scheme t5
16 2|layout --d 16
EOF

# masked cells (printed empty) are NaN: alibi's key after the query; T5's
# unbounded bucket edge is inf
"$PECLI" matrix --scheme alibi --n 3 --head 0 --format npy -o "$T/al.npy"
expect_eq "alibi: row 0 (0, 0, masked, masked)" \
	"$(od -An -tf8 -j 128 -N 32 "$T/al.npy" | tr -s ' \n' ' ')" " 0 0 nan nan "
"$PECLI" freqs --scheme t5 --format npy -o "$T/t5.npy"
expect_eq "t5: bucket 0 (0, 0, inf)" "$(od -An -tf8 -j 128 -N 24 "$T/t5.npy" | tr -s ' \n' ' ')" " 0 0 inf "

# the same bytes on one thread and on several, and on stdout
"$PECLI" matrix --scheme rope --d 64 --n 1500 --of similarity --threads 1 --format npy -o "$T/t1.npy"
"$PECLI" matrix --scheme rope --d 64 --n 1500 --of similarity --threads 3 --format npy -o "$T/t3.npy"
cmp -s "$T/t1.npy" "$T/t3.npy" && pass || fail "--threads 1 and 3: the same array"
"$PECLI" matrix --scheme rope --d 64 --n 1500 --of similarity --format npy | cmp -s - "$T/t1.npy" \
	&& pass || fail "stdout: the same array as -o"
expect_eq "size: header + 1500 x 1501 doubles" "$(wc -c <"$T/t1.npy" | tr -d ' ')" $((128 + 8 * 1500 * 1501))

# memory stays flat: 50000 x 257 doubles (100 MB) in 100 MB of address
# space (a sanitizer's shadow memory needs far more: skipped there)
if ! (ulimit -v 100000 && "$PECLI" matrix --d 4 --n 1 >/dev/null) 2>/dev/null; then
	skip "ulimit -v: even a small run does not fit (a sanitizer build?)"
elif (ulimit -v 100000 && "$PECLI" matrix --d 256 --n 50000 --threads 1 --format npy -o "$T/big.npy") 2>"$T/err"; then
	expect_eq "50000 x 257 in 100 MB: shape" "$("$NPYREAD" "$T/big.npy")" "50000 257"
else
	fail "50000 x 257 in 100 MB of memory: $(cat "$T/err")"
fi
rm -f "$T/big.npy" "$T/big.json"

# ---- where the JSON goes ----
run matrix --d 4 --n 3 --format npy
expect_eq "stdout: no JSON, nothing said" "$files|$(cat "$T/err")" "|"
cmp -s "$T/out" "$T/m.npy" && pass || fail "stdout: the bytes of -o m.npy"
run matrix --d 4 --n 3 --format npy -o -
expect_eq "-o -: no JSON" "$files" ""
run matrix --d 4 --n 3 --format npy -o m.NPY
expect_eq "-o m.NPY: m.json" "$files" "m.NPY m.json "
run matrix --d 4 --n 3 --format npy -o arr.bin
expect_eq "-o arr.bin: arr.bin.json" "$files" "arr.bin arr.bin.json "
run matrix --d 4 --n 3 --format npy --no-meta -o m.npy
expect_eq "--no-meta: no JSON" "$files" "m.npy "
rm -rf "$T/fifo" && mkdir "$T/fifo" && mkfifo "$T/fifo/p"
cat "$T/fifo/p" >"$T/fifo.out" &
"$PECLI" matrix --d 4 --n 3 --format npy -o "$T/fifo/p"
expect_eq "-o FIFO: exit" "$?" 0
wait
expect_eq "-o FIFO: the array, no JSON" "$(ls -A "$T/fifo")|$("$NPYREAD" "$T/fifo.out")" "p|3 5"

# whole or not at all: a JSON that cannot be written leaves no array
run matrix --d 4 --n 3 --format npy -o sub/m.npy
expect_eq "-o sub/m.npy, no folder: exit" "$rc" 3
rm -rf "$T/w" && mkdir -p "$T/w/m.json"
(cd "$T/w" && "$PECLI" matrix --d 4 --n 3 --format npy -o m.npy >"$T/out" 2>"$T/err")
expect_eq "m.json a folder: exit" "$?" 3
expect_eq "m.json a folder: message" "$(cat "$T/err")" "pecli: matrix: cannot write 'm.json': Is a directory"
expect_eq "m.json a folder: no array left" "$(ls -A "$T/w")" "m.json"

# ---- refusals: usage errors, nothing written ----
while IFS='|' read -r args line1; do
	case $args in ''|'#'*) continue ;; esac
	eval "set -- $args"
	run "$@"
	expect_eq "pecli $args: exit" "$rc" 2
	expect_eq "pecli $args: message" "$(sed -n 1p "$T/err")" "$line1"
	expect_eq "pecli $args: no file" "$files|$(wc -c <"$T/out" | tr -d ' ')" "|0"
done <<'EOF'
freqs --preset llama3.1-8b --format npy -o f.npy|pecli: freqs: --format npy holds numbers only: column 'region' holds text ('high')
freqs --scheme mrope --format npy -o f.npy|pecli: freqs: --format npy holds numbers only: column 'axis' holds text ('t')
freqs --scheme rope2d --d 16 --format npy -o f.npy|pecli: freqs: --format npy holds numbers only: column 'axis' holds text ('h')
decay --preset gemma3-4b --layer-type all --format npy -o d.npy|pecli: decay: --format npy holds numbers only: column 'layer_type' holds text ('sliding_attention')
layout --d 8 --verify --format npy -o l.npy|pecli: layout: --format npy holds numbers only: column 'direction' holds text ('interleaved->half')
matrix --format npy --digits 6 -o m.npy|pecli: matrix: option '--digits' rounds printed numbers: --format npy holds every double whole
matrix --format gnuplot --no-meta|pecli: matrix: option '--no-meta' applies to --format csv, tsv and npy, not gnuplot
decay --plot --no-meta -o d.png|pecli: decay: option '--no-meta' applies to --format csv, tsv and npy, not --plot
matrix --plot --format npy -o m.npy|pecli: matrix: options '--plot' and '--format npy' cannot be combined
extrapolate --format npy -o e.npy|pecli: extrapolate: invalid value 'npy' for --format: expected one of csv, tsv, gnuplot, json
check --format npy -o c.npy|pecli: check: invalid value 'npy' for --format: expected one of table, csv, tsv, json
heatmap --no-meta -o h.png|pecli: heatmap: unrecognized option '--no-meta'
EOF

# on a terminal: never npy bytes
if command -v script >/dev/null 2>&1; then
	for o in "" "-o -"; do
		(cd "$T" && script -qec "'$PECLI' matrix --d 4 --n 3 --format npy $o" /dev/null >"$T/ttyout" 2>&1 </dev/null)
		grep -q "pecli: matrix: refusing to write npy data to a terminal" "$T/ttyout" && pass \
			|| fail "npy on a tty ($o): refused"
		grep -q NUMPY "$T/ttyout" && fail "npy on a tty ($o): bytes on the terminal" || pass
	done
else
	skip "no script(1): the terminal case is not tested"
fi

# ---- --no-meta: the CSV without its '#' lines, nothing else changed ----
for args in "matrix --d 8 --n 5" "decay --scheme rope --max-dist 9" "check --d 8 --n 8 --format csv" \
            "presets" "schemes --format tsv" "extrapolate --d 8 --train-len 2048 --target-len 8192 --format tsv"; do
	# shellcheck disable=SC2086
	"$PECLI" $args >"$T/with.txt"
	# shellcheck disable=SC2086
	"$PECLI" $args --no-meta >"$T/without.txt"
	grep -q '^#' "$T/with.txt" && pass || fail "pecli $args: has metadata to drop"
	grep -q '^#' "$T/without.txt" && fail "pecli $args --no-meta: a '#' line" || pass
	expect_eq "pecli $args --no-meta: the rest unchanged" "$(grep -v '^#' "$T/with.txt")" "$(cat "$T/without.txt")"
done

# ---- numpy itself: np.load equals the CSV at full digits ----
# (issue 21: "np.load of pecli matrix --format npy equals the round-trip
# CSV exactly"); numpy's own reader, where a python3 with numpy exists;
# a masked cell, empty in the CSV, is NaN in both
NUMPY_PY=""
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import numpy' >/dev/null 2>&1; then NUMPY_PY=$py; break; fi
done
if [ -n "$NUMPY_PY" ]; then
	for args in "matrix --d 64 --n 300" "matrix --scheme rope --d 16 --n 50" \
	            "matrix --scheme alibi --heads 4 --n 20" "decay --scheme rope --max-dist 500" \
	            "layout --d 8"; do
		# shellcheck disable=SC2086
		"$PECLI" $args --format npy -o "$T/np.npy" && "$PECLI" $args --no-meta >"$T/np.csv"
		got=$("$NUMPY_PY" -c 'import sys, numpy as np
a = np.load(sys.argv[1])
b = np.genfromtxt(sys.argv[2], delimiter=",", skip_header=1, ndmin=2)
print(a.dtype, a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True)))' "$T/np.npy" "$T/np.csv" 2>&1)
		expect_eq "np.load of pecli $args --format npy: the CSV's doubles" "$got" "float64 True"
	done
else
	skip "no python3 with numpy: np.load itself is not run (the C reader above is)"
fi

finish

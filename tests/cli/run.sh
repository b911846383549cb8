#!/bin/sh
# tests/cli/run.sh - end-to-end tests of the built pecli binary: exit codes,
# exact stdout and stderr, files written or not written (zstd cli-tests,
# git's test_expect_code).  Run by 'make check' with top_srcdir and
# top_builddir set; prints "N passed, N failed, N skipped" last, and is
# skipped (77) when a part could not run here (no script(1), no de_DE.UTF-8
# locale, not root) and nothing failed.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
PNGREAD=$(cd "$top_builddir" && pwd)/tests/pngread
HERE=$(cd "$top_srcdir/tests/cli" && pwd)
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)
DATA=$(cd "$top_srcdir/tests/data" && pwd)
VERSION=$("$PECLI" --version | sed 's/^pecli //')

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-cli.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99


# run ARGS...: run pecli in an empty folder, set $rc, out, err, files
run() {
	rm -rf "$T/w" && mkdir "$T/w" && (cd "$T/w" && "$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w")
}

# ---- usage errors, table-driven ----
while IFS='|' read -r code args line1; do
	case $code in ''|'#'*) continue ;; esac
	eval "set -- $args"
	run "$@"
	name="pecli $args"
	expect_eq "$name: exit" "$rc" "$code"
	expect_eq "$name: stdout empty" "$(wc -c <"$T/out" | tr -d ' ')" 0
	expect_eq "$name: stderr line 1" "$(sed -n 1p "$T/err")" "$line1"
	cmd=$(echo "$line1" | sed -n "s/^pecli: \([a-z]*\): .*/\1/p")
	[ "$cmd" = "" ] || [ "$cmd" = help ] && try="Try 'pecli --help'." \
		|| try="Try 'pecli $cmd --help'."
	case $line1 in "pecli: help:"*) try="Try 'pecli --help'." ;; esac
	expect_eq "$name: stderr line 2" "$(sed -n 2p "$T/err")" "$try"
	expect_eq "$name: stderr lines" "$(wc -l <"$T/err" | tr -d ' ')" 2
	expect_eq "$name: no file left" "$files" ""
done <"$HERE/cases.txt"

# ---- the battery of bad input (tests/cli/bad.txt) ----
B="$T/bad"
sh "$HERE/mkbad.sh" "$B" || exit 99
n_bad=0
while IFS='|' read -r code args line1; do
	case $code in ''|'#'*) continue ;; esac
	eval "set -- $args"
	run "$@" -o left.out
	name="bad: pecli $args"
	want=$(printf '%s' "$line1" | sed "s|\\\$B|$B|g")
	expect_eq "$name: exit" "$rc" "$code"
	expect_eq "$name: stdout empty" "$(wc -c <"$T/out" | tr -d ' ')" 0
	expect_eq "$name: message" "$(sed -n 1p "$T/err")" "$want"
	case $(sed -n 2p "$T/err") in
	''|"Try 'pecli "*"--help'.") pass ;;
	*) fail "$name: second stderr line"; sed -n 2p "$T/err" ;;
	esac
	expect_eq "$name: at most 2 stderr lines" "$(($(wc -l <"$T/err") <= 2))" 1
	expect_eq "$name: no file left" "$files" ""
	n_bad=$((n_bad + 1))
done <"$HERE/bad.txt"
expect_eq "battery: at least 80 cases" "$((n_bad >= 80))" 1

# ---- help and version: stdout, exit 0 ----
for args in "--help" "-h" "help" "--version" "-V" "help matrix" "matrix --help" \
            "help heatmap" "heatmap -h"; do
	run $args
	expect_eq "pecli $args: exit" "$rc" 0
	expect_eq "pecli $args: stderr empty" "$(cat "$T/err")" ""
	[ -s "$T/out" ] && pass || fail "pecli $args: stdout empty"
done
run --version
expect_eq "version line" "$(cat "$T/out")" "pecli $VERSION"
run --help
grep -q '^  matrix ' "$T/out" && grep -q '^  heatmap ' "$T/out" && pass \
	|| fail "--help lists the commands"
run help matrix
help_matrix=$(cat "$T/out")
run matrix --help
expect_eq "help matrix = matrix --help" "$(cat "$T/out")" "$help_matrix"
head -1 "$T/out" | grep -q '^Usage: pecli matrix ' && pass || fail "matrix usage line"

# ---- matrix: CSV ----
run matrix --scheme sinusoidal --d 4 --n 3 --base 100 --digits 8
expect_eq "matrix d4: exit" "$rc" 0
sed "s/@VERSION@/$VERSION/" "$HERE/expected/matrix-d4-n3-base100.csv" >"$T/want"
if cmp -s "$T/out" "$T/want"; then pass; else
	fail "matrix d4: stdout"; diff "$T/want" "$T/out" | head -20
fi
expect_eq "matrix d4: stderr" "$(cat "$T/err")" ""

run matrix
expect_eq "matrix default: exit" "$rc" 0
expect_eq "matrix default: rows" "$(grep -vc '^#' "$T/out")" 1025
expect_eq "matrix default: columns" "$(grep -v '^#' "$T/out" | awk -F, 'NR == 1 || NR == 1025 {print NF}' | sort -u)" 513
expect_eq "matrix default: header" "$(grep -v '^#' "$T/out" | head -1 | cut -d, -f1-3)" "pos,d0,d1"
expect_eq "matrix default: metadata" "$(grep '^#' "$T/out" | tr '\n' ';')" \
	"# pecli: $VERSION;# command: matrix;# scheme: sinusoidal;# d: 512;# n: 1024;# base: 10000;# layout: interleaved;"
# PE(1, 0) = sin(1), PE(1, 1) = cos(1): round-trip digits (17 significant at most)
expect_eq "matrix default: row 1" "$(grep -v '^#' "$T/out" | sed -n 3p | cut -d, -f1-3)" \
	"1,0.8414709848078965,0.5403023058681398"

run matrix --d 8 --n 2 --layout concat --format tsv
expect_eq "tsv concat: row 1" "$(sed -n '$p' "$T/out" | cut -f1,2,6)" \
	"$(printf '1\t0.8414709848078965\t0.5403023058681398')"
expect_eq "tsv concat: header" "$(grep -v '^#' "$T/out" | head -1)" \
	"$(printf 'pos\td0\td1\td2\td3\td4\td5\td6\td7')"

# --digits rounds the values, never the position column
run matrix --d 2 --n 20000 --digits 4
expect_eq "--digits: exact positions" "$(tail -1 "$T/out")" "19999,-0.3698,0.9291"

# -o FILE writes the file and nothing on stdout; '-' is stdout
run matrix --d 4 --n 3 --base 100 --digits 8 -o m.csv
expect_eq "-o: exit" "$rc" 0
expect_eq "-o: files" "$files" "m.csv"
cmp -s "$T/w/m.csv" "$T/want" && pass || fail "-o: content"
expect_eq "-o: stdout empty" "$(cat "$T/out")" ""
run matrix --d 4 --n 3 --base 100 --digits 8 -o -
cmp -s "$T/out" "$T/want" && pass || fail "-o -: stdout"

# ---- runtime errors: exit 3, one line, nothing left behind ----
"$PECLI" matrix --n 1000 >/dev/full 2>"$T/err"
expect_eq "/dev/full: exit" "$?" 3
expect_eq "/dev/full: message" "$(cat "$T/err")" "pecli: matrix: write error: No space left on device"
"$PECLI" heatmap --d 8 --n 8 >/dev/full 2>"$T/err"
expect_eq "heatmap /dev/full: exit" "$?" 3
expect_eq "heatmap /dev/full: lines" "$(wc -l <"$T/err" | tr -d ' ')" 1
run matrix -o nodir/m.csv
expect_eq "missing folder: exit" "$rc" 3
expect_eq "missing folder: message" "$(cat "$T/err")" \
	"pecli: matrix: cannot write 'nodir/m.csv': No such file or directory"
expect_eq "missing folder: no file" "$files" ""
mkdir -p "$T/w2/adir"
(cd "$T/w2" && "$PECLI" heatmap -o adir >"$T/out" 2>"$T/err")
expect_eq "folder as -o: exit" "$?" 3
expect_eq "folder as -o: message" "$(cat "$T/err")" \
	"pecli: heatmap: cannot write 'adir': Is a directory"
expect_eq "folder as -o: nothing written" "$(ls -A "$T/w2/adir")" ""

# a fatal signal while writing -o FILE leaves no temporary file behind
(cd "$T/w" && exec "$PECLI" matrix --n 100000000 --d 512 -o big.csv) 2>/dev/null &
pid=$!
sleep 1
kill -TERM "$pid"
{ wait "$pid"; } 2>/dev/null
rc=$?
expect_eq "SIGTERM: killed by the signal" "$rc" 143
expect_eq "SIGTERM: no file left" "$(ls -A "$T/w")" ""

# a closed pipe ends quietly (SIGPIPE stays default)
"$PECLI" matrix --n 100000 --d 64 2>"$T/err" | head -1 >"$T/out"
expect_eq "| head: first line" "$(cat "$T/out")" "# pecli: $VERSION"
expect_eq "| head: stderr" "$(cat "$T/err")" ""

# with SIGPIPE ignored, the closed pipe is a write error: exit 3, one line
(trap '' PIPE; "$PECLI" matrix --n 100000 --d 64 2>"$T/err"; echo $? >"$T/rc") | head -1 >/dev/null
expect_eq "SIGPIPE ignored: exit" "$(cat "$T/rc")" 3
expect_eq "SIGPIPE ignored: message" "$(cat "$T/err")" "pecli: matrix: write error: Broken pipe"

# ---- locale: a decimal-comma locale changes nothing ----
# pecli never calls setlocale, so numbers keep '.' whatever LC_ALL says;
# .ci/run installs de_DE.UTF-8 (localedef) so CI runs this
if locale -a 2>/dev/null | grep -qix 'de_DE.utf-\{0,1\}8'; then
	for args in "matrix --d 8 --n 5" "decay --scheme rope --d 16 --max-dist 50 --samples 3" \
	            "freqs --config $CONFIGS/llama3.1-8b.json" "check --n 64 --format csv" \
	            "matrix --base 1,5"; do
		(cd "$T" && LC_ALL=C "$PECLI" $args >"$T/c.out" 2>"$T/c.err"; echo $? >>"$T/c.err")
		(cd "$T" && LC_ALL=de_DE.UTF-8 "$PECLI" $args >"$T/d.out" 2>"$T/d.err"; echo $? >>"$T/d.err")
		cmp -s "$T/c.out" "$T/d.out" && cmp -s "$T/c.err" "$T/d.err" && pass \
			|| fail "locale de_DE.UTF-8: pecli $args differs from C"
	done
	(cd "$T" && LC_ALL=de_DE.UTF-8 "$PECLI" matrix --d 2 --n 2 | tail -1 >"$T/d.out")
	expect_eq "locale de_DE.UTF-8: decimal point" "$(cat "$T/d.out")" "1,0.8414709848078965,0.5403023058681398"
else
	skip "locale de_DE.UTF-8 is not installed (.ci/run installs it)"
fi

# ---- heatmap: PNG read back with libpng ----
# The framed figure (man/pecli.1, PNG): c x r cells of kx x ky pixels make a
# plot of c kx by r ky; without --scale, k = ceil(256 / cells) on each side
# (at least 1).  Where the plot sits depends on the font's widths: the PNG
# records it in its tEXt chunk "plot" (X,Y,W,H).
# figsize C R KX KY: the documented plot size; plotsize FILE: the recorded one
figsize() { echo "$(($1 * $3)) $(($2 * $4))"; }
plotsize() { "$PNGREAD" "$1" | sed -n 's/^text plot=[0-9]*,[0-9]*,\([0-9]*\),\([0-9]*\)$/\1 \2/p'; }
# at X,Y of the plot's corner plus DX,DY
at() { "$PNGREAD" "$1" | sed -n 's/^text plot=\([0-9]*\),\([0-9]*\),.*/\1 \2/p' | {
	read -r x y; echo "$((x + $2)),$((y + $3))"; }; }
run heatmap --scheme sinusoidal --d 16 --n 4 -o h.png
expect_eq "heatmap: exit" "$rc" 0
expect_eq "heatmap: files" "$files" "h.png"
# cell (row i, column j) has its centre at the plot's corner + (16 j + 8, 64 i + 32)
"$PNGREAD" "$T/w/h.png" "$(at "$T/w/h.png" 8 32)" "$(at "$T/w/h.png" 24 32)" \
	"$(at "$T/w/h.png" 8 160)" "$(at "$T/w/h.png" 24 160)" 0,0 | sed 1d | grep -v '^text' \
	| cut -d' ' -f2- | sed 's/^/cell /' >"$T/cells"
"$PNGREAD" "$T/w/h.png" 0,0 >"$T/png"
# 16 x 16 and 4 x 64 pixels a cell, 8-bit RGB (colour type 2)
expect_eq "heatmap: plot size" "$(plotsize "$T/w/h.png")" "$(figsize 16 4 16 64)"
expect_eq "heatmap: 8-bit RGB" "$(sed -n 1p "$T/png" | cut -d' ' -f3,4)" "8 2"
# [-1, 1] is centred on zero: the diverging coolwarm map.  Expected colours:
# entries of coolwarm in src/write/colormap.c (matplotlib 3.6.3's
# colormaps['coolwarm'](k, bytes=True)), k = floor((v + 1) / 2 * 256):
# sin 0 = 0 -> 128 (221, 220, 219), cos 0 = 1 -> 255 (179, 3, 38),
# sin 2 = 0.909 -> 244 (196, 48, 50), cos 2 = -0.416 -> 74 (155, 187, 254)
expect_eq "heatmap: colour map" "$(grep '^text colormap=' "$T/png")" "text colormap=coolwarm"
expect_eq "heatmap: pixels of cells (0,0) (0,1) (2,0) (2,1)" "$(tr '\n' ';' <"$T/cells")" \
	"cell 221 220 219;cell 179 3 38;cell 196 48 50;cell 155 187 254;cell 255 255 255;"
expect_eq "heatmap: white background" "$(grep '^0,0 ' "$T/png")" "0,0 255 255 255"
expect_eq "heatmap: tEXt Comment" "$(grep '^text Comment=' "$T/png")" \
	"text Comment=pecli heatmap --scheme sinusoidal --d 16 --n 4 -o h.png"
expect_eq "heatmap: tEXt d" "$(grep '^text d=' "$T/png")" "text d=16"
expect_eq "heatmap: tEXt range" "$(grep '^text range=' "$T/png")" "text range=-1:1"

# --raw: one pixel per cell, n x d.  Expected colours from matplotlib 3.6.3
# (Debian python3-matplotlib): matplotlib.colormaps['viridis'](Normalize(-1,
# 1)(v), bytes=True) gives v = sin 0 = 0 -> (32, 144, 140), v = cos 0 = 1 ->
# (253, 231, 36), v = sin 2 -> (225, 227, 24), v = cos 2 -> (53, 92, 140).
run heatmap --d 16 --n 4 --raw --colormap viridis -o r.png
"$PNGREAD" "$T/w/r.png" 0,0 1,0 0,2 1,2 >"$T/png"
expect_eq "heatmap --raw: size" "$(sed -n 1p "$T/png")" "16 4 8 3"
expect_eq "heatmap --raw: pixel (0,0)" "$(grep '^0,0 ' "$T/png")" "0,0 32 144 140"
expect_eq "heatmap --raw: pixel (1,0)" "$(grep '^1,0 ' "$T/png")" "1,0 253 231 36"
expect_eq "heatmap --raw: pixel (0,2)" "$(grep '^0,2 ' "$T/png")" "0,2 225 227 24"
expect_eq "heatmap --raw: pixel (1,2)" "$(grep '^1,2 ' "$T/png")" "1,2 53 92 140"
expect_eq "heatmap --raw: --colormap" "$(grep '^text colormap=' "$T/png")" "text colormap=viridis"
# the palette of a raw PNG without masked cells: the colour map's 256
# entries; matplotlib 3.6.3 colormaps['viridis']([0, 255], bytes=True) =
# (68, 1, 84), (253, 231, 36)
"$PNGREAD" -p "$T/w/r.png" >"$T/png"
expect_eq "heatmap --raw: palette" "$(grep -E '^palette (0|255) ' "$T/png" | tr '\n' ';')" \
	"palette 0 68 1 84;palette 255 253 231 36;"
expect_eq "heatmap --raw: palette entries" "$(grep -c '^palette ' "$T/png")" 256

# --scale K: K x K pixels a cell, raw or framed
run heatmap --d 16 --n 4 --raw --scale 3 --colormap viridis -o s3.png
"$PNGREAD" "$T/w/s3.png" 3,0 5,2 6,0 >"$T/png"
expect_eq "heatmap --raw --scale 3: size" "$(sed -n 1p "$T/png")" "48 12 8 3"
# pixels (3,0) and (5,2) are both in cell (0,1), cos 0 = 1; (6,0) in cell (0,2), sin 0 = 0
expect_eq "heatmap --raw --scale 3: cell (0,1)" "$(grep -E '^(3,0|5,2) ' "$T/png" | cut -d' ' -f2- | sort -u)" "253 231 36"
expect_eq "heatmap --raw --scale 3: cell (0,2)" "$(grep '^6,0 ' "$T/png")" "6,0 32 144 140"
run heatmap --d 32 --n 100 --scale 2 -o s2.png
expect_eq "heatmap --scale 2: size" "$(plotsize "$T/w/s2.png")" "$(figsize 32 100 2 2)"

# default size: the d x n of the command in the README, one pixel a cell
run heatmap --scheme sinusoidal --d 512
expect_eq "heatmap stdout: exit" "$rc" 0
expect_eq "heatmap stdout: size" "$(plotsize "$T/out")" "$(figsize 512 1024 1 1)"
expect_eq "heatmap stdout: no file" "$files" ""

# --max-size: more cells than pixels a side are averaged in blocks.
# 5000 positions, at most 2048 pixels: blocks of ceil(5000 / 2048) = 3
# positions, ceil(5000 / 3) = 1667 rows; 64 columns of ceil(256 / 64) = 4
run heatmap --d 64 --n 5000 -o big.png
"$PNGREAD" "$T/w/big.png" >"$T/png"
expect_eq "heatmap 5000 rows: size" "$(plotsize "$T/w/big.png")" "$(figsize 64 1667 4 1)"
expect_eq "heatmap 5000 rows: reduced" "$(grep '^text reduced=' "$T/png")" \
	"text reduced=means of 3 x 1 cell blocks (rows x columns)"
run heatmap --d 16 --n 10 --raw --max-size 4 -o m4.png
"$PNGREAD" "$T/w/m4.png" >"$T/png"
# columns: blocks of 4, 4 of them; rows: blocks of ceil(10 / 4) = 3, 4 of them
expect_eq "heatmap --raw --max-size 4: size" "$(sed -n 1p "$T/png")" "4 4 8 3"
expect_eq "heatmap --raw --max-size 4: reduced" "$(grep '^text reduced=' "$T/png")" \
	"text reduced=means of 3 x 4 cell blocks (rows x columns)"
# the mean of PE(0) = (0, 1) and PE(1) = (sin 1, cos 1) for d = 2 is
# (1 + sin 1 + cos 1) / 4 = 0.5954433226690091 (Python), coolwarm entry
# floor(1.5954433 / 2 * 256) = 204, (237, 132, 103) in src/write/colormap.c
run heatmap --d 2 --n 2 --raw --max-size 1 -o m1.png
expect_eq "heatmap --max-size 1: the mean's colour" "$("$PNGREAD" "$T/w/m1.png" 0,0 | tail -1)" "0,0 237 132 103"
# --raw has no size limit unless given
run heatmap --d 4 --n 3000 --raw -o tall.png
expect_eq "heatmap --raw: no default limit" "$("$PNGREAD" "$T/w/tall.png" | head -1)" "4 3000 8 3"

# the colour map follows the range: [0, 2] is not centred on zero
run heatmap --d 8 --n 4 --range 0:2 -o r02.png
expect_eq "--range 0:2: viridis" "$("$PNGREAD" "$T/w/r02.png" | grep '^text colormap=')" "text colormap=viridis"
expect_eq "--range 0:2: recorded" "$("$PNGREAD" "$T/w/r02.png" | grep '^text range=')" "text range=0:2"
run heatmap --d 8 --n 4 --range=-2:2 -o r22.png
expect_eq "--range -2:2: coolwarm" "$("$PNGREAD" "$T/w/r22.png" | grep '^text colormap=')" "text colormap=coolwarm"
run heatmap --d 8 --n 4 --colormap magma --raw -o mg.png
# matplotlib's magma: entry 0 is (0, 0, 3) (src/write/colormap.c)
expect_eq "--colormap magma" "$("$PNGREAD" -p "$T/w/mg.png" | grep -E '^(text colormap=|palette 0 )' | tr '\n' ';')" \
	"palette 0 0 0 3;text colormap=magma;"

# on a terminal: never PNG bytes; a default file named on stderr
if command -v script >/dev/null 2>&1; then
	rm -rf "$T/tty" && mkdir "$T/tty"
	(cd "$T/tty" && script -qec "'$PECLI' heatmap --d 8 --n 4" /dev/null >"$T/ttyout" 2>&1 </dev/null)
	expect_eq "heatmap on a tty: file" "$(ls -A "$T/tty")" "heatmap-sinusoidal-d8-n4.png"
	grep -q "pecli: heatmap: wrote heatmap-sinusoidal-d8-n4.png" "$T/ttyout" && pass \
		|| fail "heatmap on a tty: names the file"
	grep -q IHDR "$T/ttyout" && fail "heatmap on a tty: PNG bytes on the terminal" || pass
	(cd "$T/tty" && script -qec "'$PECLI' heatmap --d 8 --n 4 -o -" /dev/null >"$T/ttyout" 2>&1 </dev/null)
	grep -q "pecli: heatmap: refusing to write PNG data to a terminal" "$T/ttyout" && pass \
		|| fail "heatmap -o - on a tty: refused"
	grep -q IHDR "$T/ttyout" && fail "heatmap -o - on a tty: PNG bytes on the terminal" || pass
else
	skip "no script(1): the terminal case is not tested"
fi

# ---- RoPE: freqs from a model config, presets, overrides ----
run freqs --config "$CONFIGS/llama3.1-8b.json"
expect_eq "freqs llama3.1 config: exit" "$rc" 0
expect_eq "freqs llama3.1 config: 64 pairs" "$(grep -v '^#' "$T/out" | sed 1d | wc -l | tr -d ' ')" 64
expect_eq "freqs llama3.1 config: header" "$(grep -v '^#' "$T/out" | head -1)" \
	"pair,inv_freq,inv_freq_base,wavelength,rotations,ratio,smooth,region"
expect_eq "freqs llama3.1 config: attention factor" "$(grep '^# attention_factor:' "$T/out")" "# attention_factor: 1"
# every inverse frequency within 1e-14 relative of the reference (see the
# expected file's header), and the same band for every pair
grep -v '^#' "$T/out" | sed 1d | cut -d, -f1,2,8 | tr ',' ' ' >"$T/got"
grep -v '^#' "$HERE/expected/llama3.1-8b-freqs.txt" >"$T/ref"
bad=$(paste -d' ' "$T/got" "$T/ref" | awk '{
	rel = ($2 - $5) / $5; if (rel < 0) rel = -rel
	band = ($3 == "high") ? "H" : ($3 == "mid") ? "M" : "L"
	if ($1 != $4 || rel > 1e-14 || band != $6) print }')
expect_eq "freqs llama3.1 config: 64 inv_freq and bands equal the reference" "$bad" ""
expect_eq "freqs llama3.1 config: reference rows" "$(wc -l <"$T/ref" | tr -d ' ')" 64

run freqs --preset llama3.1-8b
grep -v '^# source:' "$T/out" >"$T/preset"
run freqs --config "$CONFIGS/llama3.1-8b.json"
grep -v '^# source:' "$T/out" >"$T/config"
cmp -s "$T/preset" "$T/config" && pass || fail "freqs: the preset equals its config.json"

# a config.json describes a Hugging Face model: half pairing (rotate_half)
expect_eq "config: half pairing" "$(grep '^# pairing:' "$T/config")" "# pairing: half"
run freqs --preset llama3.1-8b --pairing interleaved
expect_eq "flag over config: pairing" "$(grep '^# pairing:' "$T/out")" "# pairing: interleaved"
# Phi-3 sets no factor: LongRoPE derives it as 131072 / 4096 = 32, and the
# attention factor sqrt(1 + ln 32 / ln 4096) (HF _compute_longrope_parameters;
# Python: 1.1902380714238083)
run freqs --preset phi3-mini-128k
expect_eq "longrope derived factor" "$(grep '^# factor:' "$T/out")" "# factor: 32 (max_pos / original_max)"
expect_eq "longrope attention factor" "$(grep '^# attention_factor:' "$T/out")" "# attention_factor: 1.1902380714238083"

# explicit flags override the preset
run freqs --preset llama3.1-8b --factor 4
expect_eq "flag over preset: factor" "$(grep '^# factor:' "$T/out")" "# factor: 4"
expect_eq "flag over preset: base kept" "$(grep '^# base:' "$T/out")" "# base: 500000"
run freqs --preset gpt-neox-20b
expect_eq "gpt-neox: rotary_dim" "$(grep '^# rotary_dim:' "$T/out")" "# rotary_dim: 24"
expect_eq "gpt-neox: 12 pairs" "$(grep -v '^#' "$T/out" | sed 1d | wc -l | tr -d ' ')" 12

# YaRN's attention factor: HF get_mscale, 0.1 * math.log(s) + 1.0 for s = 10,
# which Python evaluates to 1.2302585092994045; the ramp column appears
run freqs --scheme rope --scaling yarn --factor 10 --original-max 4096
expect_eq "yarn: attention factor" "$(grep '^# attention_factor:' "$T/out")" \
	"# attention_factor: 1.2302585092994045"
expect_eq "yarn: ramp column" "$(grep -v '^#' "$T/out" | head -1 | cut -d, -f7)" "ramp"
# linear: theta_i / s exactly, so ratio = 4 and pair 0 = 1/4
run freqs --scheme rope --scaling linear --factor 4 --d 8
expect_eq "linear: pair 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" "0,0.25,1,25.132741228718345,162.97466172610083,4"
# sinusoidal has frequencies too: 10000^(-2i/d), d = 4: 1 and 0.01
run freqs --d 4 --n 100
expect_eq "sinusoidal freqs: pair 1" "$(grep -v '^#' "$T/out" | sed -n 3p | cut -d, -f1-3)" "1,0.01,0.01"

run presets
expect_eq "presets: exit" "$rc" 0
expect_eq "presets: header" "$(grep -v '^#' "$T/out" | head -1)" \
	"name,scheme,d,rotary_dim,base,scaling,factor,original_max,max_pos,description"
grep -q '^llama3.1-8b,rope,128,128,500000,llama3,8,8192,131072,' "$T/out" && pass || fail "presets: llama3.1-8b row"
# openai/gpt-oss-20b config.json: head_dim 64, yarn x32 from 4096
grep -q '^gpt-oss-20b,rope,64,64,150000,yarn,32,4096,131072,' "$T/out" && pass || fail "presets: gpt-oss-20b row"
# Qwen/Qwen3-8B config.json: 4096 / 32, theta 1e6, 40960 positions
grep -q '^qwen3-8b,rope,128,128,1000000,none,,,40960,' "$T/out" && pass || fail "presets: qwen3-8b row"
# deepseek-ai/DeepSeek-V3 config.json: qk_rope_head_dim 64 rotates
grep -q '^deepseek-v3,rope,64,64,10000,yarn,40,4096,163840,' "$T/out" && pass || fail "presets: deepseek-v3 row"
# deepseek-ai/DeepSeek-V2-Lite config.json: qk_rope_head_dim 64 rotates, not 2048 / 16
grep -q '^deepseek-v2-lite,rope,64,64,10000,yarn,40,4096,163840,' "$T/out" && pass || fail "presets: deepseek-v2-lite row"
# openai-community/gpt2: a learned table, no rotary columns
grep -q '^gpt2,learned,,,,,,,,' "$T/out" && pass || fail "presets: gpt2 row"
grep -q '^t5-small,t5,,,,,,,,' "$T/out" && pass || fail "presets: t5-small row"
# bigscience/bloom-3b, mosaicml/mpt-30b: ALiBi, no rotary columns
grep -q '^bloom-3b,alibi,,,,,,,,' "$T/out" && pass || fail "presets: bloom-3b row"
grep -q '^mpt-30b,alibi,,,,,,,,' "$T/out" && pass || fail "presets: mpt-30b row"
# mistralai/Mistral-Nemo-Base-2407 config.json: head_dim 128 given, not 160
grep -q '^mistral-nemo,rope,128,128,1000000,none,,,128000,' "$T/out" && pass || fail "presets: mistral-nemo row"

# ---- RoPE tables ----
# angles p * theta_i, theta = (1, 10000^(-1/2) = 0.01) for d = 4
run matrix --scheme rope --d 4 --n 3 --table angle
expect_eq "rope angle table: header" "$(grep -v '^#' "$T/out" | head -1)" "pos,pair0,pair1"
expect_eq "rope angle table: row 2" "$(tail -1 "$T/out")" "2,2,0.02"
run matrix --scheme rope --d 4 --n 2
expect_eq "rope cos table (default): row 1" "$(tail -1 "$T/out")" "1,0.5403023058681398,0.9999500004166653"
run matrix --scheme rope --d 4 --n 2 --table sin --digits 6
expect_eq "rope sin table: row 1" "$(tail -1 "$T/out")" "1,0.841471,0.00999983"
# xPos scale: zeta_i = (2i/R + 0.4) / 1.4, R = 4: 2/7 and 9/14; at p = 512 =
# scale_base the scale is zeta itself
run matrix --scheme xpos --d 4 --n 513 --table scale --digits 6
expect_eq "xpos scale table: row 512" "$(tail -1 "$T/out")" "512,0.285714,0.642857"
run heatmap --scheme rope --d 16 --n 5 --table angle -o a.png
expect_eq "rope heatmap: exit" "$rc" 0
"$PNGREAD" "$T/w/a.png" >"$T/png"
expect_eq "rope heatmap: 8 pairs x 5 positions" "$(plotsize "$T/w/a.png")" "$(figsize 8 5 32 52)"
expect_eq "rope heatmap: measured range" "$(grep '^text range=' "$T/png")" "text range=0:4"
expect_eq "rope heatmap: angles not signed, viridis" "$(grep '^text colormap=' "$T/png")" "text colormap=viridis"
run heatmap --scheme rope --d 16 --n 5 -o c.png
expect_eq "rope cos heatmap: signed, coolwarm" "$("$PNGREAD" "$T/w/c.png" | grep -E '^text (colormap|range)=' | tr '\n' ';')" \
	"text range=-1:1;text colormap=coolwarm;"

# ---- similarity matrices ----
# sinusoidal d = 4, base 100: PE(0).PE(1) = cos 1 + cos 0.1, PE(0).PE(3) =
# cos 3 + cos 0.3 (Python: 1.5353064711461655, -0.034656007474839434);
# the diagonal is d/2 = 2
run matrix --d 4 --n 4 --base 100 --of similarity
expect_eq "similarity: header" "$(grep -v '^#' "$T/out" | head -1)" "pos,k0,k1,k2,k3"
expect_eq "similarity: row 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" \
	"0,2,1.5353064711461655,0.5639197412940993,-0.034656007474839434"
expect_eq "similarity: symmetric" "$(grep -v '^#' "$T/out" | sed -n 5p)" \
	"3,-0.034656007474839434,0.5639197412940993,1.5353064711461655,2"
# RoPE, q = k = ones, d = 4: score(0, 1) = 2 (cos 1 + cos 0.01); cosine
# divides by score(0, 0) = 4
run matrix --scheme rope --d 4 --n 2 --of similarity --metric cosine
expect_eq "similarity cosine: row 0" "$(tail -2 "$T/out" | head -1)" "0,1,0.7701261531424025"
run heatmap --of similarity --d 64 --n 40 -o s.png
"$PNGREAD" "$T/w/s.png" "$(at "$T/w/s.png" 3 3)" >"$T/png"
expect_eq "similarity heatmap: size" "$(plotsize "$T/w/s.png")" "$(figsize 40 40 7 7)"
# the colour rule (pecli(1), COLOURS): the sinusoidal similarity is all
# positive here, from 15.255453713894614 at distance 39 (numpy:
# np.cos(np.outer(r, 10000.0 ** (-np.arange(0, 64, 2) / 64))).sum(1).min(),
# r < 40) to the diagonal d/2 = 32, so viridis over its own range
expect_eq "similarity heatmap: sequential map" "$(grep '^text colormap=' "$T/png")" "text colormap=viridis"
expect_eq "similarity heatmap: range" "$(grep '^text range=' "$T/png")" "text range=15.255453713894614:32"
# matplotlib 3.6.3: colormaps['viridis'](Normalize(15.2554..., 32)(32),
# bytes=True) = (253, 231, 36): the diagonal is the top of the map
expect_eq "similarity heatmap: diagonal colour" "$(sed -n '$p' "$T/png" | cut -d' ' -f2-)" "253 231 36"
# values that straddle zero (d = 4, base 100: score(0, 3) = cos 3 + cos 0.3
# < 0, above) get coolwarm, symmetric about zero: [-2, 2]
run heatmap --of similarity --d 4 --base 100 --n 4 -o s4.png
"$PNGREAD" "$T/w/s4.png" >"$T/png"
expect_eq "similarity heatmap, signed: diverging map" "$(grep '^text colormap=' "$T/png")" "text colormap=coolwarm"
expect_eq "similarity heatmap, signed: range" "$(grep '^text range=' "$T/png")" "text range=-2:2"

# ---- decay ----
# sinusoidal d = 4, base 100: dot(r) = cos r + cos(r/10) (Python:
# 1.5353064711461655 at r = 1, 0.5639197412940993 at r = 2); 2 at r = 0
run decay --d 4 --base 100 --max-dist 2
expect_eq "decay sinusoidal: rows" "$(grep -v '^#' "$T/out" | tr '\n' ';')" \
	"distance,dot;0,2;1,1.5353064711461655;2,0.5639197412940993;"
# RoPE d = 128: the RoFormer bound is (F + 1)/2 = 32.5 at r = 0 (every
# |S_j| = j), and the ones score is d = 128
run decay --scheme rope --max-dist 256 --step 128
expect_eq "decay rope: header" "$(grep -v '^#' "$T/out" | head -1)" "distance,dot,bound"
expect_eq "decay rope: r = 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" "0,128,32.5"
expect_eq "decay rope: 3 rows" "$(grep -v '^#' "$T/out" | sed 1d | cut -d, -f1 | tr '\n' ' ')" "0 128 256 "
# --normalize: both columns 1 at r = 0
run decay --scheme rope --max-dist 1 --normalize
expect_eq "decay --normalize: r = 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" "0,1,1"
# --samples adds mean and std; the same seed gives the same numbers
run decay --scheme rope --max-dist 3 --samples 50 --seed 9
cp "$T/out" "$T/s1"
run decay --scheme rope --max-dist 3 --samples 50 --seed 9
cmp -s "$T/out" "$T/s1" && pass || fail "decay --samples: reproducible"
expect_eq "decay --samples: header" "$(grep -v '^#' "$T/out" | head -1)" "distance,dot,bound,mean,std"
run decay --scheme rope --max-dist 3 --samples 50 --seed 10
cmp -s "$T/out" "$T/s1" && fail "decay --samples: the seed matters" || pass
# --log: 0, then log-spaced to 1e7 and beyond
run decay --max-dist 1e7 --log --points 6
expect_eq "decay --log: distances" "$(grep -v '^#' "$T/out" | sed 1d | cut -d, -f1 | tr '\n' ' ')" \
	"0 1 25 631 15849 398107 10000000 "
# a long range streams: 10^6 distances, rows written as computed
"$PECLI" decay --scheme rope --max-dist 1000000 --digits 3 2>"$T/err" | tail -1 >"$T/out"
expect_eq "decay 10^6 distances: last row" "$(cut -d, -f1 "$T/out")" "1000000"

# ---- check ----
run check
expect_eq "check sinusoidal: exit 0" "$rc" 0
expect_eq "check sinusoidal: csv when piped" "$(grep -v '^#' "$T/out" | head -1)" "property,value,threshold,status"
expect_eq "check sinusoidal: statuses" "$(grep -v '^#' "$T/out" | sed 1d | cut -d, -f1,4 | tr '\n' ' ')" \
	"uniqueness,pass collision_float32,pass collision_float16,pass collision_bfloat16,pass consistency_distance,pass consistency_dot,pass bounded,pass decay,pass invariance,skip "
run check --scheme rope --preset llama3.1-8b
expect_eq "check llama3.1: exit 0" "$rc" 0
grep -q '^invariance,.*,pass$' "$T/out" && pass || fail "check rope: invariance measured and passes"
run check --format table
expect_eq "check --format table: header" "$(grep -v '^#' "$T/out" | head -1)" \
	"property              value                  threshold  status"
# d = 2, base 10000: one pair, angle p; 710 = 113 * 2 pi + 6e-5 (355/113 is
# close to pi), so PE(711) and PE(1) agree to 6e-5 and round alike in
# bfloat16 (and float16 one step later); exit 1
run check --d 2 --n 800
expect_eq "check d2: exit 1" "$rc" 1
expect_eq "check d2: bfloat16 collision" "$(grep '^collision_bfloat16' "$T/out")" "collision_bfloat16,711,,fail"
expect_eq "check d2: float16 collision" "$(grep '^collision_float16' "$T/out")" "collision_float16,712,,fail"
# the sinusoidal envelope rises again past 8192 (measured by the core tests)
run check --n 20000
expect_eq "check n 20000: decay fails" "$(grep '^decay' "$T/out")" "decay,8192,,fail"
expect_eq "check n 20000: exit 1" "$rc" 1
run check --max-abs 0.5
expect_eq "check --max-abs: bounded fails" "$(grep '^bounded' "$T/out")" "bounded,1,0.5,fail"

# ---- no encoding, sinusoidal variants ----
run check --scheme nope --n 64
expect_eq "nope: check fails" "$rc" 1
expect_eq "nope: uniqueness fails" "$(grep '^uniqueness' "$T/out")" "uniqueness,0,1e-06,fail"
run freqs --scheme nope
expect_eq "nope: no frequencies" "$(sed -n 1p "$T/err")" "pecli: freqs: --scheme nope has no frequencies to list"
expect_eq "nope: no frequencies: a usage error" "$rc" 2
# fairseq, d = 8: exp(-i ln(10000) / 3) = 10^(-4i/3); concatenated by default
run freqs --d 8 --variant fairseq --digits 6
expect_eq "fairseq: inv_freq" "$(grep -v '^#' "$T/out" | sed 1d | cut -d, -f2 | tr '\n' ' ')" "1 0.0464159 0.00215443 0.0001 "
expect_eq "fairseq: concat layout" "$(grep '^# layout:' "$T/out")" "# layout: concat"
# flip: cos first; PE(1) = cos 1, sin 1, cos 0.01, sin 0.01
run matrix --d 4 --n 2 --flip
expect_eq "flip: row 1" "$(tail -1 "$T/out")" "1,0.5403023058681398,0.8414709848078965,0.9999500004166653,0.009999833334166664"

# ---- bias schemes: ALiBi and T5 ----
# ALiBi slopes, 12 heads: get_slopes(8) then every other slope of 16 heads,
# 2^-0.5, 2^-1.5, ... (Press et al. 2022, ofirpress/attention_with_linear_biases)
run freqs --scheme alibi --heads 12 --digits 6
expect_eq "alibi freqs: exit" "$rc" 0
expect_eq "alibi freqs: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "head,slope"
expect_eq "alibi freqs: slopes" "$(grep -v '^#' "$T/out" | sed 1d | cut -d, -f2 | tr '\n' ' ')" \
	"0.5 0.25 0.125 0.0625 0.03125 0.015625 0.0078125 0.00390625 0.707107 0.353553 0.176777 0.0883883 "
# head 0 of 8 (slope 1/2), the paper's Figure 3: query i sees -m (i - j),
# keys after the query masked (empty cells)
run matrix --scheme alibi --head 0 --n 4
expect_eq "alibi matrix: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "pos,k0,k1,k2,k3"
expect_eq "alibi matrix: row 1" "$(grep -v '^#' "$T/out" | sed -n 3p)" "1,-0.5,0,,"
expect_eq "alibi matrix: row 3" "$(tail -1 "$T/out")" "3,-1.5,-1,-0.5,0"
expect_eq "alibi matrix: head" "$(grep '^# head:' "$T/out")" "# head: 0"
# every head side by side: 1 + 8 x 4 columns
run matrix --scheme alibi --n 4
expect_eq "alibi heads: columns" "$(grep -v '^#' "$T/out" | sed -n 1p | tr ',' '\n' | wc -l | tr -d ' ')" 33
expect_eq "alibi heads: last column" "$(grep -v '^#' "$T/out" | sed -n 1p | tr ',' '\n' | tail -1)" "h7_k3"
# decay: the bias of the key r back, -m_h r; 2 heads have slopes 2^-4, 2^-8
run decay --scheme alibi --heads 2 --max-dist 4
expect_eq "alibi decay: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "distance,h0,h1"
expect_eq "alibi decay: r = 4" "$(tail -1 "$T/out")" "4,-0.25,-0.015625"
run check --scheme alibi --n 64
expect_eq "alibi check: exit 0" "$rc" 0
expect_eq "alibi check: consistency" "$(grep '^consistency_bias' "$T/out")" "consistency_bias,0,1e-09,pass"
expect_eq "alibi check: decay" "$(grep '^decay' "$T/out")" "decay,,,pass"
expect_eq "alibi check: uniqueness skipped" "$(grep '^uniqueness' "$T/out")" "uniqueness,,,skip"
# the heatmap: n rows, heads x n columns; the figure's cells 4 x 16 pixels
run heatmap --scheme alibi --heads 4 --n 16 -o a.png
expect_eq "alibi heatmap: size" "$(plotsize "$T/w/a.png")" "$(figsize 64 16 4 16)"
expect_eq "alibi heatmap: title" "$("$PNGREAD" "$T/w/a.png" | grep '^text Title=')" \
	"text Title=alibi bias, heads 0..3 side by side, n=16, each head its own colours"
# raw, one pixel a cell; the keys after the query are masked (NaN): the mask
# entry, white.  Range [-3.75, 0] (head 0: slope 2^-2, 15 positions back), not
# signed: viridis.  Key = query: bias 0, the top, viridis entry 255 (253, 231,
# 36); query 1, key 0: -0.25, entry floor(3.5 / 3.75 * 256) = 238,
# (210, 225, 27) in src/write/colormap.c
run heatmap --scheme alibi --heads 4 --n 16 --raw --head-scale shared -o ar.png
"$PNGREAD" -p "$T/w/ar.png" 0,0 1,0 0,1 17,0 >"$T/png"
expect_eq "alibi heatmap --raw: size" "$(sed -n 1p "$T/png")" "64 16 8 3"
expect_eq "alibi heatmap --raw: colours" "$(grep -E '^[0-9]+,[0-9]+ ' "$T/png" | tr '\n' ';')" \
	"0,0 253 231 36;1,0 255 255 255;0,1 210 225 27;17,0 255 255 255;"
expect_eq "alibi heatmap --raw: the mask entry" "$(grep '^palette 253 ' "$T/png")" "palette 253 255 255 255"
expect_eq "alibi heatmap --raw: range, map" "$(grep -E '^text (range|colormap)=' "$T/png" | tr '\n' ';')" \
	"text range=-3.75:0;text colormap=viridis;"
# head 3 (slope 2^-8), query 1, key 0 at pixel (48, 1): -1/256.  Shared
# with head 0's [-3.75, 0] that is entry floor((3.75 - 1/256) / 3.75 * 256)
# = 255, the top (253, 231, 36), as flat as the head's every cell; with
# --head-scale each (the default) head 3 spans its own [-15/256, 0] and
# the cell is (15 - 1) / 15 of it, entry 238 (210, 225, 27), as head 0's
# cell (0, 1) is: every head shows the same ramp
"$PNGREAD" "$T/w/ar.png" 48,1 >"$T/png"
expect_eq "alibi heatmap --head-scale shared: head 3 flat" "$(grep '^48,1 ' "$T/png")" "48,1 253 231 36"
run heatmap --scheme alibi --heads 4 --n 16 --raw -o ae.png
"$PNGREAD" "$T/w/ae.png" 0,0 0,1 48,1 17,0 >"$T/png"
expect_eq "alibi heatmap --head-scale each: colours" "$(grep -E '^[0-9]+,[0-9]+ ' "$T/png" | tr '\n' ';')" \
	"0,0 253 231 36;0,1 210 225 27;48,1 210 225 27;17,0 255 255 255;"
expect_eq "alibi heatmap --head-scale each: range, map" "$(grep -E '^text (range|colormap)=' "$T/png" | tr '\n' ';')" \
	"text range=0:1;text colormap=viridis;"
expect_eq "alibi heatmap --head-scale each: the heads' ranges" "$(grep '^text head_scale=' "$T/png")" \
	"text head_scale=each: every head's values mapped onto [0, 1] by its own lowest (0) and highest (1); h0 [-3.75, 0], h3 [-0.0585938, 0]"
# T5, Hugging Face's defaults (32 buckets, 128): the buckets' relative
# positions (tests/check_t5.c has the reference function's table)
run freqs --scheme t5 --bidirectional
expect_eq "t5 freqs: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "bucket,rel_min,rel_max"
expect_eq "t5 freqs: bucket 15" "$(grep '^15,' "$T/out")" "15,-inf,-91"
expect_eq "t5 freqs: bucket 16 empty" "$(grep '^16,' "$T/out")" "16,,"
expect_eq "t5 freqs: bucket 31" "$(grep '^31,' "$T/out")" "31,91,inf"
run freqs --scheme t5
expect_eq "t5 causal: bucket 0" "$(grep '^0,' "$T/out")" "0,0,inf"
expect_eq "t5 causal: bucket 31" "$(grep '^31,' "$T/out")" "31,-inf,-113"
run matrix --scheme t5 --n 3 --bidirectional
expect_eq "t5 matrix: row 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" "0,0,17,18"
expect_eq "t5 matrix: row 2" "$(tail -1 "$T/out")" "2,2,1,0"
run decay --scheme t5 --max-dist 120 --step 40
expect_eq "t5 decay: buckets" "$(grep -v '^#' "$T/out" | tr '\n' ' ')" "distance,bucket 0,0 40,23 80,28 120,31 "
run check --scheme t5
expect_eq "t5 check: decay skipped (an index)" "$(grep '^decay' "$T/out")" "decay,,,skip"
# with bucket weights: the bias of each head (8 buckets from the file)
run matrix --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv" --n 3 --head 1
expect_eq "t5 weights: row 2" "$(tail -1 "$T/out")" "2,0.5,0.25,0"
expect_eq "t5 weights: buckets" "$(grep '^# buckets:' "$T/out")" "# buckets: 8"
run freqs --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv" --max-distance 16
expect_eq "t5 weights freqs: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "bucket,rel_min,rel_max,h0,h1"
expect_eq "t5 weights freqs: bucket 7" "$(tail -1 "$T/out")" "7,-inf,-12,-3.5,1.75"
# head 0 falls with the distance, head 1 rises: check fails for all heads
run check --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv" --head 0
expect_eq "t5 weights head 0: exit 0" "$rc" 0
run check --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv"
expect_eq "t5 weights all heads: exit 1" "$rc" 1
expect_eq "t5 weights all heads: decay" "$(grep '^decay' "$T/out")" "decay,2,,fail"

run matrix --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv" --buckets 32
expect_eq "t5 weights: rows against --buckets" "$(sed -n 1p "$T/err")" \
	"pecli: matrix: $DATA/t5_weights_8x2.csv holds 8 rows: expected one per bucket, 32 (--buckets)"
expect_eq "t5 weights: rows against --buckets: exit" "$rc" 2
run matrix --scheme t5 --bucket-weights "$DATA/t5_weights_8x2.csv" --head 2
expect_eq "t5 weights: head past the columns" "$(sed -n 1p "$T/err")" \
	"pecli: matrix: invalid value '2' for --head: expected an integer in [0, 1] (2 heads)"
printf '1,2\n3,x\n' >"$T/bad.csv"
run matrix --scheme t5 --bucket-weights "$T/bad.csv"
expect_eq "t5 weights: malformed file: exit" "$rc" 2
expect_eq "t5 weights: malformed file: one line" "$(wc -l <"$T/err" | tr -d ' ')" 1

# ---- schemes: the list agrees with --scheme and the options exist ----
run schemes
expect_eq "schemes: exit" "$rc" 0
expect_eq "schemes: header" "$(grep -v '^#' "$T/out" | sed -n 1p)" "scheme,adds,description,options"
run matrix --scheme bogus
expect_eq "schemes: the names --scheme takes" \
	"$(sed -n 1p "$T/err" | sed 's/.*expected one of //')" \
	"$("$PECLI" schemes | grep -v '^#' | sed 1d | cut -d, -f1 | paste -sd, - | sed 's/,/, /g')"
"$PECLI" matrix --help >"$T/help"
for opt in $("$PECLI" schemes | grep -v '^#' | sed 1d | sed 's/.*,//' | tr ' ' '\n' | grep '^--' | sort -u); do
	grep -q -- "$opt[ ,]" "$T/help" && pass || fail "schemes: $opt is not an option of pecli matrix"
done

# a line longer than any table row (64 MiB) ends the read with an error
head -c 70000000 /dev/zero | tr '\0' '1' | "$PECLI" matrix --from - >"$T/out" 2>"$T/err"
expect_eq "endless line: exit" "$?" 2
expect_eq "endless line: message" "$(cat "$T/err")" \
	"pecli: matrix: stdin: line 1: longer than 64 MiB, not a table row"

# ---- learned tables ----
# pecli's own matrix read back: the same numbers, so check passes as for
# sinusoidal (consistency needs the round-trip digits)
"$PECLI" matrix --d 16 --n 64 >"$T/m.csv"
run check --from "$T/m.csv"
expect_eq "learned from csv: exit 0" "$rc" 0
expect_eq "learned from csv: source" "$(grep '^# source:' "$T/out")" "# source: $T/m.csv"
expect_eq "learned from csv: shape" "$(grep '^# [dn]:' "$T/out" | tr '\n' ';')" "# d: 16;# n: 64;"
expect_eq "learned: decay skipped (no profile)" "$(grep '^decay' "$T/out")" "decay,,,skip"
# the same table piped in
"$PECLI" matrix --d 16 --n 64 | "$PECLI" check --scheme learned --from - >"$T/out" 2>"$T/err"
expect_eq "learned from stdin: exit 0" "$?" 0
# rounded to 8 digits, relations between positions no longer hold exactly
"$PECLI" matrix --d 4 --n 3 --base 100 --digits 8 >"$T/m8.csv"
run check --from "$T/m8.csv"
expect_eq "learned rounded: exit 1" "$rc" 1
grep -q '^consistency_dot,.*,fail$' "$T/out" && pass || fail "learned rounded: consistency fails"
# .npy made with Python's struct module (tests/data/README)
run matrix --from "$DATA/table_f8_v1.npy"
expect_eq "npy: exit" "$rc" 0
# a safetensors file of one F16 tensor [2, 2]: binary16 0x3800 = 0.5,
# 0xbd00 = -1.25, 0x7bff = 65504, 0x0001 = 2^-24 (IEEE 754-2008 binary16),
# little-endian after the 8-byte header size (58 = 072 octal)
{
	printf '\072\000\000\000\000\000\000\000'
	printf '{"wpe":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}'
	printf '\000\070\000\275\377\173\001\000'
} >"$T/wpe.safetensors"
run matrix --from "$T/wpe.safetensors"
expect_eq "safetensors: exit" "$rc" 0
expect_eq "safetensors: values" "$(grep -v '^#' "$T/out" | tr '\n' ';')" \
	"pos,d0,d1;0,0.5,-1.25;1,65504,5.9604644775390625e-08;"
# decay for a table: PE(p).PE(p+r) averaged over p; the stored sinusoidal
# table (d = 4, base 10000) gives cos 0 + cos 0 = 2 at r = 0
run decay --from "$DATA/sinusoidal_d4_n3.csv" --max-dist 2
expect_eq "learned decay: r = 0" "$(grep -v '^#' "$T/out" | sed -n 2p)" "0,2"
run decay --from "$DATA/sinusoidal_d4_n3.csv" --max-dist 3
expect_eq "learned decay: past the table" "$(sed -n 1p "$T/err")" \
	"pecli: decay: invalid value '3' for --max-dist: expected at most 2, the farthest distance between the table's 3 positions"
expect_eq "learned decay: past the table is a usage error" "$rc" 2
run matrix --from "$DATA/sinusoidal_d4_n3.csv" --n 4
expect_eq "learned: --n above the table" "$(sed -n 1p "$T/err")" \
	"pecli: matrix: invalid value '4' for --n: the table has 3 positions"
run matrix --from nofile.npy
expect_eq "learned: missing file exit 2" "$rc" 2
# a learned table's heatmap: titled as an encoding, no rotary table key
run heatmap --init normal --n 8 --d 4 -o l.png
"$PNGREAD" "$T/w/l.png" >"$T/png"
expect_eq "learned heatmap: title" "$(grep '^text Title=' "$T/png")" "text Title=learned encoding, d=4, n=8"
expect_eq "learned heatmap: no table key" "$(grep -c '^text table=' "$T/png")" 0
# an untrained table: reproducible by seed; check finds no relative structure
run matrix --init normal --n 4 --d 4 --seed 7
cp "$T/out" "$T/i7"
run matrix --init normal --n 4 --d 4 --seed 7
cmp -s "$T/out" "$T/i7" && pass || fail "init normal: reproducible"
run check --init normal --n 256 --d 64
expect_eq "init normal: check fails" "$rc" 1
grep -q '^consistency_dot,.*,fail$' "$T/out" && pass || fail "init normal: consistency fails"

# ---- beyond the training length ----
# Liu et al. 2023: d = 128, base 10000, L = 4096 has critical dimension 92
# (2 ceil(64 log_10000(4096 / 2 pi)) = 2 ceil(45.02)); pairs 46..63 made no
# full turn in training, so at T = 8192 18 pairs meet new angles
run extrapolate --d 128 --train-len 4096 --target-len 8192
expect_eq "extrapolate: exit" "$rc" 0
expect_eq "extrapolate: critical dim" "$(grep '^# critical_dim:' "$T/out" | cut -d' ' -f3)" "92"
expect_eq "extrapolate: ood pairs" "$(grep '^# ood_pairs_base:' "$T/out")" "# ood_pairs_base: 18"
expect_eq "extrapolate: 64 rows" "$(grep -v '^#' "$T/out" | sed 1d | wc -l | tr -d ' ')" 64
expect_eq "extrapolate: pair 45 turned, 46 not" "$(grep -v '^#' "$T/out" | sed -n '47p;48p' | cut -d, -f1,6 | tr '\n' ' ')" "45,no 46,yes "
# position interpolation by T/L = 2 brings every pair back inside
run extrapolate --d 128 --train-len 4096 --target-len 8192 --compare linear,ntk
# linear x2: max angle 8191 theta / (2 * 4095 theta) = 1.000122; pairs turning
# fully under theta/2: i <= 16 log10(4095 / 4 pi) = 40.2, 41 pairs, 82 dims
expect_eq "extrapolate --compare linear: no ood" "$(grep '^# linear:' "$T/out")" \
	"# linear: factor 2, 0 ood pairs, critical_dim 82, max_angle_ratio 1.00012"
# unscaled: Liu's 92 again, and every unturned pair reaches 8191/4095 = 2.000244
expect_eq "extrapolate: unscaled summary" "$(grep '^# unscaled:' "$T/out")" \
	"# unscaled: factor 1, 18 ood pairs, critical_dim 92, max_angle_ratio 2.00024"
grep -v '^#' "$T/out" | head -1 | grep -q ',linear_ood,ntk_wavelength,ntk_angle_target,ntk_ood$' && pass \
	|| fail "extrapolate --compare: columns"
# the preset's own lengths: 8192 -> 131072
run extrapolate --preset llama3.1-8b --base-bound
expect_eq "extrapolate preset: lengths" "$(grep '^# t[ra][a-z]*_len:' "$T/out" | tr '\n' ';')" \
	"# train_len: 8192;# target_len: 131072;"
grep -q '^# base_bound: [0-9.e+]* (Men et al. 2024, for L = 8192)$' "$T/out" && pass \
	|| fail "extrapolate --base-bound: metadata"

# --compare takes --factor; a model with max_position_embeddings only uses it as L
run extrapolate --compare linear --factor 4 --train-len 4096 --target-len 8192
# 8191 / (4 * 4095) = 0.500061; i <= 16 log10(4095 / 8 pi) = 35.4: 36 pairs
expect_eq "extrapolate --compare --factor" "$(grep '^# linear:' "$T/out")" \
	"# linear: factor 4, 0 ood pairs, critical_dim 72, max_angle_ratio 0.500061"
# a model's own factor: Llama 3.1 (rope_scaling llama3 x8, 8192 -> 131072)
# compares yarn and linear at 8, not at 131072 / 8192 = 16; at 16 times the
# training length every method at x8 leaves the 29 slow pairs at twice their
# training angle: 131071 / (8 * 8191) = 2.000229
run extrapolate --preset llama3.1-8b --compare yarn,linear
expect_eq "extrapolate: the model's factor" "$(grep -E '^# (llama3|yarn|linear):' "$T/out" | cut -d, -f1 | tr '\n' ';')" \
	"# llama3: factor 8 (the model's);# yarn: factor 8;# linear: factor 8;"
expect_eq "extrapolate llama3.1: angle ratio" "$(grep '^# linear:' "$T/out" | sed 's/.*max_angle_ratio //')" "2.00023"
# without a scaling the factor stays T/L
run extrapolate --preset llama3-8b --target-len 32768 --compare yarn
expect_eq "extrapolate: T/L without a model factor" "$(grep '^# yarn:' "$T/out" | cut -d, -f1)" "# yarn: factor 4"
# LongRoPE (Phi-3 mini 128k): the model's long factors at T > L, HF
# _compute_longrope_parameters; its own line, and longrope refused without lists
run extrapolate --preset phi3-mini-128k --compare longrope,linear
expect_eq "extrapolate longrope: own line" "$(grep '^# longrope:' "$T/out" | cut -d, -f1-3)" \
	"# longrope: factor 32, long factors (the model's), 0 ood pairs"
expect_eq "extrapolate longrope: columns" "$(grep -v '^#' "$T/out" | head -1 | grep -o 'longrope_ood')" "longrope_ood"
run extrapolate --preset llama3.1-8b --compare longrope
expect_eq "extrapolate longrope: lists needed" "$(sed -n 1p "$T/err")" \
	"pecli: extrapolate: --compare longrope needs 64 short and 64 long factors: a LongRoPE model's config (--preset phi3-mini-128k) or --short-factor and --long-factor"
run extrapolate --d 4 --train-len 100 --target-len 400 --compare longrope --short-factor 1,1 --long-factor 1,4
expect_eq "extrapolate longrope: lists from flags" "$rc" 0
# pair 1 of d 4, base 10^4: theta 0.01, wavelength 628 > 100: divided by the
# long factor 4: 399 * 0.01 / 4 / (99 * 0.01) = 1.007576
expect_eq "extrapolate longrope: flags' long factors" "$(grep '^# longrope:' "$T/out" | sed 's/.*max_angle_ratio //')" "1.00758"
run extrapolate --preset llama2-7b --target-len 8192
expect_eq "extrapolate: L from max_position_embeddings" "$(grep '^# train_len:' "$T/out")" "# train_len: 4096"

# invariance: float64 stays at rounding level; the low formats lose it;
# float16 cannot hold positions past 65504 at all (inf)
run invariance --scheme rope
expect_eq "invariance: exit" "$rc" 0
expect_eq "invariance: formats" "$(grep -v '^#' "$T/out" | cut -d, -f1 | tr '\n' ' ')" \
	"format float64 float32 float16 bfloat16 "
expect_eq "invariance: float64 below 1e-9" "$(awk -F, '$1 == "float64" { print ($2 < 1e-9 && $3 < 1e-9) }' "$T/out")" 1
expect_eq "invariance: float16 inf" "$(grep '^float16' "$T/out")" "float16,inf,inf"
expect_eq "invariance: bfloat16 > float32 > float64" "$(awk -F, '{ v[$1] = $2 } END { print (v["bfloat16"] > v["float32"] && v["float32"] > v["float64"]) }' "$T/out")" 1
run invariance --n 1024
expect_eq "invariance sinusoidal: float64 below 1e-9" "$(awk -F, '$1 == "float64" { print ($2 < 1e-9) }' "$T/out")" 1

# precision: integers are exact up to 2^11 in float16 and 2^8 in bfloat16,
# so positions 2049 and 257 round onto their neighbours (ties to even)
run precision --scheme rope
expect_eq "precision: first merges" "$(grep -v '^#' "$T/out" | cut -d, -f1,5 | tr '\n' ' ')" \
	"format,first_merge float32, float16,2049 bfloat16,257 "
# xPos float16: zeta_0 = 0.4 / 1.4 = 2/7, the key scale zeta^(-n/512)
# passes 65504 at n = 512 ln(65504) / ln(3.5) = 4532.39
run precision --scheme xpos --digits 6
expect_eq "precision xpos: float16 overflow" "$(grep '^float16' "$T/out" | cut -d, -f6)" "4532.39"

# ---- layout ----
# HF convert_llama_weights_to_hf.py permute for one head of d = 8:
# w.view(1, 2, 2, 8).transpose(1, 2): rows 0,2,4,6,1,3,5,7
run layout --d 8 --format list
expect_eq "layout d8 to half" "$(cat "$T/out")" "0,2,4,6,1,3,5,7"
run layout --d 8 --to interleaved --format list
expect_eq "layout d8 to interleaved" "$(cat "$T/out")" "0,4,1,5,2,6,3,7"
run layout --d 8 --rotary-dim 4 --format list
expect_eq "layout partial rotary" "$(cat "$T/out")" "0,2,1,3,4,5,6,7"
run layout --d 4
expect_eq "layout csv" "$(grep -v '^#' "$T/out" | tr '\n' ';')" "row,from;0,0;1,2;2,1;3,3;"
run layout --d 128 --verify
expect_eq "layout --verify: exit" "$rc" 0
expect_eq "layout --verify: both directions pass" "$(grep -v '^#' "$T/out" | cut -d, -f1,6 | tr '\n' ';')" \
	"direction,status;interleaved->half,pass;half->interleaved,pass;"
run layout --preset gpt-neox-20b --verify
expect_eq "layout --verify partial rotary: exit" "$rc" 0

# ---- config files: bad input exits 2 with one line naming the file ----
run freqs --config nofile.json
expect_eq "missing config: exit" "$rc" 2
expect_eq "missing config: message" "$(cat "$T/err")" \
	"pecli: freqs: cannot read 'nofile.json': No such file or directory"
run freqs --config "$CONFIGS/malformed.json"
expect_eq "malformed config: exit" "$rc" 2
expect_eq "malformed config: one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
grep -q "malformed.json: not valid JSON" "$T/err" && pass || fail "malformed config: names the file"
run freqs --config "$CONFIGS"
expect_eq "config folder: exit" "$rc" 2
expect_eq "config folder: message" "$(cat "$T/err")" \
	"pecli: freqs: $CONFIGS: no config.json in this folder: expected a Hugging Face model folder"

# ---- gnuplot scripts, and --plot without gnuplot ----
# (tests/gnuplot.sh runs the real gnuplot)

# runenv VAR=VALUE... -- ARGS...: run with the environment changed
runenv() {
	envs=
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	rm -rf "$T/w" && mkdir "$T/w"
	(cd "$T/w" && env $envs "$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w")
}
# the lines of a script that are not comments
code() { grep -v '^#' "$1"; }

# a matrix: the metadata as comments, the data columns of each position in
# the datablock (PE(1) = sin 1, cos 1, sin 0.1, cos 0.1 for d = 4, base
# 100), position 0 at the top, the scheme's range, the image last
run matrix --d 4 --n 2 --base 100 --format gnuplot
expect_eq "gnuplot matrix: exit" "$rc" 0
expect_eq "gnuplot matrix: metadata" "$(grep -c -e '^# d: 4$' -e '^# base: 100$' "$T/out")" 2
expect_eq "gnuplot matrix: datablock" "$(sed -n '/^\$data << EOD$/,/^EOD$/p' "$T/out" | tr '\n' ';')" \
	'$data << EOD;0 1 0 1;0.8414709848078965 0.5403023058681398 0.09983341664682815 0.9950041652780258;EOD;'
expect_eq "gnuplot matrix: frame" "$(grep -e '^set [xyc]*b*range' -e '^set title' "$T/out" | tr '\n' ';')" \
	"set title 'sinusoidal encoding, d=4, n=2, interleaved layout' noenhanced;set xrange [-0.5:3.5];set yrange [1.5:-0.5];set cbrange [-1:1];"
expect_eq "gnuplot matrix: plot last" "$(tail -1 "$T/out")" 'plot $data matrix using 1:2:3 with image notitle'
# similarity: the range symmetric about zero, [-2, 2] (the diagonal d/2),
# coolwarm
run matrix --d 4 --n 4 --base 100 --of similarity --format gnuplot
expect_eq "gnuplot similarity: range" "$(grep '^set cbrange' "$T/out")" "set cbrange [-2:2]"
grep -q "^# palette: matplotlib's coolwarm" "$T/out" && pass || fail "gnuplot similarity: coolwarm"
# a curve: the CSV rows with their header; --log gives a log distance axis
run decay --d 4 --base 100 --max-dist 2 --log --points 2 --format gnuplot
expect_eq "gnuplot decay: datablock" "$(sed -n '/^\$data << EOD$/,/^EOD$/p' "$T/out" | tr '\n' ';')" \
	'$data << EOD;distance,dot;0,2;1,1.5353064711461655;2,0.5639197412940993;EOD;'
expect_eq "gnuplot decay --log: log x" "$(grep -c '^set logscale x$' "$T/out")" 1
expect_eq "gnuplot decay: one curve" "$(grep -c 'using 1:2 with lines' "$T/out")" 1
run decay --scheme rope --d 8 --max-dist 4 --samples 3 --format gnuplot
expect_eq "gnuplot decay rope: dot, bound, mean +- std" \
	"$(grep -o 'using 1:.* with [a-z]*' "$T/out" | tr '\n' ';')" \
	'using 1:2 with lines;using 1:3 axes x1y2 with lines;using 1:(column(4) - column(5)):(column(4) + column(5)) with filledcurves;using 1:4 with lines;'
# the bound on its own, right-hand axis (plots/decay.gp)
expect_eq "gnuplot decay rope: y2 for the bound" "$(grep -E '^set (ytics|y2tics|y2label)' "$T/out" | tr '\n' ';')" \
	"set ytics nomirror;set y2tics;set y2label 'relative upper bound' noenhanced;"
# freqs: log inverse frequencies; llama3's band edges 2 pi 4 / 8192 and
# 2 pi / 8192
run freqs --preset llama3.1-8b --format gnuplot
expect_eq "gnuplot freqs: log y" "$(grep -c '^set logscale y$' "$T/out")" 1
expect_eq "gnuplot freqs llama3: two band edges" "$(grep -c '^set arrow from graph 0, first ' "$T/out")" 2
# extrapolate: the critical dimension 92 is pair 46; one turn is 2 pi
run extrapolate --d 128 --train-len 4096 --target-len 8192 --compare linear --format gnuplot
grep -q '^set arrow from 46, graph 0 to 46, graph 1 ' "$T/out" && pass || fail "gnuplot extrapolate: critical pair"
grep -q '^set arrow from graph 0, first 6.28318530717958[0-9]* to' "$T/out" && pass || fail "gnuplot extrapolate: one turn"
expect_eq "gnuplot extrapolate: 3 curves" "$(grep -c 'with linespoints' "$T/out")" 3
# -o FILE holds the script
run decay --max-dist 3 --format gnuplot -o d.gp
expect_eq "gnuplot -o: file" "$files" "d.gp"
expect_eq "gnuplot -o: stdout empty" "$(cat "$T/out")" ""
# a file name cannot end a comment and become a command
printf '0,1\n1,0\n' >"$T/it's
system('touch pwned').csv"
run matrix --from "$T/it's
system('touch pwned').csv" --format gnuplot
expect_eq "gnuplot: a line break in a name: exit" "$rc" 0
expect_eq "gnuplot: a line break in a name stays in its comment" "$(grep -c '^system' "$T/out")" 0
expect_eq "gnuplot: the name in its comment" "$(grep -c "^# source: .*it's system('touch pwned').csv$" "$T/out")" 1

# --plot: a missing program is exit 3 and one line, and leaves nothing
runenv PECLI_GNUPLOT=/nonexistent -- decay --plot -o d.png
expect_eq "--plot, PECLI_GNUPLOT missing: exit" "$rc" 3
expect_eq "--plot, PECLI_GNUPLOT missing: message" "$(cat "$T/err")" \
	"pecli: decay: gnuplot not found: '/nonexistent' (from PECLI_GNUPLOT): No such file or directory"
expect_eq "--plot, PECLI_GNUPLOT missing: no file" "$files" ""
runenv PATH=/nonexistent -- matrix --d 4 --n 2 --plot
expect_eq "--plot, no gnuplot on PATH: exit" "$rc" 3
expect_eq "--plot, no gnuplot on PATH: message" "$(cat "$T/err")" \
	"pecli: matrix: gnuplot not found: install the gnuplot-nox package (apt-get install gnuplot-nox)"
expect_eq "--plot, no gnuplot on PATH: stdout empty" "$(cat "$T/out")" ""

# stand-ins for gnuplot: cat shows the script it is given (and writes it
# where the figure would go); the others fail
mkdir -p "$T/bin"
printf '#!/bin/sh\ncat >/dev/null\nexit 2\n' >"$T/bin/fail2"
printf '#!/bin/sh\nkill -9 $$\n' >"$T/bin/killed"
chmod +x "$T/bin/fail2" "$T/bin/killed"
runenv PECLI_GNUPLOT="$T/bin/fail2" -- freqs --plot -o f.svg
expect_eq "--plot, gnuplot fails: exit" "$rc" 3
expect_eq "--plot, gnuplot fails: message" "$(cat "$T/err")" "pecli: freqs: gnuplot failed: exit status 2"
expect_eq "--plot, gnuplot fails: no file" "$files" ""
runenv PECLI_GNUPLOT="$T/bin/killed" -- freqs --plot
expect_eq "--plot, gnuplot killed: message" "$(cat "$T/err")" "pecli: freqs: gnuplot failed: killed by signal 9"
# a gnuplot that stops reading: its failure is reported, not SIGPIPE's
runenv PECLI_GNUPLOT=false -- matrix --plot -o m.pdf
expect_eq "--plot, gnuplot stops reading: exit" "$rc" 3
expect_eq "--plot, gnuplot stops reading: message" "$(cat "$T/err")" "pecli: matrix: gnuplot failed: exit status 1"
expect_eq "--plot, gnuplot stops reading: no file" "$files" ""
# the terminal: from the extension (any case), else text sized by COLUMNS
# and LINES (one line left for the prompt), else 80 x 24
runenv PECLI_GNUPLOT=cat -- decay --max-dist 2 --plot -o d.svg
expect_eq "--plot -o .svg: exit" "$rc" 0
expect_eq "--plot -o .svg: file" "$files" "d.svg"
expect_eq "--plot -o .svg: terminal" "$(code "$T/w/d.svg" | head -1)" "set terminal svg size 800,600"
expect_eq "--plot -o .svg: stdout empty" "$(cat "$T/out")" ""
runenv PECLI_GNUPLOT=cat -- decay --max-dist 2 --plot -o D.PNG
expect_eq "--plot -o .PNG: pngcairo, else png" "$(code "$T/w/D.PNG" | head -5 | tr '\n' ';')" \
	"if (strstrt(GPVAL_TERMINALS, ' pngcairo ')) {;    set terminal pngcairo size 800,600;} else {;    set terminal png size 800,600;};"
runenv PECLI_GNUPLOT=cat -- decay --max-dist 2 --plot -o d.pdf
expect_eq "--plot -o .pdf: pdfcairo, else pdf" "$(code "$T/w/d.pdf" | sed -n '2p;4p' | tr '\n' ';')" \
	"    set terminal pdfcairo;    set terminal pdf;"
runenv PECLI_GNUPLOT=cat COLUMNS= LINES= -- decay --max-dist 2 --plot
expect_eq "--plot piped: 80 x 24 text" "$(code "$T/out" | head -1)" "set terminal dumb size 80,24 feed"
runenv PECLI_GNUPLOT=cat COLUMNS=100 LINES=30 -- decay --max-dist 2 --plot -o -
expect_eq "--plot piped: COLUMNS x LINES - 1" "$(code "$T/out" | head -1)" "set terminal dumb size 100,29 feed"
runenv PECLI_GNUPLOT=cat COLUMNS=wide LINES=-3 -- decay --max-dist 2 --plot
expect_eq "--plot piped: bad COLUMNS, LINES ignored" "$(code "$T/out" | head -1)" "set terminal dumb size 80,24 feed"
# gnuplot's output passes through pecli: a script far larger than a pipe
# holds comes back whole (no deadlock), and a full disk is pecli's error
# (gnuplot itself exits 0 on one)
runenv PECLI_GNUPLOT=cat -- matrix --d 256 --n 512 --plot
expect_eq "--plot relay: exit" "$rc" 0
code "$T/out" | sed 1d >"$T/relayed"
# (--format gnuplot's text plot where gnuplot has no terminal is --plot's
# own terminal line)
"$PECLI" matrix --d 256 --n 512 --format gnuplot | grep -v '^#' \
	| sed "/^if (GPVAL_TERM eq 'unknown') {$/,/^}$/d" >"$T/script"
cmp -s "$T/relayed" "$T/script" && pass || fail "--plot relay: the script comes back whole"
PECLI_GNUPLOT=cat "$PECLI" decay --plot >/dev/full 2>"$T/err"
expect_eq "--plot /dev/full: exit" "$?" 3
expect_eq "--plot /dev/full: message" "$(cat "$T/err")" "pecli: decay: write error: No space left on device"
if command -v script >/dev/null 2>&1; then
	# on a terminal: its size (TIOCGWINSZ), and colours
	script -qec "stty cols 90 rows 30; PECLI_GNUPLOT=cat '$PECLI' decay --max-dist 2 --plot" \
		/dev/null >"$T/ttyout" 2>&1 </dev/null
	grep -q '^set terminal dumb size 90,29 feed ansi256' "$T/ttyout" && pass \
		|| { fail "--plot on a tty: the terminal's size"; head -20 "$T/ttyout"; }
else
	skip "no script(1): --plot on a terminal is not tested"
fi

# ---- matrix --format gnuplot: --colormap and --range colour it ----
# the script's palette knots are the colour map's entries 0, 8, .., 255
# (src/write/colormap.c: matplotlib's tables), its cbrange the --range given
run matrix --d 8 --n 4 --format gnuplot --colormap magma --range=-2:3
expect_eq "matrix gnuplot --colormap --range: exit" "$rc:$(cat "$T/err")" "0:"
expect_eq "matrix gnuplot --range: cbrange" "$(grep '^set cbrange' "$T/out")" "set cbrange [-2:3]"
expect_eq "matrix gnuplot --colormap magma: palette" \
	"$(grep '^set palette defined' "$T/out" | cut -c1-45)" "set palette defined (0 '#000003', 8 '#030311'"
# a range centred on zero chooses coolwarm, as heatmap does; else viridis
run matrix --d 8 --n 4 --format gnuplot --range=-2:2
expect_eq "matrix gnuplot --range -2:2: coolwarm" "$(grep '^# palette:' "$T/out")" \
	"# palette: matplotlib's coolwarm, every 8th of its 256 entries"
run matrix --d 8 --n 4 --format gnuplot --range=0:2
expect_eq "matrix gnuplot --range 0:2: viridis" "$(grep '^# palette:' "$T/out")" \
	"# palette: matplotlib's viridis, every 8th of its 256 entries"

# heads side by side: an x tic at each head's first key, fewer beyond 16
run matrix --scheme alibi --heads 4 --n 10 --format gnuplot
expect_eq "alibi heads gnuplot: xtics" "$(grep '^set xtics' "$T/out")" \
	"set xtics ('h0' 0, 'h1' 10, 'h2' 20, 'h3' 30)"
run matrix --scheme alibi --heads 40 --n 3 --format gnuplot
expect_eq "alibi 40 heads gnuplot: every 5th" "$(grep '^set xtics' "$T/out")" \
	"set xtics ('h0' 0, 'h5' 15, 'h10' 30, 'h15' 45, 'h20' 60, 'h25' 75, 'h30' 90, 'h35' 105)"
run matrix --scheme alibi --heads 4 --head 2 --n 10 --format gnuplot
expect_eq "alibi one head gnuplot: column numbers" "$(grep -c '^set xtics' "$T/out")" 0

# ---- -o onto what is not a plain file ----
# a FIFO is written in place (a file renamed onto it would replace it)
rm -rf "$T/o" && mkdir "$T/o" && mkfifo "$T/o/fifo"
timeout 20 cat "$T/o/fifo" >"$T/o/got" &
reader=$!
"$PECLI" matrix --d 4 --n 3 -o "$T/o/fifo" 2>"$T/err"
rc=$?
# a FIFO replaced by a file never gets a writer: do not wait for its reader
if [ -p "$T/o/fifo" ]; then wait "$reader"; else kill "$reader" 2>/dev/null; fi
expect_eq "-o FIFO: exit" "$rc:$(cat "$T/err")" "0:"
[ -p "$T/o/fifo" ] && pass || fail "-o FIFO: still a FIFO"
"$PECLI" matrix --d 4 --n 3 >"$T/o/want"
cmp -s "$T/o/got" "$T/o/want" && pass || fail "-o FIFO: the reader gets the output"
# a symbolic link keeps pointing at its file, which is replaced
echo old >"$T/o/real" && ln -s real "$T/o/link"
"$PECLI" matrix --d 4 --n 3 -o "$T/o/link"
[ -L "$T/o/link" ] && cmp -s "$T/o/real" "$T/o/want" && pass \
	|| fail "-o symlink: the link kept, its file replaced"
expect_eq "-o symlink: nothing else left" "$(ls -A "$T/o" | tr '\n' ' ')" "fifo got link real want "
# a character device (root only: a private copy of /dev/null and /dev/full)
if [ "$(id -u)" = 0 ] && mknod "$T/o/null" c 1 3 2>/dev/null && mknod "$T/o/full" c 1 7 2>/dev/null; then
	"$PECLI" heatmap --d 8 --n 4 -o "$T/o/null"
	[ "$?" = 0 ] && [ -c "$T/o/null" ] && pass || fail "-o a null device: still a device"
	"$PECLI" matrix --d 4 --n 3 -o "$T/o/full" 2>"$T/err"
	expect_eq "-o a full device: exit" "$?:$(cat "$T/err")" \
		"3:pecli: matrix: cannot write '$T/o/full': No space left on device"
	[ -c "$T/o/full" ] && pass || fail "-o a full device: still a device"
else
	skip "not root: -o onto a device is not tested"
fi

# ---- --threads: the same bytes on any number of threads (issue #8) ----
# each case once on one thread, then on 2, 3 and 7 and on one per core (0);
# the files differ only in the command line they record (a PNG's Comment,
# a gnuplot script's '# command:' line), which is left out of the compare
canon() {
	if [ "$(head -c 4 "$1" | tail -c 3)" = PNG ]; then
		# the header, palette, text and every pixel; then the bytes
		# from the first IDAT chunk on (compressed the same way)
		{ "$PNGREAD" -p "$1" all | grep -v '^text Comment=' || echo unreadable
		  tail -c +$(($(grep -boa IDAT "$1" | head -n 1 | cut -d: -f1) - 3)) "$1"
		} >"$2"
	else
		grep -v -e '--threads' "$1" >"$2"
	fi
}
while IFS='|' read -r name args; do
	case $name in ''|'#'*) continue ;; esac
	eval "set -- $args"
	"$PECLI" "$@" --threads 1 -o "$T/one" 2>"$T/err"
	expect_eq "threads $name: one thread" "$?:$(cat "$T/err")" "0:"
	canon "$T/one" "$T/one.c"
	for n in 2 3 7 0; do
		"$PECLI" "$@" --threads $n -o "$T/many" 2>"$T/err"
		expect_eq "threads $name: --threads $n exit" "$?:$(cat "$T/err")" "0:"
		canon "$T/many" "$T/many.c"
		cmp -s "$T/one.c" "$T/many.c" && pass || fail "threads $name: --threads $n differs from 1"
	done
done <<'EOF_THREADS'
matrix csv|matrix --d 64 --n 3000
matrix digits 6|matrix --d 1024 --n 700 --digits 6
matrix tsv|matrix --d 32 --n 500 --format tsv
rope cos table|matrix --scheme rope --d 64 --n 2000 --table cos
similarity|matrix --of similarity --d 32 --n 600
cosine similarity|matrix --of similarity --metric cosine --d 32 --n 300
learned similarity (direct)|matrix --scheme learned --init normal --d 8 --n 200 --of similarity
alibi biases, masked cells|matrix --scheme alibi --heads 4 --n 300
t5 buckets|matrix --scheme t5 --n 300
decay rope and bound|decay --scheme rope --max-dist 50000
decay log grid|decay --scheme rope --log --max-dist 1e9 --points 3000
decay samples (one thread)|decay --scheme rope --samples 16 --max-dist 2000
decay alibi heads|decay --scheme alibi --heads 8 --max-dist 5000
decay gnuplot script|decay --scheme rope --max-dist 20000 --format gnuplot
heatmap framed|heatmap --d 128 --n 1500
heatmap raw|heatmap --d 512 --n 2000 --raw
heatmap blocks|heatmap --d 64 --n 9000 --max-size 500
heatmap angle range pass|heatmap --scheme rope --n 3000 --table angle --raw
heatmap similarity|heatmap --of similarity --d 64 --n 1200 --raw
heatmap alibi masked|heatmap --scheme alibi --heads 2 --n 700
EOF_THREADS

# --compression: other bytes, the same pixels
run heatmap --d 64 --n 300 --raw --compression 0 -o c0.png
"$PNGREAD" -p "$T/w/c0.png" all | grep -v '^text' >"$T/c0"
run heatmap --d 64 --n 300 --raw --compression 9 -o c9.png
"$PNGREAD" -p "$T/w/c9.png" all | grep -v '^text' >"$T/c9"
grep -q '^pixels ' "$T/c0" && cmp -s "$T/c0" "$T/c9" && pass || fail "--compression 0 and 9: other pixels"
run heatmap --d 64 --n 300 --raw --compression 0 -o c0.png
s0=$(wc -c <"$T/w/c0.png" | tr -d ' ')
run heatmap --d 64 --n 300 --raw -o c1.png
s1=$(wc -c <"$T/w/c1.png" | tr -d ' ')
run heatmap --d 64 --n 300 --raw --compression 9 -o c9.png
s9=$(wc -c <"$T/w/c9.png" | tr -d ' ')
# 300 x 64 palette pixels: stored (level 0) they take at least 19200 bytes
[ "$s0" -gt 19200 ] && [ "$s1" -lt "$s0" ] && [ "$s9" -le "$s1" ] && pass \
	|| fail "--compression: sizes 0 > default 1 >= 9 expected, got $s0 $s1 $s9"

# decay --scheme rope and sinusoidal matrices with --digits N print rows
# from drafts (fast sines and cosines with an error bound) only where the
# digits are settled: the text must be printf("%.Ng") of the exact
# doubles, which the default output (round-trip digits) carries.  awk reads
# those back (strtod) and prints them with C's printf.  decay: d = 64, and
# YaRN with --normalize, 0 .. 60000, and fractional steps past 10^7;
# matrix: both layouts, to position 40000.
for args in "decay --scheme rope --d 64 --max-dist 60000" \
	"decay --scheme rope --scaling yarn --factor 8 --original-max 4096 --normalize --max-dist 60000" \
	"decay --scheme rope --max-dist 12000000 --step 1999.37" \
	"matrix --d 32 --n 40000" \
	"matrix --d 20 --n 7000 --layout concat --flip --base 100"; do
	for digits in 3 6 8 10; do
		case $args/$digits in matrix*/10) continue ;; esac   # matrix drafts to 8
		eval "run $args --digits $digits"
		grep -v '^#' "$T/out" >"$T/drafted"
		eval "run $args"
		grep -v '^#' "$T/out" | LC_ALL=C awk -F, -v p="$digits" 'NR == 1 { print; next }
			{ printf "%s", $1; for (i = 2; i <= NF; i++) printf ",%.*g", p, $i; printf "\n" }' >"$T/printf"
		[ "$(wc -l <"$T/printf")" -gt 6000 ] && cmp -s "$T/drafted" "$T/printf" && pass \
			|| fail "$args --digits $digits: not printf of the exact values"
	done
done

# the progress line: never when stderr is not a terminal (every case above
# checks stderr), and on a terminal not for work under a second
run matrix --d 8 --n 4 --no-progress
expect_eq "--no-progress: exit" "$rc:$(cat "$T/err")" "0:"
if command -v script >/dev/null 2>&1; then
	script -qec "'$PECLI' matrix --d 64 --n 100 >'$T/tty.csv'" /dev/null >"$T/ttyout" 2>&1 </dev/null
	expect_eq "progress: quick work on a terminal: stderr empty" "$(cat "$T/ttyout")" ""
else
	skip "no script(1): the progress line on a terminal is not tested"
fi

finish

#!/bin/sh
# tests/gnuplot.sh - the gnuplot scripts pecli writes, run in the real
# gnuplot: every figure's script, piped to 'gnuplot -', runs without a
# message and draws a PNG of the size asked for, and without a terminal set
# and no display a text plot; --plot draws PNG, SVG and PDF files of the documented
# size and text plots with their title and frame; a gnuplot that fails is
# exit 3 and leaves no file; the gallery's scripts draw their figures.
# Skipped (77) when gnuplot is not installed, or when script(1) is not and
# the terminal case cannot run; .ci/run installs gnuplot-nox and bsdutils.
# Run by 'make check' with top_srcdir and top_builddir set; prints "N
# passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
PNGREAD=$(cd "$top_builddir" && pwd)/tests/pngread
PLOTS=$(cd "$top_srcdir/plots" && pwd)
DATA=$(cd "$top_srcdir/tests/data" && pwd)
GNUPLOT=$(command -v gnuplot) || {
	echo "SKIP: gnuplot not found (apt-get install gnuplot-nox)"
	exit 77
}

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-gnuplot.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
unset PECLI_GNUPLOT COLUMNS LINES

# the width and height of a PNG, as pngread reads them
png_size() { "$PNGREAD" "$1" 2>/dev/null | head -1 | cut -d' ' -f1,2; }

# ---- every figure's script runs, silently, and draws ----
# The script leaves the terminal to the user: here a 320 x 200 PNG.
prologue="if (strstrt(GPVAL_TERMINALS, ' pngcairo ')) { set terminal pngcairo size 320,200 } else { set terminal png size 320,200 }"
while read -r args; do
	case $args in ''|'#'*) continue ;; esac
	args=$(echo "$args" | sed "s|DATA/|$DATA/|")
	# shellcheck disable=SC2086
	"$PECLI" $args --format gnuplot >s.gp 2>err
	expect_eq "pecli $args --format gnuplot: exit" "$?" 0
	{ echo "$prologue"; cat s.gp; } | "$GNUPLOT" - >o.png 2>err
	expect_eq "gnuplot - on pecli $args: exit" "$?" 0
	expect_eq "gnuplot - on pecli $args: no message" "$(cat err)" ""
	expect_eq "gnuplot - on pecli $args: 320 x 200 PNG" "$(png_size o.png)" "320 200"
	# without a terminal of its own and no display (gnuplot-nox's
	# 'unknown'): a text plot of gnuplot's default 79 x 24, not a warning
	env -u DISPLAY -u WAYLAND_DISPLAY -u GNUTERM "$GNUPLOT" - <s.gp >t.txt 2>err
	expect_eq "gnuplot - on pecli $args, no display: exit" "$?" 0
	expect_eq "gnuplot - on pecli $args, no display: no message" "$(cat err)" ""
	expect_eq "gnuplot - on pecli $args, no display: a text plot" "$(wc -l <t.txt | tr -d ' ')" 24
done <<'CASES'
matrix --d 64 --n 50
matrix --d 16 --n 8 --layout concat --variant fairseq --digits 4
matrix --scheme rope --d 32 --n 40 --table angle
matrix --scheme rope --preset llama3.1-8b --n 64
matrix --scheme xpos --d 16 --n 600 --table scale
matrix --of similarity --d 32 --n 30
matrix --of similarity --d 32 --n 30 --colormap magma --range=-4:20
matrix --d 16 --n 20 --colormap gray --range 0:1
matrix --scheme rope --d 16 --n 20 --of similarity --metric cosine
matrix --scheme nope --d 8 --n 4
matrix --init normal --d 8 --n 16
matrix --scheme alibi --n 24
matrix --scheme alibi --n 16 --head 3
matrix --scheme t5 --n 40 --bidirectional
matrix --scheme t5 --bucket-weights DATA/t5_weights_8x2.csv --n 12 --max-distance 16
decay --max-dist 100
decay --scheme rope --max-dist 5000
decay --scheme rope --max-dist 1e6 --log --points 50
decay --scheme rope --d 32 --max-dist 50 --samples 20 --normalize
decay --scheme xpos --d 32 --max-dist 200
freqs --d 64
freqs --preset llama3.1-8b
freqs --preset qwen2.5-7b-yarn
freqs --preset phi3-mini-128k
freqs --scheme rope --scaling linear --factor 4
decay --scheme alibi --max-dist 200
decay --scheme alibi --heads 40 --max-dist 200 --log
decay --scheme t5 --max-dist 300 --head 0 --bucket-weights DATA/t5_weights_8x2.csv
freqs --scheme alibi --heads 12
freqs --scheme t5
freqs --scheme t5 --bucket-weights DATA/t5_weights_8x2.csv --max-distance 16
extrapolate --d 128 --train-len 4096 --target-len 8192
extrapolate --preset llama3.1-8b --compare linear,ntk,dynamic,yarn
extrapolate --scheme rope --scaling ntk --factor 4 --train-len 2048 --target-len 8192
extrapolate --scheme sinusoidal --d 64 --train-len 100 --target-len 1000
decay --scheme rope --max-dist 100000 --aggregate 320
decay --scheme rope --d 32 --max-dist 5000 --samples 20 --normalize --aggregate 100
decay --scheme alibi --heads 40 --max-dist 1e6 --log --points 20000 --aggregate 320
CASES

# ---- the RoFormer bound on its own axis (plots/decay.gp draws it so) ----
"$PECLI" decay --scheme rope --max-dist 100 --format gnuplot >s.gp
grep -q "^plot .*using 1:2 with lines" s.gp && grep -q "using 1:3 axes x1y2 with lines" s.gp \
	&& grep -q "^set y2label 'relative upper bound' noenhanced$" s.gp && pass \
	|| fail "decay rope: dot on the left axis, the bound on the right (y2)"
"$PECLI" decay --max-dist 100 --format gnuplot >s.gp
grep -q "y2" s.gp && fail "decay sinusoidal: no right-hand axis without a bound" || pass

# ---- --plot: files of the documented size, text with title and frame ----
"$PECLI" decay --scheme rope --max-dist 500 --plot -o d.png >out 2>err
expect_eq "--plot -o .png: exit" "$?" 0
expect_eq "--plot -o .png: 800 x 600" "$(png_size d.png)" "800 600"
expect_eq "--plot -o .png: stdout, stderr empty" "$(cat out err)" ""
expect_eq "--plot -o .png: no temporary file left" "$(ls d.png.* 2>/dev/null)" ""
"$PECLI" matrix --d 32 --n 20 --plot -o m.svg 2>err
expect_eq "--plot -o .svg: exit" "$?" 0
grep -q '<svg' m.svg && grep -q 'width="800" height="600"' m.svg && pass \
	|| fail "--plot -o .svg: an 800 x 600 SVG"
grep -q '>sinusoidal encoding, d=32, n=20, interleaved layout<' m.svg && pass \
	|| fail "--plot -o .svg: the title"
"$PECLI" freqs --preset llama3.1-8b --plot -o f.pdf 2>err
expect_eq "--plot -o .pdf: exit" "$?" 0
expect_eq "--plot -o .pdf: a PDF" "$(head -c 5 f.pdf)" "%PDF-"

# text: 80 x 24 into a pipe, the title and the frame
"$PECLI" decay --scheme rope --max-dist 2000 --plot >t.txt 2>err
expect_eq "--plot text: exit" "$?" 0
expect_eq "--plot text: stderr empty" "$(cat err)" ""
expect_eq "--plot text: 24 lines" "$(wc -l <t.txt | tr -d ' ')" 24
expect_eq "--plot text: at most 80 columns" "$(tr -d '\f' <t.txt | awk '{ if (length($0) > w) w = length($0) } END { print w }')" 80
grep -q 'score versus distance: rope, d=128, base=10000' t.txt && pass || fail "--plot text: the title"
expect_eq "--plot text: the frame's top and bottom (y2 tics right)" "$(grep -c '^ *[-0-9.]* *+-\{40,\}+ *[-0-9.]* *$' t.txt)" 2
grep -q 'RoFormer relative upper bound' t.txt && pass || fail "--plot text: the key"
COLUMNS=60 LINES=15 "$PECLI" matrix --d 16 --n 16 --plot >t.txt 2>err
expect_eq "--plot text, COLUMNS=60 LINES=15: 14 lines" "$(wc -l <t.txt | tr -d ' ')" 14
expect_eq "--plot text, COLUMNS=60: 60 columns" "$(tr -d '\f' <t.txt | awk '{ if (length($0) > w) w = length($0) } END { print w }')" 60
grep -q 'sinusoidal encoding, d=16, n=16' t.txt && pass || fail "--plot text matrix: the title"

# on a terminal: colours, sized to it
if command -v script >/dev/null 2>&1; then
	script -qec "stty cols 100 rows 30; '$PECLI' freqs --preset llama3.1-8b --plot" /dev/null \
		>tty.txt 2>&1 </dev/null
	grep -q 'inverse frequencies: rope, d=128, base=500000, llama3 x8' tty.txt && pass \
		|| fail "--plot on a tty: the title"
	grep -q "$(printf '\033')\[38;5;" tty.txt && pass || fail "--plot on a tty: ANSI colours"
else
	skip "no script(1): --plot on a terminal is not tested"
fi

# gnuplot failing on the script: exit 3, its message then pecli's, no file
printf '#!/bin/sh\n{ cat; echo "plot no_such_function(x)"; } | "%s"\n' "$GNUPLOT" >bad-gnuplot
chmod +x bad-gnuplot
mkdir w
(cd w && PECLI_GNUPLOT=../bad-gnuplot "$PECLI" decay --plot -o d.png >../out 2>../err)
expect_eq "gnuplot error: exit" "$?" 3
expect_eq "gnuplot error: pecli's line last" "$(tail -1 err)" "pecli: decay: gnuplot failed: exit status 1"
grep -q 'undefined function: no_such_function' err && pass || fail "gnuplot error: gnuplot's message"
expect_eq "gnuplot error: no file left" "$(ls -A w)" ""

# ---- M4: line plots send gnuplot what it can draw ----
# the datablock's data lines (the header row excluded)
data_lines() { sed -n '/^\$data << EOD$/,/^EOD$/p' "$1" | sed '1,2d;$d' | wc -l | tr -d ' '; }
"$PECLI" decay --max-dist 100000 --format gnuplot >all.gp
expect_eq "--format gnuplot: every distance" "$(data_lines all.gp)" 100001
grep -q '^# M4' all.gp && fail "--format gnuplot: no M4 unless asked" || pass
"$PECLI" decay --max-dist 100000 --format gnuplot --aggregate 800 >m4.gp
n=$(data_lines m4.gp)
[ "$n" -gt 800 ] && [ "$n" -le 3200 ] && pass \
	|| fail "--aggregate 800: between 800 and 4 x 800 data lines, not $n"
expect_eq "--aggregate 800: the count said" "$(grep '^# M4: ' m4.gp)" "# M4: 100001 rows became $n"
grep -q '^# M4 aggregation (Jugel et al., VLDB 2014): of each of 800 columns of$' m4.gp && pass \
	|| fail "--aggregate 800: what was aggregated"
"$PECLI" decay --max-dist 100 --format csv --aggregate 800 >out 2>err
expect_eq "--aggregate with csv: exit" "$?" 2
expect_eq "--aggregate with csv: the message" "$(head -1 err)" \
	"pecli: decay: option '--aggregate' thins a line plot: use it with --format gnuplot or --plot"

# --plot: over the output's width (a gnuplot that keeps its script)
printf '#!/bin/sh\ntee "%s/sent.gp" | "%s"\n' "$T" "$GNUPLOT" >tee-gnuplot
chmod +x tee-gnuplot
PECLI_GNUPLOT=./tee-gnuplot "$PECLI" decay --scheme rope --max-dist 200000 --plot -o big.png 2>err
expect_eq "--plot 200001 distances: exit" "$?" 0
expect_eq "--plot 200001 distances: 800 x 600" "$(png_size big.png)" "800 600"
n=$(data_lines sent.gp)
# two curves (dot, bound): at most 2 x 4 rows a column
[ "$n" -le 6400 ] && pass || fail "--plot -o .png: at most 2 x 4 x 800 rows sent, not $n"
grep -q '^# M4 aggregation (Jugel et al., VLDB 2014): of each of 640 pixel columns of$' sent.gp && pass \
	|| fail "--plot -o .png: the frame's 640 pixel columns"
COLUMNS=60 LINES=15 PECLI_GNUPLOT=./tee-gnuplot "$PECLI" decay --max-dist 50000 --log --points 10000 --plot >t.txt 2>err
expect_eq "--plot text, M4: exit" "$?" 0
grep -q 'of each of 60 columns of$' sent.gp && pass || fail "--plot text: M4 over its 60 columns"
grep -q 'score versus distance' t.txt && pass || fail "--plot text, M4: the title"
PECLI_GNUPLOT=./tee-gnuplot "$PECLI" decay --max-dist 20000 --plot --aggregate 0 -o all.png 2>err
expect_eq "--plot --aggregate 0: every distance" "$(data_lines sent.gp)" 20001

# ---- M4 over the frame's pixel columns: the picture of every row ----
# --plot -o FILE.png sets the frame's edges (margins at screen 0.1 and
# 0.9: pixel columns 80 and 719 of 800, gnuplot's boundary.c rounding) and
# keeps, per pixel column of the frame and curve, the first, last, lowest
# and highest row.  gnuplot's png terminal (libgd, not anti-aliased) then
# draws exactly the picture of every row; pngcairo anti-aliases, so a
# line's coverage of a pixel depends on the points inside it, which M4
# drops: there the pictures differ in a few per cent of the pixels, almost
# all faintly (the bounds below hold with 3.2% and 0.25% measured on
# gnuplot 5.4 / cairo 1.16).
PECLI_GNUPLOT=./tee-gnuplot "$PECLI" decay --scheme rope --max-dist 100000 --plot -o m4.png 2>err
expect_eq "--plot -o .png, M4 by pixel: exit" "$?" 0
grep -q '^# M4 aggregation (Jugel et al., VLDB 2014): of each of 640 pixel columns of$' sent.gp && pass \
	|| fail "--plot -o .png: M4 over the frame's 640 pixel columns"
"$PECLI" decay --scheme rope --max-dist 100000 --format gnuplot >every.gp
# the script sent, its datablock replaced by every row, and either with
# the terminal T instead of its own
with_terminal() {
	echo "$1"
	awk '/^if \(strstrt\(GPVAL_TERMINALS/ { skip = 1 } skip && /^}$/ { skip = 0; next } !skip' "$2"
}
sed '/^\$data << EOD$/,$d' sent.gp >every-m4.gp
sed -n '/^\$data << EOD$/,/^EOD$/p' every.gp >>every-m4.gp
sed '1,/^EOD$/d' sent.gp >>every-m4.gp
# pixels that differ (in any channel by more than $3) between PNGs $1, $2
n_differ() {
	"$PNGREAD" "$1" dump | sed 1d >a.px
	"$PNGREAD" "$2" dump | sed 1d | paste -d' ' a.px - \
		| awk -v t="$3" '{ for (c = 1; c <= 3; c++) { d = $c - $(c + 3); if (d < 0) d = -d;
		                       if (d > t) { n++; break } } } END { print n + 0 }'
}
gd='set terminal png size 800,600'
with_terminal "$gd" sent.gp | "$GNUPLOT" - >m4-gd.png 2>err
with_terminal "$gd" every-m4.gp | "$GNUPLOT" - >every-gd.png 2>>err
expect_eq "M4 by pixel, png (libgd): no message" "$(cat err)" ""
expect_eq "M4 by pixel, png (libgd): the picture of every row, pixel for pixel" \
	"$(n_differ every-gd.png m4-gd.png 0)" 0
# the same test fails for columns not aligned with the pixels: M4 over 640
# equal columns of the x range in the same frame
"$PECLI" decay --scheme rope --max-dist 100000 --format gnuplot --aggregate 640 >cols.gp
{ echo "$gd"; echo "set lmargin at screen 0.1"; echo "set rmargin at screen 0.9"; cat cols.gp; } \
	| "$GNUPLOT" - >cols-gd.png 2>err
n=$(n_differ every-gd.png cols-gd.png 0)
[ "$n" -gt 0 ] && pass || fail "M4 over equal columns, png (libgd): should differ from every row's picture"
cairo='set terminal pngcairo size 800,600'
if "$GNUPLOT" -e "$cairo" </dev/null 2>/dev/null; then
	with_terminal "$cairo" sent.gp | "$GNUPLOT" - >m4-cairo.png 2>err
	with_terminal "$cairo" every-m4.gp | "$GNUPLOT" - >every-cairo.png 2>>err
	expect_eq "M4 by pixel, pngcairo: no message" "$(cat err)" ""
	n=$(n_differ every-cairo.png m4-cairo.png 0)
	[ "$n" -le 24000 ] && pass || fail "M4 by pixel, pngcairo: at most 5% of 480000 pixels differ, not $n"
	n=$(n_differ every-cairo.png m4-cairo.png 64)
	[ "$n" -le 2400 ] && pass \
		|| fail "M4 by pixel, pngcairo: at most 0.5% of the pixels differ by more than 64/255, not $n"
else
	skip "no pngcairo terminal: the anti-aliased bound is not tested"
fi

# ---- the gallery: every script draws its 800 x 500 figure ----
PECLI=$PECLI GNUPLOT=$GNUPLOT sh "$PLOTS/gallery.sh" gallery >out 2>err
expect_eq "gallery: exit" "$?" 0
expect_eq "gallery: no message" "$(cat err)" ""
for f in heatmap similarity decay freqs-llama3 freqs-yarn extrapolate \
	distance-nope distance-sinusoidal rotation invariance; do
	expect_eq "gallery $f: 800 x 500" "$(png_size "gallery/$f.png")" "800 500"
done
expect_eq "gallery: nothing else" "$(ls gallery | tr '\n' ' ')" \
	"decay.png distance-nope.png distance-sinusoidal.png extrapolate.png freqs-llama3.png freqs-yarn.png heatmap.png invariance.png rotation.png similarity.png "

finish

#!/bin/sh
# tests/figures.sh - the framed heatmap drawn with cairo, end to end: the
# type is as tall as --font-size says (read back with tests/pngread); -o
# FILE.svg and FILE.pdf are vector figures with the cells as an embedded
# image and the text as glyphs; two runs give the same bytes (PNG, SVG,
# PDF: no clock in the PDF, SOURCE_DATE_EPOCH honoured); --raw is pixel
# for pixel what it was before cairo; a bad format, extension or size is
# refused with one line and exit 2, leaving no file.  Run by 'make check'
# with top_srcdir and top_builddir set; prints "N passed, N failed, N
# skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
PNGREAD=$(cd "$top_builddir" && pwd)/tests/pngread

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-fig.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# run ARGS...: pecli in an empty folder w; sets rc, files (the folder's)
run() {
	rm -rf "$T/w" && mkdir "$T/w" && (cd "$T/w" && "$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w" | tr '\n' ' ')
}

# ---- the type's size ----
# The title of 'heatmap --d 64 --n 100' is "sinusoidal encoding, d=64,
# n=100, interleaved layout": its ink runs from the top of 'd' and 'l' to
# the bottom of 'y'.  In DejaVu Sans (DejaVuSans.ttf, 2048 units to the
# em; the glyphs' bounding boxes: 'd' and 'l' yMax 1556, 'y' yMin -426,
# 'H' yMax 1493, the cap height) that is 1982 / 2048 = 0.968 em: 23.2
# pixels at 24, 11.6 at 12.  Antialiased edges count as ink when darker
# than half grey, which trims up to a row at each end: the rows are
# checked within [0.85, 1.05] em.  (The bitmap font cairo replaced was 9
# rows at any size.)
# title_rows FILE: the rows of the first run of ink from the top
title_rows() {
	"$PNGREAD" "$1" ink | awk '$1 == "ink" && $3 > 0 { if (start == "") start = $2
		else if ($2 != last + 1) exit; last = $2 }
		END { print last - start + 1, start }'
}
for fs in 12 24 48; do
	run heatmap --d 64 --n 100 --font-size "$fs" -o f.png
	expect_eq "--font-size $fs: exit" "$rc" 0
	set -- $(title_rows "$T/w/f.png")
	awk -v h="$1" -v fs="$fs" 'BEGIN { exit !(h >= 0.85 * fs && h <= 1.05 * fs) }' && pass \
		|| fail "--font-size $fs: the title is $1 rows tall, not 0.968 em"
	# its first row below the margin, 10/12 em (figure.h)
	awk -v y="$2" -v fs="$fs" 'BEGIN { m = int(fs * 10 / 12 + 0.999); exit !(y >= m && y <= m + 0.2 * fs) }' \
		&& pass || fail "--font-size $fs: the title starts at row $2"
	eval "rows_$fs=$1"
done
# twice the size, twice the type (within the row trimmed at each edge)
awk -v a="$rows_12" -v b="$rows_24" 'BEGIN { exit !(b >= 2 * a - 2 && b <= 2 * a + 2) }' && pass \
	|| fail "--font-size 24 against 12: $rows_24 rows against $rows_12"
# the test can fail: a title of capitals only would be 0.729 em, and the
# bitmap font's 9 rows at 24 pixels are far outside the window
awk 'BEGIN { exit !(9 < 0.85 * 24) }' && pass || fail "the window at 24 admits 9 rows"

# the plot grows with the type (figure.h): at least 256 PX / 12 pixels a
# side, so 16 x 4 cells make a plot of 256 x 256 at 12 and 512 x 512 at 24
# (the tEXt chunk 'plot' is X,Y,W,H)
for fs in 12 24; do
	"$PECLI" heatmap --d 16 --n 4 --font-size "$fs" -o "$T/p$fs.png"
done
expect_eq "--font-size 12: the plot" "$("$PNGREAD" "$T/p12.png" | sed -n 's/^text plot=[0-9]*,[0-9]*,//p')" "256,256"
expect_eq "--font-size 24: the plot" "$("$PNGREAD" "$T/p24.png" | sed -n 's/^text plot=[0-9]*,[0-9]*,//p')" "512,512"

# the default is 12: the same bytes as --font-size 12
"$PECLI" heatmap --d 16 --n 8 -o "$T/d.png" 2>/dev/null
"$PECLI" heatmap --d 16 --n 8 --font-size 12 -o "$T/e.png" 2>/dev/null
expect_eq "--font-size 12 is the default: pixels" "$("$PNGREAD" "$T/d.png" all | tail -1)" \
	"$("$PNGREAD" "$T/e.png" all | tail -1)"

# ---- SVG ----
run heatmap --d 16 --n 8 -o f.svg
expect_eq "-o f.svg: exit, files" "$rc $files" "0 f.svg "
expect_eq "-o f.svg: an XML header" "$(head -c 5 "$T/w/f.svg")" "<?xml"
grep -q '<svg ' "$T/w/f.svg" && pass || fail "-o f.svg: no <svg element"
# the cells and the colour bar: two embedded PNG images
expect_eq "-o f.svg: two images" "$(grep -o '<image ' "$T/w/f.svg" | wc -l | tr -d ' ')" 2
grep -q 'xlink:href="data:image/png;base64,' "$T/w/f.svg" && pass || fail "-o f.svg: the image is not an embedded PNG"
# the text as glyphs (cairo's <symbol id="glyph...">), used where drawn
grep -q '<symbol[^>]*id="glyph' "$T/w/f.svg" && pass || fail "-o f.svg: no glyphs"
grep -q '<use xlink:href="#glyph' "$T/w/f.svg" && pass || fail "-o f.svg: glyphs not used"
cp "$T/w/f.svg" "$T/f1.svg"
run heatmap --d 16 --n 8 -o f.svg
cmp -s "$T/f1.svg" "$T/w/f.svg" && pass || fail "-o f.svg: two runs differ"
# -o's extension in any case, and --format svg to standard output
run heatmap --d 16 --n 8 -o F.SVG
expect_eq "-o F.SVG: an SVG" "$(head -c 5 "$T/w/F.SVG")" "<?xml"
run heatmap --d 16 --n 8 --format svg
expect_eq "--format svg: to standard output" "$(head -c 5 "$T/out")" "<?xml"

# ---- PDF ----
run heatmap --d 16 --n 8 -o f.pdf
expect_eq "-o f.pdf: exit, files" "$rc $files" "0 f.pdf "
expect_eq "-o f.pdf: a PDF header" "$(head -c 5 "$T/w/f.pdf")" "%PDF-"
expect_eq "-o f.pdf: two image XObjects" "$(grep -ac '/Subtype /Image' "$T/w/f.pdf")" 2
expect_eq "-o f.pdf: cells not smoothed" "$(grep -ac '/Interpolate false' "$T/w/f.pdf")" 2
grep -aq '/FontFile2\|/FontFile3\|/FontFile ' "$T/w/f.pdf" && pass || fail "-o f.pdf: no embedded font"
grep -aq 'DejaVuSans' "$T/w/f.pdf" && pass || skip "-o f.pdf: DejaVu Sans is not installed (fonts-dejavu-core)"
# no clock: a fixed creation date, or SOURCE_DATE_EPOCH's (1700000000 is
# 2023-11-14 22:13:20 UTC: date -u -d @1700000000)
expect_eq "-o f.pdf: fixed date" "$(grep -ao '/CreationDate ([0-9Z]*)' "$T/w/f.pdf")" \
	"/CreationDate (19700101000000Z)"
cp "$T/w/f.pdf" "$T/f1.pdf"
sleep 1
run heatmap --d 16 --n 8 -o f.pdf
cmp -s "$T/f1.pdf" "$T/w/f.pdf" && pass || fail "-o f.pdf: two runs differ"
rm -rf "$T/w" && mkdir "$T/w"
(cd "$T/w" && SOURCE_DATE_EPOCH=1700000000 "$PECLI" heatmap --d 16 --n 8 -o f.pdf)
expect_eq "SOURCE_DATE_EPOCH: the date" "$(grep -ao '/CreationDate ([0-9Z]*)' "$T/w/f.pdf")" \
	"/CreationDate (20231114221320Z)"
grep -aq '/Subject (pecli heatmap --d 16 --n 8 -o f.pdf)' "$T/w/f.pdf" && pass \
	|| fail "-o f.pdf: the command line is not the subject"

# ---- PNG: the same bytes twice ----
run heatmap --scheme alibi --n 40 -o f.png
cp "$T/w/f.png" "$T/f1.png"
run heatmap --scheme alibi --n 40 -o f.png
cmp -s "$T/f1.png" "$T/w/f.png" && pass || fail "framed PNG: two runs differ"

# ---- --raw: unchanged ----
# The FNV-1a hashes of every pixel (tests/pngread 'all') of the raw PNGs
# the bitmap-font version of pecli wrote (commit d08ef12, before cairo):
# the raw path is the same streamed palette PNG, pixel for pixel.
raw_hash() { run heatmap "$@" -o r.png && "$PNGREAD" "$T/w/r.png" all | sed -n 's/^pixels //p'; }
expect_eq "--raw d16 n12" "$(raw_hash --d 16 --n 12 --raw)" c976daeb756f0b2b
expect_eq "--raw --scale 3 magma" "$(raw_hash --d 16 --n 12 --raw --scale 3 --colormap magma)" 9195a44d0833ace5
# (--head-scale shared: the colours of d08ef12, before each head had its own)
expect_eq "--raw alibi, masked" "$(raw_hash --scheme alibi --n 9 --raw --head-scale shared)" 3bb9ad9ab67a6edf
expect_eq "--raw: a palette PNG" "$("$PNGREAD" "$T/w/r.png" | head -1 | cut -d' ' -f3,4)" "8 3"

# ---- refused: one line, exit 2, no file ----
# refused WANT ARGS...: exit 2, the one line WANT, then the usage hint; no file
refused() {
	want=$1
	shift
	run heatmap --d 8 --n 4 "$@"
	expect_eq "heatmap $*: exit" "$rc" 2
	expect_eq "heatmap $*: message" "$(head -1 "$T/err")" "$want"
	expect_eq "heatmap $*: two lines" "$(wc -l <"$T/err" | tr -d ' ')" 2
	expect_eq "heatmap $*: no file" "$files" ""
}
refused "pecli: heatmap: -o f.svg names an svg file, but --format png writes png: give --format svg or another name" \
	-o f.svg --format png
refused "pecli: heatmap: -o f.png names a png file, but --format pdf writes pdf: give --format png or another name" \
	-o f.png --format pdf
refused "pecli: heatmap: option '--raw' writes the cells as a PNG: not with --format svg" --raw -o f.svg
refused "pecli: heatmap: option '--raw' writes the cells as a PNG: not with --format pdf" --raw --format pdf -o f
refused "pecli: heatmap: option '--font-size' sets the framed figure's type: not with --raw" \
	--raw --font-size 20 -o f.png
refused "pecli: heatmap: invalid value '5' for --font-size: expected an integer in [6, 72]" --font-size 5 -o f.png
refused "pecli: heatmap: invalid value '73' for --font-size: expected an integer in [6, 72]" --font-size 73 -o f.png
refused "pecli: heatmap: invalid value '12.5' for --font-size: expected an integer in [6, 72]" --font-size 12.5 -o f.png
refused "pecli: heatmap: invalid value '4097' for --max-size: a framed figure takes at most 4096 (--raw: 1000000000)" \
	--max-size 4097 -o f.png
run heatmap --d 8 --n 4 --raw --max-size 4097 -o f.png
expect_eq "--raw --max-size 4097: allowed" "$rc $files" "0 f.png "
rm -rf "$T/w" && mkdir "$T/w"
(cd "$T/w" && SOURCE_DATE_EPOCH=soon "$PECLI" heatmap --d 8 --n 4 -o f.pdf 2>"$T/err")
expect_eq "SOURCE_DATE_EPOCH=soon: exit" "$?" 2
expect_eq "SOURCE_DATE_EPOCH=soon: message" "$(head -1 "$T/err")" \
	"pecli: heatmap: invalid value 'soon' for SOURCE_DATE_EPOCH: expected whole seconds since 1970 in [0, 253402300799]"
expect_eq "SOURCE_DATE_EPOCH=soon: no file" "$(ls -A "$T/w")" ""
# a PNG does not read SOURCE_DATE_EPOCH at all
rm -rf "$T/w" && mkdir "$T/w"
(cd "$T/w" && SOURCE_DATE_EPOCH=soon "$PECLI" heatmap --d 8 --n 4 -o f.png 2>"$T/err")
expect_eq "SOURCE_DATE_EPOCH=soon with a PNG: exit" "$?" 0

# a write error: exit 3, one line, for the vector formats too
for f in svg pdf; do
	"$PECLI" heatmap --d 8 --n 4 --format "$f" >/dev/full 2>"$T/err"
	expect_eq "--format $f >/dev/full: exit" "$?" 3
	expect_eq "--format $f >/dev/full: one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
done

finish

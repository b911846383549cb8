# plots/rotation.gp - RoPE is a rotation: the first pair of a query,
# (1, 0), turned by the angle p θ_i for each position p, one circle per
# pair (up to four, fast to slow).  The fast pair spins round many times,
# the slow ones hardly move.  Step 6 of the README's article:
#
#   pecli matrix --scheme rope --d 8 --n 16 --table angle | gnuplot plots/rotation.gp > rotation.png
#
# Reads 'pecli matrix --scheme rope --table angle' CSV (columns pos, pair0,
# pair1, ...) on standard input, writes a PNG on standard output.

# pecli's CSV, read once from standard input: its "# key: value" lines
# give the titles, the rest goes into a datablock that can be read many times
raw = system("cat")
meta(k) = (_i = strstrt(raw, "# ".k.": "), _i == 0 ? "" : \
           (_r = raw[_i + strlen(k) + 4:], _r[1:strstrt(_r, "\n") - 1]))
set print $data
print raw
unset print
set datafile separator comma
set encoding utf8
if (strstrt(GPVAL_TERMINALS, " pngcairo ")) {
    set terminal pngcairo size 800,500 font "sans,10"
} else {
    set terminal png size 800,500
}

set datafile columnheaders
# the header row: one column a pair after pos
header = "\n".raw
header = header[strstrt(header, "\npos,") + 1:]
header = header[1:strstrt(header, "\n") - 1]
n_pairs = 0
do for [k = 1:strlen(header)] { if (header[k:k] eq ",") { n_pairs = n_pairs + 1 } }
stats $data using "pos" nooutput
p_last = STATS_max
# at most four circles, the fastest and the slowest pair among them
n_panels = n_pairs < 4 ? n_pairs : 4
pair_of(k) = n_panels == 1 ? 0 : int(k * (n_pairs - 1.0) / (n_panels - 1) + 0.5)
# the pair's dimensions in q: interleaved (2i, 2i+1), half (i, i + R/2)
half = meta("pairing") eq "half"
rot = meta("rotary_dim") + 0
dim_x(i) = half ? i : 2 * i
dim_y(i) = half ? i + rot / 2 : 2 * i + 1
# each drawn pair's largest angle, before the ranges below would clip it
array angle_max[n_panels]
do for [k = 0:n_panels - 1] {
    stats $data using sprintf("pair%d", pair_of(k)) nooutput
    angle_max[k + 1] = STATS_max
}

set size ratio -1
set xrange [-1.45:1.45]
set yrange [-1.45:1.45]
# a drawing, not a chart: the two axes of the pair's plane through the
# centre of the unit circle, named at their ends
unset border
unset xtics
unset ytics
set xzeroaxis lt 1 lc rgb "gray40"
set yzeroaxis lt 1 lc rgb "gray40"
unset key
set cbrange [0:p_last > 0 ? p_last : 1]
set cblabel "position p"
set cbtics out
unset colorbox
# matplotlib's viridis, every 32nd of its 256 entries: early positions dark
set palette defined (0 '#440154', 32 '#472c7b', 64 '#3a528b', 96 '#2c728e', \
                     128 '#20908c', 160 '#28ae7f', 192 '#5ec961', 224 '#addc30', 255 '#fde724')
set object 1 circle at first 0, first 0 size first 1 fs empty border lc rgb "gray60" lw 1 behind
set style arrow 1 head filled size screen 0.012, 20 lw 1.5 lc palette

set multiplot title sprintf("RoPE is a rotation: the pair (1, 0) of a query turned by p θ_i at positions 0 to %d (%s, d = %s, base %s)", \
                            p_last, meta("scheme"), meta("d"), meta("base")) noenhanced
# the circles on the left, two by two; the colour bar and the rule on the right
rows = n_panels > 2 ? 2 : 1
cols = n_panels > 1 ? 2 : 1
w = 0.62 / cols
h = 0.9 / rows
set rmargin 0
set lmargin 0
set tmargin 2.5
set bmargin 0.5
set label 10 sprintf("RoPE multiplies each pair of a query\nor key at position p, here %s,\nby the rotation matrix\n\n    cos pθ_i   −sin pθ_i\n    sin pθ_i     cos pθ_i\n\nso that its length never changes and\n<R_m q, R_n k> = <q, R_(n−m) k>:\nthe score depends on n − m alone.", \
    half ? "(q_i, q_i+R/2)" : "(q_2i, q_2i+1)") at screen 0.65, screen 0.8 left noenhanced
do for [k = 0:n_panels - 1] {
    i = pair_of(k)
    c = sprintf("pair%d", i)
    theta = p_last > 0 ? angle_max[k + 1] / p_last : 0
    set origin 0.01 + (k % cols) * w, 0.9 - (k / cols + 1) * h
    set size w, h
    set title sprintf("pair %d: θ_%d = %.3g rad a position,\n%.3g turns by position %d", \
                      i, i, theta, angle_max[k + 1] / (2 * pi), p_last) noenhanced
    set label 1 sprintf("q_{%d}", dim_x(i)) at first 1.45, first 0 right offset 0, -0.9
    set label 2 sprintf("q_{%d}", dim_y(i)) at first 0, first 1.45 right offset -0.5, -0.3
    if (k == n_panels - 1) {
        set colorbox horizontal user origin screen 0.67, screen 0.2 size screen 0.28, screen 0.035
    }
    # every position's number at its arrow's tip while they lie apart (0.3
    # rad at radius 1.17 is about two digits' width here) and are few enough
    # not to crowd a turn (2 pi / 0.3 is 21); else the last alone
    plot $data using (0):(0):(cos(column(c))):(sin(column(c))):"pos" with vectors \
             arrowstyle 1, \
         $data using (1.17 * cos(column(c))):(1.17 * sin(column(c))): \
             ((theta > 0.3 && p_last < 21) || column("pos") == p_last ? sprintf("%d", column("pos")) : "") \
             with labels font ",8"
    unset label 10
}
unset multiplot

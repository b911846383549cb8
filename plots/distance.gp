# plots/distance.gp - how far apart the codes of two positions are: the
# length |PE(p) - PE(p + r)| against the distance r, with the closest pair
# marked (what 'pecli check' calls uniqueness) and the largest distance the
# codes' length allows.  Steps 1 and 3 of the README's article: without
# positions every code is the same (a flat line at zero); the sinusoidal
# codes of 1024 positions never come closer than 3.71, and stay bounded:
#
#   pecli decay --scheme nope --d 512 --max-dist 1023 | gnuplot plots/distance.gp > distance-nope.png
#   pecli decay --d 512 --max-dist 1023 | gnuplot plots/distance.gp > distance-sinusoidal.png
#
# Reads 'pecli decay' CSV on standard input, writes a PNG on standard output.
# The distance comes from the scores, |a - b|^2 = a.a + b.b - 2 a.b, with
# a.a = b.b = the score at distance 0: true of every code of one length
# (sinusoidal: d/2, nope: 0), not of rope's all-ones score or the biases.

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
# the squared length of every code: the score at distance 0
stats $data using ($1 == 0 ? $2 : NaN) nooutput
len2 = STATS_max
# rounding can leave 2 a.a - 2 a.b a hair below zero when a = b
dist(dot) = sqrt(2 * len2 - 2 * dot > 0 ? 2 * len2 - 2 * dot : 0)
stats $data using ($1 > 0 ? $1 : NaN):(dist($2)) nooutput
r_max = STATS_max_x
closest = STATS_min_y
r_closest = STATS_pos_min_y
far = 2 * sqrt(len2)
top = far > 0 ? far : 1

set title sprintf("how far apart the codes of positions p and p + r are: %s, d = %s", \
                  meta("scheme"), meta("d")) noenhanced
set xlabel "distance r between the two positions"
set ylabel "|PE(p) − PE(p + r)|" noenhanced
set grid
set key at graph 0.98, graph 0.84 top right
# log distance: the neighbours, the closest codes, are where it matters
set logscale x
set format x "%g"
set xrange [0.8:r_max * 1.05]
# a little room below zero, so that a line at zero stays off the frame
set yrange [-0.04 * top:1.12 * top]
if (far > 0) {
    set arrow 1 from graph 0, first far to graph 1, first far nohead dt 2 lw 1.5 lc rgb "black"
    set label 1 sprintf("every code has length |PE(p)| = %.3g: no two are further apart than %.3g", \
        sqrt(len2), far) at graph 0.5, first far center offset 0, 0.8 noenhanced
}
if (closest < 1e-6) {
    # 1e-6: the smallest distance 'pecli check' counts as two codes (--min-distance)
    set label 2 sprintf("distance %.3g for every r: all positions share one code,\nso nothing tells the first word from the last", \
        closest) at graph 0.5, graph 0.3 center noenhanced
} else {
    set label 2 sprintf("closest codes: r = %d, distance %.3g > 0,\nso every position has its own code", \
        r_closest, closest) at first r_closest, first closest offset 1.5, -1.5 noenhanced
}
if (closest < 1e-6) {
    plot $data using 1:(dist($2)) with lines lw 2 lc rgb "#2166ac" \
             title "the distance between the codes"
} else {
    plot $data using 1:(dist($2)) with lines lw 2 lc rgb "#2166ac" \
             title "the distance between the codes", \
         $data using ($1 == r_closest ? $1 : NaN):(dist($2)) with points pt 7 ps 1.2 \
             lc rgb "#b2182b" title "the closest pair"
}

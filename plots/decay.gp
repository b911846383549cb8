# plots/decay.gp - RoPE's long-range decay: the RoFormer relative upper
# bound (Su et al. 2021, section 3.4.3 and Figure 2) and the score of q = k =
# all ones, against the relative distance (log scale, from 1).  In the README's gallery:
#
#   pecli decay --scheme rope --d 128 --max-dist 5000 | gnuplot plots/decay.gp > decay.png
#
# Reads 'pecli decay' CSV on standard input (the bound column is RoPE's;
# other schemes draw the score alone), writes a PNG on standard output.

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
rope = meta("scheme") eq "rope"

set title sprintf("long-range decay, %s, d = %s, base %s", \
                  meta("scheme"), meta("d"), meta("base")) noenhanced
set xlabel "relative distance r"
set ylabel "score"
set grid
set key top right
# log distance: the decay happens in the first hundred positions, the
# long tail oscillates
set logscale x
set format x "%g"
set xrange [1:*]
set autoscale xfixmax
if (rope) {
    set ytics nomirror
    set y2tics
    set y2label "relative upper bound"
    plot $data using "distance":"dot" with lines lw 1 lc rgb "#9ab8d8" \
             title "<R_p q, R_{p+r} k>, q = k = all ones (left axis)" noenhanced, \
         $data using "distance":"bound" axes x1y2 with lines lw 2 lc rgb "#b2182b" \
             title "RoFormer upper bound (1/F) Σ_j |S_j| (right axis)" noenhanced
} else {
    plot $data using "distance":"dot" with lines lw 2 lc rgb "#2166ac" \
         title "PE(p) · PE(p + r)" noenhanced
}

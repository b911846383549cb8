# plots/extrapolate.gp - beyond the training length: each rotary pair's
# largest angle in training and at the target length, unscaled and under
# each compared method.  Pairs past the critical dimension (Liu et al. 2023)
# never made a full turn in training; unscaled, they meet angles they never
# saw.  In the README's gallery:
#
#   pecli extrapolate --d 128 --train-len 4096 --target-len 32768 \
#       --compare linear,ntk,yarn | gnuplot plots/extrapolate.gp > extrapolate.png
#
# Reads 'pecli extrapolate' CSV on standard input, writes a PNG on standard
# output.

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
crit = word(meta("critical_dim"), 1) + 0
header = raw[strstrt(raw, "\npair,"):]
header = header[2:strstrt(header[2:], "\n")]
methods = ""
do for [m in "linear ntk dynamic yarn llama3"] {
    if (strstrt(header, ",".m."_angle_target")) { methods = methods." ".m }
}
stats $data using "pair" nooutput
last_pair = STATS_max

set title sprintf("largest angle of each pair: trained on %s positions, run on %s (%s, d = %s, base %s)", \
                  meta("train_len"), meta("target_len"), meta("scheme"), meta("d"), meta("base")) noenhanced
set xlabel "frequency pair i (fast to slow)"
set ylabel "largest angle (radians)"
set logscale y
set format y "10^{%L}"
set grid
set key bottom left
set xrange [-0.5:last_pair + 0.5]
set object 1 rect from crit / 2.0 - 0.5, graph 0 to graph 1, graph 1 \
    fc rgb "#eeeeee" fs solid 1.0 noborder behind
set label 1 sprintf("pairs ≥ %d:\nless than one\nturn in training\n(critical\ndimension %d)", \
    crit / 2, crit) at crit / 2.0, graph 0.93 offset 1, 0
set arrow 1 from graph 0, first 2 * pi to graph 1, first 2 * pi nohead dt 3 lc rgb "gray40"
set label 2 "one full turn, 2π" at graph 0.02, first 2 * pi offset 0, 0.7
plot $data using "pair":"angle_target_base" with linespoints pt 7 ps 0.4 lw 2 \
         lc rgb "#b2182b" title "at the target, unscaled", \
     for [m in methods] $data using "pair":(column(m."_angle_target")) \
         with linespoints pt 7 ps 0.4 lw 2 title "at the target, ".m noenhanced, \
     $data using "pair":"angle_train" with lines lw 2 dt 2 lc rgb "black" \
         title "in training"

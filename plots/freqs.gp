# plots/freqs.gp - what a context-extension method does to each rotary
# pair: the inverse frequency before and after scaling (left, log scale) and
# their ratio (right).  In the README's gallery, Llama 3.1 and YaRN:
#
#   pecli freqs --preset llama3.1-8b | gnuplot plots/freqs.gp > freqs-llama3.png
#   pecli freqs --preset qwen2.5-7b-yarn | gnuplot plots/freqs.gp > freqs-yarn.png
#
# Reads 'pecli freqs' CSV on standard input, writes a PNG on standard output.

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
factor = word(meta("factor"), 1)

set title sprintf("%s scaling by %s, %s (d = %s, base %s): slow pairs slowed down", \
                  meta("scaling"), factor, meta("source"), meta("d"), meta("base")) noenhanced
set xlabel "frequency pair i (fast to slow)"
set ylabel "inverse frequency θ_i (radians per position)" noenhanced
set y2label "slow-down: θ_i before / after" noenhanced
set logscale y
set format y "10^{%L}"
set ytics nomirror
set y2tics
# the bars in the lower half, the key above them
set y2range [0:2 * factor]
set grid
set key top right
set autoscale xfix
set style fill solid 0.35 noborder
set boxwidth 0.8
plot $data using "pair":"ratio" axes x1y2 with boxes lc rgb "#fdae61" \
         title "ratio (right axis)", \
     $data using "pair":"inv_freq_base" with lines lw 2 dt 2 lc rgb "black" \
         title "before scaling, base^{-2i/d}", \
     $data using "pair":"inv_freq" with linespoints pt 7 ps 0.5 lw 2 lc rgb "#2166ac" \
         title "after ".meta("scaling")." scaling" noenhanced

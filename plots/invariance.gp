# plots/invariance.gp - relative invariance, numerically: for each
# floating-point format, the largest error of each identity 'pecli
# invariance' measures (bars, log scale), beside the format's unit roundoff
# u (black dashes).  Exact in the mathematics, the identities break by
# rounding alone, so each error follows u as the format gets shorter.
# Step 7 of the README's article:
#
#   pecli invariance --scheme rope --n 4096 | gnuplot plots/invariance.gp > invariance.png
#
# Reads 'pecli invariance' CSV on standard input (rope: shift_error and
# compose_error; sinusoidal: map_error; every column named *_error is
# drawn), writes a PNG on standard output.  A format that cannot hold the
# positions (inf) gets the word inf instead of a bar.

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
# the header row, and in it the error columns
header = "\n".raw
header = header[strstrt(header, "\nformat,") + 1:]
header = header[1:strstrt(header, "\n") - 1]
names = ""
do for [k = 1:strlen(header)] { names = names.(header[k:k] eq "," ? " " : header[k:k]) }
errors = ""
do for [w in names] {
    if (strlen(w) > 6 && w[strlen(w) - 5:] eq "_error") { errors = errors." ".w }
}
n_err = words(errors)
# the unit roundoff of each format, half the gap from 1 to the next number:
# 2^-53 (double), 2^-24 (single), 2^-11 (IEEE half), 2^-8 (bfloat16)
u(f) = f eq "float64" ? 2.0**-53 : f eq "float32" ? 2.0**-24 : \
       f eq "float16" ? 2.0**-11 : f eq "bfloat16" ? 2.0**-8 : NaN
what(c) = c eq "shift_error" ? "shift: |<R_m q, R_n k> − <R_m+s q, R_n+s k>| / |q| |k|" : \
          c eq "compose_error" ? "compose: |R_b R_a q − R_a+b q| / |q|" : \
          c eq "map_error" ? sprintf("map: |M_k PE(p) − PE(p + k)|, k = %s", meta("offset")) : c
colour(k) = word("#2166ac #b2182b #4dac26 #8073ac", (k - 1) % 4 + 1)

stats $data using 0 nooutput
n_formats = STATS_records
# the range: from below float64's u to above the largest finite error (inf:
# a format that cannot hold the positions)
finite(x) = x < 1e308 ? x : NaN
top = 1.0
do for [c in errors] {
    stats $data using (finite(column(c))) nooutput
    if (STATS_max > top) { top = STATS_max }
}
y_max = 10.0**ceil(log10(top) + 0.5)
# how many units of roundoff each error is: of one size in every format
# when rounding alone breaks the identities
r_min = 1e308
r_max = 0
do for [c in errors] {
    stats $data using (finite(column(c)) / u(strcol(1))) nooutput
    if (STATS_min < r_min) { r_min = STATS_min }
    if (STATS_max > r_max) { r_max = STATS_max }
}
set logscale y
set yrange [1e-17:y_max]
set format y "10^{%L}"
set ytics 100
set xrange [-0.6:n_formats - 0.4]
set grid ytics
set key top left reverse Left noenhanced
set xtics scale 0
set boxwidth 0.8 / n_err
set style fill solid 0.8 noborder

set title sprintf("relative invariance in each arithmetic, every operation rounded to it: %s, d = %s, positions below %s\nevery error is %.0f to %.0f times the format's unit roundoff u: rounding alone breaks the identities", \
                  meta("scheme"), meta("d"), meta("n"), r_min, r_max) noenhanced
set xlabel "floating-point format (each shorter than the one before)"
set ylabel "largest error (log scale)"
bar_x(k) = $0 + (k - (n_err + 1) / 2.0) * 0.8 / n_err
plot for [k = 1:n_err] $data using (bar_x(k)):(finite(column(word(errors, k)))) \
         with boxes lc rgb colour(k) title what(word(errors, k)), \
     for [k = 1:n_err] $data using (bar_x(k)):(finite(column(word(errors, k)))): \
         (sprintf("%.2g", column(word(errors, k)))) with labels offset 0, 0.7 font ",9" notitle, \
     for [k = 1:n_err] $data using (bar_x(k)):(strcol(word(errors, k)) eq "inf" ? y_max / 100 : NaN): \
         ("inf") with labels font ",9" notitle, \
     $data using ($0 - 0.45):(u(strcol(1))):(0.9):(0) with vectors nohead lw 2 dt 2 lc rgb "black" \
         title "unit roundoff u of the format", \
     $data using 0:(u(strcol(1))):xtic(1) with dots lc rgb "black" notitle

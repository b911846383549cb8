# plots/heatmap.gp - the encoding matrix as an image: positions down,
# dimensions across, matplotlib's viridis over [-1, 1].  The first figure of
# the README's gallery:
#
#   pecli matrix --d 128 --n 200 | gnuplot plots/heatmap.gp > heatmap.png
#
# Reads 'pecli matrix' CSV (sinusoidal, or any scheme whose values lie in
# [-1, 1]) on standard input, writes a PNG on standard output.

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

# the header row (pos,d0,...) is skipped as a comment, the pos column by
# 'every ::1'
set datafile commentschars "#p"
stats $data matrix every ::1 using 3 nooutput
n_dim = STATS_size_x - 1
n_pos = STATS_size_y

set title sprintf("the %s encoding, d = %s, %s positions, %s layout", \
                  meta("scheme"), meta("d"), meta("n"), meta("layout")) noenhanced
set xlabel "dimension i" . (meta("layout") eq "concat" ? \
           " (sines, then cosines)" : " (sine at even i, cosine at odd i)")
set ylabel "position p"
set cblabel "PE(p, i)" offset -1, 0
set xrange [-0.5:n_dim - 0.5]
set yrange [n_pos - 0.5:-0.5]
set cbrange [-1:1]
set tics out
# matplotlib's viridis, every 8th of its 256 entries (as pecli writes it)
set palette defined (0 '#440154', 8 '#460c5f', 16 '#47186a', 24 '#482273', 32 '#472c7b', 40 '#453681', 48 '#424085', 56 '#3e4989', 64 '#3a528b', 72 '#365a8c', 80 '#32628d', 88 '#2f6a8d', 96 '#2c728e', 104 '#287a8e', 112 '#26818e', 120 '#23898d', 128 '#20908c', 136 '#1e988a', 144 '#1e9f88', 152 '#21a784', 160 '#28ae7f', 168 '#32b57a', 176 '#3ebc73', 184 '#4dc26b', 192 '#5ec961', 200 '#70ce56', 208 '#83d34b', 216 '#97d83e', 224 '#addc30', 232 '#c2df22', 240 '#d7e219', 248 '#ece41a', 255 '#fde724')
plot $data matrix every ::1 using ($1 - 1):2:3 with image notitle

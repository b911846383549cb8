# plots/similarity.gp - the similarity matrix between positions, query m
# down, key n across, matplotlib's coolwarm over a range symmetric about
# zero.  In the README's gallery:
#
#   pecli matrix --of similarity --d 128 --n 200 | gnuplot plots/similarity.gp > similarity.png
#
# Reads 'pecli matrix --of similarity' CSV on standard input, writes a PNG on
# standard output.

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

# the header row (pos,k0,...) is skipped as a comment, the pos column by
# 'every ::1'
set datafile commentschars "#p"
stats $data matrix every ::1 using 3 nooutput
n_pos = STATS_size_y
big = abs(STATS_min) > abs(STATS_max) ? abs(STATS_min) : abs(STATS_max)

set title sprintf("similarity between positions, %s, d = %s, %s", \
                  meta("scheme"), meta("d"), meta("of")) noenhanced
set xlabel "key position n"
set ylabel "query position m"
set cblabel (meta("of") eq "similarity, metric cosine" ? "cosine similarity" : \
             meta("scheme") eq "sinusoidal" ? "PE(m) · PE(n)" : "score") offset -1, 0
set xrange [-0.5:n_pos - 0.5]
set yrange [n_pos - 0.5:-0.5]
set cbrange [-big:big]
set size ratio -1
set tics out
# matplotlib's coolwarm, every 8th of its 256 entries (as pecli writes it)
set palette defined (0 '#3a4cc0', 8 '#435acc', 16 '#4d67d7', 24 '#5775e1', 32 '#6182ea', 40 '#6c8ef1', 48 '#779af6', 56 '#82a5fb', 64 '#8daffd', 72 '#98b9fe', 80 '#a3c1fe', 88 '#aec9fc', 96 '#b8cff8', 104 '#c2d4f3', 112 '#ccd8ed', 120 '#d5dbe5', 128 '#dddcdb', 136 '#e5d8d0', 144 '#ecd2c4', 152 '#f1cbb8', 160 '#f4c3ab', 168 '#f6ba9f', 176 '#f7b092', 184 '#f6a486', 192 '#f39879', 200 '#f08b6d', 208 '#ea7d61', 216 '#e46e56', 224 '#dc5e4b', 232 '#d34d40', 240 '#c93b37', 248 '#be232d', 255 '#b30326')
plot $data matrix every ::1 using ($1 - 1):2:3 with image notitle

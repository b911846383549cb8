#!/bin/sh
# plots/gallery.sh - draw the README's gallery: every figure is one pecli
# command piped into one gnuplot script of this folder,
#
#   pecli ARGS | gnuplot plots/NAME.gp > OUTDIR/NAME.png
#
# with the CSV kept in a file between the two, so that a failing pecli fails
# the figure, and each PNG written under a temporary name and renamed when
# complete.  'make plots' runs it as
#
#   PECLI=./pecli sh plots/gallery.sh doc/gallery
#
# PECLI and GNUPLOT name the programs (default: pecli and gnuplot on PATH).

set -e
out=${1:-doc/gallery}
here=$(cd "$(dirname "$0")" && pwd)
PECLI=${PECLI:-pecli}
GNUPLOT=${GNUPLOT:-gnuplot}

# figure NAME SCRIPT PECLI-ARGS...
figure() {
	name=$1 script=$2
	shift 2
	"$PECLI" "$@" >"$out/$name.csv.tmp"
	"$GNUPLOT" "$here/$script" <"$out/$name.csv.tmp" >"$out/$name.png.tmp"
	mv "$out/$name.png.tmp" "$out/$name.png"
	rm -f "$out/$name.csv.tmp"
	echo "$out/$name.png"
}

mkdir -p "$out"
figure heatmap heatmap.gp matrix --d 128 --n 200
figure similarity similarity.gp matrix --of similarity --d 128 --n 200
figure decay decay.gp decay --scheme rope --d 128 --max-dist 5000
figure freqs-llama3 freqs.gp freqs --preset llama3.1-8b
figure freqs-yarn freqs.gp freqs --preset qwen2.5-7b-yarn
figure extrapolate extrapolate.gp extrapolate --d 128 --train-len 4096 --target-len 32768 --compare linear,ntk,yarn
# the article in ten commands: steps 1, 3, 6 and 7
figure distance-nope distance.gp decay --scheme nope --d 512 --max-dist 1023
figure distance-sinusoidal distance.gp decay --d 512 --max-dist 1023
figure rotation rotation.gp matrix --scheme rope --d 8 --n 16 --table angle
figure invariance invariance.gp invariance --scheme rope --n 4096

#!/bin/sh
# tests/outputs.sh - where -o writes, generated rather than listed: every
# command that takes -o (read from 'pecli --help' and each command's help),
# in each of its output formats that makes a file, times every kind of
# output path: a new file, an existing file, a symbolic link that dangles
# (its target is created, the link kept), a link to an existing file (the
# file replaced, the link kept), a link loop and a link into a missing
# folder (both refused, exit 2, before any work), a folder (exit 3), a link
# to /dev/null and a FIFO (written in place), a read-only folder (exit 3;
# not as root, who may write anywhere).  After each run the folder holds
# exactly what it should: no temporary FILE.XXXXXX is ever left.  Then a
# run killed by the file-size limit (SIGXFSZ) or by SIGTERM leaves nothing,
# a PNG taller than libpng's default limit of 1000000 pixels is written,
# and an image too large for memory is refused before any work (exit 2).
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
PNGREAD=$(cd "$top_builddir" && pwd)/tests/pngread

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-outputs.XXXXXX") || exit 99
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

# A small run of each command; a command that takes -o and is not here
# fails the test, so a new command gets its line.
args_of() {
	case $1 in
	matrix) echo "--n 6 --d 4" ;;
	heatmap) echo "--n 6 --d 4" ;;
	decay) echo "--d 8 --max-dist 16" ;;
	check) echo "--n 16 --d 8" ;;
	extrapolate) echo "--d 8 --train-len 16 --target-len 64" ;;
	invariance) echo "--n 8 --d 8" ;;
	precision) echo "--n 8 --d 8" ;;
	freqs) echo "--d 8" ;;
	layout) echo "--d 8 --n 4" ;;
	model) echo "--preset llama3.1-8b" ;;
	diff) echo "--preset llama3-8b --preset llama3.1-8b" ;;
	presets|schemes) echo "" ;;
	*) echo "?" ;;
	esac
}

# The formats of a command that write a file, from its --help's --format
# line ("--format NAME  output format: csv, tsv, ... (default ...)"); gnuplot's --plot is tests/gnuplot.sh's.
formats_of() {
	"$PECLI" "$1" --help | sed -n 's/.*--format NAME *output format: \([a-z, ]*\) (default.*/\1/p' \
		| tr -d ',' | head -n 1
}

# setup KIND: the folder w prepared for -o out.EXT; prints the files it
# must hold after a successful run, and after a refused one
setup() {
	rm -rf "$T/w" && mkdir "$T/w" && cd "$T/w" || exit 99
	case $1 in
	new) ;;
	existing) echo old >"out.$ext" ;;
	dangling) ln -s target "out.$ext" ;;
	link) echo old >target && ln -s target "out.$ext" ;;
	loop) ln -s loop2 "out.$ext" && ln -s "out.$ext" loop2 ;;
	nodir) ln -s nodir/target "out.$ext" ;;
	folder) mkdir "out.$ext" ;;
	devnull) ln -s /dev/null "out.$ext" ;;
	fifo) mkfifo "out.$ext" ;;
	readonly) mkdir ro && chmod 555 ro ;;
	esac
	cd "$T" || exit 99
}

# files: what w holds, links shown with their target
files() {
	(cd "$T/w" && for f in $(ls -A); do
		if [ -h "$f" ]; then printf '%s->%s ' "$f" "$(readlink "$f")"
		elif [ -d "$f" ]; then printf '%s/ ' "$f"
		else printf '%s ' "$f"; fi
	done)
}

kinds="new existing dangling link loop nodir folder devnull fifo readonly"
commands=$("$PECLI" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
n_cases=0
for cmd in $commands; do
	"$PECLI" "$cmd" --help 2>/dev/null | grep -q -- '--output' || continue
	args=$(args_of "$cmd")
	if [ "$args" = "?" ]; then
		fail "$cmd takes -o but has no arguments in tests/outputs.sh's args_of"
		continue
	fi
	for fmt in $(formats_of "$cmd"); do
		ext=$fmt
		# the reference: the bytes written to a new file
		setup new
		# shellcheck disable=SC2086
		(cd "$T/w" && "$PECLI" $cmd $args --format $fmt -o "out.$ext" 2>"$T/err")
		base=$?
		json=""
		[ "$fmt" = npy ] && json="out.json "
		if [ "$base" -gt 1 ] || [ ! -f "$T/w/out.$ext" ]; then
			fail "pecli $cmd $args --format $fmt -o out.$ext: exit $base: $(cat "$T/err")"
			continue
		fi
		cp "$T/w/out.$ext" "$T/ref"
		for kind in $kinds; do
			if [ "$kind" = readonly ] && [ "$(id -u)" = 0 ]; then
				continue   # root writes into a read-only folder
			fi
			setup "$kind"
			o="out.$ext"
			[ "$kind" = readonly ] && o="ro/out.$ext"
			name="pecli $cmd --format $fmt -o $o ($kind)"
			if [ "$kind" = fifo ]; then
				cat "$T/w/out.$ext" >"$T/got" &
				reader=$!
			fi
			# shellcheck disable=SC2086
			(cd "$T/w" && "$PECLI" $cmd $args --format $fmt -o "$o" >"$T/out" 2>"$T/err")
			rc=$?
			[ "$kind" = fifo ] && wait "$reader"
			n_cases=$((n_cases + 1))
			line1=$(sed -n 1p "$T/err")
			case $kind in
			new|existing) want_rc=$base want="$json$o " got_file="$T/w/$o" ;;
			dangling|link) want_rc=$base want="$json$o->target target " got_file="$T/w/target" ;;
			loop) want_rc=2 want="loop2->$o $o->loop2 "
			      want_line="pecli: $cmd: cannot write '$o': too many levels of symbolic links (a loop)" ;;
			nodir) want_rc=2 want="$o->nodir/target "
			       want_line="pecli: $cmd: cannot write '$o': the symbolic link points into 'nodir', which is not an existing folder" ;;
			folder) want_rc=3 want="$o/ " want_line="pecli: $cmd: cannot write '$o': Is a directory" ;;
			devnull) want_rc=$base want="$o->/dev/null " ;;
			fifo) want_rc=$base want="$o " got_file="$T/got" ;;
			readonly) want_rc=3 want="ro/ " want_line="" ;;
			esac
			[ "$kind" = devnull ] || [ "$kind" = fifo ] && [ "$fmt" = npy ] && json=""
			expect_eq "$name: exit" "$rc" "$want_rc"
			expect_eq "$name: files" "$(files)" "$want"
			if [ "$rc" = "$base" ]; then
				expect_eq "$name: no message" "$(cat "$T/err")" ""
				case $kind in devnull) ;; *)
					if cmp -s "$T/ref" "$got_file"; then pass; else
						fail "$name: the bytes of a new file"; fi ;;
				esac
			elif [ -n "$want_line" ]; then
				expect_eq "$name: message" "$line1" "$want_line"
			fi
			[ "$fmt" = npy ] && json="out.json "
			want_line=""
		done
	done
done
echo "$n_cases runs of a command into a kind of output path"

# ---- killed midway: no temporary file is left ----
rm -rf "$T/w" && mkdir "$T/w"
for fmt in csv npy; do
	(cd "$T/w" && ulimit -f 16 && exec "$PECLI" matrix --n 4000 --d 256 --format $fmt \
		-o "big.$fmt" 2>/dev/null)
	rc=$?
	expect_eq "matrix --format $fmt past 'ulimit -f 16': killed by SIGXFSZ" "$rc" 153
	expect_eq "matrix --format $fmt past 'ulimit -f 16': nothing left" "$(files)" ""
done
(cd "$T/w" && ulimit -f 16 && exec "$PECLI" heatmap --raw --n 4000 --d 256 --compression 0 \
	-o big.png 2>/dev/null)
expect_eq "heatmap past 'ulimit -f 16': killed by SIGXFSZ" "$?" 153
expect_eq "heatmap past 'ulimit -f 16': nothing left" "$(files)" ""
(cd "$T/w" && exec "$PECLI" matrix --n 2000000 --d 512 -o big.csv 2>/dev/null) &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
expect_eq "matrix killed by SIGTERM: exit" "$?" 143
expect_eq "matrix killed by SIGTERM: nothing left" "$(files)" ""

# ---- PNG sizes ----
# taller than libpng's default limit (PNG_USER_HEIGHT_MAX, 1000000): written;
# the raw image of the sinusoidal code over [-1, 1] (its closed-form range)
# has the rows of the smaller image of the same positions
(cd "$T/w" && "$PECLI" heatmap --raw --n 1000001 --d 2 -o tall.png 2>"$T/err")
expect_eq "heatmap --raw --n 1000001: exit" "$?" 0
expect_eq "heatmap --raw --n 1000001: no message" "$(cat "$T/err")" ""
expect_eq "heatmap --raw --n 1000001: size" "$("$PNGREAD" "$T/w/tall.png" | head -n 1)" "2 1000001 8 3"
(cd "$T/w" && "$PECLI" heatmap --raw --n 8 --d 2 -o small.png)
expect_eq "heatmap --raw --n 1000001: rows 0 to 7 those of --n 8" \
	"$("$PNGREAD" "$T/w/tall.png" 0,0 1,0 0,5 1,5 0,7 1,7 | grep -v '^[0-9]* [0-9]* 8 3$' | grep '^[0-9]*,')" \
	"$("$PNGREAD" "$T/w/small.png" 0,0 1,0 0,5 1,5 0,7 1,7 | grep -v '^[0-9]* [0-9]* 8 3$' | grep '^[0-9]*,')"
rm -f "$T/w/tall.png" "$T/w/small.png"
# too large for any machine's memory (1024 threads each holding a plot row
# of 300000 cells of 1024 pixels): refused before any row is computed
(cd "$T/w" && "$PECLI" heatmap --raw --of similarity --n 300000 --d 8 --scale 1024 \
	--threads 1024 -o huge.png 2>"$T/err")
expect_eq "heatmap too large for memory: exit" "$?" 2
expect_eq "heatmap too large for memory: message" \
	"$(sed -n 1p "$T/err" | sed 's/ needs about .*//')" \
	"pecli: heatmap: a PNG of 307200000 x 307200000 pixels"
expect_eq "heatmap too large for memory: nothing left" "$(files)" ""

finish

#!/bin/sh
# tests/figproc.sh - a framed SVG or PDF is drawn by cairo in a child
# process (src/write/figproc.c), so that cairo's crashes when memory runs
# out (cairo 1.16: SIGSEGV in cairo_show_text and cairo_surface_finish,
# SIGABRT from its scan converter) are a fault: exit 3, one 'pecli:' line,
# no file.  (A PNG goes through cairo, in the same child, only in a build
# without the font's file; figraster.c draws it otherwise, without cairo.)
# The shim tests/failmalloc.so stands in for the crash and for fork
# failing (FAILMALLOC_FORK): a child that dies of SIGSEGV as it starts is
# exit 3 with the message below and leaves nothing (-o) or writes nothing
# (standard output); fork failing for want of memory (ENOMEM) is exit 3;
# fork failing for a process limit (EAGAIN) draws in the process, the same
# bytes as the child draws; a closed pipe and the file-size limit still
# end pecli by their signal.  And the shim counts the child's allocations,
# so that tests/faults.sh sweeps them too.
#
# Skipped (77) where the shim cannot be preloaded (an AddressSanitizer
# build, or not glibc), as tests/faults.sh is.
top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
SHIM=$(cd "$top_builddir" && pwd)/tests/failmalloc.so
LC_ALL=C
export LC_ALL

why=$(why_no_shim "$PECLI" "$SHIM")
if [ -n "$why" ]; then
	echo "SKIP: $why"
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-figproc.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# run MODE ARGS...: pecli in an empty folder w, every fork as MODE says
# (FAILMALLOC_FORK; none: as it is); sets rc, files (the folder's)
run() {
	mode=$1
	shift
	rm -rf "$T/w" && mkdir "$T/w"
	(cd "$T/w" && FAILMALLOC_FORK=$mode FAILMALLOC_LOG=$T/log LD_PRELOAD=$SHIM \
		"$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	files=$(ls -A "$T/w" | tr '\n' ' ')
}

CRASH="pecli: heatmap: cairo: drawing the figure ended with signal 11 (Segmentation fault), most likely because memory ran out"
NOFORK="pecli: heatmap: cairo: drawing the figure: cannot start its process: Cannot allocate memory"

for f in svg pdf; do
	# the figure as the child draws it
	run none heatmap --n 6 --d 4 -o "f.$f"
	expect_eq "-o f.$f: exit, file" "$rc $files" "0 f.$f "
	cp "$T/w/f.$f" "$T/child.$f"
	read -r n_child _ <"$T/log"

	# the child crashes: a fault, and no file, not even the temporary
	run crash heatmap --n 6 --d 4 -o "f.$f"
	expect_eq "-o f.$f, the drawing crashes: exit, files" "$rc $files" "3 "
	expect_eq "-o f.$f, the drawing crashes: message" "$(cat "$T/err")" "$CRASH"
	read -r n_crash _ <"$T/log"

	# fork fails for want of memory: a fault
	run enomem heatmap --n 6 --d 4 -o "f.$f"
	expect_eq "-o f.$f, fork fails (ENOMEM): exit, files" "$rc $files" "3 "
	expect_eq "-o f.$f, fork fails (ENOMEM): message" "$(cat "$T/err")" "$NOFORK"

	# fork fails for a process limit: drawn here, the same bytes
	run eagain heatmap --n 6 --d 4 -o "f.$f"
	expect_eq "-o f.$f, fork fails (EAGAIN): exit, files, message" "$rc $files$(cat "$T/err")" \
		"0 f.$f "
	if cmp -s "$T/w/f.$f" "$T/child.$f"; then pass; else
		fail "-o f.$f, fork fails (EAGAIN): not the bytes the child draws"
	fi
	read -r n_here _ <"$T/log"

	# The shim's count includes the child's calls.  Without them it would
	# be about the crash's (the calls before the fork, then the parent's
	# few); with them it is within a few calls of drawing in the process
	# (which frees cairo's caches where they were filled): at least half
	# of the drawing's calls above the crash's is the line between.
	if [ "$((2 * n_child))" -ge "$((n_crash + n_here))" ] && [ "$n_here" -gt "$n_crash" ]; then
		pass
	else
		fail "-o f.$f: the shim counted $n_child calls with the child, $n_crash with it crashing, $n_here in the process"
	fi
done

# to standard output: a crash writes nothing there
for f in svg pdf; do
	run crash heatmap --n 6 --d 4 --format "$f"
	expect_eq "--format $f, the drawing crashes: exit, stdout" "$rc $(wc -c <"$T/out" | tr -d ' ')" "3 0"
	expect_eq "--format $f, the drawing crashes: message" "$(cat "$T/err")" "$CRASH"
done

# The output's own signals reach pecli as when it drew by itself: a
# reader that stops early (SIGPIPE: exit 128 + 13, no message, as DESIGN.md
# keeps 'pecli ... | head' quiet) and the file-size limit (SIGXFSZ: 128 +
# 25, nothing left, as tests/outputs.sh for the other writers).  The SVG
# of 1000 x 256 is about 470 KB, well past a pipe's 64 KB, so the child
# meets the closed pipe whatever the timing.
for f in svg pdf; do
	{ "$PECLI" heatmap --n 1000 --d 256 --format "$f" 2>"$T/err"; echo $? >"$T/rc"; } \
		| head -c 10 >/dev/null
	expect_eq "--format $f | head -c 10: killed by SIGPIPE, quietly" \
		"$(cat "$T/rc") $(wc -c <"$T/err" | tr -d ' ')" "141 0"
	rm -rf "$T/w" && mkdir "$T/w"
	(cd "$T/w" && ulimit -f 16 && exec "$PECLI" heatmap --n 1000 --d 256 -o "f.$f" 2>"$T/err")
	expect_eq "-o f.$f past 'ulimit -f 16': killed by SIGXFSZ, nothing left" \
		"$? $(ls -A "$T/w")" "153 "
done

finish

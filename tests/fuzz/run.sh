#!/bin/sh
# tests/fuzz/run.sh - 'make fuzz': run each libFuzzer harness given for
# FUZZ_TIME seconds (default 60) on a scratch copy of its seed corpus
# (tests/fuzz/corpus/NAME, never written to), with its dictionary
# tests/fuzz/NAME.dict.  Fails if any harness finds a crash, a leak, a
# timeout or a broken property; the input that did it is kept in
# tests/fuzz/work/NAME/ (under the build folder) with libFuzzer's log.
#
#   top_srcdir=. top_builddir=. FUZZ_TIME=10 sh tests/fuzz/run.sh tests/fuzz/fuzz_npy
#
# FUZZ_FLAGS adds libFuzzer flags (for example -jobs=2 -workers=2).

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
FUZZ_TIME=${FUZZ_TIME:-60}
SRC=$(cd "$top_srcdir/tests/fuzz" && pwd) || exit 99
WORK=$(cd "$top_builddir" && pwd)/tests/fuzz/work

status=0
for prog in "$@"; do
	name=${prog##*/fuzz_}
	dir=$WORK/$name
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/found" || exit 99
	cp "$SRC/corpus/$name"/* "$dir/corpus/" || exit 99
	dict=
	[ -f "$SRC/$name.dict" ] && dict=-dict=$SRC/$name.dict
	# -timeout: a few seconds is already pathological for these inputs;
	# -rss_limit_mb: tables may take 2 GiB by design, half of it is enough
	# for anything a few KiB of input can ask for
	# shellcheck disable=SC2086
	"$prog" -max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$dir/found/" $dict \
		${FUZZ_FLAGS:-} "$dir/corpus" >"$dir/log" 2>&1 </dev/null
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz_$name: ${runs:-?} runs in $FUZZ_TIME s, nothing found"
	else
		echo "FAIL: fuzz_$name exited $rc after ${runs:-?} runs; input in $dir/found/"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property broken|.*runtime error)' "$dir/log" | head -20
		status=1
	fi
done
exit $status

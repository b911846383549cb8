#!/bin/sh
# bench/run.sh - pecli against the obvious numpy + matplotlib script, side by
# side on this machine (issue 8): wall time, peak memory (max RSS) and their
# ratio for five workloads (the fifth a plot, issue 21), then whether halving the output halves pecli's
# time.  Run by 'make bench'; never part of 'make check'.
#
# Usage: bench/run.sh PECLI [BENCH_DIR]
# Environment: PYTHON (a python3 with numpy and matplotlib; default: the
# first of python3, /usr/bin/python3 that imports both), RUNS (pecli runs
# per workload, the fastest counts; default 3), NUMPY_RUNS (default 1),
# IR=1 (also count pecli's instructions with valgrind's callgrind for
# smaller half/whole pairs: a linearity check no other load disturbs).
#
# CSV goes to /dev/null, PNG to a temporary folder: the disk is not what is
# measured.  Times are wall-clock seconds of the whole process, start-up
# included; on a shared machine take the load average line into account.

PECLI=${1:?usage: bench/run.sh PECLI [BENCH_DIR]}
HERE=${2:-$(dirname "$0")}
RUNS=${RUNS:-3}
NUMPY_RUNS=${NUMPY_RUNS:-1}
case $PECLI in /*) ;; *) PECLI=$(pwd)/$PECLI ;; esac
HERE=$(cd "$HERE" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-bench.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# ---- how to measure: GNU time, else python's resource module ----
if /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then
	METER=gnu
elif python3 -c 'import resource' >/dev/null 2>&1; then
	METER=python
else
	METER=none
fi

# measure OUT CMD...: run CMD with stdout to OUT; print "wall_s cpu_s peak_MB"
# (cpu: user + system seconds, steadier than wall time on a busy machine)
measure() {
	out=$1
	shift
	case $METER in
	gnu)
		t0=$(date +%s%N)
		/usr/bin/time -f '%U %S %M' -o "$T/rss" "$@" >"$out" 2>"$T/err" || { cat "$T/err" >&2; return 1; }
		t1=$(date +%s%N)
		echo "$t0 $t1 $(tail -n 1 "$T/rss")" |
			awk '{ printf "%.3f %.2f %.1f\n", ($2 - $1) / 1e9, $3 + $4, $5 / 1024 }'
		;;
	python)
		python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
with open(sys.argv[1], "wb") as out:
    rc = subprocess.call(sys.argv[2:], stdout=out)
t = time.monotonic() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.2f %.1f" % (t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024.0))
sys.exit(rc)' "$out" "$@" 2>"$T/err" || { cat "$T/err" >&2; return 1; }
		;;
	*)
		t0=$(date +%s%N)
		"$@" >"$out" 2>"$T/err" || { cat "$T/err" >&2; return 1; }
		t1=$(date +%s%N)
		echo "$t0 $t1" | awk '{ printf "%.3f ? ?\n", ($2 - $1) / 1e9 }'
		;;
	esac
}

# best N OUT CMD...: the fastest of N runs, with its peak memory
best() {
	n=$1
	shift
	b=
	i=0
	while [ "$i" -lt "$n" ]; do
		r=$(measure "$@") || return 1
		if [ -z "$b" ] || [ "$(echo "$r $b" | awk '{ print ($1 < $4) }')" = 1 ]; then
			b=$r
		fi
		i=$((i + 1))
	done
	echo "$b"
}

# ---- numpy ----
PY=
for p in ${PYTHON:-} python3 /usr/bin/python3; do
	if "$p" -c 'import numpy, matplotlib' >/dev/null 2>&1; then
		PY=$p
		break
	fi
done

# ---- the machine ----
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo "machine: $(nproc 2>/dev/null || echo '?') cores, ${cpu:-unknown CPU}, $(uname -sm)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "pecli: $("$PECLI" --version)"
if [ -n "$PY" ]; then
	echo "numpy: $PY, numpy $("$PY" -c 'import numpy; print(numpy.__version__)'), matplotlib $("$PY" -c 'import matplotlib; print(matplotlib.__version__)')"
else
	echo "numpy: not found (set PYTHON to a python3 with numpy and matplotlib)"
fi
echo "timing: fastest of $RUNS pecli runs, $NUMPY_RUNS numpy run(s); memory: $METER"
echo

# ---- the workloads: name | pecli args | numpy script and args | output ----
# (heatmaps write PNG to standard output when it is not a terminal)
WORKLOADS='matrix-csv|matrix --d 1024 --n 32768 --digits 6|np_matrix.py OUT 32768 1024|/dev/null
heatmap-png|heatmap --d 512 --n 8192 --raw|np_heatmap.py OUT 8192 512|png
similarity-png|heatmap --of similarity --d 512 --n 4096 --raw|np_similarity.py OUT 4096 512|png
decay-csv|decay --scheme rope --d 128 --max-dist 1000000 --digits 6|np_decay.py OUT 1000000 128|/dev/null
decay-plot|decay --scheme rope --d 128 --max-dist 1000000 --plot -o PLOT|np_decay_plot.py OUT 1000000 128|png'

# linearity: half and whole output (heatmaps and decay larger than above,
# so that start-up and the O(n d) profile do not hide how the drawing or
# the rows scale)
HALVES='matrix-csv|matrix --d 1024 --n 16384 --digits 6|matrix --d 1024 --n 32768 --digits 6
heatmap-png|heatmap --d 512 --n 32768 --raw|heatmap --d 512 --n 65536 --raw
similarity-png|heatmap --of similarity --d 512 --n 5793 --raw|heatmap --of similarity --d 512 --n 8192 --raw
decay-csv|decay --scheme rope --d 128 --max-dist 2000000 --digits 6|decay --scheme rope --d 128 --max-dist 4000000 --digits 6'

target() { [ "$1" = png ] && echo "$T/out.png" || echo /dev/null; }

hdr='%-15s %8s %8s %8s %8s %8s %8s %7s %7s %7s\n'
# shellcheck disable=SC2059
printf "$hdr" workload "pecli s" "cpu s" "MB" "numpy s" "cpu s" "MB" "time x" "cpu x" "mem x"
echo "$WORKLOADS" | while IFS='|' read -r name args np out; do
	# --plot draws into a file of its own (gnuplot's PNG), not stdout
	args=$(echo "$args" | sed "s|PLOT|$T/plot.png|")
	# shellcheck disable=SC2086
	p=$(best "$RUNS" "$(target "$out")" "$PECLI" $args) || { echo "$name: pecli failed" >&2; continue; }
	n="- - -"
	if [ -n "$PY" ]; then
		npout=$(target "$out")
		# shellcheck disable=SC2086
		set -- $np
		script=$1
		shift
		npargs=$(echo "$*" | sed "s|OUT|$npout|")
		# shellcheck disable=SC2086
		n=$(best "$NUMPY_RUNS" /dev/null "$PY" "$HERE/$script" $npargs) || n="? ? ?"
	fi
	echo "$name $p $n" | awk -v fmt="$hdr" '
		function ratio(a, b, f) { return (a + 0 > 0 && b + 0 > 0) ? sprintf(f, a / b) : "-" }
		{ printf fmt, $1, $2, $3, $4, $5, $6, $7,
		         ratio($5, $2, "%.1f"), ratio($6, $3, "%.1f"), ratio($7, $4, "%.0f") }'
done

echo
echo "linearity: pecli wall time for an output over the time for half of it (n x 2;"
echo "similarity n x sqrt 2, n^2 cells)"
echo "2.00 is linear, 1.80-2.20 passes; cpu: the same ratio of CPU seconds"
printf '%-15s %9s %9s %7s %7s %s\n' workload "half s" "whole s" ratio "cpu" ""
echo "$HALVES" | while IFS='|' read -r name args whole; do
	out=/dev/null
	case $name in *png) out=$T/out.png ;; esac
	# shellcheck disable=SC2086
	h=$(best "$RUNS" "$out" "$PECLI" $args) || continue
	# shellcheck disable=SC2086
	w=$(best "$RUNS" "$out" "$PECLI" $whole) || continue
	echo "$h $w" | awk -v n="$name" '{
		r = $1 > 0 ? $4 / $1 : 0
		c = $2 > 0 ? $5 / $2 : 0
		printf "%-15s %9.3f %9.3f %7.2f %7.2f %s\n", n, $1, $4, r, c,
		       (r >= 1.8 && r <= 2.2) ? "ok" : "NOT LINEAR"
	}'
done

if [ "${IR:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	echo
	# one thread: the threads' idle spinning would count instructions too
	echo "linearity by instruction count (valgrind --tool=callgrind, --threads 1), smaller sizes"
	printf '%-15s %14s %14s %7s\n' workload "half Ir" "whole Ir" ratio
	echo 'matrix-csv|matrix --d 1024 --n 2048 --digits 6|matrix --d 1024 --n 4096 --digits 6
heatmap-png|heatmap --d 512 --n 8192 --raw|heatmap --d 512 --n 16384 --raw
similarity-png|heatmap --of similarity --d 512 --n 2896 --raw|heatmap --of similarity --d 512 --n 4096 --raw
decay-csv|decay --scheme rope --d 128 --max-dist 100000 --digits 6|decay --scheme rope --d 128 --max-dist 200000 --digits 6' |
	while IFS='|' read -r name args whole; do
		# shellcheck disable=SC2086
		h=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PECLI" $args --threads 1 2>&1 >/dev/null |
			sed -n 's/.*Collected : //p')
		# shellcheck disable=SC2086
		w=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PECLI" $whole --threads 1 2>&1 >/dev/null |
			sed -n 's/.*Collected : //p')
		echo "$name $h $w" | awk '{ printf "%-15s %14s %14s %7.3f\n", $1, $2, $3, ($2 > 0 ? $3 / $2 : 0) }'
	done
fi

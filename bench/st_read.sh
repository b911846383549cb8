#!/bin/sh
# bench/st_read.sh - reading a small tensor out of a multi-gigabyte
# safetensors shard costs what the small tensor costs (make bench-st; never
# part of make check).
#
# Usage: bench/st_read.sh PECLI ST_READ
#   PECLI    the pecli binary
#   ST_READ  bench/st_read (the driver: table_file_read_tensor of one tensor)
# Environment: RUNS (runs per case, the fastest counts; default 5), GIB (the
# big tensor's size in GiB, default 5), TMPDIR (where the sparse file goes).
#
# The shard is a sparse file (truncate: no disk blocks for the big tensor):
# 'h.big', F32 [GIB * 262144, 1024], then 'wpe.weight', F32 [16, 768] with values
# k / 1024 (exact in binary32), as the byte buffer of a checkpoint holds
# them after the header.  Two cases, each timed with /usr/bin/time -v
# (maximum resident set size; the wall clock by date +%s%N around it, as
# bench/run.sh does, since time -v shows hundredths of a second):
#   shard    ST_READ SHARD wpe.weight   (the tensor chosen by name)
#   model    PECLI matrix --model DIR --digits 6: the whole CLI on a GPT-2
#            folder (config.json, model.safetensors = the shard), which
#            finds wpe.weight by the architecture
#   wpe-only PECLI matrix --scheme learned --from WPE --n 16 --digits 6
#            (a file of wpe alone, through the CLI; --from takes a file of
#            one tensor)
#   floor    true (what starting a process costs here, /usr/bin/time's
#            own fork and exec included)
# The goal: under 50 ms and under 10 MB for the shard.

PECLI=${1:?usage: bench/st_read.sh PECLI ST_READ}
ST_READ=${2:?usage: bench/st_read.sh PECLI ST_READ}
RUNS=${RUNS:-5}
GIB=${GIB:-5}
PYTHON=${PYTHON:-python3}

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-bench-st.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

/usr/bin/time -v true >/dev/null 2>&1 || { echo "bench/st_read.sh: needs GNU time (/usr/bin/time -v)" >&2; exit 1; }

# ---- the files ----
"$PYTHON" - "$T/shard.safetensors" "$T/wpe.safetensors" "$GIB" <<'PY' || exit 1
import json, struct, sys

shard, wpe_only, gib = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = gib * 262144                      # x 1024 x 4 bytes = gib GiB
big = rows * 1024 * 4
wpe = struct.pack("<%df" % (16 * 768), *[k / 1024 for k in range(16 * 768)])


def header(tensors):
    h = json.dumps(tensors, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)            # padded to 8 as the crate pads
    return struct.pack("<Q", len(h)) + h


h = header({"h.big": {"dtype": "F32", "shape": [rows, 1024], "data_offsets": [0, big]},
            "wpe.weight": {"dtype": "F32", "shape": [16, 768], "data_offsets": [big, big + len(wpe)]}})
with open(shard, "wb") as f:
    f.write(h)
    f.seek(len(h) + big)                 # a hole: no blocks written
    f.write(wpe)
with open(wpe_only, "wb") as f:
    f.write(header({"wpe": {"dtype": "F32", "shape": [16, 768],
                            "data_offsets": [0, len(wpe)]}}) + wpe)
PY
mkdir "$T/model" || exit 1
ln -s "$T/shard.safetensors" "$T/model/model.safetensors"
printf '{"model_type": "gpt2", "n_positions": 16, "n_embd": 768, "n_head": 12}' >"$T/model/config.json"

# measure NAME CMD...: the fastest of RUNS runs; "wall_ms max_rss_MB"
measure() {
	name=$1
	shift
	best=
	for _ in $(seq "$RUNS"); do
		t0=$(date +%s%N)
		/usr/bin/time -v -o "$T/time" "$@" >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; return 1; }
		t1=$(date +%s%N)
		line=$(awk -F': ' -v ns=$((t1 - t0)) '
			/Maximum resident set size/ { rss = $2 }
			END { printf "%.1f %.1f\n", ns / 1e6, rss / 1024 }' "$T/time")
		if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best=$line
		fi
	done
	printf '%-9s %8s %8s   %s\n' "$name" "${best%% *}" "${best#* }" "$(head -c 60 "$T/out" | head -n 1)"
}

echo "machine: $(nproc) cores, $(uname -sm); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "shard: $(du -h --apparent-size "$T/shard.safetensors" | cut -f1) apparent, $(du -h "$T/shard.safetensors" | cut -f1) on disk"
echo "timing: fastest of $RUNS runs; wall clock by date +%s%N around /usr/bin/time -v (its fork and exec included), max RSS from time -v"
echo
printf '%-9s %8s %8s   %s\n' case wall_ms rss_MB "first output"
measure floor true
measure shard "$ST_READ" "$T/shard.safetensors" wpe.weight
measure model "$PECLI" matrix --model "$T/model" --digits 6
measure wpe-only "$PECLI" matrix --scheme learned --from "$T/wpe.safetensors" --n 16 --digits 6

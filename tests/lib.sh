# tests/lib.sh - the counters and checks the shell tests share, sourced by
# the shell tests (tests/*.sh, tests/cli/run.sh)
# after they set top_srcdir:  . "$top_srcdir/tests/lib.sh"

n_pass=0
n_fail=0
n_skip=0
pass() { n_pass=$((n_pass + 1)); }
fail() { n_fail=$((n_fail + 1)); echo "FAIL: $*"; }
# skip WHY: a part that cannot run here (a program or locale missing)
skip() { n_skip=$((n_skip + 1)); echo "SKIP: $*"; }

# finish: the closing line "N passed, N failed, N skipped", then the status
# automake reads: 1 if a check failed, else 77 (SKIP) if a part was skipped,
# so a partial run is not reported as a pass, else 0
finish() {
	echo "$n_pass passed, $n_fail failed, $n_skip skipped"
	[ "$n_fail" -eq 0 ] || exit 1
	[ "$n_skip" -eq 0 ] || exit 77
	exit 0
}

# why_no_shim PECLI SHIM: why allocations cannot be made to fail here
# (tests/failmalloc.so preloaded into PECLI), on stdout; nothing if they can
why_no_shim() {
	if grep -q __asan_init "$1" 2>/dev/null; then
		echo "pecli is built with AddressSanitizer, which owns malloc"
	elif [ ! -f "$2" ] || ! LD_PRELOAD=$2 "$1" --version >/dev/null 2>&1; then
		echo "tests/failmalloc.so cannot be preloaded here"
	fi
}

# close NAME GOT WANT: numbers within REL_TOL (default 1e-12) relative,
# exact when WANT is 0
close() {
	if [ -n "$2" ] && awk -v a="$2" -v b="$3" -v t="${REL_TOL:-1e-12}" 'BEGIN {
		d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
		exit !(d <= t * m) }'; then pass; else
		fail "$1"; echo "  got:  $2"; echo "  want: $3"
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass; else
		fail "$1"; echo "  got:  $2"; echo "  want: $3"
	fi
}

# hexbytes HEX: the bytes the hexadecimal digits HEX spell, on stdout
hexbytes() {
	# shellcheck disable=SC2059
	printf "$(printf '%s' "$1" | awk '{
		for (i = 1; i < length($0); i += 2) {
			v = (index("0123456789abcdef", substr($0, i, 1)) - 1) * 16 \
			  + index("0123456789abcdef", substr($0, i + 1, 1)) - 1
			printf "\\%03o", v } }')"
}

# st_write FILE HEADER HEX: a safetensors file (8-byte little-endian header
# length, the JSON header, the data; https://huggingface.co/docs/safetensors)
st_write() {
	len=$(printf '%s' "$2" | wc -c | tr -d ' ')
	{
		# shellcheck disable=SC2059
		printf "$(awk -v n="$len" 'BEGIN { for (i = 0; i < 8; i++) {
			printf "\\%03o", n % 256; n = int(n / 256) } }')"
		printf '%s' "$2"
		hexbytes "$3"
	} >"$1"
}

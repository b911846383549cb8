# tests/lib.sh - the counters and checks the shell tests share, sourced by
# tests/cli/run.sh, tests/gnuplot.sh, tests/readme.sh and tests/lint-man.sh
# after they set top_srcdir:  . "$top_srcdir/tests/lib.sh"

n_pass=0
n_fail=0
pass() { n_pass=$((n_pass + 1)); }
fail() { n_fail=$((n_fail + 1)); echo "FAIL: $*"; }

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then pass; else
		fail "$1"; echo "  got:  $2"; echo "  want: $3"
	fi
}

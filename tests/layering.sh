#!/bin/sh
# tests/layering.sh - dependencies run one way, cli -> out -> pe, and the
# numerics core stays print-free (STYLE.md section 1): src/pe must not
# mention stdio.h, printf, exit( or getenv, nor include out/ or cli/
# headers; src/out must not include cli/ headers.

top_srcdir=${top_srcdir:-.}
cd "$top_srcdir/src" || exit 99
n_pass=0
n_fail=0

check() { # NAME PATTERN FILES...
	name=$1 pat=$2
	shift 2
	if hits=$(grep -nE "$pat" "$@"); then
		n_fail=$((n_fail + 1)); echo "FAIL: $name"; echo "$hits"
	else
		n_pass=$((n_pass + 1))
	fi
}

check "src/pe is print-free" '#include *<stdio\.h>|printf *\(|(^|[^_a-z])exit *\(|getenv *\(' pe/*.c pe/*.h
# not even in a comment: the names themselves stay out of the core
check "src/pe does not name stdio, printf, exit or getenv" '(^|[^A-Za-z_])(stdio|printf|exit|getenv)([^A-Za-z_]|$)' pe/*.c pe/*.h
check "src/pe includes no out/ or cli/" '#include +"(out|cli)/' pe/*.c pe/*.h
check "src/out includes no cli/" '#include +"cli/' out/*.c out/*.h

echo "$n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]

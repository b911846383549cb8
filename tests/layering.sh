#!/bin/sh
# tests/layering.sh - dependencies run one way (STYLE.md section 1):
#
#   cli -> read, table, write -> util -> pe
#   write -> table (a writer pulls rows from a table source)
#   table -> read  (the preset list is a table of what the reader knows)
#
# and the numerics core stays print-free: src/pe must not mention stdio.h,
# printf, exit( or getenv, nor include any other folder's headers.

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
check "src/pe includes only its own headers" '#include +"(cli|read|table|write|util)/' pe/*.c pe/*.h
check "src/util includes only the core" '#include +"(cli|read|table|write)/' util/*.c util/*.h
check "src/read includes no cli/, table/ or write/" '#include +"(cli|table|write)/' read/*.c read/*.h
check "src/table includes no cli/ or write/" '#include +"(cli|write)/' table/*.c table/*.h
check "src/write includes no cli/ or read/" '#include +"(cli|read)/' write/*.c write/*.h
# one spelling of the core header
check "the core header is included as \"pe/pe.h\"" '#include +"pe\.h"' */*.c */*.h
# the CLI, the tables and the writers name no scheme kind: they ask the
# scheme's traits and options (pe.h), so a new scheme is its file and one
# line of the registry, PE_SCHEMES
check "src/cli, src/table, src/write name no scheme kind" 'PE_SCHEME_[A-Z]' cli/*.c cli/*.h table/*.c table/*.h write/*.c write/*.h

echo "$n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]

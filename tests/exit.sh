#!/bin/sh
# tests/exit.sh - the manual's EXIT STATUS table is true (issue 22).
#
# The table is read from man/pecli.1: every '.It N' row of the EXIT STATUS
# section is a status, its text what the row promises.  Each case below is
# STATUS|PHRASE|ARGS: PHRASE must be in that row's text (so a case names
# the clause it stands for, and a clause taken out of the manual fails its
# case), and pecli ARGS, run in an empty folder, must exit with STATUS.  A
# row without a case fails, and so does a case whose status has no row.
# For status 2 and 3, standard error must be one line starting with
# 'pecli: ' (plus the "Try 'pecli CMD --help'." line of a usage error),
# and a usage error must leave standard output empty and write no file.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
MAN=$top_srcdir/man/pecli.1

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-exit.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

# The rows: "STATUS<TAB>text" per line, the text with mdoc's macro names
# and escapes taken out ('.Fl -from' reads '-from', '\-' reads '-').
awk '
	/^\.Sh EXIT STATUS/ { on = 1; next }
	on && /^\.Sh / { on = 0 }
	!on { next }
	/^\.It [0-9]+$/ { if (code != "") print code "\t" text; code = $2; text = ""; next }
	/^\.El/ { if (code != "") print code "\t" text; code = ""; next }
	code != "" {
		line = $0
		if (line ~ /^\./) sub(/^\.[A-Za-z]+ */, "", line)
		gsub(/\\-/, "-", line); gsub(/\\&/, "", line)
		text = text " " line
	}
' "$MAN" >"$T/rows"
[ -s "$T/rows" ] || { echo "FAIL: no EXIT STATUS rows in $MAN"; exit 1; }

# the inputs the cases read
mkdir "$T/in"
printf '1,2\n3,4\n5,6\n' >"$T/in/t3.csv"
printf '0.1,0.2x\n0.3,0.4\n' >"$T/in/typo.csv"
printf '{"rope_theta": "big"}' >"$T/in/bad.json"
printf '1e200,1e200\n2e200,1e200\n1e200,3e200\n' >"$T/in/huge.csv"
I=$T/in

cases() {
	cat <<EOF
0|Success|matrix --n 4 --d 4
0|Success|check --scheme alibi --n 16
1|property violated|check --scheme nope --n 8
2|missing or unknown command|
2|missing or unknown command|frob
2|unknown option|matrix --frob
2|bad value|matrix --d 7
2|extra argument|matrix extra
2|does not apply to the scheme|decay --scheme sinusoidal --gamma 2
2|combination that is not valid|decay --step 2 --log
2|-max-dist beyond a learned table's positions|decay --scheme learned --from $I/t3.csv --max-dist 100
2|-n beyond its rows|matrix --scheme learned --from $I/t3.csv --n 10
2|cannot be read|matrix --scheme learned --from $I/missing.csv
2|cannot be read|matrix --model $I/missing
2|is malformed|matrix --scheme learned --from $I/typo.csv
2|standard input|matrix --scheme learned --from - <$I/typo.csv
2|has a bad field|freqs --config $I/bad.json
2|model settings that do not fit together|freqs --preset gpt-neox-20b --d 8
3|file that cannot be written|matrix --n 4 --d 4 -o $I/no/such/folder.csv
3|full disk|matrix --n 4 --d 4 >/dev/full
3|gnuplot not found|decay --max-dist 4 --plot -o plot.png; PATH=/nonexistent
3|overflows a double|check --scheme learned --from $I/huge.csv
3|overflows a double|decay --scheme learned --from $I/huge.csv --max-dist 2
EOF
}

cases >"$T/cases"
while IFS='|' read -r want phrase args; do
	row=$(awk -F '\t' -v c="$want" '$1 == c { print $2 }' "$T/rows")
	if [ -z "$row" ]; then
		fail "exit $want ($args): no such row in the manual's EXIT STATUS"
		continue
	fi
	case $row in
	*"$phrase"*) pass ;;
	*) fail "exit $want: the manual's row does not say '$phrase'" ;;
	esac
	# "ARGS; VAR=VALUE": run with that environment
	env_set=
	case $args in
	*"; "*) env_set=${args##*; }; args=${args%; *} ;;
	esac
	rm -rf "$T/w" && mkdir "$T/w"
	(cd "$T/w" && eval "${env_set:+env $env_set} \"\$PECLI\" $args" \
		>"$T/out" 2>"$T/err" </dev/null)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "pecli $args: exit $rc, expected $want ($phrase)"
		sed 's/^/  /' "$T/err"
		continue
	fi
	pass
	[ "$want" -ge 2 ] || continue
	n_err=$(grep -c '' "$T/err")
	n_msg=$(grep -c '^pecli: ' "$T/err")
	n_try=$(grep -c "^Try 'pecli" "$T/err")
	if [ "$n_msg" -eq 1 ] && [ "$n_err" -eq $((1 + n_try)) ]; then pass; else
		fail "pecli $args: stderr is not one 'pecli: ' line"
		sed 's/^/  /' "$T/err"
	fi
	if [ "$want" -eq 2 ]; then
		if [ ! -s "$T/out" ] && [ -z "$(ls -A "$T/w")" ]; then pass; else
			fail "pecli $args: a usage error wrote output"
		fi
	fi
done <"$T/cases"

# every row has a case
cut -f1 "$T/rows" | while read -r code; do
	grep -q "^$code|" "$T/cases" || echo "$code"
done >"$T/uncovered"
while read -r code; do
	fail "the manual's exit status $code has no case in tests/exit.sh"
done <"$T/uncovered"
[ -s "$T/uncovered" ] || pass

finish

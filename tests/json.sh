#!/bin/sh
# tests/json.sh - --format json, end to end: for every command that offers
# it, the JSON's numbers are the CSV's, digit for digit (the same
# formatter), empty CSV cells and only they are null (with the "null" note),
# the members are the metadata lines and the columns in order; a real JSON
# parser reads it (python3's json module, when there is a python3; skipped
# otherwise); a decimal-comma locale changes nothing; the big tables refuse
# json.  Run by 'make check' with top_srcdir and top_builddir set; prints
# "N passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-json.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# The cells of the rows of a pretty-printed pecli JSON, one a line, in
# order: numbers as written, strings unquoted (json-c escapes only what
# JSON needs: \" unescaped), null as an empty line.  Row members
# are the lines indented by six spaces inside "rows".
json_cells() {
	awk '
		/^  "rows": \[/ { on = 1; next }
		on && /^  \]/ { on = 0 }
		on && /^      "/ {
			v = $0
			sub(/^      "[^"]*": /, "", v)
			sub(/,$/, "", v)
			if (v == "null") v = ""
			else if (v ~ /^".*"$/) {
				v = substr(v, 2, length(v) - 2)
				gsub(/\\"/, "\"", v)
			}
			print v
		}' "$1"
}
# The same cells from CSV (no metadata): every field of every row after the
# header, one a line; a quoted field ("a, b", "" for ") unquoted.
csv_cells() {
	grep -v '^#' "$1" | sed 1d | awk '{
		f = ""; q = 0
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (q && c == "\"" && substr($0, i + 1, 1) == "\"") { f = f c; i++ }
			else if (c == "\"") q = !q
			else if (c == "," && !q) { print f; f = "" }
			else f = f c
		}
		print f
	}'
}
# The member names before "rows" ("columns" last), and the metadata keys
# and header of the CSV, the same way.
json_keys() { awk '/^  "rows"/ { exit } /^  "[^"]*":/ { k = $1; gsub(/[":]/, "", k); print k }' "$1"; }
csv_keys() { sed -n 's/^# \([^:]*\): .*/\1/p' "$1"; echo columns; }

has_python=0
command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null && has_python=1

while read -r args; do
	case $args in ''|'#'*) continue ;; esac
	args=$(echo "$args" | sed "s|CONFIGS/|$CONFIGS/|")
	# shellcheck disable=SC2086
	"$PECLI" $args --format csv >c.csv 2>c.err
	crc=$?
	# shellcheck disable=SC2086
	"$PECLI" $args --format json >j.json 2>j.err
	expect_eq "pecli $args --format json: the exit status of csv" "$?" "$crc"
	expect_eq "pecli $args --format json: stderr as csv's" "$(cat j.err)" "$(cat c.err)"
	[ "$(json_cells j.json | wc -l)" -gt 0 ] && pass || fail "pecli $args --format json: no cells"
	expect_eq "pecli $args --format json: the cells of CSV, digit for digit" \
		"$(json_cells j.json)" "$(csv_cells c.csv)"
	expect_eq "pecli $args --format json: the metadata keys, then columns" \
		"$(json_keys j.json)" "$(csv_keys c.csv)"
	if csv_cells c.csv | grep -qx ''; then
		grep -q '^  "null": "null stands for a value that is not a finite number (NaN, inf) or an empty cell"$' j.json \
			&& pass || fail "pecli $args --format json: the null note"
	else
		grep -q '^  "null"' j.json && fail "pecli $args --format json: a null note without a null" || pass
	fi
	if [ $has_python -eq 1 ]; then
		# every row has the columns, in order; every number reads back
		# as the double the CSV's text is (Python's float: round to
		# nearest, as strtod)
		python3 - j.json c.csv <<'EOF' && pass || fail "pecli $args --format json: python's json reads it back"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
lines = list(csv.reader(l for l in open(sys.argv[2]) if not l.startswith("#")))
cols = lines[0]
assert doc["columns"] == cols, (doc["columns"], cols)
assert len(doc["rows"]) == len(lines) - 1
for row, line in zip(doc["rows"], lines[1:]):
    assert list(row) == cols
    for c, cell in zip(cols, line):
        v = row[c]
        if cell == "":
            assert v is None, (c, v)
        elif isinstance(v, str):
            assert v == cell, (c, v, cell)
        else:
            assert float(v) == float(cell), (c, v, cell)
EOF
	fi
done <<'CASES'
check --d 8
check --scheme rope --preset llama3.1-8b --n 256
freqs --d 8
freqs --preset llama3.1-8b
freqs --preset qwen2.5-7b-yarn --digits 5
freqs --scheme alibi --heads 12
model CONFIGS/llama3.1-8b.json
presets
schemes
invariance --scheme rope --n 64
precision --scheme rope --d 16 --n 64
extrapolate --d 128 --train-len 4096 --target-len 8192
layout --d 8 --to half
CASES
[ $has_python -eq 1 ] || skip "no python3 with json: JSON not read back by a second parser"

# --no-meta: columns and rows only
"$PECLI" freqs --d 4 --format json --no-meta >j.json
expect_eq "--no-meta: columns and rows alone" "$(json_keys j.json | tr '\n' ' ')" "columns "

# a decimal-comma locale changes nothing (pecli never calls setlocale)
if locale -a 2>/dev/null | grep -qix 'de_DE.utf-\{0,1\}8'; then
	LC_ALL=C "$PECLI" freqs --preset llama3.1-8b --format json >c.json
	LC_ALL=de_DE.UTF-8 "$PECLI" freqs --preset llama3.1-8b --format json >d.json
	cmp -s c.json d.json && pass || fail "locale de_DE.UTF-8: --format json differs from C"
else
	skip "locale de_DE.UTF-8 is not installed (.ci/run installs it)"
fi

# the big tables offer no json: a usage error naming the formats they have
for cmd in "matrix --d 8 --n 4" "decay --max-dist 10" "heatmap"; do
	# shellcheck disable=SC2086
	"$PECLI" $cmd --format json >out 2>err
	expect_eq "pecli $cmd --format json: exit" "$?" 2
	set -- $cmd
	grep -q "^pecli: $1: invalid value 'json' for --format: expected one of " err && pass \
		|| fail "pecli $cmd --format json: the message"
	expect_eq "pecli $cmd --format json: nothing on stdout" "$(cat out)" ""
done

finish

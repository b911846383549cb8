#!/bin/sh
# tests/readme.sh - the README's commands run as tests, so they cannot rot.
#
# - Quick start: the second block is the test command, and .ci/run runs it;
#   the './pecli ...' steps of the first block run and exit 0.
# - Every later ```sh block runs with the built pecli first on PATH and must
#   exit 0; when an untagged ``` block follows it, that is its exact stdout.
# - In an untagged block, lines "$ CMD" are run and the lines after them are
#   the expected stdout and stderr together.
# - A block that runs gnuplot (a pipe into gnuplot, or --plot) runs in a folder
#   where plots/ is the repository's; without gnuplot it is skipped, and
#   its expected output with it, and counted.
# Prints "N passed, N failed, N skipped" last; skipped (77) when a block was
# and nothing failed.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
README=$(cd "$top_srcdir" && pwd)/README.md
CI=$(cd "$top_srcdir" && pwd)/.ci/run
BIN=$(cd "$top_builddir" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-readme.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin" "$T/w" && ln -s "$BIN/pecli" "$T/bin/pecli"
ln -s "$(cd "$top_srcdir" && pwd)/plots" "$T/w/plots"
PATH="$T/bin:$PATH"
export PATH
has_gnuplot=0
command -v gnuplot >/dev/null 2>&1 && has_gnuplot=1

# Split the README into blocks: $T/b.N holds block N, $T/b.N.lang its tag.
awk -v dir="$T" '
	/^```/ && !inside { inside = 1; n++; lang = substr($0, 4);
	                    print lang > (dir "/b." n ".lang"); printf "" > (dir "/b." n); next }
	/^```/ && inside  { inside = 0; next }
	inside            { print > (dir "/b." n) }
	END               { print n > (dir "/count") }
' "$README"
count=$(cat "$T/count")

# ---- Quick start ----
[ "$(cat "$T/b.1.lang")" = sh ] && [ "$(cat "$T/b.2.lang")" = sh ] && pass \
	|| fail "the Quick start is two sh blocks"
testcmd=$(cat "$T/b.2")
[ "$(wc -l <"$T/b.1" | tr -d ' ')" = 1 ] && [ "$(wc -l <"$T/b.2" | tr -d ' ')" = 1 ] \
	&& pass || fail "each Quick start block is one command"
grep -qxF "$testcmd" "$CI" && pass || fail ".ci/run runs the README's test command '$testcmd'"
# the ./pecli steps of the first command
sed 's/ && /\n/g' "$T/b.1" | grep '^\./pecli ' | sed 's|^\./pecli|pecli|' >"$T/qs"
[ -s "$T/qs" ] && pass || fail "the first Quick start command runs pecli"
while IFS= read -r cmd; do
	(cd "$T/w" && eval "$cmd") >/dev/null 2>"$T/err"
	[ $? -eq 0 ] && pass || { fail "quick start: $cmd"; cat "$T/err"; }
done <"$T/qs"

# ---- the tour ----
k=3
while [ "$k" -le "$count" ]; do
	lang=$(cat "$T/b.$k.lang")
	if [ "$lang" = sh ] && [ $has_gnuplot = 0 ] && grep -q -e '| *gnuplot' -e --plot "$T/b.$k"; then
		skip "block $k needs gnuplot: $(cat "$T/b.$k")"
		next=$((k + 1))
		[ "$next" -le "$count" ] && [ -z "$(cat "$T/b.$next.lang")" ] && k=$next
	elif [ "$lang" = sh ]; then
		(cd "$T/w" && sh "$T/b.$k") >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc -eq 0 ] && pass || { fail "block $k exits $rc: $(cat "$T/b.$k")"; cat "$T/err"; }
		next=$((k + 1))
		if [ "$next" -le "$count" ] && [ -z "$(cat "$T/b.$next.lang")" ] \
		   && ! grep -q '^\$ ' "$T/b.$next"; then
			if cmp -s "$T/out" "$T/b.$next"; then pass; else
				fail "block $k: output differs from block $next"
				diff "$T/b.$next" "$T/out" | head -10
			fi
			k=$next
		fi
	elif [ -z "$lang" ] && grep -q '^\$ ' "$T/b.$k"; then
		# a transcript: "$ CMD" then its output
		awk -v dir="$T" '/^\$ / { n++; sub(/^\$ /, ""); print > (dir "/t." n ".cmd");
		                          printf "" > (dir "/t." n ".want"); next }
		                 { print > (dir "/t." n ".want") }
		                 END { print n > (dir "/t.count") }' "$T/b.$k"
		j=1
		while [ "$j" -le "$(cat "$T/t.count")" ]; do
			(cd "$T/w" && sh "$T/t.$j.cmd") >"$T/out" 2>&1
			if cmp -s "$T/out" "$T/t.$j.want"; then pass; else
				fail "transcript: $(cat "$T/t.$j.cmd")"
				diff "$T/t.$j.want" "$T/out" | head -10
			fi
			j=$((j + 1))
		done
	fi
	k=$((k + 1))
done

finish

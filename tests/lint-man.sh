#!/bin/sh
# tests/lint-man.sh - man/pecli.1 is clean mdoc and in step with --help.
#
# Checks, each counted once:
#   - 'mandoc -Tlint -W warning' prints nothing and exits 0;
#   - every long option that 'pecli --help' or 'pecli CMD --help' prints (for
#     each CMD listed under "Commands:") appears in the man page as
#     '.Fl -NAME', and every '.Fl -NAME' of the man page is printed by some
#     --help;
#   - the options of each usage line ('Usage: pecli ...', 'Usage: pecli CMD
#     ...') appear in the same order in the matching SYNOPSIS entry (git's
#     t0450: the usage text and the manual's synopsis agree);
#   - groff (what 'man -l' uses) shows the section and subsection headings
#     mandoc shows, in the same order, and 'groff -ww' does not warn
#     (skipped when groff is missing).
# Run by 'make check' with top_srcdir, top_builddir and MANDOC set; MANDOC
# empty means mandoc was not found: the other checks still run, then the test
# is skipped (77) unless one failed.  Prints "N passed, N failed, N skipped"
# last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
MAN=$top_srcdir/man/pecli.1
PECLI=$top_builddir/pecli

if [ ! -r "$MAN" ]; then
	echo "ERROR: cannot read $MAN"
	exit 99
fi
if [ ! -x "$PECLI" ]; then
	echo "ERROR: no binary at $PECLI (build it first)"
	exit 99
fi


# ---- the man page's long options and synopsis ----

# Every '-NAME' argument of an Fl macro on a macro line, as --NAME, once each.
man_long=$(awk '
	/^\./ {
		for (i = 1; i <= NF; i++) {
			if ($i != "Fl" && $i != ".Fl")
				continue
			# Fl takes flag words up to the next macro or delimiter
			for (j = i + 1; j <= NF && $j ~ /^-[a-z]/; j++)
				if ($j ~ /^-[a-z][a-z0-9-]*$/)
					print "-" $j
		}
	}' "$MAN" | sort -u)

# synopsis_opts CMD: the options of the SYNOPSIS entry ".Nm" ".Cm CMD", in
# order, one line; CMD empty: the entry without a command.
synopsis_opts() {
	awk -v want="$1" '
		/^\.Sh / { in_syn = ($0 == ".Sh SYNOPSIS"); next }
		!in_syn { next }
		/^\.Nm/ { if (started) exit; cur = ""; first = 1; next }
		first {
			first = 0
			if ($1 == ".Cm") cur = $2
			if (cur != want) { skipping = 1; next }
			skipping = 0; started = 1
		}
		skipping { next }
		/^\./ {
			for (i = 1; i <= NF; i++) {
				if ($i != "Fl" && $i != ".Fl")
					continue
				# flag words up to the next macro (Ar, Ns, ...) or
				# delimiter; .Fl o is -o, .Fl -scheme is --scheme
				for (j = i + 1; j <= NF; j++) {
					if ($j ~ /^[A-Z][a-z][a-z]?$/ || $j !~ /^-?[a-zA-Z][a-zA-Z0-9-]*$/)
						break
					out = out (out == "" ? "" : " ") "-" $j
				}
			}
		}
		END { print out }' "$MAN"
}

# ---- the binary's long options and usage lines ----

# help_of CMD: the --help output of CMD (empty: of pecli itself); fails if
# the exit status is not 0 or nothing is printed.
help_of() {
	if [ -n "$1" ]; then
		out=$("$PECLI" "$1" --help) && [ -n "$out" ] || return 1
	else
		out=$("$PECLI" --help) && [ -n "$out" ] || return 1
	fi
	printf '%s\n' "$out"
}

# usage_opts CMD: the options of the usage lines of 'pecli [CMD] --help',
# in order, one line: the first "Usage: pecli [CMD]" line and its indented
# continuation lines.
usage_opts() {
	printf '%s\n' "$2" | awk -v cmd="$1" '
		NR == 1 {
			if ($1 != "Usage:" || $2 != "pecli") exit
			if (cmd != "" && $3 != cmd) exit
			line = $0; go = 1; next
		}
		go && /^[ \t]/ && $1 != "pecli" { line = line " " $0; next }
		{ exit }
		END {
			n = split(line, w, /[][ |]+/)
			for (i = 1; i <= n; i++)
				if (w[i] ~ /^--?[a-zA-Z][a-z0-9-]*$/)
					out = out (out == "" ? "" : " ") w[i]
			print out
		}'
}

# long_opts: every --NAME in standard input, one a line.
long_opts() {
	awk '{
		while (match($0, /--[a-z][a-z0-9-]*/)) {
			print substr($0, RSTART, RLENGTH)
			$0 = substr($0, RSTART + RLENGTH)
		}
	}'
}

if ! global_help=$(help_of ""); then
	fail "'pecli --help' exits non-zero or prints nothing"
	global_help=
fi
commands=$(printf '%s\n' "$global_help" | awk '
	/^Commands:/ { on = 1; next }
	on && /^$/ { exit }
	on && $1 != "help" { print $1 }')
if [ -z "$commands" ]; then
	fail "'pecli --help' lists no commands"
fi

help_long=$(printf '%s\n' "$global_help" | long_opts)

# ---- synopsis against usage, per command ----

want=$(usage_opts "" "$global_help")
got=$(synopsis_opts "")
if [ -n "$want" ] && [ "$want" = "$got" ]; then pass; else
	fail "SYNOPSIS of pecli does not match 'pecli --help'"
	echo "  usage:    $want"
	echo "  synopsis: $got"
fi

for cmd in $commands; do
	if ! h=$(help_of "$cmd"); then
		fail "'pecli $cmd --help' exits non-zero or prints nothing"
		continue
	fi
	help_long="$help_long
$(printf '%s\n' "$h" | long_opts)"
	want=$(usage_opts "$cmd" "$h")
	got=$(synopsis_opts "$cmd")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then pass; else
		fail "SYNOPSIS of pecli $cmd does not match 'pecli $cmd --help'"
		echo "  usage:    $want"
		echo "  synopsis: $got"
	fi
done
help_long=$(printf '%s\n' "$help_long" | grep . | sort -u)

# ---- long options, both ways ----

for opt in $help_long; do
	if printf '%s\n' "$man_long" | grep -qxF -e "$opt"; then pass; else
		fail "$opt is in --help but not in the man page as 'Fl $(echo "$opt" | cut -c2-)'"
	fi
done
for opt in $man_long; do
	if printf '%s\n' "$help_long" | grep -qxF -e "$opt"; then pass; else
		fail "$opt is in the man page but in no --help output"
	fi
done

# ---- mandoc ----

if [ -z "$MANDOC" ]; then
	skip "mandoc not found; the lint check did not run"
else
	lint=$("$MANDOC" -Tlint -W warning "$MAN" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$lint" ]; then pass; else
		fail "mandoc -Tlint -W warning $MAN (exit $rc):"
		printf '%s\n' "$lint" | sed 's/^/  /'
	fi
fi

# ---- groff: the same sections as mandoc ----
# 'man -l man/pecli.1' renders with groff (man-db): every section and
# subsection heading that mandoc shows must show there too, in the same
# order, and groff must not warn.  Headings are the lines of the rendered
# page, overstrike removed, that start in column 0 in capitals (.Sh) or in
# column 3 (.Ss); the page's header and footer are left out (they name the
# operating system, which differs between the two).
GROFF=${GROFF-$(command -v groff)}
headings() {
	bs=$(printf '\b')
	sed "s/.$bs//g" | awk 'NR > 1 && /^[A-Z][A-Z0-9 ]*$/ || /^   [A-Z]/' | sed 's/[ ]*$//'
}
if [ -z "$MANDOC" ] || [ -z "$GROFF" ]; then
	skip "groff or mandoc not found (apt-get install groff-base mandoc): the sections were not compared"
else
	by_mandoc=$("$MANDOC" -Tutf8 "$MAN" | headings)
	by_groff=$("$GROFF" -mandoc -Tutf8 "$MAN" 2>/dev/null | headings)
	n_sh=$(printf '%s\n' "$by_mandoc" | grep -c '^[A-Z]')
	if [ "$n_sh" -ge 10 ] && [ "$by_mandoc" = "$by_groff" ]; then pass; else
		fail "the sections under groff differ from mandoc's ($n_sh sections under mandoc):"
		printf '%s\n' "$by_mandoc" >"${TMPDIR:-/tmp}/lint-man.$$.m"
		printf '%s\n' "$by_groff" | diff "${TMPDIR:-/tmp}/lint-man.$$.m" - | sed 's/^/  /'
		rm -f "${TMPDIR:-/tmp}/lint-man.$$.m"
	fi
	warn=$("$GROFF" -mandoc -ww -z "$MAN" 2>&1)
	if [ -z "$warn" ]; then pass; else
		fail "groff -mandoc -ww warns about $MAN:"
		printf '%s\n' "$warn" | sed 's/^/  /'
	fi
fi

finish

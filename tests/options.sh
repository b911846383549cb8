#!/bin/bash
# tests/options.sh - tests made from the option rows themselves (pecli
# --list-options: one CSV row per option, from the same rows the parser,
# the checks and --help read), so that a row that says one thing while the
# code does another fails, whatever option or scheme is added:
#
#   1. every command that lists an option in its --help takes it (the value
#      is read, then --help), and every other command refuses it as an
#      unrecognized option;
#   2. every scheme a row names takes the option, and every other scheme
#      refuses it with "option '--NAME' ..." (one command that takes it);
#   0. the rows are the reviewed ones (tests/cli/expected/list-options.csv);
#   3. every default a row states is printed by --help, and a run without
#      the option writes the same as a run with '--NAME DEFAULT' (every
#      command that takes it; heatmap's PNG compared pixel by pixel, its
#      size by the length of the command line it records).
#
# Run by 'make check' with top_srcdir and top_builddir set; prints
# "N passed, N failed" last.

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
. "$top_srcdir/tests/lib.sh"
PECLI=$top_builddir/pecli
PNGREAD=$top_builddir/tests/pngread
T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-options.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT

"$PECLI" --list-options >"$T/rows" || { echo "ERROR: pecli --list-options failed"; exit 99; }
commands=$("$PECLI" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } /^$/ { on = 0 }' | grep -v '^help$')
schemes=$("$PECLI" schemes --format csv | awk -F, '!/^#/ && NR > 1 && $1 != "scheme" { print $1 }')
for c in $commands; do
	"$PECLI" "$c" --help >"$T/help.$c" || fail "$c --help"
done
# The rows as reviewed: a default, a scheme or a mode that changes shows
# here first (update tests/cli/expected/list-options.csv with the change).
if cmp -s "$T/rows" "$top_srcdir/tests/cli/expected/list-options.csv"; then pass; else
	fail "--list-options differs from tests/cli/expected/list-options.csv"
	diff "$top_srcdir/tests/cli/expected/list-options.csv" "$T/rows"
fi

# takes CMD NAME: the command's --help lists --NAME
takes() { grep -qE -- "^  (-[a-z], )?--$2( |,|$)" "$T/help.$1"; }

# A value each option reads without complaint, where the row states no
# default; the rest take their default.
example() {
	case $1 in
	rotary-dim) echo 8 ;; factor) echo 2 ;; original-max | seq-len | train-len) echo 64 ;;
	target-len) echo 128 ;; attention-factor) echo 1 ;; short-factor | long-factor) echo 1,1,1,1 ;;
	head) echo 0 ;; samples) echo 4 ;; compare) echo linear ;; layout) echo concat ;;
	pairing) echo half ;; init) echo normal ;; grid) echo 2x3 ;; query) echo 0,1 ;;
	tokens) echo 2,2x2,1 ;; mrope-section) echo 16,24,24 ;; colormap) echo gray ;; range) echo -1:1 ;;
	scale) echo 2 ;; digits) echo 6 ;; output) echo - ;; format) echo csv ;;
	config | from | bucket-weights) echo "$T/none" ;; preset) echo llama2-7b ;;
	d) echo 8 ;; scheme) echo rope ;;
	*) echo "${2:-1}" ;;
	esac
}

# The options that make a row apply: its mode ("scaling=yarn|..." or "log").
context() {
	case $1 in
	'') ;;
	scaling=*) s=${1#scaling=}; s=${s%%|*}
		echo "--scaling $s --factor 2 --original-max 64" ;;
	*=*) echo "--${1%%=*} ${1#*=}" | sed 's/|.*//' ;;
	*) echo "--$1" ;;
	esac
}

# ---- 1. the commands that take each option ----

while IFS=, read -r name alias arg schemes_of mode def; do
	val=$(example "$name" "$def")
	for c in $commands; do
		if [ -n "$arg" ]; then args=(--"$name" "$val"); else args=(--"$name"); fi
		"$PECLI" "$c" "${args[@]}" --help >/dev/null 2>"$T/err"
		rc=$?
		if takes "$c" "$name"; then
			[ $rc -eq 0 ] && pass || { fail "$c takes --$name"; cat "$T/err"; }
		else
			[ $rc -eq 2 ] && grep -q "unrecognized option '--$name'" "$T/err" && pass \
				|| { fail "$c refuses --$name (exit $rc)"; cat "$T/err"; }
		fi
	done
done < <(tail -n +2 "$T/rows")

# ---- 2. the schemes that take each option ----

# a small run of each command, so that taking an option costs little
small() {
	case $1 in
	matrix | heatmap | layout) echo "--n 2" ;; check | invariance | precision) echo "--n 4" ;;
	decay) echo "--max-dist 2" ;; extrapolate) echo "--train-len 4 --target-len 8" ;;
	esac
}

while IFS=, read -r name alias arg schemes_of mode def; do
	[ -z "$schemes_of" ] && continue
	cmd=
	for c in matrix decay extrapolate invariance check freqs; do
		takes "$c" "$name" && { cmd=$c; break; }
	done
	[ -z "$cmd" ] && { fail "no command takes --$name"; continue; }
	val=$(example "$name" "$def")
	if [ -n "$arg" ]; then args=(--"$name" "$val"); else args=(--"$name"); fi
	for s in $schemes; do
		if [[ " $schemes_of " == *" $s "* ]]; then
			# shellcheck disable=SC2046
			"$PECLI" "$cmd" --scheme "$s" $(context "$mode") "${args[@]}" $(small "$cmd") \
				-o /dev/null 2>"$T/err"
			grep -qE "option '--$name' applies to (--scheme|schemes with a code)" "$T/err" \
				&& { fail "--scheme $s takes --$name ($cmd)"; cat "$T/err"; } || pass
		else
			"$PECLI" "$cmd" --scheme "$s" "${args[@]}" -o /dev/null 2>"$T/err"
			rc=$?
			[ $rc -eq 2 ] && head -n 1 "$T/err" | grep -q "^pecli: $cmd: option '--$name' " && pass \
				|| { fail "--scheme $s refuses --$name ($cmd, exit $rc)"; cat "$T/err"; }
		fi
	done
done < <(tail -n +2 "$T/rows")

# ---- 3. the defaults ----

# Where a default means something beyond its row: --seed seeds the random
# q and k of check for rope.  precision's own --n, 2^17 positions at
# float16 and below, takes half a minute: only its statement is checked.
extra() {
	case $1 in
	seed) echo "--scheme rope" ;;
	tower) echo "--preset qwen2.5-7b" ;;
	head-scale) echo "--scheme alibi" ;;
	esac
}

# same_output CMD ARGS...: 0 when a run without and one with --NAME DEF
# write the same; 1 when they differ; 2 when this command cannot show it
# (the run without fails, or the option does not apply here)
same_output() {
	local c=$1 a=$T/a b=$T/b
	shift
	[ "$c" = heatmap ] && { a=$T/a.png; b=$T/b.png; }
	"$PECLI" "$c" "$@" -o "$a" 2>"$T/err" || return 2
	if ! "$PECLI" "$c" "$@" --"$name" "$def" -o "$b" 2>"$T/err"; then
		grep -q "'--$name'" "$T/err" && return 2
		return 1
	fi
	if [ "$c" = heatmap ]; then
		# every chunk but the command line the same, and its length the difference
		extra_len=$(printf ' --%s %s' "$name" "$def" | wc -c)
		[ "$("$PNGREAD" "$a" all | grep -v '^text Comment=')" \
		  = "$("$PNGREAD" "$b" all | grep -v '^text Comment=')" ] \
			&& [ $(($(wc -c <"$b") - $(wc -c <"$a"))) -eq "$extra_len" ] && return 0
		return 1
	fi
	cmp -s "$a" "$b" && return 0
	return 1
}

# the help line of --NAME and its continuation lines
help_of() {
	awk -v re="^  (-[a-z], )?--$2 " '
		$0 ~ re { on = 1; print; next }
		on && /^                           / { print; next }
		{ on = 0 }' "$T/help.$1" | tr -s ' \n' ' '
}

while IFS=, read -r name alias arg schemes_of mode def; do
	[ -z "$def" ] || [ "$def" = scheme ] && continue
	first_scheme=${schemes_of%% *}
	row_def=$def
	shown=0
	for c in $commands; do
		takes "$c" "$name" || continue
		def=$row_def
		line=$(help_of "$c" "$name")
		if [ "$name" = n ]; then   # a command may have its own default of --n
			def=$(sed -n 's/.*(default \([0-9]*\)).*/\1/p' <<<"$line")
		fi
		# --help states it: 'NAME (default)' for a name, '(default N' for a number
		if grep -qF -- "$def (default" <<<"$line" || grep -qF -- "(default $def" <<<"$line"; then
			pass
		else
			fail "$c --help states --$name's default $def"; echo "  $line"
		fi
		[ "$name" = n ] && [ "$c" = precision ] && continue
		sargs=()
		[ -n "$first_scheme" ] && sargs=(--scheme "$first_scheme")
		small_args=$(small "$c" | sed "s/--$name [^ ]*//")
		[ "$name" = n ] && small_args=
		[ "$c" = heatmap ] && [ "$name" = max-size ] && small_args="--n 3000 --d 8"
		# shellcheck disable=SC2046,SC2086
		same_output "$c" "${sargs[@]}" $(extra "$name") $(context "$mode") $small_args
		case $? in
		0) pass; shown=1 ;;
		1) fail "$c: no --$name is --$name $def"; cat "$T/err" ;;
		esac
	done
	[ $shown = 1 ] && pass || fail "no command shows --$name's default"
done < <(tail -n +2 "$T/rows")

echo "$n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]

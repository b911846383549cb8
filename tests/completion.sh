#!/bin/bash
# tests/completion.sh - the bash completion (completion/pecli) completes
# commands, options and names from the built pecli.  Run by 'make check';
# prints "N passed, N failed" last.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
PATH=$(cd "$top_builddir" && pwd):$PATH
. "$top_srcdir/completion/pecli" || exit 99
n_pass=0
n_fail=0

# comp LINE: the completions of the last word of LINE (a trailing space
# starts a new, empty word), sorted, on one line
comp() {
	read -r -a COMP_WORDS <<<"$1"
	[[ $1 == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_pecli
	printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ' -
}

# expect LINE WANT: the completions are exactly WANT
expect() {
	local got
	got=$(comp "$1")
	if [[ $got == "$2" ]]; then n_pass=$((n_pass + 1)); else
		n_fail=$((n_fail + 1)); echo "FAIL: '$1'"; echo "  got:  $got"; echo "  want: $2"
	fi
}

# has LINE WORD: WORD is among the completions
has() {
	if [[ " $(comp "$1") " == *" $2 "* ]]; then n_pass=$((n_pass + 1)); else
		n_fail=$((n_fail + 1)); echo "FAIL: '$1' lacks $2"
	fi
}

expect "pecli ma" "matrix"
expect "pecli pre" "precision presets"
expect "pecli --v" "--version"
has "pecli " schemes
expect "pecli help he" "heatmap"
expect "pecli matrix --sche" "--scheme"
expect "pecli matrix --scheme " "alibi learned mrope nope rope rope2d sinusoidal sinusoidal-nd t5 xpos"
expect "pecli matrix --scheme r" "rope rope2d"
expect "pecli matrix --scheme rope2d --axial" "--axial-freqs"
expect "pecli matrix --scheme mrope --axis " "diagonal h t w"
expect "pecli matrix --pairing " "half interleaved"
expect "pecli matrix --scaling ll" "llama3"
expect "pecli check --format " "csv json table tsv"
expect "pecli matrix --format " "csv gnuplot npy tsv"
has "pecli decay --" --plot
has "pecli matrix --preset " llama3.1-8b
expect "pecli matrix --preset phi" "phi3-mini-128k"
expect "pecli extrapolate --compare linear,n" "linear,ntk"
expect "pecli decay --max-d" "--max-dist --max-distance"
expect "pecli presets --sch" ""
expect "pecli matrix --d " ""
has "pecli matrix --flip --" --base
# files after --from
t=$(mktemp -d) && touch "$t/wpe.npy"
expect "pecli check --from $t/wp" "$t/wpe.npy"
rm -rf "$t"

echo "$n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]

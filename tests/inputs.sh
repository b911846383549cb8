#!/bin/sh
# tests/inputs.sh - nothing misread, every error one line (issue 22), by
# generated cases rather than a list:
#
#   1. every reader (a CSV table, a .npy file, a safetensors file, standard
#      input, a config.json given by --config or in a --model folder) times
#      every malformation below, through every command that reads that
#      input (found by running each command on a good file first; T5's
#      --bucket-weights, the same table reader, through one command, and
#      three malformations through each): exit 2,
#      nothing on standard output, no file written, and standard error one
#      line 'pecli: ...' (plus the "Try 'pecli CMD --help'." line of a
#      usage error) with no control character in it;
#   2. every option of every command (read from its --help) given a value
#      with a newline, a tab and an escape sequence: the same one clean
#      line, and exit 2 (-o, which names any file, may succeed);
#   3. the defect classes of the issue as values: a CSV row with a typo or
#      an empty field is refused, never dropped as a header; a number is
#      read the same in a file and in an option.
#
# The malformations come from the formats' own rules (read.h lists the
# messages): numpy's format.py (NEP 1) for .npy, the safetensors crate's
# Metadata::validate for safetensors, RFC 8259 for JSON, and the number
# grammar of util/num.h for CSV fields and option values.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
CONFIGS=$(cd "$top_srcdir/tests/configs" && pwd)

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-inputs.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
M=$T/m        # the malformed inputs
mkdir "$M" "$T/good"

# A value with control characters: newline, tab, ESC [31m, DEL
CTRL=$(printf 'x\ny\tz\033[31m\177w')

# ---- running pecli ----

# run ARGS...: pecli in the folder $T/w (empty: a run that leaves a file
# fails, and the folder is emptied), stdin from $STDIN (default /dev/null);
# sets rc, and leaves $T/out and $T/err.  Few processes per case: the
# suite runs some 800 of them.
mkdir "$T/w"
run() {
	(cd "$T/w" && exec "$PECLI" "$@" >"$T/out" 2>"$T/err" <"${STDIN:-/dev/null}")
	rc=$?
}

# left: 0 if the last run left a file in $T/w (then removed), else 1
left() {
	for x in "$T/w"/* "$T/w"/.[!.]*; do
		if [ -e "$x" ]; then
			rm -rf "$T/w" && mkdir "$T/w"
			return 0
		fi
	done
	return 1
}

# one_line NAME: standard error is one 'pecli: ' line (+ the Try line),
# with no control character but the line ends
one_line() {
	if LC_ALL=C awk '/^pecli: / { m++; next } /^Try .pecli/ { t++; next } { o++ }
	                 /[\001-\037\177]/ { c++ }
	                 END { exit !(m == 1 && t + 0 <= 1 && o + 0 == 0 && c + 0 == 0) }' "$T/err"; then
		pass
	else
		fail "$1: standard error is not one clean 'pecli: ' line"
		sed 's/^/  | /' "$T/err" | head -5
	fi
}

# refused NAME ARGS...: exit 2, no output, no file, one line
refused() {
	name=$1
	shift
	run "$@"
	if left; then
		fail "$name: left a file"
	elif [ "$rc" -eq 2 ] && [ ! -s "$T/out" ]; then
		pass
	else
		fail "$name: exit $rc (expected 2), or output written"
		sed 's/^/  | /' "$T/err" | head -3
	fi
	one_line "$name"
}

# ---- the commands, each with what keeps it quick ----

CMDS="matrix heatmap decay check freqs extrapolate invariance precision layout model"
args_of() {
	case $1 in
	decay) echo "--max-dist 1 --n 3" ;;
	heatmap) echo "--n 3 -o h.png" ;;
	extrapolate|model) echo "" ;;
	*) echo "--n 3" ;;
	esac
}

# takers OPTION FILE [PREFIX...]: the commands that read FILE through
# OPTION, i.e. succeed (0, or 1 for a failed check) on a good one
takers() {
	opt=$1 file=$2
	shift 2
	for c in $CMDS; do
		# shellcheck disable=SC2046
		run "$c" "$@" "$opt" "$file" $(args_of "$c")
		left
		[ "$rc" -le 1 ] && printf '%s ' "$c"
	done
}

# ---- binary helpers ----

# le64 N: N as 8 bytes little-endian (N < 2^53)
le64() {
	n=$1 k=0
	while [ $k -lt 8 ]; do
		printf "\\$(printf %03o $((n % 256)))"
		n=$((n / 256)) k=$((k + 1))
	done
}

# npy FILE DICT DATA [MAJOR]: a .npy file as numpy.save lays it out (v1.0:
# 2-byte header length; 2.0: 4 bytes), the dict padded with spaces and a
# newline to a multiple of 64 bytes, then DATA (a printf format)
npy() {
	major=${4:-1}
	lenb=$([ "$major" -eq 1 ] && echo 2 || echo 4)
	pad=$(( (64 - (6 + 2 + lenb + ${#2} + 1) % 64) % 64 ))
	hl=$(( ${#2} + pad + 1 ))
	{
		printf '\223NUMPY'
		printf "\\$(printf %03o "$major")\\000"
		le64 $hl | head -c $lenb
		printf '%s%*s\n' "$2" "$pad" ''
		printf "$3"
	} >"$1"
}

# st FILE HEADER DATA: a safetensors file: the header's size as a u64,
# the header, then DATA (a printf format)
st() {
	{ le64 ${#2}; printf '%s' "$2"; printf "$3"; } >"$1"
}

F8_0='\000\000\000\000\000\000\000\000'
F8_1='\000\000\000\000\000\000\360\077'
F8_NAN='\000\000\000\000\000\000\370\177'
F8_INF='\000\000\000\000\000\000\360\177'
F4_1='\000\000\200\077'

# ---- good inputs: which commands read them ----

printf '0.1,0.2\n0.3,0.4\n0.5,0.6\n' >"$T/good/t.csv"
npy "$T/good/t.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }" \
	"$F8_1$F8_0$F8_0$F8_1$F8_1$F8_1"
st "$T/good/t.safetensors" '{"wpe":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}' \
	"$F4_1$F4_1$F4_1$F4_1$F4_1$F4_1"
cp "$top_srcdir/tests/data/t5_weights_8x2.csv" "$T/good/w.csv"
mkdir "$T/good/model"
cp "$CONFIGS/llama3.1-8b.json" "$T/good/model/config.json"

FROM_CMDS=$(takers --from "$T/good/t.csv")
CONFIG_CMDS=$(takers --config "$T/good/model/config.json")
MODEL_CMDS=$(takers --model "$T/good/model")
BW_CMDS=$(takers --bucket-weights "$T/good/w.csv" --scheme t5)
for f in t.npy t.safetensors; do
	got=$(takers --from "$T/good/$f")
	expect_eq "the commands that read --from $f are those that read a CSV table" \
		"$got" "$FROM_CMDS"
done
echo "# commands reading --from: $FROM_CMDS; --config: $CONFIG_CMDS; --model: $MODEL_CMDS; --bucket-weights: $BW_CMDS"
# each list is made from the commands, so it cannot be empty by mistake
for v in FROM_CMDS CONFIG_CMDS MODEL_CMDS BW_CMDS; do
	eval "l=\$$v"
	if [ -n "$l" ]; then pass; else fail "no command reads the good input of $v"; fi
done

# ---- CSV tables: one file per malformation ----

csv() { printf "$2" >"$M/$1.csv"; }
csv empty_first      '0.1,\n0.3,0.4\n'
csv empty_lead       ',0.2\n0.3,0.4\n'
csv empty_later      '0.1,0.2\n0.3,\n'
csv empty_header     'a,,b\n1,2,3\n'
csv typo_first       '0.1,0.2x\n0.3,0.4\n'
csv typo_later       '0.1,0.2\n0.3,0.4x\n'
csv hex_first        '0x10,1\n0.3,0.4\n'
csv hex_later        'a,b\n0x10,1\n'
csv hexfloat         'a,b\n0x1p-2,1\n'
csv nan_text         'a,b\n1,nan\n'
csv nan_first        '1,nan\n2,3\n'
csv inf_text         'a,b\ninf,1\n'
csv infinity_text    'a,b\n-Infinity,1\n'
csv overflow         'a,b\n1,1e400\n'
csv space_inside     'a,b\n1 5,2\n'
csv ragged           'a,b\n1,2,3\n'
csv decimal_comma    '0,5;0,25\n'
csv header_mixed     'pos,0.5\n0,1\n'
csv header_only      'a,b\n'
csv comment_only     '# only a comment\n'
csv blank            ''
csv nul_byte         'a,b\n1,2\000\n'
csv control_field    'a,b\n1,2\033[31m\n'
csv newline_cr_field 'a,b\n1,2\r3\n'
csv pos_order        'pos,d0\n0,1\n2,1\n'
csv pos_only         'pos\n0\n'
csv trailing_text    'a,b\n1,2\nend\n'

# ---- .npy files ----

NPY="'fortran_order': False"
npy "$M/dtype_i4.npy"   "{'descr': '<i4', $NPY, 'shape': (2, 2), }" "$F8_0$F8_0"
npy "$M/dtype_be.npy"   "{'descr': '>f8', $NPY, 'shape': (2, 1), }" "$F8_0$F8_0"
npy "$M/dtype_c16.npy"  "{'descr': '<c16', $NPY, 'shape': (1, 1), }" "$F8_0$F8_0"
npy "$M/fortran.npy"    "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }" "$F8_0$F8_0"
npy "$M/shape_1d.npy"   "{'descr': '<f8', $NPY, 'shape': (2,), }" "$F8_0$F8_0"
npy "$M/shape_3d.npy"   "{'descr': '<f8', $NPY, 'shape': (1, 1, 2), }" "$F8_0$F8_0"
npy "$M/shape_0.npy"    "{'descr': '<f8', $NPY, 'shape': (0, 2), }" ""
npy "$M/shape_neg.npy"  "{'descr': '<f8', $NPY, 'shape': (-1, 2), }" "$F8_0$F8_0"
npy "$M/shape_huge.npy" "{'descr': '<f8', $NPY, 'shape': (1000000000000, 1000000000000), }" "$F8_0"
npy "$M/truncated.npy"  "{'descr': '<f8', $NPY, 'shape': (2, 2), }" "$F8_0$F8_0$F8_0"
npy "$M/trailing.npy"   "{'descr': '<f8', $NPY, 'shape': (1, 1), }" "$F8_0$F8_0"
npy "$M/nan.npy"        "{'descr': '<f8', $NPY, 'shape': (1, 2), }" "$F8_1$F8_NAN"
npy "$M/inf.npy"        "{'descr': '<f8', $NPY, 'shape': (1, 2), }" "$F8_INF$F8_1"
npy "$M/no_shape.npy"   "{'descr': '<f8', $NPY, }" "$F8_0"
npy "$M/not_dict.npy"   "[1, 2, 3]" "$F8_0"
npy "$M/unclosed.npy"   "{'descr': '<f8', $NPY, 'shape': (1, 1)" "$F8_0"
npy "$M/control.npy"    "{'descr': '<f$(printf '\033')8', $NPY, 'shape': (1, 1), }" "$F8_0"
npy "$M/version4.npy"   "{'descr': '<f8', $NPY, 'shape': (1, 1), }" "$F8_0" 4
printf 'NOTNUMPY\001\000\000\000' >"$M/magic.npy"
printf '\223NUM' >"$M/short_magic.npy"
printf '\223NUMPY\001\000\377\377{' >"$M/header_past_end.npy"
: >"$M/empty.npy"

# ---- safetensors files ----

H1='{"x":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]}}'
st "$M/st_not_json.safetensors"  '{"x":' "$F8_0"
st "$M/st_array.safetensors"     '[1,2]' ''
st "$M/st_dtype.safetensors"     '{"x":{"dtype":"F17","shape":[1],"data_offsets":[0,8]}}' "$F8_0"
st "$M/st_int.safetensors"       '{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}' "$F8_0"
st "$M/st_size.safetensors"      '{"x":{"dtype":"F64","shape":[2,2],"data_offsets":[0,16]}}' "$F8_0$F8_0"
st "$M/st_past_end.safetensors"  "$H1" "$F8_0"
st "$M/st_trailing.safetensors"  "$H1" "$F8_0$F8_0$F8_0"
st "$M/st_nan.safetensors"       "$H1" "$F8_0$F8_NAN"
st "$M/st_scalar.safetensors"    '{"x":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}' "$F8_0"
st "$M/st_empty.safetensors"     '{"x":{"dtype":"F64","shape":[0,2],"data_offsets":[0,0]}}' ''
st "$M/st_neg_shape.safetensors" '{"x":{"dtype":"F64","shape":[-1,2],"data_offsets":[0,16]}}' "$F8_0$F8_0"
st "$M/st_offsets.safetensors"   '{"x":{"dtype":"F64","shape":[1],"data_offsets":[8]}}' "$F8_0"
st "$M/st_two.safetensors"       '{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}' "$F8_0$F8_0"
st "$M/st_none.safetensors"      '{}' ''
st "$M/st_meta.safetensors"      '{"__metadata__":{"format":1},"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}' "$F8_0"
st "$M/st_hole.safetensors"      '{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}' "$F8_0$F8_0$F8_0"
st "$M/st_ctrl_dtype.safetensors" "{\"x\":{\"dtype\":\"F6$(printf '\033')4\",\"shape\":[1],\"data_offsets\":[0,8]}}" "$F8_0"
{ le64 200000000; printf '{}'; } >"$M/st_huge_header.safetensors"
{ le64 1000; printf '{}'; } >"$M/st_header_past_end.safetensors"
printf '\002\000\000\000\000\000\000' >"$M/st_short.safetensors"
: >"$M/st_blank.safetensors"

# ---- config.json: one folder per malformation (--model), its file
# given to --config too ----

cfg() { mkdir "$M/cfg_$1"; printf "$2" >"$M/cfg_$1/config.json"; }
cfg blank         ''
cfg not_json      '{'
cfg array         '[1, 2]'
cfg trailing      '{"rope_theta": 10000} x'
cfg comment       '{/* c */ "rope_theta": 10000}'
cfg single_quote  "{\"model_type\": 'llama'}"
cfg theta_string  '{"model_type": "llama", "rope_theta": "big"}'
cfg theta_one     '{"model_type": "llama", "rope_theta": 1}'
cfg theta_neg     '{"model_type": "llama", "rope_theta": -10000}'
cfg theta_nan     '{"model_type": "llama", "rope_theta": NaN}'
cfg theta_inf     '{"model_type": "llama", "rope_theta": Infinity}'
cfg theta_hex     '{"model_type": "llama", "rope_theta": 0x10}'
cfg theta_big     '{"model_type": "llama", "rope_theta": 1e400}'
cfg theta_plus    '{"model_type": "llama", "rope_theta": +10000}'
cfg ctrl_type     '{"model_type": "lla\\u001b[31mma"}'
cfg ctrl_rope     '{"model_type": "llama", "rope_scaling": {"rope_type": "lin\\near", "factor": 2}}'
cfg nul_byte      '{"model_type": "llama"\000}'
cfg truncated     '{"model_type": "llama", "rope_theta": 1'

# ---- 1: every reader x every malformation x every command ----

for f in "$M"/*.csv "$M"/*.npy "$M"/*.safetensors; do
	for c in $FROM_CMDS; do
		# shellcheck disable=SC2046
		refused "$c --from ${f##*/}" "$c" --from "$f" $(args_of "$c")
	done
done
# --bucket-weights reads tables with the same reader: every malformation
# through the first command that takes it, and three through every one
for f in "$M"/*.csv "$M"/*.npy "$M"/*.safetensors; do
	for c in $BW_CMDS; do
		case $f in
		*/typo_first.csv|*/nan.npy|*/st_nan.safetensors) ;;
		*) [ "$c" = "${BW_CMDS%% *}" ] || continue ;;
		esac
		# shellcheck disable=SC2046
		refused "$c --scheme t5 --bucket-weights ${f##*/}" "$c" --scheme t5 \
			--bucket-weights "$f" $(args_of "$c")
	done
done
# standard input: CSV and .npy (a safetensors file is mapped, not piped)
for f in "$M"/*.csv "$M"/*.npy; do
	c=${FROM_CMDS%% *}
	STDIN=$f refused "$c --from - <${f##*/}" "$c" --from - $(args_of "$c")
done
for d in "$M"/cfg_*; do
	for c in $CONFIG_CMDS; do
		# shellcheck disable=SC2046
		refused "$c --config ${d##*/}/config.json" "$c" --config "$d/config.json" $(args_of "$c")
	done
	for c in $MODEL_CMDS; do
		# shellcheck disable=SC2046
		refused "$c --model ${d##*/}" "$c" --model "$d" $(args_of "$c")
	done
done

# ---- 2: every option, a value with control characters ----

# each option once, in the first command whose --help lists it
echo --help >"$T/seen"
for c in $CMDS; do
	"$PECLI" "$c" --help | grep -oE '^  (-[a-zA-Z], )?--[a-z0-9-]+( [A-Z][A-Za-z|:]*)?' \
		| sed 's/^  \(-[a-zA-Z], \)\{0,1\}//' >"$T/opts"
	while read -r opt arg; do
		case $opt in --help) continue ;; esac
		grep -qx -- "$opt" "$T/seen" && continue
		echo "$opt" >>"$T/seen"
		if [ -n "$arg" ]; then run "$c" "$opt" "$CTRL"; else run "$c" "$opt=$CTRL"; fi
		left
		if [ "$rc" -eq 2 ] || { [ "$opt" = --output ] && [ "$rc" -eq 0 ]; }; then pass; else
			fail "$c $opt '\$CTRL': exit $rc, expected 2"
			sed 's/^/  | /' "$T/err" | head -3
		fi
		[ -s "$T/err" ] && one_line "$c $opt '\$CTRL'"
	done <"$T/opts"
done
# every option row is among them
"$PECLI" --list-options | sed '1d; s/,.*//; s/^/--/' | while read -r opt; do
	grep -qx -- "$opt" "$T/seen" || echo "$opt"
done >"$T/unseen"
expect_eq "every option of --list-options is in some command's --help" "$(cat "$T/unseen")" ""

# ---- 3: the defect classes as values ----

# a first data row with a typo or an empty field is refused, not dropped:
# the message names its line and field
printf '0.1,0.2x\n0.3,0.4\n0.5,0.6\n' >"$T/typo.csv"
run matrix --from "$T/typo.csv"
expect_eq "a typo in the first row is named" "$(head -1 "$T/err")" \
	"pecli: matrix: $T/typo.csv: line 1, field 2: '0.2x' is not a number (a first row is a header only when none of its fields is a number)"
# the rows read are the rows given: 3 data rows, no header, are 3 positions
printf '0.1,0.2\n0.3,0.4\n0.5,0.6\n' >"$T/three.csv"
run matrix --from "$T/three.csv" --no-meta
expect_eq "three data rows are three positions" "$(grep -c '' "$T/out")" 4
# a number reads the same in a file and in an option: each form the
# grammar refuses is refused by both, each it takes is taken by both
for v in 0x10 0x1p-2 nan inf 1e400 2x 1,5 '' +2 2. .5e1 1E1 1e-1; do
	printf 'a\n%s\n' "$v" >"$T/v.csv"
	run matrix --from "$T/v.csv" --no-meta
	file_rc=$rc
	file_val=$(sed -n 2p "$T/out" | cut -d, -f2)
	run decay --step "$v" --max-dist 10 --no-meta
	opt_rc=$rc
	opt_val=$(sed -n 3p "$T/out" | cut -d, -f1)
	expect_eq "'$v' in a CSV field and in --step: the same verdict" "$file_rc" "$opt_rc"
	[ "$file_rc" -eq 0 ] && expect_eq "'$v' reads as the same number" "$file_val" "$opt_val"
done

finish

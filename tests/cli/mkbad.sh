#!/bin/sh
# tests/cli/mkbad.sh DIR - the malformed input files of tests/cli/bad.txt
B=$1
mkdir -p "$B/dir"
# mknpy FILE DESCR FORTRAN SHAPE DATABYTES: a .npy v1.0 file as
# numpy.save lays it out (header dict padded with spaces and a newline to
# a multiple of 64 bytes), with DATABYTES zero bytes of data
mknpy() {
	h="{'descr': '$2', 'fortran_order': $3, 'shape': $4, }"
	pad=$(( (64 - (10 + ${#h} + 1) % 64) % 64 ))
	hl=$(( ${#h} + pad + 1 ))
	{
		printf '\223NUMPY\001\000'
		printf "\\$(printf %03o $((hl % 256)))\\$(printf %03o $((hl / 256)))"
		printf '%s%*s\n' "$h" "$pad" ''
		head -c "$5" /dev/zero
	} >"$1"
}
mknpy "$B/ok.npy" '<f8' False '(3, 4)' 96
mknpy "$B/dtype.npy" '<i4' False '(3, 4)' 48
mknpy "$B/bigendian.npy" '>f8' False '(3, 4)' 96
mknpy "$B/fortran.npy" '<f8' True '(3, 4)' 96
mknpy "$B/trunc.npy" '<f8' False '(3, 4)' 50
mknpy "$B/huge.npy" '<f8' False '(1000000000000, 1000000000000)' 96
mknpy "$B/rank3.npy" '<f8' False '(2, 3, 4)' 192
mknpy "$B/empty0.npy" '<f8' False '(0, 4)' 0
printf 'NOTNUMPY\001\000\000\000' >"$B/magic.npy"
printf '\223NUMPY\001\000\377\377{' >"$B/header.npy"
: >"$B/empty.npy"
: >"$B/empty.csv"
printf '1,2\n3\n' >"$B/ragged.csv"
printf '1,2\n3,abc\n' >"$B/nonnum.csv"
# issue 22: a first row with a defect is not a header; one number syntax
printf '0.1,0.2x\n0.3,0.4\n' >"$B/typo_first.csv"
printf '0.1,\n0.3,0.4\n' >"$B/empty_first.csv"
printf 'a,b\n0x10,1\n' >"$B/hex.csv"
printf '1,2\n3,4\n5,6\n' >"$B/three.csv"
printf '1,2\n3,nan\n' >"$B/nan.csv"
printf '1,2\n3,1e400\n' >"$B/overflow.csv"
printf '# only a comment\n' >"$B/comment.csv"
: >"$B/empty.json"
printf '{' >"$B/notjson.json"
printf '[1, 2]' >"$B/array.json"
printf '{"rope_theta": "big"}' >"$B/theta.json"
printf '{"rope_theta": 1}' >"$B/theta1.json"
printf '{"rope_scaling": 5}' >"$B/scaling.json"
printf '{"rope_scaling": {"rope_type": "bogus", "factor": 2}}' >"$B/ropetype.json"
printf '{"rope_scaling": {"rope_type": "linear", "factor": "2"}}' >"$B/factor.json"
printf '{"model_type": "llama", "head_dim": -4}' >"$B/headdim.json"
printf '{"model_type": "llama", "head_dim": 7}' >"$B/headdim7.json"
printf '{"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 0}' >"$B/heads0.json"
printf '{"partial_rotary_factor": 2}' >"$B/partial.json"
# mkst FILE HEADER DATABYTES: a safetensors file (the header's length as 8
# bytes little-endian, below 256 here, the header, DATABYTES zero bytes)
mkst() {
	{
		printf "\\$(printf %03o ${#2})\\000\\000\\000\\000\\000\\000\\000"
		printf '%s' "$2"
		head -c "$3" /dev/zero
	} >"$1"
}
mkst "$B/two.safetensors" '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}' 8
mkst "$B/i32.safetensors" '{"ids":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}}' 8
mkst "$B/hole.safetensors" '{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}' 8
printf '\002\000\000\000\000\000\000' >"$B/seven.safetensors"

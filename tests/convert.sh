#!/bin/sh
# tests/convert.sh - pecli layout on a whole q_proj / k_proj weight (issue
# 23): the row permutation of H = 32 query heads and K = 8 key-value heads
# of head_dim 128 (Llama 3 8B's attention) in both directions, against the
# two reference converters written here as awk index arithmetic:
#   Hugging Face transformers, src/transformers/models/llama/
#   convert_llama_weights_to_hf.py, permute(w, n_heads, dim1, dim2) =
#   w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2)
#   .reshape(dim1, dim2), on wq with n_heads and on wk with
#   num_key_value_heads (Meta interleaved -> HF half): out row
#   h d + c d/2 + i is input row h d + 2 i + c;
#   ggml-org/llama.cpp, convert_hf_to_gguf.py, LlamaModel.permute(weights,
#   n_head, n_head_kv) = weights.reshape(n_head, 2, rows // n_head // 2, ...)
#   .swapaxes(1, 2).reshape(weights.shape), n_head_kv heads for k_proj
#   (HF half -> interleaved): out row h d + 2 i + c is input row
#   h d + c d/2 + i.
# Then the weight itself: a random 4096 x 4 tensor in .npy, every element
# of pecli's output checked (tests/npyread, bit for bit) against the input
# rows moved as the reference says, and back again; a safetensors model
# folder (config.json with num_attention_heads and num_key_value_heads);
# --verify reports zero change in every head's scores; mismatched shapes
# and bad head counts are refused with one line, exit 2.
# Run by 'make check' with top_srcdir and top_builddir set.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
NPYREAD=$(cd "$top_builddir" && pwd)/tests/npyread

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-convert.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# ref_hf N_HEAD D / ref_gguf N_HEAD D: the 'from' list, one line, commas
ref_hf() {
	awk -v H="$1" -v d="$2" 'BEGIN {
		for (h = 0; h < H; h++) for (c = 0; c < 2; c++) for (i = 0; i < d / 2; i++)
			from[h * d + c * d / 2 + i] = h * d + 2 * i + c
		for (r = 0; r < H * d; r++) printf "%s%d", r ? "," : "", from[r]; print "" }'
}
ref_gguf() {
	awk -v H="$1" -v d="$2" 'BEGIN {
		for (h = 0; h < H; h++) for (c = 0; c < 2; c++) for (i = 0; i < d / 2; i++)
			from[h * d + 2 * i + c] = h * d + c * d / 2 + i
		for (r = 0; r < H * d; r++) printf "%s%d", r ? "," : "", from[r]; print "" }'
}
# apply FROM CSV: the CSV's data rows (after its header and '#' lines) in
# the order of the 'from' list FROM, under the header "c0,..."
apply() {
	awk -F, -v from="$1" '
		/^#/ { next }
		!hdr { hdr = 1; ncol = NF; next }
		{ row[n++] = $0 }
		END {
			for (j = 0; j < ncol; j++) printf "%sc%d", j ? "," : "", j; print ""
			k = split(from, f, ",")
			for (r = 1; r <= k; r++) print row[f[r]] }' "$2"
}

# ---- the permutation, both directions, against the converters ----
for proj in q k; do
	heads=32
	[ "$proj" = k ] && heads=8
	got=$("$PECLI" layout --q-heads 32 --kv-heads 8 --proj $proj --format list 2>&1)
	expect_eq "--proj $proj --to half: HF permute($proj, $heads)" "$got" "$(ref_hf $heads 128)"
	got=$("$PECLI" layout --q-heads 32 --kv-heads 8 --proj $proj --to interleaved --format list 2>&1)
	expect_eq "--proj $proj --to interleaved: llama.cpp permute($proj, n_head, $heads)" \
		"$got" "$(ref_gguf $heads 128)"
done
# the two converters undo each other (so do pecli's two directions)
round=$(awk -v a="$(ref_hf 32 128)" -v b="$(ref_gguf 32 128)" 'BEGIN {
	n = split(a, x, ","); split(b, y, ",")
	for (r = 1; r <= n; r++) if (x[y[r] + 1] != r - 1) { print "row " r - 1; exit }
	print "identity" }')
expect_eq "HF permute then llama.cpp permute: identity" "$round" "identity"
# a test that cannot fail is a defect: the reference tells the directions apart
[ "$(ref_hf 8 128)" != "$(ref_gguf 8 128)" ] && pass || fail "the two references agree"
# one head is the old per-head permutation
expect_eq "--q-heads 1 is the one-head table" "$("$PECLI" layout --q-heads 1 --format list)" \
	"$("$PECLI" layout --format list)"

# ---- a random weight in .npy: every element moved as the reference says ----
"$PECLI" matrix --scheme learned --init normal --n 4096 --d 4 --seed 7 --format npy --no-meta -o q.npy
"$PECLI" matrix --scheme learned --init normal --n 4096 --d 4 --seed 7 --no-meta >q.csv
"$PECLI" matrix --scheme learned --init normal --n 1024 --d 4 --seed 8 --format npy --no-meta -o k.npy
"$PECLI" matrix --scheme learned --init normal --n 1024 --d 4 --seed 8 --no-meta >k.csv
"$PECLI" layout --q-heads 32 --kv-heads 8 --weight q.npy -o qh.npy 2>err
expect_eq "--weight q.npy: exit and stderr" "$?:$(cat err)" "0:"
apply "$(ref_hf 32 128)" q.csv >qh.csv
expect_eq "q_proj to half: every element as HF permute" "$("$NPYREAD" qh.npy qh.csv 2>&1)" "4096 5"
"$PECLI" layout --q-heads 32 --kv-heads 8 --weight qh.npy --to interleaved -o back.npy
expect_eq "q_proj back to interleaved: the input again" "$("$NPYREAD" back.npy q.csv 2>&1)" "4096 5"
apply "$(ref_gguf 32 128)" q.csv >qg.csv
"$PECLI" layout --q-heads 32 --weight q.npy --to interleaved --no-meta -o qg.npy
expect_eq "q_proj to interleaved: every element as llama.cpp permute" \
	"$("$NPYREAD" qg.npy qg.csv 2>&1)" "4096 5"
"$PECLI" layout --q-heads 32 --kv-heads 8 --proj k --weight k.npy --no-meta -o kh.npy
apply "$(ref_hf 8 128)" k.csv >kh.csv
expect_eq "k_proj (8 heads) to half: every element as HF permute" \
	"$("$NPYREAD" kh.npy kh.csv 2>&1)" "1024 5"
# a test that cannot fail is a defect: the q reference on the k weight fails
"$NPYREAD" kh.npy "$(apply "$(ref_hf 4 256)" k.csv >kx.csv; echo kx.csv)" >/dev/null 2>&1 \
	&& fail "npyread: a wrong permutation passes" || pass
# the JSON beside it names the weight, the heads and the shape
[ -e kh.json ] && fail "--no-meta: kh.json written" || pass
"$PECLI" layout --q-heads 32 --kv-heads 8 --proj k --weight k.npy -o kh2.npy
grep -q '"heads": "8 (--proj k; 32 query, 8 key-value)"' kh2.json && pass || fail "kh2.json: heads"
grep -q '"weight": "k.npy"' kh2.json && pass || fail "kh2.json: weight"

# ---- --verify: zero change in every head's scores ----
out=$("$PECLI" layout --q-heads 32 --kv-heads 8 --verify --no-meta)
expect_eq "--verify (random q, k per head)" "$out" \
"direction,heads,trials,max_abs_diff,max_rel_diff,worst_head,tolerance,status
interleaved->half,32,1000,0,0,0,1.1368683772161603e-13,pass
half->interleaved,32,1000,0,0,0,1.1368683772161603e-13,pass"
out=$("$PECLI" layout --q-heads 32 --kv-heads 8 --proj k --weight k.npy --verify --no-meta)
expect_eq "--verify --weight k.npy" "$out" \
"direction,heads,trials,max_abs_diff,max_rel_diff,worst_head,tolerance,status
interleaved->half,8,32,0,0,0,1.1368683772161603e-13,pass"

# ---- safetensors: a model folder, heads from its config.json ----
# float32 0, 1, ..., 15, little-endian
F32_0_15=000000000000803f000000400000404000008040
F32_0_15=${F32_0_15}0000a0400000c0400000e0400000004100001041
F32_0_15=${F32_0_15}000020410000304100004041000050410000604100007041
mkdir m
printf '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8, "num_attention_heads": 2, "num_key_value_heads": 1, "max_position_embeddings": 64}' >m/config.json
# q_proj [8, 2] holds 0 .. 15 row by row, k_proj [4, 2] holds 0 .. 7
st_write m/model.safetensors '{"model.layers.0.self_attn.q_proj.weight":{"dtype":"F32","shape":[8,2],"data_offsets":[0,64]},"model.layers.0.self_attn.k_proj.weight":{"dtype":"F32","shape":[4,2],"data_offsets":[64,96]}}' \
	"$F32_0_15$(printf '%s' "$F32_0_15" | cut -c1-64)"
"$PECLI" layout --model m --tensor model.layers.0.self_attn.q_proj.weight --no-meta -o q2.npy 2>err
expect_eq "--model --tensor q_proj: exit and stderr" "$?:$(cat err)" "0:"
# head_dim 4 = 8 / 2: HF permute(q, 2) takes rows 0 2 1 3 4 6 5 7
printf 'c0,c1\n0,1\n4,5\n2,3\n6,7\n8,9\n12,13\n10,11\n14,15\n' >q2.csv
expect_eq "q_proj from safetensors, to half" "$("$NPYREAD" q2.npy q2.csv 2>&1)" "8 2"
"$PECLI" layout --model m --tensor model.layers.0.self_attn.k_proj.weight --proj k --no-meta -o k2.npy
printf 'c0,c1\n0,1\n4,5\n2,3\n6,7\n' >k2.csv
expect_eq "k_proj from safetensors (num_key_value_heads 1), to half" \
	"$("$NPYREAD" k2.npy k2.csv 2>&1)" "4 2"
"$PECLI" layout --weight m/model.safetensors --tensor model.layers.0.self_attn.k_proj.weight \
	--q-heads 2 --kv-heads 1 --proj k --d 4 --no-meta -o k3.npy
expect_eq "--weight FILE.safetensors --tensor" "$(cmp k2.npy k3.npy && echo same)" "same"

# the head counts of Llama 3 8B's config.json (hidden_size 4096, 32 heads,
# 8 key-value heads: head_dim 128), no weights needed for the indices
mkdir m3
printf '{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_key_value_heads": 8}' >m3/config.json
expect_eq "--model (32, 8 heads) --proj k: HF permute(k, 8)" \
	"$("$PECLI" layout --model m3 --proj k --format list 2>&1)" "$(ref_hf 8 128)"
"$PECLI" layout --model m3 --q-heads 4 --proj k >/dev/null 2>err
expect_eq "the config's num_key_value_heads not dividing --q-heads: exit" "$?" 2
expect_eq "the config's num_key_value_heads not dividing --q-heads: message" "$(head -1 err)" \
	"pecli: layout: m3/config.json: num_key_value_heads 8 does not divide the 4 query heads: give --kv-heads"

# ---- refused: one line naming the tensor, its shape and the rows wanted ----
"$PECLI" layout --model m --tensor model.layers.0.self_attn.k_proj.weight -o x.npy >out 2>err
expect_eq "k_proj as q: exit" "$?" 2
expect_eq "k_proj as q: message" "$(head -1 err)" \
	"pecli: layout: tensor 'model.layers.0.self_attn.k_proj.weight' in m/model.safetensors has shape [4, 2]: expected 8 rows for --proj q (2 heads x --d 4)"
[ -e x.npy ] && fail "k_proj as q: x.npy written" || pass
"$PECLI" layout --q-heads 32 --kv-heads 8 --proj k --weight q.npy -o x.npy 2>err
expect_eq "q.npy as k: exit" "$?" 2
expect_eq "q.npy as k: message" "$(head -1 err)" \
	"pecli: layout: q.npy has shape [4096, 5]: expected 1024 rows for --proj k (8 heads x --d 128)"
"$PECLI" layout --q-heads 32 --kv-heads 7 >/dev/null 2>err
expect_eq "--kv-heads 7: exit" "$?" 2
expect_eq "--kv-heads 7: message" "$(head -1 err)" \
	"pecli: layout: invalid value '7' for --kv-heads: expected a divisor of the 32 query heads (grouped-query attention)"
"$PECLI" layout --proj k >/dev/null 2>err
expect_eq "--proj without heads: exit" "$?" 2
printf 'not an npy' >bad.npy
"$PECLI" layout --q-heads 1 --weight bad.npy -o x.npy >/dev/null 2>err
expect_eq "malformed weight: exit" "$?" 2
expect_eq "malformed weight: one line" "$(cat err)" \
	"pecli: layout: bad.npy: not a .npy file: it does not start with \\x93NUMPY"
"$PECLI" layout --q-heads 32 --weight q.npy --format list >/dev/null 2>err
expect_eq "--weight --format list: exit" "$?" 2
"$PECLI" layout --q-heads 32 --weight q.npy --no-meta >qs.npy 2>err
expect_eq "--weight to stdout (not a terminal): npy" "$?:$(cmp qs.npy qg.npy >/dev/null || echo differs)" "0:differs"
expect_eq "--weight to stdout: as -o" "$("$NPYREAD" qs.npy qh.csv 2>&1)" "4096 5"
[ -e x.npy ] && fail "a refused run wrote x.npy" || pass

finish

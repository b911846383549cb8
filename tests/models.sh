#!/bin/sh
# tests/models.sh - model folders, as an engineer holds them: a config.json
# and safetensors weights (single file and sharded, every dtype pecli
# reads), written here byte by byte, read by --model, --config DIR and
# 'pecli model', and a model id found in a Hugging Face cache laid out
# here.  The safetensors layout is the format's own
# (https://huggingface.co/docs/safetensors: an 8-byte little-endian header
# size, the JSON header, then the tensors' bytes); the values are chosen
# exact in every dtype: 0.5, 1, -2, 0.25, 1.5, -0.75, whose IEEE 754
# binary32 bits are 3f000000, 3f800000, c0000000, 3e800000, 3fc00000,
# bf400000, binary16 3800, 3c00, c000, 3400, 3e00, ba00, bfloat16 (the
# upper half of binary32) 3f00, 3f80, c000, 3e80, 3fc0, bf40, binary64
# 3fe0.., 3ff0.., c000.., 3fd0.., 3ff8.., bfe8.. (the bytes below are
# little-endian).
# Prints "N passed, N failed, N skipped" last.

top_srcdir=${top_srcdir:-.}
. "$top_srcdir/tests/lib.sh"
top_builddir=${top_builddir:-.}
PECLI=$(cd "$top_builddir" && pwd)/pecli
HUB=$(cd "$top_srcdir" && pwd)/tests/configs/hub

T=$(mktemp -d "${TMPDIR:-/tmp}/pecli-models.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99

# run ARGS...: pecli, with $rc, $T/out and $T/err
run() {
	"$PECLI" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

# the table of $T/out: its lines after the '#' lines
table() { grep -v '^#' "$T/out"; }

# The table of the 3 x 2 wpe in each dtype, and a 1 x 2 wte before it.
F32=0000003f0000803f000000c00000803e0000c03f000040bf
F16=0038003c00c00034003e00ba
BF16=003f803f00c0803ec03f40bf
F64=000000000000e03f000000000000f03f00000000000000c0000000000000d03f000000000000f83f000000000000e8bf
WTE=0000803f0000803f
WANT='pos,d0,d1
0,0.5,1
1,-2,0.25
2,1.5,-0.75'

# gpt2 DIR DTYPE HEX BYTES: a GPT-2-like folder, wte then wpe in one file
gpt2() {
	mkdir -p "$1"
	printf '{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 2, "n_head": 1, "n_positions": 3}' >"$1/config.json"
	st_write "$1/model.safetensors" "{\"wte.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},\"wpe.weight\":{\"dtype\":\"$2\",\"shape\":[3,2],\"data_offsets\":[8,$((8 + $4))]}}" "$WTE$3"
}

# ---- a learned table, every dtype: the stored values exactly ----
gpt2 g32 F32 "$F32" 24
gpt2 g16 F16 "$F16" 12
gpt2 gbf BF16 "$BF16" 12
gpt2 g64 F64 "$F64" 48
for d in g32 g16 gbf g64; do
	run matrix --model "$d"
	expect_eq "matrix --model $d: exit" "$rc" 0
	expect_eq "matrix --model $d: the stored table" "$(table)" "$WANT"
	expect_eq "matrix --model $d: scheme" "$(sed -n 's/^# scheme: //p' "$T/out")" learned
done
run matrix --config g16
expect_eq "--config DIR reads the folder as --model" "$(table)" "$WANT"
run matrix --model g32 --n 2
expect_eq "--n within the table" "$(table | wc -l | tr -d ' ')" 3
run matrix --model g32 --n 4
expect_eq "--n beyond the table: exit" "$rc" 2
expect_eq "--n beyond the table: message" "$(cat "$T/err" | head -n 1)" \
	"pecli: matrix: invalid value '4' for --n: the table has 3 positions"
run check --model g32
expect_eq "check --model: runs (exit 0 or 1)" "$((rc <= 1))" 1
grep -q '^bounded,2,10,pass$' "$T/out" && pass || fail "check --model: bounded by the largest |value|, 2"

# ---- sharded: the index names the shard of wpe.weight ----
mkdir -p sh
cp g32/config.json sh/
st_write sh/model-00001-of-00002.safetensors '{"wte.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}' "$WTE"
st_write sh/model-00002-of-00002.safetensors '{"__metadata__":{"format":"pt"},"wpe.weight":{"dtype":"BF16","shape":[3,2],"data_offsets":[0,12]}}' "$BF16"
printf '{"metadata": {"total_size": 20}, "weight_map": {"wte.weight": "model-00001-of-00002.safetensors", "wpe.weight": "model-00002-of-00002.safetensors"}}' >sh/model.safetensors.index.json
run matrix --model sh
expect_eq "sharded: exit" "$rc" 0
expect_eq "sharded: the stored table" "$(table)" "$WANT"
run model sh --format csv
grep -q "^weights,$T/sh/model-00002-of-00002.safetensors,\$\|^weights,sh/model-00002-of-00002.safetensors,\$" "$T/out" \
	&& pass || { fail "pecli model names the shard"; cat "$T/out"; }
grep -q '^shape,3 x 2,as stored$' "$T/out" && pass || fail "pecli model: the shape"
rm sh/model-00002-of-00002.safetensors
run matrix --model sh
expect_eq "missing shard: exit" "$rc" 2
expect_eq "missing shard: one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
grep -q "model-00002-of-00002.safetensors" "$T/err" && pass || fail "missing shard: named"

# ---- OPT: 2 rows before position 0 (OPTLearnedPositionalEmbedding) ----
mkdir -p opt
printf '{"model_type": "opt", "max_position_embeddings": 1, "hidden_size": 2}' >opt/config.json
st_write opt/model.safetensors '{"model.decoder.embed_positions.weight":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]}}' "$F32"
run matrix --model opt
expect_eq "opt: position 0 is row 2" "$(table)" 'pos,d0,d1
0,1.5,-0.75'
printf '{"model_type": "opt", "max_position_embeddings": 2, "hidden_size": 2}' >opt/config.json
run matrix --model opt
expect_eq "opt: a table of the wrong size: exit" "$rc" 2
grep -q "has shape 3 x 2, but max_position_embeddings says 2 positions" "$T/err" && pass \
	|| { fail "opt: wrong size named"; cat "$T/err"; }

# ---- --tensor, and errors ----
run matrix --model g32 --tensor wte.weight
expect_eq "--tensor: another weight" "$(table)" 'pos,d0,d1
0,1,1'
run matrix --model g32 --tensor nope.weight
expect_eq "--tensor missing: exit" "$rc" 2
grep -q "no tensor 'nope.weight'" "$T/err" && pass || { fail "--tensor missing: named"; cat "$T/err"; }
run matrix --config "$HUB/gpt2.json"
expect_eq "a GPT-2 config.json alone: exit" "$rc" 2
grep -q "a config.json alone holds no weights" "$T/err" && pass || fail "config alone: says why"
run model "$HUB/gpt2.json" --format csv
expect_eq "pecli model on a config.json alone: exit" "$rc" 0
grep -q '^positions,1024,n_positions$' "$T/out" && pass || fail "pecli model gpt2: positions"
grep -q '^weights,none,' "$T/out" && pass || fail "pecli model gpt2: no weights, and why"
run matrix --model g32 --from x.npy
expect_eq "--model with --from: exit" "$rc" 2
run matrix --tensor wpe.weight --scheme learned --init normal
expect_eq "--tensor without a model: exit" "$rc" 2
expect_eq "--tensor without a model: message" "$(head -n 1 "$T/err")" \
	"pecli: matrix: option '--tensor' applies with --model, --config or --preset"

# ---- T5: the encoder's relative_attention_bias, (buckets, heads) ----
# 4 buckets, bidirectional, max_distance 2: T5Attention._relative_position_bucket
# puts r = key - query = 0 in bucket 0, r < 0 in bucket 1, r > 0 in bucket 3
mkdir -p t5
printf '{"model_type": "t5", "num_heads": 2, "relative_attention_num_buckets": 4, "relative_attention_max_distance": 2}' >t5/config.json
st_write t5/model.safetensors '{"encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight":{"dtype":"F32","shape":[4,2],"data_offsets":[0,32]}}' "${F32}0000804000000041"
run decay --model t5 --head 0 --max-dist 3 --format csv
expect_eq "decay --model T5DIR --head 0: exit" "$rc" 0
expect_eq "decay: the learned bias of head 0, bucket 1 beyond distance 0" \
	"$(table | cut -d, -f1,2)" 'distance,bias
0,0.5
1,-2
2,-2
3,-2'
run decay --model t5 --head 1 --max-dist 1 --format csv
expect_eq "decay: head 1" "$(table | cut -d, -f1,2)" 'distance,bias
0,1
1,0.25'
run freqs --model t5 --format csv
grep -q '^# values: bias (bucket weights)$' "$T/out" && pass || fail "freqs --model t5: the weights"
run decay --model t5 --layer 1 --head 0
expect_eq "--layer 1 of T5 (no bias there): exit" "$rc" 2
grep -q "encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight" "$T/err" && pass \
	|| { fail "--layer 1: names the tensor"; cat "$T/err"; }

# ---- a model id in the Hugging Face cache ----
mkdir -p hub/models--org--tiny/refs hub/models--org--tiny/snapshots/0123abc
printf '0123abc' >hub/models--org--tiny/refs/main
cp g32/config.json g32/model.safetensors hub/models--org--tiny/snapshots/0123abc/
HF_HUB_CACHE=$T/hub run matrix --model org/tiny
expect_eq "model id: exit" "$rc" 0
expect_eq "model id: the table" "$(table)" "$WANT"
HF_HUB_CACHE= HF_HOME=$T/nohome XDG_CACHE_HOME= HOME=$T run matrix --model org/tiny
expect_eq "model id not cached: exit" "$rc" 2
expect_eq "model id not cached: says where" "$(cat "$T/err")" \
	"pecli: matrix: model 'org/tiny' is not in the local Hugging Face cache: no folder $T/nohome/hub/models--org--tiny (pecli does not download; set HF_HUB_CACHE or HF_HOME, or give the model's folder)"
HF_HUB_CACHE=$T/hub run matrix --model org/tiny --revision v2
expect_eq "--revision missing: exit" "$rc" 2
grep -q "has no revision 'v2'" "$T/err" && pass || fail "--revision missing: named"
HF_HUB_CACHE=$T/hub run matrix --model org/tiny --revision 0123abc
expect_eq "--revision COMMIT" "$(table)" "$WANT"

# ---- rotary models: the field each value came from ----
run model "$HUB/deepseek-v3.json" --format csv
expect_eq "deepseek-v3: exit" "$rc" 0
grep -q '^d,64,qk_rope_head_dim$' "$T/out" && pass || { fail "deepseek-v3: d from qk_rope_head_dim"; cat "$T/out"; }
grep -q '^pairing,interleaved,' "$T/out" && pass || fail "deepseek-v3: interleaved (rope_interleave)"
grep -q '^mscale,1,rope_scaling.mscale$' "$T/out" && pass || fail "deepseek-v3: mscale"
run model "$HUB/deepseek-v3.json" --format csv --base 20000
grep -q '^base,20000,--base$' "$T/out" && pass || fail "a flag overrides the model, and says so"
printf '{"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "mrope_section": [16, 24, 24]}' >gemma.json
run model gemma.json --format csv
expect_eq "gemma3_text: exit" "$rc" 0
grep -q '^d,256,default of Gemma3TextConfig$' "$T/out" && pass || { fail "gemma3: head_dim 256 by default"; cat "$T/out"; }
grep -q '^base,1000000,default of Gemma3TextConfig$' "$T/out" && pass || fail "gemma3: rope_theta 1e6 by default"
expect_eq "a positional field not read: warned" "$(cat "$T/err")" \
	"pecli: model: warning: gemma.json: not read: mrope_section"
printf '{"model_type": "chatglm", "kv_channels": 128, "rope_ratio": 500, "hidden_size": 4096, "num_attention_heads": 32}' >glm.json
run freqs --config glm.json --format csv
expect_eq "chatglm: rotary_dim = kv_channels / 2" "$(sed -n 's/^# rotary_dim: //p' "$T/out")" 64
expect_eq "chatglm: base = 10000 * rope_ratio" "$(sed -n 's/^# base: //p' "$T/out")" 5000000
printf '{"model_type": "bloom", "n_head": 4}' >bloom.json
run freqs --config bloom.json --format csv
expect_eq "bloom: alibi slopes of 4 heads (get_slopes: 2^-2, 2^-4, ...)" "$(table)" 'head,slope
0,0.25
1,0.0625
2,0.015625
3,0.00390625'
printf '{"model_type": "mpt", "n_heads": 6, "attn_config": {"alibi": true}}' >mpt.json
run freqs --config mpt.json
expect_eq "mpt with 6 heads: refused" "$rc" 2
printf '{"model_type": "rwkv"}' >rwkv.json
run freqs --config rwkv.json
expect_eq "an unknown model_type: exit" "$rc" 2
expect_eq "an unknown model_type: named" "$(cat "$T/err")" \
	"pecli: freqs: rwkv.json: model_type: 'rwkv' is not a model pecli knows: give --scheme to read it as one (see 'pecli model --help')"
run freqs --config rwkv.json --scheme sinusoidal
expect_eq "--config with a scheme that reads no config: exit" "$rc" 2
printf '{"model_type": "llama", "rope_theta": "1e4"}' >typed.json
run freqs --config typed.json
expect_eq "a value of the wrong type: exit" "$rc" 2
expect_eq "a value of the wrong type: named" "$(cat "$T/err")" \
	"pecli: freqs: typed.json: rope_theta: expected a number, got a string"
printf '{"model_type": "t5", "relative_attention_num_buckets": "32"}' >t5typed.json
run freqs --config t5typed.json
expect_eq "t5: a value of the wrong type: exit" "$rc" 2
grep -q 'relative_attention_num_buckets: expected a number' "$T/err" && pass || fail "t5: the field named"

# ---- models whose layers differ ----
# Gemma3TextConfig: layer i slides when (i + 1) % 6 (sliding_window_pattern's
# default); Gemma3TextModel rotates those with rope_local_base_freq (10000
# by default) and no scaling, the others with rope_theta and rope_scaling
run model "$HUB/gemma-3-4b-it.json" --format csv
grep -q '^layers,34,text_config.sliding_window_pattern 6 (default)$' "$T/out" && pass \
	|| { fail "gemma 3: 34 layers by the pattern"; cat "$T/out"; }
grep -q '^layer_type full_attention,5 11 17 23 29,"5 layers' "$T/out" && pass || fail "gemma 3: the global layers"
grep -q '^layer_type sliding_attention,0-4 6-10 12-16 18-22 24-28 30-33,"29 layers, base 10000, no scaling' "$T/out" \
	&& pass || fail "gemma 3: the sliding layers"
grep -q '^layer_type,full_attention,default' "$T/out" && pass || fail "gemma 3: the global layers by default"
run freqs --config "$HUB/gemma-3-4b-it.json" --layer 0 --format csv
expect_eq "gemma 3 --layer 0: base" "$(sed -n 's/^# base: //p' "$T/out")" 10000
expect_eq "gemma 3 --layer 0: no scaling" "$(sed -n 's/^# scaling: //p' "$T/out")" none
expect_eq "gemma 3 --layer 0: says which" "$(sed -n 's/^# layer_type: //p' "$T/out")" "sliding_attention (--layer 0)"
run freqs --config "$HUB/gemma-3-4b-it.json" --layer 5 --format csv
expect_eq "gemma 3 --layer 5: base" "$(sed -n 's/^# base: //p' "$T/out")" 1000000
expect_eq "gemma 3 --layer 5: linear x8" "$(sed -n 's/^# scaling: //p;s/^# factor: //p' "$T/out" | paste -sd, -)" "linear,8"
run freqs --config "$HUB/gemma-3-4b-it.json" --layer 34
expect_eq "--layer past the last: exit" "$rc" 2
grep -q "expected an integer in \[0, 33\] (.* has 34 layers)" "$T/err" && pass || { fail "--layer past the last: range"; cat "$T/err"; }
run freqs --config "$HUB/gemma-3-4b-it.json" --layer-type global
expect_eq "--layer-type unknown: exit" "$rc" 2
grep -q "has sliding_attention, full_attention" "$T/err" && pass || { fail "--layer-type unknown: the names"; cat "$T/err"; }

# transformers 5 writes layer_types and one set of rope_parameters per
# layer type (modeling_rope_utils.py: config.rope_parameters[layer_type]):
# the set of the type in force is read
printf '{"model_type": "gemma3_text", "num_hidden_layers": 6, "head_dim": 256, "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"], "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0}, "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}}' >gemma5.json
run model gemma5.json --format csv
grep -q '^layer_type,full_attention,default' "$T/out" && pass || { fail "v5 per-type parameters: full by default"; cat "$T/out"; }
grep -q '^base,1000000,rope_parameters.full_attention.rope_theta$' "$T/out" && pass || fail "v5: the full set's theta"
grep -q '^factor,8,rope_parameters.full_attention.factor$' "$T/out" && pass || fail "v5: the full set's factor"
run freqs --config gemma5.json --layer-type sliding_attention --format csv
expect_eq "v5 sliding set: base" "$(sed -n 's/^# base: //p' "$T/out")" 10000
expect_eq "v5 sliding set: no scaling" "$(sed -n 's/^# scaling: //p' "$T/out")" none

# Llama4TextConfig: no_rope_layers by default int((i + 1) % 4 != 0): layer
# 3 and 7 of 8 are NoPE; the others rotate (complex pairs: interleaved)
printf '{"model_type": "llama4", "text_config": {"model_type": "llama4_text", "num_hidden_layers": 8, "head_dim": 128, "rope_theta": 500000, "hidden_size": 5120, "num_attention_heads": 40}}' >llama4.json
run model llama4.json --format csv
grep -q '^layer_type nope,3 7,"2 layers, no position' "$T/out" && pass || { fail "llama 4: the NoPE layers"; cat "$T/out"; }
grep -q '^layer_type,rope,default' "$T/out" && pass || fail "llama 4: the rotating layers by default"
grep -q '^pairing,interleaved,' "$T/out" && pass || fail "llama 4: interleaved"
run matrix --config llama4.json --layer 3 --n 2 --format csv
expect_eq "llama 4 --layer 3: scheme nope" "$(sed -n 's/^# scheme: //p' "$T/out")" nope
expect_eq "llama 4 --layer 3: the head's 128 dimensions" "$(sed -n 's/^# d: //p' "$T/out")" 128
printf '{"model_type": "llama4_text", "num_hidden_layers": 4, "no_rope_layers": [1, 0, 1, 1], "rope_theta": 500000, "head_dim": 64}' >llama4b.json
run model llama4b.json --format csv
grep -q '^layer_type nope,1,"1 layers' "$T/out" && pass || { fail "llama 4: no_rope_layers as given"; cat "$T/out"; }

# ModernBertAttention: global when i % global_attn_every_n_layers (3) == 0,
# global_rope_theta 160000, else local_rope_theta 10000 (the defaults)
printf '{"model_type": "modernbert", "num_hidden_layers": 22, "hidden_size": 768, "num_attention_heads": 12}' >mbert.json
run model mbert.json --format csv
grep -q '^layer_type global,0 3 6 9 12 15 18 21,"8 layers, base 160000' "$T/out" && pass || { fail "modernbert: global layers"; cat "$T/out"; }
grep -q '^layer_type local,1-2 4-5 7-8 10-11 13-14 16-17 19-20,"14 layers, base 10000' "$T/out" && pass || fail "modernbert: local layers"
grep -q '^d,64,hidden_size / num_attention_heads$' "$T/out" && pass || fail "modernbert: d 768 / 12"
run freqs --config mbert.json --layer 1 --format csv
expect_eq "modernbert --layer 1: the local base" "$(sed -n 's/^# base: //p' "$T/out")" 10000

# Cohere2Attention: sliding when (i + 1) % sliding_window_pattern (4); only
# those rotate
printf '{"model_type": "cohere2", "num_hidden_layers": 8, "hidden_size": 4096, "num_attention_heads": 32, "rope_theta": 50000}' >cohere2.json
run model cohere2.json --format csv
grep -q '^layer_type full_attention,3 7,"2 layers, no position' "$T/out" && pass || { fail "cohere 2: full layers without rotation"; cat "$T/out"; }
grep -q '^layer_type,sliding_attention,default' "$T/out" && pass || fail "cohere 2: the sliding layers by default"
run decay --config cohere2.json --layer-type full_attention --max-dist 2 --format csv
expect_eq "cohere 2 full layers: nope" "$(sed -n 's/^# scheme: //p' "$T/out")" nope
run matrix --model g32 --layer-type x
expect_eq "--layer-type for a model with one kind of layer: exit" "$rc" 2
run matrix --model g32 --layer 1
expect_eq "--layer for GPT-2: exit" "$rc" 2
run freqs --config "$HUB/qwen3-8b.json" --layer 3
expect_eq "--layer for a model with one kind of layer: exit" "$rc" 2
grep -q "every layer of .*qwen3-8b.json has the same encoding" "$T/err" && pass || { fail "--layer, one kind: says why"; cat "$T/err"; }

# --tower vision: the 2-D rotation of a vision tower (src/read/vision.c).
# Pixtral (transformers models/pixtral: PixtralVisionConfig head_dim =
# hidden_size // num_attention_heads when absent, rope_theta 10000;
# PixtralRotaryEmbedding rows freqs[::2], columns freqs[1::2]), in a llava
# config as Pixtral-12B keeps it; the values are the test's own.
printf '{"model_type": "llava", "vision_config": {"model_type": "pixtral", "hidden_size": 1024, "num_attention_heads": 16, "rope_theta": 10000.0}, "text_config": {"model_type": "mistral", "hidden_size": 5120, "num_attention_heads": 32, "head_dim": 128, "rope_theta": 1000000000.0}}' >pixtral.json
run model pixtral.json --tower vision --format csv
expect_eq "pixtral tower: scheme" "$(awk -F, '$1 == "scheme" { print $2 }' "$T/out")" rope2d
expect_eq "pixtral tower: d = 1024 / 16" "$(awk -F, '$1 == "d" { print $2 }' "$T/out")" 64
expect_eq "pixtral tower: d from" "$(awk -F, '$1 == "d" { print $3 }' "$T/out")" \
	"vision_config.hidden_size / vision_config.num_attention_heads"
expect_eq "pixtral tower: alternate frequencies" "$(awk -F, '$1 == "axial-freqs" { print $2 }' "$T/out")" alternate
run model pixtral.json --format csv
expect_eq "pixtral: the text model without --tower" "$(awk -F, '$1 == "scheme" { print $2 }' "$T/out")" rope
# pair 1 (a row's): theta_2 = 10000^(-4/64); pair 16 (the first column's):
# theta_1 = 10000^(-2/64)
run freqs --config pixtral.json --tower vision --format csv
expect_eq "pixtral tower: pair 1 turns with h" "$(awk -F, '$1 == 1 { print $2 }' "$T/out")" h
close "pixtral tower: pair 1" "$(awk -F, '$1 == 1 { print $3 }' "$T/out")" 0.56234132519034907
close "pixtral tower: pair 16" "$(awk -F, '$1 == 16 { print $3 }' "$T/out")" 0.74989420933245579
expect_eq "pixtral tower: pair 16 turns with w" "$(awk -F, '$1 == 16 { print $2 }' "$T/out")" w
run freqs --config pixtral.json --tower vision --scheme rope2d --format csv
expect_eq "--tower vision with --scheme rope2d: exit" "$rc" 0
run freqs --config pixtral.json --tower vision --scheme rope
expect_eq "--tower vision with another scheme: exit" "$rc" 2
printf '{"model_type": "llava", "vision_config": {"model_type": "clip_vision_model", "hidden_size": 1024, "num_attention_heads": 16}}' >clip.json
run model clip.json --tower vision
expect_eq "a tower pecli does not know: exit" "$rc" 2
grep -q "not a vision tower pecli knows" "$T/err" && pass || { fail "unknown tower: says so"; cat "$T/err"; }
run model "$HUB/qwen3-8b.json" --tower vision
expect_eq "no vision_config: exit" "$rc" 2
printf '{"model_type": "qwen2_5_vl", "vision_config": {"hidden_size": 1280}}' >noheads.json
run model noheads.json --tower vision
expect_eq "no num_heads: exit" "$rc" 2
expect_eq "no num_heads: names it" "$(head -n 1 "$T/err")" \
	"pecli: model: noheads.json: vision_config.num_heads: absent: the vision tower's rotation needs it"

finish

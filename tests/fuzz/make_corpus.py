#!/usr/bin/env python3
"""Write the hand-made seed inputs of tests/fuzz/corpus (Python's standard
library only).  The reference inputs are copies of tests/data and
tests/configs; the option parser's seeds are the invocations of
tests/cli/cases.txt, tests/cli/bad.txt and the README, encoded as fuzz_opt reads them (first
byte: the command's index in fuzz_opt.c's table; then the arguments, each
ended by a NUL byte).

    cd tests/fuzz && python3 make_corpus.py
"""
import os
import shlex
import shutil
import struct

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(TOP, "tests", "fuzz", "corpus")


def put(kind, name, data):
    os.makedirs(os.path.join(OUT, kind), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("latin1")
    with open(os.path.join(OUT, kind, name), "wb") as f:
        f.write(data)


def copy(kind, src):
    os.makedirs(os.path.join(OUT, kind), exist_ok=True)
    shutil.copy(src, os.path.join(OUT, kind, os.path.basename(src)))


# ---- .npy ----

def npy(dict_text, data=b"", version=1):
    h = dict_text.encode("latin1") + b"\n"
    lenfmt = "<H" if version == 1 else "<I"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(lenfmt, len(h)) + h + data


def f8(*v):
    return struct.pack("<%dd" % len(v), *v)


D = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
for f in ("table_f8_v1.npy", "table_f4_v2.npy"):
    copy("npy", os.path.join(TOP, "tests", "data", f))
put("npy", "ok_2x2_v3", npy(D % ("<f8", "False", "(2, 2)"), f8(1, 2, 3, 4), 3))
put("npy", "ok_py2_long", npy("{\"descr\":\"<f8\",\"fortran_order\":False,\"shape\":(1L,2L,),}", f8(1, 2)))
put("npy", "bad_magic", b"\x93NUMPZ\x01\x00\x10\x00{}")
put("npy", "bad_version", b"\x93NUMPY\x04\x00\x02\x00{}")
put("npy", "bad_dtype", npy(D % ("<i4", "False", "(1, 1)"), b"\0\0\0\0"))
put("npy", "fortran", npy(D % ("<f8", "True", "(1, 1)"), f8(1)))
put("npy", "shape_1d", npy(D % ("<f8", "False", "(5,)"), f8(1, 2, 3, 4, 5)))
put("npy", "shape_empty", npy(D % ("<f8", "False", "(0, 4)")))
put("npy", "shape_huge", npy(D % ("<f8", "False", "(1000000000000, 1000000000000)")))
put("npy", "shape_overflow", npy(D % ("<f8", "False", "(99999999999999999999999, 1)")))
put("npy", "truncated", npy(D % ("<f8", "False", "(2, 2)"), f8(1, 2, 3)))
put("npy", "extra", npy(D % ("<f8", "False", "(1, 1)"), f8(1) + b"xyz"))
put("npy", "nan", npy(D % ("<f4", "False", "(1, 2)"), struct.pack("<2f", 1, float("nan"))))
put("npy", "dup_key", npy("{'descr': '<f8', 'descr': '<f8'}"))
put("npy", "unknown_key", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'x': 1}", f8(1)))
put("npy", "header_nul", b"\x93NUMPY\x01\x00\x04\x00{\0}\n")
put("npy", "header_long", b"\x93NUMPY\x02\x00\xff\xff\xff\x7f{")
put("npy", "short", b"\x93NUMPY\x01")
# found by fuzz_npy: as a stream, the header alone cost a 2 GiB allocation
put("npy", "stream_claims_2gib", npy(D % ("<f8", "False", "(16384, 16384)"), bytes(16)))
# found by fuzz_npy: a control byte in the dtype was quoted raw (issue 22)
put("npy", "control_in_header", npy(D % ("<f\x158", "False", "(1, 1)"), f8(1)))

# ---- CSV ----

for f in ("sinusoidal_d4_n3.csv", "t5_weights_8x2.csv"):
    copy("csv", os.path.join(TOP, "tests", "data", f))
put("csv", "plain", "1,2,3\n4,5,6\n")
put("csv", "crlf_spaces", "# made by hand\r\n\r\n a , b \r\n 1 ,\t2\r\n0x1p-3,-0\r\n")
put("csv", "ragged", "1,2,3\n4,5\n")
put("csv", "not_number", "a,b\n1,abc\n")
put("csv", "empty_field", "1,,3\n")
put("csv", "inf", "1,inf\n")
put("csv", "overflow", "1,1e400\n")
put("csv", "pos_order", "pos,d0\n0,1\n2,1\n")
put("csv", "only_pos", "pos\n0\n1\n")
put("csv", "header_only", "x,y\n")
put("csv", "empty", "")
put("csv", "nul", "1,2\n3,\0\n")
put("csv", "long_field", "1," + "1" * 200 + "\n")
put("csv", "typo_first", "0.1,0.2x\n0.3,0.4\n")
put("csv", "control", "a,b\n1,2\x1b[31m\n")

# the number reader (util/num.h): each form it takes and each it refuses
for name, text in [("int", "42"), ("signed", "-0"), ("frac", "+.5e-3"),
                   ("point", "2."), ("exp", "1E308"), ("hex", "0x1p-2"),
                   ("nan", "nan"), ("inf", "-Infinity"), ("big", "1e400"),
                   ("tiny", "4.9e-324"), ("space", " 1"), ("typo", "0.2x"),
                   ("control", "4\n5\x1b[31m"), ("empty", "")]:
    put("num", name, text)

# ---- config.json ----

for f in sorted(os.listdir(os.path.join(TOP, "tests", "configs"))):
    if f.endswith(".json"):
        copy("config", os.path.join(TOP, "tests", "configs", f))
# M-RoPE: sectioned at the top level, interleaved under text_config
for f in ("qwen2.5-vl-7b-instruct.json", "qwen3-vl-8b-instruct.json"):
    copy("config", os.path.join(TOP, "tests", "configs", "hub", f))
put("config", "wrong_types", '{"rope_theta": "10000", "head_dim": 12.5, "rope_scaling": []}')
put("config", "yarn_all", '{"head_dim": 64, "rope_scaling": {"rope_type": "yarn", "factor": 4, '
    '"original_max_position_embeddings": 4096, "beta_fast": 32, "beta_slow": 1, "mscale": 1, '
    '"mscale_all_dim": 0, "attention_factor": 1.2, "truncate": false}}')
put("config", "text_config", '{"text_config": {"hidden_size": 64, "num_attention_heads": 2, '
    '"rope_parameters": {"rope_type": "linear", "factor": 2, "rope_theta": 1e6}}}')
put("config", "dynamic", '{"hidden_size": 30, "num_attention_heads": 3, "partial_rotary_factor": 0.5, '
    '"rope_scaling": {"type": "dynamic", "factor": 2.0, "unused": null}}')
put("config", "deep", "[" * 40 + "]" * 40)
put("config", "trailing", '{} {}')
put("config", "empty", "")
put("config", "number", "1e5")
put("config", "unterminated", '{"rope_theta": 1')
# found by fuzz_config: a raw newline in a value made a two-line message
put("config", "one_line_type", '{"rope_scaling": {"rope_type": "lla3\nam"}}')

# ---- safetensors ----

def st(header, data=b""):
    """A safetensors file: the header text's length as a little-endian u64,
    the header, the byte buffer."""
    h = header.encode("utf-8")
    return struct.pack("<Q", len(h)) + h + data


def entry(name, dtype, shape, begin, end):
    return '"%s":{"dtype":"%s","shape":[%s],"data_offsets":[%d,%d]}' % (
        name, dtype, ",".join(str(n) for n in shape), begin, end)


put("safetensors", "ok_f32", st("{" + entry("wpe", "F32", [2, 2], 0, 16) + "}  ",
                                 struct.pack("<4f", 0.5, -1.25, 65504, 2 ** -24)))
put("safetensors", "ok_f64_meta", st('{"__metadata__":{"format":"pt"},'
                                     + entry("w", "F64", [1, 2], 0, 16) + "}", f8(1, 2)))
put("safetensors", "ok_f16", st("{" + entry("wpe", "F16", [4], 0, 8) + "}",
                                 struct.pack("<4H", 0x3800, 0xbd00, 0x7bff, 0x0001)))
put("safetensors", "ok_bf16_3d", st("{" + entry("x", "BF16", [1, 2, 2], 0, 8) + "}",
                                    struct.pack("<4H", 0x3EAB, 0x3F80, 0xC040, 0x0001)))
put("safetensors", "ok_two", st("{" + entry("big", "F32", [3, 1], 0, 12) + ","
                                + entry("wpe", "F16", [1, 2], 12, 16) + "}", bytes(16)))
put("safetensors", "i32", st("{" + entry("x", "I32", [2], 0, 8) + "}", bytes(8)))
put("safetensors", "f4", st("{" + entry("x", "F4", [3], 0, 1) + "}", bytes(1)))
put("safetensors", "empty", b"")
put("safetensors", "seven", b"\x02\x00\x00\x00\x00\x00\x00")
put("safetensors", "header_past_eof", b"\x10" + bytes(7) + b"{}")
put("safetensors", "header_too_big", b"\x01\xe1\xf5\x05" + bytes(4) + b"{}")
put("safetensors", "not_json", st('{"x": 1,}'))
put("safetensors", "not_object", st("[1, 2]"))
put("safetensors", "size_mismatch", st("{" + entry("x", "F32", [2, 2], 0, 12) + "}", bytes(12)))
put("safetensors", "overflow", st("{" + entry("x", "F32", [4294967296, 4294967296], 0, 4) + "}", bytes(4)))
put("safetensors", "past_end", st("{" + entry("x", "F32", [4], 0, 16) + "}", bytes(8)))
put("safetensors", "overlap", st("{" + entry("b", "F32", [2], 4, 12) + ","
                                 + entry("a", "F32", [2], 0, 8) + "}", bytes(12)))
put("safetensors", "hole", st("{" + entry("a", "F32", [2], 0, 8) + ","
                              + entry("b", "F32", [2], 16, 24) + "}", bytes(24)))
put("safetensors", "trailing", st("{" + entry("x", "F32", [1], 0, 4) + "}", bytes(8)))
put("safetensors", "scalar", st("{" + entry("x", "F32", [], 0, 4) + "}", bytes(4)))
put("safetensors", "inf_f16", st("{" + entry("x", "F16", [2], 0, 4) + "}",
                                 struct.pack("<2H", 0x3c00, 0x7c00)))
put("safetensors", "bad_meta", st('{"__metadata__":{"format":1}}'))
put("safetensors", "newline_name", st('{"a\\nb":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', bytes(4)))

# ---- options ----

COMMANDS = ["matrix", "heatmap", "decay", "check", "extrapolate", "invariance",
            "precision", "freqs", "layout", "presets", "schemes"]
FILES = {"config": "c.json", "from": "t.csv", "bucket-weights": "w.csv"}


def opt_seed(args):
    if not args or args[0] not in COMMANDS:
        return None
    out = bytes([COMMANDS.index(args[0])])
    prev = ""
    for a in args[1:]:
        # files of the test suite become the harness's own
        if prev.lstrip("-") in FILES and "/" in a:
            a = "p.json" if "phi3" in a else ("t.npy" if a.endswith(".npy") else FILES[prev.lstrip("-")])
        out += a.encode() + b"\0"
        prev = a
    return out


seeds = []
seen = {}
for table in ("cases.txt", "bad.txt"):
    with open(os.path.join(TOP, "tests", "cli", table)) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            args = line.split("|")[1]
            # the malformed files of tests/cli/mkbad.sh are the readers'
            # harnesses' business; /proc is outside the harness's folder
            if "$" in args or "/proc" in args:
                continue
            argv = shlex.split(args)
            # bad.txt gives each option a dozen bad values: two are enough
            # to start from, the fuzzer makes the others
            key = tuple(argv[:2])
            seen[key] = seen.get(key, 0) + 1
            if table == "bad.txt" and seen[key] > 2:
                continue
            seeds.append(argv)
seeds += [
    ["matrix", "--d", "8", "--n", "5", "--digits", "4"],
    ["heatmap", "--scheme", "sinusoidal", "--d", "512", "-o", "sinusoidal.png"],
    ["decay", "--scheme", "rope", "--max-dist", "1024", "--step", "256", "--digits", "4"],
    ["check", "--format", "csv"],
    ["matrix", "--from", "t.csv", "--n", "2"],
    ["matrix", "--from", "t.npy", "--of", "similarity", "--metric", "cosine"],
    ["matrix", "--scheme", "learned", "--init", "normal", "--seed", "7"],
    ["matrix", "--scheme", "t5", "--bucket-weights", "w.csv", "--head", "1"],
    ["freqs", "--config", "c.json"],
    ["freqs", "--config", "p.json", "--seq-len", "8192"],
    ["extrapolate", "--preset", "llama3-8b", "--target-len", "32768", "--compare", "linear,ntk,yarn", "--base-bound"],
    ["matrix", "--scheme", "rope", "--scaling", "longrope", "--rotary-dim", "4", "--short-factor", "1,2", "--long-factor", "3,4", "--original-max", "8", "--factor", "2"],
    ["matrix", "--scheme", "xpos", "--gamma", "0.5", "--scale-base", "256", "--table", "scale"],
    ["decay", "--scheme", "rope", "--log", "--points", "8", "--samples", "4", "--normalize"],
    ["layout", "--to", "interleaved", "--verify", "--seed", "3"],
    ["invariance", "--offset", "5"],
    ["heatmap", "--scheme", "alibi", "--heads", "4", "--raw", "--format", "png"],
    ["matrix", "--from", "-"],
    ["matrix", "--dim=8", "--n=3", "--", "x"],
]
n = 0
for args in seeds:
    s = opt_seed(args)
    if s is not None:
        put("opt", "seed%03d" % n, s)
        n += 1

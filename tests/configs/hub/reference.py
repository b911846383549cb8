#!/usr/bin/env python3
"""reference.py - the positional-encoding parameters Hugging Face transformers
derives from each published config.json in this folder, transcribed to pure
Python (standard library, double precision), and written as the expected
values of tests/hub.sh:

  expected.csv            one row per model: model, scheme, d, rotary_dim,
                          base, scaling, factor, attention_factor,
                          max_position, extra
  expected/<model>.csv    rotary models: one row per pair, pair,inv_freq
                          (repr(): the shortest text that reads back as the
                          same double); ALiBi models (BLOOM, MPT): one row
                          per head, head,slope
  expected/<model>.layers.csv
                          models whose layers differ (ModernBERT): one row
                          per layer, layer,layer_type,rope_theta, with the
                          layer type names and bases transformers gives them

Run from anywhere:  python3 tests/configs/hub/reference.py
Nothing is downloaded; the inputs are the *.json files beside this script.

Sources (huggingface/transformers, src/transformers/modeling_rope_utils.py):
  The repository as a whole could not be fetched here (a 1.3 GB snapshot);
  the file was read in the search index at commit
  ef46806472a64b0013ed413781e3afed82bfa047 (the v4.4x form: rope_scaling,
  head_dim = getattr(config, "head_dim", hidden_size // num_attention_heads)),
  and its v5 form (rope_parameters via standardize_rope_params, yarn with
  mscale / mscale_all_dim / truncate, `if factor is None: factor =
  max_position_embeddings / original_max_position_embeddings`) was read in
  verbatim copies of the v5 functions quoted in public repositories (see
  README.md).  pecli follows v5 (src/pe/rope_scaling.c says so); so does
  this file.  Each function below names the one it transcribes; the torch
  tensors become lists of Python floats, `torch.arange(0, dim, 2)` becomes
  `range(0, dim, 2)`.

Precision: Python floats are IEEE doubles, so every value here is HF's
formula evaluated in double.  torch evaluates the same expressions in
float32 (`.float()`, `dtype=torch.float32`), so a model's real inv_freq
buffer differs from these by float32 rounding (about 6e-8 relative per
operation, a few 1e-7 after the yarn/llama3 blends).  The tests compare
pecli, which also computes in double, to these values within 1e-12.
"""

import csv
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- the config attributes transformers reads ----

def text_config(cfg):
    """PretrainedConfig.get_text_config(): a composite model (Gemma 3,
    LLaVA-style) keeps its language model's settings in text_config
    (InternVL: llm_config; DeepSeek-VL: language_config)."""
    for key in ("text_config", "llm_config", "language_config"):
        if isinstance(cfg.get(key), dict):
            return cfg[key]
    return cfg


# Configuration-class defaults that decide the rotation when a published
# file leaves the key out (the file then relies on the class's __init__).
#
# Gemma3TextConfig.__init__ (src/transformers/models/gemma3/
# configuration_gemma3.py, v4.50+): num_attention_heads=8, head_dim=256,
# rope_theta=1_000_000.0, rope_local_base_freq=10_000.0,
# max_position_embeddings=131_072, rope_scaling=None.  google/gemma-3-4b-it
# publishes a text_config with none of head_dim, num_attention_heads,
# rope_theta or max_position_embeddings, so all four come from here
# (2560 / 8 = 320 would be wrong: head_dim is 256 by default, not derived).
CLASS_DEFAULTS = {
    "gemma3_text": {"num_attention_heads": 8, "head_dim": 256, "rope_theta": 1000000.0,
                    "max_position_embeddings": 131072},
}


# ModernBertConfig (src/transformers/models/modernbert/
# configuration_modernbert.py, read at commit
# 001f85b38fb432858ace93f18622f07cec46d874): default_theta = {"global":
# 160_000.0, "local": 10_000.0}; __init__ defaults num_hidden_layers=22,
# hidden_size=768, num_attention_heads=12, max_position_embeddings=8192 and
# global_attn_every_n_layers 3 (kwargs.get("global_attn_every_n_layers", 3)).
MODERNBERT_DEFAULTS = {"global_rope_theta": 160000.0, "local_rope_theta": 10000.0,
                       "global_attn_every_n_layers": 3, "num_hidden_layers": 22}


def modernbert_layers(cfg):
    """The type and base of each ModernBERT layer, as transformers builds them.

    ModernBertConfig.__init__: layer_types = ["sliding_attention" if
    bool(i % global_attn_every_n_layers) else "full_attention" for i in
    range(num_hidden_layers)]; convert_rope_params_to_dict: the
    full_attention layers' rope_theta is global_rope_theta, the
    sliding_attention layers' local_rope_theta.  The same rule as the
    version-4 form of modeling_modernbert.py, ModernBertAttention.__init__:
    a layer is local when layer_id % global_attn_every_n_layers != 0, and
    rotates with local_rope_theta (global_rope_theta when that is None),
    else with global_rope_theta (modeling_modernbert.py at commit
    000c33fdfde12e1ffafbfcdb3c926df5727a00b6 keeps the same test)."""
    c = dict(MODERNBERT_DEFAULTS)
    c.update({k: v for k, v in cfg.items() if v is not None})
    local = cfg.get("local_rope_theta", c["local_rope_theta"])
    if local is None:
        local = c["global_rope_theta"]
    out = []
    for i in range(c["num_hidden_layers"]):
        if i % c["global_attn_every_n_layers"]:
            out.append((i, "sliding_attention", float(local)))
        else:
            out.append((i, "full_attention", float(c["global_rope_theta"])))
    return out


def with_class_defaults(cfg):
    """The config as the model's configuration class sees it: the file's keys
    over the class's __init__ defaults (CLASS_DEFAULTS).  A multimodal
    Gemma 3 (model_type gemma3) builds its text_config as Gemma3TextConfig
    even when text_config names no model_type."""
    mt = cfg.get("model_type")
    out = dict(CLASS_DEFAULTS.get(mt, {}))
    out.update({k: v for k, v in cfg.items() if v is not None or k not in out})
    return out


def rope_parameters(cfg):
    """standardize_rope_params (v5, modeling_rope_utils.py): rope_scaling
    (<= 4.x) or rope_parameters, with "type" read as "rope_type" and
    rope_theta put inside; a missing rope_theta is the class default 10000
    (PreTrainedConfig default_theta for these models)."""
    rp = cfg.get("rope_parameters") or cfg.get("rope_scaling") or {}
    rp = dict(rp)
    rope_type = rp.get("rope_type", rp.get("type", "default"))
    theta = rp.get("rope_theta") or cfg.get("rope_theta") or 10000.0
    if rope_type == "mrope":
        # Qwen2-VL, Qwen2.5-VL (configuration_qwen2_5_vl.py,
        # Qwen2_5_VLTextConfig.__init__, read at commit
        # 018c8e0394c47749c55861e11f5f7e2a577973d7): after
        # standardize_rope_params, 'if self.rope_parameters["rope_type"] ==
        # "mrope": self.rope_parameters["rope_type"] = "default"': M-RoPE's
        # frequencies are the default ones; mrope_section only says which
        # position (temporal, height, width) each pair turns by, and a text
        # token has the same position in all three
        rope_type = "default"
    if cfg.get("model_type") == "modernbert":
        # the full-attention (global) layers' set: ModernBertConfig
        # convert_rope_params_to_dict puts global_rope_theta there
        theta = cfg.get("global_rope_theta") or MODERNBERT_DEFAULTS["global_rope_theta"]
    rp.update({"rope_type": rope_type, "rope_theta": theta})
    # v5 yarn/longrope/llama3 read rope_parameters_dict["original_max_position_embeddings"];
    # standardize_rope_params fills it from max_position_embeddings when absent
    # (Phi-3 keeps it at the top level)
    if "original_max_position_embeddings" not in rp or rp["original_max_position_embeddings"] is None:
        rp["original_max_position_embeddings"] = (
            cfg.get("original_max_position_embeddings") or cfg.get("max_position_embeddings"))
    return rp


def head_dim(cfg):
    """The rotary head dimension.

    _compute_default_rope_parameters and friends:
      head_dim = getattr(config, "head_dim", None) or hidden_size // num_attention_heads
    DeepseekV2Config / DeepseekV3Config (configuration_deepseek_v3.py,
    __init__): self.head_dim = qk_rope_head_dim, so only the rope part of
    the query/key head (64 of 192) rotates."""
    if cfg.get("model_type") in ("deepseek_v2", "deepseek_v3") and cfg.get("qk_rope_head_dim"):
        return cfg["qk_rope_head_dim"]
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def rotary_dim(cfg, rp):
    """dim = int(head_dim * partial_rotary_factor) (every _compute_*;
    v5 reads partial_rotary_factor from rope_parameters_dict, v4 from
    the config; GPT-NeoX's rotary_pct is its old name)."""
    prf = (rp.get("partial_rotary_factor") or cfg.get("partial_rotary_factor")
           or cfg.get("rotary_pct") or 1.0)
    return int(head_dim(cfg) * prf)


# ---- modeling_rope_utils.py, the inverse frequencies ----

def default_inv_freq(base, dim):
    """_compute_default_rope_parameters:
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))"""
    return [1.0 / (base ** (i / dim)) for i in range(0, dim, 2)]


def compute_default(cfg, rp, dim):
    return default_inv_freq(rp["rope_theta"], dim), 1.0, None


def compute_linear(cfg, rp, dim):
    """_compute_linear_scaling_rope_parameters: inv_freq /= factor"""
    factor = rp["factor"]
    return [f / factor for f in default_inv_freq(rp["rope_theta"], dim)], 1.0, factor


def compute_dynamic(cfg, rp, dim, seq_len=None):
    """_compute_dynamic_ntk_parameters (at init: seq_len =
    max_position_embeddings, so the base is unchanged):
    base = base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2))"""
    base, factor = rp["rope_theta"], rp["factor"]
    max_pos = cfg["max_position_embeddings"]
    seq_len = max_pos if seq_len is None else max(seq_len, max_pos)
    base = base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2))
    return default_inv_freq(base, dim), 1.0, factor


def get_mscale(scale, mscale=1):
    """_compute_yarn_parameters.get_mscale"""
    if scale <= 1:
        return 1.0
    return 0.1 * mscale * math.log(scale) + 1.0


def compute_yarn(cfg, rp, dim):
    """_compute_yarn_parameters (v5)."""
    base = rp["rope_theta"]
    factor = rp.get("factor")
    attention_factor = rp.get("attention_factor")
    mscale = rp.get("mscale")
    mscale_all_dim = rp.get("mscale_all_dim")
    original_max = rp["original_max_position_embeddings"]
    # "NOTE: DeekSeek-V3 (and potentially other models) have
    # `original_max_position_embeddings` ..."
    if factor is None:
        factor = cfg["max_position_embeddings"] / original_max
    if attention_factor is None:
        if mscale and mscale_all_dim:
            attention_factor = float(get_mscale(factor, mscale) / get_mscale(factor, mscale_all_dim))
        else:
            attention_factor = get_mscale(factor)
    beta_fast = rp.get("beta_fast") or 32
    beta_slow = rp.get("beta_slow") or 1

    def find_correction_dim(num_rotations):
        return (dim * math.log(original_max / (num_rotations * 2 * math.pi))) / (2 * math.log(base))

    truncate = rp.get("truncate", True)
    low = find_correction_dim(beta_fast)
    high = find_correction_dim(beta_slow)
    if truncate:
        low = math.floor(low)
        high = math.ceil(high)
    low, high = max(low, 0), min(high, dim - 1)
    if low == high:
        high += 0.001  # linear_ramp_factor: "Prevent singularity"

    out = []
    for k, i in enumerate(range(0, dim, 2)):
        pos_freq = base ** (i / dim)
        extrapolation = 1.0 / pos_freq
        interpolation = 1.0 / (factor * pos_freq)
        ramp = min(max((k - low) / (high - low), 0.0), 1.0)
        extrapolation_factor = 1 - ramp
        out.append(interpolation * (1 - extrapolation_factor) + extrapolation * extrapolation_factor)
    return out, attention_factor, factor


def compute_longrope(cfg, rp, dim, seq_len=None):
    """_compute_longrope_parameters (v5): short_factor at init (seq_len
    None), long_factor once seq_len > original_max_position_embeddings."""
    base = rp["rope_theta"]
    factor = rp.get("factor")
    attention_factor = rp.get("attention_factor")
    original_max = rp["original_max_position_embeddings"]
    if factor is None:
        factor = cfg["max_position_embeddings"] / original_max
    if attention_factor is None:
        if factor <= 1.0:
            attention_factor = 1.0
        else:
            attention_factor = math.sqrt(1 + math.log(factor) / math.log(original_max))
    ext = rp["long_factor"] if seq_len and seq_len > original_max else rp["short_factor"]
    return [1.0 / (e * base ** (i / dim)) for e, i in zip(ext, range(0, dim, 2))], attention_factor, factor


def compute_llama3(cfg, rp, dim):
    """_compute_llama3_parameters."""
    inv_freq = default_inv_freq(rp["rope_theta"], dim)
    factor = rp["factor"]
    low_freq_factor = rp["low_freq_factor"]
    high_freq_factor = rp["high_freq_factor"]
    old_context_len = rp["original_max_position_embeddings"]
    low_freq_wavelen = old_context_len / low_freq_factor
    high_freq_wavelen = old_context_len / high_freq_factor
    out = []
    for f in inv_freq:
        wavelen = 2 * math.pi / f
        llama = f / factor if wavelen > low_freq_wavelen else f
        if not (wavelen < high_freq_wavelen) and not (wavelen > low_freq_wavelen):
            smooth = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
            llama = (1 - smooth) * llama / factor + smooth * llama
        out.append(llama)
    return out, 1.0, factor


ROPE_INIT_FUNCTIONS = {
    "default": compute_default,
    "linear": compute_linear,
    "dynamic": compute_dynamic,
    "yarn": compute_yarn,
    "longrope": compute_longrope,
    "llama3": compute_llama3,
}


# ---- the models ----

def bloom_slopes(n_head):
    """modeling_bloom.py build_alibi_tensor (read at commit
    0078a6cd96d5ab7c3c429b9fdc3fbc703d894dcc), the slopes, in double:
      closest_power_of_2 = 2 ** math.floor(math.log2(n_head))
      base = 2 ** (-(2 ** -(math.log2(closest_power_of_2) - 3)))
      slopes = base ** arange(1, 1 + closest_power_of_2)
      if closest_power_of_2 != n_head:
          extra_base = 2 ** (-(2 ** -(math.log2(2 * closest_power_of_2) - 3)))
          num_remaining_heads = min(closest_power_of_2, n_head - closest_power_of_2)
          slopes += extra_base ** arange(1, 1 + 2 * num_remaining_heads, 2)
    (torch takes base in float32; the powers here carry a few ulps of
    rounding, as the reference get_slopes does, far inside 1e-12)."""
    c = 2 ** math.floor(math.log2(n_head))
    base = 2 ** (-(2 ** -(math.log2(c) - 3)))
    slopes = [base ** k for k in range(1, 1 + c)]
    if c != n_head:
        extra_base = 2 ** (-(2 ** -(math.log2(2 * c) - 3)))
        rem = min(c, n_head - c)
        slopes += [extra_base ** k for k in range(1, 1 + 2 * rem, 2)]
    return slopes


def mpt_slopes(n_heads, alibi_bias_max=8):
    """modeling_mpt.py gen_slopes (read at commit
    0206c7b0f3a56f3876a66bda1baa00741950221e):
      _n_heads = 2 ** math.ceil(math.log2(n_heads))
      m = arange(1, _n_heads + 1) * (alibi_bias_max / _n_heads)
      slopes = 1.0 / 2 ** m
      if _n_heads != n_heads: slopes = concat([slopes[1::2], slopes[::2]])[:n_heads]
    MptModel calls it through build_alibi_bias / build_mpt_alibi_tensor
    with (n_heads, max_seq_len) only, so transformers uses the default
    alibi_bias_max 8 whatever attn_config.alibi_bias_max says (MosaicML's
    own modeling_mpt.py reads it)."""
    n = 2 ** math.ceil(math.log2(n_heads))
    slopes = [1.0 / 2 ** (k * (alibi_bias_max / n)) for k in range(1, n + 1)]
    if n != n_heads:
        slopes = (slopes[1::2] + slopes[::2])[:n_heads]
    return slopes


# Models without rotary embeddings: what decides their positions, from the
# model classes of transformers (named per row).
def non_rope(model, cfg):
    mt = cfg.get("model_type")
    if mt == "bloom":
        # BloomConfig attribute_map: num_attention_heads -> n_head,
        # hidden_size -> n_embed (the file says hidden_size); ALiBi on every
        # layer (BloomModel.forward: build_alibi_tensor(attention_mask,
        # self.num_heads, ...)), no position table; offset_alibi is a
        # Megatron key BloomConfig does not read
        return dict(scheme="alibi", d=cfg["hidden_size"], max_position="",
                    extra="heads=%d" % cfg["n_head"], slopes=bloom_slopes(cfg["n_head"]))
    if mt == "mpt":
        # MptConfig: n_heads, d_model, max_seq_len (the length MptModel
        # builds its bias for); attn_config.alibi true
        ac = cfg.get("attn_config") or {}
        assert ac.get("alibi") is True, model
        return dict(scheme="alibi", d=cfg["d_model"], max_position=cfg["max_seq_len"],
                    extra="heads=%d;alibi_bias_max=%s" % (cfg["n_heads"], fmt(ac.get("alibi_bias_max", 8))),
                    slopes=mpt_slopes(cfg["n_heads"]))
    if mt == "gpt2":
        # modeling_gpt2.py GPT2Model.__init__: self.wpe = nn.Embedding(max_position_embeddings, embed_dim);
        # GPT2Config attribute_map: max_position_embeddings -> n_positions, hidden_size -> n_embd
        return dict(scheme="learned", d=cfg["n_embd"], max_position=cfg["n_positions"],
                    extra="tensor=wpe.weight;offset=0")
    if mt == "bert":
        # modeling_bert.py BertEmbeddings: position_embeddings = nn.Embedding(max_position_embeddings, hidden_size),
        # position_ids = arange(max_position_embeddings)
        return dict(scheme="learned", d=cfg["hidden_size"], max_position=cfg["max_position_embeddings"],
                    extra="tensor=bert.embeddings.position_embeddings.weight;offset=0")
    if mt == "t5":
        # modeling_t5.py T5Attention: relative_attention_bias = nn.Embedding(num_buckets, n_heads)
        # in the first layer of each stack (has_relative_attention_bias), _relative_position_bucket
        return dict(scheme="t5", d=cfg["d_model"], max_position="",
                    extra="heads=%d;buckets=%d;max_distance=%d;tensor=encoder.block.0.layer.0."
                          "SelfAttention.relative_attention_bias.weight"
                          % (cfg["num_heads"], cfg["relative_attention_num_buckets"],
                             cfg["relative_attention_max_distance"]))
    if model == "roberta-base":
        # This copy predates model_type (transformers 2.x); AutoConfig then
        # matches "roberta" in the model name.  modeling_roberta.py
        # RobertaEmbeddings: padding_idx = pad_token_id (RobertaConfig
        # default 1), create_position_ids_from_input_ids numbers positions
        # from padding_idx + 1 = 2, hence 514 = 512 + 2 rows
        return dict(scheme="learned", d=cfg["hidden_size"], max_position=cfg["max_position_embeddings"],
                    extra="tensor=roberta.embeddings.position_embeddings.weight;offset=2")
    raise SystemExit("reference.py: %s: no rule for model_type %r" % (model, mt))


def fmt(x):
    if x is None or x == "":
        return ""
    if isinstance(x, float):
        return repr(x)
    return str(x)


def main():
    names = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".json"))
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    rows = []
    for model in names:
        with open(os.path.join(HERE, model + ".json")) as fp:
            top = json.load(fp)
        cfg = with_class_defaults(text_config(top))
        is_rope = ("rope_theta" in cfg or "rope_scaling" in cfg or "rope_parameters" in cfg
                   or cfg.get("model_type") == "modernbert")
        if not is_rope:
            r = non_rope(model, cfg)
            rows.append([model, r["scheme"], r["d"], "", "", "", "", "", r["max_position"], r["extra"]])
            if "slopes" in r:
                with open(os.path.join(HERE, "expected", model + ".csv"), "w", newline="") as fp:
                    w = csv.writer(fp, lineterminator="\n")
                    w.writerow(["head", "slope"])
                    for h, m in enumerate(r["slopes"]):
                        w.writerow([h, repr(m)])
            continue
        # Gemma 3 (modeling_gemma3.py Gemma3TextModel.__init__, v4.50+):
        # rotary_emb = Gemma3RotaryEmbedding(config) for the global
        # (full-attention) layers, with rope_theta and rope_scaling; the
        # sliding layers' rotary_emb_local is a deep copy with rope_theta =
        # rope_local_base_freq and rope_scaling {"rope_type": "default"}
        # (v5: rope_parameters["full_attention"] / ["sliding_attention"]).
        # The row is the global layers', as pecli's --config reads it.
        rp = rope_parameters(cfg)
        dim = rotary_dim(cfg, rp)
        rope_type = rp["rope_type"]
        inv_freq, attention_factor, factor = ROPE_INIT_FUNCTIONS[rope_type](cfg, rp, dim)
        assert len(inv_freq) == dim // 2
        with open(os.path.join(HERE, "expected", model + ".csv"), "w", newline="") as fp:
            w = csv.writer(fp, lineterminator="\n")
            w.writerow(["pair", "inv_freq"])
            for i, f in enumerate(inv_freq):
                w.writerow([i, repr(f)])
        extra = ""
        if cfg.get("model_type") in ("deepseek_v2", "deepseek_v3"):
            extra = "qk_rope_head_dim=%d;qk_nope_head_dim=%d" % (cfg["qk_rope_head_dim"], cfg["qk_nope_head_dim"])
        if rp.get("mrope_section"):
            extra = "mrope_section=" + "/".join(str(x) for x in rp["mrope_section"])
            if rp.get("mrope_interleaved"):
                extra += ";mrope_interleaved=true"
        if cfg.get("model_type") == "modernbert":
            # the row is the full-attention (global) layers', as Gemma 3's;
            # every layer's type and base go to expected/<model>.layers.csv
            layers = modernbert_layers(cfg)
            with open(os.path.join(HERE, "expected", model + ".layers.csv"), "w", newline="") as fp:
                w = csv.writer(fp, lineterminator="\n")
                w.writerow(["layer", "layer_type", "rope_theta"])
                for i, t, b in layers:
                    w.writerow([i, t, repr(b)])
            extra = "layers=%d;full_attention=%d;sliding_attention=%d" % (
                len(layers), sum(t == "full_attention" for _, t, _ in layers),
                sum(t == "sliding_attention" for _, t, _ in layers))
        rows.append([model, "rope", head_dim(cfg), dim, fmt(float(rp["rope_theta"])),
                     "none" if rope_type == "default" else rope_type,
                     fmt(None if factor is None else float(factor)), fmt(float(attention_factor)),
                     cfg.get("max_position_embeddings", ""), extra])
    with open(os.path.join(HERE, "expected.csv"), "w", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["model", "scheme", "d", "rotary_dim", "base", "scaling", "factor",
                    "attention_factor", "max_position", "extra"])
        w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

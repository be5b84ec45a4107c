"""Step: audio -> Transcript with word timings.

The faster-whisper engine (the default). Engines sit behind the small ``Transcriber`` protocol
and are chosen by name (``--engine``) in ``engines.py``. Heavy imports happen inside the engine,
so ``--help`` stays fast.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import config
from .engines import bundled_model_dir, verify_bundled_model
from .errors import ModelMissingError, out_of_memory
from .types import Audio, Segment, Transcript, Word

log = logging.getLogger(__name__)


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
        except ImportError as e:
            if out_of_memory(e):  # installed, but its library could not be mapped under the memory cap
                raise MemoryError(str(e)) from e
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

"""Step: audio -> Transcript with word timings.

The faster-whisper engine (the default). Engines sit behind the small ``Transcriber`` protocol
and are chosen by name (``--engine``) in ``engines.py``. Heavy imports happen inside the engine,
so ``--help`` stays fast.

The same samples give the same transcript in every process: faster-whisper's log-Mel features
went through numpy's BLAS, whose rounding depends on how many threads it runs (OPENBLAS_NUM_THREADS,
OMP_NUM_THREADS), so a practice server started with one BLAS thread heard its answers a little
differently from `score` in a process with two, and now and then wrote other words near the start.
``log_mel`` adds up the frequency bins in a fixed order instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

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
def mel_power(filters: np.ndarray, power: np.ndarray) -> np.ndarray:
    """``filters @ power`` (Mel filters x STFT power), each sum taken over its frequency bins in order.

    Not through BLAS: the result must not depend on the BLAS threads of the process (see the module
    docstring). Each filter covers only a few bins, so this costs about what the matrix product did.
    """
    out = np.zeros((filters.shape[0], power.shape[1]), dtype=np.float32)
    for m, row in enumerate(filters):
        for k in np.flatnonzero(row):
            out[m] += row[k] * power[k]
    return out


def log_mel(waveform: np.ndarray, filters: np.ndarray, n_fft: int, hop_length: int, padding: int = 160) -> np.ndarray:
    """Whisper's log-Mel spectrogram, computed as faster-whisper 1.2's ``FeatureExtractor`` does except for
    ``mel_power`` (tests/test_transcribe.py holds the two within float32 rounding)."""
    from faster_whisper.feature_extractor import FeatureExtractor

    waveform = np.asarray(waveform, dtype=np.float32)
    if padding:
        waveform = np.pad(waveform, (0, padding))
    window = np.hanning(n_fft + 1)[:-1].astype("float32")
    stft = FeatureExtractor.stft(waveform, n_fft, hop_length, window=window, return_complex=True).astype("complex64")
    power = np.abs(stft[..., :-1]) ** 2
    log_spec = np.log10(np.clip(mel_power(filters, power), a_min=1e-10, a_max=None))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def steady_features(extractor):
    """faster-whisper's feature extractor computing ``log_mel``: same settings, same attributes."""
    from faster_whisper.feature_extractor import FeatureExtractor

    class SteadyFeatures(FeatureExtractor):
        def __call__(self, waveform: np.ndarray, padding: int = 160, chunk_length: int | None = None) -> np.ndarray:
            if chunk_length is not None:  # as faster-whisper's own: a chunk length resets the window size
                self.n_samples = chunk_length * self.sampling_rate
                self.nb_max_frames = self.n_samples // self.hop_length
            return log_mel(waveform, self.mel_filters, self.n_fft, self.hop_length, padding)

    steady = SteadyFeatures.__new__(SteadyFeatures)
    steady.__dict__.update(extractor.__dict__)
    return steady


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
        self._model.feature_extractor = steady_features(self._model.feature_extractor)

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

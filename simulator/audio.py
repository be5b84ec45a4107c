"""Reading and writing audio.

One function hides decoding, down-mixing and resampling: ``load_audio(path)`` gives mono
16 kHz float32 whatever the container, codec, rate or bit depth. PyAV (which faster-whisper
already needs) bundles FFmpeg, so no system ffmpeg is required. Decoder failures are
re-raised as ``AudioFileError`` carrying the decoder's own message.
"""

from __future__ import annotations

import logging
import os
import wave
from pathlib import Path

import numpy as np

from . import config
from .errors import AudioFileError, InputError
from .fileio import atomic_write
from .types import Audio

log = logging.getLogger(__name__)

# A decode that yields less than this share of the duration the header promises is truncated.
_TRUNCATION_TOLERANCE = 0.97


def probe_duration(path: str | os.PathLike) -> float | None:
    """Duration the container declares, in seconds, without decoding (None if unknown)."""
    import av

    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            return _declared_duration(container)
    except (av.FFmpegError, OSError, UnicodeDecodeError) as e:
        raise AudioFileError(f"not readable as audio ({_ffmpeg_message(e)})") from None


def _declared_duration(container) -> float | None:
    if not container.streams.audio:
        return None
    stream = container.streams.audio[0]
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def _ffmpeg_message(e: Exception) -> str:
    text = getattr(e, "strerror", None) or str(e)
    return text.split(": '", 1)[0].strip() or type(e).__name__


def load_audio(
    path: str | os.PathLike,
    *,
    sample_rate: int = config.SAMPLE_RATE,
    max_seconds: float | None = config.MAX_INPUT_SECONDS,
) -> Audio:
    """Decode any supported file to mono float32 at ``sample_rate``.

    Raises InputError for a missing path and AudioFileError for anything that is not
    complete, decodable audio; kind "too_long" when the file exceeds ``max_seconds``.
    """
    import av

    path = Path(path)
    if not path.exists():
        raise InputError("no such file", kind="missing")
    if path.is_dir():
        raise InputError("is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise AudioFileError("empty file (0 bytes)", kind="bad_audio")

    chunks: list[np.ndarray] = []
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioFileError("no audio stream in the file")
            declared = _declared_duration(container)
            if max_seconds and declared and declared > max_seconds:
                raise AudioFileError(
                    f"{declared / 60:.1f} minutes long; the limit is {max_seconds / 60:.0f} minutes",
                    kind="too_long",
                )
            # Keep the channels through resampling and average them here: FFmpeg's own down-mix
            # adds them at -3 dB each, which takes a full-scale stereo file past 1.0.
            resampler = av.AudioResampler(format="fltp", rate=sample_rate)
            stream = container.streams.audio[0]
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().mean(axis=0))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().mean(axis=0))
    except AudioFileError:
        raise
    except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError) as e:
        decoded = sum(len(c) for c in chunks) / sample_rate
        if decoded:
            raise AudioFileError(f"truncated or corrupt: decoding stopped at {decoded:.1f} s "
                                 f"({_ffmpeg_message(e)})") from None
        raise AudioFileError(f"cannot decode audio ({_ffmpeg_message(e)})") from None

    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    np.clip(samples, -1.0, 1.0, out=samples)  # lossy codecs and resampling overshoot full scale a little
    duration = len(samples) / sample_rate
    if duration == 0:
        raise AudioFileError("no audio data (header only or empty stream)")
    if declared and duration < declared * _TRUNCATION_TOLERANCE - 0.1:
        raise AudioFileError(
            f"truncated: the header promises {declared:.1f} s but only {duration:.1f} s decode"
        )
    if max_seconds and duration > max_seconds:
        raise AudioFileError(
            f"{duration / 60:.1f} minutes long; the limit is {max_seconds / 60:.0f} minutes",
            kind="too_long",
        )
    log.debug("decoded %s: %.2f s", path, duration)
    return Audio(samples=samples, sample_rate=sample_rate, source=str(path))


def resample_samples(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Resample mono float audio (windowed-sinc low-pass, then linear interpolation)."""
    samples = np.asarray(samples, dtype=np.float32)
    if from_rate == to_rate or len(samples) == 0:
        return samples
    if to_rate < from_rate:  # remove what the new rate cannot hold, or it folds back as noise
        samples = _lowpass(samples, 0.5 * to_rate / from_rate)
    n_out = int(round(len(samples) * to_rate / from_rate))
    t = np.arange(n_out) * (from_rate / to_rate)
    return np.interp(t, np.arange(len(samples)), samples).astype(np.float32)


def _lowpass(samples: np.ndarray, cutoff: float, taps: int = 101) -> np.ndarray:
    """FIR low-pass; ``cutoff`` is a fraction of the sample rate (below 0.5)."""
    n = np.arange(taps) - (taps - 1) / 2
    edge = 0.9 * cutoff  # start rolling off a little below the new Nyquist
    kernel = 2 * edge * np.sinc(2 * edge * n) * np.hamming(taps)
    kernel /= kernel.sum()
    return np.convolve(samples, kernel, mode="same").astype(np.float32)


class StreamResampler:
    """16-bit mono blocks at ``from_rate`` -> float32 at 16 kHz, as they arrive.

    The same FFmpeg resampler ``load_audio`` uses on a WAV file, fed the same 16-bit samples: what
    comes out, block after block and then ``flush()``, is what ``load_audio`` gives for the file
    (tests/test_audio.py checks it), so a live answer is heard exactly as its saved answer.wav.
    """

    def __init__(self, from_rate: int, to_rate: int = config.SAMPLE_RATE):
        import av

        self._av = av
        self.from_rate = from_rate
        self._resampler = av.AudioResampler(format="fltp", rate=to_rate)
        self._pts = 0

    def push(self, block: np.ndarray) -> np.ndarray:
        """``block``: float samples that are exact 16-bit values (k / 32768), as the recorder passes them."""
        pcm = np.clip(np.round(np.asarray(block, dtype=np.float64) * 32768.0), -32768, 32767).astype(np.int16)
        frame = self._av.AudioFrame.from_ndarray(pcm[None, :], format="s16", layout="mono")
        frame.sample_rate = self.from_rate
        frame.pts = self._pts
        self._pts += len(pcm)
        return self._collect(self._resampler.resample(frame))

    def flush(self) -> np.ndarray:
        return self._collect(self._resampler.resample(None))

    @staticmethod
    def _collect(frames) -> np.ndarray:
        out = [f.to_ndarray().mean(axis=0) for f in frames]
        samples = np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)
        return np.clip(samples, -1.0, 1.0)


def resample(audio: Audio, sample_rate: int = config.SAMPLE_RATE) -> Audio:
    """The same audio at ``sample_rate``."""
    if audio.sample_rate == sample_rate:
        return audio
    return Audio(resample_samples(audio.samples, audio.sample_rate, sample_rate), sample_rate, audio.source)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def write_wav(path: str | os.PathLike, samples: np.ndarray, sample_rate: int) -> Path:
    """Write mono 16-bit PCM atomically: a crash leaves the old file or the new one."""

    def write(raw) -> None:
        with wave.open(raw, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(int(sample_rate))
            w.writeframes(to_int16(np.asarray(samples, dtype=np.float32)).tobytes())

    return atomic_write(path, write)

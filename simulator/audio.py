"""Reading and writing audio.

One function hides decoding, down-mixing and resampling: ``load_audio(path)`` gives mono
16 kHz float32 whatever the container, codec, rate or bit depth. PyAV (which faster-whisper
already needs) bundles FFmpeg, so no system ffmpeg is required. Decoder failures are
re-raised as ``AudioFileError`` carrying the decoder's own message.
"""

from __future__ import annotations

import logging
import os
import struct
import wave
from pathlib import Path

import numpy as np

from . import config
from .errors import AudioFileError
from .fileio import atomic_write, check_regular
from .types import Audio

log = logging.getLogger(__name__)

# A decode that yields less than this share of the duration the header promises is truncated.
_TRUNCATION_TOLERANCE = 0.97
# Silence after the input, in output-rate samples per unit of down-sampling ratio, so that
# libswresample's filter delay (16 taps either side at its default filter size) is flushed out.
_RESAMPLE_PAD = 256


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

    Raises InputError for a missing path or one that is not a regular file, and AudioFileError
    for anything that is not complete, decodable audio; kind "too_long" when the file exceeds
    ``max_seconds``, found from the header or, for a file that does not say, by decoding no
    further than just past the limit.
    """
    import av

    path = Path(path)
    size = check_regular(path).st_size
    if size == 0:  # a FIFO or a device would hang or never end the decoder
        raise AudioFileError("empty file (0 bytes)", kind="bad_audio")
    _check_wav_data_size(path, size)
    chunks: list[np.ndarray] = []
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            declared = _check_declared(container, max_seconds)
            _decode(container, sample_rate, max_seconds, chunks)
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
    _check_decoded(len(samples) / sample_rate, declared, max_seconds)
    log.debug("decoded %s: %.2f s", path, len(samples) / sample_rate)
    return Audio(samples=samples, sample_rate=sample_rate, source=str(path))


def _check_declared(container, max_seconds: float | None) -> float | None:
    if not container.streams.audio:
        raise AudioFileError("no audio stream in the file")
    declared = _declared_duration(container)
    if max_seconds and declared and declared > max_seconds:
        raise _too_long(f"{declared / 60:.1f} minutes long", max_seconds)
    return declared


def _decode(container, sample_rate: int, max_seconds: float | None, chunks: list[np.ndarray]) -> None:
    """Decode the first audio stream into ``chunks``, stopping just past ``max_seconds``.

    A file written without seeking back (a browser's MediaRecorder webm, a stream dump) does not
    declare its duration, and a header can lie: counting as it goes bounds time and memory.
    """
    resampler = ffmpeg_resampler(sample_rate)
    limit = max_seconds * sample_rate if max_seconds else None
    decoded = 0
    for frame in container.decode(container.streams.audio[0]):
        for out in resampler.resample(frame):
            chunks.append(mono(out))
            decoded += len(chunks[-1])
        if limit is not None and decoded > limit:
            raise AudioFileError(f"longer than the limit of {_limit(max_seconds)} (the file does not say how long "
                                 "it is; decoding stopped just past the limit)", kind="too_long")
    chunks += [mono(out) for out in resampler.resample(None)]


def _check_decoded(duration: float, declared: float | None, max_seconds: float | None) -> None:
    if duration == 0:
        raise AudioFileError("no audio data (header only or empty stream)")
    if _cut_short(duration, declared):
        raise _truncated(declared, duration, "decode")
    if max_seconds and duration > max_seconds:
        raise _too_long(f"{duration / 60:.1f} minutes long", max_seconds)


def _cut_short(held: float, declared: float | None) -> bool:
    return bool(declared) and held < declared * _TRUNCATION_TOLERANCE - 0.1


def _truncated(declared: float, held: float, verb: str = "are in the file") -> AudioFileError:
    # Never scored: what is there would be judged as the whole answer ("too short", parts "missing").
    return AudioFileError(f"the recording is cut short: the header promises {declared:.1f} s, "
                          f"only {held:.1f} s {verb}", kind="truncated")


# A data size a writer puts in the header when it cannot seek back to fill it in (a stream, a pipe).
_WAV_UNKNOWN_SIZES = (0, 0xFFFFFFFF)
_WAV_UNKNOWN_FROM = 0x7FFFF000  # sizes this large are placeholders too (arecord, sox)
_WAV_MAX_CHUNKS = 64


def _check_wav_data_size(path: Path, size: int) -> None:
    """A PCM WAV whose data chunk holds less than its header says is a cut-short recording.

    The decoder goes by the bytes present and would hand on the first seconds as if they were the
    whole answer (a 62 s answer cut after 3 s scores as "no speech" or "too short"). Read from the
    RIFF header: the data chunk's declared size against the bytes after it in the file.
    """
    try:
        with open(path, "rb") as f:
            found = _wav_data_chunk(f, size)
    except OSError:
        return  # the decoder will say what is wrong
    if found is None:
        return
    declared_bytes, present_bytes, byte_rate = found
    if declared_bytes in _WAV_UNKNOWN_SIZES or declared_bytes >= _WAV_UNKNOWN_FROM or not byte_rate:
        return
    declared, held = declared_bytes / byte_rate, present_bytes / byte_rate
    if _cut_short(held, declared):
        raise _truncated(declared, held)
    if present_bytes < declared_bytes:
        log.debug("%s: the data chunk is %d bytes short of its header (within tolerance)", path,
                  declared_bytes - present_bytes)


def _wav_data_chunk(f, size: int) -> tuple[int, int, int] | None:
    """(declared data size, bytes present after the data chunk's header, bytes a second), or None
    when the file is not a RIFF WAVE or its chunks cannot be followed to the data chunk."""
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    byte_rate, pos = 0, 12
    for _ in range(_WAV_MAX_CHUNKS):
        f.seek(pos)
        chunk = f.read(8)
        if len(chunk) < 8:
            return None
        cid, length = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if cid == b"fmt ":
            fmt = f.read(16)
            if len(fmt) < 16:
                return None
            _, channels, rate, byte_rate, _, bits = struct.unpack("<HHIIHH", fmt)
            byte_rate = byte_rate or channels * rate * bits // 8
        elif cid == b"data":
            return length, max(0, size - pos - 8), byte_rate
        pos += 8 + length + (length & 1)  # chunks are padded to an even size
    return None


def _too_long(what: str, max_seconds: float) -> AudioFileError:
    return AudioFileError(f"{what}; the limit is {_limit(max_seconds)}", kind="too_long")


def _limit(max_seconds: float) -> str:
    return f"{max_seconds:g} seconds" if max_seconds < 60 else f"{max_seconds / 60:.3g} minutes"


def ffmpeg_resampler(sample_rate: int):
    """FFmpeg's libswresample to float at ``sample_rate``, keeping the channels (``mono`` averages them).

    FFmpeg's own down-mix adds the channels at -3 dB each, which takes a full-scale stereo file
    past 1.0; averaging does not. Packed, not planar: PyAV reads past the end of a planar frame of
    more than 8 channels (a WAV header claiming 64 crashed the process). Every resampling in the
    project goes through here.
    """
    import av

    return av.AudioResampler(format="flt", rate=sample_rate)


def mono(frame) -> np.ndarray:
    """One resampled (packed) frame as mono float32: the mean of its channels."""
    channels = len(frame.layout.channels)
    return frame.to_ndarray().reshape(-1, channels).mean(axis=1)


def resample_samples(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Mono float audio at another rate, by FFmpeg's libswresample (``ffmpeg_resampler``).

    Gives ``round(len * to_rate / from_rate)`` samples. The input is followed by silence before
    the resampler is flushed: libswresample keeps back about a filter's length of samples, and
    returns nothing at all for an input shorter than that.
    """
    import av

    samples = np.asarray(samples, dtype=np.float32)
    if from_rate == to_rate or len(samples) == 0:
        return samples
    n_out = int(round(len(samples) * to_rate / from_rate))
    tail = np.zeros(_RESAMPLE_PAD * max(1, -(-from_rate // to_rate)), np.float32)
    resampler = ffmpeg_resampler(to_rate)
    out: list[np.ndarray] = []
    for pts, block in ((0, samples), (len(samples), tail)):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(block[None, :]), format="flt", layout="mono")
        frame.sample_rate, frame.pts = from_rate, pts
        out += [mono(f) for f in resampler.resample(frame)]
    out += [mono(f) for f in resampler.resample(None)]
    resampled = np.concatenate(out)[:n_out] if out else np.zeros(0, np.float32)
    return np.pad(resampled, (0, n_out - len(resampled))).astype(np.float32, copy=False)


class StreamResampler:
    """16-bit mono blocks at ``from_rate`` -> float32 at 16 kHz, as they arrive.

    The resampler ``load_audio`` uses on a WAV file (``ffmpeg_resampler`` and ``mono``, shared, not
    copied), fed the same 16-bit samples: what comes out, block after block and then ``flush()``,
    is what ``load_audio`` gives for the file (tests/test_audio.py checks it), so a live answer is
    heard exactly as its saved answer.wav.
    """

    def __init__(self, from_rate: int, to_rate: int = config.SAMPLE_RATE):
        import av

        self._av = av
        self.from_rate = from_rate
        self._resampler = ffmpeg_resampler(to_rate)
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
        out = [mono(f) for f in frames]
        samples = np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)
        return np.clip(samples, -1.0, 1.0)  # as load_audio clips


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

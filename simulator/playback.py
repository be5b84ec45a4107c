"""Step: play audio on an output device (the interviewer's voice and the recording cue).

``play_stream`` starts on the first chunk and synthesises the rest while it plays, so the
question is heard as soon as its first sentence exists. Audio is played at its own
rate when the device takes it, else resampled to the device's rate (by libswresample, as
everywhere). sounddevice (and so PortAudio) is imported on first use, so ``--help`` and
``--no-speak`` never load it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Callable, Iterable

import numpy as np

from .audio import resample
from .devices import DEVICES_HINT, import_sounddevice, portaudio_target, resolve_device
from .errors import DeviceError
from .speak import join_chunks
from .types import Audio

log = logging.getLogger(__name__)

# The cue before recording: a soft A5 "ding" that fades in and out, so it never clicks.
TONE_FREQUENCY_HZ = 880.0
TONE_SECONDS = 0.18
TONE_AMPLITUDE = 0.3  # well below full scale: a cue, not an alarm
TONE_FADE_SECONDS = 0.02
TONE_SAMPLE_RATE = 22_050  # Piper's rate, so the cue and the voice share a stream setting
# Buffered audio between us and the device. Piper's synthesis of the next sentence can take
# both cores; a short buffer then underruns, and an underrun through ALSA's PulseAudio plugin
# loses audio. A fifth of a second is not heard as delay before the question.
OUTPUT_LATENCY_S = 0.2
# No callback for this long (they come every ~0.1 s): the device is gone. Generous, so a
# loaded machine that starves the callback briefly is not taken for a lost device.
DEVICE_STALL_S = 2.0
POLL_S = 0.05  # how often finishing playback checks on the device
FLUSH_LATENCIES = 2.0  # silence kept playing after the last sample, in output latencies
NO_SPEAK_HINT = "or use --no-speak to read the question instead"


def cue_tone() -> Audio:
    """The short tone that says "recording starts now"."""
    n = int(TONE_SECONDS * TONE_SAMPLE_RATE)
    t = np.arange(n) / TONE_SAMPLE_RATE
    tone = np.sin(2 * np.pi * TONE_FREQUENCY_HZ * t)
    fade = int(TONE_FADE_SECONDS * TONE_SAMPLE_RATE)
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, fade))  # raised cosine
    envelope = np.ones(n)
    envelope[:fade], envelope[-fade:] = ramp, ramp[::-1]
    samples = (TONE_AMPLITUDE * tone * envelope).astype(np.float32)
    return Audio(samples, TONE_SAMPLE_RATE, source="cue tone")


def play(audio: Audio, device: int | str | None = None) -> None:
    """Play one clip and return when it has been played."""
    play_stream([audio], device=device)


def play_stream(
    chunks: Iterable[Audio],
    device: int | str | None = None,
    on_start: Callable[[], object] | None = None,
) -> Audio:
    """Play chunks as they arrive; return all the audio played (for saving with the session).

    The stream opens and starts on the first chunk, at that chunk's rate; while it plays,
    iterating ``chunks`` synthesises the next sentence (onnxruntime releases the GIL, so the
    audio callback keeps running). An error from ``chunks`` stops playback and is raised here.
    ``on_start`` runs once the first chunk is playing: the moment to start other heavy work
    (loading Whisper before it delayed the first sound by half a second on two cores).
    """
    played: list[Audio] = []
    out: _Output | None = None
    try:
        sd = sounddevice()
        index = portaudio_target(resolve_device(device, "output"), "output")
        for chunk in chunks:
            first = out is None
            if first:
                out = _Output(sd, index, chunk.sample_rate, label=device)
            out.write(chunk)
            played.append(chunk)
            if first and on_start is not None:
                on_start()
        if out is not None:
            out.finish()
    except BaseException:
        if out is not None:
            out.abort()
        raise
    return join_chunks(played)


# --- internals ------------------------------------------------------------------


def sounddevice():
    """The sounddevice module, or a DeviceError saying what to install."""
    try:
        return import_sounddevice()  # a missing PortAudio library becomes a DeviceError there
    except ImportError:
        raise DeviceError("sounddevice is not installed: pip install sounddevice") from None


class _Output:
    """One OutputStream whose callback plays written chunks and pads with silence between them.

    A callback, not blocking writes: while the next sentence is synthesised the device keeps
    getting (silent) samples, so it never underruns. With blocking writes an underrun through
    ALSA's PulseAudio plugin lost part of the sentence being played.
    """

    def __init__(self, sd, index: int | None, rate: int, label: int | str | None = None):
        self._sd, self._index = sd, index
        self.name = "the default output device" if label is None else f"output device {label!r}"
        self.rate, self.channels = self._settings(rate)
        self._blocks: deque[np.ndarray] = deque()
        self._pos = 0  # samples of _blocks[0] already played
        self._lock = threading.Lock()
        self._ended = False  # no more chunks will come
        self._drained = threading.Event()
        self.gaps = 0  # times the audio ran out before the end: synthesis was too slow
        self._starved = False
        self.underflows = 0  # PortAudio's own count
        self._last_callback = time.monotonic()
        self._started = False
        try:
            self._stream = sd.OutputStream(
                samplerate=self.rate, channels=self.channels, dtype="float32", device=index,
                callback=self._callback, latency=OUTPUT_LATENCY_S,
            )
        except (ValueError, sd.PortAudioError) as exc:
            raise DeviceError(f"cannot open {self.name}: {exc} ({DEVICES_HINT})") from None
        log.debug("playing on %s at %d Hz, %d channel(s), latency %.3f s",
                  self.name, self.rate, self.channels, self._stream.latency)

    def _settings(self, rate: int) -> tuple[int, int]:
        """(rate, channels): the audio's own rate if the device takes it, else the device's."""
        try:
            info = self._sd.query_devices(self._index, "output")
        except (ValueError, self._sd.PortAudioError) as exc:
            raise DeviceError(
                f"{self.name} is not available ({exc}); {DEVICES_HINT}, {NO_SPEAK_HINT}"
            ) from None
        device_rate = int(info["default_samplerate"])
        for channels in (1, 2):  # some hardware devices only take stereo
            for candidate in dict.fromkeys((rate, device_rate)):
                try:
                    self._sd.check_output_settings(
                        self._index, channels=channels, dtype="float32", samplerate=candidate
                    )
                    return candidate, channels
                except (ValueError, self._sd.PortAudioError):
                    continue
        raise DeviceError(
            f"{self.name} takes neither {rate} Hz nor {device_rate} Hz audio ({DEVICES_HINT})"
        )

    def _callback(self, outdata, frames, when, status) -> None:  # PortAudio's thread: copy only
        self._last_callback = time.monotonic()
        if status.output_underflow:
            self.underflows += 1
        filled = 0
        with self._lock:
            while filled < frames and self._blocks:
                block = self._blocks[0]
                take = min(frames - filled, len(block) - self._pos)
                outdata[filled : filled + take] = block[self._pos : self._pos + take, None]
                filled, self._pos = filled + take, self._pos + take
                if self._pos == len(block):
                    self._blocks.popleft()
                    self._pos = 0
            if filled < frames:
                outdata[filled:] = 0
                if self._ended:
                    self._drained.set()
                elif not self._starved:
                    self.gaps += 1
            self._starved = filled < frames

    def write(self, chunk: Audio) -> None:
        """Queue a chunk; the first one starts the stream (so it starts with sound)."""
        samples = resample(chunk, self.rate).samples
        with self._lock:
            self._blocks.append(samples)
        if not self._started:
            self._started = True
            self._last_callback = time.monotonic()
            try:
                self._stream.start()
            except self._sd.PortAudioError as exc:
                raise DeviceError(f"cannot start {self.name}: {exc} ({DEVICES_HINT})") from None

    def finish(self) -> None:
        """Wait until everything written has been played, then close."""
        with self._lock:
            self._ended = True
        try:
            self._wait_drained()
            # PortAudio counts audio handed to ALSA as played; PulseAudio's plugin still holds
            # about one latency of it, which closing the stream would cut off.
            time.sleep(self._stream.latency * FLUSH_LATENCIES)
            self._stream.stop()
        finally:
            self._stream.close()
        if self.gaps or self.underflows:
            log.info("playback waited %d time(s) for the next sentence; %d underflow(s)",
                     self.gaps, self.underflows)

    def _wait_drained(self) -> None:
        # A dead sound server stops the callbacks without an error: notice it, don't hang.
        while not self._drained.wait(POLL_S):
            if not self._stream.active or time.monotonic() - self._last_callback > DEVICE_STALL_S:
                raise DeviceError(
                    f"{self.name} stopped playing (sound server gone or device unplugged?); "
                    + DEVICES_HINT
                )

    def abort(self) -> None:
        self._stream.abort()  # sounddevice ignores errors here: the stream may already be dead
        self._stream.close()

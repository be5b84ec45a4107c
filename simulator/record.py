"""Record a spoken answer from the microphone without losing any of it.

The audio callback only copies blocks into a queue. A writer thread owns the WAV file: it is opened
(header written) before the stream starts and its header is rewritten after every block, so the file
is valid at every moment - after Enter, silence, Ctrl-C, a lost device, or a crash of the process.

The answer ends when the speaker has been silent for ``silence_seconds`` after speaking ("silence"),
when ``stop`` is set, e.g. by Enter ("enter"), at ``max_seconds`` ("max"), on Ctrl-C ("interrupted"),
or when the device stops delivering sound ("device_lost": with PulseAudio killed the callback simply
stops, without an error status).

``on_block`` consumers (the level meter, live transcription in pieces.py) get each block as the file
holds it, rounded to 16 bits, so what they hear is exactly what `load_audio(answer.wav)` gives later.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

from . import config
from .devices import DEVICES_HINT, import_sounddevice, portaudio_target, resolve_device
from .errors import DeviceError

log = logging.getLogger(__name__)

ENDINGS = ("silence", "enter", "stop", "max", "interrupted", "device_lost")  # stop: the page's Stop button (serve)
OnBlock = Callable[[np.ndarray, int], None]


@dataclass
class Recording:
    """One recorded answer, kept on disk at ``path`` whatever ended it."""

    path: Path
    sample_rate: int  # the rate the device gave; 16 kHz unless the device refused it
    duration_s: float
    ended_by: str  # one of ENDINGS
    overflows: int  # blocks the device reported as overflowed (audio lost before it reached us)
    complete: bool  # False when cut short by Ctrl-C or a lost device
    speech_start_s: float | None  # when speech began, from the start of the recording
    speech_end_s: float | None  # end of the last speech heard
    message: str = ""  # one line for the user saying what ended the recording
    # The effective options the recording ran with, so it can be explained.
    options: dict = field(default_factory=dict)
    ended_at: float = 0.0  # time.monotonic() when it ended (feedback latency is counted from here)

    @property
    def device_lost(self) -> bool:
        return self.ended_by == "device_lost"

    def device_error(self) -> DeviceError | None:
        """The error to raise when the device went away (after the caller has kept the file)."""
        return DeviceError(self.message) if self.device_lost else None


class Recorder(Protocol):
    def record(
        self,
        path: Path,
        *,
        max_seconds: float = config.MAX_ANSWER_SECONDS,
        silence_seconds: float = config.SILENCE_SECONDS,
        stop: threading.Event | None = None,
        on_block: OnBlock | None = None,
    ) -> Recording: ...


# --- levels and voice activity ----------------------------------------------
def level_dbfs(block: np.ndarray) -> float:
    """RMS level of a float block in dB relative to full scale (silence is about -200)."""
    if block.size == 0:
        return -200.0
    rms = float(np.sqrt(np.mean(np.square(block, dtype=np.float64))))
    return 20.0 * np.log10(rms + 1e-10)


@dataclass
class VadSettings:
    min_dbfs: float = config.VAD_MIN_DBFS
    margin_db: float = config.VAD_MARGIN_DB
    speech_start_s: float = config.VAD_SPEECH_START_SECONDS
    floor_rise_db_per_s: float = config.VAD_FLOOR_RISE_DB_PER_S


class VoiceActivity:
    """Energy-based voice activity: a block is voiced when clearly above the room's noise floor.

    Tracks when speech started (the first run of voiced blocks long enough not to be a click)
    and when the last voiced block ended, in seconds of audio fed so far.
    """

    def __init__(self, settings: VadSettings | None = None):
        self.settings = settings or VadSettings()
        self.floor_db: float | None = None
        self.position_s = 0.0
        self.speech_start_s: float | None = None
        self.speech_end_s: float | None = None
        self._run_start_s: float | None = None

    @property
    def threshold_db(self) -> float:
        floor = self.floor_db if self.floor_db is not None else -200.0
        return max(self.settings.min_dbfs, floor + self.settings.margin_db)

    def update(self, block: np.ndarray, sample_rate: int) -> bool:
        """Feed one mono block of any length; returns whether any of it is voiced.

        It is judged in steps of config.BLOCK_SECONDS, however the audio arrives: the page sends
        0.25 s pieces, and one piece taken whole averages away the gaps between words that keep the
        noise floor down. An answer begun at once would then set the floor to speech, and be ended
        as silence while the person was still talking.
        """
        step = max(1, round(sample_rate * config.BLOCK_SECONDS))
        voiced = False
        for i in range(0, len(block), step):
            voiced = self._step(block[i:i + step], sample_rate) or voiced
        return voiced

    def _step(self, block: np.ndarray, sample_rate: int) -> bool:
        seconds = len(block) / float(sample_rate)
        level = level_dbfs(block)
        voiced = level > self.threshold_db
        self._track_floor(level, seconds)
        if voiced:
            if self._run_start_s is None:
                self._run_start_s = self.position_s
            run = self.position_s + seconds - self._run_start_s
            if self.speech_start_s is None and run >= self.settings.speech_start_s:
                self.speech_start_s = self._run_start_s
            if self.speech_start_s is not None:
                self.speech_end_s = self.position_s + seconds
        else:
            self._run_start_s = None
        self.position_s += seconds
        return voiced

    def _track_floor(self, level: float, seconds: float) -> None:
        if self.floor_db is None or level < self.floor_db:
            self.floor_db = level
        else:
            self.floor_db += min(level - self.floor_db, self.settings.floor_rise_db_per_s * seconds)

    def silent_for(self) -> float:
        """Seconds since the last speech, or 0 while no speech has been heard yet."""
        return self.position_s - self.speech_end_s if self.speech_end_s is not None else 0.0


class NoVoiceWatch:
    """Calls ``on_silent`` once when a recording has gone ``after_s`` seconds without any voice.

    A dead or muted microphone records silence without an error; the person should hear about it
    while they can still fix it, not after answering into nothing.
    """

    def __init__(self, on_silent: Callable[[], None], after_s: float = config.NO_VOICE_HINT_SECONDS):
        self.on_silent, self.after_s = on_silent, after_s
        self.vad = VoiceActivity()
        self.told = False

    def update(self, block: np.ndarray, sample_rate: int) -> None:
        self.vad.update(block, sample_rate)
        if not self.told and self.vad.speech_start_s is None and self.vad.position_s >= self.after_s:
            self.told = True
            self.on_silent()


# --- the writer thread ---------------------------------------------------------
class _WavWriter(threading.Thread):
    """Owns the WAV file: writes each queued block, runs the VAD, decides silence and max."""

    def __init__(self, path: Path, sample_rate: int, *, max_seconds: float, silence_seconds: float,
                 on_block: OnBlock | None, vad: VadSettings | None):
        super().__init__(name="answer-writer", daemon=True)
        self.queue: queue.Queue = queue.Queue()
        self.sample_rate = sample_rate
        self.max_frames = int(round(max_seconds * sample_rate))
        self.silence_seconds = silence_seconds
        self.on_block = on_block
        self.vad = VoiceActivity(vad)
        self.frames = 0
        self.ended_by: str | None = None  # "silence" or "max", once decided here
        self.error: BaseException | None = None
        self.last_block_at = time.monotonic()
        # Opened and a header written before the stream starts, so even a header-only file is valid.
        self._file = open(path, "wb")
        self._wav = wave.open(self._file, "wb")
        self._wav.setnchannels(1)
        self._wav.setsampwidth(2)
        self._wav.setframerate(sample_rate)
        self._wav.writeframes(b"")
        self._file.flush()

    def run(self) -> None:
        while True:
            block = self.queue.get()
            if block is None:
                return
            self.last_block_at = time.monotonic()
            if self.ended_by is not None or self.error is not None:
                continue  # decided already; what follows is not part of the answer
            try:
                self._take(block)
            except BaseException as exc:  # kept for the recording thread; the file stays valid
                log.exception("while handling a recorded block")
                self.error = exc

    def _take(self, block: np.ndarray) -> None:
        mono = block.mean(axis=1) if block.ndim == 2 else block
        mono = mono[: self.max_frames - self.frames].astype(np.float32, copy=False)
        # x 32768 is the exact inverse of PortAudio's int16 -> float conversion: no sample changes.
        pcm = np.clip(np.round(mono * 32768.0), -32768, 32767).astype("<i2")
        # wave rewrites the RIFF and data sizes after each write; flush hands it to the OS,
        # so a crash of this process still leaves a readable file.
        self._wav.writeframes(pcm.tobytes())
        self._file.flush()
        self.frames += len(mono)
        held = pcm.astype(np.float32) / 32768.0  # what the file holds, as load_audio will read it
        self.vad.update(held, self.sample_rate)
        if self.on_block is not None:
            self.on_block(held, self.sample_rate)
        if self.frames >= self.max_frames:
            self.ended_by = "max"
        elif self.vad.silent_for() >= self.silence_seconds:
            self.ended_by = "silence"

    def finish(self) -> None:
        """Write what is still queued, then close the file."""
        self.queue.put(None)
        self.join()
        self._wav.close()
        self._file.close()


# --- the recorder ------------------------------------------------------------
class SoundDeviceRecorder:
    """Records from an input device with sounddevice (PortAudio)."""

    def __init__(
        self,
        device: int | str | None = None,
        sample_rate: int = config.SAMPLE_RATE,
        channels: int = 1,
        block_seconds: float = config.BLOCK_SECONDS,
        *,
        vad: VadSettings | None = None,
        device_timeout_s: float = config.DEVICE_TIMEOUT_SECONDS,
    ):
        self.device = device
        self.sample_rate = sample_rate
        self.channels = channels
        self.block_seconds = block_seconds
        self.vad = vad
        self.device_timeout_s = device_timeout_s

    def record(
        self,
        path: Path,
        *,
        max_seconds: float = config.MAX_ANSWER_SECONDS,
        silence_seconds: float = config.SILENCE_SECONDS,
        stop: threading.Event | None = None,
        on_block: OnBlock | None = None,
    ) -> Recording:
        """Record into ``path`` (16-bit mono WAV) until silence, ``stop``, the maximum, Ctrl-C or device loss.

        Ctrl-C does not propagate: the file is finalised and the Recording comes back with
        ``ended_by == "interrupted"``, so the caller can keep the answer, tell the user and then quit.
        A lost device also returns (``ended_by == "device_lost"``, ``message`` says what happened;
        ``device_error()`` gives the DeviceError to raise). A missing device, or one that refuses
        to open, raises DeviceError before anything is written. An exception from ``on_block``
        ends the recording and is re-raised after the file is closed.
        """
        sd = import_sounddevice()
        device = resolve_device(self.device, "input")
        index = portaudio_target(device, "input")
        rate = self._choose_rate(sd, index, device.default_rate if device else None)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = _WavWriter(path, rate, max_seconds=max_seconds, silence_seconds=silence_seconds,
                            on_block=on_block, vad=self.vad)
        writer.start()
        overflows = [0]
        finished = threading.Event()
        try:
            stream = self._start_stream(sd, index, rate, writer, overflows, finished)
        except DeviceError:
            writer.finish()
            path.unlink(missing_ok=True)  # nothing was recorded; leave no empty answer behind
            raise
        try:
            ended_by = self._run(stream, writer, finished, stop)
        finally:
            writer.finish()  # also on a second Ctrl-C: the file is valid either way
        if writer.error is not None:
            raise writer.error
        recording = self._result(path, rate, writer, ended_by, overflows[0], max_seconds, silence_seconds)
        log.info("recorded %.1f s to %s: %s", recording.duration_s, path, recording.message)
        return recording

    def _choose_rate(self, sd, index: int | None, own_rate: float | None) -> int:
        """The preferred rate, or the device's own when it refuses that."""
        try:
            sd.check_input_settings(device=index, samplerate=self.sample_rate, channels=self.channels,
                                    dtype="float32")
            return self.sample_rate
        except Exception as exc:  # sounddevice raises PortAudioError or ValueError here
            first = exc
        try:
            info = sd.query_devices(index, "input")
        except Exception as exc:
            raise DeviceError(f"no input device found ({DEVICES_HINT}): {exc}") from exc
        rate = int(own_rate or info["default_samplerate"])
        log.info("input device refused %d Hz (%s); recording at its own %d Hz", self.sample_rate, first, rate)
        try:
            sd.check_input_settings(device=index, samplerate=rate, channels=self.channels, dtype="float32")
        except Exception as exc:
            raise DeviceError(f"input device {info['name']!r} refuses {self.sample_rate} Hz and its own {rate} Hz: "
                              f"{exc} ({DEVICES_HINT})") from exc
        return rate

    def _start_stream(self, sd, index: int | None, rate: int, writer: _WavWriter, overflows: list[int],
                      finished: threading.Event):
        def callback(indata, frames, when, status):  # PortAudio's thread: copy, count, nothing else
            if status.input_overflow:
                overflows[0] += 1
            writer.queue.put(indata.copy())

        try:
            stream = sd.InputStream(device=index, samplerate=rate, channels=self.channels, dtype="float32",
                                    blocksize=int(rate * self.block_seconds), callback=callback,
                                    finished_callback=finished.set)
        except Exception as exc:  # PortAudioError or ValueError
            raise DeviceError(f"cannot open the input device: {exc} ({DEVICES_HINT})") from exc
        try:
            stream.start()
        except Exception as exc:
            _close_quietly(stream)
            raise DeviceError(f"cannot start recording from the input device: {exc} ({DEVICES_HINT})") from exc
        writer.last_block_at = time.monotonic()
        return stream

    def _run(self, stream, writer: _WavWriter, finished: threading.Event, stop: threading.Event | None) -> str:
        """Wait for an ending, then stop the stream; returns what ended it."""
        try:
            return self._wait(stream, writer, finished, stop)
        except KeyboardInterrupt:
            return "interrupted"
        finally:
            _close_quietly(stream)

    def _wait(self, stream, writer: _WavWriter, finished: threading.Event, stop: threading.Event | None) -> str:
        while True:
            if writer.ended_by is not None:
                return writer.ended_by
            if writer.error is not None:
                return "error"
            if stop is not None and stop.is_set():
                return "enter"
            # A dead PulseAudio stops the callback without any error status: the stream just ends,
            # or (seen with some backends) stays "active" while no block arrives.
            if finished.is_set() or not stream.active:
                return "device_lost"
            if time.monotonic() - writer.last_block_at > self.device_timeout_s:
                return "device_lost"
            time.sleep(config.POLL_SECONDS)

    def _result(self, path: Path, rate: int, writer: _WavWriter, ended_by: str, overflows: int,
                max_seconds: float, silence_seconds: float) -> Recording:
        duration = writer.frames / float(rate)
        if overflows:
            log.warning("%d input overflows: some audio was lost before it reached the recorder", overflows)
        return Recording(
            path=path, sample_rate=rate, duration_s=duration, ended_by=ended_by, overflows=overflows,
            complete=ended_by in ("silence", "enter", "max"),
            speech_start_s=writer.vad.speech_start_s, speech_end_s=writer.vad.speech_end_s,
            message=_message(ended_by, path, duration, max_seconds, silence_seconds),
            options={"device": self.device, "sample_rate": rate, "requested_sample_rate": self.sample_rate,
                     "channels": self.channels, "block_seconds": self.block_seconds,
                     "max_seconds": max_seconds, "silence_seconds": silence_seconds},
        )


def _close_quietly(stream) -> None:
    """Stop and close the stream; a vanished device may make this fail, which changes nothing."""
    try:
        stream.abort()
    except Exception as exc:
        log.debug("aborting the input stream: %s", exc)
    try:
        stream.close()
    except Exception as exc:
        log.debug("closing the input stream: %s", exc)


def _message(ended_by: str, path: Path, duration: float, max_seconds: float, silence_seconds: float) -> str:
    if ended_by == "silence":
        return f"Answer ended after {silence_seconds:g} s of silence ({duration:.1f} s recorded)."
    if ended_by == "enter":
        return f"Answer ended when you pressed Enter ({duration:.1f} s recorded)."
    if ended_by == "max":
        return f"Answer ended at the {max_seconds:g} s limit."
    if ended_by == "interrupted":
        return f"Recording stopped by Ctrl-C after {duration:.1f} s; what was recorded is kept in {path}."
    return (f"The microphone stopped sending sound after {duration:.1f} s (device unplugged or the sound "
            f"server stopped); what was recorded is kept in {path}.")

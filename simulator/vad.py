"""Where is there voice in the audio? Silero VAD, as shipped inside faster-whisper.

Used before transcription (no voice at all -> "no speech detected", and Whisper never gets the
chance to invent "Thank you." over silence; pieces.py cuts the voice into the pieces Whisper hears),
and by the delivery measures (long pauses and speaking time come from here rather than from
Whisper's word times).

``VoiceDetector`` takes audio as it arrives. Silero's speech probability for a 32 ms window depends
only on that window and the ones before it, so an answer fed in 50 ms blocks while it is spoken gets
the very numbers a file gets in one go (tests/test_vad.py checks this against faster-whisper's own
``get_speech_timestamps``), and an interval that a pause has closed never changes afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from . import config
from .types import Audio

WINDOW = 512  # samples Silero reads at a time (32 ms at 16 kHz)
CONTEXT = 64  # samples of the window before that it sees with each window
_BATCH = 10_000  # windows per model call (faster-whisper's own batch; the results do not depend on it)


@dataclass
class Voice:
    """The voice found so far."""

    intervals: list[tuple[float, float]]  # (start, end) seconds of voice, as speech_intervals gives them
    decided_s: float  # seconds of audio the intervals were decided over
    open: bool  # the last interval may still grow: no pause has closed it yet


class VoiceDetector:
    """Silero's speech probabilities, computed block by block as the audio arrives.

    ``feed`` samples (16 kHz mono float32) in any sizes; ``voice()`` says where the voice is in what
    has been fed (an interval still being spoken ends where the audio does); ``finish()`` gives the
    intervals of the whole audio, exactly as faster-whisper's ``get_speech_timestamps`` would.
    """

    def __init__(self, sample_rate: int = config.SAMPLE_RATE):
        from faster_whisper.vad import get_vad_model

        assert sample_rate == config.SAMPLE_RATE, "resample to 16 kHz first"
        self.sample_rate = sample_rate
        self._session = get_vad_model().session
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._pending = np.zeros(0, dtype=np.float32)  # samples short of a whole window
        self._probs: list[np.ndarray] = []
        self.samples = 0  # samples fed so far

    def feed(self, samples: np.ndarray) -> None:
        samples = np.asarray(samples, dtype=np.float32)
        self.samples += len(samples)
        buffered = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        whole = len(buffered) // WINDOW * WINDOW
        if whole:
            self._probs.append(self._run(buffered[:whole].reshape(-1, WINDOW), commit=True))
        self._pending = buffered[whole:].copy()

    def probabilities(self) -> np.ndarray:
        """One speech probability per whole window fed so far."""
        if len(self._probs) > 1:
            self._probs = [np.concatenate(self._probs)]
        return self._probs[0] if self._probs else np.zeros(0, dtype=np.float32)

    def voice(self) -> Voice:
        """The voice in the whole windows fed so far; closed intervals are final."""
        probs = self.probabilities()
        decided = len(probs) * WINDOW
        stamps, still_open = speech_stamps(probs, decided)
        return Voice(self._seconds(stamps), decided / self.sample_rate, still_open)

    def finish(self) -> Voice:
        """The voice in all the audio fed, its end included (feeding may go on afterwards)."""
        # faster-whisper pads the audio with zeros to whole windows (a whole extra window when it
        # already fills them) and silences the last 64 samples of that last window: the same here.
        last = np.zeros((1, WINDOW), dtype=np.float32)
        last[0, : len(self._pending)] = self._pending
        last[0, -CONTEXT:] = 0.0
        probs = np.concatenate([self.probabilities(), self._run(last, commit=False)])
        stamps, _ = speech_stamps(probs, self.samples)
        return Voice(self._seconds(stamps), self.samples / self.sample_rate, False)

    def _run(self, windows: np.ndarray, *, commit: bool) -> np.ndarray:
        h, c, context, out = self._h, self._c, self._context, []
        for i in range(0, len(windows), _BATCH):
            batch = windows[i:i + _BATCH]
            contexts = np.concatenate([context[None, :], batch[:-1, -CONTEXT:]])
            probs, h, c = self._session.run(None, {"input": np.concatenate([contexts, batch], axis=1),
                                                   "h": h, "c": c})
            context = batch[-1, -CONTEXT:].copy()
            out.append(np.asarray(probs, dtype=np.float32).reshape(-1))
        if commit:
            self._h, self._c, self._context = h, c, context
        return np.concatenate(out)

    def _seconds(self, stamps: list[list[int]]) -> list[tuple[float, float]]:
        sr = float(self.sample_rate)
        return [(round(s / sr, 3), round(e / sr, 3)) for s, e in stamps]


def speech_stamps(probs: np.ndarray, n_samples: int,
                  sample_rate: int = config.SAMPLE_RATE) -> tuple[list[list[int]], bool]:
    """Voice intervals in samples from Silero's probabilities, and whether the last is still open.

    faster-whisper's ``get_speech_timestamps`` (1.2) with this project's settings and no maximum
    length, taking the probabilities instead of computing them; tests/test_vad.py holds the two equal.
    """
    threshold = config.SILERO_THRESHOLD
    neg_threshold = max(threshold - 0.15, 0.01)
    min_silence = sample_rate * config.SILERO_MIN_SILENCE_MS / 1000
    min_speech = sample_rate * config.SILERO_MIN_SPEECH_MS / 1000
    pad = sample_rate * config.SILERO_SPEECH_PAD_MS / 1000
    speeches: list[list[int]] = []
    start: int | None = None
    temp_end = 0  # where the silence that may end the current interval began
    for i, p in enumerate(probs):
        at = WINDOW * i
        if p >= threshold and temp_end:
            temp_end = 0
        if p >= threshold and start is None:
            start = at
            continue
        if p < neg_threshold and start is not None:
            if not temp_end:
                temp_end = at
            if at - temp_end < min_silence:
                continue
            if temp_end - start > min_speech:
                speeches.append([start, temp_end])
            start, temp_end = None, 0
    still_open = start is not None
    if start is not None and n_samples - start > min_speech:
        speeches.append([start, n_samples])
    for i, speech in enumerate(speeches):
        if i == 0:
            speech[0] = int(max(0, speech[0] - pad))
        if i != len(speeches) - 1:
            silence = speeches[i + 1][0] - speech[1]
            if silence < 2 * pad:
                speech[1] += int(silence // 2)
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - silence // 2))
            else:
                speech[1] = int(min(n_samples, speech[1] + pad))
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - pad))
        else:
            speech[1] = int(min(n_samples, speech[1] + pad))
    return speeches, still_open


def speech_intervals(audio: Audio) -> list[tuple[float, float]]:
    """(start, end) seconds of voice in 16 kHz mono audio."""
    assert audio.sample_rate == config.SAMPLE_RATE, "resample to 16 kHz first"
    if len(audio.samples) == 0:
        return []
    detector = VoiceDetector(audio.sample_rate)
    detector.feed(audio.samples)
    return detector.finish().intervals


def total_speech(intervals: list[tuple[float, float]]) -> float:
    return sum(e - s for s, e in intervals)


def overlap(intervals: list[tuple[float, float]], spans: list[tuple[float, float]]) -> float:
    """Seconds of ``intervals`` that fall inside ``spans``."""
    return sum(max(0.0, min(e, b) - max(s, a)) for s, e in intervals for a, b in spans)


# Whole texts Whisper is known to invent over silence, noise or music (used by pieces.py and analyse.py).
HALLUCINATIONS = re.compile(
    r"^\W*(thank you( very much| for watching)?|thanks for watching|all right|alright|okay|bye|you|"
    r"sounds great|\[.*\]|\(.*\)|[\s\u266a#*.]*)\W*$", re.IGNORECASE)

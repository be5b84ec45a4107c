"""Where is there voice in the audio? Silero VAD, as shipped inside faster-whisper.

Used twice: before transcription (no voice at all -> "no speech detected", and Whisper never
gets the chance to invent "Thank you." over silence), and by the delivery measures (long
pauses and speaking time come from here rather than from Whisper's word times).
"""

from __future__ import annotations

from . import config
from .types import Audio, Transcript

# Finer than faster-whisper's defaults (2 s silence, 400 ms pad), which are tuned for chunking,
# not for measuring pauses.
VAD_THRESHOLD = 0.5
MIN_SILENCE_MS = 200
SPEECH_PAD_MS = 30
MIN_SPEECH_MS = 120


def speech_intervals(audio: Audio) -> list[tuple[float, float]]:
    """(start, end) seconds of voice in 16 kHz mono audio."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    assert audio.sample_rate == config.SAMPLE_RATE, "resample to 16 kHz first"
    if len(audio.samples) == 0:
        return []
    options = VadOptions(
        threshold=VAD_THRESHOLD,
        min_silence_duration_ms=MIN_SILENCE_MS,
        speech_pad_ms=SPEECH_PAD_MS,
        min_speech_duration_ms=MIN_SPEECH_MS,
    )
    stamps = get_speech_timestamps(audio.samples, options, sampling_rate=audio.sample_rate)
    sr = float(audio.sample_rate)
    return [(round(s["start"] / sr, 3), round(s["end"] / sr, 3)) for s in stamps]


def total_speech(intervals: list[tuple[float, float]]) -> float:
    return sum(e - s for s, e in intervals)


class VoicedTranscriber:
    """Wraps a Transcriber: find the voice first, skip Whisper where there is none, keep the intervals.

    Where there is no voice it returns an empty transcript instead of raising, so a live session can
    feed it stretches that turn out to be a cough; the caller decides whether the whole answer had speech.
    """

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name

    def options(self) -> dict:
        return self.inner.options() if hasattr(self.inner, "options") else {"engine": self.name}

    def transcribe(self, audio: Audio) -> Transcript:
        speech = speech_intervals(audio)
        if total_speech(speech) < config.MIN_SPEECH_SECONDS:
            return Transcript(text="", segments=[], duration_s=audio.duration_s, options=self.options(),
                              speech=speech)
        transcript = self.inner.transcribe(audio)
        transcript.speech = speech
        return transcript

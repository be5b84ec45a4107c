"""Where is there voice in the audio? Silero VAD, as shipped inside faster-whisper.

Used twice: before transcription (no voice at all -> "no speech detected", and Whisper never
gets the chance to invent "Thank you." over silence), and by the delivery measures (long
pauses and speaking time come from here rather than from Whisper's word times).
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import config
from .types import Audio, Segment, Transcript


def speech_intervals(audio: Audio) -> list[tuple[float, float]]:
    """(start, end) seconds of voice in 16 kHz mono audio."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    assert audio.sample_rate == config.SAMPLE_RATE, "resample to 16 kHz first"
    if len(audio.samples) == 0:
        return []
    options = VadOptions(
        threshold=config.SILERO_THRESHOLD,
        min_silence_duration_ms=config.SILERO_MIN_SILENCE_MS,
        speech_pad_ms=config.SILERO_SPEECH_PAD_MS,
        min_speech_duration_ms=config.SILERO_MIN_SPEECH_MS,
    )
    stamps = get_speech_timestamps(audio.samples, options, sampling_rate=audio.sample_rate)
    sr = float(audio.sample_rate)
    return [(round(s["start"] / sr, 3), round(s["end"] / sr, 3)) for s in stamps]


def total_speech(intervals: list[tuple[float, float]]) -> float:
    return sum(e - s for s, e in intervals)


def plan_chunks(speech: list[tuple[float, float]], duration: float,
                max_seconds: float = config.CHUNK_SECONDS) -> list[tuple[float, float]]:
    """Group voice intervals into pieces of at most ``max_seconds``, cut in the pauses between them."""
    pieces: list[list[float]] = []
    for start, end in speech:
        while end - start > max_seconds:  # one breathless stretch longer than a piece: cut it
            pieces.append([start, start + max_seconds])
            start += max_seconds
        if pieces and end - pieces[-1][0] <= max_seconds:
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    padded = []
    for i, (start, end) in enumerate(pieces):
        before = pieces[i - 1][1] if i else 0.0
        after = pieces[i + 1][0] if i + 1 < len(pieces) else duration
        pad = config.CHUNK_PAD_SECONDS
        padded.append((max(start - pad, (start + before) / 2, 0.0), min(end + pad, (end + after) / 2, duration)))
    return padded


# Whole texts Whisper is known to invent over silence, noise or music.
HALLUCINATIONS = re.compile(
    r"^\W*(thank you( very much| for watching)?|thanks for watching|all right|alright|okay|bye|you|"
    r"sounds great|\[.*\]|\(.*\)|[\s\u266a#*.]*)\W*$", re.IGNORECASE)


def invented(text: str, voiced_s: float) -> bool:
    """Text Whisper made up: a stock phrase over little voice, or more words than the voice could hold."""
    if voiced_s < config.HALLUCINATION_MAX_VOICED_S and HALLUCINATIONS.match(text.strip()):
        return True
    return len(text.split()) > config.MAX_WORDS_PER_VOICED_SECOND * voiced_s + 2


def failed(segment: Segment) -> bool:
    """Whisper's own checks on a decoding: too repetitive, or too unlikely (they are per 30 s window)."""
    return (segment.temperature > 0  # Whisper already found it failed and sampled instead
            or segment.compression_ratio > config.COMPRESSION_RATIO_MAX
            or segment.avg_logprob < config.LOGPROB_FLOOR)


def guessed(segment: Segment) -> bool:
    """Whisper doubted there was speech and its decoding failed its own checks: a guess.

    This is what it produces over the last fraction of a second of a piece, after the final word
    ("Thank you.", "We'll see you in the next video."), and over a language it does not know.
    """
    return failed(segment) and segment.no_speech_prob > config.GUESS_NO_SPEECH_PROB


def unclear_spans(segments: list[Segment], duration: float) -> list[tuple[float, float]]:
    """Where the guessed segments are, from the segment before to the segment after (or the piece's edges).

    A guess's own times are sampled too, so they say nothing about where the unclear voice is.
    """
    spans: list[tuple[float, float]] = []
    for i, s in enumerate(segments):
        if guessed(s):
            start = segments[i - 1].end if i else 0.0
            end = segments[i + 1].start if i + 1 < len(segments) else duration
            if spans and spans[-1][1] >= start:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans


def overlap(intervals: list[tuple[float, float]], spans: list[tuple[float, float]]) -> float:
    """Seconds of ``intervals`` that fall inside ``spans``."""
    return sum(max(0.0, min(e, b) - max(s, a)) for s, e in intervals for a, b in spans)


def _shifted(t: Transcript, offset: float) -> list[Segment]:
    return [replace(s, start=s.start + offset, end=s.end + offset,
                    words=[replace(w, start=w.start + offset, end=w.end + offset) for w in s.words])
            for s in t.segments]


class VoicedTranscriber:
    """Wraps a Transcriber: find the voice, then transcribe it in pieces of up to 28 s cut at pauses.

    Whisper then never sees silence (so it cannot invent "Thank you." over it), each piece fits one
    30 s window, so the filler prompt reaches all of the answer (Whisper keeps "um" only when its
    prompt shows them, and its prompt covers the first window only), and recordings and live answers,
    which arrive as stretches between pauses, are transcribed the same way.
    Text Whisper only guessed (see ``guessed``) is left out and its place kept in ``unclear``.
    Where there is no voice it returns an empty transcript, not an error: a live session may hand
    it a stretch that was a cough; the caller decides whether the whole answer had speech.
    """

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name

    def options(self) -> dict:
        return self.inner.options() if hasattr(self.inner, "options") else {"engine": self.name}

    def transcribe(self, audio: Audio) -> Transcript:
        speech = speech_intervals(audio)
        options = {**self.options(), "chunk_seconds": config.CHUNK_SECONDS}
        if total_speech(speech) < config.MIN_SPEECH_SECONDS:
            return Transcript(text="", segments=[], duration_s=audio.duration_s, options=options, speech=speech)
        segments, unclear, language = [], [], "en"
        sr = audio.sample_rate
        for start, end in plan_chunks(speech, audio.duration_s):
            piece = Audio(audio.samples[int(start * sr):int(end * sr)], sr, audio.source)
            part = self.inner.transcribe(piece)
            spans = unclear_spans(part.segments, end - start)
            unclear += [(round(a + start, 3), round(b + start, 3)) for a, b in spans]
            part = replace(part, segments=[s for s in part.segments if not guessed(s)])
            voiced = total_speech([(max(s, start), min(e, end)) for s, e in speech if e > start and s < end])
            if invented(" ".join(s.text for s in part.segments), voiced):
                continue
            segments += _shifted(part, start)
            language = part.language
        text = " ".join(s.text for s in segments if s.text).strip()
        return Transcript(text=text, segments=segments, duration_s=audio.duration_s, language=language,
                          options=options, speech=speech, unclear=unclear)

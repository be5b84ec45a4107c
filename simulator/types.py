"""Dataclasses that flow between the steps.

question -> speak -> record -> transcribe -> analyse -> feedback -> store.
Each step takes and returns these; none of them holds behaviour beyond small helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Question:
    id: str  # stable id used in reports and the store, e.g. "career-goals"
    text: str  # what the interviewer says
    rubric: str  # which rubric in prompts/ scores it


@dataclass
class Audio:
    """Decoded audio: mono float32 in [-1, 1] at ``sample_rate`` (16 kHz for the transcriber)."""

    samples: np.ndarray
    sample_rate: int
    source: str | None = None  # path or description, for messages

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.sample_rate) if self.sample_rate else 0.0


@dataclass
class Word:
    text: str  # as the model wrote it, stripped of surrounding spaces
    start: float  # seconds from the start of the audio
    end: float
    probability: float = 1.0


@dataclass
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 1.0
    # 0 is greedy decoding (the only kind this project asks for, config.TEMPERATURES). Above 0,
    # Whisper's greedy text failed its own checks and it sampled at this temperature instead.
    temperature: float = 0.0


@dataclass
class Transcript:
    text: str
    segments: list[Segment]
    duration_s: float | None  # None for text input
    language: str = "en"
    # The effective options the engine ran with (engine, model, beam size, ...),
    # so a result can be explained and reproduced.
    options: dict[str, Any] = field(default_factory=dict)
    # Where the audio holds voice, as (start, end) seconds from the voice detector;
    # None for text input. Pauses and speaking time come from here, not from word times,
    # because Whisper stretches word ends over short silences.
    speech: list[tuple[float, float]] | None = None
    # Where Whisper could not make out the voice: it doubted there was speech and its decoding failed
    # its own checks, even when decoded again on its own. That text is left out (pieces.py); the spans
    # stay, so an answer that is mostly unclear (another language) can be told apart from silence, and
    # the person can be told what was not heard (pieces.unheard).
    unclear: list[tuple[float, float]] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def has_timings(self) -> bool:
        return self.duration_s is not None and any(s.words for s in self.segments)


@dataclass
class Evidence:
    present: bool
    evidence: list[str] = field(default_factory=list)  # the sentences that show it, as said
    # When absent: sentences that came close ("I'd like to learn the tills" for steps), so the feedback
    # says it was unsure rather than that the part is missing.
    near: list[str] = field(default_factory=list)
    # When present: shown only by indirect wording ("the team", a role with no time said), so the
    # feedback acknowledges it without praising it.
    tentative: bool = False


@dataclass
class ContentResult:
    components: dict[str, Evidence]  # the nine component ids of the rubric
    flags: dict[str, Evidence]  # the seven red-flag ids
    verdict: str = ""  # strong | adequate | weak: what was said, before length and delivery
    second_opinion: str = ""  # the sentence encoder that checked the feedback's claims, or "off" (semantic.py)


@dataclass
class LengthResult:
    verdict: str  # too_short | brief | good | long | too_long
    seconds: float | None
    words: int


@dataclass
class TimedItem:
    text: str
    start: float


@dataclass
class Pause:
    start: float
    duration: float


@dataclass
class Delivery:
    speech_rate_wpm: float
    articulation_rate_wpm: float
    fillers: list[TimedItem]
    fillers_per_minute: float
    long_pauses: list[Pause]
    hedges: list[TimedItem]
    hedges_per_minute: float
    start_latency_s: float | None
    speaking_time_s: float
    answer_time_s: float


@dataclass
class ScoreBreakdown:
    content: float  # points earned per part, each already weighted
    length: float
    delivery: float
    total: int  # 0..100, inside the verdict's band
    weights: dict[str, float] = field(default_factory=dict)
    points: float = 0.0  # content + length + delivery, before being placed in the band
    band: tuple[float, float] = (0.0, 100.0)  # the verdict's score band (rubric: score.verdict_bands)


@dataclass
class Analysis:
    question_id: str
    transcript: Transcript
    words: int
    length: LengthResult
    delivery: Delivery | None  # None for text input
    content: ContentResult
    verdict: str  # strong | adequate | weak: overall, the content verdict capped by length and fillers
    score: ScoreBreakdown
    rubric_version: str = ""
    capped_by: str | None = None  # too_short | too_long | fillers: why strong content was capped at adequate


@dataclass
class Point:
    """One thing the feedback says, so what it claims can be checked against what was said."""

    kind: str  # strength | flag | missing | unsure | length
    id: str | None  # the rubric id it is about (None for length)
    text: str
    fix: str = ""


@dataclass
class Feedback:
    written: str  # the points to fix first (rubric feedback.max_written_gaps of them)
    spoken: str
    written_all: str = ""  # the same with every point to fix
    strengths: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # one line a gap, each with its fix
    points: list[Point] = field(default_factory=list)  # every claim above, with its kind and rubric id
    # The one concrete thing to do next (the spoken summary's "The one thing to fix"): the first gap's
    # fix, else the first delivery note; empty when there is nothing to fix.
    top_fix: str = ""


@dataclass
class ScoreResult:
    """One scored input: what `score` prints and what the store keeps."""

    input: str
    status: str  # ok | error
    analysis: Analysis | None = None
    feedback: Feedback | None = None
    error_kind: str | None = None
    error_message: str | None = None
    path: Path | None = None
    exchange: Any = None  # followup.Exchange when this is a first answer scored with its follow-ups

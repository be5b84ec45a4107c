"""Replay a saved attempt as it happened, and score its saved audio again.

``timeline(attempt)`` turns a record into parts (question, answer, feedback), each with its
audio and timed events: the words, fillers, long pauses and the rubric's evidence as they pass.
``play_timeline`` plays each part on an output device and hands every event to a callback at its
moment, so the CLI can print the transcript in step with the sound; without audio it can run
at any speed, or instantly. ``rescore`` runs today's rubric and models on the saved answer.
"""

from __future__ import annotations

import logging
import threading
import time
import wave
from dataclasses import dataclass, field
from typing import Any, Callable

from .feedback import clock
from .pieces import unheard
from .report_html import timed_words, word_spans
from .store import Attempt
from .types import Audio, ScoreResult

log = logging.getLogger(__name__)

PARTS = ("question", "answer", "follow-up", "feedback")
PLAYBACK_JOIN_TIMEOUT_S = 5.0  # after the last event, how long to wait for the device to drain


@dataclass
class ReplayEvent:
    at: float  # seconds from the start of its part
    kind: str  # heading | say | word | filler | hedge | pause | unclear | evidence | flag | note
    text: str
    id: str | None = None  # component/flag id for evidence and flag events


@dataclass
class ReplayPart:
    name: str  # question | answer | follow-up | feedback
    audio: Audio | None
    events: list[ReplayEvent] = field(default_factory=list)
    title: str = ""  # the heading, when it is not the name's ("Follow-up question 1")

    @property
    def duration_s(self) -> float:
        if self.audio is not None:
            return self.audio.duration_s
        return max((e.at for e in self.events), default=0.0)


def timeline(attempt: Attempt, *, question_text: str | None = None, labels: dict[str, str] | None = None) -> list[ReplayPart]:
    """The attempt as parts with audio (where saved) and timed events."""
    from .audio import load_audio

    def audio_of(part: str) -> Audio | None:
        path = attempt.audio_path(part)
        if path is None:
            return None
        # At the file's own rate: the voice is replayed as it was heard, not resampled for Whisper.
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
        return load_audio(path, sample_rate=rate, max_seconds=None)

    result = attempt.result or {}
    text = attempt.question_text or question_text or result.get("question_id") or "(question not saved)"
    question = ReplayPart("question", audio_of("question"), [ReplayEvent(0.0, "say", text)])
    answer = ReplayPart("answer", audio_of("answer"), answer_events(attempt.transcript, result, labels or {}))
    exchange = attempt.record.get("exchange") or {}
    follow_ups = []
    for n, f in enumerate(exchange.get("follow_ups") or [], 1):
        follow_ups.append(ReplayPart("follow-up", audio_of(f"follow_up_{n}_question"),
                                     [ReplayEvent(0.0, "say", f["question"])], title=f"Follow-up question {n}"))
        follow_ups.append(ReplayPart("follow-up", audio_of(f"follow_up_{n}"),
                                     answer_events(f.get("transcript"), f.get("result") or {}, labels or {}),
                                     title=f"Follow-up answer {n}"))
    feedback = (exchange.get("feedback") or result.get("feedback") or {})  # on the exchange, when there was one
    spoken = feedback.get("spoken") or ""
    feedback_part = ReplayPart("feedback", audio_of("feedback"), [ReplayEvent(0.0, "say", spoken)] if spoken else [])
    if feedback.get("written"):
        end = feedback_part.duration_s
        feedback_part.events.append(ReplayEvent(end, "note", feedback["written"]))
    if not attempt.complete:
        answer.events.append(ReplayEvent(answer.duration_s, "note", "This attempt is incomplete: it was never fully scored."))
    return [question, answer, *follow_ups, feedback_part]


def answer_events(transcript: dict | None, result: dict, labels: dict[str, str]) -> list[ReplayEvent]:
    """Words in order, with fillers/hedges marked, long pauses at their start and evidence when it ends.

    Speech the recognizer could not make out (pieces.unheard) is an "unclear" event at its start.
    """
    words = timed_words(transcript)
    if not words:
        text = result.get("transcript")
        return [ReplayEvent(0.0, "note", text)] if text else []
    spans = word_spans(words, result)
    marked = {}  # first word index -> (kind, last word index): a filler or hedge is one event ("you know")
    for span in spans:
        if span.kind in ("filler", "hedge"):
            marked[span.first] = (span.kind, span.last)
    events = []
    for p in (result.get("delivery") or {}).get("long_pauses") or []:
        events.append(ReplayEvent(p["start"], "pause", f"{p['duration']:.1f} s pause"))
    for start, end in unheard(transcript.get("speech"), [tuple(u) for u in transcript.get("unclear") or []]):
        events.append(ReplayEvent(start, "unclear", f"{clock(start)}-{clock(end)}"))
    i = 0
    while i < len(words):
        kind, last = marked.get(i, ("word", i))
        text = " ".join(w["text"] for w in words[i:last + 1])
        events.append(ReplayEvent(words[i]["start"], kind, text))
        i = last + 1
    flags = (result.get("content") or {}).get("flags") or {}
    for span in spans:
        if span.kind in ("evidence", "flag"):
            label = labels.get(span.id, span.id)
            if span.kind == "flag" and (flags.get(span.id) or {}).get("tentative"):
                label += " (not sure)"  # raised, but the feedback asks about it rather than asserting it
            events.append(ReplayEvent(words[span.last]["end"], span.kind, label, id=span.id))
    events.sort(key=lambda e: e.at)  # stable: at equal times, pauses come before the word they precede
    return events


# --- playing ----------------------------------------------------------------------


Show = Callable[[ReplayPart, ReplayEvent], None]


def play_timeline(
    parts: list[ReplayPart],
    show: Show,
    *,
    sound: bool = True,
    device: int | str | None = None,
    speed: float = 1.0,
    only: tuple[str, ...] = PARTS,
) -> None:
    """Play the parts in order, calling ``show`` for each event at its moment.

    ``sound`` False shows the events without audio, at ``speed`` times real time (0 = instant).
    With sound the pace is the audio's own; a device error stops the replay and is raised.
    """
    if sound and speed != 1.0:
        raise ValueError("with sound the replay runs in real time; use speed only without audio")
    for part in parts:
        if part.name not in only:
            continue
        show(part, ReplayEvent(0.0, "heading", part.title or part.name))
        player = _start_playback(part.audio, device) if sound and part.audio is not None else None
        started = time.monotonic()
        for event in part.events:
            _wait_until(started, event.at, speed if player is None else 1.0)
            if player is not None:
                player.check()  # a device that failed must not leave the text running on alone
            show(part, event)
        if player is not None:
            player.finish()
        elif speed > 0 and part.audio is not None:
            _wait_until(started, part.audio.duration_s, speed)


def _wait_until(started: float, at: float, speed: float) -> None:
    if speed <= 0:
        return
    delay = started + at / speed - time.monotonic()
    if delay > 0:
        time.sleep(delay)


class _Playback:
    """``playback.play`` on a thread, so events can be shown while the audio plays."""

    def __init__(self, audio: Audio, device):
        from . import playback

        self.error: BaseException | None = None

        def run():
            try:
                playback.play(audio, device=device)
            except BaseException as e:  # re-raised on the caller's thread in finish()
                self.error = e

        self.thread = threading.Thread(target=run, name="replay-playback", daemon=True)
        self.duration = audio.duration_s
        self.thread.start()

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def finish(self) -> None:
        self.thread.join(self.duration + PLAYBACK_JOIN_TIMEOUT_S)
        self.check()


def _start_playback(audio: Audio, device) -> _Playback:
    return _Playback(audio, device)


# --- scoring again ----------------------------------------------------------------


@dataclass
class Change:
    what: str  # e.g. "score", "verdict", "component goal_long", "flag money"
    before: Any
    after: Any


@dataclass
class Rescore:
    attempt_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    changes: list[Change]
    result: ScoreResult
    settings_before: dict[str, Any]
    settings_after: dict[str, Any]


def rescore(attempt: Attempt, *, transcriber=None, rubric=None, question=None) -> Rescore:
    """Score the saved answer audio again with today's (or the given) rubric and models.

    Its date stays the day it was given: "by 2030" in an answer of 2026 is still four years ahead.
    """
    from . import serialize
    from .audio import load_audio
    from .errors import StoreError
    from .question import load_question
    from .rubric import load_rubric
    from .score import score_audio
    from .engines import get_transcriber

    path = attempt.audio_path("answer")
    if path is None:
        raise StoreError(f"attempt {attempt.id}: no answer.wav saved, nothing to score again")
    question = question or load_question(attempt.question_id)
    rubric = rubric or load_rubric(question.rubric)
    transcriber = transcriber or get_transcriber()
    before = attempt.result or {}
    latency = (before.get("delivery") or {}).get("start_latency_s")
    result = score_audio(
        load_audio(path, max_seconds=None), transcriber=transcriber, question=question, rubric=rubric,
        start_latency_s=latency, input_name=before.get("input") or str(path), said_on=attempt.said_on,
    )
    after = serialize.result_to_dict(result)
    settings_after = serialize.analysis_settings(result.analysis) if result.analysis else {}
    changes = diff_results(before, after, rubric) + diff_settings(attempt.settings, settings_after)
    return Rescore(attempt.id, before, after, changes, result, attempt.settings, settings_after)


def _present(result: dict, group: str) -> dict[str, bool]:
    items = ((result.get("content") or {}).get(group)) or {}
    return {k: bool(v.get("present")) for k, v in items.items()}


def _delivery(result: dict, *keys: str) -> Any:
    value: Any = result.get("delivery") or {}
    for k in keys:
        value = value.get(k) if isinstance(value, dict) else None
    return value


def diff_results(before: dict, after: dict, rubric) -> list[Change]:
    """What a user would notice between two results of the contract shape, in words (no ids)."""
    def status(r: dict) -> str | None:
        return None if not r else ("scored" if r.get("status") == "ok" else "not scored")

    def length(r: dict) -> str | None:
        verdict = (r.get("length") or {}).get("verdict")
        return rubric.length_label(verdict) if verdict else None

    checks: list[tuple[str, Any, Any]] = [
        ("status", status(before), status(after)),
        ("score", before.get("score"), after.get("score")),
        ("verdict", before.get("verdict"), after.get("verdict")),
        ("length", length(before), length(after)),
        ("words", before.get("words"), after.get("words")),
        ("fillers", _delivery(before, "fillers", "count"), _delivery(after, "fillers", "count")),
        ("long pauses", len(_delivery(before, "long_pauses") or []), len(_delivery(after, "long_pauses") or [])),
        ("speech rate (wpm)", _round(_delivery(before, "speech_rate_wpm")), _round(_delivery(after, "speech_rate_wpm"))),
    ]
    for group, words in (("components", ("missing", "present")), ("flags", ("not raised", "raised"))):
        old, new = _present(before, group), _present(after, group)
        for key in list(old) + [k for k in new if k not in old]:
            what = rubric.name(key) if group == "components" else f"red flag: {rubric.name(key)}"
            checks.append((what, _word(old.get(key), words), _word(new.get(key), words)))
    if before.get("transcript") != after.get("transcript"):
        checks.append(("transcript", before.get("transcript"), after.get("transcript")))
    return [Change(what, a, b) for what, a, b in checks if a != b]


def diff_settings(before: dict, after: dict) -> list[Change]:
    keys = ("engine", "model", "rubric_version", "second_opinion")
    return [Change(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _round(value: Any) -> Any:
    return round(value) if isinstance(value, (int, float)) else value


def _word(value: bool | None, words: tuple[str, str]) -> str | None:
    return None if value is None else words[bool(value)]

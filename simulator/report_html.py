"""The attempt report: one self-contained HTML file; and the batch index of ``score --format html``.

Everything is inside the file (styles, script, the audio as a data: URI, the waveform and charts
as inline SVG), so it opens anywhere, offline, and makes no network fetches. The report reads an
attempt's record (the store's attempt.json shape), so saved attempts and freshly scored files
(``score --out DIR --format html``) render the same way.

This module works out what is shown (the words' marks, the checklist, the bands, the waveform's peaks,
each index row); templates/report.html and templates/index.html draw it (templating.py).
"""

from __future__ import annotations

import base64
import io
import logging
import os
import re
import wave
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from .errors import OutputError, kind_label
from .fileio import atomic_write_bytes, output_path
from .formats import unique_stem
from .types import Audio

log = logging.getLogger(__name__)

WAVE_BINS = 1000  # waveform columns; the SVG viewBox is this wide
WAVE_HEIGHT = 100
LENGTH_SCALE_S = 180.0  # the length bar runs from 0 to this many seconds
PACE_SCALE_WPM = (80.0, 220.0)
FILLER_SCALE_PER_MIN = 12.0
TIME_MATCH_S = 0.5  # a filler/hedge time within this of a word's start marks that word


@dataclass
class Targets:
    """The bands a report measures against, taken from the rubric."""

    length_bands: list[tuple[str, float]]  # (verdict, max_seconds) in order
    rate_good: tuple[float, float]
    rate_slow: float
    rate_fast: float
    fillers_good: float
    fillers_distracting: float
    long_pause_s: float  # silences longer than this are marked in the transcript
    pause_gap_s: float  # gaps longer than this split the shaded spoken parts
    labels: dict[str, str] = field(default_factory=dict)  # component/flag id -> heading ("A long-term goal")
    names: dict[str, str] = field(default_factory=dict)  # component/flag id -> short name ("long-term goal")
    length_labels: dict[str, str] = field(default_factory=dict)  # length verdict -> "too short"

    def name(self, cid: str) -> str:
        return self.names.get(cid) or cid.replace("_", " ")

    def length_label(self, verdict: str | None) -> str:
        return self.length_labels.get(verdict or "") or (verdict or "-").replace("_", " ")


def targets_from_rubric(rubric) -> Targets:
    d = rubric.delivery
    cues = {**rubric.components, **rubric.flags}
    labels = {cid: cue.label for cid, cue in cues.items()}
    return Targets(
        length_bands=[(b.verdict, float(b.max_seconds)) for b in rubric.length_bands],
        rate_good=tuple(float(x) for x in d["speech_rate_good"]),
        rate_slow=float(d["speech_rate_slow"]),
        rate_fast=float(d["speech_rate_fast"]),
        fillers_good=float(d["fillers_good_per_min"]),
        fillers_distracting=float(d["fillers_distracting_per_min"]),
        long_pause_s=float(d["long_pause_s"]),
        pause_gap_s=float(d["pause_gap_s"]),
        labels=labels,
        names={cid: rubric.name(cid) for cid in cues},
        length_labels={b.verdict: rubric.length_label(b.verdict) for b in rubric.length_bands},
    )


# --- audio: embedding and waveform ------------------------------------------------


def wav_bytes(audio: Audio) -> bytes:
    samples = np.clip(np.asarray(audio.samples, dtype=np.float32), -1.0, 1.0)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(audio.sample_rate))
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def peaks(samples: np.ndarray, bins: int = WAVE_BINS) -> np.ndarray:
    """Largest absolute sample in each of ``bins`` equal slices, scaled to the loudest."""
    samples = np.abs(np.asarray(samples, dtype=np.float32))
    if len(samples) == 0:
        return np.zeros(bins, np.float32)
    edges = np.linspace(0, len(samples), bins + 1).astype(int)
    out = np.array([samples[a:b].max() if b > a else 0.0 for a, b in zip(edges[:-1], edges[1:])], np.float32)
    top = out.max()
    return out / top if top > 0 else out


@dataclass
class Shade:
    cls: str  # spoken | pause
    x: float
    width: float


@dataclass
class Waveform:
    """What the waveform SVG draws (templates/_macros.html): peaks as strokes, shades behind them."""

    duration: float
    shades: list[Shade]
    peaks: str  # the strokes, as an SVG path
    width: int = WAVE_BINS
    height: int = WAVE_HEIGHT


def waveform(audio: Audio, spoken: list[tuple[float, float]], pauses: list[tuple[float, float]]) -> Waveform:
    """Peaks as vertical strokes; spoken parts and long pauses shaded behind them."""
    duration = audio.duration_s or 1.0
    scale = WAVE_BINS / duration
    mid = WAVE_HEIGHT / 2
    shades = [Shade(cls, s * scale, max(d * scale, 1)) for cls, spans in (("spoken", spoken), ("pause", pauses))
              for s, d in spans]
    strokes = " ".join(
        f"M{i + .5} {mid - p * mid * .95:.1f}V{mid + p * mid * .95:.1f}"
        for i, p in enumerate(peaks(audio.samples))
    )
    return Waveform(duration, shades, strokes)


def spoken_spans(words: list[dict], max_gap: float) -> list[tuple[float, float]]:
    """Word timings merged into (start, duration) runs; a gap over ``max_gap`` starts a new run."""
    spans: list[list[float]] = []
    for w in words:
        if spans and w["start"] - spans[-1][1] <= max_gap:
            spans[-1][1] = max(spans[-1][1], w["end"])
        else:
            spans.append([w["start"], w["end"]])
    return [(a, b - a) for a, b in spans]


# --- the transcript ---------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9']+")


def _norm(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


def timed_words(transcript: dict | None) -> list[dict]:
    """The transcript's timed words; a piece Whisper gives as its own word ("long", "-term") joins the word before."""
    if not transcript:
        return []
    words = [w for s in transcript.get("segments") or [] for w in s.get("words") or []]
    joined: list[dict] = []
    for w in words or transcript.get("words") or []:
        if joined and str(w.get("text", "")).startswith("-"):
            before = joined[-1]
            joined[-1] = {**before, "text": before["text"] + w["text"], "end": w.get("end", before.get("end"))}
        else:
            joined.append(w)
    return joined


def _timed_items(value: Any) -> list[dict]:
    """Fillers/hedges as the contract has them: a list, or a dict with ``items``."""
    if isinstance(value, dict):
        value = value.get("items") or []
    return [v for v in value or [] if isinstance(v, dict) and "start" in v]


@dataclass
class Span:
    """A run of transcript words (indices ``first``..``last``) that something marks."""

    first: int
    last: int
    kind: str  # filler | hedge | evidence | flag
    id: str | None = None  # component or flag id for evidence and flag spans


def word_spans(words: list[dict], result: dict) -> list[Span]:
    """Fillers and hedges (by time), and each present component's or flag's evidence (by text)."""
    spans: list[Span] = []
    delivery = result.get("delivery") or {}
    for kind in ("filler", "hedge"):
        for item in _timed_items(delivery.get(kind + "s")):
            span = _span_at(words, item, kind)
            if span:
                spans.append(span)
    content = result.get("content") or {}
    tokens = [_norm(w["text"]) for w in words]
    for kind, group in (("evidence", content.get("components")), ("flag", content.get("flags"))):
        for cid, ev in (group or {}).items():
            if ev.get("present"):
                for quote in ev.get("evidence") or []:
                    span = _span_of_quote(tokens, _norm(quote), kind, cid)
                    if span:
                        spans.append(span)
    return spans


def word_marks(words: list[dict], result: dict) -> list[set[str]]:
    """For each word, the classes it gets: filler, hedge, evidence, flag."""
    marks: list[set[str]] = [set() for _ in words]
    for span in word_spans(words, result):
        for i in range(span.first, span.last + 1):
            marks[i].add(span.kind)
    return marks


def _span_at(words: list[dict], item: dict, kind: str) -> Span | None:
    # Match by time, not text: the same word may be a filler in one place and not another.
    n = max(1, len(_norm(item.get("text", ""))))
    best = min(range(len(words)), key=lambda i: abs(words[i]["start"] - item["start"]), default=None)
    if best is None or abs(words[best]["start"] - item["start"]) > TIME_MATCH_S:
        return None
    return Span(best, min(best + n, len(words)) - 1, kind)


def _span_of_quote(tokens: list[list[str]], quote: list[str], kind: str, cid: str) -> Span | None:
    flat = [(i, t) for i, ts in enumerate(tokens) for t in ts]
    n = len(quote)
    for k in range(len(flat) - n + 1) if n else ():
        if [t for _, t in flat[k : k + n]] == quote:
            return Span(flat[k][0], flat[k + n - 1][0], kind, cid)
    return None


@dataclass
class Word:
    text: str
    start: float
    marks: list[str]  # filler, hedge, evidence, flag: sorted
    pause: float | None = None  # a long pause before the word, in seconds


@dataclass
class TranscriptView:
    """The words with their marks, or, with no word timings, the text alone."""

    words: list[Word]
    text: str = ""
    seekable: bool = False  # each word carries its start time, for report.js to seek the audio


def transcript_view(words: list[dict], result: dict, *, long_pause_s: float, seekable: bool) -> TranscriptView:
    if not words:
        return TranscriptView([], result.get("transcript") or "")
    marks = word_marks(words, result)
    pauses = {round(p["start"], 2): p["duration"] for p in (result.get("delivery") or {}).get("long_pauses") or []}
    out, prev_end = [], None
    for w, m in zip(words, marks):
        gap_start = round(prev_end, 2) if prev_end is not None else None
        long_pause = prev_end is not None and (w["start"] - prev_end > long_pause_s or gap_start in pauses)
        out.append(Word(w["text"], w["start"], sorted(m), w["start"] - prev_end if long_pause else None))
        prev_end = w["end"]
    return TranscriptView(out, seekable=seekable)


# --- checklist, bands, feedback -----------------------------------------------------


@dataclass
class CheckRow:
    id: str
    label: str
    present: bool  # a part heard, a red flag raised
    evidence: list[str]
    near: list[str] = field(default_factory=list)  # a part not credited: what came close (the feedback is unsure)
    tentative: bool = False  # a red flag raised that the analysis is not sure of (the feedback asks about it)


@dataclass
class CheckGroup:
    heading: str
    flags: bool  # red flags, not parts: marked raised or not raised
    rows: list[CheckRow]


def checklist(result: dict, labels: dict[str, str]) -> list[CheckGroup]:
    content = result.get("content") or {}

    def rows(group: dict | None) -> list[CheckRow]:
        return [CheckRow(cid, labels.get(cid) or cid.replace("_", " "), bool(ev.get("present")),
                         list(ev.get("evidence") or []), [] if ev.get("present") else list(ev.get("near") or []),
                         bool(ev.get("tentative")))
                for cid, ev in (group or {}).items()]

    return [CheckGroup("Content", False, rows(content.get("components"))),
            CheckGroup("Red flags", True, rows(content.get("flags")))]


@dataclass
class BandPart:
    cls: str  # good | ok | bad
    width: float  # percent of the bar
    name: str


@dataclass
class Tick:
    left: float  # percent of the bar
    value: float


@dataclass
class Band:
    """A bar from scale[0] to scale[1] split into coloured parts, with a marker at the value."""

    label: str
    value: float | None
    unit: str
    parts: list[BandPart]
    ticks: list[Tick]
    marker: float | None  # percent of the bar; None without a value


def band(label: str, value: float | None, unit: str, scale: tuple[float, float],
         parts: list[tuple[float, str, str]]) -> Band:
    """``parts`` are (upper bound, class, name) in order."""
    low, high = scale
    pct = lambda v: 100 * (min(max(v, low), high) - low) / (high - low)  # noqa: E731
    shown, ticks, prev = [], [], low
    for upper, cls, name in parts:
        upper = min(upper, high)
        if upper <= prev:
            continue
        shown.append(BandPart(cls, pct(upper) - pct(prev), name))
        if upper < high:
            ticks.append(Tick(pct(upper), upper))
        prev = upper
    return Band(label, value, unit, shown, ticks, None if value is None else pct(value))


@dataclass
class Bands:
    """Length and pace: the length as a band (or, for a text, its words), then pace and fillers if measured."""

    length: Band | None
    words: Any = "-"
    length_label: str = ""
    rate: Band | None = None  # None: delivery not measured (a transcript)
    fillers: Band | None = None
    articulation: float | None = None


_LENGTH_CLASS = {"good": "good", "brief": "ok", "long": "ok"}


def bands(result: dict, targets: Targets) -> Bands:
    length = result.get("length") or {}
    delivery = result.get("delivery") or {}
    if length.get("seconds") is not None:
        parts = [(upper, _LENGTH_CLASS.get(v, "bad"), targets.length_label(v)) for v, upper in targets.length_bands]
        out = Bands(band(f"Length ({targets.length_label(length.get('verdict'))})", length["seconds"], "s",
                         (0, LENGTH_SCALE_S), parts))
    else:
        out = Bands(None, length.get("words", "-"), targets.length_label(length.get("verdict")))
    if delivery:
        lo, hi = targets.rate_good
        rate_parts = [(targets.rate_slow, "bad", "slow"), (lo, "ok", "a little slow"), (hi, "good", "good"),
                      (targets.rate_fast, "ok", "a little fast"), (PACE_SCALE_WPM[1], "bad", "fast")]
        out.rate = band("Speech rate", delivery.get("speech_rate_wpm"), "wpm", PACE_SCALE_WPM, rate_parts)
        fillers = (delivery.get("fillers") or {}).get("per_minute")
        filler_parts = [(targets.fillers_good, "good", "good"), (targets.fillers_distracting, "ok", "noticeable"),
                        (FILLER_SCALE_PER_MIN, "bad", "distracting")]
        out.fillers = band("Fillers per minute", fillers, "a minute", (0, FILLER_SCALE_PER_MIN), filler_parts)
        out.articulation = delivery.get("articulation_rate_wpm")
    return out


NOT_MEASURED = "not measured for text"  # delivery of a transcript: no recording, so no pace or fillers


@dataclass
class Fix:
    text: str
    fix: str | None


def feedback_blocks(result: dict) -> list[str | list[Fix]]:
    """The written feedback's paragraphs, with every point to fix (a list of Fix) where it lists the first
    few: the written text keeps only those (rubric max_written_gaps), the report has room for all of them
    (``feedback.points``)."""
    from .feedback import FIX_HEADING, GAP_KINDS

    feedback = result.get("feedback") or {}
    written = feedback.get("written") or ""
    paragraphs = [p.strip() for p in written.split("\n\n") if p.strip()] or ["(no written feedback)"]
    gaps = [Fix(p.get("text") or "", p.get("fix") or None) for p in feedback.get("points") or []
            if p.get("kind") in GAP_KINDS]
    out: list[str | list[Fix]] = []
    for p in paragraphs:
        if gaps and p.startswith(FIX_HEADING):
            out.append(gaps)
            gaps = []
        else:
            out.append(p)
    if gaps:  # the written text listed none of them (max_written_gaps = 0)
        out.append(gaps)
    return out


# --- the page ---------------------------------------------------------------------


def _local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def render(record: dict, *, audio: Audio | None, targets: Targets, history=None, title: str | None = None) -> str:
    """The report for one attempt record (templates/report.html); ``history`` is a progress.Progress for the chart."""
    from .feedback import FIX_HEADING
    from .templating import render as render_template

    result = record.get("result") or {}
    question = (record.get("question") or {}).get("text") or result.get("question_id") or ""
    name = title or record.get("id") or result.get("input") or "attempt"
    shown_input = "" if result.get("input") == name else result.get("input") or ""
    meta = " · ".join(x for x in (_local_time(record.get("created_at")), shown_input,
                                  "" if record.get("complete", True) else "incomplete") if x)
    error = None
    if result.get("status") == "error" or not result:
        err = result.get("error") or {}
        error = {"kind": kind_label(err["kind"]) if err.get("kind") else "",
                 "message": err.get("message") or "no result saved"}
    words = timed_words(record.get("transcript"))
    scored = result.get("status") == "ok"
    parts = {}  # what only a scored answer has
    if scored:
        exchange = record.get("exchange") or {}
        whole = exchange.get("result") if (exchange.get("result") or {}).get("status") == "ok" else None
        checked = whole or result  # with follow-ups, the checklist and feedback are on the whole exchange
        parts = dict(
            transcript=transcript_view(words, result, long_pause_s=targets.long_pause_s, seekable=audio is not None),
            follow_ups=follow_ups(exchange, targets) if exchange.get("follow_ups") else None,
            whole_exchange=whole is not None, checklist=checklist(checked, targets.labels),
            bands=bands(result, targets), not_measured=NOT_MEASURED,
            feedback=feedback_blocks(checked), fix_heading=FIX_HEADING,
        )
    return render_template(
        "report.html", name=name, heading=question or "Answer report", meta=meta, error=error,
        summary=None if error else {"score": result.get("score", "-"), "verdict": result.get("verdict") or "-",
                                    "breakdown": breakdown_text(result)},
        audio=_audio(audio, _spoken(record.get("transcript"), words, targets.pause_gap_s), result),
        scored=scored, **parts,
        history=_history(history, record.get("id"), targets) if history is not None and len(history.points) >= 2
        else None,
        settings=_settings_text(record),
    )


@dataclass
class FollowUp:
    n: int
    question: str
    transcript: TranscriptView
    closed: bool  # it gave what was asked
    name: str  # what was asked, by name ("a goal")
    evidence: str


@dataclass
class FollowUps:
    asked: list[FollowUp]
    remaining: list[str]
    scored: bool = False  # the whole exchange was scored: its verdict next to the first answer's
    first_verdict: Any = None
    first_score: Any = None
    verdict: Any = None
    score: Any = None


def follow_ups(exchange: dict, targets: Targets) -> FollowUps:
    """Each follow-up: the question, the answer (evidence marked) and whether it gave what was asked;
    then the verdict of the first answer alone next to that of the whole exchange, and what is still open."""
    asked = []
    for n, f in enumerate(exchange.get("follow_ups") or [], 1):
        answer = f.get("result") or {}
        text = transcript_view(timed_words(f.get("transcript")),
                               answer or {"transcript": (f.get("transcript") or {}).get("text")},
                               long_pause_s=targets.long_pause_s, seekable=False)
        asked.append(FollowUp(n, f.get("question") or "", text, bool(f.get("closed")), _gap_name(f.get("gap")),
                              f.get("evidence") or ""))
    out = FollowUps(asked, list(exchange.get("remaining") or []))
    whole = exchange.get("result") or {}
    if whole.get("status") == "ok":
        out.scored = True
        out.first_verdict, out.first_score = exchange.get("first_verdict"), exchange.get("first_score")
        out.verdict, out.score = whole.get("verdict"), whole.get("score")
    return out


def _gap_name(gap_id: str | None) -> str:
    from .errors import SimulatorError
    from .followup import load_follow_ups

    if not gap_id:
        return ""
    try:
        return load_follow_ups().gap(gap_id).name
    except (SimulatorError, StopIteration):
        return "what was asked"


def breakdown_text(result: dict) -> str:
    """"content 41 of 60, length 20 of 20, delivery 15 of 20; 76 points, placed in the strong band (75-100)".

    A transcript has no delivery: it says so, rather than "delivery 0", which reads as a penalty.
    """
    parts = result.get("score_breakdown") or {}
    weights = parts.get("weights") if isinstance(parts.get("weights"), dict) else {}
    shown = []
    for key in ("content", "length", "delivery"):
        value, weight = parts.get(key), weights.get(key)
        if key == "delivery" and result.get("delivery") is None:
            shown.append(f"delivery {NOT_MEASURED}")
        elif isinstance(value, (int, float)):
            shown.append(f"{key} {value:.0f}" + (f" of {weight:.0f}" if isinstance(weight, (int, float)) else ""))
    text = ", ".join(shown)
    band, verdict = parts.get("band"), result.get("verdict")
    if isinstance(parts.get("points"), (int, float)) and isinstance(band, list) and len(band) == 2 and verdict:
        text += f"; {parts['points']:.0f} points, placed in the {verdict} band ({band[0]:.0f}-{band[1]:.0f})"
    return text


def _spoken(transcript: dict | None, words: list[dict], gap: float) -> list[tuple[float, float]]:
    """Spoken parts as (start, duration): the voice detector's intervals, else the word timings."""
    speech = (transcript or {}).get("speech")
    if speech:
        return [(a, b - a) for a, b in speech]
    return spoken_spans(words, gap)


@dataclass
class AudioView:
    wave: Waveform
    src: str  # the answer as a data: URI


def _audio(audio: Audio | None, spoken: list[tuple[float, float]], result: dict) -> AudioView | None:
    if audio is None:
        return None
    delivery = result.get("delivery") or {}
    pauses = [(p["start"], p["duration"]) for p in delivery.get("long_pauses") or []]
    src = "data:audio/wav;base64," + base64.b64encode(wav_bytes(audio)).decode("ascii")
    return AudioView(waveform(audio, spoken, pauses), src)


@dataclass
class HistoryView:
    attempts: int
    chart: Any  # progress.Chart
    trends: list  # progress.Trend: label and sparkline of each measure
    missing: str


def _history(history, current_id: str | None, targets: Targets) -> HistoryView:
    from . import progress

    n = len(history.points)
    missing = progress.format_missing(history, targets.name)  # as the terminal says it, parts by name
    return HistoryView(n, progress.chart_view(history, "score", highlight=current_id), history.trends(), missing)


def _settings_text(record: dict) -> str:
    settings = record.get("settings") or {}
    return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in settings.items()
                     if isinstance(v, (str, int, float, bool)))



# --- writing files ----------------------------------------------------------------


def write_attempt_report(ref: str = "last", out: Path | None = None, *, rubric=None, scored: bool = True) -> Path:
    """Write the report of a saved attempt (default ``./report-<id>.html``); returns the path.

    ``last`` is the last scored attempt unless ``scored`` is False (then the newest of all).
    """
    attempt_id, text = attempt_report(ref, rubric=rubric, scored=scored)
    out = output_path(out, f"report-{attempt_id}.html")
    try:
        return atomic_write_bytes(out, text.encode("utf-8"))
    except OSError as e:
        raise OutputError(f"cannot write {out} ({e.strerror or e})") from None


def attempt_report(ref: str = "last", *, rubric=None, scored: bool = True) -> tuple[str, str]:
    """A saved attempt's report, as `report` writes it and serve shows it: (the attempt's id, the HTML).

    The rubric is the question's unless given; the progress chart is of the attempts at the same question.
    """
    from . import progress, store
    from .audio import load_audio
    from .rubric import load_rubric

    attempt = store.load_attempt(ref, scored=scored)
    wav = attempt.dir.answer_wav
    # a header-only answer.wav (a page or a Ctrl-C before any sound) has nothing to play
    audio = load_audio(wav, max_seconds=None) if wav.is_file() and wav.stat().st_size > 44 else None
    question = _question(attempt.question_id)
    rubric = rubric or (load_rubric(question.rubric) if question else load_rubric())
    record = attempt.record
    if question and not (record.get("question") or {}).get("text"):
        record = {**record, "question": {"id": question.id, "text": question.text}}
    return attempt.id, render(record, audio=audio, targets=targets_from_rubric(rubric),
                              history=progress.collect(question=attempt.question_id))


def _question(question_id: str | None):
    from .errors import SimulatorError
    from .question import load_question

    try:
        return load_question(question_id)
    except SimulatorError:
        return None


def record_from_result(result, *, settings: dict | None = None) -> dict:
    """A ScoreResult in the store's record shape, so scored files render like saved attempts."""
    from . import serialize

    record = {
        "id": Path(result.input).name if result.input else "input",
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "result": serialize.result_to_dict(result),
        "transcript": serialize.transcript_to_dict(result.analysis.transcript) if result.analysis else None,
        "settings": dict(settings or {}),
        "complete": result.status == "ok",
    }
    if result.analysis is not None:
        record["settings"] = {**serialize.analysis_settings(result.analysis), **record["settings"]}
    return record


class BatchReport:
    """``score --out DIR --format html``: each input's page as soon as it is scored, then ``index.html``.

    Page names are unique and never ``index`` (an input named index.txt gets index-2.html).
    Writing raises OutputError; a page that could not be written is left out of the index.
    """

    def __init__(self, out_dir: Path, *, rubric=None):
        from .rubric import load_rubric

        self.out_dir = Path(out_dir)
        self.targets = targets_from_rubric(rubric or load_rubric())
        self.rows: list[tuple[str, dict]] = []
        self.used = {"index"}

    def add(self, result, name: str | None = None) -> Path:
        """Write one result's page (``name``.html, or a unique name from its input) and return it."""
        record = record_from_result(result)
        question = _question(result.analysis.question_id) if result.analysis else None
        if question:
            record["question"] = {"id": question.id, "text": question.text}
        name = name or unique_stem(Path(result.input or "input").stem, self.used)
        page = self.out_dir / f"{name}.html"
        html_text = render(record, audio=_batch_audio(result), targets=self.targets, title=result.input)
        _write(page, html_text)
        self.rows.append((page.name, record["result"]))
        return page

    def finish(self) -> Path:
        return _write(self.out_dir / "index.html", index_page(self.rows, self.targets))


def _batch_audio(result) -> Audio | None:
    from .audio import load_audio

    if result.status != "ok" or result.path is None or not (result.analysis and result.analysis.delivery):
        return None
    try:
        return load_audio(result.path)
    except Exception as e:  # the score stands; only the player is left out
        log.warning("%s: no audio in the report (%s)", result.input, e)
        return None


def _write(path: Path, text: str) -> Path:
    try:
        return atomic_write_bytes(path, text.encode("utf-8"))
    except OSError as e:
        raise OutputError(f"cannot write {path} ({e.strerror or e})") from None


def write_batch(results: Iterable, out_dir: Path, *, rubric=None) -> Path:
    """Every result's page and the index at once; returns the index."""
    batch = BatchReport(out_dir, rubric=rubric)
    for result in results:
        batch.add(result)
    return batch.finish()


# Text has no seconds: for sorting by length, its words count at the rubric's "about 150 words a minute".
WORDS_PER_SECOND = 150 / 60
VERDICT_RANK = {"strong": 3, "adequate": 2, "weak": 1}


def display_names(inputs: list[str]) -> tuple[str, list[str]]:
    """Inputs relative to the folder they share (``answers/``): (that folder, each input under it).

    A coach scores a folder and reads its files by their names there, not by absolute paths; inputs
    from several folders keep the part that tells them apart. The folder is shown relative to the
    current directory when it is inside it.
    """
    if not inputs:
        return "", []
    absolute = [os.path.abspath(i) for i in inputs]
    try:
        common = os.path.commonpath([os.path.dirname(a) for a in absolute])
    except ValueError:  # different drives: nothing in common
        return "", list(inputs)
    names = [os.path.relpath(a, common) for a in absolute]
    here = os.path.abspath(os.curdir)
    folder = os.path.relpath(common, here) if common == here or common.startswith(here + os.sep) else common
    return (folder.rstrip(os.sep) + os.sep if folder != "." else "." + os.sep), names


@dataclass
class IndexRow:
    """One input's row in the batch index: what it shows, and the values its columns sort by."""

    page: str
    shown: str  # the input, under the folder the batch shares
    scored: bool
    problem: str = ""  # not scored: what went wrong ("no speech: ...")
    score: Any = None
    verdict: str = ""
    rank: int = 0  # the verdict, for sorting
    length_label: str = ""
    size: str = ""  # m:ss, or words for a text
    sort_length: float = 0.0  # seconds (a text's words at the rubric's pace)
    missing: list[str] = field(default_factory=list)  # parts the feedback calls missing, by name
    unsure: list[str] = field(default_factory=list)  # parts not credited that something came close to
    flags: list[str] = field(default_factory=list)  # red flags raised, by name


def index_row(page: str, shown: str, r: dict, targets: Targets) -> IndexRow:
    if r.get("status") != "ok":
        err = r.get("error") or {}
        problem = f'{kind_label(err.get("kind") or "error")}: {err.get("message") or "not scored"}'
        return IndexRow(page, shown, False, problem)
    content = r.get("content") or {}
    absent = {cid: ev for cid, ev in (content.get("components") or {}).items() if not ev.get("present")}
    # as the feedback and the score table say it: a part something came close to is unsure, not missing
    missing = [cid for cid, ev in absent.items() if not ev.get("near")]
    unsure = [cid for cid, ev in absent.items() if ev.get("near")]
    flags = {cid: ev.get("tentative") for cid, ev in (content.get("flags") or {}).items() if ev.get("present")}
    length = r.get("length") or {}
    seconds, words = length.get("seconds"), length.get("words") or r.get("words") or 0
    verdict = str(r.get("verdict") or "")
    return IndexRow(page, shown, True, score=r.get("score"), verdict=verdict, rank=VERDICT_RANK.get(verdict, 0),
                    length_label=targets.length_label(length.get("verdict")),
                    size=_mmss(seconds) if seconds is not None else f"{words} words",
                    sort_length=seconds if seconds is not None else words / WORDS_PER_SECOND,
                    missing=[targets.name(c) for c in missing], unsure=[targets.name(c) for c in unsure],
                    flags=[targets.name(c) + " (not sure)" * bool(unsure_flag) for c, unsure_flag in flags.items()])


def _mmss(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def index_page(rows: list[tuple[str, dict]], targets: Targets) -> str:
    """The batch at a glance for a coach (templates/index.html): a summary line, then one row per input."""
    from .formats import summary
    from .templating import render as render_template

    folder, shown = display_names([r.get("input") or page for page, r in rows])
    return render_template("index.html", folder=folder, summary=summary([r for _, r in rows]),
                           rows=[index_row(page, name, r, targets) for (page, r), name in zip(rows, shown)])

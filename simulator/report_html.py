"""The attempt report: one self-contained HTML file.

Everything is inside the file (styles, script, the audio as a data: URI, the waveform and charts
as inline SVG), so it opens anywhere, offline, and makes no network fetches. The report reads an
attempt's record (the store's attempt.json shape), so saved attempts and freshly scored files
(``score --out DIR --format html``) render the same way.
"""

from __future__ import annotations

import base64
import html
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

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
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


def waveform_svg(audio: Audio, spoken: list[tuple[float, float]], pauses: list[tuple[float, float]]) -> str:
    """Peaks as vertical strokes; spoken parts and long pauses shaded behind them."""
    duration = audio.duration_s or 1.0
    scale = WAVE_BINS / duration
    mid = WAVE_HEIGHT / 2
    shades = [
        f'<rect class="{cls}" x="{s * scale:.1f}" y="0" width="{max(d * scale, 1):.1f}" height="{WAVE_HEIGHT}"/>'
        for cls, spans in (("spoken", spoken), ("pause", pauses))
        for s, d in spans
    ]
    strokes = " ".join(
        f"M{i + .5} {mid - p * mid * .95:.1f}V{mid + p * mid * .95:.1f}"
        for i, p in enumerate(peaks(audio.samples))
    )
    return (
        f'<svg id="wave" class="wave" data-duration="{duration:.3f}" viewBox="0 0 {WAVE_BINS} {WAVE_HEIGHT}" '
        f'preserveAspectRatio="none" role="img" aria-label="waveform" xmlns="http://www.w3.org/2000/svg">'
        f'{"".join(shades)}<path class="peaks" d="{strokes}"/>'
        f'<line id="playhead" class="playhead" x1="0" y1="0" x2="0" y2="{WAVE_HEIGHT}"/></svg>'
    )


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
    if not transcript:
        return []
    words = [w for s in transcript.get("segments") or [] for w in s.get("words") or []]
    return words or list(transcript.get("words") or [])


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


def transcript_html(words: list[dict], result: dict, *, long_pause_s: float, seekable: bool) -> str:
    if not words:
        return f'<p class="transcript">{html.escape(result.get("transcript") or "")}</p>'
    marks = word_marks(words, result)
    pauses = {round(p["start"], 2): p["duration"] for p in (result.get("delivery") or {}).get("long_pauses") or []}
    out, prev_end = [], None
    for w, m in zip(words, marks):
        gap_start = round(prev_end, 2) if prev_end is not None else None
        if prev_end is not None and (w["start"] - prev_end > long_pause_s or gap_start in pauses):
            out.append(f'<span class="gap" title="long pause">[{w["start"] - prev_end:.1f} s pause]</span>')
        cls = " ".join(["w", *sorted(m)])
        start = f' data-start="{w["start"]:.2f}"' if seekable else ""
        out.append(f'<span class="{cls}"{start} title="{w["start"]:.1f} s">{html.escape(w["text"])}</span>')
        prev_end = w["end"]
    return '<p class="transcript" id="transcript">' + " ".join(out) + "</p>"


# --- checklist, bands, feedback -----------------------------------------------------


# (class, mark, words) for a part heard or not, and a red flag raised or not. A flag that is not raised
# gets a neutral mark and says so: a green tick beside "Plans to leave" reads as "yes, plans to leave".
_PART_STATE = {True: ("ok", "&#10003;", "heard"), False: ("no", "&#10007;", "not heard")}
_FLAG_STATE = {True: ("flagged", "&#9888;", "raised"), False: ("clear", "&#8211;", "not raised")}


def checklist_html(result: dict, labels: dict[str, str]) -> str:
    content = result.get("content") or {}

    def items(group: dict, is_flag: bool) -> str:
        rows = []
        for cid, ev in (group or {}).items():
            cls, mark, words = (_FLAG_STATE if is_flag else _PART_STATE)[bool(ev.get("present"))]
            quotes = "".join(f"<q>{html.escape(q)}</q>" for q in ev.get("evidence") or [])
            rows.append(
                f'<li class="{cls}" data-id="{html.escape(cid)}"><span class="mark" aria-hidden="true">{mark}</span>'
                f'{html.escape(labels.get(cid) or cid.replace("_", " "))} <span class="state">{words}</span>{quotes}</li>'
            )
        return "<ul>" + "".join(rows) + "</ul>"

    return (
        '<div class="checklist" id="checklist">'
        f'<div><h3>Content</h3>{items(content.get("components"), False)}</div>'
        f'<div><h3>Red flags</h3>{items(content.get("flags"), True)}</div></div>'
    )


def _band_html(label: str, value: float | None, unit: str, scale: tuple[float, float], parts: list[tuple[float, str, str]]) -> str:
    """A bar from scale[0] to scale[1] split into coloured parts (upper bound, class, name), with a marker."""
    low, high = scale
    pct = lambda v: 100 * (min(max(v, low), high) - low) / (high - low)  # noqa: E731
    spans, ticks, prev = [], [], low
    for upper, cls, name in parts:
        upper = min(upper, high)
        if upper <= prev:
            continue
        spans.append(f'<span class="{cls}" style="width:{pct(upper) - pct(prev):.2f}%" title="{html.escape(name)}"></span>')
        if upper < high:
            ticks.append(f'<span style="left:{pct(upper):.2f}%">{upper:g}</span>')
        prev = upper
    shown = "-" if value is None else f"{value:.0f} {unit}"
    marker = "" if value is None else f'<div class="marker" style="left:calc({pct(value):.2f}% - 1px)"></div>'
    return (
        f'<div class="band"><div class="label">{html.escape(label)}: <b>{shown}</b></div>'
        f'<div class="bar">{"".join(spans)}{marker}</div><div class="ticks">{"".join(ticks)}</div></div>'
    )


_LENGTH_CLASS = {"good": "good", "brief": "ok", "long": "ok"}


def bands_html(result: dict, targets: Targets) -> str:
    length = result.get("length") or {}
    delivery = result.get("delivery") or {}
    out = []
    if length.get("seconds") is not None:
        parts = [(upper, _LENGTH_CLASS.get(v, "bad"), targets.length_label(v)) for v, upper in targets.length_bands]
        out.append(_band_html(f"Length ({targets.length_label(length.get('verdict'))})", length["seconds"], "s",
                              (0, LENGTH_SCALE_S), parts))
    else:
        out.append(f'<p>Length: <b>{html.escape(str(length.get("words", "-")))} words</b> '
                   f'({html.escape(targets.length_label(length.get("verdict")))})</p>')
    if not delivery:
        out.append(f'<p class="breakdown" id="no-delivery">Pace, fillers and pauses: {NOT_MEASURED}.</p>')
    else:
        lo, hi = targets.rate_good
        rate_parts = [(targets.rate_slow, "bad", "slow"), (lo, "ok", "a little slow"), (hi, "good", "good"),
                      (targets.rate_fast, "ok", "a little fast"), (PACE_SCALE_WPM[1], "bad", "fast")]
        out.append(_band_html("Speech rate", delivery.get("speech_rate_wpm"), "wpm", PACE_SCALE_WPM, rate_parts))
        fillers = (delivery.get("fillers") or {}).get("per_minute")
        filler_parts = [(targets.fillers_good, "good", "good"), (targets.fillers_distracting, "ok", "noticeable"),
                        (FILLER_SCALE_PER_MIN, "bad", "distracting")]
        out.append(_band_html("Fillers per minute", fillers, "a minute", (0, FILLER_SCALE_PER_MIN), filler_parts))
        art = delivery.get("articulation_rate_wpm")
        if art is not None:
            out.append(f"<p class=\"breakdown\">Articulation rate (pauses removed): {art:.0f} wpm. "
                       "Speech rate counts the whole answer, first word to last.</p>")
    return "".join(out)


NOT_MEASURED = "not measured for text"  # delivery of a transcript: no recording, so no pace or fillers


def feedback_html(result: dict) -> str:
    """The written feedback, with every point to fix: the written text keeps only the first few
    (rubric max_written_gaps), the report has room for all of them (``feedback.points``)."""
    from .feedback import FIX_HEADING, GAP_KINDS

    feedback = result.get("feedback") or {}
    written = feedback.get("written") or ""
    paragraphs = [p.strip() for p in written.split("\n\n") if p.strip()] or ["(no written feedback)"]
    gaps = [p for p in feedback.get("points") or [] if p.get("kind") in GAP_KINDS]
    out = []
    for p in paragraphs:
        if gaps and p.startswith(FIX_HEADING):
            out.append(_fixes_html(gaps, FIX_HEADING))
            gaps = []
        else:
            out.append(f"<p>{html.escape(p)}</p>")
    if gaps:  # the written text listed none of them (max_written_gaps = 0)
        out.append(_fixes_html(gaps, FIX_HEADING))
    return "".join(out)


def _fixes_html(gaps: list[dict], heading: str) -> str:
    items = "".join(
        f'<li>{html.escape(g.get("text") or "")}'
        + (f'<br><span class="fix">Fix: {html.escape(g["fix"])}</span>' if g.get("fix") else "") + "</li>"
        for g in gaps
    )
    return f'<div id="fixes"><p>{html.escape(heading)}</p><ol class="fixes">{items}</ol></div>'


# --- the page ---------------------------------------------------------------------


def _asset(name: str) -> str:
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def _page(title: str, body: str, *, script: str | None = "report.js") -> str:
    # The CSP forbids every fetch except data: URIs, so a report can never phone home.
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_asset('report.css')}</style></head>"
        f"<body><main>{body}</main>"
        + (f"<script>{_asset(script)}</script>" if script else "")
        + "</body></html>\n"
    )


def _local_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def render(record: dict, *, audio: Audio | None, targets: Targets, history=None, title: str | None = None) -> str:
    """The report for one attempt record; ``history`` is a progress.Progress for the chart."""
    result = record.get("result") or {}
    question = (record.get("question") or {}).get("text") or result.get("question_id") or ""
    name = title or record.get("id") or result.get("input") or "attempt"
    shown_input = "" if result.get("input") == name else result.get("input") or ""
    meta = " · ".join(x for x in (_local_time(record.get("created_at")), html.escape(shown_input),
                                  "" if record.get("complete", True) else "incomplete") if x)
    body = [f"<header><h1>{html.escape(question or 'Answer report')}</h1><div class=\"meta\">{html.escape(name)}"
            f"{' · ' + meta if meta else ''}</div></header>"]
    if result.get("status") == "error" or not result:
        err = result.get("error") or {}
        kind = f" ({kind_label(err['kind'])})" if err.get("kind") else ""
        body.append(f'<section><p class="error">Not scored{html.escape(kind)}: '
                    f'{html.escape(err.get("message") or "no result saved")}</p></section>')
    else:
        body.append(_summary_html(result))
    words = timed_words(record.get("transcript"))
    body.append(_audio_section(audio, _spoken(record.get("transcript"), words, targets.pause_gap_s), result))
    if result.get("status") == "ok":
        body.append("<section><h2>Transcript</h2>"
                    + transcript_html(words, result, long_pause_s=targets.long_pause_s, seekable=audio is not None)
                    + '<div class="legend"><i style="background:var(--filler)"></i>filler'
                    '<i style="background:var(--hedge)"></i>hedge<i style="box-shadow:inset 0 -3px 0 #58b883"></i>'
                    'rubric evidence<i style="background:#fadbd7"></i>red flag</div></section>')
        exchange = record.get("exchange") or {}
        if exchange.get("follow_ups"):
            body.append(exchange_html(exchange, targets))
        whole = exchange.get("result") if (exchange.get("result") or {}).get("status") == "ok" else None
        checked = whole or result  # with follow-ups, the checklist and feedback are on the whole exchange
        heading = "Rubric checklist (the whole exchange)" if whole else "Rubric checklist"
        body.append(f"<section><h2>{heading}</h2>{checklist_html(checked, targets.labels)}</section>")
        body.append(f"<section><h2>Length and pace</h2>{bands_html(result, targets)}</section>")
        body.append(f'<section class="feedback"><h2>Feedback</h2>{feedback_html(checked)}</section>')
    if history is not None and len(history.points) >= 2:
        body.append(_history_html(history, record.get("id"), targets))
    body.append(_settings_html(record))
    return _page(f"{name} - mock-interview report", "".join(body))


def exchange_html(exchange: dict, targets: Targets) -> str:
    """Each follow-up: the question, the answer (evidence marked) and whether it gave what was asked;
    then the verdict of the first answer alone next to that of the whole exchange, and what is still open."""
    out = ['<section id="follow-ups"><h2>Follow-up</h2>']
    for n, f in enumerate(exchange.get("follow_ups") or [], 1):
        answer = f.get("result") or {}
        words = timed_words(f.get("transcript"))
        text = transcript_html(words, answer or {"transcript": (f.get("transcript") or {}).get("text")},
                               long_pause_s=targets.long_pause_s, seekable=False)
        text = text.replace(' id="transcript"', f' id="follow-up-{n}-transcript"')
        name = _gap_name(f.get("gap"))
        if f.get("closed"):
            said = f'<p class="closed">&#10003; It gave {html.escape(name)}: &ldquo;{html.escape(f.get("evidence") or "")}&rdquo;</p>'
        elif name:
            said = f'<p class="open">&#8212; It did not give {html.escape(name)} yet.</p>'
        else:
            said = ""
        out.append(f'<h3>Follow-up question {n}</h3><p class="say">{html.escape(f.get("question") or "")}</p>'
                   f"<h3>Answer</h3>{text}{said}")
    whole = exchange.get("result") or {}
    if whole.get("status") == "ok":
        out.append(f'<p class="verdicts">First answer alone: {html.escape(str(exchange.get("first_verdict")))} '
                   f'(score {html.escape(str(exchange.get("first_score")))}). The whole exchange: '
                   f'{html.escape(str(whole.get("verdict")))} (score {html.escape(str(whole.get("score")))}).</p>')
    remaining = exchange.get("remaining") or []
    out.append(f"<p>Still open: {html.escape(', '.join(remaining))}.</p>" if remaining
               else "<p>Nothing important is left open.</p>")
    return "".join(out) + "</section>"


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


def _summary_html(result: dict) -> str:
    verdict = result.get("verdict") or "-"
    breakdown = breakdown_text(result)
    return (
        '<section class="summary" id="summary">'
        f'<div class="score">{result.get("score", "-")}<small>/100</small></div>'
        f'<div><span class="verdict {html.escape(verdict)}">{html.escape(verdict)}</span>'
        f'<div class="breakdown">{html.escape(breakdown)}</div></div></section>'
    )


def _spoken(transcript: dict | None, words: list[dict], gap: float) -> list[tuple[float, float]]:
    """Spoken parts as (start, duration): the voice detector's intervals, else the word timings."""
    speech = (transcript or {}).get("speech")
    if speech:
        return [(a, b - a) for a, b in speech]
    return spoken_spans(words, gap)


def _audio_section(audio: Audio | None, spoken: list[tuple[float, float]], result: dict) -> str:
    if audio is None:
        return ""
    delivery = result.get("delivery") or {}
    pauses = [(p["start"], p["duration"]) for p in delivery.get("long_pauses") or []]
    src = "data:audio/wav;base64," + base64.b64encode(wav_bytes(audio)).decode("ascii")
    return (
        "<section><h2>Answer audio</h2>"
        f"{waveform_svg(audio, spoken, pauses)}"
        '<div class="legend"><i style="background:#dce8ff"></i>speaking<i style="background:#ffd9d4"></i>long pause'
        " · click the waveform or any word to jump there</div>"
        f'<audio id="player" controls preload="auto" src="{src}"></audio></section>'
    )


def _history_html(history, current_id: str | None, targets: Targets) -> str:
    from . import progress

    sparks = " &nbsp; ".join(
        f"{html.escape(t.metric.label)} {html.escape(t.sparkline)}" for t in history.trends()
    )
    n = len(history.points)
    if history.usually_missing:  # by name: progress.format_missing (the terminal's) names the ids
        missing = html.escape("Usually missing: " + ", ".join(
            f"{targets.name(c)} ({history.missing_counts[c]}/{n})" for c in history.usually_missing))
    else:
        missing = html.escape(progress.format_missing(history))
    return (
        f'<section id="progress"><h2>Progress over {len(history.points)} attempts</h2>'
        f"{progress.svg_chart(history, 'score', highlight=current_id)}"
        f'<p class="sparks">{sparks}</p><p>{missing}</p></section>'
    )


def _settings_html(record: dict) -> str:
    settings = record.get("settings") or {}
    shown = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in settings.items()
                      if isinstance(v, (str, int, float, bool)))
    return f'<p class="settings">Settings: {html.escape(shown) or "-"}</p>'


# --- writing files ----------------------------------------------------------------


def write_attempt_report(ref: str = "last", out: Path | None = None, *, rubric=None, scored: bool = True) -> Path:
    """Write the report of a saved attempt (default ``./report-<id>.html``); returns the path.

    ``last`` is the last scored attempt unless ``scored`` is False (then the newest of all).
    """
    from . import progress, store
    from .audio import load_audio
    from .rubric import load_rubric

    attempt = store.load_attempt(ref, scored=scored)
    audio = load_audio(attempt.dir.answer_wav, max_seconds=None) if attempt.dir.answer_wav.is_file() else None
    history = progress.collect(question=attempt.question_id)
    question = _question(attempt.question_id)
    rubric = rubric or load_rubric(question.rubric if question else "career-goals")
    record = attempt.record
    if question and not (record.get("question") or {}).get("text"):
        record = {**record, "question": {"id": question.id, "text": question.text}}
    text = render(record, audio=audio, targets=targets_from_rubric(rubric), history=history)
    out = output_path(out, f"report-{attempt.id}.html")
    try:
        return atomic_write_bytes(out, text.encode("utf-8"))
    except OSError as e:
        raise OutputError(f"cannot write {out} ({e.strerror or e})") from None


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
        record["settings"] = {**result.analysis.transcript.options, "rubric_version": result.analysis.rubric_version,
                              **record["settings"]}
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
        return _write(self.out_dir / "index.html", _index_page(self.rows, self.targets))


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


def _index_row(page: str, shown: str, r: dict, targets: Targets) -> str:
    link = f'<td><a href="{html.escape(page)}">{html.escape(shown)}</a></td>'
    if r.get("status") != "ok":
        err = r.get("error") or {}
        attrs = f'data-input="{html.escape(shown)}" data-verdict="0"'
        problem = f'{kind_label(err.get("kind") or "error")}: {err.get("message") or "not scored"}'
        return (f'<tr {attrs}>{link}<td>-</td><td>not scored</td>'
                f'<td colspan="3" class="error">{html.escape(problem)}</td></tr>')
    content = r.get("content") or {}
    missing = [cid for cid, ev in (content.get("components") or {}).items() if not ev.get("present")]
    flags = [cid for cid, ev in (content.get("flags") or {}).items() if ev.get("present")]
    length = r.get("length") or {}
    seconds, words = length.get("seconds"), length.get("words") or r.get("words") or 0
    size = _mmss(seconds) if seconds is not None else f"{words} words"
    sort_length = seconds if seconds is not None else words / WORDS_PER_SECOND
    verdict = str(r.get("verdict") or "")

    def names(ids: list[str]) -> str:
        text = ", ".join(targets.name(c) for c in ids)
        return f"<td>{html.escape(text)}</td>" if ids else '<td class="none">none</td>'

    attrs = (f'data-input="{html.escape(shown)}" data-score="{r.get("score")}" '
             f'data-verdict="{VERDICT_RANK.get(verdict, 0)}" data-length="{sort_length:.1f}" '
             f'data-missing="{len(missing)}" data-flags="{len(flags)}"')
    return (f'<tr {attrs}>{link}<td>{html.escape(str(r.get("score")))}</td>'
            f'<td><span class="verdict {html.escape(verdict)}">{html.escape(verdict)}</span></td>'
            f'<td class="length">{html.escape(targets.length_label(length.get("verdict")))} · {html.escape(size)}</td>'
            f"{names(missing)}{names(flags)}</tr>")


def _mmss(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


INDEX_COLUMNS = [("input", "text", "Input"), ("score", "number", "Score"), ("verdict", "number", "Verdict"),
                 ("length", "number", "Length"), ("missing", "number", "Parts missing"),
                 ("flags", "number", "Red flags")]


def _index_page(rows: list[tuple[str, dict]], targets: Targets) -> str:
    """The batch at a glance for a coach: a summary line, then one row per input, sortable by any column."""
    from .formats import summary

    folder, shown = display_names([r.get("input") or page for page, r in rows])
    lines = [_index_row(page, name, r, targets) for (page, r), name in zip(rows, shown)]
    head = "".join(f'<th data-key="{key}" data-type="{kind}" aria-sort="none"><button type="button">{label}</button></th>'
                   for key, kind, label in INDEX_COLUMNS)
    where = f" in {folder}" if folder else ""
    body = (
        f'<header><h1>Scored answers</h1><div class="meta">{len(rows)} inputs{html.escape(where)}</div>'
        f'<p class="summary-line" id="batch-summary">{html.escape(summary([r for _, r in rows]))}</p></header>'
        '<section><p class="breakdown">Click a column&#39;s heading to sort by it; click again to reverse.</p>'
        f'<table class="index" id="results"><thead><tr>{head}</tr></thead><tbody>'
        + "".join(lines) + "</tbody></table></section>"
    )
    return _page("mock-interview batch report", body, script="index.js")

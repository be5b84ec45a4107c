"""Progress over saved attempts: is the speaker improving?

Reads the attempts' records (the store's attempt.json) and turns them into one point per
attempt, a trend per measure (table and unicode sparkline), the components that are usually
missing, and an inline SVG chart for the HTML report.
"""

from __future__ import annotations

import logging
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Callable, Iterable

from . import config

log = logging.getLogger(__name__)

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
SPARK_GAP = "·"  # an attempt without this measure (text input, interrupted recording)
CHART_SIZE = (640, 200)  # width, height of the SVG chart in px
CHART_PAD = (40, 16, 12, 28)  # left, top, right, bottom


@dataclass
class ProgressPoint:
    """One complete attempt, reduced to the measures that show progress."""

    id: str
    created_at: str
    question_id: str | None
    score: int | None
    verdict: str | None
    seconds: float | None
    words: int | None
    speech_rate_wpm: float | None
    fillers_per_minute: float | None
    missing: list[str] = field(default_factory=list)  # component ids not present
    flags: list[str] = field(default_factory=list)  # red-flag ids present
    follow_ups: list[str] = field(default_factory=list)  # gaps the interviewer followed up on
    closed: list[str] = field(default_factory=list)  # of those, the ones the follow-up answer closed
    result: dict = field(default_factory=dict, repr=False)  # the first answer's saved result


@dataclass(frozen=True)
class Metric:
    key: str  # attribute of ProgressPoint
    label: str
    unit: str
    higher_is_better: bool | None  # None: a band is the target, neither way is "better"


METRICS = (
    Metric("score", "Score", "points", True),
    Metric("seconds", "Length", "s", None),
    Metric("words", "Words", "", None),
    Metric("speech_rate_wpm", "Speech rate", "wpm", None),
    Metric("fillers_per_minute", "Fillers", "per min", False),
)


@dataclass
class Trend:
    metric: Metric
    values: list[float | None]
    first: float | None
    last: float | None
    mean: float | None
    sparkline: str


@dataclass
class Progress:
    points: list[ProgressPoint]  # oldest first
    components: list[str]  # component ids in rubric order, as the records list them
    missing_counts: dict[str, int]
    usually_missing: list[str]
    flag_counts: dict[str, int]

    def trends(self) -> list[Trend]:
        return [trend(self.points, m) for m in METRICS]


def point_from_record(record: dict[str, Any]) -> ProgressPoint | None:
    """A point for a scored attempt; None for one that was never scored."""
    result = record.get("result") or {}
    if result.get("status") != "ok":
        return None
    delivery = result.get("delivery") or {}
    content = result.get("content") or {}
    length = result.get("length") or {}
    return ProgressPoint(
        id=record.get("id", ""),
        created_at=record.get("created_at", ""),
        question_id=result.get("question_id"),
        score=result.get("score"),
        verdict=result.get("verdict"),
        seconds=length.get("seconds", result.get("duration_s")),
        words=result.get("words"),
        speech_rate_wpm=delivery.get("speech_rate_wpm"),
        fillers_per_minute=(delivery.get("fillers") or {}).get("per_minute"),
        missing=[k for k, v in (content.get("components") or {}).items() if not v.get("present")],
        flags=[k for k, v in (content.get("flags") or {}).items() if v.get("present")],
        follow_ups=[f.get("gap") for f in (record.get("exchange") or {}).get("follow_ups") or [] if f.get("gap")],
        closed=[f.get("gap") for f in (record.get("exchange") or {}).get("follow_ups") or [] if f.get("closed")],
        result=result,
    )


def from_records(records: Iterable[dict[str, Any]]) -> Progress:
    """Progress over records in any order; incomplete and failed attempts are left out."""
    points, components, flags = [], [], []
    for record in records:
        point = point_from_record(record)
        if point is None:
            continue
        points.append(point)
        content = (record.get("result") or {}).get("content") or {}
        components += [c for c in content.get("components") or {} if c not in components]
        flags += [f for f in content.get("flags") or {} if f not in flags]
    points.sort(key=lambda p: (p.created_at, p.id))
    missing_counts = {c: sum(c in p.missing for p in points) for c in components}
    usually = [c for c, n in missing_counts.items() if points and n / len(points) > config.USUALLY_MISSING_SHARE]
    flag_counts = {f: sum(f in p.flags for p in points) for f in flags}
    return Progress(points, components, missing_counts, usually, flag_counts)


def collect(*, question: str | None = None, since: datetime | None = None, limit: int | None = None) -> Progress:
    """Progress over the saved attempts (the newest ``limit`` complete ones)."""
    from . import store

    summaries = store.list_attempts(question=question, since=since, limit=limit, complete_only=True)
    records = []
    for summary in summaries:
        try:
            records.append(store.load_attempt(summary.id).record)
        except Exception as e:  # a damaged record must not hide the others' progress
            log.warning("attempt %s left out: %s", summary.id, e)
    return from_records(records)


def damaged(*, question: str | None = None, since: datetime | None = None) -> list[str]:
    """Ids of the attempts left out because their record is damaged (``sessions`` says why)."""
    from . import store

    return [s.id for s in store.list_attempts(question=question, since=since) if s.damaged]


# --- trends and sparklines --------------------------------------------------


def sparkline(values: list[float | None]) -> str:
    """One block character per value, scaled between the smallest and largest value."""
    present = [v for v in values if v is not None]
    if not present:
        return SPARK_GAP * len(values)
    low, high = min(present), max(present)
    span = high - low
    top = len(SPARK_BLOCKS) - 1
    out = []
    for v in values:
        if v is None:
            out.append(SPARK_GAP)
        else:
            level = round((v - low) / span * top) if span else top // 2
            out.append(SPARK_BLOCKS[level])
    return "".join(out)


def trend(points: list[ProgressPoint], metric: Metric) -> Trend:
    values = [_number(getattr(p, metric.key)) for p in points]
    present = [v for v in values if v is not None]
    return Trend(
        metric=metric,
        values=values,
        first=present[0] if present else None,
        last=present[-1] if present else None,
        mean=sum(present) / len(present) if present else None,
        sparkline=sparkline(values),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"


# --- text output --------------------------------------------------------------


def format_trends(progress: Progress, width: int | None = None) -> str:
    """The trend table: one row per measure, with first/last/mean and a sparkline.

    With ``width``, a sparkline too long for the terminal shows the newest attempts that fit.
    """
    n = len(progress.points)
    rows = [("measure", "first", "last", "mean", f"trend (oldest -> newest, {n} attempts)")]
    for t in progress.trends():
        label = f"{t.metric.label} ({t.metric.unit})" if t.metric.unit else t.metric.label
        rows.append((label, _fmt(t.first), _fmt(t.last), _fmt(t.mean), t.sparkline))
    room = width - 1 - _row_width([r[:-1] for r in rows]) - 2 if width else None
    if room is not None and n > room:
        shown = max(room - 1, 5)
        rows[0] = rows[0][:-1] + (f"trend (newest {shown} of {n})",)
        rows[1:] = [r[:-1] + ("…" + r[-1][-shown:],) for r in rows[1:]]
    return _table(rows)


def format_attempts(progress: Progress, local: Callable[[str], str] | None = None, *,
                    name: Callable[[str], str] = str, width: int | None = None) -> str:
    """One row per attempt, oldest first; ``name`` turns a part id into what people read.

    With ``width`` (the terminal's) no line is wider: the parts missing wrap in their column, or go
    on a line of their own under each row when the column would be too narrow, and the date column
    (the id holds the time too, in UTC) goes first when even the numbers do not fit.
    """
    local = local or (lambda s: s[:16].replace("T", " "))
    header = ("attempt", "date", "score", "verdict", "length", "words", "wpm", "fill/min")
    rows = [header] + [
        (p.id, local(p.created_at), _fmt(_number(p.score)), p.verdict or "-", _mmss(p.seconds),
         _fmt(_number(p.words)), _fmt(p.speech_rate_wpm), _fmt(p.fillers_per_minute))
        for p in progress.points
    ]
    missing = ["missing"] + [", ".join(name(c) for c in p.missing) or "-" for p in progress.points]
    if width and _row_width(rows) > width - 1:
        rows = [r[:1] + r[2:] for r in rows]  # drop the date
    if not width or _row_width(rows) + 2 + min(30, max(map(len, missing))) <= width - 1:
        return _table([r + (m,) for r, m in zip(rows, missing)], width)
    lines = _table(rows).split("\n")
    out = lines[:2]
    for line, m, p in zip(lines[2:], missing[1:], progress.points):
        out.append(line)
        if p.missing:
            out += textwrap.wrap(f"missing: {m}", width - 1, initial_indent="    ", subsequent_indent="      ")
    return "\n".join(out)


def _row_width(rows: list[tuple[str, ...]]) -> int:
    return sum(max(len(str(r[i])) for r in rows) + 2 for i in range(len(rows[0]))) - 2


def _mmss(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def format_missing(progress: Progress, name: Callable[[str], str] = str, width: int | None = None) -> str:
    n = len(progress.points)
    if not n:
        return ""
    if not progress.usually_missing:
        return f"No part is missing in more than half of the {n} attempts."
    parts = [f"{name(c)} ({progress.missing_counts[c]} of {n})" for c in progress.usually_missing]
    text = "Usually missing: " + ", ".join(parts)
    return "\n".join(textwrap.wrap(text, width - 1, subsequent_indent="  ")) if width else text


def format_follow_ups(progress: Progress, follow_ups) -> str:
    """How many attempts were exchanges, and per gap followed up on: how often it was asked and closed,
    and how often the first answer already had it (no follow-up needed) — the habit to build."""
    n = len(progress.points)
    exchanges = [p for p in progress.points if p.follow_ups]
    if not exchanges:
        return ""
    lines = [f"Follow-ups: {len(exchanges)} of {n} attempts were exchanges (the interviewer followed up)."]
    asked = [g for g in follow_ups.gaps if any(g.id in p.follow_ups for p in exchanges)]
    from .followup import open_in_record

    for gap in asked:
        times = sum(gap.id in p.follow_ups for p in exchanges)
        closed = sum(gap.id in p.closed for p in exchanges)
        had = sum(not open_in_record(gap, p.result) for p in progress.points)
        lines.append(f"  {gap.name}: asked {times} time{'s' if times > 1 else ''}, closed {closed}; "
                     f"the first answer already had it in {had} of {n} attempts")
    return "\n".join(lines)


CSV_FIELDS = ("id", "created_at", "question_id", "score", "verdict", "seconds", "words", "speech_rate_wpm",
              "fillers_per_minute", "missing", "flags", "follow_ups", "closed")


def to_csv(progress: Progress) -> str:
    """One row per attempt (ids as in JSON; lists joined with ';')."""
    import io

    from .formats import csv_cell, csv_writer

    buf = io.StringIO()
    writer = csv_writer(buf, list(CSV_FIELDS))
    writer.writeheader()
    for p in progress.points:
        row = {k: getattr(p, k) for k in CSV_FIELDS}
        for k in ("missing", "flags", "follow_ups", "closed"):
            row[k] = ";".join(getattr(p, k))
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()


def _table(rows: list[tuple[str, ...]], width: int | None = None) -> str:
    """Columns padded to their widest cell; with ``width``, the last column wraps to fit."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    indent = sum(w + 2 for w in widths[:-1])
    room = max(20, width - 1 - indent) if width else None
    if room is not None:
        widths[-1] = min(widths[-1], room)
    lines = []
    for r in rows:
        last = textwrap.wrap(str(r[-1]), room) or [""] if room else [str(r[-1])]
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(r[:-1], widths)) + "  " + last[0])
        lines += [" " * indent + more for more in last[1:]]
    lines = [line.rstrip() for line in lines]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- the SVG chart for the report --------------------------------------------


def axis_labels(first: str, last: str, tz: tzinfo | None = None) -> tuple[str, str]:
    """The chart's two x-axis labels (local time unless ``tz``): the dates, or the times within one day."""
    try:
        a, b = (datetime.fromisoformat(t).astimezone(tz) for t in (first, last))
    except ValueError:
        return first[:10], last[:10]
    if a.date() == b.date():
        return f"{a:%Y-%m-%d %H:%M}", f"{b:%H:%M}"
    return f"{a:%Y-%m-%d}", f"{b:%Y-%m-%d}"


@dataclass
class ChartDot:
    x: float
    y: float
    tip: str  # "<attempt id>: 76 points"
    current: bool  # the attempt the page is about


@dataclass
class Chart:
    """What the progress chart draws (the ``chart`` macro of templates/_macros.html), in SVG coordinates."""

    label: str  # the measure
    width: int
    height: int
    left: float  # the axes: x of the vertical one, the horizontal one's ends, y of its top and bottom
    right: float
    top: float
    bottom: float
    high: str  # the top and bottom of the scale
    low: str
    dots: list[ChartDot]
    first: str  # when the first and the last attempt were made
    last: str


def chart_view(progress: Progress, metric_key: str = "score", *, highlight: str | None = None) -> Chart:
    """A line chart of one measure over the attempts (oldest left); ``highlight`` names the current one."""
    metric = next(m for m in METRICS if m.key == metric_key)
    values = trend(progress.points, metric).values
    width, height = CHART_SIZE
    left, top, right, bottom = CHART_PAD
    present = [v for v in values if v is not None]
    low, high = (0.0, 100.0) if metric_key == "score" else (min(present, default=0.0), max(present, default=1.0))
    if high == low:
        high = low + 1.0
    n = len(values)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)
        y = top + (height - top - bottom) * (1 - (v - low) / (high - low))
        return round(x, 1), round(y, 1)

    dots = [ChartDot(*xy(i, v), f"{p.id}: {_fmt(v)} {metric.unit}".rstrip(), p.id == highlight)
            for i, (v, p) in enumerate(zip(values, progress.points)) if v is not None]
    first, last = axis_labels(progress.points[0].created_at, progress.points[-1].created_at) \
        if progress.points else ("", "")
    return Chart(metric.label, width, height, left, width - right, top, height - bottom, _fmt(high), _fmt(low), dots,
                 first, last)


def svg_chart(progress: Progress, metric_key: str = "score", *, highlight: str | None = None) -> str:
    """The chart alone, as inline SVG."""
    from .templating import macro

    return str(macro("_macros.html", "chart")(chart_view(progress, metric_key, highlight=highlight)))

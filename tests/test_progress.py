"""Progress over saved attempts, from real scored fixtures saved in a real store."""

from __future__ import annotations

import argparse
import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from simulator import progress, store
from simulator.commands import progress as progress_cmd
from simulator.engines import get_transcriber
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_path

FIXTURES = Path(__file__).resolve().parent.parent / "audio_fixtures"
NAMES = ("answers/short_piper.flac", "answers/adequate_piper.flac")


@pytest.fixture(scope="module")
def scored():
    listed = {e["file"] for e in json.loads((FIXTURES / "manifest.json").read_text())}
    question = load_question()
    rubric = load_rubric(question.rubric)
    transcriber = get_transcriber()
    results = []
    for name in NAMES:
        assert name in listed and (FIXTURES / name).is_file(), f"{name}: run audio_fixtures/make_fixtures.py"
        results.append(score_path(FIXTURES / name, transcriber=transcriber, question=question, rubric=rubric))
        assert results[-1].status == "ok", results[-1].error_message
    return results


@pytest.fixture
def saved(scored, tmp_path, monkeypatch):
    """short, adequate, short again (oldest to newest), and one interrupted practice attempt."""
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    short, adequate = scored
    attempts = [store.save_scored(r) for r in (short, adequate, short)]
    store.new_attempt("career-goals", "practice")  # interrupted: no score, must not count
    return attempts


def cli(*argv: str) -> str:
    parser = argparse.ArgumentParser()
    progress_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["progress", *argv])
    out = io.StringIO()
    with redirect_stdout(out):
        assert args.func(args) == 0
    return out.getvalue()


# --- sparklines ------------------------------------------------------------------------


def test_sparkline_scales_between_lowest_and_highest_and_marks_gaps():
    assert progress.sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert progress.sparkline([10, None, 0]) == "█·▁"
    assert progress.sparkline([5, 5]) == "▄▄"  # flat, not a fake trend
    assert progress.sparkline([]) == ""


# --- collecting from the store ------------------------------------------------------------


def test_progress_has_one_point_per_scored_attempt_oldest_first(saved):
    data = progress.collect()
    assert [p.id for p in data.points] == [a.id for a in saved]
    for point, attempt in zip(data.points, saved):
        r = attempt.result
        assert point.score == r["score"] and point.verdict == r["verdict"]
        assert point.seconds == r["length"]["seconds"] and point.words == r["words"]
        assert point.speech_rate_wpm == r["delivery"]["speech_rate_wpm"]
        assert point.fillers_per_minute == r["delivery"]["fillers"]["per_minute"]
    assert data.components == list(saved[0].result["content"]["components"])


def test_usually_missing_means_missing_in_more_than_half(saved):
    data = progress.collect()
    missing_in = {
        c: sum(not a.result["content"]["components"][c]["present"] for a in saved) for c in data.components
    }
    assert data.missing_counts == missing_in
    assert data.usually_missing == [c for c, n in missing_in.items() if n >= 2]  # 2 or 3 of 3
    # The short answer misses most components and is two of the three: some must be usually missing.
    assert data.usually_missing


def test_limit_and_question_filters_apply(saved):
    assert [p.id for p in progress.collect(limit=2).points] == [a.id for a in saved[1:]]
    assert progress.collect(question="career-goals-5y").points == []


def test_trends_follow_the_values_in_order(saved):
    data = progress.collect()
    score = next(t for t in data.trends() if t.metric.key == "score")
    values = [a.result["score"] for a in saved]
    assert score.values == values and score.first == values[0] and score.last == values[-1]
    assert score.sparkline == progress.sparkline(values)
    assert len({c for c in score.sparkline}) == 2  # short, adequate, short: two levels


def test_the_chart_is_valid_svg_with_a_dot_per_attempt(saved):
    data = progress.collect()
    svg = progress.svg_chart(data, "score", highlight=saved[1].id)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    dots = root.findall(f"{ns}circle")
    assert len(dots) == 3
    assert [d.get("class") for d in dots] == ["dot", "dot current", "dot"]
    # Higher score, higher dot (smaller y): the adequate answer outscores the short one.
    ys = [float(d.get("cy")) for d in dots]
    scores = [a.result["score"] for a in saved]
    assert (ys[1] < ys[0]) == (scores[1] > scores[0])
    # all three attempts were made today: the axis says when, not the same date twice
    first, last = (t.text for t in root.findall(f"{ns}text")[-2:])
    assert first.startswith(datetime.now().strftime("%Y-%m-%d ")) and len(last) == 5 and last[2] == ":"


def test_axis_labels_are_dates_or_times_of_one_day():
    utc = timezone.utc
    assert progress.axis_labels("2026-11-20T09:00:00+00:00", "2026-11-26T18:30:00+00:00", utc) \
        == ("2026-11-20", "2026-11-26")
    assert progress.axis_labels("2026-11-26T09:05:00+00:00", "2026-11-26T18:30:00+00:00", utc) \
        == ("2026-11-26 09:05", "18:30")
    # the same two moments seen from UTC-10 fall on one day there too, at other hours
    assert progress.axis_labels("2026-11-26T19:05:00+00:00", "2026-11-26T20:30:00+00:00",
                                timezone(timedelta(hours=-10))) == ("2026-11-26 09:05", "10:30")


# --- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 200])
def test_progress_command_prints_the_attempts_the_trend_and_what_is_missing(saved, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cli()
    for attempt in saved:
        assert attempt.id in out
    data = progress.collect()
    for t in data.trends():
        assert t.sparkline in out
    # What is missing is named as people read it, never by id; and no line is wider than the terminal.
    rubric = load_rubric()
    assert "Usually missing: " + rubric.name(data.usually_missing[0]) in " ".join(out.split())
    missing = {c for p in data.points for c in p.missing}
    assert missing and all(rubric.name(c) in " ".join(out.split()) for c in missing)
    assert not any(c in out for c in missing if "_" in c)
    assert max(map(len, out.splitlines())) < columns
    assert (" date " in out.splitlines()[0]) is (columns == 200)  # the id holds the time when space is short


def test_progress_csv_has_one_row_per_scored_attempt(saved):
    import csv

    rows = list(csv.DictReader(io.StringIO(cli("--format", "csv"))))
    assert [r["id"] for r in rows] == [a.id for a in saved]
    assert [int(r["score"]) for r in rows] == [a.result["score"] for a in saved]
    assert rows[0]["missing"].split(";") == progress.collect().points[0].missing


def test_progress_json_has_the_points_and_trends(saved):
    data = json.loads(cli("--format", "json"))
    assert [p["id"] for p in data["attempts"]] == [a.id for a in saved]
    assert {t["metric"] for t in data["trends"]} == {m.key for m in progress.METRICS}


def test_progress_with_no_scored_attempts_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "empty"))
    assert "No scored attempts yet" in cli()

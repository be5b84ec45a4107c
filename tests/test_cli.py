"""`mock-interview` end to end in a subprocess: every format, --out, --jobs, exit codes, --help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, assert_no_internal_ids
from simulator.formats import md_escape

TEXTS = FIXTURES / "texts"
SHORT = FIXTURES / "answers" / "short_piper.flac"
ADEQUATE = FIXTURES / "answers" / "adequate_piper.flac"
COMPONENTS = {"framing", "goal_long", "goal_short", "steps", "ladder", "learning", "contribution", "balance",
              "employer"}
FLAGS = {"leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition"}


def cli(*args, check_code=None):
    p = subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], capture_output=True, text=True,
                       cwd=ROOT, timeout=900)
    if check_code is not None:
        assert p.returncode == check_code, f"exit {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}"
    return p


def check_contract(d: dict) -> None:
    """The JSON output contract of shared/rubric.md, field by field."""
    assert d["status"] in ("ok", "error") and isinstance(d["input"], str)
    if d["status"] == "error":
        assert set(d["error"]) == {"kind", "message"} and d["error"]["message"]
        return
    for key in ("question_id", "transcript", "duration_s", "words", "length", "delivery", "content",
                "verdict", "score", "feedback"):
        assert key in d, key
    assert d["question_id"] == "career-goals"
    assert set(d["length"]) >= {"verdict", "seconds", "words"}
    assert d["length"]["verdict"] in ("too_short", "brief", "good", "long", "too_long")
    assert set(d["content"]["components"]) == COMPONENTS and set(d["content"]["flags"]) == FLAGS
    for e in [*d["content"]["components"].values(), *d["content"]["flags"].values()]:
        assert isinstance(e["present"], bool) and isinstance(e["evidence"], list)
        assert e["present"] == bool(e["evidence"])
    assert d["verdict"] in ("strong", "adequate", "weak")
    assert isinstance(d["score"], int) and 0 <= d["score"] <= 100
    assert d["feedback"]["written"] and d["feedback"]["spoken"]
    if d["duration_s"] is None:
        assert d["delivery"] is None and d["length"]["seconds"] is None
    else:
        dl = d["delivery"]
        for key in ("speech_rate_wpm", "articulation_rate_wpm", "fillers", "long_pauses", "hedges", "start_latency_s"):
            assert key in dl, key
        assert set(dl["fillers"]) >= {"count", "per_minute", "items"}
        assert all(set(i) == {"text", "start"} for i in dl["fillers"]["items"])
        assert all(set(p) == {"start", "duration"} for p in dl["long_pauses"])


def test_help_is_fast_because_heavy_imports_are_lazy():
    code = ("import sys; from simulator.cli import build_parser; build_parser(); "
            "heavy = [m for m in ('numpy', 'faster_whisper', 'ctranslate2', 'av', 'torch', 'sounddevice', "
            "'piper', 'tqdm') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    p = cli("--help", check_code=0)
    for command in ("score", "practice", "replay"):
        assert command in p.stdout
    p = cli("score", "--help", check_code=0)
    for option in ("--format", "--out", "--jobs", "--engine", "--model", "exit codes"):
        assert option in p.stdout


def test_every_command_and_option_is_described_the_same_way():
    """Each command's help starts with a capital and says what it does; one name per kind of value."""
    import argparse

    from simulator.cli import build_parser

    def commands(parser, path=()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield path + (name,), sub
                    yield from commands(sub, path + (name,))

    metavars = {"--question": "ID", "--rubric": "ID|FILE", "--model": "NAME|PATH", "--device": "DEV",
                "--input-device": "DEV", "--output-device": "DEV"}
    seen = 0
    for path, sub in commands(build_parser()):
        assert sub.description and sub.description[0].isupper(), (path, sub.description)
        for action in sub._actions:
            for option in set(action.option_strings) & set(metavars):
                seen += 1
                assert action.metavar == metavars[option], (path, option, action.metavar)
            if action.option_strings and action.nargs != 0 and not action.choices:
                assert action.metavar, (path, action.option_strings)  # never the option's name in capitals
    assert seen >= 8


def test_text_inputs_in_every_format(tmp_path):
    inputs = [TEXTS / "strong.txt", TEXTS / "weak.txt"]
    p = cli("score", *inputs, "--format", "json", check_code=0)
    data = json.loads(p.stdout)
    assert [d["input"] for d in data] == [str(i) for i in inputs]
    for d in data:
        check_contract(d)
    assert [d["verdict"] for d in data] == ["strong", "weak"]
    assert "Scored 2 of 2 inputs" in p.stderr

    lines = cli("score", *inputs, "--format", "jsonl", check_code=0).stdout.splitlines()
    assert [json.loads(x)["verdict"] for x in lines] == ["strong", "weak"]

    rows = list(csv.DictReader(io.StringIO(cli("score", *inputs, "--format", "csv", check_code=0).stdout)))
    assert [r["verdict"] for r in rows] == ["strong", "weak"] and rows[0]["goal_long"] == "1"

    md = cli("score", *inputs, "--format", "markdown", check_code=0).stdout
    assert md.startswith("| input |") and "## " + md_escape(str(inputs[0])) in md  # audio\_fixtures

    table = cli("score", inputs[0], check_code=0).stdout
    assert "strong" in table.splitlines()[2] and "What was strong" in table  # single input: feedback shown


def test_every_point_to_fix_is_one_option_away():
    weak = TEXTS / "weak.txt"
    d = json.loads(cli("score", weak, "--format", "json", check_code=0).stdout)[0]
    short, every = d["feedback"]["written"], d["feedback"]["written_all"]
    hidden = every.count("\n  - ") - short.count("\n  - ")
    assert hidden > 0 and f"({hidden} smaller points not shown" in short and "--all-feedback" in short
    assert "not shown" not in every and every.startswith(short.split("\n  (")[0])
    table = cli("score", weak, check_code=0).stdout
    assert short in table and "Fix:" in table
    table = cli("score", weak, "--all-feedback", check_code=0).stdout
    assert every in table
    # several inputs: feedback only on request, then every point of each
    table = cli("score", weak, TEXTS / "strong.txt", "--all-feedback", check_code=0).stdout
    assert f"== {weak} ==" in table and every in table


def test_no_internal_id_in_what_people_read(tmp_path):
    """score's table and feedback, sessions, progress and replay name parts, flags and lengths in words."""
    import os

    env = dict(os.environ, MOCK_INTERVIEW_HOME=str(tmp_path / "home"), COLUMNS="100")
    texts = [TEXTS / n for n in ("weak.txt", "too_long.txt", "adequate.txt", "strong.txt")]

    def run(*args):
        p = subprocess.run([sys.executable, "-m", "simulator", *map(str, args)], capture_output=True, text=True,
                           cwd=ROOT, env=env, timeout=300)
        assert p.returncode == 0, p.stderr
        return p.stdout + p.stderr

    out = run("score", *texts, "--all-feedback", "--save")
    assert "RED FLAGS: no concrete goal" in out and "too long" in out and "missing: short-term goal" in out
    # a part the feedback is unsure of is listed as unsure in the table too, never as missing
    assert "unsure: framing, long-term goal" in out and "missing: framing" not in out
    assert_no_internal_ids(out, "score")
    assert_no_internal_ids(run("score", texts[1]), "score, one input")
    assert_no_internal_ids(run("score", *texts, "--format", "markdown"), "score --format markdown")
    assert_no_internal_ids(run("sessions"), "sessions")
    out = run("progress")
    assert "long-term goal" in out
    assert_no_internal_ids(out, "progress")
    for attempt in ("last", json.loads(run("sessions", "--format", "json"))[-1]["id"]):
        assert_no_internal_ids(run("replay", attempt, "--no-audio", "--instant"), "replay")


def test_bad_inputs_exit_1_and_the_rest_still_scored(tmp_path):
    p = cli("score", FIXTURES / "bad" / "empty.wav", tmp_path / "missing.wav", TEXTS / "strong.txt",
            "--format", "json", check_code=1)
    data = json.loads(p.stdout)
    assert [d["status"] for d in data] == ["error", "error", "ok"]
    for d in data:
        check_contract(d)
    # one clear line per bad input on stderr, no traceback
    assert "empty.wav: unreadable audio: empty file" in p.stderr  # the kind in words; its id is in the JSON
    assert "missing.wav: missing: no such file" in p.stderr
    assert "Traceback" not in p.stderr and "Scored 1 of 3 inputs (2 failed)" in p.stderr


@pytest.mark.parametrize("args,message", [
    ([], "nothing to score: give files or folders"),
    (["x.txt", "--format", "xml"], "invalid choice"),
    (["x.txt", "--format", "html"], "--format html writes files"),
    (["x.txt", "--jobs", "0"], "--jobs must be 1 or more"),
    (["x.txt", "--max-minutes", "-1"], "--max-minutes must be more than 0"),
    (["x.txt", "--beam-size", "0"], "--beam-size must be 1 or more"),
    (["x.txt", "--said-on", "2019-13-01"], "'2019-13-01' is not a day as YYYY-MM-DD"),
])
def test_usage_errors_exit_2(args, message):
    p = cli("score", *args, check_code=2)
    assert message in p.stderr


def test_a_year_said_as_a_date_counts_from_the_day_given_with_said_on(tmp_path):
    """A coach scoring answers recorded years ago: "by 2027" was eight years off in 2019, and is next year today."""
    said = tmp_path / "newcomer.txt"
    said.write_text("I've just started as a junior analyst, and by 2027 I want to be head of analytics.")
    [today] = json.loads(cli("score", said, "-f", "json", check_code=0).stdout)
    [then] = json.loads(cli("score", said, "-f", "json", "--said-on", "2019-03-01", check_code=0).stdout)
    assert today["content"]["flags"]["overreach"]["present"]  # head of a function within a year or so
    assert not then["content"]["flags"]["overreach"]["present"]
    assert then["content"]["components"]["goal_long"]["present"]


def test_audio_json_contract_and_out_dir(tmp_path):
    out = tmp_path / "reports"
    p = cli("score", SHORT, TEXTS / "adequate.txt", "--format", "json", "--out", out, check_code=0)
    assert p.stdout == ""
    files = sorted(x.name for x in out.iterdir())
    assert files == ["adequate.json", "short_piper.json"]
    d = json.loads((out / "short_piper.json").read_text())[0]
    check_contract(d)
    assert d["duration_s"] > 0 and d["delivery"]["speech_rate_wpm"] > 0
    assert d["length"]["verdict"] == "too_short"
    assert d["settings"]["engine"] == "faster-whisper"
    # what checked the feedback's claims is recorded beside the engine (semantic.py; "off" without it)
    assert d["settings"]["second_opinion"] == "all-MiniLM-L6-v2"


def test_parallel_jobs_give_the_same_results():
    one = json.loads(cli("score", SHORT, ADEQUATE, "--format", "json", check_code=0).stdout)
    two = json.loads(cli("score", SHORT, ADEQUATE, "--format", "json", "--jobs", "2", check_code=0).stdout)
    strip = lambda ds: [(d["input"], d["transcript"], d["verdict"], d["score"]) for d in ds]  # noqa: E731
    assert strip(one) == strip(two)


def test_model_missing_is_one_line(tmp_path):
    p = cli("score", SHORT, "--model", tmp_path / "nowhere", check_code=1)
    assert p.stderr.strip().splitlines()[0].startswith("mock-interview: error: model")
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("args,key", [
    (["--rubric", "broken"], "flags.overreach.overreach_months"),
    (["--question", "no-such-question"], "no-such-question"),
])
def test_a_bad_rubric_or_question_is_one_line_before_any_output(tmp_path, args, key):
    """Nothing on stdout (not a table's header with no rows under it): the one error line, and exit 1."""
    from simulator import config

    broken = tmp_path / "broken.toml"
    broken.write_text((config.PROMPTS_DIR / "rubric.toml").read_text().replace(
        "overreach_months = 36", 'overreach_months = "soon"', 1))
    args = [str(broken) if a == "broken" else a for a in args]
    p = cli("score", TEXTS / "strong.txt", *args, check_code=1)
    assert p.stdout == ""
    [line] = p.stderr.strip().splitlines()
    assert line.startswith("mock-interview: error: ") and key in line


@pytest.mark.parametrize("args,message", [
    (["--max-seconds", "0"], "--max-seconds must be more than 0"),
    (["--silence-seconds", "-2"], "--silence-seconds must be more than 0"),
    (["--rounds", "0"], "--rounds must be 1 or more"),
])
def test_practice_usage_errors_exit_2_before_touching_devices(args, message):
    p = cli("practice", *args, check_code=2)
    assert message in p.stderr and "Traceback" not in p.stderr


def test_questions_lists_the_ids_practice_takes():
    table = cli("questions", check_code=0).stdout
    assert "* career-goals " in table and "What are your career goals?" in table
    listed = json.loads(cli("questions", "--format", "json", check_code=0).stdout)
    assert {q["id"] for q in listed} >= {"career-goals", "career-goals-5y"}
    assert [q["id"] for q in listed if q["default"]] == ["career-goals"]
    assert "mock-interview questions" in cli("practice", "--help", check_code=0).stdout


def test_csv_has_the_feedback_and_the_one_fix_and_the_transcript_on_request(tmp_path):
    hostile = tmp_path / "formula.txt"
    hostile.write_text("=HYPERLINK(\"http://x\") Long term, my goal is to become a nurse manager. "
                       "In two years I want to start my own business.\n")
    inputs = [TEXTS / "weak.txt", hostile]
    data = json.loads(cli("score", *inputs, "--format", "json", check_code=0).stdout)
    plain = cli("score", *inputs, "--format", "csv", check_code=0).stdout
    rows = list(csv.DictReader(io.StringIO(plain)))
    assert "transcript" not in rows[0]  # only on request: it makes every row long
    for r, d in zip(rows, data):
        assert r["top_fix"] == d["feedback"]["top_fix"] != ""
        assert r["feedback"] == d["feedback"]["written"] and "\n" in r["feedback"]  # one cell, lines kept
        assert r["top_fix"] in r["feedback"]  # the one fix is the first of the written fixes

    streamed = cli("score", *inputs, "--format", "csv", "--transcript", check_code=0).stdout
    rows = list(csv.DictReader(io.StringIO(streamed)))
    assert list(rows[0])[-3:] == ["top_fix", "feedback", "transcript"]
    assert rows[0]["transcript"] == data[0]["transcript"]
    assert rows[1]["transcript"] == "'" + data[1]["transcript"]  # a formula stays text (OWASP)
    # A file per input (--out) holds the same row the stream printed.
    cli("score", *inputs, "--format", "csv", "--transcript", "--out", tmp_path / "out", check_code=0)
    for name, r in zip(("weak", "formula"), rows):
        [written] = list(csv.DictReader(io.StringIO((tmp_path / "out" / f"{name}.csv").read_text())))
        assert written == r
    assert "--transcript" in cli("score", "--help", check_code=0).stdout
    p = cli("score", TEXTS / "weak.txt", "--transcript", check_code=2)
    assert "--format csv" in p.stderr


def test_a_cut_short_recording_is_reported_as_truncated_not_as_silence(tmp_path):
    data = (FIXTURES / "variants" / "strong_piper_24bit_22k_stereo.wav").read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) // 20])  # the first 3 s of a 63 s answer
    p = cli("score", cut, "--format", "json", check_code=1)
    [d] = json.loads(p.stdout)
    check_contract(d)
    assert d["error"]["kind"] == "truncated"
    assert "cut.wav: truncated recording: the recording is cut short: the header promises 63.4 s, only 3.2 s" in p.stderr

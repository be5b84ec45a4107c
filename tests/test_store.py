"""The session store: real files, real SQLite, real scored fixtures (audio_fixtures/)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import wave
import zipfile
from contextlib import redirect_stdout
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from simulator import fileio, serialize, store
from simulator.audio import load_audio, write_wav
from simulator.commands import sessions as sessions_cmd
from simulator.engines import get_transcriber
from simulator.errors import StoreError
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_path
from simulator.types import Audio

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"


def fixture(file: str) -> Path:
    """A fixture listed in audio_fixtures/manifest.json (made by make_fixtures.py)."""
    listed = {e["file"] for e in json.loads((FIXTURES / "manifest.json").read_text())}
    assert file in listed, f"{file} is not in audio_fixtures/manifest.json"
    path = FIXTURES / file
    assert path.is_file(), f"{path} missing: run audio_fixtures/make_fixtures.py"
    return path


SHORT = fixture("answers/short_piper.flac")  # "I just want to grow and learn. We will see where things go."
ADEQUATE = fixture("answers/adequate_piper.flac")  # 28 s


@pytest.fixture(scope="module")
def scored():
    """Two fixtures scored once by the real pipeline: {name: ScoreResult}."""
    question = load_question()
    rubric = load_rubric(question.rubric)
    transcriber = get_transcriber()
    results = {}
    for path in (SHORT, ADEQUATE):
        results[path.stem] = score_path(path, transcriber=transcriber, question=question, rubric=rubric)
        assert results[path.stem].status == "ok", results[path.stem].error_message
    return results


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    sessions_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["sessions", *argv])
    out = io.StringIO()
    with redirect_stdout(out):
        code = args.func(args)
    return code, out.getvalue()


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


# --- saving --------------------------------------------------------------------------


def test_a_scored_file_is_saved_with_everything_needed_to_explain_it(scored):
    result = scored["short_piper"]
    attempt = store.save_scored(result)

    folder = attempt.dir.path
    assert folder.parent == store.config.sessions_dir()
    record = json.loads((folder / "attempt.json").read_text())
    assert record["result"] == serialize.result_to_dict(result)
    assert record["complete"] is True and record["source"] == "score"
    words = [w for s in record["transcript"]["segments"] for w in s["words"]]
    assert [w["text"] for w in words] == [w.text for w in result.analysis.transcript.words]
    assert all(w["start"] <= w["end"] for w in words)
    # the transcript loads back as it was, voice and unclear spans included
    assert serialize.transcript_from_dict(record["transcript"]) == result.analysis.transcript
    assert record["settings"]["engine"] == "faster-whisper"
    assert record["settings"]["model"] == "tiny.en"
    assert record["settings"]["rubric_version"] == result.analysis.rubric_version
    # The answer kept is the scored audio: same length as the input file.
    assert wav_seconds(attempt.dir.answer_wav) == pytest.approx(load_audio(SHORT).duration_s, abs=0.01)


def test_a_transcript_survives_the_round_trip_through_json():
    from simulator.types import Segment, Transcript, Word

    t = Transcript("I lead.", [Segment(0.1, 0.9, "I lead.", [Word("I", 0.1, 0.3, 0.9), Word("lead.", 0.3, 0.9, 0.8)],
                                      -0.2, 0.01, 1.1, temperature=0.2)],
                   duration_s=2.0, options={"engine": "faster-whisper"}, speech=[(0.1, 0.9)],
                   unclear=[(1.5, 2.0)])
    assert serialize.transcript_from_dict(json.loads(json.dumps(serialize.transcript_to_dict(t)))) == t


def test_ids_sort_by_time_and_are_short_enough_to_type():
    first = store.new_attempt_id(datetime(2026, 11, 26, 7, 23, 1, 400, tzinfo=timezone.utc))
    same_second = store.new_attempt_id(datetime(2026, 11, 26, 7, 23, 1, 500_000, tzinfo=timezone.utc))
    later = store.new_attempt_id(datetime(2026, 11, 26, 7, 23, 2, tzinfo=timezone.utc))
    assert first == "20261126-072301-001a" and same_second == "20261126-072301-8000"
    assert first < same_second < later
    assert store.is_attempt_id(first) and not store.is_attempt_id(".deleted-" + first)


def test_practice_creates_the_folder_first_and_fills_it_in_later(scored):
    result = scored["short_piper"]
    attempt = store.new_attempt("career-goals", "practice", question_text="What are your career goals?")
    [row] = store.list_attempts()
    assert row.id == attempt.id and not row.complete and row.source == "practice"

    answer = load_audio(SHORT)
    write_wav(attempt.answer_wav, answer.samples, answer.sample_rate)  # the recorder's job
    tone = Audio(np.sin(np.linspace(0, 2000, 22050)).astype(np.float32) * 0.3, 22050)
    done = store.finish_attempt(attempt, result, settings={"tts": "piper", "output_device": "mi_speaker"},
                                ended_by="silence", question_audio=tone, feedback_audio=tone)

    assert done.complete and done.record["ended_by"] == "silence"
    assert done.question_text == "What are your career goals?"  # kept from new_attempt
    assert done.settings["tts"] == "piper" and done.settings["engine"] == "faster-whisper"
    for name in ("question.wav", "answer.wav", "feedback.wav"):
        assert (attempt.path / name).is_file()
    [row] = store.list_attempts()
    assert row.complete and row.score == result.analysis.score.total and row.verdict == result.analysis.verdict
    assert row.duration_s == pytest.approx(answer.duration_s, abs=0.05)


def test_an_interrupted_attempt_is_kept_and_listed_as_incomplete():
    attempt = store.new_attempt("career-goals", "practice")
    partial = load_audio(ADEQUATE)
    write_wav(attempt.answer_wav, partial.samples[: 16000 * 7], 16000)  # 7 s, then Ctrl-C
    store.finish_attempt(attempt, None, ended_by="interrupted")

    [row] = store.list_attempts()
    assert (row.complete, row.ended_by, row.score) == (False, "interrupted", None)
    assert row.duration_s == pytest.approx(7.0, abs=0.01)
    assert store.load_attempt("last").audio_path("answer") == attempt.answer_wav

    # A crash before any record was written still leaves the recording, and it is listed.
    orphan_id = store.new_attempt_id()
    orphan = store.config.sessions_dir() / orphan_id
    orphan.mkdir()
    write_wav(orphan / "answer.wav", partial.samples[:16000], 16000)
    report = store.rebuild_index()
    assert report.attempts == 2 and set(report.incomplete) == {attempt.id, orphan_id}
    assert {r.id for r in store.list_attempts() if not r.complete} == {attempt.id, orphan_id}


def test_an_error_result_is_kept_as_incomplete_with_its_reason(tmp_path):
    question, rubric = load_question(), load_rubric()
    bad = tmp_path / "empty.wav"
    bad.write_bytes(b"")
    result = score_path(bad, transcriber=lambda: None, question=question, rubric=rubric)
    assert result.status == "error"
    attempt = store.save_scored(result)
    assert not attempt.complete
    assert attempt.result["error"]["kind"] == "bad_audio"
    [row] = store.list_attempts()
    assert row.id == attempt.id and row.error_kind == "bad_audio" and not row.complete
    code, out = cli()
    assert "not scored (unreadable audio)" in out and "bad_audio" not in out


def test_a_scored_transcript_is_saved_complete_without_audio():
    text = fixture("texts/strong.txt")
    result = score_path(text, transcriber=lambda: None, question=load_question(), rubric=load_rubric())
    attempt = store.save_scored(result)
    assert attempt.complete and attempt.audio_path("answer") is None
    [row] = store.list_attempts()
    assert row.complete and row.duration_s is None and row.words == result.analysis.words



def test_an_attempt_knows_the_day_it_was_given_which_a_rescore_counts_years_from():
    attempt = store.save_scored(score_path(fixture("texts/strong.txt"), transcriber=lambda: None,
                                           question=load_question(), rubric=load_rubric()))
    assert store.load_attempt(attempt.id).said_on == datetime.now().date()
    record = json.loads(attempt.dir.record_path.read_text())
    record["created_at"] = "2019-05-01T10:00:00+00:00"  # given years ago: "by 2021" was then two years ahead
    attempt.dir.record_path.write_text(json.dumps(record))
    assert store.load_attempt(attempt.id).said_on == datetime(2019, 5, 1, 10, tzinfo=timezone.utc).astimezone().date()


def test_a_day_given_with_score_said_on_is_kept_for_a_later_rescore(tmp_path):
    text = tmp_path / "newcomer.txt"
    text.write_text("I've just started as a junior analyst, and by 2027 I want to be head of analytics.")
    p = subprocess.run([sys.executable, "-m", "simulator", "score", str(text), "--save", "--said-on", "2019-03-01"],
                       capture_output=True, text=True, env=os.environ.copy(), timeout=300,
                       cwd=Path(__file__).resolve().parents[1])
    assert p.returncode == 0, p.stderr
    [row] = store.list_attempts()
    assert store.load_attempt(row.id).said_on == date(2019, 3, 1)


# --- listing, filters, references ------------------------------------------------------


def test_list_is_newest_first_and_filters_by_question_since_and_limit(scored):
    old = store.save_scored(scored["short_piper"])
    time.sleep(0.01)
    cut = datetime.now(timezone.utc)
    time.sleep(0.01)
    other = store.new_attempt("career-goals-5y", "practice")
    new = store.save_scored(scored["adequate_piper"])

    assert [r.id for r in store.list_attempts()] == [new.id, other.id, old.id]
    assert [r.id for r in store.list_attempts(question="career-goals")] == [new.id, old.id]
    assert [r.id for r in store.list_attempts(since=cut)] == [new.id, other.id]
    assert [r.id for r in store.list_attempts(limit=1)] == [new.id]
    assert [r.id for r in store.list_attempts(complete_only=True, oldest_first=True)] == [old.id, new.id]


def test_last_full_ids_and_prefixes_resolve_and_bad_ones_say_why(scored):
    with pytest.raises(StoreError, match="no attempts saved yet"):
        store.resolve("last")
    a = store.save_scored(scored["short_piper"])
    b = store.save_scored(scored["short_piper"])
    assert store.resolve("last").id == b.id
    assert store.resolve(a.id).id == a.id
    assert store.resolve(a.id[:-1] if not b.id.startswith(a.id[:-1]) else a.id).id == a.id
    with pytest.raises(StoreError, match="no attempt 'nope'"):
        store.resolve("nope")
    with pytest.raises(StoreError, match="ambiguous"):
        store.resolve(a.id[:8])  # the date: both attempts share it


# --- the index: rebuild, migrations, resync ----------------------------------------------


def test_the_index_is_rebuilt_from_the_files(scored):
    saved = [store.save_scored(scored[n]).id for n in ("short_piper", "adequate_piper")]
    before = [r.to_dict() for r in store.list_attempts()]
    store.index_path().unlink()
    report = store.rebuild_index()
    assert report.attempts == 2 and report.incomplete == []
    assert [r.to_dict() for r in store.list_attempts()] == before
    assert {r["id"] for r in before} == set(saved)


def test_a_damaged_index_still_lists_from_the_folders_and_rebuild_fixes_it(scored, caplog):
    attempt = store.save_scored(scored["short_piper"])
    store.index_path().write_bytes(b"this is not a database" * 100)
    assert [r.id for r in store.list_attempts()] == [attempt.id]  # read from the folders meanwhile
    assert "sessions rebuild" in caplog.text and "not a usable index" in caplog.text
    code, out = cli("rebuild")
    assert code == 0 and "1 attempts, 0 incomplete" in out
    assert [r.id for r in store.list_attempts()] == [attempt.id]


def test_migrations_from_an_empty_database_reach_the_latest_version(tmp_path):
    conn = store.open_index(tmp_path / "fresh.sqlite")
    assert store.schema_version(conn) == store.LATEST_VERSION == len(store.MIGRATIONS)
    names = [r[0] for r in conn.execute("SELECT name FROM schema_version ORDER BY version")]
    assert names == [name for name, _ in store.MIGRATIONS]
    columns = {r[1] for r in conn.execute("PRAGMA table_info(attempts)")}
    assert {"speech_rate_wpm", "fillers_per_minute", "ended_by", "record_mtime_ns"} <= columns
    conn.close()
    again = store.open_index(tmp_path / "fresh.sqlite")  # opening again applies nothing twice
    assert again.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == store.LATEST_VERSION


def test_a_version_1_index_is_migrated_and_its_new_columns_filled_from_the_files(scored):
    attempt = store.save_scored(scored["adequate_piper"])
    path = store.index_path()
    path.unlink()
    old = sqlite3.connect(path, isolation_level=None)
    store.migrate(old, target=1)
    old.execute(
        "INSERT INTO attempts (id, created_at, question_id, source, complete, duration_s, words, verdict, score)"
        " VALUES (?, ?, 'career-goals', 'score', 1, 28.0, 60, 'adequate', 50)",
        (attempt.id, attempt.created_at),
    )
    old.close()

    [row] = store.list_attempts()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == store.LATEST_VERSION
    result = attempt.result
    assert row.speech_rate_wpm == result["delivery"]["speech_rate_wpm"]
    assert row.fillers_per_minute == result["delivery"]["fillers"]["per_minute"]
    assert row.score == result["score"]  # the files win over the stale row


def test_an_index_from_a_newer_program_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "future.sqlite", isolation_level=None)
    store.migrate(conn)
    conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', '')", (store.LATEST_VERSION + 1,))
    conn.close()
    with pytest.raises(StoreError, match="newer than this program"):
        store.open_index(tmp_path / "future.sqlite")


def test_the_index_follows_folders_changed_behind_its_back(scored, tmp_path):
    a = store.save_scored(scored["short_piper"])
    b = store.save_scored(scored["adequate_piper"])
    moved = tmp_path / "elsewhere"
    b.dir.path.rename(moved)
    assert [r.id for r in store.list_attempts()] == [a.id]
    moved.rename(b.dir.path)
    assert [r.id for r in store.list_attempts()] == [b.id, a.id]


# --- atomic writes under SIGKILL --------------------------------------------------------

SAVER = """
import sys
import numpy as np
from simulator import store
from simulator.types import Audio

attempt = store.AttemptDir(sys.argv[1], store.config.sessions_dir() / sys.argv[1])
noise = Audio(np.random.default_rng(0).uniform(-0.5, 0.5, 16000 * 30).astype(np.float32), 16000)
print("ready", flush=True)
i = 0
while True:
    i += 1
    store.finish_attempt(attempt, None, settings={"round": i, "padding": "x" * 3_000_000},
                         answer_audio=noise, ended_by="interrupted")
"""


def test_killing_a_save_midway_leaves_a_loadable_store(home):
    attempt = store.new_attempt("career-goals", "practice")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for delay in (0.35, 0.6, 0.9, 1.3):
        proc = subprocess.Popen([sys.executable, "-c", SAVER, attempt.id], env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL  # it was still saving when killed

        loaded = store.load_attempt(attempt.id)  # parses: old record or new, never half of one
        assert loaded.record["settings"].get("round", 0) >= 0
        assert not loaded.complete
        [row] = store.list_attempts()
        assert row.id == attempt.id and not row.complete
        if attempt.answer_wav.exists():
            assert wav_seconds(attempt.answer_wav) == pytest.approx(30.0)
    assert store.rebuild_index().attempts == 1


DIES_MID_WRITE = """
import resource, signal, sys
from simulator import store

attempt = store.AttemptDir(sys.argv[1], store.config.sessions_dir() / sys.argv[1])
store.finish_attempt(attempt, None, settings={"round": 1}, ended_by="interrupted")
# The kernel kills a process that writes past RLIMIT_FSIZE (SIGXFSZ) in the middle of the write:
# a crash at the worst moment, on demand.
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))
store.finish_attempt(attempt, None, settings={"round": 2, "padding": "x" * 3_000_000})
print("survived", flush=True)
"""


def test_a_process_killed_inside_a_write_leaves_the_previous_record(home):
    attempt = store.new_attempt("career-goals", "practice")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", DIES_MID_WRITE, attempt.id], env=env, capture_output=True, text=True)
    assert done.returncode == -signal.SIGXFSZ and "survived" not in done.stdout, done.stderr
    loaded = store.load_attempt(attempt.id)
    assert loaded.settings["round"] == 1 and "padding" not in loaded.settings
    [row] = store.list_attempts()
    assert row.id == attempt.id and row.ended_by == "interrupted"
    assert list(attempt.path.glob(".*.tmp"))  # the half-written temp file...
    store.rebuild_index()
    assert not list(attempt.path.glob(".*.tmp"))  # ...is tidied away by a rebuild
    assert store.load_attempt(attempt.id).settings["round"] == 1


def test_a_temp_file_is_held_until_it_is_in_place_so_a_rebuild_never_removes_it(tmp_path, monkeypatch):
    """A rebuild running beside a save (rebuild_index tidies temp files no writer holds) must not take the save's
    finished temp file for a crash's leftover in the moment before it is renamed into place: the lost attempt.json
    of a `score --save` beside a rebuild loop (tests/test_faults.py, seen once in a loaded full run)."""
    seen = []
    rename = os.replace

    def replace(src, dst):  # a tidy-up looking at the temp file at the worst moment
        seen.append(fileio.abandoned(src))
        return rename(src, dst)

    monkeypatch.setattr(fileio.os, "replace", replace)
    fileio.atomic_write_json(tmp_path / "attempt.json", {"ok": True})
    assert seen == [False] and json.loads((tmp_path / "attempt.json").read_text()) == {"ok": True}


def test_a_temp_file_just_made_is_not_taken_for_a_leftover(tmp_path):
    newborn = tmp_path / ".attempt.json.abc.tmp"
    newborn.write_bytes(b"")  # made by mkstemp, its writer about to lock it
    assert not fileio.abandoned(newborn)
    left = tmp_path / ".attempt.json.def.tmp"
    left.write_bytes(b"{half")  # written and let go: its writer died
    assert fileio.abandoned(left)


# --- delete and export -------------------------------------------------------------------


def test_export_zips_the_folder_and_delete_removes_it(scored, tmp_path):
    keep = store.save_scored(scored["short_piper"])
    gone = store.save_scored(scored["adequate_piper"])

    code, out = cli("export", "last", "--out", str(tmp_path))
    zip_path = Path(out.strip())
    assert code == 0 and zip_path == tmp_path / f"{gone.id}.zip"
    with zipfile.ZipFile(zip_path) as zf:
        assert sorted(zf.namelist()) == [f"{gone.id}/answer.wav", f"{gone.id}/attempt.json"]
        assert json.loads(zf.read(f"{gone.id}/attempt.json"))["result"]["input"] == str(ADEQUATE)

    code, out = cli("delete", gone.id)
    assert code == 0 and out.strip() == f"deleted {gone.id}"
    assert not gone.dir.path.exists()
    assert [r.id for r in store.list_attempts()] == [keep.id]
    assert store.resolve("last").id == keep.id


# --- the sessions command ------------------------------------------------------------------


def test_sessions_lists_as_table_json_and_csv(scored):
    a = store.save_scored(scored["short_piper"])
    b = store.save_scored(scored["adequate_piper"])
    store.new_attempt("career-goals", "practice")  # never finished

    code, table = cli()
    lines = table.splitlines()
    assert code == 0 and lines[0].split() == list(sessions_cmd.COLUMNS)
    assert b.id in lines[3] and a.id in lines[4]  # newest first (the unfinished one is newest)
    assert "incomplete" in lines[2]
    assert f"{b.result['score']}" in lines[3].split() and b.result["verdict"] in lines[3].split()

    code, text = cli("--format", "json", "--limit", "2")
    data = json.loads(text)
    assert [d["id"] for d in data][1] == b.id and len(data) == 2
    assert data[1]["score"] == b.result["score"]

    code, text = cli("--format", "csv", "--question", "career-goals")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3 and rows[-1]["id"] == a.id and rows[-1]["verdict"] == a.result["verdict"]


def test_since_accepts_dates_times_and_ages():
    assert sessions_cmd.parse_since("2026-11-20").date().isoformat() == "2026-11-20"
    age = datetime.now(timezone.utc) - sessions_cmd.parse_since("7d")
    assert abs(age.total_seconds() - 7 * 86400) < 5
    with pytest.raises(argparse.ArgumentTypeError, match="not a date"):
        sessions_cmd.parse_since("last tuesday")


def test_an_empty_store_says_how_to_fill_it():
    code, out = cli()
    assert code == 0 and "No attempts saved yet" in out

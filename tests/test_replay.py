"""Replay of saved attempts: in step without sound, through the real sound server, and scored again."""

from __future__ import annotations

import argparse
import io
import json
import re
import time
import wave
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest

from simulator import progress, replay, store
from simulator.commands import replay as replay_cmd
from simulator.audio import load_audio
from simulator.engines import get_transcriber
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_path
from conftest import assert_no_internal_ids, shown_words
from soundserver import SPEAKER, SPEAKER_RATE, sound_server  # noqa: F401  (sound_server is a fixture)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"
SHORT = "answers/short_piper.flac"  # "I just want to grow and learn. We will see where things go."
FILLERS = "answers/fillers_piper.flac"
HEDGES = "answers/hedges_piper.flac"
SILENT = 8  # int16 steps: the speaker's monitor when nothing plays


class Scored:
    """Fixtures scored by the real pipeline on first use, once per module."""

    def __init__(self):
        self.listed = {e["file"] for e in json.loads((FIXTURES / "manifest.json").read_text())}
        self.results = {}
        self.pipeline = None

    def __getitem__(self, name: str):
        if name not in self.results:
            assert name in self.listed and (FIXTURES / name).is_file(), f"{name}: run audio_fixtures/make_fixtures.py"
            if self.pipeline is None:
                question = load_question()
                self.pipeline = dict(question=question, rubric=load_rubric(question.rubric),
                                     transcriber=get_transcriber())
            result = score_path(FIXTURES / name, **self.pipeline)
            assert result.status == "ok", result.error_message
            self.results[name] = result
        return self.results[name]


@pytest.fixture(scope="module")
def scored():
    return Scored()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def cli(*argv: str) -> str:
    parser = argparse.ArgumentParser()
    replay_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["replay", *argv])
    out = io.StringIO()
    with redirect_stdout(out):
        assert args.func(args) == 0
    return out.getvalue()


def words_of(attempt) -> list[dict]:
    return shown_words(attempt.transcript)


# --- without sound ---------------------------------------------------------------------------


def test_no_audio_shows_question_answer_and_feedback_in_order(scored, home):
    attempt = store.save_scored(scored[SHORT])
    out = cli("last", "--no-audio", "--instant")
    q, a, f = out.index("== Question =="), out.index("== Answer =="), out.index("== Feedback ==")
    assert q < out.index("What are your career goals?") < a < f
    # Every word of the transcript, in order, between the answer and feedback headings.
    answer_text = out[a:f]
    pos = 0
    for w in words_of(attempt):
        pos = answer_text.index(w["text"], pos)
    assert attempt.result["feedback"]["spoken"].split(".")[0] in out[f:]


@pytest.mark.parametrize("fixture, kind, shown", [(FILLERS, "fillers", "[{}]"), (HEDGES, "hedges", "~{}~")])
def test_fillers_hedges_pauses_and_evidence_are_marked_as_they_pass(scored, home, fixture, kind, shown):
    attempt = store.save_scored(scored[fixture])
    result = attempt.result
    out = cli(attempt.id, "--no-audio", "--instant")
    items = result["delivery"][kind]["items"]
    assert items, f"{fixture} must yield {kind}"
    words = words_of(attempt)
    assert any(" " in item["text"] for item in items), f"{fixture} must have a two-word {kind} ('you know', 'I guess')"
    for item in items:
        first = next(i for i, w in enumerate(words) if abs(w["start"] - item["start"]) < 0.01)
        said = " ".join(w["text"] for w in words[first:first + len(item["text"].split())])
        assert shown.format(said) in out  # "[you know]", not "[you] [know]"
    labels = {cid: cue.label for cid, cue in {**load_rubric().components, **load_rubric().flags}.items()}
    for group, mark in (("components", "+"), ("flags", "!")):
        for cid, ev in result["content"][group].items():
            assert (f"    {mark} {labels[cid]}" in out) == ev["present"], cid
    assert out.count("[pause ") == len(result["delivery"]["long_pauses"])


def test_events_are_shown_no_earlier_than_their_time_at_the_chosen_speed(scored, home):
    attempt = store.load_attempt(store.save_scored(scored[SHORT]).id)
    parts = replay.timeline(attempt)
    answer = next(p for p in parts if p.name == "answer")
    shown: list[tuple[float, replay.ReplayEvent]] = []
    started = time.monotonic()
    replay.play_timeline(parts, lambda part, e: shown.append((time.monotonic() - started, e)),
                         sound=False, speed=4.0, only=("answer",))
    words = [(t, e) for t, e in shown if e.kind in ("word", "filler", "hedge")]
    assert " ".join(e.text for _, e in words) == " ".join(w["text"] for w in words_of(attempt))
    for t, e in words:
        assert t >= e.at / 4.0 - 0.005
    # And it waits for the end of the audio, at speed, before going on.
    assert time.monotonic() - started >= answer.duration_s / 4.0 - 0.005


def test_an_incomplete_attempt_replays_what_was_recorded(home, scored):
    from simulator.audio import load_audio

    attempt = store.new_attempt("career-goals", "practice", question_text="What are your career goals?")
    partial = load_audio(FIXTURES / SHORT)
    store.finish_attempt(attempt, None, answer_audio=partial, ended_by="interrupted")
    parts = {p.name: p for p in replay.timeline(store.load_attempt("last"))}
    assert parts["answer"].audio is not None
    assert parts["answer"].audio.duration_s == pytest.approx(partial.duration_s, abs=0.01)
    out = cli("last", "--any", "--no-audio", "--instant")
    assert "What are your career goals?" in out and "This attempt is incomplete" in out


# --- with sound, through the real sound server -------------------------------------------------

# The real command line, in a child that sees only the private sound server.
REPLAY_CHILD = """
import sys
from simulator.cli import main
sys.exit(main(["replay", *sys.argv[1:]]))
"""


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768, w.getframerate()


def at_rate(path: Path, rate: int) -> np.ndarray:
    """A saved WAV at the speaker's rate, trimmed to its first and last sound."""
    samples, own = read_wav(path)
    if own != rate:
        samples = np.interp(np.arange(int(len(samples) * rate / own)) / rate,
                            np.arange(len(samples)) / own, samples).astype(np.float32)
    loud = np.flatnonzero(np.abs(samples) > SILENT / 32768)
    return samples[loud[0] : loud[-1] + 1]


def locate(heard: np.ndarray, clip: np.ndarray) -> tuple[int, float]:
    """Where ``clip`` sits in ``heard`` (sample offset) and how alike they are there (cosine, 1 = same)."""
    n = 1 << int(np.ceil(np.log2(len(heard) + len(clip))))
    corr = np.fft.irfft(np.fft.rfft(heard, n) * np.conj(np.fft.rfft(clip, n)), n)[: len(heard)]
    at = int(np.argmax(corr))
    part = heard[at : at + len(clip)]
    m = min(len(part), len(clip))
    return at, float(np.dot(part[:m], clip[:m]) / (np.linalg.norm(part[:m]) * np.linalg.norm(clip[:m]) + 1e-12))


def replay_aloud(sound_server, home: Path, tmp_path: Path, *argv: str) -> tuple[np.ndarray, str]:
    capture = sound_server.capture(tmp_path / "heard.wav")
    time.sleep(0.3)  # parec is recording before anything plays
    proc = sound_server.python(REPLAY_CHILD, *argv, "--device", SPEAKER, extra_env={"MOCK_INTERVIEW_HOME": str(home)})
    out, err = proc.communicate(timeout=120)
    time.sleep(0.3)
    heard, rate = read_wav(capture.stop())
    assert proc.returncode == 0, err
    assert rate == SPEAKER_RATE
    return heard, out


def test_replay_plays_the_saved_answer_out_of_the_speaker(scored, home, sound_server, tmp_path):
    attempt = store.save_scored(scored[SHORT])
    heard, out = replay_aloud(sound_server, home, tmp_path, "last")
    assert "== Answer ==" in out and words_of(attempt)[0]["text"] in out

    answer = at_rate(attempt.dir.answer_wav, SPEAKER_RATE)
    loud = np.flatnonzero(np.abs(heard) > SILENT / 32768)
    assert loud.size, "nothing came out of the speaker"
    # The whole answer came out, once, and nothing else: from its first sound to its last...
    assert (loud[-1] - loud[0] + 1) / SPEAKER_RATE == pytest.approx(len(answer) / SPEAKER_RATE, abs=0.05)
    # ...and it is the same sound: aligned, the two correlate almost perfectly.
    at, similarity = locate(heard, answer)
    assert abs(at - loud[0]) < SPEAKER_RATE * 0.05 and similarity > 0.95, (at, loud[0], similarity)


def test_a_practice_attempt_replays_question_answer_and_feedback_in_order(scored, home, sound_server, tmp_path):
    from simulator.audio import load_audio
    from simulator.speak import PiperSpeaker, synthesize_all

    voice = PiperSpeaker()
    attempt = store.new_attempt("career-goals", "practice", question_text="What are your career goals?")
    store.finish_attempt(
        attempt, scored[SHORT], ended_by="silence", answer_audio=load_audio(FIXTURES / SHORT),
        question_audio=synthesize_all(voice, "What are your career goals?"),
        feedback_audio=synthesize_all(voice, "You scored low. Name a concrete goal."),
    )
    heard, out = replay_aloud(sound_server, home, tmp_path, attempt.id)
    assert out.index("== Question ==") < out.index("== Answer ==") < out.index("== Feedback ==")

    found = {}
    for part in ("question", "answer", "feedback"):
        clip = at_rate(attempt.path / f"{part}.wav", SPEAKER_RATE)
        at, similarity = locate(heard, clip)
        assert similarity > 0.95, (part, similarity)
        found[part] = (at, at + len(clip))
    # As it happened: one after the other, none cut short or overlapping.
    assert found["question"][1] <= found["answer"][0] and found["answer"][1] <= found["feedback"][0]


# --- scoring again -------------------------------------------------------------------------------


def test_rescore_with_a_changed_rubric_shows_the_change(scored, home, tmp_path):
    attempt = store.save_scored(scored[SHORT])
    assert attempt.result["content"]["flags"]["vague"]["present"]  # "We will see where things go."
    text = (ROOT / "prompts" / "rubric.toml").read_text()
    # An edited copy in which a coach counts "I want to grow and learn" as a near-term goal.
    edited = re.sub(r"(\[components\.goal_short\].*?\ncues = \[)", r"\1'''want to grow and learn''', ", text, count=1,
                    flags=re.S)
    assert edited != text
    changed = tmp_path / "rubric-changed.toml"
    changed.write_text(edited.replace('version = "', 'version = "test-', 1))

    out = cli("last", "--rescore", "--rubric", str(changed))
    # Parts and flags by the names people read, flags as raised or not (no ids, no "missing" flag).
    assert "red flag: no concrete goal: raised -> not raised" in out and "short-term goal: missing -> present" in out
    assert "Not saved: add --save" in out
    assert_no_internal_ids(out, "replay --rescore")
    outcome = replay.rescore(store.load_attempt("last"), rubric=load_rubric(str(changed)))
    old_version, new_version = attempt.settings["rubric_version"], outcome.settings_after["rubric_version"]
    assert "test-" in new_version and f"rubric_version: {old_version} -> {new_version}" in out
    assert attempt.settings["second_opinion"] == outcome.settings_after["second_opinion"] == "all-MiniLM-L6-v2"
    before, after = attempt.result["score"], outcome.after["score"]
    assert after > before and f"score: {before} -> {after}" in out
    # The saved attempt is left as it was.
    assert store.load_attempt("last").result == attempt.result


def test_last_is_the_last_scored_attempt_and_rescore_save_scores_one_that_never_was(scored, home):
    done = store.save_scored(scored[SHORT])
    # A practice attempt stopped with Ctrl-C after the answer was recorded: never scored.
    stopped = store.new_attempt("career-goals", "practice")
    store.finish_attempt(stopped, None, ended_by="interrupted", answer_audio=load_audio(FIXTURES / SHORT))
    assert f"Attempt {done.id}" in cli("last", "--no-audio", "--instant")
    assert f"Attempt {stopped.id}  (incomplete)" in cli("last", "--any", "--no-audio", "--instant")

    out = cli(stopped.id, "--rescore", "--save")
    assert "status: - -> scored" in out and f"Saved: attempt {stopped.id}" in out
    again = store.load_attempt(stopped.id)
    assert again.result["status"] == "ok" and again.complete and again.record["ended_by"] == "interrupted"
    assert again.result["score"] == done.result["score"]  # the same audio, the same score
    assert [p.id for p in progress.collect().points] == [done.id, stopped.id]
    assert f"Attempt {stopped.id}" in cli("last", "--no-audio", "--instant")


def test_rescore_without_an_answer_says_so(home):
    from simulator.errors import StoreError

    store.new_attempt("career-goals", "practice")
    with pytest.raises(StoreError, match="none of the 1 saved attempts was scored"):
        cli("last", "--rescore")
    with pytest.raises(StoreError, match="no answer.wav"):
        cli("last", "--any", "--rescore")


def test_an_unknown_output_device_stops_the_replay_with_a_clear_error(scored, home, sound_server):
    store.save_scored(scored[SHORT])
    proc = sound_server.python(REPLAY_CHILD, "last", "--device", "no-such-speaker",
                               extra_env={"MOCK_INTERVIEW_HOME": str(home)})
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "== Feedback ==" not in out
    [line] = err.strip().splitlines()  # one clear line, no traceback
    assert line.startswith("mock-interview: error:") and "no-such-speaker" in line


def test_speech_that_was_not_made_out_is_marked_where_it_was(scored):
    from simulator import serialize

    result = scored[SHORT]
    transcript = serialize.transcript_to_dict(result.analysis.transcript)
    transcript["speech"] = transcript["speech"] + [[6.0, 9.0]]
    transcript["unclear"] = [[6.0, 9.2], [4.6, 4.8]]  # speech left out, and a guess after the last word
    events = replay.answer_events(transcript, serialize.result_to_dict(result), {})
    marked = [(e.at, e.text) for e in events if e.kind == "unclear"]
    assert marked == [(6.0, "0:06-0:09")]
    assert events[-1].kind == "unclear"  # after the last word, in time order
    printer = replay_cmd.Printer(io.StringIO())
    printer.show(None, events[-1])
    assert printer.out.getvalue() == "[couldn't make out 0:06-0:09]"


def test_the_transcript_feedback_is_based_on_is_wrapped_with_fillers_marked(scored, monkeypatch):
    monkeypatch.setenv("COLUMNS", "52")
    out = io.StringIO()
    replay_cmd.print_transcript(scored[FILLERS], out)
    lines = out.getvalue().splitlines()
    assert len(lines) > 10 and all(len(line) <= 50 for line in lines)
    text = " ".join(lines)
    fillers = scored[FILLERS].analysis.delivery.fillers
    assert text.count("[") == len(fillers) > 0  # every filler heard is marked, and nothing else
    assert text.replace("[", "").replace("]", "").split() == scored[FILLERS].analysis.transcript.text.split()


def test_a_red_flag_the_analysis_is_not_sure_of_is_marked_so_as_it_passes(tmp_path):
    """The replay marks a raised flag the feedback asks about ("! personal goal (not sure)"), as the report does."""
    from simulator.serialize import result_to_dict
    text = ("I'm a staff nurse. Part of my goal is to get healthier habits around shift work, so I'm sharper on nights "
            "with the patients. I also want to start my own bakery in two years.")
    answer = tmp_path / "answer.txt"
    answer.write_text(text)
    rubric = load_rubric()
    result = result_to_dict(score_path(answer, transcriber=get_transcriber, question=load_question(), rubric=rubric))
    flags = result["content"]["flags"]
    assert flags["personal"].get("tentative") and flags["leaving"]["present"] and not flags["leaving"].get("tentative")
    words = [{"text": w, "start": i * 0.4, "end": i * 0.4 + 0.3} for i, w in enumerate(text.split())]
    labels = {cid: cue.label for cid, cue in {**rubric.components, **rubric.flags}.items()}
    shown = [e.text for e in replay.answer_events({"words": words}, result, labels) if e.kind == "flag"]
    assert shown == [f"{labels['personal']} (not sure)", labels["leaving"]]


def test_a_word_whisper_gives_in_pieces_is_shown_whole():
    """Whisper may time "long-term" as "long" and "-term": the replay (and the report) show one word."""
    pieces = ["My", "long", "-term", "goal"]
    words = [{"text": t, "start": i * 0.3, "end": i * 0.3 + 0.25} for i, t in enumerate(pieces)]
    shown = [e.text for e in replay.answer_events({"words": words}, {}, {}) if e.kind == "word"]
    assert shown == ["My", "long-term", "goal"]

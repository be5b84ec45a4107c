"""`mock-interview practice` end to end through a real (private) PulseAudio server.

A fixture answer is played into the virtual microphone once the program says it is recording; what
the program says is captured from the virtual speaker and transcribed. Ctrl-C and a dying sound server
mid-answer must leave the audio recorded so far on disk, valid, with a clear message.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, ROOT, assert_no_internal_ids, fixtures_of
from soundserver import sound_server  # noqa: F401  (pytest fixture)
from simulator import serialize
from simulator.audio import load_audio

ANSWER = FIXTURES / "answers" / "adequate_piper.flac"
LONG_ANSWER = FIXTURES / "answers" / "rambling_piper.opus"


def start_practice(server, home: Path, *args: str) -> subprocess.Popen:
    env = dict(server.env, MOCK_INTERVIEW_HOME=str(home), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "simulator", "practice", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_recording(proc: subprocess.Popen, timeout: float = 120.0) -> list[str]:
    """Read stderr until the program says it records (the question has been spoken by then)."""
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            raise AssertionError(f"practice ended before recording: {''.join(lines)} {proc.stdout.read()}")
        lines.append(line)
        if "Recording" in line:
            return lines
    raise AssertionError("practice never started recording")


def only_attempt(home: Path) -> tuple[Path, dict]:
    [folder] = [p for p in (home / "sessions").iterdir() if p.is_dir()]
    return folder, json.loads((folder / "attempt.json").read_text())


def best_alignment(recorded: np.ndarray, fed: np.ndarray) -> tuple[int, float]:
    """Where ``fed`` starts in ``recorded`` (samples; negative if its start is missing) and the correlation there."""
    n = len(recorded) + len(fed)
    xcorr = np.fft.irfft(np.fft.rfft(recorded, n) * np.conj(np.fft.rfft(fed, n)), n)
    lag = int(np.argmax(xcorr))
    lag = lag if lag < len(recorded) else lag - n
    a, b = (recorded[lag:], fed) if lag >= 0 else (recorded, fed[-lag:])
    m = min(len(a), len(b))
    return lag, float(np.corrcoef(a[:m], b[:m])[0, 1])


def test_practice_round_end_to_end_with_a_follow_up(sound_server, tmp_path, transcriber, spoken):  # noqa: F811
    """An adequate answer (no link to the role): the interviewer asks how the role fits, out of the speaker;
    the follow-up answer gives it, and the feedback on the exchange says so."""
    home = tmp_path / "home"
    speaker = sound_server.capture(tmp_path / "speaker.wav")
    proc = start_practice(sound_server, home, "--rounds", "1", "--silence-seconds", "2.5")
    wait_for_recording(proc)
    sound_server.feed(ANSWER).wait(timeout=120)
    wait_for_recording(proc)  # the follow-up has been spoken by then
    sound_server.feed(spoken["follow_up_employer"]).wait(timeout=120)
    out, err = proc.communicate(timeout=300)
    speaker.stop()
    assert proc.returncode == 0, err

    expect = next(e for e in fixtures_of("answer") if e["file"] == "answers/adequate_piper.flac")["expect"]
    assert f"First answer alone: {expect['verdict']}" in out
    assert "silent" in err.lower() or "silence" in err.lower()  # which rule ended it is said
    assert "Interviewer (follow-up): How does this role fit into that plan?" in out
    assert "Your answer gave a link to this role: \u201cYour team builds" in out
    assert "Still open" not in out or "link to this role" not in out.split("Still open")[1].split("\n")[0]
    assert_no_internal_ids(out + err, "practice with a follow-up")

    folder, record = only_attempt(home)
    assert record["complete"] and record["ended_by"] == "silence"
    assert record["result"]["verdict"] == expect["verdict"]  # the first answer alone, as score gives it
    [follow_up] = record["exchange"]["follow_ups"]
    assert follow_up["gap"] == "no_employer" and follow_up["closed"] and follow_up["parts"] == ["employer"]
    assert record["exchange"]["result"]["content"]["components"]["employer"]["present"]
    for name in ("question.wav", "answer.wav", "follow_up_1_question.wav", "follow_up_1.wav", "feedback.wav"):
        assert (folder / name).is_file(), name

    # The saved answer is the fed audio, sample for sample up to the codec's 16-bit rounding.
    saved, fed = load_audio(folder / "answer.wav"), load_audio(ANSWER)
    start, corr = best_alignment(saved.samples, fed.samples)
    assert start >= 0, f"the first {-start / 16000:.2f} s of the answer were not recorded"
    assert corr > 0.98, corr
    tail = saved.duration_s - (start / 16000 + fed.duration_s)
    assert 1.5 < tail < 5.0, f"{tail:.2f} s after the answer: the silence rule (2.5 s) should end it"
    _, corr = best_alignment(load_audio(folder / "follow_up_1.wav").samples,
                             load_audio(spoken["follow_up_employer"]).samples)
    assert corr > 0.98, corr

    # The question, the follow-up and the spoken feedback really came out of the speaker, in that order;
    # the spoken feedback on the exchange stays under 30 s.
    heard = transcriber.transcribe(load_audio(tmp_path / "speaker.wav", max_seconds=None)).text.lower()
    # the score as Whisper may write it: "out of 100", "out of a hundred", "out of one hundred"
    score = re.search(r"out of (100|a hundred|one hundred)\b", heard)
    assert "career goals" in heard and "fit into that plan" in heard and score, heard  # "role": "roll"
    assert heard.index("career goals") < heard.index("fit into that plan") < score.start()
    assert load_audio(folder / "feedback.wav").duration_s < 30.0


def test_a_strong_answer_gets_no_follow_up_and_ctrl_c_in_a_follow_up_keeps_both_answers(
        sound_server, tmp_path, spoken):  # noqa: F811
    home = tmp_path / "home"
    proc = start_practice(sound_server, home, "--rounds", "2", "--no-speak")
    wait_for_recording(proc)
    sound_server.feed(spoken["strong_short"]).wait(timeout=120)  # strong content: no follow-up
    wait_for_recording(proc)  # round 2
    sound_server.feed(ANSWER).wait(timeout=120)  # adequate: the follow-up comes
    wait_for_recording(proc)  # the follow-up answer is being recorded
    feed = sound_server.feed(spoken["follow_up_employer"])
    time.sleep(3.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    feed.kill()
    assert proc.returncode == 130, err
    assert "Stopped during the follow-up" in err and "Traceback" not in err
    assert out.count("Interviewer (follow-up)") == 1 and out.index("Verdict:") < out.index("(follow-up)")

    (first_folder, first), (folder, record) = attempts_in_order(home)
    assert first["result"]["content"]["verdict"] == "strong"
    assert first["complete"] and "exchange" not in first and not (first_folder / "follow_up_1.wav").exists()
    assert record["complete"] and record["ended_by"] == "interrupted" and record["result"]["status"] == "ok"
    assert load_audio(folder / "answer.wav").duration_s > 20
    cut = load_audio(folder / "follow_up_1.wav")
    assert 1.5 < cut.duration_s < 6.0 and np.abs(cut.samples).max() > 0.05  # what was said so far


SPOKEN = fixtures_of("answer")
MAX_LIVE_WER = 0.02


def attempts_in_order(home: Path) -> list[tuple[Path, dict]]:
    found = [(p, json.loads((p / "attempt.json").read_text())) for p in (home / "sessions").iterdir() if p.is_dir()]
    return sorted(found, key=lambda f: f[1]["created_at"])


def present(result: dict, group: str) -> dict[str, bool]:
    return {k: v["present"] for k, v in result["content"][group].items()}


@pytest.mark.slow
def test_every_spoken_answer_gets_live_what_score_gives_its_saved_audio(sound_server, tmp_path, pipeline):  # noqa: F811
    """Each answer fixture into the microphone, one round each; then `score` on every saved answer.wav.

    Includes answers whose last word comes right before the silence that ends them (all of these), and
    pauses of 3 to 4 s mid-answer (pauses_piper; so the answer ends after 5 s of silence here, not 3).
    About 9 minutes: the 479 s of answers play in real time.
    """
    from simulator.score import BatchItem
    from test_score import word_error_rate

    home, screen = tmp_path / "home", tmp_path / "stdout.txt"
    env = dict(sound_server.env, MOCK_INTERVIEW_HOME=str(home), PYTHONUNBUFFERED="1")
    with open(screen, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "simulator", "practice", "--rounds", str(len(SPOKEN)),
                                 "--no-speak", "--silence-seconds", "5", "--all-feedback", "--follow-ups", "0"],
                                cwd=ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, text=True)
        for entry in SPOKEN:
            wait_for_recording(proc)
            sound_server.feed(FIXTURES / entry["file"]).wait(timeout=300)
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err

    attempts = attempts_in_order(home)
    assert len(attempts) == len(SPOKEN)
    for entry, (folder, record) in zip(SPOKEN, attempts):
        live = record["result"]
        assert live["status"] == "ok" and record["ended_by"] == "silence", (entry["file"], live)
        batch = serialize.result_to_dict(pipeline.score(BatchItem(str(folder / "answer.wav"), folder / "answer.wav")))
        wer = word_error_rate(batch["transcript"], live["transcript"])
        assert wer <= MAX_LIVE_WER, (entry["file"], wer, live["transcript"], batch["transcript"])
        assert live["verdict"] == batch["verdict"], entry["file"]
        assert present(live, "components") == present(batch, "components"), entry["file"]
        assert present(live, "flags") == present(batch, "flags"), entry["file"]
    # the screen shows what was heard, fillers marked as replay marks them
    shown = screen.read_text()
    assert shown.count("What I heard") == len(SPOKEN)
    assert re.search(r"\[(um+|uh+)\b", shown, re.IGNORECASE), shown[:2000]
    assert_no_internal_ids(shown + err, "practice")  # feedback, what changed since the last round
    # --all-feedback: every point to fix of every round is on the screen, none "not shown"
    assert "not shown" not in shown
    for _, record in attempts:
        assert record["result"]["feedback"]["written_all"] in shown


def test_ctrl_c_mid_answer_keeps_the_audio(sound_server, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    proc = start_practice(sound_server, home, "--rounds", "1", "--no-speak")
    wait_for_recording(proc)
    feed = sound_server.feed(LONG_ANSWER)
    time.sleep(6)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    feed.kill()
    assert proc.returncode == 130, err
    assert "What you said so far is kept" in err and "Traceback" not in err
    # It says what happens: not scored, and how to score it; never "Scoring..." that does not come.
    assert "Scoring" not in err and "Stopped before scoring" in err and "--rescore --save" in err
    folder, record = only_attempt(home)
    assert not record["complete"] and record["ended_by"] == "interrupted"
    audio = load_audio(folder / "answer.wav")
    assert 4.0 < audio.duration_s < 9.0
    assert np.abs(audio.samples).max() > 0.05  # the speech fed so far is in it


def test_ctrl_c_while_the_question_plays_keeps_no_empty_attempt(sound_server, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    proc = start_practice(sound_server, home, "--rounds", "1")
    while "Interviewer:" not in (line := proc.stdout.readline()):  # the question is shown as it starts to play
        assert line, f"practice ended before the question: {proc.stderr.read()}"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert "Recording" not in err  # stopped before the answer, as meant
    # nothing was said, so History is not left with an empty "incomplete" attempt
    assert [p for p in (home / "sessions").iterdir() if p.is_dir()] == []


def test_sound_server_dying_mid_answer_keeps_the_audio(sound_server, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    proc = start_practice(sound_server, home, "--rounds", "1", "--no-speak")
    wait_for_recording(proc)
    sound_server.feed(LONG_ANSWER)
    time.sleep(5)
    sound_server.kill()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "kept in attempt" in err and "Traceback" not in err
    folder, record = only_attempt(home)
    assert not record["complete"] and record["ended_by"] == "device_lost"
    audio = load_audio(folder / "answer.wav")
    assert 3.0 < audio.duration_s < 8.0 and np.abs(audio.samples).max() > 0.05


def test_no_input_device_names_the_devices_command(tmp_path):
    env = dict(os.environ, MOCK_INTERVIEW_HOME=str(tmp_path / "home"), PULSE_SERVER=f"unix:{tmp_path}/no-server")
    p = subprocess.run([sys.executable, "-m", "simulator", "practice", "--rounds", "1", "--no-speak"], cwd=ROOT,
                       env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1
    assert "mock-interview devices" in p.stderr and "Traceback" not in p.stderr


def test_a_silent_microphone_is_noticed_while_the_answer_is_still_open(sound_server, tmp_path):  # noqa: F811
    # Nothing is fed: the virtual microphone records silence, as a muted or dead one would.
    home = tmp_path / "home"
    proc = start_practice(sound_server, home, "--rounds", "1", "--no-speak", "--max-seconds", "8")
    wait_for_recording(proc)
    out, err = proc.communicate(timeout=120)
    assert "I can't hear you: check the microphone" in err and "mock-interview devices" in err
    assert err.index("I can't hear you") < err.index("Answer ended at the 8 s limit")


def test_a_broken_rubric_stops_practice_before_the_answer_with_one_line(sound_server, tmp_path):  # noqa: F811
    # The rubric compiles while the question plays (so the question is not delayed by it); a coach's bad
    # edit must still stop the session before the person answers, naming the file and the key.
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for f in (ROOT / "prompts").iterdir():
        (prompts / f.name).write_bytes(f.read_bytes())
    rubric = prompts / "rubric.toml"
    text = rubric.read_text(encoding="utf-8")
    cut = text.index("[components.goal_long]")
    rubric.write_text(text[:cut] + text[cut:].replace("aspire = [", "aspire = [\n  '(unclosed',", 1), encoding="utf-8")
    home = tmp_path / "home"
    env = dict(sound_server.env, MOCK_INTERVIEW_HOME=str(home), MOCK_INTERVIEW_PROMPTS=str(prompts))
    p = subprocess.run([sys.executable, "-m", "simulator", "practice", "--rounds", "1"], cwd=ROOT, env=env,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=180)
    assert p.returncode == 1, p.stderr
    assert "Interviewer:" in p.stdout and "Recording" not in p.stderr  # asked, never recorded
    [error] = [line for line in p.stderr.splitlines() if str(rubric) in line]
    assert "components.goal_long" in error and "bad regular expression" in error and "Traceback" not in p.stderr
    assert [d for d in (home / "sessions").iterdir() if d.is_dir()] == []

"""Recording answers through a real PulseAudio server with virtual devices (tests/soundserver.py).

The recorder runs in a child process that sees only the private server, so Ctrl-C, a dying server
and a crash can be done to it for real. Speech comes from the Piper voice.
"""

from __future__ import annotations

import json
import select
import signal
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, read_wav
from simulator.audio import load_audio
from simulator.record import VoiceActivity, level_dbfs
from soundserver import MIC_RATE, sound_server  # noqa: F401  (sound_server is a fixture)

RECORD_CHILD = """
import dataclasses, json, sys, threading
from pathlib import Path
from simulator.errors import SimulatorError
from simulator.record import SoundDeviceRecorder

out, max_s, silence_s, rate, device, stop_after = sys.argv[1:7]
stop = threading.Event()
first = threading.Event()

def on_block(block, sr):
    if not first.is_set():
        first.set()
        if float(stop_after) > 0:  # "Enter" pressed stop_after seconds into the recording
            threading.Timer(float(stop_after), stop.set).start()
        print("RECORDING", flush=True)

recorder = SoundDeviceRecorder(device=device or None, sample_rate=int(rate))
try:
    rec = recorder.record(Path(out), max_seconds=float(max_s), silence_seconds=float(silence_s),
                          stop=stop, on_block=on_block)
except SimulatorError as exc:
    print("ERROR", exc.kind, exc.message, flush=True)
    sys.exit(2)
result = dataclasses.asdict(rec)
result["path"] = str(rec.path)
print(json.dumps(result), flush=True)
"""


def offset_of(fed: np.ndarray, recorded: np.ndarray) -> int:
    """Where ``fed`` starts inside ``recorded`` (cross-correlation by FFT)."""
    a, b = recorded.astype(np.float64), fed.astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    corr = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)
    return int(np.argmax(corr[: len(a)]))


# --- running the recorder in a child --------------------------------------------
def start_recording(server, out: Path, *, max_s=30.0, silence_s=1.0, rate=MIC_RATE, device="", stop_after=0.0,
                    extra_env=None) -> subprocess.Popen:
    args = [str(out), str(max_s), str(silence_s), str(rate), device, str(stop_after)]
    return server.python(RECORD_CHILD, *args, extra_env=extra_env)


def wait_until_recording(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != "RECORDING":
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"recorder did not start: {line}{out}\n{err}")


def result_of(proc: subprocess.Popen, timeout: float = 60.0) -> dict:
    out, err = proc.communicate(timeout=timeout)
    lines = [x for x in out.splitlines() if x.strip()]
    assert lines, f"recorder printed nothing; stderr:\n{err}"
    if lines[-1].startswith("ERROR"):
        return {"error": lines[-1]}
    return json.loads(lines[-1])


def record_fed(server, fed: Path, out: Path, **kw) -> dict:
    proc = start_recording(server, out, **kw)
    wait_until_recording(proc)
    feed = server.feed(fed)
    try:
        return result_of(proc)
    finally:
        feed.kill()
        feed.wait()


def assert_contains_exactly(recorded: np.ndarray, fed: np.ndarray) -> int:
    """The recording holds the fed audio sample for sample; returns where it starts."""
    at = offset_of(fed, recorded)
    np.testing.assert_array_equal(recorded[at : at + len(fed)], fed)
    return at


# --- the tests ------------------------------------------------------------------
@pytest.mark.slow
def test_answer_ends_after_silence_and_keeps_the_audio_exactly(sound_server, speech, tmp_path):
    out = tmp_path / "attempt" / "answer.wav"
    result = record_fed(sound_server, speech["one"], out, silence_s=1.0)

    assert result["ended_by"] == "silence" and result["complete"]
    recorded, rate = read_wav(out)
    fed, _ = read_wav(speech["one"])
    assert rate == result["sample_rate"] == MIC_RATE
    assert len(recorded) == round(result["duration_s"] * rate)
    at = assert_contains_exactly(recorded, fed) / rate
    # Speech is where it was fed, and the answer ended about 1 s after its last sound.
    loud = np.flatnonzero(np.abs(fed) > 0.02 * 32768) / rate
    assert abs(result["speech_start_s"] - (at + loud[0])) < 0.15
    assert abs(result["speech_end_s"] - (at + loud[-1])) < 0.2
    assert 0.95 <= result["duration_s"] - result["speech_end_s"] <= 1.2
    assert "silence" in result["message"]


@pytest.mark.slow
def test_max_seconds_ends_the_answer_at_exactly_that_length(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    result = record_fed(sound_server, speech["two_parts"], out, max_s=1.5, silence_s=5.0)

    assert result["ended_by"] == "max" and result["complete"]
    recorded, rate = read_wav(out)
    assert len(recorded) == int(1.5 * MIC_RATE)
    assert level_dbfs(recorded / 32768.0) > -40  # the speech that was playing is in it
    assert "1.5 s limit" in result["message"]


@pytest.mark.slow
def test_enter_ends_the_answer(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    proc = start_recording(sound_server, out, silence_s=10.0, stop_after=1.0)
    wait_until_recording(proc)
    sound_server.feed(speech["two_parts"])
    result = result_of(proc)

    assert result["ended_by"] == "enter" and result["complete"]
    recorded, _ = read_wav(out)
    assert 0.95 < len(recorded) / MIC_RATE < 3.0  # 1 s, plus however late a busy machine notices
    assert "Enter" in result["message"]


def _fed_prefix_is_kept(out: Path, fed_path: Path, min_seconds: float) -> None:
    recorded, rate = read_wav(out)
    fed, _ = read_wav(fed_path)
    assert len(recorded) / rate >= min_seconds
    # The start of the answer is there, sample for sample.
    head = fed[: int(0.8 * rate)]
    assert_contains_exactly(recorded, head)


@pytest.mark.slow
def test_ctrl_c_mid_answer_keeps_what_was_said(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    proc = start_recording(sound_server, out, silence_s=10.0)
    wait_until_recording(proc)
    sound_server.feed(speech["two_parts"])
    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    result = result_of(proc)

    assert result["ended_by"] == "interrupted" and not result["complete"]
    assert str(out) in result["message"] and "Ctrl-C" in result["message"]
    _fed_prefix_is_kept(out, speech["two_parts"], 1.2)


@pytest.mark.slow
def test_sound_server_dying_mid_answer_keeps_the_audio_and_says_so(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    proc = start_recording(sound_server, out, silence_s=10.0)
    wait_until_recording(proc)
    sound_server.feed(speech["two_parts"])
    time.sleep(1.5)
    sound_server.kill()
    result = result_of(proc)

    assert result["ended_by"] == "device_lost" and not result["complete"]
    assert "microphone stopped" in result["message"] and str(out) in result["message"]
    _fed_prefix_is_kept(out, speech["two_parts"], 1.2)


@pytest.mark.slow
def test_a_crashed_recorder_leaves_a_readable_file(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    proc = start_recording(sound_server, out, silence_s=10.0)
    wait_until_recording(proc)
    sound_server.feed(speech["two_parts"])
    time.sleep(1.5)
    proc.kill()  # SIGKILL: no cleanup code runs at all
    proc.communicate()

    recorded, rate = read_wav(out)
    # The header is rewritten after each block's samples, so it counts all of them but at most
    # the one block being written when the process died.
    unheaded = out.stat().st_size - (44 + 2 * len(recorded))
    assert 0 <= unheaded <= 2 * int(0.05 * MIC_RATE)
    _fed_prefix_is_kept(out, speech["two_parts"], 1.0)


@pytest.mark.slow
def test_a_refused_rate_records_at_the_devices_own_rate(sound_server, speech, tmp_path):
    out = tmp_path / "answer.wav"
    # No device takes a million samples a second; mi_mic's own rate is 16 kHz.
    result = record_fed(sound_server, speech["one"], out, rate=1_000_000, device="mi_mic")

    assert result["sample_rate"] == MIC_RATE and result["options"]["requested_sample_rate"] == 1_000_000
    recorded, rate = read_wav(out)
    fed, _ = read_wav(speech["one"])
    assert rate == MIC_RATE
    assert_contains_exactly(recorded, fed)


@pytest.mark.slow
def test_no_input_device_names_the_devices_command(sound_server, tmp_path):
    out = tmp_path / "answer.wav"
    nowhere = {"PULSE_SERVER": f"unix:{tmp_path}/no-such-server"}
    proc = start_recording(sound_server, out, extra_env=nowhere)
    result = result_of(proc)

    assert result["error"].startswith("ERROR device ")
    assert "no input device" in result["error"] and "mock-interview devices" in result["error"]
    assert not out.exists()


@pytest.mark.slow
def test_an_unknown_device_name_is_a_clear_error(sound_server, tmp_path):
    out = tmp_path / "answer.wav"
    result = result_of(start_recording(sound_server, out, device="usb-headset"))

    assert "no input device matches 'usb-headset'" in result["error"]
    assert "mock-interview devices" in result["error"]


BLOCKS_CHILD = """
import sys
from pathlib import Path
import numpy as np
from simulator.record import SoundDeviceRecorder
blocks = []

def on_block(block, sr):
    if not blocks:
        print("RECORDING", flush=True)
    blocks.append(block.copy())

SoundDeviceRecorder().record(Path(sys.argv[1]), max_seconds=30, silence_seconds=1.0, on_block=on_block)
np.save(sys.argv[2], np.concatenate(blocks))
print("DONE", flush=True)
"""


@pytest.mark.slow
def test_on_block_gets_exactly_the_samples_the_file_holds(sound_server, speech, tmp_path):
    """Live transcription hears what `score` will read from answer.wav, sample for sample."""
    out, seen = tmp_path / "answer.wav", tmp_path / "seen.npy"
    proc = sound_server.python(BLOCKS_CHILD, str(out), str(seen))
    wait_until_recording(proc)
    feed = sound_server.feed(speech["one"])
    stdout, stderr = proc.communicate(timeout=60)
    feed.wait()
    assert "DONE" in stdout, stderr

    given = np.load(seen)
    recorded, _ = read_wav(out)
    assert np.abs(given).max() > 0.05  # the speech is in it
    np.testing.assert_array_equal(given, recorded.astype(np.float32) / 32768)
    np.testing.assert_array_equal(given, load_audio(out).samples)


# --- pieces that need no sound server ----------------------------------------
def test_a_click_is_not_speech():
    vad = VoiceActivity()
    rate = 16_000
    quiet = np.zeros(800, dtype=np.float32)
    click = np.full(800, 0.5, dtype=np.float32)  # one loud 50 ms block
    for block in (quiet, quiet, click, quiet, quiet):
        vad.update(block, rate)
    assert vad.speech_start_s is None and vad.silent_for() == 0.0
    for _ in range(6):  # 0.3 s of loud sound is speech
        vad.update(click, rate)
    assert vad.speech_start_s == pytest.approx(0.25)


def test_an_answer_begun_at_once_is_not_ended_while_it_is_spoken_however_the_audio_arrives():
    # The page sends 0.25 s pieces, the terminal 50 ms blocks. An answer whose first word is in the first
    # piece once set the noise floor to speech, and was ended as 3 s of "silence" 3.25 s in.
    rate = 16_000
    speech = load_audio(FIXTURES / "answers" / "strong_piper.flac", sample_rate=rate).samples
    speech = speech[int(np.argmax(np.abs(speech) > 0.02)):]  # the first word from the first sample
    decisions = {}
    for piece_s in (0.05, 0.25, 0.5):
        vad, n, ended = VoiceActivity(), int(piece_s * rate), None
        for i in range(0, len(speech), n):
            vad.update(speech[i:i + n], rate)
            if ended is None and vad.silent_for() >= 3.0:
                ended = vad.position_s
        assert ended is None, f"{piece_s} s pieces: ended {ended:.2f} s into a {len(speech) / rate:.0f} s answer"
        decisions[piece_s] = (vad.speech_start_s, round(vad.speech_end_s, 6))
    assert decisions[0.25] == decisions[0.5] == decisions[0.05]  # the same answer, the same decisions


def test_level_of_a_full_scale_sine_is_minus_3_db():
    t = np.arange(16_000) / 16_000
    assert level_dbfs(np.sin(2 * np.pi * 440 * t).astype(np.float32)) == pytest.approx(-3.01, abs=0.05)
    assert level_dbfs(np.zeros(10, dtype=np.float32)) < -150


FAILING_ON_BLOCK_CHILD = """
import sys, wave
from pathlib import Path
from simulator.record import SoundDeviceRecorder
blocks = []

def on_block(block, sr):
    blocks.append(len(block))
    if len(blocks) == 10:
        raise ValueError("meter broke")

try:
    SoundDeviceRecorder().record(Path(sys.argv[1]), max_seconds=10, silence_seconds=5, on_block=on_block)
except ValueError as exc:
    with wave.open(sys.argv[1]) as w:
        print("raised", exc, "frames", w.getnframes(), "seen", sum(blocks))
"""


@pytest.mark.slow
def test_an_error_in_on_block_ends_the_recording_and_is_raised(sound_server, tmp_path):
    out = tmp_path / "answer.wav"
    proc = sound_server.python(FAILING_ON_BLOCK_CHILD, str(out))
    stdout, stderr = proc.communicate(timeout=60)

    # The tenth block reached the file before on_block saw it; nothing after it was written.
    assert stdout.strip() == f"raised meter broke frames {10 * 800} seen {10 * 800}", stderr

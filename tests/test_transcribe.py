"""The bundled model: verified, never downloaded, word timings that make sense, the same in every process."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import FIXTURES, ROOT
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


# --- the same samples, the same transcript, in any process ----------------------------------------
TRANSCRIBE_IN_A_PROCESS = ("import json, sys; from simulator.audio import load_audio; "
                           "from simulator.engines import get_transcriber; "
                           "from simulator.serialize import transcript_to_dict; "
                           "t = get_transcriber().transcribe(load_audio(sys.argv[1])); "
                           "print(json.dumps(transcript_to_dict(t)))")


def transcribed_with_blas_threads(path, threads: int) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": str(threads), "OMP_NUM_THREADS": str(threads)}
    done = subprocess.run([sys.executable, "-c", TRANSCRIBE_IN_A_PROCESS, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_the_transcript_does_not_depend_on_the_processes_blas_threads():
    """A practice server started with one BLAS thread (Dask's nanny leaves OMP_NUM_THREADS=1 in the
    environment it spawns from) must hear an answer exactly as `score` in a process with two: the
    log-Mel features went through BLAS, and the two transcripts differed near the start of an answer."""
    path = FIXTURES / "answers" / "short_piper.flac"
    assert transcribed_with_blas_threads(path, 1) == transcribed_with_blas_threads(path, 2)


def test_the_features_are_faster_whispers_up_to_float32_rounding():
    """log_mel is faster-whisper's computation with the Mel sums taken in a fixed order, nothing more."""
    from faster_whisper.feature_extractor import FeatureExtractor

    from simulator.transcribe import log_mel

    samples = load_audio(FIXTURES / "answers" / "short_piper.flac").samples
    theirs = FeatureExtractor(feature_size=80)
    ours = log_mel(samples, theirs.mel_filters, theirs.n_fft, theirs.hop_length)
    np.testing.assert_allclose(ours, theirs(samples), rtol=0, atol=1e-6)

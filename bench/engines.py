"""Throughput and peak memory of the two transcription engines on the spoken-answer fixtures.

Each (engine, clip) runs in a fresh Python process, so peak RSS is that engine's alone
and nothing is shared or pre-warmed between runs. Inside the process the model loads,
one short warm-up pass runs (openai-whisper JIT-compiles its word-timing code on first
use), then the whole clip is transcribed and timed.

    .venv/bin/python bench/engines.py            # beam 5, every `answer` fixture
    .venv/bin/python bench/engines.py --beam-size 1 --clips 2

Prints a table and writes bench/results/engines.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MANIFEST = ROOT / "audio_fixtures" / "manifest.json"
RESULTS = ROOT / "bench" / "results" / "engines.json"
ENGINES = ("faster-whisper", "openai-whisper")
WARMUP_S = 5.0  # seconds of the clip transcribed once before timing


def answer_clips(limit: int | None) -> list[Path]:
    if not MANIFEST.is_file():
        raise SystemExit(f"{MANIFEST} is missing: run audio_fixtures/make_fixtures.py first")
    entries = [e for e in json.loads(MANIFEST.read_text()) if e["kind"] == "answer"]
    entries.sort(key=lambda e: e["duration_s"])
    return [ROOT / "audio_fixtures" / e["file"] for e in entries[:limit]]


# --- the child: one engine, one clip ----------------------------------------


def measure(engine: str, clip: Path, beam_size: int, threads: int) -> dict:
    from simulator.audio import load_audio
    from simulator.transcribe import get_transcriber
    from simulator.types import Audio

    audio = load_audio(clip)
    started = time.perf_counter()
    transcriber = get_transcriber(engine, beam_size=beam_size, cpu_threads=threads)
    load_s = time.perf_counter() - started
    warm = Audio(audio.samples[: int(WARMUP_S * audio.sample_rate)], audio.sample_rate)
    transcriber.transcribe(warm)
    cpu_before, started = _cpu_s(), time.perf_counter()
    transcript = transcriber.transcribe(audio)
    wall_s, cpu_s = time.perf_counter() - started, _cpu_s() - cpu_before
    return {
        "engine": engine,
        "audio_s": round(audio.duration_s, 2),
        "load_s": round(load_s, 2),
        "wall_s": round(wall_s, 2),
        "x_real_time": round(wall_s / audio.duration_s, 3),  # wall seconds per audio second
        "throughput": round(audio.duration_s / wall_s, 2),  # audio seconds per wall second
        # CPU seconds (all threads) per audio second: barely moved by other load on the machine
        "cpu_per_audio_s": round(cpu_s / audio.duration_s, 3),
        # Linux reports ru_maxrss in KiB
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "words": len(transcript.words),
        "text": transcript.text,
    }


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the parent -------------------------------------------------------------


def snapshot(clips: list[Path], folder: Path) -> list[Path]:
    """Copy the clips away first: a fixture regeneration mid-run must not change the inputs."""
    copies = []
    for clip in clips:
        copy = folder / clip.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clip, copy)
        copies.append(copy)
    return copies


def run_child(engine: str, clip: Path, name: str, beam_size: int, threads: int) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, str(clip),
           "--beam-size", str(beam_size), "--threads", str(threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{engine} on {name} failed:\n{done.stderr}", file=sys.stderr)
        return {"engine": engine, "clip": name, "error": done.stderr.strip().splitlines()[-1:]}
    return {**json.loads(done.stdout.splitlines()[-1]), "clip": name}


def machine() -> dict:
    import ctranslate2
    import torch

    return {"cpu_count": os.cpu_count(), "python": platform.python_version(),
            "torch": torch.__version__, "ctranslate2": ctranslate2.__version__,
            "platform": platform.platform()}


def print_table(rows: list[dict]) -> None:
    rows = [r for r in rows if "error" not in r]
    print(f"{'engine':<15} {'clip':<26} {'audio s':>7} {'wall s':>7} {'x RT':>6} "
          f"{'audio s/s':>9} {'CPU s/audio s':>13} {'peak MB':>8}")
    for r in rows:
        print(f"{r['engine']:<15} {Path(r['clip']).name:<26} {r['audio_s']:>7.1f} {r['wall_s']:>7.2f} "
              f"{r['x_real_time']:>6.3f} {r['throughput']:>9.2f} {r['cpu_per_audio_s']:>13.3f} "
              f"{r['peak_rss_mb']:>8.0f}")
    for engine in ENGINES:
        mine = [r for r in rows if r["engine"] == engine]
        audio, wall = sum(r["audio_s"] for r in mine), sum(r["wall_s"] for r in mine)
        cpu = sum(r["cpu_per_audio_s"] * r["audio_s"] for r in mine)
        print(f"{engine:<15} {'all clips':<26} {audio:>7.1f} {wall:>7.2f} {wall / audio:>6.3f} "
              f"{audio / wall:>9.2f} {cpu / audio:>13.3f} {max(r['peak_rss_mb'] for r in mine):>8.0f}")


def same_text(rows: list[dict]) -> dict[str, bool]:
    by_clip: dict[str, set[str]] = {}
    for r in (r for r in rows if "error" not in r):
        by_clip.setdefault(r["clip"], set()).add(r["text"])
    return {clip: len(texts) == 1 for clip, texts in by_clip.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="CPU threads for both engines (default: all cores)")
    parser.add_argument("--clips", type=int, default=None, help="only the N shortest answers")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CLIP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]), args.beam_size, args.threads)))
        return 0

    from simulator import ct2_convert

    ct2_convert.cached_openai_checkpoint()  # convert before timing, not inside a child
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        clips = answer_clips(args.clips)
        for clip, copy in zip(clips, snapshot(clips, Path(tmp))):
            for engine in ENGINES:
                name = str(clip.relative_to(ROOT))
                rows.append(run_child(engine, copy, name, args.beam_size, args.threads))
                write_report(rows, args)  # partial results survive an interrupted run
    print_table(rows)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 1 if any("error" in r for r in rows) else 0


def write_report(rows: list[dict], args: argparse.Namespace) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "beam_size": args.beam_size,
              "threads": args.threads, "load_average": os.getloadavg(), "machine": machine(),
              "same_text": same_text(rows), "runs": rows}
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


if __name__ == "__main__":
    sys.exit(main())

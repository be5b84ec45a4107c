"""Throughput and peak memory of the two transcription engines on every speech fixture.

Each (engine, beam size, clip) runs in a fresh Python process, so peak RSS is that engine's alone
and nothing is shared or pre-warmed between runs. Inside the process the model loads,
one short warm-up pass runs (openai-whisper JIT-compiles its word-timing code on first
use), then the clip goes through the pipeline a user runs (voice found, pieces of up to 28 s)
and is timed. It also records whether both engines gave the same text.

    .venv/bin/python bench/engines.py                 # greedy and beam 5, the 16 speech fixtures
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
# (engine, compute type): the default engine as shipped (int8), and in float32, which is what
# openai-whisper computes in on a CPU; the text comparison is between the two float32 runs.
CONFIGS = (("faster-whisper", "int8"), ("faster-whisper", "float32"), ("openai-whisper", "float32"))
WARMUP_S = 5.0  # seconds of the clip transcribed once before timing


def speech_clips(limit: int | None) -> list[Path]:
    """The answers and their format variants: the fixtures tests/test_transcribe_openai.py compares."""
    if not MANIFEST.is_file():
        raise SystemExit(f"{MANIFEST} is missing: run audio_fixtures/make_fixtures.py first")
    entries = [e for e in json.loads(MANIFEST.read_text())
               if e["kind"] in ("answer", "variant") and e["expect"]["status"] == "ok"]
    entries.sort(key=lambda e: e["duration_s"])
    return [ROOT / "audio_fixtures" / e["file"] for e in entries[:limit]]


# --- the child: one engine, one clip ----------------------------------------


def measure(engine: str, compute_type: str, clip: Path, beam_size: int, threads: int) -> dict:
    from simulator.audio import load_audio
    from simulator.score import transcribe_audio
    from simulator.engines import get_transcriber
    from simulator.types import Audio

    audio = load_audio(clip)
    started = time.perf_counter()
    options = {"compute_type": compute_type} if engine == "faster-whisper" else {}
    transcriber = get_transcriber(engine, beam_size=beam_size, cpu_threads=threads, **options)
    load_s = time.perf_counter() - started
    warm = Audio(audio.samples[: int(WARMUP_S * audio.sample_rate)], audio.sample_rate)
    transcriber.transcribe(warm)
    cpu_before, started = _cpu_s(), time.perf_counter()
    transcript = transcribe_audio(audio, transcriber)
    wall_s, cpu_s = time.perf_counter() - started, _cpu_s() - cpu_before
    return {
        "engine": engine,
        "compute_type": compute_type,
        "beam_size": beam_size,
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


def run_child(engine: str, compute_type: str, clip: Path, name: str, beam_size: int, threads: int) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, compute_type, str(clip),
           "--beam-size", str(beam_size), "--threads", str(threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{engine} {compute_type} on {name} failed:\n{done.stderr}", file=sys.stderr)
        return {"engine": engine, "compute_type": compute_type, "beam_size": beam_size, "clip": name,
                "error": done.stderr.strip().splitlines()[-1:]}
    return {**json.loads(done.stdout.splitlines()[-1]), "clip": name}


def machine() -> dict:
    import ctranslate2
    import torch

    return {"cpu_count": os.cpu_count(), "python": platform.python_version(),
            "torch": torch.__version__, "ctranslate2": ctranslate2.__version__,
            "platform": platform.platform()}


def totals(rows: list[dict]) -> list[dict]:
    """One line per (engine, compute type, beam size) over all clips."""
    out = []
    for beam in sorted({r["beam_size"] for r in rows}):
        for engine, compute in CONFIGS:
            mine = [r for r in rows if (r["engine"], r["compute_type"], r["beam_size"]) == (engine, compute, beam)
                    and "error" not in r]
            if not mine:
                continue
            audio, wall = sum(r["audio_s"] for r in mine), sum(r["wall_s"] for r in mine)
            cpu = sum(r["cpu_per_audio_s"] * r["audio_s"] for r in mine)
            out.append({"engine": engine, "compute_type": compute, "beam_size": beam, "clips": len(mine),
                        "audio_s": round(audio, 1), "wall_s": round(wall, 1),
                        "x_real_time": round(wall / audio, 3), "throughput": round(audio / wall, 1),
                        "cpu_per_audio_s": round(cpu / audio, 3),
                        "peak_rss_mb": max(r["peak_rss_mb"] for r in mine)})
    return out


def print_table(rows: list[dict]) -> None:
    print(f"{'engine':<15} {'type':<7} {'beam':>4} {'clip':<30} {'audio s':>7} {'wall s':>7} {'x RT':>6} "
          f"{'audio s/s':>9} {'CPU s/audio s':>13} {'peak MB':>8}")
    for r in [r for r in rows if "error" not in r] + [{**t, "clip": "all clips"} for t in totals(rows)]:
        print(f"{r['engine']:<15} {r['compute_type']:<7} {r['beam_size']:>4} {Path(r['clip']).name:<30} "
              f"{r['audio_s']:>7.1f} {r['wall_s']:>7.2f} {r['x_real_time']:>6.3f} {r['throughput']:>9.2f} "
              f"{r['cpu_per_audio_s']:>13.3f} {r['peak_rss_mb']:>8.0f}")


def same_text(rows: list[dict]) -> dict[str, dict[str, bool]]:
    """Per beam size and clip: did faster-whisper float32 and openai-whisper give the same words?"""
    out: dict[str, dict[str, bool]] = {}
    for beam in sorted({r["beam_size"] for r in rows}):
        by_clip: dict[str, list[str]] = {}
        for r in rows:
            if r["beam_size"] == beam and r["compute_type"] == "float32" and "error" not in r:
                by_clip.setdefault(r["clip"], []).append(r["text"])
        out[f"beam_{beam}"] = {clip: len(t) == 2 and t[0] == t[1] for clip, t in by_clip.items()}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beam-size", type=int, nargs="+", default=[1, 5],
                        help="beam sizes to measure (default: 1 5; 1 is greedy, the default setting)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="CPU threads for both engines (default: all cores)")
    parser.add_argument("--clips", type=int, default=None, help="only the N shortest clips")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "COMPUTE_TYPE", "CLIP"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, compute, clip = args.child
        print(json.dumps(measure(engine, compute, Path(clip), args.beam_size[0], args.threads)))
        return 0

    from simulator import ct2_convert

    ct2_convert.cached_openai_checkpoint()  # convert before timing, not inside a child
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        clips = speech_clips(args.clips)
        for beam in args.beam_size:
            for clip, copy in zip(clips, snapshot(clips, Path(tmp))):
                for engine, compute in CONFIGS:
                    name = str(clip.relative_to(ROOT))
                    rows.append(run_child(engine, compute, copy, name, beam, args.threads))
                    write_report(rows, args)  # partial results survive an interrupted run
    print_table(rows)
    for beam, clips_same in same_text(rows).items():
        same = sum(clips_same.values())
        print(f"{beam}: same text from both engines (float32) on {same} of {len(clips_same)} clips")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 1 if any("error" in r for r in rows) else 0


def write_report(rows: list[dict], args: argparse.Namespace) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "beam_sizes": args.beam_size,
              "threads": args.threads, "load_average": os.getloadavg(), "machine": machine(),
              "totals": totals(rows), "same_text": same_text(rows), "runs": rows}
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


if __name__ == "__main__":
    sys.exit(main())

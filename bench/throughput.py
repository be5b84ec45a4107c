"""Batch throughput and memory of `mock-interview score` on the speech fixtures.

For each --jobs setting: wall-clock time of the whole command (model loading included), audio seconds
scored per wall second (x real time), and the peak RSS of the largest process (the main process or one
worker). Also the time `mock-interview --help` takes. Writes bench/results/throughput.json.

    .venv/bin/python bench/throughput.py [--jobs 1 2] [--beam-size N] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "audio_fixtures"
RESULTS = ROOT / "bench" / "results"


def speech_fixtures() -> tuple[list[Path], float]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    entries = [e for e in manifest if e["kind"] in ("answer", "variant") and e["expect"]["status"] == "ok"]
    return [FIXTURES / e["file"] for e in entries], sum(e["duration_s"] for e in entries)


def run_child(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the largest process the command started."""
    code = (
        "import resource, subprocess, sys, time, json;"
        "t = time.perf_counter();"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True);"
        "w = time.perf_counter() - t;"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024;"
        "print(json.dumps({'wall': w, 'rss': r, 'rc': p.returncode, 'err': p.stderr[-500:]}))"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    d = json.loads(out.stdout)
    if d["rc"] != 0:
        raise SystemExit(f"command failed ({d['rc']}): {' '.join(cmd)}\n{d['err']}")
    return d["wall"], d["rss"]


def help_time(n: int = 7) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "mock-interview"), "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--beam-size", type=int, default=None, help="default: the CLI's default")
    ap.add_argument("--repeat", type=int, default=1, help="runs per setting; the best is kept")
    args = ap.parse_args()
    files, audio_s = speech_fixtures()
    exe = str(ROOT / ".venv" / "bin" / "mock-interview")
    rows = []
    for jobs in args.jobs:
        beam = ["--beam-size", str(args.beam_size)] if args.beam_size else []
        runs = [run_child([exe, "score", *map(str, files), "--format", "jsonl", "--no-progress",
                           "--jobs", str(jobs), *beam]) for _ in range(args.repeat)]
        wall, rss = min(runs)
        rows.append({"jobs": jobs, "wall_s": round(wall, 1), "x_real_time": round(audio_s / wall, 1),
                     "peak_rss_mb_per_process": round(rss)})
        print(f"jobs={jobs}: {wall:6.1f} s for {audio_s:.0f} s of audio = {audio_s / wall:5.1f}x real time, "
              f"peak RSS {rss:.0f} MB per process", flush=True)
    h = help_time()
    print(f"mock-interview --help: {h * 1000:.0f} ms (median of 7)")
    from simulator import config

    result = {"files": len(files), "audio_s": round(audio_s, 1),
              "beam_size": args.beam_size or config.DEFAULT_BEAM_SIZE, "compute_type": config.DEFAULT_COMPUTE_TYPE,
              "runs": rows,
              "help_s": round(h, 3), "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                                "platform": platform.platform()},
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

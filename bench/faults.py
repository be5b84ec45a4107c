"""Hostile inputs at full size: what tests/test_faults.py and test_fuzz.py check, measured.

1. A 2-hour webm written without seeking (as a browser's MediaRecorder writes it: no duration in
   the file) through `mock-interview score`: time and peak memory until `too_long`.
2. The fuzz run of tests/test_fuzz.py over several seeds: inputs, tracebacks, error kinds, peak
   memory of the largest process, wall time.

Writes bench/results/faults.json.

    .venv/bin/python bench/faults.py [--hours 2] [--seeds 11 12 13] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "audio_fixtures")]
RESULTS = ROOT / "bench" / "results"

import mutate  # noqa: E402
from test_faults import write_webm_without_seeking  # noqa: E402

MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "wall_s": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def score(paths: list[str], *extra: str, home: Path) -> dict:
    """`mock-interview score PATHS --format jsonl`, with its wall time and the peak RSS of its processes."""
    env = dict(os.environ, MOCK_INTERVIEW_HOME=str(home), PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "simulator", "score", *paths, "--format", "jsonl", *extra]
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout)


def undeclared_duration(hours: float, folder: Path) -> dict:
    path = folder / "recorder.webm"
    t = time.perf_counter()
    write_webm_without_seeking(path, hours * 3600)
    made_s = time.perf_counter() - t
    run = score([str(path)], home=folder / "home")
    [result] = [json.loads(line) for line in run["stdout"].splitlines()]
    return {"hours": hours, "file_mb": round(path.stat().st_size / 1e6, 1), "encode_s": round(made_s, 1),
            "wall_s": round(run["wall_s"], 2), "peak_mb": round(run["peak_mb"]), "result": result.get("error")}


def fuzz(seed: int, jobs: int, folder: Path) -> dict:
    inputs = sorted(str(p) for p in mutate.make_corpus(folder / f"seed{seed}", seed=seed))
    run = score([str(folder / f"seed{seed}")], "--jobs", str(jobs), home=folder / "home")
    results = [json.loads(line) for line in run["stdout"].splitlines()]
    error_lines = [x for x in run["stderr"].splitlines() if x.startswith("mock-interview: ")]
    return {
        "seed": seed, "inputs": len(inputs), "results": len(results),
        "in_order": [r["input"] for r in results] == inputs,
        "tracebacks": run["stderr"].count("Traceback"),
        "error_lines": len(error_lines), "errors": sum(r["status"] == "error" for r in results),
        "kinds": dict(Counter(r["error"]["kind"] if r["status"] == "error" else "ok" for r in results)),
        "exit": run["code"], "wall_s": round(run["wall_s"], 1), "peak_mb": round(run["peak_mb"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mi-bench-faults-") as tmp:
        folder = Path(tmp)
        long_file = undeclared_duration(args.hours, folder)
        print(json.dumps(long_file), flush=True)
        runs = []
        for seed in args.seeds:
            runs.append(fuzz(seed, args.jobs, folder))
            print(json.dumps(runs[-1]), flush=True)
    out = {
        "undeclared_duration": long_file, "fuzz": runs, "jobs": args.jobs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "faults.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {RESULTS / 'faults.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`score --cluster` on this machine: a LocalCluster against --jobs, and what each file costs besides scoring.

1. The speech fixtures scored by `score --jobs 2` and by `score --cluster local:2` (the whole command:
   starting workers, loading the model, scoring, printing JSON lines), alternating, --repeat runs each.
2. --tasks no-op scoring tasks (default 10,000) through a LocalCluster of 2 workers, by the same code
   `score --cluster` uses (score_on_cluster): each task returns a real result (adequate_piper.flac, a 62 s
   answer, scored once per worker) under its own input name, and the client turns each into its JSON
   line as the CLI's Sink does. Wall time per task is the scheduler's and the client's cost per file.
3. The client's other writes, per result: a report file in --out, and --save into a store (a temp dir).
4. What the workers read: bytes per second of audio in the speech fixtures.

Writes bench/results/cluster.json; docs/scaling.md turns the figures into a plan.

    python bench/cluster.py [--repeat 3] [--tasks 10000] [--saves 100]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results"
CANNED = ROOT / "audio_fixtures" / "answers" / "adequate_piper.flac"

from throughput import speech_fixtures  # noqa: E402


def timed_score(files: list[Path], *how: str) -> float:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "simulator", "score", *map(str, files), "--format", "jsonl",
                        "--no-progress", *how], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"score {' '.join(how)} failed ({p.returncode}):\n{p.stderr[-1000:]}")
    return wall


def compare(repeat: int) -> dict:
    files, audio_s = speech_fixtures()
    walls: dict[str, list[float]] = {"jobs 2": [], "cluster local:2": []}
    for _ in range(repeat):
        for name, how in (("jobs 2", ["--jobs", "2"]), ("cluster local:2", ["--cluster", "local:2"])):
            walls[name].append(timed_score(files, *how))
            print(f"{name:16s} {walls[name][-1]:6.1f} s = {audio_s / walls[name][-1]:5.1f}x real time", flush=True)
    return {"files": len(files), "audio_s": round(audio_s, 1),
            "runs": {k: {"wall_s": [round(w, 1) for w in v], "best_x_real_time": round(audio_s / min(v), 1),
                         "median_x_real_time": round(audio_s / statistics.median(v), 1)}
                     for k, v in walls.items()}}


_canned = None


def noop_task(index, item, settings):
    """A scoring task that does no scoring: this worker's one real result, under this input's name.

    Sent by reference (as ``cluster.noop_task``, bench/ being on the workers' sys.path, which they
    inherit), as score_task is: a function from __main__ would be pickled by value with every task.
    """
    import copy

    from simulator.cluster import worker_pipeline
    from simulator.score import BatchItem

    global _canned
    if _canned is None:
        _canned = worker_pipeline(settings).score(BatchItem(str(CANNED), CANNED))
    result = copy.copy(_canned)
    result.input = item.input
    return index, result


def noop_tasks(n: int) -> dict:
    from simulator import formats
    from simulator.cluster import open_cluster, parse_spec, score_on_cluster
    from simulator.score import BatchItem, ScoreSettings
    from simulator.serialize import result_to_dict

    from cluster import noop_task  # this file as a module the workers can import, not as __main__

    settings = ScoreSettings(cpu_threads=1)
    with open_cluster(parse_spec("local:2")) as client:
        # Warm up: each worker scores the canned answer once (model loading is not the scheduler's cost).
        list(score_on_cluster([BatchItem(f"warm-{i}", CANNED) for i in range(8)], settings, client, task=noop_task))
        items = [BatchItem(f"answers/{i:05d}.flac", CANNED) for i in range(n)]
        stream, sink = formats.Stream("jsonl", [i.input for i in items]), io.StringIO()
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        first = None
        for i, result in score_on_cluster(items, settings, client, task=noop_task):
            first = first or time.perf_counter() - t0
            sink.write(stream.item(result_to_dict(result)))  # what Sink.keep does for stdout
        wall = time.perf_counter() - t0
        assert sink.getvalue().count("\n") == n
        t = time.perf_counter()
        for i in range(n):
            result_to_dict(result)
        to_dict = (time.perf_counter() - t) / n
    print(f"{n} no-op tasks: {wall:.1f} s, {wall / n * 1000:.2f} ms per task ({n / wall:.0f} tasks/s); "
          f"first result after {first:.2f} s; result_to_dict alone {to_dict * 1000:.2f} ms", flush=True)
    return {"tasks": n, "workers": 2, "load_average_before": round(load, 1), "wall_s": round(wall, 1), "ms_per_task": round(wall / n * 1000, 2),
            "tasks_per_s": round(n / wall), "first_result_s": round(first, 2),
            "client_result_to_dict_ms": round(to_dict * 1000, 2), "jsonl_bytes_per_result": len(sink.getvalue()) // n}


def client_writes(saves: int) -> dict:
    """Per result: a report file in --out (json), and --save (decoding the answer again, writing the attempt)."""
    from simulator import formats
    from simulator.fileio import atomic_write_bytes
    from simulator.score import BatchItem, Pipeline, ScoreSettings
    from simulator.serialize import result_to_dict

    result = Pipeline(ScoreSettings()).score(BatchItem(str(CANNED), CANNED))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MOCK_INTERVIEW_HOME"] = tmp
        from simulator.store import save_scored

        out = Path(tmp) / "out"
        out.mkdir()
        t = time.perf_counter()
        for i in range(saves):
            body = formats.render([result_to_dict(result)], "json")
            atomic_write_bytes(out / f"{i:05d}.json", (body + "\n").encode())
        out_s = (time.perf_counter() - t) / saves
        t = time.perf_counter()
        for _ in range(saves):
            save_scored(result)
        save_s = (time.perf_counter() - t) / saves
    print(f"client per result: --out json {out_s * 1000:.1f} ms, --save {save_s * 1000:.1f} ms "
          f"(a {CANNED.name} answer; {saves} each)", flush=True)
    return {"out_json_ms": round(out_s * 1000, 1), "save_ms": round(save_s * 1000, 1), "n": saves}


def reading() -> dict:
    files, audio_s = speech_fixtures()
    size = sum(f.stat().st_size for f in files)
    return {"fixture_bytes": size, "audio_s": round(audio_s, 1), "bytes_per_audio_s": round(size / audio_s)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command (default: %(default)s)")
    ap.add_argument("--tasks", type=int, default=10_000, help="no-op tasks (default: %(default)s)")
    ap.add_argument("--saves", type=int, default=100, help="--out files and --save attempts timed (default: %(default)s)")
    ap.add_argument("--skip-compare", action="store_true", help="only the per-file overheads")
    args = ap.parse_args()
    result = {}
    if not args.skip_compare:
        result["throughput"] = compare(args.repeat)
    result["noop"] = noop_tasks(args.tasks)
    result["client"] = client_writes(args.saves)
    result["reading"] = reading()
    import distributed

    result.update({"dask": distributed.__version__,
                   "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                               "platform": platform.platform()},
                   "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())})
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Live-session latency and memory, through the same private PulseAudio server the tests use.

For a spoken answer of about 90 s fed into the virtual microphone, `mock-interview practice` is run
several times and measured:
- feedback latency: from the end of the answer (the recorder's end-of-speech decision) to the written
  feedback on screen, as the session records it in the attempt (settings.timings.feedback_latency_s);
- time to the question's first sound: from starting the command (models loading) to the first
  audible sample on the virtual speaker;
- peak RSS of the session process (Piper and Whisper loaded).
It also times the transcribe-at-the-end design on the same answer for comparison.
Writes bench/results/latency.json.

    .venv/bin/python bench/latency.py [--runs 3] [--seconds 90]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from soundserver import SoundServer  # noqa: E402
from simulator.audio import load_audio, write_wav  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SOURCE = ROOT / "audio_fixtures" / "answers" / "rambling_piper.opus"
AUDIBLE = 0.01  # a sample above this on the speaker is sound


def make_answer(seconds: float, folder: Path) -> Path:
    """The rambling fixture cut at the last pause before ``seconds``, plus its natural silence."""
    from simulator.vad import speech_intervals

    audio = load_audio(SOURCE)
    ends = [e for _, e in speech_intervals(audio) if e <= seconds]
    cut = int((ends[-1] + 0.2) * audio.sample_rate)
    return write_wav(folder / "answer90.wav", audio.samples[:cut], audio.sample_rate)


def first_sound_s(capture: Path) -> float | None:
    audio = load_audio(capture, max_seconds=None)
    loud = np.flatnonzero(np.abs(audio.samples) > AUDIBLE)
    return float(loud[0] / audio.sample_rate) if len(loud) else None


def one_run(server: SoundServer, answer: Path, work: Path) -> dict:
    home = work / f"home-{time.monotonic_ns()}"
    capture = server.capture(work / "speaker.wav")
    started_capture = time.monotonic()
    env = dict(server.env, MOCK_INTERVIEW_HOME=str(home), PYTHONUNBUFFERED="1")
    code = ("import resource, runpy, sys; sys.argv = ['mock-interview', 'practice', '--rounds', '1'];"
            "import atexit; atexit.register(lambda: print('PEAK_RSS_MB', "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr));"
            "runpy.run_module('simulator', run_name='__main__')")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if "Recording" in line:
            break
    server.feed(answer).wait()
    out, err = proc.communicate(timeout=600)
    capture.stop()
    if proc.returncode != 0:
        raise SystemExit(f"practice failed: {err}")
    [folder] = [p for p in (home / "sessions").iterdir() if p.is_dir()]
    record = json.loads((folder / "attempt.json").read_text())
    sound = first_sound_s(work / "speaker.wav")
    rss = next(float(x.split()[1]) for x in err.splitlines() if x.startswith("PEAK_RSS_MB"))
    return {"feedback_latency_s": record["settings"]["timings"]["feedback_latency_s"],
            "first_sound_s": None if sound is None else round(sound - (started - started_capture), 3),
            "peak_rss_mb": round(rss), "answer_s": record["result"]["duration_s"],
            "stretches": record["settings"]["timings"]["live_stretches"]}


def transcribe_at_end_s(answer: Path) -> float:
    from simulator.score import transcribe_audio
    from simulator.engines import get_transcriber

    t = get_transcriber()
    audio = load_audio(answer)
    start = time.perf_counter()
    transcribe_audio(audio, t)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=90.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mi-bench-") as tmp, SoundServer(Path(tmp) / "sound") as server:
        work = Path(tmp)
        answer = make_answer(args.seconds, work)
        runs = []
        for i in range(args.runs):
            r = one_run(server, answer, work)
            runs.append(r)
            print(f"run {i + 1}: feedback {r['feedback_latency_s']:.2f} s after the answer, "
                  f"question audible {r['first_sound_s']:.2f} s after start, peak RSS {r['peak_rss_mb']} MB "
                  f"({r['answer_s']:.0f} s answer, {r['stretches']} stretches)", flush=True)
        at_end = transcribe_at_end_s(answer)
    result = {
        "answer_s": runs[0]["answer_s"],
        "feedback_latency_median_s": round(statistics.median(r["feedback_latency_s"] for r in runs), 3),
        "first_sound_median_s": round(statistics.median(r["first_sound_s"] for r in runs), 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "transcribe_at_end_s": round(at_end, 2),
        "runs": runs,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
    }
    print(f"median feedback latency {result['feedback_latency_median_s']:.2f} s "
          f"(transcribing the whole answer at the end would take {at_end:.1f} s); "
          f"question audible after {result['first_sound_median_s']:.2f} s; peak RSS {result['peak_rss_mb']} MB")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latency.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Live-session latency, memory and live-vs-batch agreement, through the private PulseAudio server the tests use.

For a spoken answer of about 90 s fed into the virtual microphone, `mock-interview practice` is run
several times and measured:
- feedback latency: from the end of the answer (the recorder's end-of-speech decision) to the written
  feedback on screen, as the session records it in the attempt (settings.timings.feedback_latency_s),
  and how many of the answer's pieces were transcribed before it ended (settings.timings.live);
- time to the question's first sound: from starting the command (models loading) to the first
  audible sample on the virtual speaker; and to the moment it records the answer (the question has
  been spoken, Whisper and the rubric are ready, the tone has played);
- peak RSS of the session process (Piper and Whisper loaded);
- live-vs-batch word agreement: the live transcript against `score` on the answer.wav the session saved
  (1 - word error rate, batch as the reference).
Then every answer fixture is fed once, in one session of as many rounds (--no-fixtures skips this),
for the same latency and agreement figures over varied answers (the pauses fixture pauses 4 s, so these
rounds end after 5 s of silence). It also times the transcribe-at-the-end design on the 90 s answer.
Writes bench/results/latency.json.

    .venv/bin/python bench/latency.py [--runs 3] [--seconds 90] [--no-fixtures]
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


def agreement(batch: str, live: str) -> tuple[float, int]:
    """(1 - word error rate of live against batch, words in batch)."""
    r, h = words(batch), words(live)
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
    return 1.0 - d[len(h)] / max(1, len(r)), len(r)


class Batch:
    """`score` on a saved answer.wav, with the model loaded once."""

    def __init__(self):
        from simulator.score import Pipeline, ScoreSettings

        self.pipeline = Pipeline(ScoreSettings())

    def compare(self, folder: Path, record: dict) -> dict:
        from simulator.score import BatchItem

        path = folder / "answer.wav"
        batch = self.pipeline.score(BatchItem(str(path), path))
        live = record["result"]
        share, n = agreement(batch.analysis.transcript.text, live["transcript"])
        present = lambda r, g: {k: v["present"] for k, v in r["content"][g].items()}  # noqa: E731
        from simulator.serialize import result_to_dict

        b = result_to_dict(batch)
        return {"agreement": round(share, 4), "batch_words": n,
                "identical": batch.analysis.transcript.text == live["transcript"],
                "same_verdict_and_parts": (b["verdict"] == live["verdict"]
                                           and present(b, "components") == present(live, "components")
                                           and present(b, "flags") == present(live, "flags"))}


def start_session(server: SoundServer, home: Path, *args: str) -> subprocess.Popen:
    env = dict(server.env, MOCK_INTERVIEW_HOME=str(home), PYTHONUNBUFFERED="1")
    code = ("import resource, runpy, sys; sys.argv = ['mock-interview', 'practice', *sys.argv[1:]];"
            "import atexit; atexit.register(lambda: print('PEAK_RSS_MB', "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr));"
            "runpy.run_module('simulator', run_name='__main__')")
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for_recording(proc: subprocess.Popen) -> None:
    for line in proc.stderr:
        if "Recording" in line:
            return
    raise SystemExit("practice ended before it recorded")


def attempts(home: Path) -> list[tuple[Path, dict]]:
    found = [(p, json.loads((p / "attempt.json").read_text())) for p in (home / "sessions").iterdir() if p.is_dir()]
    return sorted(found, key=lambda f: f[1]["created_at"])


def live_figures(record: dict) -> dict:
    timings = record["settings"]["timings"]
    live = timings["live"]
    return {"feedback_latency_s": timings["feedback_latency_s"], "answer_s": record["result"]["duration_s"],
            "pieces": live["pieces"], "pieces_ready": live["ready"], "decoded_while_speaking_s": live["decoded_s"]}


def one_run(server: SoundServer, answer: Path, work: Path, batch: Batch) -> dict:
    home = work / f"home-{time.monotonic_ns()}"
    capture = server.capture(work / "speaker.wav")
    started_capture = time.monotonic()
    started = time.monotonic()
    proc = start_session(server, home, "--rounds", "1", "--follow-ups", "0")  # answer -> feedback, no follow-up
    wait_for_recording(proc)
    recording = time.monotonic() - started
    server.feed(answer).wait()
    _, err = proc.communicate(timeout=600)
    capture.stop()
    if proc.returncode != 0:
        raise SystemExit(f"practice failed: {err}")
    [(folder, record)] = attempts(home)
    sound = first_sound_s(work / "speaker.wav")
    rss = next(float(x.split()[1]) for x in err.splitlines() if x.startswith("PEAK_RSS_MB"))
    return {**live_figures(record), **batch.compare(folder, record),
            "first_sound_s": None if sound is None else round(sound - (started - started_capture), 3),
            "recording_starts_s": round(recording, 3), "peak_rss_mb": round(rss)}


def every_fixture(server: SoundServer, work: Path, batch: Batch) -> list[dict]:
    """Each answer fixture once, one round each in a single session without speech."""
    entries = [e for e in json.loads((ROOT / "audio_fixtures" / "manifest.json").read_text()) if e["kind"] == "answer"]
    home = work / "home-fixtures"
    proc = start_session(server, home, "--rounds", str(len(entries)), "--no-speak", "--silence-seconds", "5",
                         "--follow-ups", "0")
    for entry in entries:
        wait_for_recording(proc)
        server.feed(ROOT / "audio_fixtures" / entry["file"]).wait()
    _, err = proc.communicate(timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"practice failed: {err}")
    rows = []
    for entry, (folder, record) in zip(entries, attempts(home)):
        row = {"file": entry["file"], **live_figures(record), **batch.compare(folder, record)}
        rows.append(row)
        print(f"  {entry['file']}: feedback {row['feedback_latency_s']:.2f} s after the answer, "
              f"{row['pieces_ready']}/{row['pieces']} pieces ready, agreement {row['agreement']:.4f}", flush=True)
    return rows


def overall_agreement(rows: list[dict]) -> float:
    return round(sum(r["agreement"] * r["batch_words"] for r in rows) / sum(r["batch_words"] for r in rows), 4)


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
    ap.add_argument("--no-fixtures", action="store_true", help="skip the round of every answer fixture")
    args = ap.parse_args()
    batch = Batch()
    with tempfile.TemporaryDirectory(prefix="mi-bench-") as tmp, SoundServer(Path(tmp) / "sound") as server:
        work = Path(tmp)
        answer = make_answer(args.seconds, work)
        runs = []
        for i in range(args.runs):
            r = one_run(server, answer, work, batch)
            runs.append(r)
            print(f"run {i + 1}: feedback {r['feedback_latency_s']:.2f} s after the answer, "
                  f"question audible {r['first_sound_s']:.2f} s after start, recording from "
                  f"{r['recording_starts_s']:.2f} s, peak RSS {r['peak_rss_mb']} MB "
                  f"({r['answer_s']:.0f} s answer, {r['pieces_ready']}/{r['pieces']} pieces ready, "
                  f"{r['decoded_while_speaking_s']:.0f} s decoded while speaking; agreement with batch "
                  f"{r['agreement']:.4f})", flush=True)
        fixtures = [] if args.no_fixtures else every_fixture(server, work, batch)
        at_end = transcribe_at_end_s(answer)
    result = {
        "answer_s": runs[0]["answer_s"],
        "feedback_latency_median_s": round(statistics.median(r["feedback_latency_s"] for r in runs), 3),
        "first_sound_median_s": round(statistics.median(r["first_sound_s"] for r in runs), 3),
        "recording_starts_median_s": round(statistics.median(r["recording_starts_s"] for r in runs), 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "transcribe_at_end_s": round(at_end, 2),
        "live_vs_batch_agreement": overall_agreement(runs),
        "runs": runs,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
    }
    if fixtures:
        result["fixtures"] = {
            "answers": len(fixtures), "answer_s": round(sum(r["answer_s"] for r in fixtures), 1),
            "feedback_latency_median_s": round(statistics.median(r["feedback_latency_s"] for r in fixtures), 3),
            "feedback_latency_max_s": max(r["feedback_latency_s"] for r in fixtures),
            "live_vs_batch_agreement": overall_agreement(fixtures),
            "identical": sum(r["identical"] for r in fixtures),
            "same_verdict_and_parts": sum(r["same_verdict_and_parts"] for r in fixtures),
            "rounds": fixtures}
    print(f"median feedback latency {result['feedback_latency_median_s']:.2f} s "
          f"(transcribing the whole answer at the end would take {at_end:.1f} s); "
          f"question audible after {result['first_sound_median_s']:.2f} s, recording the answer from "
          f"{result['recording_starts_median_s']:.2f} s; peak RSS {result['peak_rss_mb']} MB; "
          f"live-vs-batch word agreement {result['live_vs_batch_agreement']:.4f}")
    if fixtures:
        f = result["fixtures"]
        print(f"every answer fixture ({f['answers']}, {f['answer_s']:.0f} s): median feedback latency "
              f"{f['feedback_latency_median_s']:.2f} s (max {f['feedback_latency_max_s']:.2f} s), word agreement "
              f"{f['live_vs_batch_agreement']:.4f}, identical transcripts {f['identical']}/{f['answers']}, "
              f"same verdict and parts {f['same_verdict_and_parts']}/{f['answers']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latency.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

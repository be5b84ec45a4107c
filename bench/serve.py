"""`serve` latency in headless Chromium with a fake microphone (the test suite's setup, tests/browser.py).

For each run, a fresh `mock-interview serve` and a fresh browser; the fake microphone plays the 63 s
strong fixture (0.5 s of silence before, 8 s after, so the server's 3 s silence rule ends the answer).
Measured in the page (timestamps from a script the bench adds, with the page's CSP bypassed for it):
- first sound: from the click on Start to the question's audio element starting to play (the voice and
  Whisper were loaded while the page loaded, as when a person opens the link);
- feedback: from the page showing that the answer ended to the written feedback on the page.
Also from the server's record: the feedback latency session.py measures (end of answer -> feedback).
Writes bench/results/serve.json.

    .venv/bin/python bench/serve.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, fake_microphone_args  # noqa: E402
from conftest import write_pcm_wav  # noqa: E402
from test_serve import Server  # noqa: E402

ANSWER = ROOT / "audio_fixtures" / "answers" / "strong_piper.flac"
RESULTS = ROOT / "bench" / "results" / "serve.json"
TARGET_S = 1.5
WATCH = """
window.__t = {};
const play = HTMLMediaElement.prototype.play;  // the page's Audio elements are not in the document
HTMLMediaElement.prototype.play = function () {
  this.addEventListener('playing', () => { if (!window.__t.sound) window.__t.sound = performance.now(); }, { once: true });
  return play.apply(this, arguments);
};
document.addEventListener('click', (e) => { if (e.target.id === 'start') window.__t.start = performance.now(); }, true);
new MutationObserver(() => {
  const s = document.getElementById('status'), f = document.getElementById('feedback');
  if (s && /Answer ended/.test(s.textContent) && !window.__t.ended) window.__t.ended = performance.now();
  if (f && !f.hidden && !window.__t.feedback) window.__t.feedback = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
"""


def mic_file(folder: Path) -> Path:
    from simulator.audio import load_audio, resample_samples

    audio = load_audio(ANSWER)
    rate = 48_000
    samples = resample_samples(audio.samples, audio.sample_rate, rate)
    path = folder / "answer.wav"
    write_pcm_wav(path, np.concatenate([np.zeros(rate // 2, np.float32), samples, np.zeros(8 * rate, np.float32)]), rate)
    return path


def one_run(folder: Path, wav: Path) -> dict:
    from playwright.sync_api import sync_playwright

    home = folder / "home"
    server = Server(home)
    try:
        time.sleep(3)  # a person takes this long to find the Start button; the models load meanwhile
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS + fake_microphone_args(wav), headless=True,
                viewport=VIEWPORT, bypass_csp=True)
            context.add_init_script(WATCH)
            page = context.pages[0]
            page.goto(server.url)
            page.click("#start")
            page.wait_for_selector("#feedback:not([hidden])", timeout=300_000)
            t = page.evaluate("window.__t")
            verdict = page.text_content("#verdict")
            page.wait_for_selector("#again-box:not([hidden])", timeout=120_000)  # saved by then
            context.close()
        os.environ["MOCK_INTERVIEW_HOME"] = str(home)
        from simulator import store

        attempt = store.load_attempt(store.list_attempts()[0].id)
        timings = attempt.settings.get("timings") or {}
        return {"first_sound_s": round((t["sound"] - t["start"]) / 1000, 3),
                "feedback_s": round((t["feedback"] - t["ended"]) / 1000, 3),
                "server_feedback_latency_s": timings.get("feedback_latency_s"),
                "answer_s": attempt.result["duration_s"], "verdict": verdict}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        wav = mic_file(Path(tmp))
        for i in range(args.runs):
            folder = Path(tmp) / f"run{i}"
            folder.mkdir()
            runs.append(one_run(folder, wav))
            print(f"run {i + 1}: {runs[-1]}", flush=True)
    summary = {k: statistics.median(r[k] for r in runs) for k in ("first_sound_s", "feedback_s")}
    out = {"date": time.strftime("%Y-%m-%d"), "target_s": TARGET_S, "runs": runs,
           "median": summary, "cpu_count": os.cpu_count()}
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"median: question's first sound {summary['first_sound_s']:.2f} s after Start, "
          f"feedback {summary['feedback_s']:.2f} s after the answer ended (target <= {TARGET_S} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
